"""``correct``, ``corrections``, ``undo`` and ``alias``: journalists' corrections from the shell.

    python -m geo correct 3 --span 120:129 --place geonames:1129867 --who Rania
    python -m geo correct 3 --surface "قلعة ناو" --everywhere --search "Qala-i-Naw" --who Rania
    python -m geo correct 3 --span 40:49 --point 34.98,63.13 --name "the old fort" --who Rania
    python -m geo correct 3 --surface Afghan --not-a-place --who Rania --note "a demonym here"
    python -m geo corrections --article 3 --active --format csv
    python -m geo undo 7 --who Rania
    python -m geo alias add "Qala e Naw" geonames:1129867 --who Rania
    python -m geo alias remove 2 --who Rania
    python -m geo alias list

A place id the store does not hold yet is looked up in the gazetteer. Every
piece of user text printed (titles, notes, names) is kept on one line: control
characters and line breaks are shown as escapes (``\\n``), so no text can forge
a line of output; ``--format json`` gives the exact text, JSON-escaped.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from geo.commands.store import _db_option, _open_store

if TYPE_CHECKING:
    import pandas as pd

    from geo.records import Place
    from geo.store import Store

#: The trail's columns in the table and CSV, by the name each is printed under.
TRAIL_COLUMNS = ("id", "at", "who", "article", "title", "scope", "target", "says", "note", "undone")
#: The aliases' columns in the table and CSV.
ALIAS_COLUMNS = ("id", "name", "place_id", "place_name", "kind", "who", "at", "note", "removed")
#: Widest a table cell gets before pandas cuts it with "...".
MAX_COLWIDTH = 50
#: Characters that end a line besides the control characters (Unicode's line and paragraph separators).
LINE_SEPARATORS = {"Zl", "Zp"}


def register(subparsers: argparse._SubParsersAction) -> None:
    correct = subparsers.add_parser(
        "correct", help="correct what one mention, a name in an article, or a name everywhere is",
        description="Record a journalist's correction and apply it. Say which mentions (--span, or --surface "
        "with or without --everywhere) and what they are (--place, --search, --point or --not-a-place). Prints "
        "the correction's id and what it did. Undo one with `python -m geo undo ID --who NAME`.",
    )
    correct.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    which = correct.add_mutually_exclusive_group(required=True)
    which.add_argument("--span", metavar="START:END", help="one mention: its character offsets in the text")
    which.add_argument("--surface", metavar="TEXT", help="every mention of this name in the article")
    correct.add_argument("--everywhere", action="store_true",
                         help="with --surface: in every article, the ones added later too")
    what = correct.add_mutually_exclusive_group(required=True)
    what.add_argument("--place", metavar="PLACE_ID", help="a gazetteer place id, e.g. geonames:1129867")
    what.add_argument("--search", metavar="NAME", help="the gazetteer's best reading of NAME (printed)")
    what.add_argument("--point", metavar="LAT,LON", help="a spot the gazetteer lacks (name it with --name)")
    what.add_argument("--not-a-place", action="store_true", help="the mentions are no place")
    correct.add_argument("--name", metavar="NAME", help="with --point: what to call the spot")
    _who_option(correct)
    correct.add_argument("--note", metavar="TEXT", help="why (kept in the trail)")
    _db_option(correct)
    correct.set_defaults(handler=run_correct)

    trail = subparsers.add_parser(
        "corrections", help="the corrections audit trail, oldest first",
        description="Every correction, oldest first, undone ones included (their 'undone' column says when "
        "and by whom).",
    )
    trail.add_argument("--article", type=int, metavar="ID", help="only corrections made on this article")
    trail.add_argument("--who", metavar="NAME", help="only corrections this person made")
    trail.add_argument("--active", action="store_true", help="leave out undone corrections")
    _format_option(trail)
    _db_option(trail)
    trail.set_defaults(handler=run_corrections)

    undo = subparsers.add_parser(
        "undo", help="undo a correction (it stays in the trail, marked undone)",
        description="Undo a correction: the mentions it touched show the parser's reading again, or a "
        "correction still in force. Prints the articles rebuilt.",
    )
    undo.add_argument("correction_id", type=int, metavar="CORRECTION_ID")
    _who_option(undo)
    _db_option(undo)
    undo.set_defaults(handler=run_undo)

    alias = subparsers.add_parser(
        "alias", help="names journalists say mean a place (add, remove, list)",
        description="User aliases: the geoparser reads NAME as the place. Adding or removing one reparses the "
        "articles holding the name.",
    )
    actions = alias.add_subparsers(dest="alias_action", required=True)
    add = actions.add_parser("add", help="say NAME means PLACE_ID; reparse the articles holding NAME")
    add.add_argument("name", metavar="NAME")
    add.add_argument("place", metavar="PLACE_ID", help="a gazetteer place id, e.g. geonames:1129867")
    _who_option(add)
    add.add_argument("--note", metavar="TEXT", help="why (kept in the trail)")
    _db_option(add)
    add.set_defaults(handler=run_alias_add)
    remove = actions.add_parser("remove", help="stop using an alias; reparse the articles holding its name")
    remove.add_argument("alias_id", type=int, metavar="ID")
    _who_option(remove)
    _db_option(remove)
    remove.set_defaults(handler=run_alias_remove)
    listing = actions.add_parser("list", help="the aliases in use, oldest first")
    listing.add_argument("--removed", action="store_true", help="list removed aliases too")
    _format_option(listing)
    _db_option(listing)
    listing.set_defaults(handler=run_alias_list)


def _who_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--who", required=True, metavar="NAME", help="who makes the change (kept in the trail)")


def _format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="table (default), csv, or json (the exact text)")


def one_line(value: object) -> str:
    """``value`` as text on one line: control characters and line breaks become escapes.

    >>> one_line("a note\\nerror: forged\\tline\\u2028end")
    'a note\\\\nerror: forged\\\\tline\\\\u2028end'
    >>> one_line("قلعة ناو")
    'قلعة ناو'
    """
    text = str(value)
    return "".join(
        repr(c)[1:-1] if unicodedata.category(c) == "Cc" or unicodedata.category(c) in LINE_SEPARATORS else c
        for c in text
    )


def open_gazetteer():
    """The gazetteer the place ids and ``--search`` names are resolved in."""
    from geo.gazetteer import Gazetteer

    return Gazetteer.open()


def _place(place_id: str) -> Place | str:
    """The gazetteer's :class:`Place` for ``place_id``, or the bare id for the store to know (a custom spot)."""
    if place_id.startswith("custom:"):
        return place_id
    return open_gazetteer().get(place_id) or place_id


@contextmanager
def _unknown_place_explained(place: Place | str | None) -> Iterator[None]:
    """Say, for a place id the gazetteer lacked and the store refused, where it was looked for."""
    from geo.exc import BadInput

    try:
        yield
    except BadInput as exc:
        if isinstance(place, str) and str(exc).startswith("unknown place"):
            raise BadInput(f"unknown place {place!r}: neither the gazetteer nor the store has it") from exc
        raise


def _searched(name: str) -> Place:
    """The gazetteer's best reading of ``name``; raises :class:`~geo.exc.BadInput` when it has none."""
    from geo.exc import BadInput

    candidates = open_gazetteer().lookup(name, limit=1)
    if not candidates:
        raise BadInput(f"the gazetteer has no place named {name!r}")
    return candidates[0].place


def _describe(place: Place) -> str:
    """``Qala-i-Naw (geonames:1129867, city, Badghis, AF)``."""
    detail = ", ".join(str(part) for part in (place.id, place.kind, place.admin1, place.country_code) if part)
    return one_line(f"{place.name} ({detail})")


def _pair(text: str, separator: str, convert, usage: str) -> tuple:
    """The two values ``text`` holds either side of ``separator``, or a ``BadInput`` that says ``usage``."""
    from geo.exc import BadInput

    first, sep, second = text.partition(separator)
    try:
        if not sep:
            raise ValueError(text)
        return convert(first), convert(second)
    except ValueError as exc:
        raise BadInput(f"{usage}, not {text!r}") from exc


def _span(text: str) -> tuple[int, int]:
    return _pair(text, ":", int, "--span is START:END in characters")


def _point(text: str) -> tuple[float, float]:
    return _pair(text, ",", float, "--point is LAT,LON in degrees")


def run_correct(args: argparse.Namespace) -> int:
    from geo.exc import BadInput

    if args.name is not None and args.point is None:
        raise BadInput("--name names a --point")
    span = _span(args.span) if args.span is not None else None
    point = _point(args.point) if args.point is not None else None
    place = None
    if args.search is not None:
        place = _searched(args.search)
        print(f"--search {one_line(args.search)!r}: {_describe(place)}")
    elif args.place is not None:
        place = _place(args.place)
    with _open_store(args) as store:
        with _unknown_place_explained(place):
            correction_id = store.add_correction(
                args.article_id, who=args.who, span=span, surface=args.surface, everywhere=args.everywhere,
                place=place, point=point, point_name=args.name, not_a_place=args.not_a_place, note=args.note,
            )
        trail = store.corrections(args.article_id)
    [row] = trail[trail["correction_id"] == correction_id].to_dict("records")
    print(f"correction {correction_id}: {_target(row)} {_scope(row)}: {_says(row)}")
    return 0


def _target(row: dict) -> str:
    if row["scope"] == "mention":
        return f"mention {row['start']}:{row['end']} {one_line(row['text'])!r}"
    return f"every {one_line(row['surface'])!r}"


def _scope(row: dict) -> str:
    if row["scope"] == "everywhere":
        return "in every article, future ones too"
    return f"in article {row['article_id']} {one_line(row['title'])!r}"


def _says(row: dict) -> str:
    if row["action"] == "not_place":
        return "not a place"
    return one_line(f"{row['place_name']} ({row['place_id']})")


def run_corrections(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        trail = store.corrections(args.article)
    if args.who is not None:
        trail = trail[trail["who"] == args.who.strip()]
    if args.active:
        trail = trail[trail["undone_at"].isna()]
    if trail.empty and args.format == "table":
        print("no corrections", file=sys.stderr)
        return 0
    if args.format == "json":
        _print_json(trail)
        return 0
    rows = [
        {
            "id": row["correction_id"], "at": row["at"], "who": row["who"], "article": row["article_id"],
            "title": row["title"], "scope": row["scope"],
            "target": f"{row['start']}:{row['end']} {row['text']}" if row["scope"] == "mention" else row["text"],
            "says": _says(row), "note": row["note"],
            "undone": None if _missing(row["undone_at"]) else f"{row['undone_at']} by {row['undone_by']}",
        }
        for row in trail.to_dict("records")
    ]
    _print_rows(rows, TRAIL_COLUMNS, args.format)
    return 0


def run_undo(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        rebuilt = store.undo_correction(args.correction_id, who=args.who)
    print(f"undid correction {args.correction_id}; rebuilt article(s) {', '.join(map(str, rebuilt))}")
    return 0


def run_alias_add(args: argparse.Namespace) -> int:
    place = _place(args.place)
    with _open_store(args) as store:
        with _unknown_place_explained(place):
            alias_id = store.add_alias(args.name, place, who=args.who, note=args.note)
        [row] = store.aliases().query("alias_id == @alias_id").to_dict("records")
        print(one_line(f"alias {alias_id}: {row['name']!r} means {row['place_name']} ({row['place_id']})"))
        return _reparse(store)


def run_alias_remove(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        store.remove_alias(args.alias_id, who=args.who)
        print(f"removed alias {args.alias_id}")
        return _reparse(store)


def run_alias_list(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        frame = store.aliases(include_removed=args.removed)
    if frame.empty and args.format == "table":
        print("no aliases", file=sys.stderr)
        return 0
    if args.format == "json":
        _print_json(frame)
        return 0
    rows = [
        {
            "id": row["alias_id"], "name": row["name"], "place_id": row["place_id"],
            "place_name": row["place_name"], "kind": row["kind"], "who": row["who"], "at": row["at"],
            "note": row["note"],
            "removed": None if _missing(row["removed_at"]) else f"{row['removed_at']} by {row['removed_by']}",
        }
        for row in frame.to_dict("records")
    ]
    _print_rows(rows, ALIAS_COLUMNS, args.format)
    return 0


def _reparse(store: Store) -> int:
    """Reparse the articles an alias change marked (and any other stale ones); 1 if one failed."""
    from geo.ingest import Ingestor

    results = list(Ingestor(store).reparse())
    failed = [result for result in results if result.status == "error"]
    for result in failed:
        print(one_line(result))
    print(f"{len(results) - len(failed)} article(s) reparsed, {len(failed)} failed")
    return 1 if failed else 0


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def _print_rows(rows: list[dict], columns: tuple[str, ...], form: str) -> None:
    """``rows`` as a table or CSV, every cell on one line."""
    import pandas as pd

    frame = pd.DataFrame(
        [{column: "-" if _missing(row[column]) else one_line(row[column]) for column in columns} for row in rows],
        columns=list(columns),
    )
    if form == "csv":
        frame.to_csv(sys.stdout, index=False)
    else:
        print(frame.to_string(index=False, max_colwidth=MAX_COLWIDTH))


def _print_json(frame: pd.DataFrame) -> None:
    """``frame`` as a JSON array of records, exact text; the Unicode line separators escaped too."""
    text = frame.to_json(orient="records", force_ascii=False, date_format="iso")
    print(json.dumps(json.loads(text), ensure_ascii=False, indent=2)
          .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))

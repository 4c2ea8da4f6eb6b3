"""``parse`` and ``prepare``: the geoparser from the shell.

    python -m geo parse article.txt --json
    python -m geo parse article.txt --ner spacy   # with spaCy's English NER as a second opinion
    echo '{"id": 1, "text": "Fighting in Kunduz"}' | python -m geo parse --jsonl
    python -m geo prepare      # build the gazetteer index and the name automaton now
"""

from __future__ import annotations

import json
import sys
from json.encoder import encode_basestring
from pathlib import Path
from typing import TextIO

from geo.exc import BadInput
from geo.records import Mention, ParseResult, Place


def register(subparsers) -> None:
    p = subparsers.add_parser("parse", help="find the places a text names (JSON)")
    p.add_argument("file", nargs="?", default="-", help="a UTF-8 text file, or - for stdin (default)")
    p.add_argument("--lang", choices=("auto", "ar", "en"), default="auto")
    p.add_argument("--ner", choices=("spacy",), default=None,
                   help="also ask spaCy's English model (pip install -r requirements-ner.txt; far slower)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="one JSON document for the whole text (the default)")
    out.add_argument("--jsonl", action="store_true", help='read {"id", "text"} lines, write one result a line')
    # Ended without the interpreter's teardown (geo.cli.exit_after), unless spaCy left exit handlers to run.
    p.set_defaults(handler=parse, exit_at_once=True)

    p = subparsers.add_parser("prepare", help="build the gazetteer index and the geoparser's automaton if stale")
    p.set_defaults(handler=prepare)


def mention_dict(mention: Mention) -> dict:
    """A Mention as the JSON contract of ``python -m geo parse``; :class:`MentionWriter` writes
    the same text faster, and the tests hold it to this."""
    from geo.gazetteer import place_dict

    return {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "role": mention.role,
        "relation": mention.relation,
        "distance_km": mention.distance_km,
        "confidence": mention.confidence,
        "sentence": list(mention.sentence),
        "paragraph": mention.paragraph,
        "alternatives": [{"id": place_id, "score": score} for place_id, score in mention.alternatives],
        "place": place_dict(mention.place),
    }


def _number(value: float) -> str:
    """A score as :mod:`json` writes it. (Offsets and indices are ints, which f-strings write as it does.)"""
    if value - value != 0:  # NaN and the infinities
        return json.dumps(value)
    return float.__repr__(value) if isinstance(value, float) else int.__repr__(value)


def _optional_number(value: float | None) -> str:
    return "null" if value is None else _number(value)


def _string(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def _items(items: list[str]) -> str:
    """A list of a mention's, already indented, as ``json.dumps(..., indent=2)`` closes it."""
    return "[\n" + ",\n".join(items) + "\n      ]" if items else "[]"


class MentionWriter:
    """Parse results as the text ``json.dumps`` writes for :func:`mention_dict`, byte for byte, at a
    fraction of its cost.

    The output step, not the parser, was what made ``parse`` slow: ``dataclasses.asdict`` copied
    each mention's place, and ``indent=2`` sends :mod:`json` down its pure-Python encoder. The
    same few places recur throughout a text, so each place is encoded once (compact and indented)
    and reused; the rest of a mention is filled into a fixed template. ``tests/test_cli.py`` holds
    the writer to ``json.dumps`` of :func:`mention_dict` on hostile text.
    """

    def __init__(self):
        # Keyed by id(): Place compares without its names. The place is kept so its id stays its own.
        self._places: dict[int, tuple[Place, str, str]] = {}

    def _place(self, place: Place) -> tuple[Place, str, str]:
        cached = self._places.get(id(place))
        if cached is None:
            from geo.gazetteer import place_dict

            data = place_dict(place)
            indented = json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * 6)
            cached = self._places[id(place)] = (place, json.dumps(data, ensure_ascii=False), indented)
        return cached

    def compact(self, mention: Mention) -> str:
        """``json.dumps(mention_dict(mention), ensure_ascii=False)``."""
        alternatives = ", ".join(f'{{"id": {encode_basestring(place_id)}, "score": {_number(score)}}}'
                                 for place_id, score in mention.alternatives)
        return (f'{{"start": {mention.start}, "end": {mention.end}, '
                f'"text": {encode_basestring(mention.text)}, "role": {encode_basestring(mention.role)}, '
                f'"relation": {_string(mention.relation)}, "distance_km": {_optional_number(mention.distance_km)}, '
                f'"confidence": {_number(mention.confidence)}, '
                f'"sentence": [{mention.sentence[0]}, {mention.sentence[1]}], '
                f'"paragraph": {mention.paragraph}, "alternatives": [{alternatives}], '
                f'"place": {self._place(mention.place)[1]}}}')

    def indented(self, mention: Mention) -> str:
        """``json.dumps(mention_dict(mention), ensure_ascii=False, indent=2)`` as an item of the
        document's ``mentions`` list (indented by four spaces)."""
        alternatives = _items([f'        {{\n          "id": {encode_basestring(place_id)},\n'
                               f'          "score": {_number(score)}\n        }}'
                               for place_id, score in mention.alternatives])
        sentence = _items([f"        {bound}" for bound in mention.sentence])
        return (f'    {{\n      "start": {mention.start},\n      "end": {mention.end},\n'
                f'      "text": {encode_basestring(mention.text)},\n      "role": {encode_basestring(mention.role)},\n'
                f'      "relation": {_string(mention.relation)},\n'
                f'      "distance_km": {_optional_number(mention.distance_km)},\n'
                f'      "confidence": {_number(mention.confidence)},\n      "sentence": {sentence},\n'
                f'      "paragraph": {mention.paragraph},\n      "alternatives": {alternatives},\n'
                f'      "place": {self._place(mention.place)[2]}\n    }}')

    def line(self, id_, result: ParseResult) -> str:
        """One line of ``--jsonl`` output: the text's ``id``, language and mentions."""
        head = json.dumps({"id": id_, "language": result.language}, ensure_ascii=False)
        mentions = ", ".join(map(self.compact, result.mentions))
        return f'{head[:-1]}, "mentions": [{mentions}]}}\n'

    def write_document(self, out: TextIO, result: ParseResult) -> None:
        """The ``--json`` document (indented by two spaces) for one text, written as it is encoded."""
        out.write(f'{{\n  "language": {encode_basestring(result.language)},\n  "mentions": ')
        if not result.mentions:
            out.write("[]\n}\n")
            return
        out.write("[\n")
        for number, mention in enumerate(result.mentions):
            out.write((",\n" if number else "") + self.indented(mention))
        out.write("\n  ]\n}\n")


def _read(path: str) -> str:
    """The whole text of ``path`` (``-``: stdin); raises :class:`BadInput` if it is not readable UTF-8."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text("utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"{path} is not UTF-8 text; use `python -m geo ingest` for other encodings") from None
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None


def _open(path: str) -> TextIO:
    """``path`` (``-``: stdin) open for reading lines; raises :class:`BadInput` if it cannot be opened."""
    if path == "-":
        return sys.stdin
    try:
        return open(path, encoding="utf-8")  # noqa: SIM115 (closed by the caller's with)
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None


#: The name automaton's cache files (:func:`geo.geoparse.automaton.load_or_build` names them).
AUTOMATON_CACHE = "geoparser-*.automaton"


def read_ahead() -> None:
    """Start reading the name automaton's cache on a thread: it is read and checked while the geoparser's
    modules import and the gazetteer opens, which need the GIL that reading and checksumming let go."""
    from geo import cachefile
    from geo.config import cache_dir

    cachefile.prefetch(cache_dir(), AUTOMATON_CACHE)


def parse(args) -> int:
    if "geo.geoparse" not in sys.modules:  # the geoparser is yet to load: its cache is read meanwhile
        read_ahead()
    from geo.geoparse import parse as geoparse

    if args.ner:
        args.exit_at_once = False
    writer = MentionWriter()
    if not args.jsonl:
        result = geoparse(_read(args.file), lang=args.lang, ner=args.ner)
        writer.write_document(sys.stdout, result)
        return 0
    status = 0
    with _open(args.file) as source:
        for number, line in enumerate(source, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
            except (json.JSONDecodeError, KeyError, TypeError):
                print(f"error: line {number} is not a JSON object with a text field", file=sys.stderr)
                status = 2
                continue
            sys.stdout.write(writer.line(item.get("id"), geoparse(text, lang=args.lang, ner=args.ner)))
    return status


def prepare(args) -> int:
    from geo.geoparse import default_parser

    parser = default_parser()
    print(f"gazetteer {parser.gazetteer.version}, geoparser {parser.version}: ready")
    return 0

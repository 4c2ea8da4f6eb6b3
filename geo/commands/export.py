"""``python -m geo export``: the view under a set of filters as a file, in any format of :data:`geo.export.FORMATS`.

The filters are the address bar's: one option per URL parameter of
:attr:`geo.store.Filters.PARAMS` (``--province Badghis --kind city --from
2021-07-01``), read by :meth:`Filters.from_query_params` as a link is, so a
new facet gets its option with no code here. A facet's option may be given
more than once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.store import FACETS, Filters

#: Options whose parameter is a switch, not a value: ``--demonyms`` is ``?demonyms=1``.
SWITCHES = {"demonyms"}
#: What each option says in ``--help``, for the parameters that are not facets.
OTHER_HELP = {
    "from": "published on or after this date (YYYY-MM-DD)",
    "to": "published on or before this date (YYYY-MM-DD)",
    "q": "only the mentions whose sentence contains this text",
    "demonyms": 'count words like "Afghan" as mentions of their country',
}


def register(subparsers: argparse._SubParsersAction) -> None:
    from geo.export import FORMATS

    export = subparsers.add_parser(
        "export", help="write the places and mentions under filters as GeoJSON, CSV, KML or an offline map",
        description="Write the view under the filters (the map's own, as in its address bar) to stdout or --out.",
    )
    export.add_argument("--format", required=True, choices=list(FORMATS), help="what to write")
    export.add_argument("--out", metavar="FILE", type=Path, help="write here instead of to stdout")
    export.add_argument("--db", metavar="URL", help="sqlite path/URL or postgresql://... (default: $KHARITA_DB)")
    filters = export.add_argument_group("filters", "the map's filters; each option is its URL parameter")
    for facet in FACETS:
        filters.add_argument(f"--{facet.param}", dest=_dest(facet.param), action="append", metavar="VALUE",
                             help=f"{facet.label} (repeat for more than one)")
    for param in Filters.PARAMS.values():
        if param in SWITCHES:
            filters.add_argument(f"--{param}", dest=_dest(param), action="store_const", const="1",
                                 help=OTHER_HELP.get(param))
        elif param not in {facet.param for facet in FACETS}:
            filters.add_argument(f"--{param}", dest=_dest(param), metavar="VALUE", help=OTHER_HELP.get(param))
    export.set_defaults(handler=run_export)


def _dest(param: str) -> str:
    return f"filter_{param}"


def filters_from(args: argparse.Namespace) -> Filters:
    """The filters the options name, read as the same parameters in a link would be."""
    params = {param: getattr(args, _dest(param)) for param in Filters.PARAMS.values()}
    return Filters.from_query_params({key: value for key, value in params.items() if value is not None})


def run_export(args: argparse.Namespace) -> int:
    from geo import config
    from geo.export import FORMATS
    from geo.gazetteer import Gazetteer
    from geo.store import Store

    with Store.open(args.db or config.store_url()) as store, Gazetteer.open() as gazetteer:
        data = FORMATS[args.format].write(store, filters_from(args), gazetteer)
    if args.out:
        args.out.write_bytes(data)
        print(f"wrote {len(data):,} bytes to {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0

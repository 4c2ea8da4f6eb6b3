"""``geocode``, ``reverse`` and ``build-gazetteer``: the gazetteer from the shell.

    python -m geo geocode "قلعة ناو" --limit 3
    python -m geo reverse 34.987 63.129
    python -m geo build-gazetteer
"""

from __future__ import annotations

import json
import sys

from geo.records import KINDS


def register(subparsers) -> None:
    p = subparsers.add_parser("geocode", help="look a place name up in the gazetteer (JSON, best first)")
    p.add_argument("query", help="a place name in Arabic or Latin script")
    p.add_argument("--kind", choices=KINDS, action="append", help="keep only this kind (repeatable)")
    p.add_argument("--country", metavar="CC", help="keep only places in this ISO country code")
    p.add_argument("--limit", type=int, default=10, help="at most this many candidates (default 10)")
    p.set_defaults(handler=geocode)

    p = subparsers.add_parser("reverse", help="the district, province and country at a point (JSON)")
    p.add_argument("lat", type=float)
    p.add_argument("lon", type=float)
    p.set_defaults(handler=reverse)

    p = subparsers.add_parser("build-gazetteer", help="build the gazetteer index if missing or stale; print its path")
    p.set_defaults(handler=build)


def _open():
    from geo.gazetteer import Gazetteer

    return Gazetteer.open()


def _dump(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def geocode(args) -> int:
    from geo.gazetteer import place_dict

    candidates = _open().lookup(args.query, kinds=args.kind, country=args.country, limit=args.limit)
    _dump([place_dict(c.place) | {"score": c.score} for c in candidates])
    return 0 if candidates else 1


def reverse(args) -> int:
    from geo.gazetteer import place_dict

    places = _open().containing(args.lat, args.lon)
    _dump({p.kind: place_dict(p) for p in places})
    return 0 if places else 1


def build(args) -> int:
    print(_open().path)
    return 0

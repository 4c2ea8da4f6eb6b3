"""``python -m geo``: the command line over the library.

Each subcommand lives in the module that owns its work and is registered here
with a ``register(subparsers)`` function, so this file stays a table of contents.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: Modules that add subcommands; each has ``register(subparsers)``.
COMMAND_MODULES = (
    "geo.commands.gazetteer",  # geocode, reverse, build-gazetteer
    "geo.commands.store",  # ingest, reparse, articles
    "geo.commands.parse",  # parse, prepare
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args) or 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except ValueError as exc:  # bad input from the user: say so plainly
        print(f"error: {exc}", file=sys.stderr)
        return 2

"""``python -m geo``: the command line over the library, and how its errors become exit codes.

Each subcommand lives in the module that owns its work and is registered here
with a ``register(subparsers)`` function, so this file stays a table of
contents. An error Kharita raises on purpose (:class:`geo.exc.KharitaError`)
ends the command with one line, ``error: <message>``, on stderr and the exit
code :func:`geo.exc.exit_code` gives it (2 bad input, 3 missing data, 4 a
missing extra, 5 the store unavailable: ``error: the article store can't be
reached: <why>``); anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import NoReturn

from geo.exc import KharitaError, StoreUnavailable, exit_code

#: Each subcommand and the module that adds it with ``register(subparsers)``. Only the module of the
#: command asked for is imported: ``parse`` starts without pandas and folium, which ``export`` needs.
COMMANDS = {
    "geocode": "geo.commands.gazetteer", "reverse": "geo.commands.gazetteer",
    "build-gazetteer": "geo.commands.gazetteer",
    "ingest": "geo.commands.store", "reparse": "geo.commands.store", "articles": "geo.commands.store",
    "parse": "geo.commands.parse", "prepare": "geo.commands.parse",
    "correct": "geo.commands.corrections", "corrections": "geo.commands.corrections",
    "undo": "geo.commands.corrections", "alias": "geo.commands.corrections",
    "export": "geo.commands.export",
}

#: The exit code of a command stopped by Ctrl-C, as shells report SIGINT.
INTERRUPTED = 130


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: with every subcommand, or only ``command``'s module's if it is one."""
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True)
    modules = [COMMANDS[command]] if command in COMMANDS else dict.fromkeys(COMMANDS.values())
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def error_line(error: KharitaError) -> str:
    """The one line a command that stopped on ``error`` prints.

    >>> error_line(StoreUnavailable("PostgreSQL: connection refused\\n  Is the server running?"))
    "error: the article store can't be reached: PostgreSQL: connection refused Is the server running?"
    """
    text = " ".join(line.strip() for line in str(error).splitlines() if line.strip())
    if isinstance(error, StoreUnavailable):  # the driver's words alone may not say it is the store
        text = f"the article store can't be reached: {text}"
    return f"error: {text}"


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns its exit code."""
    return run_command(_arguments(argv))


def exit_after(argv: list[str] | None = None) -> NoReturn:
    """``python -m geo``: run one command and end the process with its exit code.

    A command that sets ``exit_at_once`` (``parse``) ends it with :func:`os._exit` once stdout and stderr are
    flushed, without the interpreter's teardown: freeing the name automaton's 4 million nodes one by one took
    0.12 s, a sixth of ``parse``'s start-up, and the command leaves nothing else to close or run at exit.
    """
    args = _arguments(argv)
    code = run_command(args)
    if getattr(args, "exit_at_once", False):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BrokenPipeError:
                pass  # the reader went away: as run_command takes it
        os._exit(code)
    raise SystemExit(code)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    argv = sys.argv[1:] if argv is None else argv
    return build_parser(argv[0] if argv else None).parse_args(argv)


def run_command(args: argparse.Namespace) -> int:
    """Run the command ``args`` name; returns its exit code."""
    try:
        return args.handler(args) or 0
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:
        return 0
    except KharitaError as exc:
        print(error_line(exc), file=sys.stderr)
        return exit_code(exc)

"""Lets ``python -m geo`` run the command line (:mod:`geo.cli`)."""

from geo.cli import exit_after

exit_after()

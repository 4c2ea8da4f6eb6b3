"""Lets ``python -m geo`` run the command line (:mod:`geo.cli`)."""

from geo.cli import main

raise SystemExit(main())

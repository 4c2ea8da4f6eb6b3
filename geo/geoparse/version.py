"""The geoparser's version, which stored articles are stamped with, and the hash its name automaton is cached under."""

from __future__ import annotations

import hashlib
from pathlib import Path

from geo.geoparse import lexicon

#: Bump when recognition or resolution changes, so stored articles get reparsed.
PARSER_VERSION = "5"

_PACKAGE = Path(__file__).parent


def code_version() -> str:
    """A short hash of this package's code and its word lists: the name automaton is rebuilt when it changes."""
    sources = [*sorted(_PACKAGE.glob("*.py")), *sorted(lexicon.LEXICON_DIR.glob("*.txt"))]
    return hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:12]

"""The geoparser's version: a hash of everything that decides what it finds, which stored articles are stamped with.

An article stamped with another version is reparsed (``Store.stale_articles``), so the hash covers this
package's code and word lists, the text normalisation the names are matched under (:mod:`geo.text`), and the
gazetteer code the parser ranks and looks up places with. The gazetteer's data has its own version.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import geo.gazetteer.index
import geo.gazetteer.ranking
import geo.text
from geo.geoparse import lexicon

_PACKAGE = Path(__file__).parent
_TEXT = Path(geo.text.__file__).parent
_GAZETTEER_CODE = (Path(geo.gazetteer.index.__file__), Path(geo.gazetteer.ranking.__file__))


def sources() -> list[Path]:
    """Every file whose content decides the parser's output, in a fixed order."""
    return [*sorted(_PACKAGE.glob("*.py")), *sorted(lexicon.LEXICON_DIR.glob("*.txt")), *sorted(_TEXT.glob("*.py")),
            *_GAZETTEER_CODE]


def parser_version() -> str:
    """A short hash of :func:`sources`: their names and contents. Read afresh on each call (a few ms)."""
    digest = hashlib.sha256()
    for path in sources():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]

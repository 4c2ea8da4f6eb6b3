"""Making text fit to store: one Unicode form, one kind of line end and space, no control characters, no page furniture.

Page furniture (sharing buttons, comment forms, subscription prompts) is
listed as whole-line patterns in ``boilerplate.txt`` beside this file.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

BOILERPLATE_FILE = Path(__file__).with_name("boilerplate.txt")

_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\u2028\u2029\x85]")
#: C0 controls but tab and the line breaks above, and DEL: PostgreSQL refuses NUL in text (SQLite takes it), and
#: none of them is anything a reader should see.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")
#: A lone surrogate (JSON's ``"\ud800"`` decodes to one) cannot be encoded in UTF-8, so no store can take it.
_SURROGATES = re.compile("[\ud800-\udfff]")
_ODD_SPACES = re.compile(r"[\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_BLANK_RUNS = re.compile(r"\n{3,}")


@functools.cache
def boilerplate_patterns(path: Path = BOILERPLATE_FILE) -> tuple[re.Pattern[str], ...]:
    """The compiled patterns of ``boilerplate.txt``."""
    patterns = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            patterns.append(re.compile(line.strip(), re.IGNORECASE))
    return tuple(patterns)


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is page furniture (see ``boilerplate.txt``).

    >>> is_boilerplate("Share your love"), is_boilerplate("Taliban attack Qala-i-Naw")
    (True, False)
    """
    line = line.strip()
    return bool(line) and any(p.fullmatch(line) for p in boilerplate_patterns())


def storable(text: str) -> str:
    """``text`` without control characters (tab and line breaks stay) and with lone surrogates as U+FFFD.

    >>> storable("Kabul\\x00 is\\x07 here \\ud800")
    'Kabul is here \\ufffd'
    """
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", text))


def clean_field(value: str) -> str:
    """A metadata field (title, source, link) fit to store: :func:`storable`, on one line, spaces collapsed.

    >>> clean_field(" Fall of\\n Kunduz\\x00 ")
    'Fall of Kunduz'
    """
    return " ".join(storable(value).split())


def clean_text(text: str) -> str:
    """Normalise text for storing: NFC, ``\\n`` line ends, no control characters (see :func:`storable`),
    no furniture lines.

    No-break and other odd spaces become plain ones (pages sprinkle them
    between words, and a search typed with plain spaces must still match);
    trailing spaces go; runs of blank lines shrink to one, so paragraphs are
    separated by exactly one blank line.

    >>> clean_text("Kabul\\r\\n\\r\\n\\r\\nShare your love\\r\\nHerat  ")
    'Kabul\\n\\nHerat'
    """
    text = unicodedata.normalize("NFC", storable(text.replace("\ufeff", "")))
    text = _ODD_SPACES.sub(" ", _LINE_BREAKS.sub("\n", text))
    lines = [line.rstrip() for line in text.split("\n") if not is_boilerplate(line)]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()

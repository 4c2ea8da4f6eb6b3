"""Text normalisation for Arabic and Latin names: one place for it.

The gazetteer indexes names with :func:`normalize` and the geoparser scans
article text with :func:`normalize_with_offsets`; both apply the same
character table and the same ezafe rule, so a name and its mention in a text
always normalise alike.

>>> normalize("قلعةُ ناو")
'قلعه ناو'
>>> normalize("Qala-e-Naw") == normalize("Qala i Naw") == "qala naw"
True
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache

#: Marks a character that normalisation deletes. Deleting in a second step
#: keeps the first step one-to-one, so offsets map back for free.
_DELETED = "\x00"

_ARABIC_FOLDS = {
    # alef and hamza forms
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي",
    # ta marbuta, alef maqsura, Persian and Urdu letters
    "ة": "ه", "ۀ": "ه", "ہ": "ه", "ە": "ه", "ھ": "ه",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي", "ے": "ي",
    "ک": "ك", "ڪ": "ك",
}
_DELETE = (
    # Arabic harakat, Quranic marks, superscript alef, tatweel, lone hamza
    [chr(c) for c in range(0x064B, 0x0660)]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u0670", "\u0640", "\u0674", "ء"]
    # zero-width and bidi controls
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    # apostrophes and ayn/hamza letters of romanisation: Qal'eh, Qal‘ah
    + ["'", "`", "ʿ", "ʻ", "ʼ", "ʾ", "’", "‘", "´"]
)
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}

# Ezafe and connective tokens inside romanised names ("Qala-i-Naw",
# "Mazar-e-Sharif", "Qal'eh-ye Now"): dropped between two words.
# The pattern starts with its space, so the engine can skip ahead to spaces.
_EZAFE = re.compile(r" (?<=[a-z] )(?:i|e|ye|y|ee)(?= [a-z])")
_SPACES = re.compile(r"[ \x00]*\s[\s\x00]*")
#: Saint, Mount, Fort and Point written short, as a pattern: their full stop, before a name, is no sentence's end.
PLACE_ABBREVIATIONS = "[SMFP]t"
#: The full stop of a saint's or a mount's abbreviation, or of an initial, before a name is dropped, not made a
#: space, so that "St. Louis" reads as "st louis" and "W. Va." as "w va", one space between words as in the
#: gazetteer's keys. It starts with its full stop, so the engine can skip ahead to one.
_ABBREVIATION_STOP = re.compile(r"\.(?:(?<=\b" + PLACE_ABBREVIATIONS + r"\.)|(?<=\b[A-Z]\.))(?= [A-Z])")


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """One character in, exactly one character out (``_DELETED`` to drop it)."""
    if ch in _ARABIC_FOLDS:
        return _ARABIC_FOLDS[ch]
    if ch in _DELETE_SET:
        return _DELETED
    if ch in _DIGITS:
        return _DIGITS[ch]
    if ch.isspace():
        return "\n" if ch in "\n\r\u2029\u2028" else " "
    category = unicodedata.category(ch)
    if category.startswith("M"):
        return _DELETED
    if category[0] in "PSZC":
        return " "
    if ch.isascii():
        return ch.lower()
    # Marks by category, not combining class: Thai's ำ decomposes to a mark of class 0 (ํ) and a letter.
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.category(c).startswith("M"))
    base = base.casefold()[:1]
    # The letter left may fold further (ﬀ to f, a compatibility digit to a digit): fold it too, so that
    # folding twice changes nothing.
    return _fold_char(base) if base and base != ch else (base or _DELETED)


_DELETE_SET = frozenset(_DELETE)


class _FoldTable(dict):
    """A ``str.translate`` table that folds any character on first sight."""

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_char(chr(codepoint))
        self[codepoint] = folded
        return folded


_TABLE = _FoldTable()


def _drop_ezafe(match: re.Match[str]) -> str:
    return _DELETED * len(match.group())


def fold(text: str) -> str:
    """Fold ``text`` character by character; the result has the same length.

    Deleted characters become ``"\\x00"``; line breaks stay, other whitespace
    and punctuation become spaces (but the full stops of "St. Louis" and "W. Va.", deleted).
    """
    folded = text.translate(_TABLE)
    if ". " in text:
        stops = [m.start() for m in _ABBREVIATION_STOP.finditer(text)]
        if stops:
            chars = list(folded)
            for stop in stops:
                chars[stop] = _DELETED
            folded = "".join(chars)
    if " i " not in folded and " e" not in folded and " y" not in folded:
        return folded  # no ezafe can match: most Arabic text, spared a pass of the regex
    return _EZAFE.sub(_drop_ezafe, folded)


def normalize(text: str) -> str:
    """The key a name is indexed and looked up under.

    >>> normalize("  Mazār-e Sharīf ")
    'mazar sharif'
    >>> normalize("مَزارِ شريف") == normalize("مزار شريف")
    True
    """
    folded = fold(text).replace(_DELETED, "")
    return _EZAFE.sub("", " ".join(folded.split()))


class OffsetMap:
    """Maps an index of normalised text back to the original text.

    Stores only where characters were deleted, so building it costs nothing
    when deletions are rare (most news text) and lookups are a bisection.
    """

    __slots__ = ("_deleted", "_kept_before")

    def __init__(self, deleted: list[int]):
        self._deleted = deleted
        # The j-th deletion happens after deleted[j] - j kept characters.
        self._kept_before = [position - j for j, position in enumerate(deleted)]

    def __getitem__(self, index: int) -> int:
        return index + bisect_right(self._kept_before, index)

    def to_normalized(self, position: int) -> int:
        """The index in the normalised text of the original ``position`` (a kept character)."""
        return position - bisect_left(self._deleted, position)


def normalize_with_offsets(text: str) -> tuple[str, OffsetMap | None]:
    """Normalise running text and map each output character back to ``text``.

    Returns ``(normalised, offsets)`` where ``normalised[i]`` came from
    ``text[offsets[i]]``; ``offsets`` is ``None`` when nothing was deleted and
    the mapping is the identity. Runs of whitespace are kept at their length
    so the common case needs no mapping at all.

    >>> norm, offsets = normalize_with_offsets("Qal'eh-ye Now")
    >>> norm, [offsets[i] for i in range(len(norm))][-3:]
    ('qaleh now', [10, 11, 12])
    """
    folded = fold(text)
    if _DELETED not in folded:
        return folded, None
    deleted = [match.start() for match in _DELETED_RUN.finditer(folded)]
    return folded.replace(_DELETED, ""), OffsetMap(deleted)


_DELETED_RUN = re.compile(_DELETED)

_SKELETON_DROP = str.maketrans("", "", "aeiouwyh")


def latin_skeleton(text: str) -> str:
    """A lossy consonant key for romanised names, for fuzzy fallback only.

    Spellings that differ in vowels, ``q``/``k``, ``-ye``/``-i-`` and final
    ``-eh``/``-ah`` share one skeleton:

    >>> latin_skeleton("Qal'eh-ye Now") == latin_skeleton("Kala-i-Nau") == latin_skeleton("Qala-i-Naw")
    True
    """
    words = normalize(text).replace("q", "k").replace("ph", "f").split()
    return " ".join(w[0] + w[1:].translate(_SKELETON_DROP) if w else w for w in words)

"""Which language a text is in, from the share of Arabic and Latin letters it holds."""

from __future__ import annotations

_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
# In UTF-8 every letter of the Arabic block (U+0600–U+06FF) starts with one of these bytes.
_ARABIC_LEAD_BYTES = (b"\xd8", b"\xd9", b"\xda", b"\xdb")


def detect_language(text: str) -> str:
    """``ar`` when Arabic script dominates, ``en`` when Latin does, else ``und``.

    >>> detect_language("قلعة ناو"), detect_language("Qala-i-Naw"), detect_language("2021")
    ('ar', 'en', 'und')
    """
    sample = text[:2_000].encode("utf-8", "surrogatepass")
    arabic = sum(sample.count(lead) for lead in _ARABIC_LEAD_BYTES)
    latin = len(sample) - len(sample.translate(None, _ASCII_LETTERS))
    if arabic == latin == 0:
        return "und"
    return "ar" if arabic >= latin else "en"

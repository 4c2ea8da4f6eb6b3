"""One :class:`~geo.records.Article` from raw text and its metadata fields, whatever the file was.

The text is cleaned (:func:`geo.ingest.cleaning.clean_text`), the title is
the given one or else the first line, and the fields are read leniently:
``published`` or ``date`` as an ISO date, ``language`` or ``lang`` as a
language code or a locale.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from geo.ingest.cleaning import clean_field, clean_text
from geo.ingest.errors import EmptyFileError, MetadataError
from geo.records import Article

#: The fields an input may give, by these names.
FIELDS = ("title", "text", "source", "url", "published", "language")

#: Other names some inputs use for a field.
ALIASES = {"date": "published", "lang": "language"}

#: A title made from a pasted paragraph's opening words is at most this long.
TITLE_CHARS = 80

_SENTENCE_ENDS = (".", "!", "?", "؟", "…")


def make_article(text: str, meta: Mapping[str, Any], origin: str) -> Article:
    """An :class:`Article` from raw text and metadata (fields of :data:`FIELDS` or :data:`ALIASES`).

    Raises :class:`EmptyFileError` if no text is left after cleaning and
    :class:`MetadataError` for a bad date.

    >>> make_article("Fall of Kunduz\\n\\nKunduz fell.", {"lang": "en-GB"}, "note.txt")
    Article(title='Fall of Kunduz', text='Kunduz fell.', source=None, url=None, language='en', published=None, id=None)
    """
    title, body = split_title(clean_text(text), clean_field(str(meta.get("title") or "")) or None)
    if not body:
        raise EmptyFileError(f"{origin}: no article text (after removing page furniture)")
    return Article(
        title=title or "(untitled)",
        text=body,
        source=clean_field(str(meta["source"])) or None if meta.get("source") else None,
        url=clean_field(str(meta["url"])) or None if meta.get("url") else None,
        language=language_code(meta.get("language") or meta.get("lang")),
        published=parse_date(meta.get("published") or meta.get("date"), origin),
    )


def parse_date(value: Any, origin: str = "published") -> dt.date | None:
    """A date from ``2021-07-07``, ``2021-07-07T10:00:00Z`` or a date object.

    >>> parse_date("2021-07-07T08:30:00+04:30")
    datetime.date(2021, 7, 7)
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise MetadataError(f"{origin}: cannot read the date {text!r} (expected YYYY-MM-DD)") from None


def language_code(value: Any) -> str | None:
    """The language of a code or locale: the parser wants the language, not the locale.

    >>> language_code("ar-SA"), language_code("EN_gb"), language_code("")
    ('ar', 'en', None)
    """
    if not value:
        return None
    return re.split(r"[-_]", clean_field(str(value)).lower())[0] or None


def split_title(text: str, title: str | None) -> tuple[str, str]:
    """(title, body) of a cleaned text.

    The first line is the title when none is given, and a first line that
    repeats the title is not kept in the body. A single line that reads as a
    sentence (ends in . ! ? ؟) is a pasted paragraph, not a bare title: it
    stays the body, titled by its opening words.

    >>> split_title("# Kunduz\\n\\nKunduz fell.", None)
    ('Kunduz', 'Kunduz fell.')
    """
    first, _, rest = text.strip().partition("\n")
    if not title and not rest.strip() and first.rstrip().endswith(_SENTENCE_ENDS):
        return opening_words(first), first.strip()
    if not title:
        return first.strip().lstrip("#").strip(), rest.strip()
    if first.strip().lstrip("#").strip() == title.strip():
        return title.strip(), rest.strip()
    return title.strip(), text.strip()


def opening_words(line: str, limit: int = TITLE_CHARS) -> str:
    """``line`` cut at a word boundary to at most ``limit`` characters, with an ellipsis.

    >>> opening_words("Taliban fighters attacked checkpoints near Qala-i-Naw", 30)
    'Taliban fighters attacked…'
    """
    line = line.strip()
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:،") + "…"

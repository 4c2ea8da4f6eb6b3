"""One :class:`~geo.records.Article` from raw text and its metadata fields, whatever the file was.

The text is cleaned (:func:`geo.ingest.cleaning.clean_text`), the title is
the given one or else the first line, and the fields are read leniently:
``published`` or ``date`` as an ISO date, ``language`` or ``lang`` as a
language code or a locale. What is dropped or cut on the way (a field that
is a JSON object or list, an impossible date, a title or source over
:data:`FIELD_CHARS`, a link over :data:`URL_CHARS`) is said in ``notes``, for the result to show. A text
that is mostly NUL characters is no article.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from geo.ingest.cleaning import clean_field, clean_text
from geo.ingest.dates import impossible_date
from geo.ingest.encodings import mostly_nul
from geo.ingest.errors import DecodingError, EmptyFileError, MetadataError
from geo.records import Article

#: The fields an input may give, by these names.
FIELDS = ("title", "text", "source", "url", "published", "language")

#: Other names some inputs use for a field.
ALIASES = {"date": "published", "lang": "language"}

#: A title made from a pasted paragraph's opening words is at most this long.
TITLE_CHARS = 80
#: A title or source is cut to this many characters (at a word, with an ellipsis): no headline is longer, and
#: a 3 MB "title" would be drawn whole on every page that lists the article.
FIELD_CHARS = 500
#: A link longer than this is dropped, with a note: no real article's address is, and a link cut short would
#: lead elsewhere (2,000 is what browsers and sitemaps have long been held to).
URL_CHARS = 2000

_SENTENCE_ENDS = (".", "!", "?", "؟", "…")
#: What a JSON value that is no text is, in a note.
_KINDS = {dict: "a JSON object", list: "a JSON list", bool: "true or false"}


def make_article(text: str, meta: Mapping[str, Any], origin: str, notes: list[str] | None = None) -> Article:
    """An :class:`Article` from raw text and metadata (fields of :data:`FIELDS` or :data:`ALIASES`).

    Raises :class:`EmptyFileError` if no text is left after cleaning, :class:`DecodingError` for a text
    that is mostly NUL characters and :class:`MetadataError` for a date that does not read; what is dropped or
    cut is appended to ``notes``.

    >>> make_article("Fall of Kunduz\\n\\nKunduz fell.", {"lang": "en-GB"}, "note.txt")
    Article(title='Fall of Kunduz', text='Kunduz fell.', source=None, url=None, language='en', published=None, id=None)
    """
    notes = [] if notes is None else notes
    nuls = text.count("\x00")
    if nuls * 2 > len(text):  # a pasted or JSON text: cleaning would leave the few other characters
        raise DecodingError(f"{origin}: {mostly_nul(nuls, len(text), 'characters')}")
    fields = {name: field_text(meta.get(name) or meta.get(alias or name), name, notes)
              for name, alias in (("title", None), ("source", None), ("url", None), ("language", "lang"))}
    lone = len(text.strip().splitlines()) == 1
    title, body = split_title(clean_text(text), capped(fields["title"], "title", notes), lone=lone)
    if not body:
        raise EmptyFileError(f"{origin}: no article text (after removing page furniture)")
    published = meta.get("published") or meta.get("date")
    if not isinstance(published, (dt.date, int)):  # a number may be 20210707
        published = field_text(published, "date", notes)
    return Article(
        title=title or "(untitled)",
        text=body,
        source=capped(fields["source"], "source", notes),
        url=url_field(fields["url"], notes),
        language=language_code(fields["language"]),
        published=parse_date(published, origin, notes),
    )


def field_text(value: Any, name: str, notes: list[str]) -> str | None:
    """A metadata field as text on one line: numbers as written, an object or list dropped with a note.

    >>> notes = []
    >>> field_text(5, "source", notes), field_text({"x": 1}, "title", notes), notes
    ('5', None, ['the title was dropped: it is a JSON object, not text'])
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        kind = _KINDS.get(type(value), type(value).__name__)
        notes.append(f"the {name} was dropped: it is {kind}, not text")
        return None
    return clean_field(str(value)) or None


def capped(value: str | None, name: str, notes: list[str]) -> str | None:
    """``value`` cut to :data:`FIELD_CHARS` at a word, with a note saying so."""
    if value is None or len(value) <= FIELD_CHARS:
        return value
    notes.append(f"the {name} was cut to {FIELD_CHARS} characters (it had {len(value):,})")
    return opening_words(value, FIELD_CHARS)


def url_field(value: str | None, notes: list[str]) -> str | None:
    """``value``, or None with a note if it is longer than :data:`URL_CHARS`.

    >>> notes = []
    >>> url_field("https://example.org/a", notes), url_field("https://x.org/" + "a" * 3000, notes), notes
    ('https://example.org/a', None, ['the url was dropped: it had 3,014 characters, over the 2,000 a link may have'])
    """
    if value is None or len(value) <= URL_CHARS:
        return value
    notes.append(f"the url was dropped: it had {len(value):,} characters, over the {URL_CHARS:,} a link may have")
    return None


def parse_date(value: Any, origin: str = "published", notes: list[str] | None = None) -> dt.date | None:
    """A date from ``2021-07-07``, ``2021-07-07T10:00:00Z`` or a date object.

    Raises :class:`MetadataError` for a date that does not read; one that
    reads but cannot be (:func:`geo.ingest.dates.impossible_date`) is
    dropped, with a note in ``notes``.

    >>> parse_date("2021-07-07T08:30:00+04:30"), parse_date("9999-12-31T99:99")
    (datetime.date(2021, 7, 7), None)
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        raise MetadataError(f"{origin}: cannot read the date {text!r} (expected YYYY-MM-DD)") from None
    problem = impossible_date(text, day)
    if problem:
        if notes is not None:
            notes.append(f"the date {text!r} was dropped: {problem}")
        return None
    return day


def language_code(value: Any) -> str | None:
    """The language of a code or locale: the parser wants the language, not the locale.

    >>> language_code("ar-SA"), language_code("EN_gb"), language_code("")
    ('ar', 'en', None)
    """
    if not value:
        return None
    return re.split(r"[-_]", clean_field(str(value)).lower())[0] or None


def split_title(text: str, title: str | None, *, lone: bool = False) -> tuple[str, str]:
    """(title, body) of a cleaned text.

    The first line is the title when none is given, and a first line that
    repeats the title is not kept in the body. A single line that was the
    whole input (``lone``: a paste, ending in a full stop or not), or that
    reads as a sentence (ends in . ! ? ؟), is a paragraph, not a bare title:
    it stays the body, titled by its opening words. A title left alone once
    the page furniture under it is gone is no article.

    >>> split_title("# Kunduz\\n\\nKunduz fell.", None)
    ('Kunduz', 'Kunduz fell.')
    """
    first, _, rest = text.strip().partition("\n")
    if not title and not rest.strip() and (lone or first.rstrip().endswith(_SENTENCE_ENDS)):
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

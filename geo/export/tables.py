"""The view as CSV for a spreadsheet: one row a mention, or one row a place, in UTF-8 with a BOM.

The BOM makes Excel read the file as UTF-8, so Arabic opens as Arabic. A cell
that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is
a formula to a spreadsheet, and article text is written by anyone: such a
cell gets a leading apostrophe (:func:`defuse`), which the spreadsheet shows
as text.
"""

from __future__ import annotations

import pandas as pd

from geo.export.view import PLACE_COLUMNS, ExportView

#: What makes a spreadsheet read a cell as a formula, at its start (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: The columns of the one-row-a-mention table, in order.
MENTION_COLUMNS = (
    "article_id", "title", "published", "source", "language", "text", "start", "end", "sentence",
    "relation", "distance_km", "place_id", "name", "name_ar", "kind", "admin1", "admin2", "country_code", "lat",
    "lon", "corrected", "correction_note",
)
#: The columns of the one-row-a-place table, in order.
PLACES_TABLE_COLUMNS = (*PLACE_COLUMNS, "mentions", "articles", "corrected")


def defuse(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made text; any other value as it is.

    >>> defuse("=HYPERLINK(\\"http://x\\")"), defuse("Kabul"), defuse(-3.5)
    ('\\'=HYPERLINK("http://x")', 'Kabul', -3.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.map(defuse).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def mentions(view: ExportView) -> bytes:
    """One row a mention: its article, the name as written, where it is (offsets in the
    article's text), its sentence, its relation to the place and the distance written with it
    ("west", 30.0), its place, and whether a journalist corrected it."""
    frame = view.mentions.assign(corrected=view.mentions["correction_id"].notna())
    return _csv(frame.loc[:, list(MENTION_COLUMNS)])


def places(view: ExportView) -> bytes:
    """One row a place: its names, where it is, and its mentions, articles and corrected mentions."""
    return _csv(view.places.loc[:, list(PLACES_TABLE_COLUMNS)])

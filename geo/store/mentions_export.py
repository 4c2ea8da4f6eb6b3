"""Every mention under a set of filters, with its article, sentence, place and correction: what exports read.

The page queries (:mod:`geo.store.queries`) count and page through one place
at a time; an export wants every row at once. The filters are the pages' own
(:func:`~geo.store.conditions.mention_conditions`), so an export holds exactly
the mentions the map counts.
"""

from __future__ import annotations

import pandas as pd

from geo.store.conditions import mention_conditions
from geo.store.connection import Database
from geo.store.filters import NO_FILTERS, Filters
from geo.store.queries import read_frame


def mentions(db: Database, filters: Filters = NO_FILTERS, *, limit: int | None = None) -> pd.DataFrame:
    """One row per mention under ``filters``, newest article first, in text order within one
    (at most ``limit``; ``None`` for all).

    Columns: mention_id, article_id, title, published, source, language,
    text (the mention as written), start, end (its offsets in the article's
    text), sentence (its text), sentence_start, paragraph, role, relation,
    distance_km, place_id, name, name_ar, kind, country_code, admin1, admin2, lat, lon,
    correction_id (None unless a journalist corrected it), correction_note.
    """
    where, params = mention_conditions(db.dialect, filters, "a")
    sql = (
        "SELECT m.id AS mention_id, a.id AS article_id, a.title, a.published, a.source, a.language, m.text,"
        " m.span_start AS start, m.span_end AS \"end\","
        " substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence,"
        " m.sentence_start, m.paragraph, m.role, m.relation, m.distance_km, m.place_id, p.name, p.name_ar, p.kind,"
        " p.country_code, p.admin1, p.admin2, p.lat, p.lon, m.correction_id, c.note AS correction_note"
        " FROM mentions m JOIN articles a ON a.id = m.article_id JOIN places p ON p.id = m.place_id"
        f" LEFT JOIN corrections c ON c.id = m.correction_id WHERE {where}"
        " ORDER BY a.published DESC, a.id DESC, m.span_start, m.span_end"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return read_frame(db, sql, params)

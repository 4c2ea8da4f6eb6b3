"""The Provinces page's query: mentions, articles and places by province (or by a province's districts), in one query.

A division's counts are defined as the map's: the row of province ``P``
under ``filters`` equals :meth:`Queries.summary` under ``filters`` with
``provinces=(P,)``, and the row of district ``D`` of ``P`` equals the
summary with ``provinces=(P,)`` and ``districts=(D,)``. So the query reads
the same ``(article, place, n)`` pairs (:func:`~geo.store.conditions.pairs`)
under the filters with the division's own field left out, and groups them by
the places' ``admin1`` (or ``admin2``); the newest excerpt comes from the
mentions under the same filters (:func:`~geo.store.conditions.mention_conditions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from geo.store import aggregates
from geo.store.conditions import mention_conditions, pairs
from geo.store.connection import Database
from geo.store.filters import Filters
from geo.store.queries import read_frame

#: The columns of :func:`divisions`, in order.
COLUMNS = ("name", "country_code", "mentions", "articles", "places", "latest", "excerpt", "excerpt_language",
           "excerpt_article_id", "excerpt_paragraph")


def divisions(
    db: Database, filters: Filters, *, province: str | None = None, listed: Sequence[str] = (),
    listed_country: str | None = "AF",
) -> pd.DataFrame:
    """One row per first-level division mentioned under ``filters`` (or, given ``province``, per
    district of it), and one for each name of ``listed`` even when nothing mentions it.

    Columns: name, country_code (of its places; ``listed_country`` for a
    listed row nothing mentions), mentions, articles, places, latest (the
    newest article's date, ISO text), excerpt (the newest mention's sentence),
    excerpt_language, excerpt_article_id, excerpt_paragraph. Listed rows
    first, then the others, each most mentioned first, a tie by name. Missing
    values are ``None`` (see :func:`~geo.store.queries.read_frame`).
    """
    totals = aggregates.divisions(db, filters, province)
    if totals is not None:  # no filter but the division's own: the totals kept in step on write
        return _with_listed(totals, listed, listed_country)
    if province is None:
        level, scoped = "admin1", replace(filters, provinces=())
    else:
        level, scoped = "admin2", replace(filters, provinces=(province,), districts=())
    pair_sql, pair_params = pairs(db.dialect, scoped)
    where, where_params = mention_conditions(db.dialect, scoped, "a")
    frame = read_frame(
        db,
        # The counts: the map's summary, grouped by division.
        f"WITH c AS (SELECT p.{level} AS name, MIN(p.country_code) AS country_code,"
        " CAST(SUM(x.n) AS BIGINT) AS mentions, COUNT(DISTINCT x.article_id) AS articles,"
        " COUNT(DISTINCT x.place_id) AS places, MAX(a.published) AS latest"
        f" FROM ({pair_sql}) x JOIN places p ON p.id = x.place_id JOIN articles a ON a.id = x.article_id"
        f" WHERE p.{level} IS NOT NULL GROUP BY p.{level}),"
        # The newest mention of each division: the excerpt the map's panel would show first.
        f" e AS (SELECT p.{level} AS name,"
        " substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS excerpt,"
        " a.language AS excerpt_language, a.id AS excerpt_article_id, m.paragraph AS excerpt_paragraph,"
        f" ROW_NUMBER() OVER (PARTITION BY p.{level}"
        "  ORDER BY CASE WHEN a.published IS NULL THEN 1 ELSE 0 END, a.published DESC, a.id DESC, m.span_start) AS r"
        " FROM mentions m JOIN articles a ON a.id = m.article_id JOIN places p ON p.id = m.place_id"
        f" WHERE {where} AND p.{level} IS NOT NULL)"
        " SELECT c.name, c.country_code, c.mentions, c.articles, c.places, c.latest,"
        " e.excerpt, e.excerpt_language, e.excerpt_article_id, e.excerpt_paragraph"
        " FROM c LEFT JOIN e ON e.name = c.name AND e.r = 1",
        [*pair_params, *where_params],
    )
    return _with_listed(frame, listed, listed_country)


def _with_listed(frame: pd.DataFrame, listed: Sequence[str], country: str | None) -> pd.DataFrame:
    """``frame`` with a zero row for each name of ``listed`` it lacks, in the order :func:`divisions` says."""
    found = set(frame["name"])
    zeros = [
        {"name": name, "country_code": country, "mentions": 0, "articles": 0, "places": 0}
        for name in dict.fromkeys(listed) if name not in found
    ]
    rows = frame.to_dict("records") + zeros
    home = set(listed)
    rows.sort(key=lambda row: (row["name"] not in home, -int(row["mentions"]), row["name"]))
    out = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    for column in ("mentions", "articles", "places"):
        out[column] = out[column].astype("int64")
    # The store's convention: a missing value is None, never NaN.
    for column in set(COLUMNS) - {"mentions", "articles", "places"}:
        if out[column].hasnans:
            out[column] = pd.Series([row.get(column) for row in rows], index=out.index, dtype=object)
    return out

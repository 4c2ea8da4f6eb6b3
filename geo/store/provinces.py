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

#: The columns of :func:`divisions` from a division's row ``d``, its excerpt's mention ``em`` and article ``ea``.
EXCERPT_SELECT = (
    "d.name, d.country_code, d.mentions, d.articles, d.places, d.latest,"
    " substr(ea.text, em.sentence_start + 1, em.sentence_end - em.sentence_start) AS excerpt,"
    " ea.language AS excerpt_language, ea.id AS excerpt_article_id, em.paragraph AS excerpt_paragraph"
)
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
    if totals is not None:  # by sources, languages and dates at most (and the division): totals kept on write
        return _with_listed(totals, listed, listed_country)
    if province is None:
        level, scoped = "admin1", replace(filters, provinces=())
    else:
        level, scoped = "admin2", replace(filters, provinces=(province,), districts=())
    pair_sql, pair_params = pairs(db.dialect, scoped)
    where, where_params = mention_conditions(db.dialect, scoped, "a")
    frame = read_frame(
        db,
        # The pairs by division, with their places' countries and their articles' dates.
        f"WITH x AS (SELECT p.{level} AS name, p.country_code, x.article_id, x.place_id, x.n, a.published"
        f" FROM ({pair_sql}) x JOIN places p ON p.id = x.place_id JOIN articles a ON a.id = x.article_id"
        f" WHERE p.{level} IS NOT NULL),"
        # The counts: the map's summary, grouped by division.
        " c AS (SELECT name, MIN(country_code) AS country_code, CAST(SUM(n) AS BIGINT) AS mentions,"
        " COUNT(DISTINCT article_id) AS articles, COUNT(DISTINCT place_id) AS places, MAX(published) AS latest"
        " FROM x GROUP BY name),"
        # Each division's newest article: the first excerpt the map's panel would show is in it.
        " n AS (SELECT name, article_id, ROW_NUMBER() OVER (PARTITION BY name"
        "  ORDER BY CASE WHEN published IS NULL THEN 1 ELSE 0 END, published DESC, article_id DESC) AS r FROM x),"
        # Its first mention in that article under the filters (an id first, so the mention is read by it).
        " d AS MATERIALIZED (SELECT c.*, (SELECT m.id FROM mentions m JOIN articles a ON a.id = m.article_id"
        f"  JOIN places p ON p.id = m.place_id WHERE m.article_id = n.article_id AND p.{level} = n.name AND {where}"
        "  ORDER BY m.span_start LIMIT 1) AS mention_id FROM c LEFT JOIN n ON n.name = c.name AND n.r = 1)"
        f" SELECT {EXCERPT_SELECT} FROM d LEFT JOIN mentions em ON em.id = d.mention_id"
        " LEFT JOIN articles ea ON ea.id = em.article_id",
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

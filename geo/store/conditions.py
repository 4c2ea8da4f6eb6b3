"""Filters as SQL: the conditions on mentions, and the ``(article, place, n)`` pairs every count reads.

The facets' conditions come from their classes (:mod:`geo.store.facets`); the
dates and the text search are written here. Conditions are IN-subqueries, not
joins, so the unfiltered case reads one covering index alone.
"""

from __future__ import annotations

from typing import Any

from geo.store.dialects import Dialect
from geo.store.facets import FACETS
from geo.store.filters import Filters

#: The column of a mention's row that each facet table is reached by.
_KEYS = {"places": "place_id", "articles": "article_id"}


def conditions(dialect: Dialect, f: Filters, alias: str) -> tuple[list[str], list[Any]]:
    """Conditions on ``alias.place_id`` and ``alias.article_id`` for every filter of ``f``,
    the text search at article level only (:func:`mention_conditions` checks the sentence)."""
    tables: dict[str, tuple[list[str], list[Any]]] = {table: ([], []) for table in _KEYS}
    for facet in FACETS:
        values = getattr(f, facet.field)
        if values:
            where, params = tables[facet.table]
            where.append(facet.condition(values, params))
    article_where, article_params = tables["articles"]
    if f.dated:
        article_where.append(date_condition(f, article_params))
    out: list[str] = []
    out_params: list[Any] = []
    for table, (where, params) in tables.items():
        if where:
            out.append(f"{alias}.{_KEYS[table]} IN (SELECT id FROM {table} WHERE {' AND '.join(where)})")
            out_params.extend(params)
    if f.text:
        # The article-level index first; the mention's own sentence is checked after.
        sql, params = dialect.articles_containing(f.text)
        out.append(f"{alias}.article_id IN ({sql})")
        out_params.extend(params)
    return out, out_params


def date_condition(f: Filters, params: list[Any], article: str = "") -> str:
    """A condition on an article (``article`` its alias and a dot, or nothing) keeping the dates of ``f``'s
    range, and no date with ``f.include_undated``; appends its parameters to ``params``."""
    within = []
    for bound, op in ((f.date_from, ">="), (f.date_to, "<=")):
        if bound:
            within.append(f"{article}published {op} ?")
            params.append(bound.isoformat())
    condition = " AND ".join(within)
    return f"({condition} OR {article}published IS NULL)" if f.include_undated else condition


def mention_conditions(dialect: Dialect, f: Filters, article: str) -> tuple[str, list[Any]]:
    """A WHERE clause over mentions ``m`` for ``f``; the query joins the
    mention's article as ``article``, whose text the sentence comes from."""
    where, params = conditions(dialect, f, "m")
    if f.dated:
        # Again on the joined article itself: PostgreSQL then reads the range's articles by their date's
        # index, newest first, instead of walking every newer article to test it against the subquery.
        where.append(date_condition(f, params, f"{article}."))
    where.insert(0, "m.place_id IS NOT NULL")
    if not f.include_demonyms:
        where.insert(1, "m.role = 'literal'")
    if f.text:
        # A join, not a correlated subquery: PostgreSQL then narrows to the
        # matching articles first instead of testing every mention.
        sentence = f"substr({article}.text, m.sentence_start + 1, m.sentence_end - m.sentence_start)"
        where.append(dialect.contains(sentence))
        params.append(f.text)
    return " AND ".join(where), params


def pairs(dialect: Dialect, f: Filters) -> tuple[str, list[Any]]:
    """A subquery of ``(article_id, place_id, n, corrected)``: how many times each
    article names each place under ``f``, and how many of those mentions a
    journalist corrected.

    It reads ``article_places``; only a text search, which is decided
    sentence by sentence, needs the mentions themselves.
    """
    if f.text:
        where, params = mention_conditions(dialect, f, "a2")
        return (
            "SELECT m.article_id, m.place_id, COUNT(*) AS n,"
            " SUM(CASE WHEN m.correction_id IS NULL THEN 0 ELSE 1 END) AS corrected FROM mentions m JOIN articles a2"
            f" ON a2.id = m.article_id WHERE {where} GROUP BY m.article_id, m.place_id",
            params,
        )
    where, params = conditions(dialect, f, "ap")
    if f.include_demonyms:
        n = "ap.literal + ap.demonym"
    else:
        n = "ap.literal"
        where.insert(0, "ap.literal > 0")
    sql = f"SELECT ap.article_id, ap.place_id, {n} AS n, ap.corrected FROM article_places ap"
    return sql + (" WHERE " + " AND ".join(where) if where else ""), params

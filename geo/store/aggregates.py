"""Totals kept in step on write, so that the pages' views read a few rows, not every mention.

Five tables, written in the same transaction as the mentions they count (:func:`retract` and :func:`record`,
called by :func:`~geo.store.rows.recount_article` around its rebuild of an article's ``article_places``):

- ``place_totals``: per place, its mentions (literal, demonym), the articles naming it (literally, at all) and
  its corrected mentions;
- ``article_groups``: per article, its mentions in each group it falls in: the whole store (``all``), each
  province (``admin1``), each district of a province (``admin2``, ``parent`` the province), its source and its
  language, with its date (``''`` for none) so the newest article of a group is an index lookup;
- ``group_totals``: per group, the sums of ``article_groups``: mentions, and articles counted once each;
- ``place_periods`` and ``group_periods``: the same counts split by the articles' source, language and period
  (:mod:`~geo.store.periods`).

Each read here answers a page query exactly as the scan over ``article_places`` would
(:mod:`~geo.store.conditions`), when the filters let it (:func:`answerable`: by places, sources, languages and
dates; not by text or articles), and returns ``None`` otherwise: the caller then scans. An article's share of a
group is recorded as it was written, so if the gazetteer moves a place to another province the old articles
count where they did until they are reparsed (a gazetteer change makes every article stale).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import pandas as pd

from geo.store.conditions import conditions
from geo.store.connection import Database
from geo.store.filters import Filters
from geo.store.periods import (
    ARTICLE_FIELDS,
    FILL_PERIODS,
    RECORD_GROUP_PERIODS,
    RECORD_PLACE_PERIODS,
    RETRACT_GROUP_PERIODS,
    RETRACT_PLACE_PERIODS,
    UNDATED,
    article_conditions,
    group_rows,
    group_table,
    marks,
    place_rows,
    place_table,
)

#: The fields of :class:`Filters` that select places; of the others, the articles and the text need the pairs.
PLACE_FIELDS = frozenset({"provinces", "districts", "countries", "kinds", "include_demonyms"})

#: An article's rows of ``article_groups``, from its ``article_places`` (``{where}``: which articles).
GROUPS_SELECT = " UNION ALL ".join(
    "SELECT ap.article_id, " + group + ", SUM(ap.literal), SUM(ap.demonym), MIN(COALESCE(a.published, ''))"
    " FROM article_places ap JOIN articles a ON a.id = ap.article_id JOIN places p ON p.id = ap.place_id"
    " WHERE {where}" + extra + " GROUP BY ap.article_id" + by
    for group, extra, by in (
        ("'all', '', ''", "", ""),
        ("'admin1', '', p.admin1", " AND p.admin1 IS NOT NULL", ", p.admin1"),
        ("'admin2', COALESCE(p.admin1, ''), p.admin2", " AND p.admin2 IS NOT NULL", ", p.admin1, p.admin2"),
        ("'source', '', a.source", " AND a.source IS NOT NULL", ", a.source"),
        ("'language', '', a.language", " AND a.language IS NOT NULL", ", a.language"),
    )
)
GROUPS_COLUMNS = "article_id, grp, parent, name, literal, demonym, published"

#: The statements of the schema's migration that creates the tables and fills them from ``article_places``.
CREATE = (
    """CREATE TABLE place_totals (
        place_id TEXT PRIMARY KEY REFERENCES places (id),
        literal BIGINT NOT NULL,
        demonym BIGINT NOT NULL,
        articles_literal BIGINT NOT NULL,  -- articles naming it literally at least once
        articles_any BIGINT NOT NULL,
        corrected_literal BIGINT NOT NULL, -- its corrected mentions in those articles
        corrected_any BIGINT NOT NULL
    )""",
    """CREATE TABLE article_groups (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        grp TEXT NOT NULL,                 -- 'all', 'admin1', 'admin2', 'source', 'language'
        parent TEXT NOT NULL,              -- a district's province; '' otherwise
        name TEXT NOT NULL,
        literal INTEGER NOT NULL,
        demonym INTEGER NOT NULL,
        published TEXT NOT NULL,           -- the article's date; '' (last, newest first) for none
        PRIMARY KEY (article_id, grp, parent, name)
    )""",
    "CREATE INDEX article_groups_newest ON article_groups (grp, parent, name, published, article_id)",
    """CREATE TABLE group_totals (
        grp TEXT NOT NULL,
        parent TEXT NOT NULL,
        name TEXT NOT NULL,
        literal BIGINT NOT NULL,
        demonym BIGINT NOT NULL,
        articles_literal BIGINT NOT NULL,
        articles_any BIGINT NOT NULL,
        PRIMARY KEY (grp, parent, name)
    )""",
)
#: Fill the tables from ``article_places`` (a migration of a store that has articles; a bulk load).
FILL = (
    "INSERT INTO place_totals SELECT place_id, SUM(literal), SUM(demonym),"
    " SUM(CASE WHEN literal > 0 THEN 1 ELSE 0 END), COUNT(*), SUM(CASE WHEN literal > 0 THEN corrected ELSE 0 END),"
    " SUM(corrected) FROM article_places GROUP BY place_id",
    f"INSERT INTO article_groups ({GROUPS_COLUMNS}) " + GROUPS_SELECT.format(where="1 = 1"),
    "INSERT INTO group_totals SELECT grp, parent, name, SUM(literal), SUM(demonym),"
    " SUM(CASE WHEN literal > 0 THEN 1 ELSE 0 END), COUNT(*) FROM article_groups GROUP BY grp, parent, name",
)

#: Empty the tables, the totals first.
CLEAR = ("DELETE FROM group_periods", "DELETE FROM place_periods", "DELETE FROM group_totals",
         "DELETE FROM article_groups", "DELETE FROM place_totals")

RETRACT_PLACES = (
    "UPDATE place_totals SET literal = place_totals.literal - ap.literal,"
    " demonym = place_totals.demonym - ap.demonym,"
    " articles_literal = place_totals.articles_literal - CASE WHEN ap.literal > 0 THEN 1 ELSE 0 END,"
    " articles_any = place_totals.articles_any - 1,"
    " corrected_literal = place_totals.corrected_literal - CASE WHEN ap.literal > 0 THEN ap.corrected ELSE 0 END,"
    " corrected_any = place_totals.corrected_any - ap.corrected"
    " FROM article_places ap WHERE ap.article_id = ? AND place_totals.place_id = ap.place_id"
)
RETRACT_GROUPS = (
    "UPDATE group_totals SET literal = group_totals.literal - g.literal, demonym = group_totals.demonym - g.demonym,"
    " articles_literal = group_totals.articles_literal - CASE WHEN g.literal > 0 THEN 1 ELSE 0 END,"
    " articles_any = group_totals.articles_any - 1"
    " FROM article_groups g WHERE g.article_id = ? AND group_totals.grp = g.grp"
    " AND group_totals.parent = g.parent AND group_totals.name = g.name"
)
RECORD_PLACES = (
    "INSERT INTO place_totals SELECT ap.place_id, ap.literal, ap.demonym, CASE WHEN ap.literal > 0 THEN 1 ELSE 0 END,"
    " 1, CASE WHEN ap.literal > 0 THEN ap.corrected ELSE 0 END, ap.corrected FROM article_places ap"
    " WHERE ap.article_id = ? ON CONFLICT (place_id) DO UPDATE SET"
    " literal = place_totals.literal + excluded.literal, demonym = place_totals.demonym + excluded.demonym,"
    " articles_literal = place_totals.articles_literal + excluded.articles_literal,"
    " articles_any = place_totals.articles_any + excluded.articles_any,"
    " corrected_literal = place_totals.corrected_literal + excluded.corrected_literal,"
    " corrected_any = place_totals.corrected_any + excluded.corrected_any"
)
RECORD_GROUPS = (
    "INSERT INTO group_totals SELECT grp, parent, name, literal, demonym, CASE WHEN literal > 0 THEN 1 ELSE 0 END, 1"
    " FROM article_groups WHERE article_id = ? ON CONFLICT (grp, parent, name) DO UPDATE SET"
    " literal = group_totals.literal + excluded.literal, demonym = group_totals.demonym + excluded.demonym,"
    " articles_literal = group_totals.articles_literal + excluded.articles_literal,"
    " articles_any = group_totals.articles_any + excluded.articles_any"
)

# ---------------------------------------------------------------- writes


def retract(db: Database, cur: Any, article_id: int) -> None:
    """Take the article's share (its ``article_places`` as they stand) out of the totals."""
    # Writers take turns on the totals from here on, in one order: no two transactions deadlock on their rows.
    db.run(cur, "UPDATE store_revision SET n = n WHERE id = 1")
    db.run(cur, RETRACT_PLACES, (article_id,))
    db.run(cur, RETRACT_PLACE_PERIODS, (article_id,))
    db.run(cur, RETRACT_GROUPS, (article_id,))
    db.run(cur, RETRACT_GROUP_PERIODS, (article_id,))
    db.run(cur, "DELETE FROM article_groups WHERE article_id = ?", (article_id,))


def record(db: Database, cur: Any, article_id: int) -> None:
    """Add the article's share (its freshly rebuilt ``article_places``) to the totals."""
    db.run(cur, RECORD_PLACES, (article_id,))
    db.run(cur, f"INSERT INTO article_groups ({GROUPS_COLUMNS}) " + GROUPS_SELECT.format(where="ap.article_id = ?"),
           (article_id,) * 5)
    db.run(cur, RECORD_GROUPS, (article_id,))
    db.run(cur, RECORD_PLACE_PERIODS, (article_id,))
    db.run(cur, RECORD_GROUP_PERIODS, (article_id,))


def rebuild(db: Database, cur: Any) -> None:
    """Recompute every total from ``article_places`` (after a bulk load that bypassed :func:`record`)."""
    for i in range(len(CLEAR)):
        db.run(cur, CLEAR[i])
    for i in range(len(FILL)):
        db.run(cur, FILL[i])
    for i in range(len(FILL_PERIODS)):
        db.run(cur, FILL_PERIODS[i])


# ---------------------------------------------------------------- reads


def set_fields(f: Filters) -> set[str]:
    """The fields of ``f`` that filter (differ from their default)."""
    return {x.name for x in fields(f) if getattr(f, x.name) != x.default}



def unfiltered(f: Filters) -> bool:
    """Whether ``f`` filters nothing (demonyms may be counted)."""
    return set_fields(f) <= {"include_demonyms"}


def answerable(f: Filters) -> bool:
    """Whether the totals can answer ``f``: it filters by places, sources, languages and dates, or not at all."""
    return set_fields(f) <= PLACE_FIELDS | ARTICLE_FIELDS


def places_part(f: Filters) -> Filters:
    """``f`` without its filters on articles: what :func:`~geo.store.conditions.conditions` asks of a place."""
    return f.without(*ARTICLE_FIELDS)


#: Whether demonyms count → the columns of ``place_totals`` (and of ``group_totals`` and ``article_groups``, the
#: first two) that count mentions, articles and corrected mentions; unqualified: no other table has them.
MEASURES = {
    False: ("literal", "articles_literal", "corrected_literal"),
    True: ("literal + demonym", "articles_any", "corrected_any"),
}


def places(db: Database, f: Filters) -> pd.DataFrame | None:
    """The rows of :meth:`Queries.places` from the totals, or ``None`` unless :func:`answerable`."""
    from geo.store.queries import _PLACE_COLUMNS, read_frame  # the queries call this module

    if not answerable(f):
        return None
    mentions, articles, corrected = MEASURES[f.include_demonyms]
    table, params = place_table(db, f)
    where, where_params = conditions(db.dialect, places_part(f), "t")
    return read_frame(
        db,
        f"SELECT p.id AS place_id, {_PLACE_COLUMNS}, {mentions} AS mentions, {articles} AS articles,"
        f" {corrected} AS corrected FROM {table} t JOIN places p ON p.id = t.place_id"
        f" WHERE {' AND '.join([articles + ' > 0'] + where)} ORDER BY mentions DESC, p.name",
        [*params, *where_params],
    )


def summary(db: Database, f: Filters) -> tuple[int, int, int, int] | None:
    """``(places, mentions, articles, undated)`` under ``f`` from the totals (undated: under a date range, the
    articles with no date the other filters keep), or ``None`` where they cannot tell: filtered by places
    other than one province (and one of its districts), by text or by articles."""
    group = _one_group(f)
    if group is None:
        return None
    mentions, articles, _ = MEASURES[f.include_demonyms]
    table, params = place_table(db, f)
    where, where_params = conditions(db.dialect, places_part(f), "t")
    _, rows = db.query(
        f"SELECT COUNT(*) FROM {table} t WHERE {' AND '.join([articles + ' > 0'] + where)}", [*params, *where_params]
    )
    places = int(rows[0][0])
    groups, params = group_table(db, f, *group)
    _, rows = db.query(f"SELECT {mentions}, {articles} FROM {groups} t", params)
    mentioned, counted = (int(rows[0][0]), int(rows[0][1])) if rows else (0, 0)
    undated = 0
    if f.dated:
        groups, params = group_table(db, f, *group, periods=UNDATED)
        _, rows = db.query(f"SELECT {articles} FROM {groups} t", params)
        undated = int(rows[0][0]) if rows else 0
    return places, mentioned, counted, undated


def _one_group(f: Filters) -> tuple[str, str, str] | None:
    """The group of ``group_totals`` whose articles are those ``f`` keeps, its filters on articles aside (the
    periods' tables tell those apart), or None if there is none."""
    rest = set_fields(f) - ARTICLE_FIELDS - {"include_demonyms"}
    if not rest:
        return "all", "", ""
    if rest - {"provinces", "districts"} or len(f.provinces) != 1:
        return None
    if not f.districts:
        return "admin1", "", f.provinces[0]
    if len(f.districts) == 1:
        return "admin2", f.provinces[0], f.districts[0]
    return None


#: The columns of ``places`` the place facets count by.
PLACE_FACET_COLUMNS = "t.admin1, t.admin2, t.country_code, t.kind"
#: A facet's column of ``articles`` → its key in the periods' tables.
KEY_COLUMNS = {"source": "source_key", "language": "language_key"}
#: A field of :class:`Filters` → the groups of ``article_groups`` an article's source or language is.
ARTICLE_GROUPS = {"sources": "source", "languages": "language"}


def facet_group(db: Database, table: str, f: Filters, group: list) -> pd.DataFrame | None:
    """The ``(facet, value, label, count)`` rows of ``group`` (facets on ``table`` sharing the filters ``f``),
    from the totals, or ``None`` where they cannot tell (see :meth:`Queries.facets`)."""
    from geo.store.queries import read_frame  # the queries call this module

    if not answerable(f):
        return None
    mentions, articles, _ = MEASURES[f.include_demonyms]
    if table == "places":
        source, params = place_table(db, f)
        where, where_params = conditions(db.dialect, places_part(f), "x")
        keep = " AND ".join([articles + " > 0"] + where)
        return read_frame(
            db,
            f"WITH c AS MATERIALIZED (SELECT {PLACE_FACET_COLUMNS}, {mentions} AS n FROM {source} x"
            f" JOIN places t ON t.id = x.place_id WHERE {keep}) "
            + " UNION ALL ".join(facet.count_sql() for facet in group),
            [*params, *where_params],
        )
    parts, params = [], []
    for facet in group:
        if facet.param == "article":
            one = _one_group(f)
            if one is None:
                return None
            parts.append(_top_articles(f, facet, one, params))
        elif unfiltered(f):
            n = "g.literal + g.demonym" if f.include_demonyms else "g.literal"
            parts.append(f"SELECT CAST(? AS TEXT) AS facet, g.name AS value, g.name AS label,"
                         f" CAST({n} AS BIGINT) AS count FROM group_totals g WHERE g.grp = ? AND {n} > 0")
            params += [facet.param, facet.column]
        else:
            parts.append(_article_values(db, f, facet, params))
    return read_frame(db, " UNION ALL ".join(parts), params)


def _top_articles(f: Filters, facet: Any, group: tuple[str, str, str], params: list[Any]) -> str:
    """The article facet's rows (the most mentioned, as :meth:`Facet.count_sql` has them) from
    ``article_groups``: the articles' shares of ``group`` under ``f``'s sources, languages and dates, read most
    first from the rows of ``group`` or, of the whole store, of the sources (or languages) asked for (an
    article's share of its source is all of it), then labelled with their titles."""
    n = "g.literal + g.demonym" if f.include_demonyms else "g.literal"
    params.append(facet.param)
    rest, drive = f, "g.grp = ? AND g.parent = ? AND g.name = ?"
    if group == ("all", "", "") and (f.sources or f.languages):
        field = "sources" if f.sources else "languages"
        rest, drive = f.without(field), f"g.grp = ? AND g.parent = '' AND g.name IN ({marks(len(getattr(f, field)))})"
        params += [ARTICLE_GROUPS[field], *getattr(f, field)]
    else:
        params += group
    where = " AND ".join([drive, n + " > 0"] + article_conditions(rest, params, "g.published"))
    join = " JOIN articles a ON a.id = g.article_id" if rest.sources or rest.languages else ""
    params.append(facet.limit)
    return (f"SELECT * FROM (SELECT CAST(? AS TEXT) AS facet, CAST(ta.id AS TEXT) AS value, ta.title AS label,"
            f" CAST(t.n AS BIGINT) AS count FROM (SELECT g.article_id, {n} AS n FROM article_groups g{join}"
            f" WHERE {where} ORDER BY {n} DESC, g.article_id DESC LIMIT ?) t JOIN articles ta ON ta.id = t.article_id)"
            f" top_{facet.param}")


def _article_values(db: Database, f: Filters, facet: Any, params: list[Any]) -> str:
    """A source's or a language's facet rows: the sum of its mentions in the groups' rows where ``f`` keeps one
    group of places (all, a province, a district), else in the places' rows of the places ``f`` keeps."""
    n = "r.literal + r.demonym" if f.include_demonyms else "r.literal"
    column = KEY_COLUMNS[facet.column]
    key = f"r.{column}"
    group = _one_group(f)
    if group is not None:
        rows, rows_params = group_rows(db, f, group)
        where, where_params = [], []
    else:
        rows, rows_params = place_rows(db, f, keep=column)
        where, where_params = conditions(db.dialect, places_part(f), "r")
    params += [facet.param, *rows_params, *where_params]
    keep = " AND ".join([key + " <> ''"] + where)
    return (f"SELECT CAST(? AS TEXT) AS facet, substr({key}, 2) AS value, substr({key}, 2) AS label,"
            f" CAST(SUM({n}) AS BIGINT) AS count FROM ({rows}) r WHERE {keep}"
            f" GROUP BY {key} HAVING SUM({n}) > 0")


def divisions(db: Database, f: Filters, province: str | None) -> pd.DataFrame | None:
    """The rows of :func:`geo.store.provinces.divisions` (before its listed zeros) from the totals: by
    province, or by district of ``province``; ``None`` where ``f`` filters by anything but sources, languages
    and dates (and the division's own field)."""
    from geo.store.provinces import EXCERPT_SELECT
    from geo.store.queries import read_frame  # the queries call this module

    scope = f.without("provinces") if province is None else f.without("provinces", "districts")
    if set_fields(scope) - ARTICLE_FIELDS - {"include_demonyms"}:
        return None
    mentions, articles, _ = MEASURES[f.include_demonyms]
    role = "" if f.include_demonyms else " AND m2.role = 'literal'"
    if province is None:
        level, grp, parent, inside, inside2, params = "admin1", "admin1", "", "", "", []
    else:
        level, grp, parent, params = "admin2", "admin2", province, [province]
        inside, inside2 = " AND p.admin1 = ?", " AND p2.admin1 = ?"
    # The group's newest article under the filters (its mentions unqualified: article_groups n's own).
    recent = [grp, parent]
    where = " AND ".join([mentions + " > 0"] + article_conditions(scope, recent, "n.published"))
    join = " JOIN articles a ON a.id = n.article_id" if scope.sources or scope.languages else ""
    first = (f"SELECT {{c}} FROM article_groups n{join} WHERE n.grp = ? AND n.parent = ? AND n.name = g.name"
             f" AND {where} ORDER BY n.published DESC, n.article_id DESC LIMIT 1")
    groups, group_params = group_table(db, scope, grp, parent)
    totals, place_params = place_table(db, scope)
    return read_frame(
        db,
        f"WITH tot AS MATERIALIZED (SELECT g.name, pc.country_code, {mentions} AS mentions, {articles} AS articles,"
        f" pc.places, ({first.format(c='n.published')}) AS latest, ({first.format(c='n.article_id')}) AS newest"
        f" FROM {groups} g JOIN"
        f" (SELECT p.{level} AS name, MIN(p.country_code) AS country_code, COUNT(*) AS places"
        f"  FROM {totals} t JOIN places p ON p.id = t.place_id WHERE {articles} > 0{inside}"
        f"  AND p.{level} IS NOT NULL GROUP BY p.{level}) pc ON pc.name = g.name"
        f" WHERE {articles} > 0),"
        # The newest article's first mention in the group (an id first, so the mention is read by it).
        " d AS MATERIALIZED (SELECT tot.name, tot.country_code, tot.mentions, tot.articles, tot.places,"
        " NULLIF(tot.latest, '') AS latest, (SELECT m2.id FROM mentions m2 JOIN places p2 ON p2.id = m2.place_id"
        f"  WHERE m2.article_id = tot.newest AND p2.{level} = tot.name{inside2}{role}"
        "  ORDER BY m2.span_start LIMIT 1) AS mention_id FROM tot)"
        f" SELECT {EXCERPT_SELECT} FROM d LEFT JOIN mentions em ON em.id = d.mention_id"
        " LEFT JOIN articles ea ON ea.id = em.article_id",
        [*recent, *recent, *group_params, *place_params, *params, *params],
    )

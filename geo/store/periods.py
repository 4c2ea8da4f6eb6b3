"""The periods' tables: ``place_periods`` and ``group_periods``, the totals of :mod:`geo.store.aggregates` split by
the articles' source, language and period, and the reads that sum them under a view's sources, languages and dates.

Every article counts once in the period ``'*'``, and a dated one in its year (``'2021'``), its month
(``'2021-07'``) and its day (``'2021-07-07'``), an undated one in ``''``. A row holds one (source, language,
period) of a place or a group, so the rows add up: a view filtered by sources, languages and a date range sums
the rows of its whole years and months and of the days left at either end (:func:`cover`: 22 months and 60 days
at most, besides the years). The source and language are keys (``source_key``, ``language_key``): ``''`` for
none, else ``'='`` and the value, so that no key is NULL and none stands for another. A place's rows are also
summed over sources (``source_key`` ``'*'``) and over both (``'*'``, ``'*'``), so that a view by dates or
languages alone reads a row a place and period, not one for every source. Dates are the ISO dates the store
writes (``YYYY-MM-DD``), which a month's or a year's key is the start of.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from geo.store.connection import Database
from geo.store.facets import FACETS
from geo.store.filters import Filters

#: The statements of the schema's migration that creates the periods' tables (filled by :data:`FILL_PERIODS`).
CREATE_PERIODS = (
    """CREATE TABLE place_periods (
        period TEXT NOT NULL,              -- '*' all; 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' a dated article's; '' undated
        source_key TEXT NOT NULL,          -- '' no source; '=' and the source; '*' any (a sum of the others)
        language_key TEXT NOT NULL,        -- '' no language; '=' and the language; '*' any
        place_id TEXT NOT NULL REFERENCES places (id),
        literal BIGINT NOT NULL,
        demonym BIGINT NOT NULL,
        articles_literal BIGINT NOT NULL,
        articles_any BIGINT NOT NULL,
        corrected_literal BIGINT NOT NULL,
        corrected_any BIGINT NOT NULL,
        PRIMARY KEY (period, source_key, language_key, place_id)
    )""",
    """CREATE TABLE group_periods (
        grp TEXT NOT NULL,                 -- 'all', 'admin1', 'admin2'
        parent TEXT NOT NULL,
        period TEXT NOT NULL,
        source_key TEXT NOT NULL,          -- as place_periods', never '*'
        language_key TEXT NOT NULL,
        name TEXT NOT NULL,
        literal BIGINT NOT NULL,
        demonym BIGINT NOT NULL,
        articles_literal BIGINT NOT NULL,
        articles_any BIGINT NOT NULL,
        PRIMARY KEY (grp, parent, period, source_key, language_key, name)
    )""",
)
#: An article's periods (``k``, joined to its article ``a``): ``'*'``, and its year, month and day, or ``''``.
PERIODS_OF = "(SELECT 0 AS cut UNION ALL SELECT 4 UNION ALL SELECT 7 UNION ALL SELECT 10) k"
PERIOD = "CASE WHEN k.cut = 0 THEN '*' ELSE COALESCE(substr(a.published, 1, k.cut), '') END"
#: An undated article has one period besides '*', not three.
ONE_UNDATED = "(k.cut < 7 OR a.published IS NOT NULL)"
SOURCE_KEY = "COALESCE('=' || a.source, '')"
LANGUAGE_KEY = "COALESCE('=' || a.language, '')"
#: The keys of an article ``a``'s source and language.
KEYS = f"{SOURCE_KEY} AS source_key, {LANGUAGE_KEY} AS language_key"
#: A place's rows are kept thrice (``v``): by source and language, by language (any source), and in all.
ROLLUPS_OF = "(SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2) v"
ROLLED_KEYS = (f"CASE WHEN v.n = 0 THEN {SOURCE_KEY} ELSE '*' END AS source_key,"
               f" CASE WHEN v.n < 2 THEN {LANGUAGE_KEY} ELSE '*' END AS language_key")
#: The rows of ``place_periods`` from ``article_places`` (``{where}``: which articles).
PLACE_PERIODS_SELECT = (
    f"SELECT {PERIOD} AS period, {ROLLED_KEYS}, ap.place_id, SUM(ap.literal) AS literal,"
    " SUM(ap.demonym) AS demonym, SUM(CASE WHEN ap.literal > 0 THEN 1 ELSE 0 END) AS articles_literal,"
    " COUNT(*) AS articles_any, SUM(CASE WHEN ap.literal > 0 THEN ap.corrected ELSE 0 END) AS corrected_literal,"
    " SUM(ap.corrected) AS corrected_any"
    f" FROM article_places ap JOIN articles a ON a.id = ap.article_id CROSS JOIN {PERIODS_OF} CROSS JOIN {ROLLUPS_OF}"
    f" WHERE {{where}} AND {ONE_UNDATED} GROUP BY 1, 2, 3, 4"
)
PLACE_PERIODS_KEY = "period, source_key, language_key, place_id"
#: The rows of ``group_periods`` from ``article_groups`` (``{where}``: which articles).
GROUP_PERIODS_SELECT = (
    f"SELECT g.grp, g.parent, {PERIOD} AS period, {KEYS}, g.name, SUM(g.literal) AS literal,"
    " SUM(g.demonym) AS demonym, SUM(CASE WHEN g.literal > 0 THEN 1 ELSE 0 END) AS articles_literal,"
    f" COUNT(*) AS articles_any FROM article_groups g JOIN articles a ON a.id = g.article_id CROSS JOIN {PERIODS_OF}"
    f" WHERE {{where}} AND g.grp IN ('all', 'admin1', 'admin2') AND {ONE_UNDATED} GROUP BY 1, 2, 3, 4, 5, 6"
)
GROUP_PERIODS_KEY = "grp, parent, period, source_key, language_key, name"
#: Fill the periods' tables (after ``article_groups``).
FILL_PERIODS = (
    f"INSERT INTO place_periods ({PLACE_PERIODS_KEY}, literal, demonym, articles_literal, articles_any,"
    " corrected_literal, corrected_any) " + PLACE_PERIODS_SELECT.format(where="1 = 1"),
    f"INSERT INTO group_periods ({GROUP_PERIODS_KEY}, literal, demonym, articles_literal, articles_any) "
    + GROUP_PERIODS_SELECT.format(where="1 = 1"),
)
#: The counts of ``place_periods`` (and, the first four, of ``group_periods``).
PERIOD_COUNTS = ("literal", "demonym", "articles_literal", "articles_any", "corrected_literal", "corrected_any")
RETRACT_PLACE_PERIODS = (
    "UPDATE place_periods SET " + ", ".join(f"{c} = place_periods.{c} - r.{c}" for c in PERIOD_COUNTS)
    + " FROM (" + PLACE_PERIODS_SELECT.format(where="ap.article_id = ?") + ") r WHERE "
    + " AND ".join(f"place_periods.{c} = r.{c}" for c in PLACE_PERIODS_KEY.split(", "))
)
RECORD_PLACE_PERIODS = (
    f"INSERT INTO place_periods ({PLACE_PERIODS_KEY}, {', '.join(PERIOD_COUNTS)}) "
    + PLACE_PERIODS_SELECT.format(where="ap.article_id = ?") + f" ON CONFLICT ({PLACE_PERIODS_KEY}) DO UPDATE SET "
    + ", ".join(f"{c} = place_periods.{c} + excluded.{c}" for c in PERIOD_COUNTS)
)
RETRACT_GROUP_PERIODS = (
    "UPDATE group_periods SET " + ", ".join(f"{c} = group_periods.{c} - r.{c}" for c in PERIOD_COUNTS[:4])
    + " FROM (" + GROUP_PERIODS_SELECT.format(where="g.article_id = ?") + ") r WHERE "
    + " AND ".join(f"group_periods.{c} = r.{c}" for c in GROUP_PERIODS_KEY.split(", "))
)
RECORD_GROUP_PERIODS = (
    f"INSERT INTO group_periods ({GROUP_PERIODS_KEY}, {', '.join(PERIOD_COUNTS[:4])}) "
    + GROUP_PERIODS_SELECT.format(where="g.article_id = ?") + f" ON CONFLICT ({GROUP_PERIODS_KEY}) DO UPDATE SET "
    + ", ".join(f"{c} = group_periods.{c} + excluded.{c}" for c in PERIOD_COUNTS[:4])
)


#: The fields of :class:`Filters` on an article's source, language and date: the periods' tables answer them.
ARTICLE_FIELDS = frozenset({"sources", "languages", "date_from", "date_to", "include_undated"})

def by_article(f: Filters) -> bool:
    """Whether ``f`` keeps some articles only, by their source, language or date (the periods' tables tell)."""
    return bool(f.sources or f.languages or f.dated)


@dataclass(frozen=True, slots=True)
class Span:
    """What a date range reads of the periods' tables: the keys of its periods."""

    periods: tuple[str, ...]


#: Every article, undated ones too: the period of a view with no date range.
EVERY_PERIOD = Span(("*",))
#: The undated articles alone.
UNDATED = Span(("",))


def span(db: Database, f: Filters) -> Span:
    """The periods that make up ``f``'s date range exactly: :data:`EVERY_PERIOD` without one; else the range,
    cut to the years of the store's first and last dates (two lookups in the date index), as whole years and
    months and the days of the months it holds in part (:func:`cover`), and the undated articles' ``''`` with
    ``include_undated``."""
    if not f.dated:
        return EVERY_PERIOD
    undated = UNDATED.periods if f.include_undated else ()
    (first, last), = db.query("SELECT MIN(published), MAX(published) FROM articles")[1]
    if first is None:
        return Span(undated)
    lo = max(f.date_from or dt.date.min, dt.date(int(first[:4]), 1, 1))
    hi = min(f.date_to or dt.date.max, dt.date(int(last[:4]), 12, 31))
    periods, days = cover(lo, hi)
    every_day = (first + dt.timedelta(days=i) for first, last in days for i in range((last - first).days + 1))
    return Span((*periods, *(day.isoformat() for day in every_day), *undated))


def cover(lo: dt.date, hi: dt.date) -> tuple[list[str], list[tuple[dt.date, dt.date]]]:
    """The days from ``lo`` to ``hi`` as whole years (``'2021'``) and months (``'2021-07'``), and the runs of days
    (first, last) of the months they hold in part: two at most, the first month's and the last's.

    >>> periods, days = cover(dt.date(2020, 11, 15), dt.date(2022, 2, 3))
    >>> periods, [(a.isoformat(), b.isoformat()) for a, b in days]
    (['2020-12', '2021', '2022-01'], [('2020-11-15', '2020-11-30'), ('2022-02-01', '2022-02-03')])
    """
    days: list[tuple[dt.date, dt.date]] = []
    if lo > hi:
        return [], days
    if lo.day != 1:  # the first month, in part
        end = min(hi, _month_end(lo))
        days.append((lo, end))
        if end == hi:
            return [], days
        lo = end + dt.timedelta(days=1)
    if hi != _month_end(hi):  # the last month, in part
        start = hi.replace(day=1)
        days.append((start, hi))
        if start == lo:
            return [], days
        hi = start - dt.timedelta(days=1)
    periods = []
    year, month = lo.year, lo.month
    while (year, month) <= (hi.year, hi.month):
        if month == 1 and (year < hi.year or hi.month == 12):
            periods.append(f"{year:04d}")
            year += 1
        else:
            periods.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods, days


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def marks(n: int) -> str:
    return ", ".join("?" * n)


def _key_conditions(f: Filters, params: list[Any], alias: str, rolled: bool, keep: str | None) -> list[str]:
    """Conditions on the source and language keys of the periods' row ``alias`` keeping ``f``'s sources and
    languages. Of ``place_periods``' rows (``rolled``), those that count each article once: by source and
    language if ``f`` asks for sources (or the caller groups by ``keep``, a key column), by language (of any
    source) if it asks for languages, else the sums of all."""
    by_source = bool(f.sources) or keep == "source_key"
    by_language = by_source or bool(f.languages) or keep == "language_key"
    out = []
    for column, values, apart in (("source_key", f.sources, by_source), ("language_key", f.languages, by_language)):
        if values:
            out.append(f"{alias}.{column} IN ({marks(len(values))})")
            params.extend(f"={value}" for value in values)
        elif rolled:
            out.append(f"{alias}.{column} {'<>' if apart else '='} '*'")
    return out


def article_conditions(f: Filters, params: list[Any], published: str | None = None) -> list[str]:
    """Conditions keeping ``f``'s sources and languages on a joined article ``a`` and, given ``published`` (a
    column of ``article_groups``: ``''`` for no date), its date range; appends their parameters to ``params``."""
    out = [f"a.{facet.condition(values, params)}" for facet in FACETS
           if facet.field in ARTICLE_FIELDS and (values := getattr(f, facet.field))]
    if published is not None and f.dated:
        within = [f"{published} <> ''"]
        for bound, op in ((f.date_from, ">="), (f.date_to, "<=")):
            if bound:
                within.append(f"{published} {op} ?")
                params.append(bound.isoformat())
        condition = " AND ".join(within)
        out.append(f"({condition} OR {published} = '')" if f.include_undated else condition)
    return out


def _periods_where(
    alias: str, s: Span, f: Filters, params: list[Any], rolled: bool = False, keep: str | None = None,
) -> list[str]:
    """Conditions on the periods' row ``alias`` keeping the whole periods of ``s`` and ``f``'s sources and
    languages (see :func:`_key_conditions`)."""
    params.extend(s.periods)
    return [f"{alias}.period IN ({marks(len(s.periods))})" if s.periods else "1 = 0",
            *_key_conditions(f, params, alias, rolled, keep)]


#: A row of ``place_periods`` ``b`` as :func:`place_rows` has them.
PLACE_ROW = "b.place_id, b.source_key, b.language_key, " + ", ".join(f"b.{c}" for c in PERIOD_COUNTS)
#: A row of ``group_periods`` ``b`` as :func:`group_rows` has them.
GROUP_ROW = "b.name, b.source_key, b.language_key, " + ", ".join(f"b.{c}" for c in PERIOD_COUNTS[:4])
#: The sums of the rows ``r`` (as the totals' own types: BIGINT, not PostgreSQL's NUMERIC of a sum).
PLACE_SUMS = ", ".join(f"CAST(SUM(r.{c}) AS BIGINT) AS {c}" for c in PERIOD_COUNTS)
GROUP_SUMS = ", ".join(f"CAST(SUM(r.{c}) AS BIGINT) AS {c}" for c in PERIOD_COUNTS[:4])


def place_rows(db: Database, f: Filters, keep: str | None = None) -> tuple[str, list[Any]]:
    """Rows of ``place_id, source_key, language_key`` and ``place_totals``' counts that add up, place by
    place (and by ``keep``, a key column, if given), to its totals under ``f``'s sources, languages and dates
    (its other filters left to the caller): the rows of ``place_periods`` of the range's periods."""
    params: list[Any] = []
    where = " AND ".join(_periods_where("b", span(db, f), f, params, rolled=True, keep=keep))
    return f"SELECT {PLACE_ROW} FROM place_periods b WHERE {where}", params


def place_table(db: Database, f: Filters) -> tuple[str, list[Any]]:
    """A table to read as ``place_totals`` (its columns), under ``f``'s sources, languages and dates: the table
    itself, or :func:`place_rows` summed by place; its parameters."""
    if not by_article(f):
        return "place_totals", []
    rows, params = place_rows(db, f)
    return f"(SELECT r.place_id, {PLACE_SUMS} FROM ({rows}) r GROUP BY r.place_id)", params


def group_rows(
    db: Database, f: Filters, group: tuple[str, str, str | None], periods: Span | None = None,
) -> tuple[str, list[Any]]:
    """Rows of ``name, source_key, language_key`` and ``group_totals``' counts that add up, by name, to the
    totals of the groups ``grp`` of ``parent`` (``group``; or the one named, if its name is given) under
    ``f``'s sources, languages and dates (or in ``periods``); their parameters."""
    grp, parent, name = group
    params: list[Any] = [grp, parent] + ([] if name is None else [name])
    named = "" if name is None else " AND b.name = ?"
    s = span(db, f) if periods is None else periods
    where = " AND ".join(["b.grp = ? AND b.parent = ?" + named, *_periods_where("b", s, f, params)])
    return f"SELECT {GROUP_ROW} FROM group_periods b WHERE {where}", params


def group_table(
    db: Database, f: Filters, grp: str, parent: str, name: str | None = None, periods: Span | None = None,
) -> tuple[str, list[Any]]:
    """A table of ``name`` and ``group_totals``' counts of the groups ``grp`` of ``parent`` (or the one
    ``name``) under ``f``'s sources, languages and dates (or in ``periods``): ``group_totals``' rows, or
    :func:`group_rows` summed by name; its parameters."""
    if periods is None and not by_article(f):
        one = "" if name is None else " AND name = ?"
        return (f"(SELECT name, {', '.join(PERIOD_COUNTS[:4])} FROM group_totals WHERE grp = ? AND parent = ?{one})",
                [grp, parent] + ([] if name is None else [name]))
    rows, params = group_rows(db, f, (grp, parent, name), periods)
    return f"(SELECT r.name, {GROUP_SUMS} FROM ({rows}) r GROUP BY r.name)", params

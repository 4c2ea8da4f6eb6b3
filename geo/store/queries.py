"""The pages' queries: places, excerpts, an article and its mentions, the article list, facets and the summary.

Every query runs in SQL and returns a pandas DataFrame built by
:func:`read_frame`, which normalises missing values once, for every page:

- a missing value is ``None``, never NaN (nor ``pd.NA`` or NaT);
- a column with no missing value has its natural dtype (``int64``,
  ``float64``, ``str``); a column with one is an ``object`` column of the
  values as stored (an int stays an int, a float a float) and ``None``;
- dates stay ISO text (``"2021-07-07"``), as stored;
- an empty result still has every column.

So a page tests ``value is None`` (``pd.isna`` agrees) and needs no NaN guard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from geo.records import Article
from geo.store import aggregates
from geo.store.conditions import mention_conditions, pairs
from geo.store.connection import Database
from geo.store.facets import FACETS, Facet
from geo.store.filters import NO_FILTERS, Filters

#: The place columns of places() and article_mentions(), in order.
_PLACE_COLUMNS = "p.name, p.name_ar, p.kind, p.country_code, p.admin1, p.admin2, p.lat, p.lon"
#: The columns of article_mentions() and first_mentions(), from mentions m and places p.
_MENTION_COLUMNS = (
    "m.id AS mention_id, m.span_start AS start, m.span_end AS \"end\", m.text, m.place_id,"
    f" {_PLACE_COLUMNS}, m.role, m.relation, m.confidence, m.sentence_start, m.sentence_end, m.paragraph,"
    " m.parsed_place_id, m.correction_id, m.alternatives, m.distance_km"
)


def read_frame(db: Database, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    """The rows of ``sql`` as a DataFrame, missing values normalised as the module says."""
    columns, rows = db.query(sql, params)
    frame = pd.DataFrame.from_records(rows, columns=columns)
    for i, column in enumerate(columns):
        if frame[column].hasnans:
            # Rebuilt from the driver's own values: NULL as None, and the ints of an int column stay ints.
            frame[column] = pd.Series([row[i] for row in rows], index=frame.index, dtype=object)
    return frame


@dataclass(frozen=True, slots=True)
class Summary:
    """What a view shows under all of its filters: how many places, mentions and articles; and, under a
    date range, how many articles with no date the other filters keep (left out unless ``include_undated``)."""

    places: int
    mentions: int
    articles: int
    undated: int = 0


class Queries:
    """Reads for the pages; safe to call from several threads at once (the database serialises them)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def places(self, filters: Filters = NO_FILTERS) -> pd.DataFrame:
        """One row per place mentioned under ``filters``, most mentioned first.

        Columns: place_id, name, name_ar, kind, country_code, admin1, admin2,
        lat, lon, mentions, articles, corrected (how many of its mentions a
        journalist corrected).
        """
        totals = aggregates.places(self.db, filters)
        if totals is not None:  # filtered by places, sources, languages and dates: totals kept in step on write
            return totals
        sql, params = pairs(self.db.dialect, filters)
        return read_frame(
            self.db,
            f"SELECT p.id AS place_id, {_PLACE_COLUMNS}, c.mentions, c.articles, c.corrected FROM"
            " (SELECT x.place_id, CAST(SUM(x.n) AS BIGINT) AS mentions, COUNT(*) AS articles,"
            "  CAST(SUM(x.corrected) AS BIGINT) AS corrected"
            f"  FROM ({sql}) x GROUP BY x.place_id) c"
            " JOIN places p ON p.id = c.place_id ORDER BY c.mentions DESC, p.name",
            params,
        )

    def summary(self, filters: Filters = NO_FILTERS) -> Summary:
        """How many places, mentions and articles the view shows under every one of ``filters``."""
        totals = aggregates.summary(self.db, filters)
        if totals is not None:
            return Summary(*totals)
        sql, params = pairs(self.db.dialect, filters)
        _, rows = self.db.query(
            "SELECT COUNT(DISTINCT x.place_id), CAST(COALESCE(SUM(x.n), 0) AS BIGINT), COUNT(DISTINCT x.article_id)"
            f" FROM ({sql}) x",
            params,
        )
        places, mentions, articles = rows[0]
        return Summary(places=int(places), mentions=int(mentions), articles=int(articles),
                       undated=self._undated(filters) if filters.dated else 0)

    def _undated(self, filters: Filters) -> int:
        """How many articles with no date the filters other than the date range keep."""
        sql, params = pairs(self.db.dialect, filters.without("date_from", "date_to"))
        _, rows = self.db.query(
            f"SELECT COUNT(DISTINCT x.article_id) FROM ({sql}) x"
            " WHERE x.article_id IN (SELECT id FROM articles WHERE published IS NULL)",
            params,
        )
        return int(rows[0][0])

    def excerpts(self, place_id: str, filters: Filters = NO_FILTERS, *, limit: int | None = 1000) -> pd.DataFrame:
        """One row per mention of ``place_id`` under ``filters``, newest first
        (at most ``limit``; ``None`` for all).

        Columns: article_id, title, source, published, language, paragraph,
        sentence (its text), start, end (the mention's offsets within
        ``sentence``), text (the mention as written), mention_id,
        correction_id (None unless a journalist corrected it), sentence_start,
        relation ("west" in "30 km west of Kabul", or None) and distance_km (30.0, or None).
        """
        where, params = mention_conditions(self.db.dialect, filters, "a")
        sql = (
            "SELECT a.id AS article_id, a.title, a.source, a.published, a.language, m.paragraph,"
            " substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence,"
            " m.span_start - m.sentence_start AS start, m.span_end - m.sentence_start AS \"end\","
            " m.text, m.id AS mention_id, m.correction_id, m.sentence_start, m.relation, m.distance_km"
            f" FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.place_id = ? AND {where}"
            " ORDER BY a.published DESC, a.id DESC, m.span_start"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return read_frame(self.db, sql, [place_id, *params])

    def article(self, article_id: int) -> Article | None:
        """The stored article, or None."""
        _, rows = self.db.query(
            "SELECT title, text, source, url, language, published, id FROM articles WHERE id = ?", (int(article_id),)
        )
        if not rows:
            return None
        title, text, source, url, language, published, id_ = rows[0]
        return Article(
            title=title, text=text, source=source, url=url, language=language,
            published=dt.date.fromisoformat(published) if published else None, id=id_,
        )

    def article_mentions(
        self, article_id: int, start: int | None = None, end: int | None = None, *, limit: int | None = None
    ) -> pd.DataFrame:
        """Every mention of one article in text order, corrected ones included; with ``start`` and ``end``
        only those starting in ``text[start:end]`` (a page of it), and at most the first ``limit``.

        Columns: mention_id, start, end, text, place_id (None when marked "not
        a place", and then None for every place column), name, name_ar, kind,
        country_code, admin1, admin2, lat, lon, role, relation, confidence,
        sentence_start, sentence_end, paragraph, parsed_place_id, correction_id,
        alternatives (the parser's next-best ``[[place_id, share], ...]`` as JSON text, or None), distance_km.
        """
        where, params = "m.article_id = ?", [int(article_id)]
        if start is not None:
            where, params = f"{where} AND m.span_start >= ?", [*params, int(start)]
        if end is not None:
            where, params = f"{where} AND m.span_start < ?", [*params, int(end)]
        bound = "" if limit is None else " LIMIT ?"
        return read_frame(
            self.db,
            f"SELECT {_MENTION_COLUMNS} FROM mentions m LEFT JOIN places p ON p.id = m.place_id WHERE {where}"
            f" ORDER BY m.span_start, m.span_end{bound}",
            params if limit is None else [*params, int(limit)],
        )

    def first_mentions(self, article_id: int, *, demonyms: bool = False) -> pd.DataFrame:
        """The first mention of each place one article names, in text order, demonyms left out unless
        ``demonyms``: a row a place however long the article (a story's steps); :meth:`article_mentions`'s
        columns."""
        role, m_role = ("", "") if demonyms else (" AND role <> ?", " AND m.role <> ?")
        params = [int(article_id)] + ([] if demonyms else ["demonym"])
        return read_frame(
            self.db,
            f"SELECT {_MENTION_COLUMNS} FROM mentions m JOIN (SELECT place_id, MIN(span_start) AS first FROM mentions"
            f" WHERE article_id = ? AND place_id IS NOT NULL{role} GROUP BY place_id) f"
            " ON f.place_id = m.place_id AND f.first = m.span_start"
            f" LEFT JOIN places p ON p.id = m.place_id WHERE m.article_id = ?{m_role}"
            " ORDER BY m.span_start, m.span_end",
            [*params, *params],
        )

    def mention(self, mention_id: int) -> dict | None:
        """One mention with its article's id, title and language, its sentence's text and its place
        (the columns of :meth:`article_mentions`, and ``article_id``, ``title``, ``language``,
        ``sentence``, ``parsed_name``), or None."""
        frame = read_frame(
            self.db,
            "SELECT m.id AS mention_id, m.article_id, a.title, a.language, m.span_start AS start,"
            " m.span_end AS \"end\", m.text, m.place_id,"
            f" {_PLACE_COLUMNS}, m.role, m.sentence_start, m.sentence_end, m.paragraph, m.parsed_place_id,"
            " q.name AS parsed_name, m.correction_id, m.alternatives,"
            " substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence"
            " FROM mentions m JOIN articles a ON a.id = m.article_id LEFT JOIN places p ON p.id = m.place_id"
            " LEFT JOIN places q ON q.id = m.parsed_place_id WHERE m.id = ?",
            (int(mention_id),),
        )
        return None if frame.empty else frame.to_dict("records")[0]

    def articles(self, limit: int | None = None) -> pd.DataFrame:
        """The stored articles, newest first, without their text: every one, or the newest ``limit``.

        Columns: article_id, title, source, url, language, published,
        added_at, parser_version, gazetteer_version, mentions, places.
        """
        return read_frame(
            self.db,
            "SELECT id AS article_id, title, source, url, language, published, added_at, parser_version,"
            " gazetteer_version, mention_count AS mentions, place_count AS places"
            " FROM articles ORDER BY published DESC, id DESC" + ("" if limit is None else " LIMIT ?"),
            () if limit is None else (limit,),
        )

    def date_bounds(self) -> tuple[str, str] | None:
        """The first and last publication dates stored (ISO), or ``None`` when no article is dated: two
        lookups in the date index, not a read of every article."""
        (first, last), = self.db.query("SELECT MIN(published), MAX(published) FROM articles")[1]
        return None if first is None else (first, last)

    def count_articles(self) -> int:
        """How many articles are stored."""
        return self.db.query("SELECT COUNT(*) FROM articles")[1][0][0]

    def facets(self, filters: Filters = NO_FILTERS) -> dict[str, pd.DataFrame]:
        """Counts for each of :data:`~geo.store.facets.FACETS`, keyed by its URL parameter.

        Each frame has columns value, label, count, most first: how many
        mentions choosing the value would give under every filter but the
        facet's own. ``label`` is the article's title for the article facet and
        the value otherwise; ``value`` is an int for the article facet, a str
        otherwise.
        """
        # Facets whose filters come out the same share one aggregate (a CTE).
        groups: dict[tuple[str, Filters], list[Facet]] = {}
        for facet in FACETS:
            groups.setdefault((facet.table, filters.without(facet.field)), []).append(facet)
        frames = [self._count_group(table, f, group) for (table, f), group in groups.items()]
        both = pd.concat(frames, ignore_index=True)
        out = {}
        for facet in FACETS:
            frame = facet.values(both[both["facet"] == facet.param].drop(columns="facet"))
            out[facet.param] = frame.sort_values(["count", "value"], ascending=[False, True]).reset_index(drop=True)
        return out

    def _count_group(self, table: str, filters: Filters, group: list[Facet]) -> pd.DataFrame:
        """The ``(facet, value, label, count)`` rows of facets on one table that share their filters."""
        totals = aggregates.facet_group(self.db, table, filters, group)
        if totals is not None:
            return totals
        sql, params = pairs(self.db.dialect, filters)
        key = "place_id" if table == "places" else "article_id"
        columns = ", ".join(
            f"t.{c}" for c in dict.fromkeys(c for facet in group for c in (facet.column, facet.label_column) if c)
        )
        # One join of the aggregate to its table, shared by the facets of the group.
        return read_frame(
            self.db,
            f"WITH c AS MATERIALIZED (SELECT {columns}, x.n FROM"
            f" (SELECT x.{key}, SUM(x.n) AS n FROM ({sql}) x GROUP BY x.{key}) x"
            f" JOIN {table} t ON t.id = x.{key}) " + " UNION ALL ".join(facet.count_sql() for facet in group),
            params,
        )

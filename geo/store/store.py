"""The :class:`Store`: one object over the schema, the writes, the corrections and the page queries.

It opens the database (:mod:`~geo.store.connection`), migrates it
(:mod:`~geo.store.schema`), and hands each call to the part that does it:
:class:`~geo.store.writes.ArticleWriter`,
:class:`~geo.store.corrections.Corrections`, :class:`~geo.store.aliases.Aliases`,
:class:`~geo.store.stories.Stories` or :class:`~geo.store.queries.Queries`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

import pandas as pd

from geo.records import Article, ParseResult, Place
from geo.store.aliases import Aliases
from geo.store.connection import Database
from geo.store.corrections import Corrections
from geo.store.filters import NO_FILTERS, Filters
from geo.store.mentions_export import mentions
from geo.store.provinces import divisions
from geo.store.queries import Queries, Summary
from geo.store.schema import migrate
from geo.store.stories import Stories
from geo.store.writes import ArticleWriter
from geo.story import Story


class Store:
    """Articles and mentions in SQLite or PostgreSQL, behind one interface.

    Open one with :meth:`open`; it is safe to share between threads (calls
    are serialised on one connection) and between processes (each write is
    one transaction). Use it as a context manager or call :meth:`close`.
    """

    def __init__(self, db: Database) -> None:
        migrate(db)
        self._db = db
        self._corrections = Corrections(db)
        self._aliases = Aliases(db)
        self._writer = ArticleWriter(db, self._corrections)
        self._queries = Queries(db)
        self._stories = Stories(db)

    @classmethod
    def open(cls, url: str | os.PathLike | None = None) -> Store:
        """Open (creating and migrating if need be) the store at ``url``.

        ``None`` means ``$KHARITA_DB`` or else ``data/kharita.db``
        (:func:`geo.config.store_url`). URLs: ``postgresql://...`` (or
        ``postgres://``), ``sqlite:///abs/path``, ``sqlite://rel/path`` or a
        plain file path. Raises :class:`~geo.exc.StoreUnavailable` when the
        database cannot be opened or reached.
        """
        return cls(Database(url))

    @property
    def url(self) -> str:
        """The store's URL (``sqlite://<path>`` for a SQLite file)."""
        return self._db.url

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._db.dialect.name

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- articles in (geo.store.writes)

    def add_article(
        self, article: Article, result: ParseResult, *, parser_version: str, gazetteer_version: str
    ) -> tuple[int, bool]:
        """Save an article and its mentions in one transaction; ``(article_id, added)``.

        ``added`` is False when an article with the same text is already
        stored, and then nothing is written.
        """
        return self._writer.add_article(
            article, result, parser_version=parser_version, gazetteer_version=gazetteer_version
        )

    def replace_mentions(
        self, article_id: int, result: ParseResult, *, parser_version: str, gazetteer_version: str
    ) -> int:
        """Swap an article's mentions for a new parse, keeping its corrections; the mentions now stored."""
        return self._writer.replace_mentions(
            article_id, result, parser_version=parser_version, gazetteer_version=gazetteer_version
        )

    def stale_articles(self, parser_version: str, gazetteer_version: str) -> list[int]:
        """Ids of the articles parsed with another parser or gazetteer version."""
        return self._writer.stale_articles(parser_version, gazetteer_version)

    def has_content(self, text: str) -> int | None:
        """The id of the article whose text is ``text``, if stored."""
        return self._writer.has_content(text)

    # ---- corrections (geo.store.corrections) and aliases (geo.store.aliases)

    def add_correction(
        self,
        article_id: int,
        *,
        who: str,
        span: tuple[int, int] | None = None,
        surface: str | None = None,
        everywhere: bool = False,
        place: Place | str | None = None,
        point: tuple[float, float] | None = None,
        point_name: str | None = None,
        not_a_place: bool = False,
        note: str | None = None,
    ) -> int:
        """Record a journalist's correction and apply it; returns its id.

        Say which mentions: ``span=(start, end)`` for one mention,
        ``surface="قلعة ناو"`` for every mention with that text in the
        article, and ``everywhere=True`` with it for every article, future
        ones too. Say what it is: ``place`` (a :class:`Place`, or the id of a
        place already in the store), ``point=(lat, lon)`` (with
        ``point_name``) for a spot the gazetteer lacks, or
        ``not_a_place=True``. A span the parser missed becomes a new mention.
        The latest correction touching a mention wins; corrections survive
        :meth:`replace_mentions`. Raises :class:`~geo.exc.BadInput` for a
        correction that cannot apply.
        """
        return self._corrections.add(
            article_id, who=who, span=span, surface=surface, everywhere=everywhere, place=place, point=point,
            point_name=point_name, not_a_place=not_a_place, note=note,
        )

    def undo_correction(self, correction_id: int, *, who: str) -> list[int]:
        """Undo a correction (it stays in the trail, marked undone); the ids of the articles it touched."""
        return self._corrections.undo(correction_id, who=who)

    def corrections(self, article_id: int | None = None) -> pd.DataFrame:
        """The corrections audit trail, oldest first, undone ones included (see :meth:`Corrections.trail`)."""
        return self._corrections.trail(article_id)

    def add_alias(self, name: str, place: Place | str, *, who: str, note: str | None = None) -> int:
        """Record that ``name`` means ``place`` (a user alias), marking the articles it may change
        for reparsing; returns its id."""
        return self._aliases.add(name, place, who=who, note=note)

    def remove_alias(self, alias_id: int, *, who: str) -> None:
        """Stop using an alias (it stays in the trail), marking the articles it may change for reparsing."""
        self._aliases.remove(alias_id, who=who)

    def aliases(self, *, include_removed: bool = False) -> pd.DataFrame:
        """User aliases (see :meth:`Aliases.frame`)."""
        return self._aliases.frame(include_removed=include_removed)

    def alias_places(self) -> dict[str, Place]:
        """Each user alias in use → its place: what the geoparser is given."""
        return self._aliases.places()

    # ---- stories for the Present page (geo.store.stories)

    def save_story(self, story: Story) -> int:
        """Save ``story`` under its name, replacing any story of that name; returns its id
        (:class:`~geo.exc.BadInput` for no name or no steps)."""
        return self._stories.save(story)

    def story(self, name: str) -> Story | None:
        """The story saved as ``name``, or None."""
        return self._stories.get(name)

    def stories(self) -> pd.DataFrame:
        """Every saved story, the latest first (see :meth:`Stories.frame`)."""
        return self._stories.frame()

    def delete_story(self, name: str) -> bool:
        """Delete the story saved as ``name``; whether there was one."""
        return self._stories.delete(name)

    def revision(self) -> int:
        """A number that moves with every write (articles, reparses, corrections, aliases)."""
        return int(self._db.query("SELECT n FROM store_revision WHERE id = 1")[1][0][0])

    # ---- the pages' queries (geo.store.queries)

    def places(self, filters: Filters = NO_FILTERS) -> pd.DataFrame:
        """One row per place mentioned under ``filters``, most mentioned first (see :meth:`Queries.places`)."""
        return self._queries.places(filters)

    def summary(self, filters: Filters = NO_FILTERS) -> Summary:
        """How many places, mentions and articles the view shows under all of ``filters``."""
        return self._queries.summary(filters)

    def excerpts(self, place_id: str, filters: Filters = NO_FILTERS, *, limit: int | None = 1000) -> pd.DataFrame:
        """One row per mention of ``place_id`` under ``filters``, newest first (see :meth:`Queries.excerpts`)."""
        return self._queries.excerpts(place_id, filters, limit=limit)

    def mentions(self, filters: Filters = NO_FILTERS, *, limit: int | None = None) -> pd.DataFrame:
        """Every mention under ``filters``, for exports (see :func:`geo.store.mentions_export.mentions`)."""
        return mentions(self._db, filters, limit=limit)

    def article(self, article_id: int) -> Article | None:
        """The stored article, or None."""
        return self._queries.article(article_id)

    def article_mentions(
        self, article_id: int, start: int | None = None, end: int | None = None, *, limit: int | None = None
    ) -> pd.DataFrame:
        """The mentions of one article in text order, those starting in ``text[start:end]`` when given, at most
        ``limit`` (see :meth:`Queries.article_mentions`)."""
        return self._queries.article_mentions(article_id, start, end, limit=limit)

    def first_mentions(self, article_id: int, *, demonyms: bool = False) -> pd.DataFrame:
        """The first mention of each place an article names, in text order (see :meth:`Queries.first_mentions`)."""
        return self._queries.first_mentions(article_id, demonyms=demonyms)

    def mention(self, mention_id: int) -> dict | None:
        """One mention, its sentence and its place, or None (see :meth:`Queries.mention`)."""
        return self._queries.mention(mention_id)

    def articles(self, limit: int | None = None) -> pd.DataFrame:
        """The stored articles, newest first, without their text: all, or the newest ``limit`` (see
        :meth:`Queries.articles`)."""
        return self._queries.articles(limit)

    def date_bounds(self) -> tuple[dt.date, dt.date] | None:
        """The first and last publication dates stored, or ``None`` when no article is dated."""
        bounds = self._queries.date_bounds()
        return None if bounds is None else tuple(dt.date.fromisoformat(day[:10]) for day in bounds)

    def count_articles(self) -> int:
        """How many articles are stored."""
        return self._queries.count_articles()

    def provinces(
        self, filters: Filters = NO_FILTERS, *, province: str | None = None, listed: Sequence[str] = ()
    ) -> pd.DataFrame:
        """Counts by province under ``filters``, or by district of ``province``; each of ``listed`` too, zeros
        included. A row equals :meth:`summary` with the row's province (district) chosen (see
        :func:`geo.store.provinces.divisions`)."""
        return divisions(self._db, filters, province=province, listed=listed)

    def facets(self, filters: Filters = NO_FILTERS) -> dict[str, pd.DataFrame]:
        """``{param: DataFrame(value, label, count)}`` for every facet (see :meth:`Queries.facets`)."""
        return self._queries.facets(filters)

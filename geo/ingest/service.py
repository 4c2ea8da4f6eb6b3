"""Geoparsing articles into the store: one transaction an article, reparsing what an older parser read.

    ingestor = Ingestor(Store.open())          # the real geoparser, loaded on first use
    for result in ingestor.ingest_paths(["data/articles"]):
        print(result)

Storing the same text again is a no-op reported as ``unchanged``. A caller
that shows progress passes ``progress``: it hears each of :data:`STAGES` as
it starts, for each article of an input. An input
that cannot be read or parsed becomes an ``error`` result, and the rest of
the batch carries on; a missing gazetteer or an unreachable store
(:class:`geo.exc.KharitaError` that is not bad input) stops it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo import config
from geo.config import REPO
from geo.exc import BadInput, KharitaError
from geo.ingest.article import make_article
from geo.ingest.errors import IngestError, ParserError
from geo.ingest.readers import Read, expand_paths, read_bytes, read_path, too_large
from geo.records import Article, ParseResult
from geo.store import Store

#: The seed articles, ingested when a store is empty.
SEED_DIR = REPO / "data" / "articles"

#: The stages of an input's ingest, in order: reading the file, then geoparsing and saving each article.
STAGES = ("reading", "geoparsing", "saving")
#: Hears ``(stage, article, articles)`` as each stage starts: the article's number from 0 of how many the
#: input holds (while reading, 0 of 1).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class Parser:
    """A geoparser and the versions its results are stamped with.

    ``parse(text, lang=..., aliases=...)`` returns a :class:`ParseResult`;
    ``aliases`` are the store's user aliases (name → place). An article whose
    stamp differs from the current parser's is stale, and is reparsed.
    """

    parse: Callable[..., ParseResult]
    version: str
    gazetteer_version: str


def default_parser() -> Parser:
    """The real geoparser; its gazetteer is opened (or built) on the first parse, not here."""
    from geo import geoparse
    from geo.gazetteer import data_version

    return Parser(geoparse.parse, geoparse.parser_version(), data_version())


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What happened to one input: ``added``, ``unchanged``, ``reparsed`` or ``error``; ``message`` says why it
    failed, or what was dropped or cut on the way in (notes)."""

    origin: str
    status: str
    article_id: int | None = None
    title: str | None = None
    mentions: int = 0
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "error"

    @classmethod
    def failed(cls, origin: str, error: IngestError, **fields: Any) -> IngestResult:
        """An ``error`` result; the message drops the origin the error names, as the result names it."""
        return cls(origin, "error", message=str(error).removeprefix(f"{origin}: "), **fields)

    def __str__(self) -> str:
        if self.status == "error":
            return f"error      {self.origin}: {self.message}"
        detail = f"#{self.article_id} {self.title!r}"
        if self.status != "unchanged":
            detail += f" ({self.mentions} mentions)"
            detail += f"; {self.message}" if self.message else ""
        return f"{self.status:<10} {self.origin}: {detail}"


class Ingestor:
    """Puts articles into a :class:`Store`, geoparsed by ``parser`` (by default :func:`default_parser`)."""

    def __init__(self, store: Store, parser: Parser | None = None, *, max_bytes: int | None = None) -> None:
        self.store = store
        self.max_bytes = max_bytes or config.max_upload_bytes()
        self._parser = parser

    @property
    def parser(self) -> Parser:
        if self._parser is None:
            self._parser = default_parser()
        return self._parser

    def stale_articles(self) -> list[int]:
        """The ids of the stored articles another parser or gazetteer version parsed."""
        return self.store.stale_articles(self.parser.version, self.parser.gazetteer_version)

    def ingest_article(
        self, article: Article, origin: str = "(article)", stage: Callable[[str], None] | None = None,
        notes: Iterable[str] = (),
    ) -> IngestResult:
        """Geoparse and store one article: ``added`` or ``unchanged``; ``stage`` hears
        "geoparsing" and "saving" as they start; an added result's message is ``notes``, joined.

        Raises :class:`IngestError` (e.g. :class:`ParserError`); nothing is
        stored then.
        """
        existing = self.store.has_content(article.text)
        if existing is not None:  # skip the parse: the hash says we have it
            return IngestResult(origin, "unchanged", existing, article.title, message="already stored")
        stage = stage or _ignore
        stage("geoparsing")
        result = self._parse(article, origin)
        stage("saving")
        article_id, added = self.store.add_article(
            article, result, parser_version=self.parser.version, gazetteer_version=self.parser.gazetteer_version
        )
        if not added:  # someone else stored it between our check and our write
            return IngestResult(origin, "unchanged", article_id, article.title, message="already stored")
        return IngestResult(origin, "added", article_id, article.title, len(result.mentions), "; ".join(notes))

    def ingest_file(self, path: str | os.PathLike) -> list[IngestResult]:
        """Ingest one file (a JSON list or JSONL file may hold many articles)."""
        return self._ingest_read(str(path), lambda notes: read_path(path, max_bytes=self.max_bytes, notes=notes))

    def ingest_bytes(
        self, name: str, data: bytes, metadata: Mapping[str, Any] | None = None, *, progress: Progress | None = None
    ) -> list[IngestResult]:
        """Ingest an uploaded file's bytes; ``metadata`` fills what the file lacks; ``progress`` hears each stage."""
        return self._ingest_read(
            name, lambda notes: read_bytes(name, data, metadata=metadata, max_bytes=self.max_bytes, notes=notes),
            progress,
        )

    def ingest_text(
        self, text: str, *, origin: str = "(pasted text)", progress: Progress | None = None, **metadata: Any
    ) -> IngestResult:
        """Ingest pasted text; ``metadata`` are the fields title, source, url,
        published, language (with no title, the first line is the title).

        A paste is held to the upload limit (:attr:`max_bytes`, its UTF-8 size), before any cleaning or parsing.
        ``progress`` hears each of :data:`STAGES` as it starts, as a file's does: one article, 0 of 1.
        """
        progress = progress or _ignore
        progress("reading", 0, 1)
        try:
            size = len(text.encode("utf-8", "surrogatepass"))
            if size > self.max_bytes:
                raise too_large(origin, size, self.max_bytes)
            notes: list[str] = []
            article = make_article(text, metadata, origin, notes)
            return self.ingest_article(article, origin, lambda stage: progress(stage, 0, 1), notes)
        except IngestError as exc:
            return IngestResult.failed(origin, exc)

    def ingest_paths(self, paths: Iterable[str | os.PathLike]) -> Iterator[IngestResult]:
        """Ingest files, folders and globs (see :func:`expand_paths`), one result per article."""
        for path in expand_paths(paths):
            yield from self.ingest_file(path)

    def reparse(self, article_ids: Iterable[int] | None = None) -> Iterator[IngestResult]:
        """Re-geoparse every stale article (see :meth:`stale_articles`), or those of ``article_ids``,
        keeping its corrections; one ``reparsed`` result each."""
        parser = self.parser
        for article_id in self.stale_articles() if article_ids is None else article_ids:
            article = self.store.article(article_id)
            origin = f"article {article_id}"
            try:
                result = self._parse(article, origin)
            except IngestError as exc:
                yield IngestResult.failed(origin, exc, article_id=article_id, title=article.title)
                continue
            count = self.store.replace_mentions(
                article_id, result, parser_version=parser.version, gazetteer_version=parser.gazetteer_version
            )
            yield IngestResult(origin, "reparsed", article_id, article.title, count)

    def _parse(self, article: Article, origin: str) -> ParseResult:
        """The parser's result for ``article``, checked against its text; raises :class:`ParserError`."""
        try:
            result = self.parser.parse(article.text, lang=article.language or "auto",
                                       aliases=self.store.alias_places())
        except IngestError:
            raise
        except KharitaError as exc:
            if not isinstance(exc, BadInput):  # a missing gazetteer or extra: no article can fix it
                raise
            raise ParserError(f"{origin}: the geoparser refused it ({exc})") from exc
        except Exception as exc:  # a parser bug must not stop the batch
            raise ParserError(f"{origin}: the geoparser failed ({type(exc).__name__}: {exc})") from exc
        for m in result.mentions:
            if article.text[m.start:m.end] != m.text:
                raise ParserError(f"{origin}: the geoparser's mention {m.text!r} at {m.start} is not in the text")
        return result

    def _ingest_read(
        self, origin: str, read: Callable[[dict[str, list[str]]], Read], progress: Progress | None = None
    ) -> list[IngestResult]:
        """One result per article ``read`` returns (given a dict to put its notes in, by origin), or one error
        result if the input does not read."""
        progress = progress or _ignore
        progress("reading", 0, 1)
        notes: dict[str, list[str]] = {}
        try:
            items = read(notes)
        except IngestError as exc:
            return [IngestResult.failed(origin, exc)]
        results = []
        for number, (where, item) in enumerate(items):
            try:
                if isinstance(item, IngestError):
                    raise item
                results.append(self.ingest_article(
                    item, where, lambda stage, n=number: progress(stage, n, len(items)), notes.get(where, ())
                ))
            except IngestError as exc:
                results.append(IngestResult.failed(where, exc))
        return results


def _ignore(*_: Any) -> None:
    """No one is listening for progress."""


def ensure_seed(store: Store, ingestor: Ingestor | None = None, seed_dir: Path = SEED_DIR) -> list[IngestResult]:
    """Ingest the seed articles (``data/articles/``) if the store has none.

    Called on first run so that a new user sees a map at once; returns the
    results, empty when the store already had articles.
    """
    if store.count_articles():
        return []
    ingestor = ingestor or Ingestor(store)
    return list(ingestor.ingest_paths([seed_dir]))


def ensure_current(store: Store, ingestor: Ingestor | None = None, seed_dir: Path = SEED_DIR) -> list[IngestResult]:
    """What the app does on start: the seed articles into an empty store (see
    :func:`ensure_seed`), and a fresh parse of every article an older geoparser
    or gazetteer parsed, so that an update never leaves stale pins behind."""
    ingestor = ingestor or Ingestor(store)
    return ensure_seed(store, ingestor, seed_dir) + list(ingestor.reparse())

"""Saving articles and their mentions, each in one transaction, and what ingestion asks before it saves.

An article is stored once: :func:`content_hash` of its text makes a second
save of the same text a no-op. Reparsing swaps its mentions and replays its
corrections in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from geo.records import Article, Mention, ParseResult
from geo.store.connection import Database, utc_now
from geo.store.corrections import Corrections
from geo.store.rows import recount_article, save_places


def content_hash(text: str) -> str:
    """The hash that makes ingestion idempotent: SHA-256 of the stored text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ArticleWriter:
    """Writes ``articles`` and ``mentions``; corrections are replayed through ``corrections``."""

    def __init__(self, db: Database, corrections: Corrections) -> None:
        self.db = db
        self.corrections = corrections

    def add_article(
        self, article: Article, result: ParseResult, *, parser_version: str, gazetteer_version: str
    ) -> tuple[int, bool]:
        """Save an article and its mentions in one transaction.

        Returns ``(article_id, added)``; ``added`` is False when an article
        with the same text (same :func:`content_hash`) is already stored, in
        which case nothing is written.
        """
        db = self.db
        digest = content_hash(article.text)
        with db.transaction() as cur:
            row = db.run(
                cur,
                "INSERT INTO articles (title, source, url, language, published, text, content_hash, added_at,"
                " parser_version, gazetteer_version, mention_count, place_count)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)"
                " ON CONFLICT (content_hash) DO NOTHING RETURNING id",
                (
                    article.title, article.source, article.url, article.language or result.language,
                    article.published.isoformat() if article.published else None, article.text, digest,
                    utc_now(), parser_version, gazetteer_version,
                ),
            ).fetchone()
            if row is None:
                existing = db.run(cur, "SELECT id FROM articles WHERE content_hash = ?", (digest,)).fetchone()
                return existing[0], False
            article_id = row[0]
            self._save_mentions(cur, article_id, result.mentions)
        return article_id, True

    def replace_mentions(
        self, article_id: int, result: ParseResult, *, parser_version: str, gazetteer_version: str
    ) -> int:
        """Swap an article's mentions for a new parse, keeping its corrections.

        One transaction; returns the number of mentions now stored.
        """
        db = self.db
        with db.transaction() as cur:
            db.run(cur, "DELETE FROM mentions WHERE article_id = ?", (article_id,))
            self._save_mentions(cur, article_id, result.mentions)
            db.run(
                cur,
                "UPDATE articles SET parser_version = ?, gazetteer_version = ? WHERE id = ?",
                (parser_version, gazetteer_version, article_id),
            )
            return db.run(cur, "SELECT mention_count FROM articles WHERE id = ?", (article_id,)).fetchone()[0]

    def stale_articles(self, parser_version: str, gazetteer_version: str) -> list[int]:
        """Ids of the articles parsed with another parser or gazetteer version."""
        _, rows = self.db.query(
            "SELECT id FROM articles WHERE parser_version <> ? OR gazetteer_version <> ? ORDER BY id",
            (parser_version, gazetteer_version),
        )
        return [r[0] for r in rows]

    def has_content(self, text: str) -> int | None:
        """The id of the article whose text is ``text``, if stored."""
        _, rows = self.db.query("SELECT id FROM articles WHERE content_hash = ?", (content_hash(text),))
        return rows[0][0] if rows else None

    def _save_mentions(self, cur: Any, article_id: int, mentions: Sequence[Mention]) -> None:
        """Insert the parsed mentions, replay the article's corrections, and recount it."""
        save_places(self.db, cur, [m.place for m in mentions])
        self.db.run_many(
            cur,
            "INSERT INTO mentions (article_id, span_start, span_end, text, place_id, parsed_place_id, role,"
            " relation, confidence, sentence_start, sentence_end, paragraph, alternatives, distance_km)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (article_id, m.start, m.end, m.text, m.place.id, m.place.id, m.role, m.relation,
                 float(m.confidence), m.sentence[0], m.sentence[1], m.paragraph,
                 json.dumps([[place_id, share] for place_id, share in m.alternatives]) if m.alternatives else None,
                 None if m.distance_km is None else float(m.distance_km))
                for m in mentions
            ],
        )
        self.corrections.replay(cur, article_id)
        recount_article(self.db, cur, article_id)

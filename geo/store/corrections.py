"""Journalists' corrections to mentions, and their aliases (a name that means a place), kept for good.

Corrections are an audit trail that is never deleted. Each is applied to the
mentions it touches when made, and replayed (:meth:`Corrections.replay`)
whenever the article is reparsed, so every read shows the corrected place, or
hides a mention marked "not a place". A span the parser missed becomes a new
mention, placed in its sentence and paragraph by :class:`geo.text.Layout`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from geo.exc import BadInput
from geo.records import Place
from geo.store.connection import Database, utc_now
from geo.store.queries import read_frame
from geo.store.rows import place_exists, recount_article, save_places
from geo.text import Layout


class Corrections:
    """Writes and reads the ``corrections`` and ``user_aliases`` tables."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self,
        article_id: int,
        *,
        who: str,
        span: tuple[int, int] | None = None,
        surface: str | None = None,
        place: Place | str | None = None,
        point: tuple[float, float] | None = None,
        point_name: str | None = None,
        not_a_place: bool = False,
        note: str | None = None,
    ) -> int:
        """Record a correction and apply it; returns its id (see :meth:`geo.store.Store.add_correction`).

        Raises :class:`~geo.exc.BadInput` when it does not say which mention,
        or says more than one thing it is, or names an unknown article or place.
        """
        if (span is None) == (surface is None):
            raise BadInput("a correction names either a span or a surface form, not both")
        if sum([place is not None, point is not None, not_a_place]) != 1:
            raise BadInput("a correction says exactly one of: place, point, not_a_place")
        if not who:
            raise BadInput("a correction needs a 'who'")
        db = self.db
        with db.transaction() as cur:
            row = db.run(cur, "SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise BadInput(f"no article {article_id}")
            text = row[0]
            if span is not None and not (0 <= span[0] < span[1] <= len(text)):
                raise BadInput(f"span {span} is outside article {article_id}")
            lat = lon = place_id = None
            if not_a_place:
                action = "not_place"
            elif point is not None:
                action, (lat, lon) = "point", (float(point[0]), float(point[1]))
                place_id = f"custom:{lat:.5f},{lon:.5f}"
                db.run(
                    cur,
                    "INSERT INTO places (id, name, kind, lat, lon) VALUES (?, ?, 'custom', ?, ?)"
                    " ON CONFLICT (id) DO NOTHING",
                    (place_id, point_name or surface or text[span[0]:span[1]], lat, lon),
                )
            else:
                action, place_id = "place", self._known_place(cur, place)
            start, end = span if span is not None else (None, None)
            correction_id = db.run(
                cur,
                "INSERT INTO corrections (article_id, span_start, span_end, surface, action, place_id, lat, lon,"
                " who, at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (article_id, start, end, surface, action, place_id, lat, lon, who, utc_now(), note),
            ).fetchone()[0]
            self._apply(cur, article_id, correction_id, start, end, surface, action, place_id)
            recount_article(db, cur, article_id)
        return correction_id

    def add_alias(self, name: str, place: Place | str, *, who: str, note: str | None = None) -> int:
        """Record that ``name`` means ``place`` (a user alias); returns its id.

        Raises :class:`~geo.exc.BadInput` without a name or a ``who``, or for an unknown place id.
        """
        if not name.strip() or not who:
            raise BadInput("an alias needs a name and a 'who'")
        with self.db.transaction() as cur:
            place_id = self._known_place(cur, place)
            return self.db.run(
                cur,
                "INSERT INTO user_aliases (name, place_id, who, at, note) VALUES (?, ?, ?, ?, ?) RETURNING id",
                (name.strip(), place_id, who, utc_now(), note),
            ).fetchone()[0]

    def trail(self, article_id: int | None = None) -> pd.DataFrame:
        """The corrections, oldest first (optionally of one article).

        Columns: correction_id, article_id, start, end, surface, action,
        place_id, lat, lon, who, at, note.
        """
        sql = (
            "SELECT id AS correction_id, article_id, span_start AS start, span_end AS \"end\", surface, action,"
            " place_id, lat, lon, who, at, note FROM corrections"
        )
        if article_id is None:
            return read_frame(self.db, sql + " ORDER BY id")
        return read_frame(self.db, sql + " WHERE article_id = ? ORDER BY id", (int(article_id),))

    def aliases(self) -> pd.DataFrame:
        """User aliases, oldest first. Columns: alias_id, name, place_id, who, at, note."""
        return read_frame(self.db, "SELECT id AS alias_id, name, place_id, who, at, note FROM user_aliases ORDER BY id")

    def replay(self, cur: Any, article_id: int) -> None:
        """Apply the article's corrections again, oldest first, to its freshly saved mentions."""
        rows = self.db.run(
            cur,
            "SELECT id, span_start, span_end, surface, action, place_id FROM corrections"
            " WHERE article_id = ? ORDER BY id",
            (article_id,),
        ).fetchall()
        for row in rows:
            self._apply(cur, article_id, *row)

    def _known_place(self, cur: Any, place: Place | str) -> str:
        """The id of ``place``, saving it if it is a :class:`Place`; a bare id must be stored already."""
        if isinstance(place, Place):
            save_places(self.db, cur, [place])
            return place.id
        if not place_exists(self.db, cur, place):
            raise BadInput(f"unknown place {place!r}: pass the Place itself")
        return place

    def _apply(
        self, cur: Any, article_id: int, correction_id: int, start: int | None, end: int | None,
        surface: str | None, action: str, place_id: str | None,
    ) -> None:
        db = self.db
        if start is None:
            db.run(
                cur,
                "UPDATE mentions SET place_id = ?, correction_id = ? WHERE article_id = ? AND text = ?",
                (place_id, correction_id, article_id, surface),
            )
            return
        updated = db.run(
            cur,
            "UPDATE mentions SET place_id = ?, correction_id = ?"
            " WHERE article_id = ? AND span_start = ? AND span_end = ?",
            (place_id, correction_id, article_id, start, end),
        ).rowcount
        if updated or action == "not_place":
            return
        text = db.run(cur, "SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
        layout = Layout(text)
        # The sentence from the one the mention starts in to the one it ends in.
        sentence = (min(layout.sentence(start)[0], start), max(layout.sentence(end - 1)[1], end))
        db.run(
            cur,
            "INSERT INTO mentions (article_id, span_start, span_end, text, place_id, parsed_place_id, correction_id,"
            " role, relation, confidence, sentence_start, sentence_end, paragraph)"
            " VALUES (?, ?, ?, ?, ?, NULL, ?, 'literal', NULL, 1.0, ?, ?, ?)",
            (article_id, start, end, text[start:end], place_id, correction_id, *sentence, layout.paragraph(start)),
        )

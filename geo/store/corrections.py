"""Journalists' corrections to mentions: recorded with who, when and why, applied, replayed, undone.

A correction says which mentions (its *scope*) and what they are:

- ``mention``: one span of one article; a span the parser missed becomes a new
  mention, placed in its sentence and paragraph by :class:`geo.text.Layout`,
  and the parser's mentions it overlaps are hidden;
- ``article``: every mention of a surface form in one article;
- ``everywhere``: every mention of a surface form in every article, the ones
  added later included (a rule).

Surface forms match on their normalised key (:func:`geo.text.normalize`), so
diacritics and case do not matter. The trail is never deleted: undoing a
correction stamps it ``undone_at`` and rebuilds the articles it touched from
what the parser said plus the corrections still in force, oldest first, so
the latest correction touching a mention wins. The same replay runs whenever
an article is reparsed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from geo.exc import BadInput
from geo.records import Place
from geo.store.connection import Database, utc_now
from geo.store.queries import read_frame
from geo.store.rows import place_exists, recount_article, save_places
from geo.text import Layout, normalize

#: What a correction can cover, narrowest first.
SCOPES = ("mention", "article", "everywhere")
#: What a correction can say a mention is.
ACTIONS = ("place", "point", "not_place")

_ACTIVE = (
    "SELECT id, scope, span_start, span_end, surface, action, place_id FROM corrections"
    " WHERE undone_at IS NULL AND (article_id = ? OR scope = 'everywhere') ORDER BY id"
)


class Corrections:
    """Writes and reads the ``corrections`` table, and applies it to ``mentions``."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
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
        """Record a correction and apply it; returns its id (see :meth:`geo.store.Store.add_correction`).

        Raises :class:`~geo.exc.BadInput` when it does not say which mention,
        or says more than one thing it is, or names an unknown article or place.
        """
        if (span is None) == (surface is None):
            raise BadInput("a correction names either a span or a surface form, not both")
        if everywhere and surface is None:
            raise BadInput("a correction for every article names a surface form")
        if surface is not None and not normalize(surface):
            raise BadInput("a correction's surface form is blank")
        if sum([place is not None, point is not None, not_a_place]) != 1:
            raise BadInput("a correction says exactly one of: place, point, not_a_place")
        if not (who or "").strip():
            raise BadInput("a correction needs a 'who'")
        scope = "mention" if span is not None else "everywhere" if everywhere else "article"
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
                action, (lat, lon) = "point", _checked_point(point)
                place_id = f"custom:{lat:.5f},{lon:.5f}"
                name = (point_name or "").strip() or surface or text[span[0]:span[1]]
                db.run(
                    cur,
                    "INSERT INTO places (id, name, kind, lat, lon) VALUES (?, ?, 'custom', ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET name = excluded.name",
                    (place_id, name, lat, lon),
                )
            else:
                action, place_id = "place", self._known_place(cur, place)
            start, end = span if span is not None else (None, None)
            correction = (
                db.run(
                    cur,
                    "INSERT INTO corrections (article_id, scope, span_start, span_end, surface, action, place_id,"
                    " lat, lon, who, at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (article_id, scope, start, end, surface, action, place_id, lat, lon, who.strip(), utc_now(),
                     note),
                ).fetchone()[0],
                scope, start, end, surface, action, place_id,
            )
            targets = self._articles_naming(cur, surface) if scope == "everywhere" else [article_id]
            for target in targets:
                self._apply(cur, target, text if target == article_id else None, correction)
                recount_article(db, cur, target)
        return correction[0]

    def undo(self, correction_id: int, *, who: str) -> list[int]:
        """Undo a correction: the mentions it touched show the parser's place again (or a
        correction still in force). Returns the ids of the articles rebuilt.

        Raises :class:`~geo.exc.BadInput` for an unknown correction, one already undone, or no ``who``.
        """
        if not (who or "").strip():
            raise BadInput("undoing a correction needs a 'who'")
        db = self.db
        with db.transaction() as cur:
            row = db.run(
                cur, "SELECT article_id, undone_at FROM corrections WHERE id = ?", (int(correction_id),)
            ).fetchone()
            if row is None:
                raise BadInput(f"no correction {correction_id}")
            if row[1] is not None:
                raise BadInput(f"correction {correction_id} is already undone")
            db.run(cur, "UPDATE corrections SET undone_at = ?, undone_by = ? WHERE id = ?",
                   (utc_now(), who.strip(), int(correction_id)))
            touched = {row[0]} | {
                r[0] for r in db.run(
                    cur, "SELECT DISTINCT article_id FROM mentions WHERE correction_id = ?", (int(correction_id),)
                ).fetchall()
            }
            for article_id in sorted(touched):
                self.rebuild(cur, article_id)
        return sorted(touched)

    def rebuild(self, cur: Any, article_id: int) -> None:
        """Reset an article's mentions to what the parser said, then replay its corrections."""
        db = self.db
        db.run(cur, "DELETE FROM mentions WHERE article_id = ? AND parsed_place_id IS NULL", (article_id,))
        db.run(cur, "UPDATE mentions SET place_id = parsed_place_id, correction_id = NULL WHERE article_id = ?",
               (article_id,))
        self.replay(cur, article_id)
        recount_article(db, cur, article_id)

    def replay(self, cur: Any, article_id: int) -> None:
        """Apply the corrections in force on the article, oldest first, to its freshly saved mentions."""
        rows = self.db.run(cur, _ACTIVE, (article_id,)).fetchall()
        text = None
        for row in rows:
            if text is None and row[1] == "mention":
                text = self.db.run(cur, "SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
            self._apply(cur, article_id, text, row)

    def trail(self, article_id: int | None = None) -> pd.DataFrame:
        """Every correction, oldest first (optionally those made on one article), undone ones included.

        Columns: correction_id, article_id, title, scope, start, end,
        surface, text (the surface form, or the span's text), action,
        place_id, place_name, lat, lon, who, at, note, undone_at, undone_by.
        """
        sql = (
            "SELECT c.id AS correction_id, c.article_id, a.title, c.scope, c.span_start AS start,"
            " c.span_end AS \"end\", c.surface,"
            " COALESCE(c.surface, substr(a.text, c.span_start + 1, c.span_end - c.span_start)) AS text,"
            " c.action, c.place_id, p.name AS place_name, c.lat, c.lon,"
            " c.who, c.at, c.note, c.undone_at, c.undone_by"
            " FROM corrections c JOIN articles a ON a.id = c.article_id LEFT JOIN places p ON p.id = c.place_id"
        )
        if article_id is None:
            return read_frame(self.db, sql + " ORDER BY c.id")
        return read_frame(self.db, sql + " WHERE c.article_id = ? ORDER BY c.id", (int(article_id),))

    def _known_place(self, cur: Any, place: Place | str) -> str:
        """The id of ``place``, saving it if it is a :class:`Place`; a bare id must be stored already."""
        if isinstance(place, Place):
            save_places(self.db, cur, [place])
            return place.id
        if not place_exists(self.db, cur, place):
            raise BadInput(f"unknown place {place!r}: pass the Place itself")
        return place

    def _articles_naming(self, cur: Any, surface: str) -> list[int]:
        """The articles with a mention whose text has ``surface``'s key."""
        texts = _matching_texts(
            [r[0] for r in self.db.run(cur, "SELECT DISTINCT text FROM mentions").fetchall()], surface
        )
        if not texts:
            return []
        marks = ", ".join("?" * len(texts))
        return [r[0] for r in self.db.run(
            cur, f"SELECT DISTINCT article_id FROM mentions WHERE text IN ({marks}) ORDER BY article_id", texts
        ).fetchall()]

    def _apply(self, cur: Any, article_id: int, text: str | None, correction: tuple) -> None:
        """Apply one correction row ``(id, scope, start, end, surface, action, place_id)`` to one article."""
        correction_id, scope, start, end, surface, action, place_id = correction
        db = self.db
        if scope != "mention":
            texts = _matching_texts(
                [r[0] for r in db.run(
                    cur, "SELECT DISTINCT text FROM mentions WHERE article_id = ?", (article_id,)
                ).fetchall()],
                surface,
            )
            if texts:
                db.run(
                    cur,
                    "UPDATE mentions SET place_id = ?, correction_id = ?"
                    f" WHERE article_id = ? AND text IN ({', '.join('?' * len(texts))})",
                    (place_id, correction_id, article_id, *texts),
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
        # The parser's mentions this span overlaps are hidden, not deleted: undo shows them again.
        db.run(
            cur,
            "UPDATE mentions SET place_id = NULL, correction_id = ?"
            " WHERE article_id = ? AND span_start < ? AND span_end > ?",
            (correction_id, article_id, end, start),
        )
        if text is None:
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


def _matching_texts(texts: list[str], surface: str) -> list[str]:
    """The ``texts`` that normalise to ``surface``'s key.

    >>> _matching_texts(["Qala-i-Naw", "qala i naw", "Kabul"], "QALA-I-NAW")
    ['Qala-i-Naw', 'qala i naw']
    """
    key = normalize(surface)
    return [t for t in texts if normalize(t) == key]


def _checked_point(point: tuple[float, float]) -> tuple[float, float]:
    """``(lat, lon)`` as floats; raises :class:`~geo.exc.BadInput` off the globe."""
    try:
        lat, lon = float(point[0]), float(point[1])
    except (TypeError, ValueError, IndexError) as exc:
        raise BadInput(f"a point is (lat, lon), not {point!r}") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise BadInput(f"({lat}, {lon}) is not a point on the globe")
    return lat, lon

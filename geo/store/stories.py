"""Saved stories (:class:`geo.story.Story`): written, listed, read back and deleted by name.

A story is stored whole: saving under a name that exists replaces that story,
its steps and all, in one transaction, so a presenter's link to it shows the
latest version and never half of one.
"""

from __future__ import annotations

import pandas as pd

from geo.exc import BadInput
from geo.store.connection import Database, utc_now
from geo.store.queries import read_frame
from geo.store.rows import bump_revision
from geo.story import Step, Story

_STEP_COLUMNS = ("place_id", "name", "name_ar", "kind", "caption", "zoom", "lat", "lon", "paragraph")


class Stories:
    """Writes and reads the ``stories`` and ``story_steps`` tables."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, story: Story) -> int:
        """Save ``story`` under its name, replacing a story of that name; returns its id.

        Raises :class:`~geo.exc.BadInput` for a story with no name or no steps.
        """
        name = (story.name or "").strip()
        if not name:
            raise BadInput("a story needs a name")
        if not story.steps:
            raise BadInput("a story needs at least one step")
        with self.db.transaction() as cur:
            self._delete(cur, name)
            article_id = story.article_id
            if article_id is not None and self.db.run(
                cur, "SELECT 1 FROM articles WHERE id = ?", (int(article_id),)
            ).fetchone() is None:
                article_id = None
            story_id = self.db.run(
                cur, "INSERT INTO stories (name, article_id, saved_at) VALUES (?, ?, ?) RETURNING id",
                (name, article_id, utc_now()),
            ).fetchone()[0]
            self.db.run_many(
                cur,
                f"INSERT INTO story_steps (story_id, position, {', '.join(_STEP_COLUMNS)})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(story_id, position, *(getattr(step, column) for column in _STEP_COLUMNS))
                 for position, step in enumerate(story.steps, 1)],
            )
            bump_revision(self.db, cur)
        return story_id

    def get(self, name: str) -> Story | None:
        """The story saved as ``name``, or None."""
        _, rows = self.db.query("SELECT id, name, article_id FROM stories WHERE name = ?", ((name or "").strip(),))
        if not rows:
            return None
        story_id, saved_name, article_id = rows[0]
        _, steps = self.db.query(
            f"SELECT {', '.join(_STEP_COLUMNS)} FROM story_steps WHERE story_id = ? ORDER BY position", (story_id,)
        )
        return Story(
            name=saved_name, article_id=article_id,
            steps=tuple(Step(**dict(zip(_STEP_COLUMNS, row, strict=True))) for row in steps),
        )

    def frame(self) -> pd.DataFrame:
        """Every saved story, the latest saved first. Columns: name, article_id, title (the article's, or
        None), steps, saved_at."""
        return read_frame(
            self.db,
            "SELECT s.name, s.article_id, a.title, (SELECT COUNT(*) FROM story_steps t WHERE t.story_id = s.id)"
            " AS steps, s.saved_at FROM stories s LEFT JOIN articles a ON a.id = s.article_id"
            " ORDER BY s.saved_at DESC, s.id DESC",
        )

    def delete(self, name: str) -> bool:
        """Delete the story saved as ``name``; whether there was one."""
        with self.db.transaction() as cur:
            found = self._delete(cur, (name or "").strip())
            if found:
                bump_revision(self.db, cur)
        return found

    def _delete(self, cur, name: str) -> bool:
        row = self.db.run(cur, "SELECT id FROM stories WHERE name = ?", (name,)).fetchone()
        if row is None:
            return False
        # Steps first: SQLite enforces the cascade only where foreign keys are on.
        self.db.run(cur, "DELETE FROM story_steps WHERE story_id = ?", (row[0],))
        self.db.run(cur, "DELETE FROM stories WHERE id = ?", (row[0],))
        return True

"""The rows every kind of write keeps in step: the places mentions point at, and each article's counts.

Saving an article, reparsing it and correcting it all end here, inside their
own transaction, so ``places``, ``article_places`` and the article's counts
never disagree with its mentions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geo.records import Place
from geo.store import aggregates
from geo.store.connection import Database


def save_places(db: Database, cur: Any, places: Sequence[Place]) -> None:
    """Insert or update the ``places`` rows of ``places`` (the gazetteer's word is the latest)."""
    rows = {
        p.id: (
            p.id, p.name, p.names.get("ar"), p.kind, p.country_code, p.admin1, p.admin2,
            p.lat, p.lon, int(p.population or 0), "," + ",".join(p.countries) + "," if p.countries else "",
        )
        for p in places
    }
    db.run_many(
        cur,
        "INSERT INTO places (id, name, name_ar, kind, country_code, admin1, admin2, lat, lon, population,"
        " countries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_ar = excluded.name_ar,"
        " kind = excluded.kind, country_code = excluded.country_code, admin1 = excluded.admin1,"
        " admin2 = excluded.admin2, lat = excluded.lat, lon = excluded.lon,"
        " population = excluded.population, countries = excluded.countries",
        sorted(rows.values()),  # a fixed order, so concurrent writers lock rows alike
    )


def place_exists(db: Database, cur: Any, place_id: str) -> bool:
    """Whether ``places`` holds ``place_id``."""
    return db.run(cur, "SELECT 1 FROM places WHERE id = ?", (place_id,)).fetchone() is not None


def recount_article(db: Database, cur: Any, article_id: int) -> None:
    """Rebuild the article's ``article_places`` rows, its mention and place counts and its share of the
    totals (:mod:`~geo.store.aggregates`) from its mentions."""
    aggregates.retract(db, cur, article_id)
    db.run(cur, "DELETE FROM article_places WHERE article_id = ?", (article_id,))
    db.run(
        cur,
        "INSERT INTO article_places (article_id, place_id, literal, demonym, corrected)"
        " SELECT article_id, place_id, SUM(CASE WHEN role = 'literal' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN role = 'literal' THEN 0 ELSE 1 END),"
        " SUM(CASE WHEN correction_id IS NULL THEN 0 ELSE 1 END) FROM mentions"
        " WHERE article_id = ? AND place_id IS NOT NULL GROUP BY article_id, place_id",
        (article_id,),
    )
    aggregates.record(db, cur, article_id)
    db.run(
        cur,
        "UPDATE articles SET mention_count = (SELECT COUNT(*) FROM mentions WHERE article_id = ?),"
        " place_count = (SELECT COUNT(*) FROM article_places WHERE article_id = ?) WHERE id = ?",
        (article_id, article_id, article_id),
    )
    bump_revision(db, cur)


def bump_revision(db: Database, cur: Any) -> None:
    """Move the store's revision on (see :meth:`geo.store.Store.revision`): a write's last step."""
    db.run(cur, "UPDATE store_revision SET n = n + 1 WHERE id = 1")

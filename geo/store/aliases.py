"""User aliases: a name journalists say means a place (a new press spelling), kept with who and when.

The geoparser reads them as an argument (:meth:`Aliases.places`, passed on by
:class:`geo.ingest.Ingestor`), never from the store itself. Adding or removing
one marks the articles it may change for reparsing: their parser stamp is set
to :data:`STALE`, which no parser has, so the next reparse takes them.
Removing keeps the row, stamped ``removed_at``, for the audit trail.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from geo.exc import BadInput
from geo.records import Place
from geo.store.connection import Database, utc_now
from geo.store.queries import read_frame
from geo.store.rows import bump_revision, place_exists, save_places

#: The parser stamp of an article an alias change may affect.
STALE = "stale: user aliases changed"


class Aliases:
    """Writes and reads the ``user_aliases`` table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, name: str, place: Place | str, *, who: str, note: str | None = None) -> int:
        """Record that ``name`` means ``place``; returns its id.

        Raises :class:`~geo.exc.BadInput` without a name or a ``who``, or for an unknown place id.
        """
        name = (name or "").strip()
        if not name or not (who or "").strip():
            raise BadInput("an alias needs a name and a 'who'")
        with self.db.transaction() as cur:
            if isinstance(place, Place):
                save_places(self.db, cur, [place])
                place_id = place.id
            elif place_exists(self.db, cur, place):
                place_id = place
            else:
                raise BadInput(f"unknown place {place!r}: pass the Place itself")
            alias_id = self.db.run(
                cur,
                "INSERT INTO user_aliases (name, place_id, who, at, note) VALUES (?, ?, ?, ?, ?) RETURNING id",
                (name, place_id, who.strip(), utc_now(), note),
            ).fetchone()[0]
            self._mark_stale(cur, name)
        return alias_id

    def remove(self, alias_id: int, *, who: str) -> None:
        """Stop using an alias (it stays in the trail); raises :class:`~geo.exc.BadInput` for an unknown one."""
        if not (who or "").strip():
            raise BadInput("removing an alias needs a 'who'")
        with self.db.transaction() as cur:
            row = self.db.run(
                cur, "SELECT name FROM user_aliases WHERE id = ? AND removed_at IS NULL", (int(alias_id),)
            ).fetchone()
            if row is None:
                raise BadInput(f"no alias {alias_id} in use")
            self.db.run(cur, "UPDATE user_aliases SET removed_at = ?, removed_by = ? WHERE id = ?",
                        (utc_now(), who.strip(), int(alias_id)))
            self._mark_stale(cur, row[0])

    def frame(self, *, include_removed: bool = False) -> pd.DataFrame:
        """The aliases, oldest first. Columns: alias_id, name, place_id, place_name, kind, who, at,
        note, removed_at, removed_by."""
        where = "" if include_removed else " WHERE u.removed_at IS NULL"
        return read_frame(
            self.db,
            "SELECT u.id AS alias_id, u.name, u.place_id, p.name AS place_name, p.kind, u.who, u.at, u.note,"
            " u.removed_at, u.removed_by FROM user_aliases u JOIN places p ON p.id = u.place_id"
            f"{where} ORDER BY u.id",
        )

    def places(self) -> dict[str, Place]:
        """Each alias in use → its place, for the geoparser; a later alias of a name wins."""
        _, rows = self.db.query(
            "SELECT u.name, p.id, p.name, p.name_ar, p.kind, p.country_code, p.admin1, p.admin2, p.lat, p.lon,"
            " p.population FROM user_aliases u JOIN places p ON p.id = u.place_id"
            " WHERE u.removed_at IS NULL ORDER BY u.id"
        )
        out = {}
        for alias, id_, name, name_ar, kind, cc, admin1, admin2, lat, lon, population in rows:
            names = {"en": name, **({"ar": name_ar} if name_ar else {})}
            out[alias] = Place(id=id_, name=name, kind=kind, lat=lat, lon=lon, country_code=cc, admin1=admin1,
                               admin2=admin2, population=int(population or 0), names=names)
        return out

    def _mark_stale(self, cur: Any, name: str) -> None:
        """Stamp every article whose text holds ``name`` for reparsing."""
        self.db.run(
            cur, f"UPDATE articles SET parser_version = ? WHERE {self.db.dialect.contains('text')}", (STALE, name)
        )
        bump_revision(self.db, cur)

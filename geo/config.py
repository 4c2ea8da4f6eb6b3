"""Kharita's settings, read from the environment in one place.

| variable | default | what it sets |
|---|---|---|
| ``KHARITA_DB`` | ``data/kharita.db`` | the store: a SQLite path or a ``postgresql://`` URL |
| ``KHARITA_CACHE`` | ``.cache/`` | where built indexes (gazetteer, name automaton) live |
| ``KHARITA_ONLINE_TILES`` | off | ``1`` offers online tile layers (needs internet) |
| ``KHARITA_MAX_UPLOAD_MB`` | ``10`` | the largest file an upload or an ingest takes, in MB (2**20 bytes) |
"""

from __future__ import annotations

import os
from pathlib import Path

from geo.exc import BadInput

#: The repository's root, which holds ``data/`` and ``.cache/``.
REPO = Path(__file__).resolve().parents[1]

#: Where the embedded store lives unless ``KHARITA_DB`` or a URL says otherwise.
DEFAULT_DB = REPO / "data" / "kharita.db"

#: The largest file, in MB, unless ``KHARITA_MAX_UPLOAD_MB`` says otherwise; ``.streamlit/config.toml``'s
#: ``server.maxUploadSize`` is the same number (a test checks).
DEFAULT_MAX_UPLOAD_MB = 10


def store_url() -> str:
    """The store's URL or path: ``$KHARITA_DB``, or else the embedded default."""
    return os.environ.get("KHARITA_DB") or str(DEFAULT_DB)


def cache_dir() -> Path:
    """Where built indexes live: ``$KHARITA_CACHE`` or ``<repo>/.cache``."""
    return Path(os.environ.get("KHARITA_CACHE") or REPO / ".cache")


def online_tiles() -> bool:
    """Whether online tile layers are offered by default (``KHARITA_ONLINE_TILES=1``)."""
    return os.environ.get("KHARITA_ONLINE_TILES", "").lower() in ("1", "true", "yes")


def max_upload_mb() -> int:
    """The largest file an upload or an ingest takes, in MB: ``$KHARITA_MAX_UPLOAD_MB`` or the default."""
    value = os.environ.get("KHARITA_MAX_UPLOAD_MB", "").strip()
    if not value:
        return DEFAULT_MAX_UPLOAD_MB
    if not value.isdigit() or int(value) < 1:
        raise BadInput(f"KHARITA_MAX_UPLOAD_MB={value!r}: expected a whole number of megabytes, 1 or more")
    return int(value)


def max_upload_bytes() -> int:
    """:func:`max_upload_mb` in bytes."""
    return max_upload_mb() * 2**20

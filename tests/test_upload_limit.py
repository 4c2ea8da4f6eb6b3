"""The upload limit is one number: Streamlit's upload box, the page's text and the ingest refuse at the same size."""

import tomllib
from pathlib import Path

from geo.ingest import MAX_BYTES

ROOT = Path(__file__).resolve().parents[1]


def test_streamlits_upload_box_has_the_ingest_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 2**20 == MAX_BYTES

"""Streamlit itself reaches for no network: no usage statistics, no look-up of the machine's external address."""

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def test_streamlit_sends_no_usage_statistics_and_looks_nothing_up():
    browser = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["browser"]
    assert browser["gatherUsageStats"] is False
    assert browser["serverAddress"] == "localhost"

"""Ingestion under hostile input (issue 14): every bad input is one clear error, and the rest of the batch goes in."""

from __future__ import annotations

from pathlib import Path

from geo.cli import main
from tests import fake_parser


def test_a_line_break_in_a_file_name_cannot_forge_cli_lines(tmp_path: Path, monkeypatch, capsys) -> None:
    fake_parser.install(monkeypatch)
    name = tmp_path / "a\nadded      forged.txt: #9 'Forged' (1 mentions).txt"
    name.write_text("Kabul\n\nKabul is a city.", encoding="utf-8")
    assert main(["ingest", str(name), "--db", str(tmp_path / "k.db")]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("added") and "a\\nadded      forged.txt" in line

"""A damaged or planted cache file is rebuilt, with a message, never loaded blindly (issue 14).

Both caches are built from a one-place gazetteer in a temporary cache folder, so each test builds in
well under a second and never touches the real ``.cache/``.
"""

from __future__ import annotations

import os
import pickle

import pytest

from geo.gazetteer import Gazetteer
from geo.geoparse import automaton
from geo.geoparse.automaton import load_or_build
from tests.fixtures import tiny_gazetteer_data

PLACE_ROW = "test:town\tcity\tTestville\t34.0\t63.0\tAF\t\t\t100\t\t\ten=Testville\t\n"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A gazetteer data folder naming one town, and an empty cache folder for what is built from it."""
    data = tiny_gazetteer_data(tmp_path / "data", PLACE_ROW)
    monkeypatch.setenv("KHARITA_CACHE", str(tmp_path / "cache"))
    return data


def _index(data_dir):
    with Gazetteer.open(data_dir=data_dir) as gazetteer:
        return gazetteer.path


def _truncate(path):
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size // 2)


def _garble(path):
    with path.open("r+b") as fh:
        fh.write(b"\xff" * 64)


@pytest.mark.parametrize("damage", [_truncate, _garble, lambda path: path.write_bytes(b"")])
def test_a_damaged_gazetteer_index_is_rebuilt_with_a_message(data_dir, capsys, damage):
    path = _index(data_dir)
    capsys.readouterr()
    damage(path)
    with Gazetteer.open(data_dir=data_dir) as gazetteer:
        assert gazetteer.lookup("Testville")[0].place.id == "test:town"
    err = capsys.readouterr().err
    assert f"Rebuilding the gazetteer index {path}" in err and "Gazetteer index ready" in err


def test_a_missing_gazetteer_index_is_built_without_a_warning(data_dir, capsys):
    path = _index(data_dir)
    path.unlink()
    with Gazetteer.open(data_dir=data_dir) as gazetteer:
        assert gazetteer.lookup("Testville")[0].place.id == "test:town"
    assert "Rebuilding" not in capsys.readouterr().err


def _automaton_path(gazetteer):
    return automaton.cache_dir() / f"geoparser-{gazetteer.version}-test.automaton"


def _finds_testville(names) -> bool:
    return [index for _, index in names.automaton.iter(" testville ")] == [0] and names.reading(0, False).ids == (
        "test:town",
    )


@pytest.mark.parametrize("damage", [_truncate, _garble, lambda path: path.write_bytes(b"")])
def test_a_damaged_automaton_cache_is_rebuilt_with_a_message(data_dir, capsys, damage):
    with Gazetteer.open(data_dir=data_dir) as gazetteer:
        assert _finds_testville(load_or_build(gazetteer, "test"))
        path = _automaton_path(gazetteer)
        damage(path)
        capsys.readouterr()
        assert _finds_testville(load_or_build(gazetteer, "test"))
        assert f"Rebuilding the name automaton: the cache {path} is unusable" in capsys.readouterr().err
        assert _finds_testville(load_or_build(gazetteer, "test"))
        assert capsys.readouterr().err == ""  # and then read back, silently


class _Payload:
    """Unpickling this runs a shell command that leaves a marker file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def test_a_planted_pickle_is_never_run(data_dir, tmp_path, capsys):
    marker = tmp_path / "pwned"
    planted = pickle.dumps(_Payload(marker))
    with Gazetteer.open(data_dir=data_dir) as gazetteer:
        old_format = automaton.cache_dir() / f"geoparser-{gazetteer.version}-test.pickle"
        old_format.parent.mkdir(parents=True, exist_ok=True)
        old_format.write_bytes(planted)
        _automaton_path(gazetteer).write_bytes(planted)
        assert _finds_testville(load_or_build(gazetteer, "test"))
        # The same payload behind a valid header and checksum: marshal refuses it, nothing runs.
        body = planted
        forged = automaton.CACHE_MAGIC + automaton.hashlib.sha256(body).digest() + body
        _automaton_path(gazetteer).write_bytes(forged)
        assert _finds_testville(load_or_build(gazetteer, "test"))
    assert not marker.exists()
    assert not old_format.exists()  # the old format is removed, not read
    assert capsys.readouterr().err.count("Rebuilding the name automaton") == 2

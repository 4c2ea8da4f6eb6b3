"""A damaged or planted cache file is rebuilt, with a message, never loaded blindly (issue 14).

Both caches are built from a one-place gazetteer in a temporary cache folder, so each test builds in
well under a second and never touches the real ``.cache/``.
"""

from __future__ import annotations

import os
import pickle
import zlib

import pytest

from geo import cachefile
from geo.commands.parse import AUTOMATON_CACHE, read_ahead
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


def _garble_nodes(path):
    """One byte of the automaton's nodes (the file's last section) changed: the file's length still adds up."""
    with path.open("r+b") as fh:
        fh.seek(-1, os.SEEK_END)
        last = fh.read(1)
        fh.seek(-1, os.SEEK_END)
        fh.write(bytes([last[0] ^ 0xFF]))


def _finds_testville(names) -> bool:
    return [index for _, index in names.automaton.iter(" testville ")] == [0] and names.reading(0, False).ids == (
        "test:town",
    )


@pytest.mark.parametrize("ahead", [False, True], ids=["read-here", "read-ahead"])
@pytest.mark.parametrize("damage", [_truncate, _garble, _garble_nodes, lambda path: path.write_bytes(b"")])
def test_a_damaged_automaton_cache_is_rebuilt_with_a_message(data_dir, capsys, damage, ahead):
    with Gazetteer.open(data_dir=data_dir) as gazetteer:
        assert _finds_testville(load_or_build(gazetteer, "test"))
        path = _automaton_path(gazetteer)
        damage(path)
        capsys.readouterr()
        if ahead:
            read_ahead()  # as `python -m geo parse` does: the thread's failure is not the message, the read's is
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
        # The same payload as the table of contents behind a valid head and checksum: marshal refuses it.
        forged = automaton.CACHE_MAGIC + cachefile._HEAD.pack(zlib.crc32(planted), len(planted)) + planted
        _automaton_path(gazetteer).write_bytes(forged)
        assert _finds_testville(load_or_build(gazetteer, "test"))
        # And as every section of a valid cache file: sections are only ever bytes, never unpickled.
        cachefile.write(_automaton_path(gazetteer), automaton.CACHE_MAGIC, None, [planted] * 4)
        assert _finds_testville(load_or_build(gazetteer, "test"))
    assert not marker.exists()
    assert not old_format.exists()  # the old format is removed, not read
    assert capsys.readouterr().err.count("Rebuilding the name automaton") == 3


def test_the_cache_read_ahead_is_the_one_loaded(data_dir, monkeypatch):
    loads = []
    real_load = cachefile._load

    def load(path, magic):
        loads.append((path, magic))
        return real_load(path, magic)

    with Gazetteer.open(data_dir=data_dir) as gazetteer:
        load_or_build(gazetteer, "test")
        monkeypatch.setattr(cachefile, "_load", load)
        read_ahead()
        assert _finds_testville(load_or_build(gazetteer, "test"))
    assert loads == [(_automaton_path(gazetteer), None)]  # once, by the thread, in whatever format it is


def test_a_cache_read_ahead_for_another_version_is_dropped(data_dir):
    with Gazetteer.open(data_dir=data_dir) as gazetteer:
        load_or_build(gazetteer, "other")
        read_ahead()
        assert _finds_testville(load_or_build(gazetteer, "test"))
    assert cachefile._ahead == []
    assert [path.name for path in automaton.cache_dir().glob(AUTOMATON_CACHE)] == [_automaton_path(gazetteer).name]

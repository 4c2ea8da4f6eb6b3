"""The command line: what each command prints, and how errors become one line and an exit code."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main
from geo.commands.parse import MentionWriter, mention_dict
from geo.exc import MissingData, MissingExtra
from geo.ingest import SEED_DIR, Ingestor, Parser
from geo.records import Mention, ParseResult, Place
from geo.store import Store
from tests import fake_parser

ROOT = Path(__file__).resolve().parent.parent
SEED = SEED_DIR / "2021-07-07-aljazeera-badghis-ar.txt"


@pytest.fixture(autouse=True)
def fake_geoparser(monkeypatch):
    """Every command here parses with the test geoparser."""
    fake_parser.install(monkeypatch)


def error_line(capsys) -> str:
    """The one line a failed command wrote to stderr."""
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("error: ") and "Traceback" not in line
    return line


def test_ingest_prints_a_line_an_article_and_exits_1_when_an_input_failed(tmp_path, capsys):
    db = tmp_path / "kharita.db"
    assert main(["ingest", str(SEED), "--db", str(db)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("added") and "1 added, 0 unchanged, 0 failed" in out.err
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["ingest", str(SEED), str(tmp_path / "empty.txt"), "--db", str(db)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["unchanged", "error"]
    assert lines[1].endswith("empty.txt: the file is empty")


def test_the_store_defaults_to_kharita_db(tmp_path, monkeypatch, capsys):
    db = tmp_path / "from-env.db"
    with Store.open(db) as store:
        [seed] = Ingestor(store, fake_parser.PARSER).ingest_file(SEED)
    monkeypatch.setenv("KHARITA_DB", str(db))
    assert main(["articles"]) == 0
    assert seed.title[:40] in capsys.readouterr().out


def test_reparse_reads_articles_an_older_parser_stamped(tmp_path, capsys):
    db = tmp_path / "kharita.db"
    with Store.open(db) as store:
        Ingestor(store, Parser(fake_parser.parse, "fake-0", fake_parser.GAZETTEER_VERSION)).ingest_file(SEED)
    assert main(["reparse", "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith("reparsed")
    assert main(["reparse", "--db", str(db)]) == 0
    assert "0 reparsed, 0 failed" in capsys.readouterr().err


# ---------------------------------------------------------------- parse: what it writes

HOSTILE = 'Kabul "quoted" \\ back\\slash </script><b>&amp;\n\ttab \u2028 \x00 \U0001F600 \u200f هيرات'


@pytest.fixture
def fake_parse(monkeypatch):
    """``python -m geo parse`` with the test geoparser (the command imports ``geo.geoparse.parse`` when run)."""
    monkeypatch.setattr("geo.geoparse.parse", lambda text, *, lang="auto", ner=None: fake_parser.parse(text, lang=lang))


def test_parse_jsonl_writes_one_known_line_a_document(tmp_path, capsys, fake_parse):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a-1", "lang": "ar", "text": "قتال في قلعة ناو"}, ensure_ascii=False)
                      + "\n\n" + json.dumps({"id": 2, "text": "Nothing here"}) + "\n", "utf-8")
    assert main(["parse", str(source), "--jsonl"]) == 0
    first, second = capsys.readouterr().out.splitlines()
    assert json.loads(first) == {"id": "a-1", "language": "ar", "mentions": [{
        "start": 8, "end": 16, "text": "قلعة ناو", "role": "literal", "relation": None, "distance_km": None,
        "confidence": 1.0, "sentence": [0, 16], "paragraph": 0, "alternatives": [],
        "place": {"id": "test:qala", "name": "Qala-i-Naw", "kind": "city", "lat": 34.98, "lon": 63.13,
                  "country_code": "AF", "admin1": "Badghis", "admin2": "Qala-i-Naw", "population": 1000,
                  "names": {"en": "Qala-i-Naw", "ar": "قلعة ناو"}, "countries": [], "fcode": ""}}]}
    assert first.startswith('{"id": "a-1", "language": "ar", "mentions": [{"start": 8, "end": 16, "text": "قلعة ناو"')
    assert second == '{"id": 2, "language": "en", "mentions": []}'


@pytest.mark.parametrize("option", ["--json", "--jsonl"])
def test_parse_writes_what_json_dumps_writes_for_hostile_text(tmp_path, capsys, fake_parse, option):
    text = f"{HOSTILE}. Doha and Kabul; قلعة ناو\n\nAfghan border, Herat"
    result = fake_parser.parse(text)
    if option == "--json":
        (tmp_path / "in.txt").write_text(text, "utf-8")
        expected = json.dumps({"language": result.language, "mentions": [mention_dict(m) for m in result.mentions]},
                              ensure_ascii=False, indent=2) + "\n"
    else:
        (tmp_path / "in.txt").write_text(json.dumps({"id": {"place": 1}, "text": text}) + "\n", "utf-8")
        expected = json.dumps({"id": {"place": 1}, "language": result.language,
                               "mentions": [mention_dict(m) for m in result.mentions]}, ensure_ascii=False) + "\n"
    assert len(result.mentions) == 7
    assert main(["parse", str(tmp_path / "in.txt"), option]) == 0
    assert capsys.readouterr().out == expected


def _mention(place: Place, **fields) -> Mention:
    return Mention(**({"start": 3, "end": 9, "text": HOSTILE, "place": place} | fields))


ODD_PLACE = Place(id='x:"1"\\', name=HOSTILE, kind="border", lat=None, lon=-0.0, names={}, countries=("AF", "TJ"),
                  population=10**20)
MENTIONS = [
    _mention(fake_parser.HERAT),
    _mention(ODD_PLACE, relation="north\u2028", distance_km=0.1 + 0.2, confidence=0.1 + 0.2, sentence=(0, 10**6),
             paragraph=7, alternatives=(("a", 1e-300), ('"b"', 2.5e16), ("c", float("nan")))),
    _mention(ODD_PLACE, confidence=math.inf, alternatives=(("d", -math.inf),), role="demonym"),
    _mention(fake_parser.HERAT, relation="west", distance_km=32.2),
    _mention(fake_parser.HERAT, relation="northwest", distance_km=1200),
]


@pytest.mark.parametrize("mentions", [[], MENTIONS], ids=["none", "hostile"])
def test_the_writer_is_json_dumps_of_mention_dict_byte_for_byte(mentions, capsys):
    result = ParseResult("ar", tuple(mentions))
    data = [mention_dict(m) for m in mentions]
    writer = MentionWriter()
    assert writer.line(None, result) == json.dumps({"id": None, "language": "ar", "mentions": data},
                                                   ensure_ascii=False) + "\n"
    writer.write_document(sys.stdout, result)
    assert capsys.readouterr().out == json.dumps({"language": "ar", "mentions": data},
                                                 ensure_ascii=False, indent=2) + "\n"


def test_parse_as_a_process_writes_all_it_parsed_before_it_exits(tmp_path):
    """``python -m geo parse`` ends without the interpreter's teardown (geo.cli.exit_after), its output flushed."""
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": n, "text": "Fighting in Herat"}) + "\n" for n in range(3000))
                      + "not json\n", "utf-8")
    code = ("import sys, geo.geoparse; from tests import fake_parser; "
            "geo.geoparse.parse = lambda text, *, lang='auto', ner=None: fake_parser.parse(text, lang=lang); "
            "from geo.cli import exit_after; exit_after(sys.argv[1:])")
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    done = subprocess.run([sys.executable, "-c", code, "parse", str(source), "--jsonl"], cwd=ROOT, env=buffered,
                          capture_output=True, text=True, timeout=120)
    lines = done.stdout.splitlines()
    assert len(lines) == 3000 and json.loads(lines[-1])["id"] == 2999
    assert json.loads(lines[-1])["mentions"][0]["place"]["id"] == "test:herat"
    assert done.stderr == "error: line 3001 is not a JSON object with a text field\n"
    assert done.returncode == 2


# ---------------------------------------------------------------- errors: one line, one exit code a class


def test_bad_input_exits_2_with_one_line_and_no_traceback(tmp_path):
    missing = tmp_path / "missing.txt"
    done = subprocess.run([sys.executable, "-m", "geo", "parse", str(missing)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == f"error: cannot read {missing}: No such file or directory\n"


def test_a_file_in_another_encoding_is_bad_input_for_parse(tmp_path, capsys):
    path = tmp_path / "cp1256.txt"
    path.write_bytes("قلعة ناو".encode("cp1256"))
    assert main(["parse", str(path)]) == 2
    assert "is not UTF-8 text; use `python -m geo ingest`" in error_line(capsys)


@pytest.mark.parametrize(("error", "code"), [(MissingData("the gazetteer data lacks places.tsv"), 3),
                                             (MissingExtra("pip install -r requirements-ner.txt"), 4)])
def test_what_no_article_can_fix_stops_the_batch_with_its_exit_code(tmp_path, monkeypatch, capsys, error, code):
    def parse(text, *, lang="auto", aliases=None):
        raise error

    monkeypatch.setattr("geo.ingest.service.default_parser", lambda: Parser(parse, "p", "g"))
    assert main(["ingest", str(SEED), str(SEED_DIR), "--db", str(tmp_path / "kharita.db")]) == code
    assert error_line(capsys) == f"error: {error}"


@pytest.mark.parametrize("url", ["postgresql://127.0.0.1:1/kharita", "/proc/no-such-folder/kharita.db"],
                         ids=["closed-port", "unwritable-path"])
def test_an_unavailable_store_exits_5(url, capsys):
    assert main(["articles", "--db", url]) == 5
    assert "store" in error_line(capsys)


def test_each_command_s_module_is_the_one_that_adds_it():
    import argparse
    import importlib

    from geo.cli import COMMANDS

    for module in set(COMMANDS.values()):
        subparsers = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module).register(subparsers)
        assert set(subparsers.choices) == {name for name, owner in COMMANDS.items() if owner == module}


def test_parse_starts_without_the_store_s_and_the_maps_libraries():
    code = ("import sys; from geo.cli import build_parser; build_parser('parse'); "
            "print(sorted({'pandas', 'folium'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.stdout.strip() == "[]"

"""The corrections command line: ``correct``, ``corrections``, ``undo`` and ``alias`` on the realistic store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main
from geo.gazetteer import Candidate
from geo.records import Place
from geo.store import Store
from tests import fake_parser
from tests.fixtures import STORIES, fill

ROOT = Path(__file__).resolve().parent.parent
#: A place the gazetteer has and the realistic store does not (no story names it).
FAYZABAD = Place(id="test:fayzabad", name="Fayzabad", kind="city", lat=37.1, lon=70.6, country_code="AF",
                 admin1="Badakhshan", names={"en": "Fayzabad"})


class FakeGazetteer:
    """The test geoparser's places and Fayzabad, by id and by English name."""

    places = {place.id: place for place in (*fake_parser.PLACES, FAYZABAD)}

    def get(self, place_id):
        return self.places.get(place_id)

    def lookup(self, name, *, limit=10):
        return [Candidate(place, 1.0) for place in self.places.values() if place.name == name][:limit]


@pytest.fixture(autouse=True)
def fakes(monkeypatch):
    """The test geoparser and a gazetteer of its places."""
    fake_parser.install(monkeypatch)
    monkeypatch.setattr("geo.commands.corrections.open_gazetteer", FakeGazetteer)


@pytest.fixture
def db(tmp_path) -> tuple[str, dict[str, int]]:
    """The realistic store in a SQLite file, and its article ids by name."""
    path = str(tmp_path / "kharita.db")
    with Store.open(path) as store:
        ids = fill(store, fake_parser.PARSER)
    return path, ids


def places(db_path: str) -> dict[str, int]:
    """Mentions by place id."""
    with Store.open(db_path) as store:
        frame = store.places()
    return dict(zip(frame["place_id"], frame["mentions"], strict=True))


def article_places(db_path: str, article_id: int) -> list[tuple[str, str | None]]:
    """``(text, place_id)`` of each of an article's mentions, in text order."""
    with Store.open(db_path) as store:
        frame = store.article_mentions(article_id)
    pairs = zip(frame["text"], frame["place_id"], strict=True)
    return [(text, None if place != place else place) for text, place in pairs]  # NaN: no place


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def error_line(capsys) -> str:
    """The one line a failed command wrote to stderr."""
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("error: ") and "Traceback" not in line
    return line


def test_correct_one_span_to_a_gazetteer_place_the_store_lacks(db, capsys):
    path, ids = db
    text = STORIES["wire"].text
    start = text.index("Doha")
    code, out = run(capsys, "correct", str(ids["wire"]), "--span", f"{start}:{start + 4}",
                    "--place", "test:fayzabad", "--who", "Rania", "--note", "the wire's typo", "--db", path)
    assert code == 0
    assert out == (f"correction 2: mention {start}:{start + 4} 'Doha' in article {ids['wire']} 'Talks in Doha': "
                   "Fayzabad (test:fayzabad)\n")
    assert places(path)["test:fayzabad"] == 1
    assert ("Doha", "test:fayzabad") in article_places(path, ids["wire"])


def test_correct_a_surface_in_one_article_or_everywhere(db, capsys):
    path, ids = db
    before = places(path)["test:kabul"]
    code, out = run(capsys, "correct", str(ids["kabul"]), "--surface", "Kabul", "--search", "Herat",
                    "--who", "Rania", "--db", path)
    assert code == 0
    assert out.splitlines() == [
        "--search 'Herat': Herat (test:herat, city, Herat, AF)",
        f"correction 2: every 'Kabul' in article {ids['kabul']} 'Kabul airport': Herat (test:herat)",
    ]
    assert {place for text, place in article_places(path, ids["kabul"]) if text == "Kabul"} == {"test:herat"}
    assert ("Kabul", "test:kabul") in article_places(path, ids["wire"])  # another article keeps its Kabul

    code, out = run(capsys, "correct", str(ids["wire"]), "--surface", "Kabul", "--everywhere",
                    "--place", "test:qala", "--who", "Rania", "--db", path)
    assert code == 0 and out.endswith("every 'Kabul' in every article, future ones too: Qala-i-Naw (test:qala)\n")
    for article_id in ids.values():  # the later correction wins in the Kabul story too
        assert {place for text, place in article_places(path, article_id) if text == "Kabul"} <= {"test:qala"}
    # Five English "Kabul" (hostile 2, wire 1, Kabul story 2); the Arabic "كابل" is another surface form.
    assert places(path)["test:kabul"] == before - 5


def test_correct_to_a_point_or_no_place(db, capsys):
    path, ids = db
    text = STORIES["badghis"].text
    start = text.index("prison")
    code, out = run(capsys, "correct", str(ids["badghis"]), "--span", f"{start}:{start + 6}",
                    "--point", "34.99,63.12", "--name", "the prison", "--who", "Rania", "--db", path)
    assert code == 0 and out.rstrip().endswith("the prison (custom:34.99000,63.12000)")
    assert places(path)["custom:34.99000,63.12000"] == 1

    code, out = run(capsys, "correct", str(ids["badghis"]), "--surface", "Afghan", "--not-a-place",
                    "--who", "Rania", "--db", path)
    assert code == 0 and out.rstrip().endswith(": not a place")
    assert ("Afghan", None) in article_places(path, ids["badghis"])


def test_corrections_list_who_and_note_and_undo_restores(db, capsys):
    path, ids = db
    text = STORIES["wire"].text
    start = text.index("Doha")
    run(capsys, "correct", str(ids["wire"]), "--span", f"{start}:{start + 4}", "--place", "test:herat",
        "--who", "Rania", "--note", "a slip", "--db", path)
    code, out = run(capsys, "corrections", "--who", "Rania", "--db", path)
    [header, row] = out.splitlines()
    assert header.split() == ["id", "at", "who", "article", "title", "scope", "target", "says", "note", "undone"]
    assert "Rania" in row and "a slip" in row and f"{start}:{start + 4} Doha" in row
    assert "Herat (test:herat)" in row and row.rstrip().endswith("-")

    code, out = run(capsys, "undo", "2", "--who", "Omar", "--db", path)
    assert code == 0 and out == f"undid correction 2; rebuilt article(s) {ids['wire']}\n"
    assert ("Doha", "test:doha") in article_places(path, ids["wire"])
    code, out = run(capsys, "corrections", "--article", str(ids["wire"]), "--format", "csv", "--db", path)
    [_, row] = out.splitlines()
    assert row.endswith(" by Omar")
    assert main(["corrections", "--article", str(ids["wire"]), "--active", "--db", path]) == 0
    assert capsys.readouterr().err == "no corrections\n"


def test_a_note_with_a_newline_prints_on_one_line(db, capsys):
    path, ids = db
    note = "first line\nerror: forged\r\u2028end"
    run(capsys, "correct", str(ids["wire"]), "--surface", "Doha", "--not-a-place", "--who", "Rania\nX",
        "--note", note, "--db", path)
    for form in ("table", "csv"):
        code, out = run(capsys, "corrections", "--format", form, "--db", path)
        lines = out.splitlines()
        assert code == 0 and len(lines) == 3  # a header, the fixtures' correction, this one
        assert "first line\\nerror: forged\\r\\u2028end" in lines[2] and "Rania\\nX" in lines[2]
    code, out = run(capsys, "corrections", "--format", "json", "--db", path)
    assert "\u2028" not in out
    assert json.loads(out)[-1]["note"] == note


def test_the_hostile_title_is_printed_as_text_on_one_line(db, capsys):
    path, _ = db
    code, out = run(capsys, "corrections", "--format", "csv", "--db", path)
    assert code == 0 and "Hostile <script>alert(1)</script>" in out and len(out.splitlines()) == 2


@pytest.mark.parametrize(("argv", "message"), [
    (["--span", "5-9", "--not-a-place"], "--span is START:END"),
    (["--span", "0:99999", "--not-a-place"], "is outside article"),
    (["--surface", "Doha", "--point", "north", "--name", "x"], "--point is LAT,LON"),
    (["--surface", "Doha", "--point", "95,10"], "is not a point on the globe"),
    (["--surface", "Doha", "--search", "Atlantis"], "no place named 'Atlantis'"),
    (["--surface", "Doha", "--place", "test:nowhere"], "'test:nowhere': neither the gazetteer nor the store has it"),
    (["--surface", "Doha", "--not-a-place", "--name", "x"], "--name names a --point"),
    (["--span", "0:4", "--everywhere", "--not-a-place"], "names a surface form"),
])
def test_bad_corrections_exit_2_with_one_error_line(db, capsys, argv, message):
    path, ids = db
    assert main(["correct", str(ids["wire"]), *argv, "--who", "Rania", "--db", path]) == 2
    assert message in error_line(capsys)


def test_unknown_ids_exit_2(db, capsys):
    path, _ = db
    assert main(["correct", "999", "--surface", "Doha", "--not-a-place", "--who", "R", "--db", path]) == 2
    assert error_line(capsys) == "error: no article 999"
    assert main(["undo", "999", "--who", "R", "--db", path]) == 2
    assert error_line(capsys) == "error: no correction 999"
    assert main(["undo", "1", "--who", "R", "--db", path]) == 0
    capsys.readouterr()
    assert main(["undo", "1", "--who", "R", "--db", path]) == 2
    assert error_line(capsys) == "error: correction 1 is already undone"
    assert main(["alias", "add", "Delegates", "test:nowhere", "--who", "R", "--db", path]) == 2
    assert error_line(capsys).endswith("neither the gazetteer nor the store has it")
    assert main(["alias", "remove", "7", "--who", "R", "--db", path]) == 2
    assert error_line(capsys) == "error: no alias 7 in use"


def test_an_alias_reparses_the_articles_holding_it_and_removing_it_undoes_that(db, capsys):
    path, ids = db
    code, out = run(capsys, "alias", "add", "Delegates", "test:fayzabad", "--who", "Rania", "--db", path)
    assert code == 0
    assert out.splitlines() == ["alias 1: 'Delegates' means Fayzabad (test:fayzabad)",
                                "1 article(s) reparsed, 0 failed"]
    assert ("Delegates", "test:fayzabad") in article_places(path, ids["wire"])
    code, out = run(capsys, "alias", "list", "--db", path)
    [header, row] = out.splitlines()
    assert header.split()[:3] == ["id", "name", "place_id"] and "Delegates" in row and "Rania" in row

    code, out = run(capsys, "alias", "remove", "1", "--who", "Omar", "--db", path)
    assert code == 0 and out.splitlines() == ["removed alias 1", "1 article(s) reparsed, 0 failed"]
    assert "Delegates" not in [text for text, _ in article_places(path, ids["wire"])]
    assert run(capsys, "alias", "list", "--db", path) == (0, "")
    code, out = run(capsys, "alias", "list", "--removed", "--format", "csv", "--db", path)
    assert out.splitlines()[1].endswith(" by Omar")


def test_correct_runs_as_a_process_with_one_error_line(db):
    path, ids = db
    done = subprocess.run([sys.executable, "-m", "tests.fake_cli", "correct", str(ids["wire"]), "--surface",
                           "Doha", "--not-a-place", "--who", " ", "--db", path],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stderr == "error: a correction needs a 'who'\n"

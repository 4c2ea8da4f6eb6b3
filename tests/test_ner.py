"""The optional NER path: spaCy's entities as a second opinion on English text."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from geo import cli, ner
from geo.exc import BadInput, MissingExtra, exit_code
from geo.ner import Entity

POLYTECHNIC = "Kabul Polytechnic students gathered in Mazar-i-Sharif on Monday."
MOBILE = "Mobile officials said they would join the talks."


class FixedEntities:
    """A recogniser that reports the entities it was given, by surface."""

    def __init__(self, *labelled: tuple[str, str]):
        self.labelled = labelled

    def entities(self, text: str) -> list[Entity]:
        found = []
        for surface, label in self.labelled:
            start = text.index(surface)
            found.append(Entity(start, start + len(surface), label))
        return found


def names(result) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.place.name, m.place.country_code) for m in result.mentions]


def test_a_name_inside_an_organisation_is_dropped(parser):
    assert ("Kabul", "Kabul", "AF") in names(parser.parse(POLYTECHNIC))  # the rules alone keep it
    reviewed = parser.parse(POLYTECHNIC, ner=FixedEntities(("Kabul Polytechnic", "ORG"), ("Mazar-i-Sharif", "GPE")))
    assert names(reviewed) == [("Mazar-i-Sharif", "Mazar-i-Sharif", "AF")]


def test_a_place_entity_the_rules_passed_over_is_added(parser):
    assert names(parser.parse(MOBILE)) == []  # a common word, with no cue that it is the town
    reviewed = parser.parse(MOBILE, ner=FixedEntities(("Mobile", "GPE"),))
    assert names(reviewed) == [("Mobile", "Mobile", "US")]
    assert all(MOBILE[m.start:m.end] == m.text for m in reviewed.mentions)


def test_an_entity_the_gazetteer_does_not_know_adds_nothing(parser):
    text = "Envoys met at Camp Nowhereville before flying to Doha."
    reviewed = parser.parse(text, ner=FixedEntities(("Camp Nowhereville", "FAC"), ("Doha", "GPE")))
    assert names(reviewed) == [("Doha", "Doha", "QA")]


def test_arabic_text_is_left_to_the_rules(parser):
    text = "وصل الوفد إلى الدوحة"
    assert names(parser.parse(text, ner=FixedEntities(("الدوحة", "ORG")))) == names(parser.parse(text))


def test_spacy_reviews_english_for_real():
    pytest.importorskip("spacy")
    from geo.geoparse import parse

    assert [m.text for m in parse(POLYTECHNIC, ner="spacy").mentions] == ["Mazar-i-Sharif"]
    assert [m.text for m in parse("Shares of Herat Cement rose on Monday.", ner="spacy").mentions] == []
    alabama = "The delegation then flew on to Mobile, Alabama, for talks."
    assert [(m.text, m.place.country_code) for m in parse(alabama, ner="spacy").mentions] == [
        ("Mobile", "US"), ("Alabama", "US")]


def test_the_cli_takes_ner_spacy():
    pytest.importorskip("spacy")
    out = subprocess.run([sys.executable, "-m", "geo", "parse", "-", "--ner", "spacy"], input=POLYTECHNIC,
                         capture_output=True, text=True, check=True)
    assert '"text": "Kabul"' not in out.stdout and '"text": "Mazar-i-Sharif"' in out.stdout


def test_without_the_extra_the_cli_says_how_to_install_it(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "spacy", None)  # as if it were not installed
    monkeypatch.setattr(ner, "_loaded", {})
    monkeypatch.setattr(sys, "stdin", io.StringIO(MOBILE))
    assert cli.main(["parse", "-", "--ner", "spacy"]) == exit_code(MissingExtra("spaCy"))
    assert "pip install -r requirements-ner.txt" in capsys.readouterr().err


def test_the_extra_missing_and_an_unknown_recogniser_raise_kharita_errors(monkeypatch):
    monkeypatch.setitem(sys.modules, "spacy", None)
    monkeypatch.setattr(ner, "_loaded", {})
    with pytest.raises(MissingExtra, match="requirements-ner.txt"):
        ner.recogniser("spacy")
    with pytest.raises(BadInput, match="unknown NER"):
        ner.recogniser("flair")

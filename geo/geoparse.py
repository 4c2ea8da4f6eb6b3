"""Geoparsing: find every place a text names and resolve it with the gazetteer.

Arabic first, English second, fully offline. Recognition is one pass of an
Aho-Corasick automaton over the normalised text (:mod:`geo.normalize`) with
every gazetteer name, followed by rules that check word boundaries and Arabic
proclitics, prefer the longest name, and drop names that belong to people and
organisations. Resolution ranks each name's candidates by the kind its head
word expects (ولاية هيرات is the province), by population and kind priors, and
by the countries and provinces the rest of the article names. For English, an
optional statistical model reviews the rules' matches (:mod:`geo.ner`).

>>> result = parse("وطردت القوات الأفغانية مسلحي طالبان من مدينة قلعة ناو عاصمة ولاية بادغيس")
>>> [(m.text, m.role, m.place.name) for m in result.mentions]
[('الأفغانية', 'demonym', 'Afghanistan'), ('قلعة ناو', 'literal', 'Qala-i-Naw'), ('ولاية بادغيس', 'literal', 'Badghis')]
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import re
import threading
from array import array
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick

from geo.config import cache_dir
from geo.gazetteer import Gazetteer
from geo.ner import NOT_PLACE_LABELS, PLACE_LABELS, Entity, EntityRecogniser, recogniser
from geo.records import Mention, ParseResult, Place
from geo.text import Layout, detect_language, normalize, normalize_with_offsets

#: Bump when recognition or resolution changes, so stored articles get reparsed.
PARSER_VERSION = "5"

LEXICON = Path(__file__).parent / "lexicon"

# Arabic proclitics that may stand before a name (و ف ب ل ك and their pairs).
PROCLITICS = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "فب", "ول", "فل", "وك", "فك"})
# Prefixes that contain the article ال of a name: بالدوحة, للدوحة (li + al drops the alef).
ARTICLE_PREFIXES = frozenset({"ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال", "فبال"})
_PREFIXES = PROCLITICS | ARTICLE_PREFIXES
_PREFIX_LAST_LETTERS = frozenset(prefix[-1] for prefix in _PREFIXES if prefix)

# Head words before a name set the kind expected; written normalised.
HEAD_WORDS_AR = {
    "ولايه": "province", "اقليم": "province", "محافظه": "province", "مقاطعه": "province",
    "مديريه": "district", "ولسواليه": "district",
    "مدينه": "city", "العاصمه": "city", "عاصمه": "city", "بلده": "city", "قريه": "city",
    "دوله": "country", "جمهوريه": "country", "مطار": "facility", "نهر": "water",
}
HEAD_WORDS_EN_BEFORE = {"city": "city", "town": "city", "province": "province", "district": "district",
                        "capital": "city", "village": "city"}
HEAD_WORDS_EN_AFTER = {"province": "province", "district": "district", "city": "city", "airport": "facility",
                       "river": "water", "provinces": "province", "districts": "district"}
DIRECTIONS = {
    "شمال": "north", "شمالي": "north", "جنوب": "south", "جنوبي": "south",
    "شرق": "east", "شرقي": "east", "غرب": "west", "غربي": "west",
    "north": "north", "south": "south", "east": "east", "west": "west",
    "northern": "north", "southern": "south", "eastern": "east", "western": "west",
    "northeast": "northeast", "northwest": "northwest", "southeast": "southeast", "southwest": "southwest",
}
BORDER_CUES = ("الحدود مع", "حدود مع", "حدودها مع", "حدوده مع", "border with", "borders with")

# Words never indexed as names: too short or too common to be worth a lookup.
FUNCTION_WORDS = frozenset(normalize(w) for w in (
    "في من على إلى الى عن مع أن إن كان قال قد لا ما هذا هذه التي الذي ذلك بعد قبل بين حتى كل أو ثم "
    "هو هي هم نحن أي منذ عند غير لدى the and of in on at to for by with from as is was he she it be but "
    "not or an are said has have had will new after over more one two who this that there their "
    "وان فان لان بان كما لما بما مما عما انما اما واما وما ولا فلا بل ومن وفي وعلى ها لها هم لهم له انه"
).split())
# Head words and directions are never names themselves: "the capital", "west".
NOT_NAMES = FUNCTION_WORDS | frozenset(HEAD_WORDS_AR) | frozenset(DIRECTIONS)

KIND_PRIOR = {"country": 5.0, "province": 2.5, "district": 0.5, "city": 1.0, "facility": 1.0,
              "border": 2.5, "region": 1.5, "water": 2.0}
#: A capital or a province's seat is the likelier reading: Moscow in a story that also names
#: Washington is not Moscow, Idaho, nor Geneva a town in Illinois.
SEAT_PRIOR = {"PPLC": 2.0, "PPLA": 1.5}
#: ... but never above a country's: الكويت، تونس، عمان are the countries unless a head word asks for a city.
CITY_PRIOR_CAP = 4.9
SMALL_PLACE = 20_000  # below this a city needs a head word or the article's own country
MAX_TOWNS = 8  # namesake towns ranked per name, the most populous first
NEAR_KM = 150  # a small place this close to the article's major places fits the story
WORLD_CITY = 300_000  # above this a city needs no context at all (Doha, Kandahar)


def _organisation_tail(name: str) -> re.Pattern:
    """What ends an organisation's English name after a place name: up to two more capitalised
    words, then one of the lexicon's (Kabul Bank, Basra Oil Company, Kurdistan Democratic Party)."""
    lines = (line.strip() for line in (LEXICON / name).read_text("utf-8").splitlines())
    words = "|".join(re.escape(line) for line in lines if line.isascii() and line and not line.startswith("#"))
    return re.compile(r"(?:[ -][A-Z][\w'’-]*){0,2}[ -](?:" + words + r")\b")


def _read_lexicon(name: str) -> frozenset[str]:
    lines = (LEXICON / name).read_text("utf-8").splitlines()
    return frozenset(normalize(line) for line in lines if line.strip() and not line.startswith("#"))


@dataclass(slots=True)
class _Entry:
    """What one normalised key in the automaton stands for."""

    length: int
    ids: list[str] | tuple[str, ...] = field(default_factory=list)  # places named exactly this
    article_ids: list[str] | tuple[str, ...] = field(default_factory=list)  # names whose ال sits in the prefix
    demonym_ids: list[str] | tuple[str, ...] = field(default_factory=list)
    blocked: bool = False  # an organisation or outlet: never a place
    article_blocked: bool = False  # the same, written with its ال in the prefix (للجزيرة)


    def record(self, place_id: str | None, role: str, *, via_article: bool) -> None:
        """File a place (``None``: an organisation) under this key; ``via_article``: its ال is in the prefix."""
        if place_id is None:
            if via_article:
                self.article_blocked = True
            else:
                self.blocked = True
        elif role == "demonym":
            self.demonym_ids.append(place_id)
        elif via_article:
            self.article_ids.append(place_id)
        else:
            self.ids.append(place_id)

    def encode(self) -> str:
        """One short string: 800k of them pickle and load far faster than objects."""
        flags = ("b" if self.blocked else "") + ("a" if self.article_blocked else "")
        fields = (str(self.length), ",".join(self.ids), ",".join(self.article_ids), ",".join(self.demonym_ids), flags)
        return "\t".join(fields)

    @classmethod
    def decode(cls, text: str) -> _Entry:
        length, ids, article_ids, demonym_ids, flags = text.split("\t")

        def split(field: str) -> tuple[str, ...]:
            return tuple(field.split(",")) if field else ()

        return cls(int(length), split(ids), split(article_ids), split(demonym_ids), "b" in flags, "a" in flags)


@dataclass(slots=True)
class _Match:
    start: int  # offsets into the normalised text
    end: int
    ids: tuple[str, ...]
    role: str
    prefix: str
    confirmed: bool = False  # a statistical model read it as a place (see geo.ner)


@dataclass
class _Context:
    countries: Counter
    provinces: set
    leading: set = field(default_factory=set)  # the countries named most often (several when tied)
    top: int = 0  # how often they are named
    leader: str | None = None  # the one country named most, if one leads alone
    anchors: dict = field(default_factory=dict)  # place id → (lat, lon) of the article's major places
    _near: dict = field(default_factory=dict)  # place id → near(), once the anchors are all in

    def near(self, place: Place) -> bool:
        """Whether ``place`` lies within :data:`NEAR_KM` of one of the article's major places."""
        near = self._near.get(place.id)
        if near is None:
            near = self._near[place.id] = place.lat is not None and self._near_anchor(place.lat, place.lon)
        return near

    def _near_anchor(self, lat: float, lon: float) -> bool:
        # A cheap flat-earth test first, with room to spare (a degree of latitude is 111 km),
        # then the great circle for the few anchors that pass it.
        degrees = 1.5 * NEAR_KM / 111
        squeeze = math.cos(math.radians(min(abs(lat) + degrees, 89)))
        for anchor_lat, anchor_lon in self.anchors.values():
            if abs(lat - anchor_lat) > degrees:
                continue
            east = abs(lon - anchor_lon)
            if min(east, 360 - east) * squeeze <= degrees and _km(lat, lon, anchor_lat, anchor_lon) <= NEAR_KM:
                return True
        return False

    def add(self, place: Place) -> None:
        code = place.country_code
        if code:
            count = self.countries[code] = self.countries[code] + 1
            if count > self.top:
                self.top, self.leading, self.leader = count, {code}, code
            elif count == self.top:
                self.leading.add(code)
                self.leader = None
        if place.kind == "province":
            self.provinces.add(place.admin1)


class Geoparser:
    """A geoparser bound to one gazetteer; build once, then call :meth:`parse` freely."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.version = PARSER_VERSION
        self._not_places = _read_lexicon("not_places.txt")
        self._person_cues = _read_lexicon("person_cues.txt")
        self._person_cue_forms = _with_proclitic_forms(self._person_cues)
        self._organisation_words = _read_lexicon("organisation_words.txt")
        self._organisation_forms = _with_proclitic_forms(self._organisation_words)
        self._organisation_tail = _organisation_tail("organisation_words.txt")
        # Words that name a place only after a head word (ولاية، "X province").
        self._common_words = _read_lexicon("common_words_en.txt") | _read_lexicon("common_words_ar.txt")
        self._entries, self._automaton = self._load_or_build()
        self._lengths = array("H", (int(e.partition("\t")[0]) for e in self._entries))
        self._entry_reading = lru_cache(maxsize=65536)(self._read_entry)
        self._places: dict[str, Place] = {}
        self._candidates_cache: dict[tuple[str, ...], list[Place]] = {}
        # id of a cached candidate list → (the list, what scoring reads of its places, their countries, provinces)
        self._scoring_cache: dict[int, tuple] = {}
        self._resolutions: dict[tuple, tuple[Place, float, tuple]] = {}  # see _resolved

    # -- building ---------------------------------------------------------

    def _load_or_build(self) -> tuple[list[str], ahocorasick.Automaton]:
        """The name automaton, cached on disk per gazetteer version and per version of this code and its lexicon."""
        sources = [Path(__file__), *sorted(LEXICON.glob("*.txt"))]
        code = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:12]
        path = cache_dir() / f"geoparser-{self.gazetteer.version}-{code}.pickle"
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
        built = self._build_automaton()
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as fh:
            pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)  # atomic: another process never reads half a file
        for stale in path.parent.glob("geoparser-*.pickle"):
            if stale != path:
                stale.unlink(missing_ok=True)  # a process using it has it in memory already
        return built

    def _build_automaton(self) -> tuple[list[str], ahocorasick.Automaton]:
        index: dict[str, _Entry] = {}

        def entry(key: str) -> _Entry:
            if key not in index:
                index[key] = _Entry(len(key))
            return index[key]

        def add(key: str, place_id: str | None, role: str) -> None:
            if place_id is not None and not _indexable(key):
                return
            entry(key).record(place_id, role, via_article=False)
            if key.startswith("ال") and len(key) > 4:  # not "ات" for الات: it hits inside every قوات
                entry(key[2:]).record(place_id, role, via_article=True)

        short: dict[str, list[str]] = {}
        directional: dict[str, list[str]] = {}
        persian: dict[str, list[str]] = {}
        for key, place_id in self.gazetteer.names():
            if all(_is_direction(word) or word in _GENERIC_AREAS for word in key.split()):
                continue  # "شمال غربي", "منطقة الشمال": a direction, not a name, in running text
            if _PERSIAN_LETTERS.search(key):
                persian.setdefault(key, []).append(place_id)
            if len(key) <= 3:
                short.setdefault(key, []).append(place_id)
            elif _led_by_direction(key):
                directional.setdefault(key, []).append(place_id)
            else:
                add(key, place_id, "literal")
        # Arabic newsrooms write the Persian letters of Afghan, Iranian and
        # Pakistani names with the nearest Arabic ones: چهار دره is جهار دره.
        # Only there: elsewhere a Persian exonym (پیره, Piraeus) would be an Arabic word (بيرة).
        for key, place_ids in persian.items():
            for place in self.gazetteer.places_by_ids(place_ids).values():
                if place.country_code in PERSIAN_SPELLED:
                    add(key.translate(_PERSIAN_TO_ARABIC), place.id, "literal")
        # A name led by a direction is a proper name (South Sudan, North Darfur,
        # جنوب أفريقيا) unless it is a descriptive region (northern Afghanistan,
        # غرب أفغانستان): that is read as the place plus a relation.
        for key, place_ids in directional.items():
            for place in self.gazetteer.places_by_ids(place_ids).values():
                if place.kind != "region":
                    add(key, place.id, "literal")
        # Short names match everywhere, mostly inside other words and mostly
        # for hamlets: keep two-letter names of major places only (قم, Qom)
        # and three-letter ones of towns, of Afghanistan or above a city.
        for key, place_ids in short.items():
            for place in self.gazetteer.places_by_ids(place_ids).values():
                floor = 200_000 if len(key) == 2 else 10_000
                if place.kind != "city" or place.population >= floor or place.country_code == "AF":
                    add(key, place.id, "literal")
        for key, place_id in self.gazetteer.demonyms():
            add(key, place_id, "demonym")
        for key in self._not_places:
            add(key, None, "literal")
        for entry in index.values():
            # A demonym that is also some town's name is the demonym: مسؤول سوري is a Syrian
            # official, not one from Surrey. Only the country's own name stays both (سورية).
            if entry.demonym_ids and not set(entry.demonym_ids) & set(entry.ids + entry.article_ids):
                entry.ids, entry.article_ids = [], []

        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        entries = []
        for key, value in index.items():
            # The spaces: a name ends at a word's end, and one not in Arabic
            # script starts at a word's start, as it never takes a proclitic.
            automaton.add_word(key + " " if _is_arabic(key[0]) else f" {key} ", len(entries))
            entries.append(value.encode())
        automaton.make_automaton()
        return entries, automaton

    # -- parsing ----------------------------------------------------------

    def parse(self, text: str, *, lang: str = "auto", ner: EntityRecogniser | None = None) -> ParseResult:
        """Find and resolve the places in ``text``; see :func:`parse`."""
        if not isinstance(text, str):
            raise TypeError("parse() takes a str")
        language = detect_language(text) if lang == "auto" else lang
        norm, offsets = normalize_with_offsets(text)
        matches = self._select(self._scan(norm, text, offsets), len(norm))
        if ner is not None and language == "en":
            matches = self._review(matches, ner.entities(text), norm, offsets)
        layout = Layout(text)
        mentions = self._resolve(matches, norm, text, offsets, layout)
        return ParseResult(language=language, mentions=tuple(mentions))

    def _scan(self, norm: str, text: str, offsets) -> list[tuple]:
        """Every name occurrence that sits on word boundaries, as ``(start - end, start, order, end,
        ids, role, prefix)`` to sort longest first; a blocked one (an organisation) has ``ids`` ``None``.

        The automaton scans a copy of the text in which every word boundary is
        a space (see :func:`_scannable`), and its names end in a space, names
        not in Arabic script start with one too: a raw hit then always ends
        at a word's end, and only an Arabic one may start inside a word,
        after at most four proclitic letters. That keeps the hits, and the
        Python work per hit, few.
        """
        found = []
        lengths, reading_of = self._lengths, self._entry_reading
        scan = _scannable(norm, text, offsets)
        for last, index in self._automaton.iter(scan):
            # Positions in ``scan`` are one past those in ``norm``.
            end = last - 1
            start = end - lengths[index]
            if scan[start] == " ":
                prefix = ""
                if norm[start].isascii() and not (text[start] if offsets is None else text[offsets[start]]).isupper():
                    continue  # a Latin name is written with a capital: "said" is not Said, Egypt
                reading = reading_of(index, False)
            else:
                if scan[start] not in _PREFIX_LAST_LETTERS or end - start <= 2:
                    # The tail of a longer word, most hits: every prefix ends in one of these.
                    # And a two-letter name stands alone: باب is a gate, not ب + إب (Ibb).
                    continue
                before = scan[max(0, start - 4):start + 1]
                prefix = before[before.rfind(" ") + 1:]
                if len(prefix) == len(before) or prefix not in _PREFIXES:
                    continue  # the tail of a longer word
                reading = reading_of(index, prefix in ARTICLE_PREFIXES)
            if reading is None:
                continue
            ids, role = reading
            if ids is None:
                start -= len(prefix)
                found.append((start - end, start, len(found), end, None, "", ""))
            elif not prefix or norm[start - len(prefix):end] not in FUNCTION_WORDS:  # وإن is "and if", not و + Van
                found.append((start - end, start, len(found), end, ids, role, prefix))
        return found

    def _read_entry(self, index: int, via_article: bool) -> tuple[tuple[str, ...] | None, str] | None:
        """What a key stands for, its ال in the prefix or not: ``(ids, role)``, ``(None, "")`` for an
        organisation, or ``None`` for nothing (a name that needs its ال, say)."""
        entry = _Entry.decode(self._entries[index])
        if entry.article_blocked if via_article else entry.blocked:
            return None, ""
        ids = entry.article_ids if via_article else entry.ids
        if ids:
            return ids, "literal"
        return (entry.demonym_ids, "demonym") if entry.demonym_ids else None

    @staticmethod
    def _select(found: list[tuple], size: int) -> list[_Match]:
        """Longest names first; a blocked name (an organisation) claims its span too."""
        found.sort()
        taken = bytearray(size)
        chosen = []
        for _, start, _, end, ids, role, prefix in found:
            if taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\x01" * (end - start)
            if ids is not None:
                chosen.append(_Match(start, end, ids, role, prefix))
        chosen.sort(key=lambda m: m.start)
        return chosen

    def _review(self, matches: list[_Match], entities: list[Entity], norm: str, offsets) -> list[_Match]:
        """A statistical model's second opinion on the rules' matches (see :mod:`geo.ner`)."""
        def span(entity: Entity) -> tuple[int, int]:
            if offsets is None:
                return entity.start, entity.end
            return offsets.to_normalized(entity.start), offsets.to_normalized(entity.end)

        def name(start: int, end: int) -> tuple[int, int, str]:
            """The entity as a name: "the Salang Pass" is the name "salang pass"."""
            written = norm[start:end].rstrip()
            key = written.lstrip().removeprefix("the ")
            return start + len(written) - len(key), start + len(written), key

        places = [name(*span(e)) for e in entities if e.label in PLACE_LABELS]
        not_places = [span(e) for e in entities if e.label in NOT_PLACE_LABELS]
        reviewed = []
        for match in matches:
            inside = [(s, e) for s, e in not_places if s <= match.start and match.end <= e]
            if match.role == "literal" and any(e - s > match.end - match.start for s, e in inside):
                continue  # part of a longer name: "Lloyd Austin", "Kabul University"
            # Confirmed when the model reads this very name as a place, not a longer one (the Black Sea).
            match.confirmed = any((s, e) == (match.start, match.end) for s, e, _ in places)
            reviewed.append(match)
        taken = bytearray(len(norm))
        for match in reviewed:
            taken[match.start:match.end] = b"\x01" * (match.end - match.start)
        for start, end, key in places:
            if not key or taken.find(1, start, end) != -1:
                continue
            index = self._automaton.get(f" {key} ", None)  # an English entity: a name outside Arabic script
            if index is None:
                continue
            reading = self._entry_reading(index, False)
            if reading is not None and reading[0] is not None:
                reviewed.append(_Match(start, end, *reading, "", confirmed=True))
        reviewed.sort(key=lambda m: m.start)
        return reviewed

    def _candidates(self, ids: tuple[str, ...]) -> list[Place]:
        """The places behind a name's ids, fetched once per process."""
        cached = self._candidates_cache.get(ids)
        if cached is None:
            missing = [i for i in ids if i not in self._places]
            if missing:
                self._places.update(self.gazetteer.places_by_ids(missing))
            places = [self._places[i] for i in dict.fromkeys(ids) if i in self._places]
            # Many towns share a name ("Kabul" has namesakes on three continents):
            # rank only the most populous few, and every reading of another kind.
            towns = sorted((p for p in places if p.kind == "city"), key=lambda p: -p.population)
            cached = [p for p in places if p.kind != "city"] + towns[:MAX_TOWNS]
            self._candidates_cache[ids] = cached
        return cached

    def _with_namesake_districts(self, places: list[Place]) -> list[Place]:
        """``places`` and the districts named like its towns, in the same province.

        A district and its centre share a name, but the gazetteer knows most
        districts by their English name only: مديرية إمام صاحب finds the town
        Imam Sahib by its Arabic name, and through it the district.
        """
        key = ("districts", *(p.id for p in places))
        cached = self._candidates_cache.get(key)
        if cached is None:
            districts = {}
            for town in places:
                if town.kind == "city" and town.admin1:
                    for candidate in self.gazetteer.lookup(town.name, kinds=["district"], country=town.country_code):
                        if candidate.place.admin1 == town.admin1:
                            districts[candidate.place.id] = candidate.place
            cached = self._candidates_cache[key] = places + list(districts.values())
        return cached

    def _resolve(self, matches, norm, text, offsets, layout) -> list[Mention]:
        framed = self._frame(matches, norm, text, offsets)
        context = self._context(framed)
        return self._mentions(framed, context, norm, text, layout)

    def _frame(self, matches, norm, text, offsets) -> list[tuple]:
        """Each match that may be a place, with its span in ``text``, the words before it and the
        kind its head word expects; names of people and organisations, and common words with no
        cue, are left out."""
        people: set[str] = set()
        framed = []
        previous_end = 0
        for match in matches:
            key = norm[match.start:match.end]
            places = self._candidates(match.ids)
            if not places:
                continue
            start, end = match.start, match.end
            if offsets is not None:
                start, end = offsets[start], offsets[end - 1] + 1
                while end < len(text) and text[end] in _WORD_FINAL_MARKS:
                    end += 1  # صنعاء: the hamza and vowel marks normalisation dropped are still the name's
            before = _words_before(norm, match.start - len(match.prefix), 3)
            expected = _expected_kind(before, norm, match.end)
            if expected is None and " " in key:
                expected = HEAD_WORDS_AR.get(key.partition(" ")[0])  # a name that holds its head word: نهر النيل
            if match.role == "literal" and not match.confirmed:
                if self._is_person(key, before, places, text, start, people):
                    people.add(key)
                    continue
                if self._in_organisation(before, text, end):
                    continue
                if expected is None and key in self._common_words and not (key.isascii() and (
                        before and before[-1] in _PLACE_PREPOSITIONS
                        or text[previous_end:start].strip() in _COORDINATORS)):
                    continue  # a common word (Mobile) names a place after a head word, "in", or "Syria and"
            if expected == "district" and all(p.kind != "district" for p in places):
                places = self._with_namesake_districts(places)
            framed.append((match, key, places, start, end, before, expected))
            previous_end = end
        return framed

    def _context(self, framed: list[tuple]) -> _Context:
        """The article's countries, provinces and major places, in two steps: what is
        unambiguous (a sole country or province reading), then the countries of the big
        places the rest most likely are ("Kabul" in a story that names no country). A province
        that is only one reading of a name counts only with a head word or in a country the
        story names: الخليج is not Gulf Province of Papua New Guinea."""
        context = _Context(Counter(), set())
        for _match, _key, places, *_ in framed:
            if len(places) == 1 and places[0].kind in ("country", "province"):
                context.add(places[0])
        first_readings: dict[tuple[int, str | None], Place] = {}
        for _m, _k, places, _s, _e, _b, expected in framed:
            place = first_readings.get((id(places), expected))
            if place is None:
                place = first_readings[id(places), expected] = self._resolved(places, expected, context)[0]
            if place.kind == "country" or place.population >= 100_000 or place.kind == "province" and (
                    len(places) == 1 or expected == "province" or place.country_code in context.countries):
                context.add(place)
                if place.kind != "country" and place.lat is not None:
                    context.anchors[place.id] = (place.lat, place.lon)
        return context

    def _mentions(self, framed: list[tuple], context: _Context, norm, text, layout) -> list[Mention]:
        """The mentions, each resolved in ``context``; readings too weak to show are dropped.

        One sense per discourse: a name in the same frame resolves alike throughout an article.
        """
        mentions = []
        readings: dict[tuple[int, str | None], tuple[Place, float, tuple]] = {}
        for match, key, places, start, end, before, expected in framed:
            reading = readings.get((id(places), expected))
            if reading is None:
                reading = readings[id(places), expected] = self._resolved(places, expected, context)
            best, confidence, alternatives = reading
            if (match.role == "literal" and not match.confirmed
                    and not self._plausible(best, key, text, start, expected, context, layout)):
                continue
            relation = _relation(before, norm, match.start - len(match.prefix))
            # Positional: a frozen record takes keywords at twice the cost, and there is one per mention.
            mentions.append(Mention(start, end, text[start:end], best, match.role, relation, confidence,
                                    alternatives, layout.sentence(start), layout.paragraph(start)))
        return mentions

    def _resolved(self, places, expected, context) -> tuple[Place, float, tuple]:
        """The best of a name's readings in ``context``, its confidence and the alternatives.

        A ranking depends on the context only through the candidates' own countries and
        provinces, so it is kept under those: the same name in the next article about the
        same country is not ranked again.
        """
        if len(places) == 1:
            return places[0], *_CERTAIN  # nothing to rank: the score only matters relative to others
        _, table, countries, provinces = self._scoring(places)
        key = (id(places), expected, context.leader if context.leader in countries else None,
               countries.intersection(context.countries), provinces.intersection(context.provinces))
        resolved = self._resolutions.get(key)
        if resolved is None:
            if len(self._resolutions) >= 200_000:
                self._resolutions.clear()  # a bound for a long-lived process; refilled as it goes
            ranked = list(zip(self._scores(table, expected, context), places, strict=True))
            ranked.sort(key=_score_of, reverse=True)  # stable: ties keep the candidates' order
            resolved = self._resolutions[key] = (ranked[0][1], *_confidence(ranked))
        return resolved

    def _is_person(self, key, before, places, text, start, people) -> bool:
        """A name that is part of a person's name: after a given name, title or particle."""
        if key in people or key in self._person_cues:
            return True
        if not before:
            return False
        if before[-1] in self._person_cue_forms or (
                len(before) > 1 and f"{before[-2]} {before[-1]}" in self._person_cues):
            previous = before[-1] if before[-1] in self._person_cues else _strip_proclitic(before[-1])
            return all(p.kind not in ("country", "province") for p in places) or previous in _PARTICLES
        if key.isascii() and before[-1] not in _SENTENCE_WORDS and text[start:start + 1].isupper():
            # "Lloyd Austin": a capitalised word mid-sentence right before a name.
            gap = text[max(0, start - 40):start]
            if _CAPITALISED_BEFORE.search(gap) and not _SENTENCE_START_BEFORE.search(gap):
                return all(p.kind not in ("country", "province") for p in places)
        return False

    def _in_organisation(self, before: list[str], text: str, end: int) -> bool:
        """A name inside an organisation's: جامعة كابل, بنك كابل, Kabul University, the Tehran
        Times, Kurdistan Democratic Party (``end`` is where the name ends in ``text``)."""
        if before and not before[-1].isascii():
            last = before[-1]
            if last in self._organisation_forms:
                return True
            if len(before) > 1 and f"{_strip_proclitic(before[-2])} {last}" in self._organisation_words:
                return True
        return self._organisation_tail.match(text, end) is not None

    def _plausible(self, place, key, text, start, expected, context, layout) -> bool:
        """Drop readings too weak to show: small namesakes far from the story, common words."""
        if place.kind == "water" and key.isascii() and " " not in key and expected != "water":
            return text[max(0, start - 4):start].lower() == "the "  # "the Orange", not Orange County
        if place.kind in ("country", "border", "region", "water", "facility"):
            return True
        if key.isascii():
            if layout.starts_sentence(start) and place.population < 100_000 and expected is None:
                return False
        elif expected is None and len(key) <= 3 and place.population < SMALL_PLACE:
            return False  # short Arabic words are mostly not hamlets: ask for a head word
        elif (expected is None and key.endswith("يه") and place.population < WORLD_CITY
              and context.leader != place.country_code):
            # An adjective (طائرات حربية) is far likelier than a town (Harbiye), unless the story
            # is plainly about the town's country: the one country it names most.
            return False
        if expected is not None:
            return True
        if place.kind in ("district", "province"):
            return place.admin1 in context.provinces or place.country_code in context.leading
        if place.population >= WORLD_CITY:
            return True
        if place.population >= SMALL_PLACE and place.country_code in context.countries:
            return True
        # Spatial coherence: a small place of the story's own country, or one
        # close to the other places it names (Torkham beside Jalalabad).
        return place.country_code in context.leading or context.near(place)

    @staticmethod
    def _scores(table: list[tuple], expected, context) -> list[float]:
        """Each reading's score: its prior, the kind its head word expects, and the article's
        countries and provinces (``table`` is from :meth:`_scoring`)."""
        countries, leader, provinces = context.countries, context.leader, context.provinces
        scores = []
        for prior, kind, codes, admin1 in table:
            score = prior
            if expected is not None:
                score += 4 if kind == expected else -2
            for code in codes:
                if code in countries:
                    score += 2.5 if leader in codes else 1.0
                    break
            if admin1 and admin1 in provinces:
                score += 1
            scores.append(score)
        return scores

    def _scoring(self, places: list[Place]) -> tuple:
        """What :meth:`_scores` reads of each place, and the places' countries and provinces,
        gathered once per list of candidates: ``(places, table, countries, provinces)``."""
        cached = self._scoring_cache.get(id(places))
        if cached is None or cached[0] is not places:
            cached = self._scoring_cache[id(places)] = (
                places,
                [(_prior(place), place.kind, _countries_of(place), place.admin1) for place in places],
                frozenset(code for place in places for code in _countries_of(place)),
                frozenset(place.admin1 for place in places if place.admin1),
            )
        return cached


def _score_of(reading: tuple[float, Place]) -> float:
    return reading[0]


def _countries_of(place: Place) -> tuple[str, ...]:
    """The place's country, or the countries a sea or a region spans."""
    return (place.country_code,) if place.country_code else place.countries


def _prior(place: Place) -> float:
    """What a reading scores before any context: its kind, and a town's size and standing."""
    prior = KIND_PRIOR.get(place.kind, 0.5)
    if place.kind == "city":
        prior += 0.5 * min(math.log10(place.population + 1), 7) + SEAT_PRIOR.get(place.fcode, 0)
        prior = min(prior, CITY_PRIOR_CAP)
    return prior


#: Countries whose names Arabic newsrooms take from Persian or Urdu spellings.
PERSIAN_SPELLED = frozenset({"AF", "IR", "PK", "TJ"})
_PERSIAN_LETTERS = re.compile("[پچژگ]")
_PERSIAN_TO_ARABIC = str.maketrans("پچژگ", "بجزك")
#: Words for "area" that, with a direction, make no proper name: منطقة الشمال.
_GENERIC_AREAS = frozenset({"منطقه", "region", "area"})
#: Hamza and vowel marks that end an Arabic word (صنعاء، سيناء) but are not in its normalised name.
_WORD_FINAL_MARKS = frozenset("ء\u0670" + "".join(chr(c) for c in range(0x064B, 0x0660)))
#: English words after which a common word is a place: "in Jordan", "to Reading".
_PLACE_PREPOSITIONS = frozenset(
    "in to from into across near via toward towards outside inside around through at".split())
#: What joins a place to a common word that is then a place too: "Syria and Jordan".
_COORDINATORS = frozenset({"and", "or", ",", "&"})
_CAPITALISED_BEFORE = re.compile(r"[A-Z][a-z]+\s+$")
_SENTENCE_START_BEFORE = re.compile(r"[.!?:\n]\s*[A-Z][a-z]+\s+$")
_BORDER_CUES = tuple(normalize(cue) for cue in BORDER_CUES)
_PARTICLES = frozenset(normalize(w) for w in ("بن", "ابن", "أبو", "عبد", "الدين", "الله", "آل", "bin", "ibn"))
_SENTENCE_WORDS = frozenset(normalize(w) for w in (
    "The A An In At On From To Of And But For With By As Near Outside Inside Across Into Between "
    "Northern Southern Eastern Western Central North South East West Greater Upper Lower Old New"
).split())


_CERTAIN = (1.0, ())


def _confidence(ranked: list[tuple[float, Place]]) -> tuple[float, tuple[tuple[str, float], ...]]:
    """The best reading's share of the softmax over scores, and the next three readings' shares."""
    if len(ranked) == 1:
        return _CERTAIN
    best = ranked[0][0]
    weights = [math.exp(score - best) for score, _ in ranked]
    total = sum(weights)
    alternatives = tuple((p.id, round(w / total, 3)) for w, (_, p) in zip(weights[1:4], ranked[1:4], strict=True))
    return round(1 / total, 3), alternatives


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p = math.pi / 180
    h = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(h))


def _indexable(key: str) -> bool:
    """Whether a gazetteer name goes into the automaton: not a function or head word, nor too short."""
    if not key or key in NOT_NAMES:
        return False
    return len(key) >= 3 or (len(key) == 2 and not key.isascii())


def _is_direction(word: str) -> bool:
    return _strip_proclitic(word) in DIRECTIONS or word.removesuffix("ern") in DIRECTIONS


def _led_by_direction(key: str) -> bool:
    """"South Sudan", "northern Afghanistan", "غرب أفغانستان"."""
    first, space, _ = key.partition(" ")
    return bool(space) and _is_direction(first)


# The apostrophe comes first so the engine can skip ahead to one: the lookbehind is far slower.
_POSSESSIVE_S = re.compile(r"['’ʼ](?<=\w.)(s)\b")


def _scannable(norm: str, text: str, offsets) -> str:
    """``norm`` with line breaks and possessive ``s`` as spaces, between two more spaces.

    Every word boundary in it is then one space, and ``scan[i + 1]`` is ``norm[i]``.
    """
    scan = f" {norm.replace(chr(10), ' ')} "
    positions = [m.start(1) for m in _POSSESSIVE_S.finditer(text)]
    if not positions:
        return scan
    pieces, done = [], 0
    for position in positions:
        at = 1 + (offsets.to_normalized(position) if offsets is not None else position)
        pieces += (scan[done:at], " ")
        done = at + 1
    pieces.append(scan[done:])
    return "".join(pieces)


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


def _words_before(norm: str, position: int, count: int) -> list[str]:
    return norm[max(0, position - 60):position].rsplit(None, count)[-count:]


_PROCLITIC_LETTERS = "وفبلك"


def _strip_proclitic(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in _PROCLITIC_LETTERS else word


def _with_proclitic_forms(words: frozenset[str]) -> frozenset[str]:
    """``words``, and each with the proclitic letter :func:`_strip_proclitic` would take off
    (وجامعة): ``w in forms`` is ``w in words or _strip_proclitic(w) in words``."""
    return words | {letter + word for word in words if len(word) >= 3 for letter in _PROCLITIC_LETTERS}


def _expected_kind(before: list[str], norm: str, end: int) -> str | None:
    """The kind a head word asks for: ولاية هيرات, "the city of Herat", "Herat province".

    ``before`` holds up to three words before the name; the name ends at ``end`` in ``norm``.
    """
    if before:
        head = before[-1]
        kind = HEAD_WORDS_AR.get(head) or HEAD_WORDS_AR.get(_strip_proclitic(head))
        if kind:
            return kind
        if len(before) >= 2 and head == "of" and before[-2] in HEAD_WORDS_EN_BEFORE:
            return HEAD_WORDS_EN_BEFORE[before[-2]]
    after = norm[end:end + 80].split(None, 8)[:8]
    if not after:
        return None
    if after[0] in HEAD_WORDS_EN_AFTER:
        return HEAD_WORDS_EN_AFTER[after[0]]
    if after[0] == "s" and ("district" in after or "districts" in after):
        return "province"  # "Qunduz's Imam Sahib district": a district's possessor is its province
    if after[0] == "and":
        plural = next((w for w in after[1:5] if w in ("districts", "provinces")), None)
        if plural:
            return HEAD_WORDS_EN_AFTER[plural]  # "Nad Ali and Nahr-e Saraj districts"
    return None


def _relation(before: list[str], norm: str, position: int) -> str | None:
    """Direction from the anchor (غربي العاصمة كابل, "west of Kabul") or a border (الحدود مع X)."""
    for word in reversed(before):  # the nearest word that is not a head word
        if word not in HEAD_WORDS_AR and word not in ("of", "the", "city"):
            direction = DIRECTIONS.get(_strip_proclitic(word))
            if direction:
                return direction
            break
    tail = norm[max(0, position - 20):position].strip()
    if tail.endswith(_BORDER_CUES):
        return "border"
    return None


_default: Geoparser | None = None
_default_lock = threading.Lock()


def default_parser() -> Geoparser:
    """The process-wide geoparser over the default gazetteer, built on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Geoparser(Gazetteer.open())
        return _default


def parse(text: str, *, lang: str = "auto", ner: str | None = None) -> ParseResult:
    """Find every place ``text`` names.

    Offsets are code points into ``text`` itself: for every mention
    ``text[m.start:m.end] == m.text``. ``lang`` is ``auto``, ``ar`` or ``en``.
    ``ner="spacy"`` asks spaCy's English model for a second opinion on English
    text (an optional extra; see :mod:`geo.ner`).
    """
    return default_parser().parse(text, lang=lang, ner=recogniser(ner) if ner else None)

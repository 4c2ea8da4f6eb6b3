"""The name automaton: every gazetteer name as one Aho-Corasick key, built once and cached on disk.

Keys are normalised names (:func:`geo.text.normalize`) with word-boundary spaces: a name ends in a
space, and one not in Arabic script starts with one too, as it never takes a proclitic (see
:mod:`geo.geoparse.scan`). Each key stands for an :class:`Entry`: the places named exactly so, those
whose ال sits in the prefix before it, the countries it is a demonym of, or an organisation's name.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from geo.config import cache_dir
from geo.gazetteer import Gazetteer
from geo.geoparse.lexicon import AREA_WORDS, FUNCTION_WORDS, NOT_PLACES, strip_proclitic
from geo.geoparse.rules import DIRECTIONS, HEAD_WORDS_AR

#: Head words and directions are never names themselves: "the capital", "west".
NOT_NAMES = FUNCTION_WORDS | frozenset(HEAD_WORDS_AR) | frozenset(DIRECTIONS)
#: A name written with its ال is filed without it too (the ال then in the prefix, بالدوحة) only
#: from this length: not "ات" for الات, which would hit inside every قوات.
DEFINITE_SPLIT_MIN_LENGTH = 5
#: The shortest name indexed in Latin script (US, UK, EU: the parser then asks for capitals), and in
#: Arabic (قم, Qom).
SHORTEST_LATIN_NAME = 2
SHORTEST_ARABIC_NAME = 2
#: Names this short match everywhere, mostly inside other words and mostly for hamlets ...
SHORT_NAME_LENGTH = 3
#: ... so a two-letter one is kept for a town only above this population (قم, Qom) ...
TWO_LETTER_TOWN_FLOOR = 200_000
#: ... a three-letter one above this ...
THREE_LETTER_TOWN_FLOOR = 10_000
#: ... or in the country the newsroom covers most, whose small towns are news.
HOME_COUNTRY = "AF"
#: Countries whose names Arabic newsrooms take from Persian or Urdu spellings.
PERSIAN_SPELLED = frozenset({"AF", "IR", "PK", "TJ"})
_PERSIAN_LETTERS = re.compile("[پچژگ]")
_PERSIAN_TO_ARABIC = str.maketrans("پچژگ", "بجزك")
#: How many keys' readings stay decoded in memory.
ENTRY_READINGS_CACHED = 65_536


@dataclass(slots=True)
class Entry:
    """What one normalised key in the automaton stands for."""

    length: int
    ids: list[str] | tuple[str, ...] = field(default_factory=list)  # places named exactly this
    definite_ids: list[str] | tuple[str, ...] = field(default_factory=list)  # names whose ال sits in the prefix
    demonym_ids: list[str] | tuple[str, ...] = field(default_factory=list)
    blocked: bool = False  # an organisation or outlet: never a place
    definite_blocked: bool = False  # the same, written with its ال in the prefix (للجزيرة)

    def record(self, place_id: str | None, role: str, *, via_definite: bool) -> None:
        """File a place (``None``: an organisation) under this key; ``via_definite``: its ال is in the prefix."""
        if place_id is None:
            if via_definite:
                self.definite_blocked = True
            else:
                self.blocked = True
        elif role == "demonym":
            self.demonym_ids.append(place_id)
        elif via_definite:
            self.definite_ids.append(place_id)
        else:
            self.ids.append(place_id)

    def encode(self) -> str:
        """One short string: 800k of them store and load far faster than objects."""
        flags = ("b" if self.blocked else "") + ("a" if self.definite_blocked else "")
        fields = (str(self.length), ",".join(self.ids), ",".join(self.definite_ids), ",".join(self.demonym_ids),
                  flags)
        return "\t".join(fields)

    @classmethod
    def decode(cls, text: str) -> Entry:
        length, ids, definite_ids, demonym_ids, flags = text.split("\t")

        def split(field: str) -> tuple[str, ...]:
            return tuple(field.split(",")) if field else ()

        return cls(int(length), split(ids), split(definite_ids), split(demonym_ids), "b" in flags, "a" in flags)


class EntryReading(NamedTuple):
    """What a key stands for as found: place ids and their role, or ``ids=None`` for an organisation."""

    ids: tuple[str, ...] | None
    role: str


class NameAutomaton:
    """The automaton over every name, and what each of its keys stands for."""

    def __init__(self, entries: list[str], automaton: ahocorasick.Automaton, lengths: array | None = None):
        self.automaton = automaton
        self._entries = entries
        #: The length of each key, by the index the automaton reports (read from the entries unless given).
        self.lengths = array("H", (int(e.partition("\t")[0]) for e in entries)) if lengths is None else lengths
        #: ``reading(index, via_definite)``: :meth:`_read`, cached.
        self.reading = lru_cache(maxsize=ENTRY_READINGS_CACHED)(self._read)

    def _read(self, index: int, via_definite: bool) -> EntryReading | None:
        """What a key stands for, its ال in the prefix or not: ``(ids, role)``, ``(None, "")`` for an
        organisation, or ``None`` for nothing (a name that needs its ال, say)."""
        entry = Entry.decode(self._entries[index])
        if entry.definite_blocked if via_definite else entry.blocked:
            return EntryReading(None, "")
        ids = entry.definite_ids if via_definite else entry.ids
        if ids:
            return EntryReading(ids, "literal")
        return EntryReading(entry.demonym_ids, "demonym") if entry.demonym_ids else None

    def latin_reading(self, key: str) -> EntryReading | None:
        """What a name outside Arabic script stands for, looked up whole (an English entity's name)."""
        index = self.automaton.get(f" {key} ", None)
        return None if index is None else self.reading(index, False)


#: The cache file's first bytes: a format name and version, then the SHA-256 of the rest.
CACHE_MAGIC = b"kharita-automaton 2\n"
_DIGEST_SIZE = hashlib.sha256().digest_size


def load_or_build(gazetteer: Gazetteer, version: str) -> NameAutomaton:
    """The name automaton, cached on disk per gazetteer version and parser ``version``.

    The cache is :mod:`marshal` data, not a pickle: the cache folder may be shared, and unpickling a
    file someone else wrote runs whatever code they put in it, while marshal only rebuilds strings,
    bytes, numbers and containers. Its SHA-256 is checked before that, so a truncated or garbled file
    is rebuilt (with a message) rather than handed to the automaton's C code."""
    path = cache_dir() / f"geoparser-{gazetteer.version}-{version}.automaton"
    try:
        return NameAutomaton(*_read_cache(path))
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TypeError, EOFError) as error:
        print(f"Rebuilding the name automaton: the cache {path} is unusable ({error})", file=sys.stderr, flush=True)
    names = NameAutomaton(*build(gazetteer))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    # The keys' lengths go in as bytes: reading them back out of 700k entries was a third of the start-up.
    body = marshal.dumps((names._entries, names.lengths.tobytes(), names.automaton.__reduce__()[1]))
    partial.write_bytes(CACHE_MAGIC + hashlib.sha256(body).digest() + body)
    partial.replace(path)  # atomic: another process never reads half a file
    _remove_stale(path)
    return names


def _read_cache(path: Path) -> tuple[list[str], ahocorasick.Automaton, array]:
    """The cached ``(entries, automaton, lengths)``; ``ValueError`` or ``TypeError`` when the file is not one
    intact."""
    entries, lengths, state = _checked_contents(path)  # the file's bytes are freed before the automaton is built
    return entries, ahocorasick.Automaton(*state), lengths


def _checked_contents(path: Path) -> tuple[list[str], array, tuple]:
    data = path.read_bytes()
    head = len(CACHE_MAGIC) + _DIGEST_SIZE
    if not data.startswith(CACHE_MAGIC) or len(data) < head:
        raise ValueError("not a name automaton cache")
    with memoryview(data)[head:] as body:
        if hashlib.sha256(body).digest() != data[len(CACHE_MAGIC):head]:
            raise ValueError("its checksum does not match (truncated or altered)")
        entries, length_bytes, state = marshal.loads(body)
    if not (isinstance(entries, list) and isinstance(length_bytes, bytes) and isinstance(state, tuple)
            and isinstance(state[0], list)):
        raise TypeError("unexpected contents")
    lengths = array("H")
    lengths.frombytes(length_bytes)
    if len(lengths) != len(entries):
        raise ValueError("its lengths and entries disagree")
    return entries, lengths, state


def _remove_stale(current: Path) -> None:
    for pattern in ("geoparser-*.automaton", "geoparser-*.pickle"):  # .pickle: the old format, never read
        for stale in current.parent.glob(pattern):
            if stale != current:
                stale.unlink(missing_ok=True)  # a process using it has it in memory already


def build(gazetteer: Gazetteer) -> tuple[list[str], ahocorasick.Automaton]:
    """Every name of ``gazetteer`` worth a lookup, its demonyms and the organisations' names, as
    ``(encoded entries, automaton)``: the automaton reports an index into the entries."""
    index: dict[str, Entry] = {}

    def add(key: str, place_id: str | None, role: str) -> None:
        if place_id is not None and not indexable(key):
            return
        _entry(index, key).record(place_id, role, via_definite=False)
        if key.startswith("ال") and len(key) >= DEFINITE_SPLIT_MIN_LENGTH:
            _entry(index, key[2:]).record(place_id, role, via_definite=True)

    short: dict[str, list[str]] = {}
    directional: dict[str, list[str]] = {}
    persian: dict[str, list[str]] = {}
    keys = set()
    for key, place_id in gazetteer.names():
        keys.add(key)
        if all(is_direction(word) or word in AREA_WORDS for word in key.split()):
            continue  # "شمال غربي", "منطقة الشمال": a direction, not a name, in running text
        if _PERSIAN_LETTERS.search(key):
            persian.setdefault(key, []).append(place_id)
        if len(key) <= SHORT_NAME_LENGTH:
            short.setdefault(key, []).append(place_id)
        elif led_by_direction(key):
            directional.setdefault(key, []).append(place_id)
        else:
            add(key, place_id, "literal")
    # Arabic newsrooms write the Persian letters of Afghan, Iranian and
    # Pakistani names with the nearest Arabic ones: چهار دره is جهار دره.
    # Only there: elsewhere a Persian exonym (پیره, Piraeus) would be an Arabic word (بيرة).
    for key, place_ids in persian.items():
        for place in gazetteer.places_by_ids(place_ids).values():
            if place.country_code in PERSIAN_SPELLED:
                add(key.translate(_PERSIAN_TO_ARABIC), place.id, "literal")
    # A name led by a direction is a proper name (South Sudan, North Darfur, South
    # Ossetia, جنوب أفريقيا) unless it is a descriptive region, the direction and
    # another place's name (northern Afghanistan, غرب أفغانستان): that is read as
    # the place plus a relation.
    for key, place_ids in directional.items():
        descriptive = key.partition(" ")[2] in keys
        for place in gazetteer.places_by_ids(place_ids).values():
            if place.kind != "region" or not descriptive:
                add(key, place.id, "literal")
    # Short names: of major places only, or of towns of the home country, or of anything but a town.
    for key, place_ids in short.items():
        for place in gazetteer.places_by_ids(place_ids).values():
            floor = TWO_LETTER_TOWN_FLOOR if len(key) == 2 else THREE_LETTER_TOWN_FLOOR
            if place.kind != "city" or place.population >= floor or place.country_code == HOME_COUNTRY:
                add(key, place.id, "literal")
    for key, place_id in gazetteer.demonyms():
        add(key, place_id, "demonym")
    for key in NOT_PLACES:
        add(key, None, "literal")
    for entry in index.values():
        # A demonym that is also some town's name is the demonym: مسؤول سوري is a Syrian
        # official, not one from Surrey. Only the country's own name stays both (سورية).
        if entry.demonym_ids and not set(entry.demonym_ids) & set(entry.ids + entry.definite_ids):
            entry.ids, entry.definite_ids = [], []

    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    entries = []
    for key, value in index.items():
        # The spaces: a name ends at a word's end, and one not in Arabic
        # script starts at a word's start, as it never takes a proclitic.
        automaton.add_word(key + " " if is_arabic(key[0]) else f" {key} ", len(entries))
        entries.append(value.encode())
    automaton.make_automaton()
    return entries, automaton


def _entry(index: dict[str, Entry], key: str) -> Entry:
    if key not in index:
        index[key] = Entry(len(key))
    return index[key]


def indexable(key: str) -> bool:
    """Whether a gazetteer name goes into the automaton: not a function or head word, nor too short."""
    if not key or key in NOT_NAMES:
        return False
    return len(key) >= SHORTEST_LATIN_NAME or (len(key) >= SHORTEST_ARABIC_NAME and not key.isascii())


def is_direction(word: str) -> bool:
    return strip_proclitic(word) in DIRECTIONS or word.removesuffix("ern") in DIRECTIONS


def led_by_direction(key: str) -> bool:
    """"South Sudan", "northern Afghanistan", "غرب أفغانستان"."""
    first, space, _ = key.partition(" ")
    return bool(space) and is_direction(first)


def is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"

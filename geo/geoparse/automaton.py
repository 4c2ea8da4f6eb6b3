"""The name automaton: every gazetteer name as one Aho-Corasick key, built once and cached on disk.

Keys are normalised names (:func:`geo.text.normalize`) with word-boundary spaces: a name ends in a
space, and one not in Arabic script starts with one too, as it never takes a proclitic (see
:mod:`geo.geoparse.scan`). Each key stands for an :class:`Entry`: the places named exactly so, those
whose ال sits in the prefix before it, the countries it is a demonym of, or an organisation's name.
"""

from __future__ import annotations

import os
import re
import sys
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from geo import cachefile
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
    """The automaton over every name, and what each of its keys stands for.

    The keys' entries (:meth:`Entry.encode`, UTF-8) are one ``bytes``, key ``i``'s at
    ``entries[offsets[i]:offsets[i + 1]]``, decoded only when a text names it: loading 700k strings was
    a third of the start-up, and one buffer loads in a few milliseconds."""

    def __init__(self, entries: bytes, offsets: array, lengths: array, automaton: ahocorasick.Automaton):
        self.automaton = automaton
        self._entries = entries
        self._offsets = offsets
        #: The length of each key, by the index the automaton reports.
        self.lengths = lengths
        #: ``reading(index, via_definite)``: :meth:`_read`, cached.
        self.reading = lru_cache(maxsize=ENTRY_READINGS_CACHED)(self._read)

    @classmethod
    def of(cls, entries: list[Entry], automaton: ahocorasick.Automaton) -> NameAutomaton:
        """The automaton and the entries its values index, packed."""
        encoded = [entry.encode().encode() for entry in entries]
        offsets = array("I", [0])
        for item in encoded:
            offsets.append(offsets[-1] + len(item))
        return cls(b"".join(encoded), offsets, array("H", (entry.length for entry in entries)), automaton)

    def _read(self, index: int, via_definite: bool) -> EntryReading | None:
        """What a key stands for, its ال in the prefix or not: ``(ids, role)``, ``(None, "")`` for an
        organisation, or ``None`` for nothing (a name that needs its ال, say)."""
        entry = Entry.decode(self._entries[self._offsets[index]:self._offsets[index + 1]].decode())
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


#: The cache file's format (:mod:`geo.cachefile`). Its sections: the keys' lengths, the entries' offsets, the
#: entries, then the automaton's own pickled nodes; its meta: the automaton's other fields.
CACHE_MAGIC = b"kharita-automaton 3\n"
#: The automaton's fields after its nodes, as its ``__reduce__`` gives them: kind, store, key type, count and
#: longest key (its Python values are ``None``: it stores ints).
_AUTOMATON_FIELDS = 5


def load_or_build(gazetteer: Gazetteer, version: str) -> NameAutomaton:
    """The name automaton, cached on disk per gazetteer version and parser ``version``.

    The cache is raw buffers and a few :mod:`marshal`-ed numbers (:mod:`geo.cachefile`), never a pickle: the
    cache folder may be shared, and unpickling a file someone else wrote runs whatever code they put in it,
    while marshal only rebuilds strings, bytes, numbers and containers. Its checksums are checked first, so a
    truncated or garbled file is rebuilt (with a message) rather than handed to the automaton's C code. (A
    checksum in the file guards against damage, not against someone who may write to the cache folder.)"""
    path = cache_dir() / f"geoparser-{gazetteer.version}-{version}.automaton"
    try:
        return _read_cache(path)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TypeError, EOFError) as error:
        print(f"Rebuilding the name automaton: the cache {path} is unusable ({error})", file=sys.stderr, flush=True)
    names = build(gazetteer)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    _write_cache(partial, names)
    partial.replace(path)  # atomic: another process never reads half a file
    _remove_stale(path)
    return names


def _write_cache(path: Path, names: NameAutomaton) -> None:
    state = names.automaton.__reduce__()[1]  # (nodes, *fields, values), or () when it has no key
    nodes, fields = (state[0], state[1:1 + _AUTOMATON_FIELDS]) if state else ([], None)
    cachefile.write(path, CACHE_MAGIC, fields, [names.lengths.tobytes(), names._offsets.tobytes(), names._entries,
                                                *nodes])


def _read_cache(path: Path) -> NameAutomaton:
    """The cached automaton; ``ValueError`` or ``TypeError`` when the file is not one intact."""
    fields, sections = cachefile.read(path, CACHE_MAGIC)
    if len(sections) < 3 or not (fields is None or isinstance(fields, tuple) and len(fields) == _AUTOMATON_FIELDS
                                 and all(type(n) is int for n in fields)):
        raise TypeError("unexpected contents")
    lengths, offsets = array("H"), array("I")
    lengths.frombytes(sections[0])
    offsets.frombytes(sections[1])
    entries = sections[2]
    if len(offsets) != len(lengths) + 1 or offsets[0] != 0 or offsets[-1] != len(entries):
        raise ValueError("its lengths and entries disagree")
    if fields is None:
        return NameAutomaton(entries, offsets, lengths, ahocorasick.Automaton(ahocorasick.STORE_INTS))
    automaton = ahocorasick.Automaton(sections[3:], *fields, None)  # None: its Python values, as it stores ints
    if automaton.kind != ahocorasick.AHOCORASICK or len(automaton) != len(lengths):
        raise ValueError("its automaton is not the one its entries index")
    return NameAutomaton(entries, offsets, lengths, automaton)


def _remove_stale(current: Path) -> None:
    for pattern in ("geoparser-*.automaton", "geoparser-*.pickle"):  # .pickle: the old format, never read
        for stale in current.parent.glob(pattern):
            if stale != current:
                stale.unlink(missing_ok=True)  # a process using it has it in memory already


def build(gazetteer: Gazetteer) -> NameAutomaton:
    """Every name of ``gazetteer`` worth a lookup, its demonyms and the organisations' names: the automaton
    reports an index into the entries."""
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
    for number, key in enumerate(index):
        # The spaces: a name ends at a word's end, and one not in Arabic
        # script starts at a word's start, as it never takes a proclitic.
        automaton.add_word(key + " " if is_arabic(key[0]) else f" {key} ", number)
    automaton.make_automaton()
    return NameAutomaton.of(list(index.values()), automaton)


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

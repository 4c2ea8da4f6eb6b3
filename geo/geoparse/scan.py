"""Finding names in a text: one pass of the name automaton, the hits on word boundaries, the longest kept.

The automaton scans a copy of the normalised text in which every word boundary is a space (see
:func:`scannable`), and its names end in a space, names not in Arabic script start with one too: a raw
hit then always ends at a word's end, and only an Arabic one may start inside a word, after at most
four proclitic letters. That keeps the hits, and the Python work per hit, few.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from geo.geoparse.automaton import NameAutomaton
from geo.geoparse.lexicon import DEFINITE_PREFIXES, FUNCTION_WORDS, HASHTAG_FILLERS, PROCLITICS
from geo.ner import NOT_PLACE_LABELS, PLACE_LABELS, Entity
from geo.text import normalize

_PREFIXES = PROCLITICS | DEFINITE_PREFIXES
_PREFIX_LAST_LETTERS = frozenset(prefix[-1] for prefix in _PREFIXES if prefix)
_LONGEST_PREFIX = max(len(prefix) for prefix in _PREFIXES)
#: A name this short stands alone, never after a proclitic: باب is a gate, not ب + إب (Ibb).
_ALONE_LENGTH = 2


#: The role of a hit in a hashtag that is no mention: its Match is a ``literal`` with ``tag`` set.
TAG = "tag"


class Hit(NamedTuple):
    """A name found on word boundaries. Hits sort longest first, then by position and order found."""

    shortness: int  # start - end: the negated length, so that sorting puts the longest first
    start: int  # offsets into the normalised text; ``start`` includes the prefix of a blocked name
    order: int  # the order found, so that two hits never compare their ids
    end: int
    ids: tuple[str, ...] | None  # None: an organisation's name, which claims its span but is no place
    role: str
    prefix: str  # the proclitics (and ال) before the name


@dataclass(slots=True)
class Match:
    """A name kept for resolution: its span in the normalised text and what it may stand for."""

    start: int  # offsets into the normalised text
    end: int
    ids: tuple[str, ...]
    role: str
    prefix: str
    confirmed: bool = False  # a statistical model read it as a place (see geo.ner)
    tag: bool = False  # in a hashtag that is no mention (see hashtags): it tells the story's country only


#: A hashtag: its words joined by underscores, vowel marks and joiners kept inside it.
_HASHTAG = re.compile(r"#[\w\u064B-\u065F\u0670\u200c\u200d\u2060]+")


@lru_cache(maxsize=65536)
def _counts(word: str) -> bool:
    """Whether a hashtag's word is more than a filler (:data:`HASHTAG_FILLERS`, digits)."""
    key = normalize(word)
    return bool(key) and not key.isdigit() and key not in HASHTAG_FILLERS


def hashtags(text: str, offsets) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """The hashtags of ``text``, each as its span in the normalised text and the spans of its words
    that are not fillers (:data:`HASHTAG_FILLERS`, digits).

    A place's name that is one word of a tag of several (#سيول_الاردن) names the tag's topic (the
    floods), not a place the text is about; a tag that is all a name (#حفر_الباطن, #حفرالباطن_الان)
    is a mention, unless the text named that place before it: then it tags the text with the place
    again (في الكويت ... #الكويت). Tweet annotators (IDRISI) mark the place once, where it is named."""
    def to_norm(position: int) -> int:
        return position if offsets is None else offsets.to_normalized(position)

    tags = []
    for tag in _HASHTAG.finditer(text):
        words, at = [], tag.start() + 1
        for word in tag.group()[1:].split("_"):
            if _counts(word):
                words.append((to_norm(at), to_norm(at + len(word))))
            at += len(word) + 1
        tags.append((to_norm(tag.start()), to_norm(tag.end()), words))
    return tags


def _tagged(hits: list[Hit], tags) -> set[Hit]:
    """The hits that are no mention for being in a hashtag: one word of a topic's tag, or a tag
    repeating a place named before it (see :func:`hashtags`)."""
    tagged, named = set(), set()
    starts = [tag[0] for tag in tags]
    for hit in sorted(hits, key=itemgetter(1)):
        if hit.ids is None:
            continue
        start = hit.start - len(hit.prefix)
        at = bisect_right(starts, start) - 1
        tag = tags[at] if at >= 0 and start < tags[at][1] else None
        if tag is None:
            named.add(hit.ids)
        elif any(not (start <= s and e <= hit.end) for s, e in tag[2]) or hit.ids in named:
            tagged.add(hit)
        else:
            named.add(hit.ids)
    return tagged


# The apostrophe comes first so the engine can skip ahead to one: the lookbehind is far slower.
_POSSESSIVE_S = re.compile(r"['’ʼ](?<=\w.)(s)\b")


def scannable(norm: str, text: str, offsets) -> str:
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


def scan(names: NameAutomaton, norm: str, text: str, offsets) -> list[Hit]:
    """Every name occurrence in ``norm`` (``text`` normalised, ``offsets`` mapping back) that sits on
    word boundaries; a blocked one (an organisation) has ``ids`` ``None``."""
    found = []
    lengths, reading_of = names.lengths, names.reading
    # A hit made with tuple.__new__ skips NamedTuple's __new__, a Python call: this loop runs per raw hit.
    new, hit = tuple.__new__, Hit
    scan = scannable(norm, text, offsets)
    for last, index in names.automaton.iter(scan):
        # Positions in ``scan`` are one past those in ``norm``.
        end = last - 1
        start = end - lengths[index]
        if scan[start] == " ":
            prefix = ""
            if norm[start].isascii() and not (text[start] if offsets is None else text[offsets[start]]).isupper():
                continue  # a Latin name is written with a capital: "said" is not Said, Egypt
            reading = reading_of(index, False)
        else:
            if scan[start] not in _PREFIX_LAST_LETTERS or end - start <= _ALONE_LENGTH:
                continue  # the tail of a longer word, most hits: every prefix ends in one of these
            before = scan[max(0, start - _LONGEST_PREFIX):start + 1]
            prefix = before[before.rfind(" ") + 1:]
            if len(prefix) == len(before) or prefix not in _PREFIXES:
                continue  # the tail of a longer word
            reading = reading_of(index, prefix in DEFINITE_PREFIXES)
        if reading is None or norm.find("\n", start, end) != -1:
            continue  # a name never runs across a line break, where a sentence ends (geo.text.Layout)
        ids, role = reading
        if ids is None:
            start -= len(prefix)
            found.append(new(hit, (start - end, start, len(found), end, None, "", "")))
        elif not prefix or norm[start - len(prefix):end] not in FUNCTION_WORDS:  # وإن is "and if", not و + Van
            found.append(new(hit, (start - end, start, len(found), end, ids, role, prefix)))
    if "#" in text:
        tagged = _tagged(found, hashtags(text, offsets))
        if tagged:
            found = [h._replace(role=TAG) if h in tagged else h for h in found]
    return found


def select(hits: list[Hit], size: int) -> list[Match]:
    """Longest names first; a blocked name (an organisation) claims its span too. ``size`` is the
    normalised text's length."""
    hits.sort()
    taken = bytearray(size)
    chosen = []
    for _, start, _, end, ids, role, prefix in hits:
        if taken.find(1, start, end) != -1:
            continue
        taken[start:end] = b"\x01" * (end - start)
        if ids is not None:
            chosen.append(Match(start, end, ids, "literal", prefix, tag=True) if role == TAG
                          else Match(start, end, ids, role, prefix))
    chosen.sort(key=lambda m: m.start)
    return chosen


def review(names: NameAutomaton, matches: list[Match], entities: list[Entity], norm: str, offsets) -> list[Match]:
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
        reading = names.latin_reading(key)  # an English entity: a name outside Arabic script
        if reading is not None and reading.ids is not None:
            reviewed.append(Match(start, end, reading.ids, reading.role, "", confirmed=True))
    reviewed.sort(key=lambda m: m.start)
    return reviewed

"""The rules around a found name: its cue words, and whether it is a person's, an organisation's or too weak a place.

Head words before or after a name set the kind it expects (ولاية هيرات is the province, "the city of
Herat" the city); a direction or a border phrase before it is its relation to the place. A name after a
title or a given name is a person's, one inside an organisation's name is not a place, and a common word
or a small namesake far from the story needs a cue before it counts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from geo.geoparse.lexicon import (
    BORDER_CUES,
    GIVEN_NAMES,
    NAME_PARTICLES,
    ORGANISATION_FORMS,
    ORGANISATION_TAIL,
    ORGANISATION_WORDS,
    PERSON_CUE_FORMS,
    PERSON_CUES,
    PLACE_PREPOSITIONS,
    SENTENCE_WORDS,
    SURNAMES,
    strip_proclitic,
)
from geo.records import Place
from geo.text.normalize import normalize

if TYPE_CHECKING:
    from geo.geoparse.context import Context
    from geo.text import Layout

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
#: What joins a place to a common word that is then a place too: "Syria and Jordan".
COORDINATORS = frozenset({"and", "or", ",", "&"})
#: Words between a direction and its place that do not break the relation: "west of the city of Kabul".
_RELATION_FILLERS = frozenset({"of", "the"} | HEAD_WORDS_EN_BEFORE.keys() | HEAD_WORDS_AR.keys())
#: How many words before a name a direction's phrase may span, and how many characters back it is looked for in:
#: "north-west of the city of Kunduz".
RELATION_WORDS = 7
RELATION_WINDOW = 60
#: The halves a compound direction is written in: "north-west", شمال غرب.
_COMPOUND_FIRST = frozenset({"north", "south"})
_COMPOUND_SECOND = frozenset({"east", "west"})
#: A distance right before a direction's phrase, read in the original text: "30 km", "٣٠ كم", "1,200 kilometres",
#: "٢٫٥ كيلومتر", "30 kilometres (19 miles)". The unit must end a word (not "km2", "km-long").
_DISTANCE = re.compile(
    r"(?P<whole>\d{1,3}(?:[,٬]\d{3})+|\d+)(?:[.٫](?P<fraction>\d+))?\s*"
    r"(?P<unit>km|kms|kilomet(?:re|er)s?|miles?|كم|كلم|كيلو ?متر(?:ات|ا)?)[\u064B-\u0652]*"
    r"(?:\s*\(\s*[\d.,٫٬]+\s*(?:km|kms|kilomet(?:re|er)s?|miles?|كم|كلم)\s*\))?"
    r"\s+(?P<phrase>[^\d\s]+(?:\s+[^\d\s]+){0," + str(RELATION_WORDS - 1) + r"})\s*$",
    re.IGNORECASE)
_KM_PER_MILE = 1.609344
#: How many characters before a name a distance and its direction are looked for in.
DISTANCE_WINDOW = 100

#: How many words before a name the rules read, and how many characters back they look for them.
WORDS_BEFORE = 3
WORDS_BEFORE_WINDOW = 60
#: How many words after a name a head word is looked for in ("Nad Ali and Nahr-e Saraj districts"),
#: within how many characters, and how far after an "and" the plural head word may stand.
WORDS_AFTER = 8
WORDS_AFTER_WINDOW = 80
PLURAL_REACH = 4
#: How many characters before a name a border phrase (الحدود مع) may end in.
BORDER_CUE_WINDOW = 20
#: How many characters before an English name a capitalised given name is looked for in.
GIVEN_NAME_WINDOW = 40

#: The words of a border's name that name neither side.
_BORDER_WORDS = frozenset({"border", "borders", "frontier", "with", "between", "and", "the",
                           "الحدود", "حدود", "مع", "بين"})
#: The last word of a county's full name.
COUNTY_WORDS = (" county", " parish")
#: Kinds of place that are never too weak a reading to show.
ALWAYS_PLAUSIBLE = frozenset({"country", "border", "region", "water", "facility"})
#: A place smaller than this needs a head word or the story's own country (or a nearby place).
SMALL_PLACE = 20_000
#: A place larger than this needs no context at all (Doha, Kandahar).
WORLD_CITY = 300_000
#: An English name that starts a sentence, with no head word, is a place only above this population.
SENTENCE_START_FLOOR = 100_000
#: An Arabic name this short, with no head word, is mostly a word, not a hamlet.
SHORT_ARABIC_NAME = 3

_CAPITALISED_BEFORE = re.compile(r"[A-Z][a-z]+\s+$")
_GIVEN_NAME_BEFORE = re.compile(r"([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?$")  # "Lloyd Austin", "George W. Bush"
#: The word right after a name, as a surname or a middle initial would stand: "George Bush", "George V. Voinovich".
_NEXT_NAME = re.compile(r" (?:([A-Z][a-z]+)\b|[A-Z]\. [A-Z])")
#: Surnames that are also what a place's name ends in: Spencer Street, Tyler Park, Madison High.
_PLACE_NAME_ENDS = frozenset({"street", "lane", "park", "hill", "hills", "high", "field", "fields", "wood", "woods",
                              "ford", "hall", "church", "rivers", "lake", "beach", "grove", "mills",
                              "north", "south", "east", "west"})
_PERSONS_SURNAMES = SURNAMES - _PLACE_NAME_ENDS
#: "who" right after a name: a person's ("Hailey, who"), never a place's ("Kabul, which").
_WHO_AFTER = re.compile(r",? who\b")
_PLACE_BEFORE_WHO = PLACE_PREPOSITIONS | {"of", "the", "on"}
_LOWERCASE_WORD = re.compile(r"\b[a-z]{2,}\b")
#: An acronym in brackets right after a name of capitalised words: "Bureau of Animal Industry (BAI)".
_BRACKETED_ACRONYM = re.compile(r"\(([A-Z]{2,6})\)")
#: Short words an acronym skips: "Food and Agriculture Organisation" is FAO.
_ACRONYM_SKIPS = frozenset({"of", "and", "for", "the", "on", "in", "&"})
_SENTENCE_START_BEFORE = re.compile(r"[.!?:\n]\s*[A-Z][a-z]+\s+$")
#: "the" right before a sea's or a river's name, or with one lower-case word between: "the tropical Atlantic".
_THE_BEFORE = re.compile(r"\b[Tt]he (?:[a-z]+ )?$")
_THE_WINDOW = 30


def words_before(norm: str, position: int) -> list[str]:
    """Up to :data:`WORDS_BEFORE` words that end before ``position`` in ``norm``."""
    return norm[max(0, position - WORDS_BEFORE_WINDOW):position].rsplit(None, WORDS_BEFORE)[-WORDS_BEFORE:]


def expected_kind(before: list[str], norm: str, end: int) -> str | None:
    """The kind a head word asks for: ولاية هيرات, "the city of Herat", "Herat province".

    ``before`` holds the words before the name (:func:`words_before`); the name ends at ``end`` in ``norm``.
    """
    if before:
        head = before[-1]
        kind = HEAD_WORDS_AR.get(head) or HEAD_WORDS_AR.get(strip_proclitic(head))
        if kind:
            return kind
        if len(before) >= 2 and head == "of" and before[-2] in HEAD_WORDS_EN_BEFORE:
            return HEAD_WORDS_EN_BEFORE[before[-2]]
    after = norm[end:end + WORDS_AFTER_WINDOW].split(None, WORDS_AFTER)[:WORDS_AFTER]
    if not after:
        return None
    if after[0] in HEAD_WORDS_EN_AFTER:
        return HEAD_WORDS_EN_AFTER[after[0]]
    if after[0] == "s" and ("district" in after or "districts" in after):
        return "province"  # "Qunduz's Imam Sahib district": a district's possessor is its province
    if after[0] == "and":
        plural = next((w for w in after[1:1 + PLURAL_REACH] if w in ("districts", "provinces")), None)
        if plural:
            return HEAD_WORDS_EN_AFTER[plural]  # "Nad Ali and Nahr-e Saraj districts"
    return None


def held_head_word(key: str) -> str | None:
    """The kind a name's own first word asks for: نهر النيل holds its head word."""
    return HEAD_WORDS_AR.get(key.partition(" ")[0])


def direction(words: list[str]) -> tuple[str, int] | None:
    """The direction ``words`` (normalised, the last one right before a name) end in, and the index of
    the word its phrase starts at: ("west", 0) for "west of the city of"; ("northwest", 2) for
    "killed 30 north west of" (a compound: "north-west", شمال غرب)."""
    for i in range(len(words) - 1, -1, -1):  # the nearest word that is not a head word
        word = words[i]
        if word in _RELATION_FILLERS:
            continue
        found = DIRECTIONS.get(strip_proclitic(word))
        if found is None:
            return None
        if found in _COMPOUND_SECOND and i and DIRECTIONS.get(strip_proclitic(words[i - 1])) in _COMPOUND_FIRST:
            return DIRECTIONS[strip_proclitic(words[i - 1])] + found, i - 1
        return found, i
    return None


def relation(norm: str, position: int) -> str | None:
    """Direction from the anchor (غربي العاصمة كابل, "west of Kabul") or a border (الحدود مع X) of the name
    at ``position`` in ``norm``."""
    found = direction(norm[max(0, position - RELATION_WINDOW):position].split()[-RELATION_WORDS:])
    if found:
        return found[0]
    tail = norm[max(0, position - BORDER_CUE_WINDOW):position].strip()
    if tail.endswith(BORDER_CUES):
        return "border"
    return None


def distance_km(text: str, start: int) -> float | None:
    """The distance written right before the direction of the name at ``start`` in the original
    ``text`` ("30 km west of Kabul", "٣٠ كم غرب كابل", "20 miles south of"), in kilometres (miles
    converted, to 0.1 km). Only a number with a unit whose next words are the direction's whole phrase
    counts: not "3 people west of Kabul", nor "30 km of road west of Kabul"."""
    found = _DISTANCE.search(text, max(0, start - DISTANCE_WINDOW), start)
    if found is None or (direction(normalize(found["phrase"]).split()) or (None, -1))[1] != 0:
        return None
    value = int(re.sub(r"[,٬]", "", found["whole"])) + float(f"0.{found['fraction'] or 0}")
    return round(value * _KM_PER_MILE, 1) if found["unit"].lower().startswith("mile") else value


def is_person(key: str, before: list[str], places: list[Place], people: set[str]) -> bool:
    """A name that is part of a person's name: after a title or particle, or one already read as a person's
    in this article (``people``); see :func:`capitalised_before` for a given name before it."""
    if key in people or key in PERSON_CUES:
        return True
    if not before:
        return False
    if before[-1] in PERSON_CUE_FORMS or (len(before) > 1 and f"{before[-2]} {before[-1]}" in PERSON_CUES):
        previous = before[-1] if before[-1] in PERSON_CUES else strip_proclitic(before[-1])
        return all(p.kind not in ("country", "province") for p in places) or previous in NAME_PARTICLES
    return False


#: What :func:`capitalised_before` finds before a name.
AFTER_GIVEN_NAME, AFTER_CAPITALISED_WORD = "given name", "capitalised word"


def capitalised_before(key: str, before: list[str], places: list[Place], text: str, start: int) -> str | None:
    """What stands right before an English name, as before a surname: a common given name
    (:data:`AFTER_GIVEN_NAME`: "Lloyd Austin", "Charlie Chen" even at a sentence's start, "George W. Bush"), any
    other capitalised word mid-sentence (:data:`AFTER_CAPITALISED_WORD`: "Manager Sam Herrick", "Detroit
    Edison", but also "Metropolitan Atlanta"), or nothing; never before a country or a province."""
    if not (before and key.isascii() and before[-1] not in SENTENCE_WORDS and text[start:start + 1].isupper()):
        return None
    gap = text[max(0, start - GIVEN_NAME_WINDOW):start]
    given = _GIVEN_NAME_BEFORE.search(gap)
    if given is None or any(p.kind in ("country", "province") for p in places):
        return None
    if normalize(given[1]) in GIVEN_NAMES:
        return AFTER_GIVEN_NAME
    return None if _SENTENCE_START_BEFORE.search(gap) else AFTER_CAPITALISED_WORD


def followed_by_who(before: list[str], text: str, end: int, places: list[Place]) -> bool:
    """Whether the name ending at ``end`` in ``text`` is a person's, as "who" after it says ("Hailey, who was
    born..."), and no reading is a country or a province. After a preposition or "the" the person is someone
    before the place: "a Republican from Florence, who", "a driver on the Sunshine Coast, who"."""
    return (_WHO_AFTER.match(text, end) is not None and not (before and before[-1] in _PLACE_BEFORE_WHO)
            and all(p.kind not in ("country", "province") for p in places))


def given_name_before_surname(key: str, text: str, end: int, places: list[Place]) -> bool:
    """Whether a name that is a common given name stands before a surname or an initial: "George Bush",
    "Paul Henderson", "George V. Voinovich" (``end``: where it ends in ``text``), and no reading is a
    country or a province."""
    if key not in GIVEN_NAMES:
        return False
    after = _NEXT_NAME.match(text, end)
    return (after is not None and (after[1] is None or normalize(after[1]) in _PERSONS_SURNAMES)
            and all(p.kind not in ("country", "province") for p in places))


def in_organisation(before: list[str], text: str, end: int) -> bool:
    """A name inside an organisation's: جامعة كابل, بنك كابل, Kabul University, the Tehran
    Times, Kurdistan Democratic Party (``end`` is where the name ends in ``text``)."""
    if before and not before[-1].isascii():
        last = before[-1]
        if last in ORGANISATION_FORMS:
            return True
        if len(before) > 1 and f"{strip_proclitic(before[-2])} {last}" in ORGANISATION_WORDS:
            return True
    return ORGANISATION_TAIL.match(text, end) is not None


class LowercaseWords:
    """The words a text writes in lower case, read on first use: "many" in a text makes its "Many" a word."""

    def __init__(self, text: str):
        self.text = text
        self._words: frozenset[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = frozenset(_LOWERCASE_WORD.findall(self.text))
        return word in self._words


def written_as_word(key: str, text: str, start: int, end: int, lowercase: LowercaseWords) -> bool:
    """Whether a capitalised English name of one word is a common word of this text: the text writes it
    in lower case elsewhere ("Many public events..." beside "many", "Drug" beside "drug")."""
    return key.isascii() and key.isalpha() and text[start:end].istitle() and key in lowercase


def written_as_phrase(key: str, lowercase: LowercaseWords) -> bool:
    """Whether an English name of several words is a phrase of this text: it writes each of them in lower
    case elsewhere ("The city is one of seven finalists" beside "the city"), as an alternate name of Oakville,
    Connecticut has it."""
    return " " in key and key.isascii() and all(word in lowercase for word in key.split())


def is_money(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is a currency's, a dollar sign right after it: US$460, NZ$5."""
    return text.startswith("$", end)


def acronym_of_phrase(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is an acronym in brackets for the capitalised words before it:
    "Food and Agriculture Organisation (FAO)", "Bureau of Animal Industry (BAI)"."""
    if start == 0 or text[start - 1] != "(":
        return False
    bracketed = _BRACKETED_ACRONYM.fullmatch(text, start - 1, end + 1)
    if bracketed is None:
        return False
    words = text[max(0, start - 1 - 12 * len(bracketed[1])):start - 1].split()
    initials = []
    for word in reversed(words):
        if word.lower() in _ACRONYM_SKIPS:
            continue
        if not word[:1].isupper():
            break
        initials.append(word[0])
        if len(initials) == len(bracketed[1]):
            break
    return "".join(reversed(initials)) == bracketed[1]


def common_word_cued(key: str, before: list[str], gap: str) -> bool:
    """Whether an English common word (:data:`~geo.geoparse.lexicon.COMMON_WORDS`: Jordan, Mobile) is
    cued as a place: "in Jordan", or "Syria and Jordan" (``gap``: the text since the place before it)."""
    return key.isascii() and bool(before and before[-1] in PLACE_PREPOSITIONS or gap.strip() in COORDINATORS)


def names_both_sides(key: str) -> bool:
    """Whether a border's name names both its countries ("Afghan-Tajik border", الحدود الأفغانية الطاجيكية),
    not only the other side ("the Tajik border")."""
    return sum(word not in _BORDER_WORDS for word in key.split()) >= 2


def border_fits(place: Place, context: Context) -> bool:
    """Whether a border fits the story: one of its two countries is the story's, and the story's leading
    country, if one leads, is one of them."""
    sides = set(place.countries)
    return bool(sides & set(context.countries)) and (context.leader is None or context.leader in sides)


def plausible(place: Place, key: str, text: str, start: int, expected: str | None, context: Context,
              layout: Layout) -> bool:
    """Whether a reading is strong enough to show: not a small namesake far from the story, nor a common word."""
    if place.kind == "water" and key.isascii() and " " not in key and expected != "water":
        # "the Orange", "the tropical Atlantic"; not Orange County
        return _THE_BEFORE.search(text, max(0, start - _THE_WINDOW), start) is not None
    if place.kind == "border" and expected is None and not names_both_sides(key) and not border_fits(place, context):
        return False  # "the Iranian border" in a story about Iraq is not Afghanistan's
    if place.kind in ALWAYS_PLAUSIBLE:
        return True
    if place.kind == "district" and key.endswith(COUNTY_WORDS):
        return True  # the name holds its head word: Henry County
    if key.isascii():
        if (layout.starts_sentence(start) and place.population < SENTENCE_START_FLOOR and expected is None
                and place.country_code not in context.countries):
            return False  # "Police said": a small namesake far away; "Taloqan, the capital of Takhar, fell" stays
    elif expected is None and len(key) <= SHORT_ARABIC_NAME and place.population < SMALL_PLACE:
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
    # Spatial coherence: a small place of the story's own country, one close to the other places it
    # names (Torkham beside Jalalabad), or one a reading of another of its names lies close to (Paris and
    # Henry County, Tennessee).
    return place.country_code in context.leading or context.near(place) or place.id in context.close

"""The geoparser's word lists: read from ``lexicon/*.txt`` once, normalised, with the Arabic proclitics around them.

Each list is a plain file, one entry a line, ``#`` starting a comment (``lexicon/README.md`` says what each
holds). Entries are normalised as names are (:func:`geo.text.normalize`), so they are written as a newsroom
writes them.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from geo.text import normalize

#: The folder of word lists; :func:`geo.geoparse.parser_version` hashes it, so editing a list reparses.
LEXICON_DIR = Path(__file__).parent / "lexicon"

#: The letters of the Arabic proclitics و ف ب ل ك, which stand before a word without a space.
PROCLITIC_LETTERS = "وفبلك"
#: The proclitics, alone and in pairs, that may stand before a name ("" is none).
PROCLITICS = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "فب", "ول", "فل", "وك", "فك"})
#: Prefixes that hold the ال ("the") of a name: بالدوحة, للدوحة (li + al drops the alef).
DEFINITE_PREFIXES = frozenset({"ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال", "فبال"})
#: A word shorter than this keeps its first letter: it is not a proclitic and a word (بلخ is Balkh).
_SHORTEST_WITH_PROCLITIC = 4


def lines_of(name: str) -> list[str]:
    """The entries of the list ``name``, as written: comments and blank lines left out."""
    lines = (LEXICON_DIR / name).read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def read_words(name: str) -> frozenset[str]:
    """The entries of the list ``name``, normalised."""
    return frozenset(normalize(line) for line in lines_of(name))


def organisation_tail(name: str) -> re.Pattern:
    """What ends an organisation's English name after a place name: up to two more capitalised
    words, then one of the list's (Kabul Bank, Basra Oil Company, Kurdistan Democratic Party)."""
    words = "|".join(re.escape(line) for line in lines_of(name) if line.isascii())
    return re.compile(r"(?:[ -][A-Z][\w'’-]*){0,2}[ -](?:" + words + r")\b")


def census_names(file: str, most: int) -> frozenset[str]:
    """The ``most`` commonest names of one of the US Census name lists the ``names`` package ships
    (lines "NAME  frequency  cumulative  rank"), normalised."""
    lines = resources.files("names").joinpath(file).read_text("utf-8").splitlines()
    return frozenset(normalize(line.split()[0]) for line in lines[:most] if line.strip())


def strip_proclitic(word: str) -> str:
    """``word`` without the proclitic letter it may start with (وجامعة → جامعة)."""
    return word[1:] if len(word) >= _SHORTEST_WITH_PROCLITIC and word[0] in PROCLITIC_LETTERS else word


def with_proclitic_forms(words: frozenset[str]) -> frozenset[str]:
    """``words``, and each with the proclitic letter :func:`strip_proclitic` would take off
    (وجامعة): ``w in forms`` is ``w in words or strip_proclitic(w) in words``."""
    return words | {letter + word for word in words for letter in PROCLITIC_LETTERS
                    if len(letter + word) >= _SHORTEST_WITH_PROCLITIC}


#: Words never indexed as names, nor read as a proclitic and a name.
FUNCTION_WORDS = read_words("function_words.txt") | read_words("proclitic_lookalikes_ar.txt")
#: Organisations, outlets and other names that contain or look like place names.
NOT_PLACES = read_words("not_places.txt")
#: Titles, given names and particles: a place name right after one is part of a person's name.
PERSON_CUES = read_words("person_cues.txt")
PERSON_CUE_FORMS = with_proclitic_forms(PERSON_CUES)
#: Particles inside a name, after which even a country's name is a person's (تميم بن حمد).
NAME_PARTICLES = read_words("name_particles.txt")
#: Capitalised English words that may stand before a name without making it a surname.
SENTENCE_WORDS = read_words("sentence_words_en.txt")
#: Words that make a name an organisation's: جامعة كابل, Kabul University.
ORGANISATION_WORDS = read_words("organisation_words.txt")
ORGANISATION_FORMS = with_proclitic_forms(ORGANISATION_WORDS)
ORGANISATION_TAIL = organisation_tail("organisation_words.txt")
#: Words that name a place only after a head word (ولاية، "X province") or another cue.
COMMON_WORDS = (read_words("common_words_en.txt") | read_words("common_words_ar.txt")
                | read_words("calendar_ar.txt") | read_words("weather_words_ar.txt"))
#: Common English given names and surnames (the US Census lists): a small town named like one (Roberts, Hughes,
#: Linda) is a place only after a cue, as a common word is; a given name before a surname is a person's.
GIVEN_NAMES = census_names("dist.male.first", 1000) | census_names("dist.female.first", 1000)
SURNAMES = census_names("dist.all.last", 3000)
PERSON_NAMES = GIVEN_NAMES | SURNAMES
#: English words after which a common word is a place: "in Jordan", "to Reading".
PLACE_PREPOSITIONS = read_words("place_prepositions_en.txt")
#: Phrases right before a name that make it a border (الحدود مع X).
BORDER_CUES = tuple(sorted(read_words("border_cues.txt")))
#: Words beside a place's name in a hashtag that leave it the place's: #حفرالباطن_الان.
HASHTAG_FILLERS = read_words("hashtag_fillers.txt")
#: Words for "area" that, with a direction, make no proper name: منطقة الشمال.
AREA_WORDS = read_words("area_words.txt")

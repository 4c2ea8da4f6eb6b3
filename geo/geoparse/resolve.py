"""Ranking a name's readings in an article's context: its candidate places, their scores and the best one.

A reading scores its prior (kind, size and standing: :func:`geo.gazetteer.ranking.prior`, which the
gazetteer's lookups rank by too), the kind its head word expects, and the countries and provinces the
article names; the best one's share of the softmax over the scores is its confidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from geo.gazetteer import Gazetteer
from geo.gazetteer.ranking import prior
from geo.geoparse.context import Context
from geo.records import Place
from geo.text.normalize import normalize

#: Namesake towns ranked per name, the most populous first ("Kabul" has namesakes on three continents).
MAX_TOWNS = 16
#: What a head word adds to a reading of the kind it asks for, and to one of another kind.
HEAD_WORD_MATCH = 4
HEAD_WORD_MISMATCH = -2
#: What a reading gains in a country the article names, and in the one country it names most.
NAMED_COUNTRY = 1.0
LEADING_COUNTRY = 2.5
#: What a reading gains in a province the article names.
NAMED_PROVINCE = 1
#: What a town loses when the name is only one of its alternates and another reading bears it as its
#: own (or a language's preferred) name: "Iraq" is an old alternate of Arāk, "Manhattan" of New York City.
ALTERNATE_ONLY = 3
#: What a town smaller than this, and no seat, loses when a country, a first-level division, a region or a
#: sea bears its name: California is the state, not the town in Maryland; Takhar the province, not a town in
#: China; Asia the continent. A seat loses it too when the name is only its alternate (Africa, of Mahdia).
MINOR_TOWN = 300_000
NAMESAKE_TOWN = 2
SEATS = frozenset({"PPLC", "PPLA"})
#: A city this populous, or a national capital, outranks the small towns named after it, even in the story's
#: own country, unless the town lies in a province the story names or near the story's other towns: London in
#: an American story is England's, not the town in Ohio; in a story about Kentucky it is Kentucky's.
GREAT_CITY = 1_000_000
CAPITAL = "PPLC"
#: What one of a name's namesake districts gains when it lies near the story's other places.
NEAR_DISTRICT = 0.5
#: What a reading gains when it lies close to a reading of another of the story's names (Context.close).
CLOSE_READING = 2.0
#: The kinds of small place whose readings bear each other out when close (see context.close_readings).
LOCAL_KINDS = frozenset({"city", "district"})
#: A name with a reading of this prior (a country, a great city, a province's seat) is famous: two famous names'
#: small namesakes lying close together are a coincidence (Geneva and Damascus, Ohio), not a story's places.
FAMOUS_PRIOR = 4.5
#: A saint's name, written short and in full (normalised).
SAINT_SHORT, SAINT = "st ", "saint "
#: Kinds of place whose alternate names are all their own: a country's, a region's and a sea's.
OWN_ALTERNATES = frozenset({"country", "region", "water"})
#: Kinds of place that bear a name before any town does: "California" is the state, "the Atlantic" the ocean.
DIVISIONS = OWN_ALTERNATES | {"province"}
#: How many readings after the best one a mention lists as alternatives, and the decimals shares keep.
ALTERNATIVES = 3
SHARE_DIGITS = 3
#: Candidate lists kept in memory, and rankings kept before they are all dropped (a long-lived process).
CANDIDATE_LISTS_CACHED = 65_536
RANKINGS_CACHED = 200_000


class ScoreRow(NamedTuple):
    """What scoring reads of one candidate place."""

    prior: float
    kind: str
    countries: tuple[str, ...]
    admin1: str | None
    named: bool  # the name is the place's own or a language's preferred name, not an alternate
    minor: bool  # a town that is no seat and smaller than MINOR_TOWN


@dataclass(slots=True, eq=False)
class Candidates:
    """The places one name may stand for, and what ranking reads of them, gathered once.

    Compared and hashed by identity: per-article and ranking caches are keyed by the object itself,
    which they hold, so a key is never taken over by a newer list.
    """

    places: list[Place]
    table: list[ScoreRow]
    countries: frozenset[str]  # the places' countries (a sea's or a region's several)
    provinces: frozenset[str]
    key: str = ""  # the name as normalised
    world_city: bool = False  # a reading is a great city (GREAT_CITY), whose small namesakes need the story's help
    counties: bool = False  # several readings are districts (Henry County in six states)
    local: tuple[Place, ...] = ()  # the towns and districts, whose nearness to other names' readings counts
    famous: bool = False  # a reading is a country, a great city or a seat (FAMOUS_PRIOR): see context.close_readings
    with_districts: Candidates | None = None  # these and their towns' namesake districts, once asked

    @classmethod
    def of(cls, places: list[Place], key: str = "") -> Candidates:
        table = [ScoreRow(prior(place), place.kind, countries_of(place), place.admin1, named,
                          place.kind == "city" and place.fcode not in SEATS and place.population < MINOR_TOWN)
                 for place, named in zip(places, named_readings(places, key), strict=True)]
        return cls(
            places,
            table,
            frozenset(code for place in places for code in countries_of(place)),
            frozenset(place.admin1 for place in places if place.admin1),
            key,
            any(place.kind == "city" and (place.population >= GREAT_CITY or place.fcode == CAPITAL)
                for place in places),
            sum(place.kind == "district" for place in places) > 1,
            tuple(place for place in places if place.kind in LOCAL_KINDS),
            any(row.prior >= FAMOUS_PRIOR for row in table),
        )


class Reading(NamedTuple):
    """The best reading of a name in context, its confidence and the next readings' ``(place id, share)``."""

    place: Place
    confidence: float
    alternatives: tuple[tuple[str, float], ...]


class Resolver:
    """A name's candidates from the gazetteer, and their ranking in an article's context, both cached."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        #: ``candidates(ids, key)``: the places behind a name's ids (:meth:`_fetch`), cached.
        self.candidates = lru_cache(maxsize=CANDIDATE_LISTS_CACHED)(self._fetch)
        self._rankings: dict[tuple, Reading] = {}  # see resolved()

    def _fetch(self, ids: tuple[str, ...], key: str = "") -> Candidates:
        found = self.gazetteer.places_by_ids(ids)
        places = [found[i] for i in dict.fromkeys(ids) if i in found]
        # Many towns share a name: rank only the most populous few, and every reading of another kind.
        towns = sorted((p for p in places if p.kind == "city"), key=lambda p: -p.population)
        return Candidates.of([p for p in places if p.kind != "city"] + towns[:MAX_TOWNS], key)

    def with_namesake_districts(self, candidates: Candidates) -> Candidates:
        """``candidates`` and the districts named like its towns, in the same province.

        A district and its centre share a name, but the gazetteer knows most
        districts by their English name only: مديرية إمام صاحب finds the town
        Imam Sahib by its Arabic name, and through it the district.
        """
        if candidates.with_districts is None:
            districts = {}
            for town in candidates.places:
                if town.kind == "city" and town.admin1:
                    for candidate in self.gazetteer.lookup(town.name, kinds=["district"], country=town.country_code):
                        if candidate.place.admin1 == town.admin1:
                            districts[candidate.place.id] = candidate.place
            candidates.with_districts = Candidates.of(candidates.places + list(districts.values()), candidates.key)
        return candidates.with_districts

    def resolved(self, candidates: Candidates, expected: str | None, context: Context) -> Reading:
        """The best of a name's readings in ``context``, its confidence and the alternatives.

        A ranking depends on the context only through the candidates' own countries and
        provinces, so it is kept under those: the same name in the next article about the
        same country is not ranked again.
        """
        places = candidates.places
        if len(places) == 1:
            return Reading(places[0], *_CERTAIN)  # nothing to rank: the score only matters relative to others
        countries = candidates.countries
        near = near_namesakes(candidates, context)
        close = tuple(place.id in context.close for place in places) if context.close and candidates.local else None
        key = (candidates, expected, context.leader if context.leader in countries else None,
               countries.intersection(context.countries), candidates.provinces.intersection(context.provinces), near,
               close)
        reading = self._rankings.get(key)
        if reading is None:
            if len(self._rankings) >= RANKINGS_CACHED:
                self._rankings.clear()  # a bound for a long-lived process; refilled as it goes
            ranked = list(zip(scores(candidates.table, expected, context, near, close), places, strict=True))
            ranked.sort(key=_score_of, reverse=True)  # stable: ties keep the candidates' order
            reading = self._rankings[key] = Reading(ranked[0][1], *confidence(ranked))
        return reading


def near_namesakes(candidates: Candidates, context: Context) -> tuple[bool, ...] | None:
    """Once the story's major places are all known: for a world city's name, whether each reading lies near
    one of the story's major towns; for a county's (a name of several districts), near one of its major
    places (:meth:`Context.near`); ``None`` for other names."""
    if not context.settled or not (candidates.world_city or candidates.counties):
        return None
    # Only a world city's small namesakes and a county's namesakes are ranked by it: the rest are not asked.
    return tuple((row.minor if candidates.world_city else row.kind == "district")
                 and context.near(place, towns=candidates.world_city)
                 for row, place in zip(candidates.table, candidates.places, strict=True))


def scores(table: list[ScoreRow], expected: str | None, context: Context,
           near: tuple[bool, ...] | None = None, close: tuple[bool, ...] | None = None) -> list[float]:
    """Each reading's score: its prior, the kind its head word expects, and the article's
    countries and provinces; ``near`` (:func:`near_namesakes`) says which of a great city's small
    namesakes, or of a county's namesakes, lie near the story's places, and ``close`` which readings lie
    close to a reading of another of its names (:attr:`Context.close`)."""
    countries, leader, provinces = context.countries, context.leader, context.provinces
    town_named = any(row.named for row in table if row.kind == "city")
    division_named = any(row.named for row in table if row.kind in DIVISIONS)
    found = []
    for i, (place_prior, kind, codes, admin1, named, minor) in enumerate(table):
        score = place_prior
        # A town named like a country or a province gains nothing by it: Norway, Maine beside Mexico, Maine.
        close_here = close is not None and close[i] and not division_named
        if kind == "city":
            if not named and (town_named or division_named):
                score -= ALTERNATE_ONLY
            if division_named and (minor or not named):  # a seat too, when the name is only its alternate
                score -= NAMESAKE_TOWN
            elif near is not None and minor and not near[i] and admin1 not in provinces and not close_here:
                score -= NAMESAKE_TOWN  # a world city's small namesake far from the story's towns and provinces
        elif kind == "district" and near is not None and near[i]:
            score += NEAR_DISTRICT
        if close_here:
            score += CLOSE_READING
        if expected is not None:
            score += HEAD_WORD_MATCH if kind == expected else HEAD_WORD_MISMATCH
        for code in codes:
            if code in countries:
                score += LEADING_COUNTRY if leader in codes else NAMED_COUNTRY
                break
        if admin1 and admin1 in provinces:
            score += NAMED_PROVINCE
        found.append(score)
    return found


_CERTAIN = (1.0, ())


def confidence(ranked: list[tuple[float, Place]]) -> tuple[float, tuple[tuple[str, float], ...]]:
    """The best reading's share of the softmax over scores, and the next readings' shares."""
    if len(ranked) == 1:
        return _CERTAIN
    best = ranked[0][0]
    weights = [math.exp(score - best) for score, _ in ranked]
    total = sum(weights)
    shown = slice(1, 1 + ALTERNATIVES)
    alternatives = tuple((place.id, round(weight / total, SHARE_DIGITS))
                         for weight, (_, place) in zip(weights[shown], ranked[shown], strict=True))
    return round(1 / total, SHARE_DIGITS), alternatives


def _score_of(reading: tuple[float, Place]) -> float:
    return reading[0]


def bears_name(place: Place, key: str) -> bool:
    """Whether normalised ``key`` is ``place``'s own name or one of its preferred names per language.
    Every name of a country, a region or a sea is its own: the gazetteer files China under "People's Republic
    of China", and the Atlantic under "Atlantic Ocean".

    >>> bears_name(Place("x", "Arāk", "city", 34.1, 49.7, names={"en": "Arak", "ar": "أراك"}), "iraq")
    False
    >>> bears_name(Place("x", "People's Republic of China", "country", 32.5, 106.3), "china")
    True
    """
    if place.kind in OWN_ALTERNATES:
        return True
    return key == normalize(place.name) or any(key == normalize(name) for name in place.names.values())


def named_readings(places: list[Place], key: str) -> list[bool]:
    """Which places bear the name ``key`` (:func:`bears_name`); a saint's name written short that none bears
    as written is read in full: "St. Paul" is Saint Paul's name, while "St. Louis" stays the one in Missouri's.

    >>> named_readings([Place("x", "Saint Paul", "city", 44.9, -93.1)], "st paul")
    [True]
    """
    named = [bears_name(place, key) for place in places]
    if key.startswith(SAINT_SHORT) and not any(named):
        named = [bears_name(place, SAINT + key[len(SAINT_SHORT):]) for place in places]
    return named


def countries_of(place: Place) -> tuple[str, ...]:
    """The place's country, or the countries a sea or a region spans."""
    return (place.country_code,) if place.country_code else place.countries


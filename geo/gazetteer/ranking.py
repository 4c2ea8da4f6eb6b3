"""How the readings of a name are ranked: the one place prior, and the scores the index and its lookups give.

The prior says how likely a bare mention of a name means a place, before any
context. The index bakes it into each name's score when it is built, and the
geoparser scores its readings with it, so both rank places the same way.

>>> prior_of("country", "PCLI", 40_000_000), prior_of("province", "ADM1", 0), prior_of("district", "ADM2", 0)
(5.0, 2.5, 0.5)
>>> prior_of("city", "PPLC", 4_000_000) > prior_of("city", "PPL", 4_000_000)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from difflib import SequenceMatcher

from geo.records import Place
from geo.text.normalize import normalize

#: What a reading of each kind scores before its size or standing counts (an unknown kind scores 0.5).
KIND_PRIOR = {"country": 5.0, "province": 2.5, "district": 0.5, "city": 1.0, "facility": 1.0,
              "border": 2.5, "region": 1.5, "water": 2.0}
#: A capital or a province's seat is the likelier reading: Moscow in a story that also names
#: Washington is not Moscow, Idaho, nor Geneva a town in Illinois.
SEAT_PRIOR = {"PPLC": 2.0, "PPLA": 1.5}
#: ... but never above a country's: الكويت، تونس، عمان are the countries unless a head word asks for a city.
CITY_PRIOR_CAP = 4.9

#: Score bonus for a place's own name, a preferred per-language name or a hand-curated alias, over an alternate.
PREFERRED_BONUS = 0.3
#: How far a province's seat city outranks the province under the name they share ("Herat", "كابل").
SEAT_MARGIN = 0.1
#: Score bonus when the part after a comma ("Fayzabad, Badakhshan") names the reading's province or country.
QUALIFIER_BONUS = 2.0
#: The same bonus for a fuzzy match, kept small so that fuzzy scores stay below exact ones.
FUZZY_QUALIFIER_BONUS = 0.05


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of a name. ``score`` is relative, higher is better: exact
    matches score ≥ 1, fuzzy (skeleton) matches < 1."""

    place: Place
    score: float


def prior_of(kind: str, fcode: str, population: int) -> float:
    """What a reading scores before any context: its kind, and a town's size and standing."""
    prior = KIND_PRIOR.get(kind, 0.5)
    if kind == "city":
        prior += 0.5 * min(math.log10(population + 1), 7) + SEAT_PRIOR.get(fcode, 0)
        prior = min(prior, CITY_PRIOR_CAP)
    return prior


def prior(place: Place) -> float:
    """:func:`prior_of` the place's kind, feature code and population."""
    return prior_of(place.kind, place.fcode, place.population)


def fuzzy_score(query: str, name: str, place_prior: float) -> float:
    """The score of a fuzzy match of normalised ``query`` to normalised ``name``:
    similarity decides, the prior only breaks near-ties; always below 1."""
    return 0.9 * SequenceMatcher(None, query, name).ratio() + 0.01 * place_prior


def qualifier_bonus(place: Place, qualifier: str, *, fuzzy: bool) -> float:
    """What a reading gains when the normalised ``qualifier`` after a comma names its
    province, district or country code ("Fayzabad, Badakhshan"); 0 when it does not."""
    named = (normalize(place.admin1 or ""), normalize(place.admin2 or ""), normalize(place.country_code or ""))
    if qualifier not in named:
        return 0.0
    return FUZZY_QUALIFIER_BONUS if fuzzy else QUALIFIER_BONUS

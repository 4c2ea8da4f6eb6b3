"""What one article is about: the countries and provinces it names, and its major places, for ranking readings.

A :class:`Context` is built per article and dropped with it, so its caches live no longer than the article.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from geo.records import Place

#: A small place this close (km) to one of the article's major places fits the story.
NEAR_KM = 150
#: Readings of two of the story's names this close (km) bear each other out: Paris and Henry County, Tennessee.
CLOSE_KM = 50
#: The sphere's radius in km: geopy's mean Earth radius (``geopy.distance.EARTH_RADIUS``), written here so the
#: parser does not import geopy, whose package imports every geocoder (a fifth of the command line's start-up).
EARTH_RADIUS_KM = 6371.009
#: Kilometres in a degree of latitude (and of longitude at the equator).
KM_PER_DEGREE = 111
#: The flat-earth box in front of the great circle is this much larger than :data:`NEAR_KM`, so it
#: never drops a place the great circle would keep.
BOX_MARGIN = 1.5
#: The box's longitude squeeze is taken at this latitude at most, where a degree east is still some km.
BOX_MAX_LATITUDE = 89


@dataclass
class Context:
    """The countries and provinces an article names, how often, and where its major places lie."""

    countries: Counter = field(default_factory=Counter)  # country code → how often the article names it
    provinces: set = field(default_factory=set)  # the provinces it names (their admin1)
    leading: set = field(default_factory=set)  # the countries named most often (several when tied)
    top: int = 0  # how often they are named
    leader: str | None = None  # the one country named most, if one leads alone
    anchors: dict = field(default_factory=dict)  # place id → (lat, lon) of the article's major places
    towns: dict = field(default_factory=dict)  # the same, of its major towns only (not a province's middle)
    settled: bool = False  # the anchors are all in: near() may be asked
    close: frozenset = frozenset()  # ids of readings that lie near a reading of another name (see close_readings)
    _near: dict = field(default_factory=dict)  # (place id, towns only) → near(), once the anchors are all in

    def near(self, place: Place, *, towns: bool = False) -> bool:
        """Whether ``place`` lies within :data:`NEAR_KM` of one of the article's major places (``towns``: of
        its major towns)."""
        near = self._near.get((place.id, towns))
        if near is None:
            anchors = self.towns if towns else self.anchors
            near = self._near[place.id, towns] = place.lat is not None and near_any(anchors, place.lat, place.lon)
        return near

    def add(self, place: Place) -> None:
        """Count ``place`` as one the article names: its country, and its province if it is one."""
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


def near_any(anchors: dict, lat: float, lon: float) -> bool:
    """Whether (lat, lon) lies within :data:`NEAR_KM` of one of ``anchors`` (id → (lat, lon))."""
    # A cheap flat-earth test first, with room to spare, then the great circle for the anchors that pass it.
    degrees = BOX_MARGIN * NEAR_KM / KM_PER_DEGREE
    squeeze = math.cos(math.radians(min(abs(lat) + degrees, BOX_MAX_LATITUDE)))
    return any(abs(lat - anchor_lat) <= degrees and within(lat, lon, anchor_lat, anchor_lon, NEAR_KM, degrees, squeeze)
               for anchor_lat, anchor_lon in anchors.values())


def within(lat: float, lon: float, other_lat: float, other_lon: float, km: float, degrees: float,
           squeeze: float) -> bool:
    """Whether two points lie within ``km``: the flat-earth box first (``degrees`` wide, longitudes
    ``squeeze``-d as at the points' latitude), then the great circle."""
    east = abs(other_lon - lon)
    return min(east, 360 - east) * squeeze <= degrees and great_circle_km(lat, lon, other_lat, other_lon) <= km


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """geopy's ``great_circle`` distance, in the same steps and on the same sphere, without building its Points:
    a few thousand calls a megabyte of news, where geopy's own took a fifth of the parser's time.

    >>> from geopy.distance import great_circle
    >>> great_circle_km(34.5, 69.2, 34.35, 62.2) == great_circle((34.5, 69.2), (34.35, 62.2)).km
    True
    """
    lat1, lat2, delta = math.radians(lat1), math.radians(lat2), math.radians(lon2) - math.radians(lon1)
    sin1, cos1, sin2, cos2 = math.sin(lat1), math.cos(lat1), math.sin(lat2), math.cos(lat2)
    cos_delta, sin_delta = math.cos(delta), math.sin(delta)
    return EARTH_RADIUS_KM * math.atan2(
        math.sqrt((cos2 * sin_delta) ** 2 + (cos1 * sin2 - sin1 * cos2 * cos_delta) ** 2),
        sin1 * sin2 + cos1 * cos2 * cos_delta)


def close_readings(names: list[tuple[list[Place], bool]]) -> frozenset[str]:
    """The ids of the readings that lie within :data:`CLOSE_KM` of a reading of another of the story's names,
    given each name's readings and whether it is plain (no country's or great city's name): a story's small
    places make sense together (Paris and Henry County in Tennessee, not Paris in France and Henry County in
    Alabama). Only a name of several readings gains, and only beside a plain name: Norway and Mexico are
    countries, and Geneva and Damascus great cities, though towns in Maine and Ohio bear their names."""
    points = sorted((place.lat, place.lon, name, len(places) > 1, plain, place.id)
                    for name, (places, plain) in enumerate(names) for place in places if place.lat is not None)
    degrees = BOX_MARGIN * CLOSE_KM / KM_PER_DEGREE
    close = set()
    for i, (lat, lon, name, ambiguous, plain, place_id) in enumerate(points):
        squeeze = math.cos(math.radians(min(abs(lat) + degrees, BOX_MAX_LATITUDE)))
        for other_lat, other_lon, other_name, other_ambiguous, other_plain, other_id in points[i + 1:]:
            if other_lat - lat > degrees:
                break  # sorted by latitude: the rest are further north still
            if (not (ambiguous or other_ambiguous) or not (plain or other_plain) or other_name == name
                    or other_id == place_id):
                continue
            if within(lat, lon, other_lat, other_lon, CLOSE_KM, degrees, squeeze):
                close.update((place_id, other_id))
    return frozenset(close)

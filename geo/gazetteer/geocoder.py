"""A geopy geocoder over the offline gazetteer, with an opt-in online fallback.

Code written for geopy works unchanged:

>>> geocoder = KharitaGeocoder()
>>> address, (lat, lon) = geocoder.geocode("قلعة ناو")
>>> address
'Qala-i-Naw, Badghis, Afghanistan'
>>> geocoder.geocode("Herat").raw["place"].kind
'city'

Names the gazetteer lacks can go to an online geocoder, but only when asked:
``KharitaGeocoder(fallback=Nominatim(user_agent="kharita"))`` or
``KharitaGeocoder(online=True)``. The fallback runs behind geopy's
:class:`~geopy.extra.rate_limiter.RateLimiter` (1 request/s, Nominatim's usage
policy) and its answers are kept in a small SQLite cache under the cache
folder, so a name is asked for at most once.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from geo.config import cache_dir
from geo.exc import BadInput
from geo.gazetteer.index import Gazetteer, place_dict
from geo.gazetteer.ranking import Candidate
from geo.records import Place


class KharitaGeocoder(Geocoder):
    """``geocode``/``reverse`` over a :class:`~geo.gazetteer.Gazetteer`.

    Results are geopy :class:`~geopy.location.Location` objects whose ``raw``
    is the place as a dict plus ``"place"`` (the :class:`Place` itself),
    ``"score"`` and ``"source"`` (``"kharita"`` or ``"nominatim"``).
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        fallback: Geocoder | None = None,
        online: bool = False,
        min_delay_seconds: float = 1.0,
        cache_path: str | Path | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.gazetteer = gazetteer or Gazetteer.open()
        if fallback is None and online:
            from geopy.geocoders import Nominatim

            fallback = Nominatim(user_agent="kharita")
        self.fallback = fallback
        self._online_geocode = None
        self._cache = None
        if fallback is not None:
            # Errors are not swallowed: a failed request must not be cached as "not found".
            self._online_geocode = RateLimiter(
                fallback.geocode, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False
            )
            self._cache = _AnswerCache(Path(cache_path) if cache_path else cache_dir() / "online-geocoder.sqlite")

    def geocode(
        self,
        query,
        *,
        exactly_one: bool = True,
        timeout=DEFAULT_SENTINEL,
        language: str | None = None,
        kinds=None,
        country: str | None = None,
        limit: int = 10,
    ):
        """The best place for ``query`` (or a list, best first, when
        ``exactly_one`` is false); ``None`` when nothing matches. ``language``
        picks the language of ``address`` (``"ar"``, ``"fa"``...)."""
        if not isinstance(query, str):
            raise BadInput("KharitaGeocoder takes a place name as text, not a structured query")
        candidates = self.gazetteer.lookup(query, kinds=kinds, country=country, limit=1 if exactly_one else limit)
        if candidates:
            locations = [self._location(c, language) for c in candidates]
        elif self._online_geocode is not None:
            locations = self._ask_online(query, exactly_one, language, timeout)
        else:
            locations = []
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one: bool = True, timeout=DEFAULT_SENTINEL, language: str | None = None):
        """The district, province and country at ``(lat, lon)``: one Location
        for the most specific (its ``raw["places"]`` lists all three), or a
        list of them; ``None`` in the open sea."""
        lat, lon = _lat_lon(query)
        places = self.gazetteer.containing(lat, lon)
        if not places:
            return None
        address = ", ".join(p.name_in(language or "en") for p in places)
        locations = []
        for place in places:
            raw = place_dict(place) | {"place": place, "score": 1.0, "source": "kharita"}
            raw["places"] = places
            label = address if place is places[0] else self._address(place, language)
            locations.append(Location(label, (lat, lon), raw))
        return locations[0] if exactly_one else locations

    # ---------------------------------------------------------------- helpers

    def _location(self, candidate: Candidate, language: str | None) -> Location:
        place = candidate.place
        raw = place_dict(place) | {"place": place, "score": candidate.score, "source": "kharita"}
        return Location(self._address(place, language), (place.lat, place.lon), raw)

    def _address(self, place: Place, language: str | None) -> str:
        lang = language or "en"
        parts = [place.name_in(lang)]
        if place.kind not in ("province", "country") and place.admin1:
            parts.append(place.admin1)
        if place.kind != "country" and place.country_code and len(place.countries) < 2:
            country = self.gazetteer.country(place.country_code)
            if country is not None:
                parts.append(country.name_in(lang))
        return ", ".join(dict.fromkeys(parts))

    def _ask_online(self, query: str, exactly_one: bool, language, timeout) -> list[Location]:
        key = json.dumps([query, exactly_one, language or ""], ensure_ascii=False)
        cached = self._cache.get(key)
        if cached is None:
            kwargs = {"exactly_one": exactly_one}
            if language:
                kwargs["language"] = language
            if timeout is not DEFAULT_SENTINEL:
                kwargs["timeout"] = timeout
            try:
                found = self._online_geocode(query, **kwargs)
            except GeopyError:
                return []  # offline or refused: say "not found" now, ask again next time
            found = [found] if exactly_one and found is not None else (found or [])
            cached = [
                {"address": loc.address, "lat": loc.latitude, "lon": loc.longitude, "raw": loc.raw} for loc in found
            ]
            self._cache.put(key, cached)
        return [
            Location(a["address"], (a["lat"], a["lon"]), dict(a["raw"], source="nominatim", score=0.0)) for a in cached
        ]


def _lat_lon(query) -> tuple[float, float]:
    if isinstance(query, str):
        parts = query.replace(",", " ").split()
    else:
        try:
            parts = list(query)
        except TypeError:
            raise BadInput(f"expected (lat, lon), got {query!r}") from None
    if len(parts) != 2:
        raise BadInput(f"expected (lat, lon), got {query!r}")
    try:
        return float(parts[0]), float(parts[1])
    except (TypeError, ValueError):
        raise BadInput(f"expected (lat, lon), got {query!r}") from None


class _AnswerCache:
    """Online answers on disk, keyed by the query: one SQLite table."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self._db.commit()
        self._lock = threading.Lock()

    def get(self, key: str) -> list[dict] | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, value: list[dict]) -> None:
        with self._lock:
            text = json.dumps(value, ensure_ascii=False)
            self._db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (key, text))
            self._db.commit()

"""KharitaGeocoder: geopy's interface offline, and the opt-in fallback against a fake Nominatim."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from geopy.geocoders import Nominatim
from geopy.location import Location

from geo.exc import BadInput
from geo.gazetteer import KharitaGeocoder
from geo.records import Place


@pytest.fixture(scope="module")
def geocoder(gazetteer):
    return KharitaGeocoder(gazetteer)


def test_geocode_returns_a_geopy_location(geocoder):
    location = geocoder.geocode("قلعة ناو")
    assert isinstance(location, Location)
    address, (lat, lon) = location
    assert address == "Qala-i-Naw, Badghis, Afghanistan"
    assert (round(lat, 2), round(lon, 2)) == (34.99, 63.13)
    assert isinstance(location.raw["place"], Place) and location.raw["source"] == "kharita"
    assert location.raw["id"] == "geonames:1129867"


def test_geocode_language_and_lists(geocoder):
    assert geocoder.geocode("Kabul", language="ar").address.startswith("كابل")
    locations = geocoder.geocode("Herat", exactly_one=False, limit=3)
    # The city first; the one prior ranks a namesake town (Herāt, Iran) near the province.
    assert (locations[0].raw["kind"], locations[0].raw["country_code"]) == ("city", "AF")
    assert "province" in [loc.raw["kind"] for loc in locations]
    airport = geocoder.geocode("Hamid Karzai International Airport")
    assert airport.raw["place"].kind == "facility"


def test_geocode_unknown_name_is_none_without_fallback(geocoder):
    assert geocoder.fallback is None
    assert geocoder.geocode("Xqzzyville Springs") is None
    assert geocoder.geocode("") is None


def test_reverse(geocoder):
    location = geocoder.reverse((34.987, 63.129))
    assert location.address == "Qala-i-Naw, Badghis, Afghanistan"
    assert [p.kind for p in location.raw["places"]] == ["district", "province", "country"]
    assert [loc.raw["kind"] for loc in geocoder.reverse("34.987, 63.129", exactly_one=False)] == [
        "district", "province", "country",
    ]
    assert geocoder.reverse((0.0, -30.0)) is None
    with pytest.raises(BadInput):
        geocoder.reverse("nowhere")
    with pytest.raises(BadInput):
        geocoder.geocode({"city": "Herat"})  # geopy's structured queries are not taken


class _FakeNominatim(BaseHTTPRequestHandler):
    """Answers /search like Nominatim's JSON API, and counts the requests."""

    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        url = urlparse(self.path)
        query = parse_qs(url.query).get("q", [""])[0]
        type(self).requests.append(query)
        body = []
        if url.path == "/search" and query == "Xqzzyville Springs":
            body = [{
                "place_id": 1, "lat": "12.5", "lon": "-45.25", "display_name": "Xqzzyville Springs, Nowhere",
                "class": "place", "type": "village", "importance": 0.1,
            }]
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture()
def fake_nominatim():
    _FakeNominatim.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeNominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fallback_asks_nominatim_once_and_caches_on_disk(gazetteer, fake_nominatim, tmp_path):
    online = Nominatim(domain=fake_nominatim, scheme="http", user_agent="kharita-tests", timeout=5)
    cache = tmp_path / "answers.sqlite"
    geocoder = KharitaGeocoder(gazetteer, fallback=online, min_delay_seconds=0, cache_path=cache)

    location = geocoder.geocode("Xqzzyville Springs")
    assert location.address == "Xqzzyville Springs, Nowhere"
    assert (location.latitude, location.longitude) == (12.5, -45.25)
    assert location.raw["source"] == "nominatim"
    assert geocoder.geocode("Xqzzyville Springs").address == location.address
    assert _FakeNominatim.requests == ["Xqzzyville Springs"]  # second answer came from the cache

    # Names the gazetteer knows never go online.
    assert geocoder.geocode("Kabul").raw["source"] == "kharita"
    # "Not found" online is cached too; a fresh geocoder reads the same disk cache.
    assert geocoder.geocode("Nothing Here At All") is None
    again = KharitaGeocoder(gazetteer, fallback=online, min_delay_seconds=0, cache_path=cache)
    assert again.geocode("Nothing Here At All") is None
    assert again.geocode("Xqzzyville Springs").raw["source"] == "nominatim"
    assert _FakeNominatim.requests == ["Xqzzyville Springs", "Nothing Here At All"]


def test_fallback_failure_is_not_cached(gazetteer, tmp_path):
    # Port 9 on loopback: nothing listens, so the request fails at once.
    online = Nominatim(domain="127.0.0.1:9", scheme="http", user_agent="kharita-tests", timeout=2)
    geocoder = KharitaGeocoder(gazetteer, fallback=online, min_delay_seconds=0, cache_path=tmp_path / "a.sqlite")
    assert geocoder.geocode("Xqzzyville Springs") is None
    assert geocoder._cache.get('["Xqzzyville Springs", true, ""]') is None

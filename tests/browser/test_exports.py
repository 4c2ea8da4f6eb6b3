"""Exports in a real browser: the standalone map from ``file://`` with no network, and the app's download buttons.

The standalone map is written from the realistic store (tests/fixtures.py) read
by the real geoparser, plus a story whose title, text, correction note and
corrected spot hold every hostile string of tests/test_export.py.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from geo.export import FORMATS, collect
from geo.ingest import default_parser
from geo.store import Filters, Store
from tests.fixtures import fill
from tests.test_export import HOSTILE, HOSTILE_SPOT, add_hostile_story

SHOTS = Path("/tmp/shots")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def marker(page, place_id: str):
    """The marker of ``place_id``."""
    return page.locator(f'.kh-place[data-place-id="{place_id}"]')


@pytest.fixture(scope="module")
def standalone(tmp_path_factory, gazetteer) -> tuple[Path, dict]:
    """The standalone map of the realistic store and the hostile story; how many points and shapes it
    draws, and the place ids of the hostile story's corrected spot and of Qala-i-Naw."""
    folder = tmp_path_factory.mktemp("standalone")
    with Store.open(folder / "kharita.db") as store:
        parser = default_parser()
        fill(store, parser)
        spot = store.article_mentions(add_hostile_story(store, parser)).loc[0, "place_id"]
        qala = store.places().set_index("name").loc["Qala-i-Naw", "place_id"]
        path = folder / FORMATS["html"].filename(Filters())
        path.write_bytes(FORMATS["html"].write(store, Filters(), gazetteer))
        view = collect(store, Filters(), gazetteer)
    shaped = set(view.geometries)
    points = sum(1 for place_id in view.places["place_id"] if place_id not in shaped)
    return path, {"points": points, "shapes": len(shaped), "spot": spot, "qala": qala}


@pytest.fixture
def offline(page):
    """The page with every request that is not for a file aborted, and recorded in ``page.blocked``."""
    page.blocked = []

    def route(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            page.blocked.append(route.request.url)
            route.abort()

    page.context.route("**/*", route)
    return page


def test_the_standalone_map_draws_every_place_offline_and_its_popups_hold_text(offline, standalone):
    path, counts = standalone
    page = offline
    page.goto(path.as_uri())
    page.locator(".kh-place").first.wait_for(timeout=30_000)
    assert page.locator(".kh-place").count() == counts["points"] >= 8
    assert page.locator("path[data-place-id]").count() >= counts["shapes"] >= 3  # provinces and the border
    assert page.locator(".kh-label-country").count() > 0  # the embedded basemap drew
    assert page.locator(".kh-overview").count() == 1 and page.locator(".kh-legend").count() == 1
    shot(page, "export-standalone-map")

    marker(page, counts["spot"]).dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    text = popup.inner_text()
    # Backticks, ${...}, {{ }} and tags as typed: nothing ran, nothing became markup.
    assert HOSTILE_SPOT in text and "<script>alert(1)</script>" in text and "{{7*7}}" in text
    assert "Corrected by a journalist" in text
    assert popup.locator("script, img").count() == 0
    page.wait_for_timeout(400)  # the popup fades in
    shot(page, "export-standalone-popup")

    marker(page, counts["qala"]).dispatch_event("click")
    page.wait_for_timeout(300)
    qala = page.locator(".leaflet-popup-content")
    assert "قلعة ناو" in qala.inner_text() and qala.locator('blockquote[dir="rtl"] mark').count() >= 1
    shot(page, "export-standalone-qala")
    assert page.blocked == [] and page.dialogs == []


def open_downloads(page, url: str, label: str):
    page.goto(url)
    expander = page.get_by_text(label)
    expander.wait_for(timeout=120_000)
    expander.click()
    return page


def download(page, button: str) -> bytes:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=button).click()
    return Path(info.value.path()).read_bytes()


def test_the_map_pages_download_button_gives_a_geojson_that_parses(page, seeded_url):
    open_downloads(page, f"{seeded_url}/?province=Badghis", "Download these places")
    page.locator('iframe[title="streamlit_folium.st_folium"]').wait_for(timeout=60_000)
    shot(page, "export-download-buttons")
    collection = json.loads(download(page, "GeoJSON").decode("utf-8"))
    names = {f["properties"]["name"] for f in collection["features"]}
    assert collection["type"] == "FeatureCollection" and {"Qala-i-Naw", "Badghis"} <= names
    assert all(f["properties"]["admin1"] == "Badghis" for f in collection["features"])
    badghis = next(f for f in collection["features"] if f["properties"]["name"] == "Badghis")
    assert badghis["geometry"]["type"].endswith("Polygon")  # the gazetteer's outline
    assert page.requests.foreign() == []


def test_the_articles_page_downloads_the_article_being_read(page, seeded_url):
    open_downloads(page, f"{seeded_url}/Articles?read=1", "Download this article's places")
    data = download(page, "CSV, a row a mention")
    assert data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert set(table["article_id"]) == {1} and "قلعة ناو" in set(table["text"])
    shot(page, "export-article-download")
    assert page.requests.foreign() == []
    assert HOSTILE not in data.decode("utf-8-sig")  # the hostile story is not in the seed's file


def test_the_standalone_maps_markers_keep_a_hostile_name_as_typed(offline, standalone):
    path, counts = standalone
    offline.goto(path.as_uri())
    spot = marker(offline, counts["spot"])
    spot.wait_for(timeout=30_000)
    assert spot.get_attribute("aria-label") == HOSTILE_SPOT

"""The offline basemap zoomed in, in a real browser: towns, districts and rivers appear by zoom, all served locally."""

from tests.browser.conftest import map_frame, screenshot

#: Qala-i-Naw, Badghis' seat: the town of the seed article.
QALA_I_NAW = (34.99, 63.13)

#: The main Leaflet map in the st_folium frame (folium names it map_<id>; the overview inset is no global).
FIND_MAP = "Object.keys(window).map(k => window[k]).find(v => v instanceof L.Map)"


def set_view(page, zoom: float, centre=QALA_I_NAW):
    """Move the map to ``centre`` at ``zoom`` through its Leaflet object, and return the map's frame."""
    frame = map_frame(page)
    frame.locator(".leaflet-container").evaluate(
        f"(el, view) => {{ const map = {FIND_MAP}; map.setView(view.centre, view.zoom, {{animate: false}}); }}",
        {"centre": list(centre), "zoom": zoom},
    )
    return frame


def label_texts(frame, kind: str) -> list[str]:
    return frame.locator(f".kh-label-{kind}").all_inner_texts()


def test_zoom_10_over_badghis_shows_towns_and_districts_from_localhost(page, app_url):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(app_url)
    page.get_by_role("heading", name="Kharita · خريطة").wait_for(timeout=60_000)
    frame = map_frame(page)
    frame.locator(".kh-label-country").first.wait_for(timeout=180_000)  # a first run builds the gazetteer index
    # The first view fetches no detail layer: it is not slowed by towns or districts.
    assert not [u for u in page.requests if "/basemap/towns" in u or "/basemap/districts" in u]
    assert frame.locator(".kh-label-town").count() == 0

    frame = set_view(page, 10)
    frame.locator(".kh-label-town", has_text="Qala-i-Naw").wait_for(timeout=30_000)
    frame.locator(".kh-label-district").first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)  # the fonts and every label settled, for the screenshot
    towns, districts = label_texts(frame, "town"), label_texts(frame, "district")
    assert "Qala-i-Naw" in towns and len(towns) >= 5, towns
    assert {"Qadis", "Qala-i-Naw", "Ab Kamari"} <= set(districts), districts
    assert frame.locator(".leaflet-kh-districts-pane path").count() >= 300
    # Labels are at least 14 px on a 1920x1080 screen.
    size = frame.locator(".kh-label-town > span").first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 14
    shot = screenshot(page, "zoom10_badghis")
    assert shot.stat().st_size > 50_000
    for zoom in (6, 8):
        set_view(page, zoom)
        page.wait_for_timeout(800)
        screenshot(page, f"zoom{zoom}_badghis")
    assert frame.locator(".leaflet-kh-water-pane path").count() > 0  # rivers came with zoom 7
    assert {u.split("?")[0].rsplit("/", 1)[-1] for u in page.requests if "/basemap/" in u} >= {
        "districts.json", "towns.json", "rivers.json", "lakes.json"}
    assert page.requests.foreign() == []

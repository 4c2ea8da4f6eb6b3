"""The home page in a real browser: offline basemap, no foreign requests."""

import pytest

from tests.browser.conftest import map_frame, screenshot, start_server, stop_server


def test_map_draws_province_outlines_offline(page, app_url):
    page.goto(app_url)
    page.get_by_role("heading", name="Kharita · خريطة").wait_for(timeout=60_000)
    frame = map_frame(page)
    container = frame.locator(".leaflet-container")
    container.wait_for(timeout=60_000)
    # Countries (241) and provinces (34) are SVG paths in the basemap's own panes.
    provinces = frame.locator(".leaflet-kh-outlines-pane path")
    provinces.nth(33).wait_for(state="attached", timeout=30_000)
    assert provinces.count() == 34
    assert frame.locator(".leaflet-kh-basemap-pane path").count() >= 200
    # The overview inset draws the same countries, from the same download: the file is fetched once.
    frame.locator(".kh-inset path").nth(199).wait_for(state="attached", timeout=30_000)
    assert [u for u in page.requests if u.endswith("/basemap/countries.json")] == [
        f"{app_url}/app/static/basemap/countries.json"]
    assert frame.locator(".kh-label-country", has_text="Afghanistan").count() == 1
    assert "Natural Earth" in frame.locator(".leaflet-control-attribution").inner_text()
    page.wait_for_timeout(500)
    shot = screenshot(page, "home-map")
    assert shot.stat().st_size > 20_000
    assert page.requests.foreign() == []


#: The sidebar's pages, in app.py's order.
PAGES = ["Map", "Articles", "Provinces", "Add article", "Corrections", "Gazetteer", "Present"]


def test_sidebar_names_every_page_and_leads_to_it(page, app_url):
    page.goto(app_url)
    nav = page.get_by_test_id("stSidebarNav")
    nav.wait_for(timeout=60_000)
    assert [link.inner_text().strip() for link in nav.get_by_role("link").all()] == PAGES
    nav.get_by_role("link", name="Add article").click()
    page.get_by_role("heading", name="Add article").wait_for(timeout=30_000)
    assert page.url.endswith("/Add_article")
    nav.get_by_role("link", name="Articles").click()
    page.wait_for_url("**/Articles*", timeout=30_000)
    page.wait_for_timeout(1000)
    assert page.requests.foreign() == []


@pytest.mark.parametrize(("path", "drawn"), [
    ("/Add_article", 'h1:has-text("Add article")'),
    ("/Articles?read=1&paragraph=3", ".kh-article p.kh-target"),
])
def test_a_shared_link_to_a_page_works_on_a_freshly_started_server(page, tmp_path, path, drawn):
    """The first visitor of a new server follows a link straight to a page. Streamlit's older
    discovery of pages/ answers that first request: the page must still come up whole, with
    the app's own navigation and no "Page not found" dialog."""
    process, url = start_server(tmp_path)
    try:
        page.goto(f"{url}{path}")
        page.locator(drawn).first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        assert page.get_by_text("Page not found").count() == 0
        nav = page.get_by_test_id("stSidebarNav")
        assert [link.inner_text().strip() for link in nav.get_by_role("link").all()] == PAGES
        assert page.url == f"{url}{path}"
    finally:
        stop_server(process)

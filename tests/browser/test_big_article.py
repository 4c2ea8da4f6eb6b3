"""One big article in a real browser (issue 14): the Articles page opens at page 1 of 60, marks that page's
mentions only, says how many of the article's it shows, and turns the page through the address bar."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import map_frame, start_server, stop_server


@pytest.fixture(scope="module")
def big_server(tmp_path_factory):
    """A server whose store holds only the big article (3,000 paragraphs, 36,000 mentions), read by the real
    geoparser (one paragraph parsed, then repeated: see tests/test_big_article.py); its URL and the article's id."""
    from geo.ingest import default_parser
    from geo.store import Store
    from tests.test_big_article import add_big_article

    folder = tmp_path_factory.mktemp("big-article")
    with Store.open(folder / "kharita.db") as store:
        article_id = add_big_article(store, default_parser())
    process, url = start_server(folder)
    yield url, article_id
    stop_server(process)


def paragraph_ids(page) -> list[int]:
    return [int(i.removeprefix("p-")) for i in page.locator(".kh-article p[id]").evaluate_all(
        "ps => ps.map(p => p.id)")]


def test_the_big_article_is_read_a_page_at_a_time(page, big_server):
    url, article_id = big_server
    page.goto(f"{url}/Articles?read={article_id}")
    page.locator(".kh-article p").first.wait_for(timeout=120_000)
    page.get_by_text("Page 1 of 60 · paragraphs 1–50 of 3,000 · showing 600 of 36,000 mentions").wait_for()
    assert paragraph_ids(page) == list(range(50))
    marked = page.locator(".kh-article a.kh-mention")
    assert marked.count() == 600  # twelve a paragraph, page 1's only
    assert set(marked.all_inner_texts()) == {"Kabul", "Herat"}
    assert page.get_by_text("Report 00049.").count() == 1 and page.get_by_text("Report 00050.").count() == 0

    # The check list is the page's, capped, and says so.
    page.get_by_text("Check every place on this page (600 mentions)").click()
    page.get_by_text("Showing 500 of this page's 600 mentions.").wait_for(timeout=30_000)
    fixes = page.get_by_role("button", name="Wrong place?")
    fixes.nth(499).wait_for(timeout=30_000)
    assert fixes.count() == 500

    # The article's map draws its two places.
    map_frame(page).locator(".leaflet-container").wait_for(timeout=60_000)
    page.screenshot(path="/tmp/kharita-big-article-page-1.png")

    # Page 2, and the address bar says so: a link to it opens it.
    page.get_by_role("button", name="Page 2", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]page=2\b"), timeout=30_000)
    page.locator('.kh-article p[id="p-50"]').wait_for(timeout=30_000)
    page.get_by_text("Page 2 of 60 · paragraphs 51–100 of 3,000 · showing 600 of 36,000 mentions").wait_for()
    assert paragraph_ids(page) == list(range(50, 100))
    assert page.locator(".kh-article a.kh-mention").count() == 600
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    page.locator('.kh-article p[id="p-50"]').wait_for(timeout=120_000)
    assert paragraph_ids(page)[:1] == [50]
    assert page.requests.foreign() == []

"""The Gazetteer page in a real browser: a journalist finds Badghis by its Arabic name and sees its names and its
outline, then adds a new press spelling of Qala-i-Naw as an alias, and a newly added article holding it resolves
(until the alias is removed)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import map_frame

QALA_I_NAW, BADGHIS = "geonames:1129867", "geonames:1147707"
#: A made-up spelling of Qala-i-Naw (with a zero-width non-joiner) that no gazetteer name matches.
NEW_SPELLING = "قلعه\u200cنوی"
HOSTILE_NOTE = "<img src=x onerror=alert('note')> seen in **Hasht-e Subh**"
SHOTS = Path("/tmp/shots")


def shot(page, name: str) -> None:
    """A screenshot of the whole page (in a tall window: Streamlit scrolls inside its own box) in /tmp/shots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 2000})
    page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size({"width": 1280, "height": 800})


def search(page, query: str) -> None:
    box = page.get_by_label("Name", exact=True)
    box.fill(query)
    box.press("Enter")


def table(page, index: int) -> str:
    """The text of the page's ``index``-th table (st.dataframe), from the grid's accessible copy."""
    return page.locator('[data-testid="stDataFrame"]').nth(index).locator("table").inner_text()


def open_place(page, place_id: str) -> None:
    """Wait until the page has opened ``place_id`` (the address bar says so) and drawn its map."""
    page.wait_for_url(re.compile(r"id=" + re.escape(place_id).replace(":", "(%3A|:)")), timeout=60_000)
    map_frame(page).locator(".leaflet-container").wait_for(timeout=60_000)


def test_find_badghis_in_arabic_then_an_alias_makes_a_new_article_resolve(page, own_server):
    url, db = own_server
    page.goto(f"{url}/Gazetteer", wait_until="networkidle")
    search(page, "بادغيس")
    open_place(page, BADGHIS)
    header = page.locator(".kh-panel h3")
    assert "Badghis" in header.inner_text() and "بادغيس" in header.inner_text()
    assert "province" in page.locator(".kh-panel .kh-meta").inner_text()
    outline = map_frame(page).locator('path[aria-label="Badghis"]')
    outline.wait_for(timeout=30_000)
    assert len(outline.get_attribute("d")) > 100  # the province's outline, not a dot
    page.get_by_text("Names (").wait_for(timeout=30_000)
    # The tables are drawn on a canvas; their accessible copy holds the text.
    hits, names = (table(page, i) for i in range(2))
    assert "Badghis" in hits and "province" in hits and "Afghanistan" in hits
    for name in ("بادغيس", "بادغیس", "Badghis", "ولاية بادغيس", "Badghisat"):
        assert name in names, name
    assert "preferred name in its language" in names and "Kharita's curated spelling" in names
    shot(page, "gazetteer-badghis")

    search(page, "Qala-i-Naw")
    open_place(page, QALA_I_NAW)
    # The map redraws for the place opened: wait for its marker rather than count the frame mid-redraw.
    expect(map_frame(page).locator(f'.kh-place[data-place-id="{QALA_I_NAW}"]')).to_have_count(1, timeout=30_000)
    page.get_by_label("Your name (kept in the audit trail)").fill("Mina")
    page.get_by_label("Your name (kept in the audit trail)").press("Enter")
    form = page.locator('[data-testid="stForm"]')
    form.get_by_label("Alias").fill(NEW_SPELLING)
    form.get_by_label("Note (where it was seen; why)").fill(HOSTILE_NOTE)
    form.get_by_role("button", name="Add alias").click()
    page.get_by_text("Alias #1 added.").wait_for(timeout=60_000)
    line = page.get_by_text(f"#1 “{NEW_SPELLING}” → Qala-i-Naw (city) · by Mina")
    line.wait_for(timeout=30_000)
    assert page.locator("img[src=x]").count() == 0 and page.dialogs == []
    shot(page, "gazetteer-alias-added")

    page.goto(f"{url}/Add_article", wait_until="networkidle")
    page.get_by_label("Title").fill("Reinforcements reach Qala-i-Naw")
    page.get_by_label("Article text").fill(f"وصلت تعزيزات إلى مدينة {NEW_SPELLING} مساء أمس بعد معارك عنيفة.")
    page.get_by_role("button", name="Add article").click()
    page.get_by_text("place mentions").wait_for(timeout=120_000)
    shot(page, "gazetteer-new-article")

    from geo.store import Store

    with Store.open(db) as store:
        articles = store.articles()
        article_id = int(articles[articles["title"] == "Reinforcements reach Qala-i-Naw"]["article_id"].iloc[0])
        mentions = store.article_mentions(article_id)
    assert list(mentions[mentions["text"] == NEW_SPELLING]["place_id"]) == [QALA_I_NAW]

    page.goto(f"{url}/Articles?read={article_id}", wait_until="networkidle")
    page.get_by_text("Check every place").click()
    page.get_by_text(f"“{NEW_SPELLING}” → Qala-i-Naw (city, Badghis)").wait_for(timeout=60_000)
    shot(page, "gazetteer-article-resolved")

    # Removing the alias reparses the article: the spelling is no place again.
    page.goto(f"{url}/Gazetteer", wait_until="networkidle")
    page.get_by_label("Your name (kept in the audit trail)").fill("Mina")
    page.get_by_label("Your name (kept in the audit trail)").press("Enter")
    page.get_by_role("button", name="Remove").click()
    page.get_by_text("Alias #1 removed. 1 article reparsed.").wait_for(timeout=60_000)
    shot(page, "gazetteer-alias-removed")
    with Store.open(db) as store:
        mentions = store.article_mentions(article_id)
        assert store.aliases().empty
    assert QALA_I_NAW not in set(mentions[mentions["text"] == NEW_SPELLING]["place_id"])
    assert page.requests.foreign() == []

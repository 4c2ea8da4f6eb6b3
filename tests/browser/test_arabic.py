"""The interface in Arabic (?lang=ar) in a real browser at 1920×1080: the page runs right to left with the sidebar
on the right, the language switch is there, no English interface word is left, the shipped Arabic font is loaded
from the app itself, and nothing is fetched from another host.

"No English interface word" is checked on the text a reader sees as the interface: the sidebar (navigation,
switch, filter labels and placeholders), the page's headings, captions, messages, buttons and widget labels,
and the map's legend. Article text and place data (an excerpt's sentence, a source's name) are the news's own,
so they are not collected. A Latin word there may only be one of :data:`ALLOWED`: the app's name (the title
reads "خريطة · Kharita"), the switch's "English" (each language is named in itself), the two key names
the map's hint tells a keyboard user to press, and the names of the download formats.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import map_frame, recording_page, screenshot

#: Latin words the Arabic interface may show (see the module's docstring).
ALLOWED = {"Kharita", "English", "Tab", "Enter", "GeoJSON", "CSV", "KML", "HTML"}
#: The interface's own text on a Streamlit page: sidebar, headings, captions, messages, buttons, widget labels.
INTERFACE = ("[data-testid=stSidebar], h1, h2, h3, [data-testid=stCaptionContainer], [data-testid=stAlert],"
             " button, [data-testid=stWidgetLabel], [data-testid=stExpander] summary")
WORD = re.compile(r"[A-Za-z]{2,}")
FONT_FILE = "/app/static/vendor/fonts/files/noto-sans-arabic-arabic-400-normal.woff2"


@pytest.fixture
def big(browser):
    """A page at 1920×1080 that records every URL it requests (as conftest's ``page`` does)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="ar")
    yield recording_page(context)
    context.close()


#: The text of visible elements, leaving out Material icons (their names, "download", are ligatures, not words).
TEXT_OF = """els => els.filter(e => e.offsetParent !== null && !e.closest('.st-key-kh-panel')).map(e => {
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    const parts = [];
    while (walker.nextNode()) {
        if (!walker.currentNode.parentElement.closest('[data-testid*=Icon], [translate=no]')) {
            parts.push(walker.currentNode.textContent);
        }
    }
    return parts.join(' ');
})"""


def interface_text(page) -> str:
    """The visible text of the page's interface (:data:`INTERFACE`), one element a line."""
    return "\n".join(page.locator(INTERFACE).evaluate_all(TEXT_OF))


def english_words(text: str) -> set[str]:
    return set(WORD.findall(text)) - ALLOWED


def assert_right_to_left(page) -> None:
    """The app runs right to left, its sidebar on the right of the main block, the switch at its top."""
    page.wait_for_function("""() => getComputedStyle(document.querySelector("[data-testid=stApp]")).direction
                                    === "rtl" """, timeout=30_000)
    layout = page.evaluate("""() => {
        const app = document.querySelector("[data-testid=stApp]");
        const side = document.querySelector("[data-testid=stSidebar]").getBoundingClientRect();
        const main = document.querySelector("[data-testid=stMain]").getBoundingClientRect();
        const h1 = document.querySelector("h1");
        return {dir: getComputedStyle(app).direction, sideLeft: side.left, sideWidth: side.width,
                mainRight: main.right, align: getComputedStyle(h1).textAlign, h1Dir: getComputedStyle(h1).direction};
    }""")
    assert layout["dir"] == "rtl" and layout["h1Dir"] == "rtl", layout
    assert layout["sideWidth"] > 200 and layout["sideLeft"] >= layout["mainRight"] - 1, layout
    assert layout["align"] in ("start", "right"), layout
    switch = page.get_by_test_id("stSidebarUserContent").get_by_test_id("stButtonGroup").first
    switch.get_by_text("English", exact=True).wait_for(timeout=30_000)
    assert switch.get_by_text("العربية", exact=True).is_visible()


def assert_font_from_localhost(page, where) -> None:
    """The Arabic text is drawn in the shipped Noto Sans Arabic, loaded from the app (``where``: page or frame)."""
    where.wait_for_function(
        """() => [...document.fonts].some(f => f.family.replace(/"/g, "") === "Noto Sans Arabic"
                                          && f.status === "loaded")""", timeout=30_000)
    assert where.evaluate("() => document.fonts.check('16px \"Noto Sans Arabic\"', 'خريطة')")
    fonts = [u for u in page.requests if u.endswith(FONT_FILE)]
    assert fonts and all(re.match(r"http://(127\.0\.0\.1|localhost):\d+/", u) for u in fonts), fonts


def test_the_explorer_in_arabic(big, seeded_url):
    page = big
    page.goto(f"{seeded_url}/?lang=ar")
    page.get_by_role("heading", name="خريطة · Kharita").wait_for(timeout=120_000)
    frame = map_frame(page)
    frame.locator(".kh-place").first.wait_for(timeout=120_000)
    legend = frame.locator(".kh-legend")
    legend.wait_for(timeout=30_000)
    page.get_by_text("عوامل التصفية", exact=True).wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # the fonts swap in, the legend settles
    assert_right_to_left(page)
    # The sidebar lists the pages in Arabic.
    nav = [link.inner_text().strip() for link in page.get_by_test_id("stSidebarNav").get_by_role("link").all()]
    assert nav[:3] == ["الخريطة", "المقالات", "الولايات"], nav
    # No English left in the interface, the legend included (its band runs right to left).
    text = interface_text(page) + "\n" + legend.inner_text()
    assert "الأماكن المذكورة" in text and "عوامل التصفية" in text
    assert english_words(text) == set(), text
    assert legend.locator("[dir=rtl]").count() == 1
    # A place's tooltip names it in Arabic first, with the English name beside it.
    frame.locator('.kh-place[aria-label="Qala-i-Naw"]').hover()
    tip = frame.locator(".leaflet-tooltip .kh-tip").first
    tip.wait_for(timeout=30_000)
    assert tip.inner_text().startswith("قلعة ناو") and "Qala-i-Naw" in tip.inner_text()
    page.mouse.move(5, 5)
    assert_font_from_localhost(page, page)
    map_document = page.locator('iframe[title="streamlit_folium.st_folium"]').first.element_handle().content_frame()
    assert_font_from_localhost(page, map_document)  # the map's legend and tooltips: the same font, in its frame
    shot = screenshot(page, "explorer_ar")
    assert shot.stat().st_size > 50_000
    assert page.requests.foreign() == []


def test_the_provinces_page_in_arabic_and_a_page_link_keeps_the_language(big, seeded_url):
    page = big
    page.goto(f"{seeded_url}/Provinces?lang=ar")
    page.get_by_role("heading", name="الولايات", exact=True).wait_for(timeout=120_000)
    page.get_by_role("heading", name="كل الولايات").wait_for(timeout=120_000)
    page.wait_for_timeout(1500)
    assert_right_to_left(page)
    text = interface_text(page)
    assert "الإشارات حسب الولاية" in text
    assert english_words(text) == set(), text
    screenshot(page, "provinces_ar")
    # Streamlit's own page link drops the query; the session keeps Arabic and writes it back.
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="التصحيحات").click()
    page.get_by_role("heading", name="التصحيحات").wait_for(timeout=60_000)
    page.wait_for_url("**/Corrections?lang=ar", timeout=30_000)
    assert_right_to_left(page)
    assert page.requests.foreign() == []

"""No article text runs code in a viewer's browser (issue 14, "Hostile text").

One server runs on the hostile store of tests/xss_store.py: every payload of
tests/data/xss_payloads.txt in titles, texts, sources, links, file names,
aliases, corrections (spot, note, who) and a story's captions. Each test opens
a page that shows them and asserts, in every frame (the folium maps are
iframes): no dialog opened, ``window.__xss`` is unset, no element a payload
would inject is in the DOM, no request left localhost, nothing fetched the
tracking URL the image payloads name (a local server that counts requests),
and the payload text is on the page as typed. Screenshots go to /tmp/shots/xss/.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

from geo.export.tables import defuse
from tests.browser.conftest import map_frame, start_server, stop_server
from tests.xss_store import QALA_I_NAW, STORY_NAME, build, file_name

SHOTS = Path("/tmp/shots/xss")
KABUL = "geonames:1138958"
#: Elements and attributes a payload would leave in the DOM had it become markup.
INJECTED = ", ".join((
    "[onerror]", "[onload]", "[onbegin]", "[ontoggle]", "[onmouseover]", "img[src='x']", "a[href^='javascript:' i]",
    "iframe[srcdoc]", "iframe[src^='javascript:' i]", "[href^='data:text/html' i]", "mglyph", "animate",
    "svg script", "img[src*='track']",
))
KML = "{http://www.opengis.net/kml/2.2}"


class Tracker(ThreadingHTTPServer):
    """A local server that records every path asked of it: an image payload that loads hits it."""

    def __init__(self):
        self.hits: list[str] = []
        tracker = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                tracker.hits.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture(scope="module")
def tracker():
    server = Tracker()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, tracker):
    """The hostile store (tests/xss_store.py), read by the real geoparser."""
    from geo.ingest import default_parser

    return build(tmp_path_factory.mktemp("xss"), default_parser(), tracker.server_address[1])


@pytest.fixture(scope="module")
def xss_url(hostile):
    """The one server of this module, on the hostile store; it does not reload modules others edit meanwhile
    (a reload mid-test made ``st.cache_data`` fail to pickle a record class loaded twice)."""
    process, url = start_server(hostile.path.parent, {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"})
    yield url
    stop_server(process)


@pytest.fixture
def xpage(page, tracker):
    """The conftest's page (dialogs recorded and dismissed, requests recorded), checked after the test."""
    tracker.hits.clear()
    page.tracker = tracker
    yield page
    assert_safe(page, tracker)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def assert_safe(page, tracker) -> None:
    """Nothing ran, nothing was injected, nothing was fetched, in any frame of ``page``."""
    page.wait_for_timeout(500)  # an onerror or onload fires at once; leave it the time to
    assert page.dialogs == [], page.dialogs
    for frame in page.frames:
        if frame.is_detached():
            continue
        where = frame.url or frame.name
        assert frame.evaluate("() => typeof window.__xss") == "undefined", where
        found = frame.evaluate(
            "s => [...document.querySelectorAll(s)].map(e => e.outerHTML.slice(0, 200))", INJECTED)
        assert found == [], (where, found)
    assert page.requests.foreign() == []
    assert tracker.hits == []
    tracked = f"http://127.0.0.1:{tracker.server_address[1]}/"
    assert not [u for u in page.requests if u.startswith(tracked)], page.requests


def text_of(locator) -> str:
    return "\n".join(locator.all_inner_texts())


def missing(text: str, wanted) -> list[str]:
    """The strings of ``wanted`` not in ``text``."""
    return [w for w in wanted if w not in text]


def open_panel(page, url: str, excerpts: int = 1):
    """Open the map at ``url`` and wait until its panel shows ``excerpts`` excerpts."""
    page.goto(url)
    panel = page.locator(".st-key-kh-panel")
    panel.locator(".kh-excerpt").first.wait_for(timeout=120_000)
    page.wait_for_function("n => document.querySelectorAll('.st-key-kh-panel .kh-excerpt').length >= n", arg=excerpts,
                           timeout=60_000)
    return panel


def test_the_explorers_excerpt_panel_shows_every_payload_as_text(xpage, xss_url, hostile):
    panel = open_panel(xpage, f"{xss_url}/?place={KABUL}", excerpts=len(hostile.payloads))
    text = panel.inner_text()
    assert "Kabul" in panel.locator("h3").inner_text()
    sentences = [f"Fighting in Kabul {p} was reported today." for p in hostile.payloads]
    assert missing(text, sentences) == []
    assert missing(text, hostile.titles.values()) == [] and missing(text, hostile.sources.values()) == []
    assert "<script>window.__xss=1</script>" in text and "**bold**" in text and "{{7*7}}" in text
    # A U+202E in a source is isolated: the date and paragraph number after it read as they should.
    reversed_source = next(p for p in hostile.payloads if "\u202e" in p)
    assert panel.locator(".kh-source bdi").filter(has_text=reversed_source).count() == 1
    shot(xpage, "explorer-kabul-panel")


def test_the_explorers_markers_tooltips_and_a_clicked_spot_keep_hostile_names(xpage, xss_url, hostile, tracker):
    page = xpage
    page.goto(xss_url)
    frame = map_frame(page)
    frame.locator(".kh-place").first.wait_for(timeout=120_000)
    page.wait_for_timeout(500)
    for name, place_id in hostile.spots.items():
        marker = frame.locator(f'.kh-place[data-place-id="{place_id}"]')
        assert marker.get_attribute("aria-label") == name
        marker.dispatch_event("mouseover")
        tooltip = frame.locator(".leaflet-tooltip")
        tooltip.last.wait_for(timeout=10_000)
        assert name in text_of(tooltip), name
        marker.dispatch_event("mouseout")
    shot(page, "explorer-map")
    assert_safe(page, tracker)

    spot = "<svg onload=window.__xss=1>"
    marker = frame.locator(f'.kh-place[data-place-id="{hostile.spots[spot]}"]')
    marker.dispatch_event("mouseover")
    marker.click(force=True)
    panel = page.locator(".st-key-kh-panel")
    panel.locator("h3", has_text=spot).wait_for(timeout=60_000)
    assert f"Witnesses {spot} saw it." in panel.inner_text()
    page.wait_for_timeout(500)
    shot(page, "explorer-spot-clicked")


@pytest.mark.parametrize("payload", ["![t](http://127.0.0.1:PORT/track.png)", "**bold** _italic_ <b>bold</b> "
                                     "&amp; &lt;b&gt;", "[x](javascript:window.__xss=1)",
                                     "<img src=x onerror=window.__xss=1>"])
def test_the_correction_dialog_shows_a_hostile_spot_note_and_name_as_text(xpage, xss_url, hostile, tracker, payload):
    payload = payload.replace("PORT", str(tracker.server_address[1]))
    page = xpage
    panel = open_panel(page, f"{xss_url}/?place={quote(hostile.spots[payload])}")
    assert payload in panel.locator("h3").inner_text()
    page.get_by_role("button", name="Wrong place?").first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Corrected to").wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    text = dialog.inner_text()
    shot(page, f"correction-dialog-{hostile.payloads.index(payload)}")
    # What it is now, the journalist's name and the note, each as typed.
    assert text.count(payload) >= 3, text
    assert f"Witnesses {payload} saw it." in text


@pytest.mark.parametrize("payload", ["**bold** _italic_ <b>bold</b> &amp; &lt;b&gt;", "[x](javascript:window.__xss=1)"])
def test_the_correction_dialogs_scopes_name_a_hostile_mention_as_typed(xpage, xss_url, hostile, payload):
    """The dialog on a mention an alias found inside a payload: its scopes quote the mention's text as it is."""
    from geo.store import Store

    page = xpage
    article_id = hostile.articles[payload]
    with Store.open(hostile.path) as store:
        rows = store.article_mentions(article_id).to_dict("records")
    surface = next(r["text"] for r in rows if r["name"] == "Qala-i-Naw" and r["text"] != "Qala-i-Naw")  # the alias's
    page.goto(f"{xss_url}/Articles?read={article_id}")
    page.get_by_text("Check every place").click()
    row = page.locator('[data-testid="stHorizontalBlock"]').filter(has_text=f"“{surface}” → Qala-i-Naw").last
    row.get_by_role("button", name="Wrong place?").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("This mention only").wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    text = dialog.inner_text()
    shot(page, f"correction-scopes-{hostile.payloads.index(payload)}")
    assert f"Every “{surface}” in this article" in text, (surface, text)
    assert f"Every “{surface}” in every article, future ones too" in text


def test_the_articles_reader_shows_each_hostile_article_as_text(xpage, xss_url, hostile, tracker):
    page = xpage
    for number, (payload, article_id) in enumerate(hostile.articles.items()):
        page.goto(f"{xss_url}/Articles?read={article_id}")
        article = page.locator(".kh-article p").first
        article.wait_for(timeout=60_000)
        heading = page.locator(".kh-article h1").inner_text()
        assert heading == hostile.titles[payload]
        body = text_of(page.locator(".kh-article"))
        assert missing(body, hostile.texts[payload].split("\n\n")) == [], payload
        byline = page.locator(".kh-byline").inner_text()
        assert hostile.sources[payload] in byline
        assert page.locator(".kh-byline bdi").inner_text() == hostile.sources[payload]  # a U+202E stays inside
        links = page.locator(".kh-byline a")
        for i in range(links.count()):  # the original's link only ever for http(s)
            assert links.nth(i).get_attribute("href").startswith(("http://", "https://"))
        page.get_by_text("Check every place").click()
        page.get_by_text(f"“Witnesses” → {payload} (custom)").wait_for(timeout=30_000)  # the spot's name, as text
        if number in (0, 16, 26):
            shot(page, f"article-{number}")
        assert_safe(page, tracker)


def test_the_provinces_page_and_its_drill_down_show_hostile_excerpts_as_text(xpage, xss_url, hostile):
    page = xpage
    page.goto(f"{xss_url}/Provinces?drill=Kabul")
    page.locator(".kh-province-summary").wait_for(timeout=120_000)
    map_frame(page).locator("path").first.wait_for(timeout=60_000)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    tables = text_of(page.locator('[data-testid="stDataFrame"] table'))
    newest = hostile.payloads[-1]  # the latest article's excerpt is each province's newest
    assert f"Fighting in Kabul {newest} was reported today." in tables or newest in tables, tables[:2000]
    shot(page, "provinces")


def test_the_corrections_page_shows_every_note_who_and_spot_as_text(xpage, xss_url, hostile):
    page = xpage
    page.set_viewport_size({"width": 1600, "height": 2400})
    page.goto(f"{xss_url}/Corrections")
    page.get_by_text("Undo a correction").wait_for(timeout=120_000)
    grid = page.locator('[data-testid="stDataFrame"] table', has_text="Witnesses")
    grid.wait_for(state="attached", timeout=60_000)  # the grid's accessible copy: hidden, the canvas shows it
    table = grid.text_content()
    assert missing(table, hostile.payloads[-5:]) == [], table[:2000]  # the newest first
    box = page.locator('[data-testid="stSelectbox"]').last
    box.click()
    options = text_of(page.locator('[role="option"]'))
    first = hostile.payloads[0]
    assert f"#1 · “Witnesses” → {first} · {first}" in options, options
    shot(page, "corrections")
    page.keyboard.press("Escape")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_test_id("stDownloadButton").get_by_role("button", name="Download as CSV").click()
    csv_data = Path(info.value.path()).read_bytes()
    rows = list(csv.DictReader(io.StringIO(csv_data.decode("utf-8-sig"))))
    assert {defuse(p) for p in hostile.payloads} <= {row["Note"] for row in rows}  # a formula made text


def test_the_gazetteer_shows_every_hostile_alias_as_text(xpage, xss_url, hostile):
    page = xpage
    page.set_viewport_size({"width": 1280, "height": 2400})
    page.goto(f"{xss_url}/Gazetteer?q=Qala-i-Naw&id={QALA_I_NAW}")
    page.get_by_text("User aliases (").wait_for(timeout=120_000)
    map_frame(page).locator(".leaflet-container").wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    body = page.locator("body").inner_text()
    lines = [f"“{p}” → Qala-i-Naw (city) · by {p}" for p in hostile.payloads]
    assert missing(body, lines) == []
    shot(page, "gazetteer")


def test_the_present_page_shows_every_hostile_caption_as_text(xpage, xss_url, hostile, tracker):
    page = xpage
    story = hostile.story
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(f"{xss_url}/Present?story={quote(STORY_NAME)}&step=1")
    counter = page.locator(".kh-counter")
    for number, step in enumerate(story.steps, 1):
        counter.filter(has_text=f"{number} / {len(story)}").wait_for(timeout=60_000)
        page.locator(f'.kh-caption[data-step="{number}"]').wait_for(timeout=30_000)
        assert page.locator(".kh-caption-text").inner_text() == step.caption
        assert step.name in page.locator(".kh-caption-place").inner_text()
        if number in (1, 4, 5, 20):
            map_frame(page).locator(".kh-step-current").first.wait_for(state="attached", timeout=30_000)
            shot(page, f"present-{number}")
        if number < len(story):
            page.keyboard.press("ArrowRight")
    assert_safe(page, tracker)
    page.goto(f"{xss_url}/Present?edit={quote(STORY_NAME)}")
    page.get_by_text(f"{len(story)} steps").wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    shot(page, "present-editor")
    picked = page.locator('[data-testid="stSelectbox"]', has_text="Saved story").evaluate(
        "e => e.textContent + [...e.querySelectorAll('input')].map(i => i.value).join(' ')")
    assert STORY_NAME in picked, picked
    grid = page.locator('[data-testid="stDataFrame"] table, [data-testid="stDataFrameResizable"] table').first
    grid.wait_for(state="attached", timeout=30_000)
    assert missing(grid.text_content(), [step.caption for step in story.steps[:8]]) == []


@pytest.mark.parametrize("number", [0, 26, 29])
def test_a_shared_link_with_hostile_filters_shows_them_as_text(xpage, xss_url, hostile, number):
    """Links carry filters, searches and names: a hostile one in each page's link runs nothing."""
    page, payload = xpage, hostile.payloads[number]
    value = quote(hostile.sources[payload], safe="")
    page.goto(f"{xss_url}/?source={value}&q={quote('Witnesses')}")
    frame = map_frame(page)
    frame.locator(".kh-place").first.wait_for(timeout=120_000)
    chips = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Source")
    assert hostile.sources[payload] in chips.inner_text()
    shot(page, f"link-map-{number}")
    assert_safe(page, page.tracker)
    for path in (f"Corrections?q={value}&who={value}", f"Gazetteer?q={value}", f"Present?story={value}",
                 f"Articles?read={value}&paragraph={value}", f"Provinces?drill={value}&source={value}"):
        page.goto(f"{xss_url}/{path}")
        page.locator('[data-testid="stSidebar"]').wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        assert_safe(page, page.tracker)


def open_downloads(page, url: str, label: str) -> None:
    page.goto(url)
    expander = page.get_by_text(label)
    try:
        expander.wait_for(timeout=120_000)
    finally:
        shot(page, "downloads")
    expander.click()


def download(page, button: str) -> bytes:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=button).click()
    return Path(info.value.path()).read_bytes()


@pytest.fixture(scope="module")
def exports(browser, xss_url, tracker):
    """Every format of the map page's download buttons (no filters: the whole store), by button label."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    open_downloads(page, xss_url, "Download these places")
    files = {label: download(page, label) for label in ("GeoJSON", "CSV, a row a mention", "CSV, a row a place",
                                                         "KML (Google Earth)", "Offline map (HTML)")}
    context.close()
    return files


def test_the_geojson_and_csv_downloads_hold_the_payloads_as_data(exports, hostile):
    collection = json.loads(exports["GeoJSON"].decode("utf-8"))
    names = {f["properties"]["name"] for f in collection["features"]}
    assert set(hostile.spots) <= names
    blob = json.dumps(collection, ensure_ascii=False)
    assert missing(blob, [json.dumps(p, ensure_ascii=False)[1:-1] for p in hostile.payloads]) == []
    mentions = exports["CSV, a row a mention"].decode("utf-8-sig")
    places = exports["CSV, a row a place"].decode("utf-8-sig")
    sentences = {row["sentence"] for row in csv.DictReader(io.StringIO(mentions))}
    assert {f"Witnesses {p} saw it." for p in hostile.payloads} <= sentences
    assert {defuse(name) for name in hostile.spots} <= {row["name"] for row in csv.DictReader(io.StringIO(places))}


def test_the_kml_download_escapes_and_its_descriptions_render_as_text(xpage, exports, hostile):
    """Google Earth draws a Placemark's description as HTML: each one, drawn in the browser, runs nothing."""
    page = xpage
    root = ET.fromstring(exports["KML (Google Earth)"])
    marks = root.iter(f"{KML}Placemark")
    described = {m.findtext(f"{KML}name"): m.findtext(f"{KML}description") for m in marks}
    assert {f"{name} (corrected)" for name in hostile.spots} <= set(described)
    page.set_content("<!doctype html><body>" + "<hr>".join(described.values()) + "</body>")
    text = page.locator("body").inner_text()
    assert missing(text, [f"Witnesses {p} saw it." for p in hostile.payloads]) == []
    assert missing(text, hostile.spots) == []
    shot(page, "kml-descriptions")


def test_the_offline_map_download_opens_with_every_popup_as_text(xpage, exports, hostile, tmp_path):
    page = xpage
    path = tmp_path / "kharita.html"
    path.write_bytes(exports["Offline map (HTML)"])
    page.context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
    page.goto(path.as_uri())
    page.locator(".kh-place").first.wait_for(timeout=60_000)
    for name, place_id in hostile.spots.items():
        marker = page.locator(f'.kh-place[data-place-id="{place_id}"]')
        assert marker.get_attribute("aria-label") == name
        marker.dispatch_event("click")
        text = popup_text(page, name)
        assert f"Witnesses {name} saw it." in text and text.count(name) >= 3, (name, text)
    page.wait_for_timeout(400)
    shot(page, "offline-map-popup")
    # The places the payloads sit beside: every article's excerpt in one popup.
    page.locator(f'.kh-place[data-place-id="{KABUL}"]').dispatch_event("click")
    assert "Fighting in Kabul" in popup_text(page, "Kabul · كابل")


#: The text of the open popup whose heading is exactly ``name`` (the one fading out may still be there).
POPUP_TEXT = """name => {
  const popup = [...document.querySelectorAll(".leaflet-popup-content")]
    .find(p => p.querySelector("h3") && p.querySelector("h3").innerText === name);
  return popup ? popup.innerText : null;
}"""


def popup_text(page, name: str) -> str:
    page.wait_for_function(POPUP_TEXT, arg=name, timeout=10_000)
    return page.evaluate(POPUP_TEXT, name)


def test_the_articles_page_downloads_keep_the_payloads_as_data(xpage, xss_url, hostile):
    page = xpage
    payload = "</textarea></title></style></script><script>window.__xss=1</script>"
    open_downloads(page, f"{xss_url}/Articles?read={hostile.articles[payload]}", "Download this article's places")
    data = download(page, "CSV, a row a mention").decode("utf-8-sig")
    assert {f"Witnesses {payload} saw it.", f"Fighting in Kabul {payload} was reported today."} <= {
        row["sentence"] for row in csv.DictReader(io.StringIO(data))}
    html_file = download(page, "Offline map (HTML)").decode("utf-8")
    assert "<script>window.__xss=1</script>" not in html_file


def test_uploading_files_with_hostile_names_shows_the_names_as_text(xpage, xss_url, hostile):
    """Last: it adds articles to the store the other tests read."""
    page = xpage
    page.set_viewport_size({"width": 1280, "height": 4000})
    page.goto(f"{xss_url}/Add_article")
    page.get_by_role("tab", name="Upload files").click()
    files = [{"name": file_name(p), "mimeType": "text/plain",
              "buffer": f"Upload {n} {p}\n\nA patrol reached Kunduz {p} at dawn.".encode()}
             for n, p in enumerate(hostile.payloads)]
    files.append({"name": file_name("<img src=x onerror=window.__xss=1> empty"), "mimeType": "text/plain",
                  "buffer": b""})
    page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files(files)
    page.locator('[data-testid="stFileChip"]').first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    shot(page, "add-article-chosen")
    page.get_by_test_id("stBaseButton-primaryFormSubmit").filter(has_text="Add files").click()
    page.get_by_text("Not added:").wait_for(timeout=180_000)
    page.wait_for_timeout(1000)
    body = page.locator("body").inner_text()
    # The browser sends a '"' in a file's name as %22 (the HTML standard's multipart encoding): the rest as typed.
    sent = [file_name(p).replace('"', "%22") for p in hostile.payloads]
    shown = [f"{sent[n]}: Upload {n} {p}" for n, p in enumerate(hostile.payloads)]
    assert missing(body, shown) == [], body[:3000]
    assert files[-1]["name"] in body
    assert body.count("Added, with") == len(hostile.payloads)
    shot(page, "add-article")

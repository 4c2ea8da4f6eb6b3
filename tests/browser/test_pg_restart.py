"""The app on PostgreSQL through a restart of its server, in a real browser: the map; a plain message, not a
traceback, on every page that reads the store while the server is down; the map again on a reload once it is
back, the app never restarted."""

from tests.browser.conftest import map_frame, screenshot, start_server, stop_server

UNREACHABLE = "The article store can't be reached"
#: The pages that read the store as they open (Add article reads it only when given an article).
READING_PAGES = ("/Articles", "/Provinces", "/Corrections", "/Gazetteer?q=Herat", "/Present")


def says_unreachable_and_nothing_else(page) -> str:
    """Wait for the plain message and for the page's script to end (an error may follow the message); the
    message."""
    message = page.get_by_text(UNREACHABLE)
    message.first.wait_for(timeout=60_000)
    page.locator('[data-testid=stApp][data-test-script-state="notRunning"]').wait_for(timeout=60_000)
    assert page.get_by_test_id("stException").count() == 0, page.url
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "the connection is closed" not in body and "has encountered an error" not in body
    return message.first.inner_text()


def test_the_map_comes_back_by_itself_after_postgresql_restarts(page, tmp_path, pg_cluster):
    process, url = start_server(tmp_path, extra_env={"KHARITA_DB": pg_cluster.url})
    try:
        page.goto(url)
        frame = map_frame(page)
        qala = frame.locator('.kh-place[aria-label="Qala-i-Naw"]')
        qala.wait_for(timeout=180_000)  # the first visit ingests the seed article into the empty store

        pg_cluster.stop()
        for path in READING_PAGES:
            page.goto(url + path)
            says_unreachable_and_nothing_else(page)
        page.goto(url)
        message = says_unreachable_and_nothing_else(page)
        assert "PostgreSQL" in message and "then reload" in message
        screenshot(page, "pg-restart-down")

        pg_cluster.start()
        page.reload()
        frame.locator('.kh-place[aria-label="Qala-i-Naw"]').wait_for(timeout=60_000)
        assert page.get_by_text(UNREACHABLE).count() == 0
        assert page.get_by_test_id("stException").count() == 0
        screenshot(page, "pg-restart-back")
        assert page.requests.foreign() == []
    finally:
        stop_server(process)

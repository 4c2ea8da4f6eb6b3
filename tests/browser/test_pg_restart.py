"""The app on PostgreSQL through a restart of its server, in a real browser: the map; a plain message, not a
traceback, while the server is down; the map again on a reload once it is back, the app never restarted."""

from tests.browser.conftest import map_frame, screenshot, start_server, stop_server

UNREACHABLE = "The article store can't be reached"


def test_the_map_comes_back_by_itself_after_postgresql_restarts(page, tmp_path, pg_cluster):
    process, url = start_server(tmp_path, extra_env={"KHARITA_DB": pg_cluster.url})
    try:
        page.goto(url)
        frame = map_frame(page)
        qala = frame.locator('.kh-place[aria-label="Qala-i-Naw"]')
        qala.wait_for(timeout=180_000)  # the first visit ingests the seed article into the empty store

        pg_cluster.stop()
        page.reload()
        message = page.get_by_text(UNREACHABLE)
        message.wait_for(timeout=60_000)
        assert "PostgreSQL" in message.inner_text() and "then reload" in message.inner_text()
        assert page.get_by_test_id("stException").count() == 0
        assert "Traceback" not in page.locator("body").inner_text()
        assert "the connection is closed" not in page.locator("body").inner_text()
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

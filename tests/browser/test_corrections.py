"""A journalist corrects a pin in the browser: it shows after a reload and after `reparse`, and undo restores it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from tests.browser.conftest import ROOT, screenshot

QALA = "geonames:1129867"


def panel_text(page) -> str:
    panel = page.locator(".st-key-kh-panel")
    panel.wait_for(timeout=60_000)
    return panel.inner_text()


def test_a_correction_shows_after_reload_and_reparse_and_undo_restores(page, own_server):
    url, db = own_server
    page.goto(f"{url}/?place={QALA}", wait_until="networkidle")
    assert "Qala-i-Naw" in panel_text(page)
    assert "8 mentions" in panel_text(page)
    page.get_by_role("button", name="Wrong place?").first.click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=30_000)
    dialog.get_by_text("A place in the gazetteer").click()
    search = dialog.get_by_label("Search the gazetteer (any script)")
    search.fill("Herat")
    search.press("Enter")
    # The gazetteer's choice, not the other readings' (shown first, and still there while the dialog reruns).
    choice = dialog.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text("Place", exact=True))
    choice.wait_for(timeout=30_000)
    page.wait_for_function("() => [...document.querySelectorAll('[role=dialog] [data-testid=stSelectbox] *')]"
                           ".some(e => (e.value || e.textContent || '').includes('Herat · city'))", timeout=30_000)
    dialog.get_by_label("Your name (kept in the audit trail)").fill("Ann")
    dialog.get_by_label("Note (why; a source)").fill("<script>alert('note')</script> wrong city")
    dialog.get_by_label("Note (why; a source)").press("Tab")
    screenshot(page, "correction-dialog")
    dialog.get_by_role("button", name="Save the correction").click()
    dialog.wait_for(state="detached", timeout=30_000)

    # After a reload the panel marks the correction, and the map's Herat pin counts it.
    page.reload(wait_until="networkidle")
    assert "7 mentions" in panel_text(page)  # 8 before: one is Herat now
    herat = "geonames:1140026"
    page.goto(f"{url}/?place={herat}", wait_until="networkidle")
    assert "Herat" in page.locator(".st-key-kh-panel h3").inner_text(timeout=60_000)
    assert "corrected by a journalist" in panel_text(page)
    screenshot(page, "correction-after-reload")

    # After a reparse of every article by the command line, the correction still holds.
    with sqlite3.connect(db) as conn:  # as after a parser update: every article is stale
        conn.execute("UPDATE articles SET parser_version = 'an older parser'")
    done = subprocess.run([sys.executable, "-m", "geo", "reparse", "--db", str(db)], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    assert "reparsed" in done.stdout
    from geo.store import Store

    with Store.open(db) as store:
        trail = store.corrections()
        correction_id = int(trail.iloc[-1]["correction_id"])
        assert trail.iloc[-1]["note"] == "<script>alert('note')</script> wrong city"
    page.reload(wait_until="networkidle")
    assert "corrected by a journalist" in panel_text(page)

    # The audit page shows the note as text; Undo there puts Qala-i-Naw back.
    page.goto(f"{url}/Corrections?who=Ann", wait_until="networkidle")  # the filter in the link: Ann's only
    page.get_by_text("Undo a correction").wait_for(timeout=60_000)
    page.get_by_label("Your name (kept in the audit trail)").fill("Bob")
    page.get_by_label("Your name (kept in the audit trail)").press("Tab")
    screenshot(page, "corrections-audit")
    page.get_by_role("button", name="Undo it").click()
    page.get_by_text("Undo a correction").wait_for(state="detached", timeout=30_000)  # none left in force
    with Store.open(db) as store:
        assert store.corrections().set_index("correction_id").loc[correction_id, "undone_by"] == "Bob"
    page.goto(f"{url}/?place={QALA}", wait_until="networkidle")
    assert "Qala-i-Naw" in page.locator(".st-key-kh-panel h3").inner_text(timeout=60_000)
    assert page.dialogs == [], page.dialogs
    assert page.requests.foreign() == []

"""The interface in Arabic (?lang=ar): AppTests of the pages' titles, labels and links, the switch and the
right-to-left CSS; the catalogue holds every message the pages name by a computed key."""

from __future__ import annotations

import re

import pytest

from geo.exc import MissingData
from geo.i18n import LANGUAGES, translator
from geo.records import KINDS
from geo.store import FACETS
from tests.fixtures import filled_file, page_runner
from ui import page as ui_page
from ui.corrections import COLUMNS
from ui.provinces import HEADING_KEYS

#: Arabic letters.
ARABIC = re.compile(r"[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def realistic(tmp_path_factory) -> str:
    return filled_file(tmp_path_factory.mktemp("lang"))


@pytest.fixture
def run(realistic, monkeypatch):
    def make(script: str, **params):
        return page_runner(realistic, monkeypatch, f"../pages/{script}.py")(**params)

    return make


def html_bodies(at) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_computed_key_is_in_the_catalogue(lang):
    """Keys the code builds from a value (a facet's label, a kind, a column, a choice) are not seen by
    test_i18n's scan of the code: each one is looked up here, and a missing key reads as itself."""
    t = translator(lang)
    keys = [f"filters.{facet.param}" for facet in FACETS] + [f"filters.{facet.param}.placeholder" for facet in FACETS]
    keys += [f"kind.{kind}" for kind in (*KINDS, "custom", "place")]
    keys += [f"language.{code}" for code in ("ar", "en", "fa", "ps")]
    keys += list(HEADING_KEYS.values()) + [f"corrections.column.{key}" for key in COLUMNS.values()]
    keys += [f"corrections.state.{s}" for s in ("all", "active", "undone")]
    keys += [f"corrections.action.{a}" for a in ("place", "point", "not_place")]
    keys += [f"corrections.scope.{s}" for s in ("mention", "article", "everywhere")]
    keys += [f"correct.choice.{c}" for c in ("reading", "gazetteer", "point", "not_place")]
    keys += [f"downloads.format.{name}" for name in ("geojson", "csv", "places-csv", "kml", "html")]
    keys += list(ui_page.PLAIN_MESSAGES.values())[:-1]
    assert [key for key in keys if t(key) == key] == []


def test_a_plain_message_in_arabic():
    assert ui_page.plain_message("errors.drawing_map", MissingData("x"), lang="ar").startswith("بعض بيانات خريطة")
    assert ui_page.plain_message("errors.drawing_map", KeyError("lat"), lang="ar").startswith("عذرًا، تعذّر رسم الخريطة")


def test_the_provinces_page_in_arabic(run):
    at = run("Provinces", lang="ar", drill="Badghis")
    assert not at.exception and not at.error
    assert at.title[0].value == "الولايات"
    assert at.sidebar.header[0].value == "عوامل التصفية"
    labels = [m.label for m in at.multiselect]
    assert "الولاية" in labels and "نوع المكان" in labels and all(ARABIC.search(label) for label in labels)
    # The sidebar's values read in Arabic: provinces and kinds by their Arabic names, counts in Arabic digits.
    province = next(m for m in at.multiselect if m.label == "الولاية")
    assert province.format_func("Badghis").startswith("بادغيس (")
    kind = next(m for m in at.multiselect if m.label == "نوع المكان")
    assert kind.format_func("city").startswith("مدينة (")
    # The right-to-left layout and the shipped font's faces.
    body = html_bodies(at)
    assert "[data-testid=stApp] { direction: rtl; }" in body
    assert "/app/static/vendor/fonts/files/noto-sans-arabic-arabic-400-normal.woff2" in body
    # The summary line names Badghis in Arabic, with the English name as its title, and links in Arabic.
    assert '<b title="Badghis">بادغيس</b>: ' in body and "&amp;lang=ar" in body
    table = at.dataframe[0].value
    assert table.iloc[0]["Arabic name"] == "بادغيس" and table.iloc[0]["Map"].endswith("&lang=ar")
    assert str(at.query_params["lang"]) == "ar"


def test_the_switch_sets_the_language_in_the_link(run):
    at = run("Corrections")
    assert at.title[0].value == "Corrections" and "direction: rtl" not in html_bodies(at)
    switch = at.sidebar.button_group[0]
    assert list(switch.options) == ["English", "العربية"]
    at = switch.set_value("ar").run()
    assert not at.exception
    assert at.title[0].value == "التصحيحات" and str(at.query_params["lang"]) == "ar"
    assert "direction: rtl" in html_bodies(at)
    at = at.sidebar.button_group[0].set_value("en").run()
    assert at.title[0].value == "Corrections" and "lang" not in at.query_params


def test_the_corrections_page_keeps_the_language_when_it_rewrites_the_link(run):
    at = run("Corrections", lang="ar", state="active")
    assert not at.exception
    assert at.radio[0].label == "الحالة" and at.radio[0].value == "active"
    assert str(at.query_params["lang"]) == "ar" and str(at.query_params["state"]) == "active"


def test_the_articles_page_in_arabic(run):
    at = run("Articles", lang="ar", read="1")
    assert not at.exception and not at.error
    body = html_bodies(at)
    assert "→ الخريطة" in body and 'href="./?lang=ar"' in body
    # Every mention links to the map in Arabic; its title names the place's kind in Arabic.
    mentions = re.findall(r'<a class="kh-mention[^>]*>', body)
    assert mentions and all("lang=ar" in m for m in mentions)
    assert any("مدينة" in m for m in mentions)
    assert any(e.label.startswith("راجع كل الأماكن في هذه الصفحة (") for e in at.expander)
    assert at.sidebar.header[0].value == "المقالات"


def test_the_add_article_page_in_arabic(run):
    at = run("Add_article", lang="ar")
    assert not at.exception
    assert at.title[0].value == "إضافة مقال"
    assert "حتى ١٠ ميغابايت" in at.caption[0].value
    assert [tab.label for tab in at.tabs] == ["لصق نص", "رفع ملفات"]
    assert all(ARABIC.search(w.label) for w in [*at.text_input, *at.text_area, *at.selectbox, *at.date_input])


def test_the_gazetteer_page_in_arabic_keeps_the_language_when_it_searches(run):
    at = run("Gazetteer", lang="ar", q="بادغيس")
    assert not at.exception and not at.error
    assert at.title[0].value == "معجم الأماكن"
    hits = at.dataframe[0].value
    assert hits.iloc[0]["Name"] == "Badghis" and hits.iloc[0]["Kind"] == "ولاية"
    assert str(at.query_params["lang"]) == "ar"
    body = html_bodies(at)
    assert '<span lang="ar" title="Badghis">بادغيس</span>' in body  # the card: Arabic first, English as its title
    at = at.text_input[0].set_value("Kabul").run()
    assert str(at.query_params["q"]) == "Kabul" and str(at.query_params["lang"]) == "ar"


def test_the_map_page_in_arabic(run):
    at = run("map_page", lang="ar", place="test:qala")
    assert not at.exception and not at.error
    assert at.title[0].value == "خريطة · Kharita"
    assert at.caption[0].value.count("·") == 2 and ARABIC.search(at.caption[0].value)  # the summary line
    body = html_bodies(at)
    # The panel: the Arabic name first, the English one as its title; the kind, province and excerpt links in Arabic.
    assert '<h3><span lang="ar" title="Qala-i-Naw">قلعة ناو</span>' in body
    assert "ولاية بادغيس" in body and "Articles?read=" in body and "&amp;lang=ar" in body
    assert any(b.label == "إغلاق" for b in at.button) and any(b.label.startswith("مكان خاطئ؟") for b in at.button)

"""The geoparser: the seed's gold, unseen Arabic and English text, and properties for any text."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from geo.evaluate import score_passages
from geo.text import detect_language

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
SEED = ROOT / "data" / "articles" / "2021-07-07-aljazeera-badghis-ar.txt"


def places(parser, text):
    return [(m.text, m.place.name, m.place.kind, m.role) for m in parser.parse(text).mentions]


def test_seed_meets_the_gold_standard_through_the_cli():
    """The JSON contract of `python -m geo parse`, scored by the shared scorer: F1 ≥ 0.97, accuracy 1.0, no traps."""
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    if spec is None or not (EVAL / "seed_gold.json").exists():
        pytest.skip(f"the shared gold annotation is not at {EVAL}")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = json.loads((EVAL / "seed_gold.json").read_text("utf-8"))
    corpus_text = (EVAL.parent / "corpus" / gold["doc"]).read_text("utf-8")
    out = subprocess.run([sys.executable, "-m", "geo", "parse", "-", "--json"], input=corpus_text,
                         capture_output=True, text=True, cwd=ROOT, check=True)
    prediction = json.loads(out.stdout)
    assert prediction["language"] == "ar"
    for m in prediction["mentions"]:
        assert corpus_text[m["start"]:m["end"]] == m["text"]
    result = score.score(gold, prediction)
    assert result["f1"] >= 0.97, result
    assert result["resolution_acc"] == 1.0, result["misresolved"]
    assert result["false_positives"] == []  # above the bar: a new false reading is a regression
    traps = [tuple(t) for t in gold["traps"]]
    hits = [m["text"] for m in prediction["mentions"] if any(m["start"] < b and a < m["end"] for a, b in traps)]
    assert hits == []


def test_head_words_choose_province_or_city(parser):
    assert places(parser, "وصلت التعزيزات إلى ولاية هيرات")[0][1:3] == ("Herat", "province")
    assert places(parser, "وصلت التعزيزات إلى مدينة هيرات")[0][1:3] == ("Herat", "city")
    assert places(parser, "Reinforcements reached the city of Herat.")[0][1:3] == ("Herat", "city")
    assert places(parser, "Reinforcements reached Herat province.")[0][2] == "province"


def test_arabic_proclitics_and_word_boundaries(parser):
    found = places(parser, "عاد الوفد من الدوحة وطهران إلى كابل، ثم سافر للدوحة بالطائرة.")
    assert [(text, name) for text, name, *_ in found] == [
        ("الدوحة", "Doha"), ("طهران", "Tehran"), ("كابل", "Kabul"), ("دوحة", "Doha")]
    # قطر is not inside القطري, and إيران is not inside الإيرانية.
    assert [(t, role) for t, _, _, role in places(parser, "قال المبعوث القطري إن الخارجية الإيرانية رحبت")] == [
        ("القطري", "demonym"), ("الإيرانية", "demonym")]


def test_a_demonym_that_names_a_town_is_the_demonym(parser):
    # سوري is also Surrey (Canada) in the gazetteer, روسي Ruse (Bulgaria), Canadian a town in Texas.
    text = "قال مسؤول سوري ومسؤول روسي إن وفدا كنديا وصل. A Canadian official agreed."
    assert [(t, name, role) for t, name, _, role in places(parser, text)] == [
        ("سوري", "Syrian Arab Republic", "demonym"), ("روسي", "Russian Federation", "demonym"),
        ("Canadian", "Canada", "demonym")]


def test_multiword_names_win_over_their_parts(parser):
    found = places(parser, "بحثا أهمية الأمن في مطار حامد كرزاي الدولي وفي الولايات المتحدة")
    assert [(t, kind) for t, _, kind, _ in found] == [("مطار حامد كرزاي الدولي", "facility"),
                                                      ("الولايات المتحدة", "country")]


def test_border_phrases(parser):
    (mention,) = parser.parse("عبروا الحدود الأفغانية الطاجيكية ليلا").mentions
    assert mention.place.kind == "border" and set(mention.place.countries) == {"AF", "TJ"}
    (mention,) = [m for m in parser.parse("More troops crossed the Afghan-Tajik border.").mentions]
    assert mention.place.kind == "border"
    border = [m for m in parser.parse("تعزيز الحدود مع أفغانستان").mentions if m.text == "أفغانستان"]
    assert border[0].relation == "border"


def test_people_and_organisations_are_not_places(parser):
    text = ("Defense Secretary Lloyd Austin told Al Jazeera and Reuters that NATO and the United Nations "
            "had met. بحث لويد أوستن مع حلف شمال الأطلسي، وقال تميم بن حمد لقناة الجزيرة.")
    assert places(parser, text) == []


def test_english_transliterations_possessives_and_relations(parser):
    found = parser.parse("Clashes west of Kabul spread to Qala-e-Naw, Qunduz and Mazar-e-Sharif; Kabul's airport shut.")
    names = [(m.text, m.place.name) for m in found.mentions]
    assert ("Qala-e-Naw", "Qala-i-Naw") in names
    assert ("Mazar-e-Sharif", "Mazar-i-Sharif") in names
    assert ("Qunduz", "Kunduz") in names
    assert names.count(("Kabul", "Kabul")) == 2
    assert found.mentions[0].relation == "west"
    west = [m for m in parser.parse("قتل 6 شرطيين غربي العاصمة كابل").mentions]
    assert west[0].place.name == "Kabul" and west[0].relation == "west"


def test_names_inside_organisations_are_not_places(parser):
    text = ("Depositors of Kabul Bank spoke to the Tehran Times and the Libya Observer. تحدث طلاب جامعة كابل "
            "إلى صحيفة الشرق الأوسط وإلى غرفة تجارة قندهار وتلفزيون سوريا، وأعلنت قوات سوريا الديمقراطية.")
    assert places(parser, text) == []
    text = "The Kurdistan Democratic Party and the Basra Oil Company met in Erbil."
    assert [name for _, name, _, _ in places(parser, text)] == ["Erbil"]


def test_names_led_by_a_direction(parser):
    found = places(parser, "Envoys from South Sudan, North Korea and the West Bank met in South Africa. "
                           "وصل الوفد إلى جنوب السودان")
    assert [name for _, name, _, _ in found] == ["South Sudan", "North Korea", "West Bank", "South Africa",
                                                 "South Sudan"]
    for text in ("Fighting spread across northern Afghanistan.", "تقدمت طالبان في شمال أفغانستان"):
        (mention,) = parser.parse(text).mentions
        assert (mention.place.name, mention.relation) == ("Afghanistan", "north")
    (mention,) = parser.parse("غارات على شمال غربي سوريا").mentions
    assert mention.place.country_code == "SY" and mention.place.kind == "country"


def test_the_world_s_big_rivers(parser):
    found = places(parser, "Water levels on the Euphrates and the Tigris fell. تراجع منسوب نهر النيل ومياه الفرات")
    assert [(name, kind) for _, name, kind, _ in found] == [
        ("Euphrates", "water"), ("Tigris", "water"), ("Nile", "water"), ("Euphrates", "water")]
    assert all(kind != "water" for _, _, kind, _ in places(parser, "Orange County officials met in Nile City."))


def test_a_capital_outranks_a_namesake_in_a_country_named_in_passing(parser):
    text = ("Iran's foreign minister said in Tehran that talks with Washington could resume in Geneva, "
            "and Moscow backed the plan.")
    places = {m.text: (m.place.country_code, m.place.kind) for m in parser.parse(text).mentions}
    assert places["Geneva"] == ("CH", "city") and places["Moscow"] == ("RU", "city")
    arabic = "قال مسؤول في طهران إن المحادثات مع واشنطن قد تعقد في جنيف، وأيدتها موسكو"
    places = {m.text: m.place.country_code for m in parser.parse(arabic).mentions}
    assert places["جنيف"] == "CH" and places["موسكو"] == "RU"


def test_a_country_outranks_its_capital_of_the_same_name(parser):
    for text, code in (("وصل الوزير إلى الكويت أمس", "KW"), ("زار الرئيس تونس", "TN")):
        (mention,) = parser.parse(text).mentions
        assert (mention.place.kind, mention.place.country_code) == ("country", code)
    (mention,) = parser.parse("وصل الوزير إلى مدينة الكويت أمس").mentions
    assert mention.place.kind == "city"


def test_countries_named_equally_often_both_lead(parser):
    text = ("عادت الشاحنات من معبر رفح بعد تعثر المفاوضات التي تتوسط فيها مصر بالقاهرة. "
            "وقال سكان في خان يونس إن المخابز في قطاع غزة أغلقت.")
    (rafah,) = [m for m in parser.parse(text).mentions if m.text == "رفح"]
    assert rafah.place.country_code == "PS"


def test_seas_straits_and_regions_across_borders(parser):
    for text, name in (("احتجز الحرس الثوري ناقلة في مضيق هرمز", "Strait of Hormuz"),
                       ("Shipping through the Bab el-Mandeb has fallen sharply.", "Bab el-Mandeb"),
                       ("قطع محتجون في البصرة الطريق إلى ميناء أم قصر على الخليج", "Persian Gulf"),
                       ("Clashes broke out in the Fergana Valley.", "Fergana Valley"),
                       # A far-off province of the same name (Gulf, Papua New Guinea) does not
                       # count as the story's own, nor does البحرية (the navy) make Togo's Maritime.
                       ("قالت البحرية الأمريكية إنها تراقب الملاحة، وقطع محتجون في البصرة الطريق "
                        "إلى ميناء أم قصر على الخليج، وقال مسؤول إن وفدا سيزور جنيف.", "Persian Gulf")):
        found = {m.place.name: m.place.kind for m in parser.parse(text).mentions}
        assert found.get(name) in ("water", "region"), (text, found)


def test_a_name_ending_in_hamza_is_marked_whole(parser):
    (mention,) = parser.parse("وصل الوفد إلى صنعاء أمس").mentions
    assert (mention.text, mention.place.country_code) == ("صنعاء", "YE")


def test_a_common_word_is_a_place_after_a_preposition_or_beside_a_place(parser):
    assert [n for _, n, _, _ in places(parser, "Refugees fled to Jordan.")] == ["Jordan"]
    found = places(parser, "Talks were held in Syria and Jordan.")
    assert [name for _, name, _, _ in found] == ["Syrian Arab Republic", "Jordan"]
    assert places(parser, "Jordan said the talks would resume.") == []


def test_district_cues_in_english(parser):
    found = places(parser, "Fighting flared in Qunduz's Imam Sahib district and in Helmand's Nad Ali and "
                           "Nahr-e Saraj districts.")
    assert [(name, kind) for _, name, kind, _ in found] == [
        ("Kunduz", "province"), ("Imam Sahib", "district"), ("Helmand", "province"), ("Nad Ali", "district"),
        ("Nahri Sarraj", "district")]


def test_a_district_named_like_its_town_is_found_by_the_town_s_arabic_name(parser):
    (mention,) = parser.parse("نزحت عائلات نحو مديرية إمام صاحب").mentions
    assert (mention.place.name, mention.place.kind, mention.place.admin1) == ("Imam Sahib", "district", "Kunduz")


def test_persian_letters_of_afghan_names_match_their_arabic_spellings(parser):
    for spelling in ("تگاب", "تكاب"):
        assert places(parser, f"اشتباكات في مديرية {spelling}") == [(spelling, "Tagab", "district", "literal")]
    # ... but not for names elsewhere: پیره (Piraeus) is not بيرة.
    assert places(parser, "مع سقوط أعداد كبيرة من قوات الطرفين") == []


def test_english_common_words_are_not_places(parser):
    text = "Reading the report, Jordan said it was a Nice result. Police said Mobile units were ready."
    assert places(parser, text) == []


def test_mentions_know_their_sentence_and_paragraph(parser):
    text = "First paragraph about Kabul.\n\nSecond one. It names Herat city."
    kabul, herat = parser.parse(text).mentions
    assert (kabul.paragraph, herat.paragraph) == (0, 1)
    assert text[slice(*herat.sentence)] == "It names Herat city."
    assert herat.alternatives and all(0 <= score <= 1 for _, score in herat.alternatives)


def test_language_detection():
    assert detect_language("تقدمت حركة طالبان في مناطق بشمال أفغانستان") == "ar"
    assert detect_language("The Taliban advanced in northern Afghanistan") == "en"
    assert detect_language("1234 ...") == "und"


MIXED = st.text(alphabet=st.sampled_from(list(
    "abcdefghijklmnopqrstuvwxyz ABCKQ'-.\n\u200c\u200f\u202b\u0640\u064eاأإآبتةثجحخدذرزسشصضطظعغفقكلمنهويىءئؤکی "
    "كابل هرات قلعة ناو Kabul Herat")), max_size=400)


@settings(max_examples=300, deadline=None)
@given(text=MIXED)
def test_offsets_always_point_into_the_original_text(parser, text):
    first = parser.parse(text)
    for m in first.mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.sentence[0] <= m.start and m.end <= m.sentence[1] or m.sentence[0] <= m.start
        assert 0 <= m.confidence <= 1
    assert parser.parse(text) == first  # deterministic


def test_five_megabytes_parse_with_valid_offsets(parser):
    text = (SEED.read_text("utf-8") + "\n\nFighting west of Kabul and in Qala-e-Naw.\u200f\n") * 850
    assert len(text) > 5_000_000
    result = parser.parse(text)
    assert len(result.mentions) > 850 * 60
    assert all(text[m.start:m.end] == m.text for m in result.mentions[::97])


def test_unseen_news_passages(parser):
    """Passages never used to tune the rules, Arabic and English: high precision and recall, right places."""
    passages = json.loads((ROOT / "tests" / "data" / "unseen_news.json").read_text("utf-8"))["passages"]
    score = score_passages(parser.parse, passages)
    assert score.false_positives == ()
    assert score.recall >= 0.95, score.missed
    assert score.accuracy == 1.0


# Three more sets of thirty passages, written apart from the geoparser. Each was measured once
# before any rule was changed for it (the README gives those first figures); the general rules
# they exposed were then added, so these floors guard against regressions.
PASSAGE_SETS = {
    # Afghanistan and its neighbours; first measured at Arabic P 0.94 R 0.89, English P 0.97 R 0.95.
    "heldout_news.json": {"precision": 0.95, "recall": 0.93, "accuracy": 0.85},
    # Syria to the Sahel; first measured at Arabic P 0.89 R 0.79, English P 0.90 R 0.79.
    "fresh_news.json": {"precision": 0.9, "recall": 0.78, "accuracy": 0.8},
    # Iraq, the Gulf, Yemen, Iran, Pakistan, Central Asia, the Horn of Africa; first measured at
    # Arabic P 0.93 R 0.88, English P 0.82 R 0.82.
    "wider_news.json": {"precision": 0.88, "recall": 0.9, "accuracy": 0.85},
}


@pytest.mark.parametrize("name", PASSAGE_SETS)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_more_news_passages(parser, name, language):
    passages = json.loads((ROOT / "tests" / "data" / name).read_text("utf-8"))["passages"]
    score = score_passages(parser.parse, [p for p in passages if p["lang"] == language])
    floor = PASSAGE_SETS[name]
    assert score.precision >= floor["precision"], score.false_positives
    assert score.recall >= floor["recall"], score.missed
    assert score.accuracy >= floor["accuracy"]


_LATITUDES = st.floats(min_value=-85, max_value=85)
_LONGITUDES = st.floats(min_value=-180, max_value=180)


@settings(max_examples=300, deadline=None)
@given(place=st.tuples(_LATITUDES, _LONGITUDES),
       offsets=st.lists(st.tuples(st.floats(-2, 2), st.floats(-4, 4)), min_size=1, max_size=5))
@example(place=(-16.5, 179.6), offsets=[(0.2, 0.8)])  # Fiji, across the date line
@example(place=(84.0, 10.0), offsets=[(0.3, 4.0)])  # near the pole a degree east is a few km
def test_nearness_shortcut_agrees_with_the_great_circle(place, offsets):
    """The flat-earth shortcut in front of the great circle never changes the answer,
    at the poles or across the date line."""
    from geopy.distance import great_circle

    from geo.geoparse.context import NEAR_KM, near_any
    lat, lon = place
    anchors = [(max(-90.0, min(90.0, lat + dlat)), (lon + dlon + 180) % 360 - 180) for dlat, dlon in offsets]
    expected = any(great_circle(place, anchor).km <= NEAR_KM for anchor in anchors)
    assert near_any(dict(enumerate(anchors)), lat, lon) == expected


def test_editing_a_word_list_makes_stored_articles_stale(tmp_path, monkeypatch):
    """Articles are stamped with the parser's version and reparsed when it differs: a changed
    word list changes what the parser finds, so it must change that version too."""
    from geo.geoparse import lexicon
    from geo.ingest import default_parser

    copy = tmp_path / "lexicon"
    shutil.copytree(lexicon.LEXICON_DIR, copy)
    monkeypatch.setattr(lexicon, "LEXICON_DIR", copy)
    before = default_parser().version
    assert default_parser().version == before  # nothing changed, nothing to reparse
    with (copy / "not_places.txt").open("a", encoding="utf-8") as fh:
        fh.write("Kharita Broadcasting Corporation\n")
    assert default_parser().version != before


def test_stored_articles_are_stamped_with_the_parser_s_own_version(parser):
    from geo.geoparse import parser_version
    from geo.ingest import default_parser

    assert parser.version == parser_version() == default_parser().version


@pytest.mark.parametrize("text", [b"Kabul", None, 42, ["Kabul"]])
def test_a_text_that_is_not_a_str_is_bad_input(parser, text):
    from geo.exc import BadInput
    from geo.geoparse import parse

    with pytest.raises(BadInput, match="takes a str"):
        parser.parse(text)
    with pytest.raises(BadInput):
        parse(text)


@pytest.mark.parametrize("text", [
    "Fighting in Kunduz\nProvince was heavy.", "Reporters in Herat\nKabul residents fled.", "قتال في ولاية\nقندوز أمس",
])
def test_a_name_never_runs_across_a_line_break_past_its_sentence(parser, text):
    mentions = parser.parse(text).mentions
    assert mentions and all("\n" not in m.text for m in mentions)
    assert all(m.sentence[0] <= m.start and m.end <= m.sentence[1] for m in mentions)

"""Arabic tweets and common words: hashtags that name a place and those that name a topic, months,
weather and disease nouns, and words that only look like a proclitic and a place's name."""

from __future__ import annotations

import pytest


def places(parser, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.place.name) for m in parser.parse(text).mentions]


def test_a_hashtag_that_is_a_place_s_name_is_a_mention(parser):
    found = places(parser, "أمطار غزيرة اليوم #حفر_الباطن")
    assert [text for text, _ in found] == ["حفر_الباطن"]
    assert found[0][1] == "Hafar Al-Batin"
    assert [text for text, _ in places(parser, "الوضع الآن #بيروت_الآن")] == ["بيروت"]


def test_a_place_in_a_topic_s_hashtag_is_no_mention_but_tells_the_country(parser):
    assert places(parser, "أمطار غزيرة #سيول_الاردن") == []
    # Madaba, a town too small to name alone, is read in the tag's country.
    assert [name for _, name in places(parser, "#مادبا #سيول_الاردن")] == ["Mādabā"]


def test_a_hashtag_repeating_a_place_named_before_is_no_new_mention(parser):
    text = "غرق شوارع في الكويت اليوم #الكويت #بيروت"
    found = parser.parse(text).mentions
    assert [(text[m.start:m.end], m.place.country_code) for m in found] == [("الكويت", "KW"), ("بيروت", "LB")]
    assert found[0].start == text.index("الكويت")


@pytest.mark.parametrize("text", [
    "في شهر آب الماضي ارتفعت الأسعار",  # August, not Ibb
    "تسببت الأمطار في سيول جارفة",  # floods, not Seoul
    "ارتفاع إصابات كورونا",  # the virus, not Corona, California
    "توفي وكيل وزارة الصحة",  # an agent, not و + Kiel
    "اتصل أحد أفراد فرقة الإنقاذ",  # a team, not ف + Raqqa
])
def test_ordinary_words_are_no_places(parser, text):
    assert places(parser, text) == []


def test_a_common_word_after_a_head_word_is_a_place(parser):
    assert [name for _, name in places(parser, "وصل الوفد إلى العاصمة سيول")] == ["Seoul"]
    assert [name for _, name in places(parser, "زار مدينة الخبر")] == ["Khobar"]


@pytest.mark.parametrize(("text", "code"), [
    ("وصل الوفد إلى بريطانيا", "GB"), ("أعلنت أمريكا", "US"), ("قالت أميركا", "US"),
    ("وصلت طائرات من الإمارات", "AE"), ("مباراة في إنجلترا", "GB"),
])
def test_press_names_of_countries(parser, text, code):
    found = parser.parse(text).mentions
    assert [m.place.country_code for m in found] == [code]


@pytest.mark.parametrize("text, kingdom", [
    ("إصابات كورونا في المملكة اليوم", "SA"),  # the Arabic press's Kingdom, unless the story names another
    ("أمطار غزيرة في الأردن وسيول في المملكة", "JO"),
])
def test_the_kingdom_is_the_story_s(parser, text, kingdom):
    found = {m.text: m.place for m in parser.parse(text).mentions}
    assert (found["المملكة"].kind, found["المملكة"].country_code) == ("country", kingdom)

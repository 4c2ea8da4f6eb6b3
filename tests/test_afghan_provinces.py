"""Every Afghan province, in each spelling the Arabic and English press use, resolves inside a sentence to
its GeoNames first-level division: a province the parser misses or misplaces is a hole in every map of
Afghanistan the dashboard draws."""

from __future__ import annotations

import pytest

#: GeoNames id of each of the 34 provinces, its Arabic spellings, then its English ones.
PROVINCES = {
    "geonames:1147745": (["بدخشان"], ["Badakhshan"]),
    "geonames:1147707": (["بادغيس"], ["Badghis"]),
    "geonames:1147537": (["بغلان"], ["Baghlan"]),
    "geonames:1147288": (["بلخ"], ["Balkh"]),
    "geonames:1147239": (["باميان", "بامیان"], ["Bamyan", "Bamiyan"]),
    "geonames:6957553": (["دايكندي", "دايكوندي", "دايكندى"], ["Daykundi", "Daikundi", "Daykondi"]),
    "geonames:1142263": (["فراه"], ["Farah"]),
    "geonames:1142226": (["فارياب"], ["Faryab"]),
    "geonames:1141268": (["غزني", "غزنة"], ["Ghazni"]),
    "geonames:1141103": (["غور"], ["Ghor"]),
    "geonames:1140043": (["هلمند"], ["Helmand"]),
    "geonames:1140025": (["هرات", "هيرات"], ["Herat"]),
    "geonames:1139049": (["جوزجان"], ["Jowzjan", "Jawzjan"]),
    "geonames:1138957": (["كابل", "كابول"], ["Kabul"]),
    "geonames:1138335": (["قندهار"], ["Kandahar"]),
    "geonames:1138255": (["كابيسا"], ["Kapisa"]),
    "geonames:1444362": (["خوست"], ["Khost"]),
    "geonames:1135702": (["كونار", "كنر"], ["Kunar"]),
    "geonames:1135690": (["قندوز"], ["Kunduz"]),
    "geonames:1135022": (["لغمان"], ["Laghman"]),
    "geonames:1134561": (["لوغر", "لوكر", "لوجر"], ["Logar"]),
    "geonames:1132366": (["ننغرهار", "ننكرهار", "ننجرهار"], ["Nangarhar"]),
    "geonames:1131821": (["نيمروز"], ["Nimruz", "Nimroz"]),
    "geonames:1444363": (["نورستان"], ["Nuristan"]),
    "geonames:1131257": (["بكتيا", "باكتيا"], ["Paktia", "Paktiya"]),
    "geonames:1131256": (["بكتيكا", "باكتيكا"], ["Paktika"]),
    "geonames:6957555": (["بنجشير", "بانجشير", "بنجشیر"], ["Panjshir", "Panjsher"]),
    "geonames:1131054": (["بروان", "باروان"], ["Parwan", "Parvan"]),
    "geonames:1127766": (["سمنغان", "سمنكان", "سمنجان"], ["Samangan"]),
    "geonames:1127106": (["سربل", "سر بل", "ساريبول"], ["Sar-e Pol", "Sar-i-Pul", "Saripul"]),
    "geonames:1123230": (["تخار"], ["Takhar"]),
    "geonames:1131461": (["أروزغان", "أروزكان", "أوروزغان", "ارزكان"], ["Uruzgan", "Oruzgan", "Urozgan"]),
    "geonames:1121863": (["وردك", "ميدان وردك"], ["Wardak", "Maidan Wardak"]),
    "geonames:1121143": (["زابل"], ["Zabul"]),
}

CASES = [(pid, name, f"قتل ثلاثة في ولاية {name} أمس.") for pid, (arabic, _) in PROVINCES.items() for name in arabic]
CASES += [(pid, name, f"Three were killed in {name} province on Monday.")
          for pid, (_, english) in PROVINCES.items() for name in english]


def test_the_list_names_all_34_provinces(gazetteer):
    assert len(PROVINCES) == 34
    for pid in PROVINCES:
        place = gazetteer.get(pid)
        assert place is not None and place.kind == "province" and place.country_code == "AF", pid


@pytest.mark.parametrize(("pid", "name", "sentence"), CASES, ids=[f"{pid}-{name}" for pid, name, _ in CASES])
def test_a_province_resolves_from_each_spelling(parser, pid, name, sentence):
    """Paktiya is Paktia's, though GeoNames gives it Paktika too: the data build settles shared alternates."""
    mentions = parser.parse(sentence).mentions
    found = [(m.text, m.place.id if m.place else None) for m in mentions]
    assert any(name in text and place == pid for text, place in found), found

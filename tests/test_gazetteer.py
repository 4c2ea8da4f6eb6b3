"""The gazetteer: ranking of the issue's test names, containment, counts, bad input."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from geo.exc import BadInput, MissingData
from geo.gazetteer import DATA_DIR, SCHEMA_VERSION, Candidate, Gazetteer, data_version, prior
from geo.gazetteer.ranking import CITY_PRIOR_CAP, PREFERRED_BONUS, prior_of
from geo.text.normalize import normalize
from tests.fixtures import tiny_gazetteer_data

QALA_I_NAW = "geonames:1129867"
BADGHIS = "geonames:1147707"
BADAKHSHAN = "geonames:1147745"
HERAT = "geonames:1140026"
KABUL = "geonames:1138958"
KABUL_AIRPORT = "ne:airport:OAKB"
AFGHANISTAN = "geonames:1149361"
TAJIKISTAN = "geonames:1220409"


@pytest.mark.parametrize(
    ("query", "place_id", "kind"),
    [
        ("قلعة ناو", QALA_I_NAW, "city"),
        ("Qala-i-Naw", QALA_I_NAW, "city"),
        ("Qala e Naw", QALA_I_NAW, "city"),
        ("Qal'eh-ye Now", QALA_I_NAW, "city"),
        ("Kala-i-Nau", QALA_I_NAW, "city"),
        ("بادغيس", BADGHIS, "province"),
        ("Badghis", BADGHIS, "province"),
        ("بدخشان", BADAKHSHAN, "province"),
        ("Badakhshan", BADAKHSHAN, "province"),
        ("هيرات", HERAT, "city"),
        ("Herat", HERAT, "city"),
        ("كابل", KABUL, "city"),
        ("Kabul", KABUL, "city"),
        ("مطار حامد كرزاي الدولي", KABUL_AIRPORT, "facility"),
        ("Hamid Karzai International Airport", KABUL_AIRPORT, "facility"),
        ("Kabul International Airport", KABUL_AIRPORT, "facility"),
        ("الدوحة", "geonames:290030", "city"),
        ("طهران", "geonames:112931", "city"),
        ("جاكرتا", "geonames:1642911", "city"),
        ("Dushanbe", "geonames:1221874", "city"),
        ("Fayzabad", "geonames:1142170", "city"),
        ("Fayzabad, Badakhshan", "geonames:1142170", "city"),
        ("Mazar-i-Sharif", "geonames:1133616", "city"),
        ("مزار شريف", "geonames:1133616", "city"),
        ("Afghanistan–Tajikistan border", "ne:border:AF-TJ", "border"),
        ("الحدود الأفغانية الطاجيكية", "ne:border:AF-TJ", "border"),
        ("Afghan-Tajik border", "ne:border:AF-TJ", "border"),
        ("جيحون", "ne:1159113673", "water"),
        ("ممر واخان", "kharita:region:wakhan", "region"),
        ("Torkham", "kharita:crossing:torkham", "city"),
        ("Afghanistan", AFGHANISTAN, "country"),
    ],
)
def test_lookup_ranks_the_right_place_first(gazetteer, query, place_id, kind):
    best = gazetteer.lookup(query)[0]
    assert isinstance(best, Candidate)
    assert (best.place.id, best.place.kind) == (place_id, kind)


def test_places_sit_where_they_should(gazetteer):
    qala = gazetteer.get(QALA_I_NAW)
    assert qala.name == "Qala-i-Naw" and qala.admin1 == "Badghis" and qala.country_code == "AF"
    assert abs(qala.lat - 34.987) < 0.01 and abs(qala.lon - 63.129) < 0.01
    fayzabad = gazetteer.lookup("Fayzabad")[0].place
    assert fayzabad.admin1 == "Badakhshan"
    assert gazetteer.get(HERAT).names["ar"] and gazetteer.get(KABUL).lat == pytest.approx(34.53, abs=0.05)
    airport = gazetteer.get(KABUL_AIRPORT)
    assert airport.names["ar"] == "مطار حامد كرزاي الدولي"
    assert gazetteer.lookup("OAKB")[0].place.id == KABUL_AIRPORT


def test_country_names_in_four_languages(gazetteer):
    af = gazetteer.get(AFGHANISTAN)
    assert af.kind == "country" and af.country_code == "AF"
    assert {"en", "ar", "fa", "ps"} <= set(af.names)
    assert af.names["ar"] == "أفغانستان"


def test_border_is_a_line_between_two_countries(gazetteer):
    border = gazetteer.lookup("Afghanistan–Tajikistan border")[0].place
    assert border.countries == ("AF", "TJ")
    assert border.names["ar"] == "الحدود الأفغانية الطاجيكية"
    assert gazetteer.geometry(border.id)["type"] in ("LineString", "MultiLineString")
    borders = gazetteer.lookup("border", kinds=["border"])  # no such bare name: nothing, not an error
    assert borders == []
    for cc in ("TJ", "UZ", "TM", "IR", "PK", "CN"):
        assert gazetteer.get(f"ne:border:AF-{cc}").countries == ("AF", cc)


def test_reverse_gives_district_province_country(gazetteer):
    places = gazetteer.containing(34.987, 63.129)
    assert [(p.kind, p.name) for p in places] == [
        ("district", "Qala-i-Naw"), ("province", "Badghis"), ("country", "Afghanistan"),
    ]
    assert [p.kind for p in gazetteer.containing(48.85, 2.35)] == ["country"]  # Paris: no AF units
    assert gazetteer.containing(0.0, -30.0) == []  # mid-Atlantic


def _af_rows(kind):
    with (DATA_DIR / "places.tsv").open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh, delimiter="\t") if r["kind"] == kind and r["country_code"] == "AF"]


def test_34_provinces_and_398_districts_with_polygons(gazetteer):
    provinces = gazetteer.places_by_ids(r["id"] for r in _af_rows("province"))
    districts = gazetteer.places_by_ids(r["id"] for r in _af_rows("district"))
    assert len(provinces) == 34 and len(districts) == 398
    for pid in list(provinces) + list(districts):
        assert gazetteer.geometry(pid)["type"] in ("Polygon", "MultiPolygon"), pid
    province_names = {p.name for p in provinces.values()}
    assert {d.admin1 for d in districts.values()} <= province_names
    badghis = sorted(d.name for d in districts.values() if d.admin1 == "Badghis")
    assert len(badghis) == 7 and "Qala-i-Naw" in badghis


def test_filters(gazetteer):
    assert gazetteer.lookup("Herat", kinds=["province"])[0].place.id == "geonames:1140025"
    assert all(c.place.country_code == "IR" for c in gazetteer.lookup("Herat", country="ir"))
    assert len(gazetteer.lookup("Kabul", limit=2)) == 2


def test_fuzzy_fallback_catches_transliterations(gazetteer):
    best = gazetteer.lookup("Kalai Nau")[0]
    assert best.place.id == QALA_I_NAW and best.score < 1  # fuzzy scores stay below exact ones


@pytest.mark.parametrize("query", ["", "   ", "\x00\x01\x02", "Kabulكابل", "ءءء", "🙂", "\u200f\u200e"])
def test_bad_input_gives_an_empty_result(gazetteer, query):
    assert gazetteer.lookup(query) == []


def test_control_characters_are_ignored(gazetteer):
    assert gazetteer.lookup("\x07Kabul\x00")[0].place.id == KABUL


@pytest.mark.parametrize("query", ["x" * 100_000, None, 42, b"Kabul"])
def test_bad_input_raises_a_clear_error(gazetteer, query):
    with pytest.raises(BadInput):
        gazetteer.lookup(query)


def test_bad_kind_and_coordinates_raise_bad_input(gazetteer):
    with pytest.raises(BadInput, match="unknown kind"):
        gazetteer.lookup("Kabul", kinds=["planet"])
    with pytest.raises(BadInput):
        gazetteer.containing(91, 0)
    with pytest.raises(BadInput):
        gazetteer.containing("north", 0)


def test_missing_data_or_index_raises_missing_data(tmp_path):
    with pytest.raises(MissingData, match="places.tsv"):
        Gazetteer.open(data_dir=tmp_path / "nowhere")
    with pytest.raises(MissingData):
        Gazetteer(tmp_path / "no-index.sqlite", "0")


def test_lookups_rank_by_the_one_prior(gazetteer):
    kabul = gazetteer.lookup("Kabul")[0]  # the capital, under its own name
    assert kabul.score == round(prior(kabul.place) + PREFERRED_BONUS, 4)
    assert prior_of("country", "PCLI", 0) > CITY_PRIOR_CAP >= prior(kabul.place)
    assert prior_of("city", "PPLA", 100_000) > prior_of("city", "PPL", 100_000) > prior_of("city", "PPL", 1_000)


def test_names_and_demonyms_for_the_geoparser(gazetteer):
    names = set(gazetteer.names())
    assert (normalize("قلعة ناو"), QALA_I_NAW) in names
    assert (normalize("Mazar-i-Sharif"), "geonames:1133616") in names
    demonyms = dict(gazetteer.demonyms())
    assert demonyms[normalize("الأفغانية")] == AFGHANISTAN
    assert demonyms[normalize("الطاجيكية")] == TAJIKISTAN
    assert demonyms[normalize("Afghan")] == AFGHANISTAN
    assert (normalize("الأفغانية"), AFGHANISTAN) not in names  # demonyms are kept apart


def test_aliases_cover_every_province(gazetteer):
    with (DATA_DIR / "aliases_ar.csv").open(encoding="utf-8") as fh:
        covered = {r["place_id"] for r in csv.DictReader(fh)}
    assert {r["id"] for r in _af_rows("province")} <= covered


def test_version_follows_the_data(gazetteer, tmp_path):
    assert gazetteer.version == data_version()
    copy = tmp_path / "gazetteer"
    shutil.copytree(DATA_DIR, copy)
    with (copy / "aliases_ar.csv").open("a", encoding="utf-8") as fh:
        fh.write("geonames:1129867,قلعه ناو الجديدة,0,test\n")
    assert data_version(copy) != gazetteer.version


def test_a_new_index_replaces_the_stale_one_in_the_cache(tmp_path, monkeypatch):
    row = "test:town\tcity\tTestville\t34.0\t63.0\tAF\t\t\t100\t\t\ten=Testville\t\n"
    data = tiny_gazetteer_data(tmp_path / "data", row)
    monkeypatch.setenv("KHARITA_CACHE", str(tmp_path / "cache"))
    with Gazetteer.open(data_dir=data) as first:
        assert first.lookup("Testville")[0].place.id == "test:town"
    with (data / "places.tsv").open("a", encoding="utf-8") as fh:
        fh.write(row.replace("town", "village").replace("Testville", "Testhamlet"))
    with Gazetteer.open(data_dir=data) as second:
        assert second.lookup("Testhamlet")[0].place.id == "test:village"
    indexes = [p.name for p in (tmp_path / "cache").glob("gazetteer-v*.sqlite")]
    assert indexes == [f"gazetteer-v{SCHEMA_VERSION}-{second.version}.sqlite"]


def test_places_are_json_ready(gazetteer):
    from geo.gazetteer import place_dict

    json.dumps(place_dict(gazetteer.get(QALA_I_NAW)), ensure_ascii=False)


def test_cli_geocode_and_reverse(capsys):
    from geo.cli import main

    assert main(["geocode", "قلعة ناو", "--limit", "3"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[0]["id"] == QALA_I_NAW and out[0]["score"] > 0
    assert main(["geocode", "Badghis", "--kind", "province"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["id"] == BADGHIS
    assert main(["reverse", "34.987", "63.129"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["district"]["name"], out["province"]["name"], out["country"]["name"]) == (
        "Qala-i-Naw", "Badghis", "Afghanistan",
    )
    assert main(["build-gazetteer"]) == 0
    assert capsys.readouterr().out.strip().endswith(".sqlite")
    assert main(["geocode", "x" * 100_000]) == 2  # a clear error, no traceback
    assert "too long" in capsys.readouterr().err

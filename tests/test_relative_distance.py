"""Relative locations (issue 13): the distance written with a direction ("30 km west of Kabul") is kept."""

from __future__ import annotations

import pytest

from geo.geoparse import rules


@pytest.mark.parametrize(("text", "name", "relation", "distance"), [
    ("The attack was 30 km west of Kabul.", "Kabul", "west", 30.0),
    ("Fighting 30 kilometres north-west of the city of Kunduz.", "Kunduz", "northwest", 30.0),
    ("A convoy 20 miles south of Kandahar.", "Kandahar", "south", 32.2),
    ("Some 1,200 kilometers (745 miles) east of Baghdad.", "Baghdad", "east", 1200.0),
    ("قتل 6 شرطيين على بعد ٣٠ كم غرب كابل", "Kabul", "west", 30.0),
    ("على بعد ٢٫٥ كيلومتراً غربيّ العاصمة كابل", "Kabul", "west", 2.5),
    ("وقع الانفجار على بعد 40 كيلومترا شمال غرب مدينة قندوز", "Kunduz", "northwest", 40.0),
])
def test_a_distance_before_the_direction_is_kept(parser, text, name, relation, distance):
    (mention,) = parser.parse(text).mentions
    assert (mention.place.name, mention.relation, mention.distance_km) == (name, relation, distance)


@pytest.mark.parametrize(("text", "relation"), [
    ("Clashes west of Kabul spread.", "west"),  # no distance written
    ("3 people west of Kabul were hurt.", "west"),  # a number, but no unit: not a distance
    ("30 km of road west of Kabul is shut.", "west"),  # the distance is the road's, not the place's
    ("A road 30 km long runs to Kabul.", None),  # a distance with no direction
    ("اشتباكات غربي العاصمة كابل", "west"),
    ("قتل 3 أشخاص غرب كابل", "west"),
])
def test_no_distance_unless_one_is_written_with_the_direction(parser, text, relation):
    (mention,) = parser.parse(text).mentions
    assert (mention.place.name, mention.relation, mention.distance_km) == ("Kabul", relation, None)


def test_the_nearest_distance_before_the_direction_counts():
    text = "3 km on, then 30 km west of Herat"
    assert rules.distance_km(text, text.index("Herat")) == 30.0
    text = "the 20 km-long road west of Herat"
    assert rules.distance_km(text, text.index("Herat")) is None  # a unit that does not end its word


def test_compound_directions():
    assert rules.direction("killed 30 north west of the city of".split()) == ("northwest", 2)
    assert rules.direction(["شمال", "غربي"]) == ("northwest", 0)
    assert rules.direction(["south", "of"]) == ("south", 0)
    assert rules.direction(["road", "of"]) is None

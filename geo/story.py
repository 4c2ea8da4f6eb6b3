"""Stories: an article's places as an ordered list of steps a presenter walks through, one place a step.

A :class:`Story` is built from an article (:func:`story_from_article`): one
step per place in the order the article first names it, the sentence that
names it as the step's caption. A journalist then edits it (reorders, drops,
adds a place, rewrites a caption) and saves it in the store under a name.
These are plain records and pure functions: the store saves them, the maps
draw them and the Present page edits them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from geo.records import Place

#: The zoom a point is shown at, by kind; a kind not listed here is drawn as its shape, fitted (zoom ``None``).
#: Close enough to see the towns around it, not closer: the offline basemap has no streets.
POINT_ZOOM = {"city": 7, "facility": 9, "custom": 7}
#: The zoom of a place whose kind is drawn as a shape but which has none (a country with no polygon).
FALLBACK_ZOOM = 6
#: The zooms a step may ask for: the whole world to the closest the offline basemap shows.
MIN_ZOOM, MAX_ZOOM = 2, 13


@dataclass(frozen=True, slots=True)
class Step:
    """One place of a story, with what the presenter says about it.

    ``zoom`` is the zoom level the map shows the place at, centred on it;
    ``None`` fits the place's shape (a province's polygon, a border's line).
    ``lat``/``lon`` place it when it has no shape; ``paragraph`` is where in
    the article its caption came from (``None`` for a place added by hand).
    """

    place_id: str
    name: str
    kind: str
    caption: str
    zoom: int | None = None
    name_ar: str | None = None
    lat: float | None = None
    lon: float | None = None
    paragraph: int | None = None

    def label(self, lang: str = "en") -> str:
        """The place's name in ``lang`` (Arabic when asked for and known), else its English name."""
        return self.name_ar if lang == "ar" and self.name_ar else self.name


@dataclass(frozen=True, slots=True)
class Story:
    """A named, ordered list of steps, built from one article (``article_id``; ``None`` once it is gone)."""

    name: str
    article_id: int | None
    steps: tuple[Step, ...]

    def __len__(self) -> int:
        return len(self.steps)

    def step(self, number: int) -> Step:
        """Step ``number``, counted from 1 as the presenter's counter shows it (clamped to the story)."""
        return self.steps[clamp_step(number, len(self.steps)) - 1]


def clamp_step(number: object, count: int) -> int:
    """A step number from a link (any text), kept within ``1..count``; 1 when it is no number.

    >>> clamp_step("3", 12), clamp_step("0", 12), clamp_step("99", 12), clamp_step("x", 12), clamp_step(2, 0)
    (3, 1, 12, 1, 1)
    """
    try:
        value = int(str(number).strip())
    except ValueError:
        value = 1
    return max(1, min(value, max(count, 1)))


def default_zoom(kind: str) -> int | None:
    """The zoom a step of ``kind`` starts with: a point kind's zoom, or ``None`` (fit the shape).

    >>> default_zoom("city"), default_zoom("province"), default_zoom("border")
    (7, None, None)
    """
    return POINT_ZOOM.get(kind)


def clean_zoom(value: object) -> int | None:
    """A zoom as typed (a number, a blank, NaN): ``None`` for none, else kept within the map's zooms.

    >>> clean_zoom(""), clean_zoom(float("nan")), clean_zoom(20), clean_zoom("7")
    (None, None, 13, 7)
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    try:
        zoom = round(float(str(value).strip()))
    except ValueError:
        return None
    return max(MIN_ZOOM, min(zoom, MAX_ZOOM))


def sentence_caption(text: str, start: int, end: int) -> str:
    """The sentence ``text[start:end]`` as a caption: on one line, spaces collapsed.

    >>> sentence_caption("x  Talks in\\nDoha went on.  y", 3, 25)
    'Talks in Doha went on.'
    """
    return re.sub(r"\s+", " ", text[start:end]).strip()


def _rows(mentions: pd.DataFrame | Iterable[Mapping]) -> list[Mapping]:
    if isinstance(mentions, pd.DataFrame):
        return [] if mentions.empty else mentions.to_dict("records")
    return list(mentions)


def story_from_article(
    text: str,
    mentions: pd.DataFrame | Iterable[Mapping],
    *,
    name: str = "",
    article_id: int | None = None,
    demonyms: bool = False,
) -> Story:
    """The story of an article: one step per place, in the order ``text`` first names it.

    ``mentions`` are the article's mentions (rows of ``Store.article_mentions``:
    ``start``, ``place_id``, ``name``, ``name_ar``, ``kind``, ``lat``, ``lon``,
    ``role``, ``sentence_start``, ``sentence_end``, ``paragraph``). A place
    named twice is one step, captioned by the sentence of its first mention.
    Mentions marked "not a place" are left out, and so are demonyms ("Afghan
    forces" names a people, not the place) unless ``demonyms``.

    >>> rows = [dict(start=12, place_id="b", name="Badghis", kind="province", sentence_start=0, sentence_end=20),
    ...         dict(start=0, place_id="q", name="Qala-i-Naw", kind="city", sentence_start=0, sentence_end=20),
    ...         dict(start=21, place_id="q", name="Qala-i-Naw", kind="city", sentence_start=21, sentence_end=32)]
    >>> story = story_from_article("Qala-i-Naw, Badghis. Qala-i-Naw.", rows)
    >>> [(s.name, s.caption, s.zoom) for s in story.steps]
    [('Qala-i-Naw', 'Qala-i-Naw, Badghis.', 7), ('Badghis', 'Qala-i-Naw, Badghis.', None)]
    """
    steps: dict[str, Step] = {}
    for row in sorted(_rows(mentions), key=lambda r: int(r["start"])):
        place_id = row.get("place_id")
        if not place_id or place_id in steps or (row.get("role") == "demonym" and not demonyms):
            continue
        kind = row.get("kind") or "custom"
        steps[place_id] = Step(
            place_id=str(place_id), name=row.get("name") or str(place_id), kind=kind,
            caption=sentence_caption(text, int(row["sentence_start"]), int(row["sentence_end"])),
            zoom=default_zoom(kind), name_ar=row.get("name_ar") or None,
            lat=row.get("lat"), lon=row.get("lon"),
            paragraph=None if row.get("paragraph") is None else int(row["paragraph"]),
        )
    return Story(name=name, article_id=article_id, steps=tuple(steps.values()))


def step_for_place(place: Place, caption: str = "") -> Step:
    """A step for a place added by hand (from the gazetteer), captioned ``caption`` or else by its name."""
    return Step(
        place_id=place.id, name=place.name, kind=place.kind, caption=caption.strip() or place.name,
        zoom=default_zoom(place.kind), name_ar=place.names.get("ar"), lat=place.lat, lon=place.lon,
    )


def edited(story: Story, steps: Sequence[Step], *, name: str | None = None) -> Story:
    """``story`` with ``steps`` (reordered, fewer, more, recaptioned) and, if given, a new ``name``."""
    return replace(story, steps=tuple(steps), name=story.name if name is None else name)

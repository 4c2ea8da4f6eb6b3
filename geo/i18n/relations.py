"""A mention's relative location in words: "30 km west of Kabul", "٣٠ كم غرب كابل".

One function for the app's excerpt panel and the exports' popups, so both say it alike; the words
are the message catalogue's (``relation.<direction>`` and ``relation.distance``).
"""

from __future__ import annotations

from geo.i18n import Translator


def relation_text(relation: str | None, distance_km: float | None, place: str, t: Translator) -> str | None:
    """The relation of a mention to ``place`` in ``t``'s language, with its distance when one was written;
    None without a relation. Plain text: escape it where it goes into HTML.

    >>> from geo.i18n import translator
    >>> en, ar = translator("en"), translator("ar")
    >>> relation_text("west", 30.0, "Kabul", en), relation_text("west", 30.0, "كابل", ar)
    ('30 km west of Kabul', '٣٠ كم غرب كابل')
    >>> relation_text("northwest", None, "Kunduz", en), relation_text(None, 5.0, "Kabul", en)
    ('north-west of Kunduz', None)
    """
    if not relation:
        return None
    text = t(f"relation.{relation}", place=place)
    if distance_km is None or distance_km != distance_km:  # NaN: a store's missing float
        return text
    return t("relation.distance", distance=t.number(round(float(distance_km), 1)), relation=text)

"""Journalists' own names for places (user aliases), found in a text and put over the parser's reading.

A user alias is a name a journalist said means a place: a new press spelling
the gazetteer lacks, or a local name. It is found as a whole word (after an
Arabic proclitic such as و or ب), matched on the normalised text, so case and
diacritics do not matter, and it wins over any mention of the parser's it
overlaps. The aliases reach the parser as an argument; the store keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from geo.records import Mention, Place
from geo.text import Layout, normalize, normalize_with_offsets

#: One-letter Arabic proclitics (and, with, for, so, like) and their common pairs before a name.
_PROCLITICS = r"(?:[وف]?[بلك]|[وف])?"


def _pattern(aliases: Mapping[str, Place]) -> tuple[re.Pattern[str] | None, dict[str, Place]]:
    """A regex finding every alias in normalised text, and each alias's key → its place."""
    by_key = {}
    for name, place in aliases.items():
        key = normalize(name)
        if key:
            by_key[key] = place
    if not by_key:
        return None, by_key
    alternatives = sorted(by_key, key=len, reverse=True)  # the longest alias first
    body = "|".join(r"\s+".join(re.escape(word) for word in key.split()) for key in alternatives)
    return re.compile(rf"(?<!\w){_PROCLITICS}({body})(?!\w)"), by_key


def alias_mentions(text: str, aliases: Mapping[str, Place], layout: Layout | None = None) -> list[Mention]:
    """Every occurrence in ``text`` of one of ``aliases`` (name → place), as a mention at full confidence.

    >>> place = Place("geonames:1129867", "Qala-i-Naw", "city", 34.98, 63.13)
    >>> [(m.text, m.place.name) for m in alias_mentions("Fighting in Qalay-e Naw and qalay-e naw.",
    ...                                                  {"Qalay-e Naw": place})]
    [('Qalay-e Naw', 'Qala-i-Naw'), ('qalay-e naw', 'Qala-i-Naw')]
    """
    pattern, by_key = _pattern(aliases)
    if pattern is None:
        return []
    norm, offsets = normalize_with_offsets(text)
    layout = layout or Layout(text)
    mentions = []
    for match in pattern.finditer(norm):
        start, end = match.span(1)
        if offsets is not None:
            start, end = offsets[start], offsets[end - 1] + 1
        place = by_key[" ".join(match.group(1).split())]
        mentions.append(Mention(start, end, text[start:end], place, sentence=layout.sentence(start),
                                paragraph=layout.paragraph(start)))
    return mentions


def with_aliases(text: str, mentions: Sequence[Mention], aliases: Mapping[str, Place] | None,
                 layout: Layout | None = None) -> list[Mention]:
    """``mentions`` with the aliases' mentions put in, over any mention they overlap, in text order."""
    found = alias_mentions(text, aliases or {}, layout)
    if not found:
        return list(mentions)
    kept = [m for m in mentions if not any(a.start < m.end and m.start < a.end for a in found)]
    return sorted(kept + found, key=lambda m: (m.start, m.end))

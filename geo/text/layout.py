"""Where a text's sentences and paragraphs begin and end: the one definition Kharita uses.

A sentence ends at a line break, or at a run of full stops (``.!?؟``) and
closing quotes before a space. A paragraph ends at a blank line. The
geoparser, the store (for a mention a correction adds) and the article reader
all ask a :class:`Layout`, so they always agree on where an excerpt starts.

>>> layout = Layout("Fighting. Qala-i-Naw fell.\\n\\nHerat")
>>> layout.sentence(12), layout.paragraph(12), layout.paragraph(30)
((10, 26), 0, 1)
>>> layout.paragraph_spans()
[(0, 26), (28, 33)]
"""

from __future__ import annotations

import bisect
import re

from geo.text.normalize import PLACE_ABBREVIATIONS

# Starting with one character class lets the engine skip ahead; an alternation is far slower.
_SENTENCE_END = re.compile(r"[.!?؟\n](?:(?<=\n)|[.!?؟]*[\"'”»)]*(?=\s))")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
#: The full stop of an abbreviation before a capitalised name ends no sentence: "St. Louis", "Mt. Everest",
#: "Dr. Ahmad" (the stops :mod:`geo.text.normalize` drops, and titles').
_ABBREVIATION_STOP = re.compile(
    r"\.(?:(?<=\b" + PLACE_ABBREVIATIONS + r"\.)|(?<=\b(?:Mr|Ms|Dr)\.)|(?<=\bMrs\.))(?= [A-Z])")


class Layout:
    """Sentence and paragraph spans of one text, found once and then looked up by position."""

    def __init__(self, text: str):
        self.text = text
        self.size = len(text)
        stops = {m.start() for m in _ABBREVIATION_STOP.finditer(text)} if ". " in text else ()
        self.sentence_starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text) if m.start() not in stops]
        breaks = list(_PARAGRAPH_BREAK.finditer(text))
        self.paragraph_starts = [0] + [m.end() for m in breaks]
        self._paragraph_ends = [m.start() for m in breaks] + [self.size]
        self._spans: dict[int, tuple[int, int]] = {}

    def sentence(self, position: int) -> tuple[int, int]:
        """The ``(start, end)`` of the sentence holding ``position``, without its surrounding spaces."""
        i = bisect.bisect_right(self.sentence_starts, position) - 1
        if i not in self._spans:
            self._spans[i] = self._trimmed(i)
        return self._spans[i]

    def _trimmed(self, i: int) -> tuple[int, int]:
        start = self.sentence_starts[i]
        end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else self.size
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def starts_sentence(self, position: int) -> bool:
        """Whether ``position`` is the first character of its sentence."""
        return self.sentence(position)[0] == position

    def paragraph(self, position: int) -> int:
        """The 0-based index of the paragraph holding ``position``."""
        return bisect.bisect_right(self.paragraph_starts, position) - 1

    def paragraph_spans(self) -> list[tuple[int, int]]:
        """The ``(start, end)`` of every paragraph, blank lines left out."""
        return list(zip(self.paragraph_starts, self._paragraph_ends, strict=True))

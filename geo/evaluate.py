"""Scoring the geoparser on annotated passages (the unseen-text yardstick).

A passage lists the place names it holds as ``[surface, country, kind]`` and
the names that must not be read as places. A listed place counts as found
when a literal mention's text contains its surface, and as resolved when that
mention's place has the listed country and kind; any other literal mention is
a false positive. A region or river that spans countries (Central Asia, the
Amu Darya) lists its country as ``XX``, and then only its kind is checked.
"""

from __future__ import annotations

from dataclasses import dataclass

MANY_COUNTRIES = "XX"


@dataclass(frozen=True)
class Score:
    expected: int
    found: int
    resolved: int
    false_positives: tuple[str, ...]
    missed: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        predicted = self.found + len(self.false_positives)
        return self.found / predicted if predicted else 1.0

    @property
    def accuracy(self) -> float:
        return self.resolved / self.found if self.found else 1.0

    def __str__(self) -> str:
        return (f"P={self.precision:.3f} R={self.recall:.3f} accuracy={self.accuracy:.3f} "
                f"({self.found}/{self.expected} found, {len(self.false_positives)} false)")


def score_passages(parse, passages: list[dict]) -> Score:
    """Score ``parse`` (text → ParseResult) on ``passages`` as described above."""
    expected = found = resolved = 0
    false_positives: list[str] = []
    missed: list[str] = []
    for passage in passages:
        mentions = [m for m in parse(passage["text"]).mentions if m.role == "literal"]
        for surface, country, kind in passage["places"]:
            expected += 1
            match = next((m for m in mentions if surface in m.text), None)
            if match is None:
                missed.append(surface)
                continue
            found += 1
            resolved += country in (match.place.country_code, MANY_COUNTRIES) and match.place.kind == kind
        surfaces = [surface for surface, _, _ in passage["places"]]
        false_positives += [m.text for m in mentions if not any(s in m.text for s in surfaces)]
    return Score(expected, found, resolved, tuple(false_positives), tuple(missed))

"""Every mention the geoparser finds in a fixed set of texts, written as JSON lines.

    python bench/parser_snapshot.py before.jsonl   # before a change
    python bench/parser_snapshot.py after.jsonl    # after it
    diff before.jsonl after.jsonl                  # empty when the output is unchanged

The texts are the seed article, every passage set in tests/data/ and 0.2 MB of
bench_geoparse's generated corpus per language. One line per mention: the
text's label, the offsets, the surface, the place, role, relation, confidence,
alternatives, sentence and paragraph. Use it to show a refactor changes nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_geoparse import (  # noqa: E402
    COUNTRIES_AR,
    COUNTRIES_EN,
    PLACES_AR,
    PLACES_EN,
    PLAIN_AR,
    PLAIN_EN,
    PROVINCES_AR,
    PROVINCES_EN,
    TEMPLATES_AR,
    TEMPLATES_EN,
    corpus,
)
from geo.geoparse import default_parser  # noqa: E402


def texts() -> list[tuple[str, str]]:
    """(label, text) of every text in the snapshot, in a fixed order."""
    found = [(path.name, path.read_text("utf-8")) for path in sorted((ROOT / "data" / "articles").glob("*.txt"))]
    for path in sorted((ROOT / "tests" / "data").glob("*_news.json")):
        passages = json.loads(path.read_text("utf-8"))["passages"]
        found += [(f"{path.stem}[{i}]", passage["text"]) for i, passage in enumerate(passages)]
    rng = random.Random(7)
    for language, material in (("ar", (TEMPLATES_AR, PLAIN_AR, PLACES_AR, PROVINCES_AR, COUNTRIES_AR)),
                               ("en", (TEMPLATES_EN, PLAIN_EN, PLACES_EN, PROVINCES_EN, COUNTRIES_EN))):
        found += [(f"bench-{language}[{i}]", text) for i, text in enumerate(corpus(*material, 0.2, rng))]
    return found


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("out", type=Path, help="the JSON-lines file to write")
    out = options.parse_args().out
    parser = default_parser()
    count = 0
    with out.open("w", encoding="utf-8") as sink:
        for label, text in texts():
            for m in parser.parse(text).mentions:
                row = [label, m.start, m.end, m.text, m.place.id, m.role, m.relation, round(m.confidence, 6),
                       [[place_id, round(score, 6)] for place_id, score in m.alternatives], list(m.sentence),
                       m.paragraph]
                sink.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
    print(f"{count} mentions written to {out}")


if __name__ == "__main__":
    main()

"""Geoparser throughput on a synthetic news corpus, against the Aho-Corasick floor.

    python bench/bench_geoparse.py [--mb 5] [--ner spacy]

Generates ≥ 10 MB of Arabic and English news sentences (deterministic), then
prints the score on the unseen passages and the peak RSS of parsing all of
it; then, for each language, MB/s on one core (the best of five rounds), the
time of one pass of a bare automaton of the same names over the same normalised
text (the physical floor) and the ratio of the two.

The floor is timed two ways. Over the whole corpus in one tight loop, the
automaton's busy nodes stay in the CPU caches from one article to the next.
Article by article, each pass timed between two of the parser's articles,
as a parser's own pass runs, the automaton comes back to cold caches and the
pass costs two to three times as much. Each round times both, back to back
with the parser, so that a slow spell of the machine (timings here swing by a
factor of two from one process to the next) weighs on all alike; a ratio is
the median of the five rounds', with their range. The ratio to the parser's
own automaton, whose names are bounded by spaces so that it reports far fewer
hits, is printed too: a stricter floor than the target's.
Targets: ≥ 1 MB/s, ≤ 5× the floor.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import time
from pathlib import Path

import ahocorasick

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.evaluate import score_passages  # noqa: E402
from geo.geoparse import default_parser  # noqa: E402
from geo.geoparse.scan import scannable  # noqa: E402
from geo.ner import recogniser  # noqa: E402
from geo.text.normalize import normalize_with_offsets  # noqa: E402

PLACES_AR = ["كابل", "هيرات", "قندهار", "قندوز", "مزار شريف", "جلال آباد", "قلعة ناو", "فيض آباد", "غزني",
             "لشكرغاه", "الدوحة", "طهران", "إسلام آباد", "دوشنبه", "طشقند", "موسكو", "أنقرة", "جاكرتا"]
PROVINCES_AR = ["بادغيس", "بدخشان", "هلمند", "تخار", "بلخ", "ننكرهار", "فارياب", "غور", "زابل", "باميان"]
COUNTRIES_AR = ["أفغانستان", "إيران", "باكستان", "طاجيكستان", "أوزبكستان", "قطر", "روسيا", "تركيا", "الصين"]
PLACES_EN = ["Kabul", "Herat", "Kandahar", "Kunduz", "Mazar-i-Sharif", "Jalalabad", "Qala-e-Naw", "Fayzabad",
             "Ghazni", "Lashkar Gah", "Doha", "Tehran", "Islamabad", "Dushanbe", "Tashkent", "Moscow", "Jakarta"]
PROVINCES_EN = ["Badghis", "Badakhshan", "Helmand", "Takhar", "Balkh", "Nangarhar", "Faryab", "Ghor", "Zabul"]
COUNTRIES_EN = ["Afghanistan", "Iran", "Pakistan", "Tajikistan", "Uzbekistan", "Qatar", "Russia", "Turkey", "China"]

TEMPLATES_AR = [
    "وقالت مصادر أمنية إن اشتباكات عنيفة اندلعت في ولاية {province} بعد هجوم على مدينة {city}.",
    "ووصل وفد من {country} إلى {city} لإجراء محادثات مع مسؤولين من {country2} حول الوضع الأمني.",
    "وأفاد مراسل الجزيرة في {city} بأن القوات الحكومية استعادت السيطرة على مديريتين في {province}.",
    "وقال المتحدث باسم الخارجية إن بلاده تتابع التطورات عند الحدود مع {country} باهتمام بالغ.",
    "ونزح آلاف المدنيين من قرى {province} باتجاه {city} خلال الأيام الماضية بحسب الأمم المتحدة.",
    "وأضاف أن الاجتماع المقبل سيعقد في {city} الشهر القادم بمشاركة ممثلين عن {country}.",
]
# Most news sentences name no place; these keep the corpus's density of names
# near real reporting (the seed article: one name per ~65 characters).
PLAIN_AR = [
    "وقال مسؤول طلب عدم الكشف عن اسمه إن المفاوضات ما زالت في مراحلها الأولى.",
    "وأضاف أن الحكومة ستعلن عن إجراءات جديدة خلال الأسبوع المقبل لمعالجة الأزمة.",
    "ولم يصدر أي تعليق رسمي حتى الآن على هذه التقارير التي تداولتها وسائل الإعلام.",
    "وأكد المتحدث أن القوات الأمنية تعمل على استعادة الهدوء وحماية المدنيين.",
]
PLAIN_EN = [
    "An official who asked not to be named said the negotiations were still at an early stage.",
    "He added that the government would announce new measures next week to address the crisis.",
    "There was no official comment on the reports, which were widely shared on social media.",
    "The spokesman said security forces were working to restore calm and protect civilians.",
]

TEMPLATES_EN = [
    "Security sources said heavy fighting broke out in {province} province after an attack on {city}.",
    "A delegation from {country} arrived in {city} for talks with officials from {country2} on security.",
    "Al Jazeera's correspondent in {city} said government forces retook two districts of {province}.",
    "The foreign ministry spokesman said {country} was watching the border closely, Reuters reported.",
    "Thousands of civilians fled villages in {province} towards {city} in recent days, the UN said.",
    "He added that the next round of talks would be held in {city} next month with envoys from {country}.",
]


def corpus(templates, plain, cities, provinces, countries, megabytes: float, rng: random.Random) -> list[str]:
    """Articles of 20 sentences, half naming places, until ``megabytes`` of UTF-8 are reached."""
    articles, size = [], 0
    while size < megabytes * 1_000_000:
        sentences = [rng.choice(templates).format(city=rng.choice(cities), province=rng.choice(provinces),
                                                  country=rng.choice(countries), country2=rng.choice(countries))
                     if rng.random() < 0.5 else rng.choice(plain)
                     for _ in range(20)]
        article = "\n\n".join(" ".join(sentences[i:i + 4]) for i in range(0, 20, 4))
        articles.append(article)
        size += len(article.encode("utf-8"))
    return articles


def bare_automaton(parser) -> ahocorasick.Automaton:
    """The floor's automaton: the parser's names as they are, with none of its word-boundary spaces."""
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for key, index in parser.names.automaton.items():
        automaton.add_word(key.strip(), index)
    automaton.make_automaton()
    return automaton


def tight_pass(automaton, texts: list[str]) -> float:
    """Seconds of one pass over all ``texts`` in a tight loop."""
    started = time.perf_counter()
    for text in texts:
        for _ in automaton.iter(text):
            pass
    return time.perf_counter() - started


def timed_round(parser, floor_automaton, articles: list[str], norms: list[str], scans: list[str]) -> tuple:
    """Seconds of the floor, of the parser's own automaton and of the parser over the
    corpus, each article timed by all three in turn; and the mentions found."""
    floor = own = parsing = 0.0
    mentions = 0
    clock, automaton = time.perf_counter, parser.names.automaton
    for article, norm, scan in zip(articles, norms, scans, strict=True):
        started = clock()
        for _ in floor_automaton.iter(norm):
            pass
        floor_done = clock()
        for _ in automaton.iter(scan):
            pass
        own_done = clock()
        mentions += len(parser.parse(article).mentions)
        parsed = clock()
        floor += floor_done - started
        own += own_done - floor_done
        parsing += parsed - own_done
    return floor, own, parsing, mentions


def passage_set(name: str) -> list[dict]:
    """An annotated passage set from tests/data/."""
    return json.loads((ROOT / "tests" / "data" / f"{name}.json").read_text("utf-8"))["passages"]


def ratio(parsed: list[float], floors: list[float]) -> str:
    """The median of the rounds' ratios, and their range."""
    ratios = [p / f for p, f in zip(parsed, floors, strict=True)]
    return f"{statistics.median(ratios):.1f}x (rounds {min(ratios):.1f}–{max(ratios):.1f}x)"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--mb", type=float, default=5.0, help="megabytes per language (default 5, 10 in all)")
    options.add_argument("--ner", choices=("spacy",), help="also measure the optional NER path on English")
    args = options.parse_args()
    started = time.perf_counter()
    parser = default_parser()
    print(f"geoparser ready in {time.perf_counter() - started:.2f} s (gazetteer {parser.gazetteer.version})")
    rng = random.Random(7)
    corpora = {language: corpus(*material, args.mb, rng) for language, material in (
        ("ar", (TEMPLATES_AR, PLAIN_AR, PLACES_AR, PROVINCES_AR, COUNTRIES_AR)),
        ("en", (TEMPLATES_EN, PLAIN_EN, PLACES_EN, PROVINCES_EN, COUNTRIES_EN)))}
    for language, articles in corpora.items():
        # The first pass fills the parser's caches (candidates, rankings); the rounds below
        # run warm, as a long-lived app does. The peak RSS printed below counts this pass.
        started = time.perf_counter()
        for article in articles:
            parser.parse(article)
        size = sum(len(a.encode("utf-8")) for a in articles) / 1_000_000
        print(f"{language}: first pass, cold caches: {size / (time.perf_counter() - started):.2f} MB/s per core")
    passages = passage_set("unseen_news")
    print(f"unseen passages ({len(passages)}, Arabic and English): {score_passages(parser.parse, passages)}")
    for name in ("heldout_news", "fresh_news", "wider_news"):
        for language in ("ar", "en"):
            some = [p for p in passage_set(name) if p["lang"] == language]
            print(f"{name}, {language} ({len(some)}): {score_passages(parser.parse, some)}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    floor_automaton = bare_automaton(parser)
    for language, articles in corpora.items():
        size = sum(len(a.encode("utf-8")) for a in articles) / 1_000_000
        normalised = [normalize_with_offsets(a) for a in articles]
        norms = [norm for norm, _ in normalised]
        scans = [scannable(norm, a, offsets) for a, (norm, offsets) in zip(articles, normalised, strict=True)]
        tight, floors, owns, parsed = [], [], [], []
        for _ in range(5):
            tight.append(tight_pass(floor_automaton, norms))
            floor, own, seconds, mentions = timed_round(parser, floor_automaton, articles, norms, scans)
            floors.append(floor)
            owns.append(own)
            parsed.append(seconds)
        characters = sum(len(a) for a in articles)
        print(f"{language}: {size:.1f} MB, {len(articles)} articles, {mentions} mentions "
              f"(one per {characters / mentions:.0f} characters): {size / min(parsed):.2f} MB/s per core")
        print("    floor, one pass of a bare automaton of the same names over the normalised text:")
        print(f"        over the whole corpus in a tight loop: {min(tight):.2f} s; ratio {ratio(parsed, tight)}")
        print(f"        article by article, between the parser's: {min(floors):.2f} s; ratio {ratio(parsed, floors)}")
        print(f"    the parser's own automaton (names bounded by spaces), article by article: {min(owns):.2f} s; "
              f"ratio {ratio(parsed, owns)}")
    if args.ner:
        measure_ner(parser, recogniser(args.ner), corpora["en"], passages)


def measure_ner(parser, ner, articles: list[str], passages: list[dict]) -> None:
    """The NER path, on the first 0.25 MB of the English corpus: it is far slower."""
    sample, size = [], 0
    for article in articles:
        if size >= 250_000:
            break
        sample.append(article)
        size += len(article.encode("utf-8"))
    parser.parse(sample[0], ner=ner)  # load the model
    started = time.perf_counter()
    mentions = sum(len(parser.parse(a, ner=ner).mentions) for a in sample)
    seconds = time.perf_counter() - started
    print(f"en with NER: {size / 1e6:.2f} MB, {mentions} mentions: {size / 1e6 / seconds:.3f} MB/s per core")
    score = score_passages(lambda text: parser.parse(text, ner=ner), passages)
    print(f"unseen passages with NER: {score}")
    for name in ("heldout_news", "fresh_news", "wider_news"):
        english = [p for p in passage_set(name) if p["lang"] == "en"]
        print(f"{name}, en, with NER: {score_passages(lambda text: parser.parse(text, ner=ner), english)}")
    print(f"peak RSS with NER: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

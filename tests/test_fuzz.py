"""Property tests on generated input (issue 14, "Fuzzing"): text normalisation, the geoparser, ingestion and
the query-parameter parser, each held to a property that a wrong result breaks, not only to "no exception".

The geoparser's offsets on mixed Arabic and Latin text are also tested in tests/test_geoparse.py; here the
text adds bidi controls, combining marks and words thousands of letters long.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from geo.ingest import Ingestor
from geo.ingest.errors import IngestError
from geo.ingest.readers import read_bytes
from geo.records import Article
from geo.store import Filters, Store
from geo.text.normalize import fold, normalize, normalize_with_offsets
from tests import fake_parser
from tests.fixtures import fill

#: Every code point a Python str holds but a lone surrogate (which no decoder or page hands on).
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
COMBINING = "".join(map(chr, [*range(0x0300, 0x0370), 0x0610, 0x0611, *range(0x064B, 0x0653), 0x0670]))
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u0640"
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويىءآأإؤئة"
LETTERS = string.ascii_letters + ARABIC_LETTERS + "پچژگکی"
NAMES = ["Kabul", "Qala-i-Naw", "Badghis", "Herat", "Doha", "Tehran", "Henry County", "Paris", "St. Louis",
         "كابل", "قلعة ناو", "بادغيس", "بدخشان", "الدوحة", "طهران", "#سيول_الاردن", "وبكابل"]
WORD = st.text(alphabet=LETTERS + BIDI + COMBINING + ZERO_WIDTH, min_size=1, max_size=12)
GAP = st.sampled_from([" ", "  ", ", ", ". ", ".\n", "\n\n", " (", ") ", "، ", "؟ ", " - ", "\u00a0"])
#: News-like text: names, made-up words and punctuation, with bidi controls and marks inside words.
NEWSY = st.lists(st.one_of(st.sampled_from(NAMES), WORD, GAP), max_size=80).map("".join)
#: One word of thousands of letters, alone or between names.
LONG_WORD = st.text(alphabet=LETTERS + COMBINING, min_size=2_000, max_size=6_000).map(lambda w: f"Kabul {w} كابل")

# ---------------------------------------------------------------- normalisation


@settings(max_examples=400, deadline=None)
@given(text=ANY_TEXT)
def test_normalisation_is_idempotent_and_folding_keeps_the_length(text):
    once = normalize(text)
    assert normalize(once) == once
    assert len(fold(text)) == len(text)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(ANY_TEXT, NEWSY))
def test_each_normalised_character_maps_back_to_a_character_of_the_text(text):
    norm, offsets = normalize_with_offsets(text)
    positions = list(range(len(norm))) if offsets is None else [offsets[i] for i in range(len(norm))]
    assert len(norm) <= len(text)
    assert all(0 <= p < len(text) for p in positions)
    assert positions == sorted(set(positions))  # in order, each character once
    # a kept character folds to what the normalised text holds there
    assert all(fold(text[p]) == norm[i] for i, p in enumerate(positions))


# ---------------------------------------------------------------- the geoparser


def assert_valid(parser, text):
    first = parser.parse(text)
    for mention in first.mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.text
        start, end = mention.sentence
        assert start <= mention.start and mention.end <= end <= len(text)
        assert 0 <= mention.confidence <= 1
    assert parser.parse(text) == first  # the same text always reads the same


@settings(max_examples=200, deadline=None)
@given(text=NEWSY)
def test_offsets_hold_with_bidi_controls_combining_marks_and_joiners(parser, text):
    assert_valid(parser, text)


@settings(max_examples=15, deadline=None)
@given(text=LONG_WORD)
def test_offsets_hold_beside_a_word_thousands_of_letters_long(parser, text):
    assert_valid(parser, text)
    assert {m.text for m in parser.parse(text).mentions} >= {"Kabul", "كابل"}  # the names around it still read


# ---------------------------------------------------------------- ingestion

SUFFIXES = st.sampled_from(["a.txt", "a.md", "a.html", "a.json", "a.jsonl"])
#: Random bytes, and random text in encodings Kharita reads, some with a NUL or a bad byte in it.
DATA = st.one_of(
    st.binary(max_size=400),
    st.builds(lambda text, encoding: text.encode(encoding, "ignore"), NEWSY,
              st.sampled_from(["utf-8", "utf-16", "cp1256", "cp1252", "latin-1"])),
    st.builds(lambda text, junk: text.encode() + junk, NEWSY, st.binary(min_size=1, max_size=4)),
)


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory):
    with Store.open(tmp_path_factory.mktemp("fuzz") / "kharita.db") as store:
        yield store


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=SUFFIXES, data=DATA)
def test_random_bytes_are_refused_with_a_message_or_stored_intact(sqlite_store, name, data):
    try:
        read = [article for _, article in read_bytes(name, data) if isinstance(article, Article)]
    except IngestError:
        read = []
    results = Ingestor(sqlite_store, fake_parser.PARSER).ingest_bytes(name, data)  # raises nothing
    assert results
    for result in results:
        if result.ok:
            stored = sqlite_store.article(result.article_id)
            assert stored.text in {article.text for article in read}  # what was read, character for character
        else:
            assert result.message.strip() and "Traceback" not in result.message
    assert len([r for r in results if r.ok]) == len(read)  # every article read is stored (or was already)


# ---------------------------------------------------------------- the query-parameter parser

PARAMS = sorted({*Filters.PARAMS.values(), "place", "read", "paragraph", "page", "lang", "drill"})
VALUE = st.one_of(ANY_TEXT, st.integers(-10**30, 10**30).map(str), st.sampled_from(
    ["", "1", "0", "-1", "Badghis", "2021-07-07", "9999-12-31T99:99", "ar", "en", "xx", "\x00", "%00", "<b>x</b>"]))
QUERY = st.dictionaries(st.one_of(st.sampled_from(PARAMS), st.text(max_size=8)),
                        st.one_of(VALUE, st.lists(VALUE, max_size=3)), max_size=6)


@settings(max_examples=400, deadline=None)
@given(query=QUERY)
def test_any_query_string_reads_as_filters_that_round_trip(query):
    filters = Filters.from_query_params(query)
    assert Filters.from_query_params(filters.to_query_params()) == filters


@pytest.fixture(scope="module")
def filled_store(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("fuzz-pages") / "kharita.db"
    with Store.open(path) as store:
        fill(store, fake_parser.PARSER)
    return str(path)


@pytest.mark.parametrize("page", ["../app.py", "../pages/Articles.py", "../pages/Provinces.py"])
def test_any_query_string_opens_a_page_or_says_why(filled_store, monkeypatch, page):
    monkeypatch.setenv("KHARITA_DB", filled_store)
    fake_parser.install(monkeypatch)

    @settings(max_examples=6, deadline=None, derandomize=True)
    @given(query=QUERY.map(lambda q: {k: v for k, v in q.items() if k}))
    def opens(query):
        at = AppTest.from_file(page, default_timeout=120)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, (query, at.exception)
        assert at.title or at.header or at.error or at.warning, query  # a view, or a message saying why not

    opens()

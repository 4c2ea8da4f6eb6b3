"""``python -m geo reparse --workers N``: worker processes reparse the store and write what one process would."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from geo.cli import main
from geo.ingest import Ingestor, Parser, service
from geo.records import Article, ParseResult
from geo.store import Store
from tests import fake_parser as fp

#: More articles than one worker's chunk (geo.commands.store.CHUNK), so that several workers share them.
ARTICLES = 80
PLACES = ["Kabul", "Herat", "Badghis", "Qala-i-Naw", "Doha", "Tajikistan", "Badakhshan"]


def articles() -> list[Article]:
    out = []
    for i in range(ARTICLES):
        names = [PLACES[(i + k) % len(PLACES)] for k in range(1 + i % 4)]
        text = f"Report {i}. " + " ".join(f"Fighting near {name} went on." for name in names)
        if i % 3 == 0:
            text += "\n\nAfghan forces said so."
        out.append(Article(title=f"Article {i}", text=text, source="Wire", language="en"))
    return out


@pytest.fixture
def recorded_parser(monkeypatch, tmp_path: Path) -> Path:
    """The test geoparser as every Ingestor's default, noting the id of each process it parses in."""
    pids = tmp_path / "pids"

    def parse(text, lang="auto", aliases=None):
        with pids.open("a") as fh:
            fh.write(f"{os.getpid()}\n")
        return fp.parse(text, lang=lang, aliases=aliases)

    monkeypatch.setattr(service, "default_parser", lambda: Parser(parse, fp.PARSER_VERSION, fp.GAZETTEER_VERSION))
    return pids


def snapshot(store: Store) -> pd.DataFrame:
    """Every article's mentions (ids left out: the order workers write in is theirs) and its stamps."""
    _, rows = store._db.query(
        "SELECT m.article_id, m.span_start, m.span_end, m.text, m.place_id, m.parsed_place_id, m.role,"
        " m.correction_id IS NOT NULL, m.sentence_start, m.sentence_end, m.paragraph, a.parser_version,"
        " a.mention_count, a.place_count FROM mentions m JOIN articles a ON a.id = m.article_id"
        " ORDER BY m.article_id, m.span_start, m.span_end"
    )
    return pd.DataFrame(rows)


def totals(store: Store) -> list:
    return store._db.query("SELECT * FROM group_totals WHERE articles_any > 0 ORDER BY grp, parent, name")[1]


def test_two_workers_write_the_mentions_one_writes(store_url: str, recorded_parser: Path, capsys) -> None:
    with Store.open(store_url) as store:
        old = Ingestor(store, Parser(fp.parse, "fake-0", fp.GAZETTEER_VERSION))
        ids = [old.ingest_article(article).article_id for article in articles()]
        text = store.article(ids[5]).text
        start = text.index("Fighting near") + len("Fighting near ")
        end = text.index(" went on")
        store.add_correction(ids[5], span=(start, end), not_a_place=True, who="test")

    assert main(["reparse", "--db", store_url, "--workers", "1"]) == 0
    assert f"{ARTICLES} reparsed, 0 failed" in capsys.readouterr().err
    with Store.open(store_url) as store:
        one, one_totals = snapshot(store), totals(store)
        assert set(one[11]) == {fp.PARSER_VERSION} and len(set(one[0])) == ARTICLES
        assert one[7].sum() == 1  # the correction was replayed
        for article_id in ids:  # as an older parser had left them: no mentions at all
            store.replace_mentions(article_id, ParseResult("en", ()), parser_version="fake-0",
                                   gazetteer_version=fp.GAZETTEER_VERSION)
        assert snapshot(store).empty
    recorded_parser.unlink()

    assert main(["reparse", "--db", store_url, "--workers", "2"]) == 0
    out = capsys.readouterr()
    assert f"{ARTICLES} reparsed, 0 failed" in out.err
    # "reparsed   article 5: #5 'Article 4' (3 mentions)", once each
    assert sorted(int(re.search(r"#(\d+)", line)[1]) for line in out.out.splitlines()) == sorted(ids)
    with Store.open(store_url) as store:
        pd.testing.assert_frame_equal(snapshot(store), one)
        assert totals(store) == one_totals
    parsed_in = set(recorded_parser.read_text().split())
    assert parsed_in and str(os.getpid()) not in parsed_in, "the workers parse, not the parent"


def test_workers_must_be_at_least_one(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["reparse", "--workers", "0"])
    assert "at least 1" in capsys.readouterr().err

"""An HTML article's publication date: from its <meta>, <time>, microdata or byline, never from its story."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.ingest import Ingestor, Parser, read_bytes
from geo.ingest.dates import byline_date
from geo.store import Store
from tests import fake_parser as fp

JULY_7 = dt.date(2021, 7, 7)
BODY = (
    "<p>Taliban fighters entered Qala-i-Naw, the capital of Badghis province, after days of fighting.</p>"
    "<p>Officials in Herat said reinforcements were on their way to the city.</p>"
)


def page(head: str = "", before_body: str = "", lang: str = "en") -> bytes:
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>Qala-i-Naw falls</title>{head}</head>"
        f"<body><article><h1>Qala-i-Naw falls</h1>{before_body}{BODY}</article></body></html>"
    ).encode()


def published(data: bytes) -> dt.date | None:
    [(_, article)] = read_bytes("page.html", data)
    return article.published


def test_the_open_graph_published_time() -> None:
    meta = "<meta property='article:published_time' content='2021-07-07T09:30:00+04:30'>"
    assert published(page(head=meta)) == JULY_7


def test_a_time_element_with_its_datetime() -> None:
    assert published(page(before_body="<time datetime='2021-07-07T08:00:00Z'>Wednesday</time>")) == JULY_7


def test_microdata_date_published() -> None:
    assert published(page(before_body="<span itemprop='datePublished' content='2021-07-07'>7/7/21</span>")) == JULY_7


@pytest.mark.parametrize("byline", [
    "By A Reporter | July 7, 2021",
    "Published 7 July 2021",
    "Updated: Jul. 7, 2021 10:30 GMT",
    "Staff writer — 2021-07-07",
])
def test_a_byline_date(byline: str) -> None:
    assert published(page(before_body=f"<p>{byline}</p>")) == JULY_7


@pytest.mark.parametrize("byline", ["نشر في 7 يوليو 2021", "الأربعاء 7 تموز 2021", "٧ يوليو ٢٠٢١"])
def test_an_arabic_byline_date(byline: str) -> None:
    assert published(page(before_body=f"<p>{byline}</p>", lang="ar")) == JULY_7


def test_a_date_in_the_story_is_not_the_publication_date() -> None:
    # A sentence of the story, even its first one, tells of the event, not of the article.
    assert published(page(before_body="<p>On July 3, 2019 crowds gathered at Kabul airport.</p>")) is None
    assert byline_date("Qala-i-Naw falls\n\nOn July 3, 2019 crowds gathered at Kabul airport.") is None


def test_a_byline_below_the_opening_paragraphs_is_not_read() -> None:
    text = "\n\n".join(["Title", "By A Reporter", "First paragraph.", "Second paragraph.", "Third.", "July 7, 2021"])
    assert byline_date(text) is None


def test_an_impossible_date_is_no_date() -> None:
    assert byline_date("Published February 30, 2021") is None


def test_an_uploaded_html_page_keeps_its_byline_date_in_the_store(tmp_path) -> None:
    with Store.open(tmp_path / "k.db") as store:
        ingestor = Ingestor(store, Parser(fp.parse, fp.PARSER_VERSION, fp.GAZETTEER_VERSION))
        [result] = ingestor.ingest_bytes("page.html", page(before_body="<p>By A Reporter | July 7, 2021</p>"))
        assert result.status == "added"
        assert store.article(result.article_id).published == JULY_7

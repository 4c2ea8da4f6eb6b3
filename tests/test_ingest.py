"""Ingestion: the seed, encodings, HTML, boilerplate, bad input and concurrent writers."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import threading
from pathlib import Path

import pytest

from geo import ingest
from geo.exc import BadInput
from geo.ingest import (
    DecodingError,
    EmptyFileError,
    FileTooLargeError,
    Ingestor,
    InvalidJSONError,
    Parser,
    UnsupportedFileError,
    default_parser,
    ensure_current,
    ensure_seed,
    read_path,
)
from geo.records import Mention, ParseResult
from geo.store import Filters, Store
from tests import fake_parser as fp

SEED = ingest.SEED_DIR / "2021-07-07-aljazeera-badghis-ar.txt"
SEED_META = json.loads(SEED.with_suffix(".json").read_text(encoding="utf-8"))
FURNITURE = ("Share your love", "شارك", "اترك ردّاً", "لن يتم نشر عنوان بريدك الإلكتروني",
             "Stay informed and not overwhelmed, subscribe now!")


def ingestor_for(store: Store, parse=fp.parse, version: str = fp.PARSER_VERSION) -> Ingestor:
    return Ingestor(store, Parser(parse, version, fp.GAZETTEER_VERSION))


def seed_text() -> str:
    """The seed as stored: what reading the file in UTF-8 gives."""
    [(_, article)] = read_path(SEED)
    return article.text


def copy_seed(folder: Path, encoding: str, *, newline: str = "\n", name: str = "seed") -> Path:
    path = folder / f"{name}.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").replace("\n", newline).encode(encoding))
    shutil.copy(SEED.with_suffix(".json"), path.with_suffix(".json"))
    return path


# ---------------------------------------------------------------- the seed


def test_seed_ingests_with_its_metadata_and_mentions(store: Store) -> None:
    [result] = ingestor_for(store).ingest_file(SEED)
    assert result.status == "added", result
    article = store.article(result.article_id)
    assert article.title == SEED_META["title"]
    assert article.published == dt.date(2021, 7, 7)
    assert article.source == "Al Jazeera (Arabic)"
    assert article.language == "ar"
    assert article.text.startswith("تقدمت حركة طالبان الأربعاء")  # the title line is not repeated
    assert article.text.endswith("تظل سارية المفعول بالكامل.")
    mentions = store.article_mentions(result.article_id)
    assert len(mentions) == result.mentions == len(fp.parse(article.text).mentions) > 20
    assert "قلعة ناو" in set(mentions["text"])


def test_seed_furniture_is_not_stored(store: Store) -> None:
    [result] = ingestor_for(store).ingest_file(SEED)
    text = store.article(result.article_id).text
    lines = {line.strip() for line in text.splitlines()}
    for furniture in FURNITURE:
        assert not any(line.startswith(furniture) for line in lines), furniture
    assert "subscribe" not in text.lower() and "Share" not in text
    assert "\n\n\n" not in text and "\r" not in text


def test_reingesting_adds_nothing(store: Store) -> None:
    ingestor = ingestor_for(store)
    [first] = ingestor.ingest_file(SEED)
    [again] = ingestor.ingest_file(SEED)
    assert (again.status, again.article_id) == ("unchanged", first.article_id)
    assert "unchanged" in str(again)
    assert store.count_articles() == 1
    assert store.places(Filters(article_ids=(first.article_id,)))["mentions"].sum() == first.mentions


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("cp1256", "\n"), ("cp1256", "\r\n"), ("utf-16", "\n"), ("utf-16-le", "\r\n"), ("utf-8-sig", "\r\n"),
     ("utf-8", "\r")],
)
def test_every_encoding_decodes_to_the_identical_text(tmp_path: Path, encoding: str, newline: str) -> None:
    path = copy_seed(tmp_path, encoding, newline=newline)
    assert path.read_bytes() != SEED.read_bytes()
    [(_, article)] = read_path(path)
    assert article.text == seed_text()
    assert article.title == SEED_META["title"]


def test_windows_1256_copy_is_the_same_article(store: Store, tmp_path: Path) -> None:
    ingestor = ingestor_for(store)
    [first] = ingestor.ingest_file(SEED)
    [copy] = ingestor.ingest_file(copy_seed(tmp_path, "cp1256", newline="\r\n"))
    assert (copy.status, copy.article_id) == ("unchanged", first.article_id)


def test_a_short_windows_1256_text_without_sidecar(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("قلعة ناو\nهاجمت طالبان مدينة قلعة ناو في ولاية بادغيس.".encode("cp1256"))
    [(_, article)] = read_path(path)
    assert (article.title, article.text) == ("قلعة ناو", "هاجمت طالبان مدينة قلعة ناو في ولاية بادغيس.")


# ---------------------------------------------------------------- formats

PARAGRAPHS = SEED.read_text(encoding="utf-8").split("\n\n")[3:7]

HTML = f"""<!doctype html>
<html lang="ar"><head>
<meta charset="utf-8"><title>قلعة ناو | الجزيرة</title>
<meta property="og:title" content="طالبان تهاجم قلعة ناو">
<meta property="og:site_name" content="الجزيرة">
<meta property="article:published_time" content="2021-07-07T09:30:00+04:30">
<link rel="canonical" href="https://example.org/news/qala-i-naw">
<script>var SCRIPT_TEXT = "tracking";</script>
<style>.STYLE_TEXT {{ color: red }}</style>
</head><body>
<nav><ul><li><a href="/">NAV_HOME الرئيسية</a></li><li><a href="/news">NAV_NEWS أخبار</a></li></ul></nav>
<article><h1>طالبان تهاجم قلعة ناو</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article>
<div id="comments" class="comments-area">
<h3 id="reply-title">اترك ردّاً</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<p class="comment-notes">لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *</p>
<p><label for="comment">COMMENT_LABEL التعليق</label><textarea id="comment" name="comment">COMMENT_BODY</textarea></p>
<p><input name="submit" type="submit" value="إرسال التعليق"></p>
</form></div>
<footer>FOOTER_TEXT جميع الحقوق محفوظة</footer>
<script>document.write("SCRIPT_TWO")</script>
</body></html>"""


def test_html_keeps_only_the_article_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    [(_, article)] = read_path(path)
    assert article.text == ingest.clean_text("\n\n".join(PARAGRAPHS))
    for marker in ("SCRIPT", "STYLE", "NAV_", "COMMENT_", "FOOTER", "اترك", "بريدك", "إرسال"):
        assert marker not in article.text
    assert (article.title, article.source, article.language) == ("طالبان تهاجم قلعة ناو", "الجزيرة", "ar")
    assert article.published == dt.date(2021, 7, 7)
    assert article.url == "https://example.org/news/qala-i-naw"


def test_html_metadata_comes_from_the_markup_not_from_dates_in_the_text(tmp_path: Path) -> None:
    path = tmp_path / "bare.html"
    path.write_text("<html lang='en-GB'><head><title>Kabul airport | Wire</title></head><body><article>"
                    "<p>On 3 March 2019 crowds gathered at Kabul airport, where flights had stopped.</p>"
                    "<p>Officials said more flights would leave for Doha in the coming days.</p>"
                    "</article></body></html>",
                    encoding="utf-8")
    [(_, article)] = read_path(path)
    assert (article.title, article.language, article.published) == ("Kabul airport", "en", None)
    assert article.text.startswith("On 3 March 2019")


def test_markdown_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntitle: \"Fighting in Badghis\"\nsource: Field notes\npublished: 2021-07-09\nlanguage: en-GB\n---\n"
        "# Fighting in Badghis\n\nTaliban fighters entered Qala-i-Naw.\n\nShare this\n",
        encoding="utf-8",
    )
    [(_, article)] = read_path(path)
    assert (article.title, article.source, article.language, article.published) == (
        "Fighting in Badghis", "Field notes", "en", dt.date(2021, 7, 9))
    assert article.text == "Taliban fighters entered Qala-i-Naw."


def test_json_list_and_jsonl_carry_on_past_a_bad_record(store: Store, tmp_path: Path) -> None:
    records = [
        {"title": "One", "text": "Fighting in Herat.", "source": "A", "published": "2021-07-01", "language": "en"},
        {"title": "Two", "text": "Talks in Doha."},
        {"title": "No text"},
    ]
    (tmp_path / "batch.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "batch.jsonl").write_text(
        json.dumps({"text": "Kabul airport\nCrowds at Kabul airport."}) + "\n{not json\n\n"
        + json.dumps({"text": "Qala-i-Naw fell.", "title": "Three", "published": "07/07/2021"}) + "\n",
        encoding="utf-8",
    )
    results = list(ingestor_for(store).ingest_paths([tmp_path]))
    assert [(r.origin.rsplit("/", 1)[-1], r.status) for r in results] == [
        ("batch.json#1", "added"), ("batch.json#2", "added"), ("batch.json#3", "error"),
        ("batch.jsonl:1", "added"), ("batch.jsonl:2", "error"), ("batch.jsonl:4", "error"),
    ]
    assert "no 'text' field" in results[2].message
    assert "invalid JSON" in results[4].message
    assert "cannot read the date '07/07/2021'" in results[5].message
    titles = set(store.articles()["title"])
    assert titles == {"One", "Two", "Kabul airport"}


# ---------------------------------------------------------------- bad input


def test_bad_inputs_get_specific_errors_and_the_batch_carries_on(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_blank.txt").write_bytes(b"  \r\n\n ")
    (tmp_path / "c_image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (tmp_path / "d_scan.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n")
    with open(tmp_path / "e_huge.txt", "wb") as f:  # sparse: 50 MB on paper, nothing on disk
        f.truncate(50 * 1024 * 1024)
    (tmp_path / "f_broken.json").write_text('{"title": "x", "text": ', encoding="utf-8")
    (tmp_path / "g_noise.txt").write_bytes(bytes(range(32)) * 300)
    (tmp_path / "h_only_furniture.txt").write_text("Title\n\nShare your love\nشارك\n", encoding="utf-8")
    copy_seed(tmp_path, "utf-8", name="z_seed")
    missing = tmp_path / "nope.txt"

    results = list(ingestor_for(store).ingest_paths([tmp_path / "*", missing]))
    by_name = {Path(r.origin).name: r for r in results}
    assert by_name["z_seed.txt"].status == "added"
    assert store.count_articles() == 1
    expected = {
        "a_empty.txt": "the file is empty",
        "b_blank.txt": "the file is empty",
        "c_image.txt": "this is a PNG image, not text",
        "d_scan.pdf": "this is a PDF document, not text",
        "e_huge.txt": "52.4 MB is over the 10 MB limit",
        "f_broken.json": "invalid JSON: Expecting value (line 1, column 24)",
        "g_noise.txt": "not text in any encoding",
        "h_only_furniture.txt": "no article text",
        "nope.txt": "cannot read (No such file or directory)",
    }
    for name, message in expected.items():
        assert by_name[name].status == "error", name
        assert message in by_name[name].message, (name, by_name[name].message)
        assert str(by_name[name]).startswith("error")


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("empty.txt", b"", EmptyFileError),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00", UnsupportedFileError),
        ("paper.txt", b"%PDF-1.4 ...", UnsupportedFileError),
        ("notes.docx", b"plain words", UnsupportedFileError),
        ("bad.json", b"[1, 2", InvalidJSONError),
        ("noise.txt", bytes(range(1, 9)) * 500, DecodingError),
    ],
)
def test_each_bad_input_has_its_own_exception(name: str, data: bytes, error: type) -> None:
    with pytest.raises(error, match=name.replace(".", r"\.")):
        ingest.read_bytes(name, data)


def test_every_ingestion_error_is_bad_input() -> None:
    for error in (DecodingError, EmptyFileError, FileTooLargeError, InvalidJSONError, UnsupportedFileError,
                  ingest.MetadataError, ingest.ParserError):
        assert issubclass(error, BadInput) and issubclass(error, ValueError), error


def test_the_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"Title\n" + b"word " * 3000)
    with pytest.raises(FileTooLargeError, match="over the 0 MB limit"):
        read_path(path, max_bytes=1000)


def test_a_parser_failure_stores_nothing(store: Store) -> None:
    def broken(text, *, lang="auto", aliases=None):
        raise RuntimeError("gazetteer missing")

    def lying(text, *, lang="auto", aliases=None):
        return ParseResult("en", (Mention(0, 5, "Kabul", fp.KABUL),))

    [first] = ingestor_for(store, broken).ingest_file(SEED)
    assert first.status == "error" and "the geoparser failed (RuntimeError: gazetteer missing)" in first.message
    [second] = ingestor_for(store, lying).ingest_file(SEED)
    assert second.status == "error" and "is not in the text" in second.message
    assert store.count_articles() == 0


# ---------------------------------------------------------------- first run, reparse, paste


def test_ensure_seed_only_on_an_empty_store(store: Store) -> None:
    results = ensure_seed(store, ingestor_for(store))
    assert [r.status for r in results] == ["added"]
    assert ensure_seed(store, ingestor_for(store)) == []
    assert store.count_articles() == 1


def test_reparse_updates_stale_articles_and_keeps_corrections(store: Store) -> None:
    [seed] = ingestor_for(store).ingest_file(SEED)
    text = store.article(seed.article_id).text
    at = text.index("بادغيس")
    store.add_correction(seed.article_id, span=(at, at + 6), place=fp.HERAT, who="editor")
    assert list(ingestor_for(store).reparse()) == []  # nothing is stale yet

    results = list(ingestor_for(store, version="fake-2").reparse())
    assert [(r.status, r.article_id) for r in results] == [("reparsed", seed.article_id)]
    assert store.articles().iloc[0]["parser_version"] == "fake-2"
    mentions = store.article_mentions(seed.article_id)
    corrected = mentions[mentions["start"] == at].iloc[0]
    assert (corrected["place_id"], corrected["parsed_place_id"]) == ("test:herat", "test:badghis")
    assert list(ingestor_for(store, version="fake-2").reparse()) == []


def test_editing_a_word_list_makes_the_articles_it_parsed_stale(store: Store, tmp_path: Path, monkeypatch) -> None:
    from geo.geoparse import lexicon

    parsed_with = default_parser()
    [seed] = Ingestor(store, Parser(fp.parse, parsed_with.version, parsed_with.gazetteer_version)).ingest_file(SEED)
    assert Ingestor(store, parsed_with).stale_articles() == []
    words = shutil.copytree(lexicon.LEXICON_DIR, tmp_path / "lexicon")
    with open(words / "not_places.txt", "a", encoding="utf-8") as f:
        f.write("قلعة ناو\n")
    monkeypatch.setattr(lexicon, "LEXICON_DIR", words)
    edited = default_parser()
    assert edited.version != parsed_with.version
    assert Ingestor(store, edited).stale_articles() == [seed.article_id]


def test_the_app_start_seeds_an_empty_store_and_reparses_stale_articles(store: Store) -> None:
    assert [r.status for r in ensure_current(store, ingestor_for(store), SEED.parent)] == ["added"]
    assert ensure_current(store, ingestor_for(store), SEED.parent) == []
    after_update = ensure_current(store, ingestor_for(store, version="fake-2"), SEED.parent)
    assert [r.status for r in after_update] == ["reparsed"]
    assert store.articles().iloc[0]["parser_version"] == "fake-2"


def test_pasted_text(store: Store) -> None:
    ingestor = ingestor_for(store)
    result = ingestor.ingest_text("Taliban enter Qala-i-Naw\n\nFighters entered Qala-i-Naw.", source="Wire")
    assert (result.status, result.title, result.mentions) == ("added", "Taliban enter Qala-i-Naw", 1)
    assert store.article(result.article_id).text == "Fighters entered Qala-i-Naw."
    assert ingestor.ingest_text("   ").status == "error"
    bad_date = ingestor.ingest_text("T\n\nBody", published="yesterday")
    assert bad_date.origin == "(pasted text)"
    assert bad_date.message == "cannot read the date 'yesterday' (expected YYYY-MM-DD)"


def test_a_one_line_paste_keeps_its_text_and_takes_its_opening_words_as_title(store: Store) -> None:
    line = ("Taliban fighters attacked checkpoints near Qala-i-Naw on Friday, officials in the provincial "
            "capital said.")
    result = ingestor_for(store).ingest_text(line)
    assert result.status == "added"
    assert store.article(result.article_id).text == line
    assert result.title == "Taliban fighters attacked checkpoints near Qala-i-Naw on Friday, officials in…"


def test_uploaded_bytes_take_metadata_for_what_the_file_lacks(store: Store) -> None:
    data = SEED.read_text(encoding="utf-8").encode("cp1256")
    [result] = ingestor_for(store).ingest_bytes("upload.txt", data, {"source": "Desk", "published": "2021-07-07"})
    article = store.article(result.article_id)
    assert (article.source, article.published, article.text) == ("Desk", dt.date(2021, 7, 7), seed_text())


# ---------------------------------------------------------------- concurrency


def test_two_concurrent_writers_both_succeed(store_url: str) -> None:
    errors: list[BaseException] = []
    outcomes: list[str] = []

    def writer(who: str) -> None:
        try:
            with Store.open(store_url) as own:  # its own connection, as a second user would have
                ingestor = ingestor_for(own)
                for i in range(15):
                    text = f"{who} report {i}\n\n{who} saw fighting near Qala-i-Naw and Herat, day {i}."
                    assert ingestor.ingest_text(text).status == "added"
                outcomes.append(ingestor.ingest_text("Shared\n\nBoth saw Kabul.").status)
        except BaseException as exc:  # surfaced below: a thread's assert is otherwise lost
            errors.append(exc)

    Store.open(store_url).close()  # migrate first, as the app does on start
    threads = [threading.Thread(target=writer, args=(name,)) for name in ("ann", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(outcomes) == ["added", "unchanged"]
    with Store.open(store_url) as check:
        assert check.count_articles() == 31
        assert check.places()["mentions"].sum() == 30 * 2 + 1


# ---------------------------------------------------------------- the real geoparser


def test_the_seed_through_the_real_geoparser(tmp_path: Path) -> None:
    with Store.open(tmp_path / "real.db") as store:
        ingestor = Ingestor(store)  # the default: the real geoparser
        [result] = ensure_seed(store, ingestor)
        assert result.status == "added" and result.mentions > 20
        text = store.article(result.article_id).text
        mentions = store.article_mentions(result.article_id)
        assert all(text[r.start:r.end] == r.text for r in mentions.itertuples())
        places = store.places().set_index("name")
        assert places.loc["Qala-i-Naw", "admin1"] == "Badghis"
        assert places.loc["Qala-i-Naw", "mentions"] >= 3
        provinces = store.facets()["province"].set_index("value")
        assert provinces.loc["Badghis", "count"] >= 5
        assert [r.status for r in ingestor.ingest_paths([ingest.SEED_DIR])] == ["unchanged"]
        assert list(ingestor.reparse()) == []  # stamped with the versions it was parsed with

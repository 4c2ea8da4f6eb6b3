"""Ingestion under hostile input (issue 14): every bad input is one clear error, and the rest of the batch goes in."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from geo.cli import main
from geo.ingest import EmptyFileError, Ingestor, decode, parse_date, read_path
from geo.ingest.article import FIELD_CHARS
from geo.store import Store
from tests import fake_parser
from tests.fixtures import filled_file, page_runner


def test_a_line_break_in_a_file_name_cannot_forge_cli_lines(tmp_path: Path, monkeypatch, capsys) -> None:
    fake_parser.install(monkeypatch)
    name = tmp_path / "a\nadded      forged.txt: #9 'Forged' (1 mentions).txt"
    name.write_text("Kabul\n\nKabul is a city.", encoding="utf-8")
    assert main(["ingest", str(name), "--db", str(tmp_path / "k.db")]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("added") and "a\\nadded      forged.txt" in line


def ingestor_for(store: Store) -> Ingestor:
    return Ingestor(store, fake_parser.PARSER)


def test_json_that_breaks_the_decoder_is_one_error_and_the_batch_carries_on(store: Store, tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "a_deep.json").write_text(f'{{"text": "Kabul.", "x": {deep}}}', encoding="utf-8")
    (tmp_path / "b_digits.json").write_text('{"text": "Kabul.", "n": ' + "9" * 5000 + "}", encoding="utf-8")
    surrogates = '{"text": "Herat \\ud800 fell.", "title": "T \\udfff"}'
    (tmp_path / "c_surrogate.json").write_text(surrogates, encoding="utf-8")
    (tmp_path / "d.jsonl").write_text("\n".join([
        '{"text": "Herat is a city."}', f'{{"x": {deep}}}', '{"text": "Kunduz.", "n": ' + "9" * 5000 + "}",
        '{"text": "Mazar fell."}']), encoding="utf-8")
    (tmp_path / "e_good.txt").write_text("Kandahar\n\nKandahar is a city.", encoding="utf-8")
    results = list(ingestor_for(store).ingest_paths([tmp_path]))
    assert [(Path(r.origin).name, r.status) for r in results] == [
        ("a_deep.json", "error"), ("b_digits.json", "error"), ("c_surrogate.json", "added"), ("d.jsonl:1", "added"),
        ("d.jsonl:2", "error"), ("d.jsonl:3", "error"), ("d.jsonl:4", "added"), ("e_good.txt", "added")]
    assert results[0].message == results[4].message == "invalid JSON: nested too deeply to read"
    assert results[1].message == results[5].message == "invalid JSON: a number longer than 4300 digits"
    article = store.article(results[2].article_id)
    assert (article.title, article.text) == ("T \ufffd", "Herat \ufffd fell.")


def test_nul_and_other_controls_are_cleaned_out_on_every_backend(store: Store, tmp_path: Path) -> None:
    body = "Kandahar is a city. " * 30
    (tmp_path / "nul.txt").write_bytes(f"Kandahar\x00 report\n\n{body}\x00Herat\x07 too.\x7f".encode())
    (tmp_path / "record.json").write_text(
        json.dumps({"text": "Ghazni\x00 fell.\x1b\fThe end.", "title": "G\x00hazni", "source": "A\x00P"}),
        encoding="utf-8")
    results = list(ingestor_for(store).ingest_paths([tmp_path]))
    assert [r.status for r in results] == ["added", "added"], results
    text_file, json_file = (store.article(r.article_id) for r in results)
    assert text_file.title == "Kandahar report" and text_file.text == f"{body}Herat too.".strip()
    assert (json_file.title, json_file.source, json_file.text) == ("Ghazni", "AP", "Ghazni fell.\nThe end.")


def test_pasted_text_is_held_to_the_upload_limit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KHARITA_MAX_UPLOAD_MB", "1")
    with Store.open(tmp_path / "k.db") as store:
        ingestor = ingestor_for(store)
        refused = ingestor.ingest_text("A quiet day. " * 100_000)
        taken = ingestor.ingest_text("A quiet day. " * 80_000)
        assert store.count_articles() == 1
    assert (refused.status, refused.message) == ("error", "1.3 MB is over the 1 MB limit")
    assert taken.status == "added"


def test_the_add_article_page_refuses_a_paste_over_the_limit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KHARITA_MAX_UPLOAD_MB", "1")
    page = page_runner(filled_file(tmp_path), monkeypatch, "../pages/Add_article.py")()
    page.text_area[0].set_value("A quiet day. " * 100_000)
    next(b for b in page.button if b.label == "Add article").click().run()
    assert not page.exception and page.error[0].value.startswith("Not added")
    assert "(pasted text)" in [t.value for t in page.text]
    assert "1.3 MB is over the 1 MB limit" in [t.value for t in page.text]


def test_metadata_that_is_not_text_is_dropped_with_a_note_never_stored_as_a_repr(store: Store, tmp_path: Path) -> None:
    record = {"text": "Ghazni fell.", "title": {"x": 1}, "source": ["a", "b"], "url": 5, "language": True,
              "date": "9999-12-31T99:99"}
    (tmp_path / "loose.json").write_text(json.dumps(record), encoding="utf-8")
    [result] = ingestor_for(store).ingest_file(tmp_path / "loose.json")
    assert result.status == "added"
    assert result.message == (
        "the title was dropped: it is a JSON object, not text; the source was dropped: it is a JSON list, not text; "
        "the language was dropped: it is true or false, not text; "
        "the date '9999-12-31T99:99' was dropped: there is no time 99:99")
    assert result.message in str(result)
    article = store.article(result.article_id)
    assert (article.title, article.source, article.url, article.published) == ("Ghazni fell.", None, "5", None)
    assert article.language == "en"  # detected, not 'true'



@pytest.mark.parametrize(("date", "problem"), [
    ("2021-07-07T25:00", "there is no time 25:00"), ("9999-12-31", "it is in the future"),
    ("0001-01-01", "it is before 1800"),
])
def test_an_impossible_date_is_dropped_and_the_article_kept(store: Store, date: str, problem: str) -> None:
    result = ingestor_for(store).ingest_text("Kabul fell.", published=date)
    assert result.status == "added" and result.message == f"the date {date!r} was dropped: {problem}"
    assert store.article(result.article_id).published is None


def test_a_real_date_time_is_kept() -> None:
    assert parse_date("2021-07-07T23:59:60Z") == dt.date(2021, 7, 7)


def test_titles_and_sources_are_cut_to_500_characters_with_a_note(store: Store) -> None:
    result = ingestor_for(store).ingest_text("Kabul fell.", title="Kabul " * 500_000, source="AP " * 1_000_000)
    article = store.article(result.article_id)
    assert len(article.title) <= FIELD_CHARS == 500 and article.title.startswith("Kabul Kabul")
    assert len(article.source) <= 500 and article.title.endswith("…")
    assert result.message == ("the title was cut to 500 characters (it had 2,999,999); "
                              "the source was cut to 500 characters (it had 2,999,999)")


def test_the_add_article_page_shows_what_was_cut(tmp_path: Path, monkeypatch) -> None:
    page = page_runner(filled_file(tmp_path), monkeypatch, "../pages/Add_article.py")()
    page.text_input[0].set_value("Herat " * 100)
    page.text_area[0].set_value("Herat was calm.")
    next(b for b in page.button if b.label == "Add article").click().run()
    assert not page.exception and page.success[0].value.startswith("Added")
    assert "the title was cut to 500 characters (it had 599)" in [t.value for t in page.text]


def test_a_line_with_no_final_punctuation_is_text(store: Store, tmp_path: Path) -> None:
    (tmp_path / "headline.txt").write_text("Taliban enter Kunduz", encoding="utf-8")
    [from_file] = ingestor_for(store).ingest_file(tmp_path / "headline.txt")
    pasted = ingestor_for(store).ingest_text("انفجار في كابل")
    assert (from_file.status, from_file.title) == ("added", "Taliban enter Kunduz")
    assert store.article(from_file.article_id).text == "Taliban enter Kunduz"
    assert (pasted.status, store.article(pasted.article_id).text) == ("added", "انفجار في كابل")


def test_mostly_valid_utf8_is_read_as_utf8_with_a_note(store: Store, tmp_path: Path) -> None:
    arabic = "سقطت قلعة ناو في يد طالبان. " * 20
    (tmp_path / "stray.txt").write_bytes(f"قلعة ناو\n\n{arabic}".encode() + b"\xff" + "كابل.".encode())
    (tmp_path / "cut.jsonl").write_bytes(
        json.dumps({"text": f"{arabic}\n\nThe end."}, ensure_ascii=False).encode() + b"\n"
        + b'{"text": "Kunduz fell.\xe2\x80"}\n')
    results = list(ingestor_for(store).ingest_paths([tmp_path]))
    assert [r.status for r in results] == ["added", "added", "added"], results
    note = "read as UTF-8 with 1 malformed byte sequence replaced by \ufffd"
    assert [r.message for r in results] == [note, note, note]
    assert store.article(results[2].article_id).text == f"{arabic}\ufffdكابل."


def test_a_text_in_a_code_page_is_still_read_in_it() -> None:
    arabic = "سقطت قلعة ناو في يد طالبان. " * 20
    notes: list[str] = []
    assert decode(arabic.encode("cp1256"), notes) == arabic and notes == []


def test_html_nested_ten_thousand_deep_keeps_its_text(tmp_path: Path) -> None:
    story = "<p>Kabul is the capital of Afghanistan.</p><p>Herat &amp; Kandahar are cities.</p><script>x()</script>"
    page = f"<html><head><title>Deep</title></head><body>{'<div>' * 10_000}{story}{'</div>' * 10_000}</body></html>"
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    [(_, article)] = read_path(tmp_path / "deep.html")
    assert article.title == "Deep"
    assert article.text == "Kabul is the capital of Afghanistan.\n\nHerat & Kandahar are cities."


def test_an_html_page_with_no_text_at_all_is_still_refused(tmp_path: Path) -> None:
    (tmp_path / "blank.html").write_text("<html><body><div><script>x()</script></div></body></html>", encoding="utf-8")
    with pytest.raises(EmptyFileError, match="no article text found in the HTML page"):
        read_path(tmp_path / "blank.html")


def test_a_link_over_2000_characters_is_dropped_with_a_note(store: Store) -> None:
    ingestor = ingestor_for(store)
    long_link = "https://example.org/" + "a" * 3_000_000
    dropped = ingestor.ingest_text("Kabul fell.", title="Long link", url=long_link)
    kept = ingestor.ingest_text("Herat fell.", title="Longest kept link", url="https://example.org/" + "b" * 1980)
    assert store.article(dropped.article_id).url is None
    assert dropped.message == "the url was dropped: it had 3,000,020 characters, over the 2,000 a link may have"
    assert store.article(kept.article_id).url == "https://example.org/" + "b" * 1980 and kept.message == ""


def test_a_text_that_is_mostly_nul_is_refused_with_a_clear_message(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a_zeros.txt").write_bytes(b"\x00" * 60 + b"Kabul")
    (tmp_path / "b_zeros.json").write_text(json.dumps({"text": "Kabul fell." + "\x00" * 40}), encoding="utf-8")
    (tmp_path / "c_fine.txt").write_text("Kabul\n\nKabul fell.", encoding="utf-8")
    ingestor = ingestor_for(store)
    results = list(ingestor.ingest_paths([tmp_path]))
    pasted = ingestor.ingest_text("\x00" * 20 + "Herat fell.")
    assert [r.status for r in (*results, pasted)] == ["error", "error", "added", "error"]
    assert results[0].message == "60 of its 65 bytes are NUL (\\x00): binary data or an unwritten file, not text"
    assert results[1].message == "40 of its 51 characters are NUL (\\x00): binary data or an unwritten file, not text"
    assert pasted.message == "20 of its 31 characters are NUL (\\x00): binary data or an unwritten file, not text"
    assert store.count_articles() == 1
    # UTF-16 without a byte-order mark is half NULs, and is still text.
    assert decode("Kabul fell.".encode("utf-16-le")) == "Kabul fell."


LATIN = "Café in Zürich – naïve résumé"
LATIN_LONG = ("Le café de Zürich était plein. Une naïve résumé, déjà vu, à côté — «très» élégant. "
              "¿Qué? El niño viajó a Kabul el miércoles; según la agencia, llegó tarde. ") * 10
ARABIC = "قلعة ناو"
ARABIC_LONG = "هاجمت طالبان مدينة قلعة ناو في ولاية بادغيس. وفر سجناء من سجن قلعة ناو. " * 10


@pytest.mark.parametrize("text", [LATIN, "naïve", "Zürich", LATIN_LONG], ids=["short", "word", "name", "long"])
def test_latin_text_in_windows_1252_is_read_in_it(text: str) -> None:
    # charset-normalizer alone read these as Windows-1250 ("naďve"), Baltic ("naļve"), Arabic or Chinese.
    assert decode(text.encode("cp1252")) == text


@pytest.mark.parametrize("text", [ARABIC, ARABIC_LONG, "قال مسؤول في Kabul إن طالبان دخلت Herat أمس."],
                         ids=["short", "long", "mixed"])
def test_arabic_text_in_windows_1256_is_still_read_as_arabic(text: str) -> None:
    assert decode(text.encode("cp1256")) == text


def test_other_code_pages_are_not_taken_for_windows_1252() -> None:
    polish = "Zażółć gęślą jaźń. Łódź i Kraków są w Polsce, powiedział minister."
    czech = "Praha je hlavní město České republiky. Vláda řekla, že útok byl odražen."  # "mìsto Èeské" in 1252
    russian = "Талибы вошли в Кабул в воскресенье, сообщили власти."
    assert decode(polish.encode("cp1250")) == polish
    assert decode(czech.encode("cp1250")) == czech
    assert decode(russian.encode("cp1251")) == russian


def test_a_windows_1252_file_is_stored_as_written(store: Store, tmp_path: Path) -> None:
    (tmp_path / "cafe.txt").write_bytes(f"{LATIN}\n\nA {LATIN} in Kabul.".encode("cp1252"))
    [result] = list(ingestor_for(store).ingest_paths([tmp_path]))
    article = store.article(result.article_id)
    assert (article.title, article.text) == (LATIN, f"A {LATIN} in Kabul.")

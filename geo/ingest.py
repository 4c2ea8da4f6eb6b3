"""Ingestion: files journalists have → clean :class:`Article` → geoparse → store.

Reads ``.txt``, ``.md`` (front matter), ``.html``/``.htm`` (main text by
trafilatura, metadata from ``<title>``/``<meta>``), ``.json`` (an object, a
list, or ``{"articles": [...]}``) and ``.jsonl``, with the fields
``title``/``text``/``source``/``url``/``published``/``language``. A ``.txt``,
``.md`` or ``.html`` file may have a JSON sidecar (``name.json`` beside
``name.txt``); otherwise its first line is the title.

Text is decoded whatever its encoding (UTF-8 with or without BOM, UTF-16,
Windows-1256...), line endings are normalised, and page furniture listed in
``geo/boilerplate.txt`` is dropped. Each article is stored in one transaction;
storing the same text again is a no-op reported as ``unchanged``. Bad input
raises a specific :class:`IngestError`, which batch functions turn into an
``error`` result so the rest of the batch carries on.

    ingestor = Ingestor(Store.open())          # the real geoparser, loaded lazily
    for result in ingestor.ingest_paths(["data/articles"]):
        print(result)
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import glob
import importlib
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.records import Article, ParseResult
from geo.store import Store

#: Files larger than this are refused rather than read into memory.
MAX_BYTES = 10 * 1024 * 1024

#: The file types ingestion reads, by suffix.
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
JSON_SUFFIXES = (".json", ".jsonl")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES

#: The seed articles, ingested when a store is empty.
SEED_DIR = Path(__file__).resolve().parent.parent / "data" / "articles"

BOILERPLATE_FILE = Path(__file__).with_name("boilerplate.txt")

#: Leading bytes of file types people drop in by mistake, and what to call them.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .xlsx is one)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
)

_FIELDS = ("title", "text", "source", "url", "published", "language")


# --------------------------------------------------------------------------- errors


class IngestError(ValueError):
    """An input that cannot become an article; the message says why, plainly."""


class EmptyFileError(IngestError):
    """The file, or the text left after cleaning, is empty."""


class UnsupportedFileError(IngestError):
    """Not a kind of file Kharita reads (an image, a PDF, an unknown suffix)."""


class FileTooLargeError(IngestError):
    """Larger than :data:`MAX_BYTES`."""


class DecodingError(IngestError):
    """The bytes are not text in any encoding we could find."""


class InvalidJSONError(IngestError):
    """A ``.json``/``.jsonl`` file, or a sidecar, that does not parse or lacks ``text``."""


class MetadataError(IngestError):
    """A metadata field that does not read, such as a malformed date."""


class ParserError(IngestError):
    """The geoparser failed or returned mentions that do not match the text."""


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What happened to one input: ``added``, ``unchanged``, ``reparsed`` or ``error``."""

    origin: str
    status: str
    article_id: int | None = None
    title: str | None = None
    mentions: int = 0
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "error"

    def __str__(self) -> str:
        if self.status == "error":
            return f"error      {self.origin}: {self.message}"
        detail = f"#{self.article_id} {self.title!r}"
        if self.status != "unchanged":
            detail += f" ({self.mentions} mentions)"
        return f"{self.status:<10} {self.origin}: {detail}"


# --------------------------------------------------------------------------- text


@functools.cache
def boilerplate_patterns(path: Path = BOILERPLATE_FILE) -> tuple[re.Pattern[str], ...]:
    """The compiled patterns of ``geo/boilerplate.txt``."""
    patterns = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            patterns.append(re.compile(line.strip(), re.IGNORECASE))
    return tuple(patterns)


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is page furniture (see ``geo/boilerplate.txt``).

    >>> is_boilerplate("Share your love"), is_boilerplate("Taliban attack Qala-i-Naw")
    (True, False)
    """
    line = line.strip()
    return bool(line) and any(p.fullmatch(line) for p in boilerplate_patterns())


def clean_text(text: str) -> str:
    """Normalise text for storing: NFC, ``\\n`` line ends, no furniture lines.

    No-break and other odd spaces become plain ones (pages sprinkle them
    between words, and a search typed with plain spaces must still match);
    trailing spaces go; runs of blank lines shrink to one, so paragraphs are
    separated by exactly one blank line.

    >>> clean_text("Kabul\\r\\n\\r\\n\\r\\nShare your love\\r\\nHerat  ")
    'Kabul\\n\\nHerat'
    """
    text = unicodedata.normalize("NFC", text.replace("\ufeff", ""))
    text = re.sub(r"\r\n?|[\u2028\u2029\x85]", "\n", text)
    text = re.sub(r"[\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]", " ", text)
    lines = [line.rstrip() for line in text.split("\n") if not is_boilerplate(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def sniff_binary(data: bytes) -> str | None:
    """What kind of non-text file ``data`` is, judging by its first bytes."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def decode(data: bytes) -> str:
    """Bytes → text, detecting the encoding; raises :class:`DecodingError`.

    UTF-8 (with or without BOM), UTF-16 and legacy code pages such as
    Windows-1256 all decode to the same text.

    >>> decode("قلعة ناو".encode("cp1256")) == decode("\\ufeffقلعة ناو".encode("utf-8"))
    True
    """
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8):].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise DecodingError(f"it starts with a Unicode byte-order mark but does not decode ({exc.reason})") from None
    text = None
    if b"\x00" not in data:  # NULs are valid UTF-8 but mean UTF-16 or binary here
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if text is None:
        text = _detect(data)
    if text is None or _control_share(text) > 0.01:
        raise DecodingError("the bytes are not text in any encoding Kharita knows (binary data?)")
    return text


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # Short Arabic texts fit several Arabic-script code pages; Windows-1256 is
    # the one editors on Windows save, so it wins over the rarer ones, and over
    # any reading in presentation forms (glyphs no editor types).
    rival = best.encoding in _ARABIC_CODE_PAGES or re.search("[\ufb50-\ufdff\ufe70-\ufeff]", str(best))
    if rival:
        for match in matches:
            if match.encoding == "cp1256":
                return str(match)
    return str(best)


_ARABIC_CODE_PAGES = ("iso8859_6", "cp864", "cp720", "cp1006", "mac_arabic", "mac_farsi")


def _control_share(text: str) -> float:
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    return controls / max(len(text), 1)


def parse_date(value: Any, origin: str = "published") -> dt.date | None:
    """A date from ``2021-07-07``, ``2021-07-07T10:00:00Z`` or a date object.

    >>> parse_date("2021-07-07T08:30:00+04:30")
    datetime.date(2021, 7, 7)
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise MetadataError(f"{origin}: cannot read the date {text!r} (expected YYYY-MM-DD)") from None


def _language(value: Any) -> str | None:
    # "ar-SA", "AR", "ar_AF" → "ar": the parser wants the language, not the locale.
    if not value:
        return None
    return re.split(r"[-_]", str(value).strip().lower())[0] or None


def _opening_words(line: str, limit: int = 80) -> str:
    """``line`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    line = line.strip()
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:،") + "…"


def _split_title(text: str, title: str | None) -> tuple[str, str]:
    """(title, body): the first line is the title when none is given, and a
    first line that repeats the title is not kept in the body. A single line
    that reads as a sentence (ends in . ! ? ؟) is a pasted paragraph, not a
    bare title: it stays the body, titled by its opening words."""
    first, _, rest = text.strip().partition("\n")
    if not title and not rest.strip() and first.rstrip().endswith((".", "!", "?", "؟", "…")):
        return _opening_words(first), first.strip()
    if not title:
        return first.strip().lstrip("#").strip(), rest.strip()
    if first.strip().lstrip("#").strip() == title.strip():
        return title.strip(), rest.strip()
    return title.strip(), text.strip()


def make_article(text: str, meta: Mapping[str, Any], origin: str) -> Article:
    """An :class:`Article` from raw text and metadata (fields of :data:`_FIELDS`).

    The text is cleaned (see :func:`clean_text`); raises :class:`EmptyFileError`
    if nothing is left and :class:`MetadataError` for a bad date.
    """
    title, body = _split_title(clean_text(text), str(meta.get("title") or "").strip() or None)
    if not body:
        raise EmptyFileError(f"{origin}: no article text (after removing page furniture)")
    return Article(
        title=title or "(untitled)",
        text=body,
        source=str(meta["source"]).strip() if meta.get("source") else None,
        url=str(meta["url"]).strip() if meta.get("url") else None,
        language=_language(meta.get("language") or meta.get("lang")),
        published=parse_date(meta.get("published") or meta.get("date"), origin),
    )


# --------------------------------------------------------------------------- formats


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split ``---``-fenced ``key: value`` front matter off a Markdown text."""
    match = re.match(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", text, re.DOTALL)
    if not match:
        return {}, text
    meta = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[match.end():]


def _html_meta(html: str) -> dict[str, str]:
    """Title, source, url, published and language from an HTML page's head."""
    import lxml.html

    tree = lxml.html.fromstring(html)

    def first(*xpaths: str) -> str | None:
        for xpath in xpaths:
            for value in tree.xpath(xpath):
                if str(value).strip():
                    return " ".join(str(value).split())
        return None

    return {
        "title": first("//meta[@property='og:title']/@content", "//title/text()", "//h1//text()"),
        "source": first("//meta[@property='og:site_name']/@content", "//meta[@name='publisher']/@content"),
        "url": first("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"),
        "published": first(
            "//meta[@property='article:published_time']/@content",
            "//meta[@name='date' or @name='pubdate' or @name='publish-date']/@content",
            "//*[@itemprop='datePublished']/@content",
            "//time/@datetime",
        ),
        "language": first(
            "/html/@lang", "//meta[@http-equiv='content-language']/@content", "//meta[@property='og:locale']/@content"
        ),
    }


def _html_article(html: str, origin: str) -> tuple[str, dict[str, str]]:
    """(main text, metadata) of an HTML page: no scripts, navigation or comments."""
    import trafilatura

    try:
        meta = _html_meta(html)
    except Exception as exc:  # lxml raises several types for hopeless markup
        raise IngestError(f"{origin}: cannot read the HTML ({exc})") from None
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True)
    if not text or not text.strip():
        raise EmptyFileError(f"{origin}: no article text found in the HTML page")
    # trafilatura puts one block a line; a blank line between keeps paragraphs countable.
    return re.sub(r"\n+", "\n\n", text), meta


def _json_records(text: str, origin: str, *, lines: bool) -> list[tuple[str, Any]]:
    """(origin, decoded record) pairs; a bad line of a JSONL file is its own error."""
    if lines:
        records = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append((f"{origin}:{number}", json.loads(line)))
            except json.JSONDecodeError as exc:
                error = InvalidJSONError(f"invalid JSON: {exc.msg} (column {exc.colno})")
                records.append((f"{origin}:{number}", error))
        if not records:
            raise EmptyFileError(f"{origin}: no JSON lines")
        return records
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidJSONError(f"{origin}: invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, list):
        return [(f"{origin}#{i}", record) for i, record in enumerate(data, 1)]
    return [(origin, data)]


def _json_article(record: Any, origin: str, defaults: Mapping[str, Any]) -> Article:
    if isinstance(record, IngestError):
        raise type(record)(f"{origin}: {record}")
    if not isinstance(record, dict):
        raise InvalidJSONError(f"{origin}: expected a JSON object with a 'text' field, got {type(record).__name__}")
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        raise InvalidJSONError(f"{origin}: the JSON object has no 'text' field (fields: {', '.join(_FIELDS)})")
    return make_article(record["text"], {**defaults, **{k: v for k, v in record.items() if v}}, origin)


def read_bytes(
    name: str,
    data: bytes,
    *,
    metadata: Mapping[str, Any] | None = None,
    overrides: Mapping[str, Any] | None = None,
    max_bytes: int = MAX_BYTES,
) -> list[tuple[str, Article | IngestError]]:
    """The articles in one file's bytes, as ``(origin, Article or IngestError)``.

    ``name`` gives the format by its suffix (and names the input in messages);
    ``metadata`` fills what the file itself does not say and ``overrides``
    (a sidecar's fields) beats it. A problem with the
    whole file raises an :class:`IngestError`; a problem with one record of a
    JSON list or JSONL file is returned in that record's place.
    """
    origin = name
    suffix = Path(name).suffix.lower()
    if not data.strip():
        raise EmptyFileError(f"{origin}: the file is empty")
    if len(data) > max_bytes:
        raise FileTooLargeError(f"{origin}: {len(data) / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit")
    kind = sniff_binary(data)
    if kind:
        raise UnsupportedFileError(f"{origin}: this is {kind}, not text; Kharita reads {', '.join(SUFFIXES)}")
    if suffix not in SUFFIXES:
        raise UnsupportedFileError(f"{origin}: unsupported file type {suffix or '(none)'!r}; use {', '.join(SUFFIXES)}")
    try:
        text = decode(data)
    except DecodingError as exc:
        raise DecodingError(f"{origin}: {exc}") from None
    defaults, overrides = dict(metadata or {}), {k: v for k, v in (overrides or {}).items() if v}
    if suffix in JSON_SUFFIXES:
        out: list[tuple[str, Article | IngestError]] = []
        for where, record in _json_records(text, origin, lines=suffix == ".jsonl"):
            try:
                out.append((where, _json_article(record, where, defaults)))
            except IngestError as exc:
                out.append((where, exc))
        return out
    if suffix in HTML_SUFFIXES:
        text, meta = _html_article(text, origin)
    elif suffix == ".txt":
        meta = {}
    else:
        meta, text = _front_matter(text)
    meta = {k: v for k, v in meta.items() if v}
    return [(origin, make_article(text, {**defaults, **meta, **overrides}, origin))]


def sidecar(path: Path) -> dict[str, Any] | None:
    """The metadata in ``name.json`` beside ``name.txt``/``.md``/``.html``, if any."""
    side = path.with_suffix(".json")
    if path.suffix.lower() in JSON_SUFFIXES or not side.is_file():
        return None
    try:
        meta = json.loads(decode(side.read_bytes()))
    except (json.JSONDecodeError, DecodingError) as exc:
        raise InvalidJSONError(f"{side}: the metadata sidecar is not valid JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise InvalidJSONError(f"{side}: the metadata sidecar must be a JSON object")
    return {k: meta[k] for k in (*_FIELDS, "date", "lang") if k in meta and k != "text"}


def read_path(path: str | os.PathLike, *, max_bytes: int = MAX_BYTES) -> list[tuple[str, Article | IngestError]]:
    """The articles in one file, metadata from its sidecar; see :func:`read_bytes`."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror})") from None
    if size > max_bytes:  # refuse before reading it into memory
        raise FileTooLargeError(f"{path}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit")
    return read_bytes(str(path), path.read_bytes(), overrides=sidecar(path), max_bytes=max_bytes)


def expand_paths(args: Iterable[str | os.PathLike]) -> list[Path]:
    """Files to ingest from files, folders (recursively) and glob patterns.

    Folders yield the files with a known suffix, sorted, leaving out JSON
    sidecars (``name.json`` beside ``name.txt``). Files named directly are all
    kept, so a wrong one gets its own error. A name matching nothing is kept
    too, to be reported.
    """
    out: list[Path] = []
    for arg in args:
        text = os.fspath(arg)
        matches = sorted(glob.glob(text, recursive=True)) if glob.has_magic(text) else [text]
        for match in matches or [text]:
            path = Path(match)
            if path.is_dir():
                found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
                out.extend(p for p in found if not _is_sidecar(p))
            else:
                out.append(path)
    return list(dict.fromkeys(out))


def _is_sidecar(path: Path) -> bool:
    return path.suffix.lower() == ".json" and any(
        path.with_suffix(s).is_file() for s in TEXT_SUFFIXES + HTML_SUFFIXES
    )


# --------------------------------------------------------------------------- the parser


@dataclass(frozen=True, slots=True)
class Parser:
    """A geoparser and the versions its results are stamped with.

    ``parse(text, lang=...)`` returns a :class:`ParseResult`.
    """

    parse: Callable[..., ParseResult]
    version: str
    gazetteer_version: str


def load_parser(spec: str | None = None) -> Parser:
    """The geoparser named by ``spec`` (``"module"``), ``$KHARITA_PARSER``, or
    :mod:`geo.geoparse`.

    The module has ``parse(text, *, lang)`` and ``PARSER_VERSION``; its
    gazetteer version is its ``GAZETTEER_VERSION`` if it has one, else
    ``geo.gazetteer.data_version()``. Tests and benchmarks name a fake here.
    """
    module = importlib.import_module(spec or os.environ.get("KHARITA_PARSER") or "geo.geoparse")
    gazetteer_version = getattr(module, "GAZETTEER_VERSION", None)
    if gazetteer_version is None:
        from geo.gazetteer import data_version  # the index's version, without opening (or building) it

        gazetteer_version = data_version()
    return Parser(module.parse, str(module.PARSER_VERSION), str(gazetteer_version))


# --------------------------------------------------------------------------- the ingestor


class Ingestor:
    """Puts articles into a :class:`Store`, geoparsed, one transaction each.

    ``parse`` defaults to the real geoparser, loaded on first use (see
    :func:`load_parser`); when you pass one, pass its versions too::

        Ingestor(store, parse=fake.parse, parser_version="fake-1", gazetteer_version="g-1")
    """

    def __init__(
        self,
        store: Store,
        *,
        parse: Callable[..., ParseResult] | None = None,
        parser_version: str | None = None,
        gazetteer_version: str | None = None,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        if parse is not None and (parser_version is None or gazetteer_version is None):
            raise ValueError("a parse function comes with its parser_version and gazetteer_version")
        self.store = store
        self.max_bytes = max_bytes
        self._parser = Parser(parse, parser_version, gazetteer_version) if parse is not None else None

    @property
    def parser(self) -> Parser:
        if self._parser is None:
            self._parser = load_parser()
        return self._parser

    def _parse(self, article: Article, origin: str) -> ParseResult:
        try:
            result = self.parser.parse(article.text, lang=article.language or "auto")
        except IngestError:
            raise
        except Exception as exc:  # a parser bug must not stop the batch
            raise ParserError(f"{origin}: the geoparser failed ({type(exc).__name__}: {exc})") from exc
        for m in result.mentions:
            if article.text[m.start:m.end] != m.text:
                raise ParserError(f"{origin}: the geoparser's mention {m.text!r} at {m.start} is not in the text")
        return result

    def ingest_article(self, article: Article, origin: str = "(article)") -> IngestResult:
        """Geoparse and store one article: ``added`` or ``unchanged``.

        Raises :class:`IngestError` (e.g. :class:`ParserError`); nothing is
        stored then.
        """
        existing = self.store.has_content(article.text)
        if existing is not None:  # skip the parse: the hash says we have it
            return IngestResult(origin, "unchanged", existing, article.title, message="already stored")
        result = self._parse(article, origin)
        article_id, added = self.store.add_article(
            article, result, parser_version=self.parser.version, gazetteer_version=self.parser.gazetteer_version
        )
        if not added:  # someone else stored it between our check and our write
            return IngestResult(origin, "unchanged", article_id, article.title, message="already stored")
        return IngestResult(origin, "added", article_id, article.title, len(result.mentions))

    def _ingest_read(self, origin: str, read: Callable[[], list]) -> list[IngestResult]:
        try:
            items = read()
        except IngestError as exc:
            return [IngestResult(origin, "error", message=_strip_origin(str(exc), origin))]
        results = []
        for where, item in items:
            try:
                if isinstance(item, IngestError):
                    raise item
                results.append(self.ingest_article(item, where))
            except IngestError as exc:
                results.append(IngestResult(where, "error", message=_strip_origin(str(exc), where)))
        return results

    def ingest_file(self, path: str | os.PathLike) -> list[IngestResult]:
        """Ingest one file (a JSON list or JSONL file may hold many articles)."""
        return self._ingest_read(str(path), lambda: read_path(path, max_bytes=self.max_bytes))

    def ingest_bytes(self, name: str, data: bytes, metadata: Mapping[str, Any] | None = None) -> list[IngestResult]:
        """Ingest an uploaded file's bytes; ``metadata`` fills what the file lacks."""
        return self._ingest_read(name, lambda: read_bytes(name, data, metadata=metadata, max_bytes=self.max_bytes))

    def ingest_text(self, text: str, *, origin: str = "(pasted text)", **metadata: Any) -> IngestResult:
        """Ingest pasted text; ``metadata`` are the fields title, source, url,
        published, language (with no title, the first line is the title)."""
        try:
            return self.ingest_article(make_article(text, metadata, origin), origin)
        except IngestError as exc:
            return IngestResult(origin, "error", message=_strip_origin(str(exc), origin))

    def ingest_paths(self, paths: Iterable[str | os.PathLike]) -> Iterator[IngestResult]:
        """Ingest files, folders and globs (see :func:`expand_paths`), one result per article."""
        for path in expand_paths(paths):
            yield from self.ingest_file(path)

    def reparse(self) -> Iterator[IngestResult]:
        """Re-geoparse every article stamped with another parser or gazetteer
        version, keeping its corrections; one ``reparsed`` result each."""
        parser = self.parser
        for article_id in self.store.stale_articles(parser.version, parser.gazetteer_version):
            article = self.store.article(article_id)
            origin = f"article {article_id}"
            try:
                result = self._parse(article, origin)
            except IngestError as exc:
                yield IngestResult(origin, "error", article_id, article.title, message=_strip_origin(str(exc), origin))
                continue
            count = self.store.replace_mentions(
                article_id, result, parser_version=parser.version, gazetteer_version=parser.gazetteer_version
            )
            yield IngestResult(origin, "reparsed", article_id, article.title, count)


def _strip_origin(message: str, origin: str) -> str:
    # Errors name their input for callers that print them bare; results already do.
    return message.removeprefix(f"{origin}: ")


def ensure_seed(store: Store, ingestor: Ingestor | None = None, seed_dir: Path = SEED_DIR) -> list[IngestResult]:
    """Ingest the seed articles (``data/articles/``) if the store has none.

    Called on first run so that a new user sees a map at once; returns the
    results, empty when the store already had articles.
    """
    if store.count_articles():
        return []
    ingestor = ingestor or Ingestor(store)
    return list(ingestor.ingest_paths([seed_dir]))


def ensure_current(store: Store, ingestor: Ingestor | None = None, seed_dir: Path = SEED_DIR) -> list[IngestResult]:
    """What the app does on start: the seed articles into an empty store (see
    :func:`ensure_seed`), and a fresh parse of every article an older geoparser
    or gazetteer parsed, so that an update never leaves stale pins behind."""
    ingestor = ingestor or Ingestor(store)
    return ensure_seed(store, ingestor, seed_dir) + list(ingestor.reparse())


__all__ = [
    "MAX_BYTES", "SEED_DIR", "DecodingError", "EmptyFileError", "FileTooLargeError", "IngestError",
    "IngestResult", "Ingestor", "InvalidJSONError", "MetadataError", "Parser", "ParserError",
    "UnsupportedFileError", "clean_text", "decode", "ensure_current", "ensure_seed", "expand_paths", "load_parser",
    "make_article", "read_bytes", "read_path",
]

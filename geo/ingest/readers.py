"""Reading files, folders and uploaded bytes into :class:`~geo.records.Article` records.

Reads ``.txt``, ``.md`` (front matter), ``.html``/``.htm`` (see
:mod:`geo.ingest.webpage`), ``.json`` (an object, a list, or
``{"articles": [...]}``) and ``.jsonl``, with the fields of
:data:`geo.ingest.article.FIELDS`. A ``.txt``, ``.md`` or ``.html`` file may
have a JSON sidecar (``name.json`` beside ``name.txt``); otherwise its first
line is the title. A problem with a whole file raises an
:class:`~geo.ingest.errors.IngestError`; a problem with one record of a JSON
list or JSONL file takes that record's place in the result. What a reader
drops or changes on the way is noted in ``notes`` (origin → notes), if given.
"""

from __future__ import annotations

import glob
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from geo import config
from geo.ingest.article import ALIASES, FIELDS, make_article
from geo.ingest.encodings import decode, sniff_binary
from geo.ingest.errors import (
    DecodingError,
    EmptyFileError,
    FileTooLargeError,
    IngestError,
    InvalidJSONError,
    UnsupportedFileError,
)
from geo.ingest.webpage import read_webpage
from geo.records import Article

#: Files larger than this are refused rather than read into memory, unless ``KHARITA_MAX_UPLOAD_MB`` says otherwise
#: (:func:`geo.config.max_upload_bytes`, which the readers and the Ingestor use when given no limit).
MAX_BYTES = config.DEFAULT_MAX_UPLOAD_MB * 2**20

#: The file types ingestion reads, by suffix.
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
JSON_SUFFIXES = (".json", ".jsonl")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES

#: What a reader returns: where each article came from, and the article or why it could not be read.
Read = list[tuple[str, Article | IngestError]]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)


def read_bytes(
    name: str,
    data: bytes,
    *,
    metadata: Mapping[str, Any] | None = None,
    overrides: Mapping[str, Any] | None = None,
    max_bytes: int | None = None,
    notes: dict[str, list[str]] | None = None,
) -> Read:
    """The articles in one file's bytes, as ``(origin, Article or IngestError)``; see the module for ``notes``.

    ``name`` gives the format by its suffix (and names the input in messages);
    ``metadata`` fills what the file itself does not say and ``overrides``
    (a sidecar's fields) beats it.
    """
    origin = name
    suffix = Path(name).suffix.lower()
    if not data.strip():
        raise EmptyFileError(f"{origin}: the file is empty")
    max_bytes = max_bytes or config.max_upload_bytes()
    if len(data) > max_bytes:
        raise too_large(origin, len(data), max_bytes)
    kind = sniff_binary(data)
    if kind:
        raise UnsupportedFileError(f"{origin}: this is {kind}, not text; Kharita reads {', '.join(SUFFIXES)}")
    if suffix not in SUFFIXES:
        raise UnsupportedFileError(f"{origin}: unsupported file type {suffix or '(none)'!r}; use {', '.join(SUFFIXES)}")
    read_notes: list[str] = []  # the whole file's, for each article in it
    try:
        text = decode(data, read_notes)
    except DecodingError as exc:
        raise DecodingError(f"{origin}: {exc}") from None
    notes = {} if notes is None else notes
    defaults, overrides = dict(metadata or {}), {k: v for k, v in (overrides or {}).items() if v}
    if suffix in JSON_SUFFIXES:
        return [(where, _json_article(record, where, defaults, notes.setdefault(where, list(read_notes))))
                for where, record in _json_records(text, origin, lines=suffix == ".jsonl")]
    if suffix in HTML_SUFFIXES:
        text, meta = read_webpage(text, origin)
    elif suffix == ".txt":
        meta = {}
    else:
        meta, text = _front_matter(text)
    meta = {k: v for k, v in meta.items() if v}
    fields = {**defaults, **meta, **overrides}
    return [(origin, make_article(text, fields, origin, notes.setdefault(origin, read_notes)))]


def read_path(path: str | os.PathLike, *, max_bytes: int | None = None,
              notes: dict[str, list[str]] | None = None) -> Read:
    """The articles in one file, metadata from its sidecar; see :func:`read_bytes`."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror})") from None
    max_bytes = max_bytes or config.max_upload_bytes()
    if size > max_bytes:  # refuse before reading it into memory
        raise too_large(str(path), size, max_bytes)
    return read_bytes(str(path), path.read_bytes(), overrides=sidecar(path), max_bytes=max_bytes, notes=notes)


def sidecar(path: Path) -> dict[str, Any] | None:
    """The metadata in ``name.json`` beside ``name.txt``/``.md``/``.html``, if any. A sidecar that is a link
    leading out of the file's folder is not read (its fields would go into the store, and be shown), and
    is named on stderr."""
    side = path.with_suffix(".json")
    if path.suffix.lower() in JSON_SUFFIXES or not side.is_file():
        return None
    if _leads_out(side, path.parent.resolve()):
        _say_skipped(side, path.parent)
        return None
    try:
        meta = load_json(decode(side.read_bytes()), f"{side}: the metadata sidecar")
    except DecodingError as exc:
        raise InvalidJSONError(f"{side}: the metadata sidecar is not valid JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise InvalidJSONError(f"{side}: the metadata sidecar must be a JSON object")
    return {k: meta[k] for k in (*FIELDS, *ALIASES) if k in meta and k != "text"}


def expand_paths(args: Iterable[str | os.PathLike]) -> list[Path]:
    """Files to ingest from files, folders (recursively) and glob patterns.

    Folders yield the files with a known suffix, sorted, leaving out JSON
    sidecars (``name.json`` beside ``name.txt``). Files named directly are all
    kept, so a wrong one gets its own error. A name matching nothing is kept
    too, to be reported. A link in a folder that leads out of it is skipped, with a message
    (see :func:`_folder_files`), and so is a glob's match that leads out of the folder the
    pattern searches (``news/*.txt``: ``news``; see :func:`_glob_base`), however it gets there.
    """
    out: list[Path] = []
    for arg in args:
        text = os.fspath(arg)
        matches = sorted(glob.glob(text, recursive=True)) if glob.has_magic(text) else [text]
        base = _glob_base(text)
        root = base.resolve() if base is not None else None
        for match in matches or [text]:
            path = Path(match)
            if root is not None and _leads_out(path, root):
                _say_skipped(path, base)
            elif path.is_dir():
                out.extend(p for p in _folder_files(path) if not _is_sidecar(p))
            else:
                out.append(path)
    return list(dict.fromkeys(out))


def _folder_files(folder: Path) -> list[Path]:
    """The files with a known suffix in ``folder`` and below, sorted, without those reached through a
    symbolic link leading out of it: ingesting a shared or downloaded folder must not read the
    rest of the disk (a link to ``~/.ssh``, say). Such links are named on stderr; linked folders are
    not entered at all (:meth:`Path.rglob` does not follow them)."""
    found = []
    root = folder.resolve()
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() and _leads_out(path, root):
            _say_skipped(path, folder)
        elif path.is_file() and path.suffix.lower() in SUFFIXES:
            found.append(path)
    return found


def _glob_base(pattern: str) -> Path | None:
    """The folder a glob pattern searches: its leading part with no wildcard (``.`` if none); None for no pattern.

    >>> _glob_base("news/2021/*.txt"), _glob_base("**/*.md"), _glob_base("news/a.txt")
    (PosixPath('news/2021'), PosixPath('.'), None)
    """
    if not glob.has_magic(pattern):
        return None
    parts = Path(pattern).parts
    plain = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    return Path(*parts[:plain]) if plain else Path(".")


def _leads_out(path: Path, root: Path) -> bool:
    """Whether ``path``, followed through every link on its way, ends outside the folder ``root`` (resolved
    once by the caller, for all the paths it asks about)."""
    return not path.resolve().is_relative_to(root)


def _say_skipped(path: Path, folder: Path) -> None:
    """Name on stderr a path skipped because it leads out of ``folder``."""
    how = f"a link to {os.readlink(path)}" if path.is_symlink() else f"through a link, to {path.resolve()}"
    print(f"skipped {path}: {how}, outside {folder}", file=sys.stderr, flush=True)


def _is_sidecar(path: Path) -> bool:
    return path.suffix.lower() == ".json" and any(
        path.with_suffix(s).is_file() for s in TEXT_SUFFIXES + HTML_SUFFIXES
    )


def too_large(origin: str, size: int, max_bytes: int) -> FileTooLargeError:
    """The one message for an input over the size limit, a file's or a paste's."""
    return FileTooLargeError(f"{origin}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split ``---``-fenced ``key: value`` front matter off a Markdown text."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[match.end():]


def load_json(text: str, where: str, *, one_line: bool = False) -> Any:
    """``json.loads(text)``; raises :class:`InvalidJSONError` naming ``where`` however it fails (the error's
    column, and unless the text is ``one_line`` of a JSONL file, its line).

    Not only :class:`json.JSONDecodeError`: arrays nested thousands deep exhaust Python's recursion limit
    (:class:`RecursionError`), and an integer of more than ``sys.get_int_max_str_digits()`` digits is a
    :class:`ValueError`; either would otherwise stop the whole batch.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        place = f"column {exc.colno}" if one_line else f"line {exc.lineno}, column {exc.colno}"
        raise InvalidJSONError(f"{where}: invalid JSON: {exc.msg} ({place})") from None
    except RecursionError:
        raise InvalidJSONError(f"{where}: invalid JSON: nested too deeply to read") from None
    except ValueError:
        raise InvalidJSONError(
            f"{where}: invalid JSON: a number longer than {sys.get_int_max_str_digits()} digits"
        ) from None


def _json_records(text: str, origin: str, *, lines: bool) -> list[tuple[str, Any]]:
    """(origin, decoded record) pairs; a bad line of a JSONL file is its own error."""
    if lines:
        records: list[tuple[str, Any]] = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append((f"{origin}:{number}", load_json(line, f"{origin}:{number}", one_line=True)))
            except InvalidJSONError as error:
                records.append((f"{origin}:{number}", error))
        if not records:
            raise EmptyFileError(f"{origin}: no JSON lines")
        return records
    data = load_json(text, origin)
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, list):
        return [(f"{origin}#{i}", record) for i, record in enumerate(data, 1)]
    return [(origin, data)]


def _json_article(record: Any, origin: str, defaults: Mapping[str, Any], notes: list[str]) -> Article | IngestError:
    """The article in one decoded JSON record, or the error that says why there is none."""
    if isinstance(record, IngestError):
        return record
    if not isinstance(record, dict):
        return InvalidJSONError(f"{origin}: expected a JSON object with a 'text' field, got {type(record).__name__}")
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        return InvalidJSONError(f"{origin}: the JSON object has no 'text' field (fields: {', '.join(FIELDS)})")
    try:
        return make_article(record["text"], {**defaults, **{k: v for k, v in record.items() if v}}, origin, notes)
    except IngestError as exc:
        return exc

"""Ingestion: the files journalists have → clean :class:`~geo.records.Article` records → geoparse → store.

The flow, one module a step:

- :mod:`~geo.ingest.readers`: files, folders, sidecars, JSON and JSONL records, uploaded bytes;
- :mod:`~geo.ingest.encodings`: binary files refused, the text's encoding found (Windows-1256 too);
- :mod:`~geo.ingest.webpage`: an HTML page's article text and metadata;
- :mod:`~geo.ingest.cleaning`: one Unicode form, one line end, no page furniture (``boilerplate.txt``);
- :mod:`~geo.ingest.article`: text and metadata fields → an :class:`~geo.records.Article`;
- :mod:`~geo.ingest.service`: the :class:`Ingestor` (parse → store, reparse) and the app's first run;
- :mod:`~geo.ingest.errors`: why an input could not become an article.
"""

from geo.ingest.article import make_article, parse_date
from geo.ingest.cleaning import clean_text, is_boilerplate
from geo.ingest.encodings import decode, sniff_binary
from geo.ingest.errors import (
    DecodingError,
    EmptyFileError,
    FileTooLargeError,
    IngestError,
    InvalidJSONError,
    MetadataError,
    ParserError,
    UnsupportedFileError,
)
from geo.ingest.readers import MAX_BYTES, SUFFIXES, expand_paths, read_bytes, read_path
from geo.ingest.service import (
    SEED_DIR,
    STAGES,
    Ingestor,
    IngestResult,
    Parser,
    Progress,
    default_parser,
    ensure_current,
    ensure_seed,
)

__all__ = [
    "MAX_BYTES", "SEED_DIR", "STAGES", "SUFFIXES", "DecodingError", "EmptyFileError", "FileTooLargeError",
    "IngestError", "IngestResult", "Ingestor", "InvalidJSONError", "MetadataError", "Parser", "ParserError", "Progress",
    "UnsupportedFileError", "clean_text", "decode", "default_parser", "ensure_current", "ensure_seed",
    "expand_paths", "is_boilerplate", "make_article", "parse_date", "read_bytes", "read_path", "sniff_binary",
]

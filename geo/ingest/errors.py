"""The ways an input can fail to become a stored article, one class each.

Every class is a :class:`geo.exc.BadInput`, so the CLI exits 2 on any of them
and pages show their message as it is. The message names the input first
(``page.html: the file is empty``).
"""

from __future__ import annotations

from geo.exc import BadInput


class IngestError(BadInput):
    """An input that cannot become an article; the message says why, plainly."""


class EmptyFileError(IngestError):
    """The file, or the text left after cleaning, is empty."""


class UnsupportedFileError(IngestError):
    """Not a kind of file Kharita reads (an image, a PDF, an unknown suffix)."""


class FileTooLargeError(IngestError):
    """Larger than the size limit (:data:`geo.ingest.readers.MAX_BYTES` unless told otherwise)."""


class DecodingError(IngestError):
    """The bytes are not text in any encoding we could find."""


class InvalidJSONError(IngestError):
    """A ``.json``/``.jsonl`` file, or a sidecar, that does not parse or lacks ``text``."""


class MetadataError(IngestError):
    """A metadata field that does not read, such as a malformed date."""


class ParserError(IngestError):
    """The geoparser failed or returned mentions that do not match the text."""

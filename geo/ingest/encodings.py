"""Turning a file's bytes into text: refusing binary files, and finding the encoding of the rest.

UTF-8 (with or without a byte-order mark), UTF-16 and legacy code pages such
as Windows-1256, the one Arabic editors on Windows save, all decode to the
same text.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from geo.ingest.errors import DecodingError

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

#: Arabic-script code pages that also fit a short Windows-1256 text, rarer than it.
_ARABIC_CODE_PAGES = ("iso8859_6", "cp864", "cp720", "cp1006", "mac_arabic", "mac_farsi")

#: Arabic presentation forms: glyphs no editor types, so a reading in them is a wrong guess.
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")

#: Above this share of control characters, a "text" is binary data.
_MAX_CONTROL_SHARE = 0.01
#: UTF-8 with a few bad bytes (a truncated copy, one stray byte) is still UTF-8, the bad bytes replaced by U+FFFD,
#: when at least this many well-formed non-ASCII characters stand for each bad byte; a text in a code page has
#: nearly every non-ASCII byte bad, and one in plain ASCII with a stray byte or two is more likely Windows-1252.
_GOOD_PER_BAD_BYTE = 20


def sniff_binary(data: bytes) -> str | None:
    """What kind of non-text file ``data`` is, judging by its first bytes.

    >>> sniff_binary(b"%PDF-1.7 ..."), sniff_binary(b"Kabul")
    ('a PDF document', None)
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def decode(data: bytes, notes: list[str] | None = None) -> str:
    """Bytes → text, detecting the encoding; raises :class:`DecodingError`. Bad bytes replaced in mostly
    well-formed UTF-8 are counted in ``notes``.

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
            text = _mostly_utf8(data, notes if notes is not None else [])
    if text is None:
        text = _detect(data)
    if text is None or _control_share(text) > _MAX_CONTROL_SHARE:
        raise DecodingError("the bytes are not text in any encoding Kharita knows (binary data?)")
    return text


def _mostly_utf8(data: bytes, notes: list[str]) -> str | None:
    """``data`` as UTF-8 with its bad bytes replaced, if they are few (see :data:`_GOOD_PER_BAD_BYTE`)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for c in text if c > "\x7f") - bad
    if good < bad * _GOOD_PER_BAD_BYTE:
        return None
    notes.append(f"read as UTF-8 with {bad} malformed byte sequence{'s' * (bad > 1)} replaced by \ufffd")
    return text


def _detect(data: bytes) -> str | None:
    """The text charset-normalizer reads in ``data``, preferring Windows-1256 among Arabic code pages."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    if best.encoding in _ARABIC_CODE_PAGES or _PRESENTATION_FORMS.search(str(best)):
        for match in matches:
            if match.encoding == "cp1256":
                return str(match)
    return str(best)


def _control_share(text: str) -> float:
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    return controls / max(len(text), 1)

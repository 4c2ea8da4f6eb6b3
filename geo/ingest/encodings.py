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

#: Central European code pages, and the languages charset-normalizer finds in them that Windows-1252 cannot write.
_CENTRAL_EUROPEAN_PAGES = ("cp1250", "iso8859_2", "mac_latin2", "cp852")
_CENTRAL_EUROPEAN = ("Czech", "Slovak", "Polish", "Hungarian", "Croatian", "Slovene", "Romanian")

#: Arabic presentation forms: glyphs no editor types, so a reading in them is a wrong guess.
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")

#: For :func:`_western`: a word (letters, with an apostrophe or hyphen inside); an ASCII letter.
_WORDS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_ASCII_LETTER = re.compile("[A-Za-z]")
#: Marks that may touch a Western word: quotes, apostrophes, dashes, the ellipsis, a no-break or soft hyphen.
_WORD_MARKS = frozenset("’‘“”„«»‹›–—…•\xa0\xad")
#: Signs no Western word ends in, and that Windows-1250's ą ł ż Ą Ł, read in Windows-1252, become.
_NEVER_AFTER_LETTER = "¹¿¡£¥¤¦¨¬¯´¸¼½¾"
#: Windows-1252's signs (its non-ASCII characters that are neither letters nor word marks).
_SIGNS = "".join(c for c in bytes(range(0x80, 0x100)).decode("cp1252", errors="ignore")
                 if not c.isalpha() and c not in _WORD_MARKS)
#: A sign between two letters, or one of :data:`_NEVER_AFTER_LETTER` after a letter.
_SIGN_IN_WORD = re.compile(
    rf"(?<=[^\W\d_])(?:[{re.escape(_SIGNS)}](?=[^\W\d_])|[{re.escape(_NEVER_AFTER_LETTER)}])")
#: The control characters but tab, the line ends and the form feed.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")

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
    nuls = data.count(0)
    if nuls * 2 > len(data):  # UTF-16 of ASCII text is half NULs, never more
        raise DecodingError(mostly_nul(nuls, len(data), "bytes"))
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


def mostly_nul(nuls: int, size: int, unit: str) -> str:
    """The one message for an input that is mostly NUL characters: binary data, or a file that was never
    written (a disk's zeros), not an article.

    >>> print(mostly_nul(60, 65, "characters"))
    60 of its 65 characters are NUL (\\x00): binary data or an unwritten file, not text
    """
    return f"{nuls:,} of its {size:,} {unit} are NUL (\\x00): binary data or an unwritten file, not text"


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
    """The text charset-normalizer reads in ``data``, preferring Windows-1256 among Arabic code pages, and
    Windows-1252 where it reads as Western European text (:func:`_western`), unless charset-normalizer
    found a Central European language in a Central European code page (Czech in Windows-1250 reads as
    words in Windows-1252 too: "mìsto Èeské" for "město České")."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    western = _western(data)
    if western is not None and not (
            best is not None and best.encoding in _CENTRAL_EUROPEAN_PAGES and best.language in _CENTRAL_EUROPEAN):
        return western
    if best is None:
        return None
    if best.encoding in _ARABIC_CODE_PAGES or _PRESENTATION_FORMS.search(str(best)):
        for match in matches:
            if match.encoding == "cp1256":
                return str(match)
    return str(best)


def _western(data: bytes) -> str | None:
    """``data`` in Windows-1252 if it reads as Western European text there, else None.

    On a short text charset-normalizer cannot tell the Latin code pages apart, and took "Café in Zürich –
    naïve résumé" for Windows-1250 ("naďve") or Baltic ("naļve"). The most common legacy encoding wins
    when its reading looks like words (:func:`_western_words`). Arabic in Windows-1256 reads in it as
    words of accented letters with no ASCII letter at all ("ÞáÚÉ äÇæ"), Cyrillic and Greek alike, so they
    never pass; nor does Polish in Windows-1250, whose ą ł ż become signs inside words ("Za¿ó³æ").

    >>> _western("naïve résumé".encode("cp1252")), _western("قلعة ناو".encode("cp1256"))
    ('naïve résumé', None)
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # five bytes have no character in it (0x81 0x8d 0x8f 0x90 0x9d)
        return None
    return text if _western_words(text) else None


def _western_words(text: str) -> bool:
    """Whether ``text`` looks like Western European words: it has some non-ASCII letters, each in a word
    with ASCII letters but a few one- or two-letter words ("à", "Ó"); no sign stands between two
    letters or after one where no word has it (:data:`_NEVER_AFTER_LETTER`); no control character."""
    if _CONTROL.search(text) or _SIGN_IN_WORD.search(text):
        return False
    accented = [w for w in _WORDS.findall(text) if not w.isascii()]
    alone = [w for w in accented if not _ASCII_LETTER.search(w)]
    return bool(accented) and len(alone) <= max(1, len(accented) // 4) and all(len(w) <= 2 for w in alone)


def _control_share(text: str) -> float:
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    return controls / max(len(text), 1)

"""Cache files of raw sections, each under its own checksum: quick to read, and unable to run code.

A file is one line naming its format (``magic``), a head (the CRC-32 and size of its table of
contents), the table (:mod:`marshal`: the caller's few values and each section's size and CRC-32),
then the sections, raw. Reading one builds only ``bytes`` and marshal's numbers and containers, so a
planted file can't run code as a pickle would, and every checksum is checked before a section is
handed back, so a truncated or garbled file is refused (``ValueError``) rather than fed to C code.
The sections are read straight into their own ``bytes``, one copy, on a thread while the one before
is checked here: reading and checksumming release the GIL.

:func:`prefetch` starts reading a file before the caller knows it wants it: ``python -m geo parse``
reads the name automaton's cache while the geoparser's modules import (:mod:`geo.commands.parse`).
"""

from __future__ import annotations

import marshal
import os
import struct
import threading
import zlib
from pathlib import Path
from queue import SimpleQueue

#: After the format's line: the CRC-32 of the table of contents and its size.
_HEAD = struct.Struct("<IQ")
#: The longest format line and table of contents taken: a few numbers, not data.
_LONGEST_MAGIC = 256
_LONGEST_TABLE = 1 << 20


def write(path: Path, magic: bytes, meta: object, sections: list[bytes]) -> None:
    """Write ``sections`` and ``meta`` (marshal-able: numbers, strings, containers) to ``path``."""
    if not magic.endswith(b"\n") or magic.count(b"\n") != 1 or len(magic) > _LONGEST_MAGIC:
        raise ValueError(f"a cache file's format is one line: {magic!r}")
    table = marshal.dumps((meta, [(len(section), zlib.crc32(section)) for section in sections]))
    with open(path, "wb") as sink:
        sink.write(magic + _HEAD.pack(zlib.crc32(table), len(table)) + table)
        for section in sections:
            sink.write(section)


def read(path: Path, magic: bytes) -> tuple[object, list[bytes]]:
    """``(meta, sections)`` as :func:`write` wrote them; ``ValueError`` or ``TypeError`` if the file is not
    one of format ``magic``, intact. Takes what :func:`prefetch` read of ``path`` if it read it whole."""
    with _lock:
        ahead, _ahead[:] = list(_ahead), []
    for reader in ahead:
        if reader.path == os.path.abspath(path):
            found = reader.result()
            if found is not None:
                if found[0] != magic:
                    raise ValueError("not a cache file of this format")
                return found[1], found[2]
    return _load(path, magic)[1:]  # nothing read ahead, or that failed: read it here, with its error if any


def prefetch(folder: Path, pattern: str) -> None:
    """Start reading the file in ``folder`` matching ``pattern`` on a thread, for :func:`read` to take;
    nothing if no file or several match."""
    try:
        found = list(folder.glob(pattern))
    except OSError:
        return
    if len(found) == 1:
        reader = _Reader(os.path.abspath(found[0]))
        reader.start()
        with _lock:
            _ahead.append(reader)


class _Reader(threading.Thread):
    """One file read ahead: ``(magic, meta, sections)``, or ``None`` if it could not be."""

    def __init__(self, path: str):
        super().__init__(daemon=True, name=f"read ahead {path}")
        self.path = path
        self._found: tuple[bytes, object, list[bytes]] | None = None

    def run(self) -> None:
        try:
            self._found = _load(Path(self.path), None)
        except Exception:  # noqa: BLE001 (read() reads the file again and reports what is wrong)
            self._found = None

    def result(self) -> tuple[bytes, object, list[bytes]] | None:
        self.join()
        found, self._found = self._found, None
        return found


_lock = threading.Lock()
_ahead: list[_Reader] = []


def _load(path: Path, magic: bytes | None) -> tuple[bytes, object, list[bytes]]:
    """The file's format line, meta and sections; ``magic``: the format it must be (``None``: any)."""
    with open(path, "rb") as source:
        size = os.fstat(source.fileno()).st_size
        line = source.readline(_LONGEST_MAGIC)
        if not line.endswith(b"\n") or magic is not None and line != magic:
            raise ValueError("not a cache file of this format")
        head = source.read(_HEAD.size)
        if len(head) < _HEAD.size:
            raise ValueError("it is cut short")
        checksum, table_size = _HEAD.unpack(head)
        start = len(line) + _HEAD.size + table_size
        if table_size > _LONGEST_TABLE or start > size:
            raise ValueError("its table of contents is cut short or altered")
        table = source.read(table_size)
        if zlib.crc32(table) != checksum:
            raise ValueError("its table of contents' checksum does not match (truncated or altered)")
        meta, sizes = marshal.loads(table)
        if not (isinstance(sizes, list) and all(
                isinstance(item, tuple) and len(item) == 2 and all(type(n) is int and n >= 0 for n in item)
                for item in sizes)):
            raise TypeError("unexpected contents")
        if start + sum(section_size for section_size, _ in sizes) != size:
            raise ValueError("its size is not what its table of contents says (truncated or altered)")
        return line, meta, _checked_sections(source, sizes)


def _checked_sections(source, sizes: list[tuple[int, int]]) -> list[bytes]:
    """Each section, read on a thread while this one checks the section before."""
    arrived: SimpleQueue = SimpleQueue()
    stop = threading.Event()

    def read_all() -> None:
        try:
            for section_size, _ in sizes:
                if stop.is_set():
                    return
                arrived.put(source.read(section_size))
        except Exception as error:  # noqa: BLE001 (raised below, in the caller's thread)
            arrived.put(error)

    reader = threading.Thread(target=read_all, daemon=True)
    reader.start()
    sections = []
    try:
        for section_size, checksum in sizes:
            section = arrived.get()
            if isinstance(section, Exception):
                raise section
            if len(section) != section_size or zlib.crc32(section) != checksum:
                raise ValueError("its checksum does not match (truncated or altered)")
            sections.append(section)
    finally:
        stop.set()
        reader.join()  # before the file is closed under it
    return sections

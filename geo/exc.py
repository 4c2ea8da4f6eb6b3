"""Every error Kharita raises on purpose, in one hierarchy (as geopy's ``exc.py``).

Catch :class:`KharitaError` to catch them all. The CLI maps each class to an
exit code and a one-line message (:data:`EXIT_CODES`); pages map them to plain
messages. Anything else that escapes is a bug, and shows as one.

>>> issubclass(BadInput, ValueError), EXIT_CODES[BadInput]
(True, 2)
"""

from __future__ import annotations


class KharitaError(Exception):
    """The base of every error Kharita raises on purpose."""


class BadInput(KharitaError, ValueError):
    """The input cannot be used: a file, a query, a coordinate, a correction or an argument."""


class MissingData(KharitaError, FileNotFoundError):
    """Derived data the library needs is absent or unreadable (run ``make data``)."""


class MissingExtra(KharitaError, ImportError):
    """An optional extra is not installed (its message says what to install)."""


class StoreUnavailable(KharitaError, ConnectionError):
    """The article store cannot be reached or opened."""


#: Exit codes of ``python -m geo`` by error class, the most specific first.
EXIT_CODES: dict[type[KharitaError], int] = {
    BadInput: 2,
    MissingData: 3,
    MissingExtra: 4,
    StoreUnavailable: 5,
    KharitaError: 1,
}


def exit_code(error: KharitaError) -> int:
    """The CLI's exit code for ``error``.

    >>> exit_code(StoreUnavailable("down"))
    5
    """
    return next(code for cls, code in EXIT_CODES.items() if isinstance(error, cls))

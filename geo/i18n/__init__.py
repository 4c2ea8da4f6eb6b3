"""The interface's two languages: one message catalogue (gettext ``.po`` files, read with Babel), and numbers and
dates written the way each language writes them.

Messages are looked up by key (``"map.title"``), so a key missing from either
language is a test failure, not a silent fallback to English:

>>> t = translator("ar")
>>> t("language.name")
'العربية'
>>> t.dir, translator("en").dir
('rtl', 'ltr')
>>> translator("en").number(12345), t.number(12345)
('12,345', '١٢٬٣٤٥')
>>> import datetime
>>> translator("en").date(datetime.date(2021, 7, 7)), t.date(datetime.date(2021, 7, 7))
('7 July 2021', '٧ يوليو ٢٠٢١')
>>> translator("en").plural("articles.count", 1), translator("en").plural("articles.count", 3)
('1 article', '3 articles')
>>> t.plural("articles.count", 3)
'٣ مقالات'
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

#: The interface's languages, the default first.
LANGUAGES = ("en", "ar")
DEFAULT_LANGUAGE = LANGUAGES[0]
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "kharita"
#: Arabic text is written with Arabic-Indic digits.
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(lang: str):
    """The Babel ``Catalog`` of ``lang``'s ``.po`` file."""
    with catalogue_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def language(value: str | None) -> str:
    """``value`` if it names one of :data:`LANGUAGES`, else the default.

    >>> language("ar"), language("AR"), language("fr"), language(None)
    ('ar', 'ar', 'en', 'en')
    """
    value = (value or "").strip().lower()
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Translator:
    """``lang``'s messages, and its way of writing numbers and dates."""

    lang: str
    messages: gettext.GNUTranslations

    def __call__(self, key: str, **values: object) -> str:
        """The message ``key``, with ``{name}`` placeholders filled from ``values``."""
        text = self.messages.gettext(key)
        return text.format(**values) if values else text

    def plural(self, key: str, count: int, **values: object) -> str:
        """The form of message ``key`` for ``count`` (Arabic has six); ``{count}`` is written as a number."""
        text = self.messages.ngettext(key, key, count)
        return text.format(count=self.number(count), **values)

    @property
    def dir(self) -> str:
        """``"rtl"`` or ``"ltr"``, for the ``dir`` attribute."""
        return Locale.parse(self.lang).text_direction

    def digits(self, text: str) -> str:
        return text.translate(_ARABIC_DIGITS) if self.lang == "ar" else text

    def number(self, value: float) -> str:
        system = "arab" if self.lang == "ar" else "latn"
        return self.digits(numbers.format_decimal(value, locale=self.lang, numbering_system=system))

    def date(self, value: dt.date, format: str = "d MMMM y") -> str:
        return self.digits(dates.format_date(value, format=format, locale=self.lang))


@lru_cache(maxsize=len(LANGUAGES))
def translator(lang: str = DEFAULT_LANGUAGE) -> Translator:
    """The :class:`Translator` for ``lang`` (the default language for any other value), read once."""
    lang = language(lang)
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(lang))
    buffer.seek(0)
    return Translator(lang, gettext.GNUTranslations(buffer))

"""A tiny stand-in geoparser for store and ingestion tests.

It finds a fixed list of Arabic and English names with ``str.find`` and returns
:class:`Mention` records with hand-made :class:`Place` records, so those tests
do not wait on, or break with, the real geoparser. :data:`PARSER` is what an
:class:`~geo.ingest.Ingestor` takes; :func:`install` makes it the default
parser of every Ingestor in the process (the app's, the command line's: see
``tests/fake_cli.py``).
"""

from __future__ import annotations

from geo.geoparse.aliases import with_aliases
from geo.ingest import Parser, service
from geo.records import Mention, ParseResult, Place
from geo.text import Layout

PARSER_VERSION = "fake-1"
GAZETTEER_VERSION = "fake-gazetteer-1"


def _place(id_, name, ar, kind, cc, admin1=None, admin2=None, lat=0.0, lon=0.0, countries=()):
    return Place(
        id=id_, name=name, kind=kind, lat=lat, lon=lon, country_code=cc, admin1=admin1, admin2=admin2,
        population=1000, names={"en": name, "ar": ar}, countries=countries,
    )


AFGHANISTAN = _place("test:af", "Afghanistan", "أفغانستان", "country", "AF", lat=33.9, lon=67.7)
BADGHIS = _place("test:badghis", "Badghis", "بادغيس", "province", "AF", "Badghis", lat=35.2, lon=63.6)
QALA_I_NAW = _place("test:qala", "Qala-i-Naw", "قلعة ناو", "city", "AF", "Badghis", "Qala-i-Naw", 34.98, 63.13)
HERAT = _place("test:herat", "Herat", "هيرات", "city", "AF", "Herat", "Herat", 34.35, 62.2)
KABUL = _place("test:kabul", "Kabul", "كابل", "city", "AF", "Kabul", "Kabul", 34.53, 69.17)
BADAKHSHAN = _place("test:badakhshan", "Badakhshan", "بدخشان", "province", "AF", "Badakhshan", lat=36.7, lon=71.0)
TAJIKISTAN = _place("test:tj", "Tajikistan", "طاجيكستان", "country", "TJ", lat=38.9, lon=71.3)
DOHA = _place("test:doha", "Doha", "الدوحة", "city", "QA", "Doha", lat=25.3, lon=51.5)
BORDER = _place("test:af-tj", "Afghanistan–Tajikistan border", "الحدود الأفغانية الطاجيكية", "border", None,
                lat=37.1, lon=68.9, countries=("AF", "TJ"))
AFGHAN = AFGHANISTAN  # the demonym points at the country

PLACES = (AFGHANISTAN, BADGHIS, QALA_I_NAW, HERAT, KABUL, BADAKHSHAN, TAJIKISTAN, DOHA, BORDER)

#: (surface, place, role), longest first so "قلعة ناو" wins over shorter names.
NAMES = sorted(
    [(n, p, "literal") for p in PLACES for n in (p.name, p.names["ar"])] + [("Afghan", AFGHAN, "demonym")],
    key=lambda t: -len(t[0]),
)


def parse(text: str, *, lang: str = "auto", aliases=None) -> ParseResult:
    """Every occurrence of a known name, not overlapping a longer one, and of the user ``aliases``."""
    layout = Layout(text)
    taken: list[tuple[int, int]] = []
    mentions = []
    for surface, place, role in NAMES:
        start = text.find(surface)
        while start >= 0:
            end = start + len(surface)
            # Whole words only for Latin names ("Afghan" inside "Afghanistan" is not one).
            boundary = not (end < len(text) and text[end].isalpha() and surface.isascii())
            if boundary and not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                mentions.append(
                    Mention(
                        start=start, end=end, text=surface, place=place, role=role,
                        sentence=layout.sentence(start), paragraph=layout.paragraph(start),
                    )
                )
            start = text.find(surface, end)
    mentions = with_aliases(text, sorted(mentions, key=lambda m: m.start), aliases, layout)
    language = lang if lang != "auto" else ("ar" if any("\u0600" <= c <= "\u06ff" for c in text) else "en")
    return ParseResult(language=language, mentions=tuple(mentions))


#: The fake as an :class:`~geo.ingest.Ingestor` takes it.
PARSER = Parser(parse, PARSER_VERSION, GAZETTEER_VERSION)


def install(monkeypatch=None) -> None:
    """Make :data:`PARSER` every Ingestor's default parser: for one test with
    pytest's ``monkeypatch``, or for the whole process without it."""
    if monkeypatch is None:
        service.default_parser = lambda: PARSER
    else:
        monkeypatch.setattr(service, "default_parser", lambda: PARSER)

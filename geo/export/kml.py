"""The view as KML for Google Earth, written with simplekml: one Placemark a place, corrected ones marked.

Each Placemark is named in English and Arabic; its description (HTML, as
Google Earth shows it) holds the counts and a few excerpts, every piece of
text :func:`html.escape`-d. simplekml's own escaping passes CDATA sections
through untouched and skips ExtendedData, so it is switched off
(``parsetext(False)``) and every value is escaped here, once, by :func:`_xml`.
A place without coordinates is left out, as the map leaves it off.
"""

from __future__ import annotations

import html
import re

import simplekml

from geo.export.view import ExportView
from geo.i18n import translator
from geo.i18n.relations import relation_text

#: How many excerpts a Placemark's description shows.
KML_EXCERPTS = 5
#: Icon colours (KML's aabbggrr): the parser's places, and the places a journalist corrected.
PARSED_COLOUR, CORRECTED_COLOUR = "ff8f6f2f", "ff1f8ff1"
#: Characters XML 1.0 forbids, which pasted article text may still hold.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: object) -> str:
    """Text as XML character data: escaped, and without the characters XML cannot hold."""
    return html.escape(_NOT_XML.sub("", "" if text is None else str(text)), quote=False)


def _label(row: dict) -> str:
    return f"{row['name']} · {row['name_ar']}" if row["name_ar"] else str(row["name"])


def description(row: dict) -> str:
    """The Placemark's description as HTML: names, counts, corrections and the first excerpts, all escaped."""
    e = html.escape
    mentions, articles, corrected = int(row["mentions"]), int(row["articles"]), int(row["corrected"])
    parts = [f"<p><b><bdi>{e(str(row['name']))}</bdi></b>"]
    if row["name_ar"]:
        parts.append(f' · <span dir="rtl" lang="ar">{e(row["name_ar"])}</span>')
    parts.append(f"<br>{e(str(row['kind']))} · {mentions} mention{'s' * (mentions != 1)}"
                 f" in {articles} article{'s' * (articles != 1)}</p>")
    if corrected:
        parts.append(f"<p><b>Corrected by a journalist</b>: {corrected} mention{'s' * (corrected != 1)}</p>")
    parts.append("<ul>")
    for excerpt in row["excerpts"][:KML_EXCERPTS]:
        direction = "rtl" if excerpt["language"] == "ar" else "ltr"
        note = f" <i>(corrected: {e(excerpt['correction_note'])})</i>" if excerpt["correction_note"] else ""
        where = relation_text(excerpt["relation"], excerpt["distance_km"], str(excerpt["text"]), translator("en"))
        note = f" <i>({e(where)})</i>{note}" if where else note
        parts.append(
            f"<li><i><bdi>{e(str(excerpt['title']))}</bdi></i> ({e(str(excerpt['published'] or 'undated'))},"
            f" <bdi>{e(str(excerpt['source'] or 'no source'))}</bdi>):"
            f' <span dir="{direction}">{e(str(excerpt["sentence"]))}</span>{note}</li>'
        )
    parts.append("</ul>")
    if row["excerpt_total"] > KML_EXCERPTS:
        parts.append(f"<p>and {row['excerpt_total'] - KML_EXCERPTS} more mentions</p>")
    return "".join(parts)


def _style(colour: str) -> simplekml.Style:
    style = simplekml.Style()
    style.iconstyle.color = colour  # tints Google Earth's own pushpin
    return style


def write(view: ExportView) -> bytes:
    """The KML document as UTF-8 bytes."""
    kml = simplekml.Kml(name="Kharita places")
    kml.parsetext(False)
    parsed, corrected = _style(PARSED_COLOUR), _style(CORRECTED_COLOUR)
    for row in view.rows():
        if row["lat"] is None or row["lon"] is None:
            continue
        mark = " (corrected)" if row["corrected"] else ""
        point = kml.newpoint(name=_xml(_label(row) + mark), coords=[(float(row["lon"]), float(row["lat"]))])
        point.description = _xml(description(row))
        point.style = corrected if row["corrected"] else parsed
        for key in ("place_id", "name", "name_ar", "kind", "country_code", "admin1", "admin2", "mentions",
                    "articles", "corrected"):
            point.extendeddata.newdata(key, _xml(row[key]))
    return kml.kml().encode("utf-8")

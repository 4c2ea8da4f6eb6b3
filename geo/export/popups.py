"""The standalone map's popups: each place's names, counts, corrections and excerpts, bound to its marker or shape.

The app shows excerpts in a panel beside the map; a file has no panel, so a
click opens a popup instead. Every piece of text is :func:`html.escape`-d
here, and the popups reach the page as data, never as template or script
source (:func:`geo.maps.inert.inert_json`): a backtick, ``${...}``, ``{{ }}`` or ``{% %}`` in
an article stays text.
"""

from __future__ import annotations

import html

from branca.element import MacroElement
from jinja2 import Template

from geo.export.view import ExportView
from geo.i18n import translator
from geo.i18n.relations import relation_text
from geo.maps.inert import inert_json


def _excerpt_html(excerpt: dict) -> str:
    e = html.escape
    sentence, start, end = str(excerpt["sentence"]), excerpt["start"], excerpt["end"]
    marked = f"{e(sentence[:start])}<mark>{e(sentence[start:end])}</mark>{e(sentence[end:])}"
    direction, lang = ("rtl", "ar") if excerpt["language"] == "ar" else ("ltr", e(str(excerpt["language"] or "")))
    where = relation_text(excerpt["relation"], excerpt["distance_km"], str(excerpt["text"]), translator("en"))
    where = f'<div class="kh-x-meta">{e(where)}</div>' if where else ""
    note = ""
    if excerpt["corrected"]:
        note = '<div class="kh-x-note">Corrected by a journalist'
        note += f": {e(excerpt['correction_note'])}</div>" if excerpt["correction_note"] else "</div>"
    return (
        '<div class="kh-x-excerpt">'
        # Each text in its own <bdi>: an Arabic title, or a U+202E in one, leaves the rest of the line alone.
        f'<div class="kh-x-meta"><b><bdi>{e(str(excerpt["title"]))}</bdi></b>'
        f' · {e(str(excerpt["published"] or "undated"))} · <bdi>{e(str(excerpt["source"] or "no source"))}</bdi>'
        f' · article {int(excerpt["article_id"])}</div>'
        f'{where}'
        f'<blockquote dir="{direction}" lang="{lang}">{marked}</blockquote>{note}</div>'
    )


def popup_html(row: dict) -> str:
    """One place's popup as HTML, every text escaped."""
    e = html.escape
    mentions, articles, corrected = int(row["mentions"]), int(row["articles"]), int(row["corrected"])
    arabic = f' · <bdi dir="rtl" lang="ar">{e(row["name_ar"])}</bdi>' if row["name_ar"] else ""
    parts = [
        f'<div class="kh-x-popup"><h3><bdi>{e(str(row["name"]))}</bdi>{arabic}</h3>',
        f'<div class="kh-x-count">{e(str(row["kind"]))} · {mentions} mention{"s" * (mentions != 1)}'
        f' in {articles} article{"s" * (articles != 1)}</div>',
    ]
    if corrected:
        parts.append(f'<div class="kh-x-note">{corrected} mention{"s" * (corrected != 1)} corrected by a journalist'
                     "</div>")
    parts.extend(_excerpt_html(excerpt) for excerpt in row["excerpts"])
    hidden = row["excerpt_total"] - len(row["excerpts"])
    if hidden > 0:
        parts.append(f'<div class="kh-x-count">and {hidden} more mention{"s" * (hidden != 1)}</div>')
    parts.append("</div>")
    return "".join(parts)


class Popups(MacroElement):
    """Binds a popup to every marker or shape whose feature's ``place_id`` has one, clustered ones included.

    ``popups`` maps place ids to escaped HTML (:func:`popup_html`).
    """

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>
  .kh-x-popup { font: 13px/1.4 system-ui, sans-serif; }
  .kh-x-popup h3 { margin: 0 0 2px; font-size: 15px; }
  .kh-x-count, .kh-x-meta { color: #555; font-size: 12px; }
  .kh-x-note { color: #b35c00; font-size: 12px; }
  .kh-x-excerpt { border-top: 1px solid #ddd; margin-top: 6px; padding-top: 4px; }
  .kh-x-excerpt blockquote { margin: 2px 0; }
  .kh-x-excerpt mark { background: #ffe58a; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var popups = {{ this.popups_js }};
  function bind(layer) {
    var p = layer.feature && layer.feature.properties;
    if (p && Object.prototype.hasOwnProperty.call(popups, p.place_id) && !layer.getPopup()) {
      layer.bindPopup(popups[p.place_id], {maxWidth: 380, maxHeight: 340});
    }
    if (layer.eachLayer) { layer.eachLayer(bind); }
  }
  map.eachLayer(bind);
  map.on("layeradd", function (e) { bind(e.layer); });
})();
{% endmacro %}
"""
    )

    def __init__(self, popups: dict[str, str]):
        super().__init__()
        self._name = "Popups"
        self.popups_js = inert_json(popups)


def popups(view: ExportView) -> Popups:
    """The popups of every place of ``view``."""
    return Popups({row["place_id"]: popup_html(row) for row in view.rows()})

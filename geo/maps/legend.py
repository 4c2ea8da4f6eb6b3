"""The map's legend: a band along the bottom keying each kind of place, areas, borders and rivers, in the
interface's language (``lang``; right to left in Arabic)."""

from __future__ import annotations

import html

from branca.element import MacroElement
from jinja2 import Template

from geo.i18n import DEFAULT_LANGUAGE, translator
from geo.maps.kinds import KIND_STYLE, kind_label, shape_svg


def legend_html(kinds: list[str], *, areas: bool, lines: bool, lang: str = DEFAULT_LANGUAGE) -> str:
    """The legend's HTML for the kinds on the map, escaped, in ``lang``; ``lines``: borders and rivers.

    >>> "<script>" in legend_html(["<script>"], areas=False, lines=False)
    False
    >>> legend_html(["city"], areas=False, lines=False, lang="ar").startswith('<div dir="rtl"><h4>الأماكن')
    True
    """
    t = translator(lang)
    rows = [f"<span>{shape_svg(kind)}{html.escape(kind_label(kind, lang))}</span>" for kind in kinds]
    if areas:
        rows.append(
            '<span><svg viewBox="0 0 100 100" aria-hidden="true"><rect class="kh-keep" x="5" y="5" width="90" '
            'height="90" fill="#2f6f8f" fill-opacity=".45" stroke="#2f6f8f" stroke-width="8"/></svg>'
            f"{html.escape(t('maps.legend.areas'))}</span>"
        )
    if lines:
        rows.append(
            '<span><svg viewBox="0 0 100 100" aria-hidden="true"><line class="kh-keep" x1="0" y1="50" x2="100" '
            f'y2="50" stroke="#8e2c48" stroke-width="24" stroke-dasharray="30 12"/></svg>'
            f"{html.escape(t('maps.legend.border'))}</span>"
        )
        rows.append(
            '<span><svg viewBox="0 0 100 100" aria-hidden="true"><line class="kh-keep" x1="0" y1="50" x2="100" '
            f'y2="50" stroke="{KIND_STYLE["water"][0]}" stroke-width="24"/></svg>{html.escape(t("maps.legend.river"))}'
            "</span>"
        )
    body = (f"<h4>{html.escape(t('maps.legend.title'))}</h4>" + "".join(rows)
            + f'<span class="kh-note">{html.escape(t("maps.legend.size"))}</span>')
    return f'<div dir="rtl">{body}</div>' if t.dir == "rtl" else body


class Legend(MacroElement):
    """A legend control in a corner of the map (a Leaflet position, bottom left unless told);
    ``html_text`` must already be escaped (see :func:`legend_html`)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var legend = L.control({position: {{ this.position|tojson }}});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "kh-legend");
    div.innerHTML = {{ this.html|tojson }};
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
"""
    )

    def __init__(self, html_text: str, *, position: str = "bottomleft"):
        super().__init__()
        self._name = "Legend"
        self.html = html_text
        self.position = position

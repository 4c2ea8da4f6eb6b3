"""The map's legend: a band along the bottom keying each kind of place, areas, borders and rivers."""

from __future__ import annotations

import html

from branca.element import MacroElement
from jinja2 import Template

from geo.maps.kinds import KIND_STYLE, shape_svg


def legend_html(kinds: list[str], *, areas: bool, lines: bool) -> str:
    """The legend's HTML for the kinds on the map, escaped; ``lines``: borders and rivers.

    >>> "<script>" in legend_html(["<script>"], areas=False, lines=False)
    False
    """
    rows = [f"<span>{shape_svg(kind)}{html.escape(kind)}</span>" for kind in kinds]
    if areas:
        rows.append(
            '<span><svg viewBox="0 0 100 100" aria-hidden="true"><rect class="kh-keep" x="5" y="5" width="90" '
            'height="90" fill="#2f6f8f" fill-opacity=".45" stroke="#2f6f8f" stroke-width="8"/></svg>'
            "province / district (shade: mentions)</span>"
        )
    if lines:
        rows.append(
            '<span><svg viewBox="0 0 100 100" aria-hidden="true"><line class="kh-keep" x1="0" y1="50" x2="100" '
            'y2="50" stroke="#8e2c48" stroke-width="24" stroke-dasharray="30 12"/></svg>border</span>'
        )
        rows.append(
            '<span><svg viewBox="0 0 100 100" aria-hidden="true"><line class="kh-keep" x1="0" y1="50" x2="100" '
            f'y2="50" stroke="{KIND_STYLE["water"][0]}" stroke-width="24"/></svg>river</span>'
        )
    return "<h4>Places named</h4>" + "".join(rows) + '<span class="kh-note">size: mentions</span>'


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

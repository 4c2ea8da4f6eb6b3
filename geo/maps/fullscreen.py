"""The fullscreen button: the map fills the screen, or its frame's window where the page may not go fullscreen.

Hand-written rather than folium's ``plugins.Fullscreen``: the plugin's script
(leaflet.fullscreen) has no package on PyPI (only an old copy inside a Plone
add-on, which needs Plone), so the app could not serve it offline without
copying another project's code into the repository.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from geo.i18n import DEFAULT_LANGUAGE, translator


class Fullscreen(MacroElement):
    """A fullscreen button in the top-left corner, under the zoom buttons."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var control = L.control({position: "topleft"});
  control.onAdd = function () {
    var div = L.DomUtil.create("div", "leaflet-bar kh-fullscreen");
    var a = L.DomUtil.create("a", "", div);
    a.href = "#";
    a.title = {{ this.title|tojson }};
    a.setAttribute("aria-label", {{ this.title|tojson }});
    a.setAttribute("role", "button");
    a.textContent = "\\u26F6";
    L.DomEvent.on(a, "click", function (e) {
      L.DomEvent.preventDefault(e);
      var box = map.getContainer();
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else if (document.fullscreenEnabled && box.requestFullscreen) {
        box.requestFullscreen();
      } else {
        box.classList.toggle("kh-fullscreen-on");
      }
      setTimeout(function () { map.invalidateSize(); }, 200);
    });
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  control.addTo(map);
})();
{% endmacro %}
"""
    )

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        super().__init__()
        self._name = "Fullscreen"
        self.title = translator(lang)("map.fullscreen")

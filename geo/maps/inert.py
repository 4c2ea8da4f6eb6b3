"""Data for a map's scripts as JavaScript that no template pass can change and no text can break out of.

branca renders each element's script as a Jinja template a second time
(``MacroElement.render`` wraps its output in ``Element(...)``), so JSON
written with Jinja's ``tojson`` is itself a template on that pass: a place
named ``{{7*7}}`` would come out as ``49``, and ``{% if %}`` would stop the
map. :func:`inert_json` writes the JSON as a JavaScript string literal given
to ``JSON.parse``, in which every Jinja delimiter and HTML special is a
``\\u`` escape. Every element whose data holds text (names, tooltips,
excerpts) writes it with this.

An :class:`InertData` element also skips that second pass itself: its
script goes into the page as text. Compiling a map's places (800 KB at a
year's coverage) as a template only for it to come out unchanged was half
the cost of handing them to st_folium.
"""

from __future__ import annotations

import json

from branca.element import Element, Figure, MacroElement

#: What :func:`inert_json` writes as a ``\u`` escape: Jinja's delimiters, HTML's specials, JavaScript's line ends.
_INERT = tuple((c, f"\\u{ord(c):04x}") for c in "{}%#<>&'\u2028\u2029")


def inert_json(value: object) -> str:
    r"""``value`` as a JavaScript expression no template pass can change, and no text can break out of.

    >>> print(inert_json({"a": "{{7*7}} </script>"}))
    JSON.parse("\u007b\"a\": \"\u007b\u007b7*7\u007d\u007d \u003c/script\u003e\"\u007d")
    """
    text = json.dumps(json.dumps(value, ensure_ascii=False), ensure_ascii=False)
    # One str.replace a character: ten times as fast as str.translate on a map's 800 KB of places.
    for char, escape in _INERT:
        text = text.replace(char, escape)
    return f"JSON.parse({text})"


class Text(Element):
    """Text that renders as itself: no template, so nothing in it is read as one."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text.removesuffix("\n")  # as a template would (Jinja drops one final line end)


class InertData(MacroElement):
    """A map element whose template writes its data as ``{{ this.js("data") }}`` (see :func:`inert_json`).

    Each attribute is written once while it holds the same object: st_folium renders a layer's script twice
    (``render()``, then its own pass over the element tree), and a map's places are most of its size.

    Its macros' output goes into the page as :class:`Text`, not compiled as a template a second time as
    ``MacroElement.render`` does. A folium class's own ``render`` must still run first, so list ``InertData``
    after it: ``class PlaceMarkers(Layer, InertData)`` (its ``render`` then takes MacroElement's place).
    """

    def js(self, attribute: str) -> str:
        value = getattr(self, attribute)
        written = self.__dict__.setdefault("_inert_written", {})
        if attribute not in written or written[attribute][0] is not value:
            written[attribute] = (value, inert_json(value))
        return written[attribute][1]

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("You cannot render this Element if it is not in a Figure.")
        macros = self._template.module.__dict__
        for part, into in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            if part in macros:
                into.add_child(Text(macros[part](self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)

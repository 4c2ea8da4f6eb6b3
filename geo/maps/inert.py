"""Data for a map's scripts as JavaScript that no template pass can change and no text can break out of.

branca renders each element's script as a Jinja template a second time
(``MacroElement.render`` wraps its output in ``Element(...)``), so JSON
written with Jinja's ``tojson`` is itself a template on that pass: a place
named ``{{7*7}}`` would come out as ``49``, and ``{% if %}`` would stop the
map. :func:`inert_json` writes the JSON as a JavaScript string literal given
to ``JSON.parse``, in which every Jinja delimiter and HTML special is a
``\\u`` escape. Every element whose data holds text (names, tooltips,
excerpts) writes it with this.
"""

from __future__ import annotations

import json

#: What :func:`inert_json` writes as a ``\u`` escape: Jinja's delimiters, HTML's specials, JavaScript's line ends.
_INERT = str.maketrans({c: f"\\u{ord(c):04x}" for c in "{}%#<>&'\u2028\u2029"})


def inert_json(value: object) -> str:
    r"""``value`` as a JavaScript expression no template pass can change, and no text can break out of.

    >>> print(inert_json({"a": "{{7*7}} </script>"}))
    JSON.parse("\u007b\"a\": \"\u007b\u007b7*7\u007d\u007d \u003c/script\u003e\"\u007d")
    """
    return f"JSON.parse({json.dumps(json.dumps(value, ensure_ascii=False), ensure_ascii=False).translate(_INERT)})"


class InertData:
    """A map element whose template writes its data as ``{{ this.js("data") }}`` (see :func:`inert_json`)."""

    def js(self, attribute: str) -> str:
        return inert_json(getattr(self, attribute))

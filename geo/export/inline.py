"""Assets written into the page itself, for a map opened from ``file://`` with no network:
the counterpart of :meth:`geo.maps.assets.AssetUrls.localise`.

The map is rendered with its assets under :data:`INLINE_BASE`, a root no
browser can fetch; :func:`inline_assets` then replaces each ``<script src>``
and stylesheet ``<link>`` folium wrote for them with the file's contents, read
from the same XStatic package the app serves it from (:data:`geo.maps.assets.VENDOR`).
The images a stylesheet names become ``data:`` URIs. A script or stylesheet
left pointing anywhere else is a bug, and raises rather than load from a CDN.
"""

from __future__ import annotations

import base64
import importlib
import mimetypes
import re
from functools import lru_cache
from pathlib import Path

from geo.maps.assets import LOCAL_FILES, VENDOR, AssetUrls

#: The URL root the map's assets are rendered under before they are inlined.
INLINE_BASE = "kharita-inline:"

#: What a page still loads from elsewhere when inlining is done: a script or stylesheet with a URL.
_EXTERNAL = re.compile(r"<script[^>]*\ssrc=|<link[^>]*\srel=.stylesheet", re.IGNORECASE)
#: A stylesheet's ``url(...)`` naming a file beside it (not ``#fragment`` or ``data:``).
_CSS_URL = re.compile(r"url\((['\"]?)(?!data:|#)([^)'\"]+)\1\)")


def asset_path(name: str) -> Path:
    """The installed file of the asset folium's elements call ``name``, in its XStatic package.

    >>> asset_path("leaflet").name
    'leaflet.js'
    """
    _, package, *rest = LOCAL_FILES[name].split("/")
    module = importlib.import_module(VENDOR[package][0])
    return Path(module.BASE_DIR, *rest)


def _data_uri(match: re.Match, folder: Path) -> str:
    path = folder / match.group(2)
    if not path.is_file():
        return match.group(0)
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"url(data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')})"


@lru_cache(maxsize=16)
def _inline_tag(name: str) -> tuple[str, str]:
    """``(kind, tag)``: the asset as an inline ``<script>`` or ``<style>``."""
    path = asset_path(name)
    text = path.read_text("utf-8")
    if path.suffix == ".js":
        # "</script" would end the element early; "<\/" reads the same to JavaScript.
        return "js", "<script>" + re.sub("</(script)", r"<\\/\1", text, flags=re.IGNORECASE) + "</script>"
    css = _CSS_URL.sub(lambda m: _data_uri(m, path.parent), text)
    return "css", "<style>" + re.sub("</(style)", r"<\\/\1", css, flags=re.IGNORECASE) + "</style>"


def inline_assets(page: str, assets: AssetUrls) -> str:
    """``page`` (a map rendered with ``assets``) with every asset's tag replaced by its contents.

    Raises ``LookupError`` when a script or stylesheet still has a URL afterwards.
    """
    for name in LOCAL_FILES:
        url = assets.url(name)
        kind, tag = _inline_tag(name)
        linked = f'<script src="{url}"></script>' if kind == "js" else f'<link rel="stylesheet" href="{url}"/>'
        page = page.replace(linked, tag)
    leftover = _EXTERNAL.search(page)
    if leftover:
        start = leftover.start()
        raise LookupError(f"not inlined: {page[start:start + 160]!r}")
    return page

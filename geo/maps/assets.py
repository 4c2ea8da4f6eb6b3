"""Serving Leaflet and its plugins from the app's own static folder, so that maps work with no network.

folium's elements declare their scripts and stylesheets by name, with CDN URLs
(``default_js`` and ``default_css``, see ``folium.elements.JSCSSMixin``).
Kharita copies the same files out of the installed XStatic packages (and the
basemap out of ``data/basemap/``) into Streamlit's ``static/`` folder, served
at ``/app/static/``, and :meth:`AssetUrls.localise` rewrites every declared
URL to its local copy, by name: the one place an asset's URL is decided.

>>> AssetUrls("/app/static").url("leaflet")
'/app/static/vendor/leaflet/leaflet.js'
"""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from branca.element import Element
from folium.elements import JSCSSMixin

from geo.config import REPO
from geo.exc import MissingData

STATIC_DIR = REPO / "static"
BASEMAP_DIR = REPO / "data" / "basemap"

#: What each vendored package contributes: (XStatic module, files or folders to copy).
VENDOR = {
    "leaflet": ("xstatic.pkg.leaflet", ("leaflet.js", "leaflet.css", "images")),
    "jquery": ("xstatic.pkg.jquery", ("jquery.min.js",)),
    "markercluster": (
        "xstatic.pkg.leaflet_markercluster",
        ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"),
    ),
    # Not XStatic, but laid out as one: the Arabic font the pages and the maps use (geo/maps/fonts/).
    "fonts": ("geo.maps.fonts", ("noto-sans-arabic.css", "files", "OFL.txt")),
}
BASEMAP_FILES = tuple(
    f"{name}.geojson" for name in ("countries", "provinces", "districts", "towns", "rivers", "lakes")
)

#: The local copy of each asset, under the static root, by the name folium's elements declare it under.
LOCAL_FILES = {
    "leaflet": "vendor/leaflet/leaflet.js",
    "leaflet_css": "vendor/leaflet/leaflet.css",
    "jquery": "vendor/jquery/jquery.min.js",
    "markerclusterjs": "vendor/markercluster/leaflet.markercluster.js",
    "markerclustercss": "vendor/markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "vendor/markercluster/MarkerCluster.Default.css",
    "kh_fonts_css": "vendor/fonts/noto-sans-arabic.css",
}

#: Assets ``folium.Map`` declares that no Kharita map uses (Bootstrap, Awesome Markers): never loaded.
UNUSED = frozenset(
    {
        "bootstrap",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers",
        "awesome_markers_css",
        "awesome_markers_font_css",
        "awesome_rotate_css",
    }
)


def _tree(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from _tree(child)


@dataclass(frozen=True)
class AssetUrls:
    """Where the browser finds each asset, under ``base`` (the static URL root)."""

    base: str = "/app/static"

    def url(self, name: str) -> str:
        """URL of the local copy of the asset folium's elements call ``name``."""
        return f"{self.base}/{LOCAL_FILES[name]}"

    def basemap(self, name: str) -> str:
        """URL of a basemap layer, e.g. ``basemap("provinces")``."""
        return f"{self.base}/basemap/{name}.json"

    def localise(self, element: Element) -> None:
        """Point the assets ``element`` and everything in it declare at their local copies.

        An asset with no local copy is a bug (a plugin added without vendoring
        its files): it raises ``LookupError`` rather than load from a CDN.

        >>> from folium.plugins import MarkerCluster
        >>> cluster = MarkerCluster()
        >>> AssetUrls("/s").localise(cluster)
        >>> cluster.default_js
        [('markerclusterjs', '/s/vendor/markercluster/leaflet.markercluster.js')]
        """
        for part in _tree(element):
            if isinstance(part, JSCSSMixin):
                # Instance attributes: the classes' own lists stay as folium wrote them.
                part.default_js = self._local(part.default_js)
                part.default_css = self._local(part.default_css)

    def _local(self, links: list[tuple[str, str]]) -> list[tuple[str, str]]:
        out = []
        for name, url in links:
            if name in UNUSED:
                continue
            if name not in LOCAL_FILES:
                raise LookupError(f"{name} ({url}) has no local copy: vendor it in geo/maps/assets.py")
            out.append((name, self.url(name)))
        return out


def _copy_if_changed(source: Path, target: Path) -> bool:
    if source.is_dir():
        changed = False
        for child in sorted(source.iterdir()):
            changed |= _copy_if_changed(child, target / child.name)
        return changed
    if target.exists():
        have, want = target.stat(), source.stat()
        if have.st_size == want.st_size and have.st_mtime >= want.st_mtime:
            return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return True


def install(static_dir: Path = STATIC_DIR) -> Path:
    """Copy vendored assets and the basemap into ``static_dir``; cheap when up to date.

    Copies rather than links: Streamlit refuses to serve a path that resolves
    outside its static folder. Raises :class:`~geo.exc.MissingData` with the
    fix when a package or the derived basemap is missing.
    """
    for name, (module_name, files) in VENDOR.items():
        try:
            package = importlib.import_module(module_name)
        except ImportError as exc:
            raise MissingData(f"{module_name} is missing: run `make run`") from exc
        for file in files:
            _copy_if_changed(Path(package.BASE_DIR) / file, static_dir / "vendor" / name / file)
    for file in BASEMAP_FILES:
        source = BASEMAP_DIR / file
        if not source.exists():
            raise MissingData(f"{source} is missing: run `python scripts/build_basemap.py`")
        # Streamlit serves .json with a JSON content type; .geojson it may not know.
        _copy_if_changed(source, static_dir / "basemap" / (source.stem + ".json"))
    return static_dir

"""Front-end assets served by the app itself, so maps work with no network.

folium points Leaflet, jQuery and its plugins at public CDNs. Kharita instead
copies them out of the installed XStatic packages (and the basemap out of
``data/basemap/``) into Streamlit's ``static/`` folder, served at
``/app/static/``, and hands folium those local URLs.

>>> urls = AssetUrls("/app/static")
>>> urls.js[0]
('leaflet', '/app/static/vendor/leaflet/leaflet.js')
"""

from __future__ import annotations

import importlib
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC_DIR = ROOT / "static"
BASEMAP_DIR = ROOT / "data" / "basemap"

#: What each vendored package contributes: (xstatic module, files or folders to copy).
VENDOR = {
    "leaflet": ("xstatic.pkg.leaflet", ("leaflet.js", "leaflet.css", "images")),
    "jquery": ("xstatic.pkg.jquery", ("jquery.min.js",)),
    "markercluster": (
        "xstatic.pkg.leaflet_markercluster",
        ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"),
    ),
}
BASEMAP_FILES = ("countries.geojson", "provinces.geojson")


@dataclass(frozen=True)
class AssetUrls:
    """Where the browser finds each asset, under ``base`` (the static URL root)."""

    base: str = "/app/static"

    @property
    def js(self) -> list[tuple[str, str]]:
        return [
            ("leaflet", f"{self.base}/vendor/leaflet/leaflet.js"),
            ("jquery", f"{self.base}/vendor/jquery/jquery.min.js"),
        ]

    @property
    def css(self) -> list[tuple[str, str]]:
        return [("leaflet_css", f"{self.base}/vendor/leaflet/leaflet.css")]

    @property
    def markercluster_js(self) -> list[tuple[str, str]]:
        return [("markerclusterjs", f"{self.base}/vendor/markercluster/leaflet.markercluster.js")]

    @property
    def markercluster_css(self) -> list[tuple[str, str]]:
        folder = f"{self.base}/vendor/markercluster"
        return [
            ("markerclustercss", f"{folder}/MarkerCluster.css"),
            ("markerclusterdefaultcss", f"{folder}/MarkerCluster.Default.css"),
        ]

    def basemap(self, name: str) -> str:
        """URL of a basemap layer, e.g. ``basemap("provinces")``."""
        return f"{self.base}/basemap/{name}.json"


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
    outside its static folder. Raises ``FileNotFoundError`` with the fix when a
    package or the derived basemap is missing.
    """
    for name, (module_name, files) in VENDOR.items():
        try:
            package = importlib.import_module(module_name)
        except ImportError as exc:
            raise FileNotFoundError(f"{module_name} is missing: run `make run`") from exc
        for file in files:
            _copy_if_changed(Path(package.BASE_DIR) / file, static_dir / "vendor" / name / file)
    for file in BASEMAP_FILES:
        source = BASEMAP_DIR / file
        if not source.exists():
            raise FileNotFoundError(f"{source} is missing: run `python scripts/build_basemap.py`")
        # Streamlit serves .json with a JSON content type; .geojson it may not know.
        _copy_if_changed(source, static_dir / "basemap" / (source.stem + ".json"))
    return static_dir

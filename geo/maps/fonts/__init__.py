"""Noto Sans Arabic (SIL Open Font License 1.1, ``OFL.txt``), shipped with the app so Arabic looks the same on
every viewer's machine: its Arabic and Latin subsets, regular and bold, as woff2 from the npm package
``@fontsource/noto-sans-arabic`` 5.3.0.

``noto-sans-arabic.css`` declares them, each subset for its Unicode range, so a browser fetches only the
subsets a page's text uses. :mod:`geo.maps.assets` installs this folder beside Leaflet (``BASE_DIR``, as an
XStatic package names its files), and the standalone export inlines the files as ``data:`` URLs.
"""

from pathlib import Path

BASE_DIR = str(Path(__file__).parent)
#: The family name the stylesheet declares, for CSS font stacks.
FAMILY = "Noto Sans Arabic"

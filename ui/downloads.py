"""Download buttons: the view under the page's filters in every format of :data:`geo.export.FORMATS`.

A file is written only when its button is clicked (Streamlit calls the
button's ``data`` then, off the page's run), and kept per format, filters
and store revision (:func:`ui.data.stamp`), so a second click is instant and
a new article or correction gives a new file.
"""

from __future__ import annotations

import streamlit as st

from geo.export import FORMATS
from geo.store import Filters
from ui import data, lang


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False, max_entries=32)
def export(name: str, filters: Filters, version: data.Version) -> bytes:
    """The file of format ``name`` for the view under ``filters`` at store revision ``version``."""
    return FORMATS[name].write(data.store(), filters, data.gazetteer())


def draw(filters: Filters, *, label: str = "downloads.label", key: str = "download") -> None:
    """An expander (titled by the message ``label``) holding one download button per format for the view under
    ``filters``, each named by ``downloads.format.<name>``. The files' contents stay in English."""
    version = data.stamp()
    t = lang.t()
    with st.expander(t(label), icon=":material/download:"):
        for fmt in FORMATS.values():
            st.download_button(
                t(f"downloads.format.{fmt.name}"), data=lambda name=fmt.name: export(name, filters, version),
                file_name=fmt.filename(filters), mime=fmt.mime, key=f"{key}-{fmt.name}", on_click="ignore",
                use_container_width=True,
            )

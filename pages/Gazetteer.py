"""Gazetteer: find a place by any name in any script, see all its names and its map, add or remove user aliases.

The search and the open place live in the address bar (``?q=بادغيس&id=geonames:1147707``),
so a view is shared by its link; the parts are ui/gazetteer.py's.
"""

import streamlit as st

from ui import data, page
from ui import gazetteer as gz
from ui.correct import place_label

page.setup("Gazetteer", icon="📖")
st.title("Gazetteer")
st.caption(
    "Search by any name, in any script (Qala-i-Naw, قلعة ناو, Badghis, بادغيس), or by the start of one. "
    "Open a place to see every name it has and its map, and to add a spelling the press uses as an alias: "
    "the geoparser reads it from then on, and the articles that hold it are reparsed at once."
)

params = st.query_params
query, place_id = params.get(gz.QUERY, ""), params.get(gz.PLACE) or None
places = {}
with page.friendly_errors("searching the gazetteer"):
    typed = st.text_input("Name", value=query, max_chars=200, placeholder="e.g. قلعة ناو, Badghis, Kab…")
    if typed.strip() != query:
        st.query_params.from_dict({gz.QUERY: typed.strip()} if typed.strip() else {})
        st.rerun()

    hits = gz.find(query) if query else []
    if query and not hits:
        st.info("No place in the gazetteer has that name, or a name starting with it.", icon=":material/search_off:")
    if hits:
        st.dataframe(gz.hits_frame(hits, data.country_names()), hide_index=True, width="stretch",
                     key="gz-hits")
    places = {hit.place.id: hit.place for hit in hits}
    if place_id and place_id not in places:
        shared = data.gazetteer().get(place_id)  # a link to a place the query does not find
        if shared is not None:
            places[place_id] = shared
    if places:
        ids = list(places)
        picked = st.selectbox(f"Open a place ({len(ids):,} found)", ids,
                              index=ids.index(place_id) if place_id in ids else 0,
                              format_func=lambda i: place_label(places[i]))
        if picked != place_id:
            st.query_params[gz.PLACE] = picked
            st.rerun()

place = places.get(place_id) if place_id else None
aliases = data.store().aliases()
if place is not None:
    with page.friendly_errors("showing the place"):
        gz.show_place(place, aliases)
elif place_id:
    st.warning("There is no such place in the gazetteer.")
with page.friendly_errors("changing the aliases"):
    gz.aliases_section(place, aliases)

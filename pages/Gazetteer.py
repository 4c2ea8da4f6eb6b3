"""Gazetteer: find a place by any name in any script, see all its names and its map, add or remove user aliases.

The search and the open place live in the address bar (``?q=بادغيس&id=geonames:1147707``),
so a view is shared by its link; the parts are ui/gazetteer.py's.
"""

import streamlit as st

from ui import data, page, urls
from ui import gazetteer as gz
from ui.correct import place_label

t = page.setup("nav.gazetteer", icon="📖")
st.title(t("gazetteer.title"))
st.caption(t("gazetteer.caption"))

params = st.query_params
query, place_id = params.get(gz.QUERY, ""), params.get(gz.PLACE) or None
places = {}
with page.friendly_errors("errors.searching_gazetteer"):
    typed = st.text_input(t("gazetteer.name"), value=query, max_chars=200, placeholder=t("gazetteer.name_placeholder"))
    if typed.strip() != query:
        st.query_params.from_dict({gz.QUERY: typed.strip(), **urls.language(t.lang)} if typed.strip()
                                  else urls.language(t.lang))
        st.rerun()

    hits = gz.find(query) if query else []
    if query and not hits:
        st.info(t("gazetteer.none"), icon=":material/search_off:")
    if hits:
        st.dataframe(gz.hits_frame(hits, data.country_names(t.lang), lang=t.lang, admin_names=data.admin_names(t.lang)),
                     hide_index=True, width="stretch", key="gz-hits", column_config=gz.column_config(t))
    places = {hit.place.id: hit.place for hit in hits}
    if place_id and place_id not in places:
        shared = data.gazetteer().get(place_id)  # a link to a place the query does not find
        if shared is not None:
            places[place_id] = shared
    if places:
        ids = list(places)
        picked = st.selectbox(t("gazetteer.open", found=t.number(len(ids))), ids,
                              index=ids.index(place_id) if place_id in ids else 0,
                              format_func=lambda i: place_label(places[i], t.lang))
        if picked != place_id:
            st.query_params[gz.PLACE] = picked
            st.rerun()

place = places.get(place_id) if place_id else None
with page.friendly_errors("errors.changing_aliases"):
    aliases = data.store().aliases()  # the place's own aliases are shown with it: the store must answer first
    if place is not None:
        with page.friendly_errors("errors.showing_place"):
            gz.show_place(place, aliases)
    elif place_id:
        st.warning(t("gazetteer.no_such_place"))
    gz.aliases_section(place, aliases)

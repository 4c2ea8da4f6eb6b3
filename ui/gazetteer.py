"""The Gazetteer page's parts: the search results, a place's card, names and map, and the user aliases with their form.

The tables are built by pure functions (tested without Streamlit); the
widgets follow. Every alias and note is a user's text: it reaches the page
only through ``st.text``, ``st.dataframe`` or :func:`html.escape`, never as
Markdown. Adding or removing an alias marks the articles whose text holds
the name, and the page reparses them at once, with a progress bar.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.exc import BadInput
from geo.gazetteer import place_dict
from geo.gazetteer.browse import SOURCE_LABELS, Hit, PlaceName, names_of, search
from geo.maps.place_map import place_map
from geo.records import Place
from ui import data, page
from ui.correct import place_label, who_field
from ui.excerpts import PANEL_CSS, hierarchy, place_header_html

#: The address bar's search query and selected place: ``?q=بادغيس&id=geonames:1147707``.
QUERY, PLACE = "q", "id"
#: How many places a search lists.
SEARCH_LIMIT = 25
#: What the search says about how a place matched (see :data:`geo.gazetteer.browse.HOW`).
HOW_LABELS = {"name": "its name", "start": "the start of a name", "similar": "a near spelling"}
#: The session key of the message shown after an alias was added or removed (and articles reparsed).
DONE = "gazetteer_done"


def coordinates(place: Place) -> str:
    """``34.987°N 63.129°E``, or an empty text for a place without coordinates.

    >>> coordinates(Place("x:1", "Lima", "city", -12.05, -77.04))
    '12.050°S 77.040°W'
    """
    if place.lat is None or place.lon is None:
        return ""
    return (f"{abs(place.lat):.3f}°{'N' if place.lat >= 0 else 'S'} "
            f"{abs(place.lon):.3f}°{'E' if place.lon >= 0 else 'W'}")


def hierarchy_text(place: Place, country_names: Mapping[str, str]) -> str:
    """The place's district › province › country, as :func:`ui.excerpts.hierarchy` gives it."""
    return " › ".join(hierarchy(place_dict(place), country_names))


def hits_frame(hits: list[Hit], country_names: Mapping[str, str]) -> pd.DataFrame:
    """The search's places as a table: name, Arabic name, kind, hierarchy, population, coordinates,
    how it matched and its id."""
    rows = [{
        "Name": hit.place.name,
        "Arabic": hit.place.names.get("ar"),
        "Kind": hit.place.kind,
        "In": hierarchy_text(hit.place, country_names),
        "Population": hit.place.population or None,
        "Coordinates": coordinates(hit.place),
        "Matched by": f"{HOW_LABELS[hit.how]} ({hit.matched})",
        "Id": hit.place.id,
    } for hit in hits]
    return pd.DataFrame(rows, columns=["Name", "Arabic", "Kind", "In", "Population", "Coordinates", "Matched by",
                                       "Id"])


def names_frame(names: list[PlaceName], user_aliases: pd.DataFrame) -> pd.DataFrame:
    """Every name of a place: the gazetteer's (see :func:`geo.gazetteer.browse.names_of`), then the
    user aliases in use that point at it (rows of ``Store.aliases`` for that place)."""
    rows = [{"Name": n.text, "Language": n.lang, "Script": n.script, "From": SOURCE_LABELS[n.source],
             "Note": n.note} for n in names]
    for alias in user_aliases.to_dict("records"):
        rows.append({"Name": alias["name"], "Language": None, "Script": PlaceName(alias["name"], None, "").script,
                     "From": f"user alias, by {alias['who']} at {alias['at']}", "Note": alias["note"]})
    return pd.DataFrame(rows, columns=["Name", "Language", "Script", "From", "Note"])


def aliases_frame(aliases: pd.DataFrame) -> pd.DataFrame:
    """The user aliases in use as the page lists them (rows of ``Store.aliases``)."""
    frame = aliases.rename(columns={"alias_id": "Alias", "name": "Name", "place_name": "Place", "kind": "Kind",
                                    "place_id": "Place id", "who": "Who", "at": "When", "note": "Note"})
    return frame[["Alias", "Name", "Place", "Kind", "Place id", "Who", "When", "Note"]]


def alias_line(row: Mapping) -> str:
    """One alias as plain text, for its Remove button.

    >>> alias_line({"alias_id": 3, "name": "قلعه‌نوی", "place_name": "Qala-i-Naw", "kind": "city", "who": "Mina"})
    '#3 “قلعه\\u200cنوی” → Qala-i-Naw (city) · by Mina'
    """
    return f"#{int(row['alias_id'])} “{row['name']}” → {row['place_name']} ({row['kind']}) · by {row['who']}"


# ---------------------------------------------------------------------- widgets


def find(query: str) -> list[Hit]:
    """The places the search finds (an unreadable query says why, and finds none)."""
    try:
        return search(data.gazetteer(), query, limit=SEARCH_LIMIT)
    except BadInput as exc:
        st.warning(str(exc))
        return []


def show_place(place: Place, user_aliases: pd.DataFrame) -> None:
    """A place's card (names, kind, hierarchy, coordinates, population) beside its map, then every name it has."""
    gaz, countries = data.gazetteer(), data.country_names()
    card, map_column = st.columns([2, 3], gap="large")
    with card:
        header = place_header_html({**place_dict(place), "name_ar": place.names.get("ar")}, countries)
        st.html(f'{PANEL_CSS}<div class="kh-panel">{header}</div>')
        population = f"Population {place.population:,}" if place.population else "Population not known"
        st.caption(f"{population} · id {place.id}")
    with map_column, page.friendly_errors("drawing the place's map"):
        st_folium(place_map(place, gaz.geometry(place.id), assets=page.asset_urls()), height=360,
                  use_container_width=True, returned_objects=[], key=f"gz-map-{place.id}")
    names = names_frame(names_of(gaz, place.id), user_aliases[user_aliases["place_id"] == place.id])
    st.subheader(f"Names ({len(names):,})")
    st.dataframe(names, hide_index=True, width="stretch", key="gz-names")


def reparse_marked() -> int:
    """Reparse the articles an alias change marked, with a progress bar; how many were reparsed."""
    from geo.ingest import Ingestor

    ingestor = Ingestor(data.store())
    total = len(ingestor.stale_articles())
    if not total:
        return 0
    bar = st.progress(0.0, text=f"Reparsing {total:,} article{'s' if total != 1 else ''}…")
    done = 0
    for done, result in enumerate(ingestor.reparse(), 1):
        bar.progress(done / total, text=f"Reparsed {done:,} of {total:,} (article #{result.article_id})")
    bar.progress(1.0, text=f"Reparsed {done:,} article{'s' if done != 1 else ''}.")
    return done


def _finish(message: str) -> None:
    """Reparse what the change marked, remember what happened for the next run, and redraw."""
    count = reparse_marked()
    st.session_state[DONE] = f"{message} {count:,} article{'s' if count != 1 else ''} reparsed."
    st.rerun()


def show_done() -> None:
    """What the last alias change did (its message holds no user text)."""
    message = st.session_state.pop(DONE, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def alias_form(place: Place, who: str) -> None:
    """The form adding an alias of ``place``, by ``who``: the name and a note."""
    with st.form("gz-alias", clear_on_submit=True):
        st.markdown("**Add an alias**: a spelling the press uses that the gazetteer lacks")
        st.text(f"for {place_label(place)}")
        name = st.text_input("Alias", max_chars=200, placeholder="e.g. قلعه نو")
        note = st.text_input("Note (where it was seen; why)", max_chars=2000)
        if st.form_submit_button("Add alias", type="primary"):
            try:
                alias_id = data.store().add_alias(name, place, who=who, note=note.strip() or None)
            except BadInput as exc:
                st.error(str(exc))
                return
            _finish(f"Alias #{alias_id} added.")


def aliases_list(aliases: pd.DataFrame, who: str) -> None:
    """Every user alias in use, as a table and with a Remove button each (by ``who``)."""
    st.subheader(f"User aliases ({len(aliases):,})")
    if aliases.empty:
        st.caption("No user alias yet: open a place and add one.")
        return
    st.dataframe(aliases_frame(aliases), hide_index=True, width="stretch", key="gz-aliases")
    for row in aliases.to_dict("records"):
        text, button = st.columns([5, 1], vertical_alignment="center")
        text.text(alias_line(row))
        if button.button("Remove", key=f"gz-remove-{int(row['alias_id'])}", disabled=not who,
                         help="Stop using this alias (it stays in the trail); give your name first"):
            data.store().remove_alias(int(row["alias_id"]), who=who)
            _finish(f"Alias #{int(row['alias_id'])} removed.")


def aliases_section(place: Place | None, aliases: pd.DataFrame) -> None:
    """Your name (remembered for the session, as corrections remember it), the form adding an alias
    of ``place`` (when one is open) and every alias in use."""
    st.divider()
    show_done()
    who = who_field("gz-who")
    if place is not None:
        alias_form(place, who)
    aliases_list(aliases, who)

"""The Gazetteer page's parts: the search results, a place's card, names and map, and the user aliases with their form.

The tables are built by pure functions (tested without Streamlit); the
widgets follow. Every alias and note is a user's text: it reaches the page
only through ``st.text``, ``st.dataframe`` or :func:`html.escape`, never as
Markdown. Adding or removing an alias marks the articles whose text holds
the name, and the page reparses them at once, with a progress bar. The tables
keep English column names (the page shows them in the interface's language,
:func:`column_config`); their interface words are in ``lang``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.exc import BadInput
from geo.gazetteer import place_dict
from geo.gazetteer.browse import Hit, PlaceName, names_of, search
from geo.i18n import DEFAULT_LANGUAGE, Translator, translator
from geo.maps.place_map import place_map
from geo.records import Place
from ui import data, lang, page
from ui.correct import place_label, who_field
from ui.excerpts import PANEL_CSS, hierarchy, place_header_html
from ui.excerpts import coordinates as coordinates_text

#: The address bar's search query and selected place: ``?q=بادغيس&id=geonames:1147707``.
QUERY, PLACE = "q", "id"
#: How many places a search lists.
SEARCH_LIMIT = 25
#: The tables' columns, and the message of each heading.
COLUMNS = {"Name": "name", "Arabic": "arabic", "Kind": "kind", "In": "in", "Population": "population",
           "Coordinates": "coordinates", "Matched by": "matched", "Id": "id", "Language": "language",
           "Script": "script", "From": "from", "Note": "note", "Alias": "alias", "Place": "place",
           "Place id": "place_id", "Who": "who", "When": "when"}


def column_config(t: Translator) -> dict:
    """The tables' headings in ``t``'s language (how a place matched is ``gazetteer.how.<how>``, see
    :data:`geo.gazetteer.browse.HOW`; where a name comes from ``gazetteer.source.<source>``)."""
    return {column: st.column_config.Column(t(f"gazetteer.column.{key}")) for column, key in COLUMNS.items()}
#: The session key of the message shown after an alias was added or removed (and articles reparsed).
DONE = "gazetteer_done"


def coordinates(place: Place, *, lang: str = DEFAULT_LANGUAGE) -> str:
    """``34.987°N 63.129°E`` in ``lang``, or an empty text for a place without coordinates.

    >>> coordinates(Place("x:1", "Lima", "city", -12.05, -77.04))
    '12.05°S 77.04°W'
    """
    return coordinates_text(place.lat, place.lon, lang=lang)


def hierarchy_text(place: Place, country_names: Mapping[str, str], *, lang: str = DEFAULT_LANGUAGE,
                   admin_names: Mapping[str, str] | None = None) -> str:
    """The place's district › province › country, as :func:`ui.excerpts.hierarchy` gives it."""
    return " › ".join(hierarchy(place_dict(place), country_names, lang=lang, admin_names=admin_names))


def hits_frame(hits: list[Hit], country_names: Mapping[str, str], *, lang: str = DEFAULT_LANGUAGE,
               admin_names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The search's places as a table: name, Arabic name, kind, hierarchy, population, coordinates,
    how it matched and its id, in ``lang``."""
    t = translator(lang)
    rows = [{
        "Name": hit.place.name,
        "Arabic": hit.place.names.get("ar"),
        "Kind": t(f"kind.{hit.place.kind}"),
        "In": hierarchy_text(hit.place, country_names, lang=lang, admin_names=admin_names),
        "Population": hit.place.population or None,
        "Coordinates": coordinates(hit.place, lang=lang),
        "Matched by": t("gazetteer.matched", how=t(f"gazetteer.how.{hit.how}"), matched=hit.matched),
        "Id": hit.place.id,
    } for hit in hits]
    return pd.DataFrame(rows, columns=["Name", "Arabic", "Kind", "In", "Population", "Coordinates", "Matched by",
                                       "Id"])


def names_frame(names: list[PlaceName], user_aliases: pd.DataFrame, *, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """Every name of a place: the gazetteer's (see :func:`geo.gazetteer.browse.names_of`), then the
    user aliases in use that point at it (rows of ``Store.aliases`` for that place); where each comes from
    in ``lang``."""
    t = translator(lang)
    rows = [{"Name": n.text, "Language": n.lang, "Script": n.script, "From": t(f"gazetteer.source.{n.source}"),
             "Note": n.note} for n in names]
    for alias in user_aliases.to_dict("records"):
        rows.append({"Name": alias["name"], "Language": None, "Script": PlaceName(alias["name"], None, "").script,
                     "From": t("gazetteer.source.user", who=alias["who"], at=alias["at"]), "Note": alias["note"]})
    return pd.DataFrame(rows, columns=["Name", "Language", "Script", "From", "Note"])


def aliases_frame(aliases: pd.DataFrame) -> pd.DataFrame:
    """The user aliases in use as the page lists them (rows of ``Store.aliases``)."""
    frame = aliases.rename(columns={"alias_id": "Alias", "name": "Name", "place_name": "Place", "kind": "Kind",
                                    "place_id": "Place id", "who": "Who", "at": "When", "note": "Note"})
    return frame[["Alias", "Name", "Place", "Kind", "Place id", "Who", "When", "Note"]]


def alias_line(row: Mapping, *, lang: str = DEFAULT_LANGUAGE) -> str:
    """One alias as plain text, for its Remove button, in ``lang``.

    >>> alias_line({"alias_id": 3, "name": "قلعه‌نوی", "place_name": "Qala-i-Naw", "kind": "city", "who": "Mina"})
    '#3 “قلعه\\u200cنوی” → Qala-i-Naw (city) · by Mina'
    """
    t = translator(lang)
    return t("gazetteer.alias_line", id=int(row["alias_id"]), name=row["name"], place=row["place_name"],
             kind=t(f"kind.{row['kind']}"), who=row["who"])


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
    t = lang.t()
    gaz, countries = data.gazetteer(), data.country_names(t.lang)
    card, map_column = st.columns([2, 3], gap="large")
    with card:
        header = place_header_html({**place_dict(place), "name_ar": place.names.get("ar")}, countries, lang=t.lang,
                                   admin_names=data.admin_names(t.lang))
        st.html(f'{PANEL_CSS}<div class="kh-panel">{header}</div>')
        population = (t("gazetteer.population", population=t.number(place.population)) if place.population
                      else t("gazetteer.population_unknown"))
        st.caption(t("gazetteer.id", population=population, id=place.id))
    with map_column, page.friendly_errors("errors.drawing_place_map"):
        st_folium(place_map(place, gaz.geometry(place.id), assets=page.asset_urls(), lang=t.lang), height=360,
                  use_container_width=True, returned_objects=[], key=f"gz-map-{place.id}-{t.lang}")
    names = names_frame(names_of(gaz, place.id), user_aliases[user_aliases["place_id"] == place.id], lang=t.lang)
    st.subheader(t("gazetteer.names", count=t.number(len(names))))
    st.dataframe(names, hide_index=True, width="stretch", key="gz-names", column_config=column_config(t))


def reparse_marked() -> int:
    """Reparse the articles an alias change marked, with a progress bar; how many were reparsed."""
    from geo.ingest import Ingestor

    ingestor, t = Ingestor(data.store()), lang.t()
    total = len(ingestor.stale_articles())
    if not total:
        return 0
    bar = st.progress(0.0, text=t.plural("gazetteer.reparsing", total))
    done = 0
    for done, result in enumerate(ingestor.reparse(), 1):
        bar.progress(done / total, text=t("gazetteer.reparsed_of", done=t.number(done), total=t.number(total),
                                          id=result.article_id))
    bar.progress(1.0, text=t.plural("gazetteer.reparsed", done))
    return done


def _finish(message: str) -> None:
    """Reparse what the change marked, remember what happened for the next run, and redraw."""
    count = reparse_marked()
    st.session_state[DONE] = f"{message} {lang.t().plural('gazetteer.reparsed', count)}"
    st.rerun()


def show_done() -> None:
    """What the last alias change did (its message holds no user text)."""
    message = st.session_state.pop(DONE, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def alias_form(place: Place, who: str) -> None:
    """The form adding an alias of ``place``, by ``who``: the name and a note."""
    t = lang.t()
    with st.form("gz-alias", clear_on_submit=True):
        st.markdown(t("gazetteer.add_heading"))
        st.text(t("gazetteer.for_place", place=place_label(place, t.lang)))
        name = st.text_input(t("gazetteer.alias"), max_chars=200, placeholder=t("gazetteer.alias_placeholder"))
        note = st.text_input(t("gazetteer.alias_note"), max_chars=2000)
        if st.form_submit_button(t("gazetteer.add"), type="primary"):
            try:
                alias_id = data.store().add_alias(name, place, who=who, note=note.strip() or None)
            except BadInput as exc:
                st.error(str(exc))
                return
            _finish(t("gazetteer.added", id=alias_id))


def aliases_list(aliases: pd.DataFrame, who: str) -> None:
    """Every user alias in use, as a table and with a Remove button each (by ``who``)."""
    t = lang.t()
    st.subheader(t("gazetteer.aliases", count=t.number(len(aliases))))
    if aliases.empty:
        st.caption(t("gazetteer.no_alias"))
        return
    st.dataframe(aliases_frame(aliases), hide_index=True, width="stretch", key="gz-aliases",
                 column_config=column_config(t))
    for row in aliases.to_dict("records"):
        text, button = st.columns([5, 1], vertical_alignment="center")
        text.text(alias_line(row, lang=t.lang))
        if button.button(t("gazetteer.remove"), key=f"gz-remove-{int(row['alias_id'])}", disabled=not who,
                         help=t("gazetteer.remove_help")):
            data.store().remove_alias(int(row["alias_id"]), who=who)
            _finish(t("gazetteer.removed", id=int(row["alias_id"])))


def aliases_section(place: Place | None, aliases: pd.DataFrame) -> None:
    """Your name (remembered for the session, as corrections remember it), the form adding an alias
    of ``place`` (when one is open) and every alias in use."""
    st.divider()
    show_done()
    who = who_field("gz-who")
    if place is not None:
        alias_form(place, who)
    aliases_list(aliases, who)

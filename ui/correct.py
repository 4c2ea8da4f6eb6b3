""""Wrong place?": the dialog a journalist corrects one mention in.

Each excerpt beside the map, and each mention on the Articles page, has a
"Wrong place?" button (:func:`ask` is its callback; the session remembers the
mention until the dialog is saved or dismissed, and the journalist's name for
the whole session). The dialog offers the parser's other readings, a gazetteer search in any
script, a point clicked on a small map, or "not a place"; a scope (this
mention, the surface form in this article, or everywhere as a rule); and
records who (remembered for the session) and a note. A corrected mention
shows who corrected it, when and why, with Undo. Its words are the interface's
language's (:mod:`ui.lang`).
"""

from __future__ import annotations

import json
import re

import streamlit as st
from streamlit_folium import st_folium

from geo.exc import BadInput
from geo.maps import base_map
from geo.maps.kinds import kind_label
from geo.records import Place
from ui import data, lang, page
from ui.excerpts import highlight, text_dir

#: The session key of the mention the dialog is open on.
FIX = "fix_mention"
#: The session key "who" is remembered under, for corrections and aliases alike.
WHO = "who_name"

#: What the mention is taken for instead, each named by ``correct.choice.<choice>``.
CHOICES = ("reading", "gazetteer", "point", "not_place")
#: The characters Markdown (and Streamlit's own ``$`` maths and ``:icon:`` codes) gives a meaning to.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$&:])")


def as_text(value: object) -> str:
    r"""``value`` for a Markdown message, shown exactly as typed: each Markdown character backslash-escaped,
    on one line. A spot's name, a journalist's name or note is text, never an image, a link or bold.

    >>> print(as_text("![t](http://x/t.png) **b** <i>"))
    \!\[t\]\(http\://x/t\.png\) \*\*b\*\* \<i\>
    """
    return _MARKDOWN.sub(r"\\\1", " ".join(str(value).split()))


def who_field(key: str) -> str:
    """A "Your name" field, filled from (and remembered in) the session; the name typed."""
    t = lang.t()
    name = st.text_input(t("correct.who"), value=st.session_state.get(WHO, ""), key=key, max_chars=80)
    st.session_state[WHO] = name.strip()
    return name.strip()


def place_label(place: Place, language: str | None = None) -> str:
    """``Qala-i-Naw · city · Badghis · AF (قلعة ناو)``: enough to tell namesakes apart; the kind in ``language``
    (the interface's unless told), and in Arabic the Arabic name first.

    >>> place_label(Place("x:1", "Herat", "city", 34.3, 62.2, admin1="Herat", country_code="AF"), "en")
    'Herat · city · Herat · AF'
    """
    language = language or lang.current()
    arabic = place.names.get("ar")
    first = arabic if language == "ar" and arabic else place.name
    parts = [first, kind_label(place.kind, language) if place.kind else None, place.admin1, place.country_code]
    label = " · ".join(p for p in parts if p)
    other = place.name if first == arabic else arabic
    return f"{label} ({other})" if other else label


def ask(mention_id: int) -> None:
    """Open the dialog on ``mention_id`` at the next run: a button's callback."""
    st.session_state[FIX] = int(mention_id)


def forget() -> None:
    """Forget the mention the dialog was open on (the dialog was dismissed)."""
    st.session_state.pop(FIX, None)


def close() -> None:
    """Close the dialog and redraw the page, which now shows the correction."""
    forget()
    st.rerun()


def _alternatives(mention: dict) -> list[Place]:
    ids = [place_id for place_id, _ in json.loads(mention.get("alternatives") or "[]")]
    found = data.gazetteer().places_by_ids(ids)
    return [found[i] for i in ids if i in found and i != mention.get("place_id")]


def _choose_place(choice: str, mention: dict) -> dict | None:
    """The widgets for ``choice``; the keyword arguments of ``Store.add_correction`` it gives, or None."""
    t = lang.t()
    if choice == "reading":
        readings = _alternatives(mention)
        if not readings:
            st.caption(t("correct.no_reading"))
            return None
        picked = st.selectbox(t("correct.reading"), readings, format_func=lambda p: place_label(p, t.lang))
        return {"place": picked} if picked else None
    if choice == "gazetteer":
        query = st.text_input(t("correct.search"), value=mention.get("text") or "", max_chars=200)
        try:
            candidates = [c.place for c in data.gazetteer().lookup(query, limit=15)] if query.strip() else []
        except BadInput as exc:
            st.warning(str(exc))
            return None
        if not candidates:
            st.caption(t("correct.no_place"))
            return None
        picked = st.selectbox(t("correct.place"), candidates, format_func=lambda p: place_label(p, t.lang))
        return {"place": picked} if picked else None
    if choice == "point":
        lat, lon = mention.get("lat"), mention.get("lon")
        centre = [lat, lon] if lat is not None and lon is not None else [34.5, 66.0]
        bounds = [[centre[0] - 1.5, centre[1] - 2], [centre[0] + 1.5, centre[1] + 2]]
        picked = st_folium(base_map(assets=page.asset_urls(), bounds=bounds, lang=t.lang), height=300,
                           use_container_width=True, returned_objects=["last_clicked"], key="fix-map")
        clicked = (picked or {}).get("last_clicked")
        name = st.text_input(t("correct.spot_name"), value=mention.get("text") or "", max_chars=200)
        if not clicked:
            st.caption(t("correct.click_map"))
            return None
        st.caption(t("correct.clicked", lat=t.digits(f"{clicked['lat']:.4f}"), lon=t.digits(f"{clicked['lng']:.4f}")))
        return {"point": (clicked["lat"], clicked["lng"]), "point_name": name}
    return {"not_a_place": True}


def _scope(mention: dict) -> dict:
    surface, t = mention["text"], lang.t()
    quoted = as_text(surface)  # a radio's labels are Markdown
    scopes = {
        t("correct.scope.mention"): {"span": (int(mention["start"]), int(mention["end"]))},
        t("correct.scope.article", surface=quoted): {"surface": surface},
        t("correct.scope.everywhere", surface=quoted): {"surface": surface, "everywhere": True},
    }
    return scopes[st.radio(t("correct.scope"), list(scopes))]


def _undo_box(mention: dict) -> None:
    trail = data.store().corrections()
    rows = trail[trail["correction_id"] == mention["correction_id"]].to_dict("records")
    if not rows:
        return
    row, t = rows[0], lang.t()
    what = t("articles.not_a_place") if row["action"] == "not_place" else row["place_name"] or row["place_id"]
    scope = t(f"corrections.scope.{row['scope']}")
    st.info(t("correct.corrected_to", what=as_text(what), who=as_text(row["who"]), at=as_text(row["at"]), scope=scope)
            + (f": {as_text(row['note'])}" if row["note"] else ""), icon=":material/edit_note:")
    who = who_field("fix-undo-who")
    if st.button(t("correct.undo"), disabled=not who, help=t("correct.undo_help")):
        data.store().undo_correction(int(row["correction_id"]), who=who)
        close()


def correction_form(mention_id: int) -> None:
    """The dialog's body for one mention: what it is now, the choices, the scope, who and a note."""
    t = lang.t()
    mention = data.store().mention(mention_id)
    if mention is None:
        st.warning(t("correct.no_mention", id=mention_id))
        return
    sentence, start = mention["sentence"] or "", int(mention["start"]) - int(mention["sentence_start"])
    st.html(f'<blockquote dir="{text_dir(mention["language"])}" style="font-size:17px">'
            f"{highlight(sentence, start, start + len(mention['text']))}</blockquote>")
    now = (t("articles.not_a_place") if mention["place_id"] is None
           else f"{mention['name']} ({t('kind.' + str(mention['kind']))})")
    st.markdown(t("correct.shown_now", now=as_text(now),
                  parsed=as_text(mention["parsed_name"] or t("correct.nothing_parsed"))))
    if mention["correction_id"] is not None:
        _undo_box(mention)
        st.divider()
    labels = [t(f"correct.choice.{c}") for c in CHOICES]  # the labels are the options: a test picks one by name
    choice = CHOICES[labels.index(st.radio(t("correct.it_is"), labels, horizontal=True))]
    correction = _choose_place(choice, mention)
    scope = _scope(mention)
    who = who_field("fix-who")
    note = st.text_area(t("correct.note"), max_chars=2000)
    if st.button(t("correct.save"), type="primary", disabled=correction is None or not who):
        try:
            data.store().add_correction(int(mention["article_id"]), who=who, note=note.strip() or None,
                                        **scope, **correction)
        except BadInput as exc:
            st.error(str(exc))
            return
        close()


def open_if_asked() -> None:
    """Open the dialog if a "Wrong place?" button asked for it; call once per page run."""
    mention_id = st.session_state.get(FIX)
    if mention_id is not None:
        t = lang.t()  # the dialog is made on each run, for its title in the interface's language
        st.dialog(t("correct.title"), width="large", on_dismiss=forget)(correction_form)(mention_id)


def fix_button(mention_id: int, label: str | None = None) -> None:
    """The button that opens the dialog on one mention ("Wrong place?" unless told)."""
    t = lang.t()
    st.button(label or t("correct.title"), key=f"fix-{int(mention_id)}", on_click=ask, args=(int(mention_id),),
              type="tertiary", icon=":material/edit_location_alt:")

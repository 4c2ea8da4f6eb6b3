"""Corrections: the audit trail of every journalist's correction, filterable, each one undoable."""

import streamlit as st

from geo.export.tables import defuse
from ui import correct, data, page, urls
from ui.corrections import STATES, column_config, filtered, trail_for_display

t = page.setup("nav.corrections")
st.title(t("corrections.title"))
st.caption(t("corrections.caption"))

with page.friendly_errors("errors.reading_corrections"):
    trail = data.corrections(data.stamp())
    params = st.query_params
    with st.sidebar:
        st.header(t("filters.header"))
        people = sorted(set(trail["who"]))
        who = st.multiselect(t("corrections.who"), people, default=[w for w in params.get_all("who") if w in people])
        state = st.radio(t("corrections.state"), STATES, index=STATES.index(params.get("state", "all"))
                         if params.get("state", "all") in STATES else 0,
                         format_func=lambda s: t(f"corrections.state.{s}"))
        search = st.text_input(t("corrections.search"), value=params.get("q", ""), max_chars=200)
    st.query_params.from_dict({k: v for k, v in {"who": who, "state": state if state != "all" else None,
                                                 "q": search or None, **urls.language(t.lang)}.items() if v})
    shown = filtered(trail, who=who, state=state, search=search)
    st.caption(t("corrections.count", shown=t.number(len(shown)), total=t.number(len(trail))))
    st.dataframe(trail_for_display(shown, lang=t.lang), hide_index=True, width="stretch",
                 column_config=column_config(t))
    # The CSV is the trail's file, in English whatever the interface's language; a note a spreadsheet would run as
    # a formula ("=HYPERLINK(...)") is made text, as in every other CSV.
    st.download_button(t("corrections.download"),
                       trail_for_display(shown).map(defuse).to_csv(index=False).encode("utf-8-sig"),
                       file_name="kharita-corrections.csv", mime="text/csv")

    active = shown[shown["undone_at"].isna()]
    if not active.empty:
        st.subheader(t("corrections.undo_heading"))
        labels = {int(r["correction_id"]): f"#{int(r['correction_id'])} · “{r['text']}” → "
                  f"{r['place_name'] or t('corrections.action.' + r['action'])} · {r['who']}"
                  for r in active.to_dict("records")}
        picked = st.selectbox(t("corrections.correction"), list(labels), format_func=labels.get)
        name = correct.who_field("audit-who")
        if st.button(t("corrections.undo"), disabled=not name, help=t("corrections.undo_help")):
            data.store().undo_correction(picked, who=name)
            st.rerun()

"""Corrections: the audit trail of every journalist's correction, filterable, each one undoable."""

import streamlit as st

from ui import correct, data, page
from ui.corrections import STATES, filtered, trail_for_display

page.setup("Corrections")
st.title("Corrections")
st.caption("Every correction journalists made to a pin: who, when, why, and whether it is still in force.")

with page.friendly_errors("reading the corrections"):
    trail = data.corrections(data.stamp())
    params = st.query_params
    with st.sidebar:
        st.header("Filters")
        people = sorted(set(trail["who"]))
        who = st.multiselect("Who", people, default=[w for w in params.get_all("who") if w in people])
        state = st.radio("State", list(STATES), index=list(STATES).index(params.get("state", "all"))
                         if params.get("state", "all") in STATES else 0, format_func=STATES.get)
        search = st.text_input("Name or title contains", value=params.get("q", ""), max_chars=200)
    st.query_params.from_dict({k: v for k, v in {"who": who, "state": state if state != "all" else None,
                                                 "q": search or None}.items() if v})
    shown = filtered(trail, who=who, state=state, search=search)
    st.caption(f"{len(shown):,} of {len(trail):,} corrections")
    st.dataframe(trail_for_display(shown), hide_index=True, width="stretch")
    st.download_button("Download as CSV", trail_for_display(shown).to_csv(index=False).encode("utf-8-sig"),
                       file_name="kharita-corrections.csv", mime="text/csv")

    active = shown[shown["undone_at"].isna()]
    if not active.empty:
        st.subheader("Undo a correction")
        labels = {int(r["correction_id"]): f"#{int(r['correction_id'])} · “{r['text']}” → "
                  f"{r['place_name'] or r['action']} · {r['who']}" for r in active.to_dict("records")}
        picked = st.selectbox("Correction", list(labels), format_func=labels.get)
        name = correct.who_field("audit-who")
        if st.button("Undo it", disabled=not name, help="The mentions it touched show the parser's place again"):
            data.store().undo_correction(picked, who=name)
            st.rerun()

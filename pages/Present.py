"""Present: walk an audience through an article's places, a step at a time; the parts are ui/present.py's.

Edit (``?article=3`` or ``?edit=NAME``): a story built from an article, or a saved one, to reorder, trim,
extend, recaption and save under a name. Present (``?story=NAME&step=4``): the map fills the window and
flies to each step; the arrow keys, the buttons and the link move between steps.
"""

import streamlit as st

from ui import data, page
from ui import present as ui

t = page.setup("nav.present", icon="🎞️")
params = st.query_params
shown = params.get(ui.STORY)

if shown is not None:
    story = None
    with page.friendly_errors(t("present.opening")):
        story = data.store().story(shown)
    if story is None or not story.steps:
        st.title(t("present.title"))
        st.warning(t("present.no_such_story"))
        st.button(t("present.edit"), on_click=ui.set_params, args=({},))
    else:
        ui.present(story, params.get(ui.STEP, "1"), t)
    st.stop()

st.title(t("present.title"))
st.caption(t("present.intro"))
ui.show_done()
current = None  # stays None when the store cannot be read: no editor below
with page.friendly_errors(t("present.opening")):
    saved = data.store().stories()
    articles = data.articles(data.stamp())
    editing = params.get(ui.EDIT)
    sources = ["article", "story"]
    start = st.segmented_control(
        t("present.source"), sources, default="story" if editing else "article", key="present-source",
        format_func=lambda s: t(f"present.source_{s}"),
    ) or "article"

    if start == "article":
        if articles.empty:
            st.info(t("present.no_articles"))
        else:
            ids = [int(i) for i in articles["article_id"]]
            titles = dict(zip(ids, articles["title"], strict=True))
            asked = params.get(ui.ARTICLE)
            chosen = int(asked) if asked and asked.isdigit() and int(asked) in titles else ids[0]
            picked = st.selectbox(t("present.article"), ids, index=ids.index(chosen),
                                  format_func=lambda i: f"#{i} · {titles[i]}")
            if str(picked) != asked:
                ui.set_params({ui.ARTICLE: picked})
            current = ui.draft(("article", picked), lambda: ui.article_story(picked))
    else:
        names = list(saved["name"])
        if not names:
            st.info(t("present.no_stories"))
        else:
            chosen = editing if editing in names else names[0]
            picked = st.selectbox(t("present.story"), names, index=names.index(chosen))
            if picked != editing:
                ui.set_params({ui.EDIT: picked})
            current = ui.draft(("story", picked, len(saved), str(saved["saved_at"].max())),
                               lambda: data.store().story(picked))

if current is not None and current["story"] is not None:
    with page.friendly_errors(t("present.editing")):
        story = ui.editor(current, t)
        ui.add_place(current, story, t)
        ui.save_section(current, story, t, saved)

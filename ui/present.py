"""The Present page's parts: the story editor (build, reorder, drop, add, recaption, save) and the presentation
(full-window map, caption, counter, previous and next on the arrow keys).

The address bar holds the state: ``?article=3`` edits the story built from
an article, ``?edit=NAME`` a saved story, and ``?story=NAME&step=4`` presents
step 4 of it, so a presenter reloads or shares a link and lands on the same
step. Tables are built by pure functions (tested without Streamlit); the
widgets follow. A caption or a name is a user's text: it reaches the page only
through :func:`html.escape`, a data editor's cells, or a widget's value.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping
from dataclasses import replace

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.exc import BadInput
from geo.i18n import Translator
from geo.maps.present import present_base, step_layer
from geo.story import Story, clamp_step, clean_zoom, edited, step_for_place, story_from_article
from ui import data, page, urls
from ui.correct import place_label
from ui.excerpts import bdi
from ui.gazetteer import find

#: The address bar's parameters: the article a story is built from, the saved story edited, the story
#: presented and its step.
ARTICLE, EDIT, STORY, STEP = "article", "edit", "story", "step"
#: The session key of the story being edited: ``{"source": ..., "story": Story, "rev": int, "key": str}``.
DRAFT = "present_draft"
#: The session key of the message shown after a save or a delete (it holds no user text).
DONE = "present_done"
#: The st_folium frame's height before the page's CSS makes it fill the window.
MAP_HEIGHT = 720

#: Presentation: Streamlit's header, toolbar, menu and sidebar hidden; the map fills the window; white type
#: on black for the caption, the counter and the buttons (21:1), the caption at least 28 px on a 1920 px screen.
PRESENT_CSS = """<style>
[data-testid=stHeader], [data-testid=stToolbar], [data-testid=stDecoration], [data-testid=stStatusWidget],
[data-testid=stSidebar], [data-testid=stSidebarCollapsedControl], [data-testid=stMainMenu], #MainMenu,
footer { display: none !important; }
[data-testid=stApp], [data-testid=stMain] { background: #000; }
[data-testid=stMainBlockContainer] { padding: 0 !important; max-width: none !important; }
.st-key-kh-present-map iframe { position: fixed; inset: 0; width: 100vw !important; height: 100vh !important;
  border: 0; z-index: 1; }
.st-key-kh-present-caption { position: fixed; left: 2.5vw; right: calc(2.5vw + 24rem); bottom: max(3vh, 2.5rem);
  width: auto !important; z-index: 10; }
.kh-caption { background: rgba(0, 0, 0, .9); color: #fff; border-radius: .5rem; padding: .6em 1em .75em;
  font-size: clamp(24px, 1.6vw, 40px); line-height: 1.4; max-height: 34vh; overflow-y: auto;
  box-shadow: 0 .2rem 1rem rgba(0, 0, 0, .35); }
.kh-caption p { font-size: inherit !important; line-height: inherit; color: inherit; }
.kh-caption .kh-caption-place { color: #ffd23f; font-weight: 700; font-size: .8em !important; margin: 0 0 .2em; }
.kh-caption .kh-caption-text { margin: 0; }
.st-key-kh-present-counter { position: fixed; top: 1.25rem; right: 1.5rem; width: auto !important; z-index: 10; }
.kh-counter { background: #000; color: #fff; border: 2px solid #fff; border-radius: 999px; padding: .15em .8em;
  font-size: clamp(22px, 1.3vw, 34px); font-weight: 700; font-variant-numeric: tabular-nums; }
.st-key-kh-present-nav { position: fixed; right: 2.5vw; bottom: max(3vh, 2.5rem); width: 22.5rem !important;
  z-index: 10; justify-content: flex-end; flex-wrap: nowrap; }
.st-key-kh-present-nav button { background: #000; color: #fff; border: 2px solid #fff; min-height: 3.5rem;
  padding: 0 1.1rem; }
.st-key-kh-present-nav button p { font-size: 1.3rem !important; font-weight: 600; }
.st-key-kh-present-nav button:hover, .st-key-kh-present-nav button:focus-visible { background: #fff; color: #000; }
.st-key-kh-present-nav button:disabled { background: #000; color: #8a8a8a; border-color: #8a8a8a; }
</style>"""


def digest(story: Story) -> str:
    """A short fingerprint of a story's steps: the map's key, so a changed story mounts a new map."""
    return hashlib.sha1(repr(story.steps).encode("utf-8")).hexdigest()[:12]


def counter_text(t: Translator, number: int, total: int) -> str:
    """``3 / 12`` in the interface's digits."""
    return t("present.counter", step=t.number(number), total=t.number(total))


def caption_html(story: Story, number: int, lang: str) -> str:
    """The caption box of step ``number``: the place's name (English and Arabic) and the caption, escaped;
    each in its own direction, so an Arabic sentence reads right to left in an English interface."""
    step = story.step(number)
    names = bdi(step.label(lang))
    other = step.name if lang == "ar" else step.name_ar
    if other and other != step.label(lang):
        names += f' · <bdi dir="auto">{html.escape(other)}</bdi>'
    return (f'<div class="kh-caption" data-step="{number}"><p class="kh-caption-place" dir="auto">{names}</p>'
            f'<p class="kh-caption-text" dir="auto">{html.escape(step.caption)}</p></div>')


def steps_frame(story: Story) -> pd.DataFrame:
    """The story's steps as the editor's table: order, keep, place, kind, caption, zoom."""
    return pd.DataFrame(
        [{"order": n, "keep": True, "place": step.name, "kind": step.kind, "caption": step.caption,
          "zoom": step.zoom} for n, step in enumerate(story.steps, 1)],
        columns=["order", "keep", "place", "kind", "caption", "zoom"],
    ).astype({"zoom": "float64"})  # NaN shows blank (a nullable integer shows "None")


def apply_edits(story: Story, frame: pd.DataFrame) -> Story:
    """``story`` as the editor's table says: the kept rows, by their order (ties as before), with their
    captions (a blank one: the place's name) and zooms (a blank one: fit the shape).

    >>> from geo.story import Step
    >>> story = Story("s", 1, (Step("a", "A", "city", "ca", 10), Step("b", "B", "province", "cb")))
    >>> frame = pd.DataFrame({"order": [2, 1], "keep": [True, True], "caption": [" ", "new"], "zoom": [None, 5]})
    >>> [(s.name, s.caption, s.zoom) for s in apply_edits(story, frame).steps]
    [('B', 'new', 5), ('A', 'A', None)]
    """
    rows = []
    for position, (step, row) in enumerate(zip(story.steps, frame.to_dict("records"), strict=False)):
        if not row.get("keep", True):
            continue
        order = pd.to_numeric(row.get("order"), errors="coerce")
        caption = str(row.get("caption") or "").strip() or step.name
        rows.append((position if pd.isna(order) else float(order), position,
                     replace(step, caption=caption, zoom=clean_zoom(row.get("zoom")))))
    return edited(story, [step for _, _, step in sorted(rows, key=lambda r: (r[0], r[1]))])


def set_params(changes: Mapping[str, urls.Change]) -> None:
    """Make the address bar hold only ``changes`` and the interface's language (a callback)."""
    keep = {urls.LANG: st.query_params.get(urls.LANG)} if st.query_params.get(urls.LANG) else {}
    st.query_params.from_dict(urls.with_args(keep, changes))


# ---------------------------------------------------------------------- presentation


def present(story: Story, number: int, t: Translator) -> None:
    """The presentation of step ``number``: the map filling the window, the caption, the counter and the buttons."""
    number = clamp_step(number, len(story))
    st.html(PRESENT_CSS)
    shapes = data.geometries(tuple(sorted({step.place_id for step in story.steps})))
    with st.container(key="kh-present-map"), page.friendly_errors(t("present.drawing")):
        st_folium(present_base(story, shapes, assets=page.asset_urls(), lang=t.lang), height=MAP_HEIGHT,
                  use_container_width=True, returned_objects=[], key=f"present-map-{digest(story)}-{t.lang}",
                  feature_group_to_add=step_layer(story, number, shapes, lang=t.lang))
    with st.container(key="kh-present-counter"):
        st.html(f'<div class="kh-counter" role="status">{html.escape(counter_text(t, number, len(story)))}</div>')
    with st.container(key="kh-present-caption"):
        st.html(caption_html(story, number, t.lang))
    with st.container(key="kh-present-nav", horizontal=True, horizontal_alignment="right"):
        st.button(t("present.edit"), key="present-edit", shortcut="Esc", on_click=set_params,
                  args=({EDIT: story.name},))
        st.button(t("present.prev"), key="present-prev", shortcut="Left", disabled=number <= 1,
                  on_click=set_params, args=({STORY: story.name, STEP: number - 1},), help=t("present.keys"))
        st.button(t("present.next"), key="present-next", shortcut="Right", disabled=number >= len(story),
                  on_click=set_params, args=({STORY: story.name, STEP: number + 1},), help=t("present.keys"),
                  type="primary")


# ---------------------------------------------------------------------- editor


def show_done() -> None:
    """What the last save or delete did (its message holds no user text)."""
    message = st.session_state.pop(DONE, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def draft(source: tuple, build) -> dict:
    """The story being edited from ``source``, built by ``build()`` the first time that source is opened;
    ``key`` names its widgets, so another source's edits never carry over."""
    current = st.session_state.get(DRAFT)
    if not current or current["source"] != source:
        key = hashlib.sha1(repr(source).encode("utf-8")).hexdigest()[:10]
        current = {"source": source, "story": build(), "rev": 0, "key": key}
        st.session_state[DRAFT] = current
    return current


def article_story(article_id: int) -> Story | None:
    """The story built from a stored article, or None when there is no such article."""
    version = data.stamp()
    article = data.article(article_id, version)
    if article is None:
        return None
    # The first mention of each place, from an aggregate: a row a place however many mentions the article has.
    return story_from_article(article.text, data.store().first_mentions(article_id),
                              name=(article.title or "")[:80], article_id=article_id)


def editor(current: dict, t: Translator) -> Story:
    """The steps' table, editable; the story as edited."""
    story: Story = current["story"]
    st.subheader(t.plural("present.steps", len(story)))
    st.caption(t("present.editor_help"))
    frame = st.data_editor(
        steps_frame(story), key=f"present-editor-{current['key']}-{current['rev']}", hide_index=True,
        width="stretch", disabled=["place", "kind"], num_rows="fixed",
        column_config={
            "order": st.column_config.NumberColumn(t("present.col_order"), min_value=1, step=1, width="small"),
            "keep": st.column_config.CheckboxColumn(t("present.col_keep"), width="small"),
            "place": st.column_config.TextColumn(t("present.col_place")),
            "kind": st.column_config.TextColumn(t("present.col_kind"), width="small"),
            "caption": st.column_config.TextColumn(t("present.col_caption"), width="large", max_chars=600),
            "zoom": st.column_config.NumberColumn(t("present.col_zoom"), help=t("present.zoom_help"), min_value=2,
                                                  max_value=13, step=1, format="%d", width="small"),
        },
    )
    return apply_edits(story, frame)


def add_place(current: dict, story: Story, t: Translator) -> None:
    """Search the gazetteer and add a place as the last step (the table's edits kept)."""
    st.subheader(t("present.add_heading"))
    query = st.text_input(t("present.add_search"), max_chars=200, key="present-add-query").strip()
    hits = find(query) if query else []
    places = {hit.place.id: hit.place for hit in hits}
    # Keyed by the query: a new search picks its best place, not the last search's choice.
    picked = st.selectbox(t("present.add_pick"), list(places), format_func=lambda i: place_label(places[i]),
                          index=0 if places else None, disabled=not places,
                          key=f"present-add-pick-{hashlib.sha1(query.encode('utf-8')).hexdigest()[:8]}")
    if st.button(t("present.add_button"), disabled=not picked, key="present-add"):
        current["story"] = edited(story, [*story.steps, step_for_place(places[picked])])
        current["rev"] += 1
        st.rerun()


def save_section(current: dict, story: Story, t: Translator, saved: pd.DataFrame) -> None:
    """The story's name, the Save button (saving under an existing name replaces that story), Present and Delete."""
    st.subheader(t("present.save_heading"))
    name = st.text_input(t("present.name"), value=story.name, max_chars=120,
                         key=f"present-name-{current['key']}").strip()
    exists = name in set(saved["name"])
    if exists:
        st.info(t("present.replaces"), icon=":material/info:")
    save, show, delete = st.columns(3)
    if save.button(t("present.save"), type="primary", disabled=not name or not story.steps, key="present-save"):
        try:
            data.store().save_story(edited(story, story.steps, name=name))
        except BadInput as exc:
            st.error(str(exc))
            return
        st.session_state[DONE] = t("present.saved")
        st.rerun()
    show.button(t("present.present"), disabled=not exists, key="present-go", on_click=set_params,
                args=({STORY: name, STEP: 1},), help=t("present.present_help"))
    if delete.button(t("present.delete"), disabled=not exists, key="present-delete"):
        data.store().delete_story(name)
        st.session_state[DONE] = t("present.deleted")
        set_params({})
        st.rerun()
    if not story.steps:
        st.warning(t("present.empty"))

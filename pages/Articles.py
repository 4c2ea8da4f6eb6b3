"""Articles: one article's text a page of paragraphs at a time, every mention on the page marked and linked to the map.

Every step is bounded, however long the article: the store hands out one page's mentions
(``Store.article_mentions(id, start, end, limit=)``), the map draws the article's most mentioned places from an
aggregate (``Store.places``), and each list says how much of the whole it shows.
"""

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.maps import article_map
from geo.store import Filters
from ui import correct, data, downloads, page, urls
from ui import filters as url
from ui.article import (
    PAGE_CHARS,
    Page,
    article_html,
    back_link_html,
    header_html,
    kinds_legend_html,
    mention_line,
    page_of,
    pages,
    turn_links_html,
)

#: Scrolls the paragraph an excerpt link named (``#p-N``) into view once the page has drawn it.
SCROLL_TO_TARGET = """<script>
(function () {
  var tries = 0;
  function go() {
    var p = document.querySelector(".kh-article p.kh-target");
    if (p) { p.scrollIntoView({block: "center"}); } else if (tries++ < 40) { setTimeout(go, 100); }
  }
  go();
})();
</script>"""

#: How many of a page's mentions the "Check every place" list shows.
MENTION_LIMIT = 500
#: How many places the article's map draws, the most mentioned first.
MARKER_LIMIT = 500
#: How many mentions a page may mark: no fewer than a page's characters could hold, so never a cut, only a bound.
PAGE_MENTION_LIMIT = PAGE_CHARS


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False, max_entries=16)
def article_pages(article_id: int, version: data.Version) -> list[Page]:
    """The reader's pages of the article (:func:`ui.article.pages`)."""
    article = data.article(article_id, version)
    return pages(article.text) if article is not None else []


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False, max_entries=64)
def page_mentions(article_id: int, start: int, end: int, version: data.Version) -> pd.DataFrame:
    """The mentions starting in ``text[start:end]``, in text order, at most :data:`PAGE_MENTION_LIMIT`."""
    return data.store().article_mentions(article_id, start, end, limit=PAGE_MENTION_LIMIT)


t = page.setup("nav.articles", icon="📰")

with page.friendly_errors("errors.opening_article"):
    version = data.stamp()
    articles = data.articles(version)
    filters, params = url.current(), st.query_params
    article_id = int(params[urls.READ]) if params.get(urls.READ, "").isdigit() else None
    paragraph = int(params[urls.PARAGRAPH]) if params.get(urls.PARAGRAPH, "").isdigit() else None

    options = [int(a) for a in articles["article_id"]]
    titles = dict(zip(options, articles["title"], strict=True))
    totals = dict(zip(options, articles["mentions"], strict=True))
    linked = data.article(article_id, version) if article_id is not None and article_id not in titles else None
    if linked is not None:  # older than the list's newest articles: offered too
        options.append(article_id)
        titles[article_id] = linked.title
    with st.sidebar:
        st.header(t("articles.title"))
        picked = st.selectbox(
            t.plural("articles.stored", data.article_count(version)), options,
            index=options.index(article_id) if article_id in options else None,
            format_func=lambda a: f"#{a} · {titles[a]}", placeholder=t("articles.choose"),
        )
    if picked is not None and picked != article_id:
        st.session_state.pop(urls.PAGE, None)  # another article opens at its first page
        st.query_params.from_dict(urls.view(filters, {urls.READ: picked}, lang=t.lang))
        st.rerun()

    article = data.article(article_id, version) if article_id is not None else None
    if article_id is None:
        st.title(t("articles.title"))
        st.info(t("articles.choose_info"), icon=":material/article:")
    elif article is None:
        st.title(t("articles.title"))
        st.warning(t("articles.missing", id=article_id))
    else:
        reader = article_pages(article_id, version)
        with st.sidebar:
            downloads.draw(Filters(article_ids=(article_id,)), label="downloads.article")
        text_column, map_column = st.columns([3, 2], gap="large")
        with text_column:
            st.html(back_link_html(filters, lang=t.lang))
            st.html(header_html(article.title, article.source, article.published, article.language, article.url,
                                lang=t.lang))
            # The page is ?page= in the address bar (Streamlit binds the widget to it); an excerpt's link names a
            # paragraph, and the reader opens at its page.
            number = 1 if len(reader) == 1 else st.pagination(
                len(reader), default=page_of(reader, paragraph), key=urls.PAGE, bind="query-params")
            shown = reader[min(max(number, 1), len(reader)) - 1]
            mentions = page_mentions(article_id, shown.start, shown.end, version)
            first, last = shown.paragraphs
            st.caption(t("articles.page_status", page=t.number(shown.number), pages=t.number(len(reader)),
                         first=t.number(first + 1), last=t.number(last + 1),
                         paragraphs=t.number(reader[-1].paragraphs[1] + 1), shown=t.number(len(mentions)),
                         total=t.number(int(totals.get(article_id, len(mentions))))))
            st.html(kinds_legend_html(mentions, lang=t.lang))
            st.html(article_html(article.text, mentions, filters, language=article.language, target=paragraph,
                                 lang=t.lang, page=shown))
            if paragraph is not None:
                st.html(SCROLL_TO_TARGET, unsafe_allow_javascript=True)
            if len(reader) > 1:
                st.html(turn_links_html(filters, article_id, shown.number, len(reader), lang=t.lang))
            with st.expander(t("articles.check_page", mentions=t.plural("maps.count.mentions", len(mentions)))):
                if len(mentions) > MENTION_LIMIT:
                    st.caption(t("articles.page_mentions_shown", shown=t.number(MENTION_LIMIT),
                                 total=t.number(len(mentions))))
                for row in mentions.head(MENTION_LIMIT).to_dict("records"):
                    left, right = st.columns([3, 1], vertical_alignment="center")
                    left.text(mention_line(row, lang=t.lang))
                    with right:
                        correct.fix_button(row["mention_id"])
        with map_column, page.friendly_errors("errors.drawing_article_map"):
            st.caption(t("articles.map_caption"))
            # One row a place, counted in SQL: as many rows as the article has places, not mentions.
            places = data.places(Filters(article_ids=(article_id,), include_demonyms=True), version)
            drawn = page.most_mentioned(places, MARKER_LIMIT, t)
            st_folium(
                article_map(drawn, data.geometries(data.shaped_ids(drawn)), assets=page.asset_urls(), lang=t.lang),
                height=460, use_container_width=True, returned_objects=[], key="article-map",
            )

correct.open_if_asked()

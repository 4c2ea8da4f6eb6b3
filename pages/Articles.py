"""Articles: one article's full text, every mention marked and linked to the map."""

import streamlit as st
from streamlit_folium import st_folium

from geo.maps import article_map
from geo.store import Filters
from ui import correct, data, downloads, page, urls
from ui import filters as url
from ui.article import article_html, back_link_html, header_html, kinds_legend_html, mention_line

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

#: How many mentions the "Check every place" list shows.
MENTION_LIMIT = 300

t = page.setup("nav.articles", icon="📰")

with page.friendly_errors("errors.opening_article"):
    version = data.stamp()
    articles = data.articles(version)
    filters, params = url.current(), st.query_params
    article_id = int(params[urls.READ]) if params.get(urls.READ, "").isdigit() else None
    paragraph = int(params[urls.PARAGRAPH]) if params.get(urls.PARAGRAPH, "").isdigit() else None

    options = [int(a) for a in articles["article_id"]]
    titles = dict(zip(options, articles["title"], strict=True))
    with st.sidebar:
        st.header(t("articles.title"))
        picked = st.selectbox(
            t.plural("articles.stored", len(options)), options,
            index=options.index(article_id) if article_id in options else None,
            format_func=lambda a: f"#{a} · {titles[a]}", placeholder=t("articles.choose"),
        )
    if picked is not None and picked != article_id:
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
        mentions = data.article_mentions(article_id, version)
        with st.sidebar:
            downloads.draw(Filters(article_ids=(article_id,)), label="downloads.article")
        text_column, map_column = st.columns([3, 2], gap="large")
        with text_column:
            st.html(back_link_html(filters, lang=t.lang))
            st.html(header_html(article.title, article.source, article.published, article.language, article.url,
                                lang=t.lang))
            st.html(kinds_legend_html(mentions, lang=t.lang))
            st.html(article_html(article.text, mentions, filters, language=article.language, target=paragraph,
                                 lang=t.lang))
            if paragraph is not None:
                st.html(SCROLL_TO_TARGET, unsafe_allow_javascript=True)
            with st.expander(t("articles.check", mentions=t.plural("maps.count.mentions", len(mentions)))):
                for row in mentions.head(MENTION_LIMIT).to_dict("records"):
                    left, right = st.columns([3, 1], vertical_alignment="center")
                    left.text(mention_line(row, lang=t.lang))
                    with right:
                        correct.fix_button(row["mention_id"])
                if len(mentions) > MENTION_LIMIT:
                    st.caption(t("articles.first_shown", shown=t.number(MENTION_LIMIT), total=t.number(len(mentions))))
        with map_column, page.friendly_errors("errors.drawing_article_map"):
            st.caption(t("articles.map_caption"))
            shaped = data.shaped_ids(mentions.dropna(subset=["place_id"]))
            st_folium(
                article_map(mentions, data.geometries(shaped), assets=page.asset_urls(), lang=t.lang),
                height=460, use_container_width=True, returned_objects=[], key="article-map",
            )

correct.open_if_asked()

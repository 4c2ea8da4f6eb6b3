"""Add article: paste a text or upload files; each is geoparsed and stored.

All the work is :class:`geo.ingest.Ingestor`'s; this page only collects the
input and shows one result line per article.
"""

import datetime as dt

import streamlit as st

from geo import config
from geo.ingest import STAGES, SUFFIXES, Ingestor, IngestResult
from geo.store import Filters
from ui import data, page, urls

t = page.setup("nav.add_article", icon="➕")
st.title(t("add.title"))
st.caption(t("add.caption", suffixes=", ".join(SUFFIXES), mb=t.number(config.max_upload_mb())))


def ingestor() -> Ingestor:
    """The ingestor over the app's store, held to the upload limit in force: for pasted text as for files."""
    return _ingestor(config.store_url(), config.max_upload_mb())


@st.cache_resource(show_spinner=t("add.loading"))
def _ingestor(store_url: str, max_mb: int) -> Ingestor:
    """One ingestor (and geoparser) per server process, keyed as the store is (by URL) and by the limit."""
    return Ingestor(data.store(), max_bytes=max_mb * 2**20)


def show(result: IngestResult) -> None:
    """One message per article: what happened to it, in plain words (and what was dropped or cut); names and
    titles as text, never Markdown, and a link to the article when it is stored."""
    if result.status == "added":
        st.success(t("add.added", mentions=t.number(result.mentions)),
                   icon=":material/check_circle:")
    elif result.status == "unchanged":
        st.info(t("add.unchanged"), icon=":material/info:")
    else:
        st.error(t("add.not_added"), icon=":material/error:")
    st.text(result.origin if result.title is None else f"{result.origin}: {result.title}")
    if result.message and result.status != "unchanged":  # why it failed, or what was dropped or cut
        st.text(result.message)
    if result.article_id is not None:  # the link's label is the page's own words, so Markdown is safe
        st.markdown(f"[{t('add.read_it')}]({urls.article_link(Filters(), result.article_id, lang=t.lang)})")


def progress_reporter(bar, done: int, files: int, *, message: str = "add.progress"):
    """A ``progress`` callback for one file of ``files`` (``done`` before it), or for the pasted text
    (``message="add.progress_text"``, 0 of 1): the bar moves with each article's stages, reading (the first
    tenth of an article), geoparsing (most of it), then saving. The bar's text is Markdown, so it names no
    file and no title: the results below do, as text."""
    starts = dict(zip(STAGES, (0.0, 0.1, 0.9), strict=True))

    def report(stage: str, article: int, articles: int) -> None:
        within = (article + starts[stage]) / articles
        where = (" " + t("add.progress_article", article=t.number(article + 1), articles=t.number(articles))
                 if articles > 1 else "")
        bar.progress((done + within) / files, text=t(message, file=t.number(done + 1), files=t.number(files),
                                                      stage=t(f"add.stage.{stage}"), where=where))

    return report


def metadata_fields(key: str) -> dict:
    """Source, date, language and link: what a file does not say itself."""
    left, middle, right = st.columns(3)
    source = left.text_input(t("add.source"), key=f"{key}-source", placeholder=t("add.source_placeholder"))
    published = middle.date_input(t("add.published"), value=None, key=f"{key}-published", max_value=dt.date.today())
    language = right.selectbox(
        t("add.language"), ["auto", "ar", "en", "fa", "ps"], key=f"{key}-language", help=t("add.language_help"),
        format_func=lambda code: t("add.language.auto") if code == "auto" else f"{t(f'language.{code}')} ({code})",
    )
    url = st.text_input(t("add.link"), key=f"{key}-url", placeholder="https://…")
    fields = {"source": source, "published": published, "url": url}
    if language != "auto":
        fields["language"] = language
    return {k: v for k, v in fields.items() if v}


paste, upload = st.tabs([t("add.paste_tab"), t("add.upload_tab")])

with paste, st.form("paste", clear_on_submit=False):
    title = st.text_input(t("add.article_title"), placeholder=t("add.title_placeholder"))
    text = st.text_area(t("add.text"), height=300, placeholder=t("add.text_placeholder"))
    meta = metadata_fields("paste")
    if st.form_submit_button(t("add.submit"), type="primary"):
        with page.friendly_errors("errors.adding_article"):
            bar = st.progress(0.0, text=t("add.starting"))
            report = progress_reporter(bar, 0, 1, message="add.progress_text")
            result = ingestor().ingest_text(text, title=title or None, progress=report, **meta)
            bar.progress(1.0, text=t("add.done_text"))
            show(result)

with upload, st.form("upload", clear_on_submit=True):
    files = st.file_uploader(
        t("add.files"), accept_multiple_files=True, type=[s.lstrip(".") for s in SUFFIXES],
        max_upload_size=config.max_upload_mb(), help=t("add.files_help"),
    )
    st.caption(t("add.fill_in"))
    meta = metadata_fields("upload")
    if st.form_submit_button(t("add.submit_files"), type="primary") and files:
        with page.friendly_errors("errors.adding_files"):
            bar = st.progress(0.0, text=t("add.starting"))
            for done, file in enumerate(files):
                report = progress_reporter(bar, done, len(files))
                for result in ingestor().ingest_bytes(file.name, file.getvalue(), meta, progress=report):
                    show(result)
            bar.progress(1.0, text=t.plural("add.done", len(files)))

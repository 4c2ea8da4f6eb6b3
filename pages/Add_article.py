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

page.setup("Add article", icon="➕")
st.title("Add article")
st.caption(
    "Paste an article or upload files (" + ", ".join(SUFFIXES) + f"; up to {config.max_upload_mb()} MB each). "
    "Sharing buttons, comment forms and subscription lines are dropped; the same text twice is stored once."
)


@st.cache_resource(show_spinner="Loading the geoparser…")
def ingestor() -> Ingestor:
    """One ingestor (and geoparser) per server process, over the app's store."""
    return Ingestor(data.store())


def show(result: IngestResult) -> None:
    """One message per article: what happened to it, in plain words; names and titles as text,
    never Markdown, and a link to the article when it is stored."""
    if result.status == "added":
        st.success(f"Added, with {result.mentions} place mentions:", icon=":material/check_circle:")
    elif result.status == "unchanged":
        st.info("Already in the store; nothing changed:", icon=":material/info:")
    else:
        st.error("Not added:", icon=":material/error:")
    st.text(result.origin if result.title is None else f"{result.origin}: {result.title}")
    if result.status != "added" and result.status != "unchanged":
        st.text(result.message)
    if result.article_id is not None:  # the link's label is the page's own words, so Markdown is safe
        st.markdown(f"[Read it, every place marked]({urls.article_link(Filters(), result.article_id)})")


def progress_reporter(bar, done: int, files: int):
    """A ``progress`` callback for one file of ``files`` (``done`` before it): the bar moves with each
    article's stages, reading (the first tenth of an article), geoparsing (most of it), then saving.
    The bar's text is Markdown, so it names no file: the results below do, as text."""
    starts = dict(zip(STAGES, (0.0, 0.1, 0.9), strict=True))

    def report(stage: str, article: int, articles: int) -> None:
        within = (article + starts[stage]) / articles
        where = f" (article {article + 1} of {articles})" if articles > 1 else ""
        bar.progress((done + within) / files, text=f"File {done + 1} of {files}: {stage}{where}…")

    return report


def metadata_fields(key: str) -> dict:
    """Source, date, language and link: what a file does not say itself."""
    left, middle, right = st.columns(3)
    source = left.text_input("Source", key=f"{key}-source", placeholder="e.g. Al Jazeera (Arabic)")
    published = middle.date_input("Published", value=None, key=f"{key}-published", max_value=dt.date.today())
    language = right.selectbox(
        "Language", ["auto", "ar", "en", "fa", "ps"], key=f"{key}-language",
        help="auto: the geoparser decides from the text.",
    )
    url = st.text_input("Link", key=f"{key}-url", placeholder="https://…")
    fields = {"source": source, "published": published, "url": url}
    if language != "auto":
        fields["language"] = language
    return {k: v for k, v in fields.items() if v}


paste, upload = st.tabs(["Paste text", "Upload files"])

with paste, st.form("paste", clear_on_submit=False):
    title = st.text_input("Title", placeholder="Leave empty to use the first line")
    text = st.text_area("Article text", height=300, placeholder="Paste the article here…")
    meta = metadata_fields("paste")
    if st.form_submit_button("Add article", type="primary"):
        with page.friendly_errors("adding the article"), st.spinner("Geoparsing…"):
            show(ingestor().ingest_text(text, title=title or None, **meta))

with upload, st.form("upload", clear_on_submit=True):
    files = st.file_uploader(
        "Files", accept_multiple_files=True, type=[s.lstrip(".") for s in SUFFIXES],
        max_upload_size=config.max_upload_mb(),
        help="A JSON or JSONL file may hold many articles, with title/text/source/url/published/language fields.",
    )
    st.caption("These fill in what a file does not say itself:")
    meta = metadata_fields("upload")
    if st.form_submit_button("Add files", type="primary") and files:
        with page.friendly_errors("adding the files"):
            bar = st.progress(0.0, text="Starting…")
            for done, file in enumerate(files):
                report = progress_reporter(bar, done, len(files))
                for result in ingestor().ingest_bytes(file.name, file.getvalue(), meta, progress=report):
                    show(result)
            bar.progress(1.0, text=f"Done: {len(files)} file{'s' if len(files) != 1 else ''}.")

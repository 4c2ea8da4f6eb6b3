"""An article's text as HTML, a page of paragraphs at a time, every mention on the page marked.

Paragraphs are :class:`geo.text.Layout`'s, the ones the geoparser numbers
mentions by, so ``#p-N`` names the same paragraph in the excerpt links and on
the page. A long article is read in :func:`pages` of at most
:data:`PAGE_PARAGRAPHS` paragraphs or :data:`PAGE_CHARS` characters, so a
page's work is bounded however long the article. Every piece of text is
escaped; each mention links to the map with its place selected, under the
filters the reader came with. The page's own words are in the interface's
language (``lang``); the article's are its own.
"""

from __future__ import annotations

import bisect
import html
from dataclasses import dataclass

import pandas as pd

from geo.i18n import DEFAULT_LANGUAGE, translator
from geo.maps import KIND_STYLE
from geo.store import Filters
from geo.text import Layout
from ui.excerpts import bdi, date_text, text_dir
from ui.urls import ARTICLES_PAGE, PAGE, READ, language, map_link, path_with_args

ARTICLE_CSS = """<style>
.kh-article { font-size: 17px; line-height: 1.75; max-width: 46rem; }
.kh-article[dir="rtl"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", serif; font-size: 19px;
  line-height: 1.9; }
.kh-article p { margin: 0 0 1rem; padding: .2rem .5rem; border-radius: 4px; scroll-margin-top: 5rem; }
.kh-article p.kh-target { background: #fff4c2; box-shadow: 0 0 0 2px #f1c40f; }
.kh-article p.kh-cont { margin-top: -1rem; }
.kh-article a.kh-mention { color: inherit; text-decoration: none; border-radius: 3px; padding: 0 .15em;
  border-bottom: 2px solid var(--kh-colour); background: color-mix(in srgb, var(--kh-colour) 18%, transparent); }
.kh-article a.kh-mention:hover { background: color-mix(in srgb, var(--kh-colour) 35%, transparent); }
.kh-article a.kh-demonym { border-bottom-style: dashed; background: none; }
.kh-article h1 { font-size: 1.7rem; line-height: 1.4; margin: 0 0 .3rem; }
.kh-back { font-size: 14px; color: #2f6f8f; }
.kh-turn { display: flex; justify-content: space-between; font-size: 15px; margin: 0 0 1rem; max-width: 46rem; }
.kh-turn a { color: #2f6f8f; }
.kh-byline { color: #5d6168; font-size: 14px; margin-bottom: 1rem; }
.kh-legend-kinds span { display: inline-block; margin: 0 0 .3rem; margin-inline-end: .6rem; font-size: 13px; }
.kh-legend-kinds i { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-inline-end: .3em;
  vertical-align: -1px; }
</style>"""


#: A page of the reader holds at most this many paragraphs, or this many characters, whichever comes first.
PAGE_PARAGRAPHS = 50
PAGE_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class Block:
    """``text[start:end]``, paragraph ``index`` of the text, or a piece of it when the paragraph is longer than
    a page (``first`` for the piece it starts with)."""

    index: int
    start: int
    end: int
    first: bool = True


@dataclass(frozen=True, slots=True)
class Page:
    """Page ``number`` (from 1) of the reader: its blocks, in text order."""

    number: int
    blocks: tuple[Block, ...]

    @property
    def start(self) -> int:
        return self.blocks[0].start if self.blocks else 0

    @property
    def end(self) -> int:
        return self.blocks[-1].end if self.blocks else 0

    @property
    def paragraphs(self) -> tuple[int, int]:
        """The indices of its first and last paragraphs."""
        return (self.blocks[0].index, self.blocks[-1].index) if self.blocks else (0, 0)


def _blocks(text: str, chars: int) -> list[Block]:
    """Every paragraph that is not blank, as one block, or as pieces of at most ``chars`` characters cut at a
    sentence's start (else at a space, else anywhere)."""
    layout = Layout(text)
    out = []
    for index, (start, end) in enumerate(layout.paragraph_spans()):
        if not text[start:end].strip():
            continue
        position = start
        while end - position > chars:
            limit = position + chars
            i = bisect.bisect_right(layout.sentence_starts, limit) - 1
            cut = layout.sentence_starts[i] if layout.sentence_starts[i] > position else text.rfind(" ", position + 1,
                                                                                                     limit) + 1
            cut = cut if cut > position else limit
            out.append(Block(index, position, cut, position == start))
            position = cut
        out.append(Block(index, position, end, position == start))
    return out


def pages(text: str, *, paragraphs: int = PAGE_PARAGRAPHS, chars: int = PAGE_CHARS) -> list[Page]:
    """The reader's pages of ``text``: at most ``paragraphs`` paragraphs or ``chars`` characters each, whichever
    comes first (a paragraph longer than that is cut into pieces); always one page, empty for an empty text.

    >>> [(p.number, p.paragraphs, p.start, p.end) for p in pages("One.\\n\\nTwo.\\n\\nThree.", paragraphs=2)]
    [(1, (0, 1), 0, 10), (2, (2, 2), 12, 18)]
    >>> [(b.start, b.end, b.first) for p in pages("A long one. And more.", chars=12) for b in p.blocks]
    [(0, 11, True), (11, 21, False)]
    """
    out: list[Page] = []
    current: list[Block] = []
    size = 0
    for block in _blocks(text, chars):
        if current and (len(current) == paragraphs or size + block.end - block.start > chars):
            out.append(Page(len(out) + 1, tuple(current)))
            current, size = [], 0
        current.append(block)
        size += block.end - block.start
    out.append(Page(len(out) + 1, tuple(current)))
    return out


def page_of(reader: list[Page], paragraph: int | None) -> int:
    """The number of the page of ``reader`` where ``paragraph`` starts (the first page for None, the last past
    the end)."""
    if paragraph is None:
        return 1
    for page in reader:
        if page.paragraphs[1] >= paragraph:
            return page.number
    return len(reader)


def _mention_html(text: str, row: dict, filters: Filters, lang: str) -> str:
    kind = row.get("kind") or "custom"
    colour = KIND_STYLE.get(kind, KIND_STYLE["custom"])[0]
    name = row.get("name") or ""
    if lang == "ar" and row.get("name_ar"):  # the Arabic name, and the English one beside it
        name = f"{row['name_ar']} · {name}"
    demonym = " kh-demonym" if row.get("role") == "demonym" else ""
    place_id = html.escape(row["place_id"], quote=True)
    title = f"{name} · {translator(lang)(f'kind.{kind}')}"
    return (
        f'<a class="kh-mention kh-kind-{html.escape(kind, quote=True)}{demonym}" style="--kh-colour:{colour}"'
        f' href="{html.escape(map_link(filters, row["place_id"], lang=lang), quote=True)}" target="_self"'
        f' title="{html.escape(title, quote=True)}" data-place-id="{place_id}">'
        f"{html.escape(text)}</a>"
    )


def _marked(text: str, start: int, end: int, mentions: list[dict], filters: Filters, lang: str) -> str:
    out, cursor = [], start
    for row in mentions:
        m_start, m_end = int(row["start"]), int(row["end"])
        if m_start < cursor or m_end > end:  # overlapping or straddling: leave it plain
            continue
        out.append(html.escape(text[cursor:m_start]))
        out.append(_mention_html(text[m_start:m_end], row, filters, lang))
        cursor = m_end
    out.append(html.escape(text[cursor:end]))
    return "".join(out)


def article_html(
    text: str, mentions: pd.DataFrame, filters: Filters, *, language: str | None = None, target: int | None = None,
    lang: str = DEFAULT_LANGUAGE, page: Page | None = None,
) -> str:
    """The paragraphs of the article's ``page`` (all of them without one) as ``<p id="p-N">`` (a paragraph's
    later pieces as ``<p class="kh-cont">``), the mentions inside them coloured by kind and linked to the map
    under ``filters``, in the interface's ``lang`` (their titles name the place and its kind).

    ``target`` marks one paragraph (the one an excerpt link pointed at).
    Mentions marked "not a place" (no ``place_id``) stay plain text.
    """
    rows = [] if mentions is None or mentions.empty else mentions.to_dict("records")
    rows = [r for r in rows if r.get("place_id") is not None]
    rows.sort(key=lambda r: (int(r["start"]), -int(r["end"])))
    starts = [int(r["start"]) for r in rows]
    direction = text_dir(language)
    lang_attr = f' lang="{html.escape(language, quote=True)}"' if language else ""
    out = []
    for block in (page or Page(1, tuple(_blocks(text, len(text) or 1)))).blocks:
        # The mentions starting in the block, found by bisection: the work grows with the page, not the article.
        inside = rows[bisect.bisect_left(starts, block.start):bisect.bisect_left(starts, block.end)]
        inside = [r for r in inside if int(r["end"]) <= block.end]
        cls = ' class="kh-target"' if target == block.index else ""
        opening = f'<p id="p-{block.index}"{cls}>' if block.first else f'<p class="kh-cont{" kh-target" * bool(cls)}">'
        out.append(f"{opening}{_marked(text, block.start, block.end, inside, filters, lang).strip()}</p>")
    return f'{ARTICLE_CSS}<div class="kh-article" dir="{direction}"{lang_attr}>{"".join(out)}</div>'


def turn_links_html(filters: Filters, article_id: int, number: int, count: int, *,
                    lang: str = DEFAULT_LANGUAGE) -> str:
    """Links to the pages before and after page ``number`` of ``count`` of the article, under ``filters``, in
    ``lang``: what the reader finds at the foot of a page.

    >>> turn_links_html(Filters(), 7, 1, 3)
    '<div class="kh-turn"><span></span><a href="Articles?read=7&amp;page=2" target="_self">Next page →</a></div>'
    """
    t = translator(lang)

    def link(to: int, key: str) -> str:
        if not 1 <= to <= count:
            return "<span></span>"
        href = path_with_args(ARTICLES_PAGE, filters.to_query_params(),
                              {READ: int(article_id), PAGE: to if to > 1 else None, **language(lang)})
        return f'<a href="{html.escape(href, quote=True)}" target="_self">{html.escape(t(key))}</a>'

    return f'<div class="kh-turn">{link(number - 1, "articles.previous")}{link(number + 1, "articles.next")}</div>'


def back_link_html(filters: Filters, *, lang: str = DEFAULT_LANGUAGE) -> str:
    """A link back to the map, under the filters the reader came with, in ``lang``."""
    link = html.escape(map_link(filters, lang=lang), quote=True)
    return f'<a class="kh-back" href="{link}" target="_self">{html.escape(translator(lang)("articles.back"))}</a>'


def header_html(title: str, source: str | None, published, language: str | None, url: str | None, *,
                lang: str = DEFAULT_LANGUAGE) -> str:
    """The article's title and byline, escaped; the title takes the article's direction, the date and the
    link's word the interface's ``lang``."""
    t = translator(lang)
    direction = text_dir(language)
    published = date_text(str(published), t) if published is not None else None
    # The source in its own <bdi>: a U+202E in it must not turn the date and the link after it around.
    byline = [bdi(str(source))] if source is not None and str(source).strip() else []
    byline += [html.escape(str(published))] if published is not None and str(published).strip() else []
    if url and str(url).startswith(("http://", "https://")):
        link = html.escape(url, quote=True)
        byline.append(f'<a href="{link}" rel="noopener noreferrer">{html.escape(t("articles.original"))}</a>')
    return (
        f'{ARTICLE_CSS}<div class="kh-article" dir="{direction}"><h1>{html.escape(title)}</h1></div>'
        f'<div class="kh-byline">{" · ".join(byline)}</div>'
    )


def kinds_legend_html(mentions: pd.DataFrame, *, lang: str = DEFAULT_LANGUAGE) -> str:
    """A one-line key of the mention colours used in this article, its kinds named in ``lang``."""
    if mentions is None or mentions.empty:
        return ""
    t = translator(lang)
    kinds = [k for k in KIND_STYLE if k in set(mentions["kind"])]
    items = "".join(
        f'<span><i style="background:{KIND_STYLE[k][0]}"></i>{html.escape(t(f"kind.{k}"))}</span>' for k in kinds
    )
    return f'<div class="kh-legend-kinds">{items}</div>'



def mention_line(row: dict, *, lang: str = DEFAULT_LANGUAGE) -> str:
    """One mention as plain text for the checking list: what the text says, what it is taken for, in ``lang``
    (the place's Arabic name in Arabic).

    >>> mention_line({"text": "Herat", "place_id": "x", "name": "Herat", "kind": "city", "admin1": "Herat",
    ...               "paragraph": 1, "correction_id": 3})
    '¶ 2 · “Herat” → Herat (city, Herat) · ✎ corrected'
    >>> mention_line({"text": "هرات", "place_id": "x", "name": "Herat", "name_ar": "هرات", "kind": "city",
    ...               "paragraph": 0}, lang="ar")
    'الفقرة ١ · «هرات» ← هرات (مدينة)'
    """
    t = translator(lang)
    if row.get("place_id") is None:
        taken = t("articles.not_a_place")
    else:
        kind = t(f"kind.{row['kind']}") if row.get("kind") else None
        where = ", ".join(str(v) for v in (kind, row.get("admin1") if lang == DEFAULT_LANGUAGE else None) if v)
        name = (row.get("name_ar") if lang != DEFAULT_LANGUAGE else None) or row.get("name")
        taken = f"{name} ({where})" if where else str(name)
    fixed = f" · {t('articles.corrected')}" if row.get("correction_id") is not None else ""
    paragraph = t("excerpts.paragraph", n=t.number(int(row.get("paragraph") or 0) + 1))
    return t("articles.mention_line", paragraph=paragraph, text=row.get("text"), taken=taken, fixed=fixed)

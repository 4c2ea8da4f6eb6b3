"""An article's full text as HTML, paragraph by paragraph, every mention marked.

Paragraphs are :class:`geo.text.Layout`'s, the ones the geoparser numbers
mentions by, so ``#p-N`` names the same paragraph in the excerpt links and on
the page. Every piece of text is escaped; each mention links to the map with
its place selected, under the filters the reader came with. The page's own
words are in the interface's language (``lang``); the article's are its own.
"""

from __future__ import annotations

import html

import pandas as pd

from geo.i18n import DEFAULT_LANGUAGE, translator
from geo.maps import KIND_STYLE
from geo.store import Filters
from geo.text import Layout
from ui.excerpts import date_text, text_dir
from ui.urls import map_link

ARTICLE_CSS = """<style>
.kh-article { font-size: 17px; line-height: 1.75; max-width: 46rem; }
.kh-article[dir="rtl"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", serif; font-size: 19px;
  line-height: 1.9; }
.kh-article p { margin: 0 0 1rem; padding: .2rem .5rem; border-radius: 4px; scroll-margin-top: 5rem; }
.kh-article p.kh-target { background: #fff4c2; box-shadow: 0 0 0 2px #f1c40f; }
.kh-article a.kh-mention { color: inherit; text-decoration: none; border-radius: 3px; padding: 0 .15em;
  border-bottom: 2px solid var(--kh-colour); background: color-mix(in srgb, var(--kh-colour) 18%, transparent); }
.kh-article a.kh-mention:hover { background: color-mix(in srgb, var(--kh-colour) 35%, transparent); }
.kh-article a.kh-demonym { border-bottom-style: dashed; background: none; }
.kh-article h1 { font-size: 1.7rem; line-height: 1.4; margin: 0 0 .3rem; }
.kh-back { font-size: 14px; color: #2f6f8f; }
.kh-byline { color: #5d6168; font-size: 14px; margin-bottom: 1rem; }
.kh-legend-kinds span { display: inline-block; margin: 0 0 .3rem; margin-inline-end: .6rem; font-size: 13px; }
.kh-legend-kinds i { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-inline-end: .3em;
  vertical-align: -1px; }
</style>"""


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
    lang: str = DEFAULT_LANGUAGE,
) -> str:
    """The article's paragraphs as ``<p id="p-N">``, mentions coloured by kind and linked to the map
    under ``filters``, in the interface's ``lang`` (their titles name the place and its kind).

    ``target`` marks one paragraph (the one an excerpt link pointed at).
    Mentions marked "not a place" (no ``place_id``) stay plain text.
    """
    rows = [] if mentions is None or mentions.empty else mentions.to_dict("records")
    rows = [r for r in rows if r.get("place_id") is not None]
    rows.sort(key=lambda r: (int(r["start"]), -int(r["end"])))
    direction = text_dir(language)
    lang_attr = f' lang="{html.escape(language, quote=True)}"' if language else ""
    out = []
    for index, (start, end) in enumerate(Layout(text).paragraph_spans()):
        if not text[start:end].strip():
            continue
        inside = [r for r in rows if start <= int(r["start"]) and int(r["end"]) <= end]
        cls = ' class="kh-target"' if target == index else ""
        out.append(f'<p id="p-{index}"{cls}>{_marked(text, start, end, inside, filters, lang).strip()}</p>')
    return f'{ARTICLE_CSS}<div class="kh-article" dir="{direction}"{lang_attr}>{"".join(out)}</div>'


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
    byline = [html.escape(str(v)) for v in (source, published) if v is not None and str(v).strip()]
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

"""The text beside the map: the side panel of the selected place, every excerpt naming it, and the summary line.

The HTML is built by pure functions (testable without a browser) from the
rows of ``Store.excerpts``; every piece of article or place text goes through
:func:`html.escape`. Each excerpt carries ``dir`` of its own language, so an
Arabic sentence reads right-to-left inside a left-to-right page.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from geo.maps import KIND_STYLE
from geo.store import Filters, Summary
from ui.urls import article_link

#: Languages written right to left.
RTL_LANGUAGES = frozenset({"ar", "fa", "ps", "ur", "he"})

PANEL_CSS = """<style>
.kh-part { font-size: 15px; line-height: 1.5; }
.kh-part h3 { margin: 0 0 .2rem; font-size: 1.35rem; }
.kh-part .kh-ar { font-family: "Noto Sans Arabic", "Noto Naskh Arabic", sans-serif; font-weight: 500;
}
.kh-meta { color: #5d6168; font-size: 13px; margin-bottom: .6rem; }
.kh-kind { display: inline-block; padding: 0 .45rem; border-radius: 3px; color: #fff; font-size: 12px; }
.kh-excerpt { border-top: 1px solid #e3dfd6; padding: .55rem 0; }
.kh-excerpt blockquote { margin: 0 0 .3rem; padding: 0; border: none; font-size: 16px; }
.kh-excerpt blockquote[dir="rtl"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", serif; font-size: 18px;
  line-height: 1.8; }
.kh-excerpt mark { background: #ffe27a; padding: 0 .12em; border-radius: 2px; }
.kh-source { font-size: 13px; color: #5d6168; }
.kh-source a { color: #2f6f8f; }
.kh-more { color: #5d6168; font-size: 13px; padding-top: .4rem; }
.kh-corrected { color: #8a4b00; font-weight: 600; }
</style>"""


def _clean(value) -> str | None:
    # The store's rows hold None for a missing value; a blank text reads as missing too.
    text = "" if value is None else str(value).strip()
    return text or None


def text_dir(language: str | None) -> str:
    """``rtl`` for right-to-left languages, else ``ltr``."""
    return "rtl" if (language or "").split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def highlight(sentence: str, start: int, end: int) -> str:
    """The sentence as escaped HTML with ``sentence[start:end]`` in ``<mark>``.

    >>> highlight("Fighting in <Kabul> today", 13, 18)
    'Fighting in &lt;<mark>Kabul</mark>&gt; today'
    """
    return highlight_all(sentence, [(start, end)])


def highlight_all(sentence: str, spans) -> str:
    """The sentence as escaped HTML with each ``(start, end)`` of ``spans`` in ``<mark>``;
    overlapping or empty spans are skipped.

    >>> highlight_all("Kabul to Kabul", [(9, 14), (0, 5)])
    '<mark>Kabul</mark> to <mark>Kabul</mark>'
    """
    out, cursor = [], 0
    for start, end in sorted((max(0, int(a)), min(len(sentence), int(b))) for a, b in spans):
        if start < cursor or end <= start:
            continue
        out.append(html.escape(sentence[cursor:start]) + "<mark>" + html.escape(sentence[start:end]) + "</mark>")
        cursor = end
    return "".join(out) + html.escape(sentence[cursor:])


def by_sentence(excerpts: pd.DataFrame | None) -> list[dict]:
    """The excerpt rows with one row a sentence: a sentence naming the place twice is one row whose
    ``spans`` hold both names and ``mention_ids`` both mentions; ``corrected`` if any was corrected.

    >>> rows = pd.DataFrame({"article_id": [1, 1], "sentence_start": [0, 0], "sentence": ["A and A"] * 2,
    ...                      "start": [0, 6], "end": [1, 7], "mention_id": [5, 6], "correction_id": [None, 9]})
    >>> [(r["spans"], r["mention_ids"], r["corrected"]) for r in by_sentence(rows)]
    [([(0, 1), (6, 7)], [5, 6], True)]
    """
    merged: dict[tuple, dict] = {}
    for row in [] if excerpts is None or excerpts.empty else excerpts.to_dict("records"):
        key = (row["article_id"], row.get("sentence_start"), row.get("sentence"))
        if key not in merged:
            merged[key] = {**row, "spans": [], "mention_ids": [], "corrected": False}
        into = merged[key]
        into["spans"].append((row.get("start") or 0, row.get("end") or 0))
        into["mention_ids"].append(row.get("mention_id"))
        into["corrected"] = into["corrected"] or row.get("correction_id") is not None
    return list(merged.values())


def hierarchy(place: Mapping, country_names: Mapping[str, str]) -> list[str]:
    """The place's district › province › country, leaving out the place itself.

    >>> hierarchy({"name": "Qala-i-Naw", "kind": "city", "admin2": "Qala-i-Naw", "admin1": "Badghis",
    ...            "country_code": "AF"}, {"AF": "Afghanistan"})
    ['Qala-i-Naw district', 'Badghis province', 'Afghanistan']
    """
    kind = _clean(place.get("kind"))
    parts = []
    district, province = _clean(place.get("admin2")), _clean(place.get("admin1"))
    if district and kind != "district":
        parts.append(f"{district} district")
    if province and kind != "province":
        parts.append(f"{province} province")
    code = _clean(place.get("country_code"))
    if code and kind != "country":
        parts.append(country_names.get(code, code))
    return parts


def place_header_html(place: Mapping, country_names: Mapping[str, str]) -> str:
    """Names (English / Arabic), kind, hierarchy, coordinates and counts, escaped."""
    name = _clean(place.get("name")) or "?"
    name_ar = _clean(place.get("name_ar"))
    kind = _clean(place.get("kind")) or "place"
    colour = KIND_STYLE.get(kind, KIND_STYLE["custom"])[0]
    ar = f' · <bdi class="kh-ar" dir="rtl" lang="ar">{html.escape(name_ar)}</bdi>' if name_ar else ""
    meta = [f'<span class="kh-kind" style="background:{colour}">{html.escape(kind)}</span>']
    parts = hierarchy(place, country_names)
    if parts:
        meta.append(" › ".join(html.escape(p) for p in parts))
    lat, lon = place.get("lat"), place.get("lon")
    if lat is not None and lon is not None:
        meta.append(f"{abs(lat):.3f}°{'N' if lat >= 0 else 'S'} {abs(lon):.3f}°{'E' if lon >= 0 else 'W'}")
    mentions, articles = place.get("mentions"), place.get("articles")
    if mentions is not None:
        count = f"{int(mentions):,} mention{'s' if int(mentions) != 1 else ''}"
        if articles:
            count += f" in {int(articles):,} article{'s' if int(articles) != 1 else ''}"
        meta.append(count)
    return f'<h3>{html.escape(name)}{ar}</h3><div class="kh-meta">{" · ".join(meta)}</div>'


def excerpt_html(row: Mapping, filters: Filters) -> str:
    """One excerpt (a row of :func:`by_sentence`): the sentence with the names marked, then title,
    source, date, as a link to the article that keeps ``filters``, and whether a journalist corrected it."""
    language = _clean(row.get("language"))
    direction = text_dir(language)
    lang = f' lang="{html.escape(language, quote=True)}"' if language else ""
    spans = row.get("spans") or [(row.get("start") or 0, row.get("end") or 0)]
    sentence = highlight_all(str(row.get("sentence") or ""), spans)
    paragraph = row.get("paragraph")
    link = html.escape(article_link(filters, int(row["article_id"]), paragraph), quote=True)
    title = html.escape(_clean(row.get("title")) or f"Article {int(row['article_id'])}")
    source = [html.escape(s) for s in (_clean(row.get("source")), _clean(row.get("published"))) if s]
    where = f" · ¶ {paragraph + 1}" if paragraph is not None else ""
    corrected = ' · <span class="kh-corrected">✎ corrected by a journalist</span>' if row.get("corrected") else ""
    return (
        f'<div class="kh-excerpt"><blockquote dir="{direction}"{lang}>{sentence}</blockquote>'
        f'<div class="kh-source"><a href="{link}" target="_self" dir="auto">{title}</a>'
        f'{" · " + " · ".join(source) if source else ""}{where}{corrected}</div></div>'
    )


def more_html(shown: int, total: int | None) -> str:
    """What the panel says under its excerpts: none, or how many of how many it shows."""
    if not shown:
        return '<div class="kh-more">No excerpt names this place under the current filters.</div>'
    if total is not None and total > shown:
        return (f'<div class="kh-more">Showing the newest {shown:,} of {total:,} mentions;'
                " filter to see the others.</div>")
    return ""


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def page_summary(summary: Summary) -> str:
    """One line over the map: how many places, mentions and articles it shows.

    >>> page_summary(Summary(places=2, mentions=4, articles=1))
    '2 places · 4 mentions · 1 article'
    """
    return " · ".join(
        [_count(summary.places, "place"), _count(summary.mentions, "mention"), _count(summary.articles, "article")]
    )

"""The text beside the map: the side panel of the selected place, every excerpt naming it, and the summary line.

The HTML is built by pure functions (testable without a browser) from the
rows of ``Store.excerpts``; every piece of article or place text goes through
:func:`html.escape`. Each excerpt carries ``dir`` of its own language, so an
Arabic sentence reads right-to-left inside a left-to-right page. The panel's
own words are the interface's language's (``lang``); in Arabic a place shows
its Arabic name, the English one beside it and in its ``title``.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping

import pandas as pd

from geo.i18n import DEFAULT_LANGUAGE, Translator, translator
from geo.i18n.relations import relation_text
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
.kh-relation { color: #2f6f8f; font-size: 13px; margin-bottom: .15rem; }
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
    ``spans`` hold both names and ``mention_ids`` both mentions; ``corrected`` if any was corrected;
    ``relations`` the ``(relation, distance_km, text)`` of those written with one ("30 km west of A").

    >>> rows = pd.DataFrame({"article_id": [1, 1], "sentence_start": [0, 0], "sentence": ["A and A"] * 2,
    ...                      "start": [0, 6], "end": [1, 7], "mention_id": [5, 6], "correction_id": [None, 9],
    ...                      "text": ["A", "A"], "relation": [None, "west"], "distance_km": [None, 30.0]})
    >>> [(r["spans"], r["mention_ids"], r["corrected"], r["relations"]) for r in by_sentence(rows)]
    [([(0, 1), (6, 7)], [5, 6], True, [('west', 30.0, 'A')])]
    """
    merged: dict[tuple, dict] = {}
    for row in [] if excerpts is None or excerpts.empty else excerpts.to_dict("records"):
        key = (row["article_id"], row.get("sentence_start"), row.get("sentence"))
        if key not in merged:
            merged[key] = {**row, "spans": [], "mention_ids": [], "corrected": False, "relations": []}
        into = merged[key]
        if isinstance(row.get("relation"), str):  # a frame's missing value may be NaN as well as None
            into["relations"].append((row["relation"], row.get("distance_km"), str(row.get("text") or "")))
        into["spans"].append((row.get("start") or 0, row.get("end") or 0))
        into["mention_ids"].append(row.get("mention_id"))
        into["corrected"] = into["corrected"] or row.get("correction_id") is not None
    return list(merged.values())


def hierarchy(place: Mapping, country_names: Mapping[str, str], *, lang: str = DEFAULT_LANGUAGE,
              admin_names: Mapping[str, str] | None = None) -> list[str]:
    """The place's district › province › country, leaving out the place itself, in ``lang``; ``admin_names``
    gives the district and province names to show (their Arabic names, in Arabic).

    >>> hierarchy({"name": "Qala-i-Naw", "kind": "city", "admin2": "Qala-i-Naw", "admin1": "Badghis",
    ...            "country_code": "AF"}, {"AF": "Afghanistan"})
    ['Qala-i-Naw district', 'Badghis province', 'Afghanistan']
    >>> hierarchy({"kind": "city", "admin1": "Badghis"}, {}, lang="ar", admin_names={"Badghis": "بادغيس"})
    ['ولاية بادغيس']
    """
    t, names = translator(lang), admin_names or {}
    kind = _clean(place.get("kind"))
    parts = []
    district, province = _clean(place.get("admin2")), _clean(place.get("admin1"))
    if district and kind != "district":
        parts.append(t("place.district_of", name=names.get(district, district)))
    if province and kind != "province":
        parts.append(t("place.province_of", name=names.get(province, province)))
    code = _clean(place.get("country_code"))
    if code and kind != "country":
        parts.append(country_names.get(code, code))
    return parts


def coordinates(lat: float | None, lon: float | None, *, lang: str = DEFAULT_LANGUAGE) -> str:
    """``34.987°N 63.129°E`` in ``lang``, or an empty text without both.

    >>> coordinates(-12.05, -77.04), coordinates(34.987, 63.129, lang="ar")
    ('12.05°S 77.04°W', '٣٤٫٩٨٧°شمالًا ٦٣٫١٢٩°شرقًا')
    """
    if lat is None or lon is None:
        return ""
    t = translator(lang)
    return t("place.coordinates", lat=t.number(round(abs(lat), 3)), ns=t("place.north" if lat >= 0 else "place.south"),
             lon=t.number(round(abs(lon), 3)), ew=t("place.east" if lon >= 0 else "place.west"))


def place_name_html(name: str, name_ar: str | None, *, lang: str = DEFAULT_LANGUAGE) -> str:
    """A place's names, escaped: English then Arabic, or in Arabic the Arabic name first with the English
    one beside it and in its ``title``.

    >>> place_name_html("Herat", "هرات", lang="ar")
    '<span lang="ar" title="Herat">هرات</span> · <bdi lang="en">Herat</bdi>'
    """
    if lang == "ar" and name_ar:
        return (f'<span lang="ar" title="{html.escape(name, quote=True)}">{html.escape(name_ar)}</span>'
                f' · <bdi lang="en">{html.escape(name)}</bdi>')
    ar = f' · <bdi class="kh-ar" dir="rtl" lang="ar">{html.escape(name_ar)}</bdi>' if name_ar else ""
    return f"{html.escape(name)}{ar}"


def counts_text(mentions: int, articles: int | None, t: Translator) -> str:
    """``"4 mentions in 1 article"``, in ``t``'s language."""
    count = t.plural("maps.count.mentions", int(mentions))
    return t("place.mentions_in", mentions=count, articles=t.plural("articles.count", int(articles))) \
        if articles else count


def place_header_html(place: Mapping, country_names: Mapping[str, str], *, lang: str = DEFAULT_LANGUAGE,
                      admin_names: Mapping[str, str] | None = None) -> str:
    """Names (English / Arabic, Arabic first in Arabic), kind, hierarchy, coordinates and counts, escaped."""
    t = translator(lang)
    name = _clean(place.get("name")) or "?"
    name_ar = _clean(place.get("name_ar"))
    kind = _clean(place.get("kind")) or "place"
    colour = KIND_STYLE.get(kind, KIND_STYLE["custom"])[0]
    meta = [f'<span class="kh-kind" style="background:{colour}">{html.escape(t(f"kind.{kind}"))}</span>']
    parts = hierarchy(place, country_names, lang=lang, admin_names=admin_names)
    if parts:
        meta.append(" › ".join(html.escape(p) for p in parts))
    where = coordinates(place.get("lat"), place.get("lon"), lang=lang)
    if where:
        meta.append(where)
    mentions, articles = place.get("mentions"), place.get("articles")
    if mentions is not None:
        meta.append(counts_text(int(mentions), articles, t))
    return f'<h3>{place_name_html(name, name_ar, lang=lang)}</h3><div class="kh-meta">{" · ".join(meta)}</div>'


def date_text(value: str | None, t: Translator) -> str | None:
    """A stored ISO date as ``t``'s language writes it (any other text as it is)."""
    try:
        return t.date(dt.date.fromisoformat(value[:10])) if value else value
    except ValueError:
        return value


def bdi(text: str) -> str:
    """``text`` escaped and isolated in its own ``<bdi>``: an Arabic name in an English line, or a U+202E in
    it, leaves the rest of the line alone.

    >>> bdi("<Kabul>")
    '<bdi>&lt;Kabul&gt;</bdi>'
    """
    return f"<bdi>{html.escape(text)}</bdi>"


def relations_html(relations, t: Translator) -> str:
    """The relations of an excerpt's names ("30 km west of Kabul") in ``t``'s language, escaped, each
    name as written in its own ``<bdi>``; empty without one.

    >>> relations_html([("west", 30.0, "<Kabul>")], translator("en"))
    '<div class="kh-relation">30 km west of <bdi>&lt;Kabul&gt;</bdi></div>'
    """
    # The name goes in as a mark and back in its <bdi> after escaping: an Arabic name in an English line.
    parts = [html.escape(relation_text(relation, distance, "\x00", t) or "").replace(
        "\x00", bdi(text)) for relation, distance, text in relations or ()]
    return f'<div class="kh-relation">{" · ".join(parts)}</div>' if parts else ""


def excerpt_html(row: Mapping, filters: Filters, *, lang: str = DEFAULT_LANGUAGE) -> str:
    """One excerpt (a row of :func:`by_sentence`): the relations written with its names ("30 km west of
    Kabul"), the sentence with the names marked, then title, source, date, as a link to the article that
    keeps ``filters``, and whether a journalist corrected it; the panel's own words in ``lang``."""
    t = translator(lang)
    language = _clean(row.get("language"))
    direction = text_dir(language)
    lang_attr = f' lang="{html.escape(language, quote=True)}"' if language else ""
    spans = row.get("spans") or [(row.get("start") or 0, row.get("end") or 0)]
    sentence = highlight_all(str(row.get("sentence") or ""), spans)
    paragraph = row.get("paragraph")
    link = html.escape(article_link(filters, int(row["article_id"]), paragraph, lang=lang), quote=True)
    title = html.escape(_clean(row.get("title")) or t("excerpts.untitled", id=t.number(int(row["article_id"]))))
    # The source in its own <bdi>: a U+202E in it must not turn the date and paragraph after it around.
    source_name, published = _clean(row.get("source")), date_text(_clean(row.get("published")), t)
    source = ([bdi(source_name)] if source_name else []) + ([html.escape(published)] if published else [])
    where = f" · {t('excerpts.paragraph', n=t.number(paragraph + 1))}" if paragraph is not None else ""
    corrected = f' · <span class="kh-corrected">{t("excerpts.corrected")}</span>' if row.get("corrected") else ""
    return (
        f'<div class="kh-excerpt">{relations_html(row.get("relations"), t)}'
        f'<blockquote dir="{direction}"{lang_attr}>{sentence}</blockquote>'
        f'<div class="kh-source"><a href="{link}" target="_self" dir="auto">{title}</a>'
        f'{" · " + " · ".join(source) if source else ""}{where}{corrected}</div></div>'
    )


def more_html(shown: int, total: int | None, *, lang: str = DEFAULT_LANGUAGE) -> str:
    """What the panel says under its excerpts, in ``lang``: none, or how many of how many it shows."""
    t = translator(lang)
    if not shown:
        return f'<div class="kh-more">{t("excerpts.none")}</div>'
    if total is not None and total > shown:
        return f'<div class="kh-more">{t("excerpts.more", shown=t.number(shown), total=t.number(total))}</div>'
    return ""


def page_summary(summary: Summary, *, lang: str = DEFAULT_LANGUAGE) -> str:
    """One line over the map, in ``lang``: how many places, mentions and articles it shows.

    >>> page_summary(Summary(places=2, mentions=4, articles=1))
    '2 places · 4 mentions · 1 article'
    >>> page_summary(Summary(places=2, mentions=4, articles=1), lang="ar")
    'مكانان · ٤ إشارات · مقال واحد'
    """
    t = translator(lang)
    return " · ".join([t.plural("maps.count.places", summary.places), t.plural("maps.count.mentions", summary.mentions),
                       t.plural("articles.count", summary.articles)])

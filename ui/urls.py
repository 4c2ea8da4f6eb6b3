"""Every link and address the app builds: the filters in force, plus the target page's own arguments.

Datasette's ``path_with_added_args`` is the model: :func:`with_args` takes the
current parameters and the arguments to add, replace or drop (``None``), so
no link loses the filters by accident. The filters' own parameters are
:meth:`geo.store.Filters.to_query_params`'s; the pages add theirs:
``?place=`` on the map, ``?read=``, ``?paragraph=`` and ``?page=`` on the Articles page.
Every link keeps the interface's language, ``?lang=ar`` (none for English).
The pages sit side by side under the app's root, so links are relative and
work under any ``server.baseUrlPath``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

from geo.i18n import DEFAULT_LANGUAGE
from geo.store import Filters

#: The map (the home page) and the Articles page, relative to each other.
MAP_PAGE = "./"
ARTICLES_PAGE = "Articles"

#: The map's selected place.
PLACE = "place"
#: The article the Articles page shows (``?article=`` is the article filter, as on the map).
READ = "read"
#: The paragraph of it an excerpt pointed at.
PARAGRAPH = "paragraph"
#: The page of it the reader is on (:func:`ui.article.pages`); none for the first, or the paragraph's.
PAGE = "page"
#: The interface's language (:mod:`ui.lang`), on every page.
LANG = "lang"

Params = Mapping[str, str | Sequence[str]]
Change = str | int | Sequence[str | int] | None


def with_args(params: Params, changes: Mapping[str, Change]) -> dict[str, str | list[str]]:
    """``params`` with each of ``changes`` added or replaced; a change to ``None`` drops its argument.

    >>> with_args({"province": ["Badghis"], "place": "x"}, {"place": None, "read": 3})
    {'province': ['Badghis'], 'read': '3'}
    """
    out = {key: value if isinstance(value, str) else list(value) for key, value in params.items()}
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, str | int):
            out[key] = str(value)
        else:
            out[key] = [str(v) for v in value]
    return out


def path_with_args(page: str, params: Params, changes: Mapping[str, Change], *, fragment: str | None = None) -> str:
    """The link to ``page`` with ``params`` changed by ``changes`` (see :func:`with_args`).

    >>> path_with_args("./", {"kind": ["city", "town"]}, {"place": "geonames:1"})
    './?kind=city&kind=town&place=geonames%3A1'
    """
    query = urlencode(with_args(params, changes), doseq=True)
    return page + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")


def language(lang: str) -> dict[str, str | None]:
    """The change that makes a link say ``lang``: ``?lang=ar``, or no parameter for the default.

    >>> language("ar"), language("en")
    ({'lang': 'ar'}, {'lang': None})
    """
    return {LANG: None if lang == DEFAULT_LANGUAGE else lang}


def view(
    filters: Filters, changes: Mapping[str, Change], *, lang: str = DEFAULT_LANGUAGE
) -> dict[str, str | list[str]]:
    """The address-bar parameters of a view: ``filters``, the page's own ``changes`` and the language.

    >>> view(Filters(provinces=("Badghis",)), {PLACE: "geonames:1129867"}, lang="ar")
    {'province': ['Badghis'], 'place': 'geonames:1129867', 'lang': 'ar'}
    """
    return with_args(filters.to_query_params(), {**changes, **language(lang)})


def map_link(filters: Filters, place_id: str | None = None, *, lang: str = DEFAULT_LANGUAGE) -> str:
    """The map under ``filters``, with ``place_id`` selected, in ``lang``.

    >>> map_link(Filters(provinces=("Badghis",)), "geonames:1129867")
    './?province=Badghis&place=geonames%3A1129867'
    >>> map_link(Filters(), lang="ar")
    './?lang=ar'
    """
    return path_with_args(MAP_PAGE, filters.to_query_params(), {PLACE: place_id, **language(lang)})


def article_link(filters: Filters, article_id: int, paragraph: int | None = None, *,
                 lang: str = DEFAULT_LANGUAGE) -> str:
    """The Articles page at an article (and a paragraph of it), keeping ``filters`` for the way back.

    >>> article_link(Filters(article_ids=(1,)), 3, 4)
    'Articles?article=1&read=3&paragraph=4#p-4'
    >>> article_link(Filters(), 3, lang="ar")
    'Articles?read=3&lang=ar'
    """
    paragraph = None if paragraph is None else int(paragraph)
    return path_with_args(
        ARTICLES_PAGE, filters.to_query_params(), {READ: int(article_id), PARAGRAPH: paragraph, **language(lang)},
        fragment=None if paragraph is None else f"p-{paragraph}",
    )

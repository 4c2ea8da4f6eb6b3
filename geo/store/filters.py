"""The filters a view is drawn under, and their round trip through URL query parameters.

A :class:`Filters` is what every page query takes. It reads from and writes to
URL query parameters, so a link reproduces a view: the facets' parameters come
from their classes (:mod:`geo.store.facets`), the others (dates, text,
demonyms) are named here, so each parameter has one definition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from geo.store.facets import FACETS

#: The filters that are not facets: field → URL query parameter.
OTHER_PARAMS = {
    "date_from": "from", "date_to": "to", "include_undated": "undated", "text": "q", "include_demonyms": "demonyms",
}

_TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True, slots=True)
class Filters:
    """What the pages filter by; every field round-trips through URL query parameters.

    Empty tuples and ``None`` mean "no filter". ``text`` keeps the mentions
    whose sentence contains it (case-insensitive). Demonyms ("Afghan") are
    left out unless ``include_demonyms``. Under a date range (either end),
    articles with no date are left out unless ``include_undated``. Frozen and
    hashable, so it can key a cache.

    >>> Filters.from_query_params({"province": ["Badghis"], "q": "prison"}).text
    'prison'
    """

    provinces: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    article_ids: tuple[int, ...] = ()
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    include_undated: bool = False
    text: str = ""
    include_demonyms: bool = False

    #: Field name → URL query-parameter name, the facets' first.
    PARAMS: ClassVar[dict[str, str]] = {**{facet.field: facet.param for facet in FACETS}, **OTHER_PARAMS}

    def to_query_params(self) -> dict[str, str | list[str]]:
        """The filters as URL query parameters (a list for a facet), leaving out the ones not set."""
        out: dict[str, str | list[str]] = {}
        for name, param in self.PARAMS.items():
            value = getattr(self, name)
            if isinstance(value, tuple):
                if value:
                    out[param] = [str(v) for v in value]
            elif isinstance(value, dt.date):
                out[param] = value.isoformat()
            elif value is True:
                out[param] = "1"
            elif isinstance(value, str) and value:
                out[param] = value
        return out

    @classmethod
    def from_query_params(cls, params: Mapping[str, Any]) -> Filters:
        """Filters from URL query parameters: a mapping of lists of strings (or of strings).

        A mapping with a ``get_all(key)`` method, as multi-dicts have, is asked
        for every value of a repeated key. Values that do not read (a date that
        is not ``YYYY-MM-DD``, an article id that is not a number) are dropped,
        so a hand-edited link still opens.
        """

        def values(param: str) -> list[str]:
            raw = params.get_all(param) if hasattr(params, "get_all") else params.get(param, [])
            if isinstance(raw, str):
                raw = [raw]
            return [v.strip() for v in raw if v is not None and str(v).strip()]

        def date(param: str) -> dt.date | None:
            for v in values(param):
                try:
                    return dt.date.fromisoformat(v[:10])
                except ValueError:
                    pass
            return None

        kwargs: dict[str, Any] = {facet.field: facet.read(values(facet.param)) for facet in FACETS}
        kwargs["date_from"] = date(OTHER_PARAMS["date_from"])
        kwargs["date_to"] = date(OTHER_PARAMS["date_to"])
        kwargs["text"] = " ".join(values(OTHER_PARAMS["text"]))
        for switch in ("include_undated", "include_demonyms"):
            kwargs[switch] = any(v.lower() in _TRUE for v in values(OTHER_PARAMS[switch]))
        return cls(**kwargs)

    @property
    def dated(self) -> bool:
        """Whether a date range (either end of one) is in force."""
        return self.date_from is not None or self.date_to is not None

    def without(self, *names: str) -> Filters:
        """A copy with the named fields reset (a facet ignores its own filter)."""
        defaults = {f.name: f.default for f in fields(self) if f.name in names}
        return Filters(**{**{f.name: getattr(self, f.name) for f in fields(self)}, **defaults})



#: The default of every query: no filter at all.
NO_FILTERS = Filters()

"""The facets, one class each: what a facet filters on, how a form names it, and its SQL.

A facet is a filter whose values can be counted: for each value, how many
mentions choosing it would give under every other filter. Each class owns its
:class:`~geo.store.filters.Filters` field, its URL parameter, its label and
placeholder for a form, and the column of ``places`` or ``articles`` it
filters and counts. :data:`FACETS` lists them in the order a form shows them;
a new facet is one class here and one field of ``Filters``.

>>> [facet.param for facet in FACETS]
['province', 'district', 'country', 'kind', 'article', 'source', 'language']
>>> ArticleFacet().read(["4", "x", "4"])
(4,)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import pandas as pd


class Facet:
    """A filter on one column of ``places`` or ``articles`` whose values the store counts.

    Subclasses set the class attributes; the methods hold the SQL every facet
    shares, to be overridden where one differs.
    """

    #: The :class:`~geo.store.filters.Filters` field it filters by, e.g. ``"provinces"``.
    field: ClassVar[str]
    #: Its URL query parameter, e.g. ``"province"``.
    param: ClassVar[str]
    #: Its name on a form, e.g. ``"Province"``.
    label: ClassVar[str]
    #: What an empty choice reads as, e.g. ``"All provinces"``.
    placeholder: ClassVar[str]
    #: The table whose rows it selects: ``"places"`` (a mention's place) or ``"articles"``.
    table: ClassVar[str]
    #: The column of that table it filters and counts by.
    column: ClassVar[str]
    #: A column to label each value with (its first value), instead of the value itself.
    label_column: ClassVar[str | None] = None
    #: At most this many values are counted, the most mentioned (a tie: the highest value first); None: all.
    limit: ClassVar[int | None] = None

    def read(self, values: Sequence[str]) -> tuple[Any, ...]:
        """The field's value from the URL parameter's values: duplicates dropped, order kept."""
        return tuple(dict.fromkeys(values))

    def condition(self, values: Sequence[Any], params: list[Any]) -> str:
        """A condition on a row of :attr:`table` keeping ``values``; appends its parameters to ``params``."""
        params.extend(values)
        return f"{self.column} IN ({', '.join('?' * len(values))})"

    def count_sql(self) -> str:
        """One ``(facet, value, label, count)`` row per value, from the aggregate ``c``
        (a row of :attr:`table` per row, with its mentions ``n``)."""
        label = f"MIN(c.{self.label_column})" if self.label_column else f"c.{self.column}"
        sql = (
            f"SELECT '{self.param}' AS facet, CAST(c.{self.column} AS TEXT) AS value, {label} AS label,"
            f" CAST(SUM(c.n) AS BIGINT) AS count FROM c WHERE c.{self.column} IS NOT NULL GROUP BY c.{self.column}"
        )
        if self.limit is None:
            return sql
        return (f"SELECT * FROM ({sql} ORDER BY count DESC, c.{self.column} DESC LIMIT {int(self.limit)})"
                f" top_{self.param}")

    def values(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The counted rows with ``value`` in the field's own type (text unless overridden)."""
        return frame

    def __repr__(self) -> str:
        return f"<{type(self).__name__} ?{self.param}=>"


class ProvinceFacet(Facet):
    """The province (first-level division) a mentioned place lies in."""

    field, param, label, placeholder = "provinces", "province", "Province", "All provinces"
    table, column = "places", "admin1"


class DistrictFacet(Facet):
    """The district (second-level division) a mentioned place lies in."""

    field, param, label, placeholder = "districts", "district", "District", "All districts"
    table, column = "places", "admin2"


class CountryFacet(Facet):
    """The country of a mentioned place; a border belongs to each of its countries."""

    field, param, label, placeholder = "countries", "country", "Country", "All countries"
    table, column = "places", "country_code"

    def condition(self, values: Sequence[Any], params: list[Any]) -> str:
        either = [super().condition(values, params)]
        for code in values:  # places.countries reads ",AF,TJ," so LIKE finds one code
            either.append("countries LIKE ?")
            params.append(f"%,{code},%")
        return "(" + " OR ".join(either) + ")"


class KindFacet(Facet):
    """The kind of a mentioned place (city, province, border…)."""

    field, param, label, placeholder = "kinds", "kind", "Kind of place", "All kinds"
    table, column = "places", "kind"


class ArticleFacet(Facet):
    """The article a mention is in, labelled with its title: the 1,000 most mentioned only (a form offers
    the first 200; a million would stall the browser, and the store)."""

    field, param, label, placeholder = "article_ids", "article", "Article", "All articles"
    table, column, label_column = "articles", "id", "title"
    limit = 1000

    def read(self, values: Sequence[str]) -> tuple[int, ...]:
        """Article ids; a value that is not a number is dropped, so a hand-edited link still opens."""
        return tuple(dict.fromkeys(int(v) for v in values if v.isdigit()))

    def condition(self, values: Sequence[Any], params: list[Any]) -> str:
        return super().condition([int(v) for v in values], params)

    def values(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(value=frame["value"].astype("int64"))


class SourceFacet(Facet):
    """The outlet that published the article."""

    field, param, label, placeholder = "sources", "source", "Source", "All sources"
    table, column = "articles", "source"


class LanguageFacet(Facet):
    """The language the article is written in."""

    field, param, label, placeholder = "languages", "language", "Language", "All languages"
    table, column = "articles", "language"


#: Every facet, in the order a form shows them.
FACETS: tuple[Facet, ...] = (
    ProvinceFacet(), DistrictFacet(), CountryFacet(), KindFacet(), ArticleFacet(), SourceFacet(), LanguageFacet(),
)

"""The article store: articles, their mentions, corrections and user aliases, in SQLite or PostgreSQL.

One :class:`Store` over two backends chosen by URL: SQLite, the embedded
default (``data/kharita.db``, or ``$KHARITA_DB``), and PostgreSQL for a
newsroom (``postgresql://user@host/db``). Every query a page needs runs in SQL
and returns a pandas DataFrame::

    store = Store.open("sqlite:///tmp/k.db")
    store.places(Filters(provinces=("Badghis",)))[["name", "mentions"]]

Where each job lives:

- :mod:`~geo.store.filters`: :class:`Filters`, and their URL query parameters
- :mod:`~geo.store.facets`: the facets, one class each (:data:`FACETS`)
- :mod:`~geo.store.dialects`, :mod:`~geo.store.connection`: the two backends, one open database
- :mod:`~geo.store.schema`: the tables and their migrations
- :mod:`~geo.store.writes`, :mod:`~geo.store.rows`: saving articles and mentions
- :mod:`~geo.store.corrections`: corrections and user aliases
- :mod:`~geo.store.stories`: the Present page's saved stories
- :mod:`~geo.store.conditions`, :mod:`~geo.store.queries`: filters as SQL, the pages' queries
- :mod:`~geo.store.store`: the :class:`Store` that puts them together
"""

from geo.store.facets import FACETS, Facet
from geo.store.filters import Filters
from geo.store.queries import Summary
from geo.store.store import Store
from geo.store.writes import content_hash

__all__ = ["FACETS", "Facet", "Filters", "Store", "Summary", "content_hash"]

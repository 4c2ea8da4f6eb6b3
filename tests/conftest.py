"""Fixtures shared across the test suite."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def gazetteer():
    """The real gazetteer, built once into the cache folder (about a minute the first time)."""
    from geo.gazetteer import Gazetteer

    gaz = Gazetteer.open()
    yield gaz
    gaz.close()


@pytest.fixture(scope="session")
def parser(gazetteer):
    """A geoparser over the real gazetteer."""
    from geo.geoparse import Geoparser

    return Geoparser(gazetteer)


# The store's fixtures (both backends), shared by the store and ingestion tests.
pytest_plugins = ["tests.store_fixtures"]

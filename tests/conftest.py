"""Fixtures shared across the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(items):
    """Mark every test under tests/browser/ as ``browser``, so ``-m "not browser"`` runs the quick suite."""
    for item in items:
        if BROWSER_TESTS in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


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


# The realistic store and the fresh stores on both backends, shared by every test that uses a store.
pytest_plugins = ["tests.fixtures"]

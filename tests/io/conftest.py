"""Fixtures of the io tests. The export tests write the store tests' hand-made corpus, taken from
tests/store (its ``corpus`` and ``conftest`` modules) rather than copied: test directories are not
packages of one another (``tests/io`` cannot be one: it would be imported as the standard ``io``),
so the store tests' package is loaded from its files under a name of its own."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from saidwhat.store import Store

_STORE_TESTS = Path(__file__).resolve().parents[1] / "store"
_NAME = "_saidwhat_store_tests"


def store_tests(module: str) -> ModuleType:
    """A module of the store tests (``corpus``, ``conftest``)."""
    if _NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            _NAME, _STORE_TESTS / "__init__.py", submodule_search_locations=[str(_STORE_TESTS)]
        )
        assert spec is not None and spec.loader is not None
        package = importlib.util.module_from_spec(spec)
        sys.modules[_NAME] = package
        spec.loader.exec_module(package)
    return importlib.import_module(f"{_NAME}.{module}")


# The store tests' fixtures: a SQLite store in tmp_path, and PostgreSQL when SAIDWHAT_TEST_PG is set.
pg_url = store_tests("conftest").pg_url
target = store_tests("conftest").target
store = store_tests("conftest").store


@pytest.fixture
def filled(store: Store) -> Store:
    """The store tests' corpus: two sites, three months, a relay, a version."""
    store_tests("corpus").fill(store)
    return store


@pytest.fixture
def make_article() -> Callable[..., Any]:
    """The store tests' hand-made article: ``make_article(text, said, path=, url=, site=, published=)``."""
    made: Callable[..., Any] = store_tests("conftest").make_article
    return made

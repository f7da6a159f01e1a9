"""The fuzzing targets of bench/fuzz_targets.py under hypothesis, and the seed corpus replayed.

Every parser (text dumps, HTML, web archives, the search query on a store, the
web app's routes) must answer any input with a result or one clear refusal: a
crash, a warning or a message with a program's internals fails the test.
``bench/fuzz.py`` runs the same targets for thousands of inputs with time and
memory limits; these tests keep a small, fast sample of it in the suite.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


ft = _load("fuzz_targets")
fuzz = _load("fuzz")
SEEDS = ft.corpus(CORPUS)


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> object:
    return ft.Targets(max_seconds=20.0, store_dir=tmp_path_factory.mktemp("fuzz-store"))


def _judged(targets: object, target: str, data: bytes) -> tuple[str, str]:
    outcome, message = fuzz._one(targets, target, data)
    assert outcome in fuzz.EXPECTED, f"{target}: {outcome}: {message}"
    return outcome, message


def test_every_target_has_seeds_of_the_hostile_shapes() -> None:
    assert all(SEEDS[t] for t in ft.TARGETS)
    shapes = {p.name for t in ft.TARGETS for p in (CORPUS / t).iterdir()}
    assert set(ft.SHAPES) <= shapes  # `bench/fuzz.py --write-corpus` writes them all


@pytest.mark.parametrize(
    ("message", "internal"),
    [
        ("no article text found on the page", False),
        ("took more than the limit of 30 s", False),
        ("search query 'caf\\xe9' is not valid UTF-8 text", False),
        ("AttributeError: 'NoneType' object has no attribute 'data'", True),
        ("All strings must be XML compatible (lxml)", True),
        ("clean article failed on this page (internal error ValueError)", True),
        ("first line\nsecond line", True),
        ("", True),
    ],
)
def test_internal_messages_are_told_apart(message: str, internal: bool) -> None:
    assert ft.unclear(message) is internal


@pytest.mark.slow
@pytest.mark.parametrize("target", ft.TARGETS)
def test_the_seed_corpus_is_answered_clearly(targets: object, target: str) -> None:
    for data in SEEDS[target]:
        _judged(targets, target, data)


def _mutated(target: str) -> st.SearchStrategy[bytes]:
    def make(pick: tuple[int, int]) -> bytes:
        rng = random.Random(pick[1])
        pool = SEEDS[target]
        return bytes(ft.mutate(pool[pick[0] % len(pool)], rng, pool, 20_000))

    return st.tuples(st.integers(0, 1000), st.integers(0, 2**32)).map(make)


FAST = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.mark.slow
@FAST
@given(data=st.one_of(_mutated("text"), st.binary(max_size=300)))
def test_text_dumps(targets: object, data: bytes) -> None:
    _judged(targets, "text", data)


@pytest.mark.slow
@FAST
@given(data=st.one_of(_mutated("html"), st.binary(max_size=300)))
def test_html_pages(targets: object, data: bytes) -> None:
    _judged(targets, "html", data)


@pytest.mark.slow
@FAST
@given(data=st.one_of(_mutated("warc"), st.binary(max_size=300).map(lambda b: b"WARC/1.0\r\n" + b)))
def test_web_archives(targets: object, data: bytes) -> None:
    _judged(targets, "warc", data)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    data=st.one_of(_mutated("query"), st.text(max_size=60).map(lambda s: s.encode("utf-8", "surrogatepass")))
)
def test_search_queries(targets: object, data: bytes) -> None:
    _judged(targets, "query", data)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.one_of(_mutated("web"), st.text(max_size=80).map(lambda s: s.encode("latin-1", "replace"))))
def test_web_requests(targets: object, data: bytes) -> None:
    _judged(targets, "web", data)

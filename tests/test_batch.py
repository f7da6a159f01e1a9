"""One way to run a batch: the pipeline's stages by name, and the two passes every caller makes.

``saidwhat extract DIR``, :func:`saidwhat.extract_many` and ``saidwhat ingest`` (tests/executors)
give the same statements for the same pages, because they all run
:func:`saidwhat.pipeline.extract_batch`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from saidwhat import Failure, Options, extract_many
from saidwhat.cli import main
from saidwhat.core.errors import UsageError
from saidwhat.core.model import Article
from saidwhat.core.resources import Context
from saidwhat.io.writers.json import article_to_dict
from saidwhat.pipeline import ANALYSIS, PIPELINE, Pipeline, build_pipeline, register_stage, stage_factory

# Six stories of one site, each with the site's newsletter box, which reads like a quotation: only the
# batch's furniture profile (the first pass) tells that it is no statement.
_STORIES = [
    ("Harbour to be rebuilt", '"We will rebuild the pier before winter," Mayor Jane Doe said on Monday.'),
    ("School budget approved", '"Every classroom gets new books this autumn," Principal Ana Ruiz said.'),
    ("Bridge closed for repairs", '"Drivers should expect long delays," engineer Paul Martin said on Tuesday.'),
    ("Library opens late", '"Readers asked for evening hours and we listened," librarian Sofia Klein said.'),
    ("Market square repaved", '"The stones will last another century," architect Lena Vogel said.'),
    ("Ferry timetable changes", '"Morning crossings will run every twenty minutes," captain Ivo Berg said.'),
]
_BOX = '"Subscribe to our newsletter for the news that matters," the editors said.'


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    for i, (title, quote) in enumerate(_STORIES):
        (root / f"story-{i}.txt").write_text(f"{title}\n\n{quote}\n\n{_BOX}\n\nMore on this story {i} later.\n")
    return root


def _printed(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["extract", *argv, "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return {str(row["input"]["path"]): row for row in rows}


def _api(items: Any, **kwargs: Any) -> dict[str, Any]:
    results = list(extract_many(items, **kwargs))
    assert not [r for r in results if isinstance(r, Failure)]
    return {r.input.path: article_to_dict(r) for r in results if isinstance(r, Article)}


def test_the_python_api_gives_what_the_command_prints(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    printed = _printed(capsys, str(site))
    assert _api(site) == printed  # a directory: two passes, as the command makes them
    assert _api(sorted(str(p) for p in site.iterdir())) == printed  # a list of files: the same
    unprofiled = _printed(capsys, str(site), "--no-batch-profile")
    assert _api(site, batch_profile=False) == unprofiled
    said = [len(row["statements"]) for row in printed.values()]
    assert said != [len(row["statements"]) for row in unprofiled.values()]  # the first pass mattered


def test_the_stages_are_named_and_built_from_one_context() -> None:
    assert PIPELINE[0] == "read page" and PIPELINE[-1] == "verify statements"
    assert ANALYSIS == PIPELINE[PIPELINE.index("find quotations") :]
    stages = build_pipeline(Options(), names=ANALYSIS)
    assert [type(s).__name__ for s in stages] == ["FindQuotations", "FindAttributions", "ResolveSpeakers", "VerifyStatements"]
    with pytest.raises(UsageError, match="no stage called 'nope'"):
        stage_factory("nope")
    with pytest.raises(UsageError, match="built-in stage"):
        register_stage("read page", lambda context: lambda article: article)


def test_a_stage_of_ones_own_runs_where_it_is_listed(tmp_path: Path) -> None:
    seen: list[str] = []

    def factory(context: Context) -> Any:
        assert context.options.min_confidence == 0.25  # the pipeline's options reach the factory

        def only_direct(article: Article) -> Article:
            seen.append(article.input.path)
            article.statements = [s for s in article.statements if s.kind.value == "direct"]
            return article

        return only_direct

    register_stage("direct statements only", factory)
    page = tmp_path / "p.txt"
    page.write_text('Talks\n\n"We agree," the minister said.\n\nThe mayor said the talks would go on.\n')
    pipeline = Pipeline(Options(min_confidence=0.25), names=[*PIPELINE, "direct statements only"])
    (article,) = [r for r in pipeline.run(extract_sources(page)) if isinstance(r, Article)]
    assert seen == [str(page)]
    assert article.statements and {s.kind.value for s in article.statements} == {"direct"}


def extract_sources(path: Path) -> Any:
    from saidwhat.io.readers import iter_sources

    return iter_sources([str(path)], Options().max_bytes)

"""The README's Python examples run as written, on small pages written here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"

PAGE_HTML = """<!doctype html>
<html lang="en"><head><title>Rhône talks: water deal within reach</title>
<meta property="article:published_time" content="2026-03-10T09:00:00Z">
<meta property="og:site_name" content="Alpine Courier"></head>
<body><article><h1>Rhône talks: water deal within reach</h1>
<p>"The water of the Rhône will be shared fairly," Hélène Marchetti said on Tuesday.</p>
<p>Martina Brunner said the two countries had agreed to look at the question together.</p>
</article></body></html>
"""
OTHER_TXT = """Rhône water talks end without a number

Hélène Marchetti said the water of the Rhône would be shared fairly.
"We have agreed to look at the question together," Martina Brunner told reporters.
"""


def python_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", README.read_text("utf-8"), re.DOTALL | re.MULTILINE)


def test_the_readme_has_python_examples() -> None:
    assert python_blocks()


@pytest.mark.parametrize("number", range(len(python_blocks())))
def test_a_readme_python_example_runs_as_written(
    number: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "page.html").write_text(PAGE_HTML, encoding="utf-8")
    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "other.txt").write_text(OTHER_TXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SAIDWHAT_DB", raising=False)
    code = python_blocks()[number]
    compiled = compile(code, f"README.md python block {number + 1}", "exec")
    exec(compiled, {"__name__": "__readme__"})  # noqa: S102
    out = capsys.readouterr().out
    assert "failed:" not in out
    assert "2026-03-10 Hélène Marchetti The water of the Rhône" in out  # found in the store


def demo_excerpt() -> list[list[str]]:
    """The README's excerpt of `saidwhat demo`, as runs of consecutive lines ("..." between runs)."""
    text = README.read_text("utf-8")
    section = text[text.index("## What `make demo` shows") :]
    block = re.search(r"^```\n(.*?)^```", section, re.DOTALL | re.MULTILINE)
    assert block, "the demo section has no excerpt"
    runs: list[list[str]] = [[]]
    for line in block.group(1).splitlines():
        if line.strip() == "...":
            runs.append([])
        else:
            runs[-1].append(line.rstrip())
    return [run for run in runs if run]


def test_the_readme_demo_excerpt_is_the_demo_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from saidwhat.cli import main

    monkeypatch.setenv("COLUMNS", "100")  # the width the excerpt was taken at
    assert main(["demo", "--db", str(tmp_path / "demo.db")]) == 0
    output = [line.rstrip() for line in capsys.readouterr().out.splitlines()]
    at = 0
    for run in demo_excerpt():  # each run appears whole, in the order of the excerpt
        starts = [i for i in range(at, len(output) - len(run) + 1) if output[i : i + len(run)] == run]
        assert starts, "not in the output of `saidwhat demo`:\n" + "\n".join(run)
        at = starts[0] + len(run)

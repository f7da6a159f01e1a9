"""``saidwhat train`` and ``saidwhat eval``: commands of the development distribution, found by entry point."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from saidwhat import cli
from saidwhat.pages.furniture_model import LineModel
from saidwhat_dev.cli.train import output_dir


def _saidwhat(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "saidwhat", *args], capture_output=True, text=True, check=False, timeout=600, cwd=cwd
    )


def _shipped_furniture_model() -> bytes:
    return resources.files("saidwhat.data").joinpath("furniture_model.json").read_bytes()


def test_the_development_commands_come_from_the_entry_point_group() -> None:
    plugins = cli.plugin_commands()
    assert {"train", "eval"} <= set(plugins)
    assert plugins["train"].value == "saidwhat_dev.cli.train"


def test_a_built_in_command_does_not_import_the_development_commands() -> None:
    code = (
        "import sys; from saidwhat.cli import build_parser; "
        "build_parser(['extract', 'x.txt']).parse_args(['extract', 'x.txt']); "
        "print(sorted(m for m in sys.modules if m.startswith('saidwhat_dev')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    assert done.stdout.strip() == "[]"


def test_the_full_help_lists_them(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "train" in out and "eval" in out and "extract" in out


def test_without_the_development_distribution_train_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "plugin_commands", dict)  # as if saidwhat-dev were not installed
    assert cli.main(["train", "attribution", "--data", "x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "saidwhat-dev" in err and "pip install -e ./dev" in err
    assert cli.main(["eval", "polnear"]) == 2


def test_train_writes_into_out_and_never_into_the_package(tmp_path: Path) -> None:
    shipped = _shipped_furniture_model()
    out = tmp_path / "furniture"
    done = _saidwhat("train", "furniture", "--epochs", "1", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = out / "furniture_model.json"
    model = LineModel.from_json(json.loads(written.read_text(encoding="utf-8")), str(written))
    assert model.meta["settings"]["epochs"] == 1
    assert _shipped_furniture_model() == shipped


def test_train_without_out_makes_a_new_directory_in_the_current_one(tmp_path: Path) -> None:
    shipped = _shipped_furniture_model()
    done = _saidwhat("train", "furniture", "--epochs", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    made = [p for p in tmp_path.iterdir() if p.name.startswith("saidwhat-furniture-")]
    assert len(made) == 1 and (made[0] / "furniture_model.json").is_file()
    assert _shipped_furniture_model() == shipped


def test_output_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    installed = tmp_path / "package" / "models"

    def args(out: Path | None = None, install: bool = False) -> argparse.Namespace:
        return argparse.Namespace(model="attribution", out=out, install=install)

    first, second = output_dir(args(), installed), output_dir(args(), installed)
    assert first.parent == second.parent == tmp_path and first != second  # never an existing one
    assert first.name.startswith("saidwhat-attribution-") and first.is_dir()
    assert output_dir(args(tmp_path / "a" / "b"), installed) == tmp_path / "a" / "b"
    assert output_dir(args(install=True), installed) == installed  # only when asked
    assert not installed.exists()


def test_out_and_install_exclude_each_other(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["train", "furniture", "--out", str(tmp_path), "--install"])
    assert "not allowed with" in capsys.readouterr().err

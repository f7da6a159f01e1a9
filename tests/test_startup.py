"""Start-up: ``saidwhat extract`` on one small page imports no training or evaluation code and no PyTorch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PAGE = 'Bridge to stay closed\n\n"We need the summer for the works," the mayor said on Tuesday.\n'


def imported_modules(stderr: str) -> set[str]:
    """The modules named by ``python -X importtime`` (its last column)."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":  # the header
                names.add(name)
    return names


def test_extract_imports_no_development_module_no_trainer_and_no_torch(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "saidwhat", "extract", str(page)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert '"the mayor"' in done.stdout or "mayor" in done.stdout
    modules = imported_modules(done.stderr)
    assert "saidwhat.pipeline" in modules and "saidwhat.attribution.tagger" in modules  # it did read them
    assert not {m for m in modules if m == "saidwhat_dev" or m.startswith("saidwhat_dev.")}
    assert not {m for m in modules if m == "torch" or m.startswith("torch.")}
    assert not {m for m in modules if m.startswith("saidwhat") and "train" in m}
    assert not {m for m in modules if m.startswith("saidwhat.eval")}


def test_no_module_of_saidwhat_imports_the_development_distribution() -> None:
    import ast

    src = Path(__file__).resolve().parents[1] / "src" / "saidwhat"
    found = []
    for path in sorted(src.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found += [f"{path.relative_to(src)}: {n}" for n in names if n.split(".")[0] == "saidwhat_dev"]
    assert not found

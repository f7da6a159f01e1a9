"""Peak memory per document stays bounded on long pages (measured in a child process, generous margin).

``bench/fuzz.py`` measures the same for every hostile shape up to the size limit; here one shape
that used to grow with the page: a long text of reported speech runs the attribution tagger over
tens of thousands of tokens (300 KB peaked at 540 MB before the tagger was batched, 280 MB after).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

LIMIT_MB = 450
# VmHWM, the peak of this process's own memory: ru_maxrss would also count the memory of the
# test process the child was forked from (Linux keeps the larger across exec)
_CHILD = """
import re, sys
from pathlib import Path
import saidwhat
from saidwhat.core.options import Options
article = saidwhat.extract(sys.argv[1], options=Options(max_seconds=0))
peak = re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1)
print(len(article.statements), int(peak) // 1024)
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc for the peak memory")
def test_a_long_page_of_reported_speech_stays_within_memory(tmp_path: Path) -> None:
    page = tmp_path / "told.txt"
    page.write_text("he told reporters that " * 13_000, encoding="utf-8")  # 300 KB, 52,000 tokens
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(page)], capture_output=True, text=True, timeout=600, check=False
    )
    assert proc.returncode == 0, proc.stderr
    statements, peak_mb = map(int, proc.stdout.split())
    assert statements > 0  # the page was analysed, not rejected
    assert peak_mb < LIMIT_MB, f"peak {peak_mb} MB"

"""The extract command end to end: output formats, stdin, and bad input in a batch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from saidwhat.cli import main

PAGE = 'Council backs new bridge\n\n"We will build it this year," the mayor said on Monday.\n'


@pytest.fixture
def pages(tmp_path: Path) -> dict[str, Path]:
    files = {
        "good": tmp_path / "good.txt",
        "good2": tmp_path / "good2.txt",
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "binary.bin",
        "latin1": tmp_path / "latin1.txt",
    }
    files["good"].write_text(PAGE, encoding="utf-8")
    files["good2"].write_text("Second page\n\nThe minister said talks would go on.\n", encoding="utf-8")
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 20)
    files["latin1"].write_bytes(
        "Caf\xe9 au lait\n\nLe ministre a d\xe9clar\xe9 que la r\xe9union aura lieu.\n".encode("latin-1")
    )
    return files


def test_one_input_prints_one_json_object_whose_offsets_slice(
    pages: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(pages["good"])]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "saidwhat/1"
    assert doc["input"]["format"] == "text" and len(doc["input"]["sha256"]) == 64
    text = doc["article"]["text"]
    for block in doc["article"]["blocks"]:
        assert text[block["start"] : block["end"]] == block["text"]
    assert set(doc) == {"schema", "input", "article", "statements", "speakers"}


def test_several_inputs_print_json_lines_and_failures_do_not_stop_the_batch(
    pages: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    missing = pages["good"].parent / "missing.txt"
    code = main(
        [
            "extract",
            str(pages["empty"]),
            str(pages["good"]),
            str(missing),
            str(pages["binary"]),
            str(pages["good2"]),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d["input"]["path"] for d in lines] == [str(pages["good"]), str(pages["good2"])]
    errors = err.strip().splitlines()
    assert len(errors) == 3 and all(line.startswith("saidwhat: ") for line in errors)
    assert any("empty.txt: empty input" in e for e in errors)
    assert any("missing.txt: no such file" in e for e in errors)
    assert any("binary.bin: binary data" in e for e in errors)
    assert "Traceback" not in err


def test_undecodable_legacy_encoding_is_decoded(
    pages: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(pages["latin1"])]) == 0
    assert "déclaré" in json.loads(capsys.readouterr().out)["article"]["text"]


def test_table_format(pages: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--format", "table", str(pages["good"])]) == 0
    out = capsys.readouterr().out
    assert "== Council backs new bridge" in out and "SPEAKER" in out


def test_size_limit_flag(pages: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--max-bytes", "10", str(pages["good"])]) == 1
    assert "over the limit of 10" in capsys.readouterr().err


def test_stdin_and_console_script(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "saidwhat", "extract", "-"],
        input=PAGE.encode(),
        check=False,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["input"]["path"] == "-"


def test_fifty_megabyte_page_is_refused_with_one_line(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with big.open("wb") as fh:
        fh.write(b"<html><body>" + b"<p>word </p>" * (50_000_000 // 12) + b"</body></html>")
    proc = subprocess.run(
        [sys.executable, "-m", "saidwhat", "extract", str(big)], capture_output=True, timeout=120, check=False
    )
    assert proc.returncode == 1
    err = proc.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and "big.html" in err and "over the limit" in err


def test_a_file_name_that_is_not_utf8_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    page = tmp_path / os.fsdecode(b"caf\xe9.txt")
    try:
        page.write_text(PAGE, encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take file names that are not valid UTF-8")
    missing = tmp_path / os.fsdecode(b"gone-\xff.txt")
    assert main(["extract", str(page), str(missing)]) == 1
    out, err = capsys.readouterr()
    out.encode("utf-8"), err.encode("utf-8")  # printable as UTF-8: no lone surrogates
    paths = [json.loads(line)["input"]["path"] for line in out.splitlines()]
    assert paths == [str(tmp_path / "caf\\xe9.txt")]
    assert err.strip() == f"saidwhat: {tmp_path}/gone-\\xff.txt: no such file"


def _warc(path: Path, pages: int) -> Path:
    records = []
    for i in range(pages):
        paragraph = PAGE.splitlines()[2]
        body = f"<html><body><article><h1>Story {i}</h1><p>{paragraph}</p></article></body></html>"
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body.encode()
        head = (
            f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/{i}\r\n"
            "WARC-Date: 2024-03-05T10:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-00000000000{i}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
        )
        records.append(head.encode() + http + b"\r\n\r\n")
    path.write_bytes(b"".join(records))
    return path


@pytest.mark.parametrize("pages", [1, 3])
def test_one_web_archive_prints_json_lines(
    pages: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(_warc(tmp_path / "crawl.warc", pages))]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == pages  # one object per article, one per line, however many the archive holds
    records = [json.loads(line)["input"]["record"] for line in lines]
    assert records == [f"https://news.example/{i}" for i in range(pages)]

def _warc_record(uri: str, kind: str = "response", status: str = "200 OK", ctype: str = "text/html") -> bytes:
    page = f"<html><head><title>{uri}</title></head><body><article><p>{PAGE}</p></article></body></html>"
    block = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n\r\n{page}".encode()
    head = f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


@pytest.mark.parametrize(
    ("cut", "reason"),
    [
        (-50, "truncated web archive: record https://news.example/b breaks off"),
        (None, "corrupt web archive: "),
    ],
    ids=["truncated", "header-and-garbage"],
)
def test_a_damaged_archive_is_said_on_stderr_and_the_exit_status_is_1(
    cut: int | None, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Both were read without a word, exit status 0.
    archive = tmp_path / "crawl.warc"
    whole = _warc_record("https://news.example/a") + _warc_record("https://news.example/b")
    archive.write_bytes(whole[:cut] if cut is not None else b"WARC/1.0\r\n" + bytes(range(256)) * 8)
    assert main(["extract", "--format", "jsonl", str(archive)]) == 1
    out, err = capsys.readouterr()
    assert f"saidwhat: {archive}: {reason}" in err
    assert len(out.splitlines()) == (1 if cut is not None else 0)

"""The store's commands end to end: ingest, search, speakers, speaker, compare, export."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from saidwhat.cli import main
from saidwhat.store import Store

from .corpus import fill


@pytest.fixture
def db(target: str) -> str:
    with Store.open(target) as store:
        fill(store)
    return target


def out_of(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> str:
    assert main(list(argv)) == code
    return capsys.readouterr().out


def test_search_table_jsonl_and_csv(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    table = out_of(capsys, "search", "arrested", "--db", db)
    assert "WHAT WAS SAID" in table and "12 people were arrested" in table and "Bay Times" in table
    rows = [
        json.loads(l)
        for l in out_of(capsys, "search", "--speaker", "Ruiz", "--format", "jsonl", "--db", db).splitlines()
    ]
    assert len(rows) == 3 and {r["speaker"] for r in rows} == {"Ana Ruiz"}
    text = out_of(capsys, "search", "--kind", "direct", "--site", "Coast News", "--format", "csv", "--db", db)
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["content"] for r in parsed) == sorted(
        ["This is the most important vote of my term", "We will not raise taxes", "We will not raise taxes"]
    )
    assert (
        out_of(capsys, "search", "--since", "2024-05", "--limit", "1", "--format", "jsonl", "--db", db).count(
            "\n"
        )
        == 1
    )


def test_bad_query_is_one_line_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "s.db")
    with Store.open(db) as store:
        fill(store)
    assert main(["search", "--fts", '"unclosed', "--db", db]) == 2
    err = capsys.readouterr().err
    assert err.startswith("saidwhat: bad search query") and err.count("\n") == 1
    # Without --fts the same words are searched as written.
    assert main(["search", '"unclosed', "--db", db]) == 0
    assert main(["search", "--articles", "harbour-plan", "--db", db]) == 0
    assert "Harbour plan approved" in capsys.readouterr().out


def test_speakers_and_speaker_timeline(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    table = out_of(capsys, "speakers", "--db", db)
    first = table.splitlines()[2]
    assert first.startswith("Ana Ruiz") and "Coast News 2, Bay Times 1" in first
    by_month = [
        json.loads(l)
        for l in out_of(capsys, "speakers", "--by", "month", "--format", "jsonl", "--db", db).splitlines()
    ]
    assert {(r["name"], r["group"]) for r in by_month} >= {("Ana Ruiz", "2024-03"), ("Mary Lee", "2024-05")}
    timeline = out_of(capsys, "speaker", "mary lee", "--db", db)
    assert timeline.startswith("== Mary Lee: 2 statements") and "cut taxes" in timeline
    assert main(["speaker", "nobody here", "--db", db]) == 2


def test_compare_by_articles_and_by_event(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    table = out_of(capsys, "compare", "a/harbour.html", "b/harbour.html", "--db", db)
    assert "VOICES" in table and "ONLY IN B (1)" in table and "We were never consulted" in table
    data = json.loads(out_of(capsys, "compare", "--event", "harbour", "--format", "json", "--db", db))
    assert {data["a"]["site"], data["b"]["site"]} == {"Coast News", "Bay Times"}
    assert len(data["pairs"]) == 3
    assert main(["compare", "1", "--db", db]) == 2


def test_export_command_formats(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = out_of(capsys, "export", "--db", db).splitlines()
    assert len(lines) == 12 and "content" in json.loads(lines[0])
    parquet = tmp_path / "out.parquet"
    assert main(["export", "--table", "articles", "-o", str(parquet), "--db", db]) == 0
    assert pq.read_table(parquet).num_rows == 3
    text = out_of(capsys, "export", "--format", "csv", "--speaker", "Okafor", "--db", db)
    assert len(list(csv.DictReader(io.StringIO(text)))) == 2


def test_ingest_then_search_end_to_end(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text('Harbour vote\n\n"We will win the harbour vote," Jane Doe said on Monday.\n')
    assert main(["ingest", str(page), "--db", target, "--jobs", "1"]) == 0
    with Store.open(target) as store:
        article = store.article(str(page))
        hits = store.search("harbour")
    # Whatever the extraction found is what the store returns, statement for statement.
    assert [h.content for h in hits] == [
        " … ".join(article.slice(s) for s in st.content)
        for st in article.statements
        if "harbour" in " ".join(article.slice(s) for s in st.content).lower()
    ]
    assert main(["ingest", str(page), "--db", target]) == 0
    assert "kept 0, skipped 1" in capsys.readouterr().err


def test_search_for_an_unknown_speaker_says_so(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--speaker", "Zebedee Quill", "--db", db]) == 1
    assert "no speaker is known as 'Zebedee Quill'" in capsys.readouterr().err


def test_search_articles_lists_ids_for_compare(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    table = out_of(capsys, "search", "--articles", "harbour", "--db", db)
    assert "Harbour plan approved" in table and "Council forces through harbour plan" in table
    assert "Budget" not in table
    rows = [
        json.loads(l)
        for l in out_of(
            capsys, "search", "--articles", "budget", "--format", "jsonl", "--db", db
        ).splitlines()
    ]
    assert [r["title"] for r in rows] == ["Budget talks stall again"]


NOT_UTF8 = os.fsdecode(b"caf\xe9")  # an argument's bytes as Python decodes them when they are not UTF-8
HUGE = "9" * 20


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["search", "x", "--limit", HUGE], "the limit must be a whole number from 1 to"),
        (["search", "x", "--limit", "-1"], "the limit must be a whole number from 1 to"),
        (["speakers", "--limit", HUGE], "the limit must be a whole number"),
        (["speaker", "Ruiz", "--limit", "-5"], "the limit must be a whole number"),
        (["search", "--articles", "harbour", "--limit", HUGE], "the limit must be a whole number"),
        (["compare", HUGE, "1"], f"no article with id {HUGE}"),
        (["compare", "²", "1"], "no stored article matches '²'"),
        (["search", NOT_UTF8], "search query 'caf\\xe9' is not valid UTF-8 text"),
        (["search", "--speaker", NOT_UTF8], "speaker 'caf\\xe9' is not valid UTF-8 text"),
        (["search", "--site", NOT_UTF8], "site 'caf\\xe9' is not valid UTF-8 text"),
        (["speaker", NOT_UTF8], "speaker 'caf\\xe9' is not valid UTF-8 text"),
        (["compare", "--event", NOT_UTF8], "search query 'caf\\xe9' is not valid UTF-8 text"),
        (["compare", NOT_UTF8, "1"], "no stored article matches 'caf\\xe9'"),
        (["export", "--query", NOT_UTF8], "search query 'caf\\xe9' is not valid UTF-8 text"),
        (["search", "--since", NOT_UTF8], "date 'caf\\xe9' is not valid UTF-8 text"),
        (["search", "--since", "2019-13"], "bad date '2019-13'"),
        (["search", "--until", "9999-99-99"], "bad date '9999-99-99'"),
        (["speakers", "--since", "2019-02-30"], "bad date '2019-02-30'"),
        (["serve", "--host", NOT_UTF8, "--port", "0"], "cannot listen on caf\\xe9:0"),
        # the error quotes the argument: its line breaks and terminal controls must not come through
        (["search", "door\nopen " + NOT_UTF8], "search query 'door open caf\\xe9' is not valid UTF-8"),
        (["search", "--since", "2019\x1b[2J-13"], "bad date '2019\\x1b[2J-13'"),
    ],
)
def test_bad_arguments_are_one_line_errors(
    db: str, argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--db", db]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("saidwhat: ") and err.count("\n") == 1, err
    assert says in err
    err.encode("utf-8")  # printable: no lone surrogates


def test_export_destinations_are_checked(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "a-file"
    plain.write_text("")
    for output in (tmp_path / "missing" / "s.parquet", plain / "s.parquet", plain / "s.csv"):
        assert main(["export", "-o", str(output), "--db", db]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"saidwhat: {output}: cannot write: ") and err.count("\n") == 1
    xlsx = tmp_path / "statements.xlsx"
    assert main(["export", "-o", str(xlsx), "--db", db]) == 2
    assert "cannot tell the export format from the extension .xlsx" in capsys.readouterr().err
    assert not xlsx.exists()
    assert main(["export", "-o", str(xlsx), "--format", "csv", "--db", db]) == 0  # said explicitly
    assert xlsx.read_text().startswith("statement_id,")
    assert main(["export", "-o", str(tmp_path / "STATEMENTS.CSV"), "--db", db]) == 0
    assert main(["export", "-o", str(tmp_path / "statements"), "--db", db]) == 0  # no extension: JSON Lines
    assert json.loads((tmp_path / "statements").read_text().splitlines()[0])["content"]


def test_site_filters_take_the_domain(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    by_name = out_of(capsys, "search", "--site", "Bay Times", "--format", "jsonl", "--db", db)
    by_domain = out_of(capsys, "search", "--site", "baytimes.example", "--format", "jsonl", "--db", db)
    assert by_domain == by_name and len(by_name.splitlines()) == 4
    assert "Tom Okafor" in out_of(capsys, "speakers", "--site", "www.baytimes.example", "--db", db)

def _warc_record(uri: str, kind: str = "response", status: str = "200 OK", ctype: str = "text/html") -> bytes:
    page = f'<html><head><title>{uri}</title></head><body><p>"We will win the vote," Jane Doe said.</p></body></html>'
    block = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n\r\n{page}".encode()
    head = f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


def test_ingest_says_what_archives_held_and_records_their_damage(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # ingest did not report the records it skipped, as extract does; a truncated archive exited 0.
    archive = tmp_path / "crawl.warc"
    records = [
        _warc_record("https://news.example/a"),
        _warc_record("https://news.example/a", kind="request"),
        _warc_record("https://news.example/logo.png", ctype="image/png"),
        _warc_record("https://news.example/gone", status="404 Not Found"),
        _warc_record("https://news.example/b"),
    ]
    whole = b"".join(records)
    archive.write_bytes(whole[:-50])
    assert main(["ingest", str(archive), "--db", target, "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert (
        "saidwhat: web archives: 1 pages from 5 records; skipped: 1 request, 1 non-HTML, 1 non-200; failed: 1"
        in err
    )
    with Store.open(target) as store:
        failures = store.failures()
    assert [(f.path, f.error) for f in failures] == [(str(archive), "ArchiveError")]
    assert failures[0].reason.startswith("truncated web archive: record https://news.example/b breaks off")

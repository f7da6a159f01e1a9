"""The reader protocol: each location goes to the first reader that takes it, and a new kind of
location (an object store's URIs) is one more reader."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

from saidwhat.core.sources import Failure, Source
from saidwhat.io.readers import (
    READERS,
    DirectoryReader,
    FileReader,
    Reader,
    StdinReader,
    iter_sources,
    reader_for,
    sources_of,
)
from saidwhat.io.readers.warc import WarcStats


def test_each_location_goes_to_the_reader_of_its_kind(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text("A page.", encoding="utf-8")
    assert isinstance(reader_for("-"), StdinReader)
    assert isinstance(reader_for(str(tmp_path)), DirectoryReader)
    assert isinstance(reader_for(str(tmp_path / "page.txt")), FileReader)
    assert isinstance(reader_for(str(tmp_path / "missing.txt")), FileReader)  # it fails as a file
    assert isinstance(reader_for("x" * 5000), FileReader)  # a page's text given as a path is no directory
    assert all(isinstance(r, Reader) for r in READERS)


def test_a_directory_is_read_in_sorted_order_files_first_without_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_bytes(b"two")
    (tmp_path / "a.txt").write_bytes(b"one")
    (tmp_path / ".hidden.txt").write_bytes(b"hidden")
    (tmp_path / "c.gz").write_bytes(gzip.compress(b"three"))
    found = list(iter_sources([str(tmp_path)], 1000))
    assert [(Path(s.path).name, s.data) for s in found if isinstance(s, Source)] == [
        ("a.txt", b"one"),
        ("c.gz", b"three"),
        ("2.txt", b"two"),
    ]


def test_a_missing_file_is_a_failure_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_bytes(b"A page.")
    found = list(iter_sources([str(tmp_path / "missing.txt"), str(tmp_path / "page.txt")], 1000))
    assert isinstance(found[0], Failure) and found[0].reason == "no such file"
    assert isinstance(found[1], Source) and found[1].data == b"A page."


class MemoryReader:
    """An object store stand-in: ``mem://NAME`` locations, their bytes held in a dict."""

    name = "memory"

    def __init__(self, objects: dict[str, bytes]) -> None:
        self.objects = objects

    def handles(self, location: str) -> bool:
        return location.startswith("mem://")

    def read(self, location: str, limit: int, stats: WarcStats | None = None) -> Iterator[Source | Failure]:
        data = self.objects.get(location.removeprefix("mem://"))
        if data is None:
            yield Failure(location, "no such object", "MissingInput")
            return
        yield from sources_of(location, data, limit, stats)


def test_a_new_kind_of_location_is_one_more_reader(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_bytes(b"A local page.")
    memory = MemoryReader(
        {"news/page.html": b"<p>A stored page.</p>", "news/page.gz": gzip.compress(b"Zipped.")}
    )
    assert isinstance(memory, Reader)
    readers = (memory, *READERS)
    found = list(
        iter_sources(
            ["mem://news/page.html", "mem://news/page.gz", "mem://gone", str(tmp_path / "page.txt")],
            1000,
            readers=readers,
        )
    )
    assert [(type(f).__name__, f.path) for f in found] == [
        ("Source", "mem://news/page.html"),
        ("Source", "mem://news/page.gz"),
        ("Failure", "mem://gone"),
        ("Source", str(tmp_path / "page.txt")),
    ]
    assert [f.data for f in found if isinstance(f, Source)] == [
        b"<p>A stored page.</p>",
        b"Zipped.",
        b"A local page.",
    ]
    # Without the reader, such a location is a file name that does not exist.
    assert [f.reason for f in iter_sources(["mem://gone"], 1000) if isinstance(f, Failure)] == [
        "no such file"
    ]

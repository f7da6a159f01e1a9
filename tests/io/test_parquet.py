"""An article's Parquet rows, and the article rebuilt from them, as the JSON output has it."""

from __future__ import annotations

import saidwhat
from saidwhat.io.parquet import ARTICLES, STATEMENTS, article_of, article_rows, table
from saidwhat.io.writers.json import article_to_dict

PAGE = """<!doctype html><html lang="en"><head><title>Rhône talks</title>
<meta property="article:published_time" content="2026-03-10T09:00:00+01:00"></head>
<body><article><h1>Rhône talks: water deal within reach</h1>
<p>The ministry said on Tuesday that the minister had replied that "the door remains open".</p>
<p>"We have agreed to look at the question together," Martina Brunner said.</p></article></body></html>"""


def test_rows_make_tables_of_the_schema_and_give_the_article_back() -> None:
    article = saidwhat.extract_bytes(PAGE.encode(), "talks.html")
    row, statements = article_rows(article)
    assert table([row], ARTICLES).num_rows == 1
    assert table(statements, STATEMENTS).num_rows == len(article.statements) > 0
    assert article.metadata.published and article.metadata.published.startswith("2026-03-10")
    assert row["published"].date().isoformat() == "2026-03-10" and row["month"] == "2026-03"
    # through Arrow and back, as ingest reads them
    row = table([row], ARTICLES).to_pylist()[0]
    statements = table(statements, STATEMENTS).to_pylist()
    assert article_to_dict(article_of(row, statements)) == article_to_dict(article)


def test_a_merged_speaker_key_and_an_origin_found_by_clustering_are_kept() -> None:
    article = saidwhat.extract_bytes(PAGE.encode(), "talks.html")
    row, statements = article_rows(article)
    for st in statements:
        if st["speaker_key"]:
            st["speaker_key"] = "person:merged"
    row.update(republished_from="https://wire.example/1", republished_from_page=False)
    rebuilt = article_of(row, statements)
    assert rebuilt.metadata.republished_from == "https://wire.example/1"
    assert {sp.key for sp in rebuilt.speakers if any(st.speaker == sp.id for st in rebuilt.statements)} == {
        "person:merged"
    }

"""The layouts of saidwhat's records: what each is written as, in every format.

``ARTICLE`` is what ``saidwhat extract`` writes (the JSON object of
:func:`~saidwhat.io.writers.json.article_to_dict`, or its table); the others are
the records the store's commands print (:mod:`saidwhat.store.records`: a dict
of their fields, and a table fitted to them all). The rows of ``saidwhat
export`` have typed columns (:mod:`saidwhat.io.export`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ...core.model import Article
from ...store.compare import Comparison
from ...store.records import ArticleInfo, FailureRecord, SpeakerCount, StatementHit, as_row
from .base import Layout
from .json import article_to_dict
from .store_tables import articles_table, comparison_table, failures_table, hits_table, speakers_table
from .table import article_table

__all__ = ["ARTICLE", "ARTICLE_INFO", "COMPARISON", "FAILURE", "SPEAKER_COUNT", "STATEMENT_HIT", "TIMELINE"]


def _timeline(hits: Sequence[StatementHit]) -> str:
    return hits_table(hits, timeline=True)


ARTICLE: Layout[Article] = Layout("articles", article_to_dict, table_each=article_table)
STATEMENT_HIT: Layout[StatementHit] = Layout("statements", as_row, table=hits_table)
TIMELINE: Layout[StatementHit] = Layout("statements", as_row, table=_timeline)  # one speaker's: articles named
ARTICLE_INFO: Layout[ArticleInfo] = Layout("articles", as_row, table=articles_table)
SPEAKER_COUNT: Layout[SpeakerCount] = Layout("speakers", as_row, table=speakers_table)
FAILURE: Layout[FailureRecord] = Layout("failures", as_row, table=failures_table)
COMPARISON: Layout[Comparison] = Layout("comparisons", as_row, table_each=comparison_table)

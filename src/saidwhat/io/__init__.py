"""Readers and writers over the pipeline: files and URIs in, tables out.

:mod:`saidwhat.io.parquet` holds the Parquet datasets of a crawl run
(``articles``, ``statements``, ``speakers``, ``failures``), their versioned
schemas, and the conversion between an :class:`~saidwhat.core.model.Article` and
its rows, both ways, so that ``saidwhat ingest`` can load a crawl's output
into the store.
"""

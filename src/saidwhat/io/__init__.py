"""Readers and writers around the pipeline: locations in, documents out; records in, outputs out.

- :mod:`saidwhat.io.readers`: files, directories, standard input and web
  archives (WARC) turned into :class:`~saidwhat.core.sources.Source` documents,
  by a :class:`~saidwhat.io.readers.Reader` chosen by the location
  (:func:`~saidwhat.io.readers.iter_sources` is what callers use).
- :mod:`saidwhat.io.writers`: one :class:`~saidwhat.io.writers.Writer` protocol
  for every output (JSON, JSON Lines, terminal tables, CSV, Parquet, the store);
  what each kind of record is written as is its layout
  (:mod:`saidwhat.io.writers.layouts`).
- :mod:`saidwhat.io.export`: the store's statements, articles and speakers as
  rows, written by those writers (``saidwhat export``).
- :mod:`saidwhat.io.parquet`: the Parquet datasets of a crawl run
  (``articles``, ``statements``, ``speakers``, ``failures``), their versioned
  schemas, and the conversion between an :class:`~saidwhat.core.model.Article`
  and its rows, both ways, so that ``saidwhat ingest`` can load a crawl's output
  into the store.

io sits above the store and the pipeline and below the command line, the web
application and the executors: it imports the store and the stages, never the
layers above it.
"""

"""Executors: the pipeline run over many sources.

- :mod:`saidwhat.executors.crawl` cuts a crawl into units of work (input files,
  slices of large web archives) and runs one unit to committed Parquet parts,
  with nothing engine-specific;
- :mod:`saidwhat.executors.spark` runs the units on Apache Spark and builds the
  crawl's tables (``saidwhat spark``, or ``spark-submit`` on :mod:`saidwhat.cli.spark_submit`);
- :mod:`saidwhat.executors.duplicates` finds syndicated copies (MinHash LSH);
- :mod:`saidwhat.executors.local` runs the pipeline on this machine's cores (a
  process pool: sources in, results and failures out), and
  :mod:`saidwhat.executors.ingest` feeds it the pages a store does not hold yet
  and writes the results through the store's one writer (``saidwhat ingest``).
Nothing here is imported by the pipeline; ``pyspark`` and ``datasketch`` come
with the ``spark`` extra (``pip install 'saidwhat[spark]'``).
"""

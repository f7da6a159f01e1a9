"""The measures of saidwhat: gold sets (``data/``), their readers, and the metrics of ``saidwhat eval``."""

"""saidwhat's core: the document model, the error tree, the options, the sources and failures.

Every other layer builds on these modules; they import nothing else of
saidwhat (an import-linter contract keeps it so).
"""

"""saidwhat's version, in one place (the package root, the web API and the Spark manifest read it)."""

__version__ = "0.1.0"

"""The commands saidwhat-dev adds to ``saidwhat`` (entry-point group ``saidwhat.commands``)."""

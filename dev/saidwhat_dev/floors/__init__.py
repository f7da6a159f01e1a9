"""The floors of saidwhat's measures: one JSON file per gate test under ``tests/eval``.

A floor is the least a measure may give; it may only be raised (when the measure improves), never lowered.
"""

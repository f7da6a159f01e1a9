"""The package root's __all__ is the public surface: complete, and nothing private in it."""

from __future__ import annotations

import saidwhat


def test_all_names_exist_and_are_public() -> None:
    for name in saidwhat.__all__:
        assert hasattr(saidwhat, name), name
        assert not name.startswith("_") or name == "__version__"


def test_public_objects_are_all_exported() -> None:
    public = {
        name
        for name, value in vars(saidwhat).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("saidwhat")
    }
    assert public <= set(saidwhat.__all__), sorted(public - set(saidwhat.__all__))

"""``saidwhat serve``: a small read-only web interface over the store (standard library only).

:mod:`.app` routes requests and asks the store; :mod:`.html` renders pages,
escaping every stored text; ``static/style.css`` is the one stylesheet.
"""

from __future__ import annotations

from .app import App, HttpError, Response, make_server

__all__ = ["App", "HttpError", "Response", "make_server"]

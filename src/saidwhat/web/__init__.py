"""``saidwhat serve``: the web page a newsroom works in, over the store.

An ASGI application (Starlette) with Jinja2 templates, served by uvicorn:

* :mod:`.app` assembles it: :mod:`.pages` (HTML views), :mod:`.api` (the JSON
  API, documented by :mod:`.openapi`), :mod:`.edits` (the corrections, only
  with ``--allow-edits``);
* :mod:`.base` holds what they share (security headers, errors, CSRF), and
  :mod:`.params` the one strict parameter parser;
* :mod:`.queries` asks the store, :mod:`.charts` draws SVG charts,
  :mod:`.render` escapes and highlights, ``templates/`` and ``static/`` are
  the markup, the stylesheet and the one small script;
* :mod:`.server` runs it with uvicorn (bounded requests, slow clients timed out).
"""

from __future__ import annotations

from .app import create_app
from .server import bind, serve

__all__ = ["bind", "create_app", "serve"]

"""The web app: the pages, the JSON API and the corrections assembled as one Starlette application.

:func:`create_app` opens the store (a pool of readers; a writer only with
``allow_edits``) and returns an ASGI app that any ASGI server runs; ``saidwhat
serve`` runs it with uvicorn (:mod:`.server`). Everything a browser receives
carries the security headers (:class:`~.base.SecurityHeaders`): a strict
Content-Security-Policy (the site's own stylesheet and script only, no inline
code, forms to this site only, no framing), ``nosniff``, no referrer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .api import API
from .base import SecurityHeaders, Site, endpoint, error_response, post_endpoint
from .edits import EDITS
from .pages import VIEWS
from .stores import Stores

__all__ = ["ENVIRONMENT", "create_app", "from_environment"]

# The settings of a read-only app built by each worker process of `saidwhat serve --workers N`.
ENVIRONMENT = ("SAIDWHAT_SERVE_DB", "SAIDWHAT_SERVE_READERS")


def create_app(target: str, *, allow_edits: bool = False, editor: str = "web", readers: int = 4) -> Starlette:
    """The web app over the store at ``target`` (it must exist). ``allow_edits`` opens the store's
    writer for the corrections; ``editor`` is who they are recorded as made by."""
    site = Site(Stores(target, readers, writable=allow_edits), editor=editor)
    routes: list[Route | Mount] = [
        Route(path, endpoint(site, view, names), methods=["GET"]) for path, view, names in VIEWS
    ]
    routes += [Route(path, endpoint(site, view, names), methods=["GET"]) for path, view, names, _ in API]
    routes += [Route(path, post_endpoint(site, view), methods=["POST"]) for path, view in EDITS]
    routes.append(Mount("/static", StaticFiles(packages=[("saidwhat.web", "static")]), name="static"))

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        message = {404: "no such page", 405: "this method is not allowed here"}.get(status, "bad request")
        return error_response(status, message, request.url.path.startswith("/api/"), site.edits)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            site.stores.close()

    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={HTTPException: http_error},
        lifespan=lifespan,
    )
    app.router.redirect_slashes = False  # one address per page: "/article/1/" is no page
    app.state.site = site
    return app


def from_environment() -> Starlette:
    """The read-only app of a worker process, from the settings in :data:`ENVIRONMENT`."""
    import os

    return create_app(
        os.environ["SAIDWHAT_SERVE_DB"], readers=int(os.environ.get("SAIDWHAT_SERVE_READERS", "4"))
    )

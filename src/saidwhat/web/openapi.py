"""The JSON API as an OpenAPI 3.1 document, built from the routes and parameter declarations.

Nothing here is written twice: each route of :data:`~.api.API` names its
parameters, and each parameter's type, bounds and help come from
:data:`~.params.PARAMS`, the declarations the strict parser enforces.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .params import MAX_PARAM, PARAMS, Param

__all__ = ["openapi"]

_PATH_ARGS = {
    "/api/article/{arg}": ("id", {"type": "string", "pattern": "^[0-9]{1,19}$"}, "the article's id"),
    "/api/speaker/{arg:path}": ("key", {"type": "string", "maxLength": 600}, "a speaker's key or name"),
}


def _schema(param: Param) -> dict[str, Any]:
    if param.kind == "int":
        one: dict[str, Any] = {"type": "integer", "minimum": param.low, "maximum": param.high}
    elif param.kind == "date":
        one = {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}
    elif param.kind == "choice":
        one = {"type": "string", "enum": list(param.choices)}
    elif param.kind == "confidence":
        one = {"type": "number", "minimum": 0, "maximum": 1}
    else:
        one = {"type": "string", "maxLength": MAX_PARAM}
    if param.default is not None and not param.many:
        one["default"] = param.default
    return {"type": "array", "items": one} if param.many else one


def _operation(path: str, names: tuple[str, ...], summary: str) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = []
    if path in _PATH_ARGS:
        name, schema, help_ = _PATH_ARGS[path]
        parameters.append(
            {"name": name, "in": "path", "required": True, "description": help_, "schema": schema}
        )
    for name in names:
        param = PARAMS[name]
        entry: dict[str, Any] = {
            "name": name,
            "in": "query",
            "description": param.help,
            "schema": _schema(param),
        }
        if param.many:
            entry.update(style="form", explode=True)
        parameters.append(entry)
    error = {"$ref": "#/components/responses/Error"}
    return {
        "summary": summary,
        "parameters": parameters,
        "responses": {
            "200": {
                "description": "the answer",
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
            "400": error,
            "404": error,
        },
    }


def _path(path: str) -> str:
    for route, (name, _, _) in _PATH_ARGS.items():
        if path == route:
            return route.split("{")[0] + "{" + name + "}"
    return path


# one route of the API: path, view, parameter names, summary
Route = tuple[str, Any, tuple[str, ...], str]


@cache
def openapi(routes: tuple[Route, ...]) -> dict[str, Any]:
    """The OpenAPI document of ``/api/``'s ``routes`` (:data:`saidwhat.web.api.API`; the same dict
    each time: do not change it)."""
    from ..core.version import __version__

    error = {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "status": {"type": "integer"},
                    "reason": {"type": "string"},
                    "message": {"type": "string"},
                },
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "saidwhat",
            "version": __version__,
            "description": "Who said what in the news pages of a saidwhat store. Read-only; every parameter "
            "is checked (numbers in ASCII digits, dates that exist, bounded text) and a bad one is a 400.",
        },
        "paths": {_path(path): {"get": _operation(path, names, summary)} for path, _, names, summary in routes},
        "components": {
            "responses": {
                "Error": {
                    "description": "a request that cannot be answered, and why",
                    "content": {"application/json": {"schema": error}},
                }
            }
        },
    }

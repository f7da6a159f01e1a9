"""The only writes: speaker corrections and statements marked wrong, behind ``serve --allow-edits``.

Each is a POST of a form carrying the CSRF token (checked by
:func:`~.base.post_endpoint` before any of this runs), goes through the
store's single writer (:meth:`~.stores.Stores.writer`), is recorded with who
made it (the server's ``--editor``) and when, and answers with a redirect to
the page that shows the result (POST, redirect, GET: a reload does not repeat
the edit).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from starlette.responses import RedirectResponse, Response

from ..core.errors import StoreError
from .base import Ctx, HttpError, form_text
from .params import BadParameter, strict_int

__all__ = ["EDITS"]


def _back(path: str, done: str) -> RedirectResponse:
    return RedirectResponse(path + "?" + urlencode({"done": done}), status_code=303)


def _speaker_path(key: str) -> str:
    return "/speaker/" + quote(key, safe="")


def _number(ctx: Ctx, name: str) -> int:
    try:
        return strict_int(form_text(ctx, name), name)
    except BadParameter as err:
        raise HttpError(400, err.message) from err


def merge(ctx: Ctx) -> Response:
    source, target = form_text(ctx, "speaker"), form_text(ctx, "target")
    try:
        _, t_key, _ = ctx.site.stores.writer().merge_speakers(source, target, by=ctx.site.editor)
    except StoreError as err:
        raise HttpError(400, err.reason) from err
    return _back(_speaker_path(t_key), "merged")


def split(ctx: Ctx) -> Response:
    speaker = form_text(ctx, "speaker")
    try:
        ids = [strict_int(v.strip(), "article") for v in ctx.form.get("article", []) if v.strip()][:200]
    except BadParameter as err:
        raise HttpError(400, err.message) from err
    if not ids:
        raise HttpError(400, "choose the articles whose statements belong to another speaker")
    name = form_text(ctx, "name", required=False, limit=200) or None
    try:
        new_key, _ = ctx.site.stores.writer().split_speaker(speaker, ids, name, by=ctx.site.editor)
    except StoreError as err:
        raise HttpError(400, err.reason) from err
    return _back(_speaker_path(new_key), "split")


def rename(ctx: Ctx) -> Response:
    speaker, name = form_text(ctx, "speaker"), form_text(ctx, "name", limit=200)
    try:
        key = ctx.site.stores.writer().rename_speaker(speaker, name, by=ctx.site.editor)
    except StoreError as err:
        raise HttpError(400, err.reason) from err
    return _back(_speaker_path(key), "renamed")


def undo(ctx: Ctx) -> Response:
    try:
        key, _, _ = ctx.site.stores.writer().undo_merge(_number(ctx, "edit"), by=ctx.site.editor)
    except StoreError as err:
        raise HttpError(400, err.reason) from err
    return _back(_speaker_path(key), "unmerged")


def _statement_page(ctx: Ctx, statement_id: int) -> str:
    back = form_text(ctx, "back", required=False, limit=1000)
    if back.startswith("/") and not back.startswith("//") and "\\" not in back:
        return back.split("?")[0]  # a page of this site only: never an open redirect
    return f"/article/{ctx.store.statement(statement_id).article_id}"


def wrong(ctx: Ctx) -> Response:
    statement_id = _number(ctx, "statement")
    reason = form_text(ctx, "reason", required=False)
    try:
        ctx.site.stores.writer().mark_statement(statement_id, reason, by=ctx.site.editor)
        return _back(_statement_page(ctx, statement_id), "marked")
    except StoreError as err:
        raise HttpError(400, err.reason) from err


def right(ctx: Ctx) -> Response:
    statement_id = _number(ctx, "statement")
    try:
        ctx.site.stores.writer().unmark_statement(statement_id, by=ctx.site.editor)
        return _back(_statement_page(ctx, statement_id), "unmarked")
    except StoreError as err:
        raise HttpError(400, err.reason) from err


EDITS = (
    ("/edit/merge", merge),
    ("/edit/split", split),
    ("/edit/rename", rename),
    ("/edit/undo", undo),
    ("/edit/wrong", wrong),
    ("/edit/unwrong", right),
)

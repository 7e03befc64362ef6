"""Adding articles from the browser: only with --allow-write, and only with the start-up token.

An upload's file name is never used as a path: only its suffix is kept (and checked), and the
bytes go to a fresh temporary folder, so the same readers as `allywatch ingest` decode them.
"""

from __future__ import annotations

import datetime as dt
import secrets
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from allywatch.report.links import AppLinks
from allywatch.store import StoreError

write_router = APIRouter()

MAX_UPLOAD = 5 * 1024 * 1024
SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")


def _require_write(request: Request, token: str | None) -> None:
    settings = request.app.state.settings
    if not settings.allow_write:
        raise HTTPException(403, "read-only: start `allywatch serve --allow-write` to add articles")
    given = token or request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not given or not secrets.compare_digest(given.encode(), settings.token.encode()):
        raise HTTPException(401, "a valid write token is needed (printed when the app started)")


@write_router.get("/add", include_in_schema=False)
def add_form(request: Request) -> Response:
    if not request.app.state.settings.allow_write:
        raise HTTPException(404, "adding articles is off: the app was started read-only")
    env = request.app.state.env
    return HTMLResponse(
        env.get_template("add.html.j2").render(
            page="add", links=AppLinks(), css="", q=None, allow_write=True, linked_states=None
        )
    )


@write_router.post("/articles", status_code=303)
async def add_articles(
    request: Request,
    token: Annotated[str | None, Form(max_length=200)] = None,
    text: Annotated[str | None, Form(max_length=MAX_UPLOAD)] = None,
    published: Annotated[str | None, Form(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")] = None,
    upload: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Store pasted text or an uploaded file, then show the (first) new article."""
    _require_write(request, token)
    _require_real_day(published)
    with tempfile.TemporaryDirectory(prefix="allywatch-add-") as folder:
        path = await _save(Path(folder), text, upload)
        try:
            ids = request.app.state.source.add([path], published)
        except StoreError as error:
            raise HTTPException(409, f"the knowledge base refused the article: {error}") from None
    if not ids:
        raise HTTPException(422, "no article could be read from that input")
    return RedirectResponse(f"/articles/{ids[0]}", status_code=303)


def _require_real_day(published: str | None) -> None:
    """The pattern lets 2026-02-30 through; the readers would refuse it, so refuse it here."""
    if published is None:
        return
    try:
        dt.date.fromisoformat(published)
    except ValueError:
        message = f"invalid parameters: published: no such day {published!r}"
        raise HTTPException(422, message) from None


async def _save(folder: Path, text: str | None, upload: UploadFile | None) -> Path:
    """The input as one file in `folder`, named by us, never by the client."""
    if upload is not None and upload.filename:
        suffix = Path(upload.filename).suffix.lower()
        if suffix not in SUFFIXES:
            raise HTTPException(415, f"unsupported file type; use one of {', '.join(SUFFIXES)}")
        data = await upload.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise HTTPException(413, "file too large (5 MB at most)")
        (folder / f"upload{suffix}").write_bytes(data)
        return folder / f"upload{suffix}"
    if not text or not text.strip():
        raise HTTPException(422, "paste an article's text or choose a file")
    (folder / "pasted.txt").write_text(text, "utf-8")
    return folder / "pasted.txt"

"""The local web app: read-only pages over the knowledge base, each with a JSON twin.

Safe by construction: Jinja autoescapes every article string; no inline script, enforced by a
Content-Security-Policy; the app binds to 127.0.0.1 unless told otherwise; it only writes when
started with --allow-write, and then every write needs the token printed at start-up.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import PackageLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from allywatch import __version__
from allywatch.report.render import environment, stylesheet
from allywatch.web.cache import PageCache
from allywatch.web.views import router, wants_json, warm_up

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


@dataclass(frozen=True)
class Settings:
    """How the app was started: whether it may write, and the token writes must carry."""

    allow_write: bool = False
    token: str = ""

    @classmethod
    def create(cls, allow_write: bool) -> Settings:
        return cls(allow_write=allow_write, token=secrets.token_urlsafe(24) if allow_write else "")


def create_app(source: Any, settings: Settings | None = None) -> FastAPI:
    """The ASGI app over a source (see `allywatch.report.source`): pages, twins, static files."""
    app = FastAPI(title="allywatch", version=__version__, docs_url=None, redoc_url=None)
    app.state.source = source
    app.state.settings = settings or Settings()
    app.state.env = environment(PackageLoader("allywatch.web", "templates"))
    app.state.pages = PageCache()
    app.middleware("http")(_security_headers)
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_api_route("/static/style.css", _style, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=str(_static_dir())), name="static")
    app.include_router(router)
    return app


def _static_dir() -> Any:
    return resources.files("allywatch.web").joinpath("static")


def _style() -> Response:
    return Response(stylesheet(), media_type="text/css; charset=utf-8")


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    response.headers.update(SECURITY_HEADERS)
    return response


def _error(request: Request, status: int, message: str) -> Response:
    """A 4xx as JSON or as a small page; the message is escaped like everything else."""
    if wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    env = request.app.state.env
    body = env.get_template("error.html.j2").render(status=status, message=message)
    return HTMLResponse(body, status_code=status)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code == 405:
        return PlainTextResponse("method not allowed", status_code=405)
    return _error(request, exc.status_code, str(exc.detail))


async def _invalid(request: Request, exc: RequestValidationError) -> Response:
    """Bad parameters are the client's mistake: 422 naming the parameter, never a 500."""
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}" for e in exc.errors()
    )
    return _error(request, 422, f"invalid parameters: {problems}")


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, allow_write: bool = False) -> None:
    """Run the app over a knowledge base until interrupted; print the write token if any."""
    import uvicorn

    from allywatch.report.live import StoreSource

    settings = Settings.create(allow_write)
    app = create_app(StoreSource(db, writable=allow_write), settings)
    warm_up(app)
    mode = "adding articles allowed" if allow_write else "read-only"
    print(f"allywatch: serving {db} ({mode}) at http://{host}:{port}/", flush=True)
    if allow_write:
        print(f"write token (needed to add articles): {settings.token}", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")

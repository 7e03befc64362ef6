"""The routes: each page at its path (HTML, or JSON for Accept: application/json) and at .json.

Parameters are validated by type and pattern before any page is built, so a bad one is a 422;
an unknown id is a 404. Pages come from `allywatch.report.pages` as plain data.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from allywatch.model.vocab import EVENT_TYPES
from allywatch.report import pages
from allywatch.report.links import AppLinks
from allywatch.report.render import render_page
from allywatch.report.source import Base
from allywatch.web.cache import Page, PageCache
from allywatch.web.schemas import PAGE_MODELS
from allywatch.web.write import write_router

router = APIRouter()
router.include_router(write_router)
LINKS = AppLinks()

ArticleId = Annotated[str, Path(pattern=r"^[0-9A-Za-z_-]{1,64}$")]
PersonId = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,100}$")]
Code = Annotated[str, Path(pattern=r"^[A-Z]{2,6}$")]
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
Pair = Annotated[str | None, Query(pattern=r"^[A-Z]{2,6}(-[A-Z]{2,6}){0,7}$")]
ActorCode = Annotated[str | None, Query(pattern=r"^[A-Z]{2,6}$")]
Year = Annotated[str | None, Query(pattern=r"^(19|20)[0-9]{2}$")]  # ASCII: \d takes any digit
Alliance = Literal["us-indo-pacific", "nato"]
Text = Annotated[str, Query(max_length=200)]


def wants_json(request: Request) -> bool:
    """The twin is asked for by its .json path, or by Accept: application/json (not HTML)."""
    accept = request.headers.get("accept", "")
    return request.url.path.endswith(".json") or (
        "application/json" in accept and "text/html" not in accept
    )


def respond(request: Request, name: str, build: Callable[[], dict[str, Any]]) -> Response:
    """The page built by `build` as HTML, or its JSON twin; kept for the loaded base, so the
    same page asked for again is not built again."""
    as_json = wants_json(request)
    key = (request.url.path, request.url.query, as_json)
    page = kept(request.app, key, lambda: finished(request.app, name, build(), as_json))
    return Response(page.body, media_type=page.media_type)


def kept(app: Any, key: tuple[str, str, bool], make: Callable[[], Page]) -> Page:
    cache: PageCache = app.state.pages
    return cache.get(app.state.source.base(), key, make)


def finished(app: Any, name: str, data: dict[str, Any], as_json: bool) -> Page:
    """The page as HTML, or its JSON twin validated against the page's model."""
    if as_json:
        twin = PAGE_MODELS[name].model_validate(data).model_dump(mode="json")
        return Page(bytes(JSONResponse(twin).body), "application/json")
    settings = app.state.settings
    html = render_page(
        name, data, LINKS, app.state.env, q=data.get("q"), allow_write=settings.allow_write
    )
    return Page(html.encode("utf-8"), "text/html; charset=utf-8")


def _base(request: Request) -> Base:
    source: Any = request.app.state.source
    base: Base = source.base()
    return base


def _found(build: Any, *args: Any) -> dict[str, Any]:
    try:
        return build(*args)  # type: ignore[no-any-return]
    except pages.NotFoundError as error:
        raise HTTPException(404, str(error)) from error


@router.get("/", include_in_schema=False)
@router.get("/index.json", response_model=PAGE_MODELS["overview"])
def overview(request: Request) -> Response:
    return respond(request, "overview", lambda: pages.overview(_base(request)))


@router.get("/articles/{article_id}", include_in_schema=False)
@router.get("/articles/{article_id}.json", response_model=PAGE_MODELS["article"])
def article(request: Request, article_id: ArticleId) -> Response:
    return respond(request, "article", lambda: _found(pages.article, _base(request), article_id))


@router.get("/people/{person_id}", include_in_schema=False)
@router.get("/people/{person_id}.json", response_model=PAGE_MODELS["person"])
def person(request: Request, person_id: PersonId) -> Response:
    return respond(request, "person", lambda: _found(pages.person, _base(request), person_id))


@router.get("/states/{iso3}", include_in_schema=False)
@router.get("/states/{iso3}.json", response_model=PAGE_MODELS["state"])
def state(request: Request, iso3: Code) -> Response:
    return respond(request, "state", lambda: _found(pages.state, _base(request), iso3))


@router.get("/events", include_in_schema=False)
@router.get("/events.json", response_model=PAGE_MODELS["events"])
def events(
    request: Request,
    pair: Pair = None,
    type: EventType | None = None,
    actor: ActorCode = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Response:
    filters = {
        "pair": pair,
        "type": type,
        "actor": actor,
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
    }
    return respond(request, "events", lambda: pages.events(_base(request), filters))


@router.get("/network", include_in_schema=False)
@router.get("/network.json", response_model=PAGE_MODELS["network"])
def network(request: Request, period: Year = None) -> Response:
    return respond(request, "network", lambda: pages.network_page(_base(request), period))


@router.get("/money", include_in_schema=False)
@router.get("/money.json", response_model=PAGE_MODELS["money"])
def money(request: Request, alliance: Alliance = "us-indo-pacific") -> Response:
    return respond(
        request, "money", lambda: pages.money(_base(request), pages.burden_table(alliance))
    )


@router.get("/map", include_in_schema=False)
@router.get("/map.json", response_model=PAGE_MODELS["map"])
def map_page(request: Request) -> Response:
    return respond(request, "map", lambda: pages.places(_base(request)))


@router.get("/search", include_in_schema=False)
@router.get("/search.json", response_model=PAGE_MODELS["search"])
def search(request: Request, q: Text = "") -> Response:
    query = q.strip()
    hits = request.app.state.source.search(query) if query else []
    page = finished(
        request.app, "search", pages.search(_base(request), query, hits), wants_json(request)
    )
    return Response(page.body, media_type=page.media_type)  # never kept: search reads the store


def warm_up(app: Any) -> None:
    """Build the pages without parameters (HTML and JSON) and every year's network once, so
    the first visitor waits no longer than the next."""
    base: Base = app.state.source.base()
    base.build_indexes()
    builders: tuple[tuple[str, str, str, Callable[[], dict[str, Any]]], ...] = (
        ("/", "/index.json", "overview", lambda: pages.overview(base)),
        ("/events", "/events.json", "events", lambda: pages.events(base, {})),
        ("/network", "/network.json", "network", lambda: pages.network_page(base, None)),
        ("/money", "/money.json", "money", lambda: pages.money(base, _burden())),
        ("/map", "/map.json", "map", lambda: pages.places(base)),
    )
    for path, twin, name, build in builders:
        data = build()
        kept(app, (path, "", False), partial(finished, app, name, data, False))
        kept(app, (twin, "", True), partial(finished, app, name, data, True))
    for period in pages.network_page(base, None)["periods"]:
        data = pages.network_page(base, period)
        key = ("/network.json", f"period={period}", True)
        kept(app, key, partial(finished, app, "network", data, True))
    gc.freeze()  # the pages just built stay, like the base: keep them out of the GC's walks


def _burden() -> dict[str, Any]:
    return pages.burden_table("us-indo-pacific")

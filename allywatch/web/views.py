"""The routes: each page at its path (HTML, or JSON for Accept: application/json) and at .json.

Parameters are validated by type and pattern before any page is built, so a bad one is a 422;
an unknown id is a 404. Pages come from `allywatch.report.pages` as plain data.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from allywatch.model.vocab import EVENT_TYPES
from allywatch.report import pages
from allywatch.report.links import AppLinks
from allywatch.report.render import render_page
from allywatch.report.source import Base
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


def respond(request: Request, name: str, data: dict[str, Any]) -> Response:
    """The page as HTML, or its JSON twin validated against the page's model."""
    if wants_json(request):
        twin = PAGE_MODELS[name].model_validate(data).model_dump(mode="json")
        return JSONResponse(twin)
    settings = request.app.state.settings
    html = render_page(
        name, data, LINKS, request.app.state.env, q=data.get("q"), allow_write=settings.allow_write
    )
    return HTMLResponse(html)


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
    return respond(request, "overview", pages.overview(_base(request)))


@router.get("/articles/{article_id}", include_in_schema=False)
@router.get("/articles/{article_id}.json", response_model=PAGE_MODELS["article"])
def article(request: Request, article_id: ArticleId) -> Response:
    return respond(request, "article", _found(pages.article, _base(request), article_id))


@router.get("/people/{person_id}", include_in_schema=False)
@router.get("/people/{person_id}.json", response_model=PAGE_MODELS["person"])
def person(request: Request, person_id: PersonId) -> Response:
    return respond(request, "person", _found(pages.person, _base(request), person_id))


@router.get("/states/{iso3}", include_in_schema=False)
@router.get("/states/{iso3}.json", response_model=PAGE_MODELS["state"])
def state(request: Request, iso3: Code) -> Response:
    return respond(request, "state", _found(pages.state, _base(request), iso3))


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
    return respond(request, "events", pages.events(_base(request), filters))


@router.get("/network", include_in_schema=False)
@router.get("/network.json", response_model=PAGE_MODELS["network"])
def network(request: Request, period: Year = None) -> Response:
    return respond(request, "network", pages.network_page(_base(request), period))


@router.get("/money", include_in_schema=False)
@router.get("/money.json", response_model=PAGE_MODELS["money"])
def money(request: Request, alliance: Alliance = "us-indo-pacific") -> Response:
    return respond(request, "money", pages.money(_base(request), pages.burden_table(alliance)))


@router.get("/map", include_in_schema=False)
@router.get("/map.json", response_model=PAGE_MODELS["map"])
def map_page(request: Request) -> Response:
    return respond(request, "map", pages.places(_base(request)))


@router.get("/search", include_in_schema=False)
@router.get("/search.json", response_model=PAGE_MODELS["search"])
def search(request: Request, q: Text = "") -> Response:
    query = q.strip()
    hits = request.app.state.source.search(query) if query else []
    return respond(request, "search", pages.search(_base(request), query, hits))


def warm_up(app: Any) -> None:
    """Build every cached drawing and index once, so the first visitor waits no longer."""
    base: Base = app.state.source.base()
    for name, data in (
        ("overview", pages.overview(base)),
        ("events", pages.events(base, {})),
        ("network", pages.network_page(base, None)),
        ("money", pages.money(base, pages.burden_table("us-indo-pacific"))),
        ("map", pages.places(base)),
    ):
        render_page(name, data, LINKS, app.state.env)

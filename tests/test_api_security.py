"""Injection attempts in every parameter of every route of the web app (issue 9, item 4).

Each payload (SQL, FTS5 syntax, path traversal, markup, huge values, odd unicode, header
splitting, raw invalid UTF-8) is sent in every path and query parameter of every route, as the
HTML page and as its JSON twin, and in every field of the write form. A payload is *effective*
when the answer is anything but a clear 4xx or a normal 200: a 5xx, a malformed value accepted,
an error without a message, a changed knowledge base, a search that matched more than its words
allow, active markup in a page, or a leaked file, SQL error or traceback. Counts go to the
trust report; none may be effective. The serve command's defaults are tested through the CLI.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import quote

import lxml.html
import pytest
from click.testing import CliRunner
from demo_base import demo_db
from fastapi.testclient import TestClient
from httpx import Response
from trust_report import record

from allywatch.cli import cli
from allywatch.report.live import StoreSource
from allywatch.store import open_store
from allywatch.web.app import Settings, create_app
from allywatch.web.write import MAX_UPLOAD

MARKER = "zzqx"  # in no article: a search holding it must find nothing unless syntax leaked
PWNED = Path("/tmp/allywatch-pwned")

SQL = [
    "' OR '1'='1",
    "' OR 1=1 --",
    "1; DROP TABLE articles; --",
    '" OR ""="',
    "') UNION SELECT sql, name, 1, 1, 1, 1, 1 FROM sqlite_master --",
    f"'; ATTACH DATABASE '{PWNED}.db' AS p; CREATE TABLE p.t(x); --",
    "1' AND randomblob(1000000000) --",
    "'||(SELECT group_concat(text) FROM articles)||'",
    "1 OR load_extension('/tmp/x')",
    "1; SELECT pg_sleep(5); --",
    "%' OR text LIKE '%",
]
FTS5 = [
    '"',
    '"unbalanced',
    "*",
    "koizumi*",
    "NEAR(koizumi hegseth, 5)",
    "koizumi OR",
    "koizumi NOT",
    "title:koizumi",
    "{title text}: koizumi",
    "^koizumi",
    "- koizumi",
    "koizumi AND (",
    ")",
    "koizumi + hegseth",
]
TRAVERSAL = [
    "../../../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "....//....//etc/passwd",
    "/etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "file:///etc/passwd",
    "../allywatch.db",
    "../../pyproject.toml",
    "\x00../../etc/passwd",
]
MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "{{7*7}}${7*7}",
]
HUGE = ["A" * 201, "9" * 5000, "x" * 20_000, "-1", "99999999999999999999", "1e309", "NaN"]
DATES = ["2026-02-30", "9999-99-99", "0000-00-00", "2026-1-5", "2026-01-15T25:61:00"]
UNICODE = [
    "２０２６",
    "20２６",
    "٢٠٢٦",
    "ＪＰＮ",
    "JPN\u200b",
    "\u202eNPJ",
    "🇯🇵",
    "İ",
    "JPN\x00",
    "\ufeffJPN",
    "＜script＞",
    "２０２６-０１-１５",
    "JPN\r\nSet-Cookie: pwned=1",
]
TEXT_PAYLOADS = [*SQL, *FTS5, *TRAVERSAL, *MARKUP, *HUGE, *DATES, *UNICODE]
# already percent-encoded: invalid UTF-8, overlong dots, double encoding, split headers
RAW_PAYLOADS = [
    "%FF%FE",
    "%ED%A0%80",
    "%C0%AE%C0%AE%C0%AF",
    "%00",
    "%252e%252e%252f",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2f",
    "JPN%0D%0ASet-Cookie:%20pwned=1",
    "%E2%80%AE",
]
ENCODED = [quote(p, safe="") for p in TEXT_PAYLOADS] + RAW_PAYLOADS

PATH_ROUTES = ["/articles/{}", "/people/{}", "/states/{}"]
STRICT_QUERIES = {
    "/events": ["pair", "type", "actor", "since", "until"],
    "/network": ["period"],
    "/money": ["alliance"],
}
PLAIN_ROUTES = ["/", "/map"]  # no parameters: an unknown one must change nothing

CLEAR_4XX = {400, 401, 403, 404, 405, 413, 414, 415, 422}
SAME_APP = "http://testserver/"  # the only place a redirect (Starlette's trailing slash) may go
LEAKS = (
    "root:x:0:0",
    "Traceback (most recent call last)",
    "sqlite3.",
    "OperationalError",
    "fts5: syntax error",
    "no such column",
    "unrecognized token",
    "CREATE VIRTUAL TABLE",
    "psycopg",
)
ACTIVE_MARKUP = (
    '//script[not(@src="/static/app.js")]'
    ' | //*[@*[starts-with(name(), "on")]]'
    ' | //*[starts-with(translate(normalize-space(@href), "JAVSCRIPT", "javscript"), "javascript")]'
    " | //meta[@http-equiv]"
)


@pytest.fixture(scope="module")
def tally() -> Iterator[Counter[str]]:
    """Payloads tried and effective across this module; recorded in the trust report."""
    counts: Counter[str] = Counter()
    yield counts
    record("injection", {"payloads_tried": counts["tried"], "effective": counts["effective"]})


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(StoreSource(str(demo_db()))))


def fingerprint(db: Path) -> str:
    """Every row and schema statement of the base, and the files beside it, as one hash."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        dump = "\n".join(conn.iterdump())
    files = sorted(p.name for p in db.parent.iterdir() if not p.name.endswith(("-wal", "-shm")))
    return hashlib.sha256((dump + repr(files)).encode()).hexdigest()


def twin(route: str) -> str:
    return "/index.json" if route == "/" else route + ".json"


def effect(response: Response, strict: bool) -> str | None:
    """Why this answer shows the payload had an effect, or None for a clear 4xx / normal 200."""
    status = response.status_code
    if status in (307, 308) and response.headers["location"].startswith(SAME_APP):
        return None
    if status >= 500 or status not in {200, 303} | CLEAR_4XX:
        return f"status {status}"
    if strict and status in (200, 303):
        return "a malformed value was accepted"
    leaked = [marker for marker in LEAKS if marker in response.text]
    if leaked:
        return f"leaked {leaked}"
    if response.headers.get("content-type", "").startswith("text/html") and active_markup(
        response.text
    ):
        return "active markup in the page"
    if status in CLEAR_4XX and not clear_error(response):
        return "an error without a message"
    return None


def active_markup(html: str) -> list[Any]:
    """Script, event handlers, javascript: links or meta refresh that the app did not write."""
    return list(lxml.html.document_fromstring(html).xpath(ACTIVE_MARKUP))


def clear_error(response: Response) -> bool:
    """A JSON error names itself and its status; an HTML one says it in the heading."""
    status = response.status_code
    kind = response.headers.get("content-type", "")
    if status == 405:
        return response.text == "method not allowed"
    if kind.startswith("application/json"):
        body = response.json()
        return body.get("status") == status and bool(body.get("error"))
    return f"<h1>{status}</h1>" in response.text


def attack(client: TestClient, urls: list[str], strict: bool, tally: Counter[str]) -> list[str]:
    """GET each URL; the effective ones with their reason."""
    found = []
    for url in urls:
        tally["tried"] += 1
        reason = effect(client.get(url, follow_redirects=False), strict)
        if reason:
            tally["effective"] += 1
            found.append(f"{url[:120]}: {reason}")
    return found


def test_api_path_parameters_refuse_every_payload(client: TestClient, tally: Counter[str]) -> None:
    db, before = demo_db(), fingerprint(demo_db())
    urls = [
        url
        for route in PATH_ROUTES
        for payload in ENCODED
        for url in (route.format(payload), twin(route.format(payload)))
    ]
    assert not attack(client, urls, strict=True, tally=tally)
    assert fingerprint(db) == before


def test_api_query_filters_refuse_every_payload(client: TestClient, tally: Counter[str]) -> None:
    db, before = demo_db(), fingerprint(demo_db())
    urls = [
        f"{url}?{name}={payload}"
        for route, names in STRICT_QUERIES.items()
        for name in names
        for payload in ENCODED
        for url in (route, twin(route))
    ]
    assert not attack(client, urls, strict=True, tally=tally)
    assert fingerprint(db) == before


def test_api_static_files_refuse_traversal(client: TestClient, tally: Counter[str]) -> None:
    urls = [f"/static/{payload}" for payload in ENCODED] + [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%5c..%5c..%5cetc%5cpasswd",
        "/static/app.js%00.txt",
    ]
    assert not attack(client, urls, strict=True, tally=tally)
    assert client.get("/static/app.js").status_code == 200


def test_api_search_treats_every_payload_as_words(client: TestClient, tally: Counter[str]) -> None:
    """Each payload plus a word in no article: any hit means the payload acted as syntax."""
    db, before = demo_db(), fingerprint(demo_db())
    assert client.get("/search.json", params={"q": "Koizumi"}).json()["hits"], "search is broken"
    found = []
    for payload in ENCODED:
        query = f"{payload}%20{MARKER}"
        found += attack(client, [f"/search?q={query}"], strict=False, tally=tally)
        tally["tried"] += 1
        response = client.get(f"/search.json?q={query}")
        reason = effect(response, strict=False)
        if response.status_code == 200 and response.json()["hits"]:
            reason = f"{len(response.json()['hits'])} hits"
        if reason:
            tally["effective"] += 1
            found.append(f"q={query[:80]}: {reason}")
    assert not found
    assert fingerprint(db) == before


def test_api_unknown_parameters_change_nothing(client: TestClient, tally: Counter[str]) -> None:
    found = []
    for route in PLAIN_ROUTES:
        baseline = client.get(twin(route)).json()
        for payload in ENCODED:
            found += attack(client, [f"{route}?x={payload}"], strict=False, tally=tally)
            tally["tried"] += 1
            response = client.get(f"{twin(route)}?{payload}={payload}")
            if response.status_code != 200 or response.json() != baseline:
                tally["effective"] += 1
                found.append(f"{route}?{payload[:60]}: {response.status_code}")
    assert not found


@pytest.fixture()
def writable(tmp_path: Path) -> tuple[TestClient, Settings, Path]:
    """An app over a fresh base, started with --allow-write."""
    db = tmp_path / "write.db"
    open_store(db).close()
    settings = Settings.create(allow_write=True)
    return TestClient(create_app(StoreSource(str(db), writable=True), settings)), settings, db


def post(client: TestClient, data: dict[str, str], tally: Counter[str], strict: bool = True) -> str:
    """One write attempt; its effect, or "" when it was refused clearly."""
    tally["tried"] += 1
    response = client.post("/articles", data=data, follow_redirects=False)
    reason = effect(response, strict)
    tally["effective"] += bool(reason)
    return f"{str(data)[:100]}: {reason}" if reason else ""


def test_api_read_only_refuses_every_write(client: TestClient, tally: Counter[str]) -> None:
    db, before = demo_db(), fingerprint(demo_db())
    fields = ("token", "text", "published")
    found = [
        post(client, {"text": "x", field: p}, tally) for field in fields for p in TEXT_PAYLOADS
    ]
    assert not any(found), found
    assert client.post("/articles", data={"text": "Japan and Australia met."}).status_code == 403
    assert fingerprint(db) == before


def test_api_writes_need_the_exact_token(
    writable: tuple[TestClient, Settings, Path], tally: Counter[str]
) -> None:
    client, settings, db = writable
    before = fingerprint(db)
    token = settings.token
    guesses = [*TEXT_PAYLOADS, "", " ", token[:-1], token + "x", token.upper(), f" {token}"]
    found = [
        post(client, {"token": guess, "text": "Japan met Australia."}, tally) for guess in guesses
    ]
    for guess in guesses:
        header = f"Bearer {guess}"  # headers are read stripped: a padded token is the token
        if header.isascii() and header.isprintable() and guess.strip() != token:
            tally["tried"] += 1
            response = client.post(
                "/articles",
                data={"text": "Japan met Australia."},
                headers={"Authorization": header},
            )
            if response.status_code != 401:
                tally["effective"] += 1
                found.append(f"Authorization {header[:60]}: {response.status_code}")
    assert not any(found), found
    assert fingerprint(db) == before


def test_api_write_fields_refuse_hostile_values(
    writable: tuple[TestClient, Settings, Path], tally: Counter[str]
) -> None:
    """With the token: a malformed date, a file type or size is refused before anything is read."""
    client, settings, db = writable
    before = fingerprint(db)
    found = [
        post(
            client, {"token": settings.token, "text": "Japan met Australia.", "published": p}, tally
        )
        for p in TEXT_PAYLOADS
    ]
    for name in [*TRAVERSAL, *MARKUP, "evil.exe", "evil.txt\x00.exe", "evil.txt.sh", ".htaccess"]:
        tally["tried"] += 1
        upload = {"upload": (name, b"Japan met Australia.", "application/octet-stream")}
        response = client.post("/articles", data={"token": settings.token}, files=upload)
        if response.status_code != 415 or effect(response, strict=True):
            tally["effective"] += 1
            found.append(f"upload {name!r}: {response.status_code}")
    tally["tried"] += 1
    huge = {"upload": ("huge.txt", b"Japan. " * (MAX_UPLOAD // 7 + 1), "text/plain")}
    if client.post("/articles", data={"token": settings.token}, files=huge).status_code != 413:
        tally["effective"] += 1
        found.append("an upload over 5 MB was not refused")
    assert not any(found), found
    assert fingerprint(db) == before


def test_api_upload_name_is_never_a_path(writable: tuple[TestClient, Settings, Path]) -> None:
    """A file name aiming outside the upload folder is stored as an article, never as a file."""
    client, settings, db = writable
    target = PWNED.with_suffix(".txt")
    name = "../" * 12 + str(target).lstrip("/")
    text = "Japanese Defense Minister Shinjiro Koizumi met Pete Hegseth in Washington on Jan. 15."
    upload = {"upload": (name, text.encode(), "text/plain")}
    response = client.post(
        "/articles",
        files=upload,
        headers={"Authorization": f"Bearer {settings.token}"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert not target.exists()
    with open_store(db, readonly=True) as store:
        assert [a["text"] for a in store.query("articles")] == [text]


def test_api_serve_binds_loopback_read_only_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`allywatch serve` alone: 127.0.0.1, read-only, no token; --allow-write prints one."""
    started: list[dict[str, Any]] = []
    monkeypatch.setattr(
        "uvicorn.run", lambda app, **options: started.append({"app": app, **options})
    )
    db = str(demo_db())
    result = CliRunner().invoke(cli, ["serve", "--db", db])
    assert result.exit_code == 0, result.output
    assert (started[0]["host"], started[0]["port"]) == ("127.0.0.1", 8000)
    assert started[0]["app"].state.settings == Settings(allow_write=False, token="")
    assert "read-only" in result.output and "token" not in result.output

    result = CliRunner().invoke(cli, ["serve", "--db", db, "--allow-write"])
    settings = started[1]["app"].state.settings
    assert settings.allow_write and len(settings.token) >= 24
    assert re.search(rf"write token .*: {re.escape(settings.token)}$", result.output, re.M)
    assert started[1]["host"] == "127.0.0.1"

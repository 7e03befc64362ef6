"""Where links point: the app's URLs, or anchors inside the one-file report.

Templates only ever call these methods, so one set of templates serves both. Ids are
percent-encoded in URLs; in the report they become element ids of the same page.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from allywatch.report.highlight import sentence_id

PAGES = {
    "overview": "/",
    "events": "/events",
    "network": "/network",
    "money": "/money",
    "map": "/map",
    "search": "/search",
    "add": "/add",
}


class AppLinks:
    """Links between the pages of the running app."""

    in_report = False

    def page(self, name: str, **query: str) -> str:
        params = {k: v for k, v in query.items() if v}
        return PAGES[name] + (f"?{urlencode(params)}" if params else "")

    def article(self, article_id: str) -> str:
        return f"/articles/{quote(article_id, safe='')}"

    def sentence(self, article_id: str, span: list[int]) -> str:
        return f"{self.article(article_id)}#{sentence_id(span)}"

    def person(self, person_id: str) -> str:
        return f"/people/{quote(person_id, safe='')}"

    def state(self, code: str) -> str:
        return f"/states/{quote(code, safe='')}"

    def static(self, name: str) -> str:
        return f"/static/{name}"

    def sentence_prefix(self, article_id: str) -> str:
        """Sentence ids are unique on an article page without a prefix."""
        return ""


class ReportLinks:
    """Anchors inside the single report file, where every article shares one page."""

    in_report = True

    def page(self, name: str, **query: str) -> str:
        return f"#page-{name}"

    def article(self, article_id: str) -> str:
        return f"#article-{article_id}"

    def sentence(self, article_id: str, span: list[int]) -> str:
        return f"#{sentence_id(span, self.sentence_prefix(article_id))}"

    def person(self, person_id: str) -> str:
        return f"#person-{person_id}"

    def state(self, code: str) -> str:
        return f"#state-{code}"

    def static(self, name: str) -> str:
        return ""

    def sentence_prefix(self, article_id: str) -> str:
        return f"a{article_id}-"

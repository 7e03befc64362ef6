"""Date expressions resolved against the publication date, in past and future tense.

The resolver is tested on every kind of expression the issue lists, once as a past-tense
report ("met on Thursday") and once as a future one ("will meet on Thursday"); then the same
expressions in real sentences, where the tense comes from the parse.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from allywatch.extract.context import ArticleDoc
from allywatch.extract.dates import resolve_date
from allywatch.extract.events import extract_events
from allywatch.model.article import Article
from allywatch.model.facts import Event
from allywatch.nlp.pipeline import build_nlp

PUBLISHED = date(2026, 1, 17)  # a Saturday, like the seed of 17 January 2026

# expression, past reading, future reading, precision
EXPRESSIONS = [
    ("on Thursday", "2026-01-15", "2026-01-22", "day"),
    ("last Thursday", "2026-01-15", "2026-01-15", "day"),
    ("on Saturday", "2026-01-17", "2026-01-17", "day"),
    ("Dec. 7", "2025-12-07", "2026-12-07", "day"),
    ("Jan. 2", "2026-01-02", "2027-01-02", "day"),
    ("Jan. 20", "2025-01-20", "2026-01-20", "day"),
    ("14th December", "2025-12-14", "2026-12-14", "day"),
    ("Friday, May 9", "2025-05-09", "2026-05-09", "day"),
    ("on the 4th", "2026-01-04", "2026-02-04", "day"),
    ("in December", "2025-12", "2026-12", "month"),
    ("last June", "2025-06", "2025-06", "month"),
    ("next March", "2026-03", "2026-03", "month"),
    ("this spring", "2026", "2026", "year"),
    ("last summer", "2025", "2025", "year"),
    ("earlier this month", "2026-01", "2026-01", "month"),
    ("later this month", "2026-01", "2026-01", "month"),
    ("last month", "2025-12", "2025-12", "month"),
    ("last year", "2025", "2025", "year"),
    ("later this year", "2026", "2026", "year"),
    ("next year", "2027", "2027", "year"),
    ("fiscal 2025", "2025", "2025", "year"),
    ("FY2026", "2026", "2026", "year"),
    ("this fiscal year", "2025", "2025", "year"),
    ("December 7, 2025", "2025-12-07", "2025-12-07", "day"),
    ("7 December 2025", "2025-12-07", "2025-12-07", "day"),
    ("2025-12-07", "2025-12-07", "2025-12-07", "day"),
    ("April 2023", "2023-04", "2023-04", "month"),
    ("in 2016", "2016", "2016", "year"),
    ("today", "2026-01-17", "2026-01-17", "day"),
    ("yesterday", "2026-01-16", "2026-01-16", "day"),
    ("22 April to 10 May", "2025-04-22", "2026-04-22", "day"),
]


@pytest.mark.parametrize(("text", "past", "future", "precision"), EXPRESSIONS)
@pytest.mark.parametrize("tense", ["past", "future"])
def test_dates_resolve_against_publication(
    text: str, past: str, future: str, precision: str, tense: str
) -> None:
    found = resolve_date(text, PUBLISHED, future=tense == "future")
    assert found is not None
    assert found.value == (future if tense == "future" else past)
    assert found.precision == precision


@pytest.mark.parametrize("text", ["recently", "previously", "the past few years", "three weeks"])
def test_dates_vague_words_name_no_date(text: str) -> None:
    assert resolve_date(text, PUBLISHED) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("on Thursday", None), ("Dec. 7", None), ("December 7, 2025", "2025-12-07"), ("2016", "2016")],
)
def test_dates_without_publication_only_absolute_dates_resolve(text: str, value: str) -> None:
    found = resolve_date(text, None)
    assert (found.value if found else None) == value


def test_dates_fiscal_year_follows_japans_april_start() -> None:
    assert resolve_date("this fiscal year", date(2026, 3, 31)).value == "2025"  # type: ignore[union-attr]
    assert resolve_date("this fiscal year", date(2026, 4, 1)).value == "2026"  # type: ignore[union-attr]


# The same expressions in sentences: the verb's tense picks the direction.
BARE_DAYS = ("Dec.", "Jan.", "14th", "Friday")
SENTENCE_DATES = [
    (f"on {text}" if text.startswith(BARE_DAYS) else text, past, future)
    for text, past, future, _ in EXPRESSIONS[:20]
]


@cache
def _events(text: str) -> tuple[Event, ...]:
    article = Article(text=text, published=PUBLISHED.isoformat())
    return extract_events(ArticleDoc(article=article, doc=build_nlp()(text)), ())


def _meeting(text: str) -> Event:
    (event,) = [e for e in _events(text) if e.event_type == "CONSULT"]
    return event


@pytest.mark.parametrize(("expression", "past", "future"), SENTENCE_DATES)
def test_dates_in_sentences_past_tense(expression: str, past: str, future: str) -> None:
    event = _meeting(f"Japanese Defense Minister Shinjiro Koizumi met Richard Marles {expression}.")
    assert event.date == past
    assert "future" not in event.context


@pytest.mark.parametrize(("expression", "past", "future"), SENTENCE_DATES)
def test_dates_in_sentences_future_tense(expression: str, past: str, future: str) -> None:
    text = f"Japanese Defense Minister Shinjiro Koizumi will meet Richard Marles {expression}."
    event = _meeting(text)
    assert event.date == future
    assert "future" in event.context


def test_dates_no_date_in_text_leaves_date_null() -> None:
    event = _meeting("Japanese Defense Minister Shinjiro Koizumi met Richard Marles in Tokyo.")
    assert event.date is None and event.date_precision is None


def test_dates_belong_to_their_own_clause() -> None:
    text = (
        "Marles met Hegseth on the sidelines of the Shangri-La Dialogue in Singapore, "
        "as he prepared to deliver a speech on Saturday."
    )
    assert _meeting(text).date is None

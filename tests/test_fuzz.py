"""Fuzzing the readers and the extractor (issue 9): hostile files give facts or one clear error.

Every input (random bytes, mutated real articles, hostile JSON and HTML, a catalogue of known
troublemakers) must yield a facts document that validates against facts-v1, with each fact's
sentence at its span, or one clear error naming the file; within a time limit per input and
with memory bounded. The oracle and the mutators live in fuzz/oracle.py, shared with the atheris
harnesses; the strategies and the troublemakers in fuzz/hostile.py. CI runs a bounded campaign;
`make fuzz` sets ALLYWATCH_FUZZ_EXAMPLES for a longer one. The counts go to
test-artifacts/fuzz-report.json.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

from allywatch.ingest import (
    MAX_RUN_CHARS,
    MAX_TEXT_CHARS,
    MAX_TEXT_TOKENS,
    IngestError,
    read_paths,
)
from allywatch.model.article import Article
from allywatch.pipeline import build_document, extract_articles, extract_paths

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
REPORT = ARTIFACTS / "fuzz-report.json"


# fuzz/ is a folder of scripts (the atheris harnesses), which share oracle.py with this test.
sys.path.insert(0, str(ROOT / "fuzz"))
import hostile  # noqa: E402
import oracle  # noqa: E402

LONG_RUN = int(os.environ.get("ALLYWATCH_FUZZ_EXAMPLES", "0") or 0)
SECONDS_PER_INPUT = 60.0  # a hang, not a slow machine: the largest article takes ~10 s alone
RSS_GROWTH_LIMIT_MB = 1500.0
# The full pipeline in CI sees realistic sizes (the real articles are 1-5,000 characters);
# the largest inputs allowed are the long run's and the limit tests' business.
PIPELINE_CHARS = MAX_TEXT_CHARS if LONG_RUN else 12_000


def _settings(ci_examples: int, long_share: int = 1) -> settings:
    """`ci_examples` in CI; in a long run ALLYWATCH_FUZZ_EXAMPLES (divided by `long_share` for
    the slow full-pipeline tests)."""
    examples = max(ci_examples, LONG_RUN // long_share) if LONG_RUN else ci_examples
    return settings(
        max_examples=examples,
        deadline=None,  # the watchdog below is the time limit; hypothesis' own is too noisy
        suppress_health_check=list(HealthCheck),
        database=DirectoryBasedExampleDatabase(ARTIFACTS / "hypothesis"),
        print_blob=True,
    )


# --- the campaign: counts, time limit, memory -------------------------------------------------


class InputTimeoutError(Exception):
    """One input ran past SECONDS_PER_INPUT: a hang as far as the user is concerned."""


class Campaign:
    """Counts every input fuzzed, and the crashes, for the report."""

    def __init__(self) -> None:
        self.inputs: Counter[str] = Counter()
        self.crashes: list[dict[str, str]] = []
        self.slowest = (0.0, "")
        self.started = time.monotonic()
        self.start_peak_mb = peak_rss_mb()

    def report(self) -> dict[str, Any]:
        return {
            "inputs_fuzzed": sum(self.inputs.values()),
            "crashes": len(self.crashes),
            "inputs_by_test": dict(sorted(self.inputs.items())),
            "crash_samples": self.crashes[:20],
            "slowest_input_seconds": round(self.slowest[0], 2),
            "slowest_input": self.slowest[1],
            "seconds_per_input_limit": SECONDS_PER_INPUT,
            "peak_rss_mb": round(peak_rss_mb()),
            "peak_rss_growth_mb": round(peak_rss_mb() - self.start_peak_mb),
            "campaign_seconds": round(time.monotonic() - self.started, 1),
            "examples_setting": LONG_RUN or "ci",
        }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


CAMPAIGN = Campaign()


@pytest.fixture(scope="module", autouse=True)
def fuzz_report() -> Iterator[None]:
    """Write the counts once the module's tests are done, whatever their outcome."""
    yield
    ARTIFACTS.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(CAMPAIGN.report(), indent=2, ensure_ascii=False) + "\n")


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Interrupt the input after `seconds` (SIGALRM; re-arms pytest-timeout's own alarm)."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise InputTimeoutError(f"{what}: still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:
            left = max(outer_delay - (time.monotonic() - started), 0.01)
            signal.setitimer(signal.ITIMER_REAL, left, outer_interval)


def fuzz_input(test: str, what: str, run: Callable[[], None]) -> None:
    """Run one input under the time limit; count it, and count and re-raise any failure."""
    CAMPAIGN.inputs[test] += 1
    started = time.monotonic()
    try:
        with time_limit(SECONDS_PER_INPUT, what):
            run()
        growth = peak_rss_mb() - CAMPAIGN.start_peak_mb
        assert growth < RSS_GROWTH_LIMIT_MB, f"{what}: peak memory grew by {growth:.0f} MB"
    except Exception as error:
        CAMPAIGN.crashes.append({"test": test, "input": what, "error": repr(error)[:300]})
        raise
    elapsed = time.monotonic() - started
    if elapsed > CAMPAIGN.slowest[0]:
        CAMPAIGN.slowest = (elapsed, f"{test}: {what}")


def _describe(path: Path) -> str:
    """Name and size of a fuzzed file, for the report and the failure message."""
    return f"{path.name} ({path.stat().st_size} bytes)"


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


_FILE_NUMBERS = iter(range(10**9))


def _write(folder: Path, suffix: str, data: bytes) -> Path:
    path = folder / f"input-{next(_FILE_NUMBERS)}{suffix}"
    path.write_bytes(data)
    return path


def read_one(test: str, path: Path) -> None:
    """The readers alone: each result an article fit for the pipeline or an error naming it."""
    fuzz_input(test, _describe(path), lambda: oracle.check_read(path, list(read_paths([path]))))
    path.unlink()


def extract_one(test: str, path: Path) -> tuple[Any, list[Any]]:
    """The full path, file to facts document, checked against the contract."""
    result: list[Any] = [None, []]

    def run() -> None:
        result[:] = extract_paths([path])
        oracle.check_outcome(path, *result)

    fuzz_input(test, _describe(path), run)
    path.unlink()
    return result[0], result[1]


# --- the hypothesis campaigns -----------------------------------------------------------------


def _below(data: st.DataObject) -> Callable[[int], int]:
    """The mutators' chooser, drawn from hypothesis so that failures shrink."""
    return lambda n: data.draw(st.integers(0, max(n - 1, 0)))


@_settings(ci_examples=150)
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        hostile.text_in_some_encoding(),
        hostile.hostile_json(),
        hostile.hostile_html(),
    ),
    suffix=st.sampled_from(oracle.SUFFIXES),
)
def test_fuzz_readers_take_any_bytes(fuzz_dir: Path, data: bytes, suffix: str) -> None:
    read_one("readers: any bytes", _write(fuzz_dir, suffix, data))


@_settings(ci_examples=100)
@given(data=st.data(), suffix=st.sampled_from(oracle.SUFFIXES))
def test_fuzz_readers_take_mutated_real_files(
    fuzz_dir: Path, data: st.DataObject, suffix: str
) -> None:
    below = _below(data)
    text = oracle.mutate_text(data.draw(st.sampled_from(oracle.real_texts())), below, below(6))
    raw = oracle.mutate_bytes(oracle.render(text, suffix, below), below, below(4))
    read_one("readers: mutated real files", _write(fuzz_dir, suffix, raw))


@_settings(ci_examples=12, long_share=10)
@given(data=st.data(), suffix=st.sampled_from((".txt", ".html", ".json", ".jsonl")))
def test_fuzz_pipeline_takes_mutated_real_articles(
    fuzz_dir: Path, data: st.DataObject, suffix: str
) -> None:
    below = _below(data)
    text = oracle.mutate_text(data.draw(st.sampled_from(oracle.real_texts())), below, below(8))
    raw = oracle.render(text[:PIPELINE_CHARS], suffix, below)
    extract_one("pipeline: mutated real articles", _write(fuzz_dir, suffix, raw))


@_settings(ci_examples=15, long_share=10)
@given(
    data=st.one_of(hostile.hostile_json(), hostile.hostile_html(), st.binary(max_size=500)),
    html=st.booleans(),
)
def test_fuzz_pipeline_takes_hostile_json_and_html(fuzz_dir: Path, data: bytes, html: bool) -> None:
    suffix = ".html" if html and not data.startswith(b"{") else ".json"
    extract_one("pipeline: hostile json and html", _write(fuzz_dir, suffix, data))


@_settings(ci_examples=20, long_share=10)
@given(
    parts=st.lists(hostile.SENTENCE_PARTS, min_size=1, max_size=400), joiner=st.sampled_from(" \n")
)
def test_fuzz_extractor_takes_any_text(parts: list[str], joiner: str) -> None:
    """Articles built in code skip the readers: the extractors meet the raw text directly."""
    text = joiner.join(parts)
    article = Article(text=text if text.strip() else "Japan." + text, published="2026-01-17")

    def run() -> None:
        try:
            document = build_document(extract_articles([article]))
        except IngestError as error:  # over a limit: refused, and the reason says which
            assert error.error.reason.startswith(("not prose", "text too long")), error
            return
        oracle.check_document(document)

    fuzz_input("extractor: any text", f"{len(text)} characters", run)


# --- the known troublemakers (fuzz/hostile.py), each with its expected outcome ----------------


@pytest.mark.parametrize("name", hostile.TROUBLEMAKERS)
def test_fuzz_troublemaker_gives_facts_or_one_clear_error(tmp_path: Path, name: str) -> None:
    make, reason = hostile.TROUBLEMAKERS[name]
    path = tmp_path / name
    path.write_bytes(make())
    document, failures = extract_one("known troublemakers", path)
    if reason is None:
        assert not failures and len(document.articles) == 1, failures
    else:
        assert [error.message for error in failures] == [f"error: {path}: {reason}"]


def _read(tmp_path: Path, name: str) -> Article:
    path = tmp_path / name
    path.write_bytes(hostile.TROUBLEMAKERS[name][0]())
    [article] = read_paths([path])
    assert isinstance(article, Article), article
    return article


def test_fuzz_utf16_without_bom_reads_as_utf8_does(tmp_path: Path) -> None:
    (tmp_path / "seed.txt").write_bytes(hostile.seed_bytes())
    [utf8] = read_paths([tmp_path / "seed.txt"])
    for name in ("utf16-le-no-bom.txt", "utf16-be-no-bom.txt"):
        utf16 = _read(tmp_path, name)
        assert isinstance(utf8, Article) and (utf16.title, utf16.text) == (utf8.title, utf8.text)


def test_fuzz_html_entities_decoded_and_rtl_text_kept_exactly(tmp_path: Path) -> None:
    assert "AT&T <b> 😀" in _read(tmp_path, "entities.html").text
    assert _read(tmp_path, "rtl-emoji.txt").text == hostile.RTL_TEXT.split("\n\n", 1)[1]


def test_fuzz_html_declared_charset_is_decoded_once(tmp_path: Path) -> None:
    assert _read(tmp_path, "charset-latin1.html").captions == (hostile.CAFE_CAPTION,)


def test_fuzz_nested_html_within_parser_depth_is_read(tmp_path: Path) -> None:
    assert "Pete Hegseth on Thursday." in _read(tmp_path, "nested-200.html").text


def test_fuzz_pipeline_refuses_articles_built_in_code_over_the_limits() -> None:
    too_long = Article(text="Japan met China. " * (MAX_TEXT_CHARS // 10), path="long.txt")
    with pytest.raises(ValueError, match=r"long\.txt: text too long"):
        list(extract_articles([too_long]))
    unprose = Article(text="Japan " + ")" * (MAX_RUN_CHARS + 1))
    with pytest.raises(ValueError, match=r"'Japan \)+': not prose"):
        list(extract_articles([unprose]))


def test_fuzz_pipeline_refuses_a_publication_date_out_of_range() -> None:
    article = Article(text="Japan met China in December.", published="9999-12-31", path="a.txt")
    with pytest.raises(ValueError, match=r"a\.txt: published date must be .* 1800-2200"):
        list(extract_articles([article]))


def test_fuzz_amount_of_zero_is_no_fact() -> None:
    """Regression: '0 trillion yuan' (found by _redigit on a seed) once gave a value-0 amount."""
    text = "China's defense spending was about 0 trillion yuan in 2025."
    article = Article(text=text, published="2026-01-01")
    oracle.check_document(build_document(extract_articles([article])))


def test_fuzz_double_spaces_in_a_titled_name() -> None:
    """Regression: double spaces between title and name once raised IndexError in events."""
    article = Article(text="Lieutenant General  Hsieh  Chi-hsien  told", published="2024-08-23")
    oracle.check_document(build_document(extract_articles([article])))


def test_fuzz_extractor_resolves_months_at_the_end_of_the_calendar() -> None:
    """Called directly, past the readers' date check: date(9999 + 1, ...) once raised here."""
    from allywatch.extract import ArticleDoc, extract_article
    from allywatch.nlp.pipeline import build_nlp

    text = "Defense Minister Shinjiro Koizumi met Pete Hegseth in Washington in December."
    article = Article(text=text, published="9999-12-31")
    facts = extract_article(ArticleDoc(article=article, doc=build_nlp()(text)))
    oracle.check_document(build_document([facts]))


# --- time per article: the limits above must bound it -----------------------------------------


def test_fuzz_sentence_rules_take_linear_time() -> None:
    """Four times the tokens in one paragraph take about four times as long, not sixteen (the
    rule once set Token.is_sent_start, whose setter scans the whole Doc, for every token)."""
    from allywatch.nlp.pipeline import build_nlp

    nlp = build_nlp()
    rule = dict(nlp.pipeline)["allywatch_whole_sentences"]

    def seconds(words: int) -> float:
        doc = nlp.make_doc("word " * words)
        started = time.perf_counter()
        rule(doc)
        return time.perf_counter() - started

    assert min(seconds(8000) for _ in range(3)) < 8 * min(seconds(2000) for _ in range(3))


# Each takes 5-20 s on a busy machine: CI runs the cheapest, `make fuzz` all of them.
LARGEST_KINDS = ["real text", "emoji", "brackets", "one paragraph"] if LONG_RUN else ["brackets"]


@pytest.mark.parametrize("kind", LARGEST_KINDS)
def test_fuzz_largest_allowed_article_finishes_in_time(fuzz_dir: Path, kind: str) -> None:
    """The size limits are the time limit: the largest text allowed (by characters, tokens and
    unspaced runs) must finish within SECONDS_PER_INPUT."""
    real = "\n\n".join(oracle.real_texts())
    units = {
        "real text": real,
        "emoji": "👍" * MAX_RUN_CHARS + " ",
        "brackets": "(" * MAX_RUN_CHARS + " ",
        "one paragraph": " ".join(real.split()),
    }
    text = units[kind] * (MAX_TEXT_CHARS // len(units[kind]) + 1)
    text = text[: min(MAX_TEXT_CHARS, _chars_for_tokens(text, MAX_TEXT_TOKENS))].strip()
    path = _write(fuzz_dir, ".json", json.dumps({"text": text}).encode())
    document, failures = extract_one(f"largest allowed article: {kind}", path)
    assert not failures and len(document.articles) == 1


def _chars_for_tokens(text: str, tokens: int) -> int:
    """How many leading characters of `text` hold at most `tokens` words and symbols."""
    ends = [match.end() for match in re.finditer(r"\w+|[^\w\s]", text[: tokens * 20])]
    return ends[tokens - 1] if len(ends) >= tokens else len(text)

"""Ingest: read files, skip what is stored, extract the rest, store each article whole.

The skip happens before any NLP, on the id of the normalised text, so re-running an ingest
(after a crash, a kill, or on a folder that grew) only pays for what is new. Input is streamed
(`allywatch.ingest.stream`: folders, JSON Lines, gzip, stdin) and extraction runs batch by
batch through a `mapper`: the builtin `map` in this process, or a pool of worker processes
or a Dask cluster (`allywatch.store.parallel`), which extract ahead while this process, the
only writer, stores results in input order. An article that cannot be read or extracted is
reported with its reason and the others go on; a store that cannot be written (read-only, disk
full) stops the run with a `StoreError`, and the article being written is rolled back.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from allywatch.ingest.readers import IngestError, ReadError
from allywatch.ingest.stream import stream_paths
from allywatch.model.article import Article
from allywatch.model.facts import ArticleFacts
from allywatch.pipeline import extract_articles
from allywatch.store.backend import ArticleRejectedError
from allywatch.store.db import Store
from allywatch.store.write import Outcome, Run, new_run

log = logging.getLogger(__name__)

BATCH_SIZE = 16

Extractor = Callable[[Sequence[Article]], Iterable[ArticleFacts]]
Progress = Callable[[str, str], None]


@dataclass(frozen=True)
class Extracted:
    """A batch's facts, and the articles of it that failed with their reasons."""

    results: list[ArticleFacts]
    failures: list[ReadError]


BatchWork = Callable[[list[Article]], Extracted]
BatchMapper = Callable[[BatchWork, Iterable[list[Article]]], Iterable[Extracted]]


@dataclass
class IngestSummary:
    """What one ingest did: articles read, stored (new versions among them), skipped, failed."""

    read: int = 0
    stored: int = 0
    versions: int = 0
    skipped: int = 0
    failed: list[ReadError] = field(default_factory=list)
    facts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    run_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain data for `--json` output and the run record."""
        return {
            "read": self.read,
            "stored": self.stored,
            "versions": self.versions,
            "skipped": self.skipped,
            "seconds": round(self.seconds, 3),
            "run": self.run_id,
            "failed": [{"path": f.path, "reason": f.reason} for f in self.failed],
            "facts": dict(sorted(self.facts.items())),
        }


def extract_batch(articles: Sequence[Article]) -> Iterable[ArticleFacts]:
    """The default extractor: the pipeline of `allywatch extract`, model loaded once."""
    return extract_articles(articles, batch_size=max(1, len(articles)))


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    published: str | None = None,
    progress: Progress | None = None,
    extractor: Extractor = extract_batch,
    batch_size: int = BATCH_SIZE,
    mapper: BatchMapper | None = None,
) -> IngestSummary:
    """Read, extract and store every article under `paths`; see the module docstring.

    `progress(name, outcome)` is called once per input (outcome: stored, version, skipped,
    failed). `extractor` turns a batch of articles into their facts. `mapper(work, batches)`
    runs `work` on each batch and yields the results in order (default: `map`, here); with a
    process pool or a cluster, `extractor` must be a module-level function so it can travel.
    """
    started = time.monotonic()
    summary = IngestSummary()
    run = new_run("ingest", {"paths": [str(p) for p in paths], "published": published})
    report = progress or (lambda name, outcome: None)
    unseen = _unseen(stream_paths(paths, published), store, summary, report)
    work = partial(extract_safely, extractor=extractor)
    for extracted in (mapper or map)(work, _batches(unseen, batch_size)):
        for failure in extracted.failures:
            _fail(summary, report, failure)
        for result in extracted.results:
            _store(store, result, run, summary, report)
    summary.seconds = time.monotonic() - started
    if summary.stored:
        summary.run_id = run.id
        store.finish_run(run, summary.as_dict())
    return summary


def _unseen(
    items: Iterable[Article | ReadError], store: Store, summary: IngestSummary, report: Progress
) -> Iterator[Article]:
    """Articles whose text is not stored yet; read errors and known texts are tallied."""
    for item in items:
        if isinstance(item, ReadError):
            _fail(summary, report, item)
            continue
        summary.read += 1
        if store.has_article(item.id):
            summary.skipped += 1
            report(_name(item), Outcome.SKIPPED)
        else:
            yield item


def _batches(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while batch := list(islice(articles, size)):
        yield batch


def extract_safely(batch: list[Article], extractor: Extractor = extract_batch) -> Extracted:
    """Facts of a batch; if extraction fails, each article is retried alone to find the bad one.

    Runs wherever the mapper sends it (a worker process, a Dask worker): failures come back
    as data, and the writer reports them.
    """
    try:
        return Extracted(list(extractor(batch)), [])
    except Exception:  # one bad article must not stop the run: retried singly below
        log.info("a batch failed to extract; retrying its %d articles one by one", len(batch))
    extracted = Extracted([], [])
    for article in batch:
        try:
            extracted.results.extend(extractor([article]))
        except IngestError as error:  # refused by the readers' checks (too long, ...)
            extracted.failures.append(error.error)
        except Exception as error:  # reported as this article's failure, the run goes on
            reason = f"extraction failed: {error!r}"
            extracted.failures.append(ReadError(_name(article), reason))
    return extracted


def _store(
    store: Store, result: ArticleFacts, run: Run, summary: IngestSummary, report: Progress
) -> None:
    name = _name(result.article)
    try:
        outcome = store.add(result, run)
    except ArticleRejectedError as error:
        _fail(summary, report, ReadError(name, f"not stored: {error}"))
        return
    if outcome is Outcome.SKIPPED:
        summary.skipped += 1
    else:
        summary.stored += 1
        summary.versions += outcome is Outcome.VERSION
        summary.facts.update(fact.kind for fact in result.facts)
    report(name, outcome)


def _fail(summary: IngestSummary, report: Progress, error: ReadError) -> None:
    summary.failed.append(error)
    report(error.path, "failed")


def _name(article: Article) -> str:
    return article.path or article.url or article.id

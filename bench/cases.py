"""One benchmark case, run in a fresh interpreter by bench/run.py (which watches its memory).

Every case reads the same gzipped JSON Lines corpus through `allywatch.ingest.stream`, after a
warm-up: the model (and, for (d) and (e), the worker processes) loaded and a few articles that
are not in the corpus processed, so the timed part measures throughput, not start-up; start-up
is reported apart. Prints one JSON object on stdout.

Usage: `python bench/cases.py CASE CORPUS WARMUP --work DIR` with CASE one of a b c d e.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import psutil

from allywatch.ingest.stream import stream_paths
from allywatch.model.article import Article

WORKERS = 2
Case = Callable[[Path, Path, Path], dict[str, Any]]


def articles(corpus: Path) -> Iterator[Article]:
    return (a for a in stream_paths([corpus]) if isinstance(a, Article))


def words_of(corpus: Path) -> tuple[int, int]:
    """Articles and words (whitespace-separated) of a corpus."""
    count = words = 0
    for article in articles(corpus):
        count += 1
        words += len(article.text.split())
    return count, words


def tree_cpu() -> float:
    """CPU seconds (user + system) of this process and its live descendants (the workers)."""
    me = psutil.Process()
    total = 0.0
    for member in (me, *me.children(recursive=True)):
        try:
            times = member.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def timed(run: Callable[[], int]) -> dict[str, Any]:
    """Wall and CPU time of the timed part; CPU over wall says how many cores it kept busy."""
    cpu = tree_cpu()
    started = time.perf_counter()
    done = run()
    return {
        "processed": done,
        "seconds": time.perf_counter() - started,
        "timed_cpu": tree_cpu() - cpu,
    }


def bare_pipe(corpus: Path, warmup: Path, _work: Path) -> dict[str, Any]:
    """(a) the English model alone: `nlp.pipe` over the texts, nothing else."""
    import spacy

    from allywatch.nlp.pipeline import MODEL_NAME
    from allywatch.pipeline import BATCH_SIZE

    started = time.perf_counter()
    nlp = spacy.load(MODEL_NAME)
    for _ in nlp.pipe((a.text for a in articles(warmup)), batch_size=BATCH_SIZE):
        pass
    ready = time.perf_counter() - started

    def run() -> int:
        texts = (a.text for a in articles(corpus))
        return sum(1 for _ in nlp.pipe(texts, batch_size=BATCH_SIZE))

    return {"startup": ready, **timed(run)}


def extract(corpus: Path, warmup: Path, _work: Path) -> dict[str, Any]:
    """(b) `allywatch extract`'s pipeline (our components, extraction, checks), results
    dropped as they come instead of gathered into one document."""
    from allywatch.pipeline import extract_articles

    started = time.perf_counter()
    for _ in extract_articles(articles(warmup)):
        pass
    ready = time.perf_counter() - started
    return {"startup": ready, **timed(lambda: sum(1 for _ in extract_articles(articles(corpus))))}


def ingest_with(
    engine: Callable[[], AbstractContextManager[Any]],
) -> Case:
    """(c), (d), (e): `ingest_paths` into a new SQLite file, with the given batch mapper."""

    def case(corpus: Path, warmup: Path, work: Path) -> dict[str, Any]:
        from allywatch.store import open_store
        from allywatch.store.ingest import ingest_paths

        db = work / f"bench-{corpus.stem}-{time.monotonic_ns()}.db"
        started = time.perf_counter()
        with engine() as mapper, open_store(db) as store:
            ingest_paths(store, [warmup], mapper=mapper)
            ready = time.perf_counter() - started
            result = timed(lambda: ingest_paths(store, [corpus], mapper=mapper).stored)
            again = time.perf_counter()
            skipped = ingest_paths(store, [corpus], mapper=mapper).skipped
            resume = {"resume_skipped": skipped, "resume_seconds": time.perf_counter() - again}
            counts = store.counts()
        facts = counts.get("facts", 0)
        return {"startup": ready, **result, **resume, "db": str(db), "facts": facts}

    return case


def single_process() -> AbstractContextManager[Any]:
    return nullcontext(None)


def process_pool() -> AbstractContextManager[Any]:
    from allywatch.store.parallel import ProcessMapper

    return ProcessMapper(WORKERS)


class LocalDask(AbstractContextManager[Any]):
    """A `LocalCluster` of two single-threaded worker processes and a `DaskMapper` over it."""

    def __enter__(self) -> Any:
        from distributed import Client, LocalCluster

        from allywatch.store.dask_engine import DaskMapper

        self.cluster = LocalCluster(
            n_workers=WORKERS, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        self.client = Client(self.cluster)
        self.mapper = DaskMapper(self.client)
        return self.mapper.__enter__()

    def __exit__(self, *exc: object) -> None:
        self.mapper.__exit__(None, None, None)
        self.client.close()
        self.cluster.close()


CASES: dict[str, Case] = {
    "a": bare_pipe,
    "b": extract,
    "c": ingest_with(single_process),
    "d": ingest_with(process_pool),
    "e": ingest_with(LocalDask),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=sorted(CASES))
    parser.add_argument("corpus", type=Path)
    parser.add_argument("warmup", type=Path)
    parser.add_argument("--work", type=Path, default=Path("."))
    args = parser.parse_args()
    print(json.dumps(CASES[args.case](args.corpus, args.warmup, args.work)))


if __name__ == "__main__":
    main()

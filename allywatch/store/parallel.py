"""Ingest on every core: extraction in worker processes, one writer, memory flat.

The NLP is the cost of an ingest (about a tenth of a second of CPU per article, against a few
milliseconds to store it), so `allywatch ingest --workers N` runs it in N worker processes,
each loading the model once and extracting a batch of articles with `nlp.pipe`. The parent
process stays the only writer: it reads the input, skips articles already stored (before any
NLP), hands batches to the workers, and stores the results in input order, one transaction
per article, exactly as a plain ingest would.

Memory is bounded: at most `depth` batches are in flight (read but not yet stored), however
large the input; the reader is a lazy stream, and a worker holds one batch at a time.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, TypeVar

from allywatch.nlp.pipeline import build_nlp
from allywatch.store.backend import StoreError

if TYPE_CHECKING:
    from allywatch.store.dask_engine import DaskMapper

In = TypeVar("In")
Out = TypeVar("Out")
Result = TypeVar("Result", covariant=True)

BATCHES_PER_WORKER = 2
START_METHOD = "spawn"  # a fresh interpreter: no threads or open database copied by fork()
ROLL_CALL_PAUSE = 0.05


class EngineError(StoreError):
    """The workers cannot be started or reached; nothing was extracted or stored."""


def engine(
    workers: int = 0, scheduler: str | None = None
) -> AbstractContextManager[ProcessMapper | DaskMapper | None]:
    """The batch mapper `ingest_paths` runs extraction with, as a context manager.

    A Dask scheduler address gives a `DaskMapper`; `workers` > 0 a pool of that many processes
    on this machine; neither gives None (extraction in this process).
    """
    if scheduler:
        from allywatch.store.dask_engine import DaskMapper

        return DaskMapper(scheduler)
    if workers:
        return ProcessMapper(workers)
    return nullcontext()


def warm_up() -> None:
    """Load the model when a worker starts, so the first batch does not pay for it."""
    build_nlp()


def worker_id() -> int:
    """Which worker process ran this (after a pause that lets the other workers take a turn)."""
    time.sleep(ROLL_CALL_PAUSE)
    return os.getpid()


class ProcessMapper:
    """An ordered, bounded `map` over a pool of worker processes.

    Use as a context manager; `mapper(function, items)` yields `function(item)` for each item
    in order, with at most `depth` items submitted and not yet yielded. `function` and the
    items must pickle (a module-level function, plain data).
    """

    def __init__(self, workers: int, depth: int | None = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        self.depth = depth or BATCHES_PER_WORKER * workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessMapper:
        context = multiprocessing.get_context(START_METHOD)
        self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=warm_up)
        self._roll_call(self._pool)
        return self

    def _roll_call(self, pool: ProcessPoolExecutor) -> None:
        """Wait until every worker has started and loaded the model (in parallel, once), so no
        worker is still loading when the first batches arrive."""
        answered: set[int] = set()
        while len(answered) < self.workers:
            calls = [pool.submit(worker_id) for _ in range(self.workers)]
            answered.update(call.result() for call in calls)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=error is None, cancel_futures=True)
            self._pool = None

    def __call__(self, function: Callable[[In], Out], items: Iterable[In]) -> Iterator[Out]:
        if self._pool is None:
            raise RuntimeError("use ProcessMapper as a context manager (with ... as mapper)")
        pool = self._pool
        return ordered_window(lambda item: pool.submit(function, item), items, self.depth)


class Pending(Protocol[Result]):
    """A submitted task: a `concurrent.futures.Future` or a Dask future."""

    def result(self) -> Result: ...


def ordered_window(
    submit: Callable[[In], Pending[Out]], items: Iterable[In], depth: int
) -> Iterator[Out]:
    """Results of `submit(item)` in input order, keeping at most `depth` futures pending.

    The input is pulled only as results are taken, so a slow consumer (the writer) holds the
    reader back instead of letting read articles pile up in memory.
    """
    pending: deque[Pending[Out]] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= depth:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()

"""Ingest on a Dask cluster: extraction on the cluster's workers, one writer in the client.

`allywatch ingest --engine dask --scheduler tcp://HOST:PORT` sends batches of articles to the
workers of an existing `dask.distributed` cluster, each of which extracts them with the same
pipeline as a local ingest, and stores the results from this process, in input order, one
transaction per article.

Why results come back to one writer rather than being written as Parquet shards and loaded
afterwards: the store merges as it writes (one person across articles, one event reported by
several outlets, a new version retiring the old), and those merges depend on what is already
stored, so they must happen one article at a time in one order; SQLite allows one writer
anyway. The facts of an article are a few kilobytes against a tenth of a second of CPU to
extract them, so shipping them back costs little, and the writer keeps up with dozens of
workers (docs/scale.md has the numbers). Shards would add a second storage format and a
loader that does the same ordered writes later, and an interrupted run would leave shards
to reconcile; here an interrupted run is resumed by running it again, like any ingest.

At most `depth` batches are in flight, so the client's memory stays flat however large the
input. A worker process with several threads extracts one batch at a time (a lock), since a
spaCy pipeline is not meant to be shared between threads: start workers with `--nthreads 1`
and as many processes as cores.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from allywatch.store.parallel import BATCHES_PER_WORKER, EngineError, ordered_window, warm_up

if TYPE_CHECKING:
    from distributed import Client

In = TypeVar("In")
Out = TypeVar("Out")

_ONE_BATCH_AT_A_TIME = threading.Lock()


def run_alone(function: Callable[[In], Out], item: In) -> Out:
    """Run on a worker: `function(item)`, never two at once in one worker process."""
    with _ONE_BATCH_AT_A_TIME:
        return function(item)


def _connect(address: str) -> Client:
    """A client of the scheduler at `address`, or EngineError saying it cannot be reached."""
    from distributed import Client

    try:
        return Client(address)  # type: ignore[no-untyped-call]  # distributed is untyped here
    except (OSError, ValueError) as error:
        raise EngineError(f"cannot reach the Dask scheduler at {address}: {error}") from None


class DaskMapper:
    """An ordered, bounded `map` over the workers of a Dask cluster (a context manager).

    `scheduler` is an address (`tcp://10.0.0.5:8786`) or a connected `Client` (which is then
    left open). The workers must have allywatch and its model installed, at this version.
    """

    def __init__(self, scheduler: str | Client, depth: int | None = None) -> None:
        self.scheduler = scheduler
        self.depth = depth
        self._client: Client | None = None
        self._owned = False

    def __enter__(self) -> DaskMapper:
        if isinstance(self.scheduler, str):
            self._client = _connect(self.scheduler)
            self._owned = True
        else:
            self._client = self.scheduler
        self._client.run(warm_up)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._client is not None and self._owned:
            self._client.close()  # type: ignore[no-untyped-call]  # distributed is untyped here
        self._client = None

    @property
    def workers(self) -> int:
        """Worker processes in the cluster now."""
        return len(self._connected().scheduler_info(n_workers=-1)["workers"])

    def __call__(self, function: Callable[[In], Out], items: Iterable[In]) -> Iterator[Out]:
        client = self._connected()
        depth = self.depth or BATCHES_PER_WORKER * max(1, self.workers)

        def submit(item: In) -> Any:
            return client.submit(run_alone, function, item, pure=False)

        return ordered_window(submit, items, depth)

    def _connected(self) -> Client:
        if self._client is None:
            raise RuntimeError("use DaskMapper as a context manager (with ... as mapper)")
        return self._client

"""Paired ratios on a shared machine: two cases take turns on slices of the same corpus.

Other work on the machine comes and goes by the minute, so two cases timed one after the other
can meet very different loads, and their ratio says more about the neighbours than about
allywatch. Here the two cases of a ratio alternate on consecutive slices of the corpus (which
one goes first alternates too), so both meet the same background over the run; the ratio is
the total time of one over the total time of the other.

- `ab`: (a) the bare model and (b) the extract pipeline, on slices of 50 articles.
- `cd`: (c) a single-process ingest and (d) an ingest with 2 workers, each into its own
  SQLite file, on slices of 250 articles (long enough that filling and draining the workers'
  queue at the slice's ends costs little; it still counts against (d)).

Usage: `python bench/paired.py ab|cd CORPUS WARMUP --work DIR`; prints one JSON object.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from cases import WORKERS, articles

from allywatch.model.article import Article

Chunk = TypeVar("Chunk")
AB_SLICE = 50
CD_SLICE = 250


def slices(corpus: Path, size: int) -> Iterator[list[Article]]:
    stream = articles(corpus)
    while chunk := list(islice(stream, size)):
        yield chunk


def take_turns(
    first: Callable[[Chunk], object], second: Callable[[Chunk], object], chunks: Iterable[Chunk]
) -> list[float]:
    """Seconds spent by each of two runners over the same slices, first and second alternating."""
    spent = [0.0, 0.0]
    for number, chunk in enumerate(chunks):
        for which in (0, 1) if number % 2 == 0 else (1, 0):
            started = time.perf_counter()
            (first, second)[which](chunk)
            spent[which] += time.perf_counter() - started
    return spent


def _result(pair: str, corpus: Path, seconds: list[float]) -> dict[str, Any]:
    return {"pair": pair, "articles": sum(1 for _ in articles(corpus)), "seconds": seconds}


def pair_ab(corpus: Path, warmup: Path, _work: Path) -> dict[str, Any]:
    import spacy

    from allywatch.nlp.pipeline import MODEL_NAME
    from allywatch.pipeline import BATCH_SIZE, extract_articles

    bare = spacy.load(MODEL_NAME)

    def run_a(chunk: list[Article]) -> None:
        for _ in bare.pipe((a.text for a in chunk), batch_size=BATCH_SIZE):
            pass

    def run_b(chunk: list[Article]) -> None:
        for _ in extract_articles(chunk):
            pass

    warm = list(articles(warmup))
    run_a(warm)
    run_b(warm)
    return _result("ab", corpus, take_turns(run_a, run_b, slices(corpus, AB_SLICE)))


def pair_cd(corpus: Path, warmup: Path, work: Path) -> dict[str, Any]:
    from allywatch.store import open_store
    from allywatch.store.ingest import ingest_paths
    from allywatch.store.parallel import ProcessMapper

    stamp = time.monotonic_ns()
    slice_files = _slice_files(corpus, work / f"slices-{stamp}")
    with (
        ProcessMapper(WORKERS) as mapper,
        open_store(work / f"paired-c-{stamp}.db") as plain,
        open_store(work / f"paired-d-{stamp}.db") as pooled,
    ):
        ingest_paths(plain, [warmup])
        ingest_paths(pooled, [warmup], mapper=mapper)

        def run_c(chunk: Path) -> None:
            ingest_paths(plain, [chunk])

        def run_d(chunk: Path) -> None:
            ingest_paths(pooled, [chunk], mapper=mapper)

        seconds = take_turns(run_c, run_d, slice_files)
    return _result("cd", corpus, seconds)


def _slice_files(corpus: Path, folder: Path) -> list[Path]:
    """The corpus cut into gzipped JSON Lines files of CD_SLICE articles, as ingest reads them."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number, chunk in enumerate(slices(corpus, CD_SLICE)):
        path = folder / f"{number:04d}.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8") as out:
            for article in chunk:
                out.write(json.dumps(_as_json(article), ensure_ascii=False) + "\n")
        files.append(path)
    return files


def _as_json(article: Article) -> dict[str, Any]:
    fields = ("title", "source", "text", "published")
    return {name: getattr(article, name) for name in fields}


PAIRS = {"ab": pair_ab, "cd": pair_cd}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pair", choices=sorted(PAIRS))
    parser.add_argument("corpus", type=Path)
    parser.add_argument("warmup", type=Path)
    parser.add_argument("--work", type=Path, default=Path("."))
    args = parser.parse_args()
    print(json.dumps(PAIRS[args.pair](args.corpus, args.warmup, args.work)))


if __name__ == "__main__":
    main()

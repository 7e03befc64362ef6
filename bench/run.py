"""Run the benchmarks of bench/README.md and write bench/results.md (`make bench`).

Each case runs in its own interpreter (bench/cases.py) while this process samples the memory
of its whole process tree (workers and Dask processes included) every 0.1 s for the peak, and
takes its CPU time from the kernel's accounting of finished children. Results accumulate in
bench/results.json, keyed by corpus size and case, so a quick run and a long run can be made
separately and one results.md is written from all of them.

Usage:
  python bench/run.py                       # sizes 1,000 and 10,000, cases a-e, API
  python bench/run.py --sizes 200 2000      # a quick first look
  python bench/run.py --cases a b --sizes 1000 --no-api
  python bench/run.py --cases --paired      # the API alone (on the largest base, or a new one)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from cases import words_of  # noqa: E402  (bench/ is a folder of scripts, not a package)
from corpus import write_corpus  # noqa: E402
from report import write_report  # noqa: E402

WORK = BENCH / "corpus"
RESULTS_JSON = BENCH / "results.json"
RESULTS_MD = BENCH / "results.md"
WARMUP_SIZE = 32
WARMUP_SEED = 99
API_FACTS = 100_000
TOP_UP_SEED = 123
SAMPLE_SECONDS = 0.1


def corpus_file(size: int, seed: int = 7) -> Path:
    path = WORK / f"corpus-{size}-s{seed}.jsonl.gz"
    if not path.exists():
        write_corpus(path, size, seed)
    return path


def tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    for member in (process, *process.children(recursive=True)):
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def watched(command: list[str]) -> tuple[str, dict[str, Any]]:
    """Run a command; its stdout, wall time, CPU time of the tree and peak RSS of the tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile("w+") as out:
        process = psutil.Popen(command, stdout=out, cwd=ROOT)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss(process))
            time.sleep(SAMPLE_SECONDS)
        out.seek(0)
        output = out.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed with exit code {process.returncode}")
    stats = {
        "wall": time.perf_counter() - started,
        "cpu": cpu,
        "peak_rss": peak,
        "load_before": load,
        "load_after": os.getloadavg()[0],
        "measured": f"{time.strftime('%Y-%m-%d')} {code_version()}",
    }
    return output, stats


def code_version() -> str:
    """The commit measured ("+" when allywatch/ has uncommitted changes), or "" outside git."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    return git("rev-parse", "--short", "HEAD") + (
        "+" if git("status", "--porcelain", "allywatch") else ""
    )


def run_case(case: str, size: int) -> dict[str, Any]:
    corpus = corpus_file(size)
    warmup = corpus_file(WARMUP_SIZE, WARMUP_SEED)
    command = [sys.executable, str(BENCH / "cases.py"), case, str(corpus), str(warmup)]
    output, stats = watched([*command, "--work", str(WORK)])
    measured = json.loads(output.strip().splitlines()[-1])
    articles, words = words_of(corpus)
    return {"case": case, "size": size, "articles": articles, "words": words, **measured, **stats}


def run_pair(pair: str, size: int) -> dict[str, Any]:
    corpus = corpus_file(size)
    warmup = corpus_file(WARMUP_SIZE, WARMUP_SEED)
    command = [sys.executable, str(BENCH / "paired.py"), pair, str(corpus), str(warmup)]
    output, stats = watched([*command, "--work", str(WORK)])
    return {**json.loads(output.strip().splitlines()[-1]), "size": size, **stats}


def api_base(results: dict[str, Any], target: int) -> Path:
    """The largest ingested base (or a new one), topped up until it holds `target` facts."""
    ingests = [r for r in results["cases"].values() if r.get("db") and Path(r["db"]).exists()]
    best = max(ingests, key=lambda r: r["facts"], default=None)
    db = Path(best["db"]) if best else WORK / "api-base.sqlite"
    facts, per_article = (best["facts"], best["facts"] / best["articles"]) if best else (0, 4.0)
    if facts < target:
        more = int((target - facts) / per_article * 1.1) + 1
        print(f"topping up {db.name} ({facts} facts) with {more} articles", file=sys.stderr)
        ingest = [sys.executable, "-m", "allywatch", "ingest", str(corpus_file(more, TOP_UP_SEED))]
        options = ["--db", str(db), "--workers", "2", "--json"]
        subprocess.run([*ingest, *options], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return db


def run_api(results: dict[str, Any], target: int) -> dict[str, Any]:
    db = api_base(results, target)
    output, stats = watched([sys.executable, str(BENCH / "api.py"), str(db)])
    return {**json.loads(output.strip().splitlines()[-1]), **stats, "db": str(db)}


def load_results() -> dict[str, Any]:
    if RESULTS_JSON.exists():
        loaded: dict[str, Any] = json.loads(RESULTS_JSON.read_text("utf-8"))
        return loaded
    return {"cases": {}, "paired": {}, "api": None}


def save(results: dict[str, Any]) -> None:
    RESULTS_JSON.write_text(json.dumps(results, indent=1), "utf-8")
    write_report(results, RESULTS_MD)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument(
        "--cases", nargs="*", default=list("abcde"), choices=list("abcde"), help="none: API only"
    )
    parser.add_argument("--api-facts", type=int, default=API_FACTS)
    parser.add_argument(
        "--paired",
        type=int,
        nargs="*",
        metavar="SIZE",
        help="sizes for the interleaved (a)/(b) and (c)/(d) ratios [default: smallest size]",
    )
    parser.add_argument("--no-api", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="forget earlier results")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    results = {"cases": {}, "paired": {}, "api": None} if args.fresh else load_results()
    results.setdefault("paired", {})
    for size in args.sizes:
        for case in args.cases:
            print(f"case {case}, {size} articles", file=sys.stderr, flush=True)
            results["cases"][f"{size}/{case}"] = run_case(case, size)
            save(results)
    for size in [min(args.sizes)] if args.paired is None else args.paired:
        for pair in ("ab", "cd"):
            print(f"paired {pair}, {size} articles", file=sys.stderr, flush=True)
            results["paired"][f"{size}/{pair}"] = run_pair(pair, size)
            save(results)
    if not args.no_api:
        results["api"] = run_api(results, args.api_facts)
        save(results)
    print(f"wrote {RESULTS_MD.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()

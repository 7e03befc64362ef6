"""What the `ingest`, `export`, `query` and `search` commands do and print (rich on stderr
for progress, results on stdout), so that each click command is one call."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from allywatch.ingest.stream import STDIN, article_files, is_jsonl
from allywatch.store.backend import Row, StoreError
from allywatch.store.db import open_store
from allywatch.store.export import write_json, write_tables
from allywatch.store.ingest import IngestSummary, ingest_paths
from allywatch.store.parallel import engine
from allywatch.store.queries import Filters
from allywatch.store.search import MARKS

EXIT_STORE_ERROR = 2

COLUMNS: dict[str, tuple[str, ...]] = {
    "people": ("name", "country", "org", "role", "article_count", "first_seen", "last_seen"),
    "events": (
        "date",
        "event_type",
        "mode",
        "countries",
        "location",
        "source_count",
        "first_reported",
    ),
    "amounts": ("value", "currency", "subject", "year", "measure", "source_count", "verdicts"),
    "targets": (
        "subject",
        "metric",
        "value",
        "comparator",
        "deadline",
        "status",
        "by",
        "published",
    ),
    "ratios": ("subject", "object", "measure", "ratio", "year", "published"),
    "relations": ("a", "b", "relation", "published", "source"),
    "quotes": ("speaker", "text", "published", "source"),
    "articles": ("published", "title", "source", "url", "id"),
}


@contextmanager
def _reported(err: Console) -> Iterator[None]:
    """A StoreError becomes one clear line on stderr and exit code 2, never a traceback."""
    try:
        yield
    except StoreError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(EXIT_STORE_ERROR)


def run_ingest(
    paths: Sequence[Path],
    db: str,
    published: str | None,
    as_json: bool,
    workers: int = 0,
    scheduler: str | None = None,
) -> int:
    """`allywatch ingest`: progress bar while it runs, then the summary; the exit code.

    `workers` > 0 extracts in that many processes, `scheduler` on a Dask cluster.
    """
    err = Console(stderr=True)
    with _reported(err), open_store(db) as store, engine(workers, scheduler) as mapper:
        total = _expected(paths)
        columns = (
            TextColumn("ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[last]}"),
        )
        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task("ingest", total=total, last="")
            summary = ingest_paths(
                store,
                paths,
                published=published,
                progress=lambda name, _: bar.update(task, advance=1, last=Path(name).name[-40:]),
                mapper=mapper,
            )
    if as_json:
        print(json.dumps(summary.as_dict(), indent=2))
    else:
        err.print(summary_table(summary))
    return 1 if summary.failed else 0


def _expected(paths: Sequence[Path]) -> int | None:
    """How many articles to expect: one a file, unknown when JSON Lines or stdin hold many."""
    if any(str(path) == STDIN for path in paths):
        return None
    files = [file for path in paths for file in article_files(Path(path))]
    return None if any(is_jsonl(file) for file in files) else len(files)


def summary_table(summary: IngestSummary) -> Table:
    """The end-of-ingest summary: counts, facts per kind, time, and each failure's reason."""
    table = Table(title="allywatch ingest", show_header=False)
    rows: list[tuple[str, object]] = [
        ("read", summary.read),
        ("stored", summary.stored),
        ("  new versions", summary.versions),
        ("skipped (already stored)", summary.skipped),
        ("failed", len(summary.failed)),
    ]
    rows += [(f"facts: {kind}", n) for kind, n in sorted(summary.facts.items())]
    rows.append(("time", f"{summary.seconds:.1f} s"))
    for label, value in rows:
        table.add_row(label, str(value))
    for failure in summary.failed:
        table.add_row("[red]failed[/red]", escape(f"{failure.path}: {failure.reason}"))
    return table


def run_export(db: str, fmt: str, output: Path | None, everything: bool) -> None:
    """`allywatch export`: JSON to a file or stdout; CSV/Parquet tables into a folder."""
    err = Console(stderr=True)
    with _reported(err), open_store(db, readonly=True) as store:
        if fmt == "json" and output is None:
            write_json(store.db, sys.stdout, everything)
        elif fmt == "json" and output is not None:
            with output.open("w", encoding="utf-8") as out:
                write_json(store.db, out, everything)
        else:
            written = write_tables(store.db, output or Path("allywatch-export"), fmt, everything)
            err.print(f"wrote {len(written)} tables to {escape(str(written[0].parent))}")


def run_query(db: str, name: str, filters: Filters, limit: int | None, as_json: bool) -> None:
    """`allywatch query`: a table on the terminal, or every row as JSON."""
    err = Console(stderr=True)
    with _reported(err), open_store(db, readonly=True) as store:
        rows = store.query(name, filters, limit=limit)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    Console().print(rows_table(name, rows))


def rows_table(name: str, rows: list[Row]) -> Table:
    """A rich table of the columns that matter for each query, one row per result."""
    table = Table(title=f"{name} ({len(rows)})")
    for column in COLUMNS[name]:
        table.add_column(column.replace("_", " "))
    for row in rows:
        table.add_row(*(escape(_cell(row.get(column))) for column in COLUMNS[name]))
    return table


def _cell(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("name", ""))
    if isinstance(value, list):
        return " ".join(map(str, value))
    if isinstance(value, float):
        return _number(value)
    return "" if value is None else str(value)


def _number(value: float) -> str:
    """Money at a glance: 1.785e12 -> "1.785 tn", 647e9 -> "647 bn", 5.0 -> "5"."""
    for scale, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if abs(value) >= scale:
            return f"{value / scale:.4g} {word}"
    return f"{value:,.6g}"


def run_search(db: str, text: str, limit: int, as_json: bool) -> None:
    """`allywatch search`: matching articles with their snippets and matching fact sentences."""
    err = Console(stderr=True)
    with _reported(err), open_store(db, readonly=True) as store:
        hits = store.search(text, limit=limit)
    if as_json:
        print(json.dumps(hits, ensure_ascii=False, indent=2))
        return
    _print_hits(Console(), hits)


def _print_hits(out: Console, hits: list[Row]) -> None:
    if not hits:
        out.print("no match")
    for hit in hits:
        if hit["type"] == "article":
            heading = escape(hit["title"] or "(no headline)")
            where = escape(" ".join(filter(None, (hit["source"], hit["published"]))))
            out.print(f"\n[bold]{heading}[/bold] [dim]{where} {hit['article']}[/dim]")
            out.print(f"  {_highlight(hit['text'] or '')}")
        else:
            kinds = escape(" ".join(hit["kinds"]))
            out.print(f"  • {escape(hit['text'])} [dim]{hit['span']} {kinds}[/dim]")


def _highlight(snippet: str) -> str:
    """Snippet matches (between the search marks) in bold, everything else escaped."""
    opening, closing = MARKS
    parts = snippet.split(opening)
    out = escape(parts[0])
    for part in parts[1:]:
        match, _, rest = part.partition(closing)
        out += f"[bold yellow]{escape(match)}[/bold yellow]{escape(rest)}"
    return out

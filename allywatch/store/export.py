"""The whole base out again: one facts-v1 JSON document, or one CSV/Parquet table per kind.

JSON is written as it is read, row by row, so a base larger than memory exports in constant
memory; each fact is the exact facts-v1 JSON that was stored, so ingest -> export round-trips.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from allywatch.model.facts_json import ARTICLE_FIELDS
from allywatch.model.vocab import KINDS, SCHEMA_ID
from allywatch.store.backend import Database, Row
from allywatch.store.queries import amounts, events, people

FORMATS = ("json", "csv", "parquet")

ARTICLES = """
SELECT id, title, source, url, published, published_inferred, dateline, text, path, version,
       superseded_by, superseded_at, run_id, ingested_at
FROM articles
WHERE CAST(:everything AS BOOLEAN) OR superseded_by IS NULL
ORDER BY published_day, id
"""
FACTS = """
SELECT f.id, f.kind, f.body, f.run_id, f.allywatch_version, f.event_id, f.claim_id,
       f.retired_at, f.retired_by
FROM facts f JOIN articles a ON a.id = f.article
WHERE (CAST(:kind AS TEXT) IS NULL OR f.kind = :kind)
  AND (CAST(:everything AS BOOLEAN) OR f.retired_at IS NULL)
ORDER BY a.published_day, f.article, f.span_start, f.id
"""
CHECKS = """
SELECT c.fact_id AS fact, c.verdict, c.stated, c.computed, c.basis, c.run_id
FROM checks c JOIN facts f ON f.id = c.fact_id
WHERE CAST(:everything AS BOOLEAN) OR f.retired_at IS NULL
ORDER BY c.fact_id, c.seq
"""
PERSON_FIELDS = ("name", "role", "country", "org", "articles")


def write_json(db: Database, out: IO[str], everything: bool = False) -> None:
    """The base as one facts-v1 document; `everything` adds old versions and retired facts."""
    flag = {"everything": everything}
    out.write('{\n "schema": ' + json.dumps(SCHEMA_ID) + ",\n")
    _write_list(out, "articles", (_contract_article(r) for r in db.iterate(ARTICLES, flag)))
    _write_list(out, "people", _contract_people(db))
    facts = db.iterate(FACTS, {**flag, "kind": None})
    _write_list(out, "facts", (json.loads(row["body"]) for row in facts))
    checks = db.iterate(CHECKS, flag)
    _write_list(
        out, "checks", ({k: v for k, v in r.items() if k != "run_id"} for r in checks), last=True
    )
    out.write("}\n")


def _write_list(out: IO[str], key: str, items: Iterator[Any], last: bool = False) -> None:
    out.write(f" {json.dumps(key)}: [")
    for index, item in enumerate(items):
        out.write(("," if index else "") + "\n  " + json.dumps(item, ensure_ascii=False))
    out.write("\n ]" + ("\n" if last else ",\n"))


def _contract_article(row: Row) -> Row:
    return {
        **{k: row[k] for k in ARTICLE_FIELDS},
        "published_inferred": bool(row["published_inferred"]),
    }


def _contract_people(db: Database) -> Iterator[Row]:
    """PERSON entries: one per merged person, with the latest role and every article naming them."""
    for person in people(db):
        yield {key: person[key] for key in PERSON_FIELDS}


def write_tables(db: Database, folder: Path, fmt: str, everything: bool = False) -> list[Path]:
    """One file per table: articles, people, person_roles, merged events, claims, checks, and
    one per fact kind (events.*, amounts.*, ...), each fact row with its provenance."""
    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    flag = {"everything": everything}
    merged_people = people(db)
    tables: dict[str, list[Row]] = {
        "articles": list(db.iterate(ARTICLES, flag)),
        "people": [_flat(p, drop=("roles",)) for p in merged_people],
        "person_roles": [{"person_id": p["id"], **r} for p in merged_people for r in p["roles"]],
        "events_merged": [_flat(e, drop=("mentions", "actors")) for e in events(db)],
        "claims": [_flat(c, drop=("mentions",)) for c in amounts(db)],
        "checks": list(db.iterate(CHECKS, flag)),
    }
    for kind in KINDS:
        tables[kind + "s"] = [_fact_columns(r) for r in db.iterate(FACTS, {**flag, "kind": kind})]
    written = []
    for name, rows in tables.items():
        frame = pd.DataFrame(rows).convert_dtypes()
        path = folder / f"{name}.{fmt}"
        frame.to_csv(path, index=False) if fmt == "csv" else frame.to_parquet(path, index=False)
        written.append(path)
    return written


def _fact_columns(row: Row) -> Row:
    """A fact as flat columns: span split, speaker spread, lists and records as JSON text."""
    body = json.loads(row["body"])
    start, end = body.pop("span")
    speaker = body.pop("speaker", None) or {}
    flat = {**body, "span_start": start, "span_end": end}
    flat.update({f"speaker_{k}": v for k, v in speaker.items()})
    provenance = ("run_id", "allywatch_version", "event_id", "claim_id", "retired_at", "retired_by")
    flat.update({key: row[key] for key in provenance})
    return _flat(flat)


def _flat(row: Row, drop: tuple[str, ...] = ()) -> Row:
    """Lists and records as JSON text, so every cell of a table is a plain value."""
    return {
        key: json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
        for key, value in row.items()
        if key not in drop
    }

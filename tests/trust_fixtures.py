"""What the crash and load tests share: many distinct real-text articles, the `allywatch`
command, and safe copies of a SQLite base.

Every article joins two paragraphs of the dev set and the official corpus, a different pair each
time, so no two texts are the same (a repeated text would only exercise the skip) while every
sentence is real reporting.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from contextlib import closing
from functools import cache
from pathlib import Path

from conftest import DEV, OFFICIAL

from allywatch.model.article import article_id

ALLYWATCH = [sys.executable, "-m", "allywatch"]


@cache
def paragraphs() -> tuple[tuple[str, str], ...]:
    """(published, paragraph) for every mid-sized paragraph of the real articles."""
    found = []
    for path in sorted([*DEV.glob("*.json"), *OFFICIAL.glob("*.json")]):
        data = json.loads(path.read_text("utf-8"))
        found += [
            (data["published"], p.strip())
            for p in data["text"].split("\n\n")
            if 120 <= len(p.strip()) <= 450
        ]
    return tuple(found)


def write_corpus(folder: Path, count: int, first: int = 0) -> list[str]:
    """Articles `first`..`first+count-1` as JSON files in `folder`; returns their ids."""
    pool = paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for number in range(first, first + count):
        lead = number % len(pool)
        other = (lead + 1 + number // len(pool)) % len(pool)
        (published, one), (_, two) = pool[lead], pool[other]
        text = f"{one}\n\n{two}"
        article = {"title": f"Composite {number}", "published": published, "text": text}
        (folder / f"{number:05d}.json").write_text(json.dumps(article), "utf-8")
        ids.append(article_id(text))
    return ids


def copy_base(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (the source may still have a WAL)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)

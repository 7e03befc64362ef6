"""A benchmark corpus of any size, built from the real articles bundled with allywatch.

Repeating the same 56 texts would flatter every cache keyed on a word, a name or a sentence
(spaCy's lexeme and string stores, `functools.cache` on reference look-ups, SQLite's page cache
for the same facts). So each synthetic article is a new text built from real ones:

1. its first paragraph is a real article's lead (that article also gives title, source and a
   publication date, moved by up to a year either way);
2. each later paragraph is, with even odds, that article's own or a paragraph drawn from the
   whole pool (every real article from `examples/` and the dev set), so stories are recombined;
3. people named in the reference table of actors get other given names and surnames (from
   `bench/data/variants.json`), consistently within the article; upper-case surnames stay
   upper-case;
4. every number gets new digits of the same length (years move by up to three), and month names
   are permuted.

The corpus is deterministic for a given seed and size, every text is distinct (checked by
article id), and its words per article follow the real articles'.

Usage: `python bench/corpus.py 1000 corpus.jsonl.gz [--seed 7]`.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import IO

from allywatch.ingest.stream import stream_paths
from allywatch.model.article import Article, article_id

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "examples", ROOT.parent / "shared" / "eval" / "dev")
VARIANTS = Path(__file__).with_name("data") / "variants.json"
ACTORS = ROOT / "allywatch" / "reference" / "data" / "actors.csv"
RECOMBINE_ODDS = 0.5
MAX_DAYS_MOVED = 365
SMALL_NUMBER_MAX = 28
_NUMBER = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class Pool:
    """The real articles and all their paragraphs."""

    articles: tuple[Article, ...]
    paragraphs: tuple[str, ...]


@cache
def load_pool() -> Pool:
    """Every readable article of the bundled examples and the dev set."""
    articles = tuple(a for a in stream_paths(SOURCES) if isinstance(a, Article))
    paragraphs = tuple(p for a in articles for p in paragraphs_of(a.text))
    return Pool(articles, paragraphs)


def paragraphs_of(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


@cache
def variants() -> dict[str, list[str]]:
    data: dict[str, list[str]] = json.loads(VARIANTS.read_text("utf-8"))
    return data


@cache
def name_lists() -> dict[str, str]:
    """Each given name and surname of the reference actors, with the list its stand-ins come
    from: the first word of a name is a given name, the last a surname."""
    lists: dict[str, str] = {}
    with ACTORS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            words = [w for w in row["name"].split() if len(w) > 2 and w.isalpha() and w.istitle()]
            if len(words) >= 2:
                lists.setdefault(words[0], "given_names")
                lists[words[-1]] = "surnames"
    return lists


@cache
def name_pattern() -> re.Pattern[str]:
    """Those names as written or in upper case (official Japanese texts write KAMIKAWA Yoko)."""
    words = name_lists()
    alternatives = sorted({*words, *(w.upper() for w in words)}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, alternatives)) + r")\b")


@cache
def month_pattern() -> re.Pattern[str]:
    """Month names, except May, which also opens sentences as a verb."""
    months = [m for m in variants()["months"] if m != "May"]
    return re.compile(r"\b(?:" + "|".join(months) + r")\b")


def synthetic_article(pool: Pool, number: int, seed: int) -> dict[str, object]:
    """Article `number` of the corpus: a JSON object as `allywatch ingest` reads it."""
    rng = random.Random(seed * 1_000_003 + number)
    base = pool.articles[number % len(pool.articles)]
    text = vary(recombine(base, pool, rng), rng)
    return {
        "id": f"bench-{number:06d}",
        "title": base.title,
        "source": base.source,
        "published": moved_date(base.published_date, rng),
        "text": text,
    }


def recombine(base: Article, pool: Pool, rng: random.Random) -> str:
    lead, *rest = paragraphs_of(base.text)
    body = [rng.choice(pool.paragraphs) if rng.random() < RECOMBINE_ODDS else p for p in rest]
    return "\n\n".join([lead, *body])


def vary(text: str, rng: random.Random) -> str:
    """New people, numbers and months for one text, each consistent within it."""
    text = name_pattern().sub(_consistent(rng, _new_name(rng)), text)
    years_moved = rng.randint(-3, 3)
    text = _NUMBER.sub(lambda m: _new_number(m[0], years_moved, rng), text)
    return month_pattern().sub(_consistent(rng, lambda _: rng.choice(variants()["months"])), text)


def _new_name(rng: random.Random) -> Callable[[str], str]:
    def pick(word: str) -> str:
        return rng.choice(variants()[name_lists().get(word, "surnames")])

    return pick


def _consistent(rng: random.Random, pick: Callable[[str], str]) -> Callable[[re.Match[str]], str]:
    """The same word always gets the same replacement within one text."""
    chosen: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        key = match[0] if match[0] in name_lists() else match[0].capitalize()
        if key not in chosen:
            chosen[key] = pick(key)
        new = chosen[key]
        return new.upper() if match[0].isupper() and len(match[0]) > 1 else new

    return replace


def _new_number(digits: str, years_moved: int, rng: random.Random) -> str:
    """Years move together; one or two digits (days, hours, percentages) stay a valid day of
    any month; longer numbers get new digits of the same length."""
    if _YEAR.fullmatch(digits):
        return str(int(digits) + years_moved)
    if len(digits) <= 2:
        return str(rng.randint(1, SMALL_NUMBER_MAX))
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in digits[1:])


def moved_date(published: str | None, rng: random.Random) -> str:
    start = date.fromisoformat(published) if published else date(2025, 6, 1)
    return (start + timedelta(days=rng.randint(-MAX_DAYS_MOVED, MAX_DAYS_MOVED))).isoformat()


def corpus(size: int, seed: int = 7) -> Iterator[dict[str, object]]:
    """`size` distinct synthetic articles; a rare repeated text is replaced by the next one."""
    pool = load_pool()
    seen: set[str] = set()
    number = 0
    while len(seen) < size:
        item = synthetic_article(pool, number, seed)
        number += 1
        key = article_id(str(item["text"]))
        if key not in seen:
            seen.add(key)
            yield item


def write_corpus(path: Path, size: int, seed: int = 7) -> Path:
    """Write the corpus as JSON Lines (gzipped when the name ends in .gz)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _open_text(path) as handle:
        for item in corpus(size, seed):
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


def _open_text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "wt", encoding="utf-8")
    return path.open("w", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write_corpus(args.out, args.size, args.seed)


if __name__ == "__main__":
    main()

"""Where the extraction's time goes: CPU per spaCy component and per extractor.

Runs the pipeline one component at a time over the same Docs (the bare model's components and
ours), then each extractor over the finished Docs, and prints CPU milliseconds per article.
With `--html FILE` it also writes a pyinstrument profile of the extractors.

Usage: `python bench/profile_extract.py [--articles 200] [--html profile.html]`
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cases import articles
from corpus import write_corpus
from spacy.language import Language
from spacy.tokens import Doc

import allywatch.extract as extract_package
from allywatch.check import check_facts
from allywatch.extract import ArticleDoc
from allywatch.model.article import Article

EXTRACTORS = tuple(
    name
    for name in vars(extract_package)
    if name.startswith("extract_") and name != "extract_article"
)
WARM = 5


def component_costs(nlp: Language, texts: list[str]) -> tuple[dict[str, float], list[Doc]]:
    """CPU seconds of the tokenizer and of each component, run one at a time over all texts."""
    costs: dict[str, float] = {}
    list(nlp.pipe(texts[:WARM]))
    started = time.process_time()
    docs = [nlp.make_doc(text) for text in texts]
    costs["tokenizer"] = time.process_time() - started
    for name, component in nlp.pipeline:
        started = time.process_time()
        pipe = getattr(component, "pipe", None)
        docs = list(pipe(docs, batch_size=16)) if pipe else [component(doc) for doc in docs]
        costs[name] = time.process_time() - started
    return costs, docs


@contextmanager
def timed_extractors(costs: dict[str, float]) -> Iterator[None]:
    """Wrap each extractor of `allywatch.extract` so its CPU time adds up in `costs`."""
    originals = {name: getattr(extract_package, name) for name in EXTRACTORS}

    def wrap(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                costs[name] += time.process_time() - started

        return timed

    for name, function in originals.items():
        setattr(extract_package, name, wrap(name, function))
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(extract_package, name, function)


def extractor_costs(pairs: list[tuple[Article, Doc]]) -> dict[str, float]:
    costs: dict[str, float] = defaultdict(float)
    for article, doc in pairs[:WARM]:
        extract_package.extract_article(ArticleDoc(article=article, doc=doc))
    with timed_extractors(costs):
        for article, doc in pairs:
            found = extract_package.extract_article(ArticleDoc(article=article, doc=doc))
            started = time.process_time()
            check_facts(article, found.facts)
            costs["check_facts"] += time.process_time() - started
    return dict(costs)


def show(title: str, costs: dict[str, float], count: int) -> None:
    print(f"\n{title} (CPU ms per article, {count} articles)")
    for name, seconds in costs.items():
        print(f"  {name:28s} {1000 * seconds / count:7.1f}")
    print(f"  {'total':28s} {1000 * sum(costs.values()) / count:7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--html", type=Path)
    args = parser.parse_args()
    import spacy

    from allywatch.nlp.pipeline import MODEL_NAME, build_nlp

    corpus = write_corpus(Path(__file__).parent / "corpus" / "profile.jsonl.gz", args.articles)
    sample = list(articles(corpus))
    texts = [a.text for a in sample]
    bare, _ = component_costs(spacy.load(MODEL_NAME), texts)
    show("bare model", bare, len(texts))
    ours, docs = component_costs(build_nlp(), texts)
    show("allywatch pipeline", ours, len(texts))
    show("extractors and checks", extractor_costs(list(zip(sample, docs, strict=True))), len(texts))
    if args.html:
        from pyinstrument import Profiler

        with Profiler(interval=0.001) as profiler:
            extractor_costs(list(zip(sample, docs, strict=True)))
        args.html.write_text(profiler.output_html(), "utf-8")


if __name__ == "__main__":
    main()

"""The `allywatch` command line: each command parses options and calls one library function."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from allywatch import __version__

F = TypeVar("F", bound=Callable[..., Any])


def _valid_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Accept only an ISO calendar date, so a typo never silently shifts every resolved date."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD") from None


def _published_option(func: F) -> F:
    """--published YYYY-MM-DD, shared by the commands that read articles."""
    return click.option(
        "--published",
        metavar="YYYY-MM-DD",
        callback=_valid_date,
        help="Publication date to resolve relative dates against, when the article has none "
        "(or to override the one it has).",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="allywatch")
def cli() -> None:
    """allywatch: Indo-Pacific security news as a sourced, checkable knowledge base.

    Every fact keeps the sentence it came from. Start with `allywatch extract ARTICLE`
    to see the facts of one article, or `allywatch ingest FOLDER` to build a knowledge base.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_published_option
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("--compact", is_flag=True, help="One line of JSON instead of indented output.")
def extract(paths: tuple[Path, ...], published: str | None, fmt: str, compact: bool) -> None:
    """Read articles and print their facts as one facts-v1 JSON document.

    PATHS are plain-text, HTML or JSON articles, or folders of them. No database is touched.
    Files that cannot be read are reported on stderr, one line each, and the exit code is 1.

    \b
    Example:
      allywatch extract ../shared/seeds/*.txt --published 2026-01-01 > facts.json
    """
    from allywatch.model.facts_json import dumps
    from allywatch.pipeline import extract_paths

    document, failures = extract_paths(paths, published)
    for failure in failures:
        click.echo(failure.message, err=True)
    click.echo(dumps(document, indent=None if compact else 2))
    sys.exit(1 if failures else 0)


@cli.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate(folder: Path, as_json: bool) -> None:
    """Score extraction against the gold facts of the articles in FOLDER.

    Each *.json file in FOLDER holds an article (`text`, `published`, ...) and its `gold`
    facts. Prints precision, recall and F1 per fact kind, and attribute accuracy (role,
    country, speaker, amount and target attributes) over the matched facts.

    \b
    Matching rules:
      people     same surname (or one full name holding the other)
      events     same PLOVER type, same participant countries, overlapping sentence;
                 events_strict also needs the same date and mode
      amounts    same currency, value within 0.5%, overlapping sentence
      targets    same value, overlapping sentence
      ratios     same subject and object, ratio within 5%, overlapping sentence
      relations  same unordered pair and relation type
      quotes     same words after folding case, quote marks and trailing punctuation
                 (or one holding the other with 80% of its length)

    \b
    Example:
      allywatch evaluate ../shared/eval/dev
    """
    import json

    from allywatch.evaluation import evaluate_dir, scores_json, scores_table

    scores = evaluate_dir(folder)
    click.echo(json.dumps(scores_json(scores), indent=2) if as_json else scores_table(scores))

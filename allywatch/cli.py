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


def _facts_argument(func: F) -> F:
    """FACTS...: facts-v1 JSON files, as `allywatch extract` prints them (or use --db)."""
    return click.argument("facts", nargs=-1, type=click.Path(exists=True, path_type=Path))(func)


def _facts_db_option(func: F) -> F:
    """--db: read the facts of a knowledge base instead of files (no default: files first)."""
    return click.option(
        "--db", metavar="PATH|URL", help="A knowledge base (SQLite file or postgresql:// URL)."
    )(func)


def _need_facts(facts: tuple[Path, ...]) -> tuple[Path, ...]:
    if not facts:
        raise click.UsageError("give FACTS files or --db")
    return facts


def _load(facts: tuple[Path, ...], db: str | None) -> Any:
    """The facts document of files or of a knowledge base."""
    from allywatch.analysis.checks import load_document

    return load_document(facts, db) if db else load_document(_need_facts(facts))


def _echo_table(frame: Any, as_json: bool) -> None:
    """A DataFrame as JSON records or as an aligned text table."""
    click.echo(frame.to_json(orient="records", indent=2) if as_json else frame.to_string())


@cli.command()
@_facts_argument
@_facts_db_option
@click.option("--json", "as_json", is_flag=True, help="Print the checks as facts-v1 CHECKs.")
def check(facts: tuple[Path, ...], db: str | None, as_json: bool) -> None:
    """Test the numbers in FACTS (or a knowledge base) against ECB, SIPRI, IMF and budgets.

    Each currency equivalent, ratio claim, stated budget, GDP or share of GDP gets one check
    per source that can test it, with a verdict (supported, contradicted, unverifiable) and a
    basis naming the data set, its vintage, the year, the rate and the tolerance. With --db,
    the stored facts are checked again and their checks replaced by the new ones.

    \b
    Example:
      allywatch extract ../shared/seeds/*.txt --published 2026-01-01 > facts.json
      allywatch check facts.json
      allywatch check --db allywatch.db
    """
    import json
    from dataclasses import asdict

    from allywatch.analysis.checks import checks_table, recheck_store

    if db is None:
        from allywatch.analysis.checks import check_document, read_documents

        document = read_documents(_need_facts(facts))
        checks = check_document(document)
    else:
        document, checks = recheck_store(db)
    if as_json:
        click.echo(json.dumps([asdict(c) for c in checks], indent=2, ensure_ascii=False))
        return
    for row in checks_table(document, checks).itertuples():
        click.echo(f"{row.fact}  {row.verdict:<13} {row.stated} -> {row.computed}  {row.sentence}")
        click.echo(f"    {row.basis}")


@cli.command()
@click.option("--alliance", type=click.Choice(["nato", "us-indo-pacific"]), default="nato",
              show_default=True)  # fmt: skip
@click.option("--countries", help="Comma-separated ISO3 codes instead of an alliance.")
@click.option("--year", type=int, help="Year of the SIPRI figures [default: the latest, 2024].")
@click.option("--json", "as_json", is_flag=True, help="Print rows (and the test) as JSON.")
def burden(alliance: str, countries: str | None, year: int | None, as_json: bool) -> None:
    """Burden sharing: spending, % of GDP and the gap to each target, per ally.

    Shares of GDP are SIPRI's, exactly as the shipped table has them. Gaps are in points and
    US$; growth is the yearly nominal spending growth needed by each target's deadline on the
    IMF GDP path. Ends with the Olson–Zeckhauser test (Spearman rank correlations).

    \b
    Example:
      allywatch burden --alliance nato --year 2024
      allywatch burden --countries JPN,KOR,AUS --json
    """
    import json

    from allywatch.analysis.spending import burden as burden_report
    from allywatch.analysis.spending import burden_records

    chosen = countries.upper().split(",") if countries else None
    report = burden_report(alliance, chosen, year)
    if as_json:
        click.echo(json.dumps(burden_records(report), indent=2, ensure_ascii=False))
        return
    click.echo(report.rows.filter(regex=r"^(iso3|spending_usd|pct_gdp|gap_.*points|growth_.*_pct)$")
               .to_string(index=False))  # fmt: skip
    test = {k: v for k, v in report.olson_zeckhauser.items() if k != "shares"}
    click.echo(f"\nOlson–Zeckhauser ({report.alliance}, {report.year}): {test}")
    click.echo("\n".join(f"Source: {s}" for s in report.sources))


@cli.command()
@_facts_argument
@_facts_db_option
@click.option("--since", metavar="YYYY[-MM[-DD]]", help="First day of the period.")
@click.option("--until", metavar="YYYY[-MM[-DD]]", help="Last day of the period.")
@click.option("--diplomacy", is_flag=True, help="Defence-diplomacy events per pair and year.")
@click.option("--json", "as_json", is_flag=True, help="Print rows as JSON.")
def network(
    facts: tuple[Path, ...],
    db: str | None,
    since: str | None,
    until: str | None,
    diplomacy: bool,
    as_json: bool,
) -> None:
    """Who engages whom: degree, weighted degree and betweenness in the events of FACTS.

    With --diplomacy, counts defence-diplomacy events per country pair and year instead (the
    measure of the Lowy Institute's Asia Power Index defence networks).

    \b
    Example:
      allywatch network facts.json --since 2025
    """
    from allywatch.analysis.checks import published_dates
    from allywatch.analysis.network import centrality, defence_diplomacy, engagement_graph

    document = _load(facts, db)
    if diplomacy:
        _echo_table(defence_diplomacy(document.facts, published_dates(document)), as_json)
    else:
        _echo_table(centrality(engagement_graph(document.facts, since, until)), as_json)


@cli.command()
@_facts_argument
@_facts_db_option
@click.option("--actor", help="An actor code (JPN, NATO) or a name (Koizumi).")
@click.option("--pair", nargs=2, help="Two actors who must both take part.")
@click.option("--json", "as_json", is_flag=True, help="Print rows as JSON.")
def timeline(
    facts: tuple[Path, ...],
    db: str | None,
    actor: str | None,
    pair: tuple[str, str] | None,
    as_json: bool,
) -> None:
    """Events and statements in FACTS in date order, for one actor or a pair.

    \b
    Example:
      allywatch timeline facts.json --pair JPN USA
    """
    from allywatch.analysis.checks import published_dates
    from allywatch.analysis.timeline import timeline as build_timeline

    document = _load(facts, db)
    rows = build_timeline(document.facts, published_dates(document), actor, pair or None)
    _echo_table(rows, as_json)


@cli.command()
@click.option(
    "--out", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("charts"),
    show_default=True, help="Folder to write the charts to.",
)  # fmt: skip
@click.option(
    "--countries", default="USA,JPN,KOR,AUS,DEU,GBR,FRA,POL", show_default=True,
    help="Comma-separated ISO3 codes for the %-of-GDP chart.",
)  # fmt: skip
@click.option(
    "--facts", multiple=True, type=click.Path(exists=True, path_type=Path),
    help="A facts-v1 JSON file whose events draw the network chart (repeatable).",
)  # fmt: skip
@click.option("--no-png", is_flag=True, help="Write HTML only.")
def charts(folder: Path, countries: str, facts: tuple[Path, ...], no_png: bool) -> None:
    """Write the charts: % of GDP against the targets, China against Japan, the network.

    Each chart is an HTML file (offline; plotly.js is written beside it) and, when a Chromium
    browser is installed, a PNG screenshot of it.

    \b
    Example:
      allywatch charts --out charts --facts facts.json
    """
    from allywatch.analysis.charts import write_charts

    for path in write_charts(folder, countries.upper().split(","), facts, png=not no_png):
        click.echo(str(path))


def _db_option(func: F) -> F:
    """--db: the knowledge base, a SQLite file or a postgresql:// URL."""
    return click.option(
        "--db", default="allywatch.db", show_default=True, metavar="PATH|URL",
        help="The knowledge base: a SQLite file or a postgresql:// URL.",
    )(func)  # fmt: skip


@cli.command()
@_db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback shares the app with the network.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--allow-write",
    is_flag=True,
    help="Allow adding articles from the browser (each write needs the printed token).",
)
def serve(db: str, host: str, port: int, allow_write: bool) -> None:
    """Browse the knowledge base in a local web app; every page has a JSON twin (.json).

    Pages: / (overview), /articles/ID, /people/ID, /states/ISO3, /events, /network, /money,
    /map, /search?q=. Read-only unless --allow-write; then adding articles needs the token
    printed at start-up.

    \b
    Example:
      allywatch serve --db allywatch.db --port 8000
    """
    from allywatch.store import StoreError
    from allywatch.web.app import serve as run_app

    try:
        run_app(db, host, port, allow_write)
    except StoreError as error:
        raise click.ClickException(str(error)) from None


@cli.command()
@_db_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("report.html"),
    show_default=True,
    help="File to write.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md"]),
    default=None,
    help="html (one self-contained file) or md [default: from the file's suffix].",
)
def report(db: str, output: Path, fmt: str | None) -> None:
    """Write the knowledge base's views to one file that needs no server.

    The HTML report has the overview, events and timeline, network, money, map, every
    article with its highlighted facts, people and states; it fetches nothing and runs no
    script. --format md writes the same tables as Markdown.

    \b
    Example:
      allywatch report --db allywatch.db -o report.html
      allywatch report --db allywatch.db -o report.md --format md
    """
    from allywatch.report.report import write_store_report
    from allywatch.store import StoreError

    chosen = fmt or ("md" if output.suffix.lower() == ".md" else "html")
    try:
        click.echo(str(write_store_report(db, output, chosen)))
    except StoreError as error:
        raise click.ClickException(str(error)) from None


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_db_option
@_published_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Worker processes for the NLP (0: in this process); this process stays the one writer.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: this machine; dask: the workers of a Dask cluster (with --scheduler).",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="Address of the Dask scheduler, for --engine dask.",
)
def ingest(
    paths: tuple[Path, ...],
    db: str,
    published: str | None,
    as_json: bool,
    workers: int,
    engine: str,
    scheduler: str | None,
) -> None:
    """Read articles, extract their facts and store them in the knowledge base.

    PATHS are files or folders (text, HTML, JSON, JSON Lines, gzipped JSON Lines), or - for
    stdin; input is streamed, so memory stays flat however large it is. A text already stored is
    skipped before any NLP runs, so an interrupted ingest is resumed by running it again. A
    new text at a known URL is a new version; the old version's facts are retired, not
    deleted. Each article is stored whole or not at all. Exit code 1 if some input failed,
    2 if the knowledge base could not be written.

    \b
    Example:
      allywatch ingest ../shared/eval/dev ../shared/corpus/official --db allywatch.db
      allywatch ingest articles/ --db postgresql://allywatch@db.example.org/allywatch
      allywatch ingest archive.jsonl.gz --workers 4
      allywatch ingest archive/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from allywatch.store.console import run_ingest

    _check_engine(engine, scheduler, workers)
    sys.exit(run_ingest(paths, db, published, as_json, workers, scheduler))


def _check_engine(engine: str, scheduler: str | None, workers: int) -> None:
    """--engine dask goes with --scheduler (and the cluster's own workers), local without."""
    if engine == "dask" and not scheduler:
        raise click.UsageError("--engine dask needs --scheduler tcp://HOST:PORT")
    if engine == "local" and scheduler:
        raise click.UsageError("--scheduler needs --engine dask")
    if engine == "dask" and workers:
        raise click.UsageError("--workers is for --engine local; a Dask cluster has its own")


@cli.command()
@_db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "parquet"]),
    default="json",
    show_default=True,
    help="json: one facts-v1 document; csv/parquet: a table a kind.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File for json [default: stdout]; folder for csv/parquet [default: allywatch-export].",
)
@click.option(
    "--all-versions",
    is_flag=True,
    help="Also export superseded article versions and their retired facts.",
)
def export(db: str, fmt: str, output: Path | None, all_versions: bool) -> None:
    """Write the whole knowledge base out again.

    json is one facts-v1 document (the format of `allywatch extract`) holding every current
    article, person, fact and check. csv and parquet write one table per fact kind (events,
    amounts, targets, ratios, relations, quotes) with provenance columns, plus articles,
    people, person_roles, events_merged, claims and checks.

    \b
    Example:
      allywatch export --db allywatch.db -o facts.json
      allywatch export --db allywatch.db --format parquet -o tables/
    """
    from allywatch.store.console import run_export

    run_export(db, fmt, output, all_versions)


@cli.command()
@click.argument(
    "what",
    type=click.Choice(
        ["people", "events", "amounts", "targets", "ratios", "relations", "quotes", "articles"]
    ),
)
@_db_option
@click.option("--country", metavar="CODE", help="ISO3 or organisation code the fact is about.")
@click.option("--person", metavar="NAME", help="Part of a person's name (any form seen).")
@click.option(
    "--type",
    "type_",
    metavar="TYPE",
    help="Event type, measure, metric, relation or speaker role; people: role.",
)
@click.option("--since", metavar="YYYY[-MM[-DD]]", help="First day (event date or publication).")
@click.option("--until", metavar="YYYY[-MM[-DD]]", help="Last day (event date or publication).")
@click.option("--text", metavar="WORDS", help="Words the fact's sentence holds.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Every row as JSON, with mentions.")
def query(
    what: str,
    db: str,
    country: str | None,
    person: str | None,
    type_: str | None,
    since: str | None,
    until: str | None,
    text: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Ask the knowledge base: people, events, amounts, targets, ratios, relations, quotes
    (or the articles themselves).

    Events and amounts are merged across articles: one row per real-world happening or
    claimed amount, with how many sources report it (--json lists each mention with its
    sentence and article).

    \b
    Example:
      allywatch query events --country JPN --since 2025-12-01
      allywatch query people --person koizumi --json
    """
    from allywatch.store.console import run_query
    from allywatch.store.queries import Filters

    filters = Filters(country, person, type_, since, until, text)
    try:
        filters.params()
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    run_query(db, what, filters, limit, as_json)


@cli.command()
@click.argument("words")
@_db_option
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Most articles to show.",
)
@click.option("--json", "as_json", is_flag=True, help="Hits as JSON.")
def search(words: str, db: str, limit: int, as_json: bool) -> None:
    """Full-text search over the articles and the sentences facts were read from.

    Every word must match (stemmed: "meetings" finds "meeting"); "quoted words" must match
    as a phrase. Anything else typed (*, -, NEAR, parentheses) is treated as plain text.

    \b
    Example:
      allywatch search 'Koizumi "defense spending"' --db allywatch.db
    """
    from allywatch.store.console import run_search

    run_search(db, words, limit, as_json)

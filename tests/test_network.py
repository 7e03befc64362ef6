"""The engagement network on real events: the dev set's hand-written gold events and quotes.

The gold is turned into facts-v1 facts (actors from the gold people and countries) so that the
analysis is tested on real reporting whatever the event extractor currently finds.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import DEV

from allywatch.analysis.charts import find_browser, network_figure, write_figure
from allywatch.analysis.network import (
    centrality,
    defence_diplomacy,
    engagement_change,
    engagement_graph,
    event_records,
    graphs_by_year,
)
from allywatch.cli import cli
from allywatch.model.article import Article
from allywatch.model.facts_json import fact_from_dict


def _actors(event: dict[str, Any], people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gold people by surname, then every participating country no person stands for."""
    actors, covered = [], set()
    for surname in event.get("people", []):
        person = next(p for p in people if surname in p["name"])
        actors.append(
            {
                "name": person["name"],
                "country": person.get("country"),
                "role": person.get("role"),
                "side": _side(event, person.get("country")),
            }
        )
        covered.add(person.get("country"))
    actors += [
        {"name": None, "country": c, "role": None, "side": _side(event, c)}
        for c in event["countries"]
        if c not in covered
    ]
    return actors


def _side(event: dict[str, Any], country: str | None) -> str:
    return "recipient" if country in event.get("recipient", []) else "source"


def _event(gold: dict[str, Any], article: Article, event: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"{gold['id']}-{event['id']}",
        "kind": "event",
        "article": article.id,
        "sentence": event["sentence"],
        "span": event["span"],
        "event_type": event["event_type"],
        "mode": event.get("mode"),
        "context": event.get("context", []),
        "actors": _actors(event, gold["gold"]["people"]),
        "date": event.get("date"),
        "date_precision": None,
        "location": event.get("location"),
    }


def _quote(gold: dict[str, Any], article: Article, quote: dict[str, Any]) -> dict[str, Any]:
    speaker = {"name": quote["speaker"], "country": quote.get("speaker_country"), "role": None}
    return {
        "id": f"{gold['id']}-{quote['id']}",
        "kind": "quote",
        "article": article.id,
        "sentence": quote["sentence"],
        "span": quote["span"],
        "speaker": speaker,
        "text": quote["text"],
    }


@cache
def gold_document() -> dict[str, Any]:
    """The dev set's articles, gold events and gold quotes as one facts-v1 document."""
    articles, facts = [], []
    for path in sorted(DEV.glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        article = Article(text=gold["text"], published=gold["published"])
        articles.append(
            {
                "id": article.id,
                "title": None,
                "source": gold["source"],
                "url": None,
                "published": gold["published"],
                "published_inferred": False,
                "dateline": None,
                "text": gold["text"],
            }
        )
        facts += [_event(gold, article, e) for e in gold["gold"]["events"]]
        facts += [_quote(gold, article, q) for q in gold["gold"]["quotes"]]
    return {
        "schema": "allywatch.facts/1",
        "articles": articles,
        "people": [],
        "facts": facts,
        "checks": [],
    }


def gold_events() -> list[dict[str, Any]]:
    return [f for f in gold_document()["facts"] if f["kind"] == "event"]


def test_network_edges_count_shared_events_by_type() -> None:
    graph = engagement_graph(gold_events())
    edge = graph.edges["Gen Nakatani", "Rajnath Singh"]  # dev-07: met, then agreed three times
    assert edge["weight"] == 4
    assert edge["types"] == {"CONSULT": 1, "AGREE": 3}
    assert graph.nodes["Rajnath Singh"] == {"kind": "person", "country": "IND"}


def test_network_centrality_ranks_hubs_and_bridges() -> None:
    table = centrality(engagement_graph(gold_events())).set_index("node")
    assert table["weighted_degree"].idxmax() == "USA"
    assert table["betweenness"].idxmax() == "CHN"  # named in disputes with several sides
    assert table.loc["Gen Nakatani", "degree"] == 4


def test_network_period_filters_and_yearly_graphs() -> None:
    events = gold_events()
    assert sorted(graphs_by_year(events)) == [2023, 2024, 2025]
    in_2023 = engagement_graph(events, since="2023", until="2023-12-31")
    assert "Gen Nakatani" not in in_2023 and in_2023.has_edge("Grant Shapps", "Minoru Kihara")


def test_network_defence_diplomacy_per_pair_and_year() -> None:
    table = defence_diplomacy(gold_events())
    counts = {(r.year, r.a, r.b): r.events for r in table.itertuples()}
    assert counts[(2025, "IND", "JPN")] == 4  # dev-07, defence ministers
    assert counts[(2024, "PHL", "USA")] == 2  # Balikatan 2024 exercises
    assert (2025, "AUS", "IND") not in counts  # the Quad foreign ministers are not defence


def test_network_engagement_change_between_periods() -> None:
    change = engagement_change(gold_events(), "JPN", ("2023", "2024-12-31"), ("2025", None))
    assert change.iloc[0].to_dict() == {"partner": "IND", "before": 0, "after": 7, "change": 7}
    assert change.iloc[-1].to_dict() == {"partner": "ITA", "before": 5, "after": 0, "change": -5}


def test_network_accepts_typed_events() -> None:
    events = gold_events()
    typed = [fact_from_dict(e) for e in events]
    assert event_records(typed)[0]["actors"] == events[0]["actors"]
    assert engagement_graph(typed).size() == engagement_graph(events).size()


def test_network_cli_diplomacy_json(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(gold_document()), "utf-8")
    result = CliRunner().invoke(cli, ["network", str(facts), "--diplomacy", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"year": 2025, "a": "IND", "b": "JPN", "events": 4} in rows


def test_network_chart_html(tmp_path: Path) -> None:
    figure = network_figure(engagement_graph(gold_events()))
    written = write_figure(figure, tmp_path, "network", png=False)
    assert written == [tmp_path / "network.html"]
    assert "Rajnath Singh" in written[0].read_text("utf-8")


@pytest.mark.browser
def test_network_chart_png(tmp_path: Path) -> None:
    if find_browser() is None:
        pytest.skip("no Chromium browser installed (make system installs it)")
    figure = network_figure(engagement_graph(gold_events()))
    written = write_figure(figure, tmp_path, "network")
    assert written[-1].suffix == ".png"
    assert written[-1].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_network_page_keeps_the_busiest_nodes_and_says_how_many_in_all() -> None:
    import networkx as nx

    from allywatch.report.graph import busiest

    graph = nx.Graph()
    graph.add_weighted_edges_from([("A", "B", 5), ("B", "C", 1), ("C", "D", 1), ("A", "E", 4)])
    kept = busiest(graph, 2)
    assert set(kept) == {"A", "B"} and kept.number_of_edges() == 1
    assert busiest(graph, 10) is graph

"""Who engages whom: the engagement graph of events, its centralities, and how it changes.

Input is plain data: facts-v1 event objects (dicts, as `allywatch extract` prints them or the
store exports them) or `Event` facts. Every actor is a node: a person by name (with the country
they serve), a state or organisation by its code when no person stands for it. Each event links
every pair of its participants once; an edge's weight is the number of events and its `types`
count them by PLOVER type, so "met twice, agreed once" stays visible.

Country-level measures (defence diplomacy per pair and year, the partners whose engagement rose
or fell) fold people into the states they serve, since states are what those measures compare.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from itertools import combinations
from typing import Any

import networkx as nx
import pandas as pd

from allywatch.model.facts import Fact
from allywatch.model.facts_json import fact_to_dict

Record = Mapping[str, Any]


def event_records(events: Iterable[Fact | Record]) -> list[Record]:
    """Events as facts-v1 dicts, whether given as `Event` facts or as dicts; other kinds dropped."""
    records = (fact_to_dict(e) if isinstance(e, Fact) else e for e in events)
    return [r for r in records if r.get("kind", "event") == "event"]


def event_year(event: Record, published: Mapping[str, str] | None = None) -> int | None:
    """The event's year, else its article's publication year when given, else None."""
    day = event.get("date") or (published or {}).get(str(event.get("article")))
    return int(day[:4]) if day else None


def in_period(event: Record, since: str | None, until: str | None) -> bool:
    """Whether a dated event falls within [since, until] (ISO prefixes compare as text)."""
    day = event.get("date")
    if day is None:
        return since is None and until is None
    return (since is None or day >= since[: len(day)]) and (until is None or day <= until)


def _node(actor: Record) -> tuple[str, dict[str, Any]]:
    """A person by name, otherwise the state or organisation code."""
    if actor.get("name"):
        return actor["name"], {"kind": "person", "country": actor.get("country")}
    code = actor.get("country") or "?"
    return code, {"kind": "state", "country": code}


def engagement_graph(
    events: Iterable[Fact | Record], since: str | None = None, until: str | None = None
) -> nx.Graph:
    """People and states linked by shared events within a period (all events when open)."""
    graph = nx.Graph()
    for event in event_records(events):
        if not in_period(event, since, until):
            continue
        nodes = dict(_node(a) for a in event.get("actors", ()))
        graph.add_nodes_from(nodes.items())
        for a, b in combinations(sorted(nodes), 2):
            _link(graph, a, b, event)
    return graph


def _link(graph: nx.Graph, a: str, b: str, event: Record) -> None:
    """One more event on the edge a-b."""
    if not graph.has_edge(a, b):
        graph.add_edge(a, b, weight=0, types=Counter(), events=[])
    edge = graph.edges[a, b]
    edge["weight"] += 1
    edge["types"][event.get("event_type")] += 1
    edge["events"].append(event.get("id"))


def graphs_by_year(events: Iterable[Fact | Record]) -> dict[int, nx.Graph]:
    """One engagement graph per calendar year of dated events."""
    records = event_records(events)
    years = sorted({int(e["date"][:4]) for e in records if e.get("date")})
    return {y: engagement_graph(records, f"{y}", f"{y}-12-31") for y in years}


def centrality(graph: nx.Graph) -> pd.DataFrame:
    """Degree, weighted degree and betweenness per node, most connected first.

    Betweenness counts shortest paths over unweighted links: who bridges otherwise separate
    circles, however often each tie was used.
    """
    betweenness = nx.betweenness_centrality(graph)
    rows = [
        {
            "node": node,
            "kind": data.get("kind"),
            "country": data.get("country"),
            "degree": graph.degree(node),
            "weighted_degree": graph.degree(node, weight="weight"),
            "betweenness": betweenness[node],
        }
        for node, data in graph.nodes(data=True)
    ]
    columns = ["node", "kind", "country", "degree", "weighted_degree", "betweenness"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(
        ["weighted_degree", "node"], ascending=[False, True], ignore_index=True
    )


@cache
def _defence_rules() -> dict[str, Any]:
    path = resources.files("allywatch.reference") / "data" / "analysis" / "defence_diplomacy.json"
    rules: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return rules


def is_defence_diplomacy(event: Record) -> bool:
    """A defence engagement in the Lowy sense: an exercise, or a listed type with a military
    context or a defence official taking part."""
    rules = _defence_rules()
    contexts = set(event.get("context") or ())
    if event.get("event_type") not in rules["event_types"] or contexts & set(
        rules["excluded_contexts"]
    ):
        return False
    if event.get("event_type") in rules["always_types"] or contexts & set(rules["contexts"]):
        return True
    roles = " ".join((a.get("role") or "").lower() for a in event.get("actors", ()))
    return any(word in roles for word in rules["role_words"])


def _countries(event: Record) -> list[str]:
    """The distinct states (and organisations) taking part, people folded into their state."""
    return sorted({a["country"] for a in event.get("actors", ()) if a.get("country")})


def defence_diplomacy(
    events: Iterable[Fact | Record], published: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Defence-diplomacy events per unordered country pair per year (Lowy API measure)."""
    counts: Counter[tuple[int, str, str]] = Counter()
    for event in event_records(events):
        year = event_year(event, published)
        if year is None or not is_defence_diplomacy(event):
            continue
        counts.update((year, a, b) for a, b in combinations(_countries(event), 2))
    rows = [{"year": y, "a": a, "b": b, "events": n} for (y, a, b), n in counts.items()]
    frame = pd.DataFrame(rows, columns=["year", "a", "b", "events"])
    return frame.sort_values(["year", "events", "a", "b"], ascending=[True, False, True, True])


def partner_counts(
    events: Iterable[Fact | Record], state: str, since: str | None, until: str | None
) -> Counter[str]:
    """How many events in a period each partner shared with `state`."""
    counts: Counter[str] = Counter()
    for event in event_records(events):
        countries = _countries(event)
        if state in countries and in_period(event, since, until):
            counts.update(c for c in countries if c != state)
    return counts


def engagement_change(
    events: Iterable[Fact | Record],
    state: str,
    before: tuple[str | None, str | None],
    after: tuple[str | None, str | None],
) -> pd.DataFrame:
    """Partners of `state` by how much their shared events rose (top) or fell (bottom)."""
    records = event_records(events)
    first = partner_counts(records, state, *before)
    second = partner_counts(records, state, *after)
    rows = [
        {"partner": p, "before": first[p], "after": second[p], "change": second[p] - first[p]}
        for p in sorted(set(first) | set(second))
    ]
    frame = pd.DataFrame(rows, columns=["partner", "before", "after", "change"])
    return frame.sort_values(["change", "partner"], ascending=[False, True], ignore_index=True)

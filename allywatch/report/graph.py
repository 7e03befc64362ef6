"""The engagement network as page data: `analysis.network`'s graph and metrics, made plain.

An edge's relation is the tie the base states between the two countries (ally, partner,
adversary ...), else "engagement"; the edge also counts its events by PLOVER type.

A page shows at most `MOST_CONNECTED` nodes, the busiest (by weighted degree), with their
metrics computed among themselves: a large archive links thousands of people and states (the
100,000-fact benchmark base, 9,783 nodes and 194,041 links), which no one can read in one
drawing and whose exact betweenness would take minutes. The page says how many it left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import networkx as nx

from allywatch.analysis.network import centrality, engagement_graph

Row = dict[str, Any]
MOST_CONNECTED = 150


def network(
    events: list[Row],
    period: str | None,
    relations: Sequence[Row] = (),
    person_id_for: Callable[[str], str | None] = lambda name: None,
) -> Row:
    """Nodes with metrics (most connected first) and weighted, typed edges, for one year or all."""
    whole = engagement_graph(events, period, f"{period}-12-31" if period else None)
    graph = busiest(whole, MOST_CONNECTED)
    ties = {frozenset((r["a"], r["b"])): r["relation"] for r in relations}
    nodes = (
        [
            {
                "id": str(row["node"]),
                "type": row["kind"],
                "label": str(row["node"]),
                "country": row["country"] if isinstance(row["country"], str) else None,
                "degree": int(row["degree"]),
                "weighted_degree": int(row["weighted_degree"]),
                "betweenness": round(float(row["betweenness"]), 4),
                "person": person_id_for(str(row["node"])) if row["kind"] == "person" else None,
            }
            for row in centrality(graph).to_dict("records")
        ]
        if len(graph)
        else []
    )
    edges = [
        {
            "source": a,
            "target": b,
            "weight": int(data["weight"]),
            "relation": ties.get(
                frozenset((graph.nodes[a]["country"], graph.nodes[b]["country"])), "engagement"
            ),
            "types": dict(data["types"]),
        }
        for a, b, data in graph.edges(data=True)
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "relations": dict(Counter(e["relation"] for e in edges)),
        "total_nodes": whole.number_of_nodes(),
        "total_edges": whole.number_of_edges(),
    }


def busiest(graph: nx.Graph, most: int) -> nx.Graph:
    """The `most` nodes with the highest weighted degree (ties by name) and the links among
    them; the graph itself when it is no larger."""
    if len(graph) <= most:
        return graph
    ranked = sorted(graph.degree(weight="weight"), key=lambda pair: (-pair[1], str(pair[0])))
    return graph.subgraph(node for node, _ in ranked[:most]).copy()

"""The engagement network as page data: `analysis.network`'s graph and metrics, made plain.

An edge's relation is the tie the base states between the two countries (ally, partner,
adversary ...), else "engagement"; the edge also counts its events by PLOVER type.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from allywatch.analysis.network import centrality, engagement_graph

Row = dict[str, Any]


def network(
    events: list[Row],
    period: str | None,
    relations: Sequence[Row] = (),
    person_id_for: Callable[[str], str | None] = lambda name: None,
) -> Row:
    """Nodes with metrics (most connected first) and weighted, typed edges, for one year or all."""
    graph = engagement_graph(events, period, f"{period}-12-31" if period else None)
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
    }

"""Drawings as numbers: timeline, network, map and bar geometry for the SVG templates.

Everything here is coordinates, sizes and known class names; labels stay plain strings that the
templates escape. Drawing on the server keeps the pages free of inline script (CSP) and lets the
self-contained report show the same pictures.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from typing import Any, Protocol

import networkx as nx

from allywatch.report.geo import FRAMES, island_chain, land_path, polyline
from allywatch.report.pages import first_mention
from allywatch.report.source import Row

WIDTH = 960
LABEL_WIDTH = 150
ROW_HEIGHT = 26
RELATIONS = ("ally", "quasi_ally", "partner", "like_minded", "cooperation", "adversary")


class Links(Protocol):
    """Where links point: the app's URLs or the report's in-page anchors."""

    def sentence(self, article: str, span: list[int]) -> str: ...


def relation_class(relation: str) -> str:
    """A CSS class for an edge; unknown values fall back to one class."""
    return f"rel-{relation}" if relation in RELATIONS else "rel-engagement"


def _day(date: str) -> dt.date | None:
    """The middle of the period a date names: "2026" -> 1 July 2026, "2026-01" -> 15 January."""
    parts = date.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 7
        day = int(parts[2][:2]) if len(parts) > 2 else (15 if len(parts) > 1 else 1)
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def timeline(events: list[Row], links: Links) -> Row:
    """One row per pair of countries, one dot per dated event, each linking to its sentence."""
    dated = [(e, d) for e in events if (d := _day(e.get("date") or ""))]
    pairs = sorted({e["pair"] for e, _ in dated})
    if not dated:
        return {"width": WIDTH, "height": 0, "rows": [], "dots": [], "ticks": []}
    start, end = min(d for _, d in dated), max(d for _, d in dated)
    span = max((end - start).days, 1)
    scale = (WIDTH - LABEL_WIDTH - 20) / span

    def x_of(day: dt.date) -> float:
        return round(LABEL_WIDTH + (day - start).days * scale, 1)

    dots = [_dot(e, x_of(d), pairs.index(e["pair"]), links) for e, d in dated]
    ticks = [{"x": x_of(d), "label": d.strftime("%b %Y")} for d in _months(start, end)]
    rows = [{"label": p, "y": 20 + i * ROW_HEIGHT} for i, p in enumerate(pairs)]
    return {
        "width": WIDTH,
        "height": 40 + len(pairs) * ROW_HEIGHT,
        "rows": rows,
        "dots": dots,
        "ticks": ticks,
        "left": LABEL_WIDTH,
    }


def _dot(event: Row, x: float, row: int, links: Links) -> Row:
    mention = first_mention(event)
    people = [a["name"] for a in event["actors"] if a.get("name")]
    return {
        "x": x,
        "y": 20 + row * ROW_HEIGHT,
        "href": links.sentence(mention["article"], mention["span"]),
        "label": event["summary"],
        "type": event["event_type"],
        "people": " ".join(people),
        "id": event["id"],
    }


def _months(start: dt.date, end: dt.date, most: int = 12) -> list[dt.date]:
    first = dt.date(start.year, start.month, 1)
    months = (end.year - first.year) * 12 + end.month - first.month + 1
    step = max(1, -(-months // most))
    return [
        dt.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
        for i in range(0, months, step)
        if i or first >= start
    ]


def _packed_layout(graph: nx.Graph, width: int, height: int) -> dict[str, tuple[float, float]]:
    """Each connected group laid out on its own (seeded spring layout), groups packed in rows.

    One spring layout of a graph in many pieces flings the small pieces to the edges and
    crushes the big one in the middle; a cell per piece, sized by its node count, does not.
    """
    groups = sorted(nx.connected_components(graph), key=lambda g: (-len(g), sorted(g)))
    total = sum(len(g) for g in groups)
    spots: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for group in groups:
        side = max(math.sqrt(len(group) / total) * min(width, height), 70.0)
        if x + side > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        part = graph.subgraph(group)
        layout = nx.spring_layout(
            part, seed=7, weight=None, k=2 / math.sqrt(len(part)), iterations=200
        )
        for node, (px, py) in layout.items():
            spots[node] = (x + (px + 1) / 2 * side, y + (py + 1) / 2 * side)
        x, row_height = x + side, max(row_height, side)
    return spots


@lru_cache(maxsize=64)
def _layout(
    nodes: tuple[str, ...], edges: tuple[tuple[str, str, int], ...], width: int, height: int
) -> dict[str, tuple[float, float]]:
    """The packed layout of one graph, remembered: the same graph is drawn on every visit."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(edges)
    return _packed_layout(graph, width, height)


def network_drawing(data: Row, width: int = WIDTH, labels: int = 15) -> Row:
    """Packed layout, sizes by weighted degree, edges by weight; the busiest nodes labelled."""
    graph = nx.Graph()
    graph.add_nodes_from(n["id"] for n in data["nodes"])
    shown = set(graph)
    graph.add_weighted_edges_from(
        (e["source"], e["target"], e["weight"])
        for e in data["edges"]
        if e["source"] in shown and e["target"] in shown
    )
    if not len(graph):
        return {"width": width, "height": 0, "nodes": [], "edges": []}
    spots = _layout(tuple(graph.nodes), tuple(graph.edges(data="weight")), width - 120, width)
    height = round(max(y for _, y in spots.values()) + 90)

    def at(node: str) -> tuple[float, float]:
        return round(spots[node][0] + 60, 1), round(spots[node][1] + 45, 1)

    nodes = [
        {
            **n,
            "x": at(n["id"])[0],
            "y": at(n["id"])[1],
            "r": round(min(4 + 2 * math.sqrt(n["weighted_degree"]), 16), 1),
            "labelled": rank < labels,
        }
        for rank, n in enumerate(data["nodes"])
    ]
    edges = [
        {
            **e,
            "x1": at(e["source"])[0],
            "y1": at(e["source"])[1],
            "x2": at(e["target"])[0],
            "y2": at(e["target"])[1],
            "width": min(1 + e["weight"], 8),
            "css": relation_class(e["relation"]),
        }
        for e in data["edges"]
        if e["source"] in shown and e["target"] in shown
    ]
    return {"width": width, "height": height, "nodes": nodes, "edges": edges}


def maps(places: list[Row], links: Links) -> list[Row]:
    """The world and the Asia-Pacific detail, each with land, the island chain and markers."""
    chain = island_chain()
    return [
        {
            "name": frame.name,
            "width": frame.width,
            "height": frame.height,
            "land": land_path(frame),
            "chain": polyline(frame, chain["points"]),
            "chain_name": chain["name"],
            "markers": [
                _marker(frame, p, links) for p in places if frame.contains(p["lat"], p["lon"])
            ],
        }
        for frame in FRAMES
    ]


def _marker(frame: Any, place: Row, links: Links) -> Row:
    x, y = frame.project(place["lat"], place["lon"])
    mention = first_mention(place["events"][0])
    return {
        "x": x,
        "y": y,
        "r": min(4 + 2 * len(place["events"]), 14),
        "location": place["location"],
        "lat": place["lat"],
        "lon": place["lon"],
        "count": len(place["events"]),
        "href": links.sentence(mention["article"], mention["span"]),
        "labels": [e["summary"] for e in place["events"]],
    }


def bars(rows: list[Row], targets: tuple[float, ...] = (2.0, 3.5, 5.0)) -> Row:
    """Horizontal bars of % of GDP per country, with the targets as vertical lines."""
    shown = [r for r in rows if isinstance(r.get("pct_gdp"), int | float)]
    top = max([6.0, *(float(r["pct_gdp"]) for r in shown)])
    scale = (WIDTH - LABEL_WIDTH - 40) / top
    return {
        "width": WIDTH,
        "height": 30 + len(shown) * 20,
        "bars": [
            {
                "label": f"{r['iso3']} {r.get('year') or ''}".strip(),
                "y": 20 + i * 20,
                "width": round(float(r["pct_gdp"]) * scale, 1),
                "value": r["pct_gdp"],
            }
            for i, r in enumerate(shown)
        ],
        "targets": [{"x": round(LABEL_WIDTH + t * scale, 1), "label": f"{t:g}%"} for t in targets],
        "left": LABEL_WIDTH,
    }

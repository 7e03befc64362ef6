"""The map without tiles: a shipped Natural Earth basemap, projected to SVG path data.

The basemap is TopoJSON from the npm package world-atlas (see data/world-atlas/README.md). It is
decoded once and turned into SVG path strings of numbers only, so nothing from an article ever
reaches a path; markers and the First Island Chain are projected with the same frame.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Frame:
    """An equirectangular view of a lon/lat box on a canvas of `width` pixels."""

    name: str
    west: float
    east: float
    south: float
    north: float
    width: int
    basemap: str

    @property
    def x_scale(self) -> float:
        return self.width / (self.east - self.west)

    @property
    def y_scale(self) -> float:
        """Vertical pixels per degree: stretched by 1/cos(mid-latitude) to keep shapes."""
        middle = math.radians((self.north + self.south) / 2)
        return self.x_scale / max(math.cos(middle), 0.5) if self.name != "world" else self.x_scale

    @property
    def height(self) -> int:
        return round((self.north - self.south) * self.y_scale)

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        """Pixel position of a point, rounded to a tenth of a pixel."""
        x = (lon - self.west) * self.x_scale
        y = (self.north - lat) * self.y_scale
        return round(x, 1), round(y, 1)

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


WORLD = Frame("world", -180, 180, -60, 84, 960, "land-110m.json")
ASIA_PACIFIC = Frame("asia-pacific", 95, 160, -12, 48, 960, "land-50m.json")
FRAMES = (WORLD, ASIA_PACIFIC)


@cache
def _topology(name: str) -> dict[str, Any]:
    path = resources.files("allywatch.report").joinpath("data", "world-atlas", name)
    result: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return result


@cache
def _arcs(name: str) -> tuple[tuple[tuple[float, float], ...], ...]:
    """Arcs in lon/lat: TopoJSON stores them quantised and delta-encoded."""
    topology = _topology(name)
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(tuple(points))
    return tuple(decoded)


def _ring(name: str, indexes: list[int]) -> Ring:
    """Join arcs into one closed ring; a negative index ~i means arc i reversed."""
    arcs = _arcs(name)
    ring: Ring = []
    for index in indexes:
        points = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points[1:] if ring else points)
    return ring


def land_rings(name: str) -> Iterator[Ring]:
    """Every ring (outer or hole) of the land polygons of one basemap file."""
    for geometry in _topology(name)["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for indexes in polygon:
                yield _ring(name, indexes)


def _overlaps(frame: Frame, ring: Ring) -> bool:
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return (
        max(lons) >= frame.west
        and min(lons) <= frame.east
        and max(lats) >= frame.south
        and min(lats) <= frame.north
    )


def _path(frame: Frame, ring: Ring) -> str:
    """SVG path data of one ring, dropping points less than half a pixel apart."""
    parts: list[str] = []
    last: tuple[float, float] | None = None
    previous_lon = ring[0][0]
    for lon, lat in ring:
        x, y = frame.project(lat, lon)
        jump = abs(lon - previous_lon) > 180  # crossing the antimeridian: lift the pen
        if last is None or jump or abs(x - last[0]) + abs(y - last[1]) >= 0.5:
            parts.append(("M" if jump or last is None else "L") + f"{x:g},{y:g}")
            last = (x, y)
        previous_lon = lon
    return "".join(parts) + "Z" if len(parts) > 2 else ""


@cache
def land_path(frame: Frame) -> str:
    """The land of the frame's basemap as one SVG path `d` attribute (cached per frame)."""
    rings = (r for r in land_rings(frame.basemap) if _overlaps(frame, r))
    return "".join(_path(frame, ring) for ring in rings)


@cache
def island_chain() -> dict[str, Any]:
    """The First Island Chain: named points from Kyushu through Taiwan to the Philippines."""
    path = resources.files("allywatch.report").joinpath("data", "first-island-chain.json")
    result: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return result


def polyline(frame: Frame, points: Iterable[dict[str, Any]]) -> str:
    """SVG `points` attribute of a line through lat/lon points."""
    return " ".join("{:g},{:g}".format(*frame.project(p["lat"], p["lon"])) for p in points)

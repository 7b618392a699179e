r"""Generate the world map geometry in data/geo/world-countries.json from Natural Earth.

Writes one committed file, generated once and re-generated only when the source or
the settings below change. The site renders it as inline SVG with
``wpshub/site/worldmap.py`` (standard library only); nothing is fetched at build time.

Source: Natural Earth 4.1.0 Admin 0 countries (public domain), as the TopoJSON
files of the npm package ``world-atlas`` (packaging under the ISC licence):
``countries-50m.json`` (1:50m) for every country, and ``countries-10m.json``
(1:10m) for the few that 1:50m leaves out (``FROM_10M``). Each feature's ``id`` is
the ISO 3166-1 numeric code, which equals the ``m49`` of
``data/vocab/countries.yaml``; the alpha-2 code and the name come from that
vocabulary.

Steps: decode the TopoJSON arcs (delta-encoded, quantized); split and merge
features so there is one per vocabulary code, dropping the borders between merged
parts; simplify every arc once (Visvalingam-Whyatt, in projected space, so
neighbours keep a common border); cut rings that cross the antimeridian; project
with Equal Earth (Savric, Patterson and Jenny 2018); round to integer units of a
``WIDTH``-unit-wide view box; write each country as one SVG path of relative
commands, with its extents, land area and, for tiny ones, a marker centre.

Decisions:

- Taiwan has id 158 (its ISO 3166-1 numeric code) but no ``m49`` in the
  vocabulary, so 158 is mapped to ``TW`` explicitly (``ID_CODES``).
- Features without an id (``NAMED_CODES``): Kosovo becomes ``XK``; "N. Cyprus" is
  merged into ``CY`` and Somaliland into ``SO`` (the borders UN documents use; the
  vocabulary has no code for either). Siachen Glacier is dropped (disputed, under
  2 px wide at full width). "Ashmore and Cartier Is." shares Australia's id and is
  merged into ``AU``.
- ``SPLITS`` gives areas the vocabulary codes separately their own shape, chosen by
  the box holding each polygon: French Guiana, Guadeloupe, Martinique, Réunion and
  Mayotte out of France; Svalbard and Jan Mayen out of Norway; Bonaire, Sint
  Eustatius and Saba out of the Netherlands; "Indian Ocean Ter." into Cocos
  (Keeling) Islands and Christmas Island.
- Tuvalu, Gibraltar and the U.S. Minor Outlying Islands are missing at 1:50m and
  come from 1:10m (``FROM_10M``).
- Antarctica (``AQ``) is dropped: it would take a fifth of the height and the hub
  has no records about it. Also absent for want of a shape at either scale:
  ``BV``, ``TK``.
- Rings smaller than ``MIN_RING_AREA`` square units are dropped, except each
  country's largest ring, so every country keeps a shape.
- ``bbox`` is the extent of all of a country's rings; ``core`` the extent of the
  rings at least ``CORE_SHARE`` of its largest ring's area (Spain without the
  Canaries, the United States without Hawaii), used to focus the map. ``area`` is
  the projected land area in square units (Equal Earth keeps areas true).
- A country whose ``core`` is under ``MARKER_SIZE`` units on both sides gets
  ``cx``/``cy``, the centre of its largest ring, where a circle marker can be
  drawn so that Andorra, Monaco or Nauru can be seen and clicked.

How to re-run (npm on PATH; PyYAML from the project venv)::

    .venv/bin/python scripts/gen_world_map.py

With no ``--package`` the script runs ``npm pack world-atlas@VERSION`` in a
temporary directory and reads the TopoJSON files from the tarball. To use a
package already unpacked, pass ``--package path/to/package`` (the version is then
read from its ``package.json``). The output is deterministic: the same input and
settings give the same bytes.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from npm_package import npm_pack

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "data" / "geo" / "world-countries.json"
VOCAB = REPO_ROOT / "data" / "vocab" / "countries.yaml"
DEFAULT_VERSION = "2.0.2"
MAIN_FILE = "countries-50m.json"
DETAIL_FILE = "countries-10m.json"
SCRIPT_NAME = "scripts/gen_world_map.py"

WIDTH = 4000  # view box width in output units; coordinates are integers
PAD = 8  # units of empty margin around the world
SIMPLIFY_AREA = 1.0  # Visvalingam effective-area threshold, square units
MIN_RING_AREA = 2.0  # smaller rings are dropped unless a country's largest
CORE_SHARE = 0.25  # rings this share of a country's largest ring frame it when focused
MARKER_SIZE = 16  # a country whose core is narrower and lower than this gets a marker

ID_CODES = {"158": "TW"}
NAMED_CODES = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
DROPPED = {"010", "Siachen Glacier"}
FROM_10M = {"798": "TV", "292": "GI", "581": "UM"}
# Feature name -> (code, [lon0, lat0, lon1, lat1]) for the polygons that go to code.
SPLITS: dict[str, tuple[tuple[str, tuple[float, float, float, float]], ...]] = {
    "France": (
        ("GF", (-55.0, 2.0, -51.0, 6.5)),
        ("GP", (-62.0, 15.8, -60.9, 16.6)),
        ("MQ", (-61.3, 14.3, -60.7, 15.0)),
        ("RE", (55.0, -21.5, 56.0, -20.8)),
        ("YT", (44.9, -13.1, 45.4, -12.5)),
    ),
    "Norway": (("SJ", (-10.0, 70.5, -7.0, 71.5)), ("SJ", (10.0, 74.0, 35.0, 81.0))),
    "Netherlands": (("BQ", (-69.0, 11.9, -62.8, 17.8)),),
    "Indian Ocean Ter.": (("CC", (96.0, -12.5, 97.5, -11.5)), ("CX", (105.0, -11.0, 106.0, -10.0))),
}

Point = tuple[float, float]
Ring = list[Point]


@dataclass(frozen=True)
class Topology:
    """A decoded TopoJSON topology: arcs in degrees and the countries' geometries."""

    arcs: list[list[Point]]
    ends: list[tuple[tuple[int, int], tuple[int, int]]]
    geometries: list[dict[str, Any]]


def parse_args() -> argparse.Namespace:
    """Parse the command-line arguments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--package",
        type=Path,
        help="unpacked world-atlas package folder; fetched with `npm pack` when omitted",
    )
    parser.add_argument(
        "--version",
        default=DEFAULT_VERSION,
        help="world-atlas version to fetch with npm (default: %(default)s)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output file (default: %(default)s)"
    )
    return parser.parse_args()


def fetch_world_atlas(version: str, dest: Path) -> Path:
    """Fetch world-atlas with `npm pack` into dest and return the unpacked folder."""
    return npm_pack("world-atlas", version, dest)


def read_json(path: Path) -> Any:
    """A JSON file's content."""
    return json.loads(path.read_text(encoding="utf-8"))


def decode_topology(data: dict[str, Any]) -> Topology:
    """Undo the delta encoding and quantization of every arc."""
    (sx, sy), (tx, ty) = data["transform"]["scale"], data["transform"]["translate"]
    arcs: list[list[Point]] = []
    ends: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for arc in data["arcs"]:
        x = y = 0
        points: list[Point] = []
        for dx, dy in arc:
            x += dx
            y += dy
            if not points:
                first = (x, y)
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
        ends.append((first, (x, y)))
    return Topology(arcs, ends, data["objects"]["countries"]["geometries"])


def equal_earth(lon: float, lat: float) -> Point:
    """Project degrees with Equal Earth; x to the east, y to the north, radius 1."""
    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    theta = math.asin(math.sqrt(3) / 2 * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        2
        * math.sqrt(3)
        * math.radians(lon)
        * math.cos(theta)
        / (3 * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    )
    y = theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
    return x, y


SCALE = WIDTH / 2 / equal_earth(180.0, 0.0)[0]


def to_units(lon: float, lat: float) -> Point:
    """Project degrees to output units, y down, before the final shift."""
    x, y = equal_earth(lon, lat)
    return x * SCALE, -y * SCALE


def unwrap(points: Sequence[Point]) -> Ring:
    """Shift longitudes by 360 so that no step jumps more than 180 degrees."""
    out: Ring = []
    for lon, lat in points:
        if out:
            while lon - out[-1][0] > 180:
                lon -= 360
            while lon - out[-1][0] < -180:
                lon += 360
        out.append((lon, lat))
    return out


def triangle_area(a: Point, b: Point, c: Point) -> float:
    """Area of the triangle abc."""
    return abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])) / 2


def visvalingam_weights(points: Sequence[Point]) -> list[float]:
    """Effective area of each point (ends infinite), never less than an earlier removal."""
    n = len(points)
    weights = [math.inf] * n
    if n < 3:
        return weights
    prev = list(range(-1, n - 1))
    nxt = list(range(1, n + 1))
    current = [math.inf] * n
    heap: list[tuple[float, int]] = []
    for i in range(1, n - 1):
        current[i] = triangle_area(points[i - 1], points[i], points[i + 1])
        heap.append((current[i], i))
    heapq.heapify(heap)
    removed = [False] * n
    floor = 0.0
    while heap:
        area, i = heapq.heappop(heap)
        if removed[i] or area != current[i]:
            continue
        floor = max(floor, area)
        weights[i] = floor
        removed[i] = True
        p, q = prev[i], nxt[i]
        nxt[p], prev[q] = q, p
        for j in (p, q):
            if 0 < j < n - 1:
                current[j] = triangle_area(points[prev[j]], points[j], points[nxt[j]])
                heapq.heappush(heap, (current[j], j))
    return weights


def simplify_arcs(
    arcs: Sequence[Sequence[Point]], threshold: float, used: set[int]
) -> list[list[Point]]:
    """Keep each used arc's ends and the points whose effective area reaches threshold."""
    kept: list[list[Point]] = []
    for index, arc in enumerate(arcs):
        if index not in used:
            kept.append([])
            continue
        projected = [to_units(lon, lat) for lon, lat in unwrap(arc)]
        weights = visvalingam_weights(projected)
        kept.append([p for p, w in zip(arc, weights, strict=True) if w >= threshold])
    return kept


def arc_start(topology: Topology, index: int) -> tuple[int, int]:
    """Quantized start of a signed arc index (~i is arc i reversed)."""
    return topology.ends[index][0] if index >= 0 else topology.ends[~index][1]


def arc_end(topology: Topology, index: int) -> tuple[int, int]:
    """Quantized end of a signed arc index."""
    return topology.ends[index][1] if index >= 0 else topology.ends[~index][0]


def merge_rings(topology: Topology, rings: list[list[int]]) -> list[list[int]]:
    """Drop arcs used in both directions (shared borders) and re-join the rest into rings."""
    used = Counter(a for ring in rings for a in ring)
    internal = {a for a in used if ~a in used}
    if not internal:
        return rings
    kept = [ring for ring in rings if not internal.intersection(ring)]
    loose = [a for ring in rings if internal.intersection(ring) for a in ring if a not in internal]
    by_start: dict[tuple[int, int], list[int]] = {}
    for a in loose:
        by_start.setdefault(arc_start(topology, a), []).append(a)
    done: set[int] = set()
    for a in loose:
        if a in done:
            continue
        ring = [a]
        done.add(a)
        while arc_end(topology, ring[-1]) != arc_start(topology, a):
            here = arc_end(topology, ring[-1])
            nxt = next((b for b in by_start.get(here, []) if b not in done), None)
            if nxt is None:
                raise SystemExit(f"{SCRIPT_NAME}: merged outline does not close at {here}")
            ring.append(nxt)
            done.add(nxt)
        kept.append(ring)
    return kept


def ring_points(arcs: Sequence[Sequence[Point]], ring: Sequence[int]) -> Ring:
    """The points of a ring of signed arc indices, without the closing repeat."""
    points: Ring = []
    for index in ring:
        arc = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points[:-1]


def clip_ring(ring: Ring, edge: float, keep_west: bool) -> Ring:
    """Clip a ring to the half-plane west (or east) of the meridian at edge (Sutherland-Hodgman)."""

    def inside(p: Point) -> bool:
        return p[0] <= edge if keep_west else p[0] >= edge

    out: Ring = []
    for i, cur in enumerate(ring):
        prev = ring[i - 1]
        if inside(cur) != inside(prev):
            t = (edge - prev[0]) / (cur[0] - prev[0])
            out.append((edge, prev[1] + t * (cur[1] - prev[1])))
        if inside(cur):
            out.append(cur)
    return out


def split_antimeridian(ring: Ring) -> list[Ring]:
    """Cut a ring that crosses 180 degrees into pieces inside [-180, 180]."""
    ring = unwrap(ring)
    lons = [lon for lon, _ in ring]
    if max(lons) > 180:
        east = clip_ring(ring, 180.0, keep_west=False)
        return [clip_ring(ring, 180.0, keep_west=True), [(x - 360, y) for x, y in east]]
    if min(lons) < -180:
        west = clip_ring(ring, -180.0, keep_west=True)
        return [clip_ring(ring, -180.0, keep_west=False), [(x + 360, y) for x, y in west]]
    return [ring]


def signed_area(ring: Sequence[Point]) -> float:
    """Area of a ring (shoelace formula), negative for the other winding."""
    total = 0.0
    for i, (x1, y1) in enumerate(ring):
        x0, y0 = ring[i - 1]
        total += x0 * y1 - x1 * y0
    return total / 2


def ring_area(ring: Sequence[Point]) -> float:
    """Unsigned area of a ring."""
    return abs(signed_area(ring))


def ring_centre(ring: Sequence[Point]) -> Point:
    """Area centroid of a ring, or its mean point when it has no area."""
    total = cx = cy = 0.0
    for i, (x1, y1) in enumerate(ring):
        x0, y0 = ring[i - 1]
        cross = x0 * y1 - x1 * y0
        total += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if total == 0:
        return sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring)
    return cx / (3 * total), cy / (3 * total)


def quantize(ring: Iterable[Point]) -> list[tuple[int, int]]:
    """Round to integer units and drop repeated points."""
    out: list[tuple[int, int]] = []
    for x, y in ring:
        p = (round(x), round(y))
        if not out or p != out[-1]:
            out.append(p)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out


def bbox(rings: Iterable[Sequence[tuple[int, int]]]) -> list[int]:
    """[x0, y0, x1, y1] of the points of rings."""
    points = [p for ring in rings for p in ring]
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return [min(xs), min(ys), max(xs), max(ys)]


def path_data(rings: Sequence[Sequence[tuple[int, int]]]) -> str:
    """SVG path data: one relative subpath per ring, each closed with z."""
    parts: list[str] = []
    here = (0, 0)
    for n, ring in enumerate(rings):
        x, y = ring[0]
        parts.append(f"{'M' if n == 0 else 'm'}{join_numbers([x - here[0], y - here[1]])}")
        here = ring[0]
        deltas: list[int] = []
        px, py = ring[0]
        for qx, qy in ring[1:]:
            deltas += [qx - px, qy - py]
            px, py = qx, qy
        parts.append(f"l{join_numbers(deltas)}z")
    return "".join(parts)


def join_numbers(numbers: Sequence[int]) -> str:
    """Numbers separated by a space, or by nothing before a minus sign."""
    out = ""
    for i, n in enumerate(numbers):
        text = str(n)
        out += text if i == 0 or text.startswith("-") else f" {text}"
    return out


def feature_code(geometry: dict[str, Any], m49_codes: dict[str, str]) -> str | None:
    """The vocabulary code of a 1:50m feature (its name when SPLITS divides it), or None."""
    fid, name = geometry.get("id"), geometry["properties"]["name"]
    if fid in DROPPED or name in DROPPED:
        return None
    if name in SPLITS and fid not in m49_codes:
        return name
    if fid in ID_CODES:
        return ID_CODES[fid]
    if fid in m49_codes:
        return m49_codes[fid]
    if name in NAMED_CODES:
        return NAMED_CODES[name]
    raise SystemExit(f"{SCRIPT_NAME}: feature {fid!r} ({name}) has no code; add it to a table")


def split_code(topology: Topology, name: str, default: str, polygon: list[list[int]]) -> str:
    """The code SPLITS gives a polygon of the feature called name, else default."""
    first = polygon[0][0]
    lon, lat = topology.arcs[first][0] if first >= 0 else topology.arcs[~first][-1]
    for code, (lon0, lat0, lon1, lat1) in SPLITS.get(name, ()):
        if lon0 <= lon <= lon1 and lat0 <= lat <= lat1:
            return code
    if default == name:
        raise SystemExit(f"{SCRIPT_NAME}: a polygon of {name} at {lon}, {lat} fits no split")
    return default


def polygons_of(geometry: dict[str, Any]) -> list[list[list[int]]]:
    """The polygons (lists of rings of arc indices) of a Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    raise SystemExit(f"{SCRIPT_NAME}: unexpected geometry type {geometry['type']}")


def collect_rings(topology: Topology, codes: dict[int, str | None]) -> dict[str, list[list[int]]]:
    """Arc-index rings per vocabulary code (codes: geometry index -> code), parts merged."""
    rings: dict[str, list[list[int]]] = {}
    for index, geometry in enumerate(topology.geometries):
        code = codes.get(index)
        if code is None:
            continue
        for polygon in polygons_of(geometry):
            target = split_code(topology, geometry["properties"]["name"], code, polygon)
            rings.setdefault(target, []).extend(polygon)
    return {code: merge_rings(topology, found) for code, found in rings.items()}


def country_rings(
    rings: list[list[int]], full: list[list[Point]], simple: list[list[Point]]
) -> tuple[list[list[Point]], list[list[Point]]]:
    """Projected rings (simplified, full detail) of one country, cut at the antimeridian."""
    out_simple: list[list[Point]] = []
    out_full: list[list[Point]] = []
    for ring in rings:
        pieces_full = split_antimeridian(ring_points(full, ring))
        pieces_simple = split_antimeridian(ring_points(simple, ring))
        if len(pieces_full) != len(pieces_simple):
            pieces_simple = pieces_full
        for f, s in zip(pieces_full, pieces_simple, strict=True):
            if len(f) >= 3:
                out_full.append([to_units(*p) for p in f])
                out_simple.append([to_units(*p) for p in s])
    return out_simple, out_full


def build_country(
    simple: list[list[Point]], full: list[list[Point]]
) -> tuple[list[list[tuple[int, int]]], list[int], Point | None, float]:
    """Integer rings, core bbox, marker centre (None for large countries) and land area."""
    areas = [ring_area(ring) for ring in full]
    largest = max(range(len(full)), key=lambda i: (areas[i], -i))
    rings: list[list[tuple[int, int]]] = []
    core: list[list[tuple[int, int]]] = []
    for i, (s, f) in enumerate(zip(simple, full, strict=True)):
        if areas[i] < MIN_RING_AREA and i != largest:
            continue
        ring = quantize(s)
        if len(ring) < 3:
            if i != largest:
                continue
            ring = quantize(f)
        if len(ring) < 3:
            ring = (ring * 3)[:3]
        rings.append(ring)
        if areas[i] >= CORE_SHARE * areas[largest]:
            core.append(ring)
    core_box = bbox(core)
    small = core_box[2] - core_box[0] < MARKER_SIZE and core_box[3] - core_box[1] < MARKER_SIZE
    # Holes wind the other way, so the signed sum is land minus lakes and enclaves.
    area = abs(sum(signed_area(ring) for ring in full))
    return rings, core_box, ring_centre(full[largest]) if small else None, area


def build_world(
    main: dict[str, Any], detail: dict[str, Any], vocab: list[dict[str, Any]]
) -> dict[str, Any]:
    """The geometry file's content, minus provenance, from the 1:50m and 1:10m topologies."""
    m49_codes = {str(term["m49"]): str(term["id"]) for term in vocab if "m49" in term}
    labels = {str(term["id"]): str(term["label"]) for term in vocab}
    main_topology, detail_topology = decode_topology(main), decode_topology(detail)
    main_codes = {i: feature_code(g, m49_codes) for i, g in enumerate(main_topology.geometries)}
    detail_codes = {
        i: FROM_10M[g["id"]]
        for i, g in enumerate(detail_topology.geometries)
        if g.get("id") in FROM_10M
    }
    built: dict[str, tuple[list[list[tuple[int, int]]], list[int], Point | None, float]] = {}
    for topology, codes in ((main_topology, main_codes), (detail_topology, detail_codes)):
        found = collect_rings(topology, codes)
        used = {a if a >= 0 else ~a for rings in found.values() for ring in rings for a in ring}
        simple = simplify_arcs(topology.arcs, SIMPLIFY_AREA, used)
        for code, rings in sorted(found.items()):
            if code not in labels:
                raise SystemExit(f"{SCRIPT_NAME}: {code} is not in the country vocabulary")
            if code in built:
                raise SystemExit(f"{SCRIPT_NAME}: {code} comes from two features")
            built[code] = build_country(*country_rings(rings, topology.arcs, simple))
    x0, y0, x1, y1 = bbox(ring for rings, *_ in built.values() for ring in rings)
    dx, dy = PAD - x0, PAD - y0
    countries: dict[str, Any] = {}
    for code, (rings, core, centre, area) in sorted(built.items()):
        moved = [[(x + dx, y + dy) for x, y in ring] for ring in rings]
        entry: dict[str, Any] = {
            "name": labels[code],
            "area": round(area, 1),
            "bbox": bbox(moved),
            "core": [core[0] + dx, core[1] + dy, core[2] + dx, core[3] + dy],
        }
        if centre is not None:
            entry["cx"] = round(centre[0] + dx, 1)
            entry["cy"] = round(centre[1] + dy, 1)
        entry["d"] = path_data(moved)
        countries[code] = entry
    return {"viewbox": [0, 0, x1 - x0 + 2 * PAD, y1 - y0 + 2 * PAD], "countries": countries}


def dump_world(world: dict[str, Any]) -> str:
    """JSON with one country per line, keys sorted, so diffs stay readable."""
    head = {k: v for k, v in world.items() if k != "countries"}
    lines = [json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ', "countries": {']
    items = sorted(world["countries"].items())
    for n, (code, entry) in enumerate(items):
        comma = "," if n < len(items) - 1 else ""
        body = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        lines.append(f"{json.dumps(code)}:{body}{comma}")
    lines.append("}}")
    return "\n".join(lines) + "\n"


def main() -> int:
    """Generate data/geo/world-countries.json."""
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="world-atlas-") as tmp:
        package = args.package or fetch_world_atlas(args.version, Path(tmp))
        version = read_json(package / "package.json")["version"]
        main_data = read_json(package / MAIN_FILE)
        detail_data = read_json(package / DETAIL_FILE)
    vocab = yaml.safe_load(VOCAB.read_text(encoding="utf-8"))["terms"]
    world = {
        "source": (
            f"Natural Earth 4.1.0 Admin 0 countries, 1:50m ({MAIN_FILE}) with "
            f"{', '.join(sorted(FROM_10M.values()))} from 1:10m ({DETAIL_FILE}), "
            f"via npm package world-atlas {version}"
        ),
        "licence": "public domain (Natural Earth); world-atlas packaging ISC",
        "generated_by": SCRIPT_NAME,
        "projection": "Equal Earth",
        "settings": {
            "width": WIDTH,
            "simplify_area": SIMPLIFY_AREA,
            "min_ring_area": MIN_RING_AREA,
            "core_share": CORE_SHARE,
            "marker_size": MARKER_SIZE,
        },
        **build_world(main_data, detail_data, vocab),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dump_world(world), encoding="utf-8")
    total = len(world["countries"])
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes, {total} countries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""World map as inline SVG: countries shaded by a legend key, each linking to its page.

The geometry is data/geo/world-countries.json, made once by scripts/gen_world_map.py
from Natural Earth (public domain). Rendering is pure and needs no network: no tiles,
no scripts, no style attributes (the site's CSP forbids them); colours come from the
classes in docs/assets/wps.css (section "world map").
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data.addresses import safe_url
from .templating import macro

Box = tuple[float, float, float, float]
LegendItem = tuple[str, str]

# Lower bounds of the count buckets, with their legend key and label.
COUNT_BUCKETS: tuple[tuple[int, str, str], ...] = (
    (0, "n0", "No records"),
    (1, "n1", "1 record"),
    (2, "n2", "2–3 records"),
    (4, "n3", "4–9 records"),
    (10, "n4", "10 or more records"),
)
COUNT_LEGEND: tuple[LegendItem, ...] = tuple((key, label) for _, key, label in COUNT_BUCKETS)
# Keys are the statuses of wpshub.render.plan_status, plus "none" for no plan.
STATUS_LEGEND: tuple[LegendItem, ...] = (
    ("current", "Current plan"),
    ("open-ended", "Plan with no end date"),
    ("upcoming", "Plan not yet started"),
    ("expired", "Plan ended"),
    ("none", "No plan on record"),
)
KEY_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
FOCUS_PAD = 0.06  # share of the focused box added on each side
FOCUS_MIN_WIDTH = 0.12  # share of the world's width
FOCUS_ASPECT = (1.4, 2.3)  # narrowest and widest width/height of a focused view
FOCUS_MAX_WIDTH = 0.6  # share of the world's width a focused view grows to for small countries
FOCUS_OUTLIER = 0.05  # share of the focused area below which a country is small
MARKER_RADIUS = 0.004  # share of the view's width
MARKER_BELOW = 0.01  # draw a marker when a country is narrower than this share of the view


@dataclass(frozen=True)
class Country:
    """One country's outline in view-box units: path data, extents, land area, marker centre."""

    code: str
    name: str
    d: str
    bbox: Box
    core: Box
    area: float
    marker: tuple[float, float] | None = None


@dataclass(frozen=True)
class World:
    """The committed geometry: provenance, the whole view box and every country by code."""

    source: str
    licence: str
    viewbox: Box
    countries: Mapping[str, Country]


def load_world(path: Path) -> World:
    """Read the geometry file written by scripts/gen_world_map.py."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return parse_world(data)
    except (OSError, ValueError) as err:
        raise ValueError(f"{path}: {err}") from err


def parse_world(data: Mapping[str, Any]) -> World:
    """A World from the decoded geometry file; ValueError names the first bad entry."""
    for key in ("source", "licence", "viewbox", "countries"):
        if key not in data:
            raise ValueError(f"missing {key!r}")
    countries: dict[str, Country] = {}
    for code, entry in sorted(data["countries"].items()):
        try:
            marker = (float(entry["cx"]), float(entry["cy"])) if "cx" in entry else None
            countries[code] = Country(
                code=code,
                name=str(entry["name"]),
                d=str(entry["d"]),
                bbox=_box(entry["bbox"]),
                core=_box(entry["core"]),
                area=float(entry["area"]),
                marker=marker,
            )
        except (KeyError, TypeError, ValueError) as err:
            raise ValueError(f"countries: {code}: bad or missing {err}") from err
    return World(
        source=str(data["source"]),
        licence=str(data["licence"]),
        viewbox=_box(data["viewbox"]),
        countries=countries,
    )


def count_shade(count: int) -> str:
    """The COUNT_LEGEND key of a record count: 0, 1, 2-3, 4-9 or 10 and more."""
    if count < 0:
        raise ValueError(f"a record count cannot be negative: {count}")
    return [key for low, key, _ in COUNT_BUCKETS if count >= low][-1]


def count_shades(counts: Mapping[str, int]) -> dict[str, str]:
    """The COUNT_LEGEND key of every country in counts."""
    return {code: count_shade(count) for code, count in counts.items()}


def count_label(name: str, count: int) -> str:
    """Accessible name of a country shaded by count: 'Kenya: 12 records'."""
    if count == 0:
        return f"{name}: no records"
    return f"{name}: {count} record{'' if count == 1 else 's'}"


def focus_viewbox(world: World, focus: Collection[str]) -> Box:
    """A view box around the focused countries' cores, padded, not too small or too thin."""
    countries = _paint_order(world.countries[code] for code in focus if code in world.countries)
    if not countries:
        return world.viewbox
    wx, wy, ww, wh = world.viewbox
    total = sum(country.area for country in countries)
    x0, y0, x1, y1 = countries[0].core
    for country in countries[1:]:
        # A small country far off (Samoa for Oceania, across the antimeridian) would
        # stretch the frame over the whole world; it stays out of the frame instead.
        b = country.core
        wider = max(x1, b[2]) - min(x0, b[0]) > FOCUS_MAX_WIDTH * ww
        if wider and country.area < FOCUS_OUTLIER * total:
            continue
        x0, y0, x1, y1 = min(x0, b[0]), min(y0, b[1]), max(x1, b[2]), max(y1, b[3])
    w = max(x1 - x0, 1.0) * (1 + 2 * FOCUS_PAD)
    h = max(y1 - y0, 1.0) * (1 + 2 * FOCUS_PAD)
    scale = max(1.0, FOCUS_MIN_WIDTH * ww / w)
    w, h = w * scale, h * scale
    narrowest, widest = FOCUS_ASPECT
    w = max(w, h * narrowest)
    h = max(h, w / widest)
    w, h = min(w, ww), min(h, wh)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    x = min(max(cx - w / 2, wx), wx + ww - w)
    y = min(max(cy - h / 2, wy), wy + wh - h)
    return (round(x, 1), round(y, 1), round(w, 1), round(h, 1))


def render_world_map(
    world: World,
    shades: Mapping[str, str],
    *,
    legend: Sequence[LegendItem],
    links: Mapping[str, str],
    labels: Mapping[str, str],
    title: str,
    map_id: str = "wm",
    focus: Collection[str] | None = None,
    legend_label: str = "",
) -> str:
    """A <figure> with the inline SVG map (each linked country an <a>) and its legend."""
    # shades: code -> legend key (countries left out are plain land); labels: code ->
    # accessible name (the country's name when missing); focus: codes to frame, the
    # others dimmed, and left out when wholly out of view.
    keys = [key for key, _ in legend]
    for key in keys:
        if not KEY_PATTERN.fullmatch(key):
            raise ValueError(f"legend key {key!r} must be lowercase letters, digits and '-'")
    if not keys:
        raise ValueError("the legend needs at least one entry")
    for code, key in sorted(shades.items()):
        if key not in keys:
            raise ValueError(f"{code}: shade {key!r} is not in the legend ({', '.join(keys)})")
    if not KEY_PATTERN.fullmatch(map_id):
        raise ValueError(f"map id {map_id!r} must be lowercase letters, digits and '-'")
    focused = set(focus) & set(world.countries) if focus else set()
    view = focus_viewbox(world, focused) if focused else world.viewbox
    countries = [
        _country(country, shades.get(country.code), links.get(country.code),
                 labels.get(country.code, country.name), view, bool(focused) and country.code not in focused)
        for country in _paint_order(world.countries.values())
        if not focused or _overlaps(country.bbox, view)
    ]  # fmt: skip
    figure = {
        "map_id": map_id,
        "title_id": f"{map_id}-title",
        "title": title,
        "viewbox": _numbers(view),
        "countries": countries,
        "legend": list(legend),
        "legend_label": legend_label or f"Legend: {title}",
    }
    return macro("figure", figure, library="worldmap.html")


def render_legend(legend: Sequence[LegendItem], *, label: str) -> str:
    """The legend as a list of swatches (classed spans) and labels."""
    return macro("legend", list(legend), label, library="worldmap.html")


def render_map_table(
    rows: Sequence[tuple[str, str | None, str]],
    *,
    caption: str,
    headers: tuple[str, str] = ("Country", "Records"),
) -> str:
    """The table alternative to the map: one row per (name, link or None, value)."""
    safe = [(name, None if href is None else _safe_href(href), value) for name, href, value in rows]
    return macro("table", safe, caption, headers, library="worldmap.html")


def _country(
    country: Country, key: str | None, href: str | None, label: str, view: Box, dim: bool
) -> dict:
    """One country: a shaded path, a marker when it would be too small to see or click."""
    width = max(country.core[2] - country.core[0], country.core[3] - country.core[1])
    marker = None
    if country.marker and width < MARKER_BELOW * view[2]:
        cx, cy = country.marker
        marker = (_number(cx), _number(cy), _number(MARKER_RADIUS * view[2]))
    return {
        "href": None if href is None else _safe_href(href),
        "label": label,
        "dim": " wm-dim" if dim else "",
        "classes": "wm-c" if key is None else f"wm-c wm-k-{key}",
        "d": country.d,
        "marker": marker,
    }


def _paint_order(countries: Iterable[Country]) -> list[Country]:
    """Countries from the largest to the smallest, so enclaves and islands sit on top."""
    return sorted(countries, key=lambda country: (-country.area, country.code))


def _overlaps(box: Box, view: Box) -> bool:
    """Whether a [x0, y0, x1, y1] box meets a (x, y, w, h) view box."""
    x, y, w, h = view
    return box[2] >= x and box[0] <= x + w and box[3] >= y and box[1] <= y + h


def _safe_href(href: str) -> str:
    """The link if it is relative or http(s); anything else (javascript:) is an error."""
    safe = safe_url(href, ("http", "https"), relative=True)
    if safe is None:
        raise ValueError(f"map link {href!r} must be relative, http or https")
    return safe


def _box(value: Any) -> Box:
    """Four numbers as a tuple of floats."""
    numbers = tuple(float(v) for v in value)
    if len(numbers) != 4:
        raise ValueError(f"expected four numbers, got {value!r}")
    return numbers[0], numbers[1], numbers[2], numbers[3]


def _number(value: float) -> str:
    """A number with at most one decimal and no trailing zero."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _numbers(values: Sequence[float]) -> str:
    """Numbers separated by spaces, for viewBox."""
    return " ".join(_number(v) for v in values)


# Colours live in custom properties so a dark theme (Material's "slate") can swap them.
# One class per legend key sets --wm-fill; paths and legend swatches both read it.

"""World map: the committed geometry, the inline SVG it renders, and the script that made it.

The script is tested on a small hand-made topology; npm is never called here.
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from wpshub.site.worldmap import (
    COUNT_LEGEND,
    FOCUS_ASPECT,
    FOCUS_MIN_WIDTH,
    STATUS_LEGEND,
    World,
    count_label,
    count_shade,
    count_shades,
    focus_viewbox,
    load_world,
    render_legend,
    render_map_table,
    render_world_map,
)

sys.path.insert(0, str(ROOT / "scripts"))
import gen_world_map as gen  # noqa: E402

GEOMETRY = ROOT / "data" / "geo" / "world-countries.json"
SVG = "{http://www.w3.org/2000/svg}"
MAX_BYTES = 300_000
# Vocabulary codes with no shape on the map (see scripts/gen_world_map.py).
ABSENT_CODES = {"AQ", "BV", "TK"}
WESTERN_EUROPE = {"AT", "BE", "CH", "DE", "FR", "LI", "LU", "MC", "NL"}


@pytest.fixture(scope="module")
def world() -> World:
    return load_world(GEOMETRY)


@pytest.fixture(scope="module")
def vocab() -> dict[str, str]:
    terms = yaml.safe_load((ROOT / "data/vocab/countries.yaml").read_text(encoding="utf-8"))
    return {term["id"]: term["label"] for term in terms["terms"]}


def links_for(world: World) -> dict[str, str]:
    return {code: f"../../country/{code.lower()}/" for code in world.countries}


def render_counts(world: World, counts: dict[str, int], **kwargs: object) -> str:
    labels = {code: count_label(world.countries[code].name, n) for code, n in counts.items()}
    options: dict = {"links": links_for(world), "labels": labels, "title": "Records by country"}
    options.update(kwargs)
    return render_world_map(world, count_shades(counts), legend=COUNT_LEGEND, **options)


def anchors(html: str) -> dict[str, ET.Element]:
    """The map's links by href, from the parsed figure."""
    root = ET.fromstring(html)
    return {a.get("href"): a for a in root.iter(f"{SVG}a")}


def contains(view: tuple[float, ...], box: tuple[float, ...]) -> bool:
    x, y, w, h = view
    return x <= box[0] and y <= box[1] and box[2] <= x + w and box[3] <= y + h


# --- the committed geometry ---------------------------------------------------------------


def test_geometry_covers_the_vocabulary(world: World, vocab: dict[str, str]) -> None:
    assert len(world.countries) >= 170
    assert set(world.countries) <= set(vocab)
    assert set(vocab) - set(world.countries) == ABSENT_CODES
    assert {c.code: c.name for c in world.countries.values()} == {
        code: vocab[code] for code in world.countries
    }


def test_geometry_is_public_domain_and_small(world: World) -> None:
    assert "Natural Earth" in world.source
    assert world.licence.startswith("public domain")
    assert GEOMETRY.stat().st_size < MAX_BYTES


def test_geometry_matches_the_script_settings() -> None:
    data = json.loads(GEOMETRY.read_text(encoding="utf-8"))
    assert data["generated_by"] == gen.SCRIPT_NAME
    assert data["settings"] == {
        "width": gen.WIDTH,
        "simplify_area": gen.SIMPLIFY_AREA,
        "min_ring_area": gen.MIN_RING_AREA,
        "core_share": gen.CORE_SHARE,
        "marker_size": gen.MARKER_SIZE,
    }


def test_every_outline_is_compact_path_data_inside_the_view(world: World) -> None:
    _, _, width, height = world.viewbox
    for country in world.countries.values():
        assert re.fullmatch(r"M[-0-9 ]+l[-0-9 ]+z([ml][-0-9 ]+z?)*", country.d), country.code
        x0, y0, x1, y1 = country.bbox
        assert 0 <= x0 <= x1 <= width and 0 <= y0 <= y1 <= height, country.code
        assert x0 <= country.core[0] <= country.core[2] <= x1, country.code


@pytest.mark.parametrize(
    ("code", "marker"), [("AD", True), ("MC", True), ("TV", True), ("KE", False), ("FR", False)]
)
def test_tiny_countries_have_a_marker(world: World, code: str, marker: bool) -> None:
    assert (world.countries[code].marker is not None) is marker


def test_load_world_names_the_file_and_the_country(tmp_path: Path) -> None:
    data = json.loads(GEOMETRY.read_text(encoding="utf-8"))
    del data["countries"]["KE"]["d"]
    bad = tmp_path / "world.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError) as err:
        load_world(bad)
    assert str(err.value) == f"{bad}: countries: KE: bad or missing 'd'"


# --- the rendered map ---------------------------------------------------------------------


def test_full_map_links_every_country_with_a_name(world: World) -> None:
    html = render_counts(world, {code: 3 for code in world.countries})
    links = anchors(html)
    assert len(links) == len(world.countries) >= 170
    for code, href in links_for(world).items():
        a = links[href]
        assert a.get("aria-label") == f"{world.countries[code].name}: 3 records"
        assert a.find(f"{SVG}title").text == a.get("aria-label")
        assert a.find(f"{SVG}path").get("class") == "wm-c wm-k-n2"


def test_full_map_is_small_and_has_no_inline_style_or_script(world: World) -> None:
    html = render_counts(world, {code: 12 for code in world.countries})
    assert len(html.encode("utf-8")) < MAX_BYTES
    assert "style=" not in html
    assert "<style" not in html
    assert "<script" not in html
    assert "javascript:" not in html


def test_map_is_labelled_by_its_title(world: World) -> None:
    root = ET.fromstring(render_counts(world, {}, title="Plans & records", map_id="plans-map"))
    svg = root.find(f"{SVG}svg")
    assert root.get("id") == "plans-map"
    assert svg.get("role") == "group"
    assert svg.get("aria-labelledby") == "plans-map-title"
    assert svg.find(f"{SVG}title").get("id") == "plans-map-title"
    assert svg.find(f"{SVG}title").text == "Plans & records"
    assert svg.get("viewBox") == " ".join(f"{v:g}" for v in world.viewbox)


@pytest.mark.parametrize(
    ("count", "key"),
    [(0, "n0"), (1, "n1"), (2, "n2"), (3, "n2"), (4, "n3"), (9, "n3"), (10, "n4"), (250, "n4")],
)
def test_count_buckets(count: int, key: str) -> None:
    assert count_shade(count) == key


def test_negative_count_is_an_error() -> None:
    with pytest.raises(ValueError, match="^a record count cannot be negative: -1$"):
        count_shade(-1)


@pytest.mark.parametrize(
    ("count", "label"),
    [(0, "Kenya: no records"), (1, "Kenya: 1 record"), (12, "Kenya: 12 records")],
)
def test_count_label(count: int, label: str) -> None:
    assert count_label("Kenya", count) == label


def test_shading_follows_the_counts(world: World) -> None:
    counts = {"KE": 12, "UG": 5, "TZ": 2, "RW": 1, "BI": 0}
    links = anchors(render_counts(world, counts))
    classes = {
        code: links[f"../../country/{code.lower()}/"].find(f"{SVG}path").get("class")
        for code in counts
    }
    assert classes == {
        "KE": "wm-c wm-k-n4",
        "UG": "wm-c wm-k-n3",
        "TZ": "wm-c wm-k-n2",
        "RW": "wm-c wm-k-n1",
        "BI": "wm-c wm-k-n0",
    }
    # countries left out of the counts are plain land
    assert links["../../country/cd/"].find(f"{SVG}path").get("class") == "wm-c"


def test_statuses_shade_by_the_status_legend(world: World) -> None:
    shades = {"CA": "current", "AU": "expired", "KE": "upcoming", "CH": "open-ended"}
    html = render_world_map(
        world, shades, legend=STATUS_LEGEND, links=links_for(world), labels={}, title="NAPs"
    )
    links = anchors(html)
    assert links["../../country/ca/"].find(f"{SVG}path").get("class") == "wm-c wm-k-current"
    assert links["../../country/au/"].find(f"{SVG}path").get("class") == "wm-c wm-k-expired"
    assert links["../../country/br/"].find(f"{SVG}path").get("class") == "wm-c"
    assert links["../../country/br/"].get("aria-label") == "Brazil"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"shades": {"KE": "bogus"}},
            "KE: shade 'bogus' is not in the legend (n0, n1, n2, n3, n4)",
        ),
        (
            {"links": {"KE": "javascript:alert(1)"}},
            "map link 'javascript:alert(1)' must be relative, http or https",
        ),
        (
            {"legend": [("Bad Key", "Bad")]},
            "legend key 'Bad Key' must be lowercase letters, digits and '-'",
        ),
        ({"legend": []}, "the legend needs at least one entry"),
        (
            {"map_id": 'x" onload="y'},
            "map id 'x\" onload=\"y' must be lowercase letters, digits and '-'",
        ),
    ],
)
def test_bad_arguments_are_errors(world: World, kwargs: dict, message: str) -> None:
    options: dict = {
        "shades": {},
        "legend": COUNT_LEGEND,
        "links": {},
        "labels": {},
        "title": "Map",
    }
    options.update(kwargs)
    shades = options.pop("shades")
    with pytest.raises(ValueError) as err:
        render_world_map(world, shades, **options)
    assert str(err.value) == message


def test_special_characters_are_escaped(world: World) -> None:
    label = 'Kenya <b>&"quoted"\' </title><script>'
    href = '../../country/ke/?a=1&b=<2>"'
    title = 'Records <by> & "country"'
    html = render_world_map(
        world,
        {},
        legend=[("n0", '<none> & "zero"')],
        links={"KE": href},
        labels={"KE": label},
        title=title,
    )
    assert "<b>" not in html and "<script>" not in html and "<none>" not in html
    root = ET.fromstring(html)
    (a,) = root.iter(f"{SVG}a")
    assert a.get("href") == href
    assert a.get("aria-label") == label
    assert a.find(f"{SVG}title").text == label
    assert root.find(f"{SVG}svg/{SVG}title").text == title
    assert root.find("ul/li/span").tail == '<none> & "zero"'


def test_countries_without_a_link_are_named_but_not_linked(world: World) -> None:
    html = render_counts(world, {"KE": 2}, links={"UG": "../ug/"})
    root = ET.fromstring(html)
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == ["../ug/"]
    groups = {g.find(f"{SVG}title").text: g for g in root.iter(f"{SVG}g")}
    assert groups["Kenya: 2 records"].find(f"{SVG}path").get("class") == "wm-c wm-k-n2"


def test_tiny_countries_get_a_clickable_marker(world: World) -> None:
    links = anchors(render_counts(world, {"MC": 1}))
    monaco = links["../../country/mc/"]
    circle = monaco.find(f"{SVG}circle")
    assert circle is not None
    assert circle.get("class") == "wm-c wm-k-n1 wm-m"
    assert links["../../country/fr/"].find(f"{SVG}circle") is None


def test_legend_is_a_list_of_classed_swatches() -> None:
    html = render_legend(COUNT_LEGEND, label="Legend")
    root = ET.fromstring(html)
    assert root.get("aria-label") == "Legend"
    items = root.findall("li")
    assert [li.text for li in items] == [None] * 5
    assert [li.find("span").tail for li in items] == [label for _, label in COUNT_LEGEND]
    assert [li.find("span").get("class") for li in items] == [
        f"wm-sw wm-k-{key}" for key, _ in COUNT_LEGEND
    ]
    assert "style=" not in html


def test_css_has_a_rule_for_every_legend_key() -> None:
    css = (ROOT / "docs" / "assets" / "wps.css").read_text(encoding="utf-8")
    for key, _ in (*COUNT_LEGEND, *STATUS_LEGEND):
        assert f".wm-k-{key} " in css or f".wm-k-{key}," in css, key
    assert "url(" not in css
    assert '[data-md-color-scheme="slate"] .wm' in css


def test_table_alternative_is_escaped() -> None:
    html = render_map_table(
        [("Côte d'Ivoire", "../../country/ci/", "3 records"), ("A <b>", None, "0")],
        caption="Records by country & region",
    )
    root = ET.fromstring(html)
    assert root.find("caption").text == "Records by country & region"
    rows = root.findall("tbody/tr")
    assert rows[0].find("th/a").get("href") == "../../country/ci/"
    assert rows[0].find("th/a").text == "Côte d'Ivoire"
    assert rows[1].find("th").text == "A <b>"
    assert rows[1].find("td").text == "0"


# --- focus --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "focus", [{"KE"}, WESTERN_EUROPE, {"BR", "AR", "CL", "UY", "PY"}, {"JP", "KR", "CN"}]
)
def test_focus_frames_the_focused_countries(world: World, focus: set[str]) -> None:
    view = focus_viewbox(world, focus)
    assert view != world.viewbox
    for code in focus:
        assert contains(view, world.countries[code].core), code
    x, y, w, h = view
    assert contains(world.viewbox, (x, y, x + w, y + h))
    assert w >= FOCUS_MIN_WIDTH * world.viewbox[2] - 0.1
    assert FOCUS_ASPECT[0] - 0.01 <= w / h <= FOCUS_ASPECT[1] + 0.01


def test_focused_map_dims_others_and_leaves_out_what_is_out_of_view(world: World) -> None:
    html = render_counts(world, {}, focus=WESTERN_EUROPE)
    root = ET.fromstring(html)
    svg = root.find(f"{SVG}svg")
    assert svg.get("viewBox") == " ".join(f"{v:g}" for v in focus_viewbox(world, WESTERN_EUROPE))
    links = {a.get("href"): a.get("class") for a in svg.iter(f"{SVG}a")}
    assert links["../../country/de/"] == "wm-a"
    assert links["../../country/pl/"] == "wm-a wm-dim"
    assert "../../country/gf/" not in links  # French Guiana is not framed with France
    assert "../../country/au/" not in links
    assert len(html.encode("utf-8")) < len(render_counts(world, {}).encode("utf-8"))


def test_focus_leaves_small_far_outliers_out_of_the_frame(world: World) -> None:
    view = focus_viewbox(world, {"AU", "NZ", "WS"})
    assert contains(view, world.countries["AU"].core)
    assert not contains(view, world.countries["WS"].core)


def test_focus_on_codes_not_on_the_map_shows_the_world(world: World) -> None:
    assert focus_viewbox(world, {"AQ"}) == world.viewbox
    html = render_counts(world, {}, focus={"AQ"})
    assert "wm-dim" not in html


# --- the generation script, on a hand-made topology ---------------------------------------

SCALE = 0.01


def quantized(points: list[tuple[float, float]]) -> list[list[int]]:
    """Delta-encoded arc of degree points, as TopoJSON stores it."""
    out: list[list[int]] = []
    px = py = 0
    for lon, lat in points:
        x, y = round((lon + 180) / SCALE), round((lat + 90) / SCALE)
        out.append([x - px, y - py])
        px, py = x, y
    return out


def topology(arcs: list[list[tuple[float, float]]], geometries: list[dict]) -> dict:
    return {
        "type": "Topology",
        "transform": {"scale": [SCALE, SCALE], "translate": [-180, -90]},
        "arcs": [quantized(arc) for arc in arcs],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
    }


def polygon(fid: str | None, name: str, rings: list[list[int]]) -> dict:
    geometry: dict = {"type": "Polygon", "arcs": rings, "properties": {"name": name}}
    if fid is not None:
        geometry["id"] = fid
    return geometry


MAIN = topology(
    [
        [(35, 0), (35, 5)],  # 0: Kenya | Uganda
        [(35, 5), (40, 5), (40, 0), (35, 0)],  # 1: rest of Kenya
        [(35, 0), (30, 0), (30, 5), (35, 5)],  # 2: rest of Uganda
        [(33, 35), (34, 35)],  # 3: Cyprus | N. Cyprus
        [(34, 35), (34, 34), (33, 34), (33, 35)],  # 4: rest of Cyprus
        [(33, 35), (33, 36), (34, 36), (34, 35)],  # 5: rest of N. Cyprus
        [(179, -17), (-179, -17), (-179, -18), (179, -18), (179, -17)],  # 6: across 180
    ],
    [
        polygon("404", "Kenya", [[0, 1]]),
        polygon("800", "Uganda", [[2, ~0]]),
        polygon("196", "Cyprus", [[3, 4]]),
        polygon(None, "N. Cyprus", [[~3, 5]]),
        polygon("242", "Fiji", [[6]]),
    ],
)
DETAIL = topology(
    [[(179, -8), (179.5, -8), (179.5, -8.5), (179, -8)], [(10, 10), (11, 10), (11, 11), (10, 10)]],
    [polygon("798", "Tuvalu", [[0]]), polygon("999", "Elsewhere", [[1]])],
)
VOCAB = [
    {"id": "KE", "label": "Kenya", "m49": "404"},
    {"id": "UG", "label": "Uganda", "m49": "800"},
    {"id": "CY", "label": "Cyprus", "m49": "196"},
    {"id": "FJ", "label": "Fiji", "m49": "242"},
    {"id": "TV", "label": "Tuvalu", "m49": "798"},
]


def path_points(d: str) -> set[tuple[int, int]]:
    """The absolute points of path data made of M, m, l and z."""
    points: set[tuple[int, int]] = set()
    start = here = (0, 0)
    for command, numbers in re.findall(r"([Mmlz])([-0-9 ]*)", d):
        values = [int(n) for n in re.findall(r"-?[0-9]+", numbers)]
        if command == "z":
            here = start
            continue
        for x, y in zip(values[::2], values[1::2], strict=True):
            here = (x, y) if command == "M" else (here[0] + x, here[1] + y)
            points.add(here)
            if command in "Mm":
                start = here
                command = "l"
    return points


def test_script_output_is_deterministic() -> None:
    first = gen.dump_world(gen.build_world(MAIN, DETAIL, VOCAB))
    second = gen.dump_world(gen.build_world(json.loads(json.dumps(MAIN)), DETAIL, VOCAB))
    assert first == second
    assert set(json.loads(first)["countries"]) == {"CY", "FJ", "KE", "TV", "UG"}


def test_script_merges_parts_and_keeps_shared_borders() -> None:
    countries = gen.build_world(MAIN, DETAIL, VOCAB)["countries"]
    assert countries["CY"]["d"].count("z") == 1  # N. Cyprus joined, no line between
    shared = path_points(countries["KE"]["d"]) & path_points(countries["UG"]["d"])
    assert len(shared) == 2  # both ends of the border, the same integers on either side
    assert countries["TV"]["cx"] > countries["KE"]["bbox"][2]


def test_script_cuts_rings_at_the_antimeridian() -> None:
    world = gen.build_world(MAIN, DETAIL, VOCAB)
    fiji = world["countries"]["FJ"]
    assert fiji["d"].count("z") == 2
    assert fiji["bbox"][0] == gen.PAD
    assert fiji["bbox"][2] > 0.99 * world["viewbox"][2] - gen.PAD


def test_script_stops_on_a_feature_without_a_code() -> None:
    main = topology([[(0, 0), (1, 0), (1, 1), (0, 0)]], [polygon(None, "Nowhere", [[0]])])
    with pytest.raises(SystemExit) as err:
        gen.build_world(main, DETAIL, VOCAB)
    assert str(err.value) == (
        "scripts/gen_world_map.py: feature None (Nowhere) has no code; add it to a table"
    )


def test_equal_earth_extremes() -> None:
    assert gen.equal_earth(0, 0) == (0.0, 0.0)
    assert gen.equal_earth(180, 0)[0] == pytest.approx(2.706629983696)
    assert gen.equal_earth(0, 90)[1] == pytest.approx(1.317362759157)


def test_visvalingam_removes_collinear_points_first() -> None:
    weights = gen.visvalingam_weights([(0, 0), (1, 0), (2, 0), (2, 2), (0, 2)])
    assert weights[0] == weights[-1] == float("inf")
    assert weights[1] == 0
    assert min(weights[2:4]) > 0


@pytest.mark.parametrize(
    ("rings", "d"),
    [
        ([[(10, 20), (13, 20), (13, 16)]], "M10 20l3 0 0-4z"),
        (
            [[(10, 20), (12, 20), (12, 22)], [(5, 5), (6, 5), (6, 4)]],
            "M10 20l2 0 0 2zm-5-15l1 0 0-1z",
        ),
    ],
)
def test_path_data_is_relative(rings: list, d: str) -> None:
    assert gen.path_data(rings) == d

# ruff: noqa: F811  (the browser fixtures are imported from test_browser and used as arguments)
"""Country, region and organisation profiles, the NAP tracker, the evidence map, the world map."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ROOT, VALID_TOOL, write
from sitebuild import wait_js
from test_browser import browser, page, result_titles, site  # noqa: F401  (fixtures)

from wpshub.data.addresses import is_copy, is_mirror
from wpshub.site.catalogue import load_hub
from wpshub.site.profiles import (
    STATUS_RANK,
    matrix_regions,
    render_country_page,
    render_nap_tracker,
    render_organisation_page,
)
from wpshub.site.render import Context


class Parts(HTMLParser):
    """What the tests read off a generated page."""

    def __init__(self) -> None:
        super().__init__()
        self.counted: int | None = None
        self.depth = 0  # inside .wps-profile-records
        self.record_links: set[str] = set()
        self.cells: list[tuple[str, int]] = []  # (href, data-count) of matrix cells
        self.map_links: list[tuple[str, str]] = []  # (href, aria-label) inside the svg
        self.in_svg = False
        self.statuses: dict[str, str] = {}
        self.row: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "div" and "wps-profile-records" in classes:
            self.counted = int(a["data-count"] or 0)
            self.depth = 1
        elif tag == "div" and self.depth:
            self.depth += 1
        if tag == "svg":
            self.in_svg = True
        if tag == "a" and self.in_svg:
            self.map_links.append((a.get("href") or "", a.get("aria-label") or ""))
        if tag == "a" and self.depth and "/records/" in "/" + (a.get("href") or ""):
            self.record_links.add((a.get("href") or "").rstrip("/").split("/")[-1])
        if tag == "a" and "data-count" in a and not self.in_svg and not self.depth:
            self.cells.append((a.get("href") or "", int(a["data-count"] or 0)))
        if tag == "tr" and a.get("data-record"):
            self.row = a["data-record"]
        if tag == "span" and self.row and any(c.startswith("wps-status--") for c in classes):
            status = next(c for c in classes if c.startswith("wps-status--"))
            self.statuses[self.row] = status.removeprefix("wps-status--")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.depth:
            self.depth -= 1
        if tag == "svg":
            self.in_svg = False
        if tag == "tr":
            self.row = None


def parts(path: Path) -> Parts:
    parser = Parts()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def catalogue(site_dir: Path) -> list[dict]:
    return json.loads((site_dir / "catalogue.json").read_text(encoding="utf-8"))["records"]


def slug(entry: dict) -> str:
    return entry["page"].rstrip("/").split("/")[-1]


def test_every_country_has_a_page_whose_counts_match_the_catalogue(built_site: Path) -> None:
    records = catalogue(built_site)
    used = {c for r in records for c in r["countries"]}
    hub = load_hub(ROOT)
    assert used and used <= {t.id for t in hub.vocab.countries}
    for term in hub.vocab.countries:
        html_page = built_site / "countries" / term.id.lower() / "index.html"
        assert html_page.exists(), term.id
        found = parts(html_page)
        expected = {slug(r) for r in records if term.id in r["countries"]}
        assert (found.counted or 0) == len(expected), term.id
        assert found.record_links == expected, term.id
        if not expected:
            assert "No records about" in html_page.read_text(encoding="utf-8")


def test_region_and_organisation_pages_match_the_catalogue(built_site: Path) -> None:
    records = catalogue(built_site)
    hub = load_hub(ROOT)
    for term in hub.vocab.regions:
        if term.id == "global":
            continue
        found = parts(built_site / "regions" / term.id / "index.html")
        expected = {slug(r) for r in records if term.id in r["regions"]}
        assert ((found.counted or 0), found.record_links) == (len(expected), expected), term.id
    for term in hub.vocab.organisations:
        found = parts(built_site / "organisations" / term.id / "index.html")
        expected = {slug(r) for r in records if term.id in r["organisations"]}
        assert ((found.counted or 0), found.record_links) == (len(expected), expected), term.id
    # a region page shows the map on its countries, each linked
    africa = parts(built_site / "regions" / "africa" / "index.html")
    assert any(label.startswith("Kenya:") for _, label in africa.map_links)


def test_plan_statuses_follow_the_build_date(scratch_hub: Path) -> None:
    plan = """
        id: {id}
        type: national-action-plan
        title: "Example: National Action Plan ({id})"
        summary: An example plan for the status test, long enough to pass the check.
        issuer: "KE"
        period_start: {start}
        {end}
        publisher: Example Government
        topics: [naps]
        countries: ["KE"]
        languages: [en]
        added: 2019-01-01
        source: ["https://example.org/{id}"]
        last_verified: 2019-01-01
    """
    for pid, start, end in (
        ("p-2018-2022", 2018, 2022),
        ("p-2024-2027", 2024, 2027),
        ("p-2020", 2020, None),
    ):
        end_line = f"period_end: {end}" if end else ""
        write(
            scratch_hub / "data" / "plans" / f"{pid}.yaml",
            plan.format(id=pid, start=start, end=end_line),
        )
    expected = {
        dt.date(2019, 6, 1): {"p-2018-2022": "current", "p-2024-2027": "upcoming", "p-2020": "upcoming"},
        dt.date(2022, 12, 31): {"p-2018-2022": "current", "p-2024-2027": "upcoming", "p-2020": "open-ended"},
        dt.date(2023, 1, 1): {"p-2018-2022": "expired", "p-2024-2027": "upcoming", "p-2020": "open-ended"},
        dt.date(2026, 12, 1): {"p-2018-2022": "expired", "p-2024-2027": "current", "p-2020": "open-ended"},
        dt.date(2028, 1, 1): {"p-2018-2022": "expired", "p-2024-2027": "expired", "p-2020": "open-ended"},
    }  # fmt: skip
    for today, statuses in expected.items():
        hub = load_hub(scratch_hub, today=today)
        tracker = Parts()
        tracker.feed(render_nap_tracker(hub, Context()).html)
        assert tracker.statuses == statuses, today
        assert f"As of {today.isoformat()}" in render_nap_tracker(hub, Context()).html
        country = Parts()
        country.feed(render_country_page(hub, "KE", Context()).html)
        assert country.statuses == statuses and country.counted == 3


def test_the_tracker_lists_every_plan_and_the_sourced_counts(built_site: Path) -> None:
    records = catalogue(built_site)
    plans = {
        slug(r) for r in records if r["type"] in ("national-action-plan", "regional-action-plan")
    }
    html_page = built_site / "naps" / "index.html"
    found = parts(html_page)
    assert set(found.statuses) == {p for p in plans}  # ids are the slugs of the plan records
    assert set(found.statuses.values()) <= set(STATUS_RANK)
    text = html_page.read_text(encoding="utf-8")
    assert "108 UN Member States (56%)" in text and "early 2025" in text
    assert 'href="https://www.wilpf.org/women-peace-and-security/implementation/"' in text
    assert "docslib.org (a copy on another site; not linked)" in text
    assert 'href="https://docslib.org' not in text
    # the same services under other names, seen in the records' sources, are never linked
    for host in ("fdocuments.in", "vdocuments.us", "zbook.org", "knowt.com"):
        assert f'href="https://{host}' not in text and f'href="http://{host}' not in text
        assert f"{host} (a copy on another site; not linked)" in text
    # the status map: every country with a plan is shaded by its status
    assert len(found.map_links) >= 170


def test_copies_and_bare_server_addresses_are_never_linked() -> None:
    for address in (
        "https://fdocuments.in/document/x.html", "https://deploy.studylib.es/doc/1/x",
        "https://m.booksci.cn/literature/1.htm", "http://203.0.113.7:8081/37016607",
        "http://[2001:db8::1]/x.pdf", "https://wikizero.com/m/United_Nations",
    ):  # fmt: skip
        assert is_copy(address), address
    for address in ("https://www.un.org/press/en/2015/sc12076.doc.htm", "https://doi.org/10.1/x"):
        assert not is_copy(address), address
    # a record's own address on a bare server is still the validator's to judge, not a mirror's
    assert not is_mirror("http://127.0.0.1:8000/plan.pdf")


def test_the_evidence_map_counts_match_the_catalogue(built_site: Path) -> None:
    records = catalogue(built_site)
    hub = load_hub(ROOT)
    found = parts(built_site / "evidence" / "index.html")
    regions = matrix_regions(hub)
    assert len(found.cells) == len(hub.vocab.topics) * len(regions)
    empty = 0
    for (link, count), (topic, region) in zip(
        found.cells, [(t.id, r) for t in hub.vocab.topics for r in regions], strict=True
    ):
        expected = sum(1 for r in records if topic in r["topics"] and region in r["regions"])
        assert count == expected, (topic, region)
        if count:
            query = parse_qs(urlsplit(link).query)
            assert query == {"topic": [topic], "region": [region]}
            assert urlsplit(link).path == "../explore/"
        else:
            empty += 1
            assert link == "../contribute/"
    assert 0 < empty < len(found.cells)


def test_topic_pages_carry_the_matrix_by_type(built_site: Path) -> None:
    records = catalogue(built_site)
    found = parts(built_site / "browse" / "topic" / "naps" / "index.html")
    assert found.cells
    for link, count in found.cells:
        if not count:
            continue
        query = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
        expected = sum(
            1
            for r in records
            if "naps" in r["topics"]
            and r["type"] == query["type"]
            and query["region"] in r["regions"]
        )
        assert count == expected, query


def test_the_world_map_links_at_least_170_countries_to_their_pages(built_site: Path) -> None:
    html_page = built_site / "countries" / "index.html"
    html = html_page.read_text(encoding="utf-8")
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    ET.fromstring(svg)  # well-formed
    found = parts(html_page)
    assert len(found.map_links) >= 170
    for link, label in found.map_links:
        assert label and re.fullmatch(r"[a-z]{2}/", link), link
        assert (html_page.parent / link / "index.html").resolve().exists(), link
    assert len(svg.encode()) < 300_000
    assert "style=" not in svg and "<script" not in svg


def test_an_organisation_without_members_focuses_on_its_records_countries(
    scratch_hub: Path,
) -> None:
    text = VALID_TOOL.replace("topics: [naps, financing]", "topics: [naps]\norganisations: [au]")
    write(scratch_hub / "data" / "tools" / "example-tool.yaml", text)
    hub = load_hub(scratch_hub)
    html = render_organisation_page(hub, "au", Context()).html
    assert "Its membership is not recorded in the hub yet" in html
    assert '<th scope="row"><a href="../../countries/ke/">Kenya</a></th><td>1</td>' in html


@pytest.mark.browser
def test_a_matrix_cell_opens_explore_with_exactly_its_records(
    page, site: str, built_site: Path
) -> None:  # noqa: F811
    records = catalogue(built_site)
    page.goto(site + "evidence/")
    cells = page.locator("table.wps-matrix a[data-count]:not([data-count='0'])")
    chosen = [0, cells.count() - 1]
    for index in chosen:
        cell = cells.nth(index)
        count = int(cell.get_attribute("data-count"))
        query = parse_qs(urlsplit(cell.get_attribute("href")).query)
        topic, region = query["topic"][0], query["region"][0]
        cell.click()
        page.wait_for_url(re.compile(r"/explore/\?"))
        titles = result_titles(page)
        expected = sorted(
            r["title"] for r in records if topic in r["topics"] and region in r["regions"]
        )
        assert (len(titles), titles) == (count, expected)
        page.go_back()
        page.wait_for_url(re.compile(r"/evidence/"))


@pytest.mark.browser
def test_the_tracker_sorts_by_a_column(page, site: str) -> None:  # noqa: F811
    page.goto(site + "naps/")
    table = page.locator("table.wps-plans")

    def periods():
        return [
            int(v)
            for v in table.locator("tbody td:nth-child(3)").evaluate_all(
                "cells => cells.map(c => c.dataset.value)"
            )
        ]  # noqa: E731

    page.click("table.wps-plans button[data-column='2']")
    wait_js(page, "document.querySelector('table.wps-plans th[aria-sort]') !== null")
    assert periods() == sorted(periods())
    page.click("table.wps-plans button[data-column='2']")
    assert periods() == sorted(periods(), reverse=True)


@pytest.mark.browser
def test_a_country_on_the_map_opens_its_page(page, site: str) -> None:  # noqa: F811
    page.goto(site + "countries/")
    page.locator("svg a[aria-label^='Brazil:']:not(.wm-small)").click()
    page.wait_for_url(re.compile(r"/countries/br/$"))
    assert page.locator("h1").inner_text() == "Brazil"
    # Kenya is too small to tap on the world map: the region's map, focused, has room for it
    page.goto(site + "regions/eastern-africa/")
    page.locator("svg a[aria-label^='Kenya:']:not(.wm-small)").click()
    page.wait_for_url(re.compile(r"/countries/ke/$"))
    assert page.locator("h1").inner_text() == "Kenya"

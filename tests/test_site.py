"""The built site: one page per record, catalogue.json, browse reachability, no third-party loads."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import ROOT
from sitebuild import build_with_file

from wpshub.data.validate import check_hub
from wpshub.site.steps import pagefind_languages


class LinkParser(HTMLParser):
    """Collects hrefs of <a> and every URL a page would load."""

    LOADING = {
        ("script", "src"),
        ("img", "src"),
        ("iframe", "src"),
        ("source", "src"),
        ("audio", "src"),
        ("video", "src"),
        ("embed", "src"),
        ("object", "data"),
        ("link", "href"),
        ("form", "action"),
    }

    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[str] = []
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.anchors.append(values["href"])
        for name, value in attrs:
            if value and (tag, name) in self.LOADING:
                if tag == "link" and (values.get("rel") or "") in ("alternate", "canonical"):
                    continue
                self.loads.append(value)
            if name == "style" and value and "url(" in value:
                self.loads.extend(re.findall(r"url\(['\"]?([^'\")]+)", value))


def parse(path: Path) -> LinkParser:
    parser = LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page_of(site: Path, path: Path) -> str:
    return "/" + path.relative_to(site).as_posix().removesuffix("index.html")


def test_every_record_has_exactly_one_page_and_catalogue_entry(built_site: Path) -> None:
    report = check_hub(ROOT)
    catalogue = json.loads((built_site / "catalogue.json").read_text(encoding="utf-8"))
    assert catalogue["count"] == len(report.records) == len(catalogue["records"])
    assert sorted(r["id"] for r in catalogue["records"]) == sorted(r.id for r in report.records)
    pages = sorted(p.parent.name for p in (built_site / "records").glob("*/index.html"))
    assert pages == sorted(r["page"].split("/")[1] for r in catalogue["records"])
    assert len(set(pages)) == len(pages)
    for entry in catalogue["records"]:
        assert set(entry) >= {
            "id",
            "type",
            "title",
            "page",
            "topics",
            "countries",
            "regions",
            "organisations",
            "languages",
            "year",
            "url",
            "doi",
        }
        html = (built_site / entry["page"] / "index.html").read_text(encoding="utf-8")
        assert "data-pagefind-body" in html


def test_every_record_is_reachable_from_a_browse_page(built_site: Path) -> None:
    catalogue = json.loads((built_site / "catalogue.json").read_text(encoding="utf-8"))
    wanted = {"/" + r["page"] for r in catalogue["records"]}
    reached: set[str] = set()
    for path in (built_site / "browse").rglob("index.html"):
        base = page_of(built_site, path)
        for href in parse(path).anchors:
            reached.add(urlsplit(urljoin(base, href)).path)
    assert wanted - reached == set()


def test_pagefind_indexes_every_record_and_nothing_else(built_site: Path) -> None:
    catalogue = json.loads((built_site / "catalogue.json").read_text(encoding="utf-8"))
    # one bundle per language (`pagefind/`, `fr/pagefind/`...), each holding every record page
    # of that language and nothing else
    assert (built_site / "fr" / "pagefind" / "pagefind.js").is_file()
    counts = {lang: data["page_count"] for lang, data in pagefind_languages(built_site).items()}
    assert counts == dict.fromkeys(("en", "fr", "es", "ar"), catalogue["count"])


def test_no_file_loads_anything_from_another_host(built_site: Path) -> None:
    offenders = []
    for path in built_site.rglob("*.html"):
        for url in parse(path).loads:
            if urlsplit(url).netloc or url.startswith("//"):
                offenders.append(f"{path.relative_to(built_site)}: {url}")
    for path in list(built_site.rglob("*.css")) + list(built_site.rglob("*.js")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for url in re.findall(
            r"(?:url\(|@import\s+|import\(|from\s+)['\"]?(https?:)?//[^'\")\s]+", text
        ):
            offenders.append(f"{path.relative_to(built_site)}: {url}")
        for host in (
            "unpkg.com",
            "jsdelivr.net",
            "googleapis.com",
            "gstatic.com",
            "api.github.com",
            "google-analytics.com",
            "googletagmanager.com",
            "cdnjs.cloudflare.com",
        ):
            if host in text:
                offenders.append(f"{path.relative_to(built_site)}: mentions {host}")
    assert offenders == []


def test_outbound_links_do_not_send_a_referrer(built_site: Path) -> None:
    for path in (built_site / "records").glob("*/index.html"):
        html = path.read_text(encoding="utf-8")
        for tag in re.findall(r'<a [^>]*href="https?://[^"]*"[^>]*>', html):
            assert 'rel="noopener noreferrer"' in tag, (path, tag)


def test_build_stops_on_an_invalid_record(tmp_path: Path) -> None:
    result = build_with_file(
        tmp_path / "site",
        "data/tools/zz-test-invalid-record.yaml",
        "id: zz-test-invalid-record\ntype: tool\n",
    )
    assert result.returncode != 0
    assert (
        "data/tools/zz-test-invalid-record.yaml:1: title: missing field 'title'"
        in result.stderr + result.stdout
    )
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_failed_build_leaves_the_previous_site_in_place(tmp_path: Path) -> None:
    from wpshub.site.build import build_site_atomically

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous good site", encoding="utf-8")
    # a failure after the pages are written: the search indexer exits with an error
    # one language: the test is about replacing the folder, not about languages
    english = {"WPSHUB_LANGUAGES": "en"}
    assert build_site_atomically(ROOT, site, {**english, "WPSHUB_PAGEFIND": "/bin/false"}) == 1
    assert (site / "index.html").read_text(encoding="utf-8") == "previous good site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert build_site_atomically(ROOT, site, english) == 0
    assert "WPS Knowledge Hub" in (site / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_no_page_links_to_a_missing_file(built_site: Path) -> None:
    """Every relative link and script of every page, in every language, reaches a file."""
    import posixpath

    from test_offline import Links

    # every file of the site, once: checking thousands of links against the disk one by one
    # takes minutes
    files = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()}
    dead = []
    for page in built_site.rglob("*.html"):
        if page.name == "404.html":
            continue  # written for a server's error responses: its links are root-absolute
        found = Links()
        found.feed(page.read_text(encoding="utf-8"))
        folder = page.parent.relative_to(built_site).as_posix()
        for target in set(found.targets):
            path = posixpath.normpath(posixpath.join(folder, target))
            index = posixpath.normpath(posixpath.join(path, "index.html"))
            if path not in files and index not in files:
                dead.append(f"{page.relative_to(built_site)} -> {target}")
    assert dead == [], dead[:20]


PARTS = ["records", "fr", "browse", "country", "index.html", "ke.html", "."]


@pytest.mark.parametrize("seed", range(5))
def test_relative_path_is_posixpaths_relpath_for_site_paths(seed: int) -> None:
    import posixpath
    import random

    from wpshub.site.render import relative_path

    pick = random.Random(seed)
    for _ in range(5000):
        path, start = ("/".join(pick.choices(PARTS, k=pick.randint(1, 4))) or "." for _ in "ab")
        assert relative_path(path, start) == posixpath.relpath(path, start), (path, start)
    # what the site never makes goes to the library's own rule
    for path, start in [("a/../b", "."), ("a", "b/.."), ("/a/b", "/a"), ("a", "/b")]:
        assert relative_path(path, start) == posixpath.relpath(path, start), (path, start)


def _sidebar(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    start = html.index('data-md-type="navigation"')
    return html[start : html.index('data-md-type="toc"', start)]


def test_the_sidebar_is_each_pages_own(built_site: Path) -> None:
    """The sidebar is rendered once per language and folder for pages outside it (a cache in
    hooks/records.py): a page in it still marks its own entry, and every cached copy's links
    lead to pages that exist from where it is shown, in its own language."""
    about = _sidebar(built_site / "about" / "index.html")
    assert re.search(r'<a href="\./" class="md-nav__link md-nav__link--active">\s*<span', about)
    records = sorted((built_site / "records").glob("*/index.html"))[:3]
    shown = {_sidebar(page) for page in records}
    assert len(shown) == 1 and "md-nav__link--active" not in next(iter(shown))
    french = _sidebar(sorted((built_site / "fr" / "records").glob("*/index.html"))[0])
    assert french != next(iter(shown)) and "À propos" in french and "À propos" not in about
    for page in (records[0], built_site / "countries" / "ke" / "index.html",
                 built_site / "fr" / "countries" / "ke" / "index.html"):  # fmt: skip
        links = re.findall(r'<a href="([^"]+)" class="md-nav__link', _sidebar(page))
        assert len(links) >= 10, page
        for link in links:
            target = (page.parent / link).resolve()
            assert (target / "index.html").is_file() or target.is_file(), (page, link)

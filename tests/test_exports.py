"""Open data: exports re-parse to their sources, RIS and CSL-JSON follow their grammar,
the Data page tells counts and sizes, every record has its own downloads."""

from __future__ import annotations

import csv
import gzip
import json
import re
from pathlib import Path

from conftest import ROOT

from wpshub.data.bibtex import read_bib_file
from wpshub.data.validate import check_hub, find_data_files
from wpshub.site.i18n import format_size

CSL_TYPES = {
    "article-journal",
    "book",
    "chapter",
    "paper-conference",
    "report",
    "webpage",
    "document",
    "thesis",
}
CSL_KEYS = {"id", "type", "title", "author", "editor", "issued", "container-title", "volume", "issue", "page",
            "publisher", "publisher-place", "number", "genre", "language", "DOI", "URL", "ISBN"}  # fmt: skip
RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - .*$")
RIS_TYPES = {"JOUR", "BOOK", "EDBOOK", "CHAP", "CPAPER", "RPRT", "ELEC", "GEN", "THES"}


def research_records() -> list:
    return [r for r in check_hub(ROOT).records if r.collection == "research"]


def test_research_bib_reparses_to_the_same_entries_and_fields(built_site: Path) -> None:
    source = {}
    for path in find_data_files(ROOT / "data"):
        if path.suffix == ".bib":
            for entry in read_bib_file(path, path.name).entries:
                source[entry.key] = entry.fields
    exported = read_bib_file(built_site / "data" / "research.bib", "research.bib")
    assert exported.problems == []
    assert {e.key: e.fields for e in exported.entries} == source


def test_ris_follows_its_grammar(built_site: Path) -> None:
    text = (built_site / "data" / "research.ris").read_text(encoding="utf-8")
    blocks = [b for b in text.split("ER  - \n") if b.strip()]
    assert len(blocks) == len(research_records())
    for block in blocks:
        lines = block.strip("\n").split("\n")
        assert all(RIS_LINE.match(line) for line in lines), lines
        assert lines[0][6:] in RIS_TYPES and lines[0].startswith("TY  - ")
        assert any(line.startswith("TI  - ") for line in lines)
    assert text.endswith("ER  - \n")


def _check_name(name: dict) -> None:
    assert set(name) <= {"family", "given", "literal", "non-dropping-particle", "suffix"}
    assert ("literal" in name) != ("family" in name)


def test_csl_json_items_are_well_formed(built_site: Path) -> None:
    items = json.loads((built_site / "data" / "research.csl.json").read_text(encoding="utf-8"))
    assert len(items) == len(research_records())
    for item in items:
        assert set(item) <= CSL_KEYS and item["type"] in CSL_TYPES and item["title"]
        for name in item.get("author", []) + item.get("editor", []):
            _check_name(name)
        if "issued" in item:
            parts = item["issued"]["date-parts"]
            assert isinstance(parts[0][0], int)


def test_catalogue_csv_and_per_record_downloads(built_site: Path) -> None:
    catalogue = json.loads((built_site / "data" / "catalogue.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader((built_site / "data" / "catalogue.csv").open(encoding="utf-8-sig")))
    assert [r["id"] for r in rows] == [r["id"] for r in catalogue["records"]]
    for entry in catalogue["records"]:
        if entry["type"] == "pathway":
            continue
        slug = entry["page"].split("/")[1]
        page = (built_site / entry["page"] / "index.html").read_text(encoding="utf-8")
        for ext in ("bib", "ris", "json"):
            assert (built_site / "data" / "records" / f"{slug}.{ext}").is_file()
            assert f'href="../../data/records/{slug}.{ext}"' in page


def test_data_page_lists_counts_sizes_date_and_licence(built_site: Path) -> None:
    page = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    research = len(research_records())
    for name in (
        "catalogue.json",
        "catalogue.csv",
        "research.bib",
        "research.ris",
        "research.csl.json",
    ):
        size = (built_site / "data" / name).stat().st_size
        count = research if name.startswith("research") else len(check_hub(ROOT).records)
        # sizes are rounded as CLDR does (half to even: 285,950 bytes is "286.0 kB"), which a
        # float's "{:.1f}" does not always match
        assert format_size(size, "en").endswith(" kB")
        assert re.search(
            rf'href="{re.escape(name)}" download>[^<]+</a></td><td>{count}</td><td>{re.escape(format_size(size, "en"))}</td>',
            page,
        ), name
    assert "CC0 1.0" in page


ATOM = "{http://www.w3.org/2005/Atom}"


def test_feeds_are_well_formed_atom(built_site: Path) -> None:
    from xml.etree import ElementTree as ET

    feeds = sorted((built_site / "feeds").rglob("*.xml"))
    assert (built_site / "feeds" / "new.xml") in feeds
    assert any("/topic/" in str(f) for f in feeds) and any("/region/" in str(f) for f in feeds)
    records = {r.id for r in check_hub(ROOT).records}
    for path in feeds:
        root = ET.parse(path).getroot()
        assert root.tag == f"{ATOM}feed"
        for name in ("id", "title", "updated"):
            assert root.find(f"{ATOM}{name}") is not None and root.find(f"{ATOM}{name}").text
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", root.find(f"{ATOM}updated").text)
        entries = root.findall(f"{ATOM}entry")
        assert entries, path
        for entry in entries:
            assert entry.find(f"{ATOM}id").text.removeprefix("urn:wpshub:record:") in records
            link = entry.find(f"{ATOM}link").get("href")
            assert (path.parent / link / "index.html").resolve().is_file(), (path, link)


def test_record_pages_carry_json_ld_and_citation_tags(built_site: Path) -> None:
    expected = {"article": "ScholarlyArticle", "book": "Book", "report": "Report"}
    for record in check_hub(ROOT).records:
        html = (built_site / "records" / record.id.lower() / "index.html").read_text(
            encoding="utf-8"
        )
        head = html.split("</head>")[0]
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head)
        assert len(blocks) == 1, record.id
        data = json.loads(blocks[0])
        assert data["@context"] == "https://schema.org" and data["name"] == record.title
        if record.collection == "research":
            assert data["@type"] == expected.get(record.get("entry_type"), data["@type"])
            assert '<meta name="citation_title" content="' in head
            assert head.count('<meta name="citation_author"') == len(
                record.get("authors_parts") or []
            )
        elif record.collection in ("centres", "networks", "organisations"):
            assert data["@type"].endswith("Organization")


def test_sitemap_has_every_page_with_lastmod_when_the_address_is_known(tmp_path: Path) -> None:
    from sitebuild import build_site

    result = build_site(tmp_path / "site", {"WPSHUB_SITE_URL": "https://hub.example.org/"})
    assert result.returncode == 0, result.stderr[-2000:]
    site = tmp_path / "site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    # the compressed sitemap is the same file
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap
    for record in check_hub(ROOT).records:
        day = record.get("last_verified") or record.get("last_reviewed") or record.get("added")
        for prefix in ("", "fr/", "es/", "ar/"):
            loc = f"<loc>https://hub.example.org/{prefix}records/{record.id.lower()}/</loc>"
            assert re.search(re.escape(loc) + rf"\s*<lastmod>{day}</lastmod>", sitemap), record.id
    # hreflang alternates, canonical, feed links and og:url are absolute
    head = (site / "fr" / "records" / "nap-ke-2016-2018" / "index.html").read_text("utf-8")
    head = head.split("</head>")[0]
    assert (
        '<link rel="alternate" href="https://hub.example.org/records/nap-ke-2016-2018/" hreflang="en">'
        in head
    )
    assert (
        '<link rel="canonical" href="https://hub.example.org/fr/records/nap-ke-2016-2018/">' in head
    )
    assert (
        'type="application/atom+xml" title="WPS Knowledge Hub : nouvelles fiches" href="https://hub.example.org/feeds/new.xml"'
        in head
    )
    assert (
        '<meta property="og:url" content="https://hub.example.org/fr/records/nap-ke-2016-2018/">'
        in head
    )
    feed = (site / "feeds" / "new.xml").read_text(encoding="utf-8")
    assert '<link rel="self" href="https://hub.example.org/feeds/new.xml"' in feed
    assert re.search(r'<entry>.*?<link href="https://hub\.example\.org/records/', feed, re.S)


def test_sizes_are_rounded_half_to_even_in_each_language() -> None:
    # the data page's sizes: one decimal, the language's mark and unit, ties to the even digit
    assert format_size(285_950, "en") == "286.0 kB"
    assert format_size(285_850, "en") == "285.8 kB"
    assert format_size(285_949, "en") == "285.9 kB"
    assert format_size(35_000_000, "fr") == "35,0\u202fMo"  # a narrow no-break space

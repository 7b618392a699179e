"""Machine-readable metadata: Atom feeds, schema.org JSON-LD and citation <meta> tags."""

from __future__ import annotations

import json
import re
from html import escape
from xml.etree import ElementTree as ET

from .catalogue import Hub, group_by_facet, record_page
from .records import RESEARCH, Record

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
SCHEMA_TYPES = {
    "article": "ScholarlyArticle", "book": "Book", "incollection": "Chapter", "inbook": "Chapter",
    "report": "Report", "techreport": "Report", "inproceedings": "ScholarlyArticle", "online": "WebPage",
    "research-centre": "ResearchOrganization", "training-centre": "EducationalOrganization",
    "knowledge-hub": "Organization", "network": "Organization", "organisation": "Organization",
    "tool": "CreativeWork", "guidance": "CreativeWork", "practice": "CreativeWork",
    "national-action-plan": "Legislation", "regional-action-plan": "Legislation",
    "resolution": "Legislation", "dataset": "Dataset", "pathway": "LearningResource",
}  # fmt: skip


def schema_type(record: Record) -> str:
    kind = record.get("entry_type") if record.collection == RESEARCH else record.type
    return SCHEMA_TYPES.get(str(kind), "CreativeWork")


def _person(name: dict[str, str]) -> dict:
    if name.get("corporate") or not name.get("first"):
        return {"@type": "Organization", "name": name.get("last", "")}
    return {
        "@type": "Person",
        "givenName": name["first"],
        "familyName": " ".join(x for x in (name.get("von"), name["last"]) if x),
    }


def json_ld(record: Record, hub: Hub) -> dict:
    """schema.org description of one record."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": schema_type(record),
        "name": record.title,
    }
    if record.get("summary"):
        data["description"] = str(record.get("summary"))
    if record.get("url"):
        data["url"] = str(record.get("url"))
    if record.get("doi"):
        data["sameAs"] = f"https://doi.org/{record.get('doi')}"
    if isinstance(record.get("year"), int):
        data["datePublished"] = str(record.get("year"))
    authors = [_person(p) for p in record.get("authors_parts") or [] if not p.get("others")]
    if authors:
        data["author"] = authors
    publisher = record.get("publisher") or record.get("institution") or record.get("host")
    if publisher:
        data["publisher"] = {"@type": "Organization", "name": str(publisher)}
    if record.get("journal"):
        data["isPartOf"] = {"@type": "Periodical", "name": str(record.get("journal"))}
    if record.get("topics"):
        data["keywords"] = [hub.vocab.topics.label(t) for t in record.get("topics")]
    if record.get("languages"):
        data["inLanguage"] = list(record.get("languages"))
    return data


def json_ld_script(record: Record, hub: Hub) -> str:
    text = (
        json.dumps(json_ld(record, hub), ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
    )
    return f'<script type="application/ld+json">{text}</script>'


def citation_meta(record: Record) -> str:
    """The <meta name="citation_*"> tags reference managers read, for research records."""
    if record.collection != RESEARCH:
        return ""
    tags: list[tuple[str, str]] = [("citation_title", record.title)]
    for person in record.get("authors_parts") or []:
        if person.get("others"):
            continue
        name = (
            person["last"]
            if person.get("corporate")
            else f"{' '.join(x for x in (person.get('von'), person['last']) if x)}, {person['first']}".strip(
                ", "
            )
        )
        tags.append(("citation_author", name))
    if record.get("year"):
        tags.append(("citation_publication_date", str(record.get("year"))))
    for tag, name in (("citation_journal_title", "journal"), ("citation_volume", "volume"), ("citation_issue", "number"),
                      ("citation_doi", "doi"), ("citation_isbn", "isbn"), ("citation_inbook_title", "booktitle")):  # fmt: skip
        if record.get(name):
            tags.append((tag, str(record.get(name))))
    publisher = record.get("publisher") or record.get("institution")
    if publisher:
        tags.append(
            (
                "citation_publisher"
                if record.get("entry_type") != "report"
                else "citation_technical_report_institution",
                str(publisher),
            )
        )
    pages = str(record.get("pages") or "").replace("--", "-")
    if pages:
        first, _, last = pages.partition("-")
        tags.append(("citation_firstpage", first.strip()))
        if last.strip():
            tags.append(("citation_lastpage", last.strip()))
    return "".join(
        f'<meta name="{name}" content="{escape(value, quote=True)}">' for name, value in tags
    )


XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text that XML 1.0 can carry: control characters other than tab and newlines removed."""
    return XML_INVALID.sub("", text)


def _timestamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def atom_feed(
    title: str, feed_path: str, records: list[Record], updated: str, use_directory_urls: bool
) -> str:
    """An Atom feed of the newest records (by `added`), links relative to the feed."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = xml_text(title)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:wpshub:feed:{feed_path}"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(updated)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=feed_path.rsplit("/", 1)[-1])
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "WPS Knowledge Hub"
    depth = feed_path.count("/")
    newest = sorted(records, key=lambda r: (str(r.get("added") or ""), r.title), reverse=True)[
        :FEED_SIZE
    ]
    for record in newest:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = xml_text(record.title)
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:wpshub:record:{record.id}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(
            str(record.get("last_verified") or record.get("added") or updated)
        )
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _timestamp(
            str(record.get("added") or updated)
        )
        ET.SubElement(
            entry, f"{{{ATOM}}}link", href="../" * depth + record_page(record, use_directory_urls)
        )
        if record.get("summary"):
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = xml_text(str(record.get("summary")))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def build_feeds(hub: Hub, use_directory_urls: bool) -> dict[str, str]:
    """feeds/new.xml, and one feed per topic and per region."""
    today = hub.today.isoformat()
    records = [r for r in hub.records if r.get("added")]
    files = {
        "feeds/new.xml": atom_feed(
            "WPS Knowledge Hub: new records", "feeds/new.xml", records, today, use_directory_urls
        )
    }
    for facet, folder, vocabulary in (
        ("topic", "topic", hub.vocab.topics),
        ("region", "region", hub.vocab.regions),
    ):
        groups = group_by_facet(hub, facet)
        if facet == "region":
            for key, value in group_by_facet(hub, "subregion").items():
                groups = {**groups, key: value}
        for value, members in groups.items():
            path = f"feeds/{folder}/{value}.xml"
            files[path] = atom_feed(
                f"WPS Knowledge Hub: {vocabulary.label(value)}",
                path,
                members,
                today,
                use_directory_urls,
            )
    return files


def record_heads(hub: Hub) -> dict[str, str]:
    """Page source path -> what goes into its <head>: JSON-LD, citation tags, feed link."""
    heads = {}
    for record in hub.records:
        src = record_page(record)[:-1] + ".md"
        heads[src] = json_ld_script(record, hub) + citation_meta(record)
    return heads


def set_record_lastmod(sitemap: str, site_url: str, hub: Hub) -> str:
    """In a sitemap, give each record page the date its facts were last verified."""
    base = site_url.rstrip("/") + "/"
    for record in hub.records:
        day = record.get("last_verified") or record.get("last_reviewed") or record.get("added")
        if not day:
            continue
        loc = f"<loc>{escape(base + record_page(record))}</loc>"
        start = sitemap.find(loc)
        if start < 0:
            continue
        open_tag = sitemap.find("<lastmod>", start)
        close_tag = sitemap.find("</lastmod>", open_tag)
        if open_tag < 0 or close_tag < 0 or sitemap.find("</url>", start) < open_tag:
            continue
        sitemap = sitemap[: open_tag + len("<lastmod>")] + str(day) + sitemap[close_tag:]
    return sitemap

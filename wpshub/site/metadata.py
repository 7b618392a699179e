"""Machine-readable metadata: Atom feeds, schema.org JSON-LD and citation <meta> tags."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

from ..data.records import RESEARCH, Record
from .catalogue import Hub, group_by_facet, record_page
from .render import Context, asset
from .templating import render, trusted

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
SCHEMA_TYPES = {
    "article": "ScholarlyArticle", "book": "Book", "incollection": "Chapter", "inbook": "Chapter",
    "report": "Report", "techreport": "Report", "inproceedings": "ScholarlyArticle", "online": "WebPage",
    # Organization for research centres: schema.org 12.0, which tests check against, has no
    # ResearchOrganization
    "research-centre": "Organization", "training-centre": "EducationalOrganization",
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


def in_language(record: Record, key: str, lang: str) -> str:
    """A record's title or summary in the page's language: the hub's translation where there
    is one, else the record's own."""
    return str(record.get(f"{key}_{lang}") or record.get(key) or "")


def json_ld(record: Record, hub: Hub, lang: str = "en") -> dict:
    """schema.org description of one record, with the properties its type has: an organisation
    has no author, publisher or language; a work has them, its editors and a headline."""
    kind = schema_type(record)
    data: dict = {"@context": "https://schema.org", "@type": kind, "name": record.title}
    description = in_language(record, "summary", lang)
    if description:
        data["description"] = description
    if record.get("url"):
        data["url"] = str(record.get("url"))
    if record.get("doi"):
        data["sameAs"] = f"https://doi.org/{record.get('doi')}"
    topics = [hub.vocab.topics.label(t, lang) for t in record.get("topics") or []]
    if kind.endswith("Organization"):
        if topics:  # what an organisation works on; `keywords` belongs to works
            data["knowsAbout"] = topics
        if record.get("host") and record.get("host") != record.title:
            data["parentOrganization"] = {"@type": "Organization", "name": str(record.get("host"))}
        return data
    data["headline"] = record.title
    if topics:
        data["keywords"] = topics
    if isinstance(record.get("year"), int):
        data["datePublished"] = str(record.get("year"))
    for key, parts in (("author", "authors_parts"), ("editor", "editors_parts")):
        people = [_person(p) for p in record.get(parts) or [] if not p.get("others")]
        if people:
            data[key] = people
    publisher = record.get("publisher") or record.get("institution") or record.get("host")
    if publisher:
        data["publisher"] = {"@type": "Organization", "name": str(publisher)}
    if record.get("journal"):
        data["isPartOf"] = {"@type": "Periodical", "name": str(record.get("journal"))}
    elif record.get("booktitle"):
        data["isPartOf"] = {"@type": "Book", "name": str(record.get("booktitle"))}
    if record.get("isbn"):
        isbn = str(record.get("isbn"))
        if kind == "Book":
            data["isbn"] = isbn
        else:  # only a Book has `isbn`; elsewhere it is an identifier that says what it is
            data["identifier"] = {"@type": "PropertyValue", "propertyID": "ISBN", "value": isbn}
    if record.get("number") and kind == "Report":
        data["reportNumber"] = str(record.get("number"))
    if record.get("languages"):
        data["inLanguage"] = list(record.get("languages"))
    return data


def json_ld_text(record: Record, hub: Hub, lang: str = "en") -> str:
    """A record's JSON-LD as the text of its script element: `<` and `>` written as JSON
    escapes, so no value can end the element."""
    return (
        json.dumps(json_ld(record, hub, lang), ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
    )


def json_ld_script(record: Record, hub: Hub, lang: str = "en") -> str:
    return render(
        "head.html",
        feeds=[],
        json_ld=trusted(json_ld_text(record, hub, lang)),
        citation=[],
        graph=[],
    )


def _citation_name(person: dict[str, str]) -> str:
    """`Family, Given` as Google Scholar and Zotero read it; a corporate name whole."""
    if person.get("corporate") or not person.get("first"):
        return person.get("last", "")
    family = " ".join(x for x in (person.get("von"), person["last"]) if x)
    return f"{family}, {person['first']}"


def citation_tags(record: Record) -> list[tuple[str, str]]:
    """The `citation_*` meta tags reference managers read, for research records."""
    if record.collection != RESEARCH:
        return []
    tags: list[tuple[str, str]] = [("citation_title", record.title)]
    for person in record.get("authors_parts") or []:
        if not person.get("others"):
            tags.append(("citation_author", _citation_name(person)))
    for person in record.get("editors_parts") or []:
        if not person.get("others"):
            tags.append(("citation_editor", _citation_name(person)))
    if record.get("year"):
        tags.append(("citation_publication_date", str(record.get("year"))))
    for tag, name in (("citation_journal_title", "journal"), ("citation_volume", "volume"),
                      ("citation_doi", "doi"), ("citation_isbn", "isbn"), ("citation_inbook_title", "booktitle")):  # fmt: skip
        if record.get(name):
            tags.append((tag, str(record.get(name))))
    if record.get("number") and record.get("entry_type") == "article":
        tags.append(("citation_issue", str(record.get("number"))))
    if record.get("number") and record.get("entry_type") in ("report", "techreport"):
        tags.append(("citation_technical_report_number", str(record.get("number"))))
    publisher = record.get("publisher") or record.get("institution")
    if publisher:
        tags.append(
            (
                "citation_publisher"
                if record.get("entry_type") not in ("report", "techreport")
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
    return tags


XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text that XML 1.0 can carry: control characters other than tab and newlines removed."""
    return XML_INVALID.sub("", text)


def _timestamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def atom_feed(
    title: str, feed_path: str, records: list[Record], updated: str, use_directory_urls: bool,
    site_url: str = "",
) -> str:  # fmt: skip
    """An Atom feed of the newest records (by `added`). Links are absolute when the site's
    address is known (feed readers resolve nothing else reliably), else relative to the feed."""
    ET.register_namespace("", ATOM)
    base = site_url.rstrip("/") + "/" if site_url else ""
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = xml_text(title)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:wpshub:feed:{feed_path}"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(updated)
    ET.SubElement(
        feed,
        f"{{{ATOM}}}link",
        rel="self",
        href=base + feed_path if base else feed_path.rsplit("/", 1)[-1],
    )
    if base:
        ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=base)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "WPS Knowledge Hub"
    up = base or "../" * feed_path.count("/")
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
        ET.SubElement(entry, f"{{{ATOM}}}link", href=up + record_page(record, use_directory_urls))
        if record.get("summary"):
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = xml_text(str(record.get("summary")))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def feed_groups(hub: Hub) -> dict[str, tuple[str, list[Record]]]:
    """Feed path -> (title, records): new records, and one feed per topic and per region."""
    feeds = {"feeds/new.xml": ("WPS Knowledge Hub: new records", list(hub.records))}
    for facet, vocabulary in (("topic", hub.vocab.topics), ("region", hub.vocab.regions)):
        groups = dict(group_by_facet(hub, facet))
        if facet == "region":
            groups.update(group_by_facet(hub, "subregion"))
        for value, members in groups.items():
            feeds[f"feeds/{facet}/{value}.xml"] = (
                f"WPS Knowledge Hub: {vocabulary.label(value)}",
                members,
            )
    return feeds


def build_feeds(hub: Hub, use_directory_urls: bool, site_url: str = "") -> dict[str, str]:
    """feeds/new.xml, and one feed per topic and per region."""
    today = hub.today.isoformat()
    return {
        path: atom_feed(
            title, path, [r for r in members if r.get("added")], today, use_directory_urls, site_url
        )
        for path, (title, members) in feed_groups(hub).items()
    }


def feeds_of_page(src: str) -> list[str]:
    """The feeds a page offers in its <head>: every page the new records; a topic's or a
    region's pages also theirs."""
    feeds = ["feeds/new.xml"]
    match = re.fullmatch(
        r"(?:browse/(topic|region|subregion)/|(regions)/)([a-z0-9-]+)(?:/index)?\.md", src
    )
    if match:
        facet = "topic" if match.group(1) == "topic" else "region"
        feeds.append(f"feeds/{facet}/{match.group(3)}.xml")
    return feeds


def short_description(text: str, limit: int = 300) -> str:
    """A summary cut at a word, for <meta name="description"> and OpenGraph."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def page_head(hub: Hub, src: str, ctx: Context, site_url: str, page_url: str, site_name: str) -> tuple[str, str]:  # fmt: skip
    """What a page's <head> gets beyond the theme's, in the page's language, and the page's
    own description ("" to keep the site's): feed links on every page; on a record page its
    JSON-LD, citation tags, OpenGraph and a description from its summary. Links are absolute
    when the site's address is known."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    titles = feed_groups_titles(hub)
    feeds = [
        {
            "title": feed_title(hub, path, ctx, site_name),
            "href": base + path if base else asset(src, path, ctx),
        }
        for path in feeds_of_page(src)
        if path in titles
    ]
    record = record_sources(hub).get(src)
    if record is None:
        return render("head.html", feeds=feeds, json_ld=None, citation=[], graph=[]), ""
    description = short_description(in_language(record, "summary", ctx.lang))
    kind = "website" if schema_type(record).endswith("Organization") else "article"
    graph = [("og:type", kind), ("og:title", record.title), ("og:site_name", site_name)]
    if description:
        graph.append(("og:description", description))
    if base:
        graph.append(("og:url", base + page_url))
    head = render(
        "head.html",
        feeds=feeds,
        json_ld=trusted(json_ld_text(record, hub, ctx.lang)),
        citation=citation_tags(record),
        graph=graph,
    )
    return head, description


def feed_title(hub: Hub, path: str, ctx: Context, site_name: str) -> str:
    """A feed's name in the page's language, for the link in its head (the feeds themselves
    are one, in English)."""
    if path == "feeds/new.xml":
        return ctx.t("feeds.new", site=site_name)
    _, facet, value = path[: -len(".xml")].split("/")
    vocabulary = hub.vocab.topics if facet == "topic" else hub.vocab.regions
    return ctx.t("feeds.of", site=site_name, name=vocabulary.label(value, ctx.lang))


def feed_groups_titles(hub: Hub) -> dict[str, str]:
    if "feed_titles" not in hub._cache:
        hub._cache["feed_titles"] = {
            path: title for path, (title, members) in feed_groups(hub).items()
            if any(r.get("added") for r in members)
        }  # fmt: skip
    return hub._cache["feed_titles"]


def record_sources(hub: Hub) -> dict[str, Record]:
    """Page source path (`records/x.md`) -> its record."""
    if "record_sources" not in hub._cache:
        hub._cache["record_sources"] = {
            record_page(record)[:-1] + ".md": record for record in hub.records
        }
    return hub._cache["record_sources"]

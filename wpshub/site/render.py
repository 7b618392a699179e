"""Pure rendering: records and vocabularies in, HTML fragments out. No file I/O here.

Every value from a record is escaped; links out are allowed only for http, https and mailto.
Generated pages are raw HTML inside a Markdown file, written without blank lines so that
Python-Markdown passes them through untouched.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from urllib.parse import urlencode, urlsplit

from markupsafe import Markup

from ..data.addresses import is_copy, safe_url, slugify
from ..data.linkstatus import REASON_TEXT as LINK_REASONS
from ..data.linkstatus import link_status_line
from ..data.records import RESEARCH, Record
from .bundles import pagefind_bundle, pagefind_bundle_count
from .catalogue import (
    FACETS,
    Hub,
    group_by_facet,
    record_page,
    record_year,
    related_records,
)
from .cite import apa_parts, as_html, chicago_parts
from .i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    format_size,
    language_prefix,
    translate,
    translate_count,
)
from .templating import macro, macro_of, render, trusted

DIRECTORY_TYPES = ("research-centre", "training-centre", "knowledge-hub", "network", "organisation")


@dataclass(frozen=True)
class Download:
    """The offline edition offered for download: file name, size in bytes, build date."""

    name: str
    size: int
    built: str
    path: str
    lang: str = ""  # set on a zip of one language only
    parts: tuple[Download, ...] = ()  # the zips of single languages built with this one


@dataclass(frozen=True)
class Context:
    """What rendering needs besides the data: URL style, edit links, offline edition."""

    use_directory_urls: bool = True
    edit_base: str = ""
    offline: bool = False
    download: Download | None = None
    lang: str = DEFAULT_LANGUAGE
    repository: str = ""  # the forge repository's address (mkdocs.yml extra.repository)
    contact: str = ""  # an e-mail address for people without a forge account (extra.contact)
    # whether the documents' text is in this build: online always, offline only when asked
    # (wpshub offline --with-documents), so that the zip stays small by default
    documents: bool = True

    def t(self, key: str, **values: object) -> str:
        """The interface text `key` in the page's language."""
        return translate(self.lang, key, **values)

    def n(self, key: str, count: int, **values: object) -> str:
        """The text `key` for `count` things, in the right plural form."""
        return translate_count(self.lang, key, count, **values)


def e(value: object) -> str:
    """Escape any value for HTML text or attribute."""
    return escape(str(value), quote=True)


def page_url(src_uri: str, ctx: Context) -> str:
    """Site-relative URL of a page from its source path (`records/x.md`)."""
    stem = language_prefix(ctx.lang) + (src_uri[:-3] if src_uri.endswith(".md") else src_uri)
    if stem == "index" or stem.endswith("/index"):
        folder = stem[: -len("index")]
        return folder if ctx.use_directory_urls else folder + "index.html"
    return stem + "/" if ctx.use_directory_urls else stem + ".html"


def relative_path(path: str, start: str) -> str:
    """`posixpath.relpath` for the site's own relative paths (no `..` in them), without the
    two `abspath` calls it makes each time: a build asks this some 50,000 times per language."""
    if not path or path.startswith("/") or start.startswith("/") or ".." in f"{path}/{start}":
        return posixpath.relpath(path, start)  # not a path the site makes: the library's rule
    to = [part for part in path.split("/") if part not in ("", ".")]
    at = [part for part in start.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(to), len(at)) and to[common] == at[common]:
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


def href(from_src: str, to_src: str, ctx: Context) -> str:
    """Relative link from one page to another, so the site works under any base path."""
    source, target = page_url(from_src, ctx), page_url(to_src, ctx)
    base = source if source.endswith("/") or source == "" else posixpath.dirname(source)
    base = base.rstrip("/") or "."
    if target.endswith("/") or target == "":
        rel = relative_path(target.rstrip("/") or ".", base)
        return "./" if rel == "." else rel + "/"
    return relative_path(target, base)


def asset(from_src: str, path: str, ctx: Context) -> str:
    """Relative link from a page to a static file such as `assets/explore.js`."""
    source = page_url(from_src, ctx)
    base = source if source.endswith("/") else posixpath.dirname(source)
    return relative_path(path, base.rstrip("/") or ".")


def record_src(record: Record) -> str:
    return record_page(record)[:-1] + ".md"


def browse_src(facet: str, value: str | None = None) -> str:
    if value is None:
        return f"browse/{facet}/index.md"
    return f"browse/{facet}/{slugify(value) or 'x'}.md"


def facet_label(hub: Hub, facet: str, value: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Human label of a facet value, in `lang` when the vocabulary has it."""
    if not FACETS[facet]:
        return value
    return hub.vocab.named(FACETS[facet]).label(value, lang)


def term_description(hub: Hub, facet: str, value: str, ctx: Context) -> str:
    """A vocabulary term's description in the page's language.

    Countries and regions have descriptions made from their UN M49 place, so they are made
    again here from the translated names; other vocabularies carry their translations.
    """
    vocabulary = hub.vocab.named(FACETS[facet])
    if value not in vocabulary:
        return ""
    term = vocabulary[value]
    if ctx.lang == DEFAULT_LANGUAGE or FACETS[facet] not in ("countries", "regions"):
        return vocabulary.description(value, ctx.lang)
    regions = hub.vocab.regions

    def place(ids: list[str]) -> str:
        names = [regions.label(i, ctx.lang) for i in ids if i and i in regions]
        rest = ctx.t("list.separator").join(names[1:])
        return names[0] + (f" ({rest})" if rest else "") if names else ""

    if FACETS[facet] == "countries":
        area = place([term.get("intermediate_region"), term.get("subregion"), term.get("region")])
        return ctx.t("vocab.country", area=area, code=term.get("m49", ""))
    level = term.get("level")
    if level == "global":
        return ctx.t("vocab.global")
    if level == "region":
        return ctx.t("vocab.region", code=term.get("m49", ""))
    parent = term.get("parent")
    chain = [parent, regions[parent].get("parent") if parent in regions else None]
    return ctx.t(
        "vocab.subregion", area=place([c for c in chain if c != "global"]), code=term.get("m49", "")
    )


def ordered_values(hub: Hub, facet: str, groups: dict[str, list[Record]]) -> list[str]:
    """Facet values in reading order: vocabulary order, or newest year first."""
    if not FACETS[facet]:
        return sorted(groups, key=lambda v: (-int(v) if v.isdigit() else 0, v))
    vocabulary = hub.vocab.named(FACETS[facet])
    return [t.id for t in vocabulary if t.id in groups] + sorted(
        v for v in groups if v not in vocabulary
    )


# --- pieces -------------------------------------------------------------------------------


def chip_groups(record: Record, hub: Hub, from_src: str, ctx: Context) -> list[dict]:
    """Every facet value of a record with the link to its browse page, grouped by facet."""
    return [
        {
            "label": ctx.t(f"facet.{facet}"),
            "chips": [
                {
                    "href": href(from_src, browse_src(facet, v), ctx),
                    "label": facet_label(hub, facet, v, ctx.lang),
                }
                for v in hub.facet(record, facet)
            ],
        }
        for facet in FACETS
        if hub.facet(record, facet)
    ]


def kind_and_year(kind: str, year: object) -> str:
    """The "kind · year" line of cards, record pages, Explore's results and the offline
    edition's: the one place it is written."""
    return f"{kind} · {year}" if year else kind


def record_kind(record: Record, hub: Hub, lang: str) -> str:
    """A record's kind in `lang`, with its year when it has one."""
    kind = facet_label(hub, "type", hub.facet(record, "type")[0], lang)
    return kind_and_year(kind, record_year(record))


def short_summary(summary: str, limit: int = 240) -> str:
    """A summary for a card: cut at a word, with an ellipsis, when longer than `limit`."""
    return summary if len(summary) <= limit else summary[: limit - 3].rsplit(" ", 1)[0] + "…"


def card(record: Record, hub: Hub, from_src: str, ctx: Context) -> Markup:
    """A record's card for lists, as the `card` macro writes it: title link, kind and year
    (and up to three countries), summary. A record's card is the same on every page whose way
    to the records' folder is the same, and list pages show thousands, each record on several:
    a card is made once per language and such way (only the current language's are kept)."""
    if from_src == record_src(record):
        return trusted(macro("card", card_fields(record, hub, from_src, ctx)))
    kept = hub._cache.get("cards")
    if kept is None or kept[0] != ctx:
        kept = hub._cache["cards"] = (ctx, {}, macro_of("card"))
    _, cards, make = kept
    key = (records_prefix(from_src, hub, ctx), record.id)
    if key not in cards:
        cards[key] = make(card_fields(record, hub, from_src, ctx))
    return cards[key]


def card_fields(record: Record, hub: Hub, from_src: str, ctx: Context) -> dict:
    """What a record's card shows: {href, title, meta, summary}."""
    summary = short_summary(record.get("summary") or "")
    place = ctx.t("list.separator").join(
        facet_label(hub, "country", c, ctx.lang) for c in hub.facet(record, "country")[:3]
    )
    meta = record_kind(record, hub, ctx.lang) + (f" · {place}" if place else "")
    return {
        "href": record_href(from_src, record, hub, ctx),
        "title": record.title,
        "meta": meta,
        "summary": summary,
    }


def records_prefix(from_src: str, hub: Hub, ctx: Context) -> str:
    """The way from a page to the records' folder, worked out once per page."""
    key = ("records href", from_src, ctx)
    if key not in hub._cache:
        hub._cache[key] = href(from_src, "records/index.md", ctx).removesuffix("index.html")
    return hub._cache[key]


def record_href(from_src: str, record: Record, hub: Hub, ctx: Context) -> str:
    """`href` to a record's page from a page other than its own: the way to the records'
    folder and the record's folder or file in it (a list page links to thousands)."""
    if from_src == record_src(record):
        return href(from_src, from_src, ctx)
    page = record_page(record, ctx.use_directory_urls)
    return records_prefix(from_src, hub, ctx) + page.removeprefix("records/")


def render_card_list(records: list[Record], hub: Hub, from_src: str, ctx: Context) -> str:
    cards = [card(r, hub, from_src, ctx) for r in records]
    return macro("card_list", cards, ctx.t("empty.records"))


def _fields(record: Record, hub: Hub, ctx: Context) -> list[dict]:
    """Label and value of each descriptive field a record has (a DOI with its link)."""
    rows: list[dict] = []

    def add(key: str, value: object, link: str | None = None, lang: str | None = None) -> None:
        if value not in (None, "", []):
            row = {"label": ctx.t(f"field.{key}"), "text": str(value), "href": link, "lang": lang}
            rows.append(row)

    # the publisher's own English title of a record published in another language
    add("title_en", record.get("title_en"), lang="en")
    if record.collection == RESEARCH:
        add("authors", "; ".join(record.get("authors") or []))
        add("editors", "; ".join(record.get("editors") or []))
        add("published_in", record.get("journal") or record.get("booktitle"))
        add("volume", record.get("volume"))
        add("issue", record.get("number"))
        add("pages", (record.get("pages") or "").replace("--", "–"))
        add(
            "publisher",
            record.get("publisher") or record.get("institution") or record.get("organization"),
        )
        add("year", record.get("year"))
        add("isbn", record.get("isbn"))
        add("note", record.get("note"))
    else:
        add("publisher", record.get("publisher"))
        add("host", record.get("host"))
        add("city", record.get("city"))
        add("year", record.get("year"))
        add("established", record.get("established"))
        if record.get("issuer"):
            issuer = record["issuer"]
            name = (
                hub.vocab.countries.label(issuer, ctx.lang)
                if issuer in hub.vocab.countries
                else hub.vocab.organisations.label(issuer, ctx.lang)
            )
            add("issued_by", name)
        if record.get("period_start"):
            end = record.get("period_end")
            add(
                "period",
                f"{record['period_start']}–{end}"
                if end
                else ctx.t("plan.open_period", start=record["period_start"]),
            )
            add("status", ctx.t(f"status.{plan_status(record, hub.today.year)}"))
        add("adopted", record.get("adopted"))
        add("resolution", record.get("number"))
    doi = record.get("doi")
    if isinstance(doi, str) and doi:
        add("doi", doi, f"https://doi.org/{doi}")
    return rows


def plan_status(record: Record, year: int) -> str:
    """current, expired, upcoming or open-ended, from the plan's period and the build year."""
    start, end = record.get("period_start"), record.get("period_end")
    if not isinstance(start, int):
        return ""
    if start > year:
        return "upcoming"
    if end is None:
        return "open-ended"
    return "current" if end >= year else "expired"


# --- pages --------------------------------------------------------------------------------


def render_pathway_page(pathway: Record, hub: Hub, ctx: Context) -> GeneratedPage:
    """A pathway: its steps in order, each with the record's card, its note and progress."""
    src = record_src(pathway)
    by_id = {r.id: r for r in hub.records}
    steps = pathway.get("steps") or []
    audience = ctx.t("list.separator").join(
        hub.vocab.audiences.label(a, ctx.lang) for a in pathway.get("audience") or []
    )
    items = []
    for number, step in enumerate(steps, start=1):
        record = by_id[step["record"]]
        url = safe_url(record.get("url"))
        items.append(
            {
                "count": ctx.t("pathway.step", number=number, total=len(steps)),
                "href": href(src, record_src(record), ctx),
                "title": record.title,
                "kind": record_kind(record, hub, ctx.lang),
                "note": step["note"],
                "link": {"href": url, "host": urlsplit(url).hostname or ""} if url else None,
            }
        )
    steps_count = ctx.n("count.steps", len(steps))
    body = render(
        "pathway.html",
        t=ctx.t,
        kind=ctx.t("pathway.kind", audience=audience),
        steps_count=steps_count,
        title=pathway.title,
        summary=pathway.get("summary") or "",
        translated=translation(pathway, ctx),
        steps=items,
        pagefind={
            "filters": [(f, v) for f in FACETS for v in hub.facets[pathway.id][f]],
            "all": False,
            "year": 0,
            "kind": f"{ctx.t('type.pathway')} · {steps_count}",
        },
        audience=audience,
        maintainer=pathway.get("maintainer") or "",
        last_reviewed=pathway.get("last_reviewed") or "",
        added=pathway.get("added") or "",
        path=pathway.path,
    )
    return GeneratedPage(title=pathway.title, html=body)


# download, and the catalogue key of its label and description
DATA_FILES = (
    ("data/catalogue.json", "data.catalogue_json"),
    ("data/catalogue.csv", "data.catalogue_csv"),
    ("data/research.bib", "data.research_bib"),
    ("data/research.ris", "data.research_ris"),
    ("data/research.csl.json", "data.research_csl"),
)
METADATA_LICENCE = "CC0 1.0 Universal (public domain dedication)"


def render_data_page(hub: Hub, exports: dict[str, str], ctx: Context) -> GeneratedPage:
    """The open-data page: each download with its count, size and build date, and the licence."""
    src = "data.md"
    research = sum(1 for r in hub.records if r.collection == RESEARCH)
    files = [
        {
            "href": asset(src, path, ctx),
            "label": ctx.t(f"{key}.label"),
            "count": research if "research" in path else len(hub.records),
            "bytes": len(exports[path].encode("utf-8")),
            "about": ctx.t(f"{key}.about"),
        }
        for path, key in DATA_FILES
    ]
    body = render(
        "data.html",
        t=ctx.t,
        lang=ctx.lang,
        intro=ctx.t("data.intro", date=hub.today.isoformat(), licence=METADATA_LICENCE),
        files=files,
        feed=asset(src, "feeds/new.xml", ctx),
        health=href(src, "health.md", ctx),
    )
    return GeneratedPage(title=ctx.t("data.title"), html=body)


def render_pathways_index(hub: Hub, ctx: Context) -> GeneratedPage:
    """Every pathway, for the nav and the home page."""
    cards = pathway_cards(hub, "pathways/index.md", ctx)
    body = render("pages.html", part="pathways", t=ctx.t, cards=cards)
    return GeneratedPage(title=ctx.t("pathways.title"), html=body)


def render_pathway_list(hub: Hub, src: str, ctx: Context) -> str:
    return macro("card_list", pathway_cards(hub, src, ctx), ctx.t("pathways.none"))


def pathway_cards(hub: Hub, src: str, ctx: Context) -> list[Markup]:
    """Every pathway as a card: for whom, how many steps."""
    cards = []
    for pathway in (r for r in hub.records if r.collection == "pathways"):
        audience = ctx.t("list.separator").join(
            hub.vocab.audiences.label(a, ctx.lang) for a in pathway.get("audience") or []
        )
        count = ctx.n("count.steps", len(pathway.get("steps") or []))
        fields = {
            "href": href(src, record_src(pathway), ctx),
            "title": pathway.title,
            "meta": f"{ctx.t('pathway.for_audience', audience=audience)} · {count}",
            "summary": pathway.get("summary") or "",
        }
        cards.append(trusted(macro("card", fields)))
    return cards


CITATION_STYLES = {"apa": apa_parts, "chicago": chicago_parts}


def citation_html(record: Record, hub: Hub, style: str) -> str:
    """A record's citation in one style, as HTML: the same in every language, so made once a
    build and shown again on the record's page in the other languages."""
    made = hub._cache.setdefault("citations", {})
    key = (id(record), style)
    if key not in made:
        made[key] = as_html(CITATION_STYLES[style](record, accessed=hub.today))
    return made[key]


def render_record_page(record: Record, hub: Hub, ctx: Context) -> GeneratedPage:
    """The page of one record: metadata, link out, chips, related records, provenance."""
    if record.collection == "pathways":
        return render_pathway_page(record, hub, ctx)
    src = record_src(record)
    facets = hub.facets[record.id]
    kind = record_kind(record, hub, ctx.lang)
    url = safe_url(record.get("url"))
    checked = link_status_line(hub.link_status, url) if url else None
    slug = record_page(record).split("/")[1]
    if ctx.edit_base:
        edit = {"href": ctx.edit_base.rstrip("/") + "/" + record.path, "external": True}
    else:
        edit = {"href": href(src, "contribute.md", ctx) + "#edit-a-record", "external": False}
    correct = None
    if safe_url(ctx.repository):
        correct = issue_form_url(
            ctx,
            CORRECT_FORM,
            title=f"Correction: {record.id}",
            record=f"{record.id} ({record.path})",
        )
    body = render(
        "record.html",
        t=ctx.t,
        kind=kind,
        title=record.title,
        summary=record.get("summary"),
        translated=translation(record, ctx),
        link={"href": url, "host": urlsplit(url).hostname or ""} if url else None,
        checked={"status": checked[0], "text": link_check_text(checked, hub, url, ctx)}
        if checked and url
        else None,
        fulltext=fulltext_lines(record, hub, ctx),
        fields=_fields(record, hub, ctx),
        chip_groups=chip_groups(record, hub, src, ctx),
        pagefind={
            "filters": [(facet, value) for facet in FACETS for value in facets[facet]],
            "all": True,
            "year": record_year(record) or 0,
            "kind": kind,
        },
        citations=[
            {
                "id": "apa",
                "name": "APA 7",
                "html": trusted(citation_html(record, hub, "apa")),
            },
            {
                "id": "chicago",
                "name": ctx.t("cite.chicago"),
                "html": trusted(citation_html(record, hub, "chicago")),
            },
        ],
        downloads=[
            {"href": asset(src, f"data/records/{slug}.{ext}", ctx), "label": label}
            for ext, label in (("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON"))
        ],
        on_pathways=[
            {
                "href": f"{href(src, record_src(p), ctx)}#step-{n}",
                "title": p.title,
                "step": ctx.t("pathway.on_step", number=n, total=total),
            }
            for p, n, total in hub.pathways_of(record)
        ],
        related=[card(r, hub, src, ctx) for r in related_records(record, hub)],
        source=[source_item(s, ctx) for s in record.get("source") or []],
        last_verified=record.get("last_verified") or ctx.t("provenance.not_stated"),
        added=record.get("added") or "",
        notes=record.get("notes"),
        path=record.path,
        edit=edit,
        correct=correct,
    )
    return GeneratedPage(title=record.title, html=body)


@dataclass(frozen=True)
class GeneratedPage:
    """A page the hub generates: its title and its finished HTML body.

    The Markdown file MkDocs sees holds only the title; the body is put in place after
    Markdown (hooks `on_page_content`), because Python-Markdown's raw-HTML pass costs more
    than the whole theme rendering on pages that list thousands of records.
    """

    title: str
    html: str

    @property
    def markdown(self) -> str:
        # the theme prints page titles unescaped: escape here, once
        return f"---\ntitle: {json.dumps(e(self.title))}\n---\n"


def render_browse_value(
    hub: Hub, facet: str, value: str, records: list[Record], ctx: Context, extra: str = ""
) -> GeneratedPage:
    """One browse page: every record with this facet value."""
    src = browse_src(facet, value)
    label = facet_label(hub, facet, value, ctx.lang)
    vocabulary = hub.vocab.named(FACETS[facet]) if FACETS[facet] else None
    body = render(
        "browse.html",
        t=ctx.t,
        page="value",
        up={"href": href(src, browse_src(facet), ctx), "label": ctx.t(f"facets.{facet}")},
        title=label,
        description=term_description(hub, facet, value, ctx) if vocabulary else "",
        count=ctx.n("count.records", len(records)),
        explore=f"{href(src, 'explore.md', ctx)}?{urlencode({facet: value})}",
        extra=trusted(extra),
        cards=[card(r, hub, src, ctx) for r in records],
    )
    return GeneratedPage(title=f"{label} ({ctx.t(f'facet.{facet}')})", html=body)


def value_links(hub: Hub, facet: str, src: str, ctx: Context, ordered: list[str]) -> list[dict]:
    """Each value of a facet with the link to its browse page and its count."""
    groups = group_by_facet(hub, facet)
    return [
        {
            "href": href(src, browse_src(facet, v), ctx),
            "label": facet_label(hub, facet, v, ctx.lang),
            "count": len(groups[v]),
        }
        for v in ordered
    ]


def render_browse_facet(
    hub: Hub, facet: str, groups: dict[str, list[Record]], ctx: Context
) -> GeneratedPage:
    """The list of values of one facet with their counts."""
    src = browse_src(facet)
    body = render(
        "browse.html",
        t=ctx.t,
        page="facet",
        up={"href": href(src, "browse/index.md", ctx), "label": ctx.t("browse.title")},
        title=ctx.t(f"facets.{facet}"),
        items=value_links(hub, facet, src, ctx, ordered_values(hub, facet, groups)),
    )
    return GeneratedPage(title=ctx.t(f"facets.{facet}"), html=body)


def render_browse_index(hub: Hub, ctx: Context) -> GeneratedPage:
    """Entry to every facet."""
    src = "browse/index.md"
    items = [
        {
            "href": href(src, browse_src(facet), ctx),
            "label": ctx.t(f"facets.{facet}"),
            "count": len(group_by_facet(hub, facet)),
        }
        for facet in FACETS
    ]
    body = render("browse.html", t=ctx.t, page="index", title=ctx.t("browse.heading"), items=items)
    return GeneratedPage(title=ctx.t("browse.title"), html=body)


def render_directory(hub: Hub, ctx: Context) -> GeneratedPage:
    """Centres of excellence, knowledge hubs, networks and organisations, by region and kind."""
    src = "centres.md"
    members = [r for r in hub.records if r.type in DIRECTORY_TYPES]
    by_region: dict[str, list[Record]] = {}
    for record in members:
        regions = [v for v in hub.facet(record, "region") if v != "global"] or ["global"]
        for region in regions:
            by_region.setdefault(region, []).append(record)
    sections = []
    for region in (t.id for t in hub.vocab.regions if t.id in by_region):
        kinds = []
        for kind in DIRECTORY_TYPES:
            records = [r for r in by_region[region] if r.type == kind]
            if records:
                cards = [card(r, hub, src, ctx) for r in records]
                kinds.append({"label": hub.vocab.types.label(kind, ctx.lang), "cards": cards})
        label = hub.vocab.regions.label(region, ctx.lang)
        heading = label if region != "global" else ctx.t("directory.global")
        sections.append({"id": region, "label": label, "heading": heading, "kinds": kinds})
    body = render(
        "directory.html",
        t=ctx.t,
        intro=ctx.t("directory.intro", count=len(members)),
        regions=sections,
    )
    return GeneratedPage(title=ctx.t("directory.title"), html=body)


def fulltext_lines(record: Record, hub: Hub, ctx: Context) -> list[dict]:
    """ "Full text indexed (34 pages, fetched ...)" for each document of the record whose text
    this build searches, with the address it was fetched from."""
    if not ctx.documents:
        return []
    lines = []
    for document in hub.documents.get(record.id, []):
        url = safe_url(document.url)
        if document.pages:
            pages = ctx.n("count.pages", document.pages)
            text = ctx.t("record.fulltext", pages=pages, date=document.fetched)
        else:
            text = ctx.t("record.fulltext_page", date=document.fetched)
        lines.append({"text": text, "href": url, "host": urlsplit(url).hostname if url else ""})
    return lines


def documents_in_build(hub: Hub, ctx: Context) -> dict:
    """Record id -> documents whose text this build indexes (none offline unless asked)."""
    return hub.documents if ctx.documents else {}


EXPLORE_CHUNK = 10  # records per file of Explore's index, and per "Show more"


def explore_order(hub: Hub) -> list[Record]:
    """The order Explore shows records in without words: newest first, then by title."""
    return sorted(hub.records, key=lambda r: (-(record_year(r) or 0), r.title.casefold(), r.id))


def explore_item(record: Record, hub: Hub, ctx: Context) -> dict[str, str]:
    """What a result card shows: title, site-relative page, kind, short summary."""
    return {
        "t": record.title,
        "p": page_url(record_src(record), ctx),
        "k": record_kind(record, hub, ctx.lang),
        "s": short_summary(str(record.get("summary") or "")),
    }


def render_explore_panel(hub: Hub, src: str, ctx: Context) -> str:
    """The filter panel and result list of the explore page (driven by assets/explore.js)."""
    facets = []
    for facet in FACETS:
        groups = group_by_facet(hub, facet)
        ordered = ordered_values(hub, facet, groups)
        if ordered:
            values = [
                {"id": v, "label": facet_label(hub, facet, v, ctx.lang), "count": len(groups[v])}
                for v in ordered
            ]
            facets.append(
                {
                    "id": facet,
                    "label": ctx.t(f"facet.{facet}"),
                    "open": facet in ("type", "topic", "region"),
                    "values": values,
                }
            )
    with_text = documents_in_build(hub, ctx)
    if with_text:
        # "words found in the document itself": with words, only matches inside documents;
        # without words, the records whose document is searchable
        value = {"id": "document", "label": ctx.t("explore.in_document"), "count": len(with_text)}
        facets.append({"id": "in", "label": ctx.t("facet.in"), "open": True, "values": [value]})
    index = asset(src, language_prefix(ctx.lang) + "explore-index/meta.json", ctx)
    # online, the first results of the view without filters are in the page itself: a reader
    # on a slow link sees them before any script or index file arrives (explore.js replaces
    # them when the address asks for another view)
    first = []
    if not ctx.offline:
        for record in explore_order(hub)[:EXPLORE_CHUNK]:
            item = explore_item(record, hub, ctx)
            first.append({**item, "href": href(src, record_src(record), ctx)})
    count = len(hub.records)
    status = explore_strings(ctx)["one" if count == 1 else "other"].replace("{n}", str(count))
    return render(
        "explore.html",
        first=first,
        first_status=status if count else explore_strings(ctx)["none"],
        t=ctx.t,
        pagefind=asset(src, pagefind_bundle(ctx.lang) + "pagefind.js", ctx),
        # a language's further bundles, for Pagefind to merge (one record count, one rule)
        more_bundles=[
            asset(src, pagefind_bundle(ctx.lang, index), ctx)
            for index in range(1, pagefind_bundle_count(len(hub.records)))
        ],
        site_root=asset(src, "index.html", ctx)[: -len("index.html")] or "./",
        total=len(hub.records),
        index=None if ctx.offline else index[: -len("meta.json")],
        strings=json.dumps(explore_strings(ctx), ensure_ascii=False),
        labels=json.dumps(missing_labels(hub, ctx), ensure_ascii=False),
        contribute=href(src, "contribute.md", ctx),
        facets=facets,
        catalogue=asset(src, offline_catalogue_path(ctx.lang), ctx) if ctx.offline else None,
        script=asset(src, "assets/explore.js", ctx),
    )


def render_counts(hub: Hub, src: str, ctx: Context) -> str:
    """Live counts by record type, for the home page."""
    groups = group_by_facet(hub, "type")
    order = [t.id for t in hub.vocab.types if t.id in groups]
    if RESEARCH in groups and RESEARCH not in order:
        order.append(RESEARCH)
    total = ctx.t(
        "home.total",
        records=len(hub.records),
        countries=len(group_by_facet(hub, "country")),
        date=hub.today.isoformat(),
    )
    counts = [
        {
            "href": href(src, browse_src("type", t), ctx),
            "count": len(groups[t]),
            "label": facet_label(hub, "type", t, ctx.lang),
        }
        for t in order
    ]
    return render("home.html", t=ctx.t, part="counts", total=total, counts=counts)


def render_entry_points(hub: Hub, facet: str, src: str, ctx: Context, limit: int = 0) -> str:
    """Links to the browse pages of one facet, most records first."""
    groups = group_by_facet(hub, facet)
    ordered = ordered_values(hub, facet, groups)
    if limit:
        ordered = sorted(ordered, key=lambda v: -len(groups[v]))[:limit]
    return macro("values", value_links(hub, facet, src, ctx, ordered))


def render_latest(hub: Hub, src: str, ctx: Context, limit: int = 8) -> str:
    """The most recently added records."""
    latest = sorted(hub.records, key=lambda r: (str(r.get("added") or ""), r.title), reverse=True)[
        :limit
    ]
    return render_card_list(latest, hub, src, ctx)


def render_search_box(src: str, ctx: Context) -> str:
    """A plain form that sends the words to the explore page."""
    return render("home.html", t=ctx.t, part="search", action=href(src, "explore.md", ctx))


def render_download(hub: Hub, src: str, ctx: Context) -> str:
    """Where to get the offline edition, with its size and build date; the zips of single
    languages, smaller, beside the whole one."""
    download, parts = None, []
    if ctx.download is not None:
        size = format_size(ctx.download.size, ctx.lang)
        name, built = ctx.download.name, ctx.download.built
        download = {
            "href": asset(src, f"downloads/{name}", ctx),
            "text": ctx.t("download.file", name=name, size=size, date=built),
        }
        parts = [
            {
                "href": asset(src, f"downloads/{part.name}", ctx),
                "lang": part.lang,
                "name": LANGUAGE_NAMES[part.lang],
                "bytes": part.size,
            }
            for part in ctx.download.parts
        ]
    return render(
        "home.html",
        t=ctx.t,
        lang=ctx.lang,
        part="download",
        offline=ctx.offline,
        date=hub.today.isoformat(),
        download=download,
        parts=parts,
    )


def missing_labels(hub: Hub, ctx: Context) -> dict[str, dict[str, str]]:
    """Names of the places and organisations no record has yet, so that Explore can say
    "no records for Yemen yet" for an address that asks for one."""
    labels: dict[str, dict[str, str]] = {}
    for facet in ("country", "organisation"):
        present = group_by_facet(hub, facet)
        vocabulary = hub.vocab.named(FACETS[facet])
        labels[facet] = {
            t.id: vocabulary.label(t.id, ctx.lang) for t in vocabulary if t.id not in present
        }
    return labels


def explore_strings(ctx: Context) -> dict[str, str]:
    """What explore.js says, in the page's language."""
    keys = ("searching", "none", "failed", "one", "other", "missing", "add", "filters", "page")
    keys += ("open_page", "in_document")
    return {key: ctx.t(f"explore.js.{key}") for key in keys}


def offline_catalogue_path(lang: str) -> str:
    """Where the offline edition's catalogue script for one language lives."""
    return (
        "assets/offline-catalogue.js"
        if lang == DEFAULT_LANGUAGE
        else f"assets/offline-catalogue.{lang}.js"
    )


def translation(record: Record, ctx: Context) -> dict | None:
    """A contributor's translation of the title and summary into the page's language."""
    if ctx.lang == DEFAULT_LANGUAGE:
        return None
    title, summary = record.get(f"title_{ctx.lang}"), record.get(f"summary_{ctx.lang}")
    if not (title or summary):
        return None
    note = ctx.t("record.translation_note")
    return {"lang": ctx.lang, "note": note, "title": title, "summary": summary}


def link_check_text(checked: tuple[str, str], hub: Hub, url: str, ctx: Context) -> str:
    """The link checker's line (wpshub/tools/linkcheck.py) in the page's language: a date, a status
    code and a reason from the checker's fixed list, never text a server sent."""
    entry = hub.link_status.get("links", {}).get(url, {})
    if checked[0] == "broken":
        code, reason = entry.get("code"), entry.get("reason")
        if reason == "http-status" or (entry.get("status") == "broken" and code):
            text = f"HTTP {code}"
        else:
            text = ctx.t(f"linkcheck.reason.{reason if reason in LINK_REASONS else 'connection'}")
        since = entry.get("broken_since") or entry.get("last_checked")
        return ctx.t("linkcheck.broken", date=since, reason=text)
    if checked[0] == "redirected":
        return ctx.t("linkcheck.redirected", date=entry.get("last_checked"))
    return ctx.t("linkcheck.ok", date=entry.get("last_checked"))


def render_marker(name: str, hub: Hub, src: str, ctx: Context) -> str:
    """Content for a `<!-- wpshub:NAME -->` marker in a hand-written page."""
    renderers = {
        "counts": lambda: render_counts(hub, src, ctx),
        "search": lambda: render_search_box(src, ctx),
        "regions": lambda: render_entry_points(hub, "region", src, ctx),
        "topics": lambda: render_entry_points(hub, "topic", src, ctx, limit=12),
        "types": lambda: render_entry_points(hub, "type", src, ctx),
        "latest": lambda: render_latest(hub, src, ctx),
        "explore": lambda: render_explore_panel(hub, src, ctx),
        "download": lambda: render_download(hub, src, ctx),
        "pathways": lambda: render_pathway_list(hub, src, ctx),
        "channel": lambda: render_channel(ctx),
    }
    if name not in renderers:
        raise KeyError(name)
    return renderers[name]()


MARKERS = (
    "channel",
    "counts",
    "search",
    "regions",
    "topics",
    "types",
    "latest",
    "explore",
    "download",
    "pathways",
)


def source_item(source: str, ctx: Context, by_host: bool = False) -> dict:
    """A source as a link with its whole address (with its host only when `by_host`, as
    tables show it); a mirror copy named, never linked; a citation as text."""
    address, mirror = _address_kind(source)
    if address and not mirror:
        return {"href": source, "text": _host(source) if by_host else source, "mirror": None}
    if address:
        return {"href": None, "text": source, "mirror": ctx.t("plans.mirror", host=_host(source))}
    return {"href": None, "text": source, "mirror": None}


@lru_cache(maxsize=65536)
def _address_kind(source: str) -> tuple[bool, bool]:
    """Whether a source is a safe address, and whether that address is a mirror copy: a plan's
    sources are shown on its country, region and organisation pages in every language."""
    address = bool(safe_url(source))
    return address, address and is_copy(source)


def _host(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host[4:] if host.startswith("www.") else host


SUGGEST_FORM = "suggest-a-resource.yml"
CORRECT_FORM = "correct-a-record.yml"


def issue_form_url(ctx: Context, form: str, **fields: str) -> str:
    """The forge's new-issue address for one of the repository's issue forms, prefilled."""
    query = urlencode({"template": form, **fields})
    return f"{ctx.repository.rstrip('/')}/issues/new?{query}"


def render_channel(ctx: Context) -> str:
    """The ways to reach the maintainers: the issue forms, the repository, an address."""
    items = []
    if safe_url(ctx.repository):
        items += [
            (
                issue_form_url(ctx, SUGGEST_FORM),
                ctx.t("channel.suggest"),
                ctx.t("channel.suggest_about"),
            ),
            (
                issue_form_url(ctx, CORRECT_FORM),
                ctx.t("channel.correct"),
                ctx.t("channel.correct_about"),
            ),
            (ctx.repository, ctx.t("channel.repository"), ctx.t("channel.repository_about")),
        ]
    if EMAIL.fullmatch(ctx.contact):
        items.append((f"mailto:{ctx.contact}", ctx.contact, ctx.t("channel.contact_about")))
    links = [{"href": url, "label": label, "about": about} for url, label, about in items]
    return render("home.html", t=ctx.t, part="channel", items=links)


EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[a-z]{2,}", re.IGNORECASE)

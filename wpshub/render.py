"""Pure rendering: records and vocabularies in, HTML fragments out. No file I/O here.

Every value from a record is escaped; links out are allowed only for http, https and mailto.
Generated pages are raw HTML inside a Markdown file, written without blank lines so that
Python-Markdown passes them through untouched.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from .catalogue import (
    FACETS,
    Hub,
    group_by_facet,
    record_page,
    record_year,
    related_records,
    slugify,
)
from .cite import apa_parts, as_html, chicago_parts
from .linkcheck import link_status_line
from .records import RESEARCH, Record

SAFE_SCHEMES = ("http", "https", "mailto")
FACET_LABELS = {
    "type": "Type",
    "topic": "Topic",
    "region": "Region",
    "subregion": "Sub-region",
    "country": "Country",
    "organisation": "Organisation",
    "language": "Language",
    "resolution": "Resolution",
    "year": "Year",
}
FACET_PLURALS = {
    "type": "Record types",
    "topic": "Topics",
    "region": "Regions",
    "subregion": "Sub-regions",
    "country": "Countries",
    "organisation": "Organisations",
    "language": "Languages",
    "resolution": "Resolutions",
    "year": "Years",
}
DIRECTORY_TYPES = ("research-centre", "training-centre", "knowledge-hub", "network", "organisation")


@dataclass(frozen=True)
class Download:
    """The offline edition offered for download: file name, size in bytes, build date."""

    name: str
    size: int
    built: str
    path: str


@dataclass(frozen=True)
class Context:
    """What rendering needs besides the data: URL style, edit links, offline edition."""

    use_directory_urls: bool = True
    edit_base: str = ""
    offline: bool = False
    download: Download | None = None


def e(value: object) -> str:
    """Escape any value for HTML text or attribute."""
    return escape(str(value), quote=True)


def safe_url(url: object) -> str | None:
    """The URL if its scheme is http, https or mailto, else None."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    scheme = urlsplit(url).scheme.lower()
    return url if scheme in SAFE_SCHEMES else None


def page_url(src_uri: str, ctx: Context) -> str:
    """Site-relative URL of a page from its source path (`records/x.md`)."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        folder = stem[: -len("index")]
        return folder if ctx.use_directory_urls else folder + "index.html"
    return stem + "/" if ctx.use_directory_urls else stem + ".html"


def href(from_src: str, to_src: str, ctx: Context) -> str:
    """Relative link from one page to another, so the site works under any base path."""
    source, target = page_url(from_src, ctx), page_url(to_src, ctx)
    base = source if source.endswith("/") or source == "" else posixpath.dirname(source)
    base = base.rstrip("/") or "."
    if target.endswith("/") or target == "":
        rel = posixpath.relpath(target.rstrip("/") or ".", base)
        return "./" if rel == "." else rel + "/"
    return posixpath.relpath(target, base)


def asset(from_src: str, path: str, ctx: Context) -> str:
    """Relative link from a page to a static file such as `assets/explore.js`."""
    source = page_url(from_src, ctx)
    base = source if source.endswith("/") else posixpath.dirname(source)
    return posixpath.relpath(path, base.rstrip("/") or ".")


def record_src(record: Record) -> str:
    return record_page(record)[:-1] + ".md"


def browse_src(facet: str, value: str | None = None) -> str:
    if value is None:
        return f"browse/{facet}/index.md"
    return f"browse/{facet}/{slugify(value)}.md"


def facet_label(hub: Hub, facet: str, value: str) -> str:
    """Human label of a facet value."""
    if not FACETS[facet]:
        return value
    return hub.vocab.named(FACETS[facet]).label(value)


def ordered_values(hub: Hub, facet: str, groups: dict[str, list[Record]]) -> list[str]:
    """Facet values in reading order: vocabulary order, or newest year first."""
    if not FACETS[facet]:
        return sorted(groups, key=lambda v: (-int(v) if v.isdigit() else 0, v))
    vocabulary = hub.vocab.named(FACETS[facet])
    return [t.id for t in vocabulary if t.id in groups] + sorted(
        v for v in groups if v not in vocabulary
    )


# --- pieces -------------------------------------------------------------------------------


def render_chips(record: Record, hub: Hub, from_src: str, ctx: Context) -> str:
    """Links to the browse pages of every facet value of a record."""
    groups = []
    for facet in FACETS:
        values = hub.facet(record, facet)
        if not values:
            continue
        chips = "".join(
            f'<a class="wps-chip" href="{e(href(from_src, browse_src(facet, v), ctx))}">'
            f"{e(facet_label(hub, facet, v))}</a>"
            for v in values
        )
        groups.append(
            f'<div class="wps-chip-group"><span class="wps-chip-facet">{e(FACET_LABELS[facet])}'
            f"</span> {chips}</div>"
        )
    return f'<div class="wps-chips">{"".join(groups)}</div>'


def render_card(record: Record, hub: Hub, from_src: str, ctx: Context) -> str:
    """A short card for lists: title link, kind and year, summary."""
    kind = facet_label(hub, "type", hub.facet(record, "type")[0])
    year = record_year(record)
    summary = record.get("summary") or ""
    if len(summary) > 240:
        summary = summary[:237].rsplit(" ", 1)[0] + "…"
    meta = f"{e(kind)}{f' · {year}' if year else ''}"
    place = ", ".join(facet_label(hub, "country", c) for c in hub.facet(record, "country")[:3])
    if place:
        meta += f" · {e(place)}"
    return (
        f'<li class="wps-card"><a class="wps-card-title" href="{e(href(from_src, record_src(record), ctx))}">'
        f'{e(record.title)}</a><span class="wps-card-meta">{meta}</span>'
        + (f'<span class="wps-card-summary">{e(summary)}</span>' if summary else "")
        + "</li>"
    )


def render_card_list(records: list[Record], hub: Hub, from_src: str, ctx: Context) -> str:
    if not records:
        return '<p class="wps-empty">No records yet.</p>'
    return (
        '<ul class="wps-cards">'
        + "".join(render_card(r, hub, from_src, ctx) for r in records)
        + "</ul>"
    )


def _fields(record: Record, hub: Hub) -> list[tuple[str, str]]:
    """Label and escaped value of each descriptive field a record has."""
    rows: list[tuple[str, str]] = []

    def add(label: str, value: object) -> None:
        if value not in (None, "", []):
            rows.append((label, e(value)))

    if record.collection == RESEARCH:
        add("Authors", "; ".join(record.get("authors") or []))
        add("Editors", "; ".join(record.get("editors") or []))
        add("Published in", record.get("journal") or record.get("booktitle"))
        add("Volume", record.get("volume"))
        add("Issue", record.get("number"))
        add("Pages", (record.get("pages") or "").replace("--", "–"))
        add(
            "Publisher",
            record.get("publisher") or record.get("institution") or record.get("organization"),
        )
        add("Year", record.get("year"))
        add("ISBN", record.get("isbn"))
        add("Note", record.get("note"))
    else:
        add("Publisher", record.get("publisher"))
        add("Host", record.get("host"))
        add("City", record.get("city"))
        add("Year", record.get("year"))
        add("Established", record.get("established"))
        if record.get("issuer"):
            issuer = record["issuer"]
            name = (
                hub.vocab.countries.label(issuer)
                if issuer in hub.vocab.countries
                else hub.vocab.organisations.label(issuer)
            )
            add("Issued by", name)
        if record.get("period_start"):
            end = record.get("period_end")
            add(
                "Period",
                f"{record['period_start']}–{end}"
                if end
                else f"from {record['period_start']} (end not stated)",
            )
            add("Status", plan_status(record, hub.today.year))
        add("Adopted", record.get("adopted"))
        add("Resolution", record.get("number"))
    doi = record.get("doi")
    if isinstance(doi, str) and doi:
        rows.append(
            ("DOI", f'<a href="https://doi.org/{e(doi)}" rel="noopener noreferrer">{e(doi)}</a>')
        )
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
    audience = ", ".join(hub.vocab.audiences.label(a) for a in pathway.get("audience") or [])
    items = []
    for number, step in enumerate(steps, start=1):
        record = by_id[step["record"]]
        year = record_year(record)
        kind = facet_label(hub, "type", hub.facet(record, "type")[0]) + (
            f" · {year}" if year else ""
        )
        url = safe_url(record.get("url"))
        out = (
            f'<p class="wps-step-link"><a href="{e(url)}" rel="noopener noreferrer">Open the resource</a> '
            f'<span class="wps-host">{e(urlsplit(url).hostname or "")}</span></p>'
            if url
            else ""
        )
        items.append(
            f'<li class="wps-step" id="step-{number}"><p class="wps-step-count">Step {number} of {len(steps)}</p>'
            f'<h2><a href="{e(href(src, record_src(record), ctx))}">{e(record.title)}</a></h2>'
            f'<p class="wps-card-meta">{e(kind)}</p><p class="wps-step-note">{e(step["note"])}</p>{out}</li>'
        )
    filters = "".join(
        f'<span data-pagefind-filter="{facet}">{e(value)}</span>'
        for facet in FACETS
        for value in hub.facets[pathway.id][facet]
    )
    body = (
        '<article class="wps-record wps-pathway" data-pagefind-body>'
        f'<p class="wps-kind" data-pagefind-ignore>Pathway · for {e(audience)} · {len(steps)} steps</p>'
        f'<h1 data-pagefind-meta="title">{e(pathway.title)}</h1>'
        f'<p class="wps-summary">{e(pathway.get("summary") or "")}</p>'
        f'<ol class="wps-steps">{"".join(items)}</ol>'
        f'<div hidden data-pagefind-ignore>{filters}<span data-pagefind-sort="year">0</span>'
        f'<span data-pagefind-meta="kind">Pathway · {len(steps)} steps</span></div></article>'
        '<section class="wps-provenance" data-pagefind-ignore><h2>About this pathway</h2><dl>'
        f"<dt>For</dt><dd>{e(audience)}</dd>"
        f"<dt>Maintainer</dt><dd>{e(pathway.get('maintainer') or '')}</dd>"
        f"<dt>Last reviewed</dt><dd>{e(pathway.get('last_reviewed') or '')}</dd>"
        f"<dt>Added</dt><dd>{e(pathway.get('added') or '')}</dd>"
        f"<dt>Pathway file</dt><dd><code>{e(pathway.path)}</code></dd></dl>"
        '<p class="wps-print-hint">To print this pathway or save it as PDF, use your browser\'s Print command; '
        "the page prints as one clean document.</p></section>"
    )
    return _page(pathway.title, body)


DATA_FILES = (
    (
        "data/catalogue.json",
        "Catalogue (JSON)",
        "Every record with its type, title, page, topics, places, organisations, languages, resolutions and year. `version` says which shape it has.",
    ),
    (
        "data/catalogue.csv",
        "Catalogue (CSV)",
        "The same, one row per record; lists are joined with ';'.",
    ),
    (
        "data/research.bib",
        "Research (BibTeX)",
        "Every research entry as written in the hub's BibTeX files.",
    ),
    (
        "data/research.ris",
        "Research (RIS)",
        "For EndNote, Zotero, Mendeley and other reference managers.",
    ),
    ("data/research.csl.json", "Research (CSL-JSON)", "For Zotero, Pandoc and citeproc tools."),
)
METADATA_LICENCE = "CC0 1.0 Universal (public domain dedication)"


def render_data_page(hub: Hub, exports: dict[str, str], ctx: Context) -> GeneratedPage:
    """The open-data page: each download with its count, size and build date, and the licence."""
    src = "data.md"
    research = sum(1 for r in hub.records if r.collection == RESEARCH)
    rows = []
    for path, label, about in DATA_FILES:
        count = research if "research" in path else len(hub.records)
        size = len(exports[path].encode("utf-8"))
        rows.append(
            f'<tr><td><a href="{e(asset(src, path, ctx))}" download>{e(label)}</a></td><td>{count}</td>'
            f"<td>{size / 1000:.1f} kB</td><td>{e(about.replace('`', ''))}</td></tr>"
        )
    body = (
        "<h1>Open data</h1>"
        f"<p>Everything in the hub as data you can take into your own tools, built {e(hub.today.isoformat())}. "
        f"The metadata is published under {e(METADATA_LICENCE)}: use it for any purpose. The resources "
        "themselves belong to their publishers.</p>"
        "<table><thead><tr><th>File</th><th>Records</th><th>Size</th><th>What it holds</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        "<p>Every record page also offers its own BibTeX, RIS and CSL-JSON file.</p>"
    )
    return _page("Open data", body)


def render_pathways_index(hub: Hub, ctx: Context) -> GeneratedPage:
    """Every pathway, for the nav and the home page."""
    return _page(
        "Pathways",
        "<h1>Pathways</h1><p>Short, ordered routes through the hub for the people "
        "the WPS Focal Points Network named: where to start, in what order, and why.</p>"
        + render_pathway_list(hub, "pathways/index.md", ctx),
    )


def render_pathway_list(hub: Hub, src: str, ctx: Context) -> str:
    pathways = [r for r in hub.records if r.collection == "pathways"]
    if not pathways:
        return '<p class="wps-empty">No pathways yet.</p>'
    items = "".join(
        f'<li class="wps-card"><a class="wps-card-title" href="{e(href(src, record_src(p), ctx))}">{e(p.title)}</a>'
        f'<span class="wps-card-meta">For {e(", ".join(hub.vocab.audiences.label(a) for a in p.get("audience") or []))} · '
        f'{len(p.get("steps") or [])} steps</span><span class="wps-card-summary">{e(p.get("summary") or "")}</span></li>'
        for p in pathways
    )
    return f'<ul class="wps-cards">{items}</ul>'


def render_record_page(record: Record, hub: Hub, ctx: Context) -> GeneratedPage:
    """The page of one record: metadata, link out, chips, related records, provenance."""
    if record.collection == "pathways":
        return render_pathway_page(record, hub, ctx)
    src = record_src(record)
    facets = hub.facets[record.id]
    kind = facet_label(hub, "type", facets["type"][0])
    year = record_year(record)
    url = safe_url(record.get("url"))
    link = (
        f'<p><a class="md-button md-button--primary wps-outbound" href="{e(url)}" '
        f'rel="noopener noreferrer">Open the resource</a> <span class="wps-host">{e(urlsplit(url).hostname or "")}</span></p>'
        if url
        else '<p class="wps-nolink">No verified address for this resource yet.</p>'
    )
    checked = link_status_line(hub.link_status, url) if url else None
    if checked:
        link += f'<p class="wps-linkcheck wps-linkcheck--{checked[0]}">{e(checked[1])}</p>'
    rows = "".join(f"<dt>{e(label)}</dt><dd>{value}</dd>" for label, value in _fields(record, hub))
    filters = "".join(
        f'<span data-pagefind-filter="{facet}">{e(value)}</span>'
        for facet in FACETS
        for value in facets[facet]
    )
    hidden = (
        f'<div hidden data-pagefind-ignore>{filters}<span data-pagefind-filter="all">record</span>'
        f'<span data-pagefind-sort="year">{year or 0}</span>'
        f'<span data-pagefind-meta="kind">{e(kind)}{f" · {year}" if year else ""}</span></div>'
    )
    accessed = f"{hub.today:%B} {hub.today.day}, {hub.today.year}"
    citations = (
        '<section class="wps-cite" data-pagefind-ignore><h2>Cite this</h2>'
        f'<p class="wps-cite-style">APA 7 <button type="button" class="md-button wps-copy" data-copy="cite-apa">Copy</button></p>'
        f'<p class="wps-citation" id="cite-apa">{as_html(apa_parts(record))}</p>'
        f'<p class="wps-cite-style">Chicago author-date <button type="button" class="md-button wps-copy" data-copy="cite-chicago">Copy</button></p>'
        f'<p class="wps-citation" id="cite-chicago">{as_html(chicago_parts(record, accessed=accessed))}</p></section>'
    )
    slug = record_page(record).split("/")[1]
    downloads = " · ".join(
        f'<a href="{e(asset(src, f"data/records/{slug}.{ext}", ctx))}" download>{label}</a>'
        for ext, label in (("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON"))
    )
    citations = citations.replace(
        "</section>", f'<p class="wps-downloads">Download: {downloads}</p></section>'
    )
    on_pathways = hub.pathways_of(record)
    pathways_html = (
        '<section class="wps-on-pathways" data-pagefind-ignore><h2>On these pathways</h2><ul>'
        + "".join(
            f'<li><a href="{e(href(src, record_src(p), ctx))}#step-{n}">{e(p.title)}</a> (step {n} of {total})</li>'
            for p, n, total in on_pathways
        )
        + "</ul></section>"
        if on_pathways
        else ""
    )
    related = related_records(record, hub)
    related_html = (
        '<section class="wps-related" data-pagefind-ignore><h2>Related records</h2>'
        + render_card_list(related, hub, src, ctx)
        + "</section>"
        if related
        else ""
    )
    if ctx.edit_base:
        edit = f'<a href="{e(ctx.edit_base.rstrip("/") + "/" + record.path)}" rel="noopener noreferrer">Edit this record</a>'
    else:
        edit = f'<a href="{e(href(src, "contribute.md", ctx))}#edit-a-record">Edit this record</a>'
    notes = record.get("notes")
    provenance = (
        '<section class="wps-provenance" data-pagefind-ignore><h2>Provenance</h2><dl>'
        f"<dt>Source</dt><dd>{e(record.get('source') or '')}</dd>"
        f"<dt>Last verified</dt><dd>{e(record.get('last_verified') or 'not stated')}</dd>"
        f"<dt>Added</dt><dd>{e(record.get('added') or '')}</dd>"
        + (f"<dt>Note</dt><dd>{e(notes)}</dd>" if notes else "")
        + f"<dt>Record file</dt><dd><code>{e(record.path)}</code> · {edit}</dd></dl></section>"
    )
    summary = record.get("summary")
    body = (
        f'<article class="wps-record" data-pagefind-body>'
        f'<p class="wps-kind" data-pagefind-ignore>{e(kind)}{f" · {year}" if year else ""}</p>'
        f'<h1 data-pagefind-meta="title">{e(record.title)}</h1>'
        + (f'<p class="wps-summary">{e(summary)}</p>' if summary else "")
        + link
        + (f'<dl class="wps-meta">{rows}</dl>' if rows else "")
        + render_chips(record, hub, src, ctx)
        + hidden
        + "</article>"
        + citations
        + pathways_html
        + related_html
        + provenance
    )
    return _page(record.title, body)


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


def _page(title: str, body: str) -> GeneratedPage:
    return GeneratedPage(title=title, html=f'<div class="wps-page">{body}</div>')


def render_browse_value(
    hub: Hub, facet: str, value: str, records: list[Record], ctx: Context, extra: str = ""
) -> GeneratedPage:
    """One browse page: every record with this facet value."""
    src = browse_src(facet, value)
    label = facet_label(hub, facet, value)
    vocabulary = hub.vocab.named(FACETS[facet]) if FACETS[facet] else None
    description = vocabulary[value].description if vocabulary and value in vocabulary else ""
    explore = f"{href(src, 'explore.md', ctx)}?{facet}={e(value)}"
    body = (
        f'<p class="wps-kind"><a href="{e(href(src, browse_src(facet), ctx))}">{e(FACET_PLURALS[facet])}</a></p>'
        f"<h1>{e(label)}</h1>"
        + (f'<p class="wps-summary">{e(description)}</p>' if description else "")
        + f"<p>{len(records)} record{'s' if len(records) != 1 else ''}. "
        f'<a href="{e(explore)}">Filter these in Explore</a></p>'
        + extra
        + render_card_list(records, hub, src, ctx)
    )
    return _page(f"{label} ({FACET_LABELS[facet]})", body)


def render_browse_facet(
    hub: Hub, facet: str, groups: dict[str, list[Record]], ctx: Context
) -> GeneratedPage:
    """The list of values of one facet with their counts."""
    src = browse_src(facet)
    ordered = ordered_values(hub, facet, groups)
    items = "".join(
        f'<li><a href="{e(href(src, browse_src(facet, v), ctx))}">{e(facet_label(hub, facet, v))}</a> '
        f'<span class="wps-count">{len(groups[v])}</span></li>'
        for v in ordered
    )
    body = (
        f'<p class="wps-kind"><a href="{e(href(src, "browse/index.md", ctx))}">Browse</a></p>'
        f'<h1>{e(FACET_PLURALS[facet])}</h1><ul class="wps-values">{items}</ul>'
    )
    return _page(FACET_PLURALS[facet], body)


def render_browse_index(hub: Hub, ctx: Context) -> GeneratedPage:
    """Entry to every facet."""
    src = "browse/index.md"
    sections = []
    for facet in FACETS:
        groups = group_by_facet(hub, facet)
        sections.append(
            f'<li><a href="{e(href(src, browse_src(facet), ctx))}">{e(FACET_PLURALS[facet])}</a> '
            f'<span class="wps-count">{len(groups)}</span></li>'
        )
    body = f'<h1>Browse the hub</h1><ul class="wps-values">{"".join(sections)}</ul>'
    return _page("Browse", body)


def render_directory(hub: Hub, ctx: Context) -> GeneratedPage:
    """Centres of excellence, knowledge hubs, networks and organisations, by region and kind."""
    src = "centres.md"
    members = [r for r in hub.records if r.type in DIRECTORY_TYPES]
    by_region: dict[str, list[Record]] = {}
    for record in members:
        regions = [v for v in hub.facet(record, "region") if v != "global"] or ["global"]
        for region in regions:
            by_region.setdefault(region, []).append(record)
    order = [t.id for t in hub.vocab.regions if t.id in by_region]
    sections = []
    for region in order:
        kinds = []
        for kind in DIRECTORY_TYPES:
            records = [r for r in by_region[region] if r.type == kind]
            if records:
                kinds.append(
                    f"<h3>{e(hub.vocab.types.label(kind))}</h3>"
                    + render_card_list(records, hub, src, ctx)
                )
        label = (
            hub.vocab.regions.label(region) if region != "global" else "Global and international"
        )
        sections.append(
            f'<section class="wps-region" id="{e(region)}"><h2>{e(label)}</h2>{"".join(kinds)}</section>'
        )
    toc = " · ".join(
        f'<a href="#{e(r)}">{e(hub.vocab.regions.label(r) if r != "global" else "Global")}</a>'
        for r in order
    )
    body = (
        "<h1>Directory of WPS centres and hubs</h1>"
        f"<p>{len(members)} centres of excellence, research and training centres, knowledge hubs, "
        "networks and organisations, grouped by region and kind. A record about several regions "
        f'is listed under each.</p><p class="wps-toc">{toc}</p>' + "".join(sections)
    )
    return _page("Directory of centres", body)


def render_explore_panel(hub: Hub, src: str, ctx: Context) -> str:
    """The filter panel and result list of the explore page (driven by assets/explore.js)."""
    fieldsets = []
    for facet in FACETS:
        groups = group_by_facet(hub, facet)
        ordered = ordered_values(hub, facet, groups)
        if not ordered:
            continue
        boxes = "".join(
            f'<li><label><input type="checkbox" name="{facet}" value="{e(v)}"> '
            f'<span>{e(facet_label(hub, facet, v))}</span> <span class="wps-count" data-count="{facet}:{e(v)}">{len(groups[v])}</span></label></li>'
            for v in ordered
        )
        fieldsets.append(
            f'<details class="wps-facet"{" open" if facet in ("type", "topic", "region") else ""}>'
            f"<summary>{e(FACET_LABELS[facet])}</summary>"
            f'<fieldset><legend class="wps-visually-hidden">{e(FACET_LABELS[facet])}</legend><ul>{boxes}</ul></fieldset></details>'
        )
    return (
        f'<div class="wps-explore" data-pagefind="{e(asset(src, "pagefind/pagefind.js", ctx))}" '
        f'data-site-root="{e(asset(src, "index.html", ctx)[: -len("index.html")] or "./")}" data-total="{len(hub.records)}"'
        + (
            ""
            if ctx.offline
            else f' data-index="{e(asset(src, "explore-index/meta.json", ctx)[: -len("meta.json")])}"'
        )
        + ">"
        '<form class="wps-filters" role="search" aria-label="Filter records">'
        '<label class="wps-query-label" for="wps-query">Search words</label>'
        '<input id="wps-query" type="search" name="q" autocomplete="off" placeholder="e.g. mediation, budget, Kenya">'
        f"{''.join(fieldsets)}"
        '<p><button type="reset" class="md-button">Clear all filters</button></p></form>'
        '<section class="wps-results" aria-label="Results"><p class="wps-status" role="status" aria-live="polite">Loading…</p>'
        '<ul class="wps-cards" id="wps-result-list"></ul>'
        '<p><button type="button" class="md-button" id="wps-more" hidden>Show more</button></p>'
        "<noscript><p>Filtering needs JavaScript; browse by topic, region or type instead.</p></noscript>"
        "</section></div>"
        + (
            f'<script src="{e(asset(src, "assets/offline-catalogue.js", ctx))}"></script>'
            if ctx.offline
            else ""
        )
        + f'<script src="{e(asset(src, "assets/explore.js", ctx))}" defer></script>'
    )


def render_counts(hub: Hub, src: str, ctx: Context) -> str:
    """Live counts by record type, for the home page."""
    groups = group_by_facet(hub, "type")
    order = [t.id for t in hub.vocab.types if t.id in groups]
    if RESEARCH in groups and RESEARCH not in order:
        order.append(RESEARCH)
    items = "".join(
        f'<li><a href="{e(href(src, browse_src("type", t), ctx))}"><strong>{len(groups[t])}</strong> '
        f"{e(facet_label(hub, 'type', t))}</a></li>"
        for t in order
    )
    return (
        f'<p class="wps-total"><strong>{len(hub.records)}</strong> records from '
        f"{len(group_by_facet(hub, 'country'))} countries, built {e(hub.today.isoformat())}.</p>"
        f'<ul class="wps-counts">{items}</ul>'
    )


def render_entry_points(hub: Hub, facet: str, src: str, ctx: Context, limit: int = 0) -> str:
    """Links to the browse pages of one facet, most records first."""
    groups = group_by_facet(hub, facet)
    ordered = ordered_values(hub, facet, groups)
    if limit:
        ordered = sorted(ordered, key=lambda v: -len(groups[v]))[:limit]
    return (
        '<ul class="wps-values">'
        + "".join(
            f'<li><a href="{e(href(src, browse_src(facet, v), ctx))}">{e(facet_label(hub, facet, v))}</a> '
            f'<span class="wps-count">{len(groups[v])}</span></li>'
            for v in ordered
        )
        + "</ul>"
    )


def render_latest(hub: Hub, src: str, ctx: Context, limit: int = 8) -> str:
    """The most recently added records."""
    latest = sorted(hub.records, key=lambda r: (str(r.get("added") or ""), r.title), reverse=True)[
        :limit
    ]
    return render_card_list(latest, hub, src, ctx)


def render_search_box(src: str, ctx: Context) -> str:
    """A plain form that sends the words to the explore page."""
    return (
        f'<form class="wps-searchbox" role="search" action="{e(href(src, "explore.md", ctx))}" method="get">'
        '<label for="wps-home-q">Search the hub</label> '
        '<input id="wps-home-q" type="search" name="q" placeholder="e.g. national action plan, mediation">'
        ' <button class="md-button md-button--primary" type="submit">Search</button></form>'
    )


def render_download(hub: Hub, src: str, ctx: Context) -> str:
    """Where to get the offline edition, with its size and build date."""
    if ctx.offline:
        return (
            f'<p class="wps-download">You are reading the offline edition, built {e(hub.today.isoformat())}. '
            "Filters and search work from your disk; nothing is fetched from the network. "
            "For the Pagefind search of the online site, run <code>python3 -m http.server</code> "
            "in this folder and open http://127.0.0.1:8000/.</p>"
        )
    if ctx.download is None:
        return (
            '<p class="wps-download">The offline edition has not been built for this copy of the site '
            "(maintainers: <code>make offline</code> before <code>make build</code>).</p>"
        )
    size = f"{ctx.download.size / 1_000_000:.1f} MB"
    link = asset(src, f"downloads/{ctx.download.name}", ctx)
    return (
        f'<p class="wps-download"><a class="md-button md-button--primary" href="{e(link)}" download>'
        f"Download the offline edition</a> <span>{e(ctx.download.name)}: {e(size)}, "
        f"built {e(ctx.download.built)}</span></p>"
        "<p>Unzip it and open <code>index.html</code> in any browser: every page, the filters and the "
        "search work from your disk, with no connection.</p>"
    )


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
    }
    if name not in renderers:
        raise KeyError(name)
    return renderers[name]()


MARKERS = (
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

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
from html import escape
from urllib.parse import urlencode, urlsplit

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
from .i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    format_size,
    language_prefix,
    translate,
    translate_count,
)
from .linkcheck import REASON_TEXT as LINK_REASONS
from .linkcheck import link_status_line
from .records import RESEARCH, Record
from .validate import is_mirror

SAFE_SCHEMES = ("http", "https", "mailto")
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

    def t(self, key: str, **values: object) -> str:
        """The interface text `key` in the page's language."""
        return translate(self.lang, key, **values)

    def n(self, key: str, count: int, **values: object) -> str:
        """The text `key` for `count` things, in the right plural form."""
        return translate_count(self.lang, key, count, **values)


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
    stem = language_prefix(ctx.lang) + (src_uri[:-3] if src_uri.endswith(".md") else src_uri)
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


def render_chips(record: Record, hub: Hub, from_src: str, ctx: Context) -> str:
    """Links to the browse pages of every facet value of a record."""
    groups = []
    for facet in FACETS:
        values = hub.facet(record, facet)
        if not values:
            continue
        chips = "".join(
            f'<a class="wps-chip" href="{e(href(from_src, browse_src(facet, v), ctx))}">'
            f"{e(facet_label(hub, facet, v, ctx.lang))}</a>"
            for v in values
        )
        groups.append(
            f'<div class="wps-chip-group"><span class="wps-chip-facet">{e(ctx.t(f"facet.{facet}"))}'
            f"</span> {chips}</div>"
        )
    return f'<div class="wps-chips">{"".join(groups)}</div>'


def render_card(record: Record, hub: Hub, from_src: str, ctx: Context) -> str:
    """A short card for lists: title link, kind and year, summary."""
    kind = facet_label(hub, "type", hub.facet(record, "type")[0], ctx.lang)
    year = record_year(record)
    summary = record.get("summary") or ""
    if len(summary) > 240:
        summary = summary[:237].rsplit(" ", 1)[0] + "…"
    meta = f"{e(kind)}{f' · {year}' if year else ''}"
    place = ctx.t("list.separator").join(
        facet_label(hub, "country", c, ctx.lang) for c in hub.facet(record, "country")[:3]
    )
    if place:
        meta += f" · {e(place)}"
    return (
        f'<li class="wps-card"><a class="wps-card-title" dir="auto" href="{e(href(from_src, record_src(record), ctx))}">'
        f'{e(record.title)}</a><span class="wps-card-meta">{meta}</span>'
        + (f'<span class="wps-card-summary" dir="auto">{e(summary)}</span>' if summary else "")
        + "</li>"
    )


def render_card_list(records: list[Record], hub: Hub, from_src: str, ctx: Context) -> str:
    if not records:
        return f'<p class="wps-empty">{e(ctx.t("empty.records"))}</p>'
    return (
        '<ul class="wps-cards">'
        + "".join(render_card(r, hub, from_src, ctx) for r in records)
        + "</ul>"
    )


def _fields(record: Record, hub: Hub, ctx: Context) -> list[tuple[str, str]]:
    """Label and escaped value of each descriptive field a record has."""
    rows: list[tuple[str, str]] = []

    def add(key: str, value: object) -> None:
        if value not in (None, "", []):
            rows.append((ctx.t(f"field.{key}"), e(value)))

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
        rows.append(
            (
                ctx.t("field.doi"),
                f'<a href="https://doi.org/{e(doi)}" rel="noopener noreferrer">{e(doi)}</a>',
            )
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
    audience = ctx.t("list.separator").join(
        hub.vocab.audiences.label(a, ctx.lang) for a in pathway.get("audience") or []
    )
    items = []
    for number, step in enumerate(steps, start=1):
        record = by_id[step["record"]]
        year = record_year(record)
        kind = facet_label(hub, "type", hub.facet(record, "type")[0], ctx.lang) + (
            f" · {year}" if year else ""
        )
        url = safe_url(record.get("url"))
        out = (
            f'<p class="wps-step-link"><a href="{e(url)}" rel="noopener noreferrer">{e(ctx.t("record.open"))}</a> '
            f'<span class="wps-host">{e(urlsplit(url).hostname or "")}</span></p>'
            if url
            else ""
        )
        items.append(
            f'<li class="wps-step" id="step-{number}"><p class="wps-step-count">{e(ctx.t("pathway.step", number=number, total=len(steps)))}</p>'
            f'<h2 dir="auto"><a href="{e(href(src, record_src(record), ctx))}">{e(record.title)}</a></h2>'
            f'<p class="wps-card-meta">{e(kind)}</p><p class="wps-step-note" dir="auto">{e(step["note"])}</p>{out}</li>'
        )
    filters = "".join(
        f'<span data-pagefind-filter="{facet}">{e(value)}</span>'
        for facet in FACETS
        for value in hub.facets[pathway.id][facet]
    )
    body = (
        '<article class="wps-record wps-pathway" data-pagefind-body>'
        f'<p class="wps-kind" data-pagefind-ignore>{e(ctx.t("pathway.kind", audience=audience))} · {e(ctx.n("count.steps", len(steps)))}</p>'
        f'<h1 data-pagefind-meta="title" dir="auto">{e(pathway.title)}</h1>'
        f'<p class="wps-summary" dir="auto">{e(pathway.get("summary") or "")}</p>'
        + render_translations(pathway, ctx)
        + f'<ol class="wps-steps">{"".join(items)}</ol>'
        f'<div hidden data-pagefind-ignore>{filters}<span data-pagefind-sort="year">0</span>'
        f'<span data-pagefind-meta="kind">{e(ctx.t("type.pathway"))} · {e(ctx.n("count.steps", len(steps)))}</span></div></article>'
        f'<section class="wps-provenance" data-pagefind-ignore><h2>{e(ctx.t("pathway.about"))}</h2><dl>'
        f"<dt>{e(ctx.t('pathway.for'))}</dt> <dd>{e(audience)}</dd> "
        f"<dt>{e(ctx.t('pathway.maintainer'))}</dt> <dd>{e(pathway.get('maintainer') or '')}</dd> "
        f"<dt>{e(ctx.t('pathway.last_reviewed'))}</dt> <dd>{e(pathway.get('last_reviewed') or '')}</dd> "
        f"<dt>{e(ctx.t('provenance.added'))}</dt> <dd>{e(pathway.get('added') or '')}</dd> "
        f"<dt>{e(ctx.t('pathway.file'))}</dt> <dd><code>{e(pathway.path)}</code></dd></dl>"
        f'<p class="wps-print-hint">{e(ctx.t("pathway.print"))}</p></section>'
    )
    return _page(pathway.title, body)


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
    rows = []
    for path, key in DATA_FILES:
        count = research if "research" in path else len(hub.records)
        size = len(exports[path].encode("utf-8"))
        rows.append(
            f'<tr><td><a href="{e(asset(src, path, ctx))}" download>{e(ctx.t(f"{key}.label"))}</a></td><td>{count}</td>'
            f"<td>{e(format_size(size, ctx.lang))}</td><td>{e(ctx.t(f'{key}.about'))}</td></tr>"
        )
    body = (
        f"<h1>{e(ctx.t('data.title'))}</h1>"
        f"<p>{e(ctx.t('data.intro', date=hub.today.isoformat(), licence=METADATA_LICENCE))}</p>"
        f"<table><thead><tr><th>{e(ctx.t('data.file'))}</th><th>{e(ctx.t('data.records'))}</th>"
        f"<th>{e(ctx.t('data.size'))}</th><th>{e(ctx.t('data.holds'))}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<p>{e(ctx.t('data.per_record'))}</p>"
        f"<h2>{e(ctx.t('data.feeds_title'))}</h2><p>{e(ctx.t('data.feeds'))} "
        f'<a href="{e(asset(src, "feeds/new.xml", ctx))}" type="application/atom+xml">{e(ctx.t("data.feeds_link"))}</a></p>'
        f"<h2>{e(ctx.t('data.tools_title'))}</h2><p>{e(ctx.t('data.zotero'))}</p>"
        f"<p>{e(ctx.t('data.checked'))}</p>"
        f'<p><a href="{e(href(src, "health.md", ctx))}">{e(ctx.t("health.title"))}</a>: '
        f"{e(ctx.t('health.link_about'))}</p>"
    )
    return _page(ctx.t("data.title"), body)


def render_pathways_index(hub: Hub, ctx: Context) -> GeneratedPage:
    """Every pathway, for the nav and the home page."""
    return _page(
        ctx.t("pathways.title"),
        f"<h1>{e(ctx.t('pathways.title'))}</h1><p>{e(ctx.t('pathways.intro'))}</p>"
        + render_pathway_list(hub, "pathways/index.md", ctx),
    )


def render_pathway_list(hub: Hub, src: str, ctx: Context) -> str:
    pathways = [r for r in hub.records if r.collection == "pathways"]
    if not pathways:
        return f'<p class="wps-empty">{e(ctx.t("pathways.none"))}</p>'
    items = "".join(
        f'<li class="wps-card"><a class="wps-card-title" dir="auto" href="{e(href(src, record_src(p), ctx))}">{e(p.title)}</a>'
        f'<span class="wps-card-meta">{e(ctx.t("pathway.for_audience", audience=ctx.t("list.separator").join(hub.vocab.audiences.label(a, ctx.lang) for a in p.get("audience") or [])))} · '
        f'{e(ctx.n("count.steps", len(p.get("steps") or [])))}</span><span class="wps-card-summary" dir="auto">{e(p.get("summary") or "")}</span></li>'
        for p in pathways
    )
    return f'<ul class="wps-cards">{items}</ul>'


def render_record_page(record: Record, hub: Hub, ctx: Context) -> GeneratedPage:
    """The page of one record: metadata, link out, chips, related records, provenance."""
    if record.collection == "pathways":
        return render_pathway_page(record, hub, ctx)
    src = record_src(record)
    facets = hub.facets[record.id]
    kind = facet_label(hub, "type", facets["type"][0], ctx.lang)
    year = record_year(record)
    url = safe_url(record.get("url"))
    link = (
        f'<p><a class="md-button md-button--primary wps-outbound" href="{e(url)}" '
        f'rel="noopener noreferrer">{e(ctx.t("record.open"))}</a> <span class="wps-host">{e(urlsplit(url).hostname or "")}</span></p>'
        if url
        else f'<p class="wps-nolink">{e(ctx.t("record.no_link"))}</p>'
    )
    checked = link_status_line(hub.link_status, url) if url else None
    if checked:
        link += f'<p class="wps-linkcheck wps-linkcheck--{checked[0]}">{e(link_check_text(checked, hub, url, ctx))}</p>'
    rows = "".join(
        f"<dt>{e(label)}</dt> <dd>{value}</dd> " for label, value in _fields(record, hub, ctx)
    )
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
    copy = (
        f'data-copied="{e(ctx.t("cite.copied"))}" data-selected="{e(ctx.t("cite.selected"))}">'
        f"{e(ctx.t('cite.copy'))}</button>"
    )
    citations = (
        f'<section class="wps-cite" data-pagefind-ignore><h2>{e(ctx.t("cite.title"))}</h2>'
        f'<p class="wps-cite-style">APA 7 <button type="button" class="md-button wps-copy" data-copy="cite-apa" {copy}</p>'
        f'<p class="wps-citation" id="cite-apa" lang="en">{as_html(apa_parts(record, accessed=hub.today))}</p>'
        f'<p class="wps-cite-style">{e(ctx.t("cite.chicago"))} <button type="button" class="md-button wps-copy" data-copy="cite-chicago" {copy}</p>'
        f'<p class="wps-citation" id="cite-chicago" lang="en">{as_html(chicago_parts(record, accessed=hub.today))}</p></section>'
    )
    slug = record_page(record).split("/")[1]
    downloads = " · ".join(
        f'<a href="{e(asset(src, f"data/records/{slug}.{ext}", ctx))}" download>{label}</a>'
        for ext, label in (("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON"))
    )
    citations = citations.replace(
        "</section>",
        f'<p class="wps-downloads">{e(ctx.t("cite.download"))} {downloads}</p></section>',
    )
    on_pathways = hub.pathways_of(record)
    pathways_html = (
        f'<section class="wps-on-pathways" data-pagefind-ignore><h2>{e(ctx.t("record.on_pathways"))}</h2><ul>'
        + "".join(
            f'<li><a dir="auto" href="{e(href(src, record_src(p), ctx))}#step-{n}">{e(p.title)}</a> ({e(ctx.t("pathway.on_step", number=n, total=total))})</li>'
            for p, n, total in on_pathways
        )
        + "</ul></section>"
        if on_pathways
        else ""
    )
    related = related_records(record, hub)
    related_html = (
        f'<section class="wps-related" data-pagefind-ignore><h2>{e(ctx.t("record.related"))}</h2>'
        + render_card_list(related, hub, src, ctx)
        + "</section>"
        if related
        else ""
    )
    if ctx.edit_base:
        edit = f'<a href="{e(ctx.edit_base.rstrip("/") + "/" + record.path)}" rel="noopener noreferrer">{e(ctx.t("record.edit"))}</a>'
    else:
        edit = f'<a href="{e(href(src, "contribute.md", ctx))}#edit-a-record">{e(ctx.t("record.edit"))}</a>'
    if safe_url(ctx.repository):
        correct = issue_form_url(
            ctx,
            CORRECT_FORM,
            title=f"Correction: {record.id}",
            record=f"{record.id} ({record.path})",
        )
        edit += f' · <a class="wps-correct" href="{e(correct)}" rel="noopener noreferrer">{e(ctx.t("record.correct"))}</a>'
    notes = record.get("notes")
    provenance = (
        f'<section class="wps-provenance" data-pagefind-ignore><h2>{e(ctx.t("provenance.title"))}</h2><dl>'
        f"<dt>{e(ctx.t('provenance.source'))}</dt> <dd>{render_source_list(record.get('source') or [], ctx)}</dd> "
        f"<dt>{e(ctx.t('provenance.last_verified'))}</dt> <dd>{e(record.get('last_verified') or ctx.t('provenance.not_stated'))}</dd> "
        f"<dt>{e(ctx.t('provenance.added'))}</dt> <dd>{e(record.get('added') or '')}</dd> "
        + (f"<dt>{e(ctx.t('provenance.note'))}</dt> <dd>{e(notes)}</dd> " if notes else "")
        + f"<dt>{e(ctx.t('provenance.file'))}</dt> <dd><code>{e(record.path)}</code> · {edit}</dd></dl></section>"
    )
    summary = record.get("summary")
    body = (
        f'<article class="wps-record" data-pagefind-body>'
        f'<p class="wps-kind" data-pagefind-ignore>{e(kind)}{f" · {year}" if year else ""}</p>'
        f'<h1 data-pagefind-meta="title" dir="auto">{e(record.title)}</h1>'
        + (f'<p class="wps-summary" dir="auto">{e(summary)}</p>' if summary else "")
        + render_translations(record, ctx)
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
    label = facet_label(hub, facet, value, ctx.lang)
    vocabulary = hub.vocab.named(FACETS[facet]) if FACETS[facet] else None
    description = term_description(hub, facet, value, ctx) if vocabulary else ""
    explore = f"{href(src, 'explore.md', ctx)}?{facet}={e(value)}"
    body = (
        f'<p class="wps-kind"><a href="{e(href(src, browse_src(facet), ctx))}">{e(ctx.t(f"facets.{facet}"))}</a></p>'
        f"<h1>{e(label)}</h1>"
        + (f'<p class="wps-summary">{e(description)}</p>' if description else "")
        + f"<p>{e(ctx.n('count.records', len(records)))}. "
        f'<a href="{e(explore)}">{e(ctx.t("browse.filter"))}</a></p>'
        + extra
        + render_card_list(records, hub, src, ctx)
    )
    return _page(f"{label} ({ctx.t(f'facet.{facet}')})", body)


def render_browse_facet(
    hub: Hub, facet: str, groups: dict[str, list[Record]], ctx: Context
) -> GeneratedPage:
    """The list of values of one facet with their counts."""
    src = browse_src(facet)
    ordered = ordered_values(hub, facet, groups)
    items = "".join(
        f'<li><a href="{e(href(src, browse_src(facet, v), ctx))}">{e(facet_label(hub, facet, v, ctx.lang))}</a> '
        f'<span class="wps-count">{len(groups[v])}</span></li>'
        for v in ordered
    )
    body = (
        f'<p class="wps-kind"><a href="{e(href(src, "browse/index.md", ctx))}">{e(ctx.t("browse.title"))}</a></p>'
        f'<h1>{e(ctx.t(f"facets.{facet}"))}</h1><ul class="wps-values">{items}</ul>'
    )
    return _page(ctx.t(f"facets.{facet}"), body)


def render_browse_index(hub: Hub, ctx: Context) -> GeneratedPage:
    """Entry to every facet."""
    src = "browse/index.md"
    sections = []
    for facet in FACETS:
        groups = group_by_facet(hub, facet)
        sections.append(
            f'<li><a href="{e(href(src, browse_src(facet), ctx))}">{e(ctx.t(f"facets.{facet}"))}</a> '
            f'<span class="wps-count">{len(groups)}</span></li>'
        )
    body = f'<h1>{e(ctx.t("browse.heading"))}</h1><ul class="wps-values">{"".join(sections)}</ul>'
    return _page(ctx.t("browse.title"), body)


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
                    f"<h3>{e(hub.vocab.types.label(kind, ctx.lang))}</h3>"
                    + render_card_list(records, hub, src, ctx)
                )
        label = (
            hub.vocab.regions.label(region, ctx.lang)
            if region != "global"
            else ctx.t("directory.global")
        )
        sections.append(
            f'<section class="wps-region" id="{e(region)}"><h2>{e(label)}</h2>{"".join(kinds)}</section>'
        )
    toc = " · ".join(
        f'<a href="#{e(r)}">{e(hub.vocab.regions.label(r, ctx.lang))}</a>' for r in order
    )
    body = (
        f"<h1>{e(ctx.t('directory.heading'))}</h1>"
        f"<p>{e(ctx.t('directory.intro', count=len(members)))}</p>"
        f'<p class="wps-toc">{toc}</p>' + "".join(sections)
    )
    return _page(ctx.t("directory.title"), body)


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
            f'<span>{e(facet_label(hub, facet, v, ctx.lang))}</span> <span class="wps-count" data-count="{facet}:{e(v)}">{len(groups[v])}</span></label></li>'
            for v in ordered
        )
        fieldsets.append(
            f'<details class="wps-facet"{" open" if facet in ("type", "topic", "region") else ""}>'
            f"<summary>{e(ctx.t(f'facet.{facet}'))}</summary>"
            f'<fieldset><legend class="wps-visually-hidden">{e(ctx.t(f"facet.{facet}"))}</legend><ul>{boxes}</ul></fieldset></details>'
        )
    return (
        f'<div class="wps-explore" data-pagefind="{e(asset(src, "pagefind/pagefind.js", ctx))}" '
        f'data-site-root="{e(asset(src, "index.html", ctx)[: -len("index.html")] or "./")}" data-total="{len(hub.records)}"'
        + (
            ""
            if ctx.offline
            else f' data-index="{e(asset(src, language_prefix(ctx.lang) + "explore-index/meta.json", ctx)[: -len("meta.json")])}"'
        )
        + f' data-strings="{e(json.dumps(explore_strings(ctx), ensure_ascii=False))}"'
        f' data-labels="{e(json.dumps(missing_labels(hub, ctx), ensure_ascii=False))}"'
        f' data-contribute="{e(href(src, "contribute.md", ctx))}">'
        f'<form class="wps-filters" role="search" aria-label="{e(ctx.t("explore.form"))}">'
        f'<a class="wps-skip-results" href="#wps-results">{e(ctx.t("explore.skip"))}</a>'
        f'<label class="wps-query-label" for="wps-query">{e(ctx.t("explore.words"))}</label>'
        f'<input id="wps-query" type="search" name="q" autocomplete="off" placeholder="{e(ctx.t("explore.placeholder"))}">'
        # on phones the script folds the filters behind this button (hidden without script)
        f'<button type="button" class="md-button wps-filter-toggle" aria-controls="wps-facets" aria-expanded="true" hidden>'
        f"{e(ctx.t('explore.js.filters', n=0))}</button>"
        f'<div id="wps-facets" class="wps-facets">{"".join(fieldsets)}'
        f'<p><button type="reset" class="md-button">{e(ctx.t("explore.clear"))}</button></p></div></form>'
        f'<section class="wps-results" id="wps-results" tabindex="-1" aria-label="{e(ctx.t("explore.results"))}"><p class="wps-status" role="status" aria-live="polite">{e(ctx.t("explore.loading"))}</p>'
        '<ul class="wps-cards" id="wps-result-list"></ul>'
        f'<p><button type="button" class="md-button" id="wps-more" hidden>{e(ctx.t("explore.more"))}</button></p>'
        f"<noscript><p>{e(ctx.t('explore.noscript'))}</p></noscript>"
        "</section></div>"
        + (
            f'<script src="{e(asset(src, offline_catalogue_path(ctx.lang), ctx))}"></script>'
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
        f"{e(facet_label(hub, 'type', t, ctx.lang))}</a></li>"
        for t in order
    )
    total = ctx.t(
        "home.total",
        records=len(hub.records),
        countries=len(group_by_facet(hub, "country")),
        date=hub.today.isoformat(),
    )
    return f'<p class="wps-total">{e(total)}</p><ul class="wps-counts">{items}</ul>'


def render_entry_points(hub: Hub, facet: str, src: str, ctx: Context, limit: int = 0) -> str:
    """Links to the browse pages of one facet, most records first."""
    groups = group_by_facet(hub, facet)
    ordered = ordered_values(hub, facet, groups)
    if limit:
        ordered = sorted(ordered, key=lambda v: -len(groups[v]))[:limit]
    return (
        '<ul class="wps-values">'
        + "".join(
            f'<li><a href="{e(href(src, browse_src(facet, v), ctx))}">{e(facet_label(hub, facet, v, ctx.lang))}</a> '
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
        f'<label for="wps-home-q">{e(ctx.t("home.search_label"))}</label> '
        f'<input id="wps-home-q" type="search" name="q" placeholder="{e(ctx.t("home.search_placeholder"))}">'
        f' <button class="md-button md-button--primary" type="submit">{e(ctx.t("home.search_button"))}</button></form>'
    )


def render_download(hub: Hub, src: str, ctx: Context) -> str:
    """Where to get the offline edition, with its size and build date."""
    if ctx.offline:
        return (
            f'<p class="wps-download">{e(ctx.t("download.reading_offline", date=hub.today.isoformat()))} '
            f"{e(ctx.t('download.serve_hint'))} <code>python3 -m http.server</code> "
            "http://127.0.0.1:8000/</p>"
        )
    if ctx.download is None:
        return f'<p class="wps-download">{e(ctx.t("download.not_built"))} <code>make offline</code></p>'
    size = format_size(ctx.download.size, ctx.lang)
    link = asset(src, f"downloads/{ctx.download.name}", ctx)
    return (
        f'<p class="wps-download"><a class="md-button md-button--primary" href="{e(link)}" download>'
        f"{e(ctx.t('download.button'))}</a> <span>{e(ctx.t('download.file', name=ctx.download.name, size=size, date=ctx.download.built))}</span></p>"
        + render_language_downloads(src, ctx)
        + f"<p>{e(ctx.t('download.how'))}</p>"
    )


def render_language_downloads(src: str, ctx: Context) -> str:
    """The zips of single languages, smaller, offered beside the whole one."""
    if ctx.download is None or not ctx.download.parts:
        return ""
    links = " · ".join(
        f'<a href="{e(asset(src, f"downloads/{part.name}", ctx))}" download hreflang="{e(part.lang)}">'
        f"{e(LANGUAGE_NAMES[part.lang])}</a> ({e(format_size(part.size, ctx.lang))})"
        for part in ctx.download.parts
    )
    return f'<p class="wps-download-languages">{e(ctx.t("download.one_language"))} {links}</p>'


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
    keys = ("searching", "none", "failed", "one", "other", "missing", "add", "filters")
    return {key: ctx.t(f"explore.js.{key}") for key in keys}


def offline_catalogue_path(lang: str) -> str:
    """Where the offline edition's catalogue script for one language lives."""
    return (
        "assets/offline-catalogue.js"
        if lang == DEFAULT_LANGUAGE
        else f"assets/offline-catalogue.{lang}.js"
    )


def render_translations(record: Record, ctx: Context) -> str:
    """A contributor's translation of the title and summary into the page's language."""
    if ctx.lang == DEFAULT_LANGUAGE:
        return ""
    title, summary = record.get(f"title_{ctx.lang}"), record.get(f"summary_{ctx.lang}")
    if not (title or summary):
        return ""
    return (
        f'<aside class="wps-translation" lang="{e(ctx.lang)}"><p class="wps-translation-note">'
        f"{e(ctx.t('record.translation_note'))}</p>"
        + (f'<p class="wps-translation-title">{e(title)}</p>' if title else "")
        + (f"<p>{e(summary)}</p>" if summary else "")
        + "</aside>"
    )


def link_check_text(checked: tuple[str, str], hub: Hub, url: str, ctx: Context) -> str:
    """The link checker's line (wpshub/linkcheck.py) in the page's language: a date, a status
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


def render_source_list(sources: list[str], ctx: Context) -> str:
    """Every source of a record, one per line: addresses linked (mirrors named), citations as text."""
    if len(sources) == 1:
        return render_source(sources[0], ctx, full=True)
    items = "".join(f"<li>{render_source(s, ctx, full=True)}</li>" for s in sources)
    return f'<ul class="wps-sources">{items}</ul>'


def render_source(source: str, ctx: Context, full: bool = False) -> str:
    """A source as a link (its host, or the whole address when `full`); mirror copies are
    named, never linked."""
    if safe_url(source) and not is_mirror(source):
        text = source if full else _host(source)
        return f'<a href="{e(source)}" rel="noopener noreferrer">{e(text)}</a>'
    if safe_url(source):
        return f'<span class="wps-mirror">{e(ctx.t("plans.mirror", host=_host(source)))}</span>'
    return e(source)


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
    if not items:
        return f'<p class="wps-empty">{e(ctx.t("channel.none"))}</p>'
    return (
        '<ul class="wps-channel">'
        + "".join(
            f'<li><a href="{e(url)}" rel="noopener noreferrer">{e(label)}</a>: {e(about)}</li>'
            for url, label, about in items
        )
        + "</ul>"
    )


EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[a-z]{2,}", re.IGNORECASE)

"""Pages by place and organisation, the NAP tracker and the evidence-and-gap map.

People browse WPS knowledge by place first. Every country in data/vocab/countries.yaml gets a
page (one without records says so and how to add one); every region, sub-region and
organisation gets one with the same aggregates and the world map focused on its countries.
Counts are the catalogue's: a country page counts the records whose `countries` in
catalogue.json include it, a region page those whose `regions` do. Plan statuses come from
the build date (`hub.today`), so a plan expires on the site the year after its period ends.
"""

from __future__ import annotations

from collections.abc import Iterable

from .catalogue import Hub, group_by_facet
from .records import Record
from .render import (
    DIRECTORY_TYPES,
    Context,
    GeneratedPage,
    _page,
    browse_src,
    e,
    href,
    plan_status,
    record_src,
    render_card_list,
    render_source,
)
from .worldmap import (
    COUNT_LEGEND,
    STATUS_LEGEND,
    count_shade,
    count_shades,
    render_legend,
    render_map_table,
    render_world_map,
)

PLACES_SRC = "countries/index.md"
TRACKER_SRC = "naps.md"
EVIDENCE_SRC = "evidence.md"
CONTRIBUTE_SRC = "contribute.md"
PLAN_TYPES = ("national-action-plan", "regional-action-plan")
# what a profile lists, in this order; records of other types go under "Other records"
# (catalogue key of the heading, record types)
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("profile.plans", PLAN_TYPES),
    ("profile.centres", DIRECTORY_TYPES),
    ("profile.research", ("research",)),
    ("profile.tools", ("tool", "guidance")),
    ("profile.practices", ("practice",)),
    ("profile.datasets", ("dataset",)),
    ("profile.resolutions", ("resolution",)),
)
# a country's status on the tracker map: its best plan
STATUS_RANK = ("current", "open-ended", "upcoming", "expired")


def country_src(code: str) -> str:
    return f"countries/{code.lower()}.md"


def region_src(region: str) -> str:
    return f"regions/{region}.md"


def organisation_src(organisation: str) -> str:
    return f"organisations/{organisation}.md"


def profile_pages(hub: Hub, ctx: Context) -> dict[str, GeneratedPage]:
    """Every page of this module, by source path."""
    pages = {PLACES_SRC: render_places_index(hub, ctx)}
    for term in hub.vocab.countries:
        pages[country_src(term.id)] = render_country_page(hub, term.id, ctx)
    for term in hub.vocab.regions:
        if term.id != "global":
            pages[region_src(term.id)] = render_region_page(hub, term.id, ctx)
    for term in hub.vocab.organisations:
        pages[organisation_src(term.id)] = render_organisation_page(hub, term.id, ctx)
    pages[TRACKER_SRC] = render_nap_tracker(hub, ctx)
    pages[EVIDENCE_SRC] = render_evidence_map(hub, ctx)
    return pages


# --- counts ---------------------------------------------------------------------------------


def records_in_country(hub: Hub, code: str) -> list[Record]:
    """Records whose catalogue `countries` include `code`."""
    return group_by_facet(hub, "country").get(code, [])


def records_in_region(hub: Hub, region: str) -> list[Record]:
    """Records whose catalogue `regions` include `region` (named, or implied by a country)."""
    facet = "region" if _level(hub, region) in ("region", "global") else "subregion"
    return group_by_facet(hub, facet).get(region, [])


def records_of_organisation(hub: Hub, organisation: str) -> list[Record]:
    """Records whose catalogue `organisations` include `organisation`."""
    return group_by_facet(hub, "organisation").get(organisation, [])


def country_counts(hub: Hub) -> dict[str, int]:
    """Number of records per country code (only countries with records)."""
    return {code: len(records) for code, records in group_by_facet(hub, "country").items()}


def countries_of_region(hub: Hub, region: str) -> list[str]:
    """Country codes whose UN M49 region, sub-region or intermediate region is `region`."""
    return [
        term.id
        for term in hub.vocab.countries
        if region in (term.get("region"), term.get("subregion"), term.get("intermediate_region"))
    ]


def plans(hub: Hub) -> list[Record]:
    """Every national and regional action plan, by country or issuer name, then start year."""
    found = [r for r in hub.records if r.type in PLAN_TYPES]
    return sorted(
        found, key=lambda r: (_issuer_name(hub, r).casefold(), r.get("period_start") or 0)
    )


def country_plan_status(hub: Hub, code: str) -> str:
    """The best status among a country's national plans, or 'none'."""
    statuses = {
        plan_status(r, hub.today.year)
        for r in records_in_country(hub, code)
        if r.type == "national-action-plan"
    }
    return next((s for s in STATUS_RANK if s in statuses), "none")


def topic_region_counts(
    hub: Hub, topic: str, regions: list[str], kind: str | None = None
) -> dict[str, int]:
    """Records on `topic` (and of type `kind`) per region column."""
    counts = dict.fromkeys(regions, 0)
    for record in group_by_facet(hub, "topic").get(topic, []):
        if kind and hub.facet(record, "type")[0] != kind:
            continue
        for region in hub.facet(record, "region"):
            if region in counts:
                counts[region] += 1
    return counts


def matrix_regions(hub: Hub) -> list[str]:
    """The columns of the evidence map: the UN M49 regions, then 'global'."""
    return [t.id for t in hub.vocab.regions if t.get("level") == "region"] + ["global"]


# --- pieces ---------------------------------------------------------------------------------


def _level(hub: Hub, region: str) -> str:
    return str(hub.vocab.regions[region].get("level", "")) if region in hub.vocab.regions else ""


def _issuer_name(hub: Hub, record: Record, lang: str = "en") -> str:
    issuer = str(record.get("issuer") or "")
    if issuer in hub.vocab.countries:
        return hub.vocab.countries.label(issuer, lang)
    if issuer in hub.vocab.organisations:
        return hub.vocab.organisations.label(issuer, lang)
    return issuer


def _issuer_src(hub: Hub, record: Record) -> str | None:
    issuer = str(record.get("issuer") or "")
    if issuer in hub.vocab.countries:
        return country_src(issuer)
    if issuer in hub.vocab.organisations:
        return organisation_src(issuer)
    return None


def _plural(count: int, word: str) -> str:
    if count == 1:
        return f"{count} {word}"
    return f"{count} {word[:-1]}ies" if word.endswith("y") else f"{count} {word}s"


def _explore(src: str, ctx: Context, **filters: str) -> str:
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    return f"{href(src, 'explore.md', ctx)}?{query}"


def render_status(status: str, ctx: Context) -> str:
    """A plan status as a labelled badge."""
    return f'<span class="wps-status wps-status--{e(status)}">{e(ctx.t(f"status.{status}"))}</span>'


def render_plan_table(items: list[Record], hub: Hub, src: str, ctx: Context, caption: str) -> str:
    """Plans with issuer, period, build-date status and source; sortable by any column."""
    rows = []
    for plan in items:
        status = plan_status(plan, hub.today.year)
        start, end = plan.get("period_start"), plan.get("period_end")
        period = f"{start}–{end}" if end else f"{start}–"
        issuer = _issuer_name(hub, plan, ctx.lang)
        target = _issuer_src(hub, plan)
        issuer_html = (
            f'<a href="{e(href(src, target, ctx))}">{e(issuer)}</a>' if target else e(issuer)
        )
        source_html = "<br>".join(render_source(s, ctx) for s in plan.get("source") or [])
        rows.append(
            f'<tr data-record="{e(plan.id)}"><td data-value="{e(issuer)}">{issuer_html}</td>'
            f'<td><a dir="auto" href="{e(href(src, record_src(plan), ctx))}">{e(plan.title)}</a></td>'
            f'<td data-value="{e(start)}">{e(period)}</td>'
            f'<td data-value="{STATUS_RANK.index(status) if status in STATUS_RANK else 9}">{render_status(status, ctx)}</td>'
            f"<td>{source_html}</td></tr>"
        )
    headers = [ctx.t(f"plans.{key}") for key in ("issuer", "plan", "period", "status", "source")]
    head = "".join(
        f'<th scope="col"><button type="button" class="wps-sort" data-column="{i}">{e(h)}</button></th>'
        for i, h in enumerate(headers)
    )
    return (
        f'<div class="wps-table-wrap"><table class="wps-plans" data-sortable>'
        f"<caption>{e(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def render_sections(records: list[Record], hub: Hub, src: str, ctx: Context) -> str:
    """The records of a profile, grouped by kind, plans as a table."""
    out = []
    placed: set[str] = set()
    for key, kinds in SECTIONS:
        chosen = [r for r in records if hub.facet(r, "type")[0] in kinds]
        placed.update(r.id for r in chosen)
        if not chosen:
            continue
        title = ctx.t(key)
        body = (
            render_plan_table(chosen, hub, src, ctx, f"{title} ({len(chosen)})")
            if kinds == PLAN_TYPES
            else render_card_list(chosen, hub, src, ctx)
        )
        out.append(f'<section class="wps-profile-section"><h2>{e(title)}</h2>{body}</section>')
    rest = [r for r in records if r.id not in placed]
    if rest:
        out.append(
            f'<section class="wps-profile-section"><h2>{e(ctx.t("profile.other_records"))}</h2>'
            + render_card_list(rest, hub, src, ctx)
            + "</section>"
        )
    return f'<div class="wps-profile-records" data-count="{len(records)}">{"".join(out)}</div>'


def render_map(
    hub: Hub,
    src: str,
    ctx: Context,
    *,
    title: str,
    map_id: str,
    focus: Iterable[str] | None = None,
    by_status: bool = False,
) -> str:
    """The world map (records per country, or plan status), its legend and a table beside it."""
    world = hub.world
    counts = country_counts(hub)
    names = {
        code: hub.vocab.countries.label(code, ctx.lang) if code in hub.vocab.countries else c.name
        for code, c in world.countries.items()
    }
    if by_status:
        shades = {code: country_plan_status(hub, code) for code in world.countries}
        labels = {code: f"{names[code]}: {ctx.t(f'legend.{shades[code]}')}" for code in names}
        legend = status_legend(ctx)
    else:
        shades = count_shades({code: counts.get(code, 0) for code in world.countries})
        labels = {
            code: f"{names[code]}: {ctx.n('count.records', counts.get(code, 0))}" for code in names
        }
        legend = count_legend(ctx)
    links = {code: href(src, country_src(code), ctx) for code in world.countries}
    focus_codes = sorted(focus) if focus is not None else None
    svg = render_world_map(
        world, shades, legend=legend, links=links, labels=labels, title=title, map_id=map_id,
        focus=focus_codes, legend_label=ctx.t("map.legend", title=title),
    )  # fmt: skip
    return svg


def beside(map_html: str, table_html: str, ctx: Context) -> str:
    """A map with its table alternative beside it (below it on narrow screens), and a box to
    find a country in the table: on a phone most countries are too small on the map to tap,
    so assets/maps.js leaves those to the table (WCAG 2.2 target size)."""
    find = (
        f'<p class="wps-find" hidden><label>{e(ctx.t("map.find"))} '
        '<input type="search" class="wps-find-input" autocomplete="off"></label></p>'
    )
    return (
        f'<div class="wps-map-and-table"><div class="wps-map">{map_html}</div>'
        f'<div class="wps-map-table">{find}{table_html}</div></div>'
    )


def render_geography(
    hub: Hub, src: str, ctx: Context, codes: list[str], title: str, caption: str, map_id: str,
    before: str = "",
) -> str:  # fmt: skip
    """A profile's countries: the map focused on them, with their table beside it."""
    if not codes:
        return ""
    on_map = render_map(hub, src, ctx, title=title, map_id=map_id, focus=codes) if hub.world else ""
    ordered = sorted(codes, key=lambda c: hub.vocab.countries.label(c, ctx.lang))
    table = render_country_table(ordered, hub, src, ctx, caption)
    return (
        f'<section class="wps-geography"><h2>{e(ctx.t("profile.countries"))}</h2>'
        f"{before}{beside(on_map, table, ctx)}</section>"
    )


def count_legend(ctx: Context) -> list[tuple[str, str]]:
    """The shading of counts, labelled in the page's language."""
    return [(key, ctx.t(f"legend.{key}")) for key, _ in COUNT_LEGEND]


def status_legend(ctx: Context) -> list[tuple[str, str]]:
    """The shading of plan statuses, labelled in the page's language."""
    return [(key, ctx.t(f"legend.{key}")) for key, _ in STATUS_LEGEND]


def render_country_table(
    codes: Iterable[str], hub: Hub, src: str, ctx: Context, caption: str, by_status: bool = False
) -> str:
    """Table alternative to a map: each country with its record count (or plan status)."""
    counts = country_counts(hub)
    rows = []
    for code in codes:
        label = hub.vocab.countries.label(code, ctx.lang)
        value = (
            ctx.t(f"legend.{country_plan_status(hub, code)}")
            if by_status
            else str(counts.get(code, 0))
        )
        rows.append((label, href(src, country_src(code), ctx), value))
    headers = (
        ctx.t("table.country"),
        ctx.t("table.plan_status") if by_status else ctx.t("table.records"),
    )
    return render_map_table(rows, caption=caption, headers=headers)


def _no_records(place: str, src: str, ctx: Context) -> str:
    return (
        f'<p class="wps-empty">{e(ctx.t("profile.none", place=place))} '
        f'<a href="{e(href(src, CONTRIBUTE_SRC, ctx))}">{e(ctx.t("profile.add_one"))}</a> '
        f"{e(ctx.t('profile.add_what'))}</p>"
    )


# --- pages ----------------------------------------------------------------------------------


def render_country_page(hub: Hub, code: str, ctx: Context) -> GeneratedPage:
    """A country: its region, plans with status, centres, research, tools and practices."""
    src = country_src(code)
    term = hub.vocab.countries[code]
    name = hub.vocab.countries.label(code, ctx.lang)
    records = records_in_country(hub, code)
    trail = [f'<a href="{e(href(src, PLACES_SRC, ctx))}">{e(ctx.t("places.title"))}</a>']
    regions = [
        r for r in (term.get("region"), term.get("subregion"), term.get("intermediate_region")) if r
    ]
    trail += [
        f'<a href="{e(href(src, region_src(r), ctx))}">{e(hub.vocab.regions.label(r, ctx.lang))}</a>'
        for r in regions
        if r in hub.vocab.regions
    ]
    if records:
        intro = (
            f'<p class="wps-summary">{e(ctx.n("profile.country_count", len(records), place=name))} '
            f'<a href="{e(_explore(src, ctx, country=code))}">{e(ctx.t("profile.filter"))}</a> · '
            f'<a href="{e(href(src, browse_src("country", code), ctx))}">{e(ctx.t("profile.list_all"))}</a></p>'
        )
    else:
        intro = _no_records(name, src, ctx)
    memberships = hub.memberships(code)
    regional = regional_plans_for(hub, code, records)
    regional_html = (
        f'<section class="wps-profile-regional"><h2>{e(ctx.t("profile.regional_plans"))}</h2>'
        f"<p>{e(ctx.t('profile.regional_note'))}</p>"
        + render_plan_table(regional, hub, src, ctx, ctx.t("profile.regional_caption"))
        + "</section>"
        if regional
        else ""
    )
    members_html = (
        "<ul>"
        + "".join(
            f'<li><a href="{e(href(src, organisation_src(term), ctx))}">'
            f"{e(hub.vocab.organisations.label(term, ctx.lang))}</a></li>"
            for term in memberships
        )
        + "</ul>"
        if memberships
        else f"<p>{e(ctx.t('profile.no_membership'))}</p>"
    )
    body = (
        f'<p class="wps-kind">{" › ".join(trail)}</p><h1>{e(name)}</h1>'
        + intro
        + (render_sections(records, hub, src, ctx) if records else "")
        + regional_html
        + f'<section class="wps-profile-orgs"><h2>{e(ctx.t("profile.organisations"))}</h2>{members_html}</section>'
    )
    return _page(ctx.t("profile.country_title", place=name), body)


def regional_plans_for(hub: Hub, code: str, records: list[Record]) -> list[Record]:
    """The regional plans of the organisations a country belongs to (by their recorded
    members), never by UN region: a plan of ASEAN is not Yemen's."""
    organisations = set(hub.memberships(code))
    return [
        r
        for r in hub.records
        if r.type == "regional-action-plan"
        and r.get("issuer") in organisations
        and r not in records
    ]


def render_region_page(hub: Hub, region: str, ctx: Context) -> GeneratedPage:
    """A region or sub-region: its records, its countries with counts, the map on them."""
    src = region_src(region)
    term = hub.vocab.regions[region]
    name = hub.vocab.regions.label(region, ctx.lang)
    records = records_in_region(hub, region)
    codes = countries_of_region(hub, region)
    parent = term.get("parent")
    trail = f'<a href="{e(href(src, PLACES_SRC, ctx))}">{e(ctx.t("places.title"))}</a>'
    if parent and parent != "global" and parent in hub.vocab.regions:
        trail += (
            f' › <a href="{e(href(src, region_src(parent), ctx))}">'
            f"{e(hub.vocab.regions.label(parent, ctx.lang))}</a>"
        )
    children = [t for t in hub.vocab.regions if t.get("parent") == region]
    children_html = (
        f'<h2>{e(ctx.t("profile.subregions"))}</h2><ul class="wps-values">'
        + "".join(
            f'<li><a href="{e(href(src, region_src(t.id), ctx))}">{e(hub.vocab.regions.label(t.id, ctx.lang))}</a> '
            f'<span class="wps-count">{len(records_in_region(hub, t.id))}</span></li>'
            for t in children
        )
        + "</ul>"
        if children
        else ""
    )
    intro = (
        f'<p class="wps-summary">{e(ctx.n("profile.region_count", len(records), place=name))} '
        f'<a href="{e(_explore(src, ctx, region=region))}">{e(ctx.t("profile.filter"))}</a></p>'
        if records
        else _no_records(name, src, ctx)
    )
    geography = render_geography(
        hub, src, ctx, codes, ctx.t("map.region_title", place=name),
        ctx.t("map.region_table", place=name), "region-map",
    )  # fmt: skip
    body = (
        f'<p class="wps-kind">{trail}</p><h1>{e(name)}</h1>'
        + intro
        + children_html
        + geography
        + (render_sections(records, hub, src, ctx) if records else "")
    )
    return _page(ctx.t("profile.region_title", place=name), body)


def render_organisation_page(hub: Hub, organisation: str, ctx: Context) -> GeneratedPage:
    """An organisation: records about it, plans it issued, the map on its countries."""
    src = organisation_src(organisation)
    term = hub.vocab.organisations[organisation]
    name = hub.vocab.organisations.label(organisation, ctx.lang)
    records = records_of_organisation(hub, organisation)
    issued = [r for r in plans(hub) if r.get("issuer") == organisation and r not in records]
    members = [c for c in hub.members(term.id) if c in hub.vocab.countries]
    focus = members or sorted({c for r in records for c in hub.facet(r, "country")})
    intro = (
        f'<p class="wps-summary">{e(hub.vocab.organisations.description(organisation, ctx.lang))}</p>'
        f"<p>{e(ctx.n('profile.organisation_count', len(records), place=name))} "
        + (
            f'<a href="{e(_explore(src, ctx, organisation=organisation))}">{e(ctx.t("profile.filter"))}</a></p>'
            if records
            else "</p>" + _no_records(name, src, ctx)
        )
    )
    membership = (
        f"<p>{e(ctx.n('profile.members', len(members)))}</p>"
        if members
        else f"<p>{e(ctx.t('profile.members_unknown'))}</p>"
    )
    title = ctx.t("map.organisation_title", place=name)
    geography = render_geography(hub, src, ctx, focus, title, title, "org-map", membership)
    issued_html = (
        f"<section><h2>{e(ctx.t('profile.issued'))}</h2>"
        + render_plan_table(issued, hub, src, ctx, ctx.t("profile.issued"))
        + "</section>"
        if issued
        else ""
    )
    body = (
        f'<p class="wps-kind"><a href="{e(href(src, PLACES_SRC, ctx))}">{e(ctx.t("places.title"))}</a></p>'
        f"<h1>{e(name)}</h1>"
        + intro
        + (render_sections(records, hub, src, ctx) if records else "")
        + issued_html
        + geography
    )
    return _page(ctx.t("profile.organisation_title", place=name), body)


def render_places_index(hub: Hub, ctx: Context) -> GeneratedPage:
    """The world map of records by country, then every region and organisation."""
    src = PLACES_SRC
    counts = country_counts(hub)
    with_records = sorted(counts, key=lambda c: hub.vocab.countries.label(c, ctx.lang))
    without = [t for t in hub.vocab.countries if t.id not in counts]
    on_map = (
        render_map(hub, src, ctx, title=ctx.t("map.world_title"), map_id="world-map")
        if hub.world
        else ""
    )
    table = render_country_table(with_records, hub, src, ctx, ctx.t("places.with_records"))
    others = (
        f"<details><summary>{e(ctx.n('places.without', len(without)))}</summary>"
        '<ul class="wps-values">'
        + "".join(
            f'<li><a href="{e(href(src, country_src(t.id), ctx))}">'
            f"{e(hub.vocab.countries.label(t.id, ctx.lang))}</a></li>"
            for t in without
        )
        + "</ul></details>"
    )
    regions = []
    for term in hub.vocab.regions:
        if term.get("level") != "region":
            continue
        children = [t for t in hub.vocab.regions if t.get("parent") == term.id]
        items = "".join(
            f'<li><a href="{e(href(src, region_src(t.id), ctx))}">{e(hub.vocab.regions.label(t.id, ctx.lang))}</a> '
            f'<span class="wps-count">{len(records_in_region(hub, t.id))}</span></li>'
            for t in children
        )
        regions.append(
            f'<li><a href="{e(href(src, region_src(term.id), ctx))}">{e(hub.vocab.regions.label(term.id, ctx.lang))}</a> '
            f'<span class="wps-count">{len(records_in_region(hub, term.id))}</span>'
            + (f"<ul>{items}</ul>" if items else "")
            + "</li>"
        )
    organisations = "".join(
        f'<li><a href="{e(href(src, organisation_src(t.id), ctx))}">{e(hub.vocab.organisations.label(t.id, ctx.lang))}</a> '
        f'<span class="wps-count">{len(records_of_organisation(hub, t.id))}</span></li>'
        for t in hub.vocab.organisations
    )
    body = (
        f"<h1>{e(ctx.t('places.title'))}</h1>"
        f"<p>{e(ctx.n('places.intro', len(counts)))} "
        f'<a href="{e(href(src, TRACKER_SRC, ctx))}">{e(ctx.t("tracker.title"))}</a> · '
        f'<a href="{e(href(src, EVIDENCE_SRC, ctx))}">{e(ctx.t("evidence.title"))}</a></p>'
        + beside(on_map, table, ctx)
        + others
        + f'<h2>{e(ctx.t("places.regions"))}</h2><ul class="wps-regions">{"".join(regions)}</ul>'
        + f'<h2>{e(ctx.t("places.organisations"))}</h2><ul class="wps-values">{organisations}</ul>'
    )
    return _page(ctx.t("places.title"), body)


def render_nap_tracker(hub: Hub, ctx: Context) -> GeneratedPage:
    """Every plan with period, status as of the build date and source; sourced global counts."""
    src = TRACKER_SRC
    items = plans(hub)
    statuses = [plan_status(p, hub.today.year) for p in items]
    national = [p for p in items if p.type == "national-action-plan"]
    countries = sorted(
        {c for p in national for c in hub.facet(p, "country")},
        key=lambda c: hub.vocab.countries.label(c, ctx.lang),
    )
    tally = ctx.t("list.separator").join(
        f"{ctx.t(f'status.{s}')}: {statuses.count(s)}" for s in STATUS_RANK if statuses.count(s)
    )
    on_map = (
        render_map(hub, src, ctx, title=ctx.t("map.status_title"), map_id="nap-map", by_status=True)
        if hub.world
        else render_legend(status_legend(ctx), label=ctx.t("map.status_title"))
    )
    table = render_country_table(
        countries, hub, src, ctx, ctx.t("tracker.countries_caption"), by_status=True
    )
    facts = "".join(
        f'<tr><td>{e(c.as_of)}</td><td lang="en">{e(c.value)}</td><td>{render_source(c.source, ctx)}</td></tr>'
        for c in hub.nap_counts
    )
    facts_html = (
        f"<h2>{e(ctx.t('tracker.global_title'))}</h2>"
        f"<p>{e(ctx.t('tracker.global_intro'))} <code>data/facts/nap-counts.yaml</code></p>"
        f'<div class="wps-table-wrap"><table class="wps-facts"><thead><tr><th scope="col">{e(ctx.t("tracker.as_of"))}</th>'
        f'<th scope="col">{e(ctx.t("tracker.count"))}</th><th scope="col">{e(ctx.t("plans.source"))}</th></tr></thead>'
        f"<tbody>{facts}</tbody></table></div>"
        if facts
        else ""
    )
    summary = ctx.t(
        "tracker.summary",
        date=hub.today.isoformat(),
        national=ctx.n("count.national_plans", len(national)),
        countries=ctx.n("count.countries", len(countries)),
        regional=ctx.n("count.regional_plans", len(items) - len(national)),
        tally=tally or "0",
    )
    body = (
        f"<h1>{e(ctx.t('tracker.title'))}</h1>"
        f'<p class="wps-summary">{e(summary)}</p>'
        f"<p>{e(ctx.t('tracker.not_complete'))} "
        f'<a href="{e(href(src, CONTRIBUTE_SRC, ctx))}">{e(ctx.t("tracker.add"))}</a></p>'
        + beside(on_map, table, ctx)
        + f"<h2>{e(ctx.t('tracker.every_plan'))}</h2>"
        + f'<p class="wps-hint">{e(ctx.t("tracker.sort_hint"))}</p>'
        + render_plan_table(
            items,
            hub,
            src,
            ctx,
            ctx.t(
                "tracker.caption",
                plans=ctx.n("count.plans", len(items)),
                date=hub.today.isoformat(),
            ),
        )
        + facts_html
    )
    return _page(ctx.t("tracker.title"), body)


def render_matrix(
    hub: Hub, src: str, ctx: Context, rows: list[tuple[str, str, dict[str, str]]], caption: str
) -> str:
    """A shaded table of record counts: rows of (label, link, explore filters), one column per
    region; each number opens Explore on exactly those records, an empty cell the contribute page."""
    regions = matrix_regions(hub)
    head = "".join(
        f'<th scope="col">{e(hub.vocab.regions.label(r, ctx.lang))}</th>' for r in regions
    )
    out = []
    for label, link, filters in rows:
        counts = _matrix_counts(hub, filters, regions)
        cells = []
        for region in regions:
            count = counts[region]
            where = hub.vocab.regions.label(region, ctx.lang)
            if count:
                url = _explore(src, ctx, **filters, region=region)
                name = ctx.n("matrix.cell", count, row=label, column=where)
                cells.append(
                    f'<td class="wps-m wps-m-{count_shade(count)}"><a href="{e(url)}" '
                    f'aria-label="{e(name)}" data-count="{count}">{count}</a></td>'
                )
            else:
                name = ctx.t("matrix.empty_label", row=label, column=where)
                cells.append(
                    f'<td class="wps-m wps-m-n0"><a href="{e(href(src, CONTRIBUTE_SRC, ctx))}" '
                    f'aria-label="{e(name)}" data-count="0">{e(ctx.t("matrix.empty"))}</a></td>'
                )
        title = f'<a href="{e(link)}">{e(label)}</a>' if link else e(label)
        out.append(f'<tr><th scope="row">{title}</th>{"".join(cells)}</tr>')
    return (
        '<div class="wps-table-wrap"><table class="wps-matrix">'
        f"<caption>{e(caption)}</caption><thead><tr><td></td>{head}</tr></thead>"
        f"<tbody>{''.join(out)}</tbody></table></div>"
    )


def _matrix_counts(hub: Hub, filters: dict[str, str], regions: list[str]) -> dict[str, int]:
    return topic_region_counts(hub, filters["topic"], regions, filters.get("type"))


def render_evidence_map(hub: Hub, ctx: Context) -> GeneratedPage:
    """Topic x region counts: where knowledge is thick and where it is missing."""
    src = EVIDENCE_SRC
    with_records = group_by_facet(hub, "topic")
    rows = [
        (
            hub.vocab.topics.label(t.id, ctx.lang),
            # a topic without records has no browse page yet: its row is a gap, not a link
            href(src, browse_src("topic", t.id), ctx) if t.id in with_records else "",
            {"topic": t.id},
        )
        for t in hub.vocab.topics
    ]
    body = (
        f"<h1>{e(ctx.t('evidence.title'))}</h1>"
        f'<p class="wps-summary">{e(ctx.t("evidence.intro", date=hub.today.isoformat()))} '
        f'<a href="{e(href(src, CONTRIBUTE_SRC, ctx))}">{e(ctx.t("evidence.fill"))}</a></p>'
        + render_legend(count_legend(ctx), label=ctx.t("evidence.shading"))
        + render_matrix(hub, src, ctx, rows, ctx.t("evidence.caption"))
    )
    return _page(ctx.t("evidence.title"), body)


def render_topic_matrix(hub: Hub, topic: str, src: str, ctx: Context) -> str:
    """On a topic's page: the same matrix by record type."""
    kinds = [
        t.id
        for t in hub.vocab.types
        if any(hub.facet(r, "type")[0] == t.id for r in group_by_facet(hub, "topic").get(topic, []))
    ]
    rows = [
        (hub.vocab.types.label(kind, ctx.lang), "", {"topic": topic, "type": kind})
        for kind in kinds
    ]
    if not rows:
        return ""
    label = hub.vocab.topics.label(topic, ctx.lang)
    return (
        f'<section class="wps-topic-matrix"><h2>{e(ctx.t("evidence.by_type"))}</h2>'
        + render_matrix(hub, src, ctx, rows, ctx.t("evidence.topic_caption", topic=label))
        + f'<p><a href="{e(href(src, EVIDENCE_SRC, ctx))}">{e(ctx.t("evidence.all_topics"))}</a></p></section>'
    )


def render_health_page(hub: Hub, ctx: Context) -> GeneratedPage:
    """The data-health report (wpshub report) as a page: the maintainers' to-do list."""
    from .health import AGES, build_report

    report = build_report(hub.records, hub.known_plans, hub.today)
    heads = (
        "collection",
        "records",
        "address",
        "period",
        "translated",
        *(f"verified_{a}" for a in AGES),
    )

    def share(count: int | None, total: int) -> str:
        return "–" if count is None else f"{count} ({100 * count // max(total, 1)} %)"

    rows = "".join(
        f'<tr><th scope="row">{e(ctx.t(f"health.collection.{row.name}"))}</th><td>{row.records}</td>'
        f"<td>{share(row.with_address, row.records)}</td><td>{share(row.with_period, row.records)}</td>"
        f"<td>{share(row.translated, row.records)}</td>"
        + "".join(f"<td>{row.verified[a]}</td>" for a in AGES)
        + "</tr>"
        for row in report.collections
    )
    table = (
        f'<div class="wps-table-wrap"><table><caption>{e(ctx.t("health.caption"))}</caption><thead><tr>'
        + "".join(f'<th scope="col">{e(ctx.t(f"health.{h}"))}</th>' for h in heads)
        + f"</tr></thead><tbody>{rows}</tbody></table></div>"
    )
    coverage = ctx.t(
        "health.coverage", countries=len(report.plan_countries), regional=report.regional_plans
    )
    if report.known:
        missing = "".join(
            f'<li><a href="{e(href("health.md", country_src(k.code), ctx))}">'
            f"{e(hub.vocab.countries.label(k.code, ctx.lang))}</a></li>"
            for k in report.missing
        )
        known = (
            f"<p>{e(ctx.t('health.known', known=len(report.known), missing=len(report.missing)))}</p>"
            + (f'<ul class="wps-columns">{missing}</ul>' if missing else "")
        )
    else:
        known = f"<p>{e(ctx.t('health.no_known'))}</p>"
    body = (
        f"<h1>{e(ctx.t('health.title'))}</h1>"
        f"<p>{e(ctx.t('health.intro', date=hub.today.isoformat()))}</p>"
        + table
        + f"<h2>{e(ctx.t('health.coverage_title'))}</h2><p>{e(coverage)}</p>"
        + known
    )
    return _page(ctx.t("health.title"), body)

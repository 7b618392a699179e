"""Pages by place and organisation, the NAP tracker and the evidence-and-gap map.

People browse WPS knowledge by place first. Every country in data/vocab/countries.yaml gets a
page (one without records says so and how to add one); every region, sub-region and
organisation gets one with the same aggregates and the world map focused on its countries.
Counts are the catalogue's: a country page counts the records whose `countries` in
catalogue.json include it, a region page those whose `regions` do. Plan statuses come from
the build date (`hub.today`), so a plan expires on the site the year after its period ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial

from ..data.records import Record
from .catalogue import Hub, group_by_facet
from .render import (
    DIRECTORY_TYPES,
    Context,
    GeneratedPage,
    browse_src,
    card,
    href,
    plan_status,
    record_src,
    source_item,
)
from .templating import render, trusted
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


# a place page: its source path, how it is rendered in a language, and what it shows besides
# data files (for `make serve`): its records, in order, then anything else it counts
Place = tuple[str, Callable[[Context], GeneratedPage], list]


def place_pages(hub: Hub) -> Iterator[Place]:
    """The country, region and organisation pages, in that order."""
    for term in hub.vocab.countries:
        records = records_in_country(hub, term.id)
        shown = [*records, *regional_plans_for(hub, term.id, records)]
        yield country_src(term.id), partial(render_country_page, hub, term.id), shown
    for term in hub.vocab.regions:
        if term.id != "global":
            children = [t.id for t in hub.vocab.regions if t.get("parent") == term.id]
            counts = [len(records_in_region(hub, child)) for child in children]
            shown = [*records_in_region(hub, term.id), counts, country_counts(hub)]
            yield region_src(term.id), partial(render_region_page, hub, term.id), shown
    for term in hub.vocab.organisations:
        records = records_of_organisation(hub, term.id)
        shown = [*records, *issued_plans(hub, term.id, records), country_counts(hub)]
        yield organisation_src(term.id), partial(render_organisation_page, hub, term.id), shown


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
    if "plans" not in hub._cache:
        found = [r for r in hub.records if r.type in PLAN_TYPES]
        hub._cache["plans"] = sorted(
            found, key=lambda r: (_issuer_name(hub, r).casefold(), r.get("period_start") or 0)
        )
    return hub._cache["plans"]


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


def status_badge(status: str, ctx: Context) -> dict:
    return {"id": status, "label": ctx.t(f"status.{status}")}


def plan_table(items: list[Record], hub: Hub, src: str, ctx: Context, caption: str) -> dict:
    """Plans with issuer, period, build-date status and source; sortable by any column."""
    rows = []
    for plan in items:
        status = plan_status(plan, hub.today.year)
        start, end = plan.get("period_start"), plan.get("period_end")
        target = _issuer_src(hub, plan)
        sources = [source_item(s, ctx, by_host=True) for s in plan.get("source") or []]
        rows.append(
            {
                "id": plan.id,
                "issuer": _issuer_name(hub, plan, ctx.lang),
                "issuer_href": href(src, target, ctx) if target else None,
                "href": href(src, record_src(plan), ctx),
                "title": plan.title,
                "start": start,
                "period": f"{start}–{end}" if end else f"{start}–",
                "rank": STATUS_RANK.index(status) if status in STATUS_RANK else 9,
                "status": status_badge(status, ctx),
                "sources": sources,
            }
        )
    headers = [ctx.t(f"plans.{key}") for key in ("issuer", "plan", "period", "status", "source")]
    return {"caption": caption, "headers": headers, "rows": rows}


def sections(records: list[Record], hub: Hub, src: str, ctx: Context) -> dict:
    """The records of a profile, grouped by kind, plans as a table."""
    out = []
    placed: set[str] = set()
    for key, kinds in SECTIONS:
        chosen = [r for r in records if hub.facet(r, "type")[0] in kinds]
        placed.update(r.id for r in chosen)
        if not chosen:
            continue
        title = ctx.t(key)
        table = None
        if kinds == PLAN_TYPES:
            table = plan_table(chosen, hub, src, ctx, f"{title} ({len(chosen)})")
        cards = [] if table else [card(r, hub, src, ctx) for r in chosen]
        out.append({"title": title, "plans": table, "cards": cards})
    rest = [r for r in records if r.id not in placed]
    if rest:
        cards = [card(r, hub, src, ctx) for r in rest]
        out.append({"title": ctx.t("profile.other_records"), "plans": None, "cards": cards})
    return {"count": len(records), "empty": ctx.t("empty.records"), "sections": out}


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


def geography(
    hub: Hub, src: str, ctx: Context, codes: list[str], title: str, caption: str, map_id: str,
    note: str = "",
) -> dict | None:  # fmt: skip
    """A profile's countries: the map focused on them, with their table beside it, after a
    note on them if there is one."""
    if not codes:
        return None
    on_map = render_map(hub, src, ctx, title=title, map_id=map_id, focus=codes) if hub.world else ""
    ordered = sorted(codes, key=lambda c: hub.vocab.countries.label(c, ctx.lang))
    return {
        "heading": ctx.t("profile.countries"),
        "note": note,
        "map": trusted(on_map),
        "table": trusted(render_country_table(ordered, hub, src, ctx, caption)),
        "find": ctx.t("map.find"),
    }


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


def no_records(place: str, src: str, ctx: Context) -> dict:
    return {
        "text": ctx.t("profile.none", place=place),
        "href": href(src, CONTRIBUTE_SRC, ctx),
        "link": ctx.t("profile.add_one"),
        "after": ctx.t("profile.add_what"),
    }


# --- pages ----------------------------------------------------------------------------------


def render_country_page(hub: Hub, code: str, ctx: Context) -> GeneratedPage:
    """A country: its region, plans with status, centres, research, tools and practices."""
    src = country_src(code)
    term = hub.vocab.countries[code]
    name = hub.vocab.countries.label(code, ctx.lang)
    records = records_in_country(hub, code)
    regions = [
        r for r in (term.get("region"), term.get("subregion"), term.get("intermediate_region")) if r
    ]
    trail = [{"href": href(src, PLACES_SRC, ctx), "label": ctx.t("places.title")}] + [
        {"href": href(src, region_src(r), ctx), "label": hub.vocab.regions.label(r, ctx.lang)}
        for r in regions
        if r in hub.vocab.regions
    ]
    regional = regional_plans_for(hub, code, records)
    caption = ctx.t("profile.regional_caption")
    body = render(
        "country.html",
        t=ctx.t,
        trail=trail,
        name=name,
        count=ctx.n("profile.country_count", len(records), place=name),
        explore=_explore(src, ctx, country=code),
        browse=href(src, browse_src("country", code), ctx),
        records=sections(records, hub, src, ctx) if records else None,
        empty=no_records(name, src, ctx),
        regional=plan_table(regional, hub, src, ctx, caption) if regional else None,
        memberships=[
            {
                "href": href(src, organisation_src(m), ctx),
                "label": hub.vocab.organisations.label(m, ctx.lang),
            }
            for m in hub.memberships(code)
        ],
    )
    return GeneratedPage(title=ctx.t("profile.country_title", place=name), html=body)


def regional_plans_for(hub: Hub, code: str, records: list[Record]) -> list[Record]:
    """The regional plans of the organisations a country belongs to (by their recorded
    members), never by UN region: a plan of ASEAN is not Yemen's."""
    organisations = set(hub.memberships(code))
    if "regional_plans" not in hub._cache:  # a few among thousands: found once a build
        hub._cache["regional_plans"] = [r for r in hub.records if r.type == "regional-action-plan"]
    return [
        r
        for r in hub._cache["regional_plans"]
        if r.get("issuer") in organisations and r not in records
    ]


def region_links(hub: Hub, src: str, ctx: Context, regions: Iterable[str]) -> list[dict]:
    """Regions with the links to their pages and their record counts."""
    return [
        {
            "href": href(src, region_src(r), ctx),
            "label": hub.vocab.regions.label(r, ctx.lang),
            "count": len(records_in_region(hub, r)),
        }
        for r in regions
    ]


def render_region_page(hub: Hub, region: str, ctx: Context) -> GeneratedPage:
    """A region or sub-region: its records, its countries with counts, the map on them."""
    src = region_src(region)
    term = hub.vocab.regions[region]
    name = hub.vocab.regions.label(region, ctx.lang)
    records = records_in_region(hub, region)
    parent = term.get("parent")
    trail = [{"href": href(src, PLACES_SRC, ctx), "label": ctx.t("places.title")}]
    if parent and parent != "global" and parent in hub.vocab.regions:
        trail.append(
            {
                "href": href(src, region_src(parent), ctx),
                "label": hub.vocab.regions.label(parent, ctx.lang),
            }
        )
    children = [t.id for t in hub.vocab.regions if t.get("parent") == region]
    places = geography(
        hub, src, ctx, countries_of_region(hub, region), ctx.t("map.region_title", place=name),
        ctx.t("map.region_table", place=name), "region-map",
    )  # fmt: skip
    body = render(
        "region.html",
        t=ctx.t,
        trail=trail,
        name=name,
        count=ctx.n("profile.region_count", len(records), place=name),
        explore=_explore(src, ctx, region=region),
        records=sections(records, hub, src, ctx) if records else None,
        empty=no_records(name, src, ctx),
        children=region_links(hub, src, ctx, children),
        places=places,
    )
    return GeneratedPage(title=ctx.t("profile.region_title", place=name), html=body)


def render_organisation_page(hub: Hub, organisation: str, ctx: Context) -> GeneratedPage:
    """An organisation: records about it, plans it issued, the map on its countries."""
    src = organisation_src(organisation)
    term = hub.vocab.organisations[organisation]
    name = hub.vocab.organisations.label(organisation, ctx.lang)
    records = records_of_organisation(hub, organisation)
    issued = issued_plans(hub, organisation, records)
    members = [c for c in hub.members(term.id) if c in hub.vocab.countries]
    focus = members or sorted({c for r in records for c in hub.facet(r, "country")})
    membership = (
        ctx.n("profile.members", len(members)) if members else ctx.t("profile.members_unknown")
    )
    title = ctx.t("map.organisation_title", place=name)
    body = render(
        "organisation.html",
        t=ctx.t,
        places_href=href(src, PLACES_SRC, ctx),
        name=name,
        description=hub.vocab.organisations.description(organisation, ctx.lang),
        count=ctx.n("profile.organisation_count", len(records), place=name),
        explore=_explore(src, ctx, organisation=organisation),
        records=sections(records, hub, src, ctx) if records else None,
        empty=no_records(name, src, ctx),
        issued=plan_table(issued, hub, src, ctx, ctx.t("profile.issued")) if issued else None,
        places=geography(hub, src, ctx, focus, title, title, "org-map", membership),
    )
    return GeneratedPage(title=ctx.t("profile.organisation_title", place=name), html=body)


def issued_plans(hub: Hub, organisation: str, records: list[Record]) -> list[Record]:
    """The plans an organisation issued that are not already among its records."""
    return [r for r in plans(hub) if r.get("issuer") == organisation and r not in records]


def render_places_index(hub: Hub, ctx: Context) -> GeneratedPage:
    """The world map of records by country, then every region and organisation."""
    src = PLACES_SRC
    counts = country_counts(hub)
    with_records = sorted(counts, key=lambda c: hub.vocab.countries.label(c, ctx.lang))
    without = [t.id for t in hub.vocab.countries if t.id not in counts]
    on_map = (
        render_map(hub, src, ctx, title=ctx.t("map.world_title"), map_id="world-map")
        if hub.world
        else ""
    )
    table = render_country_table(with_records, hub, src, ctx, ctx.t("places.with_records"))
    regions = []
    for link, term in zip(
        region_links(
            hub, src, ctx, (t.id for t in hub.vocab.regions if t.get("level") == "region")
        ),
        (t for t in hub.vocab.regions if t.get("level") == "region"),
        strict=True,
    ):
        children = [t.id for t in hub.vocab.regions if t.get("parent") == term.id]
        regions.append({**link, "children": region_links(hub, src, ctx, children)})
    body = render(
        "places.html",
        t=ctx.t,
        intro=ctx.n("places.intro", len(counts)),
        tracker=href(src, TRACKER_SRC, ctx),
        evidence=href(src, EVIDENCE_SRC, ctx),
        map=trusted(on_map),
        table=trusted(table),
        without_label=ctx.n("places.without", len(without)),
        without=[
            {
                "href": href(src, country_src(c), ctx),
                "label": hub.vocab.countries.label(c, ctx.lang),
            }
            for c in without
        ],
        regions=regions,
        organisations=[
            {
                "href": href(src, organisation_src(t.id), ctx),
                "label": hub.vocab.organisations.label(t.id, ctx.lang),
                "count": len(records_of_organisation(hub, t.id)),
            }
            for t in hub.vocab.organisations
        ],
    )
    return GeneratedPage(title=ctx.t("places.title"), html=body)


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
    summary = ctx.t(
        "tracker.summary",
        date=hub.today.isoformat(),
        national=ctx.n("count.national_plans", len(national)),
        countries=ctx.n("count.countries", len(countries)),
        regional=ctx.n("count.regional_plans", len(items) - len(national)),
        tally=tally or "0",
    )
    caption = ctx.t(
        "tracker.caption", plans=ctx.n("count.plans", len(items)), date=hub.today.isoformat()
    )
    facts = [
        {"as_of": c.as_of, "value": c.value, "source": source_item(c.source, ctx, by_host=True)}
        for c in hub.nap_counts
    ]
    body = render(
        "tracker.html",
        t=ctx.t,
        summary=summary,
        contribute=href(src, CONTRIBUTE_SRC, ctx),
        map=trusted(on_map),
        table=trusted(table),
        plans=plan_table(items, hub, src, ctx, caption),
        facts=facts,
    )
    return GeneratedPage(title=ctx.t("tracker.title"), html=body)


def matrix(
    hub: Hub, src: str, ctx: Context, rows: list[tuple[str, str, dict[str, str]]], caption: str
) -> dict:
    """A shaded table of record counts: rows of (label, link, explore filters), one column per
    region; each number opens Explore on exactly those records, an empty cell the contribute page."""
    regions = matrix_regions(hub)
    out = []
    for label, link, filters in rows:
        counts = _matrix_counts(hub, filters, regions)
        cells = []
        for region in regions:
            count = counts[region]
            where = hub.vocab.regions.label(region, ctx.lang)
            if count:
                cells.append(
                    {
                        "shade": count_shade(count),
                        "href": _explore(src, ctx, **filters, region=region),
                        "name": ctx.n("matrix.cell", count, row=label, column=where),
                        "count": count,
                        "text": count,
                    }
                )
            else:
                cells.append(
                    {
                        "shade": "n0",
                        "href": href(src, CONTRIBUTE_SRC, ctx),
                        "name": ctx.t("matrix.empty_label", row=label, column=where),
                        "count": 0,
                        "text": ctx.t("matrix.empty"),
                    }
                )
        out.append({"label": label, "href": link, "cells": cells})
    labels = [hub.vocab.regions.label(r, ctx.lang) for r in regions]
    return {"caption": caption, "regions": labels, "rows": out}


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
    body = render(
        "evidence.html",
        t=ctx.t,
        section=False,
        intro=ctx.t("evidence.intro", date=hub.today.isoformat()),
        contribute=href(src, CONTRIBUTE_SRC, ctx),
        legend=trusted(render_legend(count_legend(ctx), label=ctx.t("evidence.shading"))),
        matrix=matrix(hub, src, ctx, rows, ctx.t("evidence.caption")),
    )
    return GeneratedPage(title=ctx.t("evidence.title"), html=body)


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
    return render(
        "evidence.html",
        t=ctx.t,
        section=True,
        matrix=matrix(hub, src, ctx, rows, ctx.t("evidence.topic_caption", topic=label)),
        all_topics=href(src, EVIDENCE_SRC, ctx),
    )


def render_health_page(hub: Hub, ctx: Context) -> GeneratedPage:
    """The data-health report (wpshub report) as a page: the maintainers' to-do list."""
    from ..data.health import AGES, build_report

    if "health" not in hub._cache:  # the same in every language
        hub._cache["health"] = build_report(hub.records, hub.known_plans, hub.today)
    report = hub._cache["health"]
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

    rows = [
        {
            "name": ctx.t(f"health.collection.{row.name}"),
            "cells": [
                row.records,
                share(row.with_address, row.records),
                share(row.with_period, row.records),
                share(row.translated, row.records),
                *(row.verified[a] for a in AGES),
            ],
        }
        for row in report.collections
    ]
    known = ""
    if report.known:
        known = ctx.t("health.known", known=len(report.known), missing=len(report.missing))
    body = render(
        "health.html",
        t=ctx.t,
        intro=ctx.t("health.intro", date=hub.today.isoformat()),
        heads=[ctx.t(f"health.{h}") for h in heads],
        rows=rows,
        coverage=ctx.t(
            "health.coverage", countries=len(report.plan_countries), regional=report.regional_plans
        ),
        known=known,
        missing=[
            {
                "href": href("health.md", country_src(k.code), ctx),
                "label": hub.vocab.countries.label(k.code, ctx.lang),
            }
            for k in report.missing
        ],
    )
    return GeneratedPage(title=ctx.t("health.title"), html=body)

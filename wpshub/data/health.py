"""The data-health report: what the hub holds and what it still lacks, the maintainers' to-do
list. `wpshub report` prints it; the site shows it on its own page (health.md).

Per collection: records, records with an address (url or DOI), plans with a stated end year,
YAML records translated into every language, and how long ago each record was compared with
its sources. Then the countries a named source says have adopted a plan while the hub holds
none of theirs (data/facts/known-plans.yaml).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .facts import read_fact_list
from .records import COLLECTIONS, RESEARCH, Problem, Record

KNOWN_PLANS = Path("facts") / "known-plans.yaml"
TRANSLATED = ("fr", "es", "ar")
# how long ago a record was compared with its sources
AGES = ("never", "month", "year", "older")
AGE_DAYS = {"month": 31, "year": 366}


@dataclass
class CollectionHealth:
    """The counts of one collection; `None` where a count does not apply to it."""

    name: str
    records: int = 0
    with_address: int | None = None
    with_period: int | None = None
    translated: int | None = None
    verified: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AGES, 0))


@dataclass(frozen=True)
class KnownPlan:
    """A country a named source says has adopted a national action plan."""

    code: str
    source: tuple[str, ...]
    as_of: str
    first_adopted: int | None = None


@dataclass
class HealthReport:
    collections: list[CollectionHealth]
    plan_countries: list[str]
    regional_plans: int
    known: list[KnownPlan]
    missing: list[KnownPlan]
    today: dt.date


def verified_age(record: Record, today: dt.date) -> str:
    """'never', 'month', 'year' or 'older': when the record was last compared with its sources."""
    value = record.get("last_verified")
    try:
        day = dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        day = None
    if day is None:
        return "never"
    days = (today - day).days
    return next((age for age, limit in AGE_DAYS.items() if days < limit), "older")


def is_translated(record: Record) -> bool:
    """A summary in every language, and a title in each language the record is not in."""
    languages = record.get("languages") or []
    return all(
        record.get(f"summary_{lang}") and (lang in languages or record.get(f"title_{lang}"))
        for lang in TRANSLATED
    )


def collection_health(records: list[Record], today: dt.date) -> list[CollectionHealth]:
    """One row per collection, in the order of COLLECTIONS."""
    rows = {name: CollectionHealth(name) for name in COLLECTIONS}
    for record in records:
        row = rows.setdefault(record.collection, CollectionHealth(record.collection))
        row.records += 1
        if record.collection == "pathways":  # the hub's own pages: no address of their own
            row.with_address = None
        else:
            row.with_address = (row.with_address or 0) + bool(
                record.get("url") or record.get("doi")
            )
        if record.collection == "plans":
            row.with_period = (row.with_period or 0) + bool(record.get("period_end"))
        if record.collection != RESEARCH:
            row.translated = (row.translated or 0) + is_translated(record)
        row.verified[verified_age(record, today)] += 1
    return [row for row in rows.values() if row.records]


def build_report(records: list[Record], known: list[KnownPlan], today: dt.date) -> HealthReport:
    """The whole report from the hub's records and the sourced list of countries with plans."""
    national = [r for r in records if r.type == "national-action-plan"]
    countries = sorted({str(r.get("issuer")) for r in national})
    missing = [k for k in known if k.code not in countries]
    return HealthReport(
        collections=collection_health(records, today),
        plan_countries=countries,
        regional_plans=sum(1 for r in records if r.type == "regional-action-plan"),
        known=known,
        missing=missing,
        today=today,
    )


def format_report(report: HealthReport, country_name=lambda code: code) -> str:
    """The report as plain text for a terminal: a table, then the coverage lines."""
    head = ("collection", "records", "address", "period", "translated",
            "verified<1m", "<1y", "older", "never")  # fmt: skip
    rows = [head]
    for row in report.collections:
        rows.append(
            (
                row.name, str(row.records), _share(row.with_address, row.records),
                _share(row.with_period, row.records), _share(row.translated, row.records),
                str(row.verified["month"]), str(row.verified["year"]),
                str(row.verified["older"]), str(row.verified["never"]),
            )
        )  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]
    lines.append("")
    lines.append(
        f"national plans cover {len(report.plan_countries)} countries; "
        f"{report.regional_plans} regional plans"
    )
    if report.known:
        lines.append(
            f"{len(report.known)} countries have a plan by data/facts/known-plans.yaml; "
            f"{len(report.missing)} of them have none in the hub yet:"
        )
        lines.extend(f"  {k.code} {country_name(k.code)}" for k in report.missing)
    else:
        lines.append(
            "no data/facts/known-plans.yaml: countries with a plan not yet in the hub unknown"
        )
    lines.append(f"as of {report.today.isoformat()}")
    return "\n".join(lines)


def _share(count: int | None, total: int) -> str:
    return "-" if count is None else f"{count} ({100 * count // max(total, 1)}%)"


def load_known_plans(
    data_dir: Path, root: Path, countries: set[str]
) -> tuple[list[KnownPlan], list[Problem]]:
    """data/facts/known-plans.yaml, and every problem with it (none when it is absent)."""
    rel, document, items, problems = read_fact_list(data_dir, root, KNOWN_PLANS, "countries")
    if document is None or problems:
        return [], problems
    known: list[KnownPlan] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        found = list(_check_known(item, rel, document.line_of("countries", index), countries, seen))
        problems.extend(found)
        if not found:
            seen.add(item["code"])
            known.append(
                KnownPlan(item["code"], tuple(item["source"]), str(item["as_of"]),
                          item.get("first_adopted"))
            )  # fmt: skip
    return known, problems


def _check_known(
    item: object, rel: str, line: int, countries: set[str], seen: set[str]
) -> Iterator[Problem]:
    if not isinstance(item, dict):
        yield Problem(rel, line, "countries", "each entry is a mapping with code, source and as_of")
        return
    unknown = sorted(set(item) - {"code", "source", "as_of", "first_adopted"})
    if unknown:
        yield Problem(rel, line, unknown[0], f"unknown field '{unknown[0]}'; allowed: code, "
                      "first_adopted, source, as_of")  # fmt: skip
    code = item.get("code")
    if code not in countries:
        yield Problem(
            rel, line, "code", f"'{code}' is not a country code of data/vocab/countries.yaml"
        )
    elif code in seen:
        yield Problem(rel, line, "code", f"'{code}' is listed twice")
    source = item.get("source")
    if not (isinstance(source, list) and source and all(
        isinstance(s, str) and s.startswith(("http://", "https://")) for s in source
    )):  # fmt: skip
        yield Problem(rel, line, "source", "give the addresses read as a list of http(s) addresses")
    try:
        dt.date.fromisoformat(str(item.get("as_of")))
    except ValueError:
        yield Problem(rel, line, "as_of", "write the date the source describes as YYYY-MM-DD")
    year = item.get("first_adopted")
    if year is not None and not (isinstance(year, int) and 1999 < year < 2100):
        yield Problem(rel, line, "first_adopted", "write a four-digit year")

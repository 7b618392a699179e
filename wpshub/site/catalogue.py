"""The hub as the site sees it: valid records, where their pages live, and their facets."""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.documents import load_documents
from ..data.facts import load_nap_counts
from ..data.health import load_known_plans
from ..data.linkstatus import STATUS_FILE, LinkStatusError, load_link_status
from ..data.memo import Memo, files_digest
from ..data.records import RESEARCH, Problem, Record
from ..data.validate import check_hub
from ..data.vocab import Vocabularies, load_vocabularies
from .i18n import check_catalogues
from .worldmap import load_world

# Facets, in the order the explore page shows them: facet name -> vocabulary behind it.
FACETS = {
    "type": "types",
    "topic": "topics",
    "region": "regions",
    "subregion": "regions",
    "country": "countries",
    "organisation": "organisations",
    "language": "languages",
    "resolution": "resolutions",
    "year": "",  # no vocabulary: the value is the year itself
}
CATALOGUE_VERSION = 1
WORLD_FILE = Path("data") / "geo" / "world-countries.json"


class HubError(Exception):
    """Records that do not validate: the build stops and prints every problem."""

    def __init__(self, problems: list[Problem], summary: str) -> None:
        self.problems = problems
        lines = [str(p) for p in problems if p.is_error]
        super().__init__("\n".join([*lines, summary]))


@dataclass
class Hub:
    """Every valid record with its facets, plus the vocabularies."""

    records: list[Record]
    vocab: Vocabularies
    facets: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    link_status: dict = field(default_factory=dict)  # data/link-status.json, from check-links
    nap_counts: list = field(default_factory=list)  # data/facts/nap-counts.yaml
    known_plans: list = field(default_factory=list)  # data/facts/known-plans.yaml
    world: Any = None  # data/geo/world-countries.json, for the maps (absent in scratch hubs)
    documents: dict = field(default_factory=dict)  # record id -> its fetched documents
    memo: Memo | None = field(default=None, repr=False)  # `make serve`: kept between builds
    shared: str = ""  # with a memo: the digest of what every page reads besides records
    _cache: dict = field(default_factory=dict, repr=False)

    def facet(self, record: Record, name: str) -> list[str]:
        return self.facets[record.id][name]

    def members(self, organisation: str) -> list[str]:
        """The member countries of an organisation (vocabulary id), as its record in
        data/organisations/ lists them with source and date; [] when none is recorded."""
        if "members" not in self._cache:
            found: dict[str, list[str]] = {}
            for record in self.records:
                if record.collection == "organisations" and record.get("members"):
                    for term in record.get("organisations") or []:
                        found[term] = list(record["members"])
            self._cache["members"] = found
        return self._cache["members"].get(organisation, [])

    def memberships(self, country: str) -> list[str]:
        """The organisations (vocabulary ids) a country belongs to, by their recorded members."""
        self.members("")
        return sorted(t for t, codes in self._cache["members"].items() if country in codes)

    def pathways_of(self, record: Record) -> list[tuple[Record, int, int]]:
        """The pathways that include a record: (pathway, step number, number of steps)."""
        if "pathways" not in self._cache:
            found: dict[str, list[tuple[Record, int, int]]] = defaultdict(list)
            for pathway in self.records:
                steps = pathway.get("steps") if pathway.collection == "pathways" else None
                for number, step in enumerate(steps or [], start=1):
                    found[step["record"]].append((pathway, number, len(steps)))
            self._cache["pathways"] = found
        return self._cache["pathways"].get(record.id, [])

    def position(self, record: Record) -> int:
        """Where a record stands in `records` (title order)."""
        return self.position_of(record.id)

    def position_of(self, record_id: str) -> int:
        if "position" not in self._cache:
            self._cache["position"] = {r.id: i for i, r in enumerate(self.records)}
        return self._cache["position"][record_id]

    def related_index(self) -> dict[tuple[str, str], list[int]]:
        """(facet, value) -> positions of the records that carry it, for the facets that make
        records related (countries, organisations, topics)."""
        if "related" not in self._cache:
            index: dict[tuple[str, str], list[int]] = defaultdict(list)
            for position, record in enumerate(self.records):
                for facet in RELATED_WEIGHTS:
                    for value in self.facets[record.id][facet]:
                        index[(facet, value)].append(position)
            self._cache["related"] = index
        return self._cache["related"]


def load_hub(root: Path, today: dt.date | None = None, memo: Memo | None = None) -> Hub:
    """Validate all of data/; raise HubError on any error, else return the Hub. A `memo`
    (`make serve`) keeps what is unchanged since the last build (`wpshub.data.memo`)."""
    report = check_hub(root, today=today, also=check_catalogues, memo=memo)
    if report.errors:
        raise HubError(report.problems, report.summary())
    vocab = load_vocabularies(root / "data")
    try:
        link_status = load_link_status(root / STATUS_FILE, root)
    except LinkStatusError as exc:
        raise HubError([], str(exc)) from None
    world_path = root / WORLD_FILE
    try:
        world = load_world(world_path) if world_path.exists() else None
    except ValueError as exc:
        raise HubError([], str(exc)) from None
    records = sorted(report.records, key=lambda r: (r.title.casefold(), r.id))
    hub = Hub(
        records=records,
        vocab=vocab,
        warnings=report.warnings,
        today=today or dt.date.today(),
        link_status=link_status,
        nap_counts=load_nap_counts(root / "data", root)[0],
        known_plans=load_known_plans(root / "data", root, set(vocab.countries.terms))[0],
        world=world,
        documents=load_documents(root, records)[0],
        memo=memo,
    )
    for record in records:
        hub.facets[record.id] = record_facets(record, vocab)
    if memo is not None:  # what a result kept from the last build was made from, besides records
        hub.shared = shared_inputs(root / "data", hub, {root / r.path for r in records})
    return hub


def fields_digest(record: Record, hub: Hub) -> str:
    """A digest of one record's file, fields, facets and fetched documents, made once a
    build."""
    made = hub._cache.setdefault("fields_digest", {})
    if id(record) not in made:
        text = json.dumps(
            [record.digest, hub.facets.get(record.id), hub.documents.get(record.id)],
            sort_keys=True, default=str, ensure_ascii=False,
        )  # fmt: skip
        made[id(record)] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return made[id(record)]


def shared_inputs(data_dir: Path, hub: Hub, record_files: set[Path]) -> str:
    """The digest of what every record page reads besides records: every file under data/
    that is not a record file (vocabularies, schemas, facts, the link status, the documents'
    text) and the date its citations are retrieved on."""
    others = [p for p in sorted(data_dir.rglob("*")) if p.is_file() and p not in record_files]
    return f"{hub.today}:{files_digest(others)}"


def record_slug(record: Record) -> str:
    """The page folder of a record: its id, lower-cased (BibTeX keys may have capitals)."""
    return record.id.lower()


def record_page(record: Record, use_directory_urls: bool = True) -> str:
    """Site-relative URL of the record's page (`records/x/`, or `records/x.html` for disk)."""
    slug = record_slug(record)
    return f"records/{slug}/" if use_directory_urls else f"records/{slug}.html"


def region_ancestry(region_id: str, vocab: Vocabularies) -> list[str]:
    """The region and every region above it, nearest first, without 'global'."""
    chain = []
    current: str | None = region_id
    while current and current in vocab.regions and current not in chain:
        if current != "global":
            chain.append(current)
        current = vocab.regions[current].get("parent")
    return chain


def record_facets(record: Record, vocab: Vocabularies) -> dict[str, list[str]]:
    """Facet values of a record: explicit terms plus regions implied by its countries."""
    countries = [c for c in record.get("countries") or [] if c in vocab.countries]
    places: list[str] = []
    for region in record.get("regions") or []:
        places.extend(region_ancestry(region, vocab) or ([region] if region == "global" else []))
    for code in countries:
        term = vocab.countries[code]
        for key in ("intermediate_region", "subregion", "region"):
            if term.get(key):
                places.extend(region_ancestry(term.get(key), vocab))
    if "global" in (record.get("regions") or []):
        places.append("global")
    places = _unique(places)
    levels = {p: (vocab.regions[p].get("level") if p in vocab.regions else "") for p in places}
    rtype = record.type if record.collection != RESEARCH else "research"
    return {
        "type": [rtype],
        "topic": list(record.get("topics") or []),
        "region": [p for p in places if levels[p] in ("region", "global")],
        "subregion": [p for p in places if levels[p] in ("subregion", "intermediate")],
        "country": countries,
        "organisation": list(record.get("organisations") or []),
        "language": list(record.get("languages") or []),
        "resolution": [str(n) for n in record.get("resolutions") or []],
        "year": [str(record_year(record))] if record_year(record) else [],
    }


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def record_year(record: Record) -> int | None:
    """The year a record is sorted by: year, else established, else period_start."""
    for name in ("year", "established", "period_start"):
        value = record.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def catalogue_entry(record: Record, hub: Hub, use_directory_urls: bool = True) -> dict:
    """One record in catalogue.json."""
    facets = hub.facets[record.id]
    return {
        "id": record.id,
        "type": facets["type"][0],
        "title": record.title,
        "page": record_page(record, use_directory_urls),
        "url": record.get("url") or None,
        "doi": record.get("doi") or None,
        "topics": facets["topic"],
        "countries": facets["country"],
        "regions": _unique(facets["region"] + facets["subregion"]),
        "organisations": facets["organisation"],
        "languages": facets["language"],
        "resolutions": [int(n) for n in facets["resolution"]],
        "year": record_year(record),
        "source_file": record.path,
    }


def build_catalogue(hub: Hub, use_directory_urls: bool = True) -> dict:
    """The whole catalogue.json document, made once a build (the site's catalogue.json, the
    download of it and the CSV are made from it)."""
    key = ("catalogue", use_directory_urls)
    if key not in hub._cache:
        hub._cache[key] = {
            "version": CATALOGUE_VERSION,
            "generated": hub.today.isoformat(),
            "count": len(hub.records),
            "records": [catalogue_entry(r, hub, use_directory_urls) for r in hub.records],
        }
    return hub._cache[key]


def catalogue_json(hub: Hub, use_directory_urls: bool = True) -> str:
    """catalogue.json's text: the site's, and the same again as a download in data/."""
    key = ("catalogue.json", use_directory_urls)
    if key not in hub._cache:
        document = build_catalogue(hub, use_directory_urls)
        hub._cache[key] = json.dumps(document, ensure_ascii=False, indent=1)
    return hub._cache[key]


def group_by_facet(hub: Hub, facet: str) -> dict[str, list[Record]]:
    """Facet value -> the records that carry it (computed once per hub)."""
    key = ("groups", facet)
    if key not in hub._cache:
        groups: dict[str, list[Record]] = defaultdict(list)
        for record in hub.records:
            for value in hub.facets[record.id][facet]:
                groups[value].append(record)
        hub._cache[key] = dict(groups)
    return hub._cache[key]


RELATED_SCAN = 200  # records looked at per shared country, organisation or topic
# what a shared value is worth, before rarity: a shared country says more than a shared topic
RELATED_WEIGHTS = {"country": 3.0, "organisation": 2.0, "topic": 1.0}
# below this, nothing is close enough to show: a single common topic ("naps") is not a relation
RELATED_MINIMUM = 2.5
SAME_TYPE_BONUS = 0.5


def related_records(record: Record, hub: Hub, limit: int = 6) -> list[Record]:
    """The records closest to `record`: shared countries, organisations and topics, each
    weighted by how rare it is in the hub (a topic every plan has counts for little), plus a
    little for the same type; only those at or above RELATED_MINIMUM, best first.

    Each value contributes its first RELATED_SCAN records in title order, so the cost per page
    stays flat as the hub grows (scoring every candidate took 36 s at 10,000).
    """
    cached = hub._cache.setdefault("related_of", {})
    if (record.id, limit) not in cached:  # the same for every language's page
        if hub.memo is None:
            cached[(record.id, limit)] = _related_records(record, hub, limit)
        else:  # `make serve`: unchanged while no record's place or related facets change
            key = (_related_inputs(hub), record.id, limit)
            ids = hub.memo.get(
                "related", key, lambda: [r.id for r in _related_records(record, hub, limit)]
            )
            cached[(record.id, limit)] = [hub.records[hub.position_of(i)] for i in ids]
    return cached[(record.id, limit)]


def _related_inputs(hub: Hub) -> str:
    """What every record's related records are made from: the records in title order with
    the facets that score them."""
    if "related_inputs" not in hub._cache:
        shown = [
            (r.id, [hub.facets[r.id][facet] for facet in (*RELATED_WEIGHTS, "type")])
            for r in hub.records
        ]
        text = json.dumps(shown, ensure_ascii=False)
        hub._cache["related_inputs"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return hub._cache["related_inputs"]


def _related_records(record: Record, hub: Hub, limit: int) -> list[Record]:
    index = hub.related_index()
    mine = hub.facets[record.id]
    total = max(len(hub.records), 2)
    scores: dict[int, float] = defaultdict(float)
    for facet, weight in RELATED_WEIGHTS.items():
        for value in mine[facet]:
            holders = index.get((facet, value), ())
            rarity = math.log(total / max(len(holders), 1))  # inverse document frequency
            for position in holders[:RELATED_SCAN]:
                scores[position] += weight * rarity
    scores.pop(hub.position(record), None)
    kind = mine["type"]
    for position in scores:
        if hub.facets[hub.records[position].id]["type"] == kind:
            scores[position] += SAME_TYPE_BONUS
    close = [(p, s) for p, s in scores.items() if s >= RELATED_MINIMUM]
    best = heapq.nsmallest(limit, close, key=lambda item: (-item[1], item[0]))
    return [hub.records[position] for position, _ in best]

"""The knowledge itself: coverage the hub promises, plans listed by membership, records in four
languages, provenance as lists, and the data-health report."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, VALID_TOOL, write

from wpshub.data.health import build_report, format_report, load_known_plans
from wpshub.site.catalogue import load_hub
from wpshub.site.profiles import regional_plans_for

TODAY = dt.date(2026, 12, 4)  # on or after the latest date in data/
TRANSLATED = ("fr", "es", "ar")
GLOBAL_SOUTH = {"africa", "asia", "latin-america-and-the-caribbean", "oceania"}


@pytest.fixture(scope="module")
def hub():
    return load_hub(ROOT, today=TODAY)


def yaml_records() -> list[tuple[Path, dict]]:
    return [
        (path, yaml.safe_load(path.read_text(encoding="utf-8")))
        for path in sorted((ROOT / "data").glob("*/*.yaml"))
        if path.parent.name not in ("vocab", "facts")
    ]


# --- coverage -------------------------------------------------------------------------------


def test_the_hub_holds_what_it_promises(hub) -> None:
    plans = [r for r in hub.records if r.type == "national-action-plan"]
    countries = {r.get("issuer") for r in plans}
    assert len(plans) + sum(r.type == "regional-action-plan" for r in hub.records) >= 180
    assert len(countries) >= 100
    centres = [r for r in hub.records if r.collection in ("centres", "networks")]
    assert len(centres) >= 60
    south = [r for r in centres if set(hub.facet(r, "region")) & GLOBAL_SOUTH]
    assert len(south) * 2 >= len(centres)
    research = [r for r in hub.records if r.collection == "research"]
    assert len(research) >= 150
    assert all(r.get("summary") for r in research), [r.id for r in research if not r.get("summary")]
    topics = {t for r in research for t in r.get("topics") or []}
    assert {t.id for t in hub.vocab.topics} <= topics
    regions = {g for r in research for g in hub.facet(r, "region")}
    assert {"africa", "americas", "asia", "europe", "oceania"} <= regions


def test_fewer_than_one_record_in_ten_lacks_an_address(hub, built_site: Path) -> None:
    """The goal for documents, counted in catalogue.json: records without a `url` or DOI stay
    under 10% of all records but the hub's own pathways; each entry carries its record's."""
    catalogue = json.loads((built_site / "catalogue.json").read_text(encoding="utf-8"))
    by_id = {r.id: r for r in hub.records}
    for entry in catalogue["records"]:
        record = by_id[entry["id"]]
        assert (entry["url"], entry["doi"]) == (record.get("url"), record.get("doi")), entry["id"]
    records = [e for e in catalogue["records"] if e["type"] != "pathway"]
    missing = [e for e in records if not e["url"] and not e["doi"]]
    assert len(missing) * 10 < len(records), f"{len(missing)} of {len(records)} have no address"


def test_every_resolution_links_to_a_text_or_says_why_not(hub) -> None:
    for record in hub.records:
        if record.collection == "resolutions" and not record.get("url"):
            assert (
                "url" in (record.get("notes") or "").lower()
                or "address" in (record.get("notes") or "").lower()
            ), record.id


# --- provenance --------------------------------------------------------------------------------


def test_sources_are_lists_with_one_address_each() -> None:
    for path, data in yaml_records():
        if path.parent.name == "pathways":
            continue
        assert isinstance(data["source"], list) and data["source"], path
        for item in data["source"]:
            assert len(re.findall(r"https?://", item)) <= 1, (path, item)


def test_a_record_page_shows_each_source_and_when_it_was_checked(built_site: Path) -> None:
    html = (built_site / "records" / "nap-ca-2023-2029" / "index.html").read_text(encoding="utf-8")
    provenance = html.split('class="wps-provenance"')[1].split("</section>")[0]
    data = yaml.safe_load((ROOT / "data/plans/nap-ca-2023-2029.yaml").read_text(encoding="utf-8"))
    for source in data["source"]:
        assert source.replace("&", "&amp;") in provenance
    assert data["last_verified"].isoformat() in provenance


# --- four languages -----------------------------------------------------------------------------


def test_every_yaml_record_has_its_title_and_summary_in_four_languages() -> None:
    missing = []
    for path, data in yaml_records():
        for lang in TRANSLATED:
            if not data.get(f"summary_{lang}"):
                missing.append(f"{path.relative_to(ROOT)}: summary_{lang}")
            if lang not in (data.get("languages") or []) and not data.get(f"title_{lang}"):
                missing.append(f"{path.relative_to(ROOT)}: title_{lang}")
    assert missing == []


def test_translated_pages_show_the_translation_marked_as_the_hubs(built_site: Path) -> None:
    data = yaml.safe_load((ROOT / "data/plans/nap-ca-2023-2029.yaml").read_text(encoding="utf-8"))
    for lang in ("es", "ar"):
        page = built_site / lang / "records" / "nap-ca-2023-2029" / "index.html"
        html = page.read_text(encoding="utf-8")
        aside = html.split('class="wps-translation"')[1].split("</aside>")[0]
        assert f'lang="{lang}"' in html.split('class="wps-translation"')[0][-40:] + aside[:20]
        assert data[f"title_{lang}"].replace("'", "&#x27;") in aside
        assert data[f"summary_{lang}"][:40].replace("'", "&#x27;") in aside


# --- regional plans by membership -------------------------------------------------------------


class Section(HTMLParser):
    """The record links inside one section of a page (by its class)."""

    def __init__(self, section_class: str) -> None:
        super().__init__()
        self.section_class = section_class
        self.depth = 0
        self.links: set[str] = set()

    def handle_starttag(self, tag: str, attrs) -> None:
        attrs = dict(attrs)
        if self.depth:
            self.depth += tag == "section"
            if tag == "a" and "/records/" in (attrs.get("href") or ""):
                self.links.add(attrs["href"].rstrip("/").split("/records/")[1].split("/")[0])
        elif tag == "section" and self.section_class in (attrs.get("class") or ""):
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "section":
            self.depth -= 1


def regional_links(page: Path) -> set[str]:
    found = Section("wps-profile-regional")
    found.feed(page.read_text(encoding="utf-8"))
    return found.links


def test_country_pages_list_exactly_the_plans_of_their_organisations(hub, built_site: Path) -> None:
    regional = [r for r in hub.records if r.type == "regional-action-plan"]
    checked = 0
    for term in hub.vocab.countries:
        page = built_site / "countries" / term.id.lower() / "index.html"
        if not page.exists():
            continue
        organisations = set(hub.memberships(term.id))
        expected = {r.id for r in regional if r.get("issuer") in organisations}
        own = {r.id for r in regional if term.id in (r.get("countries") or [])}
        assert regional_links(page) == expected - own, term.id
        checked += 1
    assert checked > 200
    # the cases the audit found: Yemen is offered no ASEAN plan, Senegal the ECOWAS plan
    assert "rap-asean-2022" not in regional_links(built_site / "countries/ye/index.html")
    assert "rap-ecowas-2010" in regional_links(built_site / "countries/sn/index.html")
    assert "rap-las-2015-2030" in regional_links(built_site / "countries/ye/index.html")


def test_membership_decides_in_a_scratch_hub(scratch_hub: Path) -> None:
    organisation = (
        VALID_TOOL.replace("id: example-tool", "id: example-community")
        .replace("type: tool", "type: organisation")
        .replace("publisher: Example Publisher", "host: Example Community")
        .replace("url: https://example.org/tool\n", "")
        .replace("year: 2020\n", "")
        + "organisations: [igad]\nmembers: [KE, UG]\nmembers_as_of: 2026-01-01\n"
        "members_source:\n  - https://example.org/members\n"
    )
    write(scratch_hub / "data/organisations/example-community.yaml", organisation)
    plan = (
        VALID_TOOL.replace("id: example-tool", "id: rap-igad-2020")
        .replace("type: tool", "type: regional-action-plan")
        .replace("year: 2020", "period_start: 2020\nissuer: igad")
        .replace('countries: ["KE"]', "regions: [eastern-africa]")
    )
    write(scratch_hub / "data/plans/rap-igad-2020.yaml", plan)
    hub = load_hub(scratch_hub, today=TODAY)
    assert [r.id for r in regional_plans_for(hub, "UG", [])] == ["rap-igad-2020"]
    assert regional_plans_for(hub, "TZ", []) == []  # same UN sub-region, not a member
    assert hub.memberships("KE") == ["igad"]


def test_a_membership_list_needs_its_source_and_date(scratch_hub: Path) -> None:
    from wpshub.data.validate import check_hub

    record = (
        VALID_TOOL.replace("id: example-tool", "id: example-community")
        .replace("type: tool", "type: organisation")
        .replace("publisher: Example Publisher", "host: Example Community")
        + "organisations: [igad, eu]\nmembers: [KE]\n"
    )
    write(scratch_hub / "data/organisations/example-community.yaml", record)
    messages = [p.message for p in check_hub(scratch_hub, today=TODAY).errors]
    assert sorted(messages) == [
        "'members' needs 'members_as_of' (the date the list describes)",
        "'members' needs 'members_source' (where the list was read)",
        "a record with 'members' names exactly one organisation here: the one whose members "
        "they are (found 2)",
    ]


# --- the data-health report --------------------------------------------------------------------


def test_wpshub_report_prints_the_health_table(hub) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wpshub.tools.cli", "--root", str(ROOT), "report"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["collection", "records", "address", "period", "translated",
                                "verified<1m", "<1y", "older", "never"]  # fmt: skip
    plans = next(line for line in lines if line.startswith("plans "))
    count = sum(r.collection == "plans" for r in hub.records)
    assert plans.split()[1] == str(count)
    countries = len({r.get("issuer") for r in hub.records if r.type == "national-action-plan"})
    assert f"national plans cover {countries} countries" in result.stdout


def test_report_counts_and_known_plans_missing_from_the_hub(scratch_hub: Path) -> None:
    write(scratch_hub / "data/tools/example-tool.yaml", VALID_TOOL)
    write(
        scratch_hub / "data/facts/known-plans.yaml",
        "countries:\n  - code: KE\n    source: [https://example.org/list]\n    as_of: 2026-01-01\n"
        "  - code: ZZ\n    source: [https://example.org/list]\n    as_of: 2026-01-01\n",
    )
    known, problems = load_known_plans(scratch_hub / "data", scratch_hub, {"KE", "UG"})
    assert [k.code for k in known] == ["KE"]
    assert [str(p) for p in problems] == [
        "data/facts/known-plans.yaml:5: code: 'ZZ' is not a country code of data/vocab/countries.yaml"
    ]
    from wpshub.data.validate import check_hub

    records = check_hub(scratch_hub, today=TODAY).records
    report = build_report(records, known, TODAY)
    assert [m.code for m in report.missing] == ["KE"]
    text = format_report(report)
    tools = next(line for line in text.splitlines() if line.startswith("tools"))
    assert tools.split()[:4] == ["tools", "1", "1", "(100%)"]
    assert "1 countries have a plan by data/facts/known-plans.yaml; 1 of them have none" in text


def test_the_health_page_shows_the_report_in_every_language(hub, built_site: Path) -> None:
    report = build_report(hub.records, hub.known_plans, TODAY)
    for prefix in ("", "fr/", "es/", "ar/"):
        html = (built_site / prefix / "health" / "index.html").read_text(encoding="utf-8")
        for row in report.collections:
            assert f"<td>{row.records}</td>" in html
        assert str(len(report.plan_countries)) in html


# --- related records that are related ----------------------------------------------------------


def test_related_records_are_ranked_by_what_they_share(hub) -> None:
    from wpshub.site.catalogue import related_records

    def related(record_id: str) -> list[str]:
        record = next(r for r in hub.records if r.id == record_id)
        return [r.id for r in related_records(record, hub)]

    # Nigeria's plan: Nigeria's other plans first, never other countries' plans for "naps" alone
    nigeria = related("nap-ng-2013-2017")
    assert nigeria[:2] == ["nap-ng-2017-2020", "nap-ng-2024-2028"]
    assert not {"nap-af-2015-2022", "nap-al-2018-2020", "nap-am-2019-2021"} & set(nigeria)
    # the ASEAN article: ASEAN's plan and organisation, no NATO or AU plan
    asean = related("davies2014asean")
    assert {"rap-asean-2022", "association-of-southeast-asian-nations"} <= set(asean)
    assert not [r for r in asean if r.startswith(("rap-nato", "rap-au"))]
    # resolution 1325: the other WPS resolutions
    assert all(r.startswith("unscr-") for r in related("unscr-1325"))


def test_a_record_that_shares_only_a_common_topic_has_no_related_records(
    scratch_hub: Path,
) -> None:
    from wpshub.site.catalogue import related_records

    for index, country in enumerate(("KE", "UG", "TZ", "RW")):
        write(
            scratch_hub / f"data/tools/tool-{index}.yaml",
            VALID_TOOL.replace("example-tool", f"tool-{index}")
            .replace("https://example.org/tool", f"https://example.org/tool-{index}")
            .replace("Example planning tool", f"Planning tool number {index}")
            .replace('countries: ["KE"]', f'countries: ["{country}"]')
            .replace("topics: [naps, financing]", "topics: [naps]"),
        )
    hub = load_hub(scratch_hub, today=TODAY)
    assert [related_records(r, hub) for r in hub.records] == [[], [], [], []]


# --- a human channel ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_contribute_pages_link_to_the_issue_forms_when_the_repository_is_set(
    hub, lang: str
) -> None:
    from dataclasses import replace
    from urllib.parse import parse_qs, urlsplit

    from wpshub.site.render import Context
    from wpshub.site.steps import expand_markers

    folder = ROOT / "docs" / ("" if lang == "en" else lang)
    markdown = (folder / "contribute.md").read_text(encoding="utf-8")
    ctx = Context(
        lang=lang, repository="https://forge.example.org/wps/hub", contact="hub@example.org"
    )
    html = expand_markers(markdown, hub, "contribute.md", ctx, "contribute.md")
    links = re.findall(r'<ul class="wps-channel">(.*?)</ul>', html, re.S)[0]
    targets = re.findall(r'href="([^"]+)"', links)
    forms = [urlsplit(t.replace("&amp;", "&")) for t in targets[:2]]
    assert [f.path for f in forms] == ["/wps/hub/issues/new"] * 2
    assert [parse_qs(f.query)["template"] for f in forms] == [
        ["suggest-a-resource.yml"], ["correct-a-record.yml"],
    ]  # fmt: skip
    assert targets[2:] == ["https://forge.example.org/wps/hub", "mailto:hub@example.org"]
    for form in ("suggest-a-resource.yml", "correct-a-record.yml"):
        assert (ROOT / ".github" / "ISSUE_TEMPLATE" / form).exists()
    # without a repository or an address, no link: a sentence says so
    bare = expand_markers(
        markdown, hub, "contribute.md", replace(ctx, repository="", contact=""), "c"
    )
    assert "wps-channel" not in bare and 'class="wps-empty"' in bare


def test_every_record_page_offers_a_correction_naming_the_record(hub) -> None:
    from urllib.parse import parse_qs, urlsplit

    from wpshub.site.render import Context, render_record_page

    record = next(r for r in hub.records if r.id == "nap-ca-2023-2029")
    ctx = Context(repository="https://forge.example.org/wps/hub")
    html = render_record_page(record, hub, ctx).html
    link = re.search(r'class="wps-correct" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    assert query["template"] == ["correct-a-record.yml"]
    assert query["title"] == ["Correction: nap-ca-2023-2029"]
    assert query["record"] == ["nap-ca-2023-2029 (data/plans/nap-ca-2023-2029.yaml)"]
    assert "wps-correct" not in render_record_page(record, hub, Context()).html


# how a note says that no address of the item's own was found
SAYS_NO_ADDRESS = re.compile(
    r"\burl\b|address|no (?:\w+[ ’']*){0,4}page|page (?:of|for) (?:this|the) (?:plan|strategy|programme)",
    re.IGNORECASE,
)


def test_a_record_without_an_address_says_why() -> None:
    silent = [
        str(path.relative_to(ROOT))
        for path, data in yaml_records()
        if path.parent.name != "pathways"
        and not (data.get("url") or data.get("doi"))
        and not SAYS_NO_ADDRESS.search(" ".join(str(data.get("notes", "")).split()))
    ]
    assert silent == []


# a piece of an address left in a note (a path cut from its host by line wrapping): many
# hyphenated words, or hyphenated words and a slash, standing alone without a scheme
ADDRESS_PIECE = re.compile(
    r"(?<!\S)(?!https?://)[\w.%-]*(?:-[\w%]+){3,}/[\w/.%-]*"
    r"|(?<!\S)(?!https?://)(?:[a-z0-9]+-){6,}[a-z0-9]+"
    r"|(?<!\S)[a-z][\w-]*/[\w.-]+/[\w/.-]+"  # frett/2013/05/28/...
    r"|(?<!\S)[\w]+-[\w-]+/\.?(?!\S)"  # jen-castecne/.
)


def test_no_note_carries_a_piece_of_an_address() -> None:
    found = [
        (str(path.relative_to(ROOT)), m.group(0))
        for path, data in yaml_records()
        for m in ADDRESS_PIECE.finditer(" ".join(str(data.get("notes", "")).split()))
    ]
    assert found == []
    assert ADDRESS_PIECE.search("(x). nacionalni-akcijski-plan-provedbe-rezolucije/3273. Adoption")

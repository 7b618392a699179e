"""Pathways: validated like records, rendered in order, listed on their records, printable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ROOT, VALID_TOOL, write
from sitebuild import build_with_file

from wpshub.data.validate import check_hub, find_data_files

PATHWAY = """
id: example-route
title: An example route
audience: [focal-points]
summary: A short route used by the tests, long enough to pass the summary check.
steps:
  - record: example-tool
    note: Start here to see how a tool record appears on a pathway page in the hub.
  - record: example-tool-two
    note: Then read this one to see the second step and the progress through the route.
added: 2026-01-01
maintainer: Test maintainers
last_reviewed: 2026-01-01
"""


def scratch(scratch_hub: Path, pathway: str) -> list[str]:
    tool = write(scratch_hub / "data" / "tools" / "example-tool.yaml", VALID_TOOL)
    two = write(
        scratch_hub / "data" / "tools" / "example-tool-two.yaml",
        VALID_TOOL.replace("id: example-tool", "id: example-tool-two")
        .replace("Example planning tool", "Second planning tool")
        .replace("https://example.org/tool", "https://example.org/tool-two"),
    )
    route = write(scratch_hub / "data" / "pathways" / "example-route.yaml", pathway)
    report = check_hub(scratch_hub, [tool, two, route], today=dt.date(2026, 12, 1))
    return [str(p) for p in report.problems]


def test_a_valid_pathway_has_no_problem(scratch_hub: Path) -> None:
    assert scratch(scratch_hub, PATHWAY) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("record: example-tool-two", "record: no-such-record",
         "data/pathways/example-route.yaml:8: steps: step 2 uses 'no-such-record', which is not a record in the hub (no data/<collection>/no-such-record.yaml and no BibTeX key no-such-record)"),
        ("record: example-tool-two", "record: example-tool",
         "data/pathways/example-route.yaml:8: steps: step 2 repeats 'example-tool' (step 1); a record appears once per pathway"),
        ("    note: Then read this one to see the second step and the progress through the route.\n", "",
         "data/pathways/example-route.yaml:8: steps: item 2 is missing 'note'"),
        ("audience: [focal-points]", "audience: [focal-point]",
         "data/pathways/example-route.yaml:3: audience: 'focal-point' is not a known audience; did you mean 'focal-points'?"),
        ("note: Start here", "note: <b>Start</b> here",
         "data/pathways/example-route.yaml:6: steps: step 1: the note must be plain text"),
        ("maintainer: Test maintainers\n", "", "data/pathways/example-route.yaml:1: maintainer: missing field 'maintainer' (add a line 'maintainer: ...'; who keeps the pathway up to date)"),
    ],
)  # fmt: skip
def test_pathway_rules(scratch_hub: Path, old: str, new: str, expected: str) -> None:
    text = PATHWAY.replace(old, new)
    assert text != PATHWAY
    assert expected in scratch(scratch_hub, text)


def test_the_hub_has_five_valid_pathways() -> None:
    report = check_hub(ROOT)
    pathways = [r for r in report.records if r.collection == "pathways"]
    assert len(pathways) >= 5
    assert [p for p in report.errors if p.path.startswith("data/pathways/")] == []
    ids = {r.id for r in report.records}
    for pathway in pathways:
        assert all(step["record"] in ids for step in pathway["steps"])


def test_removing_a_record_a_pathway_uses_names_both_files() -> None:
    report = check_hub(ROOT)
    pathway = next(r for r in report.records if r.collection == "pathways")
    by_id = {r.id: r for r in report.records}
    step = next(
        i for i, s in enumerate(pathway["steps"]) if by_id[s["record"]].path.endswith(".yaml")
    )
    removed = by_id[pathway["steps"][step]["record"]]
    files = [
        f for f in find_data_files(ROOT / "data") if f.resolve() != (ROOT / removed.path).resolve()
    ]
    messages = [str(p) for p in check_hub(ROOT, files).errors]
    line = pathway.line_of("steps", step)
    assert messages == [
        f"{pathway.path}:{line}: steps: step {step + 1} uses '{removed.id}', but {removed.path} is gone; restore it or remove the step"
    ]


def test_a_pathway_naming_a_missing_record_fails_the_build(tmp_path: Path) -> None:
    route = (
        PATHWAY.replace("example-route", "zz-test-broken-route")
        .replace("example-tool-two", "no-such-record")
        .replace("record: example-tool\n", "record: unscr-1325\n")
    )
    result = build_with_file(
        tmp_path / "site", "data/pathways/zz-test-broken-route.yaml", route.lstrip()
    )
    assert result.returncode != 0
    assert (
        "data/pathways/zz-test-broken-route.yaml:8: steps: step 2 uses 'no-such-record'"
        in result.stdout + result.stderr
    )


def test_pathway_pages_list_steps_and_records_list_their_pathways(built_site: Path) -> None:
    report = check_hub(ROOT)
    pathways = [r for r in report.records if r.collection == "pathways"]
    index = (built_site / "pathways" / "index.html").read_text(encoding="utf-8")
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for pathway in pathways:
        html = (built_site / "records" / pathway.id / "index.html").read_text(encoding="utf-8")
        total = len(pathway["steps"])
        for number, step in enumerate(pathway["steps"], start=1):
            assert f"Step {number} of {total}" in html
            assert f'href="../{step["record"].lower()}/"' in html
            record_page = (
                built_site / "records" / step["record"].lower() / "index.html"
            ).read_text(encoding="utf-8")
            assert f"(step {number} of {total})" in record_page
        assert f'href="../records/{pathway.id}/"' in index
        assert f'href="records/{pathway.id}/"' in home


def test_removing_a_research_entry_a_pathway_uses_names_its_bib_file(tmp_path: Path) -> None:
    report = check_hub(ROOT)
    pathway = next(
        r for r in report.records if r.collection == "pathways"
        and any(s["record"] in {x.id for x in report.records if x.collection == "research"} for s in r["steps"])
    )  # fmt: skip
    research = {x.id: x for x in report.records if x.collection == "research"}
    step = next(i for i, s in enumerate(pathway["steps"]) if s["record"] in research)
    entry = research[pathway["steps"][step]["record"]]
    text = (ROOT / entry.path).read_text(encoding="utf-8")
    start = text.index(f"{{{entry.id},")
    start = text.rindex("@", 0, start)
    end = text.index("\n}", start) + 2
    reduced = tmp_path / "reduced.bib"
    reduced.write_text(text[:start] + text[end:], encoding="utf-8")
    files = [f for f in find_data_files(ROOT / "data") if f.suffix != ".bib"] + [reduced]
    messages = [str(p) for p in check_hub(ROOT, files).errors]
    assert (
        f"{pathway.path}:{pathway.line_of('steps', step)}: steps: step {step + 1} uses '{entry.id}', but {entry.path} (entry {entry.id}) is gone; restore it or remove the step"
        in messages
    )

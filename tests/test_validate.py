"""The validator: exact messages per rule, the golden fixture, the real data, the CLI."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, VALID_TOOL, write

from wpshub.data.bibtex import read_bib_file
from wpshub.data.validate import check_hub, find_data_files
from wpshub.tools.cli import main

TODAY = dt.date(2026, 12, 1)


def messages(root: Path, *paths: Path) -> list[str]:
    return [str(p) for p in check_hub(root, list(paths), today=TODAY).problems]


def test_valid_minimal_fixtures_yield_no_problem() -> None:
    paths = sorted((FIXTURES / "valid").iterdir())
    report = check_hub(ROOT, paths, today=TODAY)
    assert [str(p) for p in report.problems] == []
    assert report.summary() == "checked 2 records in 2 files: 0 errors, 0 warnings"


def test_golden_fixture_yields_exact_ordered_messages() -> None:
    paths = sorted((FIXTURES / "golden").iterdir())
    expected = (FIXTURES / "golden.expected").read_text(encoding="utf-8").splitlines()
    report = check_hub(ROOT, paths, today=TODAY)
    assert [str(p) for p in report.problems] + [report.summary()] == expected


# One row per rule: a change to a valid record, the field, and the exact message.
RULES = [
    (
        "id: example-tool",
        "id: Example_Tool",
        "id",
        "1: id: 'Example_Tool' differs from the file name 'example-tool.yaml'; rename one",
    ),
    (
        "type: tool",
        "type: national-action-plan",
        "type",
        "2: type: 'national-action-plan' records belong in data/plans/; types for data/tools/: tool, guidance",
    ),
    (
        "type: tool",
        "type: toool",
        "type",
        "2: type: 'toool' is not a known record type; did you mean 'tool'?",
    ),
    ("summary: A worked", "summary: Short. A worked", None, None),
    (
        "summary: A worked example of a tool record, long enough to pass the summary length check.",
        "summary: Too short.",
        "summary",
        "4: summary: is 10 characters; write at least 30",
    ),
    (
        "url: https://example.org/tool",
        "url: ftp://example.org/tool",
        "url",
        "5: url: 'ftp://example.org/tool' is not valid: use a full http:// or https:// address",
    ),
    (
        "url: https://example.org/tool",
        "url: https://www.scribd.com/document/1",
        "url",
        "5: url: www.scribd.com hosts copies of other people's documents; link to the publisher's own page or DOI instead, or leave 'url' out and say so in 'notes'",
    ),
    (
        "year: 2020",
        "year: 20",
        "year",
        "6: year: 20 is out of range: write a four-digit year, e.g. 2019",
    ),
    (
        "topics: [naps, financing]",
        "topics: [mediaton]",
        "topics",
        "8: topics: 'mediaton' is not a known topic; did you mean 'mediation'?",
    ),
    ("topics: [naps, financing]", "topics: []", "topics", "8: topics: needs at least one value"),
    (
        'countries: ["KE"]',
        "countries: [KEN]",
        "countries",
        "9: countries: 'KEN' is not a known country code; did you mean 'KE'?",
    ),
    ('countries: ["KE"]', "countries: [NO]", None, None),
    (
        'countries: ["KE"]',
        "countries: NO",
        "countries",
        '9: countries: must be a list, e.g. ["NO"]',
    ),
    (
        'countries: ["KE"]',
        "regions: [sahel]",
        "regions",
        "9: regions: 'sahel' is not a known region (see data/vocab/regions.yaml)",
    ),
    (
        'countries: ["KE"]',
        "organisations: [au]",
        "countries",
        "1: countries: give 'countries' (ISO codes such as KE) or 'regions' (such as eastern-africa or global), or both",
    ),
    (
        "languages: [en]",
        "languages: [english]",
        "languages",
        "10: languages: 'english' is not a known language code; did you mean 'en'?",
    ),
    ("added: 2026-01-15", "added: 2026-13-01", "added", "11: added: 2026-13-01 is not a real date"),
    (
        "added: 2026-01-15",
        "added: 15/01/2026",
        "added",
        "11: added: '15/01/2026' is not valid: write a date as YYYY-MM-DD, e.g. 2026-12-01",
    ),
    (
        "last_verified: 2026-01-15",
        "last_verified: 2027-01-01",
        "last_verified",
        "14: last_verified: 2027-01-01 is in the future",
    ),
    (
        "source:\n  - https://example.org/about\n",
        "",
        "source",
        "1: source: missing field 'source' (add a line 'source: ...'; where the facts in the record were read: a list of addresses or citations, one per item (never two joined in one))",
    ),
    (
        "  - https://example.org/about\n",
        "  - https://example.org/about; https://example.org/plan.pdf\n",
        "source",
        "13: source: item 1 joins several addresses in one value; give each address its own list item under 'source:' (one '- ' line each)",
    ),
    (
        "  - https://example.org/about\n",
        "  - https://example.org/about\n  - See www.example.org/a and http://example.org/b\n",
        "source",
        "14: source: item 2 joins several addresses in one value; give each address its own list item under 'source:' (one '- ' line each)",
    ),
    (
        "source:\n  - https://example.org/about\n",
        "source: https://example.org/about\n",
        "source",
        '12: source: must be a list, e.g. ["https://example.org/about"]',
    ),
    (
        "publisher: Example Publisher\n",
        "",
        "publisher",
        "1: publisher: give 'publisher' (who published it) or 'host' (who runs it)",
    ),
    (
        "year: 2020\n",
        "year: 2020\ncolor: red\n",
        "color",
        "7: color: unknown field 'color'; allowed fields: added, countries, documents, doi, host, id, languages, last_verified, notes, organisations, publisher, regions, resolutions, source, summary, summary_ar, summary_es, summary_fr, title, title_ar, title_es, title_fr, topics, type, url, year",
    ),
    (
        "year: 2020\n",
        "",
        "year",
        "1: year: warning: no year given; add the year of publication if the source states it",
    ),
    (
        "year: 2020\n",
        "year: 2020\nresolutions: [1326]\n",
        "resolutions",
        "7: resolutions: '1326' is not a known WPS resolution; did you mean '1325'?",
    ),
    (
        "title: Example planning tool",
        "title: Example <b>planning</b> tool\u202e",
        "title",
        "3: title: contains the invisible character U+202E; delete it",
    ),
    (
        "title: Example planning tool",
        "title: Example <b>planning</b> tool",
        "title",
        "3: title: must be plain text; remove the HTML tags",
    ),
    (
        "summary: A worked",
        "summary: <script>x</script> A worked",
        "summary",
        "4: summary: must be plain text; remove the HTML tags",
    ),
]


@pytest.mark.parametrize(("old", "new", "field", "expected"), RULES)
def test_each_rule_has_its_exact_message(
    scratch_hub: Path, old: str, new: str, field: str | None, expected: str | None
) -> None:
    text = VALID_TOOL.replace(old, new)
    assert text != VALID_TOOL or old == new
    path = write(scratch_hub / "data" / "tools" / "example-tool.yaml", text)
    found = messages(scratch_hub, path)
    if expected is None:
        assert found == []
    else:
        assert f"data/tools/example-tool.yaml:{expected}" in found, found


def test_plan_period_and_issuer(scratch_hub: Path) -> None:
    plan = VALID_TOOL.replace("id: example-tool", "id: nap-ke-2020").replace(
        "type: tool", "type: national-action-plan\nissuer: KE\nperiod_start: 2020\nperiod_end: 2019"
    )
    path = write(
        scratch_hub / "data" / "plans" / "nap-ke-2020.yaml",
        plan.replace("url: https://example.org/tool\n", ""),
    )
    assert messages(scratch_hub, path) == [
        "data/plans/nap-ke-2020.yaml:5: period_end: 2019 is before period_start 2020"
    ]


def test_duplicates_across_collections(scratch_hub: Path) -> None:
    first = write(scratch_hub / "data" / "tools" / "example-tool.yaml", VALID_TOOL)
    second = write(
        scratch_hub / "data" / "tools" / "example-tool-copy.yaml",
        VALID_TOOL.replace("id: example-tool", "id: example-tool-copy").replace(
            "https://example.org/tool", "http://www.example.org/tool/"
        ),
    )
    found = messages(scratch_hub, first, second)
    assert found == [
        "data/tools/example-tool-copy.yaml:3: title: same title as data/tools/example-tool.yaml:3 (example-tool); is this the same resource?",
        "data/tools/example-tool-copy.yaml:5: url: same url as data/tools/example-tool.yaml:5 (example-tool); is this the same resource?",
    ]


def test_duplicate_ids_between_yaml_and_bibtex(scratch_hub: Path) -> None:
    first = write(scratch_hub / "data" / "tools" / "example-tool.yaml", VALID_TOOL)
    bib = write(
        scratch_hub / "data" / "research" / "x.bib",
        "@report{example-tool, institution={{X}}, title={Other}, year=2020, topics={naps}, added={2026-01-01}}\n",
    )
    assert (
        "data/research/x.bib:1: id: 'example-tool' is already used by data/tools/example-tool.yaml:1; ids must be unique"
        in messages(scratch_hub, first, bib)
    )


def test_same_doi_is_an_error(scratch_hub: Path) -> None:
    bib = write(
        scratch_hub / "data" / "research" / "x.bib",
        """
        @article{a2020, author={A, B}, title={One}, year=2020, doi={10.1000/xyz}, topics={naps}, added={2026-01-01}}
        @article{b2020, author={C, D}, title={Two}, year=2020, doi={10.1000/XYZ}, topics={naps}, added={2026-01-01}}
        """,
    )
    assert messages(scratch_hub, bib) == [
        "data/research/x.bib:2: doi: same doi as data/research/x.bib:1 (a2020); is this the same resource?"
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "1: file: a record is a mapping of 'field: value' lines; found nothing"),
        (b"- a\n- b\n", "1: file: a record is a mapping of 'field: value' lines; found list"),
        (b"id: x\nid: y\n", "2: file: duplicate key 'id' (first at line 1); keep only one"),
        (
            b"id: x\ntitle: \xff\n",
            "2: file: file is not UTF-8 (byte 0xff at line 2); save it as UTF-8 in your editor",
        ),
        (b"id: [\n", "2: file: not valid YAML: did not find expected node content"),
        (b"a: &a [1]\nb: *a\n", "1: file: aliases (*name) are not allowed; write the value out"),
        (
            b"x" * 1_000_001,
            "1: file: file is 1,000,001 bytes; the limit is 1,000,000 bytes per YAML file",
        ),
    ],
)
def test_unreadable_files_get_a_line_not_a_traceback(
    scratch_hub: Path, content: bytes, expected: str
) -> None:
    path = scratch_hub / "data" / "tools" / "broken.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert messages(scratch_hub, path) == [f"data/tools/broken.yaml:{expected}"]


def test_all_of_data_validates() -> None:
    report = check_hub(ROOT)
    assert report.errors == [], "\n".join(map(str, report.errors))
    assert len(report.records) >= 150


def test_count_of_records_matches_files_on_disk() -> None:
    """A record the loader skipped silently would make these differ."""
    files = find_data_files(ROOT / "data")
    yaml_files = [f for f in files if f.suffix == ".yaml"]
    bib_entries = 0
    for path in files:
        if path.suffix == ".bib":
            text = path.read_text(encoding="utf-8")
            import re

            bib_entries += len(
                re.findall(r"(?m)^\s*@(?!string|comment|preamble)\w+\s*\{", text, re.I)
            )
            assert len(read_bib_file(path, path.name).entries) == len(
                re.findall(r"(?m)^\s*@(?!string|comment|preamble)\w+\s*\{", text, re.I)
            )
    report = check_hub(ROOT)
    assert len(report.records) == len(yaml_files) + bib_entries


def test_cli_exit_codes_and_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "validate", str(FIXTURES / "valid")]) == 0
    assert (
        capsys.readouterr().out.splitlines()[-1]
        == "checked 2 records in 2 files: 0 errors, 0 warnings"
    )
    assert main(["--root", str(ROOT), "validate", str(FIXTURES / "golden")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("checked 6 records in 4 files: ")


def test_cli_runs_as_a_console_script() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "wpshub.tools.cli",
            "validate",
            str(FIXTURES / "golden" / "plan-backwards.yaml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[-1] == "checked 1 records in 1 files: 2 errors, 0 warnings"


def test_fold_compares_names_without_case_accents_or_punctuation() -> None:
    from wpshub.data.vocab import fold

    assert fold("  Côte d'Ivoire — NAP_2020 ") == "cote d ivoire nap 2020"
    assert fold("Straße, Ænima") == "strasse ænima"  # casefold; Æ is a letter, not an accent
    assert fold("الأمن والسلام") == fold("الامن والسلام")  # the hamza above is a combining mark
    assert fold("Women, Peace & Security: 1325") == "women peace security 1325"
    assert fold("__--__") == ""
    assert fold(1325) == "1325"

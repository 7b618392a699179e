"""`wpshub validate` in two processes: the same report as one process, and no record lost when
the second process fails."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, VALID_TOOL

from wpshub.data import forked
from wpshub.data.validate import TWO_PROCESSES_FROM, check_hub, find_data_files

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def hub_with_problems(tmp_path: Path) -> Path:
    """The real hub's data, more tools than the two-process threshold, and problems in files
    that fall to either process (every other file), one duplicate id across the two."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    tools = tmp_path / "data" / "tools"
    for number in range(TWO_PROCESSES_FROM):
        text = VALID_TOOL.replace("example-tool", f"example-tool-{number:03}")
        text = text.replace("https://example.org/tool", f"https://example.org/tool/{number}")
        text = text.replace("Example planning tool", f"Example planning tool {number}")
        if number % 37 == 0:
            text = text.replace("year: 2020", "year: twenty")
        if number % 41 == 0:
            text = text.replace("topics: [naps, financing]", "topics: [naps, financin]")
        (tools / f"example-tool-{number:03}.yaml").write_text(text, encoding="utf-8")
    (tools / "example-tool-broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    # the address of a file far from it, which the other process reads
    (tools / "example-tool-zzz.yaml").write_text(
        VALID_TOOL.replace("example-tool", "example-tool-zzz")
        .replace("https://example.org/tool", "https://example.org/tool/1")
        .replace("Example planning tool", "Example planning tool zzz"),
        encoding="utf-8",
    )
    (tmp_path / "data" / "research" / "broken.bib").write_text(
        "@article{broken2020,\n  title = {No closing brace\n", encoding="utf-8"
    )
    return tmp_path


def report_of(root: Path, workers: int) -> tuple[list[str], list[tuple], str]:
    report = check_hub(root, today=TODAY, workers=workers)
    records = [(r.id, r.collection, r.path, r.line, r.fields, r.lines) for r in report.records]
    return [str(p) for p in report.problems], records, report.summary()


def test_two_processes_give_the_report_of_one(
    hub_with_problems: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(find_data_files(hub_with_problems / "data")) >= TWO_PROCESSES_FROM
    forks: list[int | None] = []
    start = forked.SecondHalf.__init__

    def counted(self: forked.SecondHalf, *args: object) -> None:
        start(self, *args)  # type: ignore[arg-type]
        forks.append(self.pid)

    monkeypatch.setattr(forked.SecondHalf, "__init__", counted)
    one = report_of(hub_with_problems, workers=1)
    assert forks == []
    two = report_of(hub_with_problems, workers=2)
    assert len(forks) == 1 and forks[0] is not None  # a second process did read files
    assert two == one
    problems = "\n".join(one[0])
    for expected in (
        "data/tools/example-tool-broken.yaml:2: file: not valid YAML",
        "data/tools/example-tool-037.yaml:7: year: must be a whole number",
        "data/tools/example-tool-082.yaml:9: topics: 'financin' is not a known topic",
        "data/tools/example-tool-zzz.yaml:6: url: same url as data/tools/example-tool-001.yaml",
        "data/research/broken.bib:1: entry: cannot read this block",
    ):
        assert expected in problems


def test_a_failed_second_process_loses_nothing(
    hub_with_problems: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = report_of(hub_with_problems, workers=1)

    def fails(_: object) -> bytes:
        raise ValueError("unmarshallable object")

    # the child inherits the failing encoder, exits non-zero; the parent reads its half itself
    monkeypatch.setattr(forked.marshal, "dumps", fails)
    assert report_of(hub_with_problems, workers=2) == one

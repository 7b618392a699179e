"""BibTeX reading: macros, concatenation, months, crossref, names, accents, failures, real-world exports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES

from wpshub.data.bibtex import (
    decode_latex,
    entry_to_record,
    read_bib_file,
    read_bib_text,
    split_names,
)

REAL = sorted((FIXTURES / "bib" / "real").glob("*.bib"))
ENTRY_START = re.compile(r"(?m)^\s*@(?!string\b|comment\b|preamble\b)\w+\s*[{(]", re.I)

SAMPLE = r"""
@string{jgs = "Journal of " # "Global Security"}
@article{a2020,
  author = {von Neumann, Jr., John and {{World Health Organization}} and Br{\"a}nfors, Piia},
  title = {The {\"O}sterreich case and {UN} \'{e}lan},
  journal = jgs,
  month = jan,
  year = 2020,
  note = "x " # jgs,
}
@inproceedings{child2001, author = {Smith, J.}, title = {Paper}, crossref = {proc2001}}
@proceedings{proc2001, title = {Proceedings of X}, year = 2001, publisher = {ACM}}
@book{bl2019, title = {Biblatex}, date = {2019-05}, journaltitle = {JT}, location = {Paris}}
"""


def test_macros_concatenation_months_and_latex() -> None:
    bib = read_bib_text(SAMPLE, "x.bib")
    assert bib.problems == []
    a = {e.key: e for e in bib.entries}["a2020"]
    assert a.fields["journal"] == "Journal of Global Security"
    assert a.fields["note"] == "x Journal of Global Security"
    assert a.fields["month"] == "1"
    assert a.fields["title"] == "The Österreich case and UN élan"
    assert a.line == 3


def test_names_keep_corporate_authors_and_split_von_jr() -> None:
    record = entry_to_record(read_bib_text(SAMPLE, "x.bib").entries[0], "x.bib")
    assert record["authors"] == [
        "John von Neumann, Jr.",
        "World Health Organization",
        "Piia Bränfors",
    ]
    assert record["authors_parts"][0] == {
        "first": "John",
        "von": "von",
        "last": "Neumann",
        "jr": "Jr.",
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kirby, Paul and Shepherd, Laura J.", ["Paul Kirby", "Laura J. Shepherd"]),
        ("{{UN Women}}", ["UN Women"]),
        ("Ludwig van Beethoven", ["Ludwig van Beethoven"]),
        ("{\\'O} S{\\'u}illeabh{\\'a}in, Andrea", ["Andrea Ó Súilleabháin"]),
        ("Smith, John and others", ["John Smith", "et al."]),
    ],
)
def test_split_names(raw: str, expected: list[str]) -> None:
    from wpshub.data.bibtex import format_name

    assert [format_name(p) for p in split_names(raw)] == expected


def test_crossref_and_biblatex_fields() -> None:
    entries = {e.key: e for e in read_bib_text(SAMPLE, "x.bib").entries}
    assert entries["child2001"].fields["booktitle"] == "Proceedings of X"
    assert entries["child2001"].fields["publisher"] == "ACM"
    assert entries["bl2019"].fields["journal"] == "JT"
    assert entries["bl2019"].fields["address"] == "Paris"
    assert entries["bl2019"].fields["year"] == "2019"


def test_every_failure_is_named_with_file_and_line() -> None:
    text = (FIXTURES / "golden" / "broken.bib").read_text(encoding="utf-8")
    messages = [str(p) for p in read_bib_text(text, "broken.bib").problems]
    assert messages == [
        "broken.bib:14: key: duplicate entry key 'Kirby2016' (first at line 1); the second entry is not loaded",
        "broken.bib:18: entry: cannot read this block: Unexpected block start: `@book`. Was still looking for field-value closing `}` (block starts '@article{unclosed, title = {Never closed')",
        "broken.bib:23: crossref: parentless: parent entry 'missingparent' is not in this file",
    ]


def test_duplicate_field_is_reported() -> None:
    messages = [
        str(p) for p in read_bib_text("@article{k, title={a}, title={b}}\n", "d.bib").problems
    ]
    assert messages == ["d.bib:1: title: k: field given twice in one entry; keep only one"]


def test_decode_latex_plain_text_is_untouched() -> None:
    assert decode_latex("Women, Peace and  Security") == "Women, Peace and Security"


@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_real_world_exports_load_at_least_99_percent(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    on_disk = len(ENTRY_START.findall(text))
    bib = read_bib_file(path, path.name)
    errors = [
        p
        for p in bib.problems
        if p.is_error and p.field not in ("crossref",) and "macro" not in p.message
    ]
    assert len(bib.entries) >= 0.99 * on_disk, [str(p) for p in errors]
    for problem in bib.problems:
        assert re.match(rf"{re.escape(path.name)}:\d+: ", str(problem))


def test_real_world_exports_together_exceed_a_thousand_entries() -> None:
    assert sum(len(read_bib_file(p, p.name).entries) for p in REAL) >= 1000

"""`wpshub import-bib` over real-world exports: no traceback, 99% imported, duplicates found, idempotent."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, write

from wpshub.data.bibtex import read_bib_file
from wpshub.data.validate import check_hub
from wpshub.tools.cli import main
from wpshub.tools.importbib import import_bib

REAL = sorted((FIXTURES / "bib" / "real").glob("*.bib"))
TODAY = dt.date(2026, 12, 4)  # on or after the latest date in data/


@pytest.fixture
def hub(scratch_hub: Path) -> Path:
    """A scratch hub holding the real research seed file."""
    (scratch_hub / "data" / "research").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "research" / "seed.bib", scratch_hub / "data" / "research")
    return scratch_hub


@pytest.fixture(scope="module")
def all_real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every export in tests/fixtures/bib/real (copied or written to match real exporters) in one
    file: 1,263 entries with macros, crossref and biblatex."""
    path = tmp_path_factory.mktemp("bib") / "all-real.bib"
    path.write_text("\n".join(p.read_text(encoding="utf-8") for p in REAL), encoding="utf-8")
    return path


def test_a_large_real_export_imports_and_a_second_run_adds_nothing(hub: Path, all_real) -> None:
    entries = read_bib_file(all_real, "x").blocks_seen
    assert entries >= 1000
    first = import_bib(hub, all_real, hub_fields={"topics": ["naps"]}, today=TODAY)
    counted = len(first.imported) + len(first.duplicates) + len(first.failed)
    assert counted == entries  # every entry is imported, skipped or reported as failed
    new = len(first.imported) + len(first.failed)
    assert len(first.imported) >= 0.99 * new
    assert first.duplicates  # the exports repeat entries (same DOI, same title and year)
    target = hub / "data" / "research" / "all-real.bib"
    before = target.read_bytes()
    second = import_bib(hub, all_real, hub_fields={"topics": ["naps"]}, today=TODAY)
    assert second.imported == [] and len(second.duplicates) == len(first.imported) + len(
        first.duplicates
    )
    assert target.read_bytes() == before
    # what the validator finds in the new file is exactly what the import said
    report = check_hub(hub, today=TODAY)
    found = sorted(
        str(p).replace(": warning: ", ": ")
        for p in report.problems
        if p.path.endswith("all-real.bib")
    )
    said = sorted(w.replace(": warning: ", ": ") for w in first.warnings if w.startswith("data/"))
    assert found == said
    # and every imported entry loads back with its key
    loaded = {r.id for r in report.records if r.path.endswith("all-real.bib")}
    assert loaded == set(first.imported)


def test_duplicates_of_the_hub_are_skipped_by_doi_or_title_and_year(hub: Path) -> None:
    source = write(
        hub / "export.bib",
        r"""
        @article{same-doi,
          author = {Someone, A.}, title = {A different title}, year = {2018},
          doi = {https://doi.org/10.1080/03050629.2018.1492386},
        }
        @article{same-title,
          author = {Krause, Jana}, year = {2018}, journal = {Elsewhere},
          title = {Women's participation in peace negotiations and the durability of peace},
        }
        @article{same-title-other-year,
          author = {Krause, Jana}, year = {2019}, journal = {Elsewhere},
          title = {Women's participation in peace negotiations and the durability of peace},
        }
        @book{brand-new,
          author = {Br{\"a}nfors, Piia and {{UN Women}}}, year = {2021},
          title = {The Example Book}, publisher = {Example Press},
        }
        @book{brand-new-again, author = {Other, B.}, year = {2021}, title = {The example book!}}
        """,
    )
    result = import_bib(hub, source, today=TODAY)
    text = (hub / "data" / "research" / "export.bib").read_text(encoding="utf-8")
    line = text.splitlines().index("@book{branfors2021example,") + 1
    assert [d.split(": ", 1)[1] for d in result.duplicates] == [
        "same-doi: skipped, same DOI as data/research/seed.bib:16 (krause2018participation)",
        "same-title: skipped, same title and year as data/research/seed.bib:16 (krause2018participation)",
        f"brand-new-again: skipped, same title and year as data/research/export.bib:{line} (branfors2021example)",
    ]
    assert result.imported == ["krause2019participation", "branfors2021example"]
    assert result.summary() == "imported 2, skipped 3 duplicates, 0 failed, 2 need topics"
    assert "ids       = {brand-new}," in text and "added     = {2026-12-04}," in text
    assert f"data/research/export.bib:{line}: topics: warning: missing field 'topics'" in "\n".join(
        result.warnings
    )


def test_biblatex_fields_are_normalised_and_private_ones_left_out(hub: Path) -> None:
    source = write(
        hub / "zotero.bib",
        r"""
        @string{pub = "Example " # "Press"}
        @article{a1,
          author = {Doe, Jane}, date = {2020-03-01}, journaltitle = {Journal of Examples},
          title = {Ways of \emph{working} with 50\% less: {\url{http://a.example/x?y=1}}},
          doi = {http://dx.doi.org/10.1234/example.5}, location = {Nairobi},
          file = {:C\:/Users/someone/Documents/paper.pdf:application/pdf},
          abstract = {Short abstract text long enough to be a summary of the work here.},
        }
        @incollection{child, author = {Roe, Richard}, title = {Chapter}, crossref = {parent}}
        @book{parent, editor = {Doe, Jane}, title = {The Parent}, year = {2019}, publisher = pub}
        """,
    )
    result = import_bib(
        hub, source, hub_fields={"topics": ["naps"], "countries": ["KE"]}, today=TODAY
    )
    assert result.summary() == "imported 3, skipped 0 duplicates, 0 failed, 0 need topics"
    text = (hub / "data" / "research" / "zotero.bib").read_text(encoding="utf-8")
    assert "journal   = {Journal of Examples}" in text and "address   = {Nairobi}" in text
    assert "year      = {2020}" in text and "doi       = {10.1234/example.5}" in text
    assert "C:/Users" not in text and "crossref" not in text
    assert "booktitle = {The Parent}" in text and "publisher = {Example Press}" in text
    report = check_hub(hub, today=TODAY)
    assert report.errors == []
    record = next(r for r in report.records if r.id == "doe2020ways")
    assert record.title == "Ways of working with 50% less: http://a.example/x?y=1"
    assert record.get("countries") == ["KE"]


def test_broken_entries_are_counted_as_failed_with_their_line(hub: Path) -> None:
    source = write(
        hub / "broken.bib",
        """
        @article{ok, author = {A, B}, title = {Fine entry}, year = {2020}}
        @article{twice, author = {A, B}, title = {T}, title = {U}, year = {2020}}
        @article{notitle, author = {A, B}, year = {2020}}
        @article{unclosed, title = {Never closed
        @book{after, author = {C, D}, title = {After the break}, year = {2021}}
        """,
    )
    result = import_bib(hub, source, hub_fields={"topics": ["naps"]}, today=TODAY)
    assert len(result.failed) == 3
    assert any(":2: title: twice: field given twice" in f for f in result.failed)
    assert any(":3: title: notitle: no title" in f for f in result.failed)
    assert any(":4: entry: cannot read this block" in f for f in result.failed)
    assert result.imported == ["a2020fine", "c2021break"]  # "after" is skipped, as "the"


def test_existing_records_are_never_rewritten_or_reordered(hub: Path) -> None:
    seed = hub / "data" / "research" / "seed.bib"
    before = seed.read_text(encoding="utf-8")
    source = write(
        hub / "more.bib", "@book{n, author = {N, M}, title = {New Work}, year = {2022}}\n"
    )
    import_bib(hub, source, target=seed, hub_fields={"topics": ["naps"]}, today=TODAY)
    after = seed.read_text(encoding="utf-8")
    assert after.startswith(before) and "@book{n2022new," in after[len(before) :]
    assert check_hub(hub, today=TODAY).errors == []


def test_dry_run_writes_nothing(hub: Path) -> None:
    source = write(
        hub / "dry.bib", "@book{n, author = {N, M}, title = {New Work}, year = {2022}}\n"
    )
    result = import_bib(hub, source, dry_run=True, today=TODAY)
    assert result.imported == ["n2022new"]
    assert not (hub / "data" / "research" / "dry.bib").exists()


def test_the_command_ends_with_one_summary_line(hub: Path, capsys) -> None:
    source = write(
        hub / "cli.bib", "@book{n, author = {N, M}, title = {New Work}, year = {2022}}\n"
    )
    argv = ["--root", str(hub), "import-bib", str(source), "--topics", "naps,financing"]
    assert main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "imported 1, skipped 0 duplicates, 0 failed, 0 need topics"
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "imported 0, skipped 1 duplicates, 0 failed, 0 need topics"
    )
    assert check_hub(hub).errors == []

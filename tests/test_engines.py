"""The hub builds the same with ProperDocs 1.6.7, the maintained fork of MkDocs 1.6, as with
MkDocs 1.6.1: Material for MkDocs ends on 2027-05-05 and MkDocs 2 will not run its hooks, so
the hub keeps a second engine that reads the same mkdocs.yml, hooks and theme."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

from wpshub.site.build import run_mkdocs_build

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def test_properdocs_builds_every_page_as_mkdocs_does(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run_mkdocs_build(ROOT, site, engine="properdocs")
    assert result.returncode == 0, result.stderr[-3000:]
    assert b"ProperDocs 1.6.7" in GENERATOR.search((site / "index.html").read_bytes()).group(0)
    ours = {p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(site) for p in site.rglob("*") if p.is_file()}
    # Pagefind names its index files by a hash of their content, the pages' generator tag
    # included: compare how many there are, and every other file byte for byte
    index = {p for p in ours if "pagefind" in p.parts[:2]}  # each language's bundle
    their_index = {p for p in theirs if "pagefind" in p.parts[:2]}
    assert len(index) == len(their_index) > 10
    assert ours - index == theirs - their_index
    differ = []
    for relative in sorted(ours - index):
        mine, other = (built_site / relative).read_bytes(), (site / relative).read_bytes()
        if relative.suffix == ".html":
            mine, other = GENERATOR.sub(b"", mine), GENERATOR.sub(b"", other)
        if mine != other:
            differ.append(str(relative))
    assert len(ours - index) > 4000
    assert not differ, f"{len(differ)} files differ, first {differ[:5]}"

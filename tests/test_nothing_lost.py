"""Nothing lost between records and reader: every validated record reaches its page, the
catalogue, the search index and the offline catalogue, for the real data and a large synthetic set.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from sitebuild import build_site

from wpshub.data.validate import check_hub
from wpshub.site.offline import build_offline

sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402


def assert_all_equal(found: dict[str, int]) -> None:
    assert len(set(found.values())) == 1, found


def research_exports_match(root: Path, site: Path) -> None:
    """Every research record is in research.bib, research.ris and research.csl.json."""
    research = len([r for r in check_hub(root).records if r.collection == "research"])
    bib = (site / "data" / "research.bib").read_text(encoding="utf-8")
    ris = (site / "data" / "research.ris").read_text(encoding="utf-8")
    csl = json.loads((site / "data" / "research.csl.json").read_text(encoding="utf-8"))
    assert (bib.count("\n@") + bib.startswith("@"), ris.count("ER  - "), len(csl)) == (
        research,
    ) * 3


def test_nothing_lost_with_the_real_data(
    built_site: Path, offline_zip: Path, tmp_path: Path
) -> None:
    found = bench.nothing_lost(ROOT, built_site, offline_zip)
    assert_all_equal(found)
    research_exports_match(ROOT, built_site)
    assert found["validated"] >= 150


@pytest.mark.slow
@pytest.mark.parametrize("n", [1500])
def test_nothing_lost_with_a_large_synthetic_set(tmp_path: Path, n: int) -> None:
    hub = tmp_path / "hub"
    bench.generate_hub(hub, n)
    result = build_site(tmp_path / "site", {"PYTHONPATH": str(hub)}, root=hub)
    assert result.returncode == 0, result.stderr[-3000:]
    offline_zip = build_offline(
        hub, tmp_path / "dist", today=dt.date(2026, 12, 1), log=lambda m: None
    )
    found = bench.nothing_lost(hub, tmp_path / "site", offline_zip)
    assert_all_equal(found)
    research_exports_match(hub, tmp_path / "site")
    assert found["validated"] == n

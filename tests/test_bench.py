"""The benchmark runs end to end at a small N and writes every figure (numbers are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

STEPS = (
    "first_record_page",
    "second_record_page",
    "explore_first_results",
    "text_query",
    "filter_change",
)


@pytest.mark.slow
def test_bench_runs_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "scripts/bench.py", "--sizes", "40,80", "--documents", "20", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert set(document["versions"]) >= {"mkdocs", "mkdocs-material", "pagefind-bin"}
    assert [r["n"] for r in document["results"]] == [40, 80]
    assert isinstance(document["build_growth_exponent"], float)
    for run in document["results"]:
        assert sum(run["collections"].values()) == run["n"]
        for step in ("validate", "plain_read", "build", "baseline", "offline"):
            assert run[step]["seconds"] > 0 and run[step]["peak_rss_mb"] > 0
        assert run["baseline_pages"] == run["n"]
        assert run["offline_zip_mb"] > 0 and run["site_mb"] > 0
        assert set(run["offline_zips_mb"]) == {"all", "en", "fr", "es", "ar"}
        assert run["offline_zips_mb"]["all"] == run["offline_zip_mb"]
        counts = run["nothing_lost"]["counts"]
        assert run["nothing_lost"]["holds"] and set(counts.values()) == {run["n"]}
        assert len(counts) == 5 + 4 * 4  # the catalogue's five, four per language
        assert set(run["reader"]) == set(STEPS)
        assert all(run["reader"][s]["requests"] > 0 for s in STEPS)
        assert run["build_vs_indexed_baseline"] > 0 and run["baseline_index"]["seconds"] > 0
        assert run["slow_link"]["explore_first_results_s"] > 0
        assert run["slow_link"]["word_search_results_s"] > 0
        assert 0 < run["serve"]["edit_visible_s"] and 0 < run["serve"]["first_build_s"]
        assert 0 < run["serve"]["edit_again_visible_s"]
        documents = run["documents"]
        assert documents["documents"] == 20 and documents["text_mb"] > 0
        assert documents["index_mb_with"] > documents["index_mb_without"] > 0
        assert documents["offline_zip_en_mb_with"] > documents["offline_zip_en_mb_without"] > 0
    assert "growth exponent of build time" in result.stdout

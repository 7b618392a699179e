"""Nothing lost between records and reader: every validated record reaches its page, the
catalogue, the search index and the offline catalogue, for the real data and a large synthetic set.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT
from sitebuild import build_site

from wpshub.data.documents import load_documents
from wpshub.data.validate import check_hub
from wpshub.site.i18n import LANGUAGES
from wpshub.site.offline import build_offline
from wpshub.site.render import offline_catalogue_path
from wpshub.site.steps import pagefind_languages

sys.path.insert(0, str(ROOT / "scripts"))


def counts(root: Path, site: Path, offline_zip: Path, unzip_to: Path) -> dict[str, int]:
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(unzip_to)
    indexed = pagefind_languages(site)
    found = {
        "validated": len(check_hub(root).records),
        "catalogue.json": json.loads((site / "catalogue.json").read_text(encoding="utf-8"))[
            "count"
        ],
        "catalogue entries": len(
            json.loads((site / "catalogue.json").read_text(encoding="utf-8"))["records"]
        ),
        "catalogue.csv rows": len(
            (site / "data" / "catalogue.csv").read_text(encoding="utf-8").splitlines()
        )
        - 1,
        "data/catalogue.json": json.loads(
            (site / "data" / "catalogue.json").read_text(encoding="utf-8")
        )["count"],
    }
    # the index also holds a page per fetched document (in its language, else English), which
    # is not a record's: counted apart
    documents = Counter(
        d.language if d.language in LANGUAGES else "en"
        for docs in load_documents(root, check_hub(root).records)[0].values()
        for d in docs
    )
    # every record reaches its page, the search index and the offline bundle in every language
    for lang in LANGUAGES:
        prefix = "" if lang == "en" else f"{lang}/"
        script = unzip_to / offline_catalogue_path(lang)
        offline_js = script.read_text(encoding="utf-8")
        offline = json.loads(offline_js[len("window.WPS_OFFLINE = ") :].rstrip().rstrip(";"))
        found[f"record pages ({lang})"] = len(
            list((site / prefix / "records").glob("*/index.html"))
        )
        found[f"pagefind pages ({lang})"] = indexed[lang]["page_count"] - documents[lang]
        found[f"offline entries ({lang})"] = len(offline["records"])
        found[f"offline pages ({lang})"] = len(list((unzip_to / prefix / "records").glob("*.html")))
    return found


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
    found = counts(ROOT, built_site, offline_zip, tmp_path / "offline")
    assert_all_equal(found)
    research_exports_match(ROOT, built_site)
    assert found["validated"] >= 150


@pytest.mark.slow
@pytest.mark.parametrize("n", [1500])
def test_nothing_lost_with_a_large_synthetic_set(tmp_path: Path, n: int) -> None:
    import bench

    hub = tmp_path / "hub"
    bench.generate_hub(hub, n)
    result = build_site(tmp_path / "site", {"PYTHONPATH": str(hub)}, root=hub)
    assert result.returncode == 0, result.stderr[-3000:]
    offline_zip = build_offline(
        hub, tmp_path / "dist", today=dt.date(2026, 12, 1), log=lambda m: None
    )
    found = counts(hub, tmp_path / "site", offline_zip, tmp_path / "offline")
    assert_all_equal(found)
    research_exports_match(hub, tmp_path / "site")
    assert found["validated"] == n

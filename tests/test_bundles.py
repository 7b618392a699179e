# ruff: noqa: F811  (the browser fixtures are imported from test_browser and used as arguments)
"""A language with more records than one Pagefind run should hold is indexed in several
bundles, and the explore page searches them as one: the same results and counts as a site
indexed in one bundle."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from sitebuild import build_site, serve, wait_js
from test_browser import browser, page, result_titles, site  # noqa: F401  (fixtures)

from wpshub.data.validate import check_hub
from wpshub.site.bundles import pagefind_bundle, pagefind_bundle_count
from wpshub.site.steps import pagefind_inputs, pagefind_languages

# records per bundle in this build: a third of the real hub's records (rounded up), so that they
# make three bundles however many records the hub holds
BUNDLE = -(-len(check_hub(ROOT).records) // 3)


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real hub in English and French, indexed in bundles of BUNDLE records."""
    site = tmp_path_factory.mktemp("bundles") / "site"
    env = {"WPSHUB_PAGEFIND_BUNDLE": str(BUNDLE), "WPSHUB_LANGUAGES": "en,fr"}
    result = build_site(site, env)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def split_base(split_site: Path) -> Iterator[str]:
    server, base = serve(split_site)
    yield base
    server.shutdown()


def test_bundle_folders_and_counts() -> None:
    assert pagefind_bundle("en") == "pagefind/" and pagefind_bundle("fr", 2) == "fr/pagefind-3/"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WPSHUB_PAGEFIND_BUNDLE", "200")
        assert [pagefind_bundle_count(n) for n in (0, 1, 200, 201, 517)] == [1, 1, 1, 2, 3]
    assert pagefind_bundle_count(10_000) == 2  # 5,000 records a bundle at most


def test_every_record_is_indexed_once_across_the_bundles(split_site: Path) -> None:
    count = json.loads((split_site / "catalogue.json").read_text(encoding="utf-8"))["count"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WPSHUB_PAGEFIND_BUNDLE", str(BUNDLE))
        bundles = pagefind_bundle_count(count)
        pages = pagefind_inputs(split_site, "fr")
    assert bundles == 3
    # the records dealt out in turn: bundle sizes differ by one at most, no page twice
    assert sorted(map(len, pages))[-1] - sorted(map(len, pages))[0] <= 1
    assert len({p for bundle in pages for p in bundle}) == count
    languages = pagefind_languages(split_site)
    assert {lang: (d["page_count"], d["bundles"]) for lang, d in languages.items()} == {
        "en": (count, 3),
        "fr": (count, 3),
    }
    for folder in ("pagefind", "pagefind-2", "pagefind-3", "fr/pagefind-3"):
        assert (split_site / folder / "pagefind-entry.json").is_file(), folder
    assert not (split_site / "pagefind-4").exists()
    assert not list(split_site.parent.glob(".pagefind-*")), "a staging folder was left"
    explore = (split_site / "fr" / "explore" / "index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-more="../pagefind-2 ../pagefind-3"' in explore


def words_of(site: Path, record: dict) -> str:
    html = (site / record["page"] / "index.html").read_text(encoding="utf-8")
    summary = re.search(r'<p class="wps-summary"[^>]*>([^<]+)</p>', html).group(1)
    return max(re.findall(r"[A-Za-z]{7,}", summary), key=len)


def searched(page, base: str, word: str) -> tuple[str, list[str]]:
    page.goto(base + "explore/?q=" + word)
    titles = result_titles(page)
    return page.locator(".wps-status").inner_text(), titles


def test_a_search_finds_records_of_every_bundle_as_one_index_would(
    page, site: str, split_site: Path, split_base: str
) -> None:
    records = json.loads((split_site / "catalogue.json").read_text(encoding="utf-8"))["records"]
    by_page = {f"{r['page']}index.html": r for r in records}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WPSHUB_PAGEFIND_BUNDLE", str(BUNDLE))
        bundles = pagefind_inputs(split_site, "en")
    for pages in bundles[1:]:  # a record that only a merged bundle holds
        record = next(
            by_page[p] for p in pages if p in by_page and by_page[p]["type"] != "research"
        )
        word = words_of(split_site, record)
        status, titles = searched(page, split_base, word)
        assert record["title"] in titles, (word, status)
    # a common word: the same results, counted the same, as the site indexed in one bundle
    for word in ("women", "mediation"):
        split = searched(page, split_base, word)
        whole = searched(page, site, word)
        assert split == whole and split[1], word


def test_the_offline_edition_over_http_browses_newest_first_across_bundles(
    browser, built_site: Path, tmp_path: Path
) -> None:
    """Merged bundles rank by score only: the offline edition, read over a local server, browses
    its view without words from its catalogue, newest first, as the online site does."""
    folder = tmp_path / "offline"
    env = {"WPSHUB_PAGEFIND_BUNDLE": str(BUNDLE), "WPSHUB_OFFLINE": "1",
           "WPSHUB_SITE_URL": "", "WPSHUB_EDITION": "en"}  # fmt: skip
    result = build_site(folder, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (folder / "pagefind-3" / "pagefind-entry.json").is_file()
    online = (built_site / "explore" / "index.html").read_text(encoding="utf-8")
    newest = re.findall(r'class="wps-card-title"[^>]*>([^<]+)</a>', online)[:10]
    assert len(newest) == 10
    server, base = serve(folder)
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(base + "explore.html")
        wait_js(page, "document.querySelectorAll('#wps-result-list .wps-card-title').length >= 10")
        shown = page.locator("#wps-result-list .wps-card-title").all_inner_texts()[:10]
        assert [html.unescape(t) for t in newest] == shown
    finally:
        context.close()
        server.shutdown()


def test_the_bundle_count_follows_the_catalogue_not_stale_pages(tmp_path: Path) -> None:
    """A page an earlier --dirty build left on disk must not add a bundle the explore page,
    written from the hub's record count, does not merge."""
    site = tmp_path / "site"
    for n in range(7):  # five records of this build, two pages left by an earlier one
        page = site / "records" / f"r{n}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text("<html></html>", encoding="utf-8")
    (site / "catalogue.json").write_text(json.dumps({"count": 5}), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WPSHUB_PAGEFIND_BUNDLE", "3")
        bundles = pagefind_inputs(site, "en")
        assert len(bundles) == pagefind_bundle_count(5) == 2  # from the pages: 3
    assert sum(map(len, bundles)) == 7  # every page on disk is still given to Pagefind


@pytest.mark.parametrize("value", ["0", "-1", "many", "2.5"])
def test_a_bad_bundle_size_is_refused_clearly(value: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WPSHUB_PAGEFIND_BUNDLE", value)
        with pytest.raises(ValueError, match=r"WPSHUB_PAGEFIND_BUNDLE=.*whole number"):
            pagefind_bundle_count(10)


def test_staging_folders_of_killed_builds_are_swept(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from wpshub.site.steps import STAGE_PREFIX, sweep_stages

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    dead = tmp_path / f"{STAGE_PREFIX}{gone}-abc"
    mine = tmp_path / f"{STAGE_PREFIX}{os.getpid()}-def"
    other = tmp_path / ".pagefind-other"
    for folder in (dead, mine, other):
        (folder / "records").mkdir(parents=True)
    sweep_stages(tmp_path)
    assert not dead.exists() and mine.exists() and other.exists()


@pytest.mark.parametrize("bundle", ["20000", "1"])  # one run over the site; a run per bundle
def test_a_newer_build_stops_the_last_ones_indexing_at_once(tmp_path: Path, bundle: str) -> None:
    """`make serve`: an edit saved while the last edit's pages are being indexed (a minute or
    more at 10,000 records) must be built at once, not wait for that indexing to end."""
    import importlib.util
    import time
    from types import SimpleNamespace

    from wpshub.site.build import process_alive

    site = tmp_path / "site"
    for n in range(2):
        page = site / "records" / f"r{n}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text("<html></html>", encoding="utf-8")
    (site / "catalogue.json").write_text(json.dumps({"count": 2}), encoding="utf-8")
    started = tmp_path / "pagefind.pid"
    slow = tmp_path / "pagefind"  # a Pagefind that takes a minute
    slow.write_text(f"#!/bin/sh\necho $$ > {started}\nexec sleep 60\n", encoding="utf-8")
    slow.chmod(0o755)
    spec = importlib.util.spec_from_file_location(
        "search_hook", Path(__file__).parent.parent / "hooks" / "search.py"
    )
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    config = SimpleNamespace(site_dir=str(site))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WPSHUB_PAGEFIND", str(slow))
        patch.setenv("WPSHUB_LANGUAGES", "en")
        patch.setenv("WPSHUB_PAGEFIND_BUNDLE", bundle)
        hook.on_startup("serve", True)
        hook._serve["indexed"] = True  # the first build was indexed: later ones in the background
        hook.on_post_build(config)
        deadline = time.monotonic() + 20
        while not started.is_file() or not started.read_text().strip():
            assert time.monotonic() < deadline, "the background indexing never ran Pagefind"
            time.sleep(0.05)
        pid = int(started.read_text())
        before = time.monotonic()
        hook.on_pre_build(config)  # the next build
        waited = time.monotonic() - before
    assert waited < 10, f"the next build waited {waited:.1f} s for the last one's indexing"
    assert not process_alive(pid)
    assert not list(tmp_path.glob(".pagefind-stage-*")), "a staging folder was left behind"

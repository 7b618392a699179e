"""The documents' text in the built hub: a word found only inside a plan's PDF finds the plan,
with the page it is on, in Pagefind online and in the offline edition's search from disk."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from pdfmaker import make_pdf
from sitebuild import build_site, serve, wait_js, wait_shown
from test_browser import browser  # noqa: F401  (module-scoped Chromium)
from test_trust import copy_hub

from wpshub.site.offline import build_offline
from wpshub.tools.fetchdocs import FetchOptions, run_fetch_documents

pytestmark = pytest.mark.browser

# words that are in no record of the hub: only in the PDFs below, which fetch-documents reads
KENYA_PAGES = [
    "Kenya National Action Plan introduction",
    "Pillar two: prevention",
    # a long page: the passage shown must still hold the word, far from the page's start
    "Actions planned by the State and by civil society. " * 40
    + "The plan commits a budget line for quokkafund mediators in each county",
]
FRANCE_PAGES = ["Plan national d'action", "La France finance les wombatieres de la paix"]
RECORDS = {
    "nap-ke-2016-2018": ("kenya-plan.pdf", KENYA_PAGES),
    "nap-fr-2021-2025": ("plan-france.pdf", FRANCE_PAGES),
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The plans' PDFs, made by the test, on 127.0.0.1; the base address."""
    folder = tmp_path_factory.mktemp("served")
    for name, pages in RECORDS.values():
        (folder / name).write_bytes(make_pdf(pages))
    server, base = serve(folder)
    yield base
    server.shutdown()


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory, served: str) -> Path:
    """A copy of the hub whose two plans name the served PDFs, fetched by fetch-documents."""
    hub = copy_hub(tmp_path_factory.mktemp("documents") / "hub")
    for record_id, (name, _) in RECORDS.items():
        record = hub / "data" / "plans" / f"{record_id}.yaml"
        lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
        lines = [f"url: {served}{name}\n" if line.startswith("url:") else line for line in lines]
        record.write_text("".join(lines), encoding="utf-8")
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WPSHUB_ALLOW_LOOPBACK", "1")
        options = FetchOptions(timeout=5.0, deadline=20.0, per_host_interval=0.0)
        code = run_fetch_documents(
            hub, only=list(RECORDS), options=options, out=out, today=dt.date(2026, 12, 3)
        )
    assert code == 0, out.getvalue()
    assert out.getvalue().splitlines()[-1] == "fetched 2, unchanged 0, failed 0, skipped 0"
    return hub


@pytest.fixture(scope="module")
def site(hub: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site") / "site"
    result = build_site(site, {"WPSHUB_LANGUAGES": "en,fr"}, root=hub)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def search(page, base: str, path: str, words: str, extra: str = "") -> list[dict]:
    page.goto(f"{base}{path}?q={words}{extra}")
    wait_js(page, "document.querySelectorAll('#wps-result-list li').length > 0")
    return page.evaluate(
        """() => [...document.querySelectorAll('#wps-result-list li')].map(li => ({
            title: li.querySelector('.wps-card-title').textContent,
            href: li.querySelector('.wps-card-title').getAttribute('href'),
            where: (li.querySelector('.wps-card-where') || {}).textContent || '',
            document: (li.querySelector('.wps-card-document') || {href: ''}).href,
            excerpt: li.querySelector('.wps-card-summary').textContent }))"""
    )


def test_the_text_pages_are_indexed_and_not_published(site: Path) -> None:
    assert not (site / "document-text").exists() and not (site / "fr" / "document-text").exists()
    assert "quokkafund" not in "".join(p.read_text("utf-8") for p in site.rglob("*.html"))
    page = (site / "records" / "nap-ke-2016-2018" / "index.html").read_text("utf-8")
    assert "Full text indexed (3 pages, fetched 2026-12-03)" in page
    assert "/kenya-plan.pdf" in page
    french = (site / "fr" / "records" / "nap-fr-2021-2025" / "index.html").read_text("utf-8")
    assert "Texte intégral indexé (2 pages, récupéré le 2026-12-03)" in french


def test_a_word_inside_the_pdf_finds_the_plan_with_its_page(
    browser,  # noqa: F811
    site: Path,
    served: str,
) -> None:
    server, base = serve(site)
    page = browser.new_page()
    try:
        found = search(page, base, "explore/", "quokkafund")
        assert len(found) == 1
        hit = found[0]
        assert hit["href"].endswith("/records/nap-ke-2016-2018/")
        assert hit["where"] == "p. 3"
        assert hit["document"] == f"{served}kenya-plan.pdf#page=3"
        assert "budget line for quokkafund mediators" in hit["excerpt"]
        # "in the document itself" keeps it; the record's own words are not in the document
        assert search(page, base, "explore/", "quokkafund", "&in=document")[0]["where"] == "p. 3"
        page.goto(f"{base}explore/?q=Kenya&in=document")
        # the status counts the results before their cards are drawn; the list is busy till then
        wait_shown(page)
        assert page.evaluate("document.querySelector('.wps-status').textContent.match(/\\d/)")
        titles = page.evaluate("[...document.querySelectorAll('.wps-card-where')].length")
        cards = page.evaluate("document.querySelectorAll('#wps-result-list li').length")
        assert titles == cards >= 1  # every result is a match inside a document
    finally:
        page.close()
        server.shutdown()


def test_a_french_plan_is_found_in_the_french_index(browser, site: Path) -> None:  # noqa: F811
    server, base = serve(site)
    page = browser.new_page()
    try:
        found = search(page, base, "fr/explore/", "wombatieres")
        assert [f["href"].rsplit("/", 2)[-2] for f in found] == ["nap-fr-2021-2025"]
        assert found[0]["where"] == "p. 2"
        page.goto(f"{base}explore/?q=wombatieres")
        wait_js(
            page,
            "document.querySelector('.wps-status').textContent.length > 0 && "
            "!document.querySelector('.wps-status').textContent.match(/…|\\.\\.\\./)",
        )
        english = page.evaluate(
            "[...document.querySelectorAll('.wps-card-title')].map(a => a.href)"
        )
        assert not [href for href in english if "nap-fr-2021-2025" in href]  # not in English
    finally:
        page.close()
        server.shutdown()


@pytest.fixture(scope="module")
def offline_with_documents(hub: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WPSHUB_LANGUAGES", "en")
        zipped = build_offline(hub, dist, today=dt.date(2026, 12, 3), log=lambda m: None,
                               with_documents=True)  # fmt: skip
    folder = dist / "unzipped"
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(folder)
    return folder


def test_the_offline_search_with_documents_finds_the_page(
    browser,  # noqa: F811
    offline_with_documents: Path,
    served: str,
) -> None:
    page = browser.new_page()
    try:
        found = search(page, offline_with_documents.as_uri() + "/", "explore.html", "quokkafund")
        assert len(found) == 1
        assert found[0]["href"].endswith("records/nap-ke-2016-2018.html")
        assert found[0]["where"] == "p. 3"
        assert found[0]["document"] == f"{served}kenya-plan.pdf#page=3"
        assert "quokkafund mediators" in found[0]["excerpt"]
        assert found[0]["excerpt"].startswith("…")  # cut from the long page, around the word
    finally:
        page.close()


def test_without_documents_the_offline_catalogue_has_no_document_text(
    hub: Path, served: str
) -> None:
    from wpshub.site.catalogue import load_hub
    from wpshub.site.offline import offline_catalogue
    from wpshub.site.render import Context

    loaded = load_hub(hub)
    plain = offline_catalogue(loaded, Context(offline=True, documents=False))
    assert not [r for r in plain["records"] if "d" in r or "in" in r["f"]]
    with_text = offline_catalogue(loaded, Context(offline=True, documents=True))
    kenya = next(r for r in with_text["records"] if "nap-ke-2016-2018" in r["p"])
    assert kenya["d"] == [{"u": f"{served}kenya-plan.pdf", "g": True, "p": KENYA_PAGES}]
    assert kenya["f"]["in"] == ["document"]


def test_a_record_found_in_its_words_and_its_document_is_one_card(browser, site: Path) -> None:  # noqa: F811
    server, base = serve(site)
    page = browser.new_page()
    try:
        found = search(page, base, "explore/", "Kenya")
        kenya = [f for f in found if f["href"].endswith("/records/nap-ke-2016-2018/")]
        assert len(kenya) == 1
        assert kenya[0]["where"] == "p. 1"
    finally:
        page.close()
        server.shutdown()

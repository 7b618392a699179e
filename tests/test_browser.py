"""Browser tests: a real Chromium (Debian's) drives the built site served on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitebuild import serve, wait_js, wait_shown

CHROMIUM = os.environ.get("WPSHUB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; run `make test`, which installs it")
        pytest.skip(f"Chromium not found at {CHROMIUM} (install the Debian package 'chromium')")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(built_site: Path) -> Iterator[str]:
    server, base = serve(built_site)
    yield base
    server.shutdown()


@pytest.fixture
def page(browser, site: str):
    """A fresh page whose every request is recorded; the test fails if one leaves 127.0.0.1."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.requests = requests
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    assert violations == [], f"the page broke its own Content-Security-Policy: {violations}"
    assert context.cookies() == [], "the site must not set cookies"
    outside = [
        u
        for u in requests
        if urlsplit(u).hostname not in ("127.0.0.1",) and not u.startswith(("data:", "blob:"))
    ]
    context.close()
    assert outside == [], f"requests left 127.0.0.1: {outside}"


def catalogue(built_site: Path) -> list[dict]:
    return json.loads((built_site / "catalogue.json").read_text(encoding="utf-8"))["records"]


def result_titles(page) -> list[str]:
    wait_js(page, "document.querySelector('.wps-status').textContent.match(/record|No records/)")
    wait_shown(page)
    for _ in range(100):
        if not page.locator("#wps-more").is_visible():
            break
        page.click("#wps-more")
        wait_shown(page)
    return sorted(page.locator("#wps-result-list .wps-card-title").all_inner_texts())


def test_filter_by_region_and_topic_shows_exactly_the_expected_records(
    page, site: str, built_site: Path
) -> None:
    records = catalogue(built_site)
    expected = sorted(
        r["title"] for r in records if "africa" in r["regions"] and "naps" in r["topics"]
    )
    assert expected, "the seed data should have African action plans"
    page.goto(site + "explore/")
    wait_js(page, "document.querySelector('.wps-status').textContent.match(/records/)")
    page.locator('input[name="region"][value="africa"]').click()
    wait_js(page, "new URLSearchParams(location.search).get('region') === 'africa'")
    page.locator('input[name="topic"][value="naps"]').click()
    wait_js(
        page,
        f"document.querySelector('.wps-status').textContent.startsWith('{len(expected)} record')",
    )
    assert result_titles(page) == expected
    assert re.search(r"[?&]region=africa", page.url) and re.search(r"[?&]topic=naps", page.url)


def test_a_shared_explore_url_restores_its_filters(page, site: str, built_site: Path) -> None:
    records = catalogue(built_site)
    expected = sorted(
        r["title"] for r in records if "europe" in r["regions"] and "naps" in r["topics"]
    )
    page.goto(site + "explore/?topic=naps&region=europe")
    wait_js(
        page,
        f"document.querySelector('.wps-status').textContent.startsWith('{len(expected)} record')",
    )
    assert page.is_checked('input[name="topic"][value="naps"]')
    assert page.is_checked('input[name="region"][value="europe"]')
    assert result_titles(page) == expected


def test_find_a_record_by_a_word_from_its_summary(page, site: str, built_site: Path) -> None:
    record = next(r for r in catalogue(built_site) if r["type"] == "practice")
    html = (built_site / record["page"] / "index.html").read_text(encoding="utf-8")
    summary = re.search(r'<p class="wps-summary"[^>]*>([^<]+)</p>', html).group(1)
    word = max(re.findall(r"[A-Za-z]{6,}", summary), key=len)
    page.goto(site + "explore/")
    page.fill("#wps-query", word)
    wait_js(page, f"new URLSearchParams(location.search).get('q') === {json.dumps(word)}")
    assert record["title"] in result_titles(page)


def test_record_chips_and_browse_links_lead_back_to_the_record(
    page, site: str, built_site: Path
) -> None:
    record = next(r for r in catalogue(built_site) if r["topics"] and r["countries"])
    page.goto(site + record["page"])
    chip = page.locator(".wps-chip-group", has_text="Topic").locator("a.wps-chip").first
    chip.click()
    page.wait_for_url(re.compile(r"/browse/topic/"))
    assert "/browse/topic/" in page.url
    page.locator(".wps-card-title", has_text=record["title"]).first.click()
    page.wait_for_url(re.compile(re.escape(record["page"]) + "$"))
    assert page.url.endswith(record["page"])
    page.goto(site + "browse/")
    page.get_by_role("link", name="Countries").click()
    page.wait_for_url(re.compile(r"/browse/country/$"))
    page.locator(".wps-values a").first.wait_for()


def test_filters_work_with_the_keyboard_alone(page, site: str) -> None:
    page.goto(site + "explore/")
    wait_js(page, "document.querySelector('.wps-status').textContent.match(/records/)")
    page.focus("#wps-query")
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "document.activeElement && document.activeElement.name + ':' + document.activeElement.value"
        )
        if focused.startswith("topic:"):
            break
    assert focused.startswith("topic:"), focused
    page.keyboard.press("Space")
    value = focused.split(":", 1)[1]
    wait_js(page, f"new URLSearchParams(location.search).get('topic') === {json.dumps(value)}")


@pytest.mark.parametrize(
    "which",
    [
        "home",
        "explore",
        "record",
        "country",
        "topic",
        "places",
        "profile",
        "region",
        "naps",
        "evidence",
    ],
)
def test_axe_finds_no_serious_or_critical_violations(
    page, site: str, built_site: Path, which: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    records = catalogue(built_site)
    record = next(r for r in records if r["countries"])
    paths = {
        "home": "",
        "explore": "explore/",
        "record": record["page"],
        "country": f"browse/country/{record['countries'][0].lower()}/",
        "topic": f"browse/topic/{record['topics'][0]}/",
        "places": "countries/",
        "profile": f"countries/{record['countries'][0].lower()}/",
        "region": "regions/africa/",
        "naps": "naps/",
        "evidence": "evidence/",
    }
    page.goto(site + paths[which])
    if which == "explore":
        wait_js(page, "document.querySelector('.wps-status').textContent.match(/records/)")
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert bad == [], json.dumps(
        [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in bad], indent=1
    )


def test_every_page_carries_the_security_policy(built_site: Path) -> None:
    pages = list(built_site.rglob("*.html"))
    assert pages
    for path in pages:
        head = path.read_text(encoding="utf-8")[:3000]
        assert (
            '<meta http-equiv="Content-Security-Policy" content="default-src \'self\';' in head
        ), path
        assert '<meta name="referrer" content="no-referrer">' in path.read_text(encoding="utf-8"), (
            path
        )
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    for line in (
        "Content-Security-Policy: default-src 'self';",
        "Referrer-Policy: no-referrer",
        "X-Content-Type-Options: nosniff",
    ):
        assert line in headers


def test_searches_are_not_kept_in_local_storage(page, site: str) -> None:
    page.goto(site + "explore/")
    wait_js(page, "document.querySelector('.wps-status').textContent.match(/records/)")
    page.fill("#wps-query", "mediation")
    wait_js(page, "new URLSearchParams(location.search).get('q') === 'mediation'")
    wait_js(page, "document.querySelector('.wps-status').textContent.match(/record/)")
    stored = page.evaluate("JSON.stringify(Object.assign({}, localStorage))")
    assert "mediation" not in stored


@pytest.mark.parametrize(
    "path",
    [
        "",
        "explore/",
        "centres/",
        "browse/",
        "browse/topic/",
        "browse/topic/naps/",
        "about/",
        "contribute/",
        "offline/",
        "404.html",
    ],
)
def test_no_page_type_requests_another_host(page, site: str, path: str) -> None:
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    # the page fixture fails the test if any request left 127.0.0.1


def test_a_pathway_prints_as_one_clean_document(page, site: str, built_site: Path) -> None:
    records = catalogue(built_site)
    pathway = next(r for r in records if r["type"] == "pathway")
    page.goto(site + pathway["page"])
    steps = page.locator("li.wps-step").count()
    assert steps >= 2
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert (
            page.locator(chrome).first.evaluate("el => getComputedStyle(el).display") == "none"
        ), chrome
    assert page.locator("li.wps-step").first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= steps, (
        pages
    )  # one document: about a page per two steps, never a page per scrap


def test_a_research_page_shows_citations_with_copy_buttons(
    page, site: str, built_site: Path
) -> None:
    record = next(r for r in catalogue(built_site) if r["type"] == "research")
    page.goto(site + record["page"])
    apa = page.locator("#cite-apa").text_content()
    chicago = page.locator("#cite-chicago").text_content()

    # the styles curl quotes and apostrophes, and Chicago sets English titles in headline case
    def words(text: str) -> str:
        return re.sub("[\"“”‘’']", "", text).casefold()

    title = words(record["title"].split(":")[0])
    assert title in words(apa) and title in words(chicago)
    page.locator('button[data-copy="cite-apa"]').click()
    wait_js(
        page,
        "['Copied', 'Selected: press Ctrl+C'].includes(document.querySelector('button[data-copy=\"cite-apa\"]').textContent)",
    )


def test_an_address_asking_for_a_country_without_records_says_so(
    page, site: str, built_site: Path
) -> None:
    """`?country=AQ` (no record yet) is never dropped: no results, and a sentence naming it."""
    records = catalogue(built_site)
    assert not [r for r in records if "AQ" in r["countries"]]
    page.goto(site + "explore/?country=AQ")
    wait_js(page, "document.querySelector('.wps-missing') !== null")
    assert page.locator("#wps-result-list .wps-card-title").count() == 0
    message = page.locator(".wps-missing")
    assert message.inner_text().startswith("No records for Antarctica yet.")
    assert message.locator("a").get_attribute("href").endswith("contribute/")
    assert "country=AQ" in page.url
    # beside a country that has records, those records show and the message stays
    kenya = sorted(r["title"] for r in records if "KE" in r["countries"])
    page.goto(site + "explore/?country=KE,AQ")
    assert result_titles(page) == kenya
    assert page.locator(".wps-missing").inner_text().startswith("No records for Antarctica yet.")

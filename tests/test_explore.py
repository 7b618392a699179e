"""Explore as people expect faceted search: counts that follow the filters and the words,
filters folded on phones, results reached from the keyboard in a few presses."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from sitebuild import wait_js
from test_browser import browser, catalogue, page, result_titles, site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

# explore's filters and the catalogue.json field holding the same values
CATALOGUE_FIELDS = {
    "type": "type", "topic": "topics", "region": "regions", "subregion": "regions", "country": "countries",
    "organisation": "organisations", "language": "languages", "resolution": "resolutions",
    "year": "year",
}  # fmt: skip
PHONE = {"width": 390, "height": 844}
# catalogue.json lists regions and sub-regions together; the vocabulary says which is which
REGION_LEVELS = {
    t["id"]: "subregion" if t["level"] in ("subregion", "intermediate") else "region"
    for t in yaml.safe_load((ROOT / "data/vocab/regions.yaml").read_text(encoding="utf-8"))["terms"]
}


def values_of(record: dict, facet: str) -> set[str]:
    got = record[CATALOGUE_FIELDS[facet]]
    if isinstance(got, list):
        found = {str(v) for v in got}
        if facet in ("region", "subregion"):
            found = {v for v in found if REGION_LEVELS[v] == facet}
        return found
    return set() if got is None else {str(got)}


def expected_counts(pool: list[dict], chosen: dict[str, set[str]]) -> dict[str, Counter]:
    """For every filter, how many of `pool` each value would give beside the other filters."""
    counts = {}
    for facet in CATALOGUE_FIELDS:
        beside = [
            r
            for r in pool
            if all(values_of(r, f) & wanted for f, wanted in chosen.items() if f != facet)
        ]
        counts[facet] = Counter(v for r in beside for v in values_of(r, facet))
    return counts


def shown_counts(page) -> dict[str, dict[str, int]]:  # noqa: F811
    # browsing fetches the counts after the first results
    wait_js(page, "document.querySelector('.wps-explore').dataset.counts === 'ready'")
    pairs = page.evaluate(
        "[...document.querySelectorAll('[data-count]')].map(el => "
        "[el.getAttribute('data-count'), el.textContent, el.closest('label').classList.contains('wps-zero')])"
    )
    shown: dict[str, dict[str, int]] = {}
    for key, text, greyed in pairs:
        facet, value = key.split(":", 1)
        shown.setdefault(facet, {})[value] = int(text)
        assert greyed == (text == "0"), f"{key}: {text} greyed={greyed}"
    return shown


def assert_counts(page, pool: list[dict], chosen: dict[str, set[str]]) -> None:  # noqa: F811
    expected = expected_counts(pool, chosen)
    shown = shown_counts(page)
    for facet, counter in expected.items():
        assert set(counter) <= set(shown[facet]), f"{facet}: values missing from the filters"
        wrong = {
            v: (n, counter.get(v, 0)) for v, n in shown[facet].items() if n != counter.get(v, 0)
        }
        assert wrong == {}, f"{facet}: value: (shown, expected) {wrong}"


def wait_status(page, count: int) -> None:  # noqa: F811
    expected = "No records match" if count == 0 else f"{count} record"
    wait_js(
        page,
        f"document.querySelector('.wps-status').textContent.startsWith({json.dumps(expected)})",
    )


def result_pages(page, site: str) -> list[str]:  # noqa: F811
    result_titles(page)  # shows every result
    hrefs = page.locator("#wps-result-list .wps-card-title").evaluate_all(
        "as => as.map(a => a.href)"
    )
    return sorted(h[len(site) :] for h in hrefs)


def test_counts_follow_the_ticked_filters(page, site: str, built_site: Path) -> None:  # noqa: F811
    records = catalogue(built_site)
    page.goto(site + "explore/")
    wait_status(page, len(records))
    assert_counts(page, records, {})
    page.locator('input[name="region"][value="africa"]').click()
    chosen = {"region": {"africa"}}
    wait_status(page, sum(1 for r in records if "africa" in r["regions"]))
    assert_counts(page, records, chosen)
    page.locator('input[name="topic"][value="naps"]').click()
    chosen["topic"] = {"naps"}
    matching = [r for r in records if "africa" in r["regions"] and "naps" in r["topics"]]
    wait_status(page, len(matching))
    assert_counts(page, records, chosen)
    # a second value of the same filter widens it, as its count said it would
    asia = expected_counts(records, chosen)["region"]["asia"]
    page.locator('input[name="region"][value="asia"]').click()
    chosen["region"].add("asia")
    wait_status(page, asia + len(matching) - sum(1 for r in matching if "asia" in r["regions"]))
    assert_counts(page, records, chosen)


def test_counts_follow_the_words(page, site: str, built_site: Path) -> None:  # noqa: F811
    records = catalogue(built_site)
    by_page = {r["page"]: r for r in records}
    page.goto(site + "explore/")
    wait_status(page, len(records))
    page.fill("#wps-query", "budget")
    wait_js(page, "new URLSearchParams(location.search).get('q') === 'budget'")
    wait_js(page, "!document.querySelector('.wps-status').textContent.startsWith('516')")
    pool = [by_page[p] for p in result_pages(page, site)]
    assert 5 < len(pool) < len(records)
    assert_counts(page, pool, {})
    chosen = {"region": {"africa"}}
    page.locator('input[name="region"][value="africa"]').click()
    within = sorted(r["page"] for r in pool if "africa" in r["regions"])
    wait_status(page, len(within))
    assert result_pages(page, site) == within
    assert_counts(page, pool, chosen)


def test_phone_filters_fold_and_first_result_shows(browser, site: str) -> None:  # noqa: F811
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()  # noqa: F811
    try:
        page.goto(site + "explore/?topic=naps")
        wait_js(page, "document.querySelector('#wps-result-list a') !== null")
        top = page.evaluate(
            "document.querySelector('#wps-result-list a').getBoundingClientRect().top"
        )
        assert top < PHONE["height"], f"the first result starts {top} px down"
        toggle = page.locator(".wps-filter-toggle")
        assert toggle.inner_text() == "Filters (1)"
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not page.locator('input[name="topic"][value="naps"]').is_visible()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        page.locator('input[name="region"][value="africa"]').click()
        wait_js(page, "document.querySelector('.wps-filter-toggle').textContent === 'Filters (2)'")
    finally:
        context.close()
    # on a wide screen the filters stay open and the button is not shown
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(site + "explore/")
        wait_js(page, "document.querySelector('#wps-result-list a') !== null")
        assert not page.locator(".wps-filter-toggle").is_visible()
        assert page.locator('input[name="topic"][value="naps"]').is_visible()
    finally:
        context.close()


FOCUSED = """() => { const a = document.activeElement;
  return {skip: a.matches('.md-skip, .wps-skip-results'),
          first: a === document.querySelector('#wps-result-list a'),
          ring: getComputedStyle(a).outlineStyle !== 'none' || getComputedStyle(a).boxShadow !== 'none'}; }"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_first_result_is_ten_tab_presses_away(browser, site: str, width: int) -> None:  # noqa: F811
    """Skip links are followed with Enter, as a keyboard reader does; only Tab presses count."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()  # noqa: F811
    try:
        page.goto(site + "explore/")
        wait_js(page, "document.querySelector('#wps-result-list a') !== null")
        presses = 0
        reached = False
        while presses < 10 and not reached:
            page.keyboard.press("Tab")
            presses += 1
            focused = page.evaluate(FOCUSED)
            assert focused["ring"], f"no visible focus after {presses} Tab presses"
            reached = focused["first"]
            if focused["skip"]:
                page.keyboard.press("Enter")
        assert reached, "the first result is more than 10 Tab presses away"
    finally:
        context.close()


def test_a_filter_checkbox_shows_its_focus(page, site: str) -> None:  # noqa: F811
    page.goto(site + "explore/")
    wait_js(page, "document.querySelector('#wps-result-list a') !== null")
    page.focus("#wps-query")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type === 'checkbox'"):
            break
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert page.evaluate("document.activeElement.type") == "checkbox"
    assert outline not in ("none", ""), outline


def test_search_excerpts_keep_labels_and_values_apart(page, site: str) -> None:  # noqa: F811
    """Pagefind reads the page's text: "Authors Thania Paffenholz", never "AuthorsThania"."""
    page.goto(site + "explore/")
    content = page.evaluate(
        """async () => {
          const pagefind = await import('/pagefind/pagefind.js');
          await pagefind.options({baseUrl: '/'});
          const search = await pagefind.search('Paffenholz');
          const data = await search.results[0].data();
          return data.content;
        }"""
    )
    assert "Paffenholz" in content
    glued = re.findall(r"\b(?:Authors|Publisher|Year|Journal)(?=[A-Z0-9])", content)
    assert glued == [], content[:300]


def test_the_skip_link_jumps_without_searching_again(page, site: str) -> None:  # noqa: F811
    page.goto(site + "explore/?topic=naps")
    wait_js(page, "document.querySelector('#wps-result-list a') !== null")
    page.evaluate("document.querySelector('#wps-result-list a').dataset.seen = 'yes'")
    page.focus(".wps-skip-results")
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    assert page.url.endswith("#wps-results")
    assert page.evaluate("document.activeElement.id") == "wps-results"
    # the same result element: the list was not emptied and searched again
    assert page.evaluate("document.querySelector('#wps-result-list a').dataset.seen") == "yes"


# --- the first results in the page itself ------------------------------------------------------


def first_cards(html: str) -> list[str]:
    return re.findall(r'<a class="wps-card-title" dir="auto" href="[^"]*">([^<]*)</a>', html)


def test_the_explore_page_carries_its_first_results(built_site: Path) -> None:
    """A reader on a slow link sees the newest records before any script or index arrives:
    the page holds the first chunk of Explore's index, in its order, and the count."""
    import html as markup

    for prefix in ("", "fr/", "ar/"):
        text = (built_site / prefix / "explore" / "index.html").read_text(encoding="utf-8")
        chunk = json.loads(
            (built_site / prefix / "explore-index" / "r0.json").read_text(encoding="utf-8")
        )
        assert [markup.unescape(t) for t in first_cards(text)] == [r["t"] for r in chunk]
        assert len(chunk) == 10
        count = json.loads((built_site / "catalogue.json").read_text(encoding="utf-8"))["count"]
        status = re.search(r'<p class="wps-status"[^>]*>([^<]*)</p>', text).group(1)
        assert str(count) in status, status


def test_first_results_show_without_javascript_and_give_way_to_a_filter(
    browser,  # noqa: F811
    page,  # noqa: F811
    site: str,  # noqa: F811
    built_site: Path,
) -> None:
    context = browser.new_context(java_script_enabled=False)
    without = context.new_page()
    without.goto(site + "explore/")
    assert without.locator("#wps-result-list .wps-card-title").count() == 10
    context.close()
    # an address that asks for another view never shows the page's own first results
    page.goto(site + "explore/?type=resolution")
    titles = result_titles(page)
    resolutions = [r["title"] for r in catalogue(built_site) if r["type"] == "resolution"]
    assert titles == sorted(resolutions)

"""Readers on phones: no page wider than the screen, in any language, at 320, 390 and 768 px;
no request that fails; evidence-map cells readable (WCAG AA contrast)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser import browser, site  # noqa: F401  (fixtures)

WIDTHS = (320, 390, 768)
# one page of every type, by its path inside a language's tree
PAGE_TYPES = (
    "", "explore/", "records/nap-ca-2023-2029/", "records/krause2018participation/",
    "records/developing-or-renewing-a-nap/", "countries/", "countries/sn/", "regions/africa/",
    "organisations/ecowas/", "naps/", "evidence/", "centres/", "pathways/", "data/", "health/",
    "browse/", "browse/topic/naps/", "about/", "contribute/", "offline/",
)  # fmt: skip
LANGUAGE_PREFIXES = ("", "fr/", "es/", "ar/")
OVERFLOW = """() => {
  const root = document.documentElement;
  return {scroll: root.scrollWidth, client: root.clientWidth,
          clipped: [...document.querySelectorAll('article h1, article p')].filter(el => {
            const box = el.getBoundingClientRect();
            return box.width > 0 && (box.left < -1 || box.right > root.clientWidth + 1);
          }).map(el => el.textContent.slice(0, 40))};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_screen(browser, site: str, built_site: Path, width: int) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    failed: list[str] = []
    # a request cut short because the test moves on to the next page is not a failure
    page.on(
        "requestfailed",
        lambda r: None if "ERR_ABORTED" in (r.failure or "") else failed.append(r.url),
    )
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    wide = []
    try:
        for prefix in LANGUAGE_PREFIXES:
            for path in PAGE_TYPES:
                assert (built_site / prefix / path / "index.html").exists(), prefix + path
                page.goto(site + prefix + path)
                page.wait_for_load_state("load")
                found = page.evaluate(OVERFLOW)
                if found["scroll"] > found["client"] or found["clipped"]:
                    wide.append((prefix + path, found))
    finally:
        context.close()
    assert wide == []
    assert failed == []


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _hex(rgb: str) -> str:
    parts = [int(float(p)) for p in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    return "#" + "".join(f"{p:02x}" for p in parts)


@pytest.mark.browser
def test_evidence_map_numbers_meet_aa_contrast(browser, site: str) -> None:  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    page.goto(site + "evidence/")
    pairs = page.evaluate(
        """() => [...document.querySelectorAll('td.wps-m a')].map(a => [
          getComputedStyle(a).color, getComputedStyle(a.closest('td')).backgroundColor,
          a.closest('td').className])"""
    )
    context.close()
    checked = 0
    for colour, background, shade in pairs:
        if "rgba(0, 0, 0, 0)" in background:
            continue  # an empty cell: text on the page's own background
        ratio = _contrast(_hex(colour), _hex(background))
        assert ratio >= 4.5, (shade, colour, background, round(ratio, 2))
        checked += 1
    assert checked > 20


MAP_PAGES = (
    "countries/",
    "naps/",
    "regions/africa/",
    "regions/western-africa/",
    "organisations/ecowas/",
)
TARGETS = """() => [...document.querySelectorAll('figure.wm')].map(map => {
  const links = [...map.querySelectorAll('a')];
  const active = links.filter(a => getComputedStyle(a).pointerEvents !== 'none');
  const sizes = active.map(a => { const b = a.getBoundingClientRect(); return Math.min(b.width, b.height); });
  const rows = [...map.closest('.wps-map-and-table').querySelectorAll('.wm-table tbody th a')];
  const listed = rows.map(a => { const b = a.getBoundingClientRect(); return Math.min(b.width, b.height); });
  return {links: links.length, active: active.length, smallest: Math.min(...sizes),
          listed: rows.length, smallest_listed: Math.min(...listed)};
})"""


@pytest.mark.browser
@pytest.mark.parametrize("width", (390, 1280))
def test_every_map_tap_target_is_24_px_or_more(browser, site: str, width: int) -> None:  # noqa: F811
    """WCAG 2.2 target size: a country too small to tap on the map is left to the table."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        for path in MAP_PAGES:
            page.goto(site + path)
            page.wait_for_load_state("load")
            maps = page.evaluate(TARGETS)
            assert maps, f"{path}: no map"
            for found in maps:
                assert found["active"] > 0, f"{path}: no country can be tapped: {found}"
                assert found["smallest"] >= 24, f"{path} at {width} px: {found}"
                assert found["smallest_listed"] >= 24, f"{path} at {width} px: {found}"
    finally:
        context.close()


@pytest.mark.browser
def test_the_country_list_beside_a_map_finds_a_country(browser, site: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site + "fr/naps/")
        rows = page.locator(".wps-map-table .wm-table tbody tr")
        total = rows.count()
        assert total > 100
        page.locator(".wps-find-input").fill("senegal")  # no accent: the French name is Sénégal
        visible = [r for r in rows.all() if r.is_visible()]
        assert [r.locator("th").inner_text() for r in visible] == ["Sénégal"]
        visible[0].locator("a").click()
        page.wait_for_url("**/fr/countries/sn/")
        page.go_back()
        page.locator(".wps-find-input").fill("")
        assert sum(1 for r in rows.all() if r.is_visible()) == total
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_axe_finds_nothing_serious_on_a_phone(browser, site: str, prefix: str) -> None:  # noqa: F811
    """On a 390 px phone, in every language: Explore with its filters folded, and the maps."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for path in ("explore/", "countries/", "naps/", "records/nap-sn-2020-2024/"):
            page.goto(site + prefix + path)
            page.wait_for_load_state("load")
            if path == "explore/":
                page.locator("#wps-result-list a").first.wait_for()
            found = Axe().run(page).response["violations"]
            bad = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found
                   if v.get("impact") in ("serious", "critical")]  # fmt: skip
            assert bad == [], f"{prefix}{path}: {bad}"
    finally:
        context.close()

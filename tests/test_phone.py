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

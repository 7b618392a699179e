"""The offline edition: a zip that works opened from disk, with nothing but file:// requests."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from conftest import ROOT
from sitebuild import wait_js, wait_shown
from test_browser import CHROMIUM_ARGS, browser  # noqa: F401  (module-scoped Chromium)
from test_site import parse

from wpshub.site.catalogue import FACETS
from wpshub.site.offline import build_offline
from wpshub.site.render import offline_catalogue_path

# the whole hub in four languages, downloaded once, grows with its records (15.3 MB on
# 2026-12-01 with 158 records, 35.0 MB on 2026-12-02 with 516, 51.0 MB on 2026-12-04 with 853:
# 60-97 kB a record): a guard against a zip that suddenly doubles, per record
MAX_ZIP_BYTES_PER_RECORD = 120_000


@pytest.fixture(scope="module")
def unzipped(offline_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(folder)
    return folder


def catalogue(folder: Path) -> list[dict]:
    return json.loads((folder / "catalogue.json").read_text(encoding="utf-8"))["records"]


def test_zip_name_size_and_readme(offline_zip: Path, unzipped: Path) -> None:
    assert offline_zip.name == "wps-hub-offline-2026-12-01.zip"
    records = len(catalogue(unzipped))
    assert offline_zip.stat().st_size < MAX_ZIP_BYTES_PER_RECORD * records
    readme = (unzipped / "README.txt").read_text(encoding="utf-8")
    assert "index.html" in readme and "python3 -m http.server" in readme
    # a README in each language, each in its own words
    words = {"fr": "Comment l'ouvrir", "es": "Cómo abrirla", "ar": "طريقة فتحها"}
    for lang, heading in words.items():
        text = (unzipped / f"README.{lang}.txt").read_text(encoding="utf-8")
        assert heading in text and "python3 -m http.server" in text and "How to open" not in text


def test_every_record_page_is_a_file_with_relative_links_only(unzipped: Path) -> None:
    records = catalogue(unzipped)
    assert all(r["page"].endswith(".html") for r in records)
    for record in records:
        assert (unzipped / record["page"]).is_file()
    for path in unzipped.rglob("*.html"):
        links = parse(path)
        for url in links.loads + links.anchors:
            if urlsplit(url).scheme in ("http", "https", "mailto") and url not in links.loads:
                continue  # links out to resources are fine; loading from elsewhere is not
            assert not url.startswith(("/", "//")) and not urlsplit(url).netloc, f"{path}: {url}"


def test_offline_catalogue_is_a_classic_script(unzipped: Path) -> None:
    text = (unzipped / "assets" / "offline-catalogue.js").read_text(encoding="utf-8")
    assert text.startswith("window.WPS_OFFLINE = {")
    assert "import " not in text[:40] and "fetch(" not in text
    data = json.loads(text[len("window.WPS_OFFLINE = ") :].rstrip().rstrip(";"))
    assert data["count"] == len(catalogue(unzipped)) == len(data["records"])


@pytest.fixture
def disk_page(browser, unzipped: Path) -> Iterator[object]:  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.folder = unzipped
    yield page
    context.close()
    outside = [u for u in requests if not u.startswith(("file://", "data:"))]
    assert outside == [], f"the offline edition made network requests: {outside}"


def open_disk(page, path: str) -> None:
    page.goto(page.folder.as_uri() + "/" + path)


def wait_results(page, count: int | None = None) -> list[str]:
    if count is None:
        wait_js(page, "document.querySelector('.wps-status').textContent.match(/record/)")
    else:
        expected = "No records match" if count == 0 else f"{count} record"
        wait_js(
            page,
            f"document.querySelector('.wps-status').textContent.startsWith({json.dumps(expected)})",
        )
    for _ in range(200):
        if not page.locator("#wps-more").is_visible():
            break
        page.click("#wps-more")
    wait_shown(page)
    return sorted(page.locator("#wps-result-list .wps-card-title").all_inner_texts())


def expected_for(records: list[dict], facet: str, value: str) -> list[str]:
    key = {"type": "type", "topic": "topics", "region": "regions", "subregion": "regions",
           "country": "countries", "organisation": "organisations", "language": "languages",
           "resolution": "resolutions", "year": "year"}[facet]  # fmt: skip

    def has(record: dict) -> bool:
        got = record[key]
        values = [str(v) for v in got] if isinstance(got, list) else [str(got)]
        return value in values

    return sorted(r["title"] for r in records if has(r))


def test_navigation_from_disk(disk_page) -> None:
    page = disk_page
    open_disk(page, "index.html")
    page.get_by_role("link", name="Explore").first.click()
    page.wait_for_url(re.compile(r"explore\.html"))
    assert page.url.endswith("/explore.html")
    wait_results(page)
    page.locator("#wps-result-list .wps-card-title").first.click()
    page.wait_for_url(re.compile(r"/records/"))
    assert "/records/" in page.url and page.url.endswith(".html")
    page.locator("a.wps-chip").first.click()
    page.wait_for_url(re.compile(r"/browse/"))
    assert "/browse/" in page.url and page.url.endswith(".html")


@pytest.mark.parametrize("facet", list(FACETS))
def test_every_facet_filters_from_disk(disk_page, facet: str) -> None:
    page = disk_page
    records = catalogue(page.folder)
    box = page.locator(f'input[name="{facet}"]')
    open_disk(page, "explore.html")
    wait_results(page, len(records))
    values = box.evaluate_all("boxes => boxes.map(b => b.value)")
    assert values, f"no {facet} values offered"
    value = max(values, key=lambda v: len(expected_for(records, facet, v)))
    expected = expected_for(records, facet, value)
    page.locator(f'details.wps-facet:has(input[name="{facet}"])').evaluate(
        "d => { d.open = true; }"
    )
    page.locator(f'input[name="{facet}"][value="{value}"]').click()
    assert wait_results(page, len(expected)) == expected
    assert f"{facet}={quote(value)}" in page.url


def test_text_filter_and_restored_query_url(disk_page) -> None:
    page = disk_page
    records = catalogue(page.folder)
    expected = sorted(
        r["title"] for r in records if "africa" in r["regions"] and "naps" in r["topics"]
    )
    open_disk(page, "explore.html?topic=naps&region=africa")
    assert wait_results(page, len(expected)) == expected
    assert page.is_checked('input[name="topic"][value="naps"]')
    assert page.is_checked('input[name="region"][value="africa"]')
    page.fill("#wps-query", "Namibia")
    titles = wait_results(page, 1)
    assert titles == [t for t in expected if "Namibia" in t]


def test_search_from_the_home_page_box(disk_page) -> None:
    page = disk_page
    records = catalogue(page.folder)
    target = next(r for r in records if r["type"] == "research")
    author_page = (page.folder / target["page"]).read_text(encoding="utf-8")
    authors = re.search(r"<dt>Authors</dt> <dd>([^<]+)</dd>", author_page).group(1)
    surname = authors.split(";")[0].split()[-1]
    open_disk(page, "index.html")
    page.fill("#wps-home-q", surname)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"explore\.html\?q="))
    assert target["title"] in wait_results(page)


def test_served_over_http_the_bundle_uses_pagefind(browser, unzipped: Path) -> None:  # noqa: F811
    from sitebuild import serve

    server, base = serve(unzipped)
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(base + "explore.html?topic=naps")
        records = catalogue(unzipped)
        assert wait_results(page, len([r for r in records if "naps" in r["topics"]]))
        assert any("/pagefind/" in url for url in requests)
        assert all(urlsplit(url).hostname == "127.0.0.1" for url in requests)
    finally:
        context.close()
        server.shutdown()


def test_online_site_offers_the_download(offline_zip: Path, tmp_path: Path) -> None:
    from sitebuild import build_site

    # the English site is enough: the offer is the same page in every language
    env = {"WPSHUB_DIST": str(offline_zip.parent), "WPSHUB_LANGUAGES": "en"}
    result = build_site(tmp_path / "site", env)
    assert result.returncode == 0, result.stderr
    published = tmp_path / "site" / "downloads" / offline_zip.name
    assert published.read_bytes() == offline_zip.read_bytes()
    html = (tmp_path / "site" / "offline" / "index.html").read_text(encoding="utf-8")
    size = f"{offline_zip.stat().st_size / 1_000_000:.1f} MB"
    assert f"{offline_zip.name}: {size}, built 2026-12-01" in html
    assert f'href="../downloads/{offline_zip.name}"' in html
    for lang in ("en", "fr", "es", "ar"):
        name = offline_zip.stem + f"-{lang}.zip"
        assert (tmp_path / "site" / "downloads" / name).exists()
        assert f'href="../downloads/{name}" download hreflang="{lang}"' in html


@pytest.mark.parametrize(
    "path",
    ["index.html", "explore.html", "centres.html", "browse/index.html", "browse/topic/index.html",
     "browse/topic/naps.html", "about.html", "contribute.html", "offline.html",
     "countries/index.html", "countries/ke.html", "regions/africa.html", "organisations/eu.html",
     "naps.html", "evidence.html"],
)  # fmt: skip
def test_no_offline_page_type_uses_the_network(disk_page, path: str) -> None:
    open_disk(disk_page, path)
    disk_page.wait_for_load_state("load")
    disk_page.wait_for_timeout(200)
    # the disk_page fixture fails the test on any request that is not file://


def test_pathways_work_from_disk(disk_page) -> None:
    page = disk_page
    records = catalogue(page.folder)
    pathway = next(r for r in records if r["type"] == "pathway")
    open_disk(page, pathway["page"])
    steps = page.locator("li.wps-step")
    assert steps.count() >= 2
    assert "Step 1 of" in steps.first.text_content()
    steps.first.locator("h2 a").click()
    page.wait_for_load_state("load")
    assert "/records/" in page.url and page.url.endswith(".html")
    page.locator(".wps-on-pathways").wait_for()
    assert page.locator(".wps-on-pathways").count() == 1


def test_the_world_map_works_from_disk(disk_page) -> None:
    page = disk_page
    open_disk(page, "countries/index.html")
    links = page.locator("svg a")
    assert links.count() >= 170
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert all(re.fullmatch(r"[a-z]{2}\.html", h) for h in hrefs), hrefs[:5]
    assert all((page.folder / "countries" / h).exists() for h in hrefs)
    # a country large enough to tap is a link on the map (assets/maps.js works from disk) ...
    page.locator("svg a[aria-label^='Brazil:']:not(.wm-small)").click()
    page.wait_for_url(re.compile(r"/countries/br\.html$"))
    page.go_back()
    # ... and one too small to tap (Kenya, on the world map) is found in the list beside it
    assert "wm-small" in page.locator("svg a[aria-label^='Kenya:']").get_attribute("class")
    page.locator(".wps-find-input").fill("kenya")
    page.locator(".wm-table a", has_text="Kenya").click()
    page.wait_for_url(re.compile(r"/countries/ke\.html$"))
    page.locator("a", has_text="Africa").first.click()
    page.wait_for_url(re.compile(r"/regions/africa\.html$"))
    assert page.locator("svg a").count() > 40  # the map focused on Africa, still linked
    assert page.locator("svg a:not(.wm-small)").count() > 20  # focused: larger, more to tap
    open_disk(page, "naps.html")
    page.click("table.wps-plans button[data-column='0']")
    wait_js(page, "document.querySelector('table.wps-plans th[aria-sort]') !== null")


# --- one zip per language -------------------------------------------------------------------------


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.hreflang: set[str] = set()

    def handle_starttag(self, tag: str, attrs) -> None:
        a = dict(attrs)
        if a.get("hreflang"):
            self.hreflang.add(a["hreflang"])
        for name in ("href", "src"):
            value = a.get(name) or ""
            if value and not re.match(r"^(?:[a-z]+:|#|//)", value):
                self.targets.append(value.split("#")[0].split("?")[0])


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_each_language_has_its_own_smaller_zip_with_no_dead_link(
    offline_zip: Path, tmp_path: Path, lang: str
) -> None:
    part = offline_zip.with_name(offline_zip.stem + f"-{lang}.zip")
    assert part.exists() and part.stat().st_size < 0.5 * offline_zip.stat().st_size
    with zipfile.ZipFile(part) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path)
    others = [o for o in ("fr", "es", "ar") if o != lang]
    assert not any(n.split("/")[0] in others for n in names)
    prefix = "" if lang == "en" else f"{lang}/"
    records = catalogue(tmp_path)
    assert all(f"{prefix}{r['page']}" in names for r in records)
    assert (tmp_path / offline_catalogue_path(lang)).exists()
    if lang != "en":
        assert "records/" + records[0]["page"].split("/", 1)[1] not in names  # no English pages
        home = (tmp_path / "index.html").read_text(encoding="utf-8")
        assert f'url={lang}/index.html"' in home
    readme = (tmp_path / "README.txt").read_text(encoding="utf-8")
    heading = {"en": "How to open it", "fr": "Comment l'ouvrir", "ar": "طريقة فتحها"}[lang]
    assert heading in readme and not [n for n in names if re.fullmatch(r"README\.[a-z]{2}\.txt", n)]
    dead = []
    for page in tmp_path.rglob("*.html"):
        found = Links()
        found.feed(page.read_text(encoding="utf-8"))
        assert found.hreflang <= {lang}, (page, found.hreflang)  # no switcher to missing pages
        for target in found.targets:
            path = (page.parent / target).resolve()
            if not (path.exists() or (path / "index.html").exists()):
                dead.append(f"{page.relative_to(tmp_path)} -> {target}")
    assert dead == []


def test_a_single_language_zip_reads_from_disk(browser, offline_zip: Path, tmp_path: Path) -> None:  # noqa: F811
    with zipfile.ZipFile(offline_zip.with_name(offline_zip.stem + "-fr.zip")) as archive:
        archive.extractall(tmp_path)
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto((tmp_path / "index.html").as_uri())
        page.wait_for_url(re.compile(r"/fr/index\.html$"))
        assert page.locator("html").get_attribute("lang") == "fr"
        page.goto((tmp_path / "fr" / "explore.html").as_uri() + "?topic=naps")
        records = catalogue(tmp_path)
        expected = [r for r in records if "naps" in r["topics"]]
        wait_js(
            page,
            f"document.querySelectorAll('#wps-result-list .wps-card-title').length >= {min(10, len(expected))}",
        )
        assert page.locator(".wps-status").inner_text().startswith(str(len(expected)))
    finally:
        context.close()
    assert [u for u in requests if not u.startswith(("file://", "data:"))] == []


@pytest.mark.parametrize("lang", ["fr", "es", "ar"])
def test_offline_search_finds_a_record_by_a_word_of_its_translation(disk_page, lang: str) -> None:
    """A word found only in a record's French, Spanish or Arabic translation finds it from disk."""
    from test_i18n import results

    from wpshub.data.vocab import fold

    page = disk_page
    path = page.folder / offline_catalogue_path(lang)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text[text.index("{") :].rstrip().rstrip(";"))
    english = json.loads(
        (page.folder / "assets" / "offline-catalogue.js")
        .read_text(encoding="utf-8")[len("window.WPS_OFFLINE = ") :]
        .rstrip()
        .rstrip(";")
    )["records"]
    english_words = {w for r in english for w in r["x"].split()}
    word = next(
        w
        for r in data["records"]
        for w in sorted(set(fold(r["s"]).split()), key=lambda w: (-len(w), w))
        if len(w) >= 6 and w.isalpha() and w not in english_words
    )
    # the offline search matches each word at the start of a word, as explore.js does
    expected = sorted(r["t"] for r in data["records"] if " " + word in " " + r["x"])
    assert expected, word
    open_disk(page, f"{lang}/explore.html?q={word}")
    wait_js(page, "document.querySelectorAll('#wps-result-list .wps-card-title').length > 0")
    assert results(page, lang) == expected, word


def test_an_unknown_place_in_the_address_is_said_from_disk(disk_page) -> None:
    page = disk_page
    open_disk(page, "explore.html?country=AQ")
    wait_js(page, "document.querySelector('.wps-missing') !== null")
    assert page.locator("#wps-result-list .wps-card-title").count() == 0
    assert page.locator(".wps-missing").inner_text().startswith("No records for Antarctica yet.")


def test_counts_follow_the_filters_and_the_words_from_disk(disk_page) -> None:
    """From disk the counts are the online ones: what each value would give beside the rest."""
    from test_explore import assert_counts

    page = disk_page
    records = catalogue(page.folder)
    by_page = {r["page"]: r for r in records}
    africa = [r for r in records if "africa" in r["regions"]]
    open_disk(page, "explore.html?region=africa")
    wait_results(page, len(africa))
    assert_counts(page, records, {"region": {"africa"}})
    page.fill("#wps-query", "budget")
    wait_js(page, "new URLSearchParams(location.search).get('q') === 'budget'")
    wait_results(page)
    base = page.folder.as_uri() + "/"
    shown = page.locator("#wps-result-list .wps-card-title").evaluate_all(
        "as => as.map(a => a.href)"
    )
    found = [by_page[h[len(base) :]] for h in shown]
    assert found and all("africa" in r["regions"] for r in found)
    # the pool of the words alone: the same search without the region
    open_disk(page, "explore.html?q=budget")
    wait_results(page)
    shown = page.locator("#wps-result-list .wps-card-title").evaluate_all(
        "as => as.map(a => a.href)"
    )
    pool = [by_page[h[len(base) :]] for h in shown]
    assert len(pool) > len(found)
    assert_counts(page, pool, {})
    page.locator('input[name="region"][value="africa"]').click()
    wait_results(page, len(found))
    assert_counts(page, pool, {"region": {"africa"}})


def test_the_offline_edition_links_nothing_online_even_when_the_site_address_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deploy sets WPSHUB_SITE_URL; the zip it builds must still keep every link on disk."""
    monkeypatch.setenv("WPSHUB_SITE_URL", "https://hub.example.org/")
    monkeypatch.setenv("WPSHUB_LANGUAGES", "en")
    zipped = build_offline(ROOT, tmp_path / "dist", today=dt.date(2026, 12, 1), log=lambda m: None)
    with zipfile.ZipFile(zipped) as archive:
        online = [
            name
            for name in archive.namelist()
            if name.endswith((".html", ".xml", ".js")) and b"hub.example.org" in archive.read(name)
        ]
    assert online == []


def test_an_edition_of_an_unknown_language_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from wpshub.site.i18n import active_languages

    monkeypatch.setenv("WPSHUB_EDITION", "fr")
    assert active_languages() == ("fr",)
    monkeypatch.setenv("WPSHUB_EDITION", "de")
    with pytest.raises(ValueError, match="WPSHUB_EDITION: 'de' is not one of en, fr, es, ar"):
        active_languages()


def test_the_offline_build_refuses_an_edition_set_from_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`WPSHUB_EDITION=fr wpshub offline` would make a "whole" zip of French alone."""
    from wpshub.site.offline import OfflineZipError

    monkeypatch.setenv("WPSHUB_EDITION", "fr")
    with pytest.raises(OfflineZipError, match="WPSHUB_EDITION is set"):
        build_offline(ROOT, tmp_path / "dist", log=lambda m: None)
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())


def test_the_whole_zip_offers_every_language_on_every_page(unzipped: Path) -> None:
    """Only the single-language editions leave the other languages out of the switcher."""
    record = catalogue(unzipped)[0]["page"]
    for prefix in ("", "fr/", "es/", "ar/"):
        found = Links()
        found.feed((unzipped / f"{prefix}{record}").read_text(encoding="utf-8"))
        assert found.hreflang == {"en", "fr", "es", "ar"}, prefix


def test_no_zip_is_written_when_the_editions_disagree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """data/ changed during the builds: one edition holds a record the others lack."""
    from wpshub.site import offline

    def build(
        root: Path, site: Path, day: dt.date, edition: str | None = None, documents: bool = False
    ) -> int:
        site.mkdir(parents=True)
        (site / "index.html").write_text("page", encoding="utf-8")
        return 517 if edition == "es" else 516

    monkeypatch.setattr(offline, "build_edition", build)
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "wps-hub-offline-2026-11-30.zip").write_bytes(b"an older zip")
    with pytest.raises(offline.OfflineZipError, match=r"different numbers of records"):
        offline.build_offline(ROOT, dist, today=dt.date(2026, 12, 1), log=lambda m: None)
    assert sorted(p.name for p in dist.glob("*.zip")) == ["wps-hub-offline-2026-11-30.zip"]

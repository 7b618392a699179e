# ruff: noqa: F811  (the browser fixtures are imported from test_browser and used as arguments)
"""The interface in English, French, Spanish and Arabic: catalogues, pages, switcher, direction."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, VALID_TOOL, write
from sitebuild import wait_js, wait_shown
from test_browser import browser, page, site  # noqa: F401  (fixtures)

from wpshub.data.validate import check_hub
from wpshub.site.catalogue import load_hub
from wpshub.site.i18n import (
    LANGUAGES,
    LOCALES,
    catalogue,
    pending,
    plural_category,
    translate,
    translate_count,
)
from wpshub.site.render import Context, render_record_page
from wpshub.site.steps import pagefind_languages

OTHERS = [lang for lang in LANGUAGES if lang != "en"]
PLACEHOLDER = re.compile(r"\{(\w+)\}")
PLURAL = re.compile(r"\.(zero|one|two|few|many|other)$")
ARABIC_FORMS = ("zero", "one", "two", "few", "many", "other")
# folders of the built site that are data or code, not pages
NOT_PAGES = ("assets/", "pagefind/", "explore-index/", "data/", "downloads/", "search/")


# --- catalogues -------------------------------------------------------------------------------


def bases(keys) -> dict[str, set[str]]:
    """Plural base -> its forms; other keys map to themselves."""
    found: dict[str, set[str]] = {}
    for key in keys:
        match = PLURAL.search(key)
        base = key[: match.start()] if match else key
        found.setdefault(base, set()).add(match.group(1) if match else "")
    return found


@pytest.mark.parametrize("lang", OTHERS)
def test_every_english_key_is_translated_or_pending(lang: str) -> None:
    english, other = bases(catalogue("en")), bases(catalogue(lang))
    waiting = pending().get(lang, frozenset())
    missing = sorted(b for b in english if b not in other and b not in waiting)
    assert missing == [], (
        f"{lang}.yaml lacks {missing}; translate them or list them in pending.yaml"
    )
    assert sorted(set(other) - set(english)) == [], f"{lang}.yaml has keys English does not"
    for base, forms in english.items():
        if base not in other or forms == {""}:
            continue
        wanted = set(ARABIC_FORMS) if lang == "ar" else {"one", "other"}
        assert other[base] == wanted, (lang, base, other[base])


@pytest.mark.parametrize("lang", OTHERS)
def test_translations_keep_the_placeholders(lang: str) -> None:
    english = catalogue("en")
    for key, text in catalogue(lang).items():
        match = PLURAL.search(key)
        source = english.get(key) or english[key[: match.start()] + ".other"]
        wanted, got = set(PLACEHOLDER.findall(source)), set(PLACEHOLDER.findall(text))
        if lang == "ar" and match and match.group(1) in ("zero", "one", "two"):
            wanted.discard("n")
            got.discard("n")
        assert got == wanted, (lang, key, text)


def test_pending_names_only_real_keys() -> None:
    english = set(catalogue("en"))
    for lang, keys in pending().items():
        assert lang in OTHERS
        assert set(keys) <= english, set(keys) - english


def test_a_key_missing_in_english_fails_loudly() -> None:
    from wpshub.site.i18n import translate

    with pytest.raises(KeyError):
        translate("fr", "no.such.key")


def test_plural_forms() -> None:
    assert [plural_category("ar", n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 111)] == [
        "zero", "one", "two", "few", "few", "many", "many", "other", "other", "many",
    ]  # fmt: skip
    assert plural_category("fr", 0) == "one" and plural_category("en", 0) == "other"
    # CLDR's "many" of French and Spanish (a million), from Babel
    assert plural_category("fr", 1_000_000) == "many" and plural_category("es", 1_000_000) == "many"
    assert translate_count("fr", "count.records", 1_000_000) == "1000000 fiches"
    assert translate_count("en", "count.records", 1) == "1 record"
    assert translate_count("en", "count.records", 3) == "3 records"


def test_catalogue_files_are_flat_text() -> None:
    for path in LOCALES.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "pending.yaml":
            continue
        assert all(isinstance(v, str) and v.strip() for v in data.values()), path


# --- vocabularies -------------------------------------------------------------------------------


def test_a_missing_vocabulary_translation_is_a_warning(scratch_hub: Path) -> None:
    topics = scratch_hub / "data" / "vocab" / "topics.yaml"
    text = topics.read_text(encoding="utf-8")
    # drop the French label of the first topic
    first = re.search(r"labels: \{fr: \"[^\"]*\", ", text)
    assert first, "topics.yaml carries labels in flow style"
    topics.write_text(text[: first.start()] + "labels: {" + text[first.end() :], encoding="utf-8")
    report = check_hub(scratch_hub)
    assert report.errors == []
    found = [
        str(p) for p in report.warnings if "topics.yaml" in p.path and "French label" in str(p)
    ]
    assert len(found) == 1 and "so English is shown: participation" in found[0], found
    hub = load_hub(scratch_hub)
    assert hub.vocab.topics.label("participation", "fr") == "Participation"  # the English label
    assert hub.vocab.topics.label("protection", "fr") != ""


def test_vocabularies_carry_their_translations() -> None:
    hub = load_hub(ROOT)
    for name in ("topics", "types", "organisations", "regions", "countries"):
        vocabulary = hub.vocab.named(name)
        for lang in OTHERS:
            translated = sum(1 for t in vocabulary if t.translated("labels", lang))
            assert translated >= 0.9 * len(vocabulary), (name, lang, translated)
    assert hub.vocab.countries.label("KE", "ar") != "Kenya"
    assert hub.vocab.topics.label("naps", "es") != hub.vocab.topics.label("naps")


# --- record translations --------------------------------------------------------------------


def test_a_contributors_translation_is_shown_and_marked(scratch_hub: Path) -> None:
    text = VALID_TOOL + 'title_fr: "Exemple d\'outil de planification"\n'
    write(scratch_hub / "data" / "tools" / "example-tool.yaml", text)
    hub = load_hub(scratch_hub)
    record = hub.records[0]
    french = render_record_page(record, hub, Context(lang="fr")).html
    assert 'lang="fr"' in french and "Exemple d&#39;outil de planification" in french
    assert '<h1 data-pagefind-meta="title" dir="auto">Example planning tool</h1>' in french
    assert "Exemple d" not in render_record_page(record, hub, Context(lang="es")).html
    bad = text.replace("Exemple d'outil de planification", "x")
    write(scratch_hub / "data" / "tools" / "example-tool.yaml", bad)
    assert any(p.field == "title_fr" for p in check_hub(scratch_hub).errors)


def test_the_official_english_title_is_shown_in_every_language() -> None:
    """A record published in another language shows its publisher's English title, marked
    as English, on its page in each language, and the offline search finds it by that title."""
    from test_hostile import one_record_hub

    from wpshub.data.records import Record
    from wpshub.site.offline import record_text

    fields = yaml.safe_load(VALID_TOOL) | {"languages": ["fr"], "title_en": "Official Guide"}
    record = Record(id="t", collection="tools", path="data/tools/t.yaml", line=1, fields=fields)
    hub = one_record_hub(record)
    labels = {"en": "Official English title", "fr": "Titre officiel en anglais"}
    for lang in LANGUAGES:
        html = render_record_page(record, hub, Context(lang=lang)).html
        label = translate(lang, "field.title_en")
        assert label == labels.get(lang, label)
        assert f'<dt>{label}</dt> <dd lang="en" dir="ltr">Official Guide</dd>' in html
        assert "official guide" in record_text(record, hub, lang)
    del fields["title_en"]
    untitled = Record(id="t", collection="tools", path="data/tools/t.yaml", line=1, fields=fields)
    html = render_record_page(untitled, one_record_hub(untitled), Context()).html
    assert "Official English title" not in html


# --- the built site ---------------------------------------------------------------------------


def pages_of(site_dir: Path) -> set[str]:
    """Every HTML page of the English tree, site-relative."""
    found = set()
    for path in site_dir.rglob("*.html"):
        relative = path.relative_to(site_dir).as_posix()
        if (
            relative.split("/")[0] in OTHERS
            or relative.startswith(NOT_PAGES)
            or relative == "404.html"
        ):
            continue
        found.add(relative)
    return found


def test_every_page_exists_in_all_four_languages(built_site: Path) -> None:
    pages = pages_of(built_site)
    assert len(pages) > 500
    for lang in OTHERS:
        missing = sorted(p for p in pages if not (built_site / lang / p).exists())
        assert missing == [], (lang, missing[:10])
    for relative in ("index.html", "explore/index.html", "about/index.html", "naps/index.html"):
        for lang in LANGUAGES:
            path = built_site / ("" if lang == "en" else lang) / relative
            head = path.read_text(encoding="utf-8")[:400]
            direction = "rtl" if lang == "ar" else "ltr"
            assert f'<html lang="{lang}" dir="{direction}"' in head, (lang, relative)


class Alternates(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.head: dict[str, str] = {}
        self.switcher: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.head[a["hreflang"]] = a["href"]
        if tag == "a" and "md-select__link" in (a.get("class") or ""):
            self.switcher[a.get("hreflang")] = a["href"]


@pytest.mark.parametrize(
    "relative", ["index.html", "explore/index.html", "records/krause2018participation/index.html",
                 "browse/topic/naps/index.html", "countries/ke/index.html", "naps/index.html"],
)  # fmt: skip
def test_hreflang_and_switcher_point_to_the_same_page(built_site: Path, relative: str) -> None:
    for lang in LANGUAGES:
        html_page = built_site / ("" if lang == "en" else lang) / relative
        found = Alternates()
        found.feed(html_page.read_text(encoding="utf-8"))
        assert set(found.head) == set(LANGUAGES) and found.switcher == found.head
        for other, link in found.head.items():
            target = (html_page.parent / link).resolve()
            target = target / "index.html" if target.is_dir() else target
            expected = (built_site / ("" if other == "en" else other) / relative).resolve()
            assert target == expected, (lang, other, link)


def test_pagefind_indexes_each_language(built_site: Path) -> None:
    languages = pagefind_languages(built_site)
    assert set(LANGUAGES) <= set(languages), languages
    counts = {lang: languages[lang]["page_count"] for lang in LANGUAGES}
    assert len(set(counts.values())) == 1, counts  # every record page in every language


def test_explore_facets_use_translated_labels(built_site: Path) -> None:
    hub = load_hub(ROOT)
    html = (built_site / "es" / "explore" / "index.html").read_text(encoding="utf-8")
    label = hub.vocab.topics.label("naps", "es")
    assert f'name="topic" value="naps"> <span>{label}</span>' in html.replace("&#x27;", "'")


# --- no English left in the chrome ----------------------------------------------------------


class Chrome(HTMLParser):
    """Visible text of a page outside record content (dir="auto", lang="en", code, scripts)."""

    SKIP = {"script", "style", "code", "pre", "svg", "noscript"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.text: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        a = dict(attrs)
        inherited = bool(self.stack and self.stack[-1])
        skip = inherited or tag in self.SKIP or a.get("dir") == "auto" or a.get("lang") == "en"
        skip = skip or "wps-host" in (a.get("class") or "")
        if tag not in ("meta", "link", "input", "br", "img", "hr", "source", "path", "circle"):
            self.stack.append(skip)
        if not skip:
            for name in ("aria-label", "placeholder", "title", "alt"):
                if a.get(name):
                    self.attributes.append(a[name])

    def handle_endtag(self, tag: str) -> None:
        if self.stack and tag not in ("meta", "link", "input", "br", "img", "hr"):
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]) and data.strip():
            self.text.append(" ".join(data.split()))


def english_phrases(lang: str) -> list[str]:
    """English interface strings that a page in `lang` must not show (same-in-both excluded)."""
    english, other = catalogue("en"), catalogue(lang)
    phrases = set()
    for key, text in english.items():
        if other.get(key) == text:
            continue  # identical in both languages (a name, an acronym): not English left behind
        literal = PLACEHOLDER.split(text)[::2]  # the words around the placeholders
        phrases.update(p.strip(" .,:;()") for p in literal if len(p.strip(" .,:;()")) >= 8)
    # the theme's own words in English, which its French, Spanish and Arabic files replace
    phrases.update({"Skip to content", "Back to top", "Select language"})
    return sorted(phrases)


def record_with_everything(built_site: Path) -> str:
    return plan_with_countries(built_site)["page"]


def plan_with_countries(built_site: Path) -> dict:
    records = json.loads((built_site / "catalogue.json").read_text(encoding="utf-8"))["records"]
    return next(r for r in records if r["type"] == "national-action-plan" and r["countries"])


@pytest.mark.parametrize("lang", OTHERS)
def test_no_english_left_in_the_chrome(built_site: Path, lang: str) -> None:
    for relative in (
        "index.html",
        "explore/index.html",
        record_with_everything(built_site) + "index.html",
    ):
        chrome = Chrome()
        chrome.feed((built_site / lang / relative).read_text(encoding="utf-8"))
        # the record's own title is content, in its own language, wherever the theme shows it
        # (the window title, the header)
        title = plan_with_countries(built_site)["title"]
        shown = " | ".join(chrome.text + chrome.attributes).replace(title, "")
        left = [p for p in english_phrases(lang) if p in shown]
        assert left == [], (lang, relative, left)


ENGLISH_DATES_AND_UNITS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December|records?)\b"
)


@pytest.mark.parametrize("lang", OTHERS)
def test_no_english_dates_units_or_labels_on_other_pages(built_site: Path, lang: str) -> None:
    """Month names, units and the words the pages count in, in every place the interface
    writes them (text and aria labels), outside record content, on the pages full of them."""
    for relative in (
        "data/",
        "countries/",
        "naps/",
        "evidence/",
        "centres/",
        "health/",
        "offline/",
    ):
        chrome = Chrome()
        chrome.feed((built_site / lang / relative / "index.html").read_text(encoding="utf-8"))
        shown = " | ".join(chrome.text + chrome.attributes)
        left = sorted(set(ENGLISH_DATES_AND_UNITS.findall(shown)))
        assert left == [], (lang, relative, left)


# --- in a browser ---------------------------------------------------------------------------


def results(page, lang: str) -> list[str]:
    """The titles the explore page lists once it has finished, in any language."""
    busy = json.dumps([translate(lang, "explore.loading"), translate(lang, "explore.js.searching")])
    wait_js(page, f"!{busy}.includes(document.querySelector('.wps-status').textContent)")
    for _ in range(100):
        if not page.locator("#wps-more").is_visible():
            break
        page.click("#wps-more")
    wait_shown(page)
    return sorted(page.locator("#wps-result-list .wps-card-title").all_inner_texts())


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_explore_filter_record_in_each_language(
    page, site: str, built_site: Path, lang: str
) -> None:  # noqa: F811
    prefix = "" if lang == "en" else f"{lang}/"
    page.goto(site + prefix)
    assert page.locator("html").get_attribute("lang") == lang
    page.locator("article a[href$='explore/']").first.click()
    page.wait_for_url(re.compile(rf"/{prefix}explore/"))
    results(page, lang)
    page.locator("input[name='topic'][value='naps']").check()
    wait_js(page, "new URLSearchParams(location.search).get('topic') === 'naps'")
    titles = results(page, lang)
    records = json.loads((built_site / "catalogue.json").read_text(encoding="utf-8"))["records"]
    assert len(titles) == sum(1 for r in records if "naps" in r["topics"])
    page.locator("#wps-result-list .wps-card-title").first.click()
    page.wait_for_url(re.compile(rf"/{prefix}records/"))
    assert page.locator("html").get_attribute("lang") == lang
    # the switcher lands on the same record in the next language
    other = LANGUAGES[(LANGUAGES.index(lang) + 1) % len(LANGUAGES)]
    here = page.url.split("/records/")[1]
    href = page.locator(f"a.md-select__link[hreflang='{other}']").get_attribute("href")
    page.evaluate(f"document.querySelector(\"a.md-select__link[hreflang='{other}']\").click()")
    # the address of the other language's page, not this one's (which also has /records/)
    other_prefix = "" if other == "en" else f"{other}/"
    page.wait_for_url(re.compile("^" + re.escape(site + other_prefix + "records/")))
    assert page.url.split("/records/")[1] == here
    assert page.locator("html").get_attribute("lang") == other, href


@pytest.mark.browser
def test_arabic_pages_are_right_to_left(page, site: str) -> None:  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "ar/explore/")
    wait_js(page, "document.querySelector('.wps-status').textContent.match(/\\d/)")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    filters = page.locator("form.wps-filters").bounding_box()
    results = page.locator("section.wps-results").bounding_box()
    assert filters["x"] > results["x"], (filters, results)  # the filter panel mirrors to the right
    title = page.locator("h1").bounding_box()
    content = page.locator("article.md-content__inner").bounding_box()
    assert (
        title["x"] + title["width"] > content["x"] + content["width"] - 40
    )  # text starts on the right
    for path in ("ar/", "ar/explore/", "ar/records/krause2018participation/", "ar/naps/"):
        page.goto(site + path)
        result = Axe().run(page)
        bad = [
            v for v in result.response["violations"] if v.get("impact") in ("serious", "critical")
        ]
        assert bad == [], (path, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in bad])


def test_a_broken_catalogue_stops_validation_with_its_line(tmp_path: Path, monkeypatch) -> None:
    from wpshub.site import i18n

    locales = tmp_path / "wpshub" / "site" / "locales"
    locales.mkdir(parents=True)
    for path in LOCALES.glob("*.yaml"):
        (locales / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    french = locales / "fr.yaml"
    text = french.read_text(encoding="utf-8")
    line = (
        text.splitlines().index(next(x for x in text.splitlines() if x.startswith("nav.home:"))) + 1
    )
    french.write_text(text.replace("nav.home:", "nav.explore:", 1), encoding="utf-8")  # a key twice
    monkeypatch.setattr(i18n, "LOCALES", locales)
    i18n.catalogue.cache_clear()
    i18n.pending.cache_clear()
    try:
        found = [str(p) for p in i18n.check_catalogues()]
        assert found == [
            f"wpshub/site/locales/fr.yaml:{line + 1}: file: duplicate key 'nav.explore' "
            f"(first at line {line}); keep only one"
        ]
        french.write_text(text.replace('nav.home: "', "nav.home: [", 1), encoding="utf-8")
        i18n.catalogue.cache_clear()
        assert [p.path for p in i18n.check_catalogues()] == ["wpshub/site/locales/fr.yaml"]
    finally:
        monkeypatch.undo()
        i18n.catalogue.cache_clear()
        i18n.pending.cache_clear()


def test_map_legends_and_file_sizes_speak_the_page_language(built_site: Path) -> None:
    """No English "Legend:" in another language's aria labels; sizes in the language's units
    and decimal mark (Babel): "285,0 ko" on a French page."""
    for lang in ("fr", "es", "ar"):
        for path in (built_site / lang).rglob("index.html"):
            labels = re.findall(r'aria-label="([^"]*)"', path.read_text(encoding="utf-8"))
            assert not [x for x in labels if x.startswith("Legend")], path
    data = (built_site / "fr" / "data" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<td>\d+,\d\sko</td>", data) and not re.search(r"\d\skB<", data)

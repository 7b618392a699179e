"""Page HTML lives in templates (wpshub/site/templates/): the pages a reader gets are the ones the
snapshots hold, every template escapes what it is given, a missing value stops the build, and
no Python module writes HTML."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import UndefinedError
from test_hostile import one_record_hub, page_markup

from wpshub.data.records import PATHWAYS, Record
from wpshub.site.exports import build_exports
from wpshub.site.i18n import LANGUAGES, split_language
from wpshub.site.metadata import page_head
from wpshub.site.render import MARKERS, Context, record_src, render_marker
from wpshub.site.steps import LaterPage, generated_pages, pages_in_language
from wpshub.site.templating import render

sys.path.insert(0, str(ROOT / "scripts"))
from snapshot_pages import SNAPSHOTS, snapshot_hub, snapshot_pages  # noqa: E402


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return snapshot_pages(snapshot_hub(tmp_path_factory.mktemp("snapshot")))


def test_the_pages_are_the_snapshots(pages: dict[str, str]) -> None:
    """Every kind of generated page and marker, in English and Arabic, as the snapshots hold
    them (tests/snapshots, made before the pages moved into templates)."""
    stored = {p.name: p.read_text(encoding="utf-8") for p in SNAPSHOTS.glob("*.html")}
    assert sorted(pages) == sorted(stored)
    differ = [name for name in pages if pages[name] != stored[name]]
    assert not differ, f"{len(differ)} pages differ from tests/snapshots, first {differ[0]}"


def test_record_pages_rendered_later_are_the_same_pages(tmp_path: Path) -> None:
    """A build renders each record's page when it writes it (`later`, so it does not hold
    every page's HTML): the same title and body as rendering it at once, in every language;
    every record page but a pathway's comes that way, and no other page does."""
    hub = snapshot_hub(tmp_path)
    ctx = Context(repository="https://forge.example.org/hub")
    exports = build_exports(hub)
    now = list(generated_pages(hub, ctx, exports))
    later = list(generated_pages(hub, ctx, exports, later=True))
    assert [src for src, _ in now] == [src for src, _ in later]
    records = {record_src(r) for r in hub.records if r.collection != PATHWAYS}
    deferred = 0
    for (src, page), (_, maybe) in zip(now, later, strict=True):
        is_later = isinstance(maybe, LaterPage)
        assert is_later == (split_language(src)[1] in records), src
        made = maybe.render() if is_later else maybe
        assert (made.markdown, made.html) == (page.markdown, page.html), src
        assert maybe.markdown == page.markdown, src
        deferred += is_later
    assert deferred >= len(LANGUAGES) * 5


def test_excerpts_read_as_words(pages: dict[str, str]) -> None:
    """A label and its value are apart, so Pagefind's excerpts read "Authors Jana Krause"."""
    record = pages["en--records--krause2018participation.html"]
    assert re.search(r"</dt> <dd>", record) and not re.search(r"</dt><dd>|</dd><dt>", record)


def test_a_missing_value_stops_the_build() -> None:
    with pytest.raises(UndefinedError):
        render("data.html", t=lambda key, **_: key)


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80)
HOSTILE = st.sampled_from(
    ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
     "{{ 7*7 }}", "</dd></dl><a href=javascript:alert(1)>x</a>", "&lt;b&gt;", "' onmouseover='x"]
)  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(st.one_of(TEXT, HOSTILE), min_size=6, max_size=6))
def test_hostile_values_stay_text_in_every_template(values: list[str]) -> None:
    """A plan with hostile text in every free field, through every generated page of every
    language (record, browse, profiles, tracker, evidence map, directory, health...)."""
    title, summary, publisher, source, notes, translated = values
    fields = {
        "id": "hostile", "type": "national-action-plan", "title": title,
        "summary": (summary * 30)[:300], "publisher": publisher, "source": [source, "https://e.org"],
        "notes": notes, "url": "https://example.org/plan", "topics": ["naps"],
        "countries": ["KE"], "regions": ["eastern-africa"], "issuer": "KE", "period_start": 2020,
        "languages": ["en"], "added": "2026-01-01", "year": 2020, "title_ar": translated,
        "summary_fr": translated, "title_es": translated,
    }  # fmt: skip
    record = Record(
        id="hostile", collection="plans", path="data/plans/h.yaml", line=1, fields=fields
    )
    hub = one_record_hub(record)
    exports = build_exports(hub)
    for lang in LANGUAGES:
        for ctx in (Context(lang=lang), Context(lang=lang, offline=True, use_directory_urls=False)):
            for src, page in pages_in_language(hub, ctx, exports).items():
                assert_inert(page.html, values, f"{lang} {src}")
                assert "<" not in page.markdown and ">" not in page.markdown
            for marker in MARKERS:
                assert_inert(render_marker(marker, hub, "index.md", ctx), values, marker)
        head, _ = page_head(hub, "records/hostile.md", Context(lang=lang), "", "", "Hub")
        assert_inert(head.replace("<link", "<a").replace("<meta", "<i"), values, "head")


def assert_inert(html: str, values: list[str], where: str) -> None:
    """No script but the hub's own files, no event handler, no link to a script address, and
    no value as markup."""
    for tag, attrs in page_markup(html):
        assert tag in HTML_TAGS, (where, tag)
        if tag == "script":  # the hub's own script files, or JSON-LD data
            source, kind = dict(attrs).get("src") or "", dict(attrs).get("type")
            own = re.search(r"(^|/)assets/[\w.-]+\.js$", source)
            assert own or (kind == "application/ld+json" and not source), (where, attrs)
        for name, value in attrs:
            assert not name.startswith("on"), (where, tag, name)
            if name == "href" and value and ":" in value.split("/", 1)[0]:
                assert value.split(":", 1)[0].lower() in ("http", "https", "mailto"), (where, value)
    for value in values:
        if re.search(r"<[A-Za-z/!?]", value):  # could make a tag if it went in as it is
            assert value not in html, (where, value)


# Python may hold these tags only in patterns that read finished HTML (never to write it):
# steps.py checks and hashes the theme's inline scripts for the Content-Security-Policy and
# puts its meta after <meta charset>.
# (and `(?P<body>` is a regex group of steps.py's, not a tag)
READERS = {"steps.py": {"script", "meta", "head", "body"}}
TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)\b[^<>]*>")
HTML_TAGS = set(
    "a abbr article aside b body br button caption circle code dd details div dl dt em fieldset "
    "figure footer form g h1 h2 h3 h4 h5 h6 head header html i img input label legend li link "
    "main meta nav noscript ol option p path script section select small span strong summary "
    "svg table tbody td th thead title tr ul".split()
)


def html_in_strings(path: Path) -> set[str]:
    """The HTML tags written in a module's strings (f-strings and strings split over lines
    included), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):  # an f-string: its literal parts, joined
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docstrings:
                continue
            text = node.value
        else:
            continue
        found |= {m.group(2) for m in TAG.finditer(text) if m.group(2) in HTML_TAGS}
    return found


def test_the_html_check_finds_html_in_strings(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        '"""A <p> in a docstring is prose."""\n'
        "def f(x):\n"
        '    return (\n        f\'<li class="a">{x}\'\n        "</li>"\n    )\n',
        encoding="utf-8",
    )
    assert html_in_strings(module) == {"li"}


def test_no_python_module_writes_html() -> None:
    written = {
        path.name: tags
        for path in sorted((ROOT / "wpshub").rglob("*.py"))
        if (tags := html_in_strings(path) - READERS.get(path.name, set()))
    }
    assert written == {}

"""What the site build adds to MkDocs: generated pages, expanded markers, catalogue.json.

The hooks in hooks/ call these functions; nothing here imports MkDocs.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path

from ..data.addresses import safe_url, slugify
from ..data.languages import LANGUAGES
from ..data.records import PATHWAYS, Record
from .build import process_alive
from .bundles import BUNDLE_FOLDER, pagefind_bundle, pagefind_bundle_count
from .catalogue import (
    FACETS,
    Hub,
    catalogue_json,
    fields_digest,
    group_by_facet,
    record_slug,
    record_year,
    related_records,
)
from .i18n import active_languages, language_prefix, split_language
from .profiles import (
    EVIDENCE_SRC,
    PLACES_SRC,
    TRACKER_SRC,
    country_counts,
    country_src,
    organisation_src,
    place_pages,
    plans,
    region_src,
    render_evidence_map,
    render_health_page,
    render_nap_tracker,
    render_places_index,
    render_topic_matrix,
)
from .render import (
    EXPLORE_CHUNK,
    MARKERS,
    Context,
    GeneratedPage,
    browse_src,
    documents_in_build,
    explore_item,
    explore_order,
    href,
    page_url,
    record_kind,
    record_src,
    render_browse_facet,
    render_browse_index,
    render_browse_value,
    render_data_page,
    render_directory,
    render_marker,
    render_pathways_index,
    render_record_page,
)
from .templating import render, trusted

MARKER = re.compile(r"<!--\s*wpshub:([a-z-]+)\s*-->")


class MarkerError(Exception):
    """A hand-written page names a marker the hub does not know."""


# whether a page (its source path with the language prefix) can stay as last written, given
# how to make the digest of its inputs from the digest of what every page reads (`make serve`)
Keep = Callable[[str, Callable[[str], str]], bool]


@dataclass(frozen=True)
class LaterPage:
    """A record's page whose body is rendered only when asked for (`render`): a build holds
    its title and how to make it, not its HTML, until the page is written."""

    title: str
    render: Callable[[], GeneratedPage]

    @property
    def markdown(self) -> str:
        return GeneratedPage(title=self.title, html="").markdown


# the export files a data page lists (None: no data page), and a generated page as it comes
Exports = dict[str, str] | None
Made = GeneratedPage | LaterPage | None


def generated_pages(
    hub: Hub, ctx: Context, exports: Exports = None, keep: Keep | None = None, later: bool = False
) -> Iterator[tuple[str, Made]]:
    """Every generated page, in every language (`fr/records/x.md`...), one at a time: a
    caller that keeps only what it needs of each holds no language's pages at once. A record,
    browse or place page, or the NAP tracker, that `keep` says is unchanged comes as None, not
    rendered (`make serve`). With `later`, a record's page (not a pathway's) comes as a
    LaterPage, rendered when it is written."""
    for lang in active_languages():
        in_lang = replace(ctx, lang=lang)
        for src, page in iter_pages_in_language(hub, in_lang, exports, keep, later):
            yield language_prefix(lang) + src, page


def pack_body(html: str) -> bytes:
    """A page body held until its page is written: zlib's fastest level, about a fifth of the
    text's size, so a build's memory does not follow every page's HTML."""
    return zlib.compress(html.encode("utf-8"), 1)


def unpack_body(body: bytes) -> str:
    return zlib.decompress(body).decode("utf-8")


def record_page_inputs(record: Record, hub: Hub, ctx: Context, base: str) -> str:
    """What a record's page is made from, as a digest: the record, the records its page shows
    (related records, and the pathways it is a step of), the language and build settings, and
    `base`, the digest of everything else it reads (vocabularies, link checks, documents, the
    date). Pathway pages show their steps' records: they have no such digest."""
    if record.collection == PATHWAYS:
        return ""
    made = hub._cache.setdefault("record_page_inputs", {})
    if id(record) not in made:  # the same in every language: made once a build
        shown = [
            fields_digest(record, hub),
            [fields_digest(related, hub) for related in related_records(record, hub)],
            [(fields_digest(p, hub), n, total) for p, n, total in hub.pathways_of(record)],
        ]
        made[id(record)] = hashlib.sha256(json.dumps(shown).encode("utf-8")).hexdigest()
    return _in_language(made[id(record)], ctx, base)


def browse_page_inputs(
    hub: Hub, facet: str, value: str, records: list[Record], ctx: Context, base: str
) -> str:
    """What a browse page of one value is made from: its records, in order, and for a topic
    (whose page carries the matrix of every record's topics and types) every record's facets."""
    made = hub._cache.setdefault("browse_page_inputs", {})
    if (facet, value) not in made:  # the same in every language: made once a build
        if facet == "topic" and "facets_digest" not in hub._cache:
            text = json.dumps(hub.facets, sort_keys=True, ensure_ascii=False)
            hub._cache["facets_digest"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        shown = [
            facet,
            value,
            [fields_digest(record, hub) for record in records],
            hub._cache["facets_digest"] if facet == "topic" else "",
        ]
        made[facet, value] = hashlib.sha256(json.dumps(shown).encode("utf-8")).hexdigest()
    return _in_language(made[facet, value], ctx, base)


def place_page_inputs(hub: Hub, src: str, shown: list, ctx: Context, base: str) -> str:
    """What a country, region or organisation page is made from: the records it shows, in
    order, and what else it counts (a region's sub-regions, the world map's records per
    country), the organisations' records (whose members make a country's memberships), the
    language and build settings, and `base`."""
    made = hub._cache.setdefault("place_page_inputs", {})
    if src not in made:  # the same in every language: made once a build
        if "organisations_digest" not in hub._cache:
            kept = [fields_digest(r, hub) for r in hub.records if r.collection == "organisations"]
            hub._cache["organisations_digest"] = kept
        items = [
            src,
            [fields_digest(x, hub) if isinstance(x, Record) else x for x in shown],
            hub._cache["organisations_digest"],
        ]
        text = json.dumps(items, sort_keys=True)
        made[src] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _in_language(made[src], ctx, base)


def _in_language(inputs: str, ctx: Context, base: str) -> str:
    """A page's inputs in one language and build: what it shows, the settings, `base`."""
    return hashlib.sha256("\n".join([inputs, repr(ctx), base]).encode("utf-8")).hexdigest()


# what the NAP tracker does not show of a plan: an edit to these alone leaves it as it is
TRACKER_UNSHOWN = ("summary", *(f"summary_{lang}" for lang in LANGUAGES[1:]), "notes")


def tracker_inputs(hub: Hub, ctx: Context, base: str) -> str:
    """What the NAP tracker is made from: every plan, in order, with its file, facets and
    fields but those it does not show (`TRACKER_UNSHOWN`); the records per country its map
    and table count; the language and build settings, and `base` (the world map, the sourced
    counts under data/facts)."""
    if "tracker_inputs" not in hub._cache:  # the same in every language: made once a build
        shown = [
            [
                p.path,
                {k: v for k, v in p.fields.items() if k not in TRACKER_UNSHOWN},
                hub.facets[p.id],
            ]
            for p in plans(hub)
        ]
        items = [shown, country_counts(hub), hub.world is not None]
        text = json.dumps(items, sort_keys=True, default=str, ensure_ascii=False)
        hub._cache["tracker_inputs"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _in_language(hub._cache["tracker_inputs"], ctx, base)


def page_digest(page: GeneratedPage, record: dict | None = None) -> str:
    """What a generated page shows, as a digest: its title, its body, and for a record page
    the record's fields (its head's metadata is made from them when the page is written)."""
    digest = hashlib.sha256(page.markdown.encode("utf-8"))
    digest.update(page.html.encode("utf-8"))
    if record is not None:
        digest.update(json.dumps(record, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()


def pages_in_language(
    hub: Hub, ctx: Context, exports: dict[str, str] | None = None
) -> dict[str, GeneratedPage]:
    """The generated pages of one language, by their path inside that language's tree."""
    return dict(iter_pages_in_language(hub, ctx, exports))


def iter_pages_in_language(
    hub: Hub, ctx: Context, exports: Exports = None, keep: Keep | None = None, later: bool = False
) -> Iterator[tuple[str, Made]]:
    if exports is not None:
        yield "data.md", render_data_page(hub, exports, ctx)
    prefix = language_prefix(ctx.lang)
    for record in hub.records:
        src = record_src(record)
        inputs = partial(record_page_inputs, record, hub, ctx)
        if keep is not None and keep(prefix + src, inputs):
            yield src, None
        elif later and record.collection != PATHWAYS:  # a pathway's page has its own title
            yield src, LaterPage(record.title, partial(render_record_page, record, hub, ctx))
        else:
            yield src, render_record_page(record, hub, ctx)
    yield "browse/index.md", render_browse_index(hub, ctx)
    for facet in FACETS:
        groups = group_by_facet(hub, facet)
        yield browse_src(facet), render_browse_facet(hub, facet, groups, ctx)
        for value, records in groups.items():
            src = browse_src(facet, value)
            inputs = partial(browse_page_inputs, hub, facet, value, records, ctx)
            if keep is not None and keep(prefix + src, inputs):
                yield src, None
                continue
            extra = browse_extra(hub, facet, value, ctx)
            yield src, render_browse_value(hub, facet, value, records, ctx, extra)
    yield "centres.md", render_directory(hub, ctx)
    yield "pathways/index.md", render_pathways_index(hub, ctx)
    yield "health.md", render_health_page(hub, ctx)
    yield PLACES_SRC, render_places_index(hub, ctx)
    for src, render_place, shown in place_pages(hub):
        inputs = partial(place_page_inputs, hub, src, shown, ctx)
        if keep is not None and keep(prefix + src, inputs):
            yield src, None
        else:
            yield src, render_place(ctx)
    inputs = partial(tracker_inputs, hub, ctx)
    if keep is not None and keep(prefix + TRACKER_SRC, inputs):
        yield TRACKER_SRC, None
    else:
        yield TRACKER_SRC, render_nap_tracker(hub, ctx)
    yield EVIDENCE_SRC, render_evidence_map(hub, ctx)


def browse_extra(hub: Hub, facet: str, value: str, ctx: Context) -> str:
    """What a browse page adds: the profile of its place or organisation, a topic's matrix."""
    src = browse_src(facet, value)
    if facet == "topic":
        return render_topic_matrix(hub, value, src, ctx)
    target = {
        "country": country_src(value) if value in hub.vocab.countries else None,
        "region": region_src(value) if value in hub.vocab.regions and value != "global" else None,
        "subregion": region_src(value) if value in hub.vocab.regions else None,
        "organisation": organisation_src(value) if value in hub.vocab.organisations else None,
    }.get(facet)
    if not target:
        return ""
    return render("pages.html", part="profile-link", t=ctx.t, href=href(src, target, ctx))


def expand_markers(markdown: str, hub: Hub, src: str, ctx: Context, path: str) -> str:
    """Replace `<!-- wpshub:NAME -->` markers; an unknown one stops the build, file named."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in MARKERS:
            line = markdown.count("\n", 0, match.start()) + 1
            raise MarkerError(
                f"{path}:{line}: marker: unknown marker 'wpshub:{name}'; known: {', '.join(MARKERS)}"
            )
        return render_marker(name, hub, src, ctx)

    return MARKER.sub(replace, markdown)


def write_catalogue(hub: Hub, site_dir: Path, use_directory_urls: bool = True) -> Path:
    """Write site/catalogue.json: every record with its page and facets."""
    path = site_dir / "catalogue.json"
    path.write_text(catalogue_json(hub, use_directory_urls), encoding="utf-8")
    return path


# Material's bundle can fetch a polyfill and Mermaid from a CDN and repository facts from a forge
# API. None of that is used here, and a reader's browser must never reach another host.
THIRD_PARTY_LOADERS = re.compile(
    r"https://(?:unpkg\.com|cdn\.jsdelivr\.net|api\.github\.com)/[^\"'`\s)]*"
)
UNUSED_ASSETS = ("assets/javascripts/lunr", "assets/javascripts/workers")


# The theme fetches `<each hreflang alternate>/sitemap.xml` on every page to switch languages
# "instantly": 3 failing requests a page here (the alternates are pages, not language roots) and
# errors offline. The switcher's links already lead to the same page in each language, so the
# theme is pointed at no alternate at all.
ALTERNATE_SITEMAPS = re.compile(r'(\b[\w$]+)\("link\[rel=alternate\]"\)')


def strip_third_party_loaders(site_dir: Path) -> int:
    """Point CDN/API loaders in the theme's scripts at nothing; drop unused search assets."""
    for folder in UNUSED_ASSETS:
        shutil.rmtree(site_dir / folder, ignore_errors=True)
    changed = 0
    for path in (site_dir / "assets").rglob("*"):
        if path.suffix == ".map":
            path.unlink()
            continue
        if path.suffix not in (".js", ".css") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        cleaned, count = THIRD_PARTY_LOADERS.subn("data:,", text)
        cleaned, skipped = ALTERNATE_SITEMAPS.subn(
            r'\1("link[rel=alternate][data-wps-none]")', cleaned
        )
        count += skipped
        if count:
            path.write_text(cleaned, encoding="utf-8")
            changed += count
    return changed


def pagefind_executable() -> str:
    """The Pagefind binary shipped by the pagefind-bin wheel."""
    override = os.environ.get("WPSHUB_PAGEFIND")
    if override:
        return override
    from pagefind_bin import get_executable

    return str(get_executable())


# where the documents' text waits for Pagefind: under each language's folder, removed once
# indexed, so that a match inside a document names its page and no document is published whole
DOCUMENT_TEXT_DIR = "document-text"


def document_index_pages(hub: Hub, ctx: Context) -> dict[str, str]:
    """Site-relative path -> the page Pagefind indexes for one document's text: in the
    document's language when the build has it (Pagefind's index of that language), else in
    English; with the record's filters, its page's address and the document's."""
    languages = active_languages()
    by_id = {record.id: record for record in hub.records}
    files: dict[str, str] = {}
    for record_id, documents in sorted(documents_in_build(hub, ctx).items()):
        record = by_id[record_id]
        facets = hub.facets[record.id]
        for document in documents:
            lang = document.language if document.language in languages else languages[0]
            page_ctx = replace(ctx, lang=lang)
            folder = f"{language_prefix(lang)}{DOCUMENT_TEXT_DIR}/{record_slug(record)}-{document.number}"
            files[f"{folder}/index.html"] = render(
                "document-index.html",
                lang=lang,
                title=record.title,
                kind=record_kind(record, hub, lang),
                year=record_year(record) or 0,
                filters=[(facet, value) for facet in FACETS for value in facets[facet]],
                record=page_url(record_src(record), page_ctx),
                document=safe_url(document.url) or "",
                paged=document.pages is not None,
                pages=document.page_texts(),
            )
    return files


# Pagefind indexes record pages and documents' text only (the pages marked data-pagefind-body),
# one language at a time into that language's bundle (`fr/pagefind/`): it reads every file its
# glob matches and holds them until it writes, so neither the browse and place pages nor the
# other languages are given to it. 10,000 records, four languages at once: 115 s and 3.96 GB
# of memory with every page, 69 s and 2.5 GB with the record pages; one language's record
# pages: 17.7 s and 1.13 GB. What it holds is about 75 kB a record page in English and 110 kB
# in French, Spanish or Arabic (measured with Pagefind 1.5.2: pages cut to their indexed part
# take the same memory), so a language of more than PAGEFIND_BUNDLE_RECORDS records is indexed
# in several bundles (`fr/pagefind/`, `fr/pagefind-2/`...) of at most that many records each,
# and the explore page merges them (Pagefind's mergeIndex: one wasm, counts added up).
def pagefind_languages(site_dir: Path) -> dict[str, dict]:
    """Each language's entry in its bundles' pagefind-entry.json (page_count, hash...), from
    every bundle the site holds; a language split into several bundles counts their pages
    together (`bundles` says how many). A language indexed outside its own folder is refused:
    its pages would be found twice."""
    found: dict[str, dict] = {}
    entries = sorted(site_dir.glob("pagefind*/pagefind-entry.json")) + sorted(
        site_dir.glob("*/pagefind*/pagefind-entry.json")
    )
    for entry in entries:
        folder = BUNDLE_FOLDER.match(entry.parent.relative_to(site_dir).as_posix())
        if not folder:
            continue
        for lang, data in json.loads(entry.read_text(encoding="utf-8"))["languages"].items():
            if language_prefix(lang) != (f"{folder[1]}/" if folder[1] else ""):
                raise RuntimeError(f"{entry}: language {lang} is outside its own folder")
            if lang in found:
                found[lang]["page_count"] += data["page_count"]
                found[lang]["bundles"] += 1
            else:
                found[lang] = {**data, "bundles": 1}
    return found


def pagefind_inputs(site_dir: Path, lang: str) -> list[list[str]]:
    """The site-relative pages of one language that Pagefind indexes, dealt out in turn to its
    bundles (so each gets its share of record pages and of documents' text), in name order."""
    prefix = language_prefix(lang)
    records = sorted((site_dir / prefix / "records").rglob("*.html"))
    texts = sorted((site_dir / prefix / DOCUMENT_TEXT_DIR).rglob("*.html"))
    # the explore page names the bundles from the hub's record count (catalogue.json), which
    # a page left on disk by an earlier build must not change
    catalogue = site_dir / "catalogue.json"
    total = (
        json.loads(catalogue.read_text(encoding="utf-8"))["count"]
        if catalogue.is_file()
        else len(records)
    )
    count = pagefind_bundle_count(total)
    bundles: list[list[str]] = [[] for _ in range(count)]
    for position, page in enumerate([*records, *texts]):
        bundles[position % count].append(page.relative_to(site_dir).as_posix())
    return bundles


STAGE_PREFIX = ".pagefind-stage-"


def sweep_stages(folder: Path) -> None:
    """Remove the staging folders that builds killed before their end left in `folder`
    (`.pagefind-stage-<pid>-*` of a process no longer running)."""
    for stage in folder.glob(f"{STAGE_PREFIX}*"):
        pid = stage.name[len(STAGE_PREFIX) :].partition("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not process_alive(int(pid)):
            shutil.rmtree(stage, ignore_errors=True)


class IndexingStopped(Exception):
    """A Pagefind run stopped by `Indexing.stop`."""


class Indexing:
    """The Pagefind runs of one indexing of the site, which a later build can stop: under
    `make serve` an edit saved while the last edit's pages are being indexed (a minute or more
    for a large hub) is built at once, and the site indexed again after it."""

    def __init__(self) -> None:
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None

    def stop(self) -> None:
        with self._lock:
            self._stopped.set()
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()

    def check(self) -> None:
        if self._stopped.is_set():
            raise IndexingStopped("stopped for a newer build")

    def run(self, command: list[str]) -> tuple[int, str]:
        """Run one command to its end (or until stopped): its exit code and its output."""
        with self._lock:
            self.check()
            self._process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
        output, _ = self._process.communicate()
        self.check()
        return self._process.returncode, output


def _index_bundle(
    site_dir: Path, pages: list[str], output: Path, lang: str, indexing: Indexing
) -> None:
    """One Pagefind run over `pages` only: they are linked into a folder of their own under
    the same site-relative paths (so their addresses are unchanged), which Pagefind reads."""
    sweep_stages(site_dir.parent)
    prefix = f"{STAGE_PREFIX}{os.getpid()}-"
    try:  # beside the site, on its file system, so that the pages are linked, not copied
        stage = Path(tempfile.mkdtemp(prefix=prefix, dir=site_dir.parent))
    except OSError:
        stage = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        for page in pages:
            target = stage / page
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site_dir / page, target)
            except OSError:  # another file system: a copy does as well
                shutil.copyfile(site_dir / page, target)
        _run_pagefind_command(
            ["--site", str(stage), "--glob", "**/*.html", "--output-path", str(output)],
            lang,
            indexing,
        )
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _run_pagefind_command(arguments: list[str], lang: str, indexing: Indexing) -> None:
    returncode, output = indexing.run([pagefind_executable(), *arguments, "--quiet"])
    if returncode != 0:
        sys.stderr.write(output)
        raise RuntimeError(f"pagefind ({lang}) failed with exit code {returncode}")


def run_pagefind(site_dir: Path, log=print, indexing: Indexing | None = None) -> None:
    """Index the built site with Pagefind, each language into its own bundles, after clearing
    the old ones (Pagefind appends otherwise); then remove the documents' text pages. With
    `indexing`, another thread can stop it between or during the runs (`IndexingStopped`)."""
    indexing = indexing or Indexing()
    started = time.monotonic()
    try:
        for lang in active_languages():
            indexing.check()
            for old in (site_dir / language_prefix(lang)).glob("pagefind*"):
                if old.is_dir() and BUNDLE_FOLDER.match(old.relative_to(site_dir).as_posix()):
                    shutil.rmtree(old)
            bundles = pagefind_inputs(site_dir, lang)
            if len(bundles) == 1:  # one run over the site itself, as always
                glob = f"{language_prefix(lang)}{{records,{DOCUMENT_TEXT_DIR}}}/**/*.html"
                _run_pagefind_command(
                    ["--site", str(site_dir), "--glob", glob,
                     "--output-subdir", pagefind_bundle(lang).rstrip("/")], lang, indexing,
                )  # fmt: skip
                continue
            for index, pages in enumerate(bundles):
                indexing.check()
                output = site_dir / pagefind_bundle(lang, index)
                _index_bundle(site_dir, pages, output, lang, indexing)
    finally:  # indexed or not, the documents' text pages never stay in the site
        for folder in (site_dir / DOCUMENT_TEXT_DIR, *site_dir.glob(f"*/{DOCUMENT_TEXT_DIR}")):
            if folder.is_dir():
                shutil.rmtree(folder)
    log(f"pagefind: indexed {site_dir} in {time.monotonic() - started:.1f} s")


def explore_index(hub: Hub, ctx: Context) -> dict[str, str]:
    """Files for browsing the explore page without words: small, fetched only as needed.

    Pagefind loads every index chunk for a search without words, so a reader filtering by
    topic would download the whole index. Instead: records in display order (newest first)
    in chunks of ten, and for every facet value the positions of its records.
    """
    folder = f"{language_prefix(ctx.lang)}explore-index/"
    order = explore_order(hub)
    position = {record.id: index for index, record in enumerate(order)}
    files: dict[str, str] = {}
    for start in range(0, len(order), EXPLORE_CHUNK):
        chunk = order[start : start + EXPLORE_CHUNK]
        files[f"{folder}r{start // EXPLORE_CHUNK}.json"] = explore_chunk(chunk, hub, ctx)
    # each value's positions in a file of its own, so that a filtered view fetches only its
    # lists before its first results; and all of them in facets.json, fetched after the
    # results, to count what each value would give beside the other ticked filters (about
    # 220 kB gzipped at 10,000 records: never on the way to the first results)
    lists = {
        facet: {
            value: sorted(position[record.id] for record in records)
            for value, records in sorted(group_by_facet(hub, facet).items())
        }
        for facet in FACETS
    }
    for facet, values in lists.items():
        for value, positions in values.items():
            files[f"{folder}{facet}/{slugify(value) or 'x'}.json"] = json.dumps(
                positions, separators=(",", ":")
            )
    with_text = sorted(position[record_id] for record_id in documents_in_build(hub, ctx))
    if with_text:  # the explore page's "in the document itself": records whose text is indexed
        lists["in"] = {"document": with_text}
        files[f"{folder}in/document.json"] = json.dumps(with_text, separators=(",", ":"))
    files[f"{folder}facets.json"] = json.dumps(lists, ensure_ascii=False, separators=(",", ":"))
    files[f"{folder}meta.json"] = json.dumps({"count": len(order), "chunk": EXPLORE_CHUNK})
    return files


def explore_chunk(records: list[Record], hub: Hub, ctx: Context) -> str:
    """One file of the explore index's records; under `make serve`, kept while its records
    and what every page reads are unchanged."""

    def make() -> str:
        return json.dumps([explore_item(r, hub, ctx) for r in records], ensure_ascii=False)

    if hub.memo is None:
        return make()
    key = (tuple(fields_digest(r, hub) for r in records), ctx, hub.shared)
    return hub.memo.get("explore chunks", key, make)


def write_explore_index(hub: Hub, ctx: Context, site_dir: Path, written: dict | None = None) -> int:
    """Write the explore index of every language (site/explore-index/, site/fr/explore-index/...);
    `written` as for `write_files`."""
    return sum(
        write_files(site_dir, explore_index(hub, replace(ctx, lang=lang)), written)
        for lang in active_languages()
    )


# Content-Security-Policy: only this site's own files; Pagefind needs WebAssembly and a worker.
# The only inline scripts allowed are the theme's own (found in its templates), by hash; no
# inline style: every style is in a stylesheet.
CSP_BASE = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; "
    "style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)
# what only HTTP headers can say (a <meta> policy cannot forbid framing)
HEADER_ONLY_CSP = "; frame-ancestors 'none'"
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
TEMPLATE_SCRIPT = re.compile(r"<script>(?P<body>.*?)</script>", re.S)
JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
# a tag and its attributes (quoted values skipped whole), to find on...= event handlers: scripts
# run from markup, which the policy cannot allow
TAG = re.compile(r"<[a-zA-Z][^\s/>]*(?P<attrs>(?:\"[^\"]*\"|'[^']*'|[^'\">])*)>")
ON_ATTRIBUTE_HINT = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?""")
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


class InlineScriptError(ValueError):
    """A page carries an inline script or event handler that is not the theme's own."""


@cache
def theme_script_patterns(template_dirs: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The inline scripts the theme's templates write, as patterns: each Jinja expression in a
    script (such as the site's base address) may be any text without quotes or markup."""
    patterns = []
    for folder in template_dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            for match in TEMPLATE_SCRIPT.finditer(path.read_text(encoding="utf-8")):
                parts = JINJA_EXPRESSION.split(match.group("body"))
                patterns.append(re.compile("[^\"'<>\\\\]*".join(map(re.escape, parts))))
    return tuple(patterns)


def material_templates() -> tuple[str, ...]:
    """The folders of the theme's templates and of this hub's overrides."""
    spec = importlib.util.find_spec("material")
    if spec is None or spec.origin is None:
        raise InlineScriptError("the theme (mkdocs-material) is not installed")
    root = Path(spec.origin).parent
    return (str(root / "templates"), str(Path(__file__).resolve().parents[2] / "overrides"))


def check_inline_scripts(html: str, where: str) -> None:
    """Raise InlineScriptError when `html` would run a script that is not the theme's own."""
    patterns = theme_script_patterns(material_templates())
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs").lower()
        if "src=" in attrs or "application/json" in attrs or "application/ld+json" in attrs:
            continue
        body = match.group("body")
        if not any(p.fullmatch(body) for p in patterns):
            start = " ".join(body.split())[:60]
            raise InlineScriptError(
                f"{where}: an inline script that is not the theme's own ('{start}'); the hub "
                "runs no script from page content: move it to a file under docs/assets/"
            )
    if not ON_ATTRIBUTE_HINT.search(html):
        return  # the quick test: no " on...=" anywhere, so no handler in any tag
    for tag in TAG.finditer(INLINE_SCRIPT.sub("", html)):
        for attribute in ATTRIBUTE.finditer(tag.group("attrs")):
            if attribute.group(1).lower().startswith("on"):
                raise InlineScriptError(
                    f"{where}: an inline event handler ('{tag.group()[:60]}'); the hub runs no "
                    "script from markup: move it to a file under docs/assets/"
                )


def inline_script_hashes(html: str) -> list[str]:
    """CSP hash sources of the inline scripts that a browser would run."""
    hashes = []
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs").lower()
        if "src=" in attrs or "application/json" in attrs or "application/ld+json" in attrs:
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(hashes))


def content_security_policy(hashes: list[str]) -> str:
    return CSP_BASE.format(hashes="".join(f" {h}" for h in hashes))


@cache
def csp_meta(hashes: tuple[str, ...]) -> str:
    """The policy's <meta>, rendered once per set of script hashes (most pages share one)."""
    # the policy is the hub's own text (its sources and script hashes): put in as it is, so
    # that its quotes read as written
    return render("pages.html", part="csp", policy=trusted(content_security_policy(list(hashes))))


def add_content_security_policy(html: str) -> tuple[str, list[str]]:
    """The page with a CSP <meta> first in its head, and the hashes of its inline scripts
    (`check_inline_scripts` has made sure they are the theme's own)."""
    hashes = inline_script_hashes(html)
    meta = csp_meta(tuple(hashes))
    head = re.search(r"<meta charset=[^>]*>", html, re.I) or re.search(r"<head[^>]*>", html, re.I)
    if head is None:
        return html, hashes
    return html[: head.end()] + meta + html[head.end() :], hashes


def write_headers_file(site_dir: Path, hashes: set[str]) -> Path:
    """`_headers` for static hosts that read it: the same policy as HTTP headers."""
    policy = content_security_policy(sorted(hashes)) + HEADER_ONLY_CSP
    lines = ["/*", f"  Content-Security-Policy: {policy}"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    path = site_dir / "_headers"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sidebar_key(page, nav) -> str | None:
    """Which cached sidebar a page shows: None for a page in the nav (its entry is marked as
    the current one), else its language and folder. The sidebar's links are relative to the
    page, and from every page of one folder they are the same; record pages are never in the
    nav, so a language's thousands of record pages share one sidebar."""
    if nav is None or any(item.file.src_uri == page.file.src_uri for item in nav.pages):
        return None
    lang, _ = split_language(page.file.src_uri)
    return f"{lang}:{posixpath.dirname(page.url.rstrip('/'))}"


def remove_stale(site_dir: Path, before: set[str], now: set[str]) -> list[str]:
    """The files an earlier build of `make serve` wrote that this build no longer has (the
    pages and exports of a record deleted or renamed since), removed with any folder they
    leave empty: MkDocs' dirty rebuild keeps them, and the site would go on serving them.
    Returns them, site-relative and sorted."""
    site = site_dir.resolve()
    gone = sorted(before - now)
    for relative in gone:
        path = (site / relative).resolve()
        if site not in path.parents:  # only the build's own outputs, never outside the site
            continue
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != site and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return gone


def write_files(site_dir: Path, files: dict[str, str], written: dict | None = None) -> int:
    """Write site-relative text files; returns how many. With `written` (`make serve`: what
    the last builds wrote, updated here), a file still holding the same text is not written
    again."""
    for relative, text in files.items():
        path = site_dir / relative
        if written is not None:
            if written.get(relative) == text and path.is_file():
                continue
            written[relative] = text
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return len(files)

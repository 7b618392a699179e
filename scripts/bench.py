"""Benchmark the hub at scale: validate, build + index, offline zip, a bare MkDocs baseline,
site size, and the bytes a reader downloads, for N synthetic records.

usage: python scripts/bench.py --sizes 1000,3000,10000 [--out bench-results.json] [--keep DIR]

Records are generated from the real ones under data/ (same collections in the same shares,
field counts, summary lengths and vocabulary frequencies), into a temporary copy of the hub.
Each step runs as its own process; wall time and the peak RSS of its whole process tree are
measured with wait4(). Bytes are what a local server sends to Chromium, counted as the gzip
size of each response, with the theme's assets cacheable as on a real static host.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import math
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile
from collections import Counter
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wpshub.data.documents import load_documents  # noqa: E402
from wpshub.data.records import RESEARCH, YAML_COLLECTIONS  # noqa: E402
from wpshub.data.validate import check_hub  # noqa: E402
from wpshub.site.build import interruptible, stop_serving  # noqa: E402
from wpshub.site.i18n import LANGUAGES  # noqa: E402
from wpshub.site.render import offline_catalogue_path  # noqa: E402
from wpshub.site.steps import pagefind_languages  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from sitebuild import wait_js  # noqa: E402

COPY = ("docs", "hooks", "overrides", "wpshub", "mkdocs.yml", "data/vocab", "data/schema",
        "data/geo", "data/facts")  # fmt: skip
CHROMIUM = os.environ.get("WPSHUB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
LIST_FIELDS = ("topics", "countries", "regions", "organisations", "languages", "resolutions")


# --- synthetic data -----------------------------------------------------------------------


def load_real() -> list:
    report = check_hub(ROOT)
    if report.errors:
        raise SystemExit("bench: data/ does not validate; run `make validate`")
    return report.records


MEMBERSHIP_FIELDS = ("members", "members_as_of", "members_source")
# fields the BibTeX reader renames (type -> genre), written back under their BibTeX names
BIBTEX_NAMES = {"genre": "type", "sort_key": "key"}


def make_generator(records: list, seed: int):
    """A function i -> (collection, fields) drawing shares and values from the real records."""
    rng = random.Random(seed)
    words = re.findall(
        r"[A-Za-z][a-z]{2,}", " ".join(str(r.get("summary") or r.title) for r in records)
    )
    freq = {name: Counter(v for r in records for v in (r.get(name) or [])) for name in LIST_FIELDS}

    def pick(name: str, count: int) -> list:
        pool = freq[name]
        if not pool or count <= 0:
            return []
        values, weights = zip(*pool.items(), strict=True)
        return list(dict.fromkeys(rng.choices(values, weights, k=count)))

    def sentence(low: int, high: int) -> str:
        text = " ".join(rng.choice(words) for _ in range(rng.randint(low, high)))
        return text[0].upper() + text[1:] + "."

    def generate(index: int, template) -> dict:
        fields = {}
        for name, value in template.fields.items():
            if name in MEMBERSHIP_FIELDS:
                continue  # one membership list per organisation: copies would repeat it
            if name in LIST_FIELDS and isinstance(value, list):
                fields[name] = pick(name, len(value))
            else:
                fields[name] = value
        fields["title"] = f"{sentence(4, 10)[:-1]} {index}"
        if isinstance(template.get("summary"), str):
            length = len(template["summary"])
            fields["summary"] = (sentence(length // 7, length // 5))[:799].rstrip(" .") + "."
            if len(fields["summary"]) < 30:
                fields["summary"] = sentence(8, 12)
        if isinstance(template.get("url"), str):
            fields["url"] = f"https://example.org/resource/{index}"
        if isinstance(template.get("doi"), str):
            fields["doi"] = f"10.5555/bench.{index}"
        if not fields.get("topics"):
            fields["topics"] = pick("topics", 1)
        return fields

    return rng, generate


def yaml_scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def write_yaml(path: Path, fields: dict) -> None:
    lines = []
    for name, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{name}: [{', '.join(yaml_scalar(v) for v in value)}]")
        else:
            lines.append(f"{name}: {yaml_scalar(value)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def bib_entry(key: str, template, fields: dict) -> str:
    out = [f"@{template.get('entry_type', 'article')}{{{key},"]
    if template.get("authors_parts"):
        names = []
        for part in template["authors_parts"]:
            names.append(
                "{" + part["last"] + "}"
                if part.get("corporate")
                else f"{part['last']}, {part['first']}".strip(", ")
            )
        out.append(f"  author = {{{' and '.join(names)}}},")
    skip = {
        "id",
        "type",
        "entry_type",
        "authors",
        "authors_parts",
        "editors",
        "editors_parts",
        "summary",
        "bibtex_fields",
    }
    for name, value in fields.items():
        if name in skip or value in (None, "", []):
            continue
        if isinstance(value, list):
            value = (" and " if name == "source" else "; ").join(str(v) for v in value)
        out.append(f"  {BIBTEX_NAMES.get(name, name)} = {{{value}}},")
    out.append("}")
    return "\n".join(out)


def generate_hub(target: Path, n: int, seed: int = 1325) -> dict[str, int]:
    """Copy the hub's code and vocabularies to `target` and write n synthetic records."""
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target / name)
    # pathways name real records by id, which synthetic hubs do not have: they are left out
    records = [r for r in load_real() if r.collection != "pathways"]
    rng, generate = make_generator(records, seed)
    shares = Counter(r.collection for r in records)
    collections, weights = zip(*shares.items(), strict=True)
    counts: Counter = Counter()
    bib_chunks: list[str] = []
    by_collection = {c: [r for r in records if r.collection == c] for c in collections}
    for index in range(n):
        collection = rng.choices(collections, weights)[0]
        template = rng.choice(by_collection[collection])
        fields = generate(index, template)
        counts[collection] += 1
        if collection == RESEARCH:
            bib_chunks.append(bib_entry(f"bench{index}", template, fields))
            continue
        record_id = f"bench-{collection}-{index}"
        fields["id"] = record_id
        folder = target / "data" / collection
        folder.mkdir(parents=True, exist_ok=True)
        write_yaml(folder / f"{record_id}.yaml", fields)
    research = target / "data" / RESEARCH
    research.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(bib_chunks), 500):
        (research / f"bench-{start // 500:03d}.bib").write_text(
            "\n\n".join(bib_chunks[start : start + 500]) + "\n", encoding="utf-8"
        )
    for collection in YAML_COLLECTIONS:
        (target / "data" / collection).mkdir(parents=True, exist_ok=True)
    return dict(counts)


def generate_baseline(target: Path, hub_site: Path) -> int:
    """A bare MkDocs + Material project with one page per record page, same text length."""
    docs = target / "docs" / "records"
    docs.mkdir(parents=True)
    count = 0
    for page in sorted((hub_site / "records").glob("*/index.html")):
        html = page.read_text(encoding="utf-8")
        body = re.search(r'<div class="wps-page">(.*?)</div>\s*</article>', html, re.S)
        text = re.sub(r"<[^>]+>", " ", body.group(1) if body else html)
        text = " ".join(text.split())
        (docs / f"{page.parent.name}.md").write_text(
            f"# Page {count}\n\n{text}\n", encoding="utf-8"
        )
        count += 1
    (target / "docs" / "index.md").write_text("# Baseline\n", encoding="utf-8")
    (target / "mkdocs.yml").write_text(
        "site_name: Baseline\nstrict: true\ntheme:\n  name: material\n  font: false\nplugins: []\n"
        "nav:\n  - Home: index.md\nnot_in_nav: |\n  /records/\n",
        encoding="utf-8",
    )
    return count


# --- measuring ----------------------------------------------------------------------------


def measure(command: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Run a command; wall seconds and peak RSS (MB) of its whole process tree."""
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    output: list[bytes] = []
    readers = [
        threading.Thread(target=lambda s=s: output.append(s.read()))
        for s in (process.stdout, process.stderr)
    ]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    for reader in readers:
        reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    if process.returncode != 0:
        sys.stderr.write(b"".join(output).decode(errors="replace")[-4000:])
        raise SystemExit(
            f"bench: {' '.join(command[:4])} failed with exit code {process.returncode}"
        )
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files and adds the gzip size of each one sent to a shared counter."""

    counter: dict = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        if (
            "/assets/" in self.path
            or re.search(r"/pagefind(-\d+)?/", self.path)
            and "pagefind-entry" not in self.path
        ):
            self.send_header("Cache-Control", "public, max-age=3600")
        super().end_headers()

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        self.counter["bytes"] = self.counter.get("bytes", 0) + len(gzip.compress(data, 6))
        self.counter["requests"] = self.counter.get("requests", 0) + 1
        outputfile.write(data)


class GzipHandler(CountingHandler):
    """Serves files gzipped when the browser accepts it, as a web host does (the slow link)."""

    def do_GET(self) -> None:  # noqa: N802
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                self.send_response(301)  # a relative address: the redirect stays on this host
                self.send_header("Location", self.path.split("?", 1)[0].rsplit("/", 1)[-1] + "/")
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        zipped = "gzip" in self.headers.get("Accept-Encoding", "")
        body = gzip.compress(data, 6) if zipped else data
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page went on (the step's results were shown) before this file arrived


def reader_bytes(site: Path) -> dict:
    """gzip bytes a reader downloads for typical steps, measured through Chromium."""
    from playwright.sync_api import sync_playwright

    counter: dict = {}
    handler = functools.partial(
        type("H", (CountingHandler,), {"counter": counter}), directory=str(site)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    catalogue = json.loads((site / "catalogue.json").read_text(encoding="utf-8"))["records"]
    results = {}

    def step(name: str, action) -> None:
        counter.clear()
        action()
        # count what the page fetches after the step too, until the server is quiet for 0.5 s
        quiet, seen = 0, -1
        for _ in range(200):
            page.wait_for_timeout(100)
            now = counter.get("requests", 0)
            quiet = quiet + 1 if now == seen else 0
            seen = now
            if quiet >= 5:
                break
        results[name] = {
            "gzip_kb": round(counter.get("bytes", 0) / 1024, 1),
            "requests": counter.get("requests", 0),
        }

    def wait_status() -> None:
        wait_js(page, "document.querySelector('.wps-status').textContent.match(/record/)")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context().new_page()
        page.set_default_timeout(60_000)
        step(
            "first_record_page",
            lambda: page.goto(base + catalogue[0]["page"], wait_until="networkidle"),
        )
        step(
            "second_record_page",
            lambda: page.goto(
                base + catalogue[len(catalogue) // 2]["page"], wait_until="networkidle"
            ),
        )

        def explore() -> None:
            page.goto(base + "explore/")
            wait_status()

        step("explore_first_results", explore)

        def query() -> None:
            page.fill("#wps-query", "security")
            wait_js(page, "new URLSearchParams(location.search).get('q') === 'security'")
            wait_status()

        step("text_query", query)

        def filter_change() -> None:
            page.locator('input[name="topic"]').first.click()
            wait_js(page, "new URLSearchParams(location.search).has('topic')")
            wait_status()

        step("filter_change", filter_change)
        browser.close()
    server.shutdown()
    return results


# a slow phone link: 400 kbit/s each way, 400 ms round trip (Chrome DevTools' own units:
# bytes per second and milliseconds)
SLOW_LINK = {"offline": False, "latency": 400, "downloadThroughput": 50_000,
             "uploadThroughput": 50_000}  # fmt: skip


VISIBLE_RESULTS = (
    "document.querySelectorAll('#wps-result-list li').length > 0 && "
    "performance.getEntriesByName('first-contentful-paint').length > 0"
)


def slow_link(site: Path) -> dict:
    """Seconds until Explore shows its first results, then the results of a word search, on a
    slow phone link (Chromium's network emulation), nothing cached, the server gzipping."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(type("H", (GzipHandler,), {"counter": {}}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    shown = "document.querySelector('.wps-status').textContent.match(/record/)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
        started = time.monotonic()
        # first results: cards in the page and painted (Chromium's first contentful paint),
        # whether the page carries them or the script fetched them
        page.goto(base + "explore/", timeout=120_000, wait_until="commit")
        wait_js(page, VISIBLE_RESULTS, timeout=120)
        first = time.monotonic() - started
        page.wait_for_load_state("load", timeout=120_000)
        wait_js(
            page,
            "document.querySelector('#wps-result-list').getAttribute('aria-busy') === 'false'",
            120,
        )
        started = time.monotonic()
        page.fill("#wps-query", "security")
        wait_js(page, "new URLSearchParams(location.search).get('q') === 'security'", 120)
        wait_js(page, shown, timeout=120)
        words = time.monotonic() - started
        browser.close()
    server.shutdown()
    return {"explore_first_results_s": round(first, 2), "word_search_results_s": round(words, 2)}


def serve_edit(hub: Path, env: dict) -> dict:
    """`make serve`'s loop: `mkdocs serve --dirty` on the hub (four languages), one record's
    summary edited on disk, and the seconds until its served page shows the edit; then the same
    summary edited again two seconds later, while the first edit's pages may still be indexed
    in the background, and the seconds until that shows."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dirty", "--livereload",
               "--dev-addr", f"127.0.0.1:{port}"]  # fmt: skip
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=hub, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               preexec_fn=interruptible)  # fmt: skip
    output: list[str] = []
    serving = threading.Event()

    def read() -> None:
        for line in process.stdout:
            output.append(line)
            if "Serving on" in line:
                serving.set()

    threading.Thread(target=read, daemon=True).start()
    record = sorted((hub / "data" / "plans").glob("*.yaml"))[0]
    text = record.read_text(encoding="utf-8")
    address = f"http://127.0.0.1:{port}/records/{record.stem}/"

    def edit_shown(marker: str) -> float:
        """Seconds from saving the record with `marker` before its summary to the served page
        showing it."""
        edited = re.sub(r"^(summary: '?)", rf"\g<1>{marker} ", text, count=1, flags=re.M)
        if edited == text:
            raise SystemExit(f"bench: {record} has no summary line to edit")
        saved = time.monotonic()
        record.write_text(edited, encoding="utf-8")
        while marker not in _fetch(address):
            if time.monotonic() - saved > 1800 or process.poll() is not None:
                raise SystemExit("bench: the edit never showed:\n" + "".join(output[-30:]))
            time.sleep(0.2)
        return time.monotonic() - saved

    try:
        while not serving.wait(1):
            if process.poll() is not None:
                raise SystemExit("bench: mkdocs serve stopped:\n" + "".join(output[-30:]))
        first_build = time.monotonic() - started
        time.sleep(2)  # the watcher's first look at the files
        visible = edit_shown(f"Benchedit{int(time.time())}")
        time.sleep(2)
        again = edit_shown(f"Benchagain{int(time.time())}")
    finally:
        record.write_text(text, encoding="utf-8")
        stop_serving(process)
    return {
        "first_build_s": round(first_build, 2),
        "edit_visible_s": round(visible, 2),
        "edit_again_visible_s": round(again, 2),
    }


def _fetch(address: str) -> str:
    try:
        # straight to 127.0.0.1, never through a proxy named in the environment
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(address, timeout=10) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:  # not written yet, or the server busy rebuilding
        return ""


def pagefind_executable() -> str:
    from wpshub.site.steps import pagefind_executable as executable

    return executable()


def versions() -> dict:
    out = {}
    for name in ("mkdocs", "mkdocs-material", "pagefind-bin", "PyYAML", "bibtexparser"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[name] = metadata.version(name)
    return out


DOCUMENT_PAGES = 20  # a plan runs to 20-60 pages; 20 pages of 300 words each
DOCUMENT_WORDS = 300


def add_documents(hub: Path, count: int, seed: int = 1889) -> int:
    """Write `count` synthetic documents under data/documents/ as fetch-documents would: one
    for each record's address (a YAML record without one is given one), then, if more are
    wanted, an annex for YAML records (a `documents:` entry); each of DOCUMENT_PAGES pages of
    words drawn from the real records' summaries. Returns how many were written."""
    import hashlib

    import yaml

    from wpshub.data.documents import (
        DOCUMENTS_DIR,
        SIDECAR_HEADER,
        record_documents,
        text_file_name,
    )

    rng = random.Random(seed)
    words = [w for r in load_real() for w in str(r.get("summary") or "").split()]
    records = sorted(check_hub(hub).records, key=lambda r: (not r.get("url"), r.id))
    wanted: list[tuple[object, int]] = []  # (record, document number)
    for record in records:
        if not record.get("url") and record.collection != RESEARCH:
            with (hub / record.path).open("a", encoding="utf-8") as file:
                file.write(f"url: https://example.org/{record.id}.pdf\n")
        if record.get("url") or record.collection != RESEARCH:
            wanted.append((record, 1))
    for record in records:
        if record.collection != RESEARCH and len(wanted) < count:
            with (hub / record.path).open("a", encoding="utf-8") as file:
                file.write(
                    f"documents:\n  - url: https://example.org/{record.id}-annex.pdf\n"
                    "    language: en\n"
                )
            wanted.append((record, 2))
    records = {r.id: r for r in check_hub(hub).records}  # read again with what was added
    folder = hub / DOCUMENTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    sidecars: dict[str, list[dict]] = {}
    for old, number in wanted[:count]:
        record = records[old.id]
        _, url, language = record_documents(record)[number]
        pages = [" ".join(rng.choices(words, k=DOCUMENT_WORDS)) for _ in range(DOCUMENT_PAGES)]
        text = "\f".join(pages) + "\n"
        name = text_file_name(record.id, number, language)
        (folder / name).write_text(text, encoding="utf-8")
        sidecars.setdefault(record.id, []).append(
            {"file": name, "url": url, "language": language, "fetched": "2026-12-03",
             "sha256": hashlib.sha256(text.encode()).hexdigest(), "bytes": len(text),
             "pages": DOCUMENT_PAGES, "content_type": "application/pdf", "extractor": "bench"}
        )  # fmt: skip
    for record_id, entries in sidecars.items():
        body = yaml.safe_dump({"documents": entries}, sort_keys=False, allow_unicode=True)
        (folder / f"{record_id}.yaml").write_text(SIDECAR_HEADER + body, encoding="utf-8")
    return sum(len(entries) for entries in sidecars.values())


def offline_command(hub: Path, dist: Path, *options: str) -> list[str]:
    """`wpshub offline` of the hub at `hub` into `dist`."""
    cli = [sys.executable, "-m", "wpshub.tools.cli", "--root", str(hub)]
    return [*cli, "offline", "--out", str(dist), *options]


def documents_cost(hub: Path, work: Path, count: int, env: dict) -> dict:
    """What `count` documents cost: the English build and its Pagefind index, and the English
    offline zip, with and without the documents' text (the online build always indexes it)."""
    python = sys.executable
    result: dict = {}
    for label in ("without", "with"):
        if label == "with":
            result["documents"] = add_documents(hub, count)
        site = work / f"site-docs-{label}"
        run = measure(
            [python, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
            hub,
            {**env, "WPSHUB_LANGUAGES": "en"},
        )
        result[f"build_en_{label}"] = run
        bundles = [*site.glob("pagefind*"), *site.glob("*/pagefind*")]  # a language's bundles
        result[f"index_mb_{label}"] = round(sum(map(folder_size, bundles)) / 1_000_000, 2)
        shutil.rmtree(site, ignore_errors=True)
        dist = work / f"dist-docs-{label}"
        command = offline_command(hub, dist, *(["--with-documents"] if label == "with" else []))
        result[f"offline_en_{label}"] = measure(command, hub, {**env, "WPSHUB_LANGUAGES": "en"})
        zips = list(dist.glob("*.zip"))
        result[f"offline_zip_en_mb_{label}"] = round(zips[0].stat().st_size / 1_000_000, 2)
    result["text_mb"] = round(folder_size(hub / "data" / "documents") / 1_000_000, 2)
    return result


# --- nothing lost --------------------------------------------------------------------------


def nothing_lost(root: Path, site: Path, offline_zip: Path) -> dict[str, int]:
    """How many records reach each place a reader meets them: the validated records, the
    catalogue and its exports, and in every language the record pages, the Pagefind index and
    the offline zip's catalogue and pages. Every count should be the same."""
    records = check_hub(root).records
    catalogue = json.loads((site / "catalogue.json").read_text(encoding="utf-8"))
    rows = (site / "data" / "catalogue.csv").read_text(encoding="utf-8").splitlines()
    found = {
        "validated": len(records),
        "catalogue.json": catalogue["count"],
        "catalogue entries": len(catalogue["records"]),
        "catalogue.csv rows": len(rows) - 1,
        "data/catalogue.json": json.loads(
            (site / "data" / "catalogue.json").read_text(encoding="utf-8")
        )["count"],
    }
    # the index also holds a page per fetched document (in its language, else English), which
    # is not a record's: counted apart
    documents = Counter(
        d.language if d.language in LANGUAGES else "en"
        for docs in load_documents(root, records)[0].values()
        for d in docs
    )
    indexed = pagefind_languages(site)
    with zipfile.ZipFile(offline_zip) as archive:
        names = archive.namelist()
        for lang in LANGUAGES:
            prefix = "" if lang == "en" else f"{lang}/"
            script = archive.read(offline_catalogue_path(lang)).decode("utf-8")
            offline = json.loads(script[len("window.WPS_OFFLINE = ") :].rstrip().rstrip(";"))
            pages = re.compile(re.escape(f"{prefix}records/") + r"[^/]+\.html$")
            found[f"record pages ({lang})"] = len(
                list((site / prefix / "records").glob("*/index.html"))
            )
            found[f"pagefind pages ({lang})"] = indexed[lang]["page_count"] - documents[lang]
            found[f"offline entries ({lang})"] = len(offline["records"])
            found[f"offline pages ({lang})"] = sum(1 for name in names if pages.match(name))
    return found


def bench_one(n: int, keep: Path | None, with_browser: bool, documents: int = 0) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"wpshub-bench-{n}-") as tmp:
        work = Path(tmp) if keep is None else keep / f"n{n}"
        work.mkdir(parents=True, exist_ok=True)
        hub, bare = work / "hub", work / "baseline"
        print(f"bench N={n}: generating records...", flush=True)
        counts = generate_hub(hub, n)
        python = sys.executable
        result: dict = {"n": n, "collections": counts}
        print(f"bench N={n}: validate...", flush=True)
        result["validate"] = measure(
            [python, "-m", "wpshub.tools.cli", "--root", str(hub), "validate", "-q"],
            hub,
            {"PYTHONPATH": str(ROOT)},
        )
        read_all = (
            "import sys, pathlib, yaml, bibtexparser\n"
            "for p in sorted(pathlib.Path('data').rglob('*.yaml')):\n"
            "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)\n"
            "for p in sorted(pathlib.Path('data').rglob('*.bib')):\n"
            "    bibtexparser.parse_string(p.read_text(), parse_stack=[])\n"
        )
        result["plain_read"] = measure([python, "-c", read_all], hub)
        result["validate_ratio"] = round(
            result["validate"]["seconds"] / max(result["plain_read"]["seconds"], 0.01), 2
        )
        print(f"bench N={n}: full build + Pagefind index, four languages...", flush=True)
        env = {"PYTHONPATH": str(ROOT), "WPSHUB_DIST": str(work / "no-dist")}
        result["build"] = measure(
            [python, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(work / "site")], hub, env
        )
        print(f"bench N={n}: the same build in English only...", flush=True)
        result["build_en"] = measure(
            [python, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(work / "site-en")],
            hub,
            {**env, "WPSHUB_LANGUAGES": "en"},
        )
        result["languages_ratio"] = round(
            result["build"]["seconds"] / max(result["build_en"]["seconds"], 0.01), 2
        )
        shutil.rmtree(work / "site-en", ignore_errors=True)
        print(f"bench N={n}: offline zip...", flush=True)
        result["offline"] = measure(
            offline_command(hub, work / "dist"), hub, {"PYTHONPATH": str(ROOT)}
        )
        # every zip by name: the whole hub ("all") and each language's edition
        zips = {}
        for path in (work / "dist").glob("*.zip"):
            last = path.stem.rsplit("-", 1)[1]  # a language, or the day of the whole zip
            zips[last if last.isalpha() else "all"] = path
        result["offline_zips_mb"] = {
            name: round(path.stat().st_size / 1_000_000, 2) for name, path in sorted(zips.items())
        }
        result["offline_zip_mb"] = result["offline_zips_mb"]["all"]
        print(f"bench N={n}: nothing lost...", flush=True)
        found = nothing_lost(hub, work / "site", zips["all"])
        result["nothing_lost"] = {"counts": found, "holds": len(set(found.values())) == 1}
        print(f"bench N={n}: bare MkDocs baseline...", flush=True)
        result["baseline_pages"] = generate_baseline(bare, work / "site")
        result["baseline"] = measure(
            [python, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(work / "baseline-site")],
            bare,
        )
        # like for like: the English build against a bare MkDocs build of the same record pages
        result["build_ratio"] = round(
            result["build_en"]["seconds"] / max(result["baseline"]["seconds"], 0.01), 2
        )
        # the scale issue's ratio: the four-language build and index against the bare pages
        # built and indexed by Pagefind
        result["baseline_index"] = measure(
            [pagefind_executable(), "--site", str(work / "baseline-site"), "--quiet"], bare
        )
        indexed = result["baseline"]["seconds"] + result["baseline_index"]["seconds"]
        result["build_vs_indexed_baseline"] = round(result["build"]["seconds"] / indexed, 2)
        result["site_mb"] = round(folder_size(work / "site") / 1_000_000, 1)
        if with_browser:
            print(f"bench N={n}: bytes a reader downloads (Chromium)...", flush=True)
            result["reader"] = reader_bytes(work / "site")
            print(f"bench N={n}: Explore on a slow phone link (Chromium)...", flush=True)
            result["slow_link"] = slow_link(work / "site")
        print(f"bench N={n}: make serve, one record edited...", flush=True)
        result["serve"] = serve_edit(hub, env)
        if documents:
            print(f"bench N={n}: {documents} documents' text: index and zip cost...", flush=True)
            result["documents"] = documents_cost(hub, work, min(documents, n), env)
        return result


def growth_exponent(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(time) over log(N)."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-3)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return round(
        sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
        / sum((x - mx) ** 2 for x in xs),
        3,
    )


def print_table(results: list[dict]) -> None:
    rows = [
        (
            "validate s (peak MB)",
            lambda r: f"{r['validate']['seconds']} ({r['validate']['peak_rss_mb']})",
        ),
        ("plain C-loader read s", lambda r: f"{r['plain_read']['seconds']}"),
        ("validate / plain read", lambda r: f"{r['validate_ratio']}"),
        (
            "build + index, 4 languages s",
            lambda r: f"{r['build']['seconds']} ({r['build']['peak_rss_mb']})",
        ),
        (
            "build + index, English s",
            lambda r: f"{r['build_en']['seconds']} ({r['build_en']['peak_rss_mb']})",
        ),
        ("4 languages / English", lambda r: f"{r['languages_ratio']}"),
        (
            "bare baseline s (peak MB)",
            lambda r: f"{r['baseline']['seconds']} ({r['baseline']['peak_rss_mb']})",
        ),
        ("English build / baseline", lambda r: f"{r['build_ratio']}"),
        ("4 lang. / indexed baseline", lambda r: f"{r['build_vs_indexed_baseline']}"),
        (
            "offline zip s (peak MB)",
            lambda r: f"{r['offline']['seconds']} ({r['offline']['peak_rss_mb']})",
        ),
        ("offline zip MB", lambda r: f"{r['offline_zip_mb']}"),
        (
            "zips MB: en/fr/es/ar",
            lambda r: "/".join(str(r["offline_zips_mb"][lang]) for lang in LANGUAGES),
        ),
        (
            "nothing lost (records)",
            lambda r: (
                f"yes ({r['nothing_lost']['counts']['validated']})"
                if r["nothing_lost"]["holds"]
                else "NO"
            ),
        ),
        ("documents (20 pages each)", lambda r: _documents(r, "documents")),
        ("en build s, no/with docs", lambda r: _documents(r, "build_en_without", "build_en_with")),
        ("en index MB, no/with docs", lambda r: _documents(r, "index_mb_without", "index_mb_with")),
        (
            "en zip MB, no/with docs",
            lambda r: _documents(r, "offline_zip_en_mb_without", "offline_zip_en_mb_with"),
        ),
        ("site on disk MB", lambda r: f"{r['site_mb']}"),
    ]
    for step in (
        "first_record_page",
        "second_record_page",
        "explore_first_results",
        "text_query",
        "filter_change",
    ):
        rows.append(
            (
                f"{step} gzip KB",
                lambda r, s=step: f"{r['reader'][s]['gzip_kb']}" if "reader" in r else "-",
            )
        )
    rows.append(
        (
            "slow link: Explore, words s",
            lambda r: (
                f"{r['slow_link']['explore_first_results_s']}, "
                f"{r['slow_link']['word_search_results_s']}"
                if "slow_link" in r
                else "-"
            ),
        )
    )
    rows.append(
        (
            "make serve: build, edit, next s",
            lambda r: (
                ", ".join(
                    str(r["serve"][key])
                    for key in ("first_build_s", "edit_visible_s", "edit_again_visible_s")
                    if key in r["serve"]
                )
                if "serve" in r
                else "-"
            ),
        )
    )
    header = f"{'N':<28}" + "".join(f"{r['n']:>22}" for r in results)
    print(header)
    print("-" * len(header))
    for label, get in rows:
        print(f"{label:<28}" + "".join(f" {get(r):>21}" for r in results))


def _documents(result: dict, *keys: str) -> str:
    if "documents" not in result:
        return "-"
    values = [result["documents"][k] for k in keys]
    values = [v["seconds"] if isinstance(v, dict) else v for v in values]
    return "/".join(str(v) for v in values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default=os.environ.get("N", "1000"), help="comma-separated record counts"
    )
    parser.add_argument("--out", default="bench-results.json", help="JSON file to write")
    parser.add_argument("--keep", help="keep generated hubs and sites in this folder")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium byte counts")
    parser.add_argument(
        "--documents",
        type=int,
        default=1000,
        help="synthetic documents (20 pages each) whose index and zip cost is measured, at "
        "most one per record (default: 1000; 0 skips the step)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    keep = Path(args.keep).resolve() if args.keep else None
    results = [bench_one(n, keep, not args.no_browser, args.documents) for n in sizes]
    document = {
        "machine": {
            "cpus": os.cpu_count(),
            "platform": sys.platform,
            "python": sys.version.split()[0],
        },
        "versions": versions(),
        "results": results,
        "build_growth_exponent": growth_exponent(
            [(r["n"], r["build"]["seconds"]) for r in results]
        ),
    }
    Path(args.out).write_text(json.dumps(document, indent=1), encoding="utf-8")
    print_table(results)
    if document["build_growth_exponent"] is not None:
        print(f"growth exponent of build time over N: {document['build_growth_exponent']}")
    print(f"wrote {args.out}")
    lost = [r for r in results if not r["nothing_lost"]["holds"]]
    for run in lost:
        print(f"bench N={run['n']}: records lost on the way: {run['nothing_lost']['counts']}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())

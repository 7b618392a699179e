"""`make serve` (`mkdocs serve --dirty`): an edited record is served again with only the pages
the edit changed rewritten, in every language; search is indexed again behind it."""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT
from test_trust import copy_hub

from wpshub.site.build import interruptible, stop_serving

RECORD = "nap-ke-2016-2018"  # the served page of this record is edited
OTHER = "nap-fr-2021-2025"  # and this one's must not be rewritten
SHOWS_RECORD = "nap-ke-2020-2024"  # its related records include RECORD


def fetch(address: str) -> str:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1 only
    try:
        with opener.open(address, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait(condition, what: str, output: list[str], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what}:\n" + "".join(output[-40:])
        time.sleep(0.2)


def serve_options() -> list[str]:
    """The options `make serve` gives `mkdocs serve`, read from the Makefile."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    options = re.search(r"mkdocs serve (.*) --dev-addr", makefile).group(1).split()
    assert "--dirty" in options and "--strict" in options
    return options


@pytest.fixture
def serving(tmp_path: Path):
    """`mkdocs serve --strict --dirty` of a copy of the hub in two languages: its address,
    its output so far, and the hub."""
    hub = copy_hub(tmp_path / "hub")
    with serve(hub, tmp_path) as (base, output):
        yield base, output, hub


@contextlib.contextmanager
def serve(hub: Path, tmp_path: Path):
    """`make serve`'s `mkdocs serve` of `hub`, once its first build is served: its address
    and its output so far."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "WPSHUB_LANGUAGES": "en,fr",
           "WPSHUB_DIST": str(tmp_path / "no-dist")}  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *serve_options(), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=hub, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=interruptible,
    )  # fmt: skip
    output: list[str] = []
    threading.Thread(
        target=lambda: output.extend(iter(process.stdout.readline, "")), daemon=True
    ).start()
    try:
        wait(lambda: any("Serving on" in line for line in output), "never served", output, 300)
        yield f"http://127.0.0.1:{port}/", output
    finally:
        stop_serving(process)


def site_dir(output: list[str]) -> Path:
    wrote = [m for line in output if (m := re.search(r"wrote (\S+)/catalogue\.json", line))]
    return Path(wrote[-1].group(1))


def test_an_edit_rewrites_only_the_pages_it_changes(serving) -> None:
    base, output, hub = serving
    site = site_dir(output)
    other = site / "records" / OTHER / "index.html"
    before = other.stat().st_mtime_ns
    assert (site / "pagefind" / "pagefind.js").is_file()
    record = hub / "data" / "plans" / f"{RECORD}.yaml"
    text = record.read_text(encoding="utf-8")
    time.sleep(2)  # the watcher's first look
    # the English and the French summary (quoted or not) start with a word no page holds
    edited = re.sub(r"^(summary(?:_fr)?: '?)", r"\1Wallabyedit ", text, flags=re.M)
    edited = re.sub(r"^(title: )", r"\1Numbatedit ", edited, flags=re.M)  # place pages show it
    assert edited.count("Wallabyedit") == 2 and edited.count("Numbatedit") == 1
    record.write_text(edited, encoding="utf-8")
    for prefix in ("", "fr/"):
        address = f"{base}{prefix}records/{RECORD}/"
        wait(lambda a=address: "Wallabyedit" in fetch(a), f"{address} never changed", output)
    # a record page that shows the edited record among its related records is made again too,
    # though its own record is unchanged (record pages made from unchanged inputs are skipped)
    showing = fetch(f"{base}records/{SHOWS_RECORD}/")
    assert "Wallabyedit" in showing and f"/{RECORD}/" in showing
    # and so is the browse page that lists it (browse pages from unchanged inputs are skipped)
    assert "Wallabyedit" in fetch(f"{base}browse/country/ke/")
    # and the country, region and organisation pages that list it among their plans
    for place in ("countries/ke/", "regions/eastern-africa/", "fr/countries/ke/"):
        assert "Numbatedit" in fetch(f"{base}{place}"), place
    changed = [m for line in output if (m := re.search(r"(\d+) of (\d+) generated pages", line))]
    first, rebuilt = changed[0], changed[-1]
    assert first.group(1) == first.group(2)  # the first build writes every page
    assert 2 <= int(rebuilt.group(1)) < int(rebuilt.group(2)) // 10, rebuilt.group(0)
    assert other.stat().st_mtime_ns == before  # an untouched record's page is not rewritten
    assert "Aborted" not in "".join(output)  # --strict: the dirty build's notice is no warning
    # search catches up in the background: the index is rebuilt, then the next build waits
    wait(lambda: any("pagefind: indexed" in line for line in output[len(output) // 2 :]),
         "search was never indexed again", output)  # fmt: skip
    assert (site / "pagefind" / "pagefind.js").is_file()


def test_a_deleted_record_is_no_longer_served(serving) -> None:
    base, output, hub = serving
    site = site_dir(output)
    gone = "nap-gm-2021-2025"  # no other record or page names it
    pages = [site / prefix / "records" / gone / "index.html" for prefix in ("", "fr")]
    assert all(page.is_file() for page in pages)
    kept = site / "records" / OTHER / "index.html"
    time.sleep(2)  # the watcher's first look
    (hub / "data" / "plans" / f"{gone}.yaml").unlink()
    for prefix in ("", "fr/"):
        address = f"{base}{prefix}records/{gone}/"
        wait(lambda a=address: fetch(a) == "", f"{address} still served", output)
    assert not any(page.exists() for page in pages)
    assert not (site / "records" / gone).exists()  # nor the folder left empty
    assert not any(site.glob(f"data/records/{gone}.*"))  # nor its exports
    assert kept.is_file() and OTHER in fetch(f"{base}records/{OTHER}/")
    assert any(f"removed records/{gone}/index.html" in line for line in output)
    assert "Aborted" not in "".join(output)


def builds(output: list[str]) -> int:
    return sum(1 for line in output if re.search(r"wrote \S+/catalogue\.json", line))


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a served site but the search index (rebuilt behind the pages), with the
    serve address's port taken out and gzip files read uncompressed (their header holds the
    time they were written)."""
    files = {}
    for path in site.rglob("*"):
        relative = path.relative_to(site).as_posix()
        if path.is_dir() or "pagefind" in path.relative_to(site).parts:
            continue
        data = path.read_bytes()
        data = gzip.decompress(data) if path.suffix == ".gz" else data
        files[relative] = re.sub(rb"127\.0\.0\.1:\d+", b"127.0.0.1:PORT", data)
    return files


def test_rebuilds_after_edits_serve_the_site_a_fresh_build_makes(serving, tmp_path) -> None:
    """Pages, downloads and indexes a rebuild kept or took from the last build are those a
    build from nothing makes of the edited hub, byte for byte."""
    _, output, hub = serving
    plans = sorted((hub / "data" / "plans").glob("nap-*.yaml"))
    # what each kind of page is made again for; an edit that makes fewer pages again comes
    # later, so that no later rebuild hides a page an earlier one left stale
    edits = [
        (r"^(topics: \[)", r"\1crsv, "),  # facets: browse pages, related records
        (r"^(title: '?)", r"\1Numbatedit "),  # the order of every list
        (r"^(period_end: )(\d{4})", r"\g<1>2099"),  # the tracker's period and status
        (r"^(summary: '?)", r"\1Wallabyedit "),  # cards and record pages, not the tracker
    ]
    time.sleep(2)  # the watcher's first look
    for number, (pattern, replacement) in enumerate(edits):
        # a plan of its own for each edit, one that has the field
        record = next(p for p in plans[number * 9 :] if re.search(pattern, p.read_text(), re.M))
        text = record.read_text(encoding="utf-8")
        edited = re.sub(pattern, replacement, text, count=1, flags=re.M)
        done = builds(output)
        record.write_text(edited, encoding="utf-8")
        wait(lambda done=done: builds(output) > done, f"{record.name}: never rebuilt", output)
        time.sleep(1.5)  # a second rebuild, if the watcher saw the write twice
    rebuilt = site_files(site_dir(output))
    assert any("results kept from the last build" in line for line in output)
    with serve(hub, tmp_path / "fresh") as (_, fresh_output):
        fresh = site_files(site_dir(fresh_output))
    # stopped as Ctrl-C stops it, `mkdocs serve` leaves no site in the temporary folder
    assert not site_dir(fresh_output).exists()
    differ = sorted(
        name for name in fresh.keys() | rebuilt.keys() if fresh.get(name) != rebuilt.get(name)
    )
    assert not differ, differ[:20]
    assert len(fresh) > 2000

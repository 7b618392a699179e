"""The link checker against local HTTP servers on 127.0.0.1: no network beyond this machine."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import VALID_TOOL, write

from wpshub.data.linkstatus import (
    LinkStatusError,
    dump_link_status,
    empty_status,
    link_status_line,
    load_link_status,
)
from wpshub.data.records import Record
from wpshub.tools import linkcheck
from wpshub.tools.linkcheck import (
    USER_AGENT,
    CheckOptions,
    LinkResult,
    LinkUse,
    add_arguments,
    check_links,
    check_url,
    collect_links,
    merge_status,
    order_by_host,
    run_check_links,
    run_from_args,
    select_links,
    summary_line,
)

FAST = CheckOptions(timeout=2.0, retries=0, backoff=0.01, per_host_interval=0.0)
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def loopback_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The servers below listen on 127.0.0.1, which the checker refuses unless told."""
    monkeypatch.setenv("WPSHUB_ALLOW_LOOPBACK", "1")


# --- local servers ------------------------------------------------------------------------------


@dataclass
class Hits:
    """What the servers saw: (time, method, path, user agent), and the most requests at once."""

    requests: list[tuple[float, str, str, str]] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    # requests inside /hold's pause: counted down before the answer is sent, so a client that
    # starts its next request on the answer never overlaps the count
    holding: int = 0
    max_holding: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def seen(self, path: str, method: str | None = None) -> list[float]:
        with self.lock:
            return [t for t, m, p, _ in self.requests if p == path and method in (None, m)]


REDIRECTS = {
    "/moved": (301, "/ok"),
    "/twice": (302, "/moved"),
    "/moved-missing": (301, "/missing"),
    "/loop": (302, "/loop"),
    "/to-mailto": (301, "mailto:someone@example.org"),
    "/to-metadata": (302, "http://169.254.169.254/latest/meta-data/"),
    "/to-private": (301, "http://10.11.12.13/admin"),
    "/to-decimal": (301, "http://2130706433:1/"),
    "/to-junk": (301, "https://x.org/\x1b]0;pwned\x07"),
}


def make_handler(hits: Hits) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self.answer("HEAD")

        def do_GET(self) -> None:
            self.answer("GET")

        def answer(self, method: str) -> None:
            with hits.lock:
                earlier = sum(1 for _, _, p, _ in hits.requests if p == self.path)
                hits.requests.append(
                    (time.monotonic(), method, self.path, self.headers.get("User-Agent", ""))
                )
                hits.in_flight += 1
                hits.max_in_flight = max(hits.max_in_flight, hits.in_flight)
            try:
                self.route(method, self.path.split("?")[0], earlier)
            finally:
                with hits.lock:
                    hits.in_flight -= 1

        def route(self, method: str, path: str, earlier: int) -> None:
            if path in REDIRECTS:
                code, location = REDIRECTS[path]
                return self.reply(method, code, location)
            if path == "/missing":
                return self.reply(method, 404)
            if path == "/error" or (path == "/flaky" and earlier == 0):
                return self.reply(method, 500)
            if path == "/head-not-allowed" and method == "HEAD":
                return self.reply(method, 405)
            if path == "/chatty":
                self.send_response(404, "Not Found - call +1-555-0100 now")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if path == "/drip":
                # one byte every 0.2 s, forever: each read is quick, the whole never ends
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                while not hits.stop.is_set():
                    self.wfile.write(b"X")
                    self.wfile.flush()
                    hits.stop.wait(0.2)
                return None
            if path == "/slow":
                hits.stop.wait(5)
            if path == "/hold":
                with hits.lock:
                    hits.holding += 1
                    hits.max_holding = max(hits.max_holding, hits.holding)
                time.sleep(0.2)
                with hits.lock:
                    hits.holding -= 1
            if path in ("/ok", "/flaky", "/head-not-allowed", "/slow", "/hold"):
                return self.reply(method, 200)
            return self.reply(method, 404)

        def reply(self, method: str, code: int, location: str | None = None) -> None:
            body = b"hello\n" if method == "GET" else b""
            self.send_response(code)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@dataclass
class Server:
    base: str
    hits: Hits


@pytest.fixture
def serve() -> Iterator[Callable[[Hits | None], Server]]:
    """Start servers on 127.0.0.1 (port 0); several may share one Hits."""
    started: list[tuple[ThreadingHTTPServer, Hits]] = []

    def start(hits: Hits | None = None) -> Server:
        hits = hits or Hits()
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(hits))
        threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True).start()
        started.append((httpd, hits))
        return Server(f"http://127.0.0.1:{httpd.server_address[1]}", hits)

    yield start
    for httpd, hits in started:
        hits.stop.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def server(serve: Callable[[Hits | None], Server]) -> Server:
    return serve(None)


@pytest.fixture
def refused_url() -> str:
    """An address where nothing listens: a port just bound and released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/ok"


# --- checking one link ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "code", "message", "redirects"),
    [
        ("/ok", "ok", 200, "HTTP 200", []),
        ("/moved", "redirected", 200, "redirects (301) to {base}/ok", [(301, "/ok")]),
        (
            "/twice",
            "redirected",
            200,
            "redirects (302, 301) to {base}/ok",
            [(302, "/moved"), (301, "/ok")],
        ),
        ("/missing", "broken", 404, "HTTP 404", []),
        ("/error", "broken", 500, "HTTP 500", []),
        (
            "/moved-missing",
            "broken",
            404,
            "HTTP 404 at {base}/missing",
            [(301, "/missing")],
        ),
        ("/head-not-allowed", "ok", 200, "HTTP 200", []),
        ("/loop", "error", 302, "more than 3 redirects", [(302, "/loop")] * 4),
        (
            "/to-mailto",
            "error",
            301,
            "HTTP 301 to an address that is not a plain http(s) link",
            [],
        ),
        (
            "/to-junk",
            "error",
            301,
            "HTTP 301 to an address that is not a plain http(s) link",
            [],
        ),
    ],
)
def test_check_url_statuses(
    server: Server,
    path: str,
    status: str,
    code: int,
    message: str,
    redirects: list[tuple[int, str]],
) -> None:
    base = server.base
    hops = tuple((c, t if t.startswith("mailto:") else base + t) for c, t in redirects)
    options = CheckOptions(timeout=2.0, retries=0, per_host_interval=0.0, max_redirects=3)
    result = check_url(base + path, options)
    assert result == LinkResult(
        base + path,
        status,
        code,
        message.format(base=base),
        hops[-1][1] if hops else None,
        hops,
        1,
        reason=REASON_OF[(status, message.split()[0])],
    )


REASON_OF = {
    ("ok", "HTTP"): "ok", ("redirected", "redirects"): "redirected",
    ("broken", "HTTP"): "http-status", ("error", "more"): "too-many-redirects",
    ("error", "HTTP"): "bad-redirect",
}  # fmt: skip


def test_head_refused_falls_back_to_get(server: Server) -> None:
    assert check_url(server.base + "/head-not-allowed", FAST).status == "ok"
    methods = [m for _, m, p, _ in server.hits.requests if p == "/head-not-allowed"]
    assert methods == ["HEAD", "GET"]


def test_requests_name_the_hub(server: Server) -> None:
    check_url(server.base + "/ok", FAST)
    assert [ua for *_, ua in server.hits.requests] == [USER_AGENT]


def test_resolver_redirects_are_not_news(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linkcheck, "RESOLVER_HOSTS", frozenset({"127.0.0.1"}))
    result = check_url(server.base + "/moved", FAST)
    assert (result.status, result.final_url) == ("ok", server.base + "/ok")


def test_refused_connection_is_an_error_after_retries(refused_url: str) -> None:
    options = CheckOptions(timeout=1.0, retries=2, backoff=0.01, per_host_interval=0.0)
    result = check_url(refused_url, options)
    assert (result.status, result.code, result.message, result.attempts) == (
        "error",
        None,
        "connection refused by 127.0.0.1",
        3,
    )


def test_slow_server_times_out_fast(server: Server) -> None:
    options = CheckOptions(timeout=0.3, retries=1, backoff=0.05, per_host_interval=0.0)
    started = time.monotonic()
    result = check_url(server.base + "/slow", options)
    elapsed = time.monotonic() - started
    assert (result.status, result.message, result.attempts) == (
        "error",
        "timed out after 0.3 s at 127.0.0.1",
        2,
    )
    assert len(server.hits.seen("/slow")) == 2
    assert 0.6 <= elapsed < 1.5


@pytest.mark.parametrize(("retries", "status", "attempts"), [(0, "broken", 1), (2, "ok", 2)])
def test_retries_recover_from_a_passing_failure(
    server: Server, retries: int, status: str, attempts: int
) -> None:
    options = CheckOptions(timeout=2.0, retries=retries, backoff=0.1, per_host_interval=0.0)
    result = check_url(server.base + "/flaky", options)
    assert (result.status, result.attempts) == (status, attempts)
    times = server.hits.seen("/flaky")
    assert len(times) == attempts
    assert all(later - earlier >= 0.09 for earlier, later in zip(times, times[1:], strict=False))


def test_backoff_doubles_between_retries(server: Server) -> None:
    options = CheckOptions(timeout=2.0, retries=2, backoff=0.1, per_host_interval=0.0)
    result = check_url(server.base + "/error", options)
    assert (result.status, result.code, result.attempts) == ("broken", 500, 3)
    first, second, third = server.hits.seen("/error")
    assert second - first >= 0.09
    assert third - second >= 0.19


def test_not_found_is_not_retried(server: Server) -> None:
    options = CheckOptions(timeout=2.0, retries=3, backoff=0.01, per_host_interval=0.0)
    assert check_url(server.base + "/missing", options).attempts == 1
    assert [m for _, m, p, _ in server.hits.requests if p == "/missing"] == ["HEAD", "GET"]


# --- many links ----------------------------------------------------------------------------------


def test_per_host_rate_limit_spaces_requests(
    serve: Callable[[Hits | None], Server],
) -> None:
    one, other = serve(None), serve(None)
    urls = [f"{one.base}/ok?n={n}" for n in range(4)] + [f"{other.base}/ok?n={n}" for n in range(4)]
    options = CheckOptions(timeout=2.0, retries=0, per_host_interval=0.2, max_per_host=4)
    started = time.monotonic()
    results = check_links(urls, options, workers=8)
    elapsed = time.monotonic() - started
    assert sorted(results) == sorted(urls)
    assert {r.status for r in results.values()} == {"ok"}
    for server in (one, other):
        times = sorted(t for t, *_ in server.hits.requests)
        assert len(times) == 4
        assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.18
    # the two hosts wait their turns side by side, not one after the other
    assert elapsed < 1.0


@pytest.mark.parametrize(
    ("workers", "max_per_host", "most_at_once"), [(4, 1, 2), (1, 2, 1), (4, 2, 4)]
)
def test_concurrency_overlaps_hosts_within_limits(
    serve: Callable[[Hits | None], Server], workers: int, max_per_host: int, most_at_once: int
) -> None:
    hits = Hits()
    one, other = serve(hits), serve(hits)
    urls = [f"{s.base}/hold?n={n}" for s in (one, other) for n in range(2)]
    options = CheckOptions(timeout=2.0, retries=0, per_host_interval=0.0, max_per_host=max_per_host)
    results = check_links(urls, options, workers=workers)
    assert {r.status for r in results.values()} == {"ok"}
    assert hits.max_holding == most_at_once


def test_order_by_host_takes_hosts_in_turn() -> None:
    urls = [
        "https://a.org/1",
        "https://a.org/2",
        "https://a.org/3",
        "https://b.org/1",
        "http://c.org/",
    ]
    assert order_by_host(urls) == [
        "https://a.org/1",
        "https://b.org/1",
        "http://c.org/",
        "https://a.org/2",
        "https://a.org/3",
    ]


# --- which links ---------------------------------------------------------------------------------


def record(record_id: str, line: int = 1, **fields: object) -> Record:
    lines = {(name,): line + index + 1 for index, name in enumerate(fields)}
    return Record(record_id, "tools", f"data/tools/{record_id}.yaml", line, dict(fields), lines)


def test_collect_links_takes_url_and_doi_and_skips_other_schemes() -> None:
    records = [
        record("b-tool", url=" https://example.org/x ", doi="10.1234/abc"),
        record("a-tool", url="https://example.org/x"),
        record("c-tool", url="ftp://example.org/file", doi=""),
        record("d-tool", title="no link"),
    ]
    assert collect_links(records) == {
        "https://doi.org/10.1234/abc": [
            LinkUse("https://doi.org/10.1234/abc", "b-tool", "data/tools/b-tool.yaml", 3, "doi")
        ],
        "https://example.org/x": [
            LinkUse("https://example.org/x", "a-tool", "data/tools/a-tool.yaml", 2, "url"),
            LinkUse("https://example.org/x", "b-tool", "data/tools/b-tool.yaml", 2, "url"),
        ],
    }


def test_select_links_by_record_id_or_link() -> None:
    links = collect_links(
        [record("a", url="https://a.org/"), record("b", url="https://b.org/", doi="10.1/x")]
    )
    chosen, unknown = select_links(links, ["b", "https://a.org/", "nope"])
    assert sorted(chosen) == ["https://a.org/", "https://b.org/", "https://doi.org/10.1/x"]
    assert unknown == ["nope"]
    assert sorted(select_links(links, ["a"])[0]) == ["https://a.org/"]


# --- the status file ----------------------------------------------------------------------------


def entry(status: str, last_ok: str | None, broken_since: str | None) -> dict[str, object]:
    return {
        "records": ["t"],
        "status": status,
        "code": 200 if status == "ok" else 404,
        "reason": "ok" if status == "ok" else "http-status",
        "final_url": None,
        "redirects": [],
        "last_checked": "2026-11-01",
        "last_ok": last_ok,
        "broken_since": broken_since,
    }


OK = LinkResult("https://x.org/", "ok", 200, "HTTP 200")
GONE = LinkResult("https://x.org/", "broken", 404, "HTTP 404", reason="http-status")
MOVED = LinkResult(
    "https://x.org/", "redirected", 200, "redirects (301) to https://y.org/", "https://y.org/",
    ((301, "https://y.org/"),), reason="redirected",
)  # fmt: skip


@pytest.mark.parametrize(
    ("old", "result", "last_ok", "broken_since"),
    [
        (None, OK, "2026-12-01", None),
        (None, GONE, None, "2026-12-01"),
        (entry("ok", "2026-11-01", None), GONE, "2026-11-01", "2026-12-01"),
        (entry("broken", "2026-10-01", "2026-11-01"), GONE, "2026-10-01", "2026-11-01"),
        (entry("broken", "2026-10-01", "2026-11-01"), OK, "2026-12-01", None),
        (entry("broken", None, "2026-11-01"), MOVED, "2026-12-01", None),
    ],
)
def test_merge_status_keeps_when_a_link_broke(
    old: dict[str, object] | None, result: LinkResult, last_ok: str | None, broken_since: str | None
) -> None:
    previous = {"version": 1, "checked": "2026-11-01", "links": {}}
    if old is not None:
        previous["links"] = {"https://x.org/": old}
    links = {"https://x.org/": [LinkUse("https://x.org/", "t", "data/tools/t.yaml", 5, "url")]}
    merged = merge_status(previous, {"https://x.org/": result}, links, TODAY)
    new = merged["links"]["https://x.org/"]
    assert (new["last_ok"], new["broken_since"], new["last_checked"]) == (
        last_ok,
        broken_since,
        "2026-12-01",
    )
    assert (new["status"], new["code"], new["final_url"]) == (
        result.status,
        result.code,
        result.final_url,
    )
    assert new["redirects"] == [{"code": c, "url": u} for c, u in result.redirects]


def test_merge_status_drops_unused_links_and_keeps_unchecked_ones() -> None:
    previous = {
        "version": 1,
        "checked": "2026-11-01",
        "links": {
            "https://gone.org/": entry("ok", "2026-11-01", None),
            "https://kept.org/": entry("ok", "2026-11-01", None),
        },
    }
    links = {
        "https://kept.org/": [
            LinkUse("https://kept.org/", "k2", "p", 1, "url"),
            LinkUse("https://kept.org/", "k1", "p", 2, "url"),
        ],
        "https://x.org/": [LinkUse("https://x.org/", "t", "p", 3, "url")],
        "https://never.org/": [LinkUse("https://never.org/", "n", "p", 4, "url")],
    }
    merged = merge_status(previous, {"https://x.org/": OK}, links, TODAY)
    assert merged["checked"] == "2026-12-01"
    assert sorted(merged["links"]) == ["https://kept.org/", "https://x.org/"]
    assert merged["links"]["https://kept.org/"] == {
        **entry("ok", "2026-11-01", None),
        "records": ["k1", "k2"],
    }


def test_dump_link_status_is_stable() -> None:
    status = merge_status(
        empty_status(),
        {"https://x.org/": OK},
        {"https://x.org/": [LinkUse("https://x.org/", "t", "p", 1, "url")]},
        TODAY,
    )
    text = dump_link_status(status)
    assert text.endswith("}\n")
    assert text.splitlines()[:3] == ["{", ' "checked": "2026-12-01",', ' "links": {']
    assert dump_link_status(json.loads(text)) == text


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("https://ok.org/", ("ok", "Link checked on 2026-12-01")),
        (
            "https://moved.org/",
            ("redirected", "Link checked on 2026-12-01; it now redirects to another address"),
        ),
        ("https://gone.org/", ("broken", "Link may be broken since 2026-11-20 (HTTP 404)")),
        (
            "https://slow.org/",
            ("broken", "Link may be broken since 2026-11-25 (no answer in time)"),
        ),
        ("https://unknown.org/", None),
    ],
)
def test_link_status_line(link: str, expected: tuple[str, str] | None) -> None:
    def at(status: str, **more: object) -> dict[str, object]:
        return {**entry(status, None, None), "last_checked": "2026-12-01", **more}

    status = {
        "version": 2,
        "checked": "2026-12-01",
        "links": {
            "https://ok.org/": at("ok"),
            "https://moved.org/": at("redirected", final_url="https://new.org/"),
            "https://gone.org/": at("broken", broken_since="2026-11-20"),
            "https://slow.org/": at(
                "error",
                code=None,
                broken_since="2026-11-25",
                reason="timeout",
            ),
        },
    }
    assert link_status_line(status, link) == expected


def test_missing_status_file_is_empty(tmp_path: Path) -> None:
    assert load_link_status(tmp_path / "data" / "link-status.json") == empty_status()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{\n "version": 2,\n "links": {,\n}\n',
            "data/link-status.json:3: file: not valid JSON: Expecting property name enclosed in double quotes",
        ),
        ("[]\n", "data/link-status.json:1: file: the status is a JSON object; found list"),
        (
            '{\n "links": {},\n "version": 1\n}\n',
            "data/link-status.json:3: version: expected 2; found 1",
        ),
        (
            '{\n "links": {\n  "https://x.org/": {\n   "status": "fine"\n  }\n },\n "version": 2\n}\n',
            "data/link-status.json:3: links: https://x.org/: status 'fine' is not one of ok, redirected, broken, error",
        ),
        (
            '{\n "links": {\n  "https://x.org/": {\n   "status": "broken", "reason": "call +1-555-0100"\n  }\n },\n "version": 2\n}\n',
            "data/link-status.json:3: links: https://x.org/: reason 'call +1-555-0100' is not one of ok, redirected, http-status, timeout, refused, host-not-found, tls, not-public, bad-redirect, too-many-redirects, connection",
        ),
        (
            '{\n "links": {\n  "https://x.org/": {\n   "status": "redirected", "final_url": "javascript:alert(1)"\n  }\n },\n "version": 2\n}\n',
            "data/link-status.json:3: links: https://x.org/: final_url is not a plain http(s) address",
        ),
    ],
)
def test_invalid_status_file_names_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "data" / "link-status.json", text)
    with pytest.raises(LinkStatusError) as caught:
        load_link_status(path, tmp_path)
    assert str(caught.value) == message


def test_summary_line() -> None:
    results = [OK, OK, MOVED, GONE, LinkResult("https://z.org/", "error", None, "x")]
    assert summary_line(results) == "checked 5 links: 2 ok, 1 redirected, 1 broken, 1 errors"


# --- the command ---------------------------------------------------------------------------------


def hub_with_links(root: Path, base: str) -> None:
    write(
        root / "data" / "tools" / "example-tool.yaml",
        VALID_TOOL.replace("https://example.org/tool", base + "/ok"),
    )
    broken = VALID_TOOL.replace("example-tool", "broken-tool").replace(
        "https://example.org/tool", base + "/missing"
    )
    write(root / "data" / "tools" / "broken-tool.yaml", broken)
    moved = VALID_TOOL.replace("example-tool", "moved-tool").replace(
        "https://example.org/tool", base + "/moved"
    )
    write(root / "data" / "tools" / "moved-tool.yaml", moved)


def test_run_check_links_end_to_end(scratch_hub: Path, server: Server) -> None:
    base = server.base
    hub_with_links(scratch_hub, base)
    status_path = scratch_hub / "data" / "link-status.json"
    out = io.StringIO()
    code = run_check_links(scratch_hub, per_host_interval=0.0, today=TODAY, out=out, retries=0)
    assert code == 1
    assert out.getvalue().splitlines() == [
        f"data/tools/broken-tool.yaml:5: url: {base}/missing: HTTP 404",
        f"data/tools/moved-tool.yaml:5: url: warning: {base}/moved: redirects (301) to {base}/ok",
        "checked 3 links: 1 ok, 1 redirected, 1 broken, 0 errors",
    ]
    status = load_link_status(status_path)
    assert status["checked"] == "2026-12-01"
    assert {url: e["status"] for url, e in status["links"].items()} == {
        f"{base}/missing": "broken",
        f"{base}/moved": "redirected",
        f"{base}/ok": "ok",
    }
    assert link_status_line(status, f"{base}/missing") == (
        "broken",
        "Link may be broken since 2026-12-01 (HTTP 404)",
    )

    # a day later: still broken since the first day; the record that moved is fixed and gone
    (scratch_hub / "data" / "tools" / "moved-tool.yaml").unlink()
    later = dt.date(2026, 12, 2)
    assert run_check_links(scratch_hub, per_host_interval=0.0, today=later, out=io.StringIO()) == 1
    status = load_link_status(status_path)
    assert sorted(status["links"]) == [f"{base}/missing", f"{base}/ok"]
    missing = status["links"][f"{base}/missing"]
    assert (missing["broken_since"], missing["last_checked"]) == ("2026-12-01", "2026-12-02")
    assert status_path.read_text(encoding="utf-8") == dump_link_status(status)


def test_progress_is_reported_while_checking(
    scratch_hub: Path, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub_with_links(scratch_hub, server.base)
    monkeypatch.setattr(linkcheck, "PROGRESS_EVERY", 1)
    out = io.StringIO()
    run_check_links(scratch_hub, per_host_interval=0.0, retries=0, out=out)
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["checked 1/3 links", "checked 2/3 links"]
    assert lines[-1] == "checked 3 links: 1 ok, 1 redirected, 1 broken, 0 errors"


def test_cli_options_check_only_what_is_named(scratch_hub: Path, server: Server) -> None:
    hub_with_links(scratch_hub, server.base)
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    status_file = scratch_hub / "elsewhere.json"
    args = parser.parse_args(
        [
            "example-tool",
            "--workers",
            "2",
            "--timeout",
            "1",
            "--retries",
            "0",
            "--per-host-interval",
            "0",
            "--status-file",
            str(status_file),
        ]
    )
    assert run_from_args(scratch_hub, args) == 0
    assert sorted(load_link_status(status_file)["links"]) == [server.base + "/ok"]
    assert [p for _, _, p, _ in server.hits.requests] == ["/ok"]
    assert not (scratch_hub / "data" / "link-status.json").exists()


def test_unknown_names_stop_before_checking(
    scratch_hub: Path, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    hub_with_links(scratch_hub, server.base)
    assert run_check_links(scratch_hub, only=["no-such-tool"], out=io.StringIO()) == 2
    assert capsys.readouterr().err == (
        "check-links: 'no-such-tool': neither a record id nor a link of one\n"
    )
    assert server.hits.requests == []
    assert not (scratch_hub / "data" / "link-status.json").exists()


# --- record pages show the status file ---------------------------------------------------------


def test_record_pages_show_link_health_from_the_status_file(scratch_hub: Path) -> None:
    from wpshub.site.catalogue import HubError, load_hub
    from wpshub.site.render import Context, render_record_page

    write(scratch_hub / "data" / "tools" / "example-tool.yaml", VALID_TOOL)
    hub = load_hub(scratch_hub)
    record = hub.records[0]
    assert "wps-linkcheck" not in render_record_page(record, hub, Context()).html
    status = {
        "version": 2,
        "checked": "2026-11-30",
        "links": {
            "https://example.org/tool": {
                "records": ["example-tool"], "status": "broken", "code": 404,
                "reason": "http-status", "final_url": None, "redirects": [],
                "last_checked": "2026-11-30", "last_ok": "2026-11-01",
                "broken_since": "2026-11-20",
            }
        },
    }  # fmt: skip
    path = scratch_hub / "data" / "link-status.json"
    path.write_text(json.dumps(status), encoding="utf-8")
    html = render_record_page(record, load_hub(scratch_hub), Context()).html
    assert (
        '<p class="wps-linkcheck wps-linkcheck--broken">'
        "Link may be broken since 2026-11-20 (HTTP 404)</p>"
    ) in html
    status["links"]["https://example.org/tool"].update(status="ok", broken_since=None, code=200)
    path.write_text(json.dumps(status), encoding="utf-8")
    html = render_record_page(record, load_hub(scratch_hub), Context()).html
    assert "Link checked on 2026-11-30</p>" in html
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(HubError, match=r"data/link-status.json:1: file: not valid JSON"):
        load_hub(scratch_hub)


# --- trust: what the checker refuses to reach, wait for, or repeat ----------------------------


@pytest.mark.parametrize(
    "form",
    ["127.0.0.1", "[::1]", "2130706433", "0x7f000001", "localhost", "127.1"],
)
def test_loopback_is_refused_in_every_form_without_permission(
    server: Server, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    monkeypatch.delenv("WPSHUB_ALLOW_LOOPBACK")
    port = server.base.rsplit(":", 1)[1]
    result = check_url(f"http://{form}:{port}/ok", FAST)
    assert (result.status, result.reason) == ("error", "not-public")
    assert server.hits.requests == []


@pytest.mark.parametrize(
    "url", ["http://169.254.169.254/latest/", "http://10.0.0.1/", "http://192.168.1.1/",
            "http://172.16.0.1/", "http://[fe80::1]/", "http://0.0.0.0/", "http://[::ffff:10.0.0.1]/",
            # 6to4, NAT64 and Teredo addresses that wrap a private or loopback one
            "http://[2002:a00:1::]/", "http://[64:ff9b::a00:1]/", "http://[64:ff9b::7f00:1]/",
            "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/"],
)  # fmt: skip
def test_private_link_local_and_reserved_addresses_are_refused_before_connecting(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WPSHUB_ALLOW_LOOPBACK", "1")  # which allows 127.0.0.1 and ::1 only

    def no_connection(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the checker tried to connect for {url}")

    monkeypatch.setattr(linkcheck, "_connect", no_connection)
    result = check_url(url, FAST)
    assert (result.status, result.reason) == ("error", "not-public")


@pytest.mark.parametrize("path", ["/to-metadata", "/to-private"])
def test_a_redirect_to_a_private_address_is_refused(
    server: Server, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    connected: list[object] = []
    real = linkcheck._connect

    def watch(family: int, sockaddr: tuple[object, ...], timeout: float) -> socket.socket:
        connected.append(sockaddr[0])
        return real(family, sockaddr, timeout)

    monkeypatch.setattr(linkcheck, "_connect", watch)
    result = check_url(server.base + path, FAST)
    assert (result.status, result.reason) == ("error", "not-public")
    assert connected == ["127.0.0.1"]  # the first hop only


def test_a_dribbling_server_cannot_hold_a_check_past_its_deadline(server: Server) -> None:
    options = CheckOptions(timeout=1.0, deadline=1.0, retries=0, per_host_interval=0.0)
    started = time.monotonic()
    result = check_url(server.base + "/drip", options)
    assert (result.status, result.reason, result.message) == (
        "error", "timeout", "took longer than 1 s at 127.0.0.1",
    )  # fmt: skip
    assert time.monotonic() - started < 2.5


def test_a_servers_words_are_never_stored_or_shown(scratch_hub: Path, server: Server) -> None:
    write(
        scratch_hub / "data" / "tools" / "example-tool.yaml",
        VALID_TOOL.replace("https://example.org/tool", server.base + "/chatty"),
    )
    out = io.StringIO()
    assert run_check_links(scratch_hub, per_host_interval=0.0, retries=0, out=out, today=TODAY) == 1
    status_text = (scratch_hub / "data" / "link-status.json").read_text(encoding="utf-8")
    assert "555" not in status_text and "555" not in out.getvalue()
    status = load_link_status(scratch_hub / "data" / "link-status.json")
    assert link_status_line(status, server.base + "/chatty") == (
        "broken", "Link may be broken since 2026-12-01 (HTTP 404)",
    )  # fmt: skip


def many_links(root: Path, base: str, paths: list[str]) -> None:
    for index, path in enumerate(paths):
        write(
            root / "data" / "tools" / f"tool-{index}.yaml",
            VALID_TOOL.replace("example-tool", f"tool-{index}").replace(
                "https://example.org/tool", f"{base}{path}"
            ),
        )


def test_a_killed_run_keeps_what_it_checked(scratch_hub: Path, server: Server) -> None:
    import os
    import signal
    import subprocess
    import sys

    many_links(scratch_hub, server.base, [f"/ok?n={i}" for i in range(12)] + ["/drip"])
    status_path = scratch_hub / "data" / "link-status.json"
    command = [sys.executable, "-m", "wpshub.tools.cli", "--root", str(scratch_hub), "check-links",
               "--per-host-interval", "0", "--max-per-host", "4", "--workers", "4", "--retries",
               "0", "--deadline", "60"]  # fmt: skip
    process = subprocess.Popen(command, env={**os.environ, "WPSHUB_ALLOW_LOOPBACK": "1"})
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not status_path.exists():
            time.sleep(0.1)
        time.sleep(0.5)
        assert process.poll() is None, "the run ended by itself: the drip link should hold it"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    links = load_link_status(status_path)["links"]
    assert len([u for u, e in links.items() if e["status"] == "ok"]) >= 10


def test_a_per_host_budget_spreads_links_over_runs(scratch_hub: Path, server: Server) -> None:
    many_links(scratch_hub, server.base, [f"/ok?n={i}" for i in range(5)])
    status_path = scratch_hub / "data" / "link-status.json"
    seen: list[set[str]] = []
    for day in range(3):
        out = io.StringIO()
        today = TODAY + dt.timedelta(days=day)
        code = run_check_links(
            scratch_hub, per_host_interval=0.0, retries=0, per_host_budget=2, today=today, out=out
        )
        assert code == 0
        links = load_link_status(status_path)["links"]
        seen.append({u for u, e in links.items() if e["last_checked"] == today.isoformat()})
        assert len(seen[-1]) == 2
        assert "left for the next run: 3 links (3 over the budget of 2 per host)" in out.getvalue()
    assert len(seen[0] | seen[1]) == 4  # the second night takes links never checked
    assert seen[2] & seen[0]  # the third, the fifth link and one checked longest ago


def test_a_run_starts_no_check_after_its_time_is_up(scratch_hub: Path, server: Server) -> None:
    many_links(scratch_hub, server.base, [f"/hold?n={i}" for i in range(6)])
    out = io.StringIO()
    started = time.monotonic()
    run_check_links(
        scratch_hub, per_host_interval=0.0, retries=0, workers=1, max_minutes=0.005, out=out
    )
    assert time.monotonic() - started < 1.5
    lines = out.getvalue().splitlines()
    assert lines[-2].startswith("left for the next run: ") and "not reached in" in lines[-2]
    links = load_link_status(scratch_hub / "data" / "link-status.json")["links"]
    assert 1 <= len(links) < 6

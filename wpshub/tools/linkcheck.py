"""The link checker: every record's `url` and DOI, checked concurrently and politely.

`wpshub check-links` runs `run_from_args`; the nightly workflow commits the status file
(data/link-status.json) it writes, and record pages show `link_status_line` from it.
Only the standard library talks HTTP: HEAD first, GET when a server refuses HEAD, each
redirect hop recorded, retries with exponential backoff, at most one request per host
every `per_host_interval` seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import ipaddress
import os
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote, urljoin, urlsplit

from ..data.linkstatus import (
    STATUS_FILE,
    STATUS_VERSION,
    STATUSES,
    LinkStatusError,
    clean_url,
    is_checkable,
    load_link_status,
    write_link_status,
)
from ..data.records import Problem, Record
from ..data.validate import check_hub
from ..data.vocab import VocabularyError
from ..data.yamlload import YamlError

USER_AGENT = "wps-hub-link-checker/1 (+repository link-checker)"
DOI_RESOLVER = "https://doi.org/"
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
# Servers that answer these to HEAD often serve the page to GET; 501 is "method not implemented".
HEAD_REFUSED = frozenset({400, 401, 403, 404, 405, 406, 410, 501})
# Worth another try later: the server is busy or having a bad moment.
RETRY_CODES = frozenset({408, 429, 500, 502, 503, 504})
# Redirecting is what these hosts are for, so their redirects are not news.
RESOLVER_HOSTS = frozenset({"doi.org", "dx.doi.org", "hdl.handle.net"})
MAX_RETRY_AFTER = 30.0
# tests serve on 127.0.0.1 and set this; nothing else may reach loopback, and nobody private,
# link-local or reserved addresses
ALLOW_LOOPBACK = "WPSHUB_ALLOW_LOOPBACK"
SAVE_EVERY = 10
PROGRESS_EVERY = 25
# Characters left alone when a request target is percent-encoded: RFC 3986 reserved + unreserved.
SAFE_IN_TARGET = "/?#[]@!$&'()*+,;=:-._~%"


@dataclass(frozen=True)
class LinkUse:
    """Where a record names a link: the record, its file and line, and the field."""

    url: str
    record_id: str
    path: str
    line: int
    field: str


@dataclass(frozen=True)
class CheckOptions:
    """How politely and patiently to check: timeouts, retries, per-host limits."""

    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0
    per_host_interval: float = 1.0
    max_per_host: int = 2
    max_redirects: int = 10
    user_agent: str = USER_AGENT
    deadline: float = 30.0  # seconds one request may take in all, however the server dribbles


@dataclass(frozen=True)
class LinkResult:
    """What checking one link found; `redirects` lists each hop as (code, target)."""

    url: str
    status: str
    code: int | None
    message: str
    final_url: str | None = None
    redirects: tuple[tuple[int, str], ...] = ()
    attempts: int = 1
    reason: str = "ok"

    @property
    def works(self) -> bool:
        return self.status in ("ok", "redirected")


@dataclass
class HostLimiter:
    """Spaces requests to one host by `interval` seconds and caps how many run at once."""

    interval: float
    max_concurrent: int = 2
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next_slot: dict[str, float] = field(default_factory=dict)
    _gates: dict[str, threading.BoundedSemaphore] = field(default_factory=dict)

    def gate(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._gates:
                self._gates[host] = threading.BoundedSemaphore(max(1, self.max_concurrent))
            return self._gates[host]

    def wait_turn(self, host: str) -> None:
        """Reserve the host's next free start time, then sleep until it comes."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


# --- which links ------------------------------------------------------------------------------


def collect_links(records: Iterable[Record]) -> dict[str, list[LinkUse]]:
    """Link -> where records use it: each record's `url`, and https://doi.org/<doi> for a `doi`."""
    links: dict[str, list[LinkUse]] = {}
    for record in records:
        for name, url in _record_links(record):
            if is_checkable(url):
                use = LinkUse(url, record.id, record.path, record.line_of(name), name)
                links.setdefault(url, []).append(use)
    return {url: sorted(uses, key=_use_order) for url, uses in sorted(links.items())}


def _record_links(record: Record) -> Iterator[tuple[str, str]]:
    url = record.get("url")
    if isinstance(url, str) and url.strip():
        yield "url", url.strip()
    doi = record.get("doi")
    if isinstance(doi, str) and doi.strip():
        yield "doi", DOI_RESOLVER + doi.strip()


def _use_order(use: LinkUse) -> tuple[str, int, str, str]:
    return (use.path, use.line, use.field, use.record_id)


def select_links(
    links: dict[str, list[LinkUse]], only: Iterable[str]
) -> tuple[dict[str, list[LinkUse]], list[str]]:
    """The links named by `only` (record ids or links), and the names that match nothing."""
    wanted = set(only)
    chosen = {
        url: uses
        for url, uses in links.items()
        if url in wanted or any(use.record_id in wanted for use in uses)
    }
    known = set(links) | {use.record_id for uses in links.values() for use in uses}
    return chosen, sorted(wanted - known)


def order_by_host(urls: Iterable[str]) -> list[str]:
    """Round-robin over hosts, so one busy host does not hold every worker waiting its turn."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(_host_key(url), []).append(url)
    queues = [by_host[host] for host in sorted(by_host)]
    ordered: list[str] = []
    for index in range(max((len(q) for q in queues), default=0)):
        ordered.extend(q[index] for q in queues if index < len(q))
    return ordered


def _host_key(url: str) -> str:
    return urlsplit(url).netloc.lower()


# --- checking ---------------------------------------------------------------------------------


def check_url(url: str, options: CheckOptions, limiter: HostLimiter | None = None) -> LinkResult:
    """Check one link, retrying timeouts, dropped connections, 429 and 5xx with backoff."""
    limiter = limiter or HostLimiter(options.per_host_interval, options.max_per_host)
    result = LinkResult(url, "error", None, "not checked")
    for attempt in range(max(0, options.retries) + 1):
        result, retry_after = _attempt(url, options, limiter)
        result = replace(result, attempts=attempt + 1)
        if retry_after is None or attempt >= options.retries:
            break
        time.sleep(max(options.backoff * 2**attempt, retry_after))
    return result


def _attempt(
    url: str, options: CheckOptions, limiter: HostLimiter
) -> tuple[LinkResult, float | None]:
    """Follow one chain of redirects; also say how long to wait first if it is worth retrying."""
    current = url
    hops: list[tuple[int, str]] = []
    while True:
        try:
            code, location, retry_after = _request_hop(current, options, limiter)
        except NotPublic as exc:
            return _failed(url, hops, "error", None, "not-public", str(exc)), None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            reason, message = _describe_error(exc, current, options)
            result = _failed(url, hops, "error", None, reason, message)
            return result, (0.0 if _is_transient(exc) else None)
        if code in REDIRECT_CODES and location:
            target = clean_url(urljoin(current, location.strip()))
            if target is None:
                message = f"HTTP {code} to an address that is not a plain http(s) link"
                return _failed(url, hops, "error", code, "bad-redirect", message), None
            hops.append((code, target))
            if len(hops) > options.max_redirects:
                message = f"more than {options.max_redirects} redirects"
                return _failed(url, hops, "error", code, "too-many-redirects", message), None
            current = target
            continue
        if 200 <= code < 300:
            return _succeeded(url, hops, code), None
        message = f"HTTP {code}" + (f" at {current}" if hops else "")
        result = _failed(url, hops, "broken", code, "http-status", message)
        return result, (retry_after if code in RETRY_CODES else None)


def _succeeded(url: str, hops: list[tuple[int, str]], code: int) -> LinkResult:
    if not hops:
        return LinkResult(url, "ok", code, f"HTTP {code}")
    final = hops[-1][1]
    if (urlsplit(url).hostname or "") in RESOLVER_HOSTS:
        return LinkResult(url, "ok", code, f"HTTP {code}", final, tuple(hops))
    codes = ", ".join(str(hop_code) for hop_code, _ in hops)
    message = f"redirects ({codes}) to {final}"
    return LinkResult(url, "redirected", code, message, final, tuple(hops), reason="redirected")


def _failed(
    url: str,
    hops: list[tuple[int, str]],
    status: str,
    code: int | None,
    reason: str,
    message: str,
) -> LinkResult:
    final = hops[-1][1] if hops else None
    return LinkResult(url, status, code, message, final, tuple(hops), reason=reason)


def _request_hop(
    url: str, options: CheckOptions, limiter: HostLimiter
) -> tuple[int, str | None, float]:
    """One hop: HEAD, then GET if the server will not answer HEAD; (code, Location, wait)."""
    code, location, retry_after = _request(url, "HEAD", options, limiter)
    if code in HEAD_REFUSED:
        code, location, retry_after = _request(url, "GET", options, limiter)
    return code, location, retry_after


class NotPublic(ValueError):
    """The host resolves to an address the checker must not reach."""


class DeadlineExceeded(TimeoutError):
    """The whole request took longer than its deadline."""


def public_address(host: str, port: int) -> tuple[int, tuple[Any, ...]]:
    """The (family, socket address) to connect to for `host`, after name resolution; refuses
    loopback, private, link-local, reserved and multicast addresses (loopback only with
    WPSHUB_ALLOW_LOOPBACK=1, which the tests set), whatever form the host was written in."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not infos:
        raise socket.gaierror(f"no address for {host}")
    loopback_allowed = os.environ.get(ALLOW_LOOPBACK) == "1"
    for _family, _, _, _, sockaddr in infos:
        written = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        address = embedded_ipv4(written)
        # the tests' permission covers this machine's own loopback (127.x, ::1 and its
        # IPv4-mapped form), never a 6to4, Teredo or NAT64 address that wraps 127.0.0.1
        own_loopback = written.is_loopback or getattr(written, "ipv4_mapped", None) == address
        if address.is_loopback and own_loopback and loopback_allowed:
            continue
        if not address.is_global or address.is_multicast or written.is_multicast:
            raise NotPublic(f"{host} is not a public address; the checker reaches none")
    family, _, _, _, sockaddr = infos[0]
    return family, sockaddr


NAT64 = ipaddress.ip_network("64:ff9b::/96")


def embedded_ipv4(address: ipaddress.IPv4Address | ipaddress.IPv6Address):
    """The IPv4 address an IPv6 one carries (IPv4-mapped, 6to4, Teredo's client, NAT64), which
    is where a packet to it ends up; else the address itself."""
    if isinstance(address, ipaddress.IPv4Address):
        return address
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def _connect(family: int, sockaddr: tuple[Any, ...], timeout: float) -> socket.socket:
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(sockaddr)
    except BaseException:
        sock.close()
        raise
    return sock


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address that was checked, never to a second lookup's answer."""

    def __init__(self, host: str, port: int | None, address: tuple[int, Any], **kw: Any):
        super().__init__(host, port, **kw)
        self._address = address

    def connect(self) -> None:
        self.sock = _connect(*self._address, self.timeout)  # type: ignore[arg-type]


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int | None, address: tuple[int, Any], **kw: Any):
        super().__init__(host, port, **kw)
        self._address = address

    def connect(self) -> None:
        sock = _connect(*self._address, self.timeout)  # type: ignore[arg-type]
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def pinned_connection(url: str, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    """A connection to `url`'s host, pinned to the public address `public_address` checked
    (never a second lookup's answer), and the percent-encoded request target."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = public_address(host, port)
    kwargs: dict[str, Any] = {"timeout": timeout}
    if parts.scheme == "https":
        kwargs["context"] = _tls_context()
    connection_class = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    target = quote(parts.path or "/", safe=SAFE_IN_TARGET)
    if parts.query:
        target += "?" + quote(parts.query, safe=SAFE_IN_TARGET)
    return connection_class(host, parts.port, address, **kwargs), target


@contextmanager
def deadline_for(
    connection: http.client.HTTPConnection, seconds: float
) -> Iterator[threading.Event]:
    """Cut `connection` after `seconds` in all: a server that sends one byte at a time never
    trips the per-read timeout. The event says whether the deadline struck."""
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        sock = connection.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    watchdog = threading.Timer(seconds, expire)
    watchdog.daemon = True
    watchdog.start()
    try:
        yield expired
    finally:
        watchdog.cancel()
        connection.close()


def _request(
    url: str, method: str, options: CheckOptions, limiter: HostLimiter
) -> tuple[int, str | None, float]:
    headers = {
        "User-Agent": options.user_agent,
        "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
        "Accept-Language": "en",
    }
    with limiter.gate(_host_key(url)):
        limiter.wait_turn(_host_key(url))
        connection, target = pinned_connection(url, min(options.timeout, options.deadline))
        with deadline_for(connection, options.deadline) as expired:
            try:
                connection.request(method, target, headers=headers)
                response = connection.getresponse()
                if expired.is_set():  # the answer was cut short: whatever was parsed is not it
                    raise DeadlineExceeded()
                location = response.getheader("Location")
                retry_after = _retry_after(response.getheader("Retry-After"))
                return response.status, location, retry_after
            except DeadlineExceeded:
                raise
            except (OSError, http.client.HTTPException) as exc:
                if expired.is_set():
                    raise DeadlineExceeded() from exc
                raise


@cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context for every request: loading the CA store is slow."""
    return ssl.create_default_context()


def _retry_after(value: str | None) -> float:
    """Seconds a server asks us to wait (numeric form only), capped so a run still ends."""
    try:
        return min(max(float(value or 0), 0.0), MAX_RETRY_AFTER)
    except ValueError:
        return 0.0


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return False
    return isinstance(
        exc, (TimeoutError, ConnectionError, socket.gaierror, http.client.HTTPException)
    )


def _describe_error(exc: BaseException, url: str, options: CheckOptions) -> tuple[str, str]:
    """(reason, message) for a failed request; the message holds no text from the server."""
    host = urlsplit(url).hostname or url
    if isinstance(exc, DeadlineExceeded):
        return "timeout", f"took longer than {options.deadline:g} s at {host}"
    if isinstance(exc, TimeoutError):
        return "timeout", f"timed out after {min(options.timeout, options.deadline):g} s at {host}"
    if isinstance(exc, ConnectionRefusedError):
        return "refused", f"connection refused by {host}"
    if isinstance(exc, socket.gaierror):
        return "host-not-found", f"host not found: {host}"
    if isinstance(exc, ssl.SSLError):
        return "tls", f"TLS certificate problem at {host}"
    return "connection", f"cannot connect to {host}: {exc.__class__.__name__}"


def check_links(
    urls: Iterable[str],
    options: CheckOptions,
    *,
    workers: int = 8,
    on_result: Callable[[LinkResult], None] | None = None,
    stop_at: float | None = None,
) -> dict[str, LinkResult]:
    """Check links concurrently, sharing one per-host limiter; link -> result. No link is
    started after `stop_at` (a `time.monotonic()` value): those are left for the next run."""
    limiter = HostLimiter(options.per_host_interval, options.max_per_host)
    results: dict[str, LinkResult] = {}

    def task(url: str) -> LinkResult | None:
        if stop_at is not None and time.monotonic() >= stop_at:
            return None
        return check_url(url, options, limiter)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(task, url) for url in order_by_host(urls)]
        for future in as_completed(futures):
            result = future.result()
            if result is None:
                continue
            results[result.url] = result
            if on_result is not None:
                on_result(result)
    return dict(sorted(results.items()))


def plan_run(
    links: Iterable[str], previous: dict[str, Any], per_host_budget: int | None
) -> tuple[list[str], list[str]]:
    """(links to check now, links left for later runs): at most `per_host_budget` per host,
    those never checked first, then those checked longest ago, so that the thousands of DOIs
    that share doi.org are spread over several nights instead of filling one."""
    old = previous.get("links", {})
    by_host: dict[str, list[str]] = {}
    for url in links:
        by_host.setdefault(_host_key(url), []).append(url)
    now: list[str] = []
    later: list[str] = []
    for host in sorted(by_host):
        queue = sorted(
            by_host[host], key=lambda u: (str(old.get(u, {}).get("last_checked") or ""), u)
        )
        cut = len(queue) if per_host_budget is None else max(0, per_host_budget)
        now.extend(queue[:cut])
        later.extend(queue[cut:])
    return sorted(now), sorted(later)


# --- the status file ----------------------------------------------------------------------------


def merge_status(
    previous: dict[str, Any],
    results: dict[str, LinkResult],
    links: dict[str, list[LinkUse]],
    today: dt.date,
) -> dict[str, Any]:
    """The new status: fresh results, earlier entries for links not checked now, unused links gone."""
    old_links = previous.get("links", {})
    merged: dict[str, Any] = {}
    for url, uses in sorted(links.items()):
        record_ids = sorted({use.record_id for use in uses})
        if url in results:
            merged[url] = _entry(results[url], old_links.get(url), record_ids, today)
        elif url in old_links:
            merged[url] = {**old_links[url], "records": record_ids}
    return {"version": STATUS_VERSION, "checked": today.isoformat(), "links": merged}


def _entry(
    result: LinkResult, old: dict[str, Any] | None, record_ids: list[str], today: dt.date
) -> dict[str, Any]:
    old = old or {}
    if result.works:
        last_ok, broken_since = today.isoformat(), None
    else:
        last_ok = old.get("last_ok")
        broken_since = old.get("broken_since") or today.isoformat()
    return {
        "records": record_ids,
        "status": result.status,
        "code": result.code,
        "reason": result.reason,
        "final_url": result.final_url,
        "redirects": [{"code": code, "url": target} for code, target in result.redirects],
        "last_checked": today.isoformat(),
        "last_ok": last_ok,
        "broken_since": broken_since,
    }


# --- the command --------------------------------------------------------------------------------


def result_problems(result: LinkResult, uses: list[LinkUse]) -> Iterator[Problem]:
    """A failed link is an error at each use; a redirect a warning; a working link nothing."""
    if result.status == "ok":
        return
    warning = result.status == "redirected"
    for use in uses:
        message = f"{result.url}: {result.message}"
        yield Problem(use.path, use.line, use.field, message, "warning" if warning else "error")


def summary_line(results: Iterable[LinkResult]) -> str:
    """One line: how many links and how each fared."""
    counts = dict.fromkeys(STATUSES, 0)
    for result in results:
        counts[result.status] += 1
    total = sum(counts.values())
    return (
        f"checked {total} links: {counts['ok']} ok, {counts['redirected']} redirected, "
        f"{counts['broken']} broken, {counts['error']} errors"
    )


def run_check_links(
    root: Path,
    *,
    only: list[str] | None = None,
    workers: int = 8,
    timeout: float = 10.0,
    retries: int = 2,
    per_host_interval: float = 1.0,
    max_per_host: int = 2,
    backoff: float = 1.0,
    deadline: float = 30.0,
    per_host_budget: int | None = None,
    max_minutes: float | None = None,
    status_path: Path | None = None,
    today: dt.date | None = None,
    out: TextIO | None = None,
) -> int:
    """Check the hub's links, writing the status file as results come in (a killed run keeps
    what it checked); exit 1 if any is broken, 2 on bad input."""
    out = out or sys.stdout
    status_path = status_path or root / STATUS_FILE
    today = today or dt.date.today()
    try:
        previous = load_link_status(status_path, root)
        records = check_hub(root).records
    except (LinkStatusError, VocabularyError, YamlError) as exc:
        print(exc, file=sys.stderr)
        return 2
    links = collect_links(records)
    chosen = links
    if only:
        chosen, unknown = select_links(links, only)
        if unknown:
            names = ", ".join(repr(name) for name in unknown)
            print(f"check-links: {names}: neither a record id nor a link of one", file=sys.stderr)
            return 2
    now, later = plan_run(chosen, previous, per_host_budget)
    options = CheckOptions(
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        per_host_interval=per_host_interval,
        max_per_host=max_per_host,
        deadline=deadline,
    )
    stop_at = time.monotonic() + max_minutes * 60 if max_minutes is not None else None
    done: dict[str, LinkResult] = {}
    lock = threading.Lock()

    def save() -> None:
        write_link_status(status_path, merge_status(previous, done, links, today))

    def progress(result: LinkResult) -> None:
        with lock:
            done[result.url] = result
            if len(done) % SAVE_EVERY == 0:
                save()
            if len(done) % PROGRESS_EVERY == 0 and len(done) < len(now):
                print(f"checked {len(done)}/{len(now)} links", file=out, flush=True)

    results = check_links(now, options, workers=workers, on_result=progress, stop_at=stop_at)
    problems = sorted(p for url, r in results.items() for p in result_problems(r, chosen[url]))
    for problem in problems:
        print(problem, file=out)
    save()
    left = [url for url in now if url not in results] + later
    if left:
        why = []
        if later:
            why.append(f"{len(later)} over the budget of {per_host_budget} per host")
        if len(left) > len(later):
            why.append(f"{len(left) - len(later)} not reached in {max_minutes:g} minutes")
        print(f"left for the next run: {len(left)} links ({'; '.join(why)})", file=out)
    print(summary_line(results.values()), file=out)
    return 0 if all(result.works for result in results.values()) else 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `check-links` options: what to check, how fast, where the status file lives."""
    defaults = CheckOptions()
    parser.add_argument(
        "only",
        nargs="*",
        metavar="ID_OR_URL",
        help="check only these record ids or links (default: every record's url and DOI)",
    )
    parser.add_argument("--workers", type=int, default=8, help="links checked at once (default: 8)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=defaults.timeout,
        help=f"seconds to wait for a connection or an answer (default: {defaults.timeout:g})",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=defaults.retries,
        help=f"retries after a timeout, dropped connection, 429 or 5xx (default: {defaults.retries})",
    )
    parser.add_argument(
        "--backoff",
        type=float,
        default=defaults.backoff,
        help=f"seconds before the first retry, doubling each time (default: {defaults.backoff:g})",
    )
    parser.add_argument(
        "--per-host-interval",
        type=float,
        default=defaults.per_host_interval,
        help=f"seconds between requests to one host (default: {defaults.per_host_interval:g})",
    )
    parser.add_argument(
        "--max-per-host",
        type=int,
        default=defaults.max_per_host,
        help=f"requests open at once to one host (default: {defaults.max_per_host})",
    )
    parser.add_argument(
        "--deadline",
        type=float,
        default=defaults.deadline,
        help=f"seconds one request may take in all (default: {defaults.deadline:g})",
    )
    parser.add_argument(
        "--per-host-budget",
        type=int,
        help="links checked per host in one run, those checked longest ago first (default: all)",
    )
    parser.add_argument(
        "--max-minutes",
        type=float,
        help="start no new check after this many minutes; the rest waits for the next run",
    )
    parser.add_argument(
        "--status-file", help=f"status file to read and update (default: {STATUS_FILE.as_posix()})"
    )


def run_from_args(root: Path, args: argparse.Namespace) -> int:
    """Run `check-links` with the options `add_arguments` parsed."""
    return run_check_links(
        root,
        only=list(args.only) or None,
        workers=args.workers,
        timeout=args.timeout,
        retries=args.retries,
        per_host_interval=args.per_host_interval,
        max_per_host=args.max_per_host,
        backoff=args.backoff,
        deadline=args.deadline,
        per_host_budget=args.per_host_budget,
        max_minutes=args.max_minutes,
        status_path=Path(args.status_file).resolve() if args.status_file else None,
    )

"""`wpshub fetch-documents`: download each record's document, extract its text, store it.

For every record with a `url` (and each entry of a record's `documents:` list), the document
is fetched as politely as the link checker fetches (one request per host every
`per_host_interval` seconds, at most two at once, a deadline per request, robots.txt obeyed,
loopback, private and link-local addresses refused), and its text is extracted: pypdf for a
PDF, page by page, and for an HTML page the text of its main content. The text and a sidecar
go to data/documents/ (see wpshub.data.documents). A document whose bytes have not changed is
not rewritten; a failed fetch keeps the old text and is reported at the record's line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import http.client
import io
import re
import sys
import threading
import time
import unicodedata
import urllib.robotparser
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TextIO
from urllib.parse import urljoin, urlsplit

import yaml

from ..data.documents import (
    DOCUMENTS_DIR,
    PAGE_BREAK,
    SIDECAR_HEADER,
    Document,
    load_documents,
    record_documents,
    text_file_name,
)
from ..data.linkstatus import clean_url, is_checkable
from ..data.records import Problem, Record, terminal_safe
from ..data.validate import check_hub
from ..data.vocab import VocabularyError
from ..data.yamlload import YamlError
from .linkcheck import (
    REDIRECT_CODES,
    DeadlineExceeded,
    HostLimiter,
    NotPublic,
    deadline_for,
    pinned_connection,
)

USER_AGENT = "wps-hub-documents/1 (+repository fetch-documents)"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_RUN_BYTES = 500 * 1024 * 1024
MAX_ROBOTS_BYTES = 512 * 1024
MAX_REDIRECTS = 10
READ_CHUNK = 64 * 1024
MAX_PDF_PAGES = 3000
PDF_TYPES = ("application/pdf", "application/x-pdf")
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Target:
    """One document to fetch: the record, where it names the address, and the language."""

    record_id: str
    path: str
    line: int
    field: str
    url: str
    language: str
    number: int

    @property
    def file_name(self) -> str:
        return text_file_name(self.record_id, self.number, self.language)

    def where(self) -> str:
        return f"{self.path}:{self.line}: {self.field}"


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = 20.0
    deadline: float = 120.0  # seconds one download may take in all
    per_host_interval: float = 1.0
    max_per_host: int = 2
    max_bytes: int = MAX_DOCUMENT_BYTES
    user_agent: str = USER_AGENT


class FetchError(Exception):
    """The document could not be fetched; the message names no text from the server."""


class RefusedAddress(FetchError):
    """The host resolves to an address the hub never reaches (loopback, private...)."""


class Skip(Exception):
    """Not a document the hub extracts, or one it may not fetch: no error, nothing written."""


@dataclass(frozen=True)
class Extracted:
    pages: list[str]
    paginated: bool
    extractor: str
    content_type: str
    licence: str = ""


# --- which documents -------------------------------------------------------------------------


def collect_targets(records: Iterable[Record]) -> list[Target]:
    """Every record's url (in its first language) and every entry of its `documents:` list."""
    targets = []
    for record in records:
        for number, (name, url, language) in record_documents(record).items():
            if is_checkable(url):
                line = record.line_of(name) if number == 1 else record.line_of(name, number - 2)
                targets.append(Target(record.id, record.path, line, name, url, language, number))
    return targets


# --- fetching ----------------------------------------------------------------------------------


@dataclass
class Fetcher:
    """Downloads with the link checker's manners, and reads each host's robots.txt once."""

    options: FetchOptions
    limiter: HostLimiter = field(init=False)
    # site -> its rules, None (no robots.txt) or the error that kept it from being read
    _robots: dict[str, object] = field(default_factory=dict)
    _robots_lock: threading.Lock = field(default_factory=threading.Lock)
    _site_locks: dict[str, threading.Lock] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.limiter = HostLimiter(self.options.per_host_interval, self.options.max_per_host)

    def fetch(self, url: str) -> tuple[str, str, bytes]:
        """(final address, content type, bytes); Skip when a robots.txt on the way forbids it
        (each host a redirect leads to is asked too)."""
        return self.get(url, self.options.max_bytes, robots=True)

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets this fetcher have `url`; read once per site (one
        lock per site, so one slow site holds up no other); FetchError when it cannot be read."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            lock = self._site_locks.setdefault(site, threading.Lock())
        with lock:
            if site not in self._robots:
                try:
                    self._robots[site] = self._read_robots(site)
                except FetchError as exc:
                    self._robots[site] = exc  # not asked again for every document of the site
            rules = self._robots[site]
        if isinstance(rules, FetchError):
            raise rules
        return rules is None or rules.can_fetch(self.options.user_agent, url)

    def _read_robots(self, site: str) -> urllib.robotparser.RobotFileParser | None:
        """The site's rules; None (anything goes) when it has none (a 4xx answer other than
        429). A busy or failing server (429, 5xx, no answer) lets nothing be fetched this run;
        a robots.txt over 512 KB is read to that size."""
        try:
            _, _, body = self.get(site + "/robots.txt", MAX_ROBOTS_BYTES, truncate=True)
        except RefusedAddress:
            raise  # said as it is: the site is not one the hub reaches at all
        except FetchError as exc:
            code = re.match(r"HTTP (\d+)$", str(exc))
            if code and 400 <= int(code.group(1)) < 500 and code.group(1) != "429":
                return None
            raise FetchError(f"robots.txt could not be read ({exc})") from None
        rules = urllib.robotparser.RobotFileParser()
        rules.parse(body.decode("utf-8", errors="replace").splitlines())
        return rules

    def get(
        self, url: str, max_bytes: int, robots: bool = False, truncate: bool = False
    ) -> tuple[str, str, bytes]:
        """GET `url`, following redirects (each hop's host checked again, and its robots.txt
        asked when `robots`)."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if robots and not self.allowed(current):
                raise Skip("robots.txt asks robots not to fetch it")
            code, location, content_type, body = self._get_once(current, max_bytes, truncate)
            if code in REDIRECT_CODES and location:
                target = clean_url(urljoin(current, location.strip()))
                if target is None:
                    raise FetchError(f"HTTP {code} to an address that is not a plain http(s) link")
                current = target
                continue
            if not 200 <= code < 300:
                raise FetchError(f"HTTP {code}")
            return current, content_type, body
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _get_once(
        self, url: str, max_bytes: int, truncate: bool = False
    ) -> tuple[int, str | None, str, bytes]:
        host = urlsplit(url).netloc.lower()
        headers = {
            "User-Agent": self.options.user_agent,
            "Accept": "application/pdf,text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        }
        try:
            with self.limiter.gate(host):
                self.limiter.wait_turn(host)
                connection, target = pinned_connection(url, self.options.timeout)
                with deadline_for(connection, self.options.deadline) as expired:
                    try:
                        connection.request("GET", target, headers=headers)
                        response = connection.getresponse()
                        location = response.getheader("Location")
                        content_type = response.getheader("Content-Type") or ""
                        if response.status in REDIRECT_CODES or not 200 <= response.status < 300:
                            return response.status, location, content_type, b""
                        length = response.getheader("Content-Length")
                        if not truncate and length and length.isdigit() and int(length) > max_bytes:
                            raise Skip(_too_large(int(length), max_bytes))
                        body = _read_at_most(response, max_bytes, truncate)
                        if expired.is_set():
                            raise DeadlineExceeded()
                        return response.status, location, content_type.strip(), body
                    except (OSError, http.client.HTTPException) as exc:
                        if expired.is_set():
                            raise DeadlineExceeded() from exc
                        raise
        except NotPublic as exc:
            raise RefusedAddress(str(exc)) from None
        except DeadlineExceeded:
            raise FetchError(f"took longer than {self.options.deadline:g} s") from None
        except TimeoutError:
            raise FetchError(f"timed out after {self.options.timeout:g} s") from None
        except ConnectionRefusedError:
            raise FetchError(f"connection refused by {urlsplit(url).hostname}") from None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise FetchError(
                f"cannot fetch from {urlsplit(url).hostname}: {type(exc).__name__}"
            ) from None


def _read_at_most(response: http.client.HTTPResponse, max_bytes: int, truncate: bool) -> bytes:
    """The body, up to `max_bytes`: cut there when `truncate`, else Skip (too large)."""
    chunks, size = [], 0
    while chunk := response.read(READ_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            if truncate:
                chunks.append(chunk[: max_bytes - (size - len(chunk))])
                break
            raise Skip(_too_large(size, max_bytes, more=True))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(size: int, limit: int, more: bool = False) -> str:
    return f"larger than the limit of {limit / 1e6:g} MB ({'over ' if more else ''}{size / 1e6:.1f} MB)"


# --- extracting -------------------------------------------------------------------------------


def extract(content_type: str, body: bytes) -> Extracted:
    """The text of a PDF (page by page) or of an HTML page's main content; Skip otherwise.
    `content_type` is the Content-Type header as sent (its charset is used for HTML)."""
    media = content_type.split(";")[0].strip().lower()
    charset = re.search(r"charset=[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
    if body.startswith(b"%PDF-") or media in PDF_TYPES:
        return extract_pdf(body)
    if media in HTML_TYPES or (
        not media and body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))
    ):
        return extract_html(body, charset.group(1) if charset else "")
    raise Skip(f"not a PDF or an HTML page ({media or 'no content type'})")


def extract_pdf(body: bytes) -> Extracted:
    """Each page's text, in logical order: pypdf gives Arabic letters in reading order but in
    their presentation forms, which NFKC turns back into the letters readers type."""
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(body))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FetchError("the PDF is encrypted")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise Skip(f"more than {MAX_PDF_PAGES} pages ({len(reader.pages)})")
        pages = [clean_text(page.extract_text() or "") for page in reader.pages]
        licence = _pdf_licence(reader)
    except (FetchError, Skip):
        raise
    except Exception as exc:  # noqa: BLE001 - a broken or hostile PDF (pypdf's limits on
        # decompression included) fails this document, never the run
        raise FetchError(f"the PDF cannot be read ({type(exc).__name__})") from None
    return Extracted(pages, True, f"pypdf {pypdf.__version__}", "application/pdf", licence)


def _pdf_licence(reader) -> str:
    try:
        xmp = reader.xmp_metadata
        rights = xmp.dc_rights if xmp is not None else None
    except Exception:  # noqa: BLE001 - a broken XMP packet is no reason to lose the text
        return ""
    if isinstance(rights, dict):
        rights = rights.get("x-default") or next(iter(rights.values()), "")
    return clean_text(str(rights or ""))


def clean_text(text: str) -> str:
    """NFKC (ligatures, Arabic presentation forms), no page breaks, spaces tidied per line."""
    text = unicodedata.normalize("NFKC", text).replace(PAGE_BREAK, " ")
    lines = (" ".join(line.split()) for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# elements whose text is never the document's: scripts, navigation and page furniture
SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside",
     "form", "button", "select", "iframe", "object", "head"}
)  # fmt: skip
BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
     "h6", "table", "tr", "br", "blockquote", "pre", "dd", "dt", "figcaption", "hr"}
)  # fmt: skip
VOID = frozenset(
    {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "wbr", "source"}
)
LICENCE_META = frozenset({"dc.rights", "dcterms.rights", "dcterms.license", "copyright", "license"})


class _MainText(HTMLParser):
    """Collects a page's text, the text inside <main>/<article> apart, and licence hints."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skipping = 0
        self.main_depth = 0
        self.all: list[str] = []
        self.main: list[str] = []
        self.licence = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and "license" in values.get("rel", "").lower().split():
            self.licence = self.licence or values.get("href", "")
        if tag == "meta" and values.get("name", "").lower() in LICENCE_META:
            self.licence = self.licence or values.get("content", "")
        if tag in VOID:
            if tag in BLOCKS:
                self._text("\n")
            return
        self.stack.append(tag)
        if tag in SKIPPED:
            self.skipping += 1
        if tag in ("main", "article") or values.get("role") == "main":
            self.main_depth += 1
            self.stack[-1] = tag + "#main"
        if tag in BLOCKS:
            self._text("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag not in (name.removesuffix("#main") for name in self.stack):
            return  # a stray end tag closes nothing
        while self.stack:
            open_tag = self.stack.pop()
            name = open_tag.removesuffix("#main")
            if name in SKIPPED:
                self.skipping -= 1
            if open_tag.endswith("#main"):
                self.main_depth -= 1
            if name in BLOCKS:
                self._text("\n")
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        self._text(data)

    def _text(self, data: str) -> None:
        if self.skipping:
            return
        self.all.append(data)
        if self.main_depth:
            self.main.append(data)


def extract_html(body: bytes, charset: str = "") -> Extracted:
    """The text of the page's <main> or <article> when it has one, else of its <body>, without
    scripts, navigation, headers, footers and forms."""
    parser = _MainText()
    parser.feed(decode_html(body, charset))
    parser.close()
    text = clean_text("".join(parser.main if "".join(parser.main).strip() else parser.all))
    return Extracted([text], False, "wpshub html", "text/html", clean_text(parser.licence))


# Latin-1 as labelled on the web is Windows-1252 (as browsers read it: the WHATWG encoding rules)
WEB_ENCODINGS = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                 "us-ascii": "cp1252", "ascii": "cp1252"}  # fmt: skip
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode_html(body: bytes, charset: str = "") -> str:
    """An HTML page's text: by its byte-order mark, else the charset of its Content-Type,
    else its <meta> charset, else UTF-8; control characters removed."""
    head = body[:2048].decode("ascii", errors="replace")
    meta = re.search(r"charset=[\"']?([A-Za-z0-9_.:-]+)", head)
    bom = next((name for mark, name in BOMS if body.startswith(mark)), "")
    for name in (bom, charset, meta.group(1) if meta else "", "utf-8"):
        if not name:
            continue
        try:
            text = body.decode(WEB_ENCODINGS.get(name.lower(), name))
        except (LookupError, UnicodeDecodeError):
            continue
        return CONTROL.sub(" ", text)
    return CONTROL.sub(" ", body.decode("utf-8", errors="replace"))


# --- storing -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    target: Target
    status: str  # fetched, unchanged, failed, skipped
    message: str = ""
    document: Document | None = None


def fetch_one(
    target: Target, fetcher: Fetcher, old: Document | None, folder: Path, today: dt.date
) -> Outcome:
    """Fetch and extract one document; write its text unless the bytes are the same as before."""
    try:
        _, content_type, body = fetcher.fetch(target.url)
        digest = hashlib.sha256(body).hexdigest()
        text_path = folder / target.file_name
        if (
            old is not None
            and old.sha256 == digest
            and old.url == target.url
            and text_path.is_file()
        ):
            return Outcome(target, "unchanged", "", old)
        extracted = extract(content_type, body)
    except Skip as exc:
        return Outcome(target, "skipped", str(exc), old)
    except FetchError as exc:
        return Outcome(target, "failed", str(exc), old)
    text = PAGE_BREAK.join(extracted.pages) + "\n"
    if old is not None and old.url == target.url and _same_text(text_path, text):
        # new bytes, same words (a page that stamps the time it was served): nothing to write
        return Outcome(target, "unchanged", "", old)
    folder.mkdir(parents=True, exist_ok=True)
    _write_atomically(text_path, text)
    document = Document(
        record_id=target.record_id,
        number=target.number,
        url=target.url,
        language=target.language,
        fetched=today.isoformat(),
        sha256=digest,
        bytes=len(body),
        extractor=extracted.extractor,
        content_type=extracted.content_type,
        text_path=text_path,
        pages=len(extracted.pages) if extracted.paginated else None,
        licence=extracted.licence,
    )
    size = f"{len(body) / 1e6:.1f} MB"
    pages = f"{len(extracted.pages)} pages, " if extracted.paginated else ""
    return Outcome(target, "fetched", f"{pages}{size}", document)


def _same_text(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except OSError:
        return False


def write_sidecar(folder: Path, record_id: str, documents: list[Document]) -> None:
    entries = [d.as_entry() for d in sorted(documents, key=lambda d: d.number)]
    text = SIDECAR_HEADER + yaml.safe_dump(
        {"documents": entries}, allow_unicode=True, sort_keys=False, width=100
    )
    _write_atomically(folder / f"{record_id}.yaml", text)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".part")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


# --- the command --------------------------------------------------------------------------------


def summary_line(outcomes: Iterable[Outcome]) -> str:
    counts = {"fetched": 0, "unchanged": 0, "failed": 0, "skipped": 0}
    for outcome in outcomes:
        counts[outcome.status] += 1
    return ", ".join(f"{status} {count}" for status, count in counts.items())


def run_fetch_documents(
    root: Path,
    *,
    only: list[str] | None = None,
    options: FetchOptions | None = None,
    workers: int = 4,
    max_run_bytes: int = MAX_RUN_BYTES,
    max_minutes: float | None = None,
    today: dt.date | None = None,
    out: TextIO | None = None,
) -> int:
    """Fetch every record's documents; exit 1 when one failed, 2 on bad input."""
    out = out or sys.stdout
    options = options or FetchOptions()
    today = today or dt.date.today()
    folder = root / DOCUMENTS_DIR
    try:
        report = check_hub(root)
    except (VocabularyError, YamlError) as exc:
        print(exc, file=sys.stderr)
        return 2
    if report.errors:
        print("\n".join(str(p) for p in report.problems if p.is_error), file=sys.stderr)
        return 2
    records = {record.id: record for record in report.records}
    old, _ = load_documents(root)
    targets = collect_targets(report.records)
    if only:
        unknown = sorted(set(only) - set(records))
        if unknown:
            print(f"fetch-documents: no record {', '.join(map(repr, unknown))}", file=sys.stderr)
            return 2
        targets = [t for t in targets if t.record_id in set(only)]
    by_record: dict[str, list[Target]] = {}
    for target in targets:
        by_record.setdefault(target.record_id, []).append(target)
    fetcher = Fetcher(options)
    stop_at = time.monotonic() + max_minutes * 60 if max_minutes is not None else None
    lock = threading.Lock()
    outcomes: list[Outcome] = []
    spent = [0]

    def run_record(record_id: str) -> None:
        previous = {d.number: d for d in old.get(record_id, [])}
        kept: dict[int, Document] = {}
        for target in by_record[record_id]:
            with lock:
                over = spent[0] >= max_run_bytes or (
                    stop_at is not None and time.monotonic() >= stop_at
                )
            if over:
                outcome = Outcome(
                    target,
                    "skipped",
                    "the run's limit is reached; next run",
                    previous.get(target.number),
                )
            else:
                try:
                    outcome = fetch_one(target, fetcher, previous.get(target.number), folder, today)
                except Exception as exc:  # noqa: BLE001 - one document's surprise is reported
                    # at its record's line; the run goes on and the old text stays
                    message = f"unexpected {type(exc).__name__}"
                    outcome = Outcome(target, "failed", message, previous.get(target.number))
            if outcome.document is not None:
                kept[target.number] = outcome.document
            with lock:
                if outcome.status == "fetched" and outcome.document is not None:
                    spent[0] += outcome.document.bytes
                outcomes.append(outcome)
                _progress(outcome, len(outcomes), len(targets), out)
        _tidy_record(folder, record_id, previous, kept)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(run_record, sorted(by_record)))
    if not only:
        _remove_orphans(folder, old, set(by_record))
    failed = [o for o in outcomes if o.status == "failed"]
    for outcome in sorted(failed, key=lambda o: (o.target.path, o.target.line)):
        problem = Problem(outcome.target.path, outcome.target.line, outcome.target.field,
                          f"{outcome.target.url}: {outcome.message}; the old text is kept")  # fmt: skip
        print(problem, file=out)
    print(summary_line(outcomes), file=out)
    return 1 if failed else 0


def _progress(outcome: Outcome, done: int, total: int, out: TextIO) -> None:
    detail = f": {outcome.message}" if outcome.message else ""
    name = outcome.target.file_name
    print(terminal_safe(f"[{done}/{total}] {name} {outcome.status}{detail}"), file=out, flush=True)


def _tidy_record(
    folder: Path, record_id: str, previous: dict[int, Document], kept: dict[int, Document]
) -> None:
    """Rewrite the record's sidecar when a document changed; drop the text of documents the
    record no longer names."""
    for number, document in previous.items():
        if number not in kept or kept[number].text_path != document.text_path:
            document.text_path.unlink(missing_ok=True)
    if kept == previous:
        return
    if kept:
        write_sidecar(folder, record_id, list(kept.values()))
    else:
        (folder / f"{record_id}.yaml").unlink(missing_ok=True)


def _remove_orphans(folder: Path, old: dict[str, list[Document]], current: set[str]) -> None:
    """The documents of records that no longer name one."""
    for record_id, documents in old.items():
        if record_id not in current:
            for document in documents:
                document.text_path.unlink(missing_ok=True)
            (folder / f"{record_id}.yaml").unlink(missing_ok=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = FetchOptions()
    parser.add_argument("only", nargs="*", metavar="ID", help="fetch only these records' documents")
    parser.add_argument(
        "--workers", type=int, default=4, help="records fetched at once (default: 4)"
    )
    parser.add_argument(
        "--max-mb",
        type=float,
        default=defaults.max_bytes / 1024 / 1024,
        help="largest document fetched, in MB (default: %(default)g)",
    )
    parser.add_argument(
        "--max-run-mb",
        type=float,
        default=MAX_RUN_BYTES / 1024 / 1024,
        help="stop fetching new documents after this many MB in one run (default: %(default)g)",
    )
    parser.add_argument(
        "--max-minutes", type=float, help="start no new document after this many minutes"
    )
    parser.add_argument(
        "--deadline",
        type=float,
        default=defaults.deadline,
        help="seconds one download may take in all (default: %(default)g)",
    )
    parser.add_argument(
        "--per-host-interval",
        type=float,
        default=defaults.per_host_interval,
        help="seconds between requests to one host (default: %(default)g)",
    )


def run_from_args(root: Path, args: argparse.Namespace) -> int:
    options = FetchOptions(
        deadline=args.deadline,
        per_host_interval=args.per_host_interval,
        max_bytes=int(args.max_mb * 1024 * 1024),
    )
    return run_fetch_documents(
        root,
        only=list(args.only) or None,
        options=options,
        workers=args.workers,
        max_run_bytes=int(args.max_run_mb * 1024 * 1024),
        max_minutes=args.max_minutes,
    )

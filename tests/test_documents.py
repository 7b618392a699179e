"""`wpshub fetch-documents` against a local server on 127.0.0.1: fetching, extraction with page
numbers, Arabic in reading order, nothing rewritten twice, failures keep the old text."""

from __future__ import annotations

import datetime as dt
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import FIXTURES, write
from pdfmaker import make_pdf

from wpshub.data.documents import DOCUMENTS_DIR, load_documents
from wpshub.data.validate import check_hub
from wpshub.tools.fetchdocs import FetchOptions, extract, extract_html, run_fetch_documents

TODAY = dt.date(2026, 12, 3)
FAST = FetchOptions(timeout=3.0, deadline=10.0, per_host_interval=0.0)
PLAN_PAGES = [
    "Introduction to the plan",
    "Pillar one on participation",
    "A budget line for quokkafund mediators",
]
HTML_PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Toolkit</title><link rel="license" href="https://creativecommons.org/licenses/by/4.0/">
<script>var tracker = "scriptword";</script></head><body>
<nav>Home navword</nav><header>Site header</header>
<main><h1>The toolkit</h1><p>Steps for wallabyplanning in&nbsp;five parts.</p></main>
<footer>Footer footword</footer></body></html>"""


class Server:
    """Serves `files` (path -> (status, content type, body)); counts requests per path."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[int, str, bytes]] = {}
        self.redirects: dict[str, str] = {}
        self.hits: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                if self.path in server.redirects:
                    self.send_response(302)
                    self.send_header("Location", server.redirects[self.path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status, content_type, body = server.files.get(self.path, (404, "text/plain", b""))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Server:
    served = Server()
    served.files = {
        "/plan.pdf": (200, "application/pdf", make_pdf(PLAN_PAGES)),
        "/toolkit.html": (200, "text/html; charset=utf-8", HTML_PAGE),
        "/arabic.pdf": (
            200,
            "application/pdf",
            (FIXTURES / "documents" / "arabic.pdf").read_bytes(),
        ),
        "/data.csv": (200, "text/csv", b"a,b\n1,2\n"),
    }
    yield served
    served.close()


def plan(identifier: str, url: str, languages: str = "[en]") -> str:
    return f"""
id: {identifier}
type: national-action-plan
title: Example national action plan {identifier}
summary: An example plan record for the document tests, long enough for the summary rule.
url: {url}
year: 2020
period_start: 2020
issuer: KE
publisher: Example Government
topics: [naps]
countries: [KE]
languages: {languages}
added: 2026-12-03
source:
  - https://example.org/source
"""


@pytest.fixture
def hub(scratch_hub: Path, server: Server) -> Path:
    write(scratch_hub / "data/plans/nap-one.yaml", plan("nap-one", server.base + "/plan.pdf"))
    write(
        scratch_hub / "data/plans/nap-ar.yaml", plan("nap-ar", server.base + "/arabic.pdf", "[ar]")
    )
    write(scratch_hub / "data/plans/nap-web.yaml", plan("nap-web", server.base + "/toolkit.html"))
    write(scratch_hub / "data/plans/nap-csv.yaml", plan("nap-csv", server.base + "/data.csv"))
    return scratch_hub


def records(root: Path, *ids: str) -> list:
    return [r for r in check_hub(root).records if r.id in ids]


def fetch(root: Path, **kw) -> tuple[int, str]:
    out = io.StringIO()
    code = run_fetch_documents(root, options=kw.pop("options", FAST), today=TODAY, out=out, **kw)
    return code, out.getvalue()


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WPSHUB_ALLOW_LOOPBACK", "1")


def test_pdf_and_html_are_extracted_with_their_pages(hub: Path, loopback: None) -> None:
    code, out = fetch(hub)
    assert code == 0, out
    assert out.splitlines()[-1] == "fetched 3, unchanged 0, failed 0, skipped 1"
    assert "[4/4]" in out and "nap-one.en.txt fetched: 3 pages" in out
    assert "nap-csv.en.txt skipped: not a PDF or an HTML page (text/csv)" in out
    documents, problems = load_documents(hub)
    assert problems == []
    one = documents["nap-one"][0]
    assert one.pages == 3 and one.page_texts() == PLAN_PAGES
    assert one.content_type == "application/pdf" and one.extractor.startswith("pypdf ")
    assert one.fetched == "2026-12-03" and len(one.sha256) == 64
    assert one.bytes == len(make_pdf(PLAN_PAGES))
    sidecar = (hub / DOCUMENTS_DIR / "nap-one.yaml").read_text(encoding="utf-8")
    assert "url: http://127.0.0.1:" in sidecar and "pages: 3" in sidecar


def test_arabic_pdf_text_is_in_reading_order(hub: Path, loopback: None) -> None:
    fetch(hub)
    arabic = load_documents(hub)[0]["nap-ar"][0]
    assert arabic.text_path.name == "nap-ar.ar.txt" and arabic.language == "ar"
    assert arabic.page_texts() == [
        "خطة العمل الوطنية بشأن المرأة والسلام والأمن",
        "تلتزم الخطة بدعم شبكات الوسيطات في المجتمعات المحلية",
    ]


def test_html_keeps_the_main_text_without_scripts_or_navigation(hub: Path, loopback: None) -> None:
    fetch(hub)
    web = load_documents(hub)[0]["nap-web"][0]
    assert web.pages is None and web.content_type == "text/html"
    text = web.text_path.read_text(encoding="utf-8")
    assert "wallabyplanning in five parts" in text and "The toolkit" in text
    for noise in ("scriptword", "navword", "footword", "Site header"):
        assert noise not in text
    assert web.licence == "https://creativecommons.org/licenses/by/4.0/"


def test_html_without_main_keeps_the_body() -> None:
    page = b"<html><body><nav>menu</nav><p>Only the body here</p></body></html>"
    assert extract_html(page).pages == ["Only the body here"]


def test_a_second_run_rewrites_nothing(hub: Path, loopback: None) -> None:
    fetch(hub)
    folder = hub / DOCUMENTS_DIR
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    code, out = fetch(hub)
    assert code == 0
    assert out.splitlines()[-1] == "fetched 0, unchanged 3, failed 0, skipped 1"
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


def test_a_changed_document_is_written_again(hub: Path, server: Server, loopback: None) -> None:
    fetch(hub)
    server.files["/plan.pdf"] = (200, "application/pdf", make_pdf(["A new first page", "two"]))
    code, out = fetch(hub)
    assert code == 0 and "fetched 1, unchanged 2" in out
    assert load_documents(hub)[0]["nap-one"][0].page_texts() == ["A new first page", "two"]


def test_a_failing_server_keeps_the_old_text(hub: Path, server: Server, loopback: None) -> None:
    fetch(hub)
    text = (hub / DOCUMENTS_DIR / "nap-one.en.txt").read_bytes()
    server.files["/plan.pdf"] = (500, "text/plain", b"oops")
    code, out = fetch(hub)
    assert code == 1
    assert (
        f"data/plans/nap-one.yaml:5: url: {server.base}/plan.pdf: HTTP 500; the old text is kept"
        in out
    )
    assert out.splitlines()[-1] == "fetched 0, unchanged 2, failed 1, skipped 1"
    assert (hub / DOCUMENTS_DIR / "nap-one.en.txt").read_bytes() == text
    assert load_documents(hub)[0]["nap-one"][0].pages == 3


def test_a_server_that_is_gone_fails_with_the_records_path(
    hub: Path, server: Server, loopback: None
) -> None:
    fetch(hub)
    server.close()
    code, out = fetch(hub, only=["nap-one"])
    assert code == 1
    assert "data/plans/nap-one.yaml:5: url: " in out and "the old text is kept" in out
    assert load_documents(hub)[0]["nap-one"][0].page_texts() == PLAN_PAGES


def test_loopback_is_refused_without_the_test_switch(
    hub: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WPSHUB_ALLOW_LOOPBACK", raising=False)
    code, out = fetch(hub)
    assert code == 1
    assert "127.0.0.1 is not a public address" in out
    assert not (hub / DOCUMENTS_DIR).exists() or not list((hub / DOCUMENTS_DIR).glob("*.txt"))


def test_the_switch_must_say_1(hub: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WPSHUB_ALLOW_LOOPBACK", "yes")
    code, out = fetch(hub, only=["nap-one"])
    assert code == 1 and "not a public address" in out


def test_robots_txt_is_obeyed(hub: Path, server: Server, loopback: None) -> None:
    server.files["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow: /plan.pdf\n")
    code, out = fetch(hub)
    assert code == 0
    assert "nap-one.en.txt skipped: robots.txt asks robots not to fetch it" in out
    assert server.hits.get("/plan.pdf") is None and server.hits["/robots.txt"] == 1


def test_too_large_documents_are_skipped(hub: Path, loopback: None) -> None:
    small = FetchOptions(timeout=3.0, deadline=10.0, per_host_interval=0.0, max_bytes=200)
    code, out = fetch(hub, options=small, only=["nap-one"])
    assert code == 0
    assert "skipped: larger than the limit of 0.0002 MB" in out
    assert not (hub / DOCUMENTS_DIR / "nap-one.en.txt").exists()


def test_the_run_stops_fetching_at_its_byte_limit(hub: Path, loopback: None) -> None:
    code, out = fetch(hub, workers=1, max_run_bytes=1)
    assert code == 0
    assert out.count("the run's limit is reached") == 3
    assert out.splitlines()[-1] == "fetched 1, unchanged 0, failed 0, skipped 3"


def test_a_record_that_drops_its_url_loses_its_text(hub: Path, loopback: None) -> None:
    fetch(hub)
    path = hub / "data/plans/nap-web.yaml"
    path.write_text(
        "".join(
            line for line in path.read_text("utf-8").splitlines(True) if not line.startswith("url:")
        ),
        encoding="utf-8",
    )
    fetch(hub)
    assert not (hub / DOCUMENTS_DIR / "nap-web.yaml").exists()
    assert not (hub / DOCUMENTS_DIR / "nap-web.en.txt").exists()
    assert sorted(load_documents(hub)[0]) == ["nap-ar", "nap-one"]


def test_text_from_an_address_the_record_no_longer_names_is_left_out(
    hub: Path, server: Server, loopback: None
) -> None:
    fetch(hub)
    path = hub / "data/plans/nap-one.yaml"
    path.write_text(path.read_text("utf-8").replace("/plan.pdf", "/moved.pdf"), encoding="utf-8")
    documents, problems = load_documents(hub, check_hub(hub).records)
    assert "nap-one" not in documents and "nap-ar" in documents
    assert [str(p) for p in problems] == [
        f"data/documents/nap-one.yaml:1: documents: warning: nap-one.en.txt was fetched from "
        f"{server.base}/plan.pdf, which the record no longer names; its text is left out until "
        "the next wpshub fetch-documents"
    ]


def test_a_redirect_to_a_private_address_is_refused(
    hub: Path, server: Server, loopback: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """10.0.0.1 is input that must be refused: no connection to it is ever attempted."""
    from wpshub.tools import linkcheck

    connected: list[object] = []
    real = linkcheck._connect

    def watch(family: int, sockaddr: tuple, timeout: float):
        connected.append(sockaddr[0])
        assert sockaddr[0] == "127.0.0.1", f"tried to connect to {sockaddr[0]}"
        return real(family, sockaddr, timeout)

    monkeypatch.setattr(linkcheck, "_connect", watch)
    server.redirects["/plan.pdf"] = "http://10.0.0.1/plan.pdf"
    code, out = fetch(hub, only=["nap-one"])
    assert set(connected) == {"127.0.0.1"}
    assert code == 1
    assert "nap-one.en.txt failed: 10.0.0.1 is not a public address" in out


def test_a_failing_robots_txt_fails_its_sites_documents_once(
    hub: Path, server: Server, loopback: None
) -> None:
    server.files["/robots.txt"] = (503, "text/plain", b"busy")
    code, out = fetch(hub)
    assert code == 1
    assert out.count("failed: robots.txt could not be read (HTTP 503)") == 4
    assert server.hits["/robots.txt"] == 1 and "/plan.pdf" not in server.hits


def test_a_broken_pdf_fails_that_document_only(hub: Path, server: Server, loopback: None) -> None:
    server.files["/plan.pdf"] = (200, "application/pdf", b"%PDF-1.4\nnot a real pdf\n%%EOF")
    code, out = fetch(hub)
    assert code == 1
    assert "nap-one.en.txt failed: the PDF cannot be read" in out
    assert out.splitlines()[-1] == "fetched 2, unchanged 0, failed 1, skipped 1"


def test_html_is_read_in_the_charset_of_its_header() -> None:
    page = "<html><body><main><p>Café’s plan</p></main></body></html>".encode("cp1252")
    assert extract("text/html; charset=ISO-8859-1", page).pages == ["Café’s plan"]
    bom = "<html><body><p>Plan d’action</p></body></html>".encode("utf-16")  # with its BOM
    assert extract("text/html", bom).pages == ["Plan d’action"]


def test_a_stray_end_tag_loses_no_text() -> None:
    page = b"<html><body><main><p>first</span> second</p><p>third</p></main></body></html>"
    assert extract_html(page).pages == ["first second\n\nthird"]


def test_sidecar_fields_are_checked(hub: Path, loopback: None) -> None:
    fetch(hub)
    sidecar = hub / DOCUMENTS_DIR / "nap-one.yaml"
    text = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(text.replace("pages: 3", "pages: 4"), encoding="utf-8")
    problems = [str(p) for p in load_documents(hub)[1]]
    line = text.splitlines().index("  pages: 3") + 1
    assert problems == [
        f"data/documents/nap-one.yaml:{line}: pages: 4 pages, but nap-one.en.txt holds 3"
    ]
    sidecar.write_text(text.replace("url: http://", "url: mailto://"), encoding="utf-8")
    assert [p.field for p in load_documents(hub)[1]] == ["url"]


def test_further_documents_of_a_record_are_fetched(
    hub: Path, server: Server, loopback: None
) -> None:
    path = hub / "data/plans/nap-one.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + f"documents:\n  - url: {server.base}/arabic.pdf\n    language: ar\n    title: Arabic version\n",
        encoding="utf-8",
    )
    code, out = fetch(hub, only=["nap-one"])
    assert code == 0, out
    documents = load_documents(hub)[0]["nap-one"]
    assert [d.text_path.name for d in documents] == ["nap-one.en.txt", "nap-one.2.ar.txt"]


def test_sidecar_problems_name_the_file_and_line(hub: Path, loopback: None) -> None:
    fetch(hub)
    sidecar = hub / DOCUMENTS_DIR / "nap-one.yaml"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8").replace("pages: 3", "pages: many"), encoding="utf-8"
    )
    (hub / DOCUMENTS_DIR / "stray.en.txt").write_text("x", encoding="utf-8")
    problems = [
        str(p) for p in load_documents(hub, records(hub, "nap-one", "nap-ar", "nap-web"))[1]
    ]
    line = sidecar.read_text(encoding="utf-8").splitlines().index("  pages: many") + 1
    assert (
        f"data/documents/nap-one.yaml:{line}: pages: expected a positive whole number" in problems
    )
    assert "data/documents/stray.en.txt:1: file: no sidecar lists this text file" in problems


def test_a_sidecar_without_its_record_is_a_warning(hub: Path, loopback: None) -> None:
    fetch(hub)
    documents, problems = load_documents(hub, records(hub, "nap-one", "nap-ar"))
    assert sorted(documents) == ["nap-ar", "nap-one"]
    assert [str(p) for p in problems] == [
        "data/documents/nap-web.yaml:1: record: warning: no record 'nap-web'; the next wpshub "
        "fetch-documents removes it"
    ]
    assert all(not p.is_error for p in problems)

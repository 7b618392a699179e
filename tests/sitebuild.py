"""Build the site once per test session, and serve it on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import subprocess
import threading
from pathlib import Path

from wpshub.site.build import run_mkdocs_build

ROOT = Path(__file__).resolve().parent.parent


def build_site(
    site_dir: Path, extra_env: dict[str, str] | None = None, root: Path = ROOT
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the hub at `root` (default: this one) into site_dir."""
    return run_mkdocs_build(root, site_dir, extra_env)


def build_with_file(site_dir: Path, relative: str, text: str) -> subprocess.CompletedProcess:
    """Build the real hub with one extra file under data/, removed again afterwards."""
    path = ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    try:
        return build_site(site_dir)
    finally:
        path.unlink()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the browser closing a kept-alive connection is not a test failure


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` on a free port of 127.0.0.1; returns the server and its base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def wait_shown(page, timeout: float = 15.0) -> None:
    """Wait until Explore has drawn the cards of its latest search (the list's aria-busy)."""
    wait_js(
        page,
        "document.querySelector('#wps-result-list').getAttribute('aria-busy') === 'false'",
        timeout,
    )


def wait_js(page, expression: str, timeout: float = 15.0) -> None:
    """Wait until a JavaScript expression is truthy in the page.

    Playwright's wait_for_function polls with eval() inside the page, which the site's
    Content-Security-Policy rightly forbids; page.evaluate runs outside that policy.
    """
    import time

    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(expression):
                return
        except Exception:  # the page may be navigating; try again
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for: {expression}")
        page.wait_for_timeout(50)

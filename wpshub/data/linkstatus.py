"""The link-status file (data/link-status.json): what the nightly link check found, read and
checked for the build (`wpshub check-links`, in wpshub.tools.linkcheck, writes it), and the
line a record page shows from it: only a date, a status code and a reason from a fixed list,
never a server's words."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

STATUS_VERSION = 2

STATUS_FILE = Path("data") / "link-status.json"

STATUSES = ("ok", "redirected", "broken", "error")

# what a result may say, from this fixed list only: a server's own words (reason phrase,
# Location text, error pages) are never stored or shown
REASONS = ("ok", "redirected", "http-status", "timeout", "refused", "host-not-found", "tls",
           "not-public", "bad-redirect", "too-many-redirects", "connection")  # fmt: skip

MAX_KEPT_URL = 500


class LinkStatusError(ValueError):
    """The status file cannot be used; the message is `path:line: field: message` lines."""


def is_checkable(url: str) -> bool:
    """Only absolute http and https addresses with a host are checked."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def clean_url(url: str) -> str | None:
    """An address a server sent, kept only when it is a plain http(s) link of sane length."""
    if len(url) > MAX_KEPT_URL or not is_checkable(url) or re.search(r"[\s\x00-\x1f\x7f]", url):
        return None
    return url


def empty_status() -> dict[str, Any]:
    """The status before any run: no links known."""
    return {"version": STATUS_VERSION, "checked": None, "links": {}}


def dump_link_status(status: dict[str, Any]) -> str:
    """The status file's text: sorted keys, one-space indent, trailing newline."""
    return json.dumps(status, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_link_status(path: Path, status: dict[str, Any]) -> None:
    """Write the status file whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(dump_link_status(status), encoding="utf-8")
    os.replace(partial, path)


def load_link_status(path: Path, root: Path | None = None) -> dict[str, Any]:
    """The status file as a dict; empty when missing; LinkStatusError naming the line if invalid."""
    shown = _shown_path(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return empty_status()
    except OSError as exc:
        raise LinkStatusError(f"{shown}:1: file: cannot read: {exc.strerror or exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LinkStatusError(f"{shown}:{exc.lineno}: file: not valid JSON: {exc.msg}") from exc
    problems = list(check_link_status(data, text))
    if problems:
        raise LinkStatusError("\n".join(f"{shown}:{line}: {message}" for line, message in problems))
    return data


def check_link_status(data: Any, text: str = "") -> Iterator[tuple[int, str]]:
    """Problems with a parsed status file as (line, 'field: message'); `text` locates them."""
    if not isinstance(data, dict):
        yield 1, f"file: the status is a JSON object; found {type(data).__name__}"
        return
    if data.get("version") != STATUS_VERSION:
        found = data.get("version")
        yield _line_of(text, "version"), f"version: expected {STATUS_VERSION}; found {found!r}"
    links = data.get("links")
    if not isinstance(links, dict):
        yield _line_of(text, "links"), "links: expected an object of link -> status"
        return
    for url, entry in links.items():
        line = _line_of(text, url)
        if not isinstance(entry, dict):
            yield line, f"links: {url}: expected an object; found {type(entry).__name__}"
        elif entry.get("status") not in STATUSES:
            known = ", ".join(STATUSES)
            yield line, f"links: {url}: status {entry.get('status')!r} is not one of {known}"
        elif entry.get("reason", "ok") not in REASONS:
            yield (
                line,
                f"links: {url}: reason {entry.get('reason')!r} is not one of {', '.join(REASONS)}",
            )
        elif entry.get("code") is not None and not (
            isinstance(entry.get("code"), int) and 100 <= entry["code"] <= 599
        ):
            yield line, f"links: {url}: code {entry.get('code')!r} is not an HTTP status code"
        elif entry.get("final_url") is not None and clean_url(str(entry["final_url"])) is None:
            yield line, f"links: {url}: final_url is not a plain http(s) address"


def _line_of(text: str, key: str) -> int:
    """The 1-based line where `key` first appears as a JSON key, else 1."""
    index = text.find(json.dumps(key, ensure_ascii=False) + ":")
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def _shown_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def link_status_line(status: dict[str, Any], url: str) -> tuple[str, str] | None:
    """What a record page says about its link: (kind, text), kind 'ok', 'redirected' or 'broken'.
    Only the date, the status code and a reason from the fixed list: never a server's words."""
    entry = status.get("links", {}).get(url)
    if not isinstance(entry, dict):
        return None
    checked = entry.get("last_checked")
    state = entry.get("status")
    if state == "ok":
        return "ok", f"Link checked on {checked}"
    if state == "redirected":
        return "redirected", f"Link checked on {checked}; it now redirects to another address"
    if state in ("broken", "error"):
        since = entry.get("broken_since") or checked
        return "broken", f"Link may be broken since {since} ({reason_text(entry)})"
    return None


REASON_TEXT = {
    "timeout": "no answer in time", "refused": "connection refused",
    "host-not-found": "host not found", "tls": "certificate problem",
    "not-public": "address refused", "bad-redirect": "redirect to an unusable address",
    "too-many-redirects": "too many redirects", "connection": "connection failed",
}  # fmt: skip


def reason_text(entry: dict[str, Any]) -> str:
    """`HTTP 404`, or the English words for the entry's reason."""
    code = entry.get("code")
    if entry.get("reason") == "http-status" or (entry.get("status") == "broken" and code):
        return f"HTTP {code}"
    return REASON_TEXT.get(str(entry.get("reason")), "connection failed")

"""The text of records' documents under data/documents/, as `wpshub fetch-documents` writes it.

For a record `<id>`: `<id>.yaml` lists its documents (address, date fetched, hash, size,
pages, extractor, language, licence where stated), and each document's text is in the file
the list names (`<id>.<lang>.txt`, further documents `<id>.<n>.<lang>.txt`), a PDF's pages
separated by a form feed, page 1 first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .records import Problem
from .yamlload import YamlDocument, YamlError, load_yaml_file

DOCUMENTS_DIR = Path("data") / "documents"
PAGE_BREAK = "\f"
SIDECAR_HEADER = "# written by `wpshub fetch-documents`; see data/documents/README.md\n"
FILE_NAME = re.compile(
    r"^(?P<id>[^/\\.]+)(?:\.(?P<n>[2-9]|[1-9][0-9]+))?\.(?P<lang>[a-z]{2,3})\.txt$"
)
REQUIRED = ("file", "url", "language", "fetched", "sha256", "bytes", "extractor", "content_type")
OPTIONAL = ("pages", "licence")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
HTTP = re.compile(r"^https?://[^\s/?#]+", re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    """One fetched document of a record: where it came from, and where its text is."""

    record_id: str
    number: int  # 1 for the record's url, then 2, 3... for its `documents:` list
    url: str
    language: str
    fetched: str
    sha256: str
    bytes: int
    extractor: str
    content_type: str
    text_path: Path
    pages: int | None = None  # PDFs only
    licence: str = ""

    def page_texts(self) -> list[str]:
        """The text of each page, page 1 first (an HTML page is one page)."""
        return self.text_path.read_text(encoding="utf-8").removesuffix("\n").split(PAGE_BREAK)

    def as_entry(self) -> dict[str, Any]:
        """The document's entry in its sidecar file, fields in a fixed order."""
        entry: dict[str, Any] = {
            "file": self.text_path.name,
            "url": self.url,
            "language": self.language,
            "fetched": self.fetched,
            "sha256": self.sha256,
            "bytes": self.bytes,
        }
        if self.pages is not None:
            entry["pages"] = self.pages
        entry["content_type"] = self.content_type
        entry["extractor"] = self.extractor
        if self.licence:
            entry["licence"] = self.licence
        return entry


def record_documents(record: Any) -> dict[int, tuple[str, str, str]]:
    """Number -> (field, address, language) of each document a record names: 1 for its `url`
    (in its first language), 2, 3... for its `documents:` list."""
    languages = record.get("languages") or ["en"]
    found: dict[int, tuple[str, str, str]] = {}
    url = record.get("url")
    if isinstance(url, str) and HTTP.match(url.strip()):
        found[1] = ("url", url.strip(), str(languages[0]))
    for index, entry in enumerate(record.get("documents") or []):
        if isinstance(entry, dict) and isinstance(entry.get("url"), str):
            language = str(entry.get("language") or languages[0])
            found[index + 2] = ("documents", entry["url"].strip(), language)
    return found


def text_file_name(record_id: str, number: int, language: str) -> str:
    """`<id>.<lang>.txt` for the record's url, `<id>.<n>.<lang>.txt` for further documents."""
    return f"{record_id}.{language}.txt" if number == 1 else f"{record_id}.{number}.{language}.txt"


def load_documents(
    root: Path, records: Iterable[Any] | None = None
) -> tuple[dict[str, list[Document]], list[Problem]]:
    """Record id -> its documents, and the problems of the sidecar files (a missing text file,
    a bad field: errors; a sidecar for a record not among `records`, or text fetched from an
    address the record no longer names: warnings, and the text is left out until the next
    fetch). Without `records`, every sidecar is read as it is."""
    folder = root / DOCUMENTS_DIR
    named_by = {r.id: record_documents(r) for r in records} if records is not None else None
    known = set(named_by) if named_by is not None else None
    found: dict[str, list[Document]] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return found, problems
    named: set[str] = set()
    for sidecar in sorted(folder.glob("*.yaml")):
        rel = sidecar.relative_to(root).as_posix()
        record_id = sidecar.stem
        try:
            document = load_yaml_file(sidecar)
        except YamlError as exc:
            problems.append(Problem(rel, exc.line, "file", exc.message))
            continue
        data = document.data if isinstance(document.data, dict) else {}
        entries = data.get("documents") if isinstance(data.get("documents"), list) else []
        named.update(str(e.get("file")) for e in entries if isinstance(e, dict))  # even if bad
        if known is not None and record_id not in known:
            # left behind by a record removed since the last fetch, which will remove it: a
            # warning, not a reason to stop a contributor's build
            message = f"no record '{record_id}'; the next wpshub fetch-documents removes it"
            problems.append(Problem(rel, 1, "record", message, "warning"))
            continue
        documents = list(_read_sidecar(root, rel, record_id, document, problems))
        if named_by is not None:
            documents = [
                d for d in documents if _still_named(d, named_by[record_id], rel, problems)
            ]
        if documents:
            found[record_id] = documents
    for text in sorted(folder.glob("*.txt")):
        if text.name not in named:
            rel = text.relative_to(root).as_posix()
            problems.append(Problem(rel, 1, "file", "no sidecar lists this text file"))
    return found, problems


def _still_named(
    document: Document, named: dict[int, tuple[str, str, str]], rel: str, problems: list[Problem]
) -> bool:
    if named.get(document.number, ("", "", ""))[1:] == (document.url, document.language):
        return True
    message = (
        f"{document.text_path.name} was fetched from {document.url}, which the record no longer "
        "names; its text is left out until the next wpshub fetch-documents"
    )
    problems.append(Problem(rel, 1, "documents", message, "warning"))
    return False


def _read_sidecar(
    root: Path, rel: str, record_id: str, document: YamlDocument, problems: list[Problem]
) -> Iterator[Document]:
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        problems.append(Problem(rel, 1, "documents", "expected a 'documents' list"))
        return
    for index, entry in enumerate(data["documents"]):
        line = document.line_of("documents", index)
        if not isinstance(entry, dict):
            problems.append(Problem(rel, line, "documents", "each document is a mapping"))
            continue
        missing = [key for key in REQUIRED if key not in entry]
        unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
        if missing or unknown:
            what = [f"missing {', '.join(missing)}"] if missing else []
            what += [f"unknown {', '.join(unknown)}"] if unknown else []
            problems.append(Problem(rel, line, "documents", "; ".join(what)))
            continue
        name = str(entry["file"])
        match = FILE_NAME.match(name)
        if not match or match.group("id") != record_id or match.group("lang") != entry["language"]:
            problems.append(
                Problem(rel, line, "file", f"'{name}' is not {record_id}[.<n>].<language>.txt")
            )
            continue
        path = root / DOCUMENTS_DIR / name
        if not path.is_file():
            problems.append(Problem(rel, line, "file", f"{name}: no such text file"))
            continue
        if not SHA256.match(str(entry["sha256"])):
            line = document.line_of("documents", index, "sha256")
            problems.append(Problem(rel, line, "sha256", "expected 64 hexadecimal digits"))
            continue
        fetched = entry["fetched"]
        if isinstance(fetched, dt.date):
            fetched = fetched.isoformat()
        if not HTTP.match(str(entry["url"])):
            line = document.line_of("documents", index, "url")
            problems.append(Problem(rel, line, "url", "expected an http(s) address"))
            continue
        if not isinstance(entry["bytes"], int) or entry["bytes"] < 0:
            line = document.line_of("documents", index, "bytes")
            problems.append(Problem(rel, line, "bytes", "expected a whole number"))
            continue
        pages = entry.get("pages")
        if pages is not None and (not isinstance(pages, int) or pages < 1):
            line = document.line_of("documents", index, "pages")
            problems.append(Problem(rel, line, "pages", "expected a positive whole number"))
            continue
        found_pages = path.read_text(encoding="utf-8").count(PAGE_BREAK) + 1
        if pages is not None and pages != found_pages:
            line = document.line_of("documents", index, "pages")
            message = f"{pages} pages, but {name} holds {found_pages}"
            problems.append(Problem(rel, line, "pages", message))
            continue
        yield Document(
            record_id=record_id,
            number=int(match.group("n") or 1),
            url=str(entry["url"]),
            language=str(entry["language"]),
            fetched=str(fetched),
            sha256=str(entry["sha256"]),
            bytes=int(entry["bytes"]),
            extractor=str(entry["extractor"]),
            content_type=str(entry["content_type"]),
            text_path=path,
            pages=pages,
            licence=str(entry.get("licence") or ""),
        )

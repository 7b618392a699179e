"""`wpshub import-bib`: entries from a Zotero, JabRef or Google Scholar export, added to the hub.

The export is read with the hub's own BibTeX reader (macros, `#`, crossref, biblatex fields),
so what is imported is exactly what the hub will read back. Entries already in the hub (same
DOI, or same normalised title and year) are skipped and named. New entries get stable keys and
are appended to one file under data/research/: existing text is never rewritten or reordered.
Every imported entry is then checked with the validator's rules, and what it still lacks is
listed with the file and line it will have.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..data.addresses import slugify
from ..data.bibtex import (
    BibEntry,
    entry_to_record,
    is_balanced,
    read_bib_file,
    read_bib_text,
    write_entry,
)
from ..data.records import RESEARCH, Problem, Record, terminal_safe
from ..data.validate import (
    check_across,
    check_hub,
    check_record,
    normalise_title,
)
from ..data.vocab import load_vocabularies

# fields of reference managers that are private (local paths, reading notes) or bookkeeping
PRIVATE_FIELDS = {
    "file", "pdf", "local-url", "owner", "timestamp", "groups", "annote", "annotation",
    "mendeley-tags", "mendeley-groups", "read", "rating", "qualityassured", "ranking",
    "priority", "printed", "readstatus", "creationdate", "modificationdate", "urldate",
    "crossref", "ids", "comment",
}  # fmt: skip
PRIVATE_PREFIXES = ("bdsk-", "date-", "zotero")
HUB_LIST_FIELDS = ("topics", "countries", "regions", "organisations", "languages")
# words a key skips when it takes the first significant word of the title
KEY_SKIP = set(
    "a an the of on in at to for from by with and or but nor as is are be into onto over under "
    "about after before between through during without within among against its their his her "
    "our your we they it this that these those what which who whom how why when where "
    "women woman peace security".split()
)
DOI = re.compile(r"10\.\d{4,9}/[^\s{}]+")
SUMMARY_MAX = 800


@dataclass
class ImportResult:
    """What an import did: counts for the summary line and the messages behind them."""

    imported: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    need_topics: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the import changed, and why
    warnings: list[str] = field(default_factory=list)
    target: str = ""
    entries_read: int = 0

    def summary(self) -> str:
        return (
            f"imported {len(self.imported)}, skipped {len(self.duplicates)} duplicates, "
            f"{len(self.failed)} failed, {len(self.need_topics)} need topics"
        )


@dataclass
class HubIndex:
    """What the hub already holds, for spotting duplicates and choosing unused keys."""

    keys: set[str] = field(default_factory=set)
    dois: dict[str, str] = field(default_factory=dict)
    titles: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, key: str, doi: str, title: str, year: str, where: str) -> None:
        self.keys.add(key.lower())
        if doi:
            self.dois.setdefault(doi, where)
        if title:
            self.titles.setdefault((normalise_title(title), year), where)

    def duplicate_of(self, doi: str, title: str, year: str) -> str | None:
        if doi and doi in self.dois:
            return f"same DOI as {self.dois[doi]}"
        found = self.titles.get((normalise_title(title), year)) if title else None
        return f"same title and year as {found}" if found else None


def normalise_doi(value: str) -> str:
    """A DOI without any address prefix, lower-cased for comparison."""
    found = DOI.search(value)
    return found.group(0).lower() if found else value.strip().lower()


def index_records(records: Iterable[Record]) -> HubIndex:
    """Keys, DOIs and titles of every record in the hub."""
    index = HubIndex()
    for record in records:
        doi = normalise_doi(str(record.get("doi") or ""))
        year = str(record.get("year") or "")
        index.add(record.id, doi, record.title, year, f"{record.path}:{record.line} ({record.id})")
    return index


def _ascii_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.findall(r"[a-z0-9]+", text)


def make_key(entry: BibEntry, taken: set[str]) -> str:
    """`<first author's surname><year><first significant title word>`, unique in the hub."""
    people = entry.names.get("author") or entry.names.get("editor") or []
    if people:
        person = people[0]
        surname = "".join(_ascii_words(person["last"]))[:20] if person.get("corporate") else ""
        surname = surname or "".join(_ascii_words(person["last"]))
    else:
        corporate = entry.fields.get("institution") or entry.fields.get("organization") or ""
        surname = "".join(_ascii_words(corporate or entry.fields.get("publisher", "")))[:20]
    year = entry.fields.get("year", "")
    year = year if re.fullmatch(r"\d{4}", year) else "nd"
    words = [
        w for w in _ascii_words(entry.fields.get("title", "")) if w not in KEY_SKIP and len(w) > 1
    ]
    base = f"{surname or 'anon'}{year}{words[0] if words else ''}"
    if not base[0].isalpha():
        base = f"x{base}"
    key, suffix = base, 0
    while key.lower() in taken:
        suffix += 1
        key = f"{base}{_suffix(suffix)}"
    taken.add(key.lower())
    return key


def _suffix(number: int) -> str:
    """a, b, ..., z, then aa, ab, ...: the suffixes BibTeX styles use for same-year works."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def entry_fields(
    entry: BibEntry, hub_fields: dict[str, str], original_key: str
) -> tuple[list[tuple[str, str]], list[str]]:
    """The fields to write (raw BibTeX, macros resolved), and why any were changed or left out."""
    notes: list[tuple[str, str]] = []
    out: list[tuple[str, str]] = []
    raw = dict(entry.raw_fields)
    if "year" not in raw and entry.fields.get("year"):
        raw = {**raw, "year": entry.fields["year"]}  # from biblatex `date`
    year = raw.get("year", "").strip()
    if year and not re.fullmatch(r"\d{4}", year) and re.match(r"\d{4}", year):
        # `year = {2019-04-16/2019-04-18}`: the year is the first four digits, the rest a date
        raw = {**raw, "year": year[:4]}
        raw.setdefault("date", year)
        notes.append(("year", f"'{year}' was written as year {year[:4]} and date '{year}'"))
    for name, value in raw.items():
        if name in PRIVATE_FIELDS or name.startswith(PRIVATE_PREFIXES) or name in hub_fields:
            continue
        if name == "doi":
            found = DOI.search(value)
            value = found.group(0) if found else value.strip()
        if name == "url" and value.strip().lower().startswith("doi:"):
            value = "https://doi.org/" + value.strip()[4:].strip()
        if name == "abstract" and len(entry.fields.get("abstract", "")) > SUMMARY_MAX:
            notes.append(
                (
                    "abstract",
                    f"longer than {SUMMARY_MAX} characters: it is kept, but the record page "
                    f"shows no summary until you add a 'summary' of at most {SUMMARY_MAX}",
                )
            )
        out.append((name, value))
    out.extend(hub_fields.items())
    if original_key:
        out.append(("ids", original_key))  # biblatex's field for a former key
    return out, notes


def format_entry(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    """One entry in the layout of data/research/seed.bib: values on one line, but for the
    abstract, which keeps its line breaks."""
    return write_entry(
        entry_type,
        key,
        [(n, v.strip() if n == "abstract" else " ".join(v.split())) for n, v in fields],
    )


def import_bib(
    root: Path,
    source: Path,
    *,
    hub_fields: dict[str, list[str]] | None = None,
    target: Path | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
    out: TextIO | None = None,
) -> ImportResult:
    """Add the new entries of `source` to data/research/ (or `target`); see the module doc."""
    today = today or dt.date.today()
    say = (lambda text: print(terminal_safe(text), file=out)) if out else (lambda text: None)
    data_dir = root / "data"
    target = target or data_dir / RESEARCH / f"{_file_slug(source)}.bib"
    rel_target = _relative(target, root)
    result = ImportResult(target=rel_target)
    bib = read_bib_file(source, str(source))
    result.entries_read = bib.blocks_seen
    say(f"reading {source}: {bib.blocks_seen} entries")
    result.failed.extend(str(p) for p in bib.failed)
    result.warnings.extend(_as_warning(p) for p in bib.problems if p not in bib.failed)
    hub = check_hub(root)
    index = index_records(hub.records)
    extra = {name: "; ".join(values) for name, values in (hub_fields or {}).items() if values}
    extra.setdefault("added", today.isoformat())
    extra.setdefault("source", f"{source.name} (BibTeX export, imported {today.isoformat()})")
    existing = target.read_text(encoding="utf-8") if target.exists() else ""
    if existing and not existing.endswith("\n"):
        existing += "\n"
    header = "" if existing else (
        f"% Research entries imported with `wpshub import-bib` from {source.name}.\n"
        "% Each entry keeps its former key in `ids`; add topics (and countries or regions)\n"
        "% where `wpshub validate` asks for them.\n"
    )  # fmt: skip
    chunks: list[str] = []
    line = existing.count("\n") + header.count("\n") + (2 if existing else 1)
    starts: dict[str, int] = {}
    notes: dict[str, list[tuple[str, str]]] = {}
    for entry in bib.entries:
        where = f"{source}:{entry.line}"
        title = entry.fields.get("title", "")
        if not title.strip():
            result.failed.append(f"{where}: title: {entry.key}: no title; the hub needs one")
            continue
        unbalanced = [n for n, v in entry.raw_fields.items() if not is_balanced(v)]
        if unbalanced:
            result.failed.append(
                f"{where}: {unbalanced[0]}: {entry.key}: braces do not pair up; fix the export"
            )
            continue
        doi = normalise_doi(entry.raw_fields.get("doi", ""))
        year = entry.fields.get("year", "")[:4]
        duplicate = index.duplicate_of(doi, title, year)
        if duplicate:
            result.duplicates.append(f"{where}: {entry.key}: skipped, {duplicate}")
            continue
        key = make_key(entry, index.keys)
        fields, entry_notes = entry_fields(entry, extra, entry.key if entry.key != key else "")
        text = format_entry(entry.entry_type, key, fields)
        check = read_bib_text(text, rel_target)
        if check.problems or len(check.entries) != 1:
            reason = check.problems[0].message if check.problems else "does not read back"
            result.failed.append(f"{where}: entry: {entry.key}: cannot be written: {reason}")
            continue
        index.add(key, doi, title, year, f"{rel_target}:{line} ({key})")
        starts[key] = line
        notes[key] = entry_notes
        chunks.append(text)
        line += text.count("\n") + 1
        result.imported.append(key)
        if "topics" not in extra:
            result.need_topics.append(key)
    new_text = "\n".join(chunks)
    combined = existing + header + ("\n" if existing and chunks else "") + new_text
    result.notes = [
        f"{rel_target}:{starts[key]}: {name}: note: {text}"
        for key, entry_notes in notes.items()
        for name, text in entry_notes
    ]
    result.warnings.extend(_check_new(root, hub.records, combined, rel_target, starts, today))
    if not dry_run and chunks:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(combined, encoding="utf-8")
    return result


def _check_new(
    root: Path,
    hub_records: list[Record],
    text: str,
    rel_target: str,
    starts: dict[str, int],
    today: dt.date,
) -> list[str]:
    """The validator's findings on the new entries, as they will read in the target file."""
    if not starts:
        return []
    vocab = load_vocabularies(root / "data")
    parsed = read_bib_text(text, rel_target)
    new = [entry_to_record(e, rel_target) for e in parsed.entries if e.key in starts]
    problems: list[Problem] = []
    for record in new:
        problems.extend(check_record(record, vocab, root / "data", today))
    earlier = [entry_to_record(e, rel_target) for e in parsed.entries if e.key not in starts]
    others = [r for r in hub_records if r.path != rel_target] + earlier
    new_lines = _lines(new)
    problems.extend(
        p for p in check_across([*others, *new]) if p.path == rel_target and p.line in new_lines
    )
    return [_as_warning(p) for p in sorted(problems)]


def _lines(records: list[Record]) -> set[int]:
    return {line for record in records for line in (record.line, *record.lines.values())}


def _as_warning(problem: Problem) -> str:
    text = str(problem)
    return text if problem.severity == "warning" else text.replace(
        f"{problem.field}: ", f"{problem.field}: warning: ", 1
    )  # fmt: skip


def _file_slug(source: Path) -> str:
    return slugify(source.stem, limit=60) or "imported"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()

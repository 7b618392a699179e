"""The record checker: JSON Schema, vocabularies and cross-record rules, all problems at once.

`check_hub(root)` is what the site build calls; `wpshub validate` prints the same problems.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import os
import re
import subprocess
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import fastjsonschema

from .addresses import is_mirror
from .bibtex import entry_to_record, read_bib_file
from .documents import load_documents
from .facts import NAP_COUNTS, load_nap_counts
from .forked import SecondHalf, can_fork
from .health import load_known_plans
from .languages import ENGLISH_NAMES, LANGUAGES
from .layout import (
    RECORD_SUFFIXES,
    check_paths,
    check_tree,
    is_skipped,
    real_folder,
    real_path,
    relative_to_root,
)
from .memo import Memo, files_digest
from .records import PATHWAYS, RESEARCH, YAML_COLLECTIONS, Problem, Record
from .vocab import Vocabularies, VocabularyError, fold, load_vocabularies
from .yamlload import YamlError, load_yaml_file

RESEARCH_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,79}")
# names Windows cannot check out (CON, NUL, COM1...), and `index`, whose page would be the
# folder's own index: refused as ids and keys, which become file and folder names
RESERVED_IDS = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9]|index)", re.IGNORECASE)
YEAR_NEEDED = {"tool", "guidance", "practice", "dataset", "resolution", "research"}
DATE_FIELDS = ("added", "last_verified", "adopted", "last_reviewed", "members_as_of")
# from this many files a second process saves time (`wpshub validate` of the hub's 369 files:
# 0.45 s in one process, 0.39 s in two; of 1,000 synthetic records 0.49 and 0.44 s)
TWO_PROCESSES_FROM = 200

if TYPE_CHECKING:  # jsonschema is imported when a record fails the compiled schema check
    import jsonschema

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


@dataclass
class Report:
    """What a check found: the valid-or-not records, the problems and the files read."""

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def summary(self) -> str:
        return (
            f"checked {len(self.records)} records in {self.files} files: "
            f"{len(self.errors)} errors, {len(self.warnings)} warnings"
        )


def find_data_files(data_dir: Path) -> list[Path]:
    """Every record file under data/: YAML in the collections, BibTeX under research/."""
    files: list[Path] = []
    for collection in (*YAML_COLLECTIONS, RESEARCH):
        folder = data_dir / collection
        if not folder.is_dir() or folder.is_symlink():
            continue
        with os.scandir(folder) as entries:  # one listing, no system call per file
            names = sorted(
                entry.name
                for entry in entries
                # a symbolic link is never read (check_tree reports it)
                if entry.is_file(follow_symlinks=False)
                and (
                    entry.name.endswith(".bib")
                    if collection == RESEARCH
                    else os.path.splitext(entry.name)[1] in RECORD_SUFFIXES
                )
            )
        files.extend(folder / name for name in names)
    return files


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Records hold no reference cycles, yet the cycle collector walks every object again each
    time thousands are made: reading 10,000 records spent a fifth of its time there."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_hub(
    root: Path,
    paths: Iterable[Path] | None = None,
    today: dt.date | None = None,
    also: Callable[[], list[Problem]] | None = None,
    memo: Memo | None = None,
    workers: int = 1,
) -> Report:
    """Load and check `paths` (default: all of root/data) against root/data's schema and vocab.
    On the whole hub, `also` adds the problems of what the data layer does not know, such as
    the site's interface catalogues (`wpshub.site.i18n.check_catalogues`). With a `memo`
    (`make serve`), a file whose bytes, vocabularies and schemas are those of the last build
    is not read and checked again. With `workers=2` (`wpshub validate`, a process without
    threads), a forked process reads and checks half of a large hub's files."""
    with _no_cycle_collection():
        return _check_hub(root, paths, today, also, memo, workers)


def _check_hub(
    root: Path,
    paths: Iterable[Path] | None,
    today: dt.date | None,
    also: Callable[[], list[Problem]] | None,
    memo: Memo | None = None,
    workers: int = 1,
) -> Report:
    real_folder.cache_clear()  # a long `make serve` may see folders replaced
    data_dir = root / "data"
    vocab = load_vocabularies(data_dir)
    type_collections = collections_by_type(vocab)
    if paths is None:
        files = find_data_files(data_dir)
    else:
        named = list({p.absolute(): p for p in paths}.values())
        files = [
            p
            for p in named
            if not is_skipped(root, p) or p.absolute() == data_dir.absolute() / NAP_COUNTS
        ]
    facts = real_path(data_dir / NAP_COUNTS)
    with_facts = paths is None or any(real_path(p) == facts for p in files)
    if paths is not None:  # the whole hub's record files never include the facts
        files = [p for p in files if real_path(p) != facts]
    today = today or dt.date.today()
    # what one file's records and their own problems are made from, besides its bytes
    rules = (
        files_digest(
            sorted((data_dir / "vocab").glob("*")) + sorted((data_dir / "schema").glob("*"))
        )
        if memo is not None
        else ""
    )

    def read_and_check(chunk: Sequence[Path]) -> PerFile:
        """Each file's records and their own problems, in the order of `chunk`."""
        found = []
        for path in chunk:
            rel = relative_to_root(path, root)

            def load(path: Path = path, rel: str = rel) -> tuple[list[Record], list[Problem]]:
                if path.suffix == ".bib":
                    records, problems = load_bib_records(path, rel)
                else:
                    records, problems = load_yaml_record(path, rel, data_dir, type_collections)
                problems = list(problems)
                for record in records:
                    problems.extend(check_record(record, vocab, data_dir, today))
                return records, problems

            try:
                key = (rel, path.read_bytes(), rules, today) if memo is not None else None
            except OSError:  # load() says why it cannot be read
                key = None
            found.append(load() if key is None else memo.get("checked files", key, load))
        return found

    # a second process takes every other file after the first twelfth (the big BibTeX files
    # fall to both; the twelfth is about what sending its half back costs the second process)
    second, cut = None, len(files) // 12
    if workers > 1 and memo is None and len(files) >= TWO_PROCESSES_FROM and can_fork():
        second = SecondHalf(files[cut + 1 :: 2], read_and_check, _to_plain, _from_plain)
    report = Report(files=len(files))
    if paths is None:
        report.problems.extend(check_tree(root))
    else:
        report.problems.extend(check_paths(root, named))
    if with_facts and facts.exists():
        report.files += 1
        report.problems.extend(load_nap_counts(data_dir, root)[1])
    if second is None:
        per_file = read_and_check(files)
    else:
        per_file = read_and_check(files[:cut])
        interleaved = [None] * (len(files) - cut)
        interleaved[0::2] = read_and_check(files[cut::2])
        interleaved[1::2] = second.result()
        per_file += interleaved
    for records, problems in per_file:
        report.records.extend(records)
        report.problems.extend(problems)
    report.problems.extend(check_across(report.records))
    if paths is None:
        report.problems.extend(check_memberships(report.records))
        report.problems.extend(load_known_plans(data_dir, root, set(vocab.countries.terms))[1])
        report.problems.extend(check_translations(vocab))
        report.problems.extend(load_documents(root, report.records)[1])
        report.problems.extend(also() if also else [])
    report.problems.sort(key=_problem_order)
    return report


PerFile = list[tuple[list[Record], list[Problem]]]


def _to_plain(per_file: PerFile) -> list[tuple[list[tuple], list[tuple]]]:
    """Each file's records and problems as tuples of plain values, which `marshal` carries."""
    return [
        (
            [(r.id, r.collection, r.path, r.line, r.fields, r.lines) for r in records],
            [(p.path, p.line, p.field, p.message, p.severity) for p in problems],
        )
        for records, problems in per_file
    ]


def _from_plain(plain: list[tuple[list[tuple], list[tuple]]]) -> PerFile:
    return [
        ([Record(*r) for r in records], [Problem(*p) for p in problems])
        for records, problems in plain
    ]


# vocabularies whose labels (and descriptions, where they have their own) are translated
TRANSLATED_VOCABULARIES = {
    "topics": ("labels", "descriptions"), "types": ("labels", "descriptions"),
    "organisations": ("labels", "descriptions"), "audiences": ("labels", "descriptions"),
    "resolutions": ("labels", "descriptions"), "regions": ("labels",),
    "countries": ("labels",), "languages": ("labels",),
}  # fmt: skip


def check_translations(vocab: Vocabularies) -> Iterator[Problem]:
    """One warning per vocabulary, field and language listing the terms shown in English."""
    for name, keys in TRANSLATED_VOCABULARIES.items():
        vocabulary = vocab.named(name)
        for key in keys:
            for lang in LANGUAGES[1:]:
                missing = [t for t in vocabulary if not t.translated(key, lang)]
                if missing:
                    ids = ", ".join(t.id for t in missing)
                    yield Problem(
                        vocabulary.path, missing[0].line or 1, key,
                        f"{len(missing)} of {len(vocabulary)} terms have no {ENGLISH_NAMES[lang]} "
                        f"{key[:-1]} ({key}: {{{lang}: ...}}), so English is shown: {ids}",
                        "warning",
                    )  # fmt: skip


def _problem_order(problem: Problem) -> tuple:
    return (problem.path, problem.line, problem.severity != "error", problem.field, problem.message)


def collections_by_type(vocab: Vocabularies) -> dict[str, str]:
    """Record type -> the collection (folder) it belongs to."""
    return {term.id: str(term.get("collection")) for term in vocab.types}


def collection_of(
    path: Path, data_dir: Path, fields: dict[str, Any], by_type: dict[str, str]
) -> str:
    """The collection of a YAML file: its folder under data/, else the one its type names."""
    parent = real_path(path).parent
    if parent.parent == real_folder(data_dir) and parent.name in YAML_COLLECTIONS:
        return parent.name
    return by_type.get(str(fields.get("type")), "")


def load_yaml_record(
    path: Path, rel: str, data_dir: Path, by_type: dict[str, str]
) -> tuple[list[Record], list[Problem]]:
    """One YAML file -> one Record, or the problem that stops it being read."""
    try:
        document = load_yaml_file(path)
    except YamlError as exc:
        return [], [Problem(rel, exc.line, "file", exc.message)]
    except OSError as exc:
        return [], [Problem(rel, 1, "file", f"cannot read: {exc.strerror or exc}")]
    if not isinstance(document.data, dict):
        found = "nothing" if document.data is None else type(document.data).__name__
        return [], [
            Problem(rel, 1, "file", f"a record is a mapping of 'field: value' lines; found {found}")
        ]
    fields = document.data
    collection = collection_of(path, data_dir, fields, by_type)
    record_id = fields.get("id")
    document.lines.pop((), None)  # the document's own line: the record's is `line`
    record = Record(
        id=str(record_id) if record_id is not None else path.stem,
        collection=collection,
        path=rel,
        line=1,
        fields=fields,
        lines=document.lines,
    )
    return [record], []


def load_bib_records(path: Path, rel: str) -> tuple[list[Record], list[Problem]]:
    """One BibTeX file -> a Record per entry, and the parse problems."""
    bib = read_bib_file(path, rel)
    return [entry_to_record(entry, rel) for entry in bib.entries], bib.problems


# --- checks on one record ---------------------------------------------------------------


def check_record(
    record: Record, vocab: Vocabularies, data_dir: Path, today: dt.date
) -> Iterator[Problem]:
    """Every rule that looks at one record alone."""
    if record.collection == "":
        rtype = record.get("type")
        known = f"'{rtype}' is not a known record type" if rtype else "no 'type' given"
        hint = vocab.types.suggest(str(rtype)) if rtype else None
        yield record.problem(
            "type",
            f"{known}{f'; did you mean {hint!r}?' if hint else ''}; the type (or the folder "
            f"under data/: {', '.join(YAML_COLLECTIONS)}) says which fields the record needs",
        )
        return
    yield from check_schema(record, data_dir)
    yield from check_identity(record, collections_by_type(vocab))
    yield from check_vocabulary_fields(record, vocab)
    yield from check_urls(record)
    yield from check_sources(record)
    yield from check_dates(record, today)
    yield from check_plan(record, vocab)
    yield from check_members(record)
    yield from check_text(record)
    yield from check_year_present(record)


def check_schema(record: Record, data_dir: Path) -> Iterator[Problem]:
    """The collection's JSON Schema, with each error turned into words."""
    allowed = _schema_fields(str(real_folder(data_dir)), record.collection)
    document = record.fields
    if record.collection != RESEARCH:  # BibTeX entries carry any bibliographic field
        for name in record.fields:
            if name not in allowed:
                hint = _close(name, allowed)
                extra = (
                    f"; did you mean '{hint}'?"
                    if hint
                    else f"; allowed fields: {', '.join(sorted(allowed))}"
                )
                yield record.problem(name, f"unknown field '{name}'{extra}")
    if _fast_check(str(real_folder(data_dir)), record.collection)(document):
        return  # valid: the slow validator, which explains errors, is not needed
    validator = _validator(str(real_folder(data_dir)), record.collection)
    schema = validator.schema
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        if error.validator == "additionalProperties" and not error.absolute_path:
            continue  # reported above, with a suggestion
        problem = _schema_problem(record, error, schema, str(real_folder(data_dir)))
        if problem:
            yield problem


def _close(name: str, options: Iterable[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return match[0] if match else None


@cache
def _schema_fields(data_dir: str, collection: str) -> frozenset[str]:
    schema = _read_schema(Path(data_dir) / "schema" / f"{collection}.schema.json")
    return frozenset(schema.get("properties", {}))


@cache
def _validator(data_dir: str, collection: str) -> jsonschema.protocols.Validator:
    import jsonschema  # what a failed record needs only (a fifth of a valid run's start-up)
    from referencing import Registry, Resource

    schema_dir = Path(data_dir) / "schema"
    resources = []
    for path in sorted(schema_dir.glob("*.schema.json")):
        resources.append((path.name, Resource.from_contents(_read_schema(path))))
    registry = Registry().with_resources(resources)
    schema = _read_schema(schema_dir / f"{collection}.schema.json")
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, registry=registry)


def _read_schema(path: Path) -> Any:
    """A schema file with its patterns read as JSON Schema means them (ECMA-262: `$` is the
    end of the text), not as Python's `re` does (`$` also matches before a final newline)."""
    return _true_end(json.loads(path.read_text(encoding="utf-8")))


def _true_end(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: (v[:-1] + r"\Z" if k == "pattern" and isinstance(v, str) and v.endswith("$")
                and not v.endswith("\\$") else _true_end(v))
            for k, v in node.items()
        }  # fmt: skip
    if isinstance(node, list):
        return [_true_end(item) for item in node]
    return node


def _inline_refs(node: Any, common: dict[str, Any]) -> Any:
    """The schema with every `common.schema.json#/$defs/x` reference replaced by its text."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("common.schema.json#/$defs/"):
            return _inline_refs(common["$defs"][ref.rsplit("/", 1)[1]], common)
        return {k: _inline_refs(v, common) for k, v in node.items() if k not in ("$schema", "$id")}
    if isinstance(node, list):
        return [_inline_refs(item, common) for item in node]
    return node


@cache
def _fast_check(data_dir: str, collection: str) -> Any:
    """A compiled yes/no check of the same schema; about 50 times faster than explaining."""
    schema_dir = Path(data_dir) / "schema"
    common = _read_schema(schema_dir / "common.schema.json")
    schema = _read_schema(schema_dir / f"{collection}.schema.json")
    compiled = fastjsonschema.compile(_inline_refs(schema, common))

    def check(document: dict[str, Any]) -> bool:
        try:
            compiled(document)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return check


@cache
def field_schema(data_dir: str, name: str) -> dict[str, Any]:
    """The definition of one field in common.schema.json (for hints and docs)."""
    common = json.loads(
        (Path(data_dir) / "schema" / "common.schema.json").read_text(encoding="utf-8")
    )
    return common["$defs"].get(name, {})


TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "array": "a list",
    "object": "a mapping",
}


def _schema_problem(
    record: Record,
    error: jsonschema.ValidationError,
    schema_of_collection: dict[str, Any],
    data_dir: str,
) -> Problem | None:
    path = list(error.absolute_path)
    name = str(path[0]) if path else ""
    where = tuple(path) or (name,)
    kind = error.validator
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        missing_name = missing[0] if missing else "?"
        desc = _describe(record, missing_name, schema_of_collection, data_dir)
        if path:  # inside a list item, e.g. a pathway step without its note
            return record.problem(
                name, f"item {int(path[1]) + 1} is missing '{missing_name}'", *where
            )
        return Problem(
            record.path, record.line, missing_name, f"missing field '{missing_name}'{desc}"
        )
    if kind == "anyOf" and "x-message" in schema:
        field_name, message = schema["x-message"]
        return Problem(record.path, record.line, field_name, message)
    if kind == "type":
        wanted = error.validator_value
        wanted = wanted if isinstance(wanted, str) else wanted[0]
        shown = _show(value)
        if wanted == "array" and isinstance(value, str | int):
            example = f'"{value}"' if isinstance(value, str) else str(value)
            return record.problem(name, f"must be a list, e.g. [{example}]", *where)
        if wanted == "string" and isinstance(value, bool):
            return record.problem(
                name, f"{shown} was read as true/false; put the value in quotes", *where
            )
        return record.problem(
            name, f"must be {TYPE_WORDS.get(wanted, wanted)}, not {shown}", *where
        )
    if kind == "pattern":
        hint = schema.get("x-hint", f"must match {error.validator_value}")
        return record.problem(name, f"{_show(value)} is not valid: {hint}", *where)
    if kind == "minLength":
        return record.problem(
            name, f"is {_chars(len(value))}; write at least {error.validator_value}", *where
        )
    if kind == "maxLength":
        return record.problem(
            name, f"is {_chars(len(value))}; the limit is {error.validator_value}", *where
        )
    if kind == "minItems":
        wanted = error.validator_value
        return record.problem(
            name,
            "needs at least one value" if wanted == 1 else f"needs at least {wanted} items",
            *where,
        )
    if kind == "additionalProperties" and path:
        return record.problem(name, f"item {int(path[1]) + 1}: {error.message}", *where)
    if kind == "uniqueItems":
        return record.problem(name, "lists the same value twice; keep one", *where)
    if kind in ("minimum", "maximum"):
        return record.problem(
            name, f"{_show(value)} is out of range: {schema.get('x-hint', '')}".rstrip(": "), *where
        )
    return record.problem(name or "record", error.message, *where)


def _chars(count: int) -> str:
    return f"{count} character" if count == 1 else f"{count} characters"


def _describe(record: Record, name: str, schema: dict[str, Any], data_dir: str) -> str:
    """How to add a missing field, and what it holds (from the schema)."""
    spec = schema.get("properties", {}).get(name, {})
    about = str(spec.get("description") or field_schema(data_dir, name).get("description", ""))
    about = about[:1].lower() + about[1:].rstrip(".")
    if record.collection == RESEARCH:
        where = "see data/vocab/topics.yaml" if name == "topics" else ""
        how = f"add {name} = {{...}} to the entry"
    else:
        how, where = f"add a line '{name}: ...'", ""
    detail = where or about
    return f" ({how}; {detail})" if detail else f" ({how})"


def _show(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return repr(text)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    return repr(value)


def check_identity(record: Record, by_type: dict[str, str]) -> Iterator[Problem]:
    """File name = id for YAML; BibTeX keys usable in a web address; type fits the folder."""
    if record.collection == RESEARCH:
        if not RESEARCH_KEY.fullmatch(record.id):
            yield record.problem(
                "key",
                f"{record.id}: entry key must start with a letter and use only letters, digits, "
                "'-' or '_' (it becomes the page address)",
            )
    if RESERVED_IDS.fullmatch(record.id):
        yield record.problem(
            "key" if record.collection == RESEARCH else "id",
            f"'{record.id}' is a reserved name (Windows cannot check out a file of that name, "
            "and 'index' is taken by the site); choose another",
        )
    if record.collection == RESEARCH:
        return
    stem = Path(record.path).stem
    if isinstance(record.get("id"), str) and record.id != stem:
        yield record.problem(
            "id", f"'{record.id}' differs from the file name '{stem}.yaml'; rename one"
        )
    rtype = record.get("type")
    expected = by_type.get(str(rtype))
    if isinstance(rtype, str) and expected and expected != record.collection:
        allowed = [t for t, c in by_type.items() if c == record.collection]
        yield record.problem(
            "type",
            f"'{rtype}' records belong in data/{expected}/; types for data/{record.collection}/: "
            + ", ".join(allowed),
        )


def check_vocabulary_fields(record: Record, vocab: Vocabularies) -> Iterator[Problem]:
    """Every term in topics, countries, regions, organisations, languages, resolutions, type."""
    for name, vocabulary_name in (
        ("type", "types"),
        ("topics", "topics"),
        ("countries", "countries"),
        ("regions", "regions"),
        ("organisations", "organisations"),
        ("languages", "languages"),
        ("resolutions", "resolutions"),
        ("number", "resolutions"),
        ("audience", "audiences"),
    ):
        if record.collection == RESEARCH and name in ("type", "number"):
            continue  # BibTeX's own 'number' is an issue number
        value = record.get(name)
        if value is None:
            continue
        items = value if isinstance(value, list) else [value]
        vocabulary = vocab.named(vocabulary_name)
        for index, item in enumerate(items):
            if not isinstance(item, str | int) or isinstance(item, bool):
                continue
            term = str(item)
            if term in vocabulary:
                continue
            where = (name, index) if isinstance(value, list) else (name,)
            yield record.problem(name, unknown_term(term, vocabulary_name, vocabulary), *where)
    issuer = record.get("issuer")
    if (
        isinstance(issuer, str)
        and issuer not in vocab.countries
        and issuer not in vocab.organisations
    ):
        hint = vocab.countries.suggest(issuer) or vocab.organisations.suggest(issuer)
        extra = f"; did you mean '{hint}'?" if hint else ""
        yield record.problem(
            "issuer",
            f"'{issuer}' is neither a country code (data/vocab/countries.yaml) nor an organisation "
            f"id (data/vocab/organisations.yaml){extra}",
        )


SINGULAR = {
    "topics": "topic", "types": "record type", "regions": "region", "countries": "country code",
    "languages": "language code", "organisations": "organisation", "resolutions": "WPS resolution", "audiences": "audience",
}  # fmt: skip


def unknown_term(term: str, name: str, vocabulary: Any) -> str:
    """Why a term is refused, with the closest term, the allowed ones or the file to read."""
    suggestion = vocabulary.suggest(term)
    if suggestion is not None and suggestion != term:
        hint = f"; did you mean '{suggestion}'?"
    elif len(vocabulary) <= 15:
        hint = f"; allowed: {', '.join(vocabulary.terms)}"
    else:
        hint = f" (see data/vocab/{name}.yaml)"
    return f"'{term}' is not a known {SINGULAR[name]}{hint}"


def check_urls(record: Record) -> Iterator[Problem]:
    """Only http and https addresses, with a host, and never a mirror copy."""
    for name in ("url",):
        value = record.get(name)
        if not isinstance(value, str):
            continue
        parts = urlsplit(value.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            continue  # the schema pattern already says so
        host = (parts.hostname or "").lower()
        if is_mirror(value):
            yield record.problem(
                name,
                f"{host} hosts copies of other people's documents; link to the publisher's own "
                "page or DOI instead, or leave 'url' out and say so in 'notes'",
            )


# the start of an address: a scheme, a bare "www." (not right after a scheme) or a "doi:" form
ADDRESS = re.compile(r"(?:https?|ftp)://|(?<![/.\w])www\.|\bdoi:\s*10\.", re.IGNORECASE)


def check_sources(record: Record) -> Iterator[Problem]:
    """One address per value: two joined in one field render as a single broken link."""
    values: list[tuple[str, tuple[str | int, ...], str]] = [("url", ("url",), record.get("url"))]
    sources = record.get("source")
    if isinstance(sources, list):
        values += [("source", ("source", i), item) for i, item in enumerate(sources)]
    for name, where, value in values:
        if isinstance(value, str) and _joins_addresses(value):
            item = f"item {where[1] + 1} " if len(where) > 1 else ""
            yield record.problem(
                name,
                f"{item}joins several addresses in one value; give each address its own "
                "list item under 'source:' (one '- ' line each)",
                *where,
            )


def _joins_addresses(value: str) -> bool:
    """Whether `value` holds more than one address. Each address ADDRESS finds contains one
    of these marks, so a value with fewer than two of them is passed without the search."""
    low = value.lower()
    if low.count("://") + low.count("www.") + low.count("doi:") < 2:
        return False
    return len(ADDRESS.findall(value)) > 1


def check_dates(record: Record, today: dt.date) -> Iterator[Problem]:
    """Dates that exist on the calendar and are not in the future."""
    for name in DATE_FIELDS:
        value = record.get(name)
        if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            continue
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            yield record.problem(name, f"{value} is not a real date")
            continue
        if date > today:
            yield record.problem(name, f"{value} is in the future")


def check_plan(record: Record, vocab: Vocabularies) -> Iterator[Problem]:
    """period_start <= period_end."""
    start, end = record.get("period_start"), record.get("period_end")
    if (
        isinstance(start, int)
        and isinstance(end, int)
        and not isinstance(start, bool)
        and start > end
    ):
        yield record.problem("period_end", f"{end} is before period_start {start}")


def check_members(record: Record) -> Iterator[Problem]:
    """A membership list names whose members it lists, where it was read and when."""
    if not record.get("members"):
        return
    terms = record.get("organisations") or []
    if len(terms) != 1:
        yield record.problem(
            "organisations",
            "a record with 'members' names exactly one organisation here: the one whose "
            f"members they are (found {len(terms)})",
        )
    for name, what in (("members_as_of", "the date the list describes"),
                       ("members_source", "where the list was read")):  # fmt: skip
        if not record.get(name):
            yield record.problem("members", f"'members' needs '{name}' ({what})")


def check_memberships(records: list[Record]) -> Iterator[Problem]:
    """One membership list per organisation; a regional plan's issuer should have one, or
    no country page can list the plan."""
    listed: dict[str, Record] = {}
    for record in records:
        if record.collection != "organisations" or not record.get("members"):
            continue
        for term in record.get("organisations") or []:
            if term in listed:
                yield record.problem(
                    "members", f"the members of '{term}' are already listed in {listed[term].path}"
                )
            listed[term] = record
    for record in records:
        issuer = record.get("issuer")
        if (
            record.type == "regional-action-plan"
            and isinstance(issuer, str)
            and issuer not in listed
        ):
            yield record.problem(
                "issuer",
                f"no record in data/organisations/ lists the members of '{issuer}', so no country "
                "page lists this plan; add 'members' to the organisation's record",
                warning=True,
            )


CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")
# a line break is text only in the long fields; in an id, address or title it is an injection
LINE_BREAK = re.compile(r"[\t\n\r\x85\u2028\u2029]")
# fields the BibTeX reader adds for its own use, checked where they are read
INTERNAL_FIELDS = frozenset({"bibtex_fields", "entry_type", "authors_parts", "editors_parts"})
LONG_TEXT_FIELD = re.compile(r"(summary|notes|abstract)(_[a-z]{2})?")
# a character that one of the rules above could refuse (markup starts with '<'), in long fields
# and in the others: most text has none, and is passed in one search of one character class
SUSPECT = {
    True: re.compile(f"[<{CONTROL.pattern[1:-1]}]"),
    False: re.compile(f"[<{CONTROL.pattern[1:-1]}{LINE_BREAK.pattern[1:-1]}]"),
}


def check_text(record: Record) -> Iterator[Problem]:
    """Text fields are plain text: no markup, no invisible or direction-changing characters."""
    texts: dict[bool, list[str]] = {True: [], False: []}  # long fields' text, the others'
    for name, value in record.fields.items():
        if name not in INTERNAL_FIELDS:
            found = texts[_is_long_text(name)]
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, list):
                found.extend(item for item in value if isinstance(item, str))
    # most records hold no suspect character at all: one search of each kind tells
    if any(SUSPECT[long].search(" ".join(found)) for long, found in texts.items()):
        yield from _check_each_text(record)
    steps = record.get("steps")
    for index, step in enumerate(steps if isinstance(steps, list) else []):
        note = step.get("note") if isinstance(step, dict) else None
        if isinstance(note, str) and (MARKUP.search(note) or CONTROL.search(note)):
            yield record.problem(
                "steps", f"step {index + 1}: the note must be plain text", "steps", index
            )


@cache
def _is_long_text(name: str) -> bool:
    return bool(LONG_TEXT_FIELD.fullmatch(name))


def _check_each_text(record: Record) -> Iterator[Problem]:
    for name, value in record.fields.items():
        if name in INTERNAL_FIELDS:
            continue
        items = value if isinstance(value, list) else [value]
        suspect = SUSPECT[_is_long_text(name)]
        for index, item in enumerate(items):
            if not isinstance(item, str) or not suspect.search(item):
                continue
            where = (name, index) if isinstance(value, list) else (name,)
            yield from _check_plain(record, name, item, where)


def _check_plain(
    record: Record, name: str, value: str, where: tuple[str | int, ...]
) -> Iterator[Problem]:
    control = CONTROL.search(value)
    if not control and not LONG_TEXT_FIELD.fullmatch(name):
        control = LINE_BREAK.search(value)
    if control:
        char = control.group()
        what = "a line break or tab" if LINE_BREAK.fullmatch(char) else "the invisible character"
        yield record.problem(name, f"contains {what} U+{ord(char):04X}; delete it", *where)
    if MARKUP.search(value):
        yield record.problem(name, "must be plain text; remove the HTML tags", *where)


def check_year_present(record: Record) -> Iterator[Problem]:
    """A year helps readers sort; missing it is a warning, not an error."""
    if record.type in YEAR_NEEDED and "year" not in record.fields and record.collection != RESEARCH:
        yield record.problem(
            "year",
            "no year given; add the year of publication if the source states it",
            warning=True,
        )


# --- checks across records --------------------------------------------------------------


def normalise_url(url: str) -> str:
    """Compare addresses without scheme, www., default port, trailing slash or fragment."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    host = host[4:] if host.startswith("www.") else host
    path = parts.path.rstrip("/") or ""
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


@cache  # the same titles at every `make serve` rebuild
def normalise_title(title: str) -> str:
    """Titles compared without case, accents, punctuation or a leading article."""
    text = fold(unicodedata.normalize("NFKC", title))
    return re.sub(r"^(the|a|an) ", "", text)


def check_across(records: list[Record]) -> Iterator[Problem]:
    """Unique ids; duplicates by DOI, by address and by near-identical title."""
    first_by_id: dict[str, Record] = {}
    for record in records:
        key = record.id.lower()
        if key in first_by_id:
            other = first_by_id[key]
            yield record.problem(
                "id",
                f"'{record.id}' is already used by {other.path}:{other.line}; ids must be unique",
            )
        else:
            first_by_id[key] = record
    yield from check_pathway_steps(records)
    yield from _duplicates(
        records, "doi", lambda r: str(r.get("doi", "")).lower().strip(), error_always=True
    )
    yield from _duplicates(
        records, "url", lambda r: normalise_url(str(r.get("url", ""))) if r.get("url") else ""
    )
    yield from _duplicates(records, "title", _title_key)


def _title_key(record: Record) -> str:
    """Titles compared normalised; research also by year (editions, chapters called
    'Introduction'), plans by first year (generations that share a title)."""
    if not record.title:
        return ""
    title = normalise_title(record.title)
    if record.collection == RESEARCH:
        return f"{title} ({record.get('year', '')})"
    if record.collection == "plans":  # a revised plan may keep its predecessor's title
        return f"{title} ({record.get('period_start', '')})"
    return title


def check_pathway_steps(records: list[Record]) -> Iterator[Problem]:
    """Every step names a record in the hub, once per pathway."""
    known = {r.id for r in records if r.collection != PATHWAYS}
    removed: dict[str, str] | None = None
    for pathway in (r for r in records if r.collection == PATHWAYS):
        steps = pathway.get("steps")
        if not isinstance(steps, list):
            continue
        seen: dict[str, int] = {}
        for index, step in enumerate(steps):
            target = step.get("record") if isinstance(step, dict) else None
            if not isinstance(target, str):
                continue
            if target in seen:
                yield pathway.problem(
                    "steps",
                    f"step {index + 1} repeats '{target}' (step {seen[target] + 1}); a record appears once per pathway",
                    "steps",
                    index,
                )
            seen.setdefault(target, index)
            if target not in known:
                if removed is None:
                    removed = record_files_in_git_head()
                was = removed.get(target)
                where = (
                    f"but {was} is gone; restore it or remove the step"
                    if was
                    else (
                        "which is not a record in the hub (no data/<collection>/"
                        f"{target}.yaml and no BibTeX key {target})"
                    )
                )
                yield pathway.problem(
                    "steps", f"step {index + 1} uses '{target}', {where}", "steps", index
                )


def record_files_in_git_head() -> dict[str, str]:
    """id -> file of every record committed at HEAD (YAML files and BibTeX keys), to name a
    record that was removed."""
    files: dict[str, str] = {}
    try:
        listing = subprocess.run(
            ["git", "ls-tree", "-r", "--name-only", "HEAD", "--", "data"],
            capture_output=True, text=True, check=False, timeout=10,
        )  # fmt: skip
        bib_files = subprocess.run(
            ["git", "grep", "-l", "-E", r"^@[A-Za-z]+[{(]", "HEAD", "--", "data/research"],
            capture_output=True, text=True, check=False, timeout=10,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return files
    for name in listing.stdout.splitlines():
        parts = name.split("/")
        if len(parts) == 3 and parts[1] in YAML_COLLECTIONS and name.endswith(".yaml"):
            files[Path(name).stem] = name
    for bib in bib_files.stdout.splitlines():
        path = bib.split(":", 1)[1] if bib.startswith("HEAD:") else bib
        shown = subprocess.run(
            ["git", "show", f"HEAD:{path}"], capture_output=True, text=True, check=False
        )
        for key in re.findall(r"(?m)^@[A-Za-z]+[{(]\s*([^,\s]+)", shown.stdout):
            files.setdefault(key, f"{path} (entry {key})")
    return files


def _duplicates(
    records: list[Record], name: str, key_of: Any, error_always: bool = False
) -> Iterator[Problem]:
    seen: dict[str, Record] = {}
    for record in records:
        if not isinstance(record.get(name), str):
            continue
        key = key_of(record)
        if not key:
            continue
        other = seen.get(key)
        if other is None:
            seen[key] = record
            continue
        same_type = other.type == record.type
        yield record.problem(
            name,
            f"same {name} as {other.path}:{other.line_of(name)} ({other.id}); "
            + (
                "is this the same resource?"
                if (same_type or error_always)
                else "check both records describe different things"
            ),
            warning=not (same_type or error_always),
        )


def vocab_or_problem(root: Path) -> tuple[Vocabularies | None, Problem | None]:
    """Load vocabularies, or the problem that stops it."""
    try:
        return load_vocabularies(root / "data"), None
    except (VocabularyError, YamlError) as exc:
        return None, Problem("data/vocab", getattr(exc, "line", 1), "vocab", str(exc))

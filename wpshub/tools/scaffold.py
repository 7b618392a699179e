"""`wpshub new`: a commented record file made from its collection's JSON Schema.

Every field, its description and whether it is required come from `data/schema/`; the allowed
terms come from `data/vocab/`. Answers are checked as they are given (by prompt or by flag) with
the validator's own rules, and the finished file is validated with the whole hub before it is
kept, so what `wpshub new` writes is what `wpshub validate` accepts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..data.addresses import slugify
from ..data.records import PATHWAYS, RESEARCH, YAML_COLLECTIONS, Problem, Record, terminal_safe
from ..data.validate import check_hub, check_record, collections_by_type, unknown_term
from ..data.vocab import Vocabularies, Vocabulary, load_vocabularies
from ..data.yamlload import YamlError, load_yaml_text

# collections `wpshub new` writes; research is BibTeX (import-bib) and pathways need steps
NEW_COLLECTIONS = tuple(c for c in YAML_COLLECTIONS if c != PATHWAYS)
# the order a person fills a record in; fields not listed follow in schema order
FIELD_ORDER = (
    "type", "title", "summary", "url", "doi", "year", "publisher", "host", "issuer",
    "period_start", "period_end", "number", "adopted", "established", "city", "topics",
    "countries", "regions", "organisations", "resolutions", "languages", "source", "notes",
    "added", "last_verified", "id",
)  # fmt: skip
DATE_FIELDS = ("added", "last_verified", "adopted")
LONG_TEXT = ("summary", "notes")
WRAP = 92
LIST_SEPARATORS = re.compile(r"[,;]")
SHOWN_TERMS = 30
NAME_EXAMPLES = {
    "countries": "; names work too (Kenya -> KE)",
    "languages": "; names work too (French -> fr)",
}
PLAIN = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
# words YAML 1.1 readers turn into booleans or null: always quoted
AMBIGUOUS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
# defaults taken without asking: a single type, and today for the dates
SILENT_DEFAULTS = ("type", "added", "last_verified")
TRANSLATION = re.compile(r"(title|summary)_[a-z]{2}")


class NewRecordError(Exception):
    """Answers that cannot make a valid record; the message lists every problem."""


@dataclass(frozen=True)
class FieldSpec:
    """One field of a collection: what it holds and how an answer is read."""

    name: str
    description: str
    kind: str  # text, texts, integer, date, terms, term, issuer
    vocab: str
    required: bool
    hint: str


def field_specs(data_dir: Path, collection: str) -> list[FieldSpec]:
    """The fields of `collection`, in the order a person fills them in."""
    schema = _read_schema(data_dir, f"{collection}.schema.json")
    common = _read_schema(data_dir, "common.schema.json")["$defs"]
    required = set(schema.get("required", []))
    specs = []
    for name, spec in schema.get("properties", {}).items():
        ref = spec.get("$ref", "")
        definition = {**common.get(ref.rsplit("/", 1)[-1], {}), **spec} if ref else spec
        vocab = definition.get("x-vocab", "")
        json_type = definition.get("type", "string")
        if json_type == "array" and definition.get("items", {}).get("type") == "object":
            continue  # a list of mappings (documents:) is written in the file, not asked for
        if name in DATE_FIELDS:
            kind = "date"
        elif vocab == "issuers":
            kind = "issuer"
        elif json_type == "array" and not vocab:
            kind = "texts"
        elif json_type == "array":
            kind = "terms"
        elif vocab:
            kind = "term"
        elif json_type == "integer":
            kind = "integer"
        else:
            kind = "text"
        specs.append(
            FieldSpec(
                name=name,
                description=definition.get("description", ""),
                kind=kind,
                vocab=vocab,
                required=name in required,
                hint=definition.get("x-hint", ""),
            )
        )
    rank = {name: index for index, name in enumerate(FIELD_ORDER)}
    return sorted(specs, key=lambda s: rank.get(s.name, len(rank)))


def _read_schema(data_dir: Path, name: str) -> dict[str, Any]:
    return json.loads((data_dir / "schema" / name).read_text(encoding="utf-8"))


def parse_answer(
    spec: FieldSpec, raw: str, vocab: Vocabularies, collection: str
) -> tuple[Any, list[str]]:
    """An answer read as the field's value, and the reasons it cannot be used (if any)."""
    text = " ".join(raw.split()) if spec.name not in LONG_TEXT else raw.strip()
    if not text:
        return None, []
    if spec.kind == "integer":
        if not re.fullmatch(r"-?\d+", text):
            return None, [spec.hint or "write a whole number"]
        return int(text), []
    if spec.kind == "date":
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return None, [f"'{text}' is not a date; {spec.hint or 'write YYYY-MM-DD'}"]
        return text, []
    if spec.kind == "issuer":
        for name in ("countries", "organisations"):
            found = _resolve(vocab.named(name), text)
            if found:
                return found, []
        hint = vocab.countries.suggest(text) or vocab.organisations.suggest(text)
        extra = f"; did you mean '{hint}'?" if hint else ""
        return None, [
            f"'{text}' is neither a country code nor an organisation id{extra} "
            "(see data/vocab/countries.yaml and data/vocab/organisations.yaml)"
        ]
    if spec.kind == "texts":
        # several sources are separated by ';' and each becomes its own list item
        return [i.strip() for i in text.split(";") if i.strip()], []
    if spec.kind == "term" and spec.name == "type":
        return _parse_type(text, vocab, collection)
    if spec.kind in ("terms", "term"):
        vocabulary = vocab.named(spec.vocab)
        items = [i.strip() for i in LIST_SEPARATORS.split(text) if i.strip()]
        values: list[Any] = []
        errors: list[str] = []
        for item in items:
            found = _resolve(vocabulary, item)
            if found is None:
                errors.append(unknown_term(item, spec.vocab, vocabulary))
            elif found not in values:
                values.append(int(found) if spec.vocab == "resolutions" else found)
        if spec.kind == "term":
            return (values[0] if values else None), errors
        return values, errors
    return text, []


def _parse_type(text: str, vocab: Vocabularies, collection: str) -> tuple[Any, list[str]]:
    allowed = types_of(vocab, collection)
    found = _resolve(vocab.types, text)
    if found in allowed:
        return found, []
    return None, [f"'{text}' is not a type of {collection}; choose one of: {', '.join(allowed)}"]


def types_of(vocab: Vocabularies, collection: str) -> list[str]:
    """The record types that belong in `collection`."""
    return [t for t, c in collections_by_type(vocab).items() if c == collection]


def mapped_terms(spec: FieldSpec, raw: str, value: Any) -> list[tuple[str, str]]:
    """The words of an answer that were read as a different term ('toolkit' -> tool), so the
    contributor sees what was understood; a term given as itself (any case) is not listed."""
    if spec.kind not in ("term", "terms", "issuer") or value in (None, []):
        return []
    words = [w.strip() for w in LIST_SEPARATORS.split(raw) if w.strip()]
    terms = value if isinstance(value, list) else [value]
    if len(words) != len(terms):
        return []
    return [
        (w, str(v)) for w, v in zip(words, terms, strict=True) if w.casefold() != str(v).casefold()
    ]


def _resolve(vocabulary: Vocabulary, value: str) -> str | None:
    """The term id for an id, label or synonym (any case); None when it is not one."""
    for candidate in (value, value.upper(), value.lower()):
        if candidate in vocabulary:
            return candidate
    return vocabulary.resolve(value)


def field_problems(
    fields: dict[str, Any], name: str, collection: str, vocab: Vocabularies, data_dir: Path,
    today: dt.date,
) -> list[str]:  # fmt: skip
    """The validator's own messages about one field of a record being made."""
    record_id = str(fields.get("id", "new-record"))
    record = Record(
        id=record_id, collection=collection, path=f"data/{collection}/{record_id}.yaml", line=1,
        fields={k: v for k, v in fields.items() if v is not None},
    )  # fmt: skip
    return [
        p.message
        for p in check_record(record, vocab, data_dir, today)
        if p.field == name and p.is_error and not p.message.startswith("missing field")
    ]


def render_record(
    fields: dict[str, Any], specs: list[FieldSpec], collection: str, title: str, today: dt.date
) -> str:
    """The YAML text of a record, each field under a comment saying what it holds."""
    lines = [
        f"# {title}: made with `wpshub new {collection}` on {today.isoformat()}.",
        f"# Every field is described in CONTRIBUTING.md (section '{collection}');",
        f"# check the file with: wpshub validate data/{collection}/{fields['id']}.yaml",
    ]
    for spec in sorted(specs, key=lambda s: s.name != "id"):  # id first, as in every record
        value = fields.get(spec.name)
        if value is None or value == []:
            continue
        lines.append("")
        lines.extend(f"# {part}" for part in textwrap.wrap(spec.description, WRAP - 2))
        lines.extend(_yaml_field(spec.name, value))
    text = "\n".join(lines) + "\n"
    _check_round_trip(text, fields)
    return text


def _yaml_scalar(value: Any) -> str:
    """A value as YAML; plain only for slugs no YAML reader can take for anything else."""
    if isinstance(value, int) or (PLAIN.fullmatch(str(value)) and str(value) not in AMBIGUOUS):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _yaml_field(name: str, value: Any) -> list[str]:
    if isinstance(value, list) and name == "source":
        return [f"{name}:", *(f"  - {_yaml_scalar(v)}" for v in value)]
    if isinstance(value, list):
        return [f"{name}: [{', '.join(_yaml_scalar(v) for v in value)}]"]
    if isinstance(value, int) or name in DATE_FIELDS:
        return [f"{name}: {value}"]
    text = str(value)
    folded = textwrap.wrap(text, WRAP - 2, break_long_words=False, break_on_hyphens=False)
    if name in LONG_TEXT and len(text) > WRAP - len(name) - 2 and " ".join(folded) == text:
        return [f"{name}: >-", *(f"  {line}" for line in folded)]
    return [f"{name}: {_yaml_scalar(text)}"]


def _check_round_trip(text: str, fields: dict[str, Any]) -> None:
    """The written YAML must read back as exactly the values given."""
    try:
        data = load_yaml_text(text).data
    except YamlError as exc:  # a bug here, never the contributor's answer
        raise NewRecordError(f"internal error: the record does not read back: {exc}") from None
    wanted = {k: v for k, v in fields.items() if v is not None and v != []}
    if data != wanted:
        raise NewRecordError(f"internal error: the record reads back as {data!r}")


Ask = Callable[[str], str]


@dataclass
class NewRecord:
    """What `wpshub new` needs: where the hub is, the collection and how to talk."""

    root: Path
    collection: str
    given: dict[str, str]
    ask: Ask | None  # None: no prompts, every required field must be given as a flag
    out: TextIO
    today: dt.date

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def make(self) -> Path:
        """Fill every field, write data/<collection>/<id>.yaml and validate it with the hub."""
        if self.collection not in NEW_COLLECTIONS:
            raise NewRecordError(collection_message(self.collection))
        vocab = load_vocabularies(self.data_dir)
        specs = field_specs(self.data_dir, self.collection)
        known = {s.name for s in specs}
        unknown = sorted(set(self.given) - known)
        if unknown:
            raise NewRecordError(
                f"unknown field {', '.join(unknown)} for {self.collection}; "
                f"its fields are: {', '.join(sorted(known))}"
            )
        fields: dict[str, Any] = {}
        errors: list[str] = []
        for spec in specs:
            value, problems = self._fill(spec, fields, vocab)
            if value is not None and value != []:
                fields[spec.name] = value
            errors.extend(f"{spec.name}: {p}" for p in problems)
        if errors:
            raise NewRecordError("\n".join(errors))
        title = _read_schema(self.data_dir, f"{self.collection}.schema.json").get("title", "")
        while True:
            ordered = {s.name: fields[s.name] for s in specs if s.name in fields}
            text = render_record(ordered, specs, self.collection, title, self.today)
            path = self.data_dir / self.collection / f"{ordered['id']}.yaml"
            problems = self._write_checked(path, text)
            if not problems:
                return path
            if self.ask is None:
                raise NewRecordError("\n".join(str(p) for p in problems))
            # rules between fields (publisher or host, duplicates): ask again for those fields
            by_name = {s.name: s for s in specs}
            for problem in problems:
                self._say(f"  ! {problem.field}: {problem.message}")
            for name in dict.fromkeys(p.field for p in problems):
                if name in by_name:
                    value, _ = self._prompt(by_name[name], fields, vocab, fields.get(name))
                    fields[name] = value

    def _fill(
        self, spec: FieldSpec, fields: dict[str, Any], vocab: Vocabularies
    ) -> tuple[Any, list[str]]:
        default = self._default(spec, fields, vocab)
        raw = self.given.get(spec.name)
        if raw is not None:
            value, problems = self._parse_and_check(spec, raw, fields, vocab)
            if not problems or self.ask is None:
                return value, problems
            self._say(f"{spec.name}: {'; '.join(problems)}")
        elif self.ask is None or self.given:
            # flags given: prompt only for a required field still missing
            if default is not None:
                return default, []
            if not spec.required:
                return None, []
            if self.ask is None:
                return None, [_missing(spec)]
        elif default is not None and spec.name in SILENT_DEFAULTS:
            return default, []
        elif TRANSLATION.fullmatch(spec.name):
            return None, []  # translations come as flags (--title-fr ...), never as prompts
        return self._prompt(spec, fields, vocab, default)

    def _default(self, spec: FieldSpec, fields: dict[str, Any], vocab: Vocabularies) -> Any:
        if spec.name in ("added", "last_verified"):
            return self.today.isoformat()
        if spec.name == "type":
            allowed = types_of(vocab, self.collection)
            return allowed[0] if len(allowed) == 1 else None
        if spec.name == "id" and fields.get("title"):
            return slugify(str(fields["title"])) or None
        return None

    def _parse_and_check(
        self, spec: FieldSpec, raw: str, fields: dict[str, Any], vocab: Vocabularies
    ) -> tuple[Any, list[str]]:
        value, problems = parse_answer(spec, raw, vocab, self.collection)
        if problems:
            return None, problems
        for word, term in mapped_terms(spec, raw, value):
            self._say(f"  {spec.name}: '{word}' -> {term}")
        if value is None or value == []:
            if not spec.required:
                return None, []
            return None, ["required: please answer" if self.ask else _missing(spec)]
        trial = {**fields, spec.name: value}
        problems = field_problems(
            trial, spec.name, self.collection, vocab, self.data_dir, self.today
        )
        if spec.name == "id" and not problems:
            if (self.data_dir / self.collection / f"{value}.yaml").exists():
                problems = [
                    f"data/{self.collection}/{value}.yaml already exists; choose another id"
                ]
        return (None if problems else value), problems

    def _prompt(
        self, spec: FieldSpec, fields: dict[str, Any], vocab: Vocabularies, default: Any
    ) -> tuple[Any, list[str]]:
        assert self.ask is not None
        self._say("")
        need = "required" if spec.required else "optional, Enter skips"
        self._say(f"{spec.name} ({need}): {spec.description}")
        for line in self._choices(spec, vocab):
            self._say(f"  {line}")
        shown = f" [{_show(default)}]" if default is not None else ""
        while True:
            try:
                raw = self.ask(f"{spec.name}{shown}> ")
            except EOFError:
                raise NewRecordError(f"{spec.name}: no answer (input ended)") from None
            if raw.strip() == "?" and spec.vocab:
                for term in self._vocabulary(spec, vocab):
                    self._say(f"  {term.id}: {term.label}")
                continue
            if not raw.strip() and default is not None:
                return default, []
            value, problems = self._parse_and_check(spec, raw, fields, vocab)
            if not problems:
                return value, []
            for problem in problems:
                self._say(f"  ! {problem}")
            if spec.vocab:
                self._say("  (type ? to list the terms)")

    def _vocabulary(self, spec: FieldSpec, vocab: Vocabularies) -> list[Any]:
        if spec.kind == "issuer":
            return [*vocab.countries, *vocab.organisations]
        if spec.name == "type":
            allowed = types_of(vocab, self.collection)
            return [vocab.types[t] for t in allowed]
        return list(vocab.named(spec.vocab))

    def _choices(self, spec: FieldSpec, vocab: Vocabularies) -> Iterator[str]:
        if spec.kind in ("terms", "term", "issuer"):
            terms = self._vocabulary(spec, vocab)
            if len(terms) <= SHOWN_TERMS:
                yield "choose from: " + ", ".join(t.id for t in terms)
            else:
                examples = ", ".join(t.id for t in terms[:6])
                yield f"{len(terms)} terms, e.g. {examples}; type ? to list them all"
            if spec.kind == "terms":
                yield "separate several with commas" + NAME_EXAMPLES.get(spec.vocab, "")
        elif spec.hint:
            yield spec.hint

    def _write_checked(self, path: Path, text: str) -> list[Problem]:
        """Write the file and validate the hub with it; remove it again when it has errors."""
        rel = path.relative_to(self.root).as_posix()
        if path.exists():
            return [Problem(rel, 1, "id", f"{rel} already exists; choose another id")]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        report = check_hub(self.root, today=self.today)
        mine = [p for p in report.problems if p.path == rel]
        others = [p for p in report.errors if p.path != rel and rel in p.message]
        errors = [p for p in mine if p.is_error] + others
        if errors:
            path.unlink()
            return errors
        for warning in (p for p in mine if not p.is_error):
            self._say(str(warning))
        return []

    def _say(self, text: str) -> None:
        print(terminal_safe(text, keep_newlines=True), file=self.out)


def _missing(spec: FieldSpec) -> str:
    flag = "--" + spec.name.replace("_", "-")
    return f"required: give {flag} ({spec.description})"


def _show(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def collection_message(collection: str) -> str:
    if collection == RESEARCH:
        return (
            "research entries are BibTeX: export them from Zotero, JabRef or Google Scholar "
            "and run `wpshub import-bib FILE.bib`"
        )
    if collection == PATHWAYS:
        return "pathways list steps: copy a file in data/pathways/ and edit it"
    return f"'{collection}' is not a collection; choose one of: {', '.join(NEW_COLLECTIONS)}"

"""Read BibTeX and biblatex files with bibtexparser v2 and a fixed parse stack of our own.

bibtexparser splits the file into blocks; everything after that is done here, in one place,
so the rules are visible: `@string` macros and `#` concatenation, month macros, `crossref`
inheritance, names split into parts before braces are removed (so `{{World Health
Organization}}` stays whole), LaTeX decoded for display, biblatex fields mapped to the
BibTeX ones the hub uses. Nothing is dropped silently: every failed block, duplicate key,
duplicate field and missing crossref parent becomes a Problem with its 1-based line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser import model
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from pylatexenc.latex2text import LatexNodes2Text

from .records import RESEARCH, Problem, Record

MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# biblatex name -> the BibTeX name the hub uses; the original is used only when the other is absent
BIBLATEX_ALIASES = {
    "journaltitle": "journal",
    "location": "address",
    "institution": "institution",
    "langid": "language",
}
NAME_FIELDS = ("author", "editor")
# hub fields written inside entries as lists separated by ';' or ','
# fields the reader sets itself: a field of the same name in a file is refused, never read
RESERVED_FIELDS = frozenset({
    "id", "entry_type", "bibtex_fields", "authors", "editors", "authors_parts", "editors_parts",
    "languages_from_entry", "genre", "sort_key",
})  # fmt: skip
# standard BibTeX fields whose names the hub's records use otherwise: read under another name
RENAMED_FIELDS = {"type": "genre", "key": "sort_key"}
MAX_BRACE_DEPTH = 20
LIST_FIELDS = ("topics", "countries", "regions", "organisations", "languages", "resolutions")
MAX_FILE_BYTES = 20_000_000

_LATEX = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
_URL = re.compile(r"\\url\s*\{([^{}]*)\}")
_HREF = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_ADDRESS = re.compile(r"wpshubaddress(\d+)z")
_YEAR = re.compile(r"^\s*(\d{4})")
_MACRO = re.compile(r"[A-Za-z_][\w.:+/-]*")


@dataclass
class BibEntry:
    """One entry after the parse stack: display text per field, names split, lines kept."""

    key: str
    entry_type: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    raw_fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)
    names: dict[str, list[dict[str, str]]] = field(default_factory=dict)


@dataclass
class BibFile:
    """The entries of one file and the problems found while reading it."""

    path: str
    entries: list[BibEntry]
    problems: list[Problem]
    blocks_seen: int = 0
    failed: list[Problem] = field(default_factory=list)  # blocks not loaded (also in problems)


def decode_latex(text: str) -> str:
    """LaTeX accents, commands and braces turned into plain Unicode text."""
    if not any(c in text for c in "\\{}$~"):
        return " ".join(text.split())
    # addresses in \url{} and \href{}{} are kept verbatim: '%', '~' and '#' are not LaTeX there
    urls: list[str] = []

    def keep(url: str, label: str = "") -> str:
        urls.append(f"{label} ({url})" if label and label != url else url)
        return f"wpshubaddress{len(urls) - 1}z"

    text = _HREF.sub(lambda m: keep(m.group(1), decode_latex(m.group(2))), text)
    text = _URL.sub(lambda m: keep(m.group(1)), text)
    try:
        decoded = _LATEX.latex_to_text(text)
    except Exception:  # pylatexenc is lenient; keep the raw text if it ever gives up
        decoded = text.replace("{", "").replace("}", "")
    decoded = _ADDRESS.sub(lambda m: urls[int(m.group(1))], decoded)
    return " ".join(decoded.split())


def read_bib_file(path: Path, rel: str) -> BibFile:
    """Parse one .bib file from disk."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        problem = Problem(
            rel, 1, "file", f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}"
        )
        return BibFile(rel, [], [problem])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        return BibFile(rel, [], [Problem(rel, line, "file", message)])
    return read_bib_text(text, rel)


def read_bib_text(text: str, rel: str) -> BibFile:
    """Parse BibTeX text; `rel` names the file in problems."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    problems: list[Problem] = []
    strings: dict[str, str] = {}
    for block in library.strings:
        value, unknown = _resolve_value(str(block.value), strings)
        strings[block.key.lower()] = value
        for name in unknown:
            problems.append(
                _problem(rel, block, block.key, f"@string uses undefined macro '{name}'")
            )
    failed = [_failed_block_problem(rel, block) for block in library.failed_blocks]
    problems.extend(failed)
    for block in library.blocks:
        # text between entries is ignored by BibTeX; if it looks like fields, something broke
        if isinstance(block, model.ImplicitComment) and re.search(
            r"\w\s*=\s*[{\"\d]", block.comment
        ):
            start = " ".join(block.comment.split())[:60]
            problems.append(
                Problem(
                    rel,
                    (block.start_line or 0) + 1,
                    "entry",
                    f"text outside any entry is ignored: '{start}'",
                    "warning",
                )
            )
    entries = []
    for entry in library.entries:
        parsed, entry_problems = _parse_entry(entry, strings, rel)
        entries.append(parsed)
        problems.extend(entry_problems)
    # crossref after every entry is known: fields missing in the child come from the parent
    by_key = {entry.key.lower(): entry for entry in entries}
    for entry in entries:
        parent_key = entry.fields.get("crossref")
        if not parent_key:
            continue
        parent = by_key.get(parent_key.lower())
        if parent is entry or (parent is not None and parent.fields.get("crossref")):
            line = entry.field_lines.get("crossref", entry.line)
            what = (
                "the entry itself"
                if parent is entry
                else f"'{parent_key}', which has a crossref of its own"
            )
            problems.append(
                Problem(rel, line, "crossref", f"{entry.key}: crossref names {what}; "
                        "a crossref names a parent entry such as the book of a chapter")
            )  # fmt: skip
            continue
        if parent is None:
            line = entry.field_lines.get("crossref", entry.line)
            problems.append(
                Problem(
                    rel,
                    line,
                    "crossref",
                    f"{entry.key}: parent entry '{parent_key}' is not in this file",
                )
            )
            continue
        _inherit(entry, parent)
    blocks = len(library.entries) + len(library.failed_blocks)
    return BibFile(rel, entries, sorted(problems), blocks_seen=blocks, failed=sorted(failed))


def _problem(rel: str, block: model.Block, field_name: str, message: str) -> Problem:
    return Problem(rel, (block.start_line or 0) + 1, field_name, message)


def _failed_block_problem(rel: str, block: model.ParsingFailedBlock) -> Problem:
    line = (block.start_line or 0) + 1
    if isinstance(block, model.DuplicateBlockKeyBlock):
        previous = block.previous_block
        first = (previous.start_line or 0) + 1 if previous is not None else "?"
        return Problem(
            rel,
            line,
            "key",
            f"duplicate entry key '{block.key}' (first at line {first}); the second entry is not loaded",
        )
    if isinstance(block, model.DuplicateFieldKeyBlock):
        keys = ", ".join(sorted(block.duplicate_keys))
        entry = block.ignore_error_block
        key = getattr(entry, "key", "?")
        return Problem(rel, line, keys, f"{key}: field given twice in one entry; keep only one")
    return Problem(rel, line, "entry", f"cannot read this block: {_reason(block)}")


def _reason(block: model.ParsingFailedBlock) -> str:
    error = block.error
    reason = getattr(error, "abort_reason", None) or getattr(error, "message", None) or str(error)
    reason = " ".join(str(reason).split()) or type(error).__name__
    start = " ".join((block.raw or "").split())[:60]
    return f"{reason} (block starts '{start}')" if start else reason


def _parse_entry(
    entry: model.Entry, strings: dict[str, str], rel: str
) -> tuple[BibEntry, list[Problem]]:
    line = (entry.start_line or 0) + 1
    parsed = BibEntry(key=entry.key, entry_type=entry.entry_type.lower(), line=line)
    problems: list[Problem] = []
    for fld in entry.fields:
        name = fld.key.lower()
        value, unknown = _resolve_value(str(fld.value), strings)
        for macro in unknown:
            problems.append(Problem(rel, line, name, f"{entry.key}: undefined macro '{macro}'"))
        field_line = (fld.start_line or entry.start_line or 0) + 1
        target = BIBLATEX_ALIASES.get(name, name)
        if target != name and target in parsed.raw_fields:
            continue  # the BibTeX field was given too: it wins
        if target in RESERVED_FIELDS:
            problems.append(
                Problem(rel, field_line, name, f"{entry.key}: '{name}' is a name the hub uses "
                        "for itself, so the field is not read; rename or remove it")
            )  # fmt: skip
            continue
        if brace_depth(value) > MAX_BRACE_DEPTH:
            problems.append(
                Problem(rel, field_line, name, f"{entry.key}: braces nest more than "
                        f"{MAX_BRACE_DEPTH} deep; the field is not read")
            )  # fmt: skip
            continue
        parsed.raw_fields[target] = value
        parsed.field_lines[target] = field_line
    for name in NAME_FIELDS:
        if name in parsed.raw_fields:
            parsed.names[name] = split_names(parsed.raw_fields[name])
    for name, value in parsed.raw_fields.items():
        parsed.fields[name] = decode_latex(_strip_outer_braces(value))
    if "year" not in parsed.fields and "date" in parsed.fields:
        match = _YEAR.match(parsed.fields["date"])
        if match:
            parsed.fields["year"] = match.group(1)
            parsed.field_lines["year"] = parsed.field_lines["date"]
    return parsed, problems


def _inherit(child: BibEntry, parent: BibEntry) -> None:
    for name, value in parent.fields.items():
        target = "booktitle" if name == "title" and "booktitle" not in child.fields else name
        if name == "title" and target == "title":
            continue
        if target in child.fields or name in ("crossref",) or name in LIST_FIELDS:
            continue
        child.fields[target] = value
        child.raw_fields[target] = parent.raw_fields.get(name, value)
        child.field_lines[target] = child.field_lines.get("crossref", child.line)
        if name in parent.names and name not in child.names:
            child.names[name] = parent.names[name]


def _resolve_value(raw: str, strings: dict[str, str]) -> tuple[str, list[str]]:
    """Resolve `"a" # macro # {b}` into one braced value; list macros that are undefined."""
    parts = _split_concatenation(raw.strip())
    out: list[str] = []
    unknown: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if part[0] in '{"' or part.isdigit():
            out.append(_unquote(part))
        elif part.lower() in strings:
            out.append(strings[part.lower()])
        elif part.lower() in MONTHS:
            out.append(str(MONTHS[part.lower()]))
        elif _MACRO.fullmatch(part):
            unknown.append(part)
            out.append(part)
        else:
            out.append(part)
    return "".join(out), unknown


def _split_concatenation(raw: str) -> list[str]:
    if "#" not in raw:  # most values are one part: no character-by-character walk
        return [raw]
    parts, depth, quoted, current = [], 0, False, []
    for char in raw:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _unquote(part: str) -> str:
    if len(part) >= 2 and part[0] == "{" and part[-1] == "}":
        return part[1:-1]
    if len(part) >= 2 and part[0] == '"' and part[-1] == '"':
        return part[1:-1]
    return part


def _strip_outer_braces(value: str) -> str:
    """`{{Title}}` -> `Title`: every outer pair that encloses the whole value, in one pass."""
    value = value.strip()
    if not value.startswith("{"):
        return value
    partner = _brace_partners(value)
    low, high = 0, len(value) - 1
    while low < high and value[low] == "{" and partner.get(low) == high:
        low, high = low + 1, high - 1
        while low <= high and value[low].isspace():
            low += 1
        while high >= low and value[high].isspace():
            high -= 1
    return value[low : high + 1]


def _brace_partners(text: str) -> dict[int, int]:
    """The closing brace of each opening one (unbalanced braces have none); linear time."""
    partner: dict[int, int] = {}
    stack: list[int] = []
    for index, char in enumerate(text):
        if char == "{":
            stack.append(index)
        elif char == "}" and stack:
            partner[stack.pop()] = index
    return partner


def is_balanced(text: str) -> bool:
    """Whether every brace in `text` closes, and none closes before it opens."""
    depth = 0
    for char in text:
        depth += char == "{"
        depth -= char == "}"
        if depth < 0:
            return False
    return depth == 0


def brace_depth(text: str) -> int:
    """How deeply braces nest in `text`."""
    if "{" not in text:
        return 0
    depth = deepest = 0
    for char in text:
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth = max(depth - 1, 0)
    return deepest


def split_names(raw: str) -> list[dict[str, str]]:
    """Split a BibTeX name list into parts (first, von, last, jr), each decoded for display.

    A name in double braces is corporate: `{{UN Women}}` -> {"last": "UN Women", "corporate": "1"}.
    """
    people = []
    for name in split_multiple_persons_names(" ".join(raw.split())):
        name = name.strip()
        if not name or name.lower() == "others":
            if name.lower() == "others":
                people.append({"last": "others", "first": "", "von": "", "jr": "", "others": "1"})
            continue
        if (
            name.startswith("{")
            and name.endswith("}")
            and _brace_partners(name).get(0) == len(name) - 1
        ):
            people.append(
                {
                    "last": decode_latex(_strip_outer_braces(name)),
                    "first": "",
                    "von": "",
                    "jr": "",
                    "corporate": "1",
                }
            )
            continue
        parts = parse_single_name_into_parts(name, strict=False)
        people.append(
            {
                "first": decode_latex(" ".join(parts.first)),
                "von": decode_latex(" ".join(parts.von)),
                "last": decode_latex(" ".join(parts.last)),
                "jr": decode_latex(" ".join(parts.jr)),
            }
        )
    return people


def format_name(person: dict[str, str]) -> str:
    """`First von Last, Jr` for display; corporate names as given."""
    if person.get("corporate") or person.get("others"):
        return person["last"] if not person.get("others") else "et al."
    text = " ".join(p for p in (person["first"], person["von"], person["last"]) if p)
    return f"{text}, {person['jr']}" if person.get("jr") else text


def split_list(value: str) -> list[str]:
    """Hub list fields in BibTeX: `naps; financing` or `naps, financing`."""
    return [item.strip() for item in re.split(r"[;,]", value) if item.strip()]


def entry_to_record(entry: BibEntry, rel: str) -> Record:
    """The hub's Record for a research entry; values decoded for display."""
    fields: dict[str, Any] = {"id": entry.key, "type": RESEARCH, "entry_type": entry.entry_type}
    lines: dict[tuple[str | int, ...], int] = {}
    for name, value in entry.fields.items():
        line = entry.field_lines.get(name, entry.line)
        if name in LIST_FIELDS:
            items = split_list(value)
            if name == "resolutions":
                fields[name] = [int(i) if i.isdigit() else i for i in items]
            elif name == "countries":
                fields[name] = [i.upper() if len(i) == 2 else i for i in items]
            else:
                fields[name] = items
            for index in range(len(items)):
                lines[(name, index)] = line
        elif name == "year" and value.isdigit():
            fields[name] = int(value)
        elif name == "source":
            # several sources are joined with " and ", as BibTeX joins names
            fields[name] = [s.strip() for s in re.split(r"\s+and\s+", value) if s.strip()]
        elif name not in ("author", "editor"):
            fields[RENAMED_FIELDS.get(name, name)] = value
        lines[(RENAMED_FIELDS.get(name, name),)] = line
    # the entry as written (macros resolved, braces and LaTeX kept), for faithful exports;
    # set last so that a field of the same name in the file cannot replace it
    fields["bibtex_fields"] = dict(entry.raw_fields)
    for name, people in entry.names.items():
        key = "authors" if name == "author" else "editors"
        fields[key] = [format_name(p) for p in people]
        fields[f"{key}_parts"] = people
        lines[(key,)] = entry.field_lines.get(name, entry.line)
    if "language" in fields and "languages" not in fields:
        fields["languages_from_entry"] = fields["language"]
    # an abstract is shown as the summary when it fits the summary's limits (30 to 800 characters)
    if "abstract" in fields and "summary" not in fields and 30 <= len(fields["abstract"]) <= 800:
        fields["summary"] = fields["abstract"]
        lines[("summary",)] = lines.get(("abstract",), entry.line)
    return Record(
        id=entry.key, collection=RESEARCH, path=rel, line=entry.line, fields=fields, lines=lines
    )


def write_entry(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    """One entry as BibTeX text, by bibtexparser's writer: the hub's one BibTeX writer, for
    the site's downloads and for `wpshub import-bib`. Values are raw BibTeX (braces and LaTeX
    as they should be written); each is put in one pair of braces, field names padded as in
    data/research/seed.bib."""
    library = bibtexparser.Library()
    library.add(model.Entry(entry_type, key, [model.Field(n, "{" + v + "}") for n, v in fields]))
    layout = bibtexparser.BibtexFormat()
    layout.indent, layout.value_column, layout.trailing_comma = "  ", 12, True
    layout.block_separator = "\n"
    return bibtexparser.write_string(library, unparse_stack=[], bibtex_format=layout)

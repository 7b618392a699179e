"""One Record model for YAML and BibTeX records, and the Problem every check reports."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

# Collections of YAML records: folder name under data/.
YAML_COLLECTIONS = (
    "centres",
    "networks",
    "organisations",
    "tools",
    "practices",
    "plans",
    "datasets",
    "resolutions",
    "pathways",
)
PATHWAYS = "pathways"
RESEARCH = "research"
COLLECTIONS = (*YAML_COLLECTIONS, RESEARCH)


# what a terminal would act on or hide: C0 and C1 controls (escape sequences, bells, carriage
# returns that overwrite a line), direction overrides and zero-width characters
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def terminal_safe(text: str, keep_newlines: bool = False) -> str:
    """`text` with every control, direction or invisible character shown as an escape
    (`\\x1b`, `\\u202e`), so a record's value cannot retitle, recolour or rewrite a terminal."""

    def show(match: re.Match[str]) -> str:
        char = match.group()
        if keep_newlines and char == "\n":
            return char
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    return UNPRINTABLE.sub(show, text)


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, printed as `path:line: field: message`."""

    path: str
    line: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return terminal_safe(f"{self.path}:{self.line}: {self.field}: {prefix}{self.message}")

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass
class Record:
    """A record from a YAML file or a BibTeX entry, with where each field was read."""

    id: str
    collection: str
    path: str
    line: int
    fields: dict[str, Any]
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.fields.get(name, default)

    def __getitem__(self, name: str) -> Any:
        return self.fields[name]

    @property
    def type(self) -> str:
        if self.collection == PATHWAYS:
            return "pathway"
        return str(self.fields.get("type", ""))

    @property
    def title(self) -> str:
        return str(self.fields.get("title", ""))

    @cached_property
    def digest(self) -> str:
        """A digest of the record's file and fields, made once: a record is not changed once
        read, and `make serve` keeps the records of unchanged files from build to build."""
        text = json.dumps([self.path, self.fields], sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def line_of(self, *path: str | int) -> int:
        """The line where `path` (a field, or a field and an index) was read."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.line

    def problem(
        self, field_name: str, message: str, *where: str | int, warning: bool = False
    ) -> Problem:
        """A Problem located at `where` (default: the field itself)."""
        line = self.line_of(*(where or (field_name,)))
        return Problem(self.path, line, field_name, message, "warning" if warning else "error")

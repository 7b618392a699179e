"""Sourced counts the hub shows beside its own: data/facts/nap-counts.yaml.

Each count is a sentence from a named source with the date it describes (`as_of`); the hub
never computes or rounds them. Problems come back as `path:line: field: message`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .records import Problem
from .yamlload import YamlDocument, YamlError, load_yaml_file

NAP_COUNTS = Path("facts") / "nap-counts.yaml"
AS_OF = re.compile(r"^(?:(?:early|mid|late) )?\d{4}(?:-(?:0[1-9]|1[0-2]))?$")
FIELDS = ("as_of", "value", "source")
MAX_VALUE = 400


@dataclass(frozen=True)
class SourcedCount:
    """One count as its source states it."""

    as_of: str
    value: str
    source: str


def read_fact_list(
    data_dir: Path, root: Path, relative: Path, key: str
) -> tuple[str, YamlDocument | None, list, list[Problem]]:
    """A facts file's list under `key`: (shown path, document, items, problems); no items and
    no problem when the file is absent."""
    path = data_dir / relative
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    if not path.exists():
        return rel, None, [], []
    try:
        document = load_yaml_file(path)
    except YamlError as exc:
        return rel, None, [], [Problem(rel, exc.line, "file", exc.message)]
    items = document.data.get(key) if isinstance(document.data, dict) else None
    if not isinstance(items, list) or not items:
        return rel, document, [], [Problem(rel, 1, key, f"give a list under '{key}:'")]
    return rel, document, items, []


def load_nap_counts(data_dir: Path, root: Path) -> tuple[list[SourcedCount], list[Problem]]:
    """The global NAP counts, and every problem with the file (none when it is absent)."""
    rel, document, items, problems = read_fact_list(data_dir, root, NAP_COUNTS, "counts")
    if document is None or problems:
        return [], problems
    counts: list[SourcedCount] = []
    for index, item in enumerate(items):
        line = document.line_of("counts", index)
        found = list(_check_count(item, rel, line, document, index))
        problems.extend(found)
        if not found:
            counts.append(SourcedCount(str(item["as_of"]), item["value"], item["source"]))
    return counts, problems


def _check_count(item: object, rel: str, line: int, document, index: int) -> Iterator[Problem]:
    if not isinstance(item, dict):
        yield Problem(rel, line, "counts", "each count is a mapping with as_of, value and source")
        return
    for name in sorted(set(item) - set(FIELDS)):
        yield Problem(
            rel,
            document.line_of("counts", index, name),
            name,
            f"unknown field '{name}'; allowed: as_of, value, source",
        )
    for name in FIELDS:
        if name not in item:
            yield Problem(rel, line, name, f"missing field '{name}'")
    where = {name: document.line_of("counts", index, name) for name in FIELDS}
    as_of = item.get("as_of")
    if "as_of" in item and not (isinstance(as_of, str) and AS_OF.match(as_of)):
        yield Problem(
            rel,
            where["as_of"],
            "as_of",
            f'\'{as_of}\' is not a date the source gives; write it in quotes as "YYYY", "YYYY-MM" or "early YYYY"',
        )
    value = item.get("value")
    if "value" in item and not (isinstance(value, str) and 0 < len(value) <= MAX_VALUE):
        yield Problem(
            rel,
            where["value"],
            "value",
            f"write the count as the source states it, in 1 to {MAX_VALUE} characters",
        )
    source = item.get("source")
    if "source" in item:
        parts = urlsplit(source) if isinstance(source, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            yield Problem(
                rel,
                where["source"],
                "source",
                f"'{source}' is not valid: use a full http:// or https:// address",
            )

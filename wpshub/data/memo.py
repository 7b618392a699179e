"""What one `make serve` build leaves for the next.

A contributor's edit touches a record or two; most of what a build makes (records read and
checked, related records, downloads) comes out the same. A Memo keeps each result under a key
made of everything it was made from, so the next build takes it instead of making it again.
A one-off build (`make build`, `wpshub validate`) has no Memo and makes everything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any


class Memo:
    """Results by table and key. `finish()`, after a build that completed, lets go of what
    that build did not use: the memory follows one build, not the whole session."""

    def __init__(self) -> None:
        # table -> key -> [result, the build that last used it]
        self._tables: dict[str, dict[Hashable, list]] = {}
        self._build = 0
        self.made = 0
        self.taken = 0

    def get(self, table: str, key: Hashable, make: Callable[[], Any]) -> Any:
        """The result kept under `key`, else `make()`'s, kept for the next build."""
        kept = self._tables.setdefault(table, {})
        entry = kept.get(key)
        if entry is not None:
            entry[1] = self._build
            self.taken += 1
            return entry[0]
        self.made += 1
        value = make()
        kept[key] = [value, self._build]
        return value

    def finish(self) -> None:
        for kept in self._tables.values():
            for key in [k for k, e in kept.items() if e[1] != self._build]:
                del kept[key]
        self._build += 1
        self.made = self.taken = 0


def files_digest(paths: list[Path]) -> str:
    """A digest of files' names and bytes, in the order given."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode("utf-8") + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"\0missing")
    return digest.hexdigest()

"""Which files may live under data/ and docs/, so that nothing is read from outside the
repository and no record is silently skipped.

A record is read only from its place: `data/<collection>/<id>.yaml` or `data/research/<name>.bib`.
Any other file under data/ is one of the hub's own (vocabularies, schemas, facts, the map, the
link status) or a problem: a record in a misspelt folder, in a sub-folder or with an upper-case
extension would otherwise never be built while validation reports no error. Symbolic links are
refused under data/, docs/ and overrides/: MkDocs follows them, so a link to
/proc/self/environ or to a file outside the checkout would be published.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from .records import RESEARCH, YAML_COLLECTIONS, Problem

RECORD_SUFFIXES = (".yaml", ".yml")
# the hub's own files under data/ that are not records, by folder (None: the top of data/)
OWN_FILES: dict[str | None, tuple[str, ...]] = {
    None: ("link-status.json", "README.md"),
    "vocab": ("*.yaml",),
    "schema": ("*.schema.json",),
    "facts": ("nap-counts.yaml", "known-plans.yaml"),
    "geo": ("world-countries.json", "README.md"),
    # the text of records' documents, written by `wpshub fetch-documents`
    "documents": ("*.txt", "*.yaml"),
}
# folders whose symbolic links would reach the published site or the records
GUARDED = ("data", "docs", "overrides")
KEEP_FILES = (".gitkeep", "README.md")


def check_tree(root: Path) -> Iterator[Problem]:
    """Every symbolic link under data/, docs/ and overrides/, and every file under data/ that
    is neither a record in its place nor one of the hub's own files."""
    for top in GUARDED:
        folder = root / top
        if folder.is_symlink():
            yield _link_problem(top)
            continue
        if not folder.is_dir():
            continue
        for parts, entry in sorted(_walk(folder, (top,))):
            if entry.is_symlink():
                yield _link_problem("/".join(parts))
            elif top == "data" and entry.is_file(follow_symlinks=False):
                yield from _check_place(list(parts))


def check_paths(root: Path, paths: Iterable[Path]) -> Iterator[Problem]:
    """The same rules for files named on the command line."""
    for path in paths:
        rel = relative_to_root(path, root)
        if path.is_symlink():
            yield _link_problem(rel)
        elif rel.startswith("data/"):
            yield from check_place(root, path)


def is_skipped(root: Path, path: Path) -> bool:
    """Whether a named file is left unread: a symbolic link, or a file under data/ out of its
    place (both reported by `check_paths`)."""
    if path.is_symlink():
        return True
    parts = relative_to_root(path, root).split("/")
    return parts[0] == "data" and not _is_record_place(parts)


def check_place(root: Path, path: Path) -> Iterator[Problem]:
    """A file under data/ that is neither a record in its place nor one of the hub's own."""
    return _check_place(relative_to_root(path, root).split("/"))


def _check_place(parts: list[str]) -> Iterator[Problem]:
    rel = "/".join(parts)
    if parts[0] != "data" or len(parts) < 2:
        return
    name = parts[-1]
    if name in KEEP_FILES and len(parts) <= 3:
        return
    if len(parts) == 2:
        if not _matches(name, OWN_FILES[None]):
            yield Problem(rel, 1, "file", _stray(name, "data/"))
        return
    folder = parts[1]
    if folder in OWN_FILES:
        if len(parts) > 3 or not _matches(name, OWN_FILES[folder]):
            yield Problem(rel, 1, "file", f"data/{folder}/ holds only the hub's own files "
                          f"({', '.join(OWN_FILES[folder])}); move or remove this one")  # fmt: skip
        return
    wanted = RESEARCH if folder == RESEARCH else folder
    suffixes = (".bib",) if folder == RESEARCH else RECORD_SUFFIXES
    if folder not in (*YAML_COLLECTIONS, RESEARCH):
        close = difflib.get_close_matches(folder, [*YAML_COLLECTIONS, RESEARCH], n=1)
        hint = f"; did you mean data/{close[0]}/?" if close else ""
        yield Problem(
            rel, 1, "file",
            f"'{folder}' is not a collection, so this file would never be built{hint} "
            f"(collections: {', '.join((*YAML_COLLECTIONS, RESEARCH))})",
        )  # fmt: skip
        return
    if len(parts) > 3:
        yield Problem(
            rel, 1, "file",
            f"records live directly in data/{wanted}/, not in a sub-folder, so this file would "
            f"never be built; move it to data/{wanted}/{name}",
        )  # fmt: skip
        return
    suffix = Path(name).suffix
    if suffix.lower() in suffixes and suffix not in suffixes:
        yield Problem(
            rel, 1, "file",
            f"the extension '{suffix}' must be written '{suffix.lower()}', or the file is never "
            f"built; rename it to {Path(name).stem}{suffix.lower()}",
        )  # fmt: skip
    elif suffix not in suffixes:
        yield Problem(
            rel, 1, "file",
            f"data/{wanted}/ holds only {' or '.join(suffixes)} records, so this file would never "
            "be built; move or remove it",
        )  # fmt: skip


def _is_record_place(parts: list[str]) -> bool:
    if len(parts) != 3 or parts[0] != "data":
        return False
    if parts[1] == RESEARCH:
        return parts[2].endswith(".bib")
    return parts[1] in YAML_COLLECTIONS and parts[2].endswith(RECORD_SUFFIXES)


def _walk(folder: Path, parts: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], os.DirEntry]]:
    """Every entry below `folder` with its path's parts from the root, without following
    symbolic links to folders (`os.scandir`: no system call per file beyond the listing)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            here = (*parts, entry.name)
            yield here, entry
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path), here)


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    return any(Path(name).match(pattern) for pattern in patterns)


def _stray(name: str, where: str) -> str:
    return (
        f"{where} holds collection folders and the hub's own files only; '{name}' would never "
        "be built: move it into its collection's folder"
    )


def _link_problem(rel: str) -> Problem:
    return Problem(
        rel, 1, "file",
        "is a symbolic link; the hub follows none (a link can publish a file from outside the "
        "repository): replace it with the file itself",
    )  # fmt: skip


@lru_cache(maxsize=512)
def real_folder(folder: Path) -> Path:
    """`folder` with its symbolic links resolved. A hub has a few dozen folders and thousands
    of files, and resolving walks every part of a path: each folder is resolved once."""
    return folder.resolve()


def real_path(path: Path) -> Path:
    """The absolute path of `path` through its folder's real path; the file itself is not
    followed (a link under data/ is reported, never read)."""
    absolute = path if path.is_absolute() else Path.cwd() / path
    return real_folder(absolute.parent) / absolute.name


def relative_to_root(path: Path, root: Path) -> str:
    """Inside the repository: relative to its root; elsewhere: as the user gave it."""
    try:
        return real_path(path).relative_to(real_folder(root)).as_posix()
    except ValueError:
        return path.as_posix()

"""Controlled vocabularies from data/vocab/: topics, types, regions, countries, languages,
organisations and resolutions. Every allowed value is typed once, in those files."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .yamlload import YamlError, load_yaml_file

VOCAB_NAMES = (
    "topics",
    "types",
    "regions",
    "countries",
    "languages",
    "organisations",
    "resolutions",
    "audiences",
)


@dataclass(frozen=True)
class Term:
    """One allowed value: its id, label, one-line description and anything else the file says."""

    id: str
    label: str
    description: str
    synonyms: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    line: int = field(default=0, compare=False)

    def get(self, key: str, default: Any = None) -> Any:
        return self.extra.get(key, default)

    def translated(self, key: str, lang: str) -> str:
        """`labels` or `descriptions` in `lang`, or '' when the term has none in it."""
        values = self.extra.get(key)
        return str(values.get(lang) or "") if isinstance(values, dict) else ""


@dataclass
class Vocabulary:
    """The terms of one vocabulary, in file order, with lookup by id and by synonym."""

    name: str
    path: str
    terms: dict[str, Term]
    _by_alias: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for term in self.terms.values():
            for alias in (term.id, term.label, *term.synonyms):
                self._by_alias.setdefault(fold(alias), term.id)

    def __contains__(self, term_id: object) -> bool:
        return term_id in self.terms

    def __getitem__(self, term_id: str) -> Term:
        return self.terms[term_id]

    def __iter__(self):
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    def label(self, term_id: str, lang: str = "en") -> str:
        """The term's label in `lang`; English when it has no translation."""
        term = self.terms.get(term_id)
        if term is None:
            return term_id
        return term.translated("labels", lang) or term.label

    def description(self, term_id: str, lang: str = "en") -> str:
        """The term's description in `lang`; English when it has no translation."""
        term = self.terms[term_id]
        return term.translated("descriptions", lang) or term.description

    def resolve(self, value: str) -> str | None:
        """The id of a term given by its id, label or a synonym (case and accents ignored)."""
        return self._by_alias.get(fold(value))

    def suggest(self, value: str) -> str | None:
        """The id a misspelt or synonymous value most likely means, or None."""
        folded = fold(value)
        if folded in self._by_alias:
            return self._by_alias[folded]
        close = difflib.get_close_matches(folded, list(self._by_alias), n=1, cutoff=0.75)
        return self._by_alias[close[0]] if close else None


@dataclass
class Vocabularies:
    """All vocabularies of the hub."""

    topics: Vocabulary
    types: Vocabulary
    regions: Vocabulary
    countries: Vocabulary
    languages: Vocabulary
    organisations: Vocabulary
    resolutions: Vocabulary
    audiences: Vocabulary

    def named(self, name: str) -> Vocabulary:
        return getattr(self, name)


# a run of characters that are not letters or digits (str.isalnum), the underscore included
NOT_ALNUM = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation runs: the form used to compare names."""
    text = str(text)
    if not text.isascii():  # ASCII has no accents to strip, and casefold() is lower() there
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return NOT_ALNUM.sub(" ", text.casefold()).strip()


def load_vocabulary(path: Path, name: str, root: Path) -> Vocabulary:
    """Read one vocabulary file (a `terms:` list of mappings with id, label, description)."""
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        document = load_yaml_file(path)
    except YamlError as exc:
        raise VocabularyError(f"{rel}:{exc.line}: file: {exc.message}") from None
    except OSError as exc:
        raise VocabularyError(f"{rel}:1: file: cannot read: {exc.strerror or exc}") from None
    terms: dict[str, Term] = {}
    for index, item in enumerate((document.data or {}).get("terms") or []):
        line = document.line_of("terms", index)
        if not isinstance(item, dict) or "id" not in item or "label" not in item:
            raise VocabularyError(f"{rel}:{line}: terms: each term needs an id and a label")
        term_id = str(item["id"])
        if term_id in terms:
            raise VocabularyError(f"{rel}:{line}: id: duplicate term '{term_id}'")
        extra = {
            k: v for k, v in item.items() if k not in ("id", "label", "description", "synonyms")
        }
        terms[term_id] = Term(
            id=term_id,
            label=str(item["label"]),
            description=str(item.get("description") or ""),
            synonyms=tuple(str(s) for s in item.get("synonyms") or ()),
            extra=extra,
            line=line,
        )
    if not terms:
        raise VocabularyError(f"{rel}:1: terms: the vocabulary has no terms")
    return Vocabulary(name=name, path=rel, terms=terms)


class VocabularyError(Exception):
    """A vocabulary file that the hub cannot use."""


def load_vocabularies(data_dir: Path) -> Vocabularies:
    """Read every vocabulary in `data_dir/vocab`."""
    root = data_dir.parent
    return Vocabularies(
        **{
            name: load_vocabulary(data_dir / "vocab" / f"{name}.yaml", name, root)
            for name in VOCAB_NAMES
        }
    )

"""The hub's own words in English, French, Spanish and Arabic.

Every string the interface shows lives once per language in wpshub/site/locales/<lang>.yaml (a flat
mapping of key to text, with `{name}` placeholders). English is complete by definition; a key
missing in another language falls back to English, and tests/test_i18n.py fails unless the key
is listed in wpshub/site/locales/pending.yaml. Records keep their own language: only what the hub
itself says is translated. English pages live at the site root, the others under /fr/, /es/
and /ar/ with the same page tree, so a page's address in another language is its address with
the language prefix swapped.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from pathlib import Path
from typing import Any

from ..data.languages import (  # noqa: F401  (the site reads them from here)
    DEFAULT_LANGUAGE,
    ENGLISH_NAMES,
    LANGUAGE_NAMES,
    LANGUAGES,
    RIGHT_TO_LEFT,
)
from ..data.records import Problem
from ..data.yamlload import YamlDocument, YamlError, load_yaml_file

LOCALES = Path(__file__).resolve().parent / "locales"
# the sidebar: page of mkdocs.yml's nav -> catalogue key of its title
NAV_KEYS = {
    "index.md": "nav.home", "explore.md": "nav.explore", "pathways/index.md": "nav.pathways",
    "centres.md": "nav.directory", "countries/index.md": "nav.places", "naps.md": "nav.naps",
    "evidence.md": "nav.evidence", "data.md": "nav.data", "browse/index.md": "nav.browse",
    "offline.md": "nav.offline", "about.md": "nav.about", "contribute.md": "nav.contribute",
}  # fmt: skip


class CatalogueError(Exception):
    """A catalogue file the hub cannot use; `problem` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The strings of one language (empty when it has no catalogue); CatalogueError if broken."""
    path = LOCALES / f"{lang}.yaml"
    if not path.exists():
        return {}
    data = _load(path)
    if not isinstance(data.data, dict):
        raise CatalogueError(
            Problem(_shown(path), 1, "file", "a catalogue is a mapping of keys to text")
        )
    for key, value in data.data.items():
        if not isinstance(value, str) or not value.strip():
            line = data.line_of(key)
            raise CatalogueError(Problem(_shown(path), line, str(key), "give the text, in quotes"))
    return {str(k): v for k, v in data.data.items()}


@cache
def pending() -> dict[str, frozenset[str]]:
    """Keys known to be untranslated, per language (wpshub/site/locales/pending.yaml)."""
    path = LOCALES / "pending.yaml"
    data = _load(path).data if path.exists() else None
    return {lang: frozenset(keys or ()) for lang, keys in (data or {}).items()}


def check_catalogues() -> list[Problem]:
    """The problem of every catalogue that does not load (empty when all do)."""
    problems = []
    for lang in LANGUAGES:
        try:
            catalogue(lang)
        except CatalogueError as exc:
            problems.append(exc.problem)
    try:
        pending()
    except CatalogueError as exc:
        problems.append(exc.problem)
    return problems


def _load(path: Path) -> YamlDocument:
    # the hub's strict loader: a key given twice is an error, not a silent overwrite
    try:
        return load_yaml_file(path)
    except YamlError as exc:
        raise CatalogueError(Problem(_shown(path), exc.line, "file", exc.message)) from None


def _shown(path: Path) -> str:
    root = LOCALES.parents[2]  # the repository: wpshub/site/locales
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def translate(lang: str, key: str, **values: Any) -> str:
    """The text of `key` in `lang` (English when missing), with `{placeholders}` filled."""
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE)[key]  # an unknown key is a bug: fail loudly
    return text.format(**values) if values else text


def plural_category(lang: str, count: int) -> str:
    """The CLDR plural category of a whole number in `lang` (Babel): French "one" for 0 and 1
    and "many" for a million; Arabic zero, one, two, few, many and other."""
    from babel import Locale

    return Locale.parse(lang).plural_form(count)


def format_number(value: float, lang: str) -> str:
    """A number with the language's grouping and decimal marks (Babel)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=lang)


def format_date(day: dt.date, lang: str) -> str:
    """A date in words, in the language's own order and month names (Babel, "long" format)."""
    from babel.dates import format_date as babel_date

    return babel_date(day, format="long", locale=lang)


def format_list(items: list[str], lang: str) -> str:
    """Items joined as the language joins them ("A, B et C"; Babel)."""
    from babel.lists import format_list as babel_list

    return babel_list(list(items), locale=lang)


def translate_count(lang: str, key: str, count: int, **values: Any) -> str:
    """`key.<category>` for `count` (falling back to `key.other`), with `{n}` the count."""
    strings = catalogue(lang)
    category = plural_category(lang, count)
    for candidate in (f"{key}.{category}", f"{key}.other"):
        if candidate in strings:
            return strings[candidate].format(n=count, **values)
    english = catalogue(DEFAULT_LANGUAGE)
    fallback = f"{key}.{plural_category(DEFAULT_LANGUAGE, count)}"
    return english.get(fallback, english[f"{key}.other"]).format(n=count, **values)


def split_language(src_uri: str) -> tuple[str, str]:
    """`fr/explore.md` -> ('fr', 'explore.md'); an English path keeps its language implicit."""
    head, _, rest = src_uri.partition("/")
    if rest and head in LANGUAGES and head != DEFAULT_LANGUAGE:
        return head, rest
    return DEFAULT_LANGUAGE, src_uri


def language_prefix(lang: str) -> str:
    """`fr/` for French, nothing for English."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def edition_language() -> str | None:
    """WPSHUB_EDITION=fr: the build is one language's own edition (its offline zip), with that
    language's pages only and a switcher that offers no other; None for the whole hub."""
    wanted = os.environ.get("WPSHUB_EDITION", "").strip()
    if not wanted:
        return None
    if wanted not in LANGUAGES:
        raise ValueError(f"WPSHUB_EDITION: {wanted!r} is not one of {', '.join(LANGUAGES)}")
    return wanted


def active_languages() -> tuple[str, ...]:
    """The languages to build: all four, those in WPSHUB_LANGUAGES (English always first), or
    the one of WPSHUB_EDITION."""
    if edition := edition_language():
        return (edition,)
    wanted = os.environ.get("WPSHUB_LANGUAGES", "")
    if not wanted.strip():
        return LANGUAGES
    chosen = {w.strip() for w in wanted.split(",")}
    return tuple(lang for lang in LANGUAGES if lang in chosen or lang == DEFAULT_LANGUAGE)


def direction(lang: str) -> str:
    return "rtl" if lang in RIGHT_TO_LEFT else "ltr"


def translated_nav(nav_config: list, lang: str) -> list[tuple[str, str]]:
    """mkdocs.yml's nav as (title, source path) in `lang`: titles from the catalogue."""
    entries = []
    for item in nav_config:
        if not isinstance(item, dict) or len(item) != 1:
            continue  # only flat `- Title: page.md` entries; the hub's nav has nothing else
        ((title, path),) = item.items()
        if not isinstance(path, str):
            continue
        key = NAV_KEYS.get(path)
        entries.append((translate(lang, key) if key else title, language_prefix(lang) + path))
    return entries


def alternates(src_uri: str, languages: tuple[str, ...]) -> list[tuple[str, str]]:
    """The same page in every language, as (language, source path)."""
    _, bare = split_language(src_uri)
    return [(lang, language_prefix(lang) + bare) for lang in languages]


def absolute(base: str, url: str) -> str:
    """A site-relative address made absolute when the site's address is known."""
    return base.rstrip("/") + "/" + url.lstrip("/") if base else url


def format_size(size: int, lang: str) -> str:
    """A file size in the language's own units and decimal mark (Babel, from CLDR):
    "285.0 kB", "285,0 ko", "35,0 Mo"."""
    from babel.units import format_unit

    unit, value = (
        ("digital-kilobyte", size / 1000)
        if size < 1_000_000
        else ("digital-megabyte", size / 1_000_000)
    )
    return format_unit(value, unit, length="short", locale=lang, format="#,##0.0")

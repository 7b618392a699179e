"""Formatted citations: APA 7 (`apa.csl`) and Chicago author-date (`chicago-author-date.csl`,
18th edition), as plain text and as HTML.

A citation is built from the record's own CSL-JSON item (the one the hub exports), following
the two official CSL styles as citeproc (pandoc's citation processor) applies them, so that the
text a reader copies is word for word what pandoc or Zotero would print from the download.
The tests compare every research record with pandoc. Two differences are deliberate:
- no year suffix ("2017a"): citeproc adds it to tell apart works of one author and year in one
  bibliography; a record page cites one work alone;
- given names in a script without capital letters (Arabic) are written whole: citeproc keeps
  them whole too, but puts a full stop after each name.

Text is a small tree, as citeproc reads CSL-JSON strings: runs of text, quoted spans (straight
or curly quotes in a title) and italic spans. Quotes are printed by nesting, double outside and
single inside, and an apostrophe between letters becomes ’.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..data.records import RESEARCH, Record
from .exports import csl_item
from .templating import macro

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
# words citeproc leaves in lower case inside a title-cased title (jgm/citeproc CaseTransform)
STOP_WORDS = frozenset(
    "a an and as at but by down for from in into nor of on onto or over so the till to up via "
    "with yet about van von de d l".split()
)
OPEN_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’"}
SPECIAL = set("<>'\"’“”‘")
APOSTROPHES = "'’"


@dataclass(frozen=True)
class Span:
    """A quoted ("q") or italic ("i") run of text."""

    kind: str
    children: tuple[Node, ...]


Node = str | Span
Text = list[Node]


# --- reading a CSL-JSON string ------------------------------------------------------------


def parse(text: str) -> Text:
    """Text as citeproc reads a CSL-JSON string: quoted spans found, apostrophes curled."""
    nodes, end = _parse(text, 0, None)
    return _merge(nodes) if end == len(text) else [text]


def _parse(text: str, at: int, close: str | None) -> tuple[Text, int]:
    nodes: Text = []
    while at < len(text):
        if close is not None and text.startswith(close, at):
            return nodes, at
        char = text[at]
        if char.isalnum() and char not in SPECIAL:
            end = _word_end(text, at)
            word = text[at:end]
            if end < len(text) - 1 and text[end] in APOSTROPHES and text[end + 1].isalnum():
                after = _word_end(text, end + 1)
                word, end = word + "’" + text[end + 1 : after], after
            nodes.append(word)
            at = end
            continue
        if char in OPEN_QUOTES and at + 1 < len(text) and text[at + 1] not in " \t\n\r":
            closing = OPEN_QUOTES[char]
            if text[at + 1] != closing:
                inner, end = _parse(text, at + 1, closing)
                if end < len(text) and text.startswith(closing, end):
                    nodes.append(Span("q", tuple(_merge(inner))))
                    at = end + len(closing)
                    continue
        if char in SPECIAL:
            nodes.append("’" if char in APOSTROPHES else char)
            at += 1
            continue
        end = at
        while end < len(text) and not text[end].isalnum() and text[end] not in SPECIAL:
            end += 1
        nodes.append(text[at:end])
        at = end
    return nodes, at if close is None else -1


def _word_end(text: str, at: int) -> int:
    while at < len(text) and text[at].isalnum() and text[at] not in SPECIAL:
        at += 1
    return at


def _merge(nodes: Iterable[Node]) -> Text:
    out: Text = []
    for node in nodes:
        if isinstance(node, str) and out and isinstance(out[-1], str):
            out[-1] += node
        elif node != "":
            out.append(node)
    return out


# --- title case, as citeproc applies it to English titles ----------------------------------


def title_case(text: Text) -> Text:
    """Chicago's `text-case="title"`: the rules and states of citeproc's title case. (Its
    rule for a title's last word never applies here: the styles set the case on a title they
    also put in italics or quotes, and citeproc looks for a last word outside those.)"""
    state = ["start"]
    return _merge(_case_item(item, state) for item in _inlines(text))


def _inlines(text: Text) -> list[Node]:
    """Words and spaces apart, as pandoc's inlines are (Str, Space, Quoted)."""
    out: list[Node] = []
    for node in text:
        if isinstance(node, Span):
            out.append(node)
        else:
            out.extend(piece for piece in re.split(r"(\s+)", node) if piece)
    return out


def _case_item(item: Node, state: list[str]) -> Node:
    if isinstance(item, Span):
        return Span(
            item.kind, tuple(_case_item(child, state) for child in _inlines(list(item.children)))
        )
    return "".join(_case_chunk(chunk, state) for chunk in _chunks(item))


def _chunks(word: str) -> list[str]:
    """Runs of letters and digits, runs of spaces, runs of punctuation (`[...]`, `."`), and
    every other character alone, as citeproc splits a word: a run's last character sets the
    state, so `[...] to` keeps its small word and `peace." Then` starts no sentence."""
    pieces = re.findall(r"[^\W_]+|\s+|.", word, flags=re.S)
    out: list[str] = []
    for piece in pieces:
        if out and _punctuation(piece) and _punctuation(out[-1][-1]):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def _punctuation(text: str) -> bool:
    return len(text) == 1 and unicodedata.category(text).startswith("P")


def _case_chunk(chunk: str, state: list[str]) -> str:
    before = state[0]
    last = chunk[-1]
    if last in ".?!:":
        state[0] = "after-sentence-end"
    elif last.isalnum():
        state[0] = "after-word-char"
    elif last.isspace() and before == "after-sentence-end":
        state[0] = "start-sentence"
    elif last in "-/–—" or last.isspace():
        state[0] = "after-word-end"
    if not all(char.isalnum() for char in chunk):
        return chunk
    if any(c.isupper() for c in chunk) and any(c.islower() for c in chunk):
        return chunk
    if all(c.isupper() for c in chunk if not c.isdigit()):  # `UN`, `APISA2023`
        return chunk
    if before in ("start", "start-sentence"):
        return chunk.lower().capitalize()
    if before == "after-word-end" and chunk not in STOP_WORDS and len(chunk) > 1:
        return chunk.lower().capitalize()
    return chunk


# --- writing -----------------------------------------------------------------------------


def plain(text: Text, outer: bool = True) -> str:
    """The characters a reader sees: quotes by nesting, no italics."""
    out = []
    for node in text:
        if isinstance(node, str):
            out.append(node)
        elif node.kind == "q":
            inner = plain(list(node.children), not outer)
            out.append(f"“{inner}”" if outer else f"‘{inner}’")
        else:
            out.append(plain(list(node.children), outer))
    return "".join(out)


def as_text(text: Text) -> str:
    return re.sub(r"\s+", " ", plain(text)).strip()


def as_html(text: Text) -> str:
    """The same with italics, as HTML (templates/macros.html), every character escaped."""
    return macro("citation", text)


def _ends(text: Text) -> str:
    """The last character printed inside any closing quotes."""
    for node in reversed(text):
        end = node[-1:] if isinstance(node, str) else _ends(list(node.children))
        if end:
            return end
    return ""


def _stop(text: Text, move: bool = True) -> Text:
    """Close a piece with a full stop, unless it ends with one already (or ? or !). A full
    stop after a closing quote moves inside it (American usage, as en-US CSL), one level deep:
    “… ‘Women, Peace and Security’.”"""
    if not text or _ends(text) in (".", "?", "!"):
        return text
    last = text[-1]
    if move and isinstance(last, Span) and last.kind == "q":
        return text[:-1] + [Span("q", tuple(_stop(list(last.children), move=False)))]
    return text + ["."]


def italic(text: Text) -> Text:
    return [Span("i", tuple(text))] if text else []


def quoted(text: Text) -> Text:
    return [Span("q", tuple(text))] if text else []


def join(*pieces: Text, sep: str = " ") -> Text:
    out: Text = []
    for piece in pieces:
        if piece:
            out += ([sep] if out else []) + piece
    return _merge(out)


# --- names -------------------------------------------------------------------------------


def _split_given(given: str) -> tuple[str, str]:
    """Given names and the particle citeproc finds at their end (`M. M. M. da`); initials
    written together are apart, as citeproc writes them (`B.K.` -> `B. K.`)."""
    words = re.sub(r"\.(?=[^\W\d_])", ". ", given).split()
    cut = len(words)
    while cut > 1 and words[cut - 1][:1].islower():
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def _initials(given: str) -> str:
    """`Laura J.` -> `L. J.`; `Jean-Paul` -> `J.-P.`; a name in a script without capitals
    is kept whole (see the module's note)."""
    out = []
    for word in given.split():
        pieces = [p for p in word.split("-") if p]
        if pieces and not pieces[0][0].isupper():  # `de`, or a script without capitals
            out.append(word)
            continue
        out.append("-".join(f"{p[0]}." for p in pieces))
    return " ".join(out)


def _full_given(given: str) -> str:
    """Chicago keeps given names, and writes a bare initial with its full stop (`Drew B.`)."""
    return " ".join(
        word + "." if len(word) == 1 and word.isalpha() and word.isupper() else word
        for word in given.split()
    )


def _particled(name: dict) -> dict:
    """citeproc's particle joined to a family name by a hyphen or an apostrophe: `al-Ammar` is
    `al-` and `Ammar`, and Chicago inverts it as `Ammar, Fawziah al-`."""
    found = re.fullmatch(r"([^\W\d_]+[-'’])(\w.*)", name.get("family", ""))
    if "non-dropping-particle" in name or not found or not found.group(1)[:-1].islower():
        return name
    return name | {"non-dropping-particle": found.group(1), "family": found.group(2)}


def _family(name: dict) -> str:
    particle, family = name.get("non-dropping-particle"), name.get("family")
    if particle and family and particle[-1] in "-'’":
        return particle + family
    return " ".join(p for p in (particle, family) if p)


def _suffixed(text: str, name: dict) -> str:
    return f"{text}, {name['suffix']}" if name.get("suffix") else text


def apa_name(name: dict) -> str:
    """`Kirby, P.`; corporate names as given."""
    if "literal" in name:
        return name["literal"]
    given, particle = _split_given(name["given"])
    return _suffixed(
        f"{_family(name)}, {' '.join(filter(None, (_initials(given), particle)))}", name
    )


def apa_short(name: dict) -> str:
    """An editor in "In E. Ed & T. Tor (Eds.)": initials first."""
    if "literal" in name:
        return name["literal"]
    given, particle = _split_given(name["given"])
    return _suffixed(" ".join(filter(None, (_initials(given), particle, _family(name)))), name)


def chicago_name(name: dict, inverted: bool) -> str:
    """First author `Kirby, Paul`, later ones `Laura J. Shepherd`."""
    if "literal" in name:
        return name["literal"]
    name = _particled(name)
    given, particle = _split_given(name["given"])
    given = " ".join(filter(None, (_full_given(given), particle)))
    if inverted:  # the particle moves after the given names: `Neumann, John von`
        moved = " ".join(filter(None, (given, name.get("non-dropping-particle"))))
        return _suffixed(f"{name['family']}, {moved}", name)
    return _suffixed(f"{given} {_family(name)}", name)


def _and(names: list[str], conjunction: str, always_comma: bool) -> str:
    if len(names) < 2:
        return "".join(names)
    comma = "," if always_comma or len(names) > 2 else ""
    return ", ".join(names[:-1]) + f"{comma} {conjunction} " + names[-1]


def apa_names(names: list[dict]) -> str:
    written = [apa_name(n) for n in names]
    if len(written) > 20:
        return ", ".join(written[:19]) + ", … " + written[-1]
    return _and(written, "&", always_comma=True)


def chicago_names(names: list[dict]) -> str:
    written = [chicago_name(n, index == 0) for index, n in enumerate(names)]
    if len(written) >= 7:
        return ", ".join(written[:3]) + ", et al."
    return _and(written, "and", always_comma=True)


# --- the pieces of an entry --------------------------------------------------------------


def _year(item: dict) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts[0] else "n.d."


def _pages(item: dict) -> str:
    return str(item.get("page") or "").replace("-", "–")


def chicago_pages(pages: str) -> str:
    """A page range as `chicago-16`: all digits below 100 and from a multiple of 100 (96–117,
    100–115); from 101–109 the changed part only (101–8, 1103–4); otherwise at least two
    digits (321–28, 522–42, 498–532)."""
    match = re.fullmatch(r"([A-Za-z]*)(\d+)–([A-Za-z]*)(\d+)", pages)
    if not match or match[1] != match[3]:
        return pages
    prefix, first, _, last = match.groups()  # a supplement's S245–S270 is S245–70
    if prefix:
        return prefix + chicago_pages(f"{first}–{last}")
    start = int(first)
    if start < 100 or start % 100 == 0 or len(first) != len(last) or int(last) <= start:
        return pages
    common = next(i for i, (a, b) in enumerate(zip(first, last, strict=True)) if a != b)
    changed = last[common:]
    if start % 100 >= 10 and len(changed) < 2:
        changed = last[-2:]
    return f"{first}–{changed.lstrip('0') or changed}" if start % 100 < 10 else f"{first}–{changed}"


def _link(item: dict) -> str:
    if item.get("DOI"):
        return f"https://doi.org/{item['DOI']}"
    return str(item.get("URL") or "")


def _numeric(value: str) -> bool:
    return bool(re.fullmatch(r"\d+[a-z]?(\s*[-–,&]\s*\d+[a-z]?)*", value, flags=re.I))


def _number(item: dict) -> str:
    """`Policy Brief No. 12`, `CSCW Policy Brief 03/2012`, `4/2017`: the genre, title-cased
    in English, with the number; nothing without a number."""
    number, genre = str(item.get("number") or ""), str(item.get("genre") or "")
    if not number:
        return ""
    if _numeric(number):
        number = f"{_no(number)} {number}"
    if genre and _english(item):
        genre = plain(title_case(parse(genre)))
    return " ".join(p for p in (genre, number) if p)


def _no(number: str, label: str = "No.") -> str:
    """`No.`, or `Nos.` before more than one number (`3-4`, `12, 13`, `12 & 13`), as citeproc."""
    return label.replace("o.", "os.") if re.search(r"[\s\-–&,]", number) else label


def _volume_issue(item: dict) -> str:
    """APA's `Vol. 4, Issue 25` of a book or of the book a chapter is in."""
    return ", ".join(
        f"{label} {item[key]}"
        for key, label in (("volume", "Vol."), ("issue", "Issue"))
        if item.get(key)
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _english(item: dict) -> bool:
    return str(item.get("language") or "en").lower().startswith("en")


def _title(item: dict, key: str = "title", cased: bool = False) -> Text:
    text = parse(str(item.get(key) or ""))
    return title_case(text) if cased and _english(item) and text else text


def _sentence(item: dict, key: str) -> Text:
    """A field's text closed with a full stop; nothing when the item has no such field."""
    return _stop(parse(str(item[key]))) if item.get(key) else []


def _eds(editors: list[dict], many: str, one: str) -> str:
    return many if len(editors) > 1 else one


def _accessed(when: date | None) -> str:
    return f"{MONTHS[when.month - 1]} {when.day}, {when.year}" if when else ""


# --- APA 7 -------------------------------------------------------------------------------


def apa(item: dict, accessed: date | None = None) -> Text:
    """APA 7 reference-list entry, as `apa.csl`."""
    kind = item["type"]
    authors, editors = item.get("author") or [], item.get("editor") or []
    container = str(item.get("container-title") or "")
    title = _title(item)
    journal_like = kind in ("article-journal", "paper-conference") and container
    if not journal_like and kind != "chapter":
        title = italic(title)
    details: Text = []
    genre: Text = []  # without an author, citeproc puts it after the year
    if kind in ("report", "book", "document", "thesis") or (
        kind == "article-journal" and not container
    ):
        number = _number(item) if kind != "thesis" else ""
        if number:
            details += [f" ({number})"]
        elif item.get("genre"):
            # as apa.csl: a thesis with an address (a published one) names its university in
            # the brackets, one without after them
            published = kind == "thesis" and item.get("publisher") and _link(item)
            where = f", {item['publisher']}" if published else ""
            genre = parse(f"[{_capital(str(item['genre']))}{where}]")
        bracket = []
        if authors and editors:
            eds = _and([apa_short(e) for e in editors], "&", always_comma=False)
            bracket.append(f"{eds}, {_eds(editors, 'Eds.', 'Ed.')}")
        if kind == "book" and _volume_issue(item):
            bracket.append(_volume_issue(item))
        if bracket:
            details += parse(f" ({'; '.join(bracket)})")
    year = f"({_year(item)})."
    if authors or editors:
        who = (
            apa_names(authors)
            if authors
            else (apa_names(editors) + _eds(editors, " (Eds.)", " (Ed.)"))
        )
        head = join(
            _stop(parse(who)), [year], _stop(title + ([" "] + genre if genre else []) + details)
        )
    else:
        head = join(_stop(title + details), [year], _stop(genre) if genre else [])
    body: Text = []
    if journal_like:
        source: Text = italic(_title(item, "container-title", cased=kind == "article-journal"))
        volume, issue, pages = item.get("volume"), item.get("issue"), _pages(item)
        if volume:
            source += [", "] + italic([str(volume)])
            if issue:
                source += [f"({issue})"]
        elif issue:
            source += [f", ({issue})"]
        if pages:
            source += [f", {pages}"]
        body = _stop(source)
    elif kind == "chapter":
        source = ["In "]
        if editors:
            eds = _and([apa_short(e) for e in editors], "&", always_comma=False)
            source += parse(f"{eds} ({_eds(editors, 'Eds.', 'Ed.')}), ")
        source += italic(parse(container)) if container else []
        numbers = [_volume_issue(item)] + ([f"pp. {_pages(item)}"] if _pages(item) else [])
        if any(numbers):
            source += [f" ({', '.join(n for n in numbers if n)})"]
        body = join(_stop(source), _sentence(item, "publisher"))
    elif kind == "webpage":
        body = join(
            _sentence(item, "container-title"),
            _sentence(item, "publisher"),
        )
        if item.get("issued") is None and accessed and _link(item):
            return join(head, body, [f"Retrieved {_accessed(accessed)}, from {_link(item)}"])
    elif kind == "article-journal" and (_pages(item) or item.get("volume") or item.get("issue")):
        # a journal's numbers without its name, as citeproc: `4(2), 7–19.`, `(34).`, `7–19.`
        numbers = str(item.get("volume") or "")
        numbers += f"({item['issue']})" if item.get("issue") else ""
        body = _stop([", ".join(n for n in (numbers, _pages(item)) if n)])
    elif item.get("publisher") and not (kind == "thesis" and item.get("genre") and _link(item)):
        body = _sentence(item, "publisher")
    return join(head, body, [_link(item)] if _link(item) else [])


# --- Chicago author-date -----------------------------------------------------------------


def chicago(item: dict, accessed: date | None = None) -> Text:
    """Chicago author-date reference-list entry, as `chicago-author-date.csl` (18th ed.)."""
    kind = item["type"]
    authors, editors = item.get("author") or [], item.get("editor") or []
    container = str(item.get("container-title") or "")
    title = _title(item, cased=True)
    in_container = kind in ("article-journal", "paper-conference", "chapter") and container
    is_quoted = in_container or kind in ("thesis", "document", "webpage")
    title = _stop(quoted(title)) if is_quoted else _stop(italic(title))
    year = _stop([_year(item)])
    if authors or editors:
        who = (
            chicago_names(authors)
            if authors
            else (chicago_names(editors) + _eds(editors, ", eds", ", ed"))
        )
        head = join(_stop(parse(who)), year, title)
    else:
        head = join(title, year)
    source: Text = []
    if in_container:
        journal = _title(item, "container-title", cased=kind != "paper-conference")
        if kind == "chapter":
            source = ["In "] + italic(journal)
            if editors:
                names = _and([chicago_name(e, False) for e in editors], "and", always_comma=False)
                source += parse(f", edited by {names}")
            source += [f", vol. {item['volume']}"] if item.get("volume") else []
            source = _stop(source)
            if item.get("issue"):  # as citeproc writes it: a sentence of its own, lower case
                source = join(source, [f"no. {item['issue']}."])
            source = join(source, _sentence(item, "publisher"))
        else:
            source = italic(journal)
            volume, issue, pages = item.get("volume"), item.get("issue"), _pages(item)
            pages = chicago_pages(pages)
            if kind == "paper-conference":
                source += [f", {pages}"] if pages else []
            elif volume:
                source += [f" {volume}"] + ([f" ({issue})"] if issue else [])
                source += [f": {pages}"] if pages else []
            elif issue:
                source += [f", {_no(str(issue), 'no.')} {issue}"] + (
                    [f": {pages}"] if pages else []
                )
            elif pages:
                source += [f", {pages}"]
            elif kind == "article-journal" and item.get("DOI") and item.get("issued"):
                source += [", ahead of print"]  # CMOS 18 14.75
            source = _stop(source)
    elif kind == "article-journal" and (_pages(item) or item.get("volume") or item.get("issue")):
        # a journal's numbers without its name, as citeproc: `4 (2): 7–19.`, `nos. 3-4.`
        volume, issue, pages = item.get("volume"), item.get("issue"), chicago_pages(_pages(item))
        if volume:
            numbers = f"{volume}" + (f" ({issue})" if issue else "")
        elif issue:
            numbers = f"{_no(str(issue), 'no.')} {issue}"
        else:
            numbers = ""
        source = _stop([": ".join(n for n in (numbers, pages) if n)])
    else:
        if authors and editors:
            names = _and([chicago_name(e, False) for e in editors], "and", always_comma=False)
            source = _stop(parse(f"Edited by {names}"))
        if kind == "book" and item.get("volume"):
            source = join(source, [f"Vol. {item['volume']}."])
        if kind == "book" and item.get("issue"):
            source = join(source, [f"no. {item['issue']}."])
        if kind == "thesis" and item.get("genre"):
            genre = parse(_capital(str(item["genre"])))
            publisher = parse(", " + str(item["publisher"])) if item.get("publisher") else []
            source = join(source, _stop(genre + publisher))
        else:
            number = ""
            if kind in ("report", "book", "document"):
                number = _number(item) or _capital(str(item.get("genre") or ""))
            if kind == "webpage":
                source = join(source, _sentence(item, "container-title"))
            source = join(source, _stop(parse(number)) if number else [])
            source = join(source, _sentence(item, "publisher"))
    if kind == "webpage" and item.get("issued") is None and accessed and _link(item):
        source = join(source, [f"Accessed {_accessed(accessed)}."])
    link = _link(item)
    return join(head, source, _stop([link]) if link else [])


# --- a record's citations ----------------------------------------------------------------


def apa_parts(record: Record, accessed: date | None = None) -> Text:
    return apa(csl_item(record), accessed if record.collection != RESEARCH else None)


def chicago_parts(record: Record, accessed: date | None = None) -> Text:
    return chicago(csl_item(record), accessed if record.collection != RESEARCH else None)

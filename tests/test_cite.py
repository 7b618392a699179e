"""Citations: APA 7 and Chicago author-date strings, pinned exactly, hard cases included. Each
string is what pandoc's citeproc prints from the record's CSL-JSON with `apa.csl` and
`chicago-author-date.csl` (test_interop.py checks every record of the hub the same way)."""

from __future__ import annotations

from datetime import date

import pytest

from wpshub.data.bibtex import entry_to_record, read_bib_text
from wpshub.data.records import Record
from wpshub.site.cite import (
    apa_parts,
    as_html,
    as_text,
    chicago_pages,
    chicago_parts,
    parse,
    plain,
    quoted,
    title_case,
)


def bib(text: str) -> Record:
    parsed = read_bib_text(text, "t.bib")
    assert parsed.problems == []
    return entry_to_record(parsed.entries[0], "t.bib")


ARTICLE = """@article{k, author={Kirby, Paul and Shepherd, Laura J.},
 title={The futures past of the Women, Peace and Security agenda}, journal={International Affairs},
 year=2016, volume=92, number=2, pages={373--392}, doi={10.1111/1468-2346.12549}}"""
NAMES = """@article{n, author={von Neumann, Jr., John and {\\'O} S{\\'u}illeabh{\\'a}in, Andrea and Br{\\"a}nfors, Piia},
 title={Names with particles, suffixes and accents}, journal={Journal of Examples}, year=2019, volume=3, pages={1--9}}"""
CORPORATE = """@report{c, author={{UN Women}}, institution={UN Women}, title={Guidelines for national implementation}, year=2012}"""
NO_YEAR = (
    """@book{y, author={Example, Ann}, title={A book without a year}, publisher={Example Press}}"""
)
EDITED = """@book{e, editor={Davies, Sara E. and True, Jacqui}, title={The Oxford Handbook of Women, Peace, and Security},
 publisher={Oxford University Press}, year=2019, doi={10.1093/oxfordhb/9780190638276.001.0001}}"""
CHAPTER = """@incollection{ch, author={Example, Ann}, title={A chapter title}, booktitle={A Book of Chapters},
 editor={Editor, Eve and Other, Oscar}, pages={10--25}, publisher={Example Press}, address={Geneva}, year=2019}"""
REPORT = """@report{r, author={Hamilton, Caitlin and Naam, Nyibeny and Shepherd, Laura J.}, institution={University of Sydney},
 title={Twenty Years of Women, Peace and Security National Action Plans: Analysis and Lessons Learned}, year=2020,
 url={https://www.wpsnaps.org/report/}}"""
NO_AUTHOR = (
    """@online{w, title={A page with no author}, year=2021, url={https://example.org/page}}"""
)
# cases the 2026-12-04 research entries brought: each string below is citeproc's
SERIES_CHAPTER = """@incollection{s, author={Doe, Jane}, title={Chap}, booktitle={The Book}, editor={Ed, Al},
 volume={4}, number={25}, publisher={Pub}, year=2020}"""
VOLUME_BOOK = """@book{v, author={Doe, Jane}, editor={Ed, Al}, title={The Book}, volume={22}, publisher={Pub}, year=2020}"""
UNSIGNED_REPORT = """@report{u, title={The Report}, type={Report}, institution={Pub}, year=2020}"""
JOINED_INITIALS = """@article{i, author={Greener, B.K. and Fish, W. J. and Doe, J.-P.}, title={A title},
 journal={feminists@law}, year=2020, pages={5--9}}"""
# articles whose page does not name the journal: the numbers alone, as citeproc prints them
NAMELESS_SUPPLEMENT = """@article{ns, author={Doe, Jane}, title={A title}, year=2020, volume={43},
 number={Suppl 3}, pages={S245--S270}}"""
NAMELESS_ISSUES = """@article{ni, author={Doe, Jane}, title={A title}, year=2020, number={3-4},
 pages={7--19}}"""
NAMELESS_ISSUE = """@article{nj, author={Doe, Jane}, title={A title}, year=2020, number={34}}"""
NAMELESS_PAGES = """@article{np, author={Doe, Jane}, title={A title}, year=2020, pages={7--19}}"""
REPORT_NUMBERS = """@report{rn, title={Rep}, type={Senate Report}, number={115-93},
 institution={Senate}, year=2017}"""
# a particle joined by a hyphen or an apostrophe moves in Chicago's inverted first name; a
# capitalised word with digits keeps its capitals in a title-cased title
ATTACHED_PARTICLES = """@report{ap, author={al-Ammar, Fawziah and d'Aubignac, Jean and Al-Hakim, Sara},
 title={A report}, institution={Pub}, year=2019}"""
CAPITALS_AND_DIGITS = """@incollection{cd, author={Doe, Jane}, title={A paper},
 booktitle={APISA 17th Annual Congress (APISA2023) Official Proceedings}, year=2023}"""
# a run of punctuation is one piece, as citeproc splits words: `[...]` ends no sentence, so the
# small word after it stays small, and `."` is not a sentence's end either
PUNCTUATION_RUNS = """@report{pr, author={{Gov}}, title={An action plan for [...] to implement peace. “Then” a word.) and then},
 institution={Pub}, year=2006}"""

CASES = [
    (ARTICLE,
     "Kirby, P., & Shepherd, L. J. (2016). The futures past of the Women, Peace and Security agenda. International Affairs, 92(2), 373–392. https://doi.org/10.1111/1468-2346.12549",
     "Kirby, Paul, and Laura J. Shepherd. 2016. “The Futures Past of the Women, Peace and Security Agenda.” International Affairs 92 (2): 373–92. https://doi.org/10.1111/1468-2346.12549."),
    (NAMES,
     "von Neumann, J., Jr., Ó Súilleabháin, A., & Bränfors, P. (2019). Names with particles, suffixes and accents. Journal of Examples, 3, 1–9.",
     "Neumann, John von, Jr., Andrea Ó Súilleabháin, and Piia Bränfors. 2019. “Names with Particles, Suffixes and Accents.” Journal of Examples 3: 1–9."),
    (CORPORATE,
     "UN Women. (2012). Guidelines for national implementation. UN Women.",
     "UN Women. 2012. Guidelines for National Implementation. UN Women."),
    (NO_YEAR,
     "Example, A. (n.d.). A book without a year. Example Press.",
     "Example, Ann. n.d. A Book Without a Year. Example Press."),
    (EDITED,
     "Davies, S. E., & True, J. (Eds.). (2019). The Oxford Handbook of Women, Peace, and Security. Oxford University Press. https://doi.org/10.1093/oxfordhb/9780190638276.001.0001",
     "Davies, Sara E., and Jacqui True, eds. 2019. The Oxford Handbook of Women, Peace, and Security. Oxford University Press. https://doi.org/10.1093/oxfordhb/9780190638276.001.0001."),
    (CHAPTER,
     "Example, A. (2019). A chapter title. In E. Editor & O. Other (Eds.), A Book of Chapters (pp. 10–25). Example Press.",
     "Example, Ann. 2019. “A Chapter Title.” In A Book of Chapters, edited by Eve Editor and Oscar Other. Example Press."),
    (REPORT,
     "Hamilton, C., Naam, N., & Shepherd, L. J. (2020). Twenty Years of Women, Peace and Security National Action Plans: Analysis and Lessons Learned. University of Sydney. https://www.wpsnaps.org/report/",
     "Hamilton, Caitlin, Nyibeny Naam, and Laura J. Shepherd. 2020. Twenty Years of Women, Peace and Security National Action Plans: Analysis and Lessons Learned. University of Sydney. https://www.wpsnaps.org/report/."),
    (NO_AUTHOR,
     "A page with no author. (2021). https://example.org/page",
     "“A Page with No Author.” 2021. https://example.org/page."),
    (SERIES_CHAPTER,
     "Doe, J. (2020). Chap. In A. Ed (Ed.), The Book (Vol. 4, Issue 25). Pub.",
     "Doe, Jane. 2020. “Chap.” In The Book, edited by Al Ed, vol. 4. no. 25. Pub."),
    (VOLUME_BOOK,
     "Doe, J. (2020). The Book (A. Ed, Ed.; Vol. 22). Pub.",
     "Doe, Jane. 2020. The Book. Edited by Al Ed. Vol. 22. Pub."),
    (UNSIGNED_REPORT,
     "The Report. (2020). [Report]. Pub.",
     "The Report. 2020. Report. Pub."),
    (JOINED_INITIALS,
     "Greener, B. K., Fish, W. J., & Doe, J.-P. (2020). A title. Feminists@law, 5–9.",
     "Greener, B. K., W. J. Fish, and J.-P. Doe. 2020. “A Title.” Feminists@law, 5–9."),
    (NAMELESS_SUPPLEMENT,
     "Doe, J. (2020). A title. 43(Suppl 3), S245–S270.",
     "Doe, Jane. 2020. A Title. 43 (Suppl 3): S245–70."),
    (NAMELESS_ISSUES,
     "Doe, J. (2020). A title. (3-4), 7–19.",
     "Doe, Jane. 2020. A Title. nos. 3-4: 7–19."),
    (NAMELESS_ISSUE,
     "Doe, J. (2020). A title. (34).",
     "Doe, Jane. 2020. A Title. no. 34."),
    (NAMELESS_PAGES,
     "Doe, J. (2020). A title. 7–19.",
     "Doe, Jane. 2020. A Title. 7–19."),
    (REPORT_NUMBERS,
     "Rep (Senate Report Nos. 115-93). (2017). Senate.",
     "Rep. 2017. Senate Report Nos. 115-93. Senate."),
    (ATTACHED_PARTICLES,
     "al-Ammar, F., d’Aubignac, J., & Al-Hakim, S. (2019). A report. Pub.",
     "Ammar, Fawziah al-, Jean d’Aubignac, and Sara Al-Hakim. 2019. A Report. Pub."),
    (CAPITALS_AND_DIGITS,
     "Doe, J. (2023). A paper. In APISA 17th Annual Congress (APISA2023) Official Proceedings.",
     "Doe, Jane. 2023. “A Paper.” In APISA 17th Annual Congress (APISA2023) Official Proceedings."),
    (PUNCTUATION_RUNS,
     "Gov. (2006). An action plan for [...] to implement peace. “Then” a word.) and then. Pub.",
     "Gov. 2006. An Action Plan for [...] to Implement Peace. “Then” a Word.) and Then. Pub."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "apa", "chicago"), CASES, ids=[c[0].split("{")[1].split(",")[0] for c in CASES]
)
def test_citations_match_their_table(source: str, apa: str, chicago: str) -> None:
    record = bib(source)
    assert as_text(apa_parts(record)) == apa
    assert as_text(chicago_parts(record)) == chicago


def test_non_research_records_cite_their_organisation_and_date_an_undated_page() -> None:
    fields = {"title": "Example planning tool", "publisher": "Example Publisher", "year": 2020,
              "url": "https://example.org/tool", "type": "tool"}  # fmt: skip
    record = Record(id="t", collection="tools", path="data/tools/t.yaml", line=1, fields=fields)
    day = date(2026, 12, 1)
    assert as_text(apa_parts(record, accessed=day)) == (
        "Example Publisher. (2020). Example planning tool. https://example.org/tool"
    )
    assert as_text(chicago_parts(record, accessed=day)) == (
        "Example Publisher. 2020. “Example Planning Tool.” https://example.org/tool."
    )
    undated = Record(id="u", collection="tools", path="data/tools/u.yaml", line=1,
                     fields={k: v for k, v in fields.items() if k != "year"})  # fmt: skip
    assert as_text(apa_parts(undated, accessed=day)) == (
        "Example Publisher. (n.d.). Example planning tool. "
        "Retrieved December 1, 2026, from https://example.org/tool"
    )
    assert as_text(chicago_parts(undated, accessed=day)) == (
        "Example Publisher. n.d. “Example Planning Tool.” Accessed December 1, 2026. "
        "https://example.org/tool."
    )


def test_html_italicises_and_escapes() -> None:
    record = bib(ARTICLE.replace("International Affairs", "Affairs & <Politics>"))
    html = as_html(apa_parts(record))
    assert "<i>Affairs &amp; &lt;Politics&gt;</i>" in html and "<i>92</i>(2)" in html


def test_quotes_in_titles_nest_and_apostrophes_curl() -> None:
    """As citeproc reads a CSL-JSON string: straight or curly quotes make a quoted span,
    printed double outside and single inside; an apostrophe between letters becomes ’."""
    assert plain(parse('‘Hand in Hand’: women\'s "voices"')) == "“Hand in Hand”: women’s “voices”"
    assert plain(quoted(parse('A Sign of "Weakness"?'))) == "“A Sign of ‘Weakness’?”"
    assert plain(parse("States' 'half")) == "States’ ’half"  # no closing quote: no span


@pytest.mark.parametrize(
    ("title", "cased"),
    [
        ("the futures past of the agenda", "The Futures Past of the Agenda"),
        ("“Do our voices matter?” An analysis", "“Do Our Voices Matter?” An Analysis"),
        ("Follow-up and National-level work", "Follow-up and National-Level Work"),
        ("EviAtlas: a tool for UN evidence", "EviAtlas: A Tool for UN Evidence"),
        ("Challenging The divide of women", "Challenging The Divide of Women"),
        ("what it is made of", "What It Is Made of"),
        ("peace in Côte d’Ivoire and über", "Peace in Côte d’Ivoire and Über"),
    ],
)
def test_title_case_follows_citeproc(title: str, cased: str) -> None:
    assert plain(title_case(parse(title))) == cased


@pytest.mark.parametrize(
    ("pages", "short"),
    [("373–392", "373–92"), ("100–115", "100–115"), ("96–117", "96–117"), ("101–108", "101–8"),
     ("1103–1104", "1103–4"), ("321–328", "321–28"), ("498–532", "498–532"), ("985–1016", "985–1016"),
     ("e1214", "e1214")],
)  # fmt: skip
def test_chicago_page_ranges(pages: str, short: str) -> None:
    assert chicago_pages(pages) == short


def test_chicago_shortens_seven_authors_to_three_and_apa_keeps_twenty() -> None:
    people = " and ".join(f"Author{i}, Ann" for i in range(7))
    record = bib(f"@article{{m, author={{{people}}}, title={{T}}, journal={{J}}, year=2020}}")
    assert as_text(chicago_parts(record)).startswith(
        "Author0, Ann, Ann Author1, Ann Author2, et al. 2020."
    )
    assert "Author6, A. (2020)" in as_text(apa_parts(record))
    people = " and ".join(f"Author{i}, Ann" for i in range(22))
    record = bib(f"@article{{m, author={{{people}}}, title={{T}}, journal={{J}}, year=2020}}")
    assert "Author18, A., … Author21, A. (2020)" in as_text(apa_parts(record))  # as citeproc


def test_arabic_given_names_are_written_whole() -> None:
    record = bib("@book{a, author={الإيسي, آية محمد}, title={عنوان}, year=2025}")
    assert as_text(apa_parts(record)).startswith("الإيسي, آية محمد. (2025).")

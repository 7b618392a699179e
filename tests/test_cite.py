"""Citations: APA 7 and Chicago author-date strings, pinned exactly, hard cases included."""

from __future__ import annotations

import pytest

from wpshub.bibtex import entry_to_record, read_bib_text
from wpshub.cite import apa_parts, as_html, as_text, chicago_parts
from wpshub.records import Record


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

CASES = [
    (ARTICLE,
     "Kirby, P., & Shepherd, L. J. (2016). The futures past of the Women, Peace and Security agenda. International Affairs, 92(2), 373–392. https://doi.org/10.1111/1468-2346.12549",
     "Kirby, Paul, and Laura J. Shepherd. 2016. “The futures past of the Women, Peace and Security agenda.” International Affairs 92 (2): 373–392. https://doi.org/10.1111/1468-2346.12549."),
    (NAMES,
     "von Neumann, J., Jr., Ó Súilleabháin, A., & Bränfors, P. (2019). Names with particles, suffixes and accents. Journal of Examples, 3, 1–9.",
     "von Neumann, John, Jr., Andrea Ó Súilleabháin, and Piia Bränfors. 2019. “Names with particles, suffixes and accents.” Journal of Examples 3: 1–9."),
    (CORPORATE,
     "UN Women. (2012). Guidelines for national implementation.",
     "UN Women. 2012. Guidelines for national implementation."),
    (NO_YEAR,
     "Example, A. (n.d.). A book without a year. Example Press.",
     "Example, Ann. n.d. A book without a year. Example Press."),
    (EDITED,
     "Davies, S. E., & True, J. (Eds.). (2019). The Oxford Handbook of Women, Peace, and Security. Oxford University Press. https://doi.org/10.1093/oxfordhb/9780190638276.001.0001",
     "Davies, Sara E., and Jacqui True, eds. 2019. The Oxford Handbook of Women, Peace, and Security. Oxford University Press. https://doi.org/10.1093/oxfordhb/9780190638276.001.0001."),
    (CHAPTER,
     "Example, A. (2019). A chapter title. In E. Editor & O. Other (Eds.), A Book of Chapters (pp. 10–25). Example Press.",
     "Example, Ann. 2019. “A chapter title.” In A Book of Chapters, edited by Eve Editor and Oscar Other, 10–25. Geneva: Example Press."),
    (REPORT,
     "Hamilton, C., Naam, N., & Shepherd, L. J. (2020). Twenty Years of Women, Peace and Security National Action Plans: Analysis and Lessons Learned. University of Sydney. https://www.wpsnaps.org/report/",
     "Hamilton, Caitlin, Nyibeny Naam, and Laura J. Shepherd. 2020. Twenty Years of Women, Peace and Security National Action Plans: Analysis and Lessons Learned. University of Sydney. https://www.wpsnaps.org/report/."),
    (NO_AUTHOR,
     "A page with no author. (2021). https://example.org/page",
     "A page with no author. 2021. https://example.org/page."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "apa", "chicago"), CASES, ids=[c[0].split("{")[1].split(",")[0] for c in CASES]
)
def test_citations_match_their_table(source: str, apa: str, chicago: str) -> None:
    record = bib(source)
    assert as_text(apa_parts(record)) == apa
    assert as_text(chicago_parts(record)) == chicago


def test_non_research_records_get_organisation_title_year_url_and_access_date() -> None:
    fields = {"title": "Example planning tool", "publisher": "Example Publisher", "year": 2020,
              "url": "https://example.org/tool", "type": "tool"}  # fmt: skip
    record = Record(id="t", collection="tools", path="data/tools/t.yaml", line=1, fields=fields)
    assert (
        as_text(apa_parts(record))
        == "Example Publisher. (2020). Example planning tool. https://example.org/tool"
    )
    assert as_text(chicago_parts(record, accessed="December 1, 2026")) == (
        "Example Publisher. 2020. Example planning tool. Accessed December 1, 2026. https://example.org/tool."
    )


def test_html_italicises_and_escapes() -> None:
    record = bib(ARTICLE.replace("International Affairs", "Affairs & <Politics>"))
    html = as_html(apa_parts(record))
    assert "<i>Affairs &amp; &lt;Politics&gt;</i>" in html and "<i>92</i>(2)" in html

"""`wpshub new`: records made by flags or by prompts validate and reach the built site."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from wpshub.data.addresses import slugify
from wpshub.data.validate import check_hub
from wpshub.data.yamlload import load_yaml_file
from wpshub.tools.cli import main
from wpshub.tools.scaffold import NewRecord, NewRecordError, field_specs

TODAY = dt.date(2026, 12, 1)
FLAGS = [
    "--type", "tool", "--title", "Example scaffold toolkit",
    "--summary", "A worked example of a tool record made with flags, long enough to pass the check.",
    "--url", "https://example.org/scaffold-toolkit", "--publisher", "Example Publisher",
    "--topics", "naps, financing", "--countries", "KE,Norway", "--languages", "en,French",
    "--source", "https://example.org/about",
]  # fmt: skip


def answers(*lines: str):
    """A scripted reader at the prompts; it fails the test if asked more than it has."""
    queue = list(lines)

    def ask(prompt: str) -> str:
        if not queue:
            raise AssertionError(f"unexpected prompt {prompt!r}")
        return queue.pop(0)

    return ask


def test_flags_make_a_valid_commented_record(scratch_hub: Path, capsys) -> None:
    assert main(["--root", str(scratch_hub), "new", "tools", *FLAGS]) == 0
    path = scratch_hub / "data" / "tools" / "example-scaffold-toolkit.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Tool or guidance: made with `wpshub new tools`")
    assert "# Topics from data/vocab/topics.yaml; at least one.\ntopics: [naps, financing]" in text
    data = load_yaml_file(path).data
    # names become codes, and Norway stays the string "NO"
    assert data["countries"] == ["KE", "NO"] and data["languages"] == ["en", "fr"]
    assert list(data)[0] == "id" and data["added"] == dt.date.today().isoformat()
    report = check_hub(scratch_hub)
    assert report.errors == [] and len(report.records) == 1
    assert "wrote data/tools/example-scaffold-toolkit.yaml" in capsys.readouterr().out


def test_flags_report_every_problem_and_write_nothing(scratch_hub: Path, capsys) -> None:
    argv = ["--root", str(scratch_hub), "new", "tools", "--title", "Ex", "--topics", "mediaton"]
    assert main([*argv, "--url", "ftp://x", "--no-input"]) == 1
    err = capsys.readouterr().err
    assert "title: is 2 characters; write at least 3" in err
    assert "topics: 'mediaton' is not a known topic; did you mean 'mediation'?" in err
    assert "url: 'ftp://x' is not valid: use a full http:// or https:// address" in err
    assert "languages: required: give --languages" in err
    assert not list((scratch_hub / "data").glob("tools/*.yaml"))


def test_a_rule_between_fields_stops_the_flags_and_removes_the_file(scratch_hub: Path) -> None:
    flags = [f for f in FLAGS]
    at = flags.index("--publisher")
    del flags[at : at + 2]  # tools need a publisher or a host
    maker = NewRecord(scratch_hub, "tools", _pairs(flags), None, io.StringIO(), TODAY)
    with pytest.raises(NewRecordError, match="give 'publisher' .*or 'host'"):
        maker.make()
    assert not list((scratch_hub / "data").glob("tools/*.yaml"))


def test_prompts_check_each_answer_and_ask_again(scratch_hub: Path) -> None:
    out = io.StringIO()
    ask = answers(
        "guidence", "guidance",  # type: a typo, then right
        "Example prompt guide",  # title
        "too short", "A guide made at the prompts, to show that each answer is checked.",
        "ftp://x", "https://example.org/guide",  # url: refused, then right
        "",  # doi
        "20x9", "2019",  # year
        "Example Org", "",  # publisher, host
        "?", "mediaton", "mediation, Participation",  # topics: list, typo, then right
        "Kenya", "eastern-africa", "", "",  # countries, regions, organisations, resolutions
        "",  "English",  # languages: required, so an empty answer is refused
        "https://example.org/guide", "",  # source, notes
        "",  # id: take the one made from the title
    )  # fmt: skip
    path = NewRecord(scratch_hub, "tools", {}, ask, out, TODAY).make()
    said = out.getvalue()
    assert "'guidence' is not a type of tools; choose one of: tool, guidance" in said
    assert "is 9 characters; write at least 30" in said
    assert "'ftp://x' is not valid" in said
    assert "write a four-digit year" in said
    assert "  mediation: Mediation" in said  # the list shown for '?'
    assert "did you mean 'mediation'?" in said
    assert "required: please answer" in said
    assert path.name == "example-prompt-guide.yaml"
    data = load_yaml_file(path).data
    assert data["topics"] == ["mediation", "participation"] and data["countries"] == ["KE"]
    assert data["year"] == 2019 and data["type"] == "guidance"
    assert check_hub(scratch_hub, today=TODAY).errors == []


def test_prompts_ask_again_for_fields_a_whole_record_rule_names(scratch_hub: Path) -> None:
    out = io.StringIO()
    given = _pairs(FLAGS)
    del given["publisher"]
    # flags given and a person at the keyboard: only the rule's field is asked for
    path = NewRecord(scratch_hub, "tools", given, answers("Example Publisher"), out, TODAY).make()
    assert "give 'publisher' (who published it) or 'host'" in out.getvalue()
    assert load_yaml_file(path).data["publisher"] == "Example Publisher"


def test_an_existing_id_is_refused(scratch_hub: Path) -> None:
    NewRecord(scratch_hub, "tools", _pairs(FLAGS), None, io.StringIO(), TODAY).make()
    again = {**_pairs(FLAGS), "url": "https://example.org/other", "title": "Another title here"}
    again["id"] = "example-scaffold-toolkit"
    with pytest.raises(NewRecordError, match="already exists; choose another id"):
        NewRecord(scratch_hub, "tools", again, None, io.StringIO(), TODAY).make()


def test_collections_without_new_say_what_to_do(scratch_hub: Path, capsys) -> None:
    assert main(["--root", str(scratch_hub), "new", "research"]) == 2
    assert "wpshub import-bib FILE.bib" in capsys.readouterr().err
    assert main(["--root", str(scratch_hub), "new", "toolz"]) == 2
    assert "choose one of: centres, networks" in capsys.readouterr().err


def test_every_collection_has_its_schema_fields_as_flags(scratch_hub: Path) -> None:
    for collection in ("centres", "plans", "resolutions"):
        schema = json.loads(
            (ROOT / "data" / "schema" / f"{collection}.schema.json").read_text(encoding="utf-8")
        )
        names = {spec.name for spec in field_specs(scratch_hub / "data", collection)}
        # a list of mappings (documents: address and language each) is written in the file
        assert names == set(schema["properties"]) - {"documents"}
        required = {s.name for s in field_specs(scratch_hub / "data", collection) if s.required}
        assert required == set(schema["required"])


def test_a_plan_by_flags_takes_an_issuer_by_name(scratch_hub: Path) -> None:
    flags = {
        "type": "national-action-plan", "title": "Example: National Action Plan (2020-2024)",
        "summary": "An example national action plan record made with flags for the test.",
        "issuer": "kenya", "period_start": "2020", "period_end": "2024", "topics": "naps",
        "countries": "KE", "languages": "en", "publisher": "Example Government",
        "source": "https://example.org/nap",
    }  # fmt: skip
    path = NewRecord(scratch_hub, "plans", flags, None, io.StringIO(), TODAY).make()
    data = load_yaml_file(path).data
    assert data["issuer"] == "KE" and data["period_end"] == 2024
    assert path.stem == "example-national-action-plan-2020-2024"


def test_slugify() -> None:
    assert slugify("Côte d'Ivoire: Plan (2020–2024)") == "cote-d-ivoire-plan-2020-2024"
    assert len(slugify("word " * 40)) <= 80


def test_new_records_appear_in_the_built_site(tmp_path: Path) -> None:
    """A record made by flags and one made by prompts reach their pages and the catalogue."""
    from sitebuild import build_site

    hub = tmp_path / "hub"
    for name in ("docs", "hooks", "overrides", "wpshub", "mkdocs.yml"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, hub / name)
    for name in ("vocab", "schema"):
        shutil.copytree(ROOT / "data" / name, hub / "data" / name)
    assert main(["--root", str(hub), "new", "tools", *FLAGS]) == 0
    # some fields as flags, the required rest at the prompts
    given = {"type": "research-centre", "countries": "NG", "url": "https://example.org/centre"}
    ask = answers(
        "Example centre made at the prompts",
        "A centre record made at the prompts of wpshub new, for the site test.",
        "Example University", "training", "en", "https://example.org/centre",
    )  # fmt: skip
    NewRecord(hub, "centres", given, ask, io.StringIO(), TODAY).make()
    env = {"PYTHONPATH": str(hub), "WPSHUB_LANGUAGES": "en"}
    result = build_site(tmp_path / "site", env, root=hub)
    assert result.returncode == 0, result.stderr[-3000:]
    catalogue = json.loads((tmp_path / "site" / "catalogue.json").read_text(encoding="utf-8"))
    ids = {r["id"] for r in catalogue["records"]}
    assert ids == {"example-scaffold-toolkit", "example-centre-made-at-the-prompts"}
    for record in catalogue["records"]:
        page = (tmp_path / "site" / record["page"].strip("/") / "index.html").read_text("utf-8")
        assert record["title"] in page


def _pairs(flags: list[str]) -> dict[str, str]:
    return {flags[i][2:].replace("-", "_"): flags[i + 1] for i in range(0, len(flags), 2)}


def test_new_says_which_term_a_word_was_read_as(scratch_hub: Path) -> None:
    flags = {
        "type": "toolkit", "title": "Kenya: a planning tool",
        "summary": "An example record made with flags to show how words become terms.",
        "url": "https://example.org/kenya-tool", "topics": "naps", "countries": "Kenya",
        "languages": "English", "publisher": "Example Publisher",
        "source": "https://example.org/about",
    }  # fmt: skip
    out = io.StringIO()
    path = NewRecord(scratch_hub, "tools", flags, None, out, TODAY).make()
    assert load_yaml_file(path).data["title"] == "Kenya: a planning tool"
    lines = out.getvalue().splitlines()
    assert "  type: 'toolkit' -> tool" in lines
    assert "  countries: 'Kenya' -> KE" in lines and "  languages: 'English' -> en" in lines
    assert not any(line.startswith("  topics:") for line in lines)  # given as the term itself

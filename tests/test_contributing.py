"""CONTRIBUTING's field tables match the JSON Schemas (regenerate with scripts/gen_field_tables.py)."""

from __future__ import annotations

import json

from conftest import ROOT

from wpshub.tools.fieldtables import BEGIN, END, field_tables, replace_tables


def test_field_tables_are_not_stale() -> None:
    document = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert BEGIN in document and END in document
    assert replace_tables(document, field_tables(ROOT / "data" / "schema")) == document, (
        "CONTRIBUTING.md is stale: run `python scripts/gen_field_tables.py`"
    )


def test_every_schema_field_is_in_the_tables() -> None:
    document = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for path in sorted((ROOT / "data" / "schema").glob("*.schema.json")):
        if path.name == "common.schema.json":
            continue
        schema = json.loads(path.read_text(encoding="utf-8"))
        section = document.split(f"### {path.name.split('.')[0]} (")[1].split("###")[0]
        for field in schema["properties"]:
            assert f"| `{field}` |" in section, (path.name, field)

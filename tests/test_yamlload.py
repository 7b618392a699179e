"""The strict YAML loader: types, lines, duplicates, aliases, encodings."""

from __future__ import annotations

import pytest

from wpshub.data.yamlload import YamlError, decode_yaml_bytes, load_yaml_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("c: NO", "NO"),
        ("c: no", "no"),
        ("c: yes", "yes"),
        ("c: on", "on"),
        ("c: off", "off"),
        ("c: true", True),
        ("c: false", False),
        ("c: 2026-12-01", "2026-12-01"),
        ("c: 2019", 2019),
        ("c: 1.5", 1.5),
        ("c: ~", None),
        ("c: '1325'", "1325"),
    ],
)
def test_scalars_follow_yaml_1_2(text: str, expected: object) -> None:
    assert load_yaml_text(text).data == {"c": expected}


def test_lines_are_one_based_for_keys_and_items() -> None:
    document = load_yaml_text("id: x\ntopics:\n  - naps\n  - financing\ncountries: [KE, NO]\n")
    assert document.lines[("id",)] == 1
    assert document.lines[("topics",)] == 2
    assert document.lines[("topics", 1)] == 4
    assert document.lines[("countries", 1)] == 5


def test_bom_and_crlf_are_accepted() -> None:
    document = load_yaml_text("\ufeffid: x\r\ntitle: y\r\n")
    assert document.data == {"id": "x", "title": "y"}
    assert document.lines[("title",)] == 2


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first at line 1); keep only one"),
        ("a: &x [1]\nb: *x\n", 1, "aliases (*name) are not allowed; write the value out"),
        (
            "a: !!python/object:os.system x\n",
            1,
            "the tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
        ),
        (
            "a: b: c\n",
            1,
            "not valid YAML: mapping values are not allowed in this context; a value that "
            "contains ': ' (a colon and a space) must be in quotes, e.g. title: \"Kenya: "
            'National Action Plan"',
        ),
        (
            "id: x\n  title: y\nz: 1\n",
            2,
            "not valid YAML: mapping values are not allowed in this context; this line is "
            "indented more than the fields around it: line the field names up",
        ),
        (
            "id: x\n\ttitle: y\n",
            2,
            "not valid YAML: found a tab character that violates indentation; use spaces, not "
            "tabs, to indent",
        ),
        ("title: [unclosed\n", 2, "not valid YAML: did not find expected ',' or ']'"),
    ],
)
def test_bad_yaml_is_refused_with_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlError) as caught:
        load_yaml_text(text)
    assert (caught.value.line, caught.value.message) == (line, message)


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    with pytest.raises(YamlError, match="aliases"):
        load_yaml_text(bomb)


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(YamlError, match="nest"):
        load_yaml_text("a: " + "[" * 200 + "]" * 200)


def test_non_utf8_names_the_line() -> None:
    with pytest.raises(YamlError) as caught:
        decode_yaml_bytes(b"id: x\ntitle: caf\xe9\n")
    assert caught.value.line == 2
    assert "not UTF-8" in caught.value.message

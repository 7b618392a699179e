"""Read YAML record and vocabulary files strictly, keeping the 1-based line of every value.

Rules, each chosen because PyYAML's defaults lose or change data silently:
- only YAML 1.2 `true`/`false` are booleans: `NO` (Norway), `no`, `on`, `off`, `yes` stay strings;
- dates stay strings (`2026-12-01`), checked later by the validator;
- a duplicate key is an error, never "the last one wins";
- aliases and anchors are refused (no alias bombs), nesting is limited, and so is file size;
- a UTF-8 BOM and CRLF line ends are accepted; bytes that are not UTF-8 are an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # the C parser is about ten times faster; the pure-Python one gives the same nodes
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


MAX_FILE_BYTES = 1_000_000
_ALLOWED_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
}
MAX_DEPTH = 20

# Where a value was read: a path of keys and list indexes -> 1-based line.
Lines = dict[tuple[str | int, ...], int]


class YamlError(Exception):
    """A YAML file that cannot be read; `line` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class YamlDocument:
    """A parsed document and the line of every key and value in it."""

    data: Any
    lines: Lines = field(default_factory=dict)

    def line_of(self, *path: str | int) -> int:
        """The line of `path`, or of its nearest parent that has one, or 1."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema for plain scalars: null, true/false, integers, floats; all else str."""

    yaml_implicit_resolvers: dict = {}


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _Composer(_Parser, yaml.composer.Composer, _Resolver):  # type: ignore[misc,valid-type]
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        _Resolver.__init__(self)


def decode_yaml_bytes(raw: bytes) -> str:
    """Decode UTF-8 (with or without BOM); raise YamlError naming the line of a bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            line,
            f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} at line {line}); "
            "save it as UTF-8 in your editor",
        ) from None


def load_yaml_file(path: Path) -> YamlDocument:
    """Read one YAML file from disk with the rules above."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError(
            1, f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes per YAML file"
        )
    return load_yaml_text(decode_yaml_bytes(raw))


def load_yaml_text(text: str) -> YamlDocument:
    """Parse YAML text into plain Python values plus a line map."""
    if text.startswith("\ufeff"):
        text = text[1:]
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.composer.ComposerError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(_line(mark), _clean(exc.problem or str(exc))) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = _clean(exc.problem or str(exc))
        raise YamlError(
            _line(mark), f"not valid YAML: {problem}{_hint(problem, text, mark)}"
        ) from None
    except RecursionError:
        raise YamlError(1, f"nested more than {MAX_DEPTH} levels deep") from None
    finally:
        dispose = getattr(composer, "dispose", None)
        if dispose:
            dispose()
    document = YamlDocument(data=None)
    if node is None:
        return document
    document.data = _construct(node, (), document.lines, set())
    return document


def _hint(problem: str, text: str, mark: Any) -> str:
    """What a contributor most likely has to change, for the messages people meet most."""
    line = (
        text.splitlines()[mark.line]
        if mark is not None and mark.line < len(text.splitlines())
        else ""
    )
    if "\t" in line or "found character '\\t'" in problem or "tab" in problem:
        return "; use spaces, not tabs, to indent"
    if "mapping values are not allowed" in problem and re.match(r"\s+[\w-]+:", line):
        return "; this line is indented more than the fields around it: line the field names up"
    if "mapping values are not allowed" in problem:
        return (
            "; a value that contains ': ' (a colon and a space) must be in quotes, "
            'e.g. title: "Kenya: National Action Plan"'
        )
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return (
            "; check the indentation (the same number of spaces for the fields of one record, "
            "two more for list items) and that quotes are closed"
        )
    if "found character" in problem and "that cannot start any token" in problem:
        return "; a value starting with this character must be in quotes"
    if "found unexpected end of stream" in problem or "while scanning a quoted scalar" in problem:
        return "; a quote was opened and not closed"
    return ""


def _line(mark: Any) -> int:
    return (mark.line + 1) if mark is not None else 1


def _clean(message: str) -> str:
    return " ".join(message.split())


def _construct(node: yaml.Node, path: tuple[str | int, ...], lines: Lines, seen: set[int]) -> Any:
    if len(path) > MAX_DEPTH:
        raise YamlError(_line(node.start_mark), f"nested more than {MAX_DEPTH} levels deep")
    if id(node) in seen:
        raise YamlError(
            _line(node.start_mark), "aliases (*name) are not allowed; write the value out"
        )
    if node.tag not in _ALLOWED_TAGS:
        raise YamlError(_line(node.start_mark), f"the tag {node.tag!r} is not allowed")
    lines.setdefault(path, _line(node.start_mark))
    if isinstance(node, yaml.MappingNode):
        seen.add(id(node))
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if (
                not isinstance(key_node, yaml.ScalarNode)
                or key_node.tag == "tag:yaml.org,2002:merge"
            ):
                raise YamlError(_line(key_node.start_mark), "keys must be plain words")
            key = str(_scalar(key_node))
            if key in result:
                raise YamlError(
                    _line(key_node.start_mark),
                    f"duplicate key '{key}' (first at line {lines[path + (key,)]}); keep only one",
                )
            lines[path + (key,)] = _line(key_node.start_mark)
            result[key] = _construct(value_node, path + (key,), lines, seen)
            # a key's own line wins over its value's (a block list starts on the next line)
            lines[path + (key,)] = _line(key_node.start_mark)
        return result
    if isinstance(node, yaml.SequenceNode):
        seen.add(id(node))
        return [
            _construct(item, path + (index,), lines, seen) for index, item in enumerate(node.value)
        ]
    return _scalar(node)


def _scalar(node: yaml.ScalarNode) -> Any:
    tag, value = node.tag, node.value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() == "true"
    if tag == "tag:yaml.org,2002:int":
        return int(value, 0) if value.startswith(("0o", "0x")) else int(value)
    if tag == "tag:yaml.org,2002:float":
        return float(value.replace("inf", "Inf").replace("Inf", "inf").replace("NaN", "nan"))
    return value

"""wpshub is three layers, lowest first: `data` (records and their checks), `site` (the hub
built from them: pages, templates, exports, localisation, offline) and `tools` (the command
line and the contributor and maintainer tools). A layer imports only from the layers below it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

LAYERS = ("data", "site", "tools")
PACKAGE = ROOT / "wpshub"


def imported_layers(path: Path) -> set[str]:
    """The wpshub layers a module imports from, at any depth of the module (functions too)."""
    own = path.parent.name
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 1:
                found.add(own)
            elif node.level == 2:  # `from ..site.x import`, or `from .. import site`
                found |= {module.split(".")[0]} if module else {a.name for a in node.names}
            elif module.startswith("wpshub."):
                found.add(module.split(".")[1])
            elif module == "wpshub":  # `from wpshub import site`
                found |= {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("wpshub.")}
        elif isinstance(node, ast.Call):
            # a module named in a call's string (importlib.import_module("wpshub.site.x"))
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found |= set(re.findall(r"\bwpshub\.(\w+)\b", arg.value))
    return found & set(LAYERS)


def test_every_module_is_in_a_layer() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert loose == []
    assert sorted(
        p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"
    ) == sorted(LAYERS)


def test_no_layer_imports_a_higher_one() -> None:
    upward = {
        f"{path.relative_to(ROOT)} imports wpshub.{layer}"
        for path in PACKAGE.rglob("*.py")
        if path.parent.name in LAYERS
        for layer in imported_layers(path)
        if LAYERS.index(layer) > LAYERS.index(path.parent.name)
    }
    assert upward == set()


def test_the_check_finds_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "data" / "x.py"
    module.parent.mkdir()
    module.write_text("def f():\n    from ..site.render import e\n", encoding="utf-8")
    assert imported_layers(module) == {"site"}
    for text in ("from .. import tools\n", "from wpshub import tools\n",
                 "import importlib\nimportlib.import_module('wpshub.tools.cli')\n"):  # fmt: skip
        module.write_text(text, encoding="utf-8")
        assert imported_layers(module) == {"tools"}, text

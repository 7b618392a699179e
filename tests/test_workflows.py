"""The GitHub workflows: actions pinned, least privilege, and every command they run exists.

Each workflow is read with yaml.safe_load; every `run:` script is split, crudely but enough for
CI scripts, into simple commands, and each command is checked against this repository: make
targets against the Makefile, `wpshub` subcommands against the real argparse parser, scripts
and test files against the tree, anything else against a list of tools GitHub's Ubuntu
runners have.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import re
import shlex
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from wpshub.tools.cli import build_parser

WORKFLOWS = ROOT / ".github" / "workflows"

# Shell builtins and tools on GitHub's Ubuntu runners that workflows may call as they are.
RUNNER_TOOLS = frozenset(
    {
        "[", "[[", "apt-get", "awk", "cat", "cd", "command", "cp", "date", "dpkg", "echo", "exit",
        "export", "false", "find", "gh", "git", "grep", "head", "id", "jq", "ls", "mkdir",
        "mv", "printf", "pwd", "read", "rm", "sed", "set", "sort", "tail", "tee", "test",
        "touch", "tr", "true", "unzip", "wc", "zip",
    }
)  # fmt: skip
# Commands that run the command after them: their options that take a value.
WRAPPERS = {
    "sudo": frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U"}),
    "xargs": frozenset({"-a", "-d", "-E", "-I", "-L", "-n", "-P", "-s"}),
    "env": frozenset({"-u", "-C", "-S"}),
    "nice": frozenset({"-n"}),
    "nohup": frozenset(),
}
PYTHONS = frozenset({"python", "python3", "python3.11"})
SHELLS = frozenset({"bash", "sh"})
MAKE_VALUE_OPTIONS = frozenset({"-C", "-f", "-I", "-o", "-W", "--directory", "--file"})
SHELL_KEYWORDS = frozenset({"if", "then", "else", "elif", "fi", "do", "done", "while", "until"})
SHELL_KEYWORDS |= {"!", "{", "}", "time"}
# The words of these, up to the next separator, are not commands (`for f in a b; do`).
COMPOUND_HEADS = frozenset({"for", "select", "case"})
OPERATOR_CHARS = "();<>|&\n"
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
PINNED_LINE = re.compile(r"^\s*(?:-\s*)?uses:\s*\S+@[0-9a-f]{40}\b(.*)$")
TARGET_LINE = re.compile(r"^([^\s:=#$.][^:=#]*?)\s*:(?![=:])")
SUBSTITUTION = "SUBSTITUTION"
GITHUB_EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)


@dataclass
class Repo:
    """What the commands in a workflow are checked against."""

    root: Path
    targets: set[str]
    parser: argparse.ArgumentParser
    venv_scripts: set[str] = field(default_factory=set)


def make_targets(makefile: Path) -> set[str]:
    """The explicit targets a Makefile defines (not variables, pattern or special targets)."""
    targets: set[str] = set()
    for line in makefile.read_text(encoding="utf-8").splitlines():
        match = TARGET_LINE.match(line)
        if match:
            targets.update(name for name in match.group(1).split() if "%" not in name)
    return targets


def phony_targets(makefile: Path) -> set[str]:
    """The targets a Makefile declares .PHONY."""
    names: set[str] = set()
    for line in makefile.read_text(encoding="utf-8").splitlines():
        if line.startswith(".PHONY:"):
            names.update(line.split(":", 1)[1].split())
    return names


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommands an argparse parser accepts, by name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def venv_scripts(root: Path) -> set[str]:
    """What `.venv/bin/` holds after `make venv`: the interpreter, pip and console scripts."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = set(project.get("scripts", {})) | PYTHONS | {"pip", "pip3"}
    # and the scripts of the dependencies, as installed in the venv running these tests
    names.update(path.name for path in (Path(sys.prefix) / "bin").glob("*"))
    return names


def this_repo() -> Repo:
    """The repository these tests run in, with the real Makefile and wpshub parser."""
    return Repo(ROOT, make_targets(ROOT / "Makefile"), build_parser(), venv_scripts(ROOT))


def _strip_script(script: str) -> tuple[str, list[str]]:
    """The script without comments, each `$(...)` replaced by one word; the substitutions."""
    out: list[str] = []
    substitutions: list[str] = []
    quote = ""
    i = 0
    while i < len(script):
        char = script[i]
        if quote == "'":
            quote = "" if char == "'" else quote
            out.append(char)
            i += 1
        elif char == "\\" and i + 1 < len(script):
            out.append(script[i : i + 2])
            i += 2
        elif script.startswith("$(", i) and not script.startswith("$((", i):
            depth, end = 0, i + 1
            while end < len(script):
                depth += {"(": 1, ")": -1}.get(script[end], 0)
                if depth == 0:
                    break
                end += 1
            substitutions.append(script[i + 2 : end])
            out.append(SUBSTITUTION)
            i = end + 1
        elif quote == '"':
            quote = "" if char == '"' else quote
            out.append(char)
            i += 1
        elif char in "'\"":
            quote = char
            out.append(char)
            i += 1
        elif char == "#" and (i == 0 or script[i - 1] in " \t\n;&|("):
            while i < len(script) and script[i] != "\n":
                i += 1
        else:
            out.append(char)
            i += 1
    return "".join(out), substitutions


def split_commands(script: str) -> list[list[str]]:
    """Each simple command of a shell script, as its words; `$(...)` commands come last."""
    text, substitutions = _strip_script(script.replace("\\\n", " "))
    lexer = shlex.shlex(text, posix=True, punctuation_chars=OPERATOR_CHARS)
    lexer.whitespace = " \t\r"  # newlines end commands: they come back as operator tokens
    lexer.whitespace_split = True
    lexer.commenters = ""
    commands: list[list[str]] = []
    words: list[str] = []
    redirect_target = False
    for token in lexer:
        if redirect_target:
            redirect_target = False
        elif token and set(token) <= set(OPERATOR_CHARS):
            if "(" not in token and ("<" in token or ">" in token):
                redirect_target = True  # `> file`, `>> "$GITHUB_OUTPUT"`, `2>&1`
                if words and words[-1].isdigit():
                    words.pop()
            else:
                commands.append(words)
                words = []
        elif not words and (token in SHELL_KEYWORDS or ASSIGNMENT.match(token)):
            continue
        else:
            words.append(token)
    commands.append(words)
    commands = [words for words in commands if words and words[0] not in COMPOUND_HEADS]
    for substitution in substitutions:
        commands.extend(split_commands(substitution))
    return commands


def wpshub_subcommand(words: list[str], parser: argparse.ArgumentParser | None = None) -> str:
    """The subcommand a `wpshub ...` command names ('' when none, or not wpshub)."""
    words = unwrap(words)
    if not words or words[0].rsplit("/", 1)[-1] != "wpshub":
        return ""
    parser = parser or build_parser()
    takes_value = {
        option
        for action in parser._actions
        if action.option_strings and action.nargs != 0
        for option in action.option_strings
    }
    args = iter(words[1:])
    for arg in args:
        if arg in takes_value:
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return ""


def unwrap(words: list[str]) -> list[str]:
    """The command a wrapper (`sudo`, `xargs`, `env`) runs, with its arguments."""
    while words and words[0] in WRAPPERS:
        takes_value = WRAPPERS[words[0]]
        rest = iter(words[1:])
        words = []
        for word in rest:
            if word in takes_value:
                next(rest, None)
            elif not (word.startswith("-") or ASSIGNMENT.match(word)):
                words = [word, *rest]
                break
    return words


def check_script(script: str, repo: Repo) -> list[str]:
    """One message per command in the script that does not exist here."""
    return [problem for words in split_commands(script) for problem in check_command(words, repo)]


def check_command(words: list[str], repo: Repo) -> list[str]:
    """Problems with one simple command: a missing target, subcommand, file or tool."""
    shown = " ".join(words)
    words = unwrap(words)
    if not words:
        return []
    head, args = words[0], words[1:]
    name = head.rsplit("/", 1)[-1]
    if "/" in head:
        if head.startswith((".venv/bin/", "./.venv/bin/")):
            if name not in repo.venv_scripts:
                return [f"'{shown}': .venv/bin/{name} is not installed by `make venv`"]
        elif not (repo.root / head).is_file():
            return [f"'{shown}': no file {head.removeprefix('./')}"]
    if name == "make" and "/" not in head:
        return _check_make(shown, args, repo)
    if name == "wpshub":
        return _check_wpshub(shown, words, repo)
    if name in PYTHONS:
        return _check_python(shown, args, repo)
    if name in SHELLS and "/" not in head:
        return _check_shell(shown, args, repo)
    if "/" not in head and head not in RUNNER_TOOLS:
        return [f"'{shown}': '{head}' is not a runner tool this test knows (RUNNER_TOOLS)"]
    return []


def _check_make(shown: str, args: list[str], repo: Repo) -> list[str]:
    problems = []
    rest = iter(args)
    for arg in rest:
        if arg in MAKE_VALUE_OPTIONS:
            next(rest, None)
        elif not (arg.startswith("-") or ASSIGNMENT.match(arg)) and arg not in repo.targets:
            problems.append(f"'{shown}': no target '{arg}' in the Makefile")
    return problems


def _check_wpshub(shown: str, words: list[str], repo: Repo) -> list[str]:
    command = wpshub_subcommand(words, repo.parser)
    if command not in subcommands(repo.parser):
        return [f"'{shown}': wpshub has no subcommand '{command}'"]
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
        try:
            repo.parser.parse_args(words[1:])
        except SystemExit as exc:
            if exc.code:
                message = errors.getvalue().strip().splitlines()[-1]
                return [f"'{shown}': {message.split(': error: ', 1)[-1]}"]
    return []


def _check_python(shown: str, args: list[str], repo: Repo) -> list[str]:
    rest = iter(args)
    for arg in rest:
        if arg == "-c":
            return []
        if arg in ("-W", "-X"):
            next(rest, None)
        elif arg == "-m":
            module = next(rest, "")
            if importlib.util.find_spec(module) is None:
                return [f"'{shown}': no module '{module}'"]
            if module != "pytest":
                return []
            missing = [
                path
                for path in (a.split("::")[0] for a in rest if not a.startswith("-"))
                if ("/" in path or path.endswith(".py")) and not (repo.root / path).exists()
            ]
            return [f"'{shown}': no file {path}" for path in missing]
        elif not arg.startswith("-"):
            if not (repo.root / arg).is_file():
                return [f"'{shown}': no file {arg}"]
            return []
    return []


def _check_shell(shown: str, args: list[str], repo: Repo) -> list[str]:
    rest = iter(args)
    for arg in rest:
        if arg == "-c":
            return check_script(next(rest, ""), repo)
        if re.fullmatch(r"[-+][a-z]*o", arg):  # `-o pipefail`, `-eo pipefail`
            next(rest, None)
        elif not arg.startswith(("-", "+")):
            return [] if (repo.root / arg).is_file() else [f"'{shown}': no file {arg}"]
    return []  # reads its script from standard input


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The `on:` section as a dict (PyYAML reads the bare key `on` as True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on or {})


def steps_of(workflow: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(job id, `jobs.<job>.steps[i]`, step) for every step, in order."""
    return [
        (job_id, f"jobs.{job_id}.steps[{i}]", step)
        for job_id, job in (workflow.get("jobs") or {}).items()
        for i, step in enumerate(job.get("steps") or [])
    ]


def check_workflow(name: str, text: str, repo: Repo) -> list[str]:
    """Every problem in one workflow file, as `name: where: message`."""
    workflow = yaml.safe_load(text)
    jobs = workflow.get("jobs") or {}
    problems = []
    top_permissions = workflow.get("permissions")
    if top_permissions is None and any("permissions" not in job for job in jobs.values()):
        missing = ", ".join(
            f"'{job_id}'" for job_id, job in jobs.items() if "permissions" not in job
        )
        problems.append(f"permissions: none at the top level or on job {missing}")
    granted = top_permissions.values() if isinstance(top_permissions, dict) else [top_permissions]
    if "write" in granted or "write-all" in granted:
        problems.append("permissions: the top level grants more than read; give writes to a job")
    if not _has_group(workflow) and not all(_has_group(job) for job in jobs.values()):
        problems.append("concurrency: no group at the top level or on every job")
    shell = (workflow.get("defaults") or {}).get("run", {}).get("shell")
    for job_id, where, step in steps_of(workflow):
        if "uses" in step and not PINNED.match(step["uses"]):
            if not step["uses"].startswith("./") or not (repo.root / step["uses"]).exists():
                problems.append(f"{where}: '{step['uses']}' is not pinned to a full commit SHA")
        if "run" not in step:
            continue
        job_shell = (jobs[job_id].get("defaults") or {}).get("run", {}).get("shell")
        if step.get("shell", job_shell or shell) != "bash":
            problems.append(f"{where}: runs without `shell: bash`, so a failing pipeline passes")
        if GITHUB_EXPRESSION.search(step["run"]):
            problems.append(f"{where}: puts ${{{{ }}}} into the script; pass it through env:")
        script = GITHUB_EXPRESSION.sub("EXPRESSION", step["run"])
        problems.extend(f"{where}: {problem}" for problem in check_script(script, repo))
    for number, line in enumerate(text.splitlines(), start=1):
        match = PINNED_LINE.match(line)
        if match and not re.match(r"\s*#\s*v\d", match.group(1)):
            problems.append(f"line {number}: a pinned action needs its version as `# vX.Y.Z`")
    return [f"{name}: {problem}" for problem in problems]


def _has_group(section: dict[str, Any]) -> bool:
    concurrency = section.get("concurrency")
    return bool(concurrency if isinstance(concurrency, str) else (concurrency or {}).get("group"))


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def commands_of(steps: list[dict[str, Any]]) -> list[list[str]]:
    """The commands the steps run, in order, wrappers (`sudo`, `xargs`) removed."""
    return [
        unwrap(words)
        for step in steps
        if "run" in step
        for words in split_commands(GITHUB_EXPRESSION.sub("EXPRESSION", step["run"]))
    ]


WORKFLOW_FILES = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


# --- the real workflows ---------------------------------------------------------------------


def test_the_three_workflows_are_there() -> None:
    assert {path.name for path in WORKFLOW_FILES} >= {"pr.yml", "deploy.yml", "links.yml"}


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_workflow_is_pinned_least_privilege_and_runs_only_what_exists(path: Path) -> None:
    assert check_workflow(path.name, path.read_text(encoding="utf-8"), this_repo()) == []


def test_pull_requests_refuse_links_validate_every_record_then_test_then_build_strictly() -> None:
    workflow = load("pr.yml")
    assert set(triggers(workflow)) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    assert "pull_request.number" in workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is True
    steps = workflow["jobs"]["check"]["steps"]
    commands = commands_of(steps)
    # every record and the whole layout of data/: a misplaced file is reported, never skipped
    validate = [i for i, words in enumerate(commands) if wpshub_subcommand(words) == "validate"]
    assert [commands[i] for i in validate] == [[".venv/bin/wpshub", "validate"]]
    links = next(
        i for i, words in enumerate(commands) if words[:3] == ["git", "ls-files", "--stage"]
    )
    chromium = commands.index(["bash", "scripts/ensure-chromium.sh"])
    assert commands.index(["make", "venv"]) < validate[0]
    assert links < validate[0] < chromium < commands.index(["make", "test"])
    assert commands.index(["make", "test"]) < commands.index(["make", "build"])


def test_main_builds_with_pagefind_and_the_offline_zip_and_deploys_pages() -> None:
    workflow = load("deploy.yml")
    assert triggers(workflow) == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert workflow["permissions"] == {}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "write" not in build["permissions"].values()
    assert build["permissions"]["contents"] == "read"
    make_build = next(step for step in build["steps"] if step.get("run") == "make build")
    assert "steps.pages.outputs.base_url" in make_build["env"]["WPSHUB_SITE_URL"]
    assert "/edit/" in make_build["env"]["WPSHUB_EDIT_BASE"]
    assert any(step.get("id") == "pages" for step in build["steps"])
    upload = next(s for s in build["steps"] if "upload-pages-artifact@" in s.get("uses", ""))
    assert upload["with"]["path"] == "site"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_links_are_checked_nightly_and_the_status_kept_even_when_links_break() -> None:
    workflow = load("links.yml")
    assert set(triggers(workflow)) == {"schedule", "workflow_dispatch"}
    assert triggers(workflow)["schedule"][0]["cron"]
    assert workflow["permissions"] == {}
    check, propose = workflow["jobs"]["check"], workflow["jobs"]["propose"]
    assert check["permissions"] == {"contents": "read"}
    assert any(wpshub_subcommand(words) == "check-links" for words in commands_of(check["steps"]))
    upload = next(s for s in check["steps"] if "upload-artifact@" in s.get("uses", ""))
    assert upload["if"].startswith("always()")
    assert upload["with"]["path"].split() == ["data/link-status.json", "data/documents"]
    # the documents are fetched after the link check, whatever it found
    names = [wpshub_subcommand(words) for words in commands_of(check["steps"])]
    assert names.index("fetch-documents") > names.index("check-links")
    fetch = next(s for s in check["steps"] if "fetch-documents" in s.get("run", ""))
    assert "!cancelled()" in fetch["if"]
    # the job that can push runs no project code: only git and gh on the status file
    assert "!cancelled()" in propose["if"]
    assert {words[0] for words in commands_of(propose["steps"])} <= {
        "[",
        "echo",
        "exit",
        "git",
        "gh",
    }


def test_make_targets_are_read_from_the_makefile() -> None:
    targets = make_targets(ROOT / "Makefile")
    assert phony_targets(ROOT / "Makefile") <= targets
    assert {"venv", "test", "build", "validate", "browser-deps"} <= targets
    assert not {"PYTHON", "VENV", "BIN", "export", "NO_MKDOCS_2_WARNING"} & targets


def test_subcommands_come_from_the_real_parser() -> None:
    assert {"validate", "offline", "build"} <= set(subcommands(build_parser()))


# --- the checker itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "commands"),
    [
        ("a && b || c; d | e &", [["a"], ["b"], ["c"], ["d"], ["e"]]),
        (
            "if ! git diff --quiet; then\n  make test\nfi",
            [["git", "diff", "--quiet"], ["make", "test"]],
        ),
        ("X=1 Y=2 make build", [["make", "build"]]),
        ("make \\\n  test", [["make", "test"]]),
        ("echo '# kept' \"a b\" # dropped: make nosuchtarget", [["echo", "# kept", "a b"]]),
        ("n=$(git rev-parse HEAD)", [["git", "rev-parse", "HEAD"]]),
        ('[ -z "$(gh pr list)" ]', [["[", "-z", SUBSTITUTION, "]"], ["gh", "pr", "list"]]),
        ('echo x 2>&1 >> "$GITHUB_OUTPUT"', [["echo", "x"]]),
        ('for f in a b; do echo "$f"; done', [["echo", "$f"]]),
        ("", []),
    ],
)
def test_split_commands(script: str, commands: list[list[str]]) -> None:
    assert split_commands(script) == commands


@pytest.mark.parametrize(
    ("script", "problems"),
    [
        ("make venv && make test", []),
        ("make nosuchtarget", ["'make nosuchtarget': no target 'nosuchtarget' in the Makefile"]),
        (
            "make \\\n  venv nosuchtarget",
            ["'make venv nosuchtarget': no target 'nosuchtarget' in the Makefile"],
        ),
        ("if true; then make nosuch; fi", ["'make nosuch': no target 'nosuch' in the Makefile"]),
        ("x=$(make nosuch)", ["'make nosuch': no target 'nosuch' in the Makefile"]),
        ("echo hi  # make nosuch", []),
        (".venv/bin/wpshub validate data/tools", []),
        (".venv/bin/wpshub --root . validate", []),
        (
            ".venv/bin/wpshub nosuchcommand",
            ["'.venv/bin/wpshub nosuchcommand': wpshub has no subcommand 'nosuchcommand'"],
        ),
        ("wpshub --root . nosuch", ["'wpshub --root . nosuch': wpshub has no subcommand 'nosuch'"]),
        (
            ".venv/bin/wpshub validate --nosuchoption",
            ["'.venv/bin/wpshub validate --nosuchoption': unrecognized arguments: --nosuchoption"],
        ),
        (
            "printf '%s\\n' a | xargs --delimiter='\\n' .venv/bin/wpshub nosuch",
            ["'xargs --delimiter=\\n .venv/bin/wpshub nosuch': wpshub has no subcommand 'nosuch'"],
        ),
        ("sudo bash scripts/ensure-chromium.sh", []),
        (
            "sudo bash scripts/no-such.sh",
            ["'sudo bash scripts/no-such.sh': no file scripts/no-such.sh"],
        ),
        (
            "./scripts/no-such-tool --flag",
            ["'./scripts/no-such-tool --flag': no file scripts/no-such-tool"],
        ),
        (".venv/bin/python scripts/bench.py --sizes 10", []),
        (
            ".venv/bin/python scripts/no_such.py",
            ["'.venv/bin/python scripts/no_such.py': no file scripts/no_such.py"],
        ),
        (".venv/bin/python -m pytest -q tests/test_site.py::test_x", []),
        (
            ".venv/bin/python -m pytest tests/test_nothing.py",
            ["'.venv/bin/python -m pytest tests/test_nothing.py': no file tests/test_nothing.py"],
        ),
        ("python3 -m no_such_module", ["'python3 -m no_such_module': no module 'no_such_module'"]),
        (
            ".venv/bin/nosuchtool",
            ["'.venv/bin/nosuchtool': .venv/bin/nosuchtool is not installed by `make venv`"],
        ),
        (
            "curl -fsSL https://example.org/x.sh | sh",
            [
                "'curl -fsSL https://example.org/x.sh': 'curl' is not a runner tool this test knows (RUNNER_TOOLS)"
            ],
        ),
        ("bash -c 'make nosuch'", ["'make nosuch': no target 'nosuch' in the Makefile"]),
        ("bash -eo pipefail scripts/ensure-chromium.sh", []),
        ("python3 -W error -m pytest", []),
    ],
)
def test_check_script(script: str, problems: list[str]) -> None:
    assert check_script(script, this_repo()) == problems


BAD_WORKFLOW = """\
name: bad
on: push
permissions: write-all
jobs:
  one:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@e797f83bcb11b83ae66e0230d6156d7c80228e7c
      - run: make nosuchtarget
      - run: echo "${{ github.head_ref }}"
        shell: bash
"""


def test_check_workflow_reports_every_problem() -> None:
    assert check_workflow("bad.yml", BAD_WORKFLOW, this_repo()) == [
        "bad.yml: permissions: the top level grants more than read; give writes to a job",
        "bad.yml: concurrency: no group at the top level or on every job",
        "bad.yml: jobs.one.steps[0]: 'actions/checkout@v4' is not pinned to a full commit SHA",
        "bad.yml: jobs.one.steps[2]: runs without `shell: bash`, so a failing pipeline passes",
        "bad.yml: jobs.one.steps[2]: 'make nosuchtarget': no target 'nosuchtarget' in the Makefile",
        "bad.yml: jobs.one.steps[3]: puts ${{ }} into the script; pass it through env:",
        "bad.yml: line 9: a pinned action needs its version as `# vX.Y.Z`",
    ]


def test_check_workflow_wants_permissions_on_every_job_without_top_level_ones() -> None:
    text = BAD_WORKFLOW.replace("permissions: write-all\n", "concurrency: x\n")
    text = text.replace("jobs:\n", "jobs:\n  two:\n    permissions: {}\n    steps: []\n")
    assert check_workflow("bad.yml", text, this_repo())[0] == (
        "bad.yml: permissions: none at the top level or on job 'one'"
    )


# --- trust: symbolic links, hashed deploys, pins kept fresh ---------------------------------------


def _step(workflow: str, name: str) -> str:
    data = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))
    for job in data["jobs"].values():
        for step in job.get("steps", []):
            if step.get("name") == name:
                return step["run"]
    raise AssertionError(f"{workflow} has no step {name!r}")


@pytest.mark.parametrize("link", [None, "data/tools/x.yaml", "docs/env.txt", "overrides/a.html"])
def test_the_pull_request_job_refuses_symbolic_links(tmp_path: Path, link: str | None) -> None:
    import subprocess

    script = _step("pr.yml", "No symbolic links under data/, docs/ or overrides/")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "data" / "tools").mkdir(parents=True)
    (tmp_path / "data" / "tools" / "real.yaml").write_text("id: real\n", encoding="utf-8")
    if link:
        (tmp_path / link).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / link).symlink_to("/proc/self/environ")
    subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
    result = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script], cwd=tmp_path, capture_output=True, text=True
    )
    if link is None:
        assert (result.returncode, result.stdout) == (0, "")
    else:
        assert result.returncode == 1
        assert result.stdout == (
            f"{link}:1: file: is a symbolic link; replace it with the file itself\n"
        )


def test_the_deploy_installs_only_hashed_pins_without_test_tools() -> None:
    script = _step("deploy.yml", "Install the pinned, hashed dependencies")
    assert "--require-hashes --no-deps -r requirements/deploy.txt" in script
    assert "--no-index -e ." in script
    lock = (ROOT / "requirements" / "deploy.txt").read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", lock, re.M)
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", lock.strip())
    assert len(blocks) == len(pins) > 20
    assert all("--hash=sha256:" in block for block in blocks)
    pinned = {name.lower().replace("_", "-") for name, _ in pins}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {re.split(r"[<>=!~\[ ]", d)[0].lower() for d in project["dependencies"]}
    assert wanted <= pinned, wanted - pinned
    tests = {
        re.split(r"[<>=!~\[ ]", d)[0].lower() for d in project["optional-dependencies"]["test"]
    }
    assert not tests & pinned


def test_dependabot_keeps_action_pins_and_the_lock_file_fresh() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert ecosystems == {("github-actions", "/"), ("pip", "/requirements")}


def test_every_test_runs_nightly_and_pull_requests_leave_only_the_slow_ones_out() -> None:
    workflow = load("nightly-tests.yml")
    assert set(triggers(workflow)) == {"schedule", "workflow_dispatch"}
    assert ["make", "test-all"] in commands_of(workflow["jobs"]["test-all"]["steps"])
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert '$(BIN)/python -m pytest -q -m "not slow"' in makefile.split("\ntest:", 1)[1]
    assert "$(BIN)/python -m pytest -q\n" in makefile.split("\ntest-all:", 1)[1]

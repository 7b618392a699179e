"""Shared fixtures: the repository root, a scratch hub with the real vocabularies and schemas."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def scratch_hub(tmp_path: Path) -> Path:
    """A repository root with data/vocab and data/schema copied from the real hub, no records."""
    for name in ("vocab", "schema"):
        shutil.copytree(ROOT / "data" / name, tmp_path / "data" / name)
    return tmp_path


def write(path: Path, text: str) -> Path:
    """Write dedented text, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


VALID_TOOL = """
id: example-tool
type: tool
title: Example planning tool
summary: A worked example of a tool record, long enough to pass the summary length check.
url: https://example.org/tool
year: 2020
publisher: Example Publisher
topics: [naps, financing]
countries: ["KE"]
languages: [en]
added: 2026-01-15
source:
  - https://example.org/about
last_verified: 2026-01-15
"""


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real hub built strictly, once per session."""
    from sitebuild import build_site

    site = tmp_path_factory.mktemp("site") / "site"
    result = build_site(site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real hub's offline zips (the whole hub, and each language's edition), built once
    per session; returns the whole hub's zip, the others are beside it."""
    from wpshub.site.offline import build_offline

    dist = tmp_path_factory.mktemp("dist")
    return build_offline(ROOT, dist, today=dt.date(2026, 12, 1), log=lambda message: None)

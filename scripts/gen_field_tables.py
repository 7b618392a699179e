"""Regenerate the field tables in CONTRIBUTING.md from data/schema/ (a test fails when stale)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wpshub.tools.fieldtables import field_tables, replace_tables  # noqa: E402

if __name__ == "__main__":
    path = ROOT / "CONTRIBUTING.md"
    path.write_text(
        replace_tables(path.read_text(encoding="utf-8"), field_tables(ROOT / "data" / "schema")),
        encoding="utf-8",
    )
    print(f"updated {path}")

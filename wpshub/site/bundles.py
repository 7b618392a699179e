"""Where each language's Pagefind bundles live: `pagefind/` for English, `fr/pagefind/` for
French, and `fr/pagefind-2/`... when a language has more records than one Pagefind run should
hold (see run_pagefind in steps.py); the explore page merges a language's bundles."""

from __future__ import annotations

import os
import re

from .i18n import language_prefix

PAGEFIND_BUNDLE_RECORDS = 5000


def pagefind_bundle_records() -> int:
    """Records per Pagefind bundle: PAGEFIND_BUNDLE_RECORDS, or WPSHUB_PAGEFIND_BUNDLE."""
    value = os.environ.get("WPSHUB_PAGEFIND_BUNDLE") or str(PAGEFIND_BUNDLE_RECORDS)
    if not value.isdigit() or int(value) < 1:
        raise ValueError(
            f"WPSHUB_PAGEFIND_BUNDLE={value!r}: give a whole number of records, 1 or more"
        )
    return int(value)


def pagefind_bundle_count(records: int) -> int:
    """How many bundles a language of `records` records is indexed into."""
    return max(1, -(-records // pagefind_bundle_records()))


def pagefind_bundle(lang: str, index: int = 0) -> str:
    """The site-relative folder of a language's Pagefind bundle (the first, or the index-th)."""
    return f"{language_prefix(lang)}pagefind{f'-{index + 1}' if index else ''}/"


BUNDLE_FOLDER = re.compile(r"^(?:([a-z]{2})/)?pagefind(?:-(\d+))?$")

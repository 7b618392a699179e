"""MkDocs adapter: index the built site with Pagefind after every build."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from wpshub.site.steps import run_pagefind

log = logging.getLogger("mkdocs.hooks.search")


def on_post_build(config):
    try:
        run_pagefind(Path(config.site_dir), log=log.info)
    except (RuntimeError, OSError) as exc:
        raise PluginError(f"search index: {exc}") from None

"""MkDocs adapter: index the built site with Pagefind after every build.

Under `mkdocs serve` the first build is indexed before the site is served; later rebuilds are
indexed in the background, so an edit shows as soon as its pages are written and search
catches up later. An edit saved while the last one is being indexed stops that indexing, is
built at once, and the site is indexed again after it; stopping the server stops it too.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from mkdocs.exceptions import PluginError

from wpshub.site.steps import Indexing, IndexingStopped, run_pagefind

log = logging.getLogger("mkdocs.hooks.search")
_serve: dict = {}


def on_startup(command, dirty):
    _serve["on"] = command == "serve"


def on_pre_build(config):
    _stop_indexing()  # its pages are about to change: indexed again after this build


def on_shutdown():
    _stop_indexing()  # `mkdocs serve` stopped: no Pagefind left running on its removed site


def on_post_build(config):
    site_dir = Path(config.site_dir)
    if _serve.get("on") and _serve.get("indexed"):
        runs = Indexing()
        thread = threading.Thread(target=_index_quietly, args=(site_dir, runs), daemon=True)
        _serve["indexing"] = (thread, runs)
        thread.start()
        return
    try:
        run_pagefind(site_dir, log=log.info)
    except (RuntimeError, OSError) as exc:
        raise PluginError(f"search index: {exc}") from None
    _serve["indexed"] = True


def _stop_indexing() -> None:
    indexing = _serve.pop("indexing", None)
    if indexing is not None:
        thread, runs = indexing
        runs.stop()
        thread.join()


def _index_quietly(site_dir: Path, runs: Indexing) -> None:
    try:
        run_pagefind(site_dir, log=log.info, indexing=runs)
    except IndexingStopped:
        log.info("search index: stopped for a newer build, which indexes the site again")
    except (RuntimeError, OSError) as exc:  # the pages are served; say so and go on
        log.error("search index: %s; search is unavailable until the next rebuild", exc)

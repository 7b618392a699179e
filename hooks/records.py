"""MkDocs adapter: validate data/, add generated pages, expand markers, write catalogue.json."""

from __future__ import annotations

import gc
import logging
import os
from dataclasses import replace
from html import escape
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from wpshub.data.memo import Memo
from wpshub.site.catalogue import HubError, load_hub
from wpshub.site.exports import build_exports
from wpshub.site.i18n import split_language
from wpshub.site.metadata import build_feeds, page_head, record_sources
from wpshub.site.offline import (
    OfflineZipError,
    find_offline_zip,
    publish_offline_zip,
    write_offline_catalogues,
)
from wpshub.site.render import Context, GeneratedPage
from wpshub.site.steps import (
    InlineScriptError,
    LaterPage,
    MarkerError,
    add_content_security_policy,
    check_inline_scripts,
    document_index_pages,
    expand_markers,
    generated_pages,
    pack_body,
    page_digest,
    remove_stale,
    sidebar_key,
    strip_third_party_loaders,
    unpack_body,
    write_catalogue,
    write_explore_index,
    write_files,
    write_headers_file,
)

log = logging.getLogger("mkdocs.hooks.records")
_state: dict = {}
_command: dict = {}
# `mkdocs serve --dirty` (make serve): what each generated page was when last written, so a
# rebuild writes only the pages an edit changed; kept across builds, unlike _state
_written: dict[str, str] = {}
# and every file the last build wrote from the records (site-relative), so a rebuild removes
# those of a record deleted since
_outputs: set[str] = set()
# and what each record, browse and place page and the NAP tracker was made from, so a rebuild
# does not even render a page whose inputs (its records, and the shared data) are unchanged
_inputs: dict[str, str] = {}
# and what the last build read, checked and computed from records (`wpshub.data.memo`)
_memo = Memo()
# and the text of each download and explore-index file written, so that one unchanged is not
# written again
_files: dict[str, str] = {}


class GeneratedFile(File):
    """A generated page that a dirty rebuild writes only when its content has changed."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class _DirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation stale, which --strict turns into a
    failure; here a page is rewritten whenever anything it shows has changed (below)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def on_startup(command, dirty):
    # `mkdocs serve` injects its own reload script; a policy would block it while editing
    _command["name"] = command
    _command["dirty"] = dirty
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())


def on_config(config):
    # `mkdocs serve` keeps this module loaded: start every build from nothing.
    _state.clear()
    if _written:
        # a rebuild: the last build's garbage is still young (see below), and collecting the
        # young generations is quick; then the cycle collector waits until the pages are
        # written, or it would walk everything the last build left for this one (more than a
        # second at 10,000 records), again and again
        gc.collect(1)
        gc.disable()
    root = Path(config.config_file_path).parent
    offline = os.environ.get("WPSHUB_OFFLINE") == "1"
    if offline:  # pages must open from disk: page.html, not page/ (which needs a server)
        config.use_directory_urls = False
    try:
        _state["hub"] = load_hub(root, memo=_memo if _command.get("dirty") else None)
    except HubError as exc:
        raise PluginError(f"records do not validate:\n{exc}") from None
    edit_base = config.extra.get("source_repository_edit", "") or os.environ.get(
        "WPSHUB_EDIT_BASE", ""
    )
    try:
        download = (
            None
            if offline
            else find_offline_zip(Path(os.environ.get("WPSHUB_DIST", root / "dist")))
        )
    except OfflineZipError as exc:
        raise PluginError(str(exc)) from None
    _state["ctx"] = Context(
        use_directory_urls=config.use_directory_urls,
        edit_base=edit_base,
        offline=offline,
        download=download,
        repository=str(config.extra.get("repository") or ""),
        contact=str(config.extra.get("contact") or ""),
        documents=not offline or os.environ.get("WPSHUB_OFFLINE_DOCUMENTS") == "1",
    )
    log.info("wpshub: %d records validated", len(_state["hub"].records))
    return config


def on_files(files, config):
    _state["bodies"] = {}
    _state["exports"] = build_exports(_state["hub"], config.use_directory_urls)
    _state["exports"].update(
        build_feeds(_state["hub"], config.use_directory_urls, _site_url(config))
    )
    # memory: a record's page is rendered when it is written; every other page's body is kept
    # compressed until then (`make serve` compares every page's body with the last one written,
    # so it renders them all here); each is let go once written
    digests = _state["digests"] = {}
    sources = record_sources(_state["hub"])
    dirty = bool(_command.get("dirty"))
    keep = _unchanged_pages() if dirty else None
    pages = generated_pages(_state["hub"], _state["ctx"], _state["exports"], keep, later=not dirty)
    for src_uri, page in pages:
        if page is None:  # made from the same inputs as the page last written: left as it is
            record = sources.get(split_language(src_uri)[1])
            title = record.title if record is not None else ""  # never read: not built
            title_only = GeneratedPage(title=title, html="").markdown
            file = GeneratedFile.generated(config, src_uri, content=title_only)
            file.changed = False
            files.append(file)
            digests[src_uri] = _written[src_uri]
            _state.setdefault("outputs", set()).add(file.dest_uri)
            continue
        file = GeneratedFile.generated(config, src_uri, content=page.markdown)
        files.append(file)
        later = isinstance(page, LaterPage)
        _state["bodies"][src_uri] = page.render if later else pack_body(page.html)
        if _command.get("dirty"):
            # a record page's head (JSON-LD, citation tags) comes from the record itself
            record = sources.get(split_language(src_uri)[1])
            digests[src_uri] = page_digest(page, record.fields if record is not None else None)
            file.changed = _written.get(src_uri) != digests[src_uri]
            _state.setdefault("outputs", set()).add(file.dest_uri)
    if _command.get("dirty"):
        # pages written by hand may show the records (markers): always rewritten
        for file in files.documentation_pages():
            if not isinstance(file, GeneratedFile):
                file.is_modified = lambda: True
        changed = sum(1 for f in files if isinstance(f, GeneratedFile) and f.changed)
        log.info("wpshub: %d of %d generated pages changed", changed, len(digests))
    return files


def _unchanged_pages():
    """`make serve`: which record, browse and place pages (and the NAP tracker) need not be
    rendered again (`_inputs`)."""
    base = _state["hub"].shared
    inputs = _state["inputs"] = {}

    def keep(src_uri, inputs_of):
        made = inputs[src_uri] = inputs_of(base)
        return bool(made) and src_uri in _written and _inputs.get(src_uri) == made

    return keep


def on_page_content(html, page, config, files):
    # generated pages skip Markdown: their finished HTML goes in when the page is written
    return "" if page.file.src_uri in _state["bodies"] else html


def _site_url(config) -> str:
    """The site's address, for absolute links in feeds and heads; none in the offline edition,
    whose links must stay on disk."""
    return "" if _state["ctx"].offline else (config.site_url or "")


def on_page_markdown(markdown, page, config, files):
    lang, src = split_language(page.file.src_uri)
    ctx = replace(_state["ctx"], lang=lang)
    try:
        return expand_markers(markdown, _state["hub"], src, ctx, f"docs/{page.file.src_uri}")
    except MarkerError as exc:
        raise PluginError(str(exc)) from None


def on_env(env, config, files):
    # the sitemap's <lastmod> of a record page, in every language: the day its facts were last
    # compared with its source (else the day it was added); set here, before the sitemap is
    # written, on pages a dirty rebuild does not read again too
    sources = record_sources(_state["hub"])
    for file in files.documentation_pages():
        record = sources.get(split_language(file.src_uri)[1])
        day = record and (
            record.get("last_verified") or record.get("last_reviewed") or record.get("added")
        )
        if day and file.page is not None:
            file.page.update_date = str(day)
    # overrides/partials/nav.html wraps the theme's own sidebar, reached by this prefix
    material = next(
        d for d in config.theme.dirs[1:] if (Path(d) / "partials" / "nav.html").is_file()
    )
    env.loader = ChoiceLoader(
        [env.loader, PrefixLoader({"material": FileSystemLoader(str(material))})]
    )
    return env


def on_page_context(context, page, config, nav):
    # the sidebar of a page outside it depends only on the page's language and folder
    _state.setdefault("navs", {})
    context["wpshub_navs"] = _state["navs"]
    context["wpshub_nav_key"] = sidebar_key(page, context.get("nav"))
    body = _state["bodies"].pop(page.file.src_uri, None)
    if body is not None:
        page.content = unpack_body(body) if isinstance(body, bytes) else body().html
    # the theme's `extrahead` block (overrides/main.html) shows this: feed links, and on a
    # record page its JSON-LD, citation tags, OpenGraph and description, in the page's language
    lang, src = split_language(page.file.src_uri)
    head, description = page_head(
        _state["hub"], src, replace(_state["ctx"], lang=lang), _site_url(config), page.url,
        config.site_name,
    )  # fmt: skip
    context["wpshub_head"] = Markup(head)
    if description:  # the theme writes page.meta.description as it is: escaped here
        page.meta["description"] = Markup(escape(description, quote=True))
    return context


def on_post_page(output, page, config):
    if page is not None:  # written: MkDocs would otherwise hold every page's HTML to the end
        page.content = None
    where = f"docs/{page.file.src_uri}" if page is not None else "a theme page"
    # pages generated from records carry only escaped, validated text: the scan is for pages
    # written by hand (Markdown may hold raw HTML) and the theme's own
    if page is None or not getattr(page.file, "generated_by", None):
        try:
            check_inline_scripts(output, where)
        except InlineScriptError as exc:
            raise PluginError(str(exc)) from None
    if _command.get("name") == "serve" or _state["ctx"].offline:
        return output
    output, hashes = add_content_security_policy(output)
    _state.setdefault("hashes", set()).update(hashes)
    return output


def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):
        return output_content
    return on_post_page(output_content, None, config)


def on_post_build(config):
    site_dir = Path(config.site_dir)
    if _command.get("dirty"):  # only once every page of the build is written
        _written.update(_state["digests"])
        _inputs.clear()
        _inputs.update(_state.get("inputs", {}))
        now = _state.get("outputs", set()) | set(_state["exports"])
        for relative in remove_stale(site_dir, _outputs, now):
            log.info("wpshub: removed %s (no longer in the hub)", relative)
        _outputs.clear()
        _outputs.update(now)
        for src_uri in set(_written) - set(_state["digests"]):
            del _written[src_uri]
    strip_third_party_loaders(site_dir)
    path = write_catalogue(_state["hub"], site_dir, config.use_directory_urls)
    written = _files if _command.get("dirty") else None
    write_files(site_dir, _state["exports"], written)
    if _state["ctx"].offline:  # its search from disk carries the documents' text, if asked
        write_offline_catalogues(_state["hub"], _state["ctx"], site_dir)
    else:
        write_explore_index(_state["hub"], _state["ctx"], site_dir, written)
        write_headers_file(site_dir, _state.get("hashes", set()))
        if _state["ctx"].download:
            publish_offline_zip(_state["ctx"].download, site_dir)
        # last: the documents' text, for hooks/search.py to index and then remove
        write_files(site_dir, document_index_pages(_state["hub"], _state["ctx"]))
    if _state["hub"].memo is not None:
        log.info("wpshub: %d results kept from the last build, %d made", _memo.taken, _memo.made)
        _memo.finish()
    log.info("wpshub: wrote %s", path)
    gc.enable()


def on_build_error(error):
    gc.enable()

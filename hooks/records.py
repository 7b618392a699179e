"""MkDocs adapter: validate data/, add generated pages, expand markers, write catalogue.json."""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation, _add_parent_links, _add_previous_and_next_links

from wpshub.catalogue import HubError, load_hub
from wpshub.exports import build_exports
from wpshub.i18n import (
    LANGUAGE_NAMES,
    active_languages,
    alternates,
    direction,
    split_language,
    translated_nav,
)
from wpshub.metadata import build_feeds, record_heads, set_record_lastmod
from wpshub.offline import find_offline_zip, publish_offline_zip, write_offline_catalogue
from wpshub.render import Context
from wpshub.site import (
    MarkerError,
    add_content_security_policy,
    expand_markers,
    generated_pages,
    strip_third_party_loaders,
    write_catalogue,
    write_explore_index,
    write_files,
    write_headers_file,
)

log = logging.getLogger("mkdocs.hooks.records")
_state: dict = {}
_command: dict = {}


def on_startup(command, dirty):
    # `mkdocs serve` injects its own reload script; a policy would block it while editing
    _command["name"] = command


def on_config(config):
    # `mkdocs serve` keeps this module loaded: start every build from nothing.
    _state.clear()
    root = Path(config.config_file_path).parent
    offline = os.environ.get("WPSHUB_OFFLINE") == "1"
    if offline:  # pages must open from disk: page.html, not page/ (which needs a server)
        config.use_directory_urls = False
    try:
        _state["hub"] = load_hub(root)
    except HubError as exc:
        raise PluginError(f"records do not validate:\n{exc}") from None
    edit_base = config.extra.get("source_repository_edit", "") or os.environ.get(
        "WPSHUB_EDIT_BASE", ""
    )
    _state["ctx"] = Context(
        use_directory_urls=config.use_directory_urls,
        edit_base=edit_base,
        offline=offline,
        download=None
        if offline
        else find_offline_zip(Path(os.environ.get("WPSHUB_DIST", root / "dist"))),
    )
    log.info("wpshub: %d records validated", len(_state["hub"].records))
    return config


def on_files(files, config):
    # WPSHUB_LANGUAGES=en builds fewer languages: their hand-written pages are left out too
    active = active_languages()
    for file in [f for f in files if split_language(f.src_uri)[0] not in active]:
        files.remove(file)
    _state["bodies"] = {}
    _state["exports"] = build_exports(_state["hub"], config.use_directory_urls)
    _state["exports"].update(build_feeds(_state["hub"], config.use_directory_urls))
    _state["heads"] = record_heads(_state["hub"])
    for src_uri, page in generated_pages(_state["hub"], _state["ctx"], _state["exports"]).items():
        files.append(File.generated(config, src_uri, content=page.markdown))
        _state["bodies"][src_uri] = page.html
    return files


def on_page_content(html, page, config, files):
    # generated pages skip Markdown: their finished HTML goes in here
    return _state["bodies"].get(page.file.src_uri, html)


def on_page_markdown(markdown, page, config, files):
    lang, src = split_language(page.file.src_uri)
    ctx = replace(_state["ctx"], lang=lang)
    try:
        return expand_markers(markdown, _state["hub"], src, ctx, f"docs/{page.file.src_uri}")
    except MarkerError as exc:
        raise PluginError(str(exc)) from None


def on_nav(nav, config, files):
    # one sidebar per language, with the same pages under the language's prefix
    _state["files"] = files
    _state["navs"] = {}
    for lang in active_languages()[1:]:
        pages = []
        for title, src in translated_nav(config["nav"], lang):
            file = files.get_file_from_path(src)
            if file is None or file.page is None:
                raise PluginError(f"{src}: the {lang} page of the nav entry '{title}' is missing")
            file.page.title = title
            pages.append(file.page)
        _add_previous_and_next_links(pages)
        _add_parent_links(pages)
        _state["navs"][lang] = Navigation(pages, pages)
        _state["navs"][lang].homepage = pages[0]
    return nav


def on_page_context(context, page, config, nav):
    # the page's language drives the theme's words, <html lang>, the sidebar and the switcher
    lang, _ = split_language(page.file.src_uri)
    context["wps_lang"] = lang
    if lang in _state["navs"]:
        context["nav"] = _state["navs"][lang]
    files = _state["files"]
    config.extra["alternate"] = [
        {"name": LANGUAGE_NAMES[other], "link": files.get_file_from_path(src).url, "lang": other}
        for other, src in alternates(page.file.src_uri, active_languages())
        if files.get_file_from_path(src) is not None
    ]
    return context


def on_pre_template(template, template_name, config):
    config.extra["alternate"] = []  # 404 and sitemap: no page, so no alternates
    return template


def on_post_page(output, page, config):
    head = _state.get("heads", {}).get(page.file.src_uri) if page is not None else None
    if head:
        output = output.replace("</head>", head + "</head>", 1)
    if page is not None:
        lang, _ = split_language(page.file.src_uri)
        output = output.replace(
            f'<html lang="{lang}"', f'<html lang="{lang}" dir="{direction(lang)}"', 1
        )
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
    strip_third_party_loaders(site_dir)
    path = write_catalogue(_state["hub"], site_dir, config.use_directory_urls)
    write_files(site_dir, _state["exports"])
    sitemap = site_dir / "sitemap.xml"
    if config.site_url and sitemap.exists():
        text = set_record_lastmod(
            sitemap.read_text(encoding="utf-8"), config.site_url, _state["hub"]
        )
        sitemap.write_text(text, encoding="utf-8")
    if _state["ctx"].offline:
        for lang in active_languages():
            write_offline_catalogue(_state["hub"], replace(_state["ctx"], lang=lang), site_dir)
    else:
        write_explore_index(_state["hub"], _state["ctx"], site_dir)
        write_headers_file(site_dir, _state.get("hashes", set()))
        if _state["ctx"].download:
            publish_offline_zip(_state["ctx"].download, site_dir)
    log.info("wpshub: wrote %s", path)

"""MkDocs adapter for the four languages: a sidebar per language, the switcher, <html lang/dir>.

The pages themselves are rendered per language by wpshub (see wpshub/i18n.py); this hook only
tells the theme which language each page is in.
"""

from __future__ import annotations

import os

from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation, _add_parent_links, _add_previous_and_next_links

from wpshub.site.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    absolute,
    active_languages,
    alternates,
    direction,
    split_language,
    translated_nav,
)

_state: dict = {}


def on_config(config):
    # a one-language edition without English (WPSHUB_EDITION=fr) has the language's own
    # sidebar as the site's nav, since mkdocs.yml's names English pages
    _state["nav_config"] = config["nav"]
    try:
        active_languages()
    except ValueError as exc:  # WPSHUB_EDITION names no language of the hub
        raise PluginError(str(exc)) from None
    if DEFAULT_LANGUAGE not in active_languages():
        config["nav"] = [
            {title: src} for title, src in translated_nav(config["nav"], active_languages()[0])
        ]
    return config


def on_files(files, config):
    # WPSHUB_LANGUAGES=en builds fewer languages: their hand-written pages (and any file in
    # their folders) are left out too; an edition without English leaves out English pages,
    # never the shared assets
    active = active_languages()
    left_out = [
        file
        for file in files
        if split_language(file.src_uri)[0] not in active
        and (file.is_documentation_page() or split_language(file.src_uri)[0] != DEFAULT_LANGUAGE)
    ]
    for file in left_out:
        files.remove(file)
    return files


def on_nav(nav, config, files):
    # one sidebar per language, with the same pages under the language's prefix
    _state["files"] = files
    _state["navs"] = {}
    for lang in [lang for lang in active_languages() if lang != DEFAULT_LANGUAGE]:
        pages = []
        for title, src in translated_nav(_state["nav_config"], lang):
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
    # absolute when the site's address is known (hreflang wants it); never in the offline
    # edition, whose links stay on disk
    base = "" if os.environ.get("WPSHUB_OFFLINE") == "1" else (config.site_url or "")
    config.extra["alternate"] = [
        {"name": LANGUAGE_NAMES[other], "link": absolute(base, file.url), "lang": other}
        for other, src in alternates(page.file.src_uri, active_languages())
        if (file := files.get_file_from_path(src)) is not None
    ]
    return context


def on_pre_template(template, template_name, config):
    config.extra["alternate"] = []  # 404 and sitemap: no page, so no alternates
    return template


def on_post_page(output, page, config):
    lang, _ = split_language(page.file.src_uri)
    return output.replace(f'<html lang="{lang}"', f'<html lang="{lang}" dir="{direction(lang)}"', 1)

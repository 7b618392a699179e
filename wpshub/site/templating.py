"""The generated pages' HTML lives in Jinja2 templates (wpshub/site/templates/); Python builds the
values they show. wpshub renders them with its own environment: autoescape on, so every value
is escaped unless it is HTML the hub made itself (`Markup`); `StrictUndefined`, so a missing
value stops the build instead of printing nothing.

Generated pages go into Markdown files as raw HTML, which must hold no blank line: templates
are written on many lines for people, and the loader joins them (a line break and the
indentation after it are dropped; a space that must stay is written inside a line).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup


class _JoinedLines(PackageLoader):
    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable]:
        source, filename, uptodate = super().get_source(environment, template)
        return re.sub(r"\r?\n[ \t]*", "", source), filename, uptodate


class _ViewModels(Environment):
    """`{{ record.title }}` reads a view-model's key first: Jinja's own order (the attribute,
    then the key) fails once per lookup on a dict, which made templates slower than needed.
    So a key named like a dict method (`items`, `get`) hides the method: templates call no
    dict methods; name such keys otherwise."""

    def getattr(self, obj: object, attribute: str) -> object:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


ENVIRONMENT = _ViewModels(
    loader=_JoinedLines("wpshub.site", "templates"), autoescape=True, undefined=StrictUndefined
)


def _filters() -> None:
    """Babel's localisation as filters: `{{ bytes | size(lang) }}`, `number`, `date`, `join`."""
    from .i18n import format_date, format_list, format_number, format_size

    ENVIRONMENT.filters.update(
        size=format_size, number=format_number, date=format_date, join_list=format_list
    )


_filters()


def render(template: str, **values: object) -> str:
    """A template's HTML, its values escaped (`trusted(...)` marks HTML the hub made itself)."""
    return ENVIRONMENT.get_template(template).render(**values)


def macro(name: str, *args: object, library: str = "macros.html") -> str:
    """One macro of a template library (the shared pieces of templates/macros.html unless
    told), for HTML made outside a page template: markers in hand-written pages, maps."""
    return str(getattr(ENVIRONMENT.get_template(library).module, name)(*args))


def macro_of(name: str, library: str = "macros.html") -> Callable[..., Markup]:
    """One macro of a template library, for a caller that calls it thousands of times (the
    cards of list pages) without looking the template up each time."""
    return getattr(ENVIRONMENT.get_template(library).module, name)


def trusted(text: str) -> Markup:
    """HTML the hub made itself (a citation, a piece rendered by another template), to be
    put in a template as it is."""
    return Markup(text)

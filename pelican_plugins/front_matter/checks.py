"""Checks of a header against the content Pelican made of it.

``template``: a name the theme lacks, or a template Pelican renders for other
pages (``page`` for a post needs a ``page``), would stop the whole build when
the content is written; it gets a warning at its line and the default is used.
``url`` without a matching ``save_as`` links the page where it is not saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from pelican.generators import ArticlesGenerator, PelicanTemplateNotFound

from pelican.plugins.postcard_core.attached import KEY_LINES, key_line
from pelican.plugins.postcard_core.content_lists import every_article, every_page
from pelican.plugins.postcard_core.problems import Problem, log_problems, source_name

from .safety import url_for_html, url_misses_file

logger = logging.getLogger(__name__)

# The templates Pelican and the bundle render for one kind of page each.
KIND_TEMPLATES = frozenset(
    {
        "article",
        "page",
        "index",
        "tag",
        "category",
        "author",
        "tags",
        "categories",
        "authors",
        "archives",
        "period_archives",
        "series",
        "series_index",
    }
)


def template_problem(name: str, default: str, exists: Callable[[str], bool]) -> str:
    """Why content whose default template is ``default`` cannot be rendered
    with ``name``, or ``""`` when it can."""
    if name != default and name in KIND_TEMPLATES:
        return "is the template of another kind of page"
    if not exists(name):
        return "names no template of the theme"
    return ""


def check_templates(generator: Any) -> None:
    """At ``article_generator_finalized`` and ``page_generator_finalized``: a
    front-matter ``template`` the content cannot be rendered with is ignored."""
    if isinstance(generator, ArticlesGenerator):
        contents = [article for article, _ in every_article(generator)]
    else:
        contents = list(every_page(generator))

    def exists(name: str) -> bool:
        try:
            generator.get_template(name)
        except PelicanTemplateNotFound:
            return False
        return True

    for content in contents:
        metadata = getattr(content, "metadata", None) or {}
        if KEY_LINES not in metadata or "template" not in metadata:
            continue
        default = content.default_template
        name = str(content.template)
        problem = template_problem(name, default, exists)
        if problem:
            message = f"'template' {name!r} {problem}; using {default!r}"
            line = key_line(content, "template") or 0
            log_problems(logger, source_name(content), [Problem(line, 1, message)])
            content.template = default


def check_url(content: Any) -> None:
    """At ``content_object_init``: the URL of front matter's content is safe in
    any attribute (a given ``slug`` or ``url`` may hold quotes); a ``url`` or
    ``save_as`` given without the other, that does not match it, gives links
    that lead nowhere: say so at its line."""
    metadata = getattr(content, "metadata", None) or {}
    if KEY_LINES not in metadata:
        return
    url = str(content.url)
    if url_for_html(url) != url:
        content.override_url = url = url_for_html(url)
    key = next((k for k in ("url", "save_as") if k in metadata), None)
    save_as = str(content.save_as or "")
    if key and save_as and url_misses_file(url, save_as):
        message = (
            f"the page is saved as {save_as!r} but linked at {url!r}, so links to "
            "it lead nowhere; give both 'url' and 'save_as', or a permalink"
        )
        line = key_line(content, key) or 0
        log_problems(logger, source_name(content), [Problem(line, 1, message)])

"""Taking content files out of a build: from every list Pelican writes or links.

A content file that loses its output path is removed, in place, from its
generator's lists (which the context shares), from the translations of the
others, from tags, categories, authors, dates and period archives, and its
source is marked as not built, so a ``{filename}`` link to it is reported by
Pelican instead of pointing at the file that kept the path.
"""

from __future__ import annotations

from collections.abc import Collection, MutableMapping
from typing import Any

from pelican.plugins.postcard_core.content_lists import (
    PAGE_LISTS,
    PUBLISHED_ARTICLE_LISTS,
    UNPUBLISHED_ARTICLE_LISTS,
)

_LISTS = (
    *PUBLISHED_ARTICLE_LISTS,
    *UNPUBLISHED_ARTICLE_LISTS,
    *PAGE_LISTS,
    "staticfiles",
)
# Pelican's per-term lists: a dict (tags) or a list of (term, articles) pairs.
_TERMS = ("tags", "categories", "authors")


def _keep(items: list[Any], dropped: Collection[int]) -> None:
    items[:] = [item for item in items if id(item) not in dropped]


def drop_contents(
    generator: Any, contents: list[Any], context: MutableMapping[str, Any]
) -> None:
    """Remove ``contents`` (all of one generator) from what the build writes.

    One pass over each list, whatever the number of contents dropped.
    """
    if not contents:
        return
    dropped = {id(content) for content in contents}
    for name in _LISTS:
        items = getattr(generator, name, None)
        if isinstance(items, list):
            _keep(items, dropped)
    for content in contents:
        for other in getattr(content, "translations", None) or ():
            translations = getattr(other, "translations", None)
            if isinstance(translations, list):
                _keep(translations, dropped)
        _forget_source(content, context)
    _drop_from_taxonomy(generator, dropped, context)


def _forget_source(content: Any, context: MutableMapping[str, Any]) -> None:
    getter = getattr(content, "get_relative_source_path", None)
    if getter is None:
        return
    source = getter()
    for key in ("generated_content", "static_content"):
        table = context.get(key)
        if isinstance(table, dict) and table.get(source) is content:
            table[source] = None  # as Pelican marks a file it could not build


def _drop_from_taxonomy(
    generator: Any, dropped: Collection[int], context: MutableMapping[str, Any]
) -> None:
    """Tags, categories, authors, dates and period archives (once built)."""
    for name in _TERMS:
        terms = getattr(generator, name, None)
        if hasattr(terms, "items"):
            for term in list(terms):
                _keep(terms[term], dropped)
                if not terms[term]:
                    del terms[term]
        elif isinstance(terms, list):
            for _, articles in terms:
                _keep(articles, dropped)
            terms[:] = [pair for pair in terms if pair[1]]
        shared = context.get(name)
        if isinstance(shared, list) and shared is not terms:
            shared[:] = [pair for pair in shared if pair[1]]
    dates = getattr(generator, "dates", None)
    if isinstance(dates, list):
        _keep(dates, dropped)
    for periods in (getattr(generator, "period_archives", None) or {}).values():
        for period in periods:
            _keep(period["dates"], dropped)
            _keep(period["articles"], dropped)
        periods[:] = [period for period in periods if period["dates"]]

"""Where Pelican's generators keep their content objects, named in one place."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# Only these are live on the site; drafts and hidden posts are never linked.
PUBLISHED_ARTICLE_LISTS: tuple[str, ...] = ("articles", "translations")
UNPUBLISHED_ARTICLE_LISTS: tuple[str, ...] = (
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
)
PAGE_LISTS: tuple[str, ...] = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)


def every_article(generator: Any) -> Iterator[tuple[Any, bool]]:
    """Each article of an articles generator, with whether it is published.

    Drafts, hidden articles and translations are included.
    """
    for names, published in (
        (PUBLISHED_ARTICLE_LISTS, True),
        (UNPUBLISHED_ARTICLE_LISTS, False),
    ):
        for name in names:
            for article in getattr(generator, name, None) or ():
                yield article, published


def every_page(generator: Any) -> Iterator[Any]:
    """Each page of a pages generator: published, hidden, drafts, translations."""
    for name in PAGE_LISTS:
        yield from getattr(generator, name, None) or ()

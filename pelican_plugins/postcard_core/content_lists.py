"""Where Pelican's generators keep their content objects, named in one place."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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


def generator_contents(generator: Any) -> tuple[str, list[Any]]:
    """``("article", …)`` or ``("page", …)``: every content object of a
    generator, drafts, hidden ones and translations included; ``("", [])`` for
    a generator that reads no content."""
    from pelican.generators import ArticlesGenerator, PagesGenerator

    if isinstance(generator, ArticlesGenerator):
        return "article", [article for article, _ in every_article(generator)]
    if isinstance(generator, PagesGenerator):
        return "page", list(every_page(generator))
    return "", []


def with_translations(items: Iterable[Any]) -> Iterator[Any]:
    """Each item, then its translations."""
    for item in items:
        yield item
        yield from getattr(item, "translations", None) or ()

"""The pages Pelican's own generators will write, read from settings and context.

Each function mirrors one part of Pelican's ``generate_output``: the feeds, the
direct templates (the home page and its pagination), period archives, tag,
category and author pages, and ``TEMPLATE_PAGES``. Pagination is computed with
Pelican's own ``Paginator``, so ``index2.html`` is exactly the name Pelican uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from typing import Any

from pelican.paginator import Paginator

Output = tuple[str, str]  # (save_as, what it is, in words)

_FEEDS = (("ATOM", "Atom"), ("RSS", "RSS"))


def article_outputs(
    generator: Any, settings: Mapping[str, Any], *, taxonomy: bool = True
) -> Iterator[Output]:
    """What an ``ArticlesGenerator`` writes besides its articles; with
    ``taxonomy`` false, only what is known before tags and archives are built."""
    yield from site_feeds(generator, settings)
    yield from direct_templates(len(generator.articles), settings)
    if taxonomy:
        yield from term_feeds(generator, settings)
        yield from period_archives(generator.period_archives, settings)
        yield from term_pages(generator, settings)


def _feed(settings: Mapping[str, Any], name: str, what: str, **values: str):
    pattern = settings.get(name)
    if pattern:
        yield str(pattern).format(**values), f"{what} ({name})"


def site_feeds(generator: Any, settings: Mapping[str, Any]) -> Iterator[Output]:
    """The feeds of the whole site and of each language."""
    for kind, word in _FEEDS:
        yield from _feed(settings, f"FEED_{kind}", f"the {word} feed")
        yield from _feed(settings, f"FEED_ALL_{kind}", f"the {word} feed of all posts")
    languages = {a.lang for a in chain(generator.articles, generator.translations)}
    for lang in sorted(languages):
        for kind, word in _FEEDS:
            yield from _feed(
                settings,
                f"TRANSLATION_FEED_{kind}",
                f"the {word} feed in '{lang}'",
                lang=lang,
            )


def term_feeds(generator: Any, settings: Mapping[str, Any]) -> Iterator[Output]:
    """The feed of each category, author and tag (once the taxonomy is built)."""
    groups = (
        ("CATEGORY", "category", generator.categories),
        ("AUTHOR", "author", generator.authors),
        ("TAG", "tag", list(generator.tags.items())),
    )
    for prefix, noun, terms in groups:
        for term, _ in terms:
            for kind, word in _FEEDS:
                yield from _feed(
                    settings,
                    f"{prefix}_FEED_{kind}",
                    f"the {word} feed of {noun} '{term.name}'",
                    slug=term.slug,
                )


def paginated(
    save_as: str, url: str, template: str, count: int, settings: Mapping[str, Any]
) -> Iterator[tuple[str, int]]:
    """The files of one listing and their page numbers, as Pelican's writer
    paginates ``count`` articles with ``template``."""
    templates = settings.get("PAGINATED_TEMPLATES") or {}
    if template not in templates:
        yield save_as, 1
        return
    per_page = templates[template] or settings.get("DEFAULT_PAGINATION")
    paginator = Paginator(save_as, url, range(count), settings, per_page)
    for number in paginator.page_range:
        yield paginator.page(number).save_as, number


def _listing(
    save_as: str,
    url: str,
    template: str,
    count: int,
    settings: Mapping[str, Any],
    what: str,
) -> Iterator[Output]:
    for path, number in paginated(save_as, url, template, count, settings):
        yield path, what if number == 1 else f"page {number} of {what}"


def direct_templates(count: int, settings: Mapping[str, Any]) -> Iterator[Output]:
    """``DIRECT_TEMPLATES`` (the home page, archives, ...) at their ``*_SAVE_AS``."""
    for template in settings.get("DIRECT_TEMPLATES") or ():
        name = f"{template.upper()}_SAVE_AS"
        save_as = settings.get(name, f"{template}.html")
        if not save_as:
            continue
        url = settings.get(f"{template.upper()}_URL", f"{template}.html")
        noun = "the home page" if template == "index" else f"the {template} page"
        yield from _listing(save_as, url, template, count, settings, f"{noun} ({name})")


def period_archives(
    archives: Mapping[str, Iterable[Mapping[str, Any]]], settings: Mapping[str, Any]
) -> Iterator[Output]:
    """The year, month and day archives Pelican built."""
    for granularity, periods in archives.items():
        for period in periods:
            when = " ".join(str(part) for part in period["period"])
            yield from _listing(
                period["save_as"],
                period["url"],
                "period_archives",
                len(period["articles"]),
                settings,
                f"the {granularity} archive of {when}",
            )


def term_pages(generator: Any, settings: Mapping[str, Any]) -> Iterator[Output]:
    """The page of each tag, category and author (with their pagination)."""
    groups = (
        ("tag", list(generator.tags.items())),
        ("category", generator.categories),
        ("author", generator.authors),
    )
    for template, terms in groups:
        for term, articles in terms:
            if term.save_as:
                yield from _listing(
                    term.save_as,
                    term.url,
                    template,
                    len(articles),
                    settings,
                    f"the page of {template} '{term.name}'",
                )


def template_pages(settings: Mapping[str, Any]) -> Iterator[Output]:
    """``TEMPLATE_PAGES``: each template's output file."""
    for source, save_as in (settings.get("TEMPLATE_PAGES") or {}).items():
        if save_as:
            yield save_as, f"the page of template {source} (TEMPLATE_PAGES)"

"""post_series: series of posts, with promised parts, series pages, feeds and links.

The adapter: it reads the series definition files, feeds Pelican's articles into
the model (``model``, ``definition``, ``plan``, ``links``) at
``article_generator_finalized`` and puts the results on Pelican's objects
(``article.series``, ``article.series_links``) and context (``series_list``,
``article_series``). ``writer.SeriesGenerator`` writes the pages and feeds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from types import MappingProxyType
from typing import Any

from pelican import signals
from pelican.generators import Generator
from pelican.utils import slugify

from pelican.plugins.postcard_core.content_lists import every_article, every_page
from pelican.plugins.postcard_core.definitions import (
    definition_sources,
    exclude_definition_folder,
    markdown_converter,
)
from pelican.plugins.postcard_core.plugin_templates import template_fallback
from pelican.plugins.postcard_core.problems import (
    SourcedProblem,
    log_sourced,
)
from pelican.plugins.postcard_core.settings import setting

from . import model, plan
from .definition import (
    definition_from_metadata,
    read_definition_file,
    title_aliases,
    unique_definitions,
)
from .links import (
    Key,
    SeriesLinker,
    follow_links,
    intrasite_link_pattern,
    linked_series,
    make_linker,
)
from .posts import collect_parts, date_parser
from .writer import CATALOG_KEY, SeriesCatalog, SeriesGenerator

logger = logging.getLogger(__name__)

DEFAULTS: Mapping[str, Any] = MappingProxyType(
    {
        "POST_SERIES_DIR": "series",
        "POST_SERIES_URL": "series/{slug}.html",
        "POST_SERIES_SAVE_AS": "series/{slug}.html",
        "POST_SERIES_LANG_URL": "series/{slug}-{lang}.html",
        "POST_SERIES_LANG_SAVE_AS": "series/{slug}-{lang}.html",
        "POST_SERIES_INDEX_URL": "series/index.html",
        "POST_SERIES_INDEX_SAVE_AS": "series/index.html",
        "POST_SERIES_FEED_ATOM": "feeds/series/{slug}.atom.xml",
        "POST_SERIES_LANG_FEED_ATOM": "feeds/series/{slug}-{lang}.atom.xml",
        # None: the feed's URL is its _FEED_ATOM path.
        "POST_SERIES_FEED_ATOM_URL": None,
        "POST_SERIES_LANG_FEED_ATOM_URL": None,
    }
)
"""Every setting of the plugin with its default."""

add_plugin_templates = template_fallback(__file__)


def series_setting(settings: Mapping[str, Any], name: str) -> Any:
    """A ``POST_SERIES_*`` setting, or its default."""
    return setting(settings, name, DEFAULTS)


def series_slugify(settings: Mapping[str, Any]) -> Callable[[str], str]:
    """Slugs as Pelican makes them, always lower case so names match loosely."""
    return partial(
        slugify,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", ()),
        preserve_case=False,
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def exclude_definitions(pelican) -> None:
    """Keep the definition folder out of articles and pages (``initialized``)."""
    folder = series_setting(pelican.settings, "POST_SERIES_DIR")
    exclude_definition_folder(pelican.settings, folder, "POST_SERIES_DIR")


def _log(problems: Iterable[SourcedProblem]) -> None:
    log_sourced(logger, problems)


def read_definitions(
    generator, slug_of: Callable[[str], str], default_lang: str
) -> dict[Key, model.SeriesDefinition]:
    """Read every definition file; a broken one is one ERROR and is skipped, and
    one whose name another file has is one WARNING and is skipped."""
    settings = generator.settings
    converter = markdown_converter(settings["MARKDOWN"])
    read_file = partial(
        read_definition_file,
        render=lambda body: converter.reset().convert(body),
        link_pattern=intrasite_link_pattern(settings["INTRASITE_LINK_REGEX"]),
        read=partial(
            definition_from_metadata,
            default_lang=default_lang,
            slugify=slug_of,
            parse_date=date_parser(settings.get("TIMEZONE")),
        ),
        slugify=slug_of,
    )
    found: list[model.SeriesDefinition] = []
    for source, text in definition_sources(
        generator, series_setting(settings, "POST_SERIES_DIR")
    ):
        definition, problems = read_file(source, text)
        _log((source, problem) for problem in problems)
        if definition is not None:
            found.append(definition)
    definitions, problems = unique_definitions(found, slug_of)
    _log(problems)
    return definitions


def url_patterns(settings: Mapping[str, Any]) -> model.UrlPatterns:
    """The site's series URL settings, as the model reads them."""
    feed_root = settings.get("FEED_DOMAIN") or settings.get("SITEURL") or ""
    return model.UrlPatterns.read(partial(series_setting, settings), feed_root)


def build_series(generator) -> None:
    """Compute every series and put it on articles and context.

    Connected to ``article_generator_finalized`` so other plugins can read
    ``article.series`` and ``series_list`` at ``all_generators_finalized``.
    """
    settings = generator.settings
    slug_of = series_slugify(settings)
    default_lang = str(settings.get("DEFAULT_LANG") or "en").lower()
    definitions = read_definitions(generator, slug_of, default_lang)
    aliases = title_aliases(definitions, slug_of)
    articles = list(every_article(generator))
    parts = collect_parts(articles, aliases, slug_of, default_lang)
    listed = frozenset(definitions) | frozenset(parts.published)
    link_settings = (
        series_setting(settings, "POST_SERIES_DIR"),
        settings["INTRASITE_LINK_REGEX"],
        bool(series_setting(settings, "POST_SERIES_INDEX_SAVE_AS")),
    )
    linker = make_linker(
        link_settings, listed, definitions, aliases, slug_of, default_lang
    )
    linked_from, callouts = follow_links(articles, linker, parts.published)
    urls = url_patterns(settings)

    def addresses(key: Key) -> model.Addresses:
        return urls.addresses(key[1], key[0], key[0] == default_lang)

    by_key, problems = plan.plan_every_series(
        listed, definitions, parts, linked_from, addresses
    )
    _log(problems)
    for post, nav in plan.every_navigation(by_key, definitions, parts, addresses):
        post.series = nav
    for article, _ in articles:
        article.series_links = [by_key[key] for key in callouts[id(article)]]
    publish(generator.context, by_key, linker, settings, default_lang)


def publish(
    context: dict[str, Any],
    by_key: Mapping[Key, model.Series],
    linker: SeriesLinker,
    settings: Mapping[str, Any],
    default_lang: str,
) -> None:
    """Put the series in the context, register link targets, log one line each."""
    index_save_as = series_setting(settings, "POST_SERIES_INDEX_SAVE_AS")
    index = (
        model.SeriesIndexPage(
            series_setting(settings, "POST_SERIES_INDEX_URL"), index_save_as
        )
        if index_save_as
        else None
    )
    series_list = tuple(sorted(by_key.values(), key=model.series_order_key))
    generated = context.setdefault("generated_content", {})
    for key, series in by_key.items():
        generated.setdefault(linker.content_keys[key], series)
    if index is not None and linker.index_key:
        generated.setdefault(linker.index_key, index)
    context["series_list"] = series_list
    context["series_index_page"] = index
    context["article_series"] = model.article_series(series_list, default_lang)
    context[CATALOG_KEY] = SeriesCatalog(
        series_list=series_list,
        by_key=MappingProxyType(dict(by_key)),
        index=index,
        linker=linker,
    )
    for series in series_list:
        published, planned = series.published_count, series.planned_count
        logger.info(
            "Series %r (%s): %d published, %d planned",
            *(series.title, series.url, published, planned),
        )


def link_pages(generator) -> None:
    """Rewrite ``{series}`` links in pages and give pages ``series_links``."""
    catalog: SeriesCatalog | None = generator.context.get(CATALOG_KEY)
    if catalog is None:
        return
    for page in every_page(generator):
        _, in_front_matter = linked_series(page, catalog.linker)
        catalog.linker.rewrite(page)
        page.series_links = [catalog.by_key[key] for key in in_front_matter]


def series_generator(pelican) -> type[Generator]:
    """``get_generators`` receiver."""
    return SeriesGenerator


def register() -> None:
    """Connect this plugin to Pelican's signals."""
    signals.initialized.connect(exclude_definitions)
    signals.generator_init.connect(add_plugin_templates)
    signals.article_generator_finalized.connect(build_series)
    signals.page_generator_finalized.connect(link_pages)
    signals.get_generators.connect(series_generator)

"""tag_summaries: tag pages that say what a tag is about.

The Pelican adapter: reads tag definitions, merges spellings of one tag slug
before Pelican builds its tag lists, and, once every generator is done (so
``post_series`` has set ``article.series``), computes one ``TagSummary`` per tag
with ``model.summarize_tags`` and hands the results to the templates.
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from jinja2.runtime import Context
from markupsafe import Markup
from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.urlwrappers import Tag

from pelican.plugins.postcard_core.content_lists import every_article
from pelican.plugins.postcard_core.definitions import (
    definition_sources,
    exclude_definition_folder,
    markdown_converter,
)
from pelican.plugins.postcard_core.plugin_templates import template_fallback
from pelican.plugins.postcard_core.problems import FrontMatterError

from .model import (
    SeriesRef,
    TagDefinition,
    TagDescription,
    TaggedPost,
    TagSummary,
    TagUse,
    choose_spellings,
    fold_whitespace,
    parse_definition,
    summarize_tags,
)

__all__ = ["TagSummary", "register"]

logger = logging.getLogger(__name__)

DEFAULT_DIR = "tags"
DEFAULT_RELATED = 5
DEFAULT_LATEST = 3
# Per-build state lives on the articles generator under this name.
DEFINITIONS_ATTRIBUTE = "tag_summaries_definitions"

add_plugin_templates = template_fallback(__file__)


# --- Definition files -----------------------------------------------------


def definitions_dir(settings: Mapping[str, Any]) -> str:
    """The folder of tag definitions, relative to the content folder."""
    return str(settings.get("TAG_SUMMARIES_DIR") or DEFAULT_DIR).strip("/\\")


def exclude_definitions(pelican) -> None:
    """Keep the definitions folder out of articles, pages and static files."""
    folder = definitions_dir(pelican.settings)
    exclude_definition_folder(pelican.settings, folder, "TAG_SUMMARIES_DIR")


def read_definitions(generator) -> dict[str, TagDefinition]:
    """Read every definition file, by tag slug; log an ERROR for each broken one."""
    settings = generator.settings
    converter = markdown_converter(settings["MARKDOWN"])

    def render(text: str) -> Markup:
        # the author's own HTML: kept as is even where autoescape is on
        return Markup(converter.reset().convert(text))

    definitions: dict[str, TagDefinition] = {}
    for source, text in definition_sources(generator, definitions_dir(settings)):
        slug = Tag(posixpath.splitext(posixpath.basename(source))[0], settings).slug
        try:
            definition = parse_definition(text, source, slug, render)
        except FrontMatterError as exc:
            logger.error("%s", exc)
            continue
        for warning in definition.warnings:
            logger.warning("%s", warning)
        if slug in definitions:
            logger.warning(
                '%s: a second definition of the tag "%s" (first in %s); ignored',
                source,
                slug,
                definitions[slug].path,
            )
            continue
        if definition.title and Tag(definition.title, settings).slug != slug:
            logger.warning(
                '%s: title "%s" does not match the file name (tag slug "%s"); '
                "the title is not used as the tag's name",
                source,
                definition.title,
                slug,
            )
            definition = TagDefinition(**{**vars(definition), "title": None})
        definitions[slug] = definition
    return definitions


def setting_descriptions(settings: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """``TAG_SUMMARIES = {"Name": "description"}``, as slug -> (name, description)."""
    quick = settings.get("TAG_SUMMARIES") or {}
    if not isinstance(quick, Mapping):
        logger.error(
            "TAG_SUMMARIES: must map tag names to descriptions, not %s",
            type(quick).__name__,
        )
        return {}
    described: dict[str, tuple[str, str]] = {}
    for name, text in quick.items():
        if not isinstance(text, str):
            logger.error(
                'TAG_SUMMARIES["%s"]: the description must be text, not %s',
                name,
                type(text).__name__,
            )
            continue
        slug = Tag(str(name), settings).slug
        if slug and fold_whitespace(text):
            described[slug] = (str(name), fold_whitespace(text))
    return described


# --- One spelling per tag (before Pelican builds its tag lists) -----------


def _written_tags(article) -> list[Any]:
    # metadata keeps the tags as the file spells them; article.tags gets replaced
    # (and cached), so re-reading from metadata keeps later builds honest
    tags = article.metadata.get("tags")
    if not isinstance(tags, list):
        tags = getattr(article, "tags", None)
    return [tag for tag in tags or () if isinstance(tag, Tag)]


def merge_tag_spellings(generator) -> None:
    """Give every tag slug one name and one shared ``Tag`` object.

    Runs at ``article_generator_pretaxonomy``, so Pelican's tag pages, feeds and
    the ``tags`` context are built from the merged tags.
    """
    settings = generator.settings
    definitions = read_definitions(generator)
    setattr(generator, DEFINITIONS_ATTRIBUTE, definitions)

    written = [
        (article, _written_tags(article)) for article, _ in every_article(generator)
    ]
    uses = []
    for article, tags in written:
        # a property that computes a path: read once per article
        source = article.relative_source_path.replace(os.sep, "/")
        uses.extend(TagUse(tag.slug, tag.name, source) for tag in tags if tag.slug)
    preferred = {slug: d.title for slug, d in definitions.items() if d.title}
    names, merges = choose_spellings(uses, preferred)
    for merge in merges:
        logger.warning("%s", merge.message())

    shared: dict[str, Tag] = {}
    for article, tags in written:
        if not tags:
            continue
        merged: dict[object, Tag] = {}
        for tag in tags:
            if not tag.slug:  # Pelican warns about these itself; left as they are
                merged.setdefault(id(tag), tag)
                continue
            if tag.slug not in shared:
                name = names.get(tag.slug, tag.name)
                shared[tag.slug] = tag if tag.name == name else Tag(name, settings)
            merged.setdefault(tag.slug, shared[tag.slug])
        article.tags = list(merged.values())


# --- Summaries (once per site) --------------------------------------------


def _series_refs(article) -> tuple[SeriesRef, ...]:
    series = getattr(article, "series", None)
    # post_series (or pelican-series) gives a mapping; a bare string means no
    # series plugin is on, so there is no series page to link to
    if not isinstance(series, Mapping):
        return ()
    name = series.get("name")
    if not isinstance(name, str) or not name:
        return ()
    return (
        SeriesRef(title=name, url=series.get("url"), slug=series.get("slug") or ""),
    )


def tag_summary_lookup(
    summaries: Iterable[TagSummary], settings: Mapping[str, Any]
) -> Callable[[Any], TagSummary | None]:
    """``tag_summary_for(tag)``: a ``Tag``, or a tag's name or slug, to its summary."""
    by_slug = {summary.slug: summary for summary in summaries}

    def tag_summary_for(tag: Any) -> TagSummary | None:
        if isinstance(tag, Tag):
            return by_slug.get(tag.slug)
        if isinstance(tag, str) and tag.strip():
            return by_slug.get(Tag(tag, settings).slug)
        return None

    return tag_summary_for


def count_setting(settings: Mapping[str, Any], name: str, default: int) -> int:
    """A setting that must be a whole number of zero or more (ERROR, then default)."""
    value = settings.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        logger.error("%s: must be a whole number, 0 or more, not %r", name, value)
        return default
    return value


def summarize_articles(generator) -> tuple[TagSummary, ...]:
    """Summaries of every tag of the generator's published articles, by name."""
    settings = generator.settings
    definitions: dict[str, TagDefinition] = getattr(
        generator, DEFINITIONS_ATTRIBUTE, {}
    )
    quick = setting_descriptions(settings)
    tags_by_slug = {tag.slug: tag for tag in generator.tags}

    descriptions: dict[Any, TagDescription] = {}
    for slug, tag in tags_by_slug.items():
        definition = definitions.get(slug)
        setting = quick.get(slug)
        if definition is not None and (definition.description or not setting):
            descriptions[tag] = TagDescription(
                definition.description, "definition", definition.intro, definition.path
            )
        elif setting is not None:
            # a definition with only a body still gives its introduction
            descriptions[tag] = TagDescription(
                setting[1],
                "setting",
                definition.intro if definition else "",
                definition.path if definition else None,
            )
    for slug, definition in definitions.items():
        if slug not in tags_by_slug:
            logger.warning(
                '%s: no published post is tagged "%s"; this definition is unused',
                definition.path,
                definition.title or slug,
            )
    for slug, (name, _) in quick.items():
        if slug not in tags_by_slug:
            logger.warning(
                'TAG_SUMMARIES["%s"]: no published post is tagged "%s"', name, name
            )

    posts = [
        TaggedPost(
            article=article,
            date=article.date,
            tags=tuple(tag for tag in getattr(article, "tags", None) or () if tag.slug),
            series=_series_refs(article),
        )
        for article in generator.articles
    ]
    summaries = summarize_tags(
        posts,
        descriptions,
        related_limit=count_setting(settings, "TAG_SUMMARIES_RELATED", DEFAULT_RELATED),
        latest_limit=count_setting(settings, "TAG_SUMMARIES_LATEST", DEFAULT_LATEST),
    )
    for tag, summary in summaries.items():
        # the shared Tag object carries its summary: tag.summary in any template
        tag.summary = summary
    return tuple(summaries.values())


def publish_summaries(generators: Iterable[Any]) -> None:
    """At ``all_generators_finalized``: compute the summaries and share them."""
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        summaries = summarize_articles(generator)
        generator.context["tag_summaries"] = summaries
        generator.context["tag_summary_for"] = tag_summary_lookup(
            summaries, generator.settings
        )
        described = sum(s.description_source != "automatic" for s in summaries)
        logger.info(
            "tag_summaries: %d tags, %d described by the author",
            len(summaries),
            described,
        )


# --- tag_summary inside tag.html ------------------------------------------


class TagSummaryContext(Context):
    """A Jinja context adding ``tag_summary`` where a page is rendered with ``tag``.

    Pelican renders each tag page with ``tag`` in its variables and offers no hook
    per page, so the summary is added when Jinja creates the page's context: once
    per render, not once per variable lookup.
    """

    def __init__(self, environment, parent, name, blocks, globals=None):
        if "tag" in parent and "tag_summary" not in parent:
            lookup = parent.get("tag_summary_for")
            summary = lookup(parent["tag"]) if callable(lookup) else None
            if summary is not None:
                parent = {**parent, "tag_summary": summary}
        super().__init__(environment, parent, name, blocks, globals)


def provide_tag_summary(generator) -> None:
    """At ``generator_init``: let the generator's templates resolve ``tag_summary``."""
    env = getattr(generator, "env", None)
    if env is None or issubclass(env.context_class, TagSummaryContext):
        return
    base = env.context_class
    env.context_class = (
        TagSummaryContext
        if base is Context
        else type("TagSummaryContext", (TagSummaryContext, base), {})
    )


def register() -> None:
    """Connect this plugin to Pelican's signals."""
    signals.initialized.connect(exclude_definitions)
    signals.generator_init.connect(add_plugin_templates)
    signals.generator_init.connect(provide_tag_summary)
    signals.article_generator_pretaxonomy.connect(merge_tag_spellings)
    signals.all_generators_finalized.connect(publish_summaries)

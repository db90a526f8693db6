"""tag_summaries: tag pages that say what a tag is about.

The Pelican adapter: reads tag definitions, merges spellings of one tag slug
before Pelican builds its tag lists, and, once every generator is done (so
``post_series`` has set ``article.series``), computes one ``TagSummary`` per tag
with ``model.summarize_tags``. Each summary rides on its shared ``Tag``: templates
read ``tag.summary`` (Python: ``postcard_core.attached.summary_of``); every
template gets ``tag_summaries`` and ``tag_summary_for(tag)``. There is no
``tag_summary`` variable: ``tag.summary`` serves every theme without hooking
into Jinja's contexts.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.urlwrappers import Tag

from pelican.plugins.postcard_core.attached import series_of, summary_of
from pelican.plugins.postcard_core.content_lists import every_article
from pelican.plugins.postcard_core.definitions import (
    definition_sources,
    exclude_definition_folder,
    markdown_converter,
)
from pelican.plugins.postcard_core.plugin_templates import template_fallback
from pelican.plugins.postcard_core.problems import (
    FrontMatterError,
    Problem,
    log_problems,
    log_sourced,
    source_name,
)
from pelican.plugins.postcard_core.settings import adopt_renamed_settings as adopt
from pelican.plugins.postcard_core.settings import count_setting, setting
from pelican.plugins.postcard_core.text import name_as_text, shown_text

from .definition import TagDefinition, parse_definition
from .descriptions import describe_tags, setting_descriptions
from .model import TaggedPost, TagSummary, summarize_tags
from .spellings import TagUse, choose_spellings

__all__ = ["TagSummary", "register"]

logger = logging.getLogger(__name__)

DEFAULTS: Mapping[str, Any] = {
    "TAG_SUMMARIES": {},
    "TAG_SUMMARIES_DIR": "tags",
    "TAG_SUMMARIES_RELATED_COUNT": 5,
    "TAG_SUMMARIES_LATEST_COUNT": 3,
}
# Accepted for one release, with a deprecation warning.
RENAMED_SETTINGS = {
    "TAG_SUMMARIES_RELATED": "TAG_SUMMARIES_RELATED_COUNT",
    "TAG_SUMMARIES_LATEST": "TAG_SUMMARIES_LATEST_COUNT",
}
# Per-build state lives on the articles generator under this name.
DEFINITIONS_ATTRIBUTE = "tag_summaries_definitions"

add_plugin_templates = template_fallback(__file__)


def definitions_dir(settings: Mapping[str, Any]) -> str:
    """The folder of tag definitions, relative to the content folder."""
    folder = setting(settings, "TAG_SUMMARIES_DIR", DEFAULTS)
    return str(folder or DEFAULTS["TAG_SUMMARIES_DIR"]).strip("/\\")


def prepare_settings(pelican) -> None:
    """At ``initialized``: adopt renamed settings; keep the definitions folder
    out of articles, pages and static files."""
    adopt(pelican.settings, RENAMED_SETTINGS)
    folder = definitions_dir(pelican.settings)
    exclude_definition_folder(pelican.settings, folder, "TAG_SUMMARIES_DIR")


def _slugger(settings: Mapping[str, Any]) -> Callable[[str], str]:
    return lambda name: Tag(name, settings).slug


def read_definitions(generator) -> dict[str, TagDefinition]:
    """Read every definition file, by tag slug; log an ERROR for each broken one."""
    settings = generator.settings
    converter = markdown_converter(settings["MARKDOWN"])
    slug_of = _slugger(settings)

    def render(text: str) -> Markup:
        # the author's own HTML: kept as is even where autoescape is on
        return Markup(converter.reset().convert(text))

    definitions: dict[str, TagDefinition] = {}
    for source, text in definition_sources(generator, definitions_dir(settings)):
        slug = slug_of(posixpath.splitext(posixpath.basename(source))[0])
        try:
            definition = parse_definition(text, source, slug, render, slug_of)
        except FrontMatterError as exc:
            logger.error("%s", exc)
            continue
        log_problems(logger, source, definition.problems)
        if slug in definitions:
            message = (
                f'a second definition of the tag "{slug}" '
                f"(first in {definitions[slug].path}); ignored"
            )
            log_problems(logger, source, [Problem(0, 0, message)])
            continue
        definitions[slug] = definition
    return definitions


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
        source = source_name(article)
        uses.extend(
            TagUse(tag.slug, shown_text(tag), source) for tag in tags if tag.slug
        )
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
                name = names.get(tag.slug, shown_text(tag))
                # a spelling chosen from front matter or a definition is text
                shared[tag.slug] = (
                    tag
                    if shown_text(tag) == name
                    else name_as_text(Tag(name, settings))
                )
            merged.setdefault(tag.slug, shared[tag.slug])
        article.tags = list(merged.values())


def tag_summary_lookup(
    summaries: Iterable[TagSummary], settings: Mapping[str, Any]
) -> Callable[[Any], TagSummary | None]:
    """``tag_summary_for(tag)``: a ``Tag``, or a tag's name or slug, to its summary."""
    by_slug = {summary.slug: summary for summary in summaries}

    def tag_summary_for(tag: Any) -> TagSummary | None:
        if isinstance(tag, Tag):
            return summary_of(tag) or by_slug.get(tag.slug)
        if isinstance(tag, str) and tag.strip():
            return by_slug.get(Tag(tag, settings).slug)
        return None

    return tag_summary_for


def _tagged_post(article) -> TaggedPost:
    ref = series_of(article)
    return TaggedPost(
        article=article,
        date=article.date,
        tags=tuple(tag for tag in getattr(article, "tags", None) or () if tag.slug),
        # a bare series name (no series plugin) has no page to link to
        series=(ref,) if ref is not None and ref.linked else (),
    )


def summarize_articles(generator) -> tuple[TagSummary, ...]:
    """Summaries of every tag of the generator's published articles, by name."""
    settings = generator.settings
    definitions: dict[str, TagDefinition] = getattr(
        generator, DEFINITIONS_ATTRIBUTE, {}
    )
    quick, problems = setting_descriptions(
        setting(settings, "TAG_SUMMARIES", DEFAULTS), _slugger(settings)
    )
    log_sourced(logger, problems)
    tags_by_slug = {tag.slug: tag for tag in generator.tags}
    by_slug, problems = describe_tags(tags_by_slug, definitions, quick)
    log_sourced(logger, problems)
    summaries = summarize_tags(
        [_tagged_post(article) for article in generator.articles],
        {tags_by_slug[slug]: described for slug, described in by_slug.items()},
        related_count=count_setting(settings, "TAG_SUMMARIES_RELATED_COUNT", DEFAULTS),
        latest_count=count_setting(settings, "TAG_SUMMARIES_LATEST_COUNT", DEFAULTS),
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


def register() -> None:
    """Connect this plugin to Pelican's signals."""
    signals.initialized.connect(prepare_settings)
    signals.generator_init.connect(add_plugin_templates)
    signals.article_generator_pretaxonomy.connect(merge_tag_spellings)
    signals.all_generators_finalized.connect(publish_summaries)

"""post_series: series of posts, with promised parts, series pages, feeds and links.

The adapter: it reads the series definition files, feeds Pelican's articles into
``model`` at ``article_generator_finalized`` and puts the results on Pelican's
objects (``article.series``, ``article.series_links``) and context
(``series_list``, ``article_series``). ``SeriesGenerator`` writes the pages and
feeds.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType
from typing import Any

from pelican import signals
from pelican.generators import Generator
from pelican.utils import get_date, set_date_tzinfo, slugify

from pelican.plugins.post_series import model
from pelican.plugins.postcard_core.content_lists import every_article, every_page
from pelican.plugins.postcard_core.definitions import (
    definition_sources,
    exclude_definition_folder,
    markdown_converter,
)
from pelican.plugins.postcard_core.document import decode_source, parse_document
from pelican.plugins.postcard_core.plugin_templates import template_fallback
from pelican.plugins.postcard_core.problems import FrontMatterError

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
    }
)
"""Every setting of the plugin with its default."""

CATALOG_KEY = "post_series"
"""Context key of this build's ``SeriesCatalog``."""


Key = tuple[str, str]  # (lang, slug): translations form their own series

add_plugin_templates = template_fallback(__file__)


def setting(settings: Mapping[str, Any], name: str) -> Any:
    """A ``POST_SERIES_*`` setting, or its default."""
    return settings.get(name, DEFAULTS[name])


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
    folder = setting(pelican.settings, "POST_SERIES_DIR")
    exclude_definition_folder(pelican.settings, folder, "POST_SERIES_DIR")


def _date_parser(timezone: str | None) -> Callable[[Any], dt.datetime]:
    def parse(value: Any) -> dt.datetime:
        if isinstance(value, dt.datetime):
            moment = value
        elif isinstance(value, dt.date):
            moment = dt.datetime(value.year, value.month, value.day)
        else:
            moment = get_date(str(value))
        return set_date_tzinfo(moment, timezone)

    return parse


def read_definitions(
    generator, slug_of: Callable[[str], str], default_lang: str
) -> dict[Key, model.SeriesDefinition]:
    """Read every definition file; a broken one is one ERROR and is skipped."""
    settings = generator.settings
    folder = setting(settings, "POST_SERIES_DIR")
    converter = markdown_converter(settings["MARKDOWN"])
    parse_date = _date_parser(settings.get("TIMEZONE"))
    link_pattern = model.intrasite_link_pattern(settings["INTRASITE_LINK_REGEX"])
    definitions: dict[Key, model.SeriesDefinition] = {}
    for source, text in definition_sources(generator, folder):
        try:
            document = parse_document(text, source)
        except FrontMatterError as exc:
            logger.error("%s", exc)
            continue
        for problem in document.problems:
            logger.warning("%s", problem.format(source))
        if not document.has_header:
            logger.warning(
                "%s: no YAML front matter ('---' block); the file name gives the title",
                source,
            )
        intro = ""
        if document.body.strip():
            converter.reset()
            intro = converter.convert(document.body)
            if link_pattern.search(intro):
                logger.warning(
                    "%s: links such as {filename} or {series} are not resolved in a "
                    "series introduction; use ordinary URLs there",
                    source,
                )
        stem = posixpath.splitext(posixpath.basename(source))[0]
        definition, problems = model.definition_from_metadata(
            document.metadata,
            source=source,
            file_slug=slug_of(stem) or stem,
            intro=intro,
            default_lang=default_lang,
            slugify=slug_of,
            parse_date=parse_date,
            key_lines=document.key_lines,
            as_written=document.as_written,
        )
        _log_problems(problems)
        key = (definition.lang.lower(), definition.slug)
        if key in definitions:
            logger.warning(
                "%s, %s: both define series %r; using %s",
                definitions[key].source,
                source,
                definition.slug,
                definitions[key].source,
            )
            continue
        definitions[key] = definition
    return definitions


def _log_problems(problems: Iterable[model.Problem]) -> None:
    for problem in problems:
        level = logging.ERROR if problem.level == "error" else logging.WARNING
        logger.log(level, "%s", problem)


# --- linking to series -----------------------------------------------------------


@dataclass(frozen=True)
class SeriesLinker:
    """Resolves series names and slugs to series, and rewrites ``{series}`` links.

    ``{series}slug`` becomes ``{filename}/<content key>``: the series is
    registered in Pelican's ``generated_content`` under that key, so Pelican
    resolves it like any intra-site link (``SITEURL``, ``RELATIVE_URLS``) and never
    sees an indicator it does not know.
    """

    listed: frozenset[Key]
    aliases: Mapping[Key, Key]  # a definition's title slug -> its key
    by_slug: Mapping[str, tuple[Key, ...]]
    content_keys: Mapping[Key, str]
    index_key: str | None
    default_lang: str
    pattern: Any  # compiled INTRASITE_LINK_REGEX pattern
    slug_of: Callable[[str], str]

    def canonical(self, lang: str, slug: str) -> Key:
        return self.aliases.get((lang, slug), (lang, slug))

    def resolve(self, slug: str, lang: str) -> Key | None:
        """The listed series ``slug`` names: same language first, then any."""
        for candidate_lang in (lang, self.default_lang):
            key = self.canonical(candidate_lang, slug)
            if key in self.listed:
                return key
        candidates = self.by_slug.get(slug, ())
        return candidates[0] if candidates else None

    def link_targets(self, content) -> list[str]:
        """Slugs of every ``{series}`` link in ``content`` ('' for the index)."""
        return [
            link.slug
            for text in _linkable_texts(content)
            for link in model.find_series_links(text, self.pattern, self.slug_of)
        ]

    def rewrite(self, content) -> None:
        """Rewrite ``{series}`` links in the content and formatted metadata."""
        lang = _lang(content, self.default_lang)

        def target(link: model.SeriesLink) -> str | None:
            key = self.resolve(link.slug, lang) if link.slug else None
            path = self.content_keys.get(key) if key else self.index_key
            return None if path is None else "/" + path

        def rewrite_text(text: Any) -> Any:
            if not isinstance(text, str):
                return text
            return model.rewrite_series_links(text, self.pattern, self.slug_of, target)

        if getattr(content, "_content", None):
            content._content = rewrite_text(content._content)
        for name in content.settings.get("FORMATTED_FIELDS", ()):
            if name in content.metadata:
                content.metadata[name] = rewrite_text(content.metadata[name])
        if hasattr(content, "_summary"):
            content._summary = rewrite_text(content._summary)


def _linkable_texts(content) -> list[str]:
    texts = [getattr(content, "_content", None) or ""]
    for name in content.settings.get("FORMATTED_FIELDS", ()):
        value = content.metadata.get(name)
        if isinstance(value, str):
            texts.append(value)
    return texts


def _lang(content, default_lang: str) -> str:
    return str(getattr(content, "lang", None) or default_lang).lower()


def _source(content) -> str:
    # Pelican computes the relative path once per object; recomputing it is slow.
    path = getattr(content, "relative_source_path", None)
    return (path or content.get_relative_source_path()).replace(os.sep, "/")


def _where(content, source: str, key: str) -> str:
    """``source:LINE:1`` for ``key`` of the content's YAML front matter, else
    ``source``. Reads the file again: only called to report a problem."""
    try:
        with open(content.source_path, "rb") as handle:
            document = parse_document(decode_source(handle.read(), source), source)
    except (OSError, TypeError, AttributeError, FrontMatterError):
        return source
    line = document.key_lines.get(key)
    return source if line is None else f"{source}:{line}:1"


def _linked_series(
    content, linker: SeriesLinker, source: str
) -> tuple[list[Key], list[Key]]:
    """Series linked from ``content``: by ``{series}`` links, by ``series_link``.

    Warns once per unknown slug, naming the file.
    """
    lang = _lang(content, linker.default_lang)
    in_text: list[Key] = []
    in_front_matter: list[Key] = []
    unknown: set[str] = set()
    for slug in linker.link_targets(content):
        if not slug or slug in unknown:
            continue
        key = linker.resolve(slug, lang)
        if key is None:
            unknown.add(slug)
            logger.warning(
                "%s: links to series %r, which does not exist; "
                "the link points to the series index",
                source,
                slug,
            )
        elif key not in in_text:
            in_text.append(key)
    for name in _series_link_names(content, source):
        slug = linker.slug_of(name)
        key = linker.resolve(slug, lang) if slug else None
        if key is None:
            logger.warning(
                "%s: series_link %r names no series; no call-out is shown", source, name
            )
        elif key not in in_front_matter:
            in_front_matter.append(key)
    return in_text, in_front_matter


def _series_link_names(content, source: str) -> list[str]:
    """The names in ``series_link``; a value that is not text is a warning."""
    raw = content.metadata.get("series_link")
    items = raw if isinstance(raw, (list, tuple)) else [raw]
    bad = [item for item in items if item is not None and not model.is_text(item)]
    if bad:
        logger.warning(
            '%s: "series_link" must be text or a list of text, not %s; ignored',
            _where(content, source, "series_link"),
            model.kind_of(bad[0]),
        )
    return model.as_list([item for item in items if model.is_text(item)])


# --- building the series ---------------------------------------------------------


@dataclass(frozen=True)
class SeriesCatalog:
    """Everything this build knows about series (``context["post_series"]``)."""

    series_list: tuple[model.Series, ...]
    by_key: Mapping[Key, model.Series]
    index: model.SeriesIndexPage | None
    linker: SeriesLinker


def _series_name(content, source: str) -> str | None:
    """The series a post names, or None; a value that is not text is a warning."""
    raw = content.metadata.get("series")
    if isinstance(raw, (list, tuple)) and all(map(model.is_text, raw)):
        if len(raw) > 1:
            logger.warning(
                "%s: a post belongs to one series; using %r", source, model.fold(raw[0])
            )
        raw = raw[0] if raw else None
    name, problem = model.read_text(raw)
    if problem:
        logger.warning(
            '%s: "series" must be text, %s; the post is in no series',
            _where(content, source, "series"),
            problem,
        )
    return name or None


@dataclass(frozen=True)
class CollectedParts:
    """The posts that name a series, grouped by series key."""

    published: Mapping[Key, tuple[model.Part, ...]]
    previews: tuple[tuple[Key, model.Part], ...]  # drafts and hidden posts
    names: Mapping[Key, str]  # each series' name as first written in a post


def collect_parts(
    articles: Iterable[tuple[Any, bool]],
    aliases: Mapping[Key, Key],
    slug_of: Callable[[str], str],
    default_lang: str,
) -> CollectedParts:
    """Group posts by series; warn about unusable names and bad indexes."""
    published: dict[Key, list[model.Part]] = defaultdict(list)
    previews: list[tuple[Key, model.Part]] = []
    first_names: dict[Key, tuple[tuple, str]] = {}
    for article, is_published in articles:
        source = _source(article)
        name = _series_name(article, source)
        if name is None:
            if article.metadata.get("series") is not None:
                article.series = None  # not the raw value: themes test article.series
            continue
        slug = slug_of(name)
        if not slug:
            logger.warning(
                "%s: series name %r gives an empty slug; ignored", source, name
            )
            article.series = None  # not the raw name: themes test article.series
            continue
        lang = _lang(article, default_lang)
        key = aliases.get((lang, slug), (lang, slug))
        index, problem = model.parse_series_index(article.metadata.get("series_index"))
        if problem:
            logger.warning(
                "%s: series_index %s; the post is ordered by date",
                _where(article, source, "series_index"),
                problem,
            )
        part = model.Part(article, source, slug_of(article.title), article.date, index)
        rank = (not is_published, article.date.timestamp(), source)
        if key not in first_names or rank < first_names[key][0]:
            first_names[key] = (rank, name)
        if is_published:
            published[key].append(part)
        else:
            previews.append((key, part))
    return CollectedParts(
        published=MappingProxyType({k: tuple(v) for k, v in published.items()}),
        previews=tuple(previews),
        names=MappingProxyType({k: name for k, (_, name) in first_names.items()}),
    )


def make_linker(
    settings: Mapping[str, Any],
    listed: frozenset[Key],
    definitions: Mapping[Key, model.SeriesDefinition],
    aliases: Mapping[Key, Key],
    slug_of: Callable[[str], str],
    default_lang: str,
) -> SeriesLinker:
    """The link resolver: each listed series gets a key in ``generated_content``."""
    folder = setting(settings, "POST_SERIES_DIR").strip("/")
    content_keys = {}
    for key in listed:
        lang, slug = key
        if key in definitions:  # {filename} links to the definition work too
            content_keys[key] = definitions[key].source
        else:  # no file can have these paths: the folder is never read as content
            content_keys[key] = (
                f"{folder}/{slug}"
                if lang == default_lang
                else f"{folder}/{lang}/{slug}"
            )
    by_slug: dict[str, list[Key]] = defaultdict(list)
    for key in sorted(listed, key=lambda k: (k[0] != default_lang, k)):
        by_slug[key[1]].append(key)
    return SeriesLinker(
        listed=listed,
        aliases=MappingProxyType(dict(aliases)),
        by_slug=MappingProxyType({s: tuple(keys) for s, keys in by_slug.items()}),
        content_keys=MappingProxyType(content_keys),
        index_key=f"{folder}/"
        if setting(settings, "POST_SERIES_INDEX_SAVE_AS")
        else None,
        default_lang=default_lang,
        pattern=model.intrasite_link_pattern(settings["INTRASITE_LINK_REGEX"]),
        slug_of=slug_of,
    )


def follow_links(
    articles: Iterable[tuple[Any, bool]],
    linker: SeriesLinker,
    published: Mapping[Key, tuple[model.Part, ...]],
) -> tuple[dict[Key, list[Any]], dict[int, list[Key]]]:
    """Rewrite every ``{series}`` link; return who links where.

    Returns the published posts linking to each series (its own parts left
    out) and, by ``id(article)``, the series each post names in ``series_link``.
    """
    own_series = {id(p.post): key for key, parts in published.items() for p in parts}
    linked_from: dict[Key, list[Any]] = defaultdict(list)
    callouts: dict[int, list[Key]] = {}
    for article, is_published in articles:
        in_text, in_front_matter = _linked_series(article, linker, _source(article))
        callouts[id(article)] = in_front_matter
        linker.rewrite(article)
        if is_published:
            for key in dict.fromkeys(in_text + in_front_matter):
                if own_series.get(id(article)) != key:
                    linked_from[key].append(article)
    return linked_from, callouts


def build_series(generator) -> None:
    """Compute every series and put it on articles and context.

    Connected to ``article_generator_finalized`` so other plugins can read
    ``article.series`` and ``series_list`` at ``all_generators_finalized``.
    """
    settings = generator.settings
    slug_of = series_slugify(settings)
    default_lang = str(settings.get("DEFAULT_LANG") or "en").lower()
    definitions = read_definitions(generator, slug_of, default_lang)
    aliases: dict[Key, Key] = {}
    for key, definition in definitions.items():
        alias = (key[0], slug_of(definition.title))
        if alias[1] and alias not in definitions:
            aliases.setdefault(alias, key)

    articles = list(every_article(generator))
    parts = collect_parts(articles, aliases, slug_of, default_lang)
    listed = frozenset(definitions) | frozenset(parts.published)
    linker = make_linker(settings, listed, definitions, aliases, slug_of, default_lang)
    linked_from, callouts = follow_links(articles, linker, parts.published)

    by_key: dict[Key, model.Series] = {}
    for key in sorted(listed):
        definition = definitions.get(key)
        published = parts.published.get(key, ())
        plan = model.plan_series(
            published,
            definition.planned if definition else (),
            definition.source if definition else "",
        )
        title = definition.title if definition else parts.names[key]
        _log_problems(model.duplicate_indexes(published, title))
        _log_problems(plan.problems)
        _log_problems(model.completeness_problems(definition, plan))
        by_key[key] = _make_series(
            settings, key, default_lang, title, definition, plan, linked_from[key]
        )

    for key, series in by_key.items():
        for part in parts.published.get(key, ()):
            part.post.series = model.navigation(series, part.post)
    for key, part in parts.previews:
        definition = definitions.get(key)
        series = by_key.get(key) or _make_series(
            settings, key, default_lang, parts.names[key], None, model.Plan((), ()), ()
        )
        preview = model.plan_series(
            [*parts.published.get(key, ()), part],
            definition.planned if definition else (),
        )
        hidden = getattr(part.post, "status", None) == "hidden"
        part.post.series = model.navigation(
            series,
            part.post,
            preview.entries,
            visibility="hidden" if hidden else "draft",
        )
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
    index_save_as = setting(settings, "POST_SERIES_INDEX_SAVE_AS")
    index = (
        model.SeriesIndexPage(setting(settings, "POST_SERIES_INDEX_URL"), index_save_as)
        if index_save_as
        else None
    )
    series_list = tuple(sorted(by_key.values(), key=model.series_order_key))
    generated = context.setdefault("generated_content", {})
    for key, series in by_key.items():
        generated.setdefault(linker.content_keys[key], series)
    if index is not None and linker.index_key:
        generated.setdefault(linker.index_key, index)
    article_series: dict[str, list[Any]] = {}
    for series in sorted(series_list, key=lambda s: s.lang != default_lang):
        article_series.setdefault(series.title, list(series.parts))
    context["series_list"] = series_list
    context["series_index_page"] = index
    context["article_series"] = article_series
    context[CATALOG_KEY] = SeriesCatalog(
        series_list=series_list,
        by_key=MappingProxyType(dict(by_key)),
        index=index,
        linker=linker,
    )
    for series in series_list:
        logger.info(
            "Series %r (%s): %d published, %d planned",
            series.title,
            series.url,
            series.published_count,
            series.planned_count,
        )


def _make_series(
    settings: Mapping[str, Any],
    key: Key,
    default_lang: str,
    title: str,
    definition: model.SeriesDefinition | None,
    plan: model.Plan,
    linked_from: Iterable[Any],
) -> model.Series:
    lang, slug = key
    in_default = lang == default_lang
    prefix = "POST_SERIES_" if in_default else "POST_SERIES_LANG_"
    feed = setting(settings, "POST_SERIES_FEED_ATOM")
    if feed and not in_default:
        feed = setting(settings, "POST_SERIES_LANG_FEED_ATOM")
    feed_url = settings.get(
        "POST_SERIES_FEED_ATOM_URL" if in_default else "POST_SERIES_LANG_FEED_ATOM_URL",
        feed,
    )
    parts = tuple(entry.article for entry in plan.entries if entry.article is not None)
    return model.Series(
        slug=slug,
        title=title,
        lang=lang,
        url=model.format_url(setting(settings, prefix + "URL"), slug, lang) or "",
        save_as=model.format_url(setting(settings, prefix + "SAVE_AS"), slug, lang)
        or "",
        description=definition.description if definition else "",
        intro=definition.intro if definition else "",
        status=definition.status if definition else "ongoing",
        entries=plan.entries,
        parts=parts,
        planned=tuple(e.planned for e in plan.entries if e.planned is not None),
        promised=definition.planned if definition else (),
        linked_from=tuple(
            sorted(
                linked_from,
                key=lambda a: (a.date.timestamp(), _source(a)),
                reverse=True,
            )
        ),
        feed_url=model.format_url(feed_url, slug, lang) if feed else None,
        feed_save_as=model.format_url(feed, slug, lang),
        updated=model.latest_update(parts, definition.updated if definition else None),
        source=definition.source if definition else None,
        listed=bool(parts) or definition is not None,
        metadata=definition.metadata if definition else MappingProxyType({}),
    )


def link_pages(generator) -> None:
    """Rewrite ``{series}`` links in pages and give pages ``series_links``."""
    catalog: SeriesCatalog | None = generator.context.get(CATALOG_KEY)
    if catalog is None:
        return
    for page in every_page(generator):
        _, in_front_matter = _linked_series(page, catalog.linker, _source(page))
        catalog.linker.rewrite(page)
        page.series_links = [catalog.by_key[key] for key in in_front_matter]


# --- writing pages and feeds -----------------------------------------------------


class SeriesGenerator(Generator):
    """Writes each series' page and feed, and the series index."""

    def generate_output(self, writer) -> None:
        catalog: SeriesCatalog | None = self.context.get(CATALOG_KEY)
        if catalog is None:
            return
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        newest_first = self.settings.get("NEWEST_FIRST_ARCHIVES", True)
        taken: dict[str, str] = {}
        if catalog.index is not None:
            taken[catalog.index.save_as] = "the series index"
        template = self.get_template("series") if catalog.series_list else None
        for series in catalog.series_list:
            if not series.save_as:
                continue
            if series.save_as in taken:
                logger.error(
                    "%s: series %r would overwrite %s at %s; its page is not written",
                    series.source or series.slug,
                    series.title,
                    taken[series.save_as],
                    series.save_as,
                )
                continue
            taken[series.save_as] = f"series {series.title!r}"
            by_date = sorted(series.parts, key=lambda a: a.date, reverse=newest_first)
            write(
                series.save_as,
                template,
                self.context,
                series=series,
                articles=list(series.parts),
                dates=by_date,
                all_articles=self.context.get("articles", []),
                url=series.url,
                page_name=posixpath.splitext(series.save_as)[0],
                template_name="series",
            )
            if series.feed_save_as:
                writer.write_feed(
                    sorted(series.parts, key=lambda a: a.date, reverse=True),
                    self.context,
                    series.feed_save_as,
                    series.feed_url,
                    feed_title=series.title,
                )
        if catalog.index is not None:
            write(
                catalog.index.save_as,
                self.get_template("series_index"),
                self.context,
                series_list=catalog.series_list,
                url=catalog.index.url,
                page_name=posixpath.splitext(catalog.index.save_as)[0],
                template_name="series_index",
            )


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

"""description_cards: one front-matter ``description`` for cards, leads, meta
tags, OpenGraph, Twitter cards, JSON-LD and feeds.

This module is the Pelican adapter: it feeds Pelican's objects into ``model``
and puts the results back (``article.card``, ``page.card``, a Jinja global that
gives ``head.html`` its values, the optional head injection for other themes).
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote

from jinja2 import Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from pelican import signals

from pelican.plugins.postcard_core.content_lists import every_article, every_page
from pelican.plugins.postcard_core.plugin_templates import template_fallback

from .model import (
    Card,
    Link,
    PageHead,
    SeriesInfo,
    Site,
    as_int,
    content_head,
    fold,
    image_fields,
    insert_head,
    listing_head,
    make_card,
    make_site,
    needs_head,
    site_path,
)

logger = logging.getLogger(__name__)

HEAD_TEMPLATE = "description_cards/head.html"
CARD_TEMPLATE = "description_cards/card_markup.html"
SITE_KEY = "description_cards_site"
HEAD_GLOBAL = "description_cards_head"
CARD_GLOBAL = "description_cards_card"
# Per build, on each content object: its card markup by (SITEURL, heading level).
RENDERED_CARDS = "description_cards_rendered"

DEFAULTS: Mapping[str, Any] = MappingProxyType(
    {
        "DESCRIPTION_CARDS_MAX_LENGTH": 160,
        "DESCRIPTION_CARDS_SITE_DESCRIPTION": None,
        "DESCRIPTION_CARDS_DEFAULT_IMAGE": None,
        "DESCRIPTION_CARDS_INJECT": True,
        "DESCRIPTION_CARDS_AS_SUMMARY": True,
        "DESCRIPTION_CARDS_REQUIRE": False,
        "DESCRIPTION_CARDS_WORDS_PER_MINUTE": 200,
    }
)

_LINK_PREFIXES = ("{static}", "{attach}", "{filename}", "|static|", "|attach|")

add_plugin_templates = template_fallback(__file__)


def setting(settings: Mapping[str, Any], name: str) -> Any:
    """A ``DESCRIPTION_CARDS_*`` setting, or its default."""
    return settings.get(name, DEFAULTS[name])


# ----------------------------------------------------------------- rendering


class HeadInjectingTemplate(Template):
    """A template that adds ``head.html`` to pages whose ``<head>`` lacks it.

    Rendering is hooked instead of rewriting written files: a page that already
    has ``og:description`` (the bundled theme) costs two ``str.find`` calls.
    """

    def render(self, *args: Any, **kwargs: Any) -> str:
        html = super().render(*args, **kwargs)
        at = needs_head(html)
        if at == -1:
            return html
        head = self.environment.get_template(HEAD_TEMPLATE).render(*args, **kwargs)
        if not head.strip():
            return html
        return insert_head(html, head, at)


@pass_context
def page_head(ctx: Context) -> PageHead | None:
    """The head values of the page being rendered (a Jinja global for head.html).

    On index.html ``article`` may be a loop variable; only the page whose output
    file is the content's own ``save_as`` gets the content's head.
    """
    site = ctx.get(SITE_KEY)
    if not isinstance(site, Site):
        return None
    output_file = ctx.get("output_file")
    for name in ("article", "page"):
        item = ctx.get(name)
        card = getattr(item, "card", None)
        if isinstance(card, Card) and (
            output_file is None or output_file == getattr(item, "save_as", None)
        ):
            return content_head(card, site)
    is_home = _is_home(ctx)
    return listing_head(
        site,
        path=_listing_path(ctx),
        title="" if is_home else _listing_title(ctx),
        description=_listing_description(ctx),
        is_home=is_home,
    )


def _is_home(ctx: Context) -> bool:
    """Whether the page being rendered is the blog's home: the ``index`` direct
    template, on any of its paginated pages (Pelican gives them all its
    ``page_name``), or a page written as the root ``index.html``."""
    index_save_as = str(ctx.get("INDEX_SAVE_AS") or "index.html")
    page_name = ctx.get("page_name")
    if page_name is not None:
        return str(page_name) == posixpath.splitext(index_save_as)[0]
    return ctx.get("output_file") in (index_save_as, "index.html")


@pass_context
def card_markup(
    ctx: Context, content: Any, site_url: object = "", heading_level: object = 2
) -> Markup:
    """The card of ``content`` as HTML (a Jinja global for card.html).

    A post is listed on many pages (index, tags, category, author, series) with
    the same markup: it is rendered once per ``SITEURL`` and heading level.
    """
    card = getattr(content, "card", None)
    if not isinstance(card, Card):
        return Markup("")
    try:
        level = int(heading_level)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        level = 2
    level = level if 1 <= level <= 6 else 2
    rendered = getattr(content, RENDERED_CARDS, None)
    if not isinstance(rendered, dict):
        rendered = {}
        setattr(content, RENDERED_CARDS, rendered)
    key = (str(site_url or ""), level)
    html = rendered.get(key)
    if html is None:
        template = ctx.environment.get_template(CARD_TEMPLATE)
        html = Markup(
            template.render(card=card, SITEURL=key[0], card_heading_level=level)
        )
        rendered[key] = html
    return html


def _field(obj: Any, name: str) -> Any:
    """``obj[name]`` for a mapping, else ``obj.name`` (series may be either)."""
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _listing_path(ctx: Context) -> str:
    paginated = ctx.get("articles_page")
    url = getattr(paginated, "url", None) if paginated is not None else None
    return str(url or ctx.get("url") or ctx.get("output_file") or "")


def _listing_title(ctx: Context) -> str:
    series = ctx.get("series")
    if series is not None and not isinstance(series, str):
        title = _field(series, "title") or _field(series, "name")
        if title:
            return fold(title)
    for name in ("tag", "category", "author"):
        value = ctx.get(name)
        if value:
            return fold(value)
    period = ctx.get("period")
    if period:
        parts = period if isinstance(period, (tuple, list)) else (period,)
        return " ".join(str(part) for part in parts)
    # "series/index" (a folder's index page) is named after its folder.
    page_name = str(ctx.get("page_name") or "")
    if not page_name:
        page_name = posixpath.splitext(str(ctx.get("output_file") or ""))[0]
    parts = [part for part in page_name.split("/") if part]
    if parts and parts[-1] == "index":
        parts.pop()
    name = parts[-1] if parts else ""
    return name.replace("-", " ").replace("_", " ").capitalize()


def _listing_description(ctx: Context) -> Any:
    series = ctx.get("series")
    if series is not None and not isinstance(series, str):
        description = _field(series, "description")
        if description:
            return description
    if ctx.get("tag"):
        return _field(ctx.get("tag_summary"), "description")
    return None


def prepare_environment(generator: Any) -> None:
    """Give the generator's Jinja environment the head global and, when
    ``DESCRIPTION_CARDS_INJECT`` is on, the head-injecting template class."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    env.globals[HEAD_GLOBAL] = page_head
    env.globals[CARD_GLOBAL] = card_markup
    if setting(generator.settings, "DESCRIPTION_CARDS_INJECT"):
        env.template_class = HeadInjectingTemplate


# ------------------------------------------------------------------- cards


def _contents(generators: Iterable[Any]) -> Iterator[tuple[str, Any]]:
    """Every article and page (drafts, hidden ones and translations too)."""
    from pelican.generators import ArticlesGenerator, PagesGenerator

    seen: set[int] = set()
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            kind, items = "article", (a for a, _ in every_article(generator))
        elif isinstance(generator, PagesGenerator):
            kind, items = "page", every_page(generator)
        else:
            continue
        for item in items:
            if id(item) not in seen:
                seen.add(id(item))
                yield kind, item


def _link(obj: Any) -> Link | None:
    if obj is None or not str(obj).strip():
        return None
    return Link(name=fold(obj), path=str(getattr(obj, "url", "") or ""))


def _links(objs: Any) -> list[Link]:
    if not objs or isinstance(objs, str):
        return []
    return [link for link in map(_link, objs) if link is not None]


def _series(content: Any) -> SeriesInfo | None:
    series = getattr(content, "series", None)
    if not series:
        return None
    if isinstance(series, str):  # post_series is off: only the front-matter name
        return SeriesInfo(
            name=fold(series), index=as_int(content.metadata.get("series_index"))
        )
    name = fold(_field(series, "name") or _field(series, "title") or "")
    if not name:
        return None
    return SeriesInfo(
        name=name,
        index=as_int(_field(series, "index")),
        total=as_int(_field(series, "total")),
        path=str(_field(series, "url") or ""),
    )


def resolve_image_link(
    value: Any, base_dir: str, context: Mapping[str, Any], where: str, fallback: str
) -> Any:
    """An ``image`` (front matter, or ``DESCRIPTION_CARDS_DEFAULT_IMAGE``) as a
    string or ``{path, alt}`` with Pelican's ``{static}`` (``{attach}``,
    ``{filename}``) links resolved to the linked file's URL.

    Returns None, with one WARNING naming ``where``, when the value is not a
    safe URL or links to a file Pelican does not know; ``fallback`` says what
    is used instead.
    """
    path, alt = image_fields(value)
    if path is None or not str(path).strip():
        return None
    path = str(path).strip()
    if path.startswith(_LINK_PREFIXES):
        target = path.split("}", 1)[-1] if path[0] == "{" else path.split("|", 2)[-1]
        target, hash_mark, fragment = target.partition("#")
        target, question_mark, query = target.partition("?")
        if target.startswith("/"):
            source = target[1:]
        else:
            source = posixpath.normpath(posixpath.join(base_dir, target))
        source = unquote(source)
        for key in ("static_content", "generated_content"):
            linked = (context.get(key) or {}).get(source)
            if linked is not None and getattr(linked, "url", None):
                break
        else:
            logger.warning(
                "%s: image %r links to %s, which is not a file of the site; %s",
                where,
                path,
                source,
                fallback,
            )
            return None
        suffix = f"{question_mark}{query}{hash_mark}{fragment}"
        return {"path": f"{linked.url}{suffix}", "alt": alt}
    if not site_path(path):
        logger.warning(
            "%s: image %r is neither an http(s) URL nor a path in the site; %s",
            where,
            path,
            fallback,
        )
        return None
    return {"path": path, "alt": alt}


def card_for(
    kind: str,
    content: Any,
    site: Site,
    settings: Mapping[str, Any],
    context: Mapping[str, Any],
) -> Card:
    """Compute the card of one Pelican article or page."""
    metadata = content.metadata
    image = resolve_image_link(
        metadata.get("image"),
        str(getattr(content, "relative_dir", "") or ""),
        context,
        _source(content),
        "the card uses the default image",
    )
    return make_card(
        site=site,
        kind=kind,
        title=getattr(content, "title", ""),
        path=str(content.url or ""),
        description=metadata.get("description"),
        summary=metadata.get("summary"),
        # The raw HTML: Pelican's ``content`` property resolves intra-site links,
        # which must happen at write time, not now.
        content_html=str(getattr(content, "_content", "") or ""),
        date=getattr(content, "date", None),
        modified=getattr(content, "modified", None),
        date_text=getattr(content, "locale_date", ""),
        tags=_links(getattr(content, "tags", None)),
        category=_link(getattr(content, "category", None)),
        authors=_links(getattr(content, "authors", None)),
        image=image,
        series=_series(content),
        lang=str(getattr(content, "lang", "") or ""),
        words_per_minute=int(setting(settings, "DESCRIPTION_CARDS_WORDS_PER_MINUTE")),
        draft=getattr(content, "status", "") == "draft",
    )


def _source(content: Any) -> str:
    """The content's file, relative to the working folder when it is inside it."""
    path = content.source_path or str(content)
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def make_site_from(settings: Mapping[str, Any], context: Mapping[str, Any]) -> Site:
    """Site-wide values from Pelican's settings (and, for ``{static}`` links in
    the default image, the build's context)."""
    default_image = resolve_image_link(
        setting(settings, "DESCRIPTION_CARDS_DEFAULT_IMAGE"),
        "",
        context,
        "DESCRIPTION_CARDS_DEFAULT_IMAGE",
        "pages without an image of their own get none",
    )
    return make_site(
        name=settings.get("SITENAME", ""),
        site_url=settings.get("SITEURL", ""),
        description=setting(settings, "DESCRIPTION_CARDS_SITE_DESCRIPTION"),
        subtitle=settings.get("SITESUBTITLE"),
        locale=settings.get("LOCALE"),
        lang=str(settings.get("DEFAULT_LANG", "") or ""),
        twitter_username=settings.get("TWITTER_USERNAME"),
        default_image=default_image,
        max_length=int(setting(settings, "DESCRIPTION_CARDS_MAX_LENGTH")),
    )


def compute_cards(generators: list[Any]) -> None:
    """At ``all_generators_finalized`` (post_series has set ``article.series``):
    compute every card, put the site values in the context, check descriptions."""
    generators = list(generators)
    if not generators:
        return
    settings = generators[0].settings
    context = generators[0].context
    site = make_site_from(settings, context)
    context[SITE_KEY] = site
    if not site.url:
        logger.info(
            "description_cards: SITEURL is not set (a local preview), so pages get "
            "no canonical link, og:url, local og:image or JSON-LD URLs; set SITEURL "
            "to an absolute URL for link previews"
        )
    as_summary = setting(settings, "DESCRIPTION_CARDS_AS_SUMMARY")
    cards: list[tuple[Any, Card]] = []
    for kind, content in _contents(generators):
        card = card_for(kind, content, site, settings, context)
        content.card = card
        setattr(content, RENDERED_CARDS, {})
        cards.append((content, card))
        if (
            as_summary
            and card.description_source == "description"
            and "summary" not in content.metadata
        ):
            # Feeds and other themes' listings print the summary as HTML.
            summary = str(escape(card.description))
            content.metadata["summary"] = summary
            content._summary = summary
    check_descriptions(cards, settings, site)


def check_descriptions(
    cards: list[tuple[Any, Card]], settings: Mapping[str, Any], site: Site
) -> None:
    """Log what a blogger should fix: missing, over-long and duplicate descriptions."""
    require = setting(settings, "DESCRIPTION_CARDS_REQUIRE")
    published = [
        (content, card)
        for content, card in cards
        if getattr(content, "status", "published") != "draft"
    ]
    fallbacks: dict[str, int] = defaultdict(int)
    articles = 0
    by_text: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for content, card in published:
        if card.kind == "article":
            articles += 1
            if card.description_source != "description":
                fallbacks[card.description_source] += 1
        if card.description_source != "description":
            if require:
                logger.error(
                    "%s: no front-matter description (DESCRIPTION_CARDS_REQUIRE is "
                    "on); the card uses %s",
                    _source(content),
                    "its summary"
                    if card.description_source == "summary"
                    else "its first paragraph",
                )
            continue
        if len(card.description) > site.max_length:
            logger.warning(
                "%s: description is %d characters, longer than "
                "DESCRIPTION_CARDS_MAX_LENGTH (%d); meta tags show it cut at a word",
                _source(content),
                len(card.description),
                site.max_length,
            )
        by_text[(card.lang, card.description)].append(content)
    for (_lang, text), contents in by_text.items():
        if len(contents) > 1:
            logger.warning(
                "description_cards: the same description is used by %s: %r",
                ", ".join(_source(content) for content in contents),
                text if len(text) <= 80 else text[:79] + "…",
            )
    if articles:
        logger.info(
            "description_cards: %d of %d articles have a front-matter description; "
            "%d fall back to their summary, %d to their first paragraph",
            articles - sum(fallbacks.values()),
            articles,
            fallbacks["summary"],
            fallbacks["content"],
        )


def register() -> None:
    """Connect this plugin to Pelican's signals."""
    signals.generator_init.connect(add_plugin_templates)
    signals.generator_init.connect(prepare_environment)
    signals.all_generators_finalized.connect(compute_cards)

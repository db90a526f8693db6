"""description_cards: one front-matter ``description`` for cards, leads, meta
tags, OpenGraph, Twitter cards, JSON-LD and feeds.

This module is the Pelican adapter: it feeds Pelican's objects into the model
(``model`` cards, ``head`` the page head, ``injection`` where the head goes in
other themes, ``checks`` the build-log checks, ``conversion`` Pelican's objects as model
values, ``sharing`` and ``share_image``
the share images, which ``images`` plans and draws) and puts the results back
(``article.card``, ``page.card``, Jinja globals for the partials).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from pelican import signals

from pelican.plugins.postcard_core.attached import card_of, key_line
from pelican.plugins.postcard_core.content_lists import generator_contents
from pelican.plugins.postcard_core.outputs import PlannedOutput, add_planner
from pelican.plugins.postcard_core.plugin_templates import template_fallback
from pelican.plugins.postcard_core.problems import log_problems, source_name
from pelican.plugins.postcard_core.settings import setting

from .checks import Described, check_descriptions
from .conversion import card_for, make_site_from
from .head import PageHead, page_head_for
from .images import RENDERED_CARDS, ShareImages, share_images_generator
from .injection import HeadInjectingTemplate
from .model import (
    DEFAULTS,
    NO_SITEURL_NOTE,
    Card,
    Site,
    heading_level,
    summary_from_card,
)

logger = logging.getLogger(__name__)

CARD_TEMPLATE = "description_cards/card_markup.html"
SITE_KEY = "description_cards_site"
HEAD_GLOBAL = "description_cards_head"
CARD_GLOBAL = "description_cards_card"
# Per build, on each content object: its card markup by (SITEURL, heading level).
# Per build, in the context: the cards computed, the generators, every file read.
STATE_KEY = "description_cards_build"
GENERATORS_KEY = "description_cards_generators"
READ_KEY = "description_cards_read"

add_plugin_templates = template_fallback(__file__)


# ----------------------------------------------------------------- rendering


@pass_context
def page_head(ctx: Context) -> PageHead | None:
    """The head values of the page being rendered (a Jinja global for head.html)."""
    site = ctx.get(SITE_KEY)
    return page_head_for(ctx, site) if isinstance(site, Site) else None


@pass_context
def card_markup(
    ctx: Context, content: Any, site_url: object = "", heading_level_: object = 2
) -> Markup:
    """The card of ``content`` as HTML (a Jinja global for card.html).

    A post is listed on many pages (index, tags, category, author, series) with
    the same markup: it is rendered once per ``SITEURL`` and heading level.
    """
    card = card_of(content)
    if not isinstance(card, Card):
        return Markup("")
    level = heading_level(heading_level_)
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


def prepare_environment(generator: Any) -> None:
    """Give the generator's Jinja environment the head global and, when
    ``DESCRIPTION_CARDS_INJECT`` is on, the head-injecting template class."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    env.globals[HEAD_GLOBAL] = page_head
    env.globals[CARD_GLOBAL] = card_markup
    if setting(generator.settings, "DESCRIPTION_CARDS_INJECT", DEFAULTS):
        env.template_class = HeadInjectingTemplate


# ------------------------------------------------------------------- cards


def _contents(generators: Iterable[Any]) -> Iterator[tuple[str, Any]]:
    """Every article and page (drafts, hidden ones and translations too)."""
    seen: set[int] = set()
    for generator in generators:
        kind, items = generator_contents(generator)
        for item in items:
            if id(item) not in seen:
                seen.add(id(item))
                yield kind, item


@dataclass
class CardsOfBuild:
    """What ``plan_cards`` computed for one build (kept in its context)."""

    site: Site
    share: ShareImages | None


def plan_cards(generators: list[Any]) -> CardsOfBuild:
    """Compute every card once per build, put the site values in the context and
    check descriptions; plan the share images (drawn from ``compute_cards``).

    Called when output_guard asks which files the build writes, or else by
    ``compute_cards``; either way at ``all_generators_finalized``, when
    post_series has set ``article.series``.
    """
    context = generators[0].context
    done = context.get(STATE_KEY)
    if isinstance(done, CardsOfBuild):
        return done
    settings = generators[0].settings
    site = make_site_from(settings, context)
    share = ShareImages.for_build(settings, site, context)
    if share is not None:
        site = share.home()
    context[SITE_KEY] = site
    if not site.url:
        logger.info("%s", NO_SITEURL_NOTE)
    as_summary = setting(settings, "DESCRIPTION_CARDS_AS_SUMMARY", DEFAULTS)
    described: list[Described] = []
    for kind, content in _contents(generators):
        card = card_for(kind, content, site, context, share)
        content.card = card
        setattr(content, RENDERED_CARDS, {})
        source = source_name(content)
        described.append(Described(source, card, key_line(content, "description")))
        summary = summary_from_card(card, "summary" in content.metadata)
        if as_summary and summary is not None:
            # Feeds and other themes' listings print the summary as HTML.
            content.metadata["summary"] = summary
            content._summary = summary
    _report(described, site, settings)
    context[STATE_KEY] = state = CardsOfBuild(site, share)
    return state


def _report(described: list[Described], site: Site, settings: Any) -> None:
    report = check_descriptions(
        described,
        max_length=site.max_length,
        require=bool(setting(settings, "DESCRIPTION_CARDS_REQUIRE", DEFAULTS)),
    )
    for source, problem in report.problems:
        log_problems(logger, source, [problem])
    for message in report.duplicates:
        logger.warning("%s", message)
    if report.summary:
        logger.info("%s", report.summary)


def compute_cards(generators: list[Any]) -> None:
    """``all_generators_finalized``: the cards (planned already when output_guard
    asked for the build's files), then the share images of what is still built
    start being drawn."""
    generators = list(generators)
    if not generators:
        return
    state = plan_cards(generators)
    if state.share is not None:
        live = {id(content) for _, content in _contents(generators)}
        context = generators[0].context
        context[SITE_KEY] = state.share.finish(live, context)


def remember_generator(generator: Any) -> None:
    """``generator_init``: note each generator, and declare the share images to
    output_guard through ``postcard_core.outputs``."""
    context = generator.context
    context.setdefault(GENERATORS_KEY, []).append(generator)
    add_planner(context, "description_cards", partial(_planned_outputs, context))


def mark_read(generator: Any) -> None:
    """``static_generator_finalized``: every file of the site has been read."""
    generator.context[READ_KEY] = True


def _planned_outputs(context: Mapping[str, Any]) -> Iterator[PlannedOutput]:
    # Asked before tags are built too, when cards cannot be computed yet.
    generators = context.get(GENERATORS_KEY)
    if not context.get(READ_KEY) or not generators:
        return
    share = plan_cards(generators).share
    if share is not None:
        yield from share.planned_outputs()


def register() -> None:
    """Connect this plugin to Pelican's signals."""
    signals.generator_init.connect(add_plugin_templates)
    signals.generator_init.connect(prepare_environment)
    signals.generator_init.connect(remember_generator)
    signals.static_generator_finalized.connect(mark_read)
    signals.all_generators_finalized.connect(compute_cards)
    signals.get_generators.connect(share_images_generator)

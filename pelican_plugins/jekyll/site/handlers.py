"""The signal handlers of a ``JEKYLL_SITE`` build: a thin adapter between
Pelican and the model (site, contract, outputs, build_log).

At ``initialized`` the Jekyll site is read once and Pelican set up to build it;
before the taxonomies, unpublished and future posts are taken out of the output
and colliding posts settled; once everything is read, colliding pages and
static files, and the build's INFO line; jekyll-feed's category and tag feeds
are written with the articles; the content cache's stamp once all is done.
Compiled templates are kept in the cache folder with the content cache.
"""

from __future__ import annotations

import datetime
import logging
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pelican.paginator import PaginationRule
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category

from pelican.plugins.postcard_core.problems import FrontMatterError, source_name

from ..redirects.pages import planned_redirect_count
from ..rules.local_zone import fallback_zone
from . import build_log, content_cache, contract, template_cache
from .model import SITE_KEY, SitePlan, load_site, site_of
from .outputs import (
    PAGE,
    POST,
    STATIC,
    Output,
    collisions,
    extra_feeds,
    held_back,
    output_of,
)

logger = logging.getLogger(__name__)

_WHERE_KEY = "jekyll_where"  # where the site is, what the settings file wrote
_RAN_KEY = "jekyll_ran"  # a run is done: the next one reads the site again


class BrokenJekyllSite(SystemExit):
    """The Jekyll site cannot be read: the build stops before writing anything
    (exit status 1; the reason is already logged, so no traceback)."""


def read_site(pelican: Any) -> None:
    """Read ``_config.yml`` and the site's files once; derive the settings."""
    settings = pelican.settings
    where = contract.locate(settings, sys.modules, DEFAULT_CONFIG, Path.cwd())
    settings[_WHERE_KEY] = where
    try:
        plan = _plan(settings, where)
    except (FrontMatterError, OSError) as error:
        logger.error("%s", build_log.unreadable(error, where.root))
        raise BrokenJekyllSite(1) from None
    replaced_path = contract.apply(settings, plan.settings, where.written)
    if replaced_path:
        logger.warning("%s", replaced_path)
    pelican.path = settings["PATH"]
    _take(settings, plan)


def _plan(settings: Mapping[str, Any], where: contract.Located) -> SitePlan:
    names = settings.get("JEKYLL_CONFIG") or ()
    plan = load_site(
        where.root,
        [names] if isinstance(names, str) else names,
        contract.pelican_paths(where.root, settings, where.settings_file),
        fallback_zone(
            settings.get("TIMEZONE") if "TIMEZONE" in where.written else None,
            os.environ,
        ),
    )
    for source, problem in plan.problems:
        logger.log(problem.level, "%s", problem.format(source))
    return plan


def _take(settings: dict[str, Any], plan: SitePlan) -> None:
    settings["PAGINATION_PATTERNS"] = [
        PaginationRule(*rule) for rule in settings["PAGINATION_PATTERNS"]
    ]
    settings[SITE_KEY] = plan.site
    content_cache.check_cache(settings, plan.site)
    environment = template_cache.jinja_environment(settings)
    if environment is not None:  # compiled templates kept, as Jekyll keeps its cache
        settings["JINJA_ENVIRONMENT"] = environment
    if plan.not_built:
        logger.warning("%s", build_log.not_built(plan.not_built))


def reread_site(generator: Any) -> None:
    """At the first generator of a second run of one Pelican (``--autoreload``):
    read the site again, so new posts and a changed ``_config.yml`` are built."""
    settings = generator.settings
    where = settings.get(_WHERE_KEY)
    if not settings.pop(_RAN_KEY, False) or not isinstance(where, contract.Located):
        return
    try:
        plan = _plan(settings, where)
    except (FrontMatterError, OSError) as error:
        logger.error(
            "%s; the site as it was is built", build_log.unreadable(error, where.root)
        )
        return
    contract.apply(settings, plan.settings, where.written)
    _take(settings, plan)


def mark_run(pelican: Any) -> None:
    """After a run: the next one (autoreload) reads the site again."""
    if site_of(pelican.settings) is not None:
        pelican.settings[_RAN_KEY] = True


def settle_posts(generator: Any) -> None:
    """Before taxonomies: unpublished and future posts are written nowhere (one
    INFO for those held back); of posts Jekyll writes to one path, the one
    Jekyll's ``_site`` keeps is kept (one ERROR each)."""
    if site_of(generator.settings) is None:
        return
    settings = generator.settings
    drafts = [*generator.drafts, *generator.drafts_translations]
    now = datetime.datetime.now(datetime.timezone.utc)
    held = held_back(((d.metadata, d.date) for d in drafts), now)
    for draft in drafts:
        for name in ("override_url", "override_save_as"):
            if name in vars(draft):
                delattr(draft, name)  # Pelican writes drafts at their own URL
        if not hasattr(draft, "category"):  # Pelican's draft writer asks for one
            draft.category = Category(DEFAULT_CONFIG["DEFAULT_CATEGORY"], settings)
    if held:
        logger.info("%s", build_log.held_back(held))
    outputs = [_output(a, POST) for a in generator.articles]
    dropped = _drop_collisions(outputs)
    generator.articles[:] = [
        a for a in generator.articles if source_name(a) not in dropped
    ]


def _output(content: Any, kind: int) -> Output:
    return output_of(content, kind, source_name(content))


def _drop_collisions(outputs: Iterable[Output]) -> set[str]:
    dropped: set[str] = set()
    for collision in collisions(outputs):
        logger.error("%s", collision.message())
        dropped.update(output.source for output in collision.dropped)
    return dropped


def settle_outputs(generators: Iterable[Any]) -> None:
    """Once everything is read: pages and static files Jekyll's URLs put where
    something else goes (one ERROR each), and the build's one INFO line."""
    generators = list(generators)
    site = site_of(generators[0].settings) if generators else None
    if site is None:
        return
    found = {name: g for g in generators for name in _lists(g)}
    posts = getattr(found.get("articles"), "articles", [])
    pages = getattr(found.get("pages"), "pages", [])
    static = getattr(found.get("staticfiles"), "staticfiles", [])
    kinds = ((posts, POST), (pages, PAGE), (static, STATIC))
    dropped = _drop_collisions(_output(c, kind) for items, kind in kinds for c in items)
    pages[:] = [p for p in pages if source_name(p) not in dropped]
    static[:] = [f for f in static if source_name(f) not in dropped]
    redirects = planned_redirect_count(generators[0].context)
    logger.info("%s", build_log.summary(site, generators[0].settings, redirects))


def _lists(generator: Any) -> list[str]:
    return [n for n in ("articles", "pages", "staticfiles") if hasattr(generator, n)]


def write_feeds(generator: Any, writer: Any) -> None:
    """jekyll-feed's category and tag feeds, where its settings asked."""
    site = site_of(generator.settings)
    if site is None or site.feed is None:
        return
    articles = list(generator.articles)
    categories = [str(c) for a in articles for c in getattr(a, "categories", ())]
    tags = [str(t) for a in articles for t in getattr(a, "tags", ())]
    root = Path(site.root)
    for extra in extra_feeds(
        site.feed, categories, tags, lambda p: (root / p).exists()
    ):
        chosen = [
            a
            for a in articles
            if extra.wants(getattr(a, "categories", ()), getattr(a, "tags", ()))
        ]
        writer.write_feed(chosen, generator.context, extra.path, feed_title=extra.title)


def save_cache_stamp(pelican: Any) -> None:
    """After a whole build: the content cache now matches this site's config."""
    site = site_of(pelican.settings)
    if site is not None:
        content_cache.save_cache_stamp(pelican.settings, site)

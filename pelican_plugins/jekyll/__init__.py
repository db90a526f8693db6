"""jekyll: Jekyll's conventions for Pelican, and whole Jekyll sites.

What Jekyll's front matter fields and post file names mean, literal
permalinks, and the Liquid in post bodies. It gives meaning to the headers
front_matter reads: enable both (the ``postcard`` bundle does). With
``JEKYLL_SITE`` (the folder of ``_config.yml``), Pelican builds that Jekyll
site with Jekyll's URLs, dates, categories and feed.
"""

from __future__ import annotations

import datetime
import logging
import os
import sys
from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.paginator import PaginationRule
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category
from pelican.utils import get_date

from pelican.plugins.postcard_core.problems import FrontMatterError, source_name
from pelican.plugins.postcard_core.reading import HeaderReading
from pelican.plugins.postcard_core.settings import adopt_renamed_settings, setting

from . import build_log, contract
from .documents import jekyll_document
from .fields import file_date_fallback, file_name_defaults, translate
from .liquid_subset import render_liquid
from .outputs import PAGE, POST, STATIC, Output, collisions, extra_feeds
from .post_links import index_posts, post_link
from .site import JekyllSite, load_site

logger = logging.getLogger(__name__)

DEFAULTS: Mapping[str, Any] = {
    "JEKYLL_SPACE_SEPARATED_TAGS": False,
    "JEKYLL_FILE_NAMES": True,
    "JEKYLL_LIQUID": True,
    "JEKYLL_SITE": None,
    "JEKYLL_CONFIG": (),
}
# Settings of the first release, read for one more release.
RENAMED_SETTINGS: Mapping[str, str] = {
    "FRONT_MATTER_SPACE_SEPARATED_TAGS": "JEKYLL_SPACE_SEPARATED_TAGS",
    "FRONT_MATTER_JEKYLL_FILE_NAMES": "JEKYLL_FILE_NAMES",
    "FRONT_MATTER_LIQUID": "JEKYLL_LIQUID",
}
_STATE = "jekyll"
SITE_KEY = "jekyll_site"  # the build's JekyllSite, in Pelican's settings


class BrokenJekyllSite(SystemExit):
    """The Jekyll site cannot be read: the build stops before writing anything
    (exit status 1; the reason is already logged, so no traceback)."""


def _site(settings: Mapping[str, Any]) -> JekyllSite | None:
    site = settings.get(SITE_KEY)
    return site if isinstance(site, JekyllSite) else None


def read_jekyll_header(reading: HeaderReading) -> None:
    """Give a YAML-headed file Jekyll's meaning: its fields, its file name's
    date and slug (or, in a Jekyll site, everything Jekyll derives), and the
    Liquid in its body."""
    settings = reading.settings
    site = _site(settings)
    entry = site.entry(reading.source) if site is not None else None
    if site is not None and entry is not None:
        mtime = os.path.getmtime(reading.source_path)
        read = jekyll_document(site, entry, reading.document, mtime)
        reading.document = read.document
        reading.problems.extend(read.problems)
        reading.defaults["slug"] = read.slug
    reading.document = translate(
        reading.document,
        space_separated_tags=setting(settings, "JEKYLL_SPACE_SEPARATED_TAGS", DEFAULTS),
    )
    if entry is None and setting(settings, "JEKYLL_FILE_NAMES", DEFAULTS):
        named = file_name_defaults(reading.source_path)
        reading.defaults.update(named)
        reading.document, problems = file_date_fallback(
            reading.document, named, _pelican_reads
        )
        reading.problems.extend(problems)
    if setting(settings, "JEKYLL_LIQUID", DEFAULTS):
        _render_liquid(reading)


def _pelican_reads(text: str) -> bool:
    """Whether Pelican's date reader reads ``text`` (as front_matter asks it)."""
    try:
        get_date(text.replace("_", " "))
    except ValueError:
        return False
    return True


def _render_liquid(reading: HeaderReading) -> None:
    settings = reading.settings
    state = reading.state.setdefault(_STATE, {})
    if "posts" not in state:  # once per reader, so once per build
        state["posts"] = index_posts(settings)
    liquid = render_liquid(
        reading.body,
        site_url=settings.get("SITEURL", ""),
        post_link=partial(post_link, state["posts"]),
        first_line=reading.document.body_line,
    )
    reading.body = liquid.text
    reading.problems.extend(liquid.problems)


def add_header_hook(generator: Any) -> None:
    """Hand jekyll's header hook to each YAML-header reader of the generator."""
    readers = getattr(getattr(generator, "readers", None), "readers", None) or {}
    for reader in readers.values():
        hooks = getattr(reader, "header_hooks", None)
        if isinstance(hooks, list) and read_jekyll_header not in hooks:
            hooks.append(read_jekyll_header)


def start_build(pelican: Any) -> None:
    """Read the first release's ``FRONT_MATTER_*`` names, with a warning; with
    ``JEKYLL_SITE``, read the Jekyll site and set Pelican up to build it."""
    adopt_renamed_settings(pelican.settings, RENAMED_SETTINGS)
    if pelican.settings.get("JEKYLL_SITE"):
        read_site(pelican)


def read_site(pelican: Any) -> None:
    """Read ``_config.yml`` and the site's files once; derive the settings."""
    settings = pelican.settings
    module = contract.settings_module(settings, sys.modules)
    settings_file = getattr(module, "__file__", None)
    folder = Path(settings_file).resolve().parent if settings_file else Path.cwd()
    root = contract.site_root(settings["JEKYLL_SITE"], folder)
    module_keys = [k for k in vars(module) if k.isupper()] if module else ()
    written = contract.written_settings(settings, module_keys, DEFAULT_CONFIG)
    names = settings.get("JEKYLL_CONFIG") or ()
    try:
        plan = load_site(
            root,
            [names] if isinstance(names, str) else names,
            contract.pelican_paths(root, settings, settings_file),
            settings.get("TIMEZONE") if "TIMEZONE" in written else None,
        )
    except (FrontMatterError, OSError) as error:
        logger.error("%s", build_log.unreadable(error, root))
        raise BrokenJekyllSite(1) from None
    for source, problem in plan.problems:
        logger.log(problem.level, "%s", problem.format(source))
    proposal = dict(plan.settings)
    path = proposal.pop("PATH")
    if "PATH" in written and os.path.abspath(settings["PATH"]) != path:
        logger.warning(build_log.path_replaced(settings["PATH"], path))
    settings["PATH"] = pelican.path = path
    contract.merge_settings(settings, proposal, written)
    settings["PAGINATION_PATTERNS"] = [
        PaginationRule(*rule) for rule in settings["PAGINATION_PATTERNS"]
    ]
    settings["DEFAULT_LANG"] = str(settings.get("DEFAULT_LANG") or "en").lower()
    settings[SITE_KEY] = plan.site
    build_log.check_cache(settings, plan.site)
    if plan.not_built:
        logger.warning("%s", build_log.not_built(plan.not_built))


def settle_posts(generator: Any) -> None:
    """Before taxonomies: unpublished and future posts are written nowhere (one
    INFO for those held back); of posts Jekyll writes to one path, the one
    Jekyll's ``_site`` keeps is kept (one ERROR each)."""
    if _site(generator.settings) is None:
        return
    now = datetime.datetime.now(datetime.timezone.utc)
    held = 0
    for draft in [*generator.drafts, *generator.drafts_translations]:
        if draft.metadata.get("status") != "draft" and draft.date > now:
            held += 1
        for name in ("override_url", "override_save_as"):
            if name in vars(draft):
                delattr(draft, name)
        if not hasattr(draft, "category"):  # Pelican's draft writer asks for one
            draft.category = Category(
                generator.settings.get("DEFAULT_CATEGORY") or "misc", generator.settings
            )
    if held:
        logger.info("%s", build_log.held_back(held))
    outputs = [_output(a, POST) for a in generator.articles]
    dropped = _drop_collisions(outputs)
    generator.articles[:] = [
        a for a in generator.articles if source_name(a) not in dropped
    ]


def _output(content: Any, kind: int) -> Output:
    source = source_name(content)
    order = (kind, content.date, source) if kind == POST else (kind, source)
    return Output(str(content.save_as), source, order)


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
    site = _site(generators[0].settings) if generators else None
    if site is None:
        return
    found = {name: g for g in generators for name in _lists(g)}
    posts = getattr(found.get("articles"), "articles", [])
    pages = getattr(found.get("pages"), "pages", [])
    static = getattr(found.get("staticfiles"), "staticfiles", [])
    outputs = [
        *(_output(post, POST) for post in posts),
        *(_output(page, PAGE) for page in pages),
        *(
            Output(str(f.save_as), source_name(f), (STATIC, source_name(f)))
            for f in static
        ),
    ]
    dropped = _drop_collisions(outputs)
    pages[:] = [p for p in pages if source_name(p) not in dropped]
    static[:] = [f for f in static if source_name(f) not in dropped]
    redirects = build_log.redirect_count([*posts, *pages])
    logger.info("%s", build_log.summary(site, generators[0].settings, redirects))


def _lists(generator: Any) -> list[str]:
    return [n for n in ("articles", "pages", "staticfiles") if hasattr(generator, n)]


def write_feeds(generator: Any, writer: Any) -> None:
    """jekyll-feed's category and tag feeds, where its settings asked."""
    site = _site(generator.settings)
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
            if extra.category in map(str, getattr(a, "categories", ()))
            or extra.tag in map(str, getattr(a, "tags", ()))
        ]
        title = extra.category or extra.tag
        writer.write_feed(chosen, generator.context, extra.path, feed_title=title)


def save_cache_stamp(pelican: Any) -> None:
    """After a whole build: the content cache now matches this site's config."""
    if _site(pelican.settings) is not None:
        build_log.save_cache_stamp(pelican.settings)


def register() -> None:
    """Connect this plugin to Pelican's signals."""
    signals.initialized.connect(start_build)
    signals.generator_init.connect(add_header_hook)
    signals.article_generator_pretaxonomy.connect(settle_posts)
    signals.all_generators_finalized.connect(settle_outputs)
    signals.article_writer_finalized.connect(write_feeds)
    signals.finalized.connect(save_cache_stamp)

"""jekyll: a Jekyll blog's posts, or the whole Jekyll site, built by Pelican
with everything Jekyll gave them kept (URLs, dates, categories, feeds, old URLs).

This module only connects the parts to Pelican (the header hook and
``register()``); each part is its own package:

- ``rules/``: Jekyll's rules for one file (fields, file names, dates, slugs,
  permalinks, globs), pure functions;
- ``site/``: a whole Jekyll site through ``JEKYLL_SITE`` (its model, and
  ``handlers.py``, its signal handlers);
- ``redirects/``: jekyll-redirect-from's rules and its generator;
- ``liquid/``: the Liquid engine; ``bodies/``: Liquid in bodies, and what a site
  gives it;
- ``kramdown/``: the kramdown profile.

Settings and their defaults are in ``plugin_settings.py``. It gives meaning to
the headers front_matter reads: enable both (the ``postcard`` bundle does).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from pelican import signals
from pelican.settings import DEFAULT_CONFIG

from pelican.plugins.postcard_core.reading import HeaderReading
from pelican.plugins.postcard_core.settings import adopt_renamed_settings, setting

from .bodies.hook import exclude_support_folders, render_body
from .kramdown.profile import excerpt_summary, install_markdown_profile
from .plugin_settings import DEFAULTS, RENAMED_SETTINGS
from .redirects.pages import add_plugin_templates, mark_redirect_to, redirect_generator
from .rules.fields import file_date_fallback, file_name_defaults, translate
from .rules.file_names import filename_metadata
from .rules.pelican_dates import pelican_date
from .site.documents import read_once
from .site.handlers import (
    mark_run,
    read_site,
    reread_site,
    save_cache_stamp,
    settle_outputs,
    settle_posts,
    site_of,
    write_feeds,
)

logger = logging.getLogger(__name__)


def read_jekyll_header(reading: HeaderReading) -> None:
    """Give a YAML-headed file Jekyll's meaning: its fields, its file name's
    date and slug (or, in a Jekyll site, everything Jekyll derives), and the
    Liquid in its body."""
    settings = reading.settings
    site = site_of(settings)
    entry = site.entry(reading.source) if site is not None else None
    if site is not None and entry is not None:
        read = read_once(
            site,
            entry,
            reading.document,
            reading.source_path,
            lambda: os.path.getmtime(reading.source_path),
            reading.state,
        )
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
        if site is not None:
            render_body(reading, site=lambda: _liquid_site(site, reading))
        else:
            render_body(reading, read_header=read_jekyll_header)
    if setting(settings, "JEKYLL_KRAMDOWN", DEFAULTS):
        excerpt_summary(reading)


def _liquid_site(site: Any, reading: HeaderReading) -> Any:
    from .bodies.jekyll_site import JekyllLiquidSite

    return JekyllLiquidSite(site, reading.state)


def _pelican_reads(text: str) -> bool:
    """Whether Pelican's date reader reads ``text`` (as front_matter asks it)."""
    try:
        pelican_date(text.replace("_", " "))
    except ValueError:
        return False
    return True


def add_header_hook(generator: Any) -> None:
    """Hand jekyll's header hook to each YAML-header reader of the generator."""
    readers = getattr(getattr(generator, "readers", None), "readers", None) or {}
    for reader in readers.values():
        hooks = getattr(reader, "header_hooks", None)
        if isinstance(hooks, list) and read_jekyll_header not in hooks:
            hooks.append(read_jekyll_header)


def start_build(pelican: Any) -> None:
    """Read the first release's ``FRONT_MATTER_*`` names, with a warning; with
    ``JEKYLL_SITE``, read the Jekyll site and set Pelican up to build it;
    without, leave file names Python cannot date to the header hook; keep
    Liquid's folders out of the content; install the kramdown profile."""
    settings = pelican.settings
    adopt_renamed_settings(settings, RENAMED_SETTINGS)
    if settings.get("JEKYLL_SITE"):
        read_site(pelican)
    elif setting(settings, "JEKYLL_FILE_NAMES", DEFAULTS):
        default = DEFAULT_CONFIG["FILENAME_METADATA"]
        settings["FILENAME_METADATA"] = filename_metadata(
            settings.get("FILENAME_METADATA", default), default
        )
    if setting(settings, "JEKYLL_LIQUID", DEFAULTS):
        exclude_support_folders(settings)
    site = site_of(settings)
    problems = install_markdown_profile(
        settings, site.kramdown if site is not None else None
    )
    for problem in problems:
        logger.warning("_config.yml: %s", problem)


def register() -> None:
    """Connect this plugin to Pelican's signals."""
    signals.initialized.connect(start_build)
    signals.generator_init.connect(reread_site)
    signals.generator_init.connect(add_header_hook)
    signals.generator_init.connect(add_plugin_templates)
    signals.content_object_init.connect(mark_redirect_to)
    signals.get_generators.connect(redirect_generator)
    signals.article_generator_pretaxonomy.connect(settle_posts)
    signals.all_generators_finalized.connect(settle_outputs)
    signals.article_writer_finalized.connect(write_feeds)
    signals.finalized.connect(save_cache_stamp)
    signals.finalized.connect(mark_run)

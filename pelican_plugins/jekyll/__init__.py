"""jekyll: Jekyll's conventions for Pelican, and whole Jekyll sites.

What Jekyll's front matter fields and post file names mean, literal
permalinks, and the Liquid in post bodies. It gives meaning to the headers
front_matter reads: enable both (the ``postcard`` bundle does). With
``JEKYLL_SITE`` (the folder of ``_config.yml``), Pelican builds that Jekyll
site with Jekyll's URLs, dates, categories and feed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from functools import partial
from typing import Any

from pelican import signals
from pelican.utils import get_date

from pelican.plugins.postcard_core.reading import HeaderReading
from pelican.plugins.postcard_core.settings import adopt_renamed_settings, setting

from .documents import jekyll_document
from .fields import file_date_fallback, file_name_defaults, translate
from .liquid_subset import render_liquid
from .post_links import index_posts, post_link
from .redirect_pages import add_plugin_templates, mark_redirect_to, redirect_generator
from .site_build import (
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


def read_jekyll_header(reading: HeaderReading) -> None:
    """Give a YAML-headed file Jekyll's meaning: its fields, its file name's
    date and slug (or, in a Jekyll site, everything Jekyll derives), and the
    Liquid in its body."""
    settings = reading.settings
    site = site_of(settings)
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
    liquid = render_liquid(
        reading.body,
        site_url=settings.get("SITEURL", ""),
        post_link=partial(_post_link, state, settings),
        first_line=reading.document.body_line,
    )
    reading.body = liquid.text
    reading.problems.extend(liquid.problems)


def _post_link(state: dict[str, Any], settings: Any, name: str) -> str | None:
    """``post_link`` over the site's posts, indexed at the first ``post_url``
    (once per reader, so once per build; never when no post uses one)."""
    if "posts" not in state:
        state["posts"] = index_posts(settings)
    return post_link(state["posts"], name)


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

"""jekyll: Jekyll's conventions for Pelican.

What Jekyll's front matter fields and post file names mean, literal
permalinks, and the Liquid in post bodies. It gives meaning to the headers
front_matter reads: enable both (the ``postcard`` bundle does).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import partial
from typing import Any

from pelican import signals

from pelican.plugins.postcard_core.reading import HeaderReading
from pelican.plugins.postcard_core.settings import adopt_renamed_settings, setting

from .fields import file_name_defaults, translate
from .liquid_subset import render_liquid
from .post_links import index_posts, post_link
from .redirect_pages import add_plugin_templates, mark_redirect_to, redirect_generator

logger = logging.getLogger(__name__)

DEFAULTS: Mapping[str, Any] = {
    "JEKYLL_SPACE_SEPARATED_TAGS": False,
    "JEKYLL_FILE_NAMES": True,
    "JEKYLL_LIQUID": True,
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
    date and slug, and the Liquid in its body."""
    settings = reading.settings
    reading.document = translate(
        reading.document,
        space_separated_tags=setting(settings, "JEKYLL_SPACE_SEPARATED_TAGS", DEFAULTS),
    )
    if setting(settings, "JEKYLL_FILE_NAMES", DEFAULTS):
        reading.defaults.update(file_name_defaults(reading.source_path))
    if setting(settings, "JEKYLL_LIQUID", DEFAULTS):
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


def adopt_old_settings(pelican: Any) -> None:
    """Read the first release's ``FRONT_MATTER_*`` names, with a warning."""
    adopt_renamed_settings(pelican.settings, RENAMED_SETTINGS)


def register() -> None:
    """Connect this plugin to Pelican's signals."""
    signals.initialized.connect(adopt_old_settings)
    signals.generator_init.connect(add_header_hook)
    signals.generator_init.connect(add_plugin_templates)
    signals.content_object_init.connect(mark_redirect_to)
    signals.get_generators.connect(redirect_generator)

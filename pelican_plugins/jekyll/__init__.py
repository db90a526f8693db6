"""jekyll: Jekyll's conventions for Pelican.

What Jekyll's front matter fields and post file names mean, literal
permalinks, and the Liquid in post bodies. It gives meaning to the headers
front_matter reads: enable both (the ``postcard`` bundle does).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from pelican import signals

from pelican.plugins.postcard_core.reading import HeaderReading
from pelican.plugins.postcard_core.settings import adopt_renamed_settings, setting

from .bodies import exclude_support_folders, render_body
from .fields import file_name_defaults, translate
from .markdown_profile import DEFAULTS as KRAMDOWN_DEFAULTS
from .markdown_profile import excerpt_summary, install_markdown_profile

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
        render_body(reading, read_header=read_jekyll_header)
    if setting(settings, "JEKYLL_KRAMDOWN", KRAMDOWN_DEFAULTS):
        excerpt_summary(reading)


def add_header_hook(generator: Any) -> None:
    """Hand jekyll's header hook to each YAML-header reader of the generator."""
    readers = getattr(getattr(generator, "readers", None), "readers", None) or {}
    for reader in readers.values():
        hooks = getattr(reader, "header_hooks", None)
        if isinstance(hooks, list) and read_jekyll_header not in hooks:
            hooks.append(read_jekyll_header)


def adopt_old_settings(pelican: Any) -> None:
    """Read the first release's ``FRONT_MATTER_*`` names, with a warning; keep
    Liquid's folders out of the content; install the kramdown profile."""
    adopt_renamed_settings(pelican.settings, RENAMED_SETTINGS)
    if setting(pelican.settings, "JEKYLL_LIQUID", DEFAULTS):
        exclude_support_folders(pelican.settings)
    install_markdown_profile(pelican.settings)


def register() -> None:
    """Connect this plugin to Pelican's signals."""
    signals.initialized.connect(adopt_old_settings)
    signals.generator_init.connect(add_header_hook)

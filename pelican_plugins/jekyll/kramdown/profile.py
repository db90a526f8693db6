"""The kramdown profile in a build: Pelican's ``MARKDOWN`` set up as kramdown,
and Jekyll's excerpts as summaries.

With ``JEKYLL_KRAMDOWN = True``, :func:`install_markdown_profile` (at
``initialized``) puts the profile into ``MARKDOWN``: the site's own extensions
and options stay, except those the profile replaces, and options the site gives
the profile there win over a Jekyll ``_config.yml``'s ``kramdown`` ones. The
profile's problems (``{::options}``, unknown extensions) are reported per file
by the reader. :func:`excerpt_summary` gives a post the summary Jekyll's
excerpt would be: the body up to its ``excerpt_separator`` (else
``JEKYLL_EXCERPT_SEPARATOR``, ``<!--more-->``), when the header has none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pelican.plugins.postcard_core.reading import HeaderReading
from pelican.plugins.postcard_core.settings import setting

from ..plugin_settings import DEFAULTS
from .extension import EXTENSION_NAME, excerpt_source, kramdown_extensions


def profile_settings(
    markdown: Mapping[str, Any], jekyll_kramdown: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``markdown`` (a ``MARKDOWN`` setting) with the profile installed; the
    options it already gives the profile win over ``jekyll_kramdown``."""
    configs = dict(markdown.get("extension_configs") or {})
    written = configs.get(EXTENSION_NAME) or {}
    options = {k: v for k, v in (jekyll_kramdown or {}).items() if k not in written}
    return kramdown_extensions(markdown, options)


def install_markdown_profile(
    settings: dict[str, Any], jekyll_kramdown: Mapping[str, Any] | None = None
) -> None:
    """Put the profile into ``settings["MARKDOWN"]`` when ``JEKYLL_KRAMDOWN``."""
    if setting(settings, "JEKYLL_KRAMDOWN", DEFAULTS):
        settings["MARKDOWN"] = profile_settings(
            settings.get("MARKDOWN") or {}, jekyll_kramdown
        )


def excerpt_summary(reading: HeaderReading) -> None:
    """Jekyll's excerpt as the summary of a body that holds its separator."""
    metadata = reading.document.metadata
    if metadata.get("summary") is not None:
        return
    separator = metadata.get("excerpt_separator")
    if not isinstance(separator, str) or not separator:
        separator = setting(reading.settings, "JEKYLL_EXCERPT_SEPARATOR", DEFAULTS)
    if not separator or separator not in reading.body:
        return
    excerpt = excerpt_source(reading.body, separator)
    if excerpt.strip():
        reading.defaults["summary"] = excerpt

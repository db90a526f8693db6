"""Liquid in the bodies of Jekyll-style posts and pages: one renderer per build.

:func:`render_body` is the header hook's part: the first body with Liquid in a
build makes a :class:`~.renderer.BodyRenderer` (kept in the reader's per-build
``reading.state``) from Pelican's settings, or from a Jekyll site the plugin
read (any :class:`~.liquid_site.LiquidSite`); every body is then rendered by
it before Markdown. Each Liquid problem is one warning at the file's line and
column; the statement is kept as written and the file is still built.

Settings: ``JEKYLL_LIQUID_SITE`` (more ``site`` keys), ``JEKYLL_LIQUID_TAGS``
(name to ``function(markup, page) -> text``) and ``JEKYLL_LIQUID_FILTERS``
(name to ``function(value, *args) -> value``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pelican.plugins.postcard_core.definitions import exclude_definition_folder
from pelican.plugins.postcard_core.reading import (
    HeaderHook,
    HeaderReading,
    ParsedDocuments,
)

if TYPE_CHECKING:
    from .liquid_site import LiquidSite

STATE_KEY = "jekyll.bodies"
#: Folders of ``PATH`` that hold what Liquid reads, never content.
SUPPORT_FOLDERS = ("_includes", "_data")


def render_body(
    reading: HeaderReading,
    read_header: HeaderHook | None = None,
    site: Callable[[], LiquidSite] | None = None,
) -> None:
    """Run the Liquid of the file being read, before its Markdown.

    The build's renderer is made by the first body that holds Liquid, for the
    site ``site`` makes (a Jekyll site) or else for the Pelican site, whose
    other headers are read with ``read_header``.
    """
    if "{{" not in reading.body and "{%" not in reading.body:
        return
    renderer = reading.state.get(STATE_KEY)
    if renderer is None:
        from .renderer import BodyRenderer  # the engine loads with the first Liquid

        documents = ParsedDocuments.of(reading.state)
        renderer = BodyRenderer.from_settings(
            reading.settings, site() if site else None, read_header, documents
        )
        reading.state[STATE_KEY] = renderer
    renderer.render_reading(reading)


def exclude_support_folders(settings: dict[str, Any]) -> None:
    """Keep ``_includes`` and ``_data`` of ``PATH`` out of posts, pages and
    static files: they are what Liquid reads."""
    for folder in SUPPORT_FOLDERS:
        exclude_definition_folder(settings, folder, "JEKYLL_LIQUID")

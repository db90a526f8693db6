"""front_matter: a Markdown file with a YAML header is read as such.

A reader (``readers.py``) takes over from Pelican's Markdown reader for files
that open with a ``---`` YAML header and hands every other file back to it
unchanged; front matter's values are plain text in every theme
(``plain_text.py``); what a header may not carry is refused (``safety.py``),
and so is what Pelican would make of it that cannot be written (``checks.py``);
a broken file is one message with its reason (``log_filter.py``).
"""

from __future__ import annotations

import logging
from typing import Any

from pelican import signals
from pelican.readers import HTMLReader, MarkdownReader

from pelican.plugins.postcard_core.definitions import MARKDOWN_EXTENSIONS

from .checks import check_templates, check_url
from .log_filter import CleanReadErrors
from .plain_text import (
    add_text_filters,
    feed_texts,
    finish_title,
    keep_title_slug,
)
from .readers import FrontMatterHtmlReader, FrontMatterReader

__all__ = ["FrontMatterHtmlReader", "FrontMatterReader", "register"]

_CLEAN_FRONT_MATTER_ERRORS = CleanReadErrors()
# Where Pelican logs a reader's failure, and its fatal exit.
_PELICAN_LOGGERS = ("pelican.generators", "pelican")


def add_reader(readers: Any) -> None:
    """Put the front-matter reader in place of Pelican's Markdown reader (and,
    with ``FRONT_MATTER_HTML``, of its HTML reader).

    An extension the site maps to another reader (or to None) is left alone.
    """
    replaced: list[tuple[Any, type, type]] = []
    if FrontMatterReader.enabled:
        replaced += [
            (e, MarkdownReader, FrontMatterReader) for e in MARKDOWN_EXTENSIONS
        ]
    if readers.settings.get("FRONT_MATTER_HTML", False):
        replaced += [(e, HTMLReader, FrontMatterHtmlReader) for e in ("html", "htm")]
    for ext, pelicans, ours in replaced:
        if readers.reader_classes.get(ext, pelicans) is pelicans:
            readers.reader_classes[ext] = ours


def register() -> None:
    """Connect this plugin to Pelican's signals."""
    for name in _PELICAN_LOGGERS:
        logging.getLogger(name).addFilter(_CLEAN_FRONT_MATTER_ERRORS)
    signals.readers_init.connect(add_reader)
    signals.article_generator_context.connect(finish_title)
    signals.page_generator_context.connect(finish_title)
    signals.content_object_init.connect(keep_title_slug)
    signals.content_object_init.connect(check_url)
    signals.generator_init.connect(add_text_filters)
    signals.feed_generated.connect(feed_texts)
    signals.article_generator_finalized.connect(check_templates)
    signals.page_generator_finalized.connect(check_templates)

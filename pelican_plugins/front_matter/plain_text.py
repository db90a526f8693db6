"""Titles and names from front matter are plain text; Pelican takes them as HTML.

The design: the reader gives Pelican each title, tag, category and author name as
HTML that shows the text (``TextHTML``: the text escaped), so every theme that
prints ``{{ article.title }}`` or ``{{ tag }}`` shows it literally, and
``TYPOGRIFY`` (which Pelican runs on the title after the reader) works on that
HTML and adds only its own markup. What needs the text again takes
``shown_text``: our plugins for ``<title>``, OpenGraph and JSON-LD, the
``striptags`` filter of every theme (wrapped here, since themes print its result
unescaped, in attributes too) and the feeds (categories and authors fixed here).
Slugs are Pelican's for the text as written: escaping never changes a URL.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup
from pelican.urlwrappers import URLWrapper
from pelican.utils import slugify

from pelican.plugins.postcard_core.attached import key_line
from pelican.plugins.postcard_core.problems import log_problems, source_name
from pelican.plugins.postcard_core.text import (
    TextHTML,
    fold_whitespace,
    is_text_html,
    name_as_text,
    shown_text,
    text_as_html,
)

from .safety import short_slug

logger = logging.getLogger(__name__)

# Metadata: the title as written, kept from the reader until Pelican makes the
# content (by then typogrify may have rewritten the title).
TITLE_TEXT = "front_matter_title_text"

_TAG = re.compile(r"(<[^>]*>)")
_QUOTED_TOKEN = re.compile(r"""(\s[\w-]+)=(["'])([\w-]*)\2""")
# The only markup typogrify adds (amp, caps, initial quotes), once unquoted.
_TYPOGRIFY_TAG = re.compile(r"</span>|<span(?: class=[\w-]+)?>")


def title_for_pelican(text: str, settings: Mapping[str, Any]) -> TextHTML:
    """The HTML Pelican gets for a front-matter title: the text escaped.

    With ``TYPOGRIFY``, quotes are left where smartypants can curl them (``"``
    as ``&quot;``, ``'`` as it is); ``typeset_title`` removes the rest later.
    """
    if not settings.get("TYPOGRIFY"):
        return text_as_html(text)
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return TextHTML(escaped.replace('"', "&quot;"))


def names_as_text(value: Any) -> Any:
    """A tag, category or author (or a list of them) made to show its name as
    text (``name_as_text``); anything else as it is."""
    if isinstance(value, list):
        return [names_as_text(item) for item in value]
    return name_as_text(value) if isinstance(value, URLWrapper) else value


def typeset_title(html: str) -> TextHTML:
    """Typogrify's output for an escaped title, as HTML without one quote
    character: its ``<span class="caps">`` becomes ``<span class=caps>``, so the
    title is as safe in an attribute (any theme's ``{{ title|e }}``) as the
    escaped text was; any other tag (typogrify makes none) is dropped."""
    out: list[str] = []
    for position, part in enumerate(_TAG.split(html)):
        if position % 2:  # a tag: typogrify's, since the text had no "<"
            part = _QUOTED_TOKEN.sub(r"\1=\3", part)
            if not _TYPOGRIFY_TAG.fullmatch(part):
                continue
        else:
            part = part.replace('"', "&quot;").replace("'", "&#39;")
        out.append(part)
    return TextHTML("".join(out))


def title_slug(text: str, settings: Mapping[str, Any]) -> str:
    """The slug Pelican gives a title as written (its ``SLUGIFY_SOURCE`` rule)."""
    return slugify(
        text,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def finish_title(sender: Any, metadata: dict[str, Any]) -> None:
    """At ``article_generator_context``/``page_generator_context``, after
    typogrify: a typeset title is HTML made from the text, too."""
    title = metadata.get("title")
    if (
        TITLE_TEXT in metadata
        and sender.settings.get("TYPOGRIFY")
        and isinstance(title, str)
    ):
        metadata["title"] = typeset_title(title)  # typogrify gave a plain str


def keep_title_slug(content: Any) -> None:
    """At ``content_object_init``: a slug Pelican made from the title is the one
    it gives the title as written, not the escaped one (``<b>`` is not text to
    Pelican's slugify). A slug that was given is left alone."""
    metadata = getattr(content, "metadata", None)
    if not isinstance(metadata, dict) or TITLE_TEXT not in metadata:
        return
    text = metadata.pop(TITLE_TEXT)
    if hasattr(content, TITLE_TEXT):  # Pelican made every metadata key an attribute
        delattr(content, TITLE_TEXT)
    settings = content.settings
    if "slug" not in metadata and settings.get("SLUGIFY_SOURCE") == "title":
        line = key_line(content, "title") or 0
        slug, problems = short_slug(title_slug(str(text), settings), "title", line)
        content.slug = slug
        log_problems(logger, source_name(content), problems)


def text_striptags(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The ``striptags`` filter, giving text as escaped HTML.

    Themes print ``{{ article.title|striptags }}`` unescaped, in ``<title>`` and
    in attributes (notmyidea: ``summary|striptags|safe`` in its description);
    Jinja's filter decodes ``&quot;`` and ``&lt;``, which would let a title or a
    summary's code close the attribute. Front matter's text is its text; any
    other value is the original filter's text, escaped.
    """

    def striptags(value: Any) -> Any:
        if is_text_html(value):
            return text_as_html(shown_text(value))
        return Markup.escape(original(value))

    striptags.front_matter_text = True  # type: ignore[attr-defined]
    return striptags


def add_text_filters(generator: Any) -> None:
    """At ``generator_init``: wrap the environment's ``striptags`` filter once."""
    env = getattr(generator, "env", None)
    current = env.filters.get("striptags") if env is not None else None
    if current is not None and not getattr(current, "front_matter_text", False):
        env.filters["striptags"] = text_striptags(current)


def feed_texts(context: Any, feed: Any) -> None:
    """At ``feed_generated``: a feed is text; Pelican hands it a tag, category or
    author as ``str(name)``, which for front matter's names is their HTML."""
    for item in getattr(feed, "items", ()):
        item["categories"] = [
            shown_text(name) if is_text_html(name) else name
            for name in item.get("categories") or ()
        ]
        if is_text_html(item.get("author_name")):
            item["author_name"] = shown_text(item["author_name"])
        if isinstance(item.get("title"), str):
            # Pelican strips the title's tags; typogrify's no-break spaces stay
            item["title"] = fold_whitespace(item["title"])

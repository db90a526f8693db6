"""The values plugins attach to Pelican's objects, read in one place.

``post_series`` sets ``article.series`` (a mapping compatible with
pelican-series), ``description_cards`` sets ``content.card`` and
``tag_summaries`` sets ``tag.summary`` (and post_series puts ``series_list``
and ``series_index_page`` in the context); a plugin that reads another's value
goes through these accessors, so it never imports that plugin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .text import fold_whitespace

# The metadata key under which front_matter keeps the line of each header key.
KEY_LINES = "front_matter_key_lines"


@dataclass(frozen=True)
class SeriesRef:
    """What other plugins need of a post's series.

    ``linked`` is true when a series plugin built the series (there is a series
    page at ``url``); false for a bare ``series:`` name in front matter.
    """

    name: str
    slug: str = ""
    url: str = ""
    index: int | None = None
    total: int | None = None
    linked: bool = False


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    return None


def series_of(content: Any) -> SeriesRef | None:
    """The series ``content`` belongs to, or None."""
    series = getattr(content, "series", None)
    if not series:
        return None
    if isinstance(series, str):  # no series plugin: only the front-matter name
        metadata = getattr(content, "metadata", None) or {}
        name = fold_whitespace(series)
        return SeriesRef(name=name, index=_as_int(metadata.get("series_index")))
    if not isinstance(series, Mapping):
        return None
    name = series.get("name") or series.get("title")
    if not isinstance(name, str) or not name.strip():
        return None
    return SeriesRef(
        name=fold_whitespace(name),
        slug=str(series.get("slug") or ""),
        url=str(series.get("url") or ""),
        index=_as_int(series.get("index")),
        total=_as_int(series.get("total")),
        linked=True,
    )


@dataclass(frozen=True)
class GeneratedPage:
    """A page a plugin writes that is not content: where it is and how new."""

    url: str
    save_as: str
    updated: Any = None  # a datetime, or None


def series_pages(context: Mapping[str, Any]) -> tuple[GeneratedPage, ...]:
    """The listed series pages a series plugin put in the context
    (``series_list``), then the series index (``series_index_page``)."""
    listed = [
        series
        for series in context.get("series_list", ()) or ()
        if getattr(series, "save_as", "") and getattr(series, "listed", True)
    ]
    pages = [
        GeneratedPage(series.url, series.save_as, getattr(series, "updated", None))
        for series in listed
    ]
    index = context.get("series_index_page")
    if index is not None and getattr(index, "save_as", ""):
        dates = [page.updated for page in pages if page.updated is not None]
        pages.append(GeneratedPage(index.url, index.save_as, max(dates, default=None)))
    return tuple(pages)


def card_of(content: Any) -> Any | None:
    """The ``Card`` description_cards computed for ``content``, or None."""
    return getattr(content, "card", None)


def summary_of(tag: Any) -> Any | None:
    """The ``TagSummary`` tag_summaries computed for ``tag``, or None."""
    return getattr(tag, "summary", None)


def key_line(content: Any, key: str) -> int | None:
    """The line of ``key`` in the content's YAML header, when front_matter read it."""
    metadata = getattr(content, "metadata", None) or {}
    lines = metadata.get(KEY_LINES)
    if isinstance(lines, Mapping):
        line = lines.get(key)
        return line if isinstance(line, int) else None
    return None

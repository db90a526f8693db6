"""The values plugins attach to Pelican's objects, read in one place.

``post_series`` sets ``article.series`` (a mapping compatible with
pelican-series), ``description_cards`` sets ``content.card`` and
``tag_summaries`` sets ``tag.summary``; a plugin that reads another's value
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

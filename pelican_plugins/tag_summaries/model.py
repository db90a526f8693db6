"""Tag summaries: what a tag covers and how active it is.

Plain frozen dataclasses and pure functions, no Pelican. Tags are opaque
hashable objects here (Pelican ``Tag`` objects in a build, plain strings in unit
tests): ``shown_text(tag)`` is a tag's name (a front-matter name is HTML that
shows it), and ``url``/``slug`` are read when present.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pelican.plugins.postcard_core.attached import SeriesRef
from pelican.plugins.postcard_core.text import shown_text

from .descriptions import TagDescription
from .months import (
    MonthChart,
    MonthCount,
    month_chart,
    month_key,
    month_label,
    month_range,
)

WEIGHT_STEPS = 5


@dataclass(frozen=True)
class TaggedPost:
    """What the summaries need to know about one published post."""

    article: Any
    date: datetime
    tags: tuple[Hashable, ...]
    series: tuple[SeriesRef, ...] = ()  # linked series only: each has a page


@dataclass(frozen=True)
class RelatedTag:
    """A tag that appears on the same posts, with the number of posts shared."""

    tag: Any
    count: int

    @property
    def name(self) -> str:
        return shown_text(self.tag)

    @property
    def url(self) -> str:
        return getattr(self.tag, "url", "")


@dataclass(frozen=True)
class TagSeries:
    """A series with parts carrying the tag; ``count`` is how many of them do."""

    title: str
    url: str | None
    slug: str
    count: int


@dataclass(frozen=True)
class TagSummary:
    """Everything a template shows about one tag."""

    tag: Any
    description: str
    description_source: str  # "definition", "setting" or "automatic"
    intro: str  # HTML, empty when there is none
    count: int
    first_date: datetime
    last_date: datetime
    related: tuple[RelatedTag, ...] = ()
    series: tuple[TagSeries, ...] = ()
    latest: tuple[Any, ...] = ()
    weight: int = 1
    per_month: tuple[MonthCount, ...] = ()  # every month, first to last post
    chart: MonthChart | None = None  # per_month drawn; None for a single month
    definition_path: str | None = None  # the definition file, when there is one

    @property
    def name(self) -> str:
        return shown_text(self.tag)

    @property
    def slug(self) -> str:
        return getattr(self.tag, "slug", str(self.tag))

    @property
    def url(self) -> str:
        return getattr(self.tag, "url", "")

    @property
    def max_per_month(self) -> int:
        """The highest monthly count (the scale of a bar chart)."""
        return max((count for _, count in self.per_month), default=0)


def tag_weight(count: int, lowest: int, highest: int, steps: int = WEIGHT_STEPS) -> int:
    """Weight 1..``steps`` of a tag used ``count`` times, on a log scale.

    ``lowest`` and ``highest`` are the smallest and largest counts of the site;
    when every tag has the same count, every tag weighs 1.
    """
    if highest <= lowest or count <= lowest:
        return 1
    ratio = (math.log(count) - math.log(lowest)) / (
        math.log(highest) - math.log(lowest)
    )
    return 1 + min(steps - 1, math.floor((steps - 1) * ratio + 0.5))


def automatic_description(
    count: int, first: datetime, last: datetime, related: Sequence[RelatedTag]
) -> str:
    """A sentence for a tag nobody described.

    ``"7 posts from May 2024 to January 2025, often with Python and Travel."``
    """
    posts = "1 post" if count == 1 else f"{count} posts"
    start, end = month_label(first), month_label(last)
    when = f"in {start}" if start == end else f"from {start} to {end}"
    if count == 1:
        companions = [item.name for item in related[:2]]
        joiner = ", also tagged "
    else:
        # "often" only for tags that really come together more than once
        companions = [item.name for item in related if item.count > 1][:2]
        joiner = ", often with "
    sentence = f"{posts} {when}"
    if companions:
        sentence += joiner + " and ".join(companions)
    return sentence + "."


def _name_order(tag: Any) -> tuple[str, str]:
    name = shown_text(tag)
    return (name.casefold(), name)


@dataclass
class _Tally:
    """Running totals for one tag during the single pass (local to one call)."""

    count: int = 0
    first: datetime | None = None
    last: datetime | None = None
    months: Counter = field(default_factory=Counter)
    related: Counter = field(default_factory=Counter)
    series: dict = field(default_factory=dict)
    series_counts: Counter = field(default_factory=Counter)
    latest: list = field(default_factory=list)


def _tally(posts: Iterable[TaggedPost], latest_count: int) -> dict[Hashable, _Tally]:
    """One pass over the posts, O(posts x tags-per-post^2): co-occurrence is
    counted per post, never by comparing tags or posts with each other."""
    # newest first, so the first posts seen for a tag are its latest ones
    ordered = sorted(posts, key=lambda post: post.date, reverse=True)
    tallies: dict[Hashable, _Tally] = {}
    for post in ordered:
        tags = list(dict.fromkeys(post.tags))
        for tag in tags:
            tally = tallies.setdefault(tag, _Tally())
            tally.count += 1
            if tally.last is None or post.date > tally.last:
                tally.last = post.date
            if tally.first is None or post.date < tally.first:
                tally.first = post.date
            tally.months[month_key(post.date)] += 1
            if len(tally.latest) < latest_count:
                tally.latest.append(post.article)
            for other in tags:
                if other != tag:
                    tally.related[other] += 1
            for ref in post.series:
                key = ref.slug or ref.name
                tally.series.setdefault(key, ref)
                tally.series_counts[key] += 1
    return tallies


def _related(tally: _Tally, count: int) -> tuple[RelatedTag, ...]:
    ranked = sorted(
        tally.related.items(), key=lambda item: (-item[1], *_name_order(item[0]))
    )
    return tuple(RelatedTag(other, shared) for other, shared in ranked[: max(count, 0)])


def _series(tally: _Tally) -> tuple[TagSeries, ...]:
    ranked = sorted(
        tally.series.items(),
        key=lambda item: (
            -tally.series_counts[item[0]],
            item[1].name.casefold(),
            item[1].name,
        ),
    )
    return tuple(
        TagSeries(ref.name, ref.url or None, ref.slug, tally.series_counts[key])
        for key, ref in ranked
    )


def _summary(
    tag: Hashable,
    tally: _Tally,
    described: TagDescription | None,
    weight: int,
    related_count: int,
) -> TagSummary:
    related = _related(tally, related_count)
    if described is not None and described.text:
        description, source = described.text, described.source
    else:
        description = automatic_description(
            tally.count, tally.first, tally.last, related
        )
        source = "automatic"
    per_month = tuple(
        MonthCount(month, tally.months.get(month, 0))
        for month in month_range(tally.first, tally.last)
    )
    return TagSummary(
        tag=tag,
        description=description,
        description_source=source,
        intro=described.intro if described is not None else "",
        count=tally.count,
        first_date=tally.first,
        last_date=tally.last,
        related=related,
        series=_series(tally),
        latest=tuple(tally.latest),
        weight=weight,
        per_month=per_month,
        chart=month_chart(per_month),
        definition_path=described.path if described is not None else None,
    )


def summarize_tags(
    posts: Iterable[TaggedPost],
    descriptions: Mapping[Hashable, TagDescription] | None = None,
    *,
    related_count: int = 5,
    latest_count: int = 3,
) -> dict[Hashable, TagSummary]:
    """Summarize every tag of ``posts`` (published posts only), ordered by name.

    ``related_count`` and ``latest_count`` are how many related tags and newest
    posts each summary keeps.
    """
    descriptions = descriptions or {}
    tallies = _tally(posts, latest_count)
    if not tallies:
        return {}
    counts = [tally.count for tally in tallies.values()]
    lowest, highest = min(counts), max(counts)
    return {
        tag: _summary(
            tag,
            tallies[tag],
            descriptions.get(tag),
            tag_weight(tallies[tag].count, lowest, highest),
            related_count,
        )
        for tag in sorted(tallies, key=_name_order)
    }

"""What a Jekyll build writes besides posts and pages, and where two of its
outputs collide. Pure functions over plain values.

jekyll-feed writes ``/feed/<category>.xml`` for each category its ``categories``
setting names, and with ``tags`` on, when the posts have tags,
``<tags path><tag>.xml`` for each tag (of ``only``, else of the posts, less
``except``) whose name is plain ``[A-Za-z0-9_]``; never over a file the site has
at that path. Jekyll writes pages first, then static files,
then posts (sorted by date, then path): where two outputs share a path, the one
written last is what ``_site`` holds.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .config import FeedConfig

_PLAIN_TAG = re.compile(r"[A-Za-z0-9_]+")
PAGE, STATIC, POST = 0, 1, 2  # Jekyll's writing order


@dataclass(frozen=True)
class ExtraFeed:
    """One jekyll-feed feed besides the site's: its path and the posts' filter."""

    path: str
    category: str | None = None
    tag: str | None = None

    @property
    def title(self) -> str:
        return self.category or self.tag or ""

    def wants(self, categories: Iterable[object], tags: Iterable[object]) -> bool:
        """Whether a post of these categories and tags is in this feed."""
        if self.category is not None:
            return self.category in map(str, categories)
        return self.tag in map(str, tags)


def extra_feeds(
    feed: FeedConfig,
    categories: Iterable[str],
    tags: Iterable[str],
    exists: Callable[[str], bool],
) -> list[ExtraFeed]:
    """The category and tag feeds jekyll-feed writes for this site."""
    out = [ExtraFeed(f"feed/{name}.xml", category=name) for name in feed.categories]
    known = list(dict.fromkeys(tags))
    if feed.tags and known:  # jekyll-feed writes no tag feed for a site without tags
        pool = list(feed.tags_only) if feed.tags_only is not None else known
        prefix = feed.tags_path.lstrip("/")
        out += [
            ExtraFeed(f"{prefix}{tag}.xml", tag=tag)
            for tag in pool
            if tag not in feed.tags_except and _PLAIN_TAG.fullmatch(tag)
        ]
    return [extra for extra in out if not exists(extra.path)]


@dataclass(frozen=True)
class Output:
    """A file the build writes: its path in the output, its source, and its
    place in Jekyll's writing order (``PAGE``, ``STATIC``, ``POST``, then the
    sort key within)."""

    save_as: str
    source: str
    order: tuple[object, ...]


@dataclass(frozen=True)
class Collision:
    """Outputs Jekyll writes to one path: ``kept`` is what ``_site`` holds."""

    save_as: str
    kept: Output
    dropped: tuple[Output, ...]

    def message(self) -> str:
        """One line naming every file, for the build log."""
        others = ", ".join(o.source for o in self.dropped)
        one = len(self.dropped) == 1
        which = "both" if one else "them all"
        advice = "other a permalink of its own" if one else "others their own"
        return (
            f"{self.kept.source} and {others}: Jekyll writes {which} to "
            f"{self.save_as} and keeps {self.kept.source}; so does this build "
            f"(give the {advice})"
        )


def output_of(content: Any, kind: int, source: str) -> Output:
    """A Pelican article, page or static file as an ``Output`` of ``kind``."""
    order = (kind, content.date, source) if kind == POST else (kind, source)
    return Output(str(content.save_as), source, order)


def collisions(outputs: Iterable[Output]) -> list[Collision]:
    """Every path more than one output is written to, in path order."""
    by_path: dict[str, list[Output]] = {}
    for output in outputs:
        by_path.setdefault(output.save_as, []).append(output)
    found = []
    for save_as in sorted(by_path):
        group = by_path[save_as]
        if len(group) < 2:
            continue
        ordered = sorted(group, key=lambda o: o.order)
        found.append(Collision(save_as, ordered[-1], tuple(ordered[:-1])))
    return found


def held_back(
    drafts: Iterable[tuple[Mapping[str, object], datetime.datetime | None]],
    now: datetime.datetime,
) -> int:
    """How many of Pelican's drafts (metadata, date) are posts dated after
    ``now`` rather than unpublished ones (``published: false``); a draft
    without a zone (Pelican's undated drafts) is not one."""
    return sum(
        1
        for metadata, date in drafts
        if metadata.get("status") != "draft"
        and isinstance(date, datetime.datetime)
        and date.tzinfo is not None
        and date > now
    )

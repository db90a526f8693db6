"""Post series: the values templates see, and where a series is published.

Plain frozen dataclasses and pure functions, no Pelican. ``definition`` reads
definition files into ``SeriesDefinition``; ``plan`` puts posts and promised
parts in reading order; ``links`` resolves ``{series}`` links. A "post" here is
any object with ``title``, ``url`` and ``date`` (a Pelican article in a build, a
simple stand-in in tests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

from pelican.plugins.postcard_core.problems import SourcedProblem

Key = tuple[str, str]  # (lang, slug): translations form their own series


@dataclass(frozen=True)
class PlannedPart:
    """A promised part of a series: a title, maybe a part number and a blurb.

    In a definition ``index`` is the ``index`` written there (or None); in a
    plan's entries (``series.planned``, ``article.series.planned``) it is the
    part's number, see ``plan.plan_series``.
    """

    title: str
    index: int | None = None
    description: str = ""
    slug: str = ""


@dataclass(frozen=True)
class SeriesDefinition:
    """What a series definition file (``content/series/<slug>.md``) says."""

    slug: str
    title: str
    source: str
    lang: str
    description: str = ""
    intro: str = ""  # HTML rendered from the file's Markdown body
    status: str = "ongoing"
    planned: tuple[PlannedPart, ...] = ()
    updated: dt.datetime | None = None
    metadata: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, eq=False)
class Part:
    """One post that names a series, as the model sees it."""

    post: Any
    source: str
    title_slug: str
    date: dt.datetime
    index: int | None = None


@dataclass(frozen=True, eq=False)
class Entry:
    """One place in a series' reading order: a post, or a part still to come."""

    number: int
    article: Any = None
    planned: PlannedPart | None = None  # set for a part that is not written yet
    fulfils: PlannedPart | None = None  # for a post: the promise it keeps

    @property
    def is_planned(self) -> bool:
        return self.article is None

    @property
    def title(self) -> str:
        return self.planned.title if self.article is None else self.article.title

    @property
    def url(self) -> str | None:
        return None if self.article is None else self.article.url

    @property
    def description(self) -> str:
        if self.planned is not None:
            return self.planned.description
        return self.fulfils.description if self.fulfils is not None else ""


@dataclass(frozen=True)
class Plan:
    """The reading order of a series and which promises its posts keep."""

    entries: tuple[Entry, ...]
    unplanned: tuple[Part, ...]  # posts that fulfil no planned part
    problems: tuple[SourcedProblem, ...] = ()  # part numbers that disagree or clash


@dataclass(frozen=True)
class CollectedParts:
    """The posts that name a series, grouped by series key."""

    published: Mapping[Key, tuple[Part, ...]]
    previews: tuple[tuple[Key, Part], ...]  # drafts and hidden posts
    names: Mapping[Key, str]  # each series' name as first written in a post


@dataclass(frozen=True)
class Addresses:
    """Where a series' page and feed are published (None/"" when turned off)."""

    url: str = ""
    save_as: str = ""
    feed_url: str | None = None
    feed_save_as: str | None = None
    feed_href: str | None = None  # the feed's address as pages link it


@dataclass(frozen=True)
class UrlPatterns:
    """The ``POST_SERIES_*`` URL settings, for the default language and others.

    ``feed_url``/``lang_feed_url`` None means the feed's ``save_as`` path.
    """

    url: str | None
    save_as: str | None
    lang_url: str | None
    lang_save_as: str | None
    feed: str | None
    lang_feed: str | None
    feed_url: str | None = None
    lang_feed_url: str | None = None
    feed_root: str = ""  # FEED_DOMAIN, else SITEURL: where feeds are linked from

    @classmethod
    def read(
        cls, setting: Callable[[str], str | None], feed_root: str = ""
    ) -> UrlPatterns:
        """The patterns from ``setting(name)`` (a ``POST_SERIES_*`` setting)."""
        return cls(
            feed_root=feed_root,
            url=setting("POST_SERIES_URL"),
            save_as=setting("POST_SERIES_SAVE_AS"),
            lang_url=setting("POST_SERIES_LANG_URL"),
            lang_save_as=setting("POST_SERIES_LANG_SAVE_AS"),
            feed=setting("POST_SERIES_FEED_ATOM"),
            lang_feed=setting("POST_SERIES_LANG_FEED_ATOM"),
            feed_url=setting("POST_SERIES_FEED_ATOM_URL"),
            lang_feed_url=setting("POST_SERIES_LANG_FEED_ATOM_URL"),
        )

    def addresses(self, slug: str, lang: str, in_default: bool) -> Addresses:
        """The page and feed addresses of series ``slug`` in ``lang``."""
        url, save_as = (
            (self.url, self.save_as)
            if in_default
            else (self.lang_url, self.lang_save_as)
        )
        feed = self.feed
        if feed and not in_default:
            feed = self.lang_feed
        feed_url = (self.feed_url if in_default else self.lang_feed_url) or feed
        feed_url = format_url(feed_url, slug, lang) if feed else None
        return Addresses(
            url=format_url(url, slug, lang) or "",
            save_as=format_url(save_as, slug, lang) or "",
            feed_url=feed_url,
            feed_save_as=format_url(feed, slug, lang),
            feed_href=f"{self.feed_root}/{feed_url}" if feed_url else None,
        )


def format_url(pattern: str | None, slug: str, lang: str) -> str | None:
    """Fill a ``POST_SERIES_*_URL``/``_SAVE_AS`` pattern; None when it is off."""
    if not pattern:
        return None
    return str(pattern).format(slug=slug, lang=lang)


@dataclass(frozen=True, eq=False)
class Series:
    """A series as templates see it (``series.html``, ``series_list``, ...)."""

    slug: str
    title: str
    lang: str
    url: str
    save_as: str
    description: str = ""
    intro: str = ""
    status: str = "ongoing"
    entries: tuple[Entry, ...] = ()
    parts: tuple[Any, ...] = ()  # published posts, in reading order
    planned: tuple[PlannedPart, ...] = ()  # promised parts not written yet
    linked_from: tuple[Any, ...] = ()  # published posts linking to the series
    feed_url: str | None = None
    feed_save_as: str | None = None
    feed_href: str | None = None  # FEED_DOMAIN (else SITEURL) + feed_url
    updated: dt.datetime | None = None
    source: str | None = None  # the definition file, when there is one
    listed: bool = True  # False: only drafts or hidden posts; no page is written
    metadata: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def name(self) -> str:
        return self.title

    @property
    def published_count(self) -> int:
        return len(self.parts)

    @property
    def planned_count(self) -> int:
        return len(self.planned)

    @property
    def total(self) -> int:
        return series_total(self.entries)

    @property
    def is_complete(self) -> bool:
        return self.status == "complete"

    def __str__(self) -> str:
        return self.title


def make_series(
    slug: str,
    lang: str,
    title: str,
    definition: SeriesDefinition | None,
    plan: Plan,
    addresses: Addresses,
    linked_from: Iterable[Any] = (),
) -> Series:
    """The ``Series`` of a plan; ``linked_from`` is already newest first."""
    parts = tuple(entry.article for entry in plan.entries if entry.article is not None)
    return Series(
        slug=slug,
        title=title,
        lang=lang,
        url=addresses.url,
        save_as=addresses.save_as,
        description=definition.description if definition else "",
        intro=definition.intro if definition else "",
        status=definition.status if definition else "ongoing",
        entries=plan.entries,
        parts=parts,
        planned=tuple(e.planned for e in plan.entries if e.planned is not None),
        linked_from=tuple(linked_from),
        feed_url=addresses.feed_url,
        feed_save_as=addresses.feed_save_as,
        feed_href=addresses.feed_href,
        updated=latest_update(parts, definition.updated if definition else None),
        source=definition.source if definition else None,
        listed=bool(parts) or definition is not None,
        metadata=definition.metadata if definition else MappingProxyType({}),
    )


@dataclass(frozen=True, eq=False)
class SeriesNav(Mapping):
    """``article.series``: pelican-series' mapping plus this plugin's keys.

    Readable both as ``nav.name`` and ``nav["name"]``.
    """

    name: str
    index: int  # the post's part number in the reading order (planned parts count)
    all: tuple[Any, ...]  # posts in reading order (the published ones)
    all_previous: tuple[Any, ...]
    all_next: tuple[Any, ...]
    previous: Any
    next: Any
    url: str
    slug: str
    description: str
    planned: tuple[PlannedPart, ...]
    total: int
    series: Series
    entries: tuple[Entry, ...]
    preview: bool = False  # a draft: its own page is not published
    unlisted: bool = False  # a hidden post: published, but not listed in the series
    next_planned: PlannedPart | None = None  # the promised part right after this post

    def __getitem__(self, key: str) -> Any:
        if key not in _NAV_KEYS:
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(_NAV_KEYS)

    def __len__(self) -> int:
        return len(_NAV_KEYS)


_NAV_KEYS: tuple[str, ...] = tuple(f.name for f in fields(SeriesNav))


@dataclass(frozen=True)
class SeriesIndexPage:
    """The page listing every series (the target of links to unknown series)."""

    url: str
    save_as: str


def series_total(entries: Sequence[Entry]) -> int:
    """The "M" of "part N of M": the last part's number (or the count of entries
    when posts share a number)."""
    return max(len(entries), max((e.number for e in entries), default=0))


def latest_update(
    parts: Iterable[Any], also: dt.datetime | None = None
) -> dt.datetime | None:
    """The most recent ``modified`` (else ``date``) of ``parts``, or ``also``."""
    moments = [getattr(p, "modified", None) or p.date for p in parts]
    if also is not None:
        moments.append(also)
    return max(moments, key=lambda moment: moment.timestamp(), default=None)


def series_order_key(series: Series) -> tuple:
    """Sort key for ``series_list``: most recently updated first, then by title."""
    stamp = series.updated.timestamp() if series.updated is not None else 0.0
    return (series.updated is None, -stamp, series.title.casefold(), series.lang)


def article_series(series_list: Iterable[Series], default_lang: str) -> dict[str, list]:
    """pelican-series' ``article_series``: title -> published parts.

    Two series with one title (translations) keep the default language's.
    """
    by_title: dict[str, list] = {}
    for series in sorted(series_list, key=lambda s: s.lang != default_lang):
        by_title.setdefault(series.title, list(series.parts))
    return by_title

"""Post series: definitions, planned parts, part order and navigation.

Plain frozen dataclasses and pure functions, no Pelican: the adapter
(``__init__.py``) feeds articles in and puts the results on Pelican's objects.
A "post" here is any object with ``title``, ``url`` and ``date`` (a Pelican
article in a build, a simple stand-in in tests).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any
from urllib.parse import quote, unquote, urlsplit

STATUSES: tuple[str, ...] = ("ongoing", "complete")
"""The values a definition's ``status`` may take."""


@dataclass(frozen=True)
class Problem:
    """Something wrong with the input: ``source`` names the file(s)."""

    source: str
    message: str
    level: str = "warning"  # or "error"

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True)
class PlannedPart:
    """A promised part of a series: a title, maybe a part number and a blurb."""

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
    promised: tuple[PlannedPart, ...] = ()  # every part the definition lists
    linked_from: tuple[Any, ...] = ()  # published posts linking to the series
    feed_url: str | None = None
    feed_save_as: str | None = None
    feed_rss_url: str | None = None
    feed_rss_save_as: str | None = None
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
        return len(self.entries)

    @property
    def is_complete(self) -> bool:
        return self.status == "complete"

    def __str__(self) -> str:
        return self.title


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
    preview: bool = False  # navigation of a draft or hidden post

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


def fold(value: Any) -> str:
    """Plain text with runs of whitespace folded into one space."""
    return " ".join(str(value).split()) if value is not None else ""


def parse_series_index(raw: Any) -> tuple[int | None, str | None]:
    """Read a ``series_index`` (or a planned part's ``index``).

    Returns ``(index, None)``, ``(None, None)`` when absent, or
    ``(None, message)`` when it is not a positive integer.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    value: int | None = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and raw.strip().isdecimal():
        value = int(raw.strip())
    if value is None or value < 1:
        return None, f"{raw!r} is not a positive integer"
    return value, None


def humanize_slug(slug: str) -> str:
    """A readable title from a slug: ``europe-trip`` gives ``Europe Trip``."""
    return " ".join(word.capitalize() for word in re.split(r"[-_\s]+", slug) if word)


def definition_from_metadata(
    metadata: Mapping[str, Any],
    *,
    source: str,
    file_slug: str,
    intro: str,
    default_lang: str,
    slugify: Callable[[str], str],
    parse_date: Callable[[Any], dt.datetime],
) -> tuple[SeriesDefinition, tuple[Problem, ...]]:
    """Build a ``SeriesDefinition`` from a definition file's header.

    Keys are case-insensitive. ``parse_date`` turns a YAML date or a string into
    an aware datetime and raises ``ValueError`` when it cannot.
    """
    meta = {str(key).lower(): value for key, value in metadata.items()}
    problems: list[Problem] = []

    def warn(message: str) -> None:
        problems.append(Problem(source, message))

    slug = slugify(fold(meta["slug"])) if meta.get("slug") else file_slug
    if not slug:
        slug = file_slug
    title = fold(meta.get("title")) or humanize_slug(slug)
    status = fold(meta.get("status")).lower() or "ongoing"
    if status not in STATUSES:
        warn(f"status {status!r} is not one of {', '.join(STATUSES)}; using 'ongoing'")
        status = "ongoing"
    planned = _planned_parts(meta.get("planned"), slugify, warn)
    updated = None
    for key in ("updated", "modified", "date"):
        if meta.get(key) is None:
            continue
        try:
            updated = parse_date(meta[key])
        except (TypeError, ValueError):
            warn(f"{key} {meta[key]!r} is not a date")
        break
    definition = SeriesDefinition(
        slug=slug,
        title=title,
        source=source,
        lang=fold(meta.get("lang")) or default_lang,
        description=fold(meta.get("description")),
        intro=intro,
        status=status,
        planned=planned,
        updated=updated,
        metadata=MappingProxyType(dict(meta)),
    )
    return definition, tuple(problems)


def _planned_parts(
    raw: Any, slugify: Callable[[str], str], warn: Callable[[str], None]
) -> tuple[PlannedPart, ...]:
    if raw is None:
        return ()
    if isinstance(raw, (str, Mapping)):
        raw = [raw]
    if not isinstance(raw, list):
        warn("planned must be a list of parts (each a title, or a mapping)")
        return ()
    parts: list[PlannedPart] = []
    seen_index: dict[int, str] = {}
    for position, item in enumerate(raw, start=1):
        if isinstance(item, Mapping):
            item = {str(key).lower(): value for key, value in item.items()}
            title = fold(item.get("title"))
            index, problem = parse_series_index(item.get("index"))
            if problem:
                warn(f"planned part {position}: index {problem}; ignoring the index")
            description = fold(item.get("description"))
        elif isinstance(item, (str, int, float, dt.date)):
            title, index, description = fold(item), None, ""
        else:
            title = ""
        if not title:
            warn(f"planned part {position} has no title; skipping it")
            continue
        if index is not None and index in seen_index:
            warn(
                f"planned parts {seen_index[index]!r} and {title!r} "
                f"are both part {index}"
            )
        elif index is not None:
            seen_index[index] = title
        parts.append(PlannedPart(title, index, description, slugify(title)))
    return tuple(parts)


def plan_series(parts: Sequence[Part], planned: Sequence[PlannedPart]) -> Plan:
    """Match posts to planned parts and put everything in reading order.

    A post fulfils a planned part when its index equals the part's index (tried
    first, for every post), else when its title slug equals the part's slug.
    Order: parts with an index by index (a post that fulfils an indexed part by
    title takes that index), then the other posts by date, then the other
    planned parts as listed.
    """
    parts = sorted(parts, key=lambda p: (p.date, p.source))
    open_parts = dict(enumerate(planned))
    fulfils: dict[int, PlannedPart] = {}  # id(part) -> planned part
    for part in parts:
        if part.index is None:
            continue
        for position, promise in open_parts.items():
            if promise.index == part.index:
                fulfils[id(part)] = open_parts.pop(position)
                break
    for part in parts:
        if id(part) in fulfils or not part.title_slug:
            continue
        for position, promise in open_parts.items():
            if promise.slug == part.title_slug:
                fulfils[id(part)] = open_parts.pop(position)
                break

    indexed: list[tuple[tuple, Part | PlannedPart]] = []
    dated: list[Part] = []
    for part in parts:
        promise = fulfils.get(id(part))
        index = (
            part.index if part.index is not None else getattr(promise, "index", None)
        )
        if index is None:
            dated.append(part)
        else:
            indexed.append(((index, 0, part.date.timestamp(), part.source), part))
    unindexed_planned: list[PlannedPart] = []
    for position, promise in open_parts.items():
        if promise.index is None:
            unindexed_planned.append(promise)
        else:
            indexed.append(((promise.index, 1, 0.0, position), promise))
    indexed.sort(key=lambda pair: pair[0])
    ordered = [item for _, item in indexed] + dated + unindexed_planned

    entries = tuple(
        Entry(number, article=item.post, fulfils=fulfils.get(id(item)))
        if isinstance(item, Part)
        else Entry(number, planned=item)
        for number, item in enumerate(ordered, start=1)
    )
    unplanned = tuple(part for part in parts if id(part) not in fulfils)
    return Plan(entries=entries, unplanned=unplanned)


def duplicate_indexes(parts: Iterable[Part], series_title: str) -> tuple[Problem, ...]:
    """A warning for each part number that more than one post claims."""
    by_index: dict[int, list[Part]] = {}
    for part in parts:
        if part.index is not None:
            by_index.setdefault(part.index, []).append(part)
    return tuple(
        Problem(
            ", ".join(sorted(p.source for p in claimants)),
            f"these posts are all part {index} of series {series_title!r}; "
            "ordering them by date",
        )
        for index, claimants in sorted(by_index.items())
        if len(claimants) > 1
    )


def completeness_problems(
    definition: SeriesDefinition | None, plan: Plan
) -> tuple[Problem, ...]:
    """Warnings for a series marked ``complete`` that is still changing.

    A post that keeps none of the promises of a complete series (when the
    definition lists any) is a new part; a promise nobody kept is still open.
    """
    if definition is None or definition.status != "complete" or not definition.planned:
        return ()
    problems = [
        Problem(
            f"{part.source}, {definition.source}",
            f"series {definition.title!r} is marked complete, but this post adds "
            "a part it does not plan; the post is still published",
        )
        for part in plan.unplanned
    ]
    problems.extend(
        Problem(
            definition.source,
            f"series {definition.title!r} is marked complete, but planned part "
            f"{entry.planned.title!r} has no published post",
        )
        for entry in plan.entries
        if entry.planned is not None
    )
    return tuple(problems)


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


def navigation(
    series: Series, post: Any, entries: Sequence[Entry] | None = None
) -> SeriesNav:
    """``article.series`` for ``post``, which must be one of ``entries``' posts.

    ``entries`` defaults to the series' published reading order; a draft passes
    its own preview order.
    """
    preview = entries is not None
    entries = tuple(series.entries if entries is None else entries)
    posts = tuple(entry.article for entry in entries if entry.article is not None)
    position = next(i for i, p in enumerate(posts) if p is post)
    number = next(entry.number for entry in entries if entry.article is post)
    return SeriesNav(
        name=series.title,
        index=number,
        all=posts,
        all_previous=posts[:position],
        all_next=posts[position + 1 :],
        previous=posts[position - 1] if position > 0 else None,
        next=posts[position + 1] if position + 1 < len(posts) else None,
        url=series.url,
        slug=series.slug,
        description=series.description,
        planned=tuple(entry.planned for entry in entries if entry.planned is not None),
        total=len(entries),
        series=series,
        entries=entries,
        preview=preview,
    )


def format_url(pattern: str | None, slug: str, lang: str) -> str | None:
    """Fill a ``POST_SERIES_*_URL``/``_SAVE_AS`` pattern; None when it is off."""
    if not pattern:
        return None
    return str(pattern).format(slug=slug, lang=lang)


def intrasite_link_pattern(indicator_regex: str) -> re.Pattern[str]:
    """The pattern Pelican uses for ``{indicator}value`` links, for this site.

    Built from the site's ``INTRASITE_LINK_REGEX`` so ``{series}`` links follow
    the same syntax as Pelican's own ``{tag}`` and ``{filename}`` links.
    """
    return re.compile(
        rf"""
        (?P<markup><[^>]+(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*)
        (?P<quote>["'])
        (?P<path>{indicator_regex}(?P<value>.*?))
        (?P=quote)""",
        re.X,
    )


@dataclass(frozen=True)
class SeriesLink:
    """One ``{series}slug`` link found in a document's HTML."""

    slug: str
    written: str  # the value as written, for messages


def find_series_links(
    text: str, pattern: re.Pattern[str], slugify: Callable[[str], str]
) -> tuple[SeriesLink, ...]:
    """Every ``{series}`` link in ``text`` (an empty slug means the index)."""
    if not text or "series" not in text:
        return ()
    return tuple(
        SeriesLink(_link_slug(match.group("value"), slugify), match.group("value"))
        for match in pattern.finditer(text)
        if match.group("what") == "series"
    )


def rewrite_series_links(
    text: str,
    pattern: re.Pattern[str],
    slugify: Callable[[str], str],
    target: Callable[[SeriesLink], str | None],
) -> str:
    """Turn ``{series}slug`` into ``{filename}<target>`` links Pelican resolves.

    ``target`` returns the content path to link to (with its leading ``/``), or
    None to point at Pelican's blog index. The query and fragment are kept.
    """
    if not text or "series" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        if match.group("what") != "series":
            return match.group(0)
        value = match.group("value")
        path = target(SeriesLink(_link_slug(value, slugify), value))
        indicator = "index" if path is None else "filename"
        split = urlsplit(value)
        tail = (f"?{split.query}" if split.query else "") + (
            f"#{split.fragment}" if split.fragment else ""
        )
        start = match.start("path")
        opening = match.string[start : match.start("what")]
        closing = match.string[match.end("what") : match.start("value")]
        link = (
            f"{opening}{indicator}{closing}{'' if path is None else quote(path)}{tail}"
        )
        quote_char = match.group("quote")
        return f"{match.group('markup')}{quote_char}{link}{quote_char}"

    return pattern.sub(replace, text)


def _link_slug(value: str, slugify: Callable[[str], str]) -> str:
    return slugify(unquote(html.unescape(urlsplit(html.unescape(value)).path)))


def as_list(value: Any) -> list[str]:
    """A front-matter value that may be one string or a list of them."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [fold(item) for item in value if fold(item)]
    return [fold(value)] if fold(value) else []

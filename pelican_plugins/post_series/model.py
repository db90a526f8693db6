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
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from pelican.plugins.postcard_core.text import fold_whitespace as fold

STATUSES: tuple[str, ...] = ("ongoing", "complete")
"""The values a definition's ``status`` may take."""

DEFINITION_FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "status",
    "planned",
    "slug",
    "lang",
    "updated",
    "modified",
)
"""The front-matter keys a series definition reads."""

POST_FIELDS: tuple[str, ...] = (
    "date",
    "series",
    "series_index",
    "tags",
    "category",
    "categories",
)
"""Keys that only a post has: a definition file with one is a misplaced post."""


@dataclass(frozen=True)
class Problem:
    """Something wrong with the input: ``source`` names the file(s), ``line``
    the line of the file when it is known."""

    source: str
    message: str
    level: str = "warning"  # or "error"
    line: int | None = None

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}:1"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class PlannedPart:
    """A promised part of a series: a title, maybe a part number and a blurb.

    In a definition ``index`` is the ``index`` written there (or None); in a
    plan's entries (``series.planned``, ``article.series.planned``) it is the
    part's number, see ``plan_series``.
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
    problems: tuple[Problem, ...] = ()  # part numbers that disagree or clash


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
        return series_total(self.entries)

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
    preview: bool = False  # a draft: its own page is not published
    unlisted: bool = False  # a hidden post: published, but not listed in the series

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


def kind_of(value: Any) -> str:
    """What a YAML value is, for messages: ``a list``, ``a mapping``, ..."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "a list"
    return f"a {type(value).__name__}"


def is_text(value: Any) -> bool:
    """Whether a YAML value reads as text: a string, number, date or true/false."""
    return isinstance(value, (str, int, float, dt.date))


def read_text(value: Any, written: Any = None) -> tuple[str, str | None]:
    """A front-matter value as folded text, and a problem when it is not text.

    ``written`` is the value as written in the file, used for numbers and dates
    so ``1.10`` stays ``1.10``. Returns ``("", "not a list")`` for a list.
    """
    if value is None:
        return "", None
    if not is_text(value):
        return "", f"not {kind_of(value)}"
    if not isinstance(value, str) and isinstance(written, str):
        value = written
    return fold(value), None


def parse_series_index(raw: Any) -> tuple[int | None, str | None]:
    """Read a ``series_index`` (or a planned part's ``index``).

    Returns ``(index, None)``, ``(None, None)`` when absent, or
    ``(None, message)`` when it is not a positive integer.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if not is_text(raw):
        return None, f"is {kind_of(raw)}, not a positive integer"
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
    key_lines: Mapping[str, int] | None = None,
    as_written: Mapping[str, Any] | None = None,
) -> tuple[SeriesDefinition, tuple[Problem, ...]]:
    """Build a ``SeriesDefinition`` from a definition file's header.

    Keys are case-insensitive. ``parse_date`` turns a YAML date or a string into
    an aware datetime and raises ``ValueError`` when it cannot. ``key_lines`` and
    ``as_written`` (from the front-matter ``Document``) give each key's line for
    messages and each scalar's text as written. A value that is not text is an
    error and is ignored; a key a definition does not read is a warning.
    """
    meta = {str(key).lower(): value for key, value in metadata.items()}
    lines = key_lines or {}
    written = as_written or {}
    problems: list[Problem] = []

    def warn(key: str, message: str, level: str = "warning") -> None:
        problems.append(Problem(source, message, level, lines.get(key)))

    def text(key: str) -> str:
        value, problem = read_text(meta.get(key), written.get(key))
        if problem:
            warn(key, f'"{key}" must be text, {problem}; ignored', "error")
        return value

    unknown = [key for key in meta if key not in DEFINITION_FIELDS]
    for key in unknown:
        warn(
            key,
            f'unknown field "{key}" '
            f"(a series definition has: {', '.join(DEFINITION_FIELDS)})",
        )
    post_keys = sorted(key for key in unknown if key in POST_FIELDS)
    if post_keys:
        problems.append(
            Problem(
                source,
                f"looks like a post (it has {', '.join(post_keys)}); files in the "
                "series folder (POST_SERIES_DIR) are series definitions, never "
                "posts: move it to your posts",
            )
        )

    slug = slugify(text("slug")) or file_slug
    title = text("title") or humanize_slug(slug)
    status = text("status").lower() or "ongoing"
    if status not in STATUSES:
        warn(
            "status",
            f"status {status!r} is not one of {', '.join(STATUSES)}; using 'ongoing'",
        )
        status = "ongoing"

    def warn_planned(message: str, level: str = "warning") -> None:
        warn("planned", message, level)

    planned = _planned_parts(meta.get("planned"), slugify, warn_planned)
    updated = None
    for key in ("updated", "modified"):
        if meta.get(key) is None:
            continue
        if not is_text(meta[key]):
            warn(key, f'"{key}" must be a date, not {kind_of(meta[key])}; ignored')
            break
        try:
            updated = parse_date(meta[key])
        except (TypeError, ValueError):
            warn(key, f"{key} {fold(meta[key])!r} is not a date")
        break
    definition = SeriesDefinition(
        slug=slug,
        title=title,
        source=source,
        lang=text("lang") or default_lang,
        description=text("description"),
        intro=intro,
        status=status,
        planned=planned,
        updated=updated,
        metadata=MappingProxyType(dict(meta)),
    )
    problems.sort(key=lambda problem: (problem.line is None, problem.line or 0))
    return definition, tuple(problems)


def _planned_parts(
    raw: Any, slugify: Callable[[str], str], warn: Callable[..., None]
) -> tuple[PlannedPart, ...]:
    if raw is None:
        return ()
    if isinstance(raw, (str, Mapping)):
        raw = [raw]
    if not isinstance(raw, list):
        warn("planned must be a list of parts (each a title, or a mapping)")
        return ()
    parts: list[PlannedPart] = []
    for position, item in enumerate(raw, start=1):
        index, description = None, ""
        if isinstance(item, Mapping):
            item = {str(key).lower(): value for key, value in item.items()}
            title, problem = read_text(item.get("title"))
            if problem:
                warn(
                    f'planned part {position}: "title" must be text, {problem}; '
                    "the part is skipped",
                    "error",
                )
                continue
            index, problem = parse_series_index(item.get("index"))
            if problem:
                warn(f"planned part {position}: index {problem}; ignoring the index")
            description, problem = read_text(item.get("description"))
            if problem:
                warn(
                    f'planned part {position}: "description" must be text, '
                    f"{problem}; ignored",
                    "error",
                )
        elif is_text(item):
            title = fold(item)
        else:
            warn(
                f"planned part {position} must be a title or a mapping, "
                f"not {kind_of(item)}; the part is skipped",
                "error",
            )
            continue
        if not title:
            warn(f"planned part {position} has no title; skipping it")
            continue
        parts.append(PlannedPart(title, index, description, slugify(title)))
    seen: dict[int, str] = {}
    for part, number in zip(parts, number_planned_parts(parts), strict=True):
        if number in seen:
            warn(
                f"planned parts {seen[number]!r} and {part.title!r} "
                f"are both part {number}"
            )
        else:
            seen[number] = part.title
    return tuple(parts)


def number_planned_parts(
    planned: Sequence[PlannedPart],
    claimed: frozenset[int] = frozenset(),
    pinned: Mapping[int, int] = MappingProxyType({}),
) -> tuple[int, ...]:
    """Each planned part's number, in list order.

    A part's number is its ``index``; else ``pinned[position]`` (the
    ``series_index`` of the post that keeps it); else the first number after the
    part listed before it that no post ``claimed`` with its ``series_index``.
    So the list's order is the reading order: ``[A, {B, index: 4}, C]`` numbers
    A 1, B 4, C 5, and A is 2 when a post that is not A says it is part 1.
    """
    numbers: list[int] = []
    previous = 0
    for position, part in enumerate(planned):
        if part.index is not None:
            number = part.index
        elif position in pinned:
            number = pinned[position]
        else:
            number = previous + 1
            while number in claimed:
                number += 1
        numbers.append(number)
        previous = number
    return tuple(numbers)


def plan_series(
    parts: Sequence[Part], planned: Sequence[PlannedPart], source: str = ""
) -> Plan:
    """Match posts to planned parts and put everything in reading order.

    A post keeps a planned part's promise when its ``series_index`` equals the
    part's ``index`` (tried first, for every post), else when its title slug
    equals the part's slug.

    Part numbers: a post with a ``series_index`` has that number; a planned part
    has the number ``number_planned_parts`` gives it; a post without an index
    that keeps a promise takes the promise's number; every other post follows
    the highest number, by date. The reading order is by number (posts before a
    planned part with the same number, then by date). ``source`` names the
    definition file in messages.
    """
    parts = sorted(parts, key=lambda p: (p.date, p.source))
    open_parts = dict(enumerate(planned))
    fulfils: dict[int, tuple[int, PlannedPart]] = {}  # id(part) -> (position, promise)
    for part in parts:
        if part.index is None:
            continue
        for position, promise in open_parts.items():
            if promise.index == part.index:
                fulfils[id(part)] = (position, open_parts.pop(position))
                break
    for part in parts:
        if id(part) in fulfils or not part.title_slug:
            continue
        for position, promise in open_parts.items():
            if promise.slug == part.title_slug:
                fulfils[id(part)] = (position, open_parts.pop(position))
                break

    claimed = {part.index: part for part in reversed(parts) if part.index is not None}
    pinned = {
        fulfils[id(part)][0]: part.index
        for part in parts
        if part.index is not None and id(part) in fulfils
    }
    numbers = number_planned_parts(planned, frozenset(claimed), pinned)
    problems = _collisions(planned, numbers, claimed, source)

    numbered: list[tuple[tuple, int, Part | PlannedPart]] = []
    dated: list[Part] = []
    for part in parts:
        position, promise = fulfils.get(id(part), (None, None))
        if part.index is not None:
            number = part.index
            if promise is not None and promise.index not in (None, number):
                problems.append(
                    Problem(
                        part.source,
                        f"keeps the promise of planned part {promise.title!r} "
                        f"(part {promise.index}) by its title, but its series_index "
                        f"is {number}; it is shown as part {number}",
                    )
                )
        elif promise is not None:
            number = numbers[position]
        else:
            dated.append(part)
            continue
        key = (number, 0, part.date.timestamp(), part.source, 0)
        numbered.append((key, number, part))
    for position, promise in open_parts.items():
        number = numbers[position]
        if promise.index != number:
            promise = replace(promise, index=number)
        numbered.append(((number, 1, 0.0, "", position), number, promise))
    numbered.sort(key=lambda triple: triple[0])
    last = max((number for _, number, _ in numbered), default=0)
    entries = [
        Entry(number, article=item.post, fulfils=fulfils.get(id(item), (0, None))[1])
        if isinstance(item, Part)
        else Entry(number, planned=item)
        for _, number, item in numbered
    ]
    entries.extend(
        Entry(number, article=part.post)
        for number, part in enumerate(dated, start=last + 1)
    )
    unplanned = tuple(part for part in parts if id(part) not in fulfils)
    return Plan(entries=tuple(entries), unplanned=unplanned, problems=tuple(problems))


def _collisions(
    planned: Sequence[PlannedPart],
    numbers: Sequence[int],
    claimed: Mapping[int, Part],
    source: str,
) -> list[Problem]:
    """Planned parts that share a number only because posts took the numbers
    before it (a clash the definition alone shows is reported with it)."""
    alone = number_planned_parts(planned)
    first: dict[int, int] = {}
    problems = []
    for position, number in enumerate(numbers):
        if number not in first:
            first[number] = position
            continue
        other = first[number]
        if alone[position] == alone[other]:
            continue
        moved = position if numbers[position] != alone[position] else other
        low, high = sorted((alone[moved], numbers[moved]))
        taken = sorted(n for n in claimed if low <= n <= high)
        by = ", ".join(f"{claimed[n].source} is part {n}" for n in taken)
        problems.append(
            Problem(
                source,
                f"planned parts {planned[other].title!r} and "
                f"{planned[position].title!r} are both part {number}, as "
                f"{planned[moved].title!r} follows posts numbered by series_index "
                f"({by}); if one of them is {planned[moved].title!r}, give the "
                "planned part that index",
            )
        )
    return problems


def series_total(entries: Sequence[Entry]) -> int:
    """The "M" of "part N of M": the last part's number (or the count of entries
    when posts share a number)."""
    return max(len(entries), max((e.number for e in entries), default=0))


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
    series: Series,
    post: Any,
    entries: Sequence[Entry] | None = None,
    *,
    visibility: str = "published",
) -> SeriesNav:
    """``article.series`` for ``post``, which must be one of ``entries``' posts.

    ``entries`` defaults to the series' published reading order; a draft or a
    hidden post passes an order that has it in its place. ``visibility`` is
    ``published``, ``draft`` (a preview) or ``hidden`` (published, unlisted).
    """
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
        total=series_total(entries),
        series=series,
        entries=entries,
        preview=visibility == "draft",
        unlisted=visibility == "hidden",
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

"""Tag summaries: what a tag covers and how active it is.

Plain frozen dataclasses and pure functions, no Pelican. Tags are opaque
hashable objects here (Pelican ``Tag`` objects in a build, plain strings in unit
tests): ``str(tag)`` is a tag's name, and ``url``/``slug`` are read when present.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from pelican.plugins.postcard_core.document import Document, parse_document
from pelican.plugins.postcard_core.problems import FrontMatterError
from pelican.plugins.postcard_core.text import fold_whitespace

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEIGHT_STEPS = 5
DEFINITION_FIELDS = ("title", "description")


# --- Inputs ---------------------------------------------------------------


@dataclass(frozen=True)
class TagDescription:
    """What an author wrote about a tag: a definition file or a setting."""

    text: str | None  # one or two sentences, plain text; None when not given
    source: str  # "definition" or "setting"
    intro: str = ""  # HTML of a definition's body
    path: str | None = None  # the definition file


@dataclass(frozen=True)
class SeriesRef:
    """A series one post is a part of."""

    title: str
    url: str | None = None
    slug: str = ""


@dataclass(frozen=True)
class TaggedPost:
    """What the summaries need to know about one published post."""

    article: Any
    date: datetime
    tags: tuple[Hashable, ...]
    series: tuple[SeriesRef, ...] = ()


@dataclass(frozen=True)
class TagDefinition:
    """A parsed definition file ``<TAG_SUMMARIES_DIR>/<slug>.md``."""

    slug: str
    path: str
    title: str | None = None  # the display name
    description: str | None = None
    intro: str = ""  # HTML
    warnings: tuple[str, ...] = ()  # "path:LINE:COL: message" for unknown fields


class TagUse(NamedTuple):
    """One post using one spelling of a tag (a tuple: there is one per tag use)."""

    slug: str
    name: str
    source: str


# --- Outputs --------------------------------------------------------------


@dataclass(frozen=True)
class RelatedTag:
    """A tag that appears on the same posts, with the number of posts shared."""

    tag: Any
    count: int

    @property
    def name(self) -> str:
        return str(self.tag)

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
    per_month: tuple[tuple[str, int], ...] = ()
    definition: str | None = None  # path of the definition file, when there is one

    @property
    def name(self) -> str:
        return str(self.tag)

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


@dataclass(frozen=True)
class SpellingMerge:
    """Several spellings of one tag slug, merged under one name."""

    slug: str
    chosen: str
    spellings: tuple[tuple[str, int], ...]  # each spelling with its post count
    others: tuple[tuple[str, str], ...] = field(default=())  # (source, spelling)

    def message(self) -> str:
        """The log line that tells the author what was merged."""
        names = [f'"{name}"' for name, _ in self.spellings]
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        where = ", ".join(f'{source} ("{name}")' for source, name in self.others)
        return (
            f'Tags {listed} share the slug "{self.slug}": merged as "{self.chosen}";'
            f" other spellings in {where}"
        )


# --- Pure functions -------------------------------------------------------


def month_key(moment: datetime) -> str:
    """``"YYYY-MM"`` of a date."""
    return f"{moment.year:04d}-{moment.month:02d}"


def month_label(moment: datetime) -> str:
    """``"May 2024"``: English on purpose, the locale must not change the output."""
    return f"{MONTH_NAMES[moment.month - 1]} {moment.year}"


def month_range(first: datetime, last: datetime) -> list[str]:
    """Every ``"YYYY-MM"`` from the month of ``first`` to that of ``last``."""
    year, month = first.year, first.month
    end = (last.year, last.month)
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


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
    name = str(tag)
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


def summarize_tags(
    posts: Iterable[TaggedPost],
    descriptions: Mapping[Hashable, TagDescription] | None = None,
    *,
    related_limit: int = 5,
    latest_limit: int = 3,
) -> dict[Hashable, TagSummary]:
    """Summarize every tag of ``posts`` (published posts only), ordered by name.

    One pass over the posts, O(posts x tags-per-post^2): co-occurrence is counted
    per post, never by comparing tags or posts with each other.
    """
    descriptions = descriptions or {}
    # newest first, so the first posts seen for a tag are its latest ones
    ordered = sorted(posts, key=lambda post: post.date, reverse=True)
    tallies: dict[Hashable, _Tally] = {}
    for post in ordered:
        tags = list(dict.fromkeys(post.tags))
        for tag in tags:
            tally = tallies.get(tag)
            if tally is None:
                tally = tallies[tag] = _Tally()
            tally.count += 1
            if tally.last is None or post.date > tally.last:
                tally.last = post.date
            if tally.first is None or post.date < tally.first:
                tally.first = post.date
            tally.months[month_key(post.date)] += 1
            if len(tally.latest) < latest_limit:
                tally.latest.append(post.article)
            for other in tags:
                if other != tag:
                    tally.related[other] += 1
            for ref in post.series:
                key = ref.slug or ref.title
                tally.series.setdefault(key, ref)
                tally.series_counts[key] += 1

    if not tallies:
        return {}
    counts = [tally.count for tally in tallies.values()]
    lowest, highest = min(counts), max(counts)
    summaries: dict[Hashable, TagSummary] = {}
    for tag in sorted(tallies, key=_name_order):
        tally = tallies[tag]
        related = tuple(
            RelatedTag(other, shared)
            for other, shared in sorted(
                tally.related.items(),
                key=lambda item: (-item[1], *_name_order(item[0])),
            )[: max(related_limit, 0)]
        )
        series = tuple(
            TagSeries(ref.title, ref.url, ref.slug, tally.series_counts[key])
            for key, ref in sorted(
                tally.series.items(),
                key=lambda item: (
                    -tally.series_counts[item[0]],
                    item[1].title.casefold(),
                    item[1].title,
                ),
            )
        )
        described = descriptions.get(tag)
        if described is not None and described.text:
            description, source = described.text, described.source
        else:
            description = automatic_description(
                tally.count, tally.first, tally.last, related
            )
            source = "automatic"
        summaries[tag] = TagSummary(
            tag=tag,
            description=description,
            description_source=source,
            intro=described.intro if described is not None else "",
            count=tally.count,
            first_date=tally.first,
            last_date=tally.last,
            related=related,
            series=series,
            latest=tuple(tally.latest),
            weight=tag_weight(tally.count, lowest, highest),
            per_month=tuple(
                (month, tally.months.get(month, 0))
                for month in month_range(tally.first, tally.last)
            ),
            definition=described.path if described is not None else None,
        )
    return summaries


def choose_spellings(
    uses: Iterable[TagUse], preferred: Mapping[str, str] | None = None
) -> tuple[dict[str, str], tuple[SpellingMerge, ...]]:
    """Pick one name per tag slug: ``preferred`` (a definition's title) or the
    spelling most posts use (ties: the name that sorts first).

    Returns the name for every slug, and a ``SpellingMerge`` for every slug whose
    posts disagree on the spelling.
    """
    preferred = preferred or {}
    sources: dict[str, dict[str, set[str]]] = {}
    for use in uses:
        sources.setdefault(use.slug, {}).setdefault(use.name, set()).add(use.source)
    names: dict[str, str] = {}
    merges: list[SpellingMerge] = []
    for slug, spellings in sources.items():
        ranked = sorted(spellings, key=lambda name: (-len(spellings[name]), name))
        chosen = preferred.get(slug) or ranked[0]
        names[slug] = chosen
        if len(spellings) > 1:
            others = sorted(
                (source, name)
                for name in ranked
                if name != chosen
                for source in spellings[name]
            )
            merges.append(
                SpellingMerge(
                    slug=slug,
                    chosen=chosen,
                    spellings=tuple((name, len(spellings[name])) for name in ranked),
                    others=tuple(others),
                )
            )
    for slug, name in preferred.items():
        names.setdefault(slug, name)
    merges.sort(key=lambda merge: merge.slug)
    return names, tuple(merges)


def _text_field(document: Document, key: str, source: str) -> str | None:
    value = document.metadata.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | date):
        raise FrontMatterError(
            source,
            document.key_lines.get(key, 1),
            1,
            f'"{key}" must be text, not {type(value).__name__}',
        )
    return fold_whitespace(str(value)) or None


def parse_definition(
    text: str, source: str, slug: str, render: Callable[[str], str]
) -> TagDefinition:
    """Read a tag definition: YAML front matter ``title``, ``description``, and an
    optional Markdown body that ``render`` turns into HTML.

    Raises ``FrontMatterError`` (``source:LINE:COL: message``) for a broken file.
    """
    document = parse_document(text, source)
    title = _text_field(document, "title", source)
    description = _text_field(document, "description", source)
    warnings = tuple(
        f"{source}:{document.key_lines.get(key, 1)}:1: "
        f'unknown field "{key}" (a tag definition has: {", ".join(DEFINITION_FIELDS)})'
        for key in document.metadata
        if str(key).lower() not in DEFINITION_FIELDS
    )
    body = document.body.strip()
    return TagDefinition(
        slug=slug,
        path=source,
        title=title,
        description=description,
        intro=render(body) if body else "",
        warnings=warnings,
    )

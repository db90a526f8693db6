"""Planning a series: matching posts to promised parts, numbering, navigation.

Pure functions over ``model`` values, no Pelican.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from pelican.plugins.postcard_core.problems import Problem, SourcedProblem

from .model import (
    Addresses,
    CollectedParts,
    Entry,
    Key,
    Part,
    Plan,
    PlannedPart,
    Series,
    SeriesDefinition,
    SeriesNav,
    make_series,
    series_total,
)

Promises = dict[int, tuple[int, PlannedPart]]  # id(part) -> (position, promise)


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
    fulfils = _match_promises(parts, open_parts)
    claimed = {part.index: part for part in reversed(parts) if part.index is not None}
    pinned = {
        fulfils[id(part)][0]: part.index
        for part in parts
        if part.index is not None and id(part) in fulfils
    }
    numbers = number_planned_parts(planned, frozenset(claimed), pinned)
    problems = _collisions(planned, numbers, claimed, source)
    entries = _reading_order(parts, fulfils, open_parts, numbers, problems)
    unplanned = tuple(part for part in parts if id(part) not in fulfils)
    return Plan(entries=entries, unplanned=unplanned, problems=tuple(problems))


def _match_promises(
    parts: Sequence[Part], open_parts: dict[int, PlannedPart]
) -> Promises:
    """Which promise each post keeps: by index first, then by title slug.

    Removes the kept promises from ``open_parts``.
    """
    fulfils: Promises = {}
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
    return fulfils


def _reading_order(
    parts: Sequence[Part],
    fulfils: Promises,
    open_parts: Mapping[int, PlannedPart],
    numbers: Sequence[int],
    problems: list[SourcedProblem],
) -> tuple[Entry, ...]:
    numbered: list[tuple[tuple, int, Part | PlannedPart]] = []
    dated: list[Part] = []
    for part in parts:
        position, promise = fulfils.get(id(part), (None, None))
        if part.index is not None:
            number = part.index
            if promise is not None and promise.index not in (None, number):
                problems.append((part.source, _renumbered(promise, number)))
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
    return tuple(entries)


def _renumbered(promise: PlannedPart, number: int) -> Problem:
    return Problem(
        0,
        0,
        f"keeps the promise of planned part {promise.title!r} "
        f"(part {promise.index}) by its title, but its series_index "
        f"is {number}; it is shown as part {number}",
    )


def _collisions(
    planned: Sequence[PlannedPart],
    numbers: Sequence[int],
    claimed: Mapping[int, Part],
    source: str,
) -> list[SourcedProblem]:
    """Planned parts that share a number only because posts took the numbers
    before it (a clash the definition alone shows is reported with it)."""
    alone = number_planned_parts(planned)
    first: dict[int, int] = {}
    problems: list[SourcedProblem] = []
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
        message = (
            f"planned parts {planned[other].title!r} and "
            f"{planned[position].title!r} are both part {number}, as "
            f"{planned[moved].title!r} follows posts numbered by series_index "
            f"({by}); if one of them is {planned[moved].title!r}, give the "
            "planned part that index"
        )
        problems.append((source, Problem(0, 0, message)))
    return problems


def duplicate_indexes(
    parts: Iterable[Part], series_title: str
) -> tuple[SourcedProblem, ...]:
    """A warning for each part number that more than one post claims."""
    by_index: dict[int, list[Part]] = {}
    for part in parts:
        if part.index is not None:
            by_index.setdefault(part.index, []).append(part)
    return tuple(
        (
            ", ".join(sorted(p.source for p in claimants)),
            Problem(
                0,
                0,
                f"these posts are all part {index} of series {series_title!r}; "
                "ordering them by date",
            ),
        )
        for index, claimants in sorted(by_index.items())
        if len(claimants) > 1
    )


def completeness_problems(
    definition: SeriesDefinition | None, plan: Plan
) -> tuple[SourcedProblem, ...]:
    """Warnings for a series marked ``complete`` that is still changing.

    A post that keeps none of the promises of a complete series (when the
    definition lists any) is a new part; a promise nobody kept is still open.
    """
    if definition is None or definition.status != "complete" or not definition.planned:
        return ()
    title = definition.title
    problems: list[SourcedProblem] = [
        (
            f"{part.source}, {definition.source}",
            Problem(
                0,
                0,
                f"series {title!r} is marked complete, but this post "
                "adds a part it does not plan; the post is still published",
            ),
        )
        for part in plan.unplanned
    ]
    problems.extend(
        (
            definition.source,
            Problem(
                0,
                0,
                f"series {title!r} is marked complete, but planned part "
                f"{entry.planned.title!r} has no published post",
            ),
        )
        for entry in plan.entries
        if entry.planned is not None
    )
    return tuple(problems)


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
    place = next(i for i, entry in enumerate(entries) if entry.article is post)
    after = entries[place + 1] if place + 1 < len(entries) else None
    return SeriesNav(
        name=series.title,
        index=entries[place].number,
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
        next_planned=after.planned if after is not None else None,
    )


def plan_every_series(
    listed: Iterable[Key],
    definitions: Mapping[Key, SeriesDefinition],
    collected: CollectedParts,
    linked_from: Mapping[Key, Sequence[Any]],
    addresses: Callable[[Key], Addresses],
) -> tuple[dict[Key, Series], tuple[SourcedProblem, ...]]:
    """Every listed series, planned, with the problems found on the way."""
    by_key: dict[Key, Series] = {}
    problems: list[SourcedProblem] = []
    for key in sorted(listed):
        definition = definitions.get(key)
        published = collected.published.get(key, ())
        series_plan = plan_series(
            published,
            definition.planned if definition else (),
            definition.source if definition else "",
        )
        title = definition.title if definition else collected.names[key]
        problems.extend(duplicate_indexes(published, title))
        problems.extend(series_plan.problems)
        problems.extend(completeness_problems(definition, series_plan))
        by_key[key] = make_series(
            *reversed(key),
            title,
            definition,
            series_plan,
            addresses(key),
            linked_from.get(key, ()),
        )
    return by_key, tuple(problems)


def every_navigation(
    by_key: Mapping[Key, Series],
    definitions: Mapping[Key, SeriesDefinition],
    collected: CollectedParts,
    addresses: Callable[[Key], Addresses],
) -> Iterator[tuple[Any, SeriesNav]]:
    """``(post, article.series)`` for every post in a series.

    A draft or hidden post is planned into its series' published parts, so its
    navigation previews the place it will take; it never changes the series.
    """
    for key, series in by_key.items():
        for part in collected.published.get(key, ()):
            yield part.post, navigation(series, part.post)
    for key, part in collected.previews:
        definition = definitions.get(key)
        series = by_key.get(key) or make_series(
            *reversed(key), collected.names[key], None, Plan((), ()), addresses(key)
        )
        preview = plan_series(
            [*collected.published.get(key, ()), part],
            definition.planned if definition else (),
        )
        hidden = getattr(part.post, "status", None) == "hidden"
        visibility = "hidden" if hidden else "draft"
        yield (
            part.post,
            navigation(series, part.post, preview.entries, visibility=visibility),
        )

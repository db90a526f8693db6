"""What a blogger should fix in their descriptions: plain data, no Pelican.

The adapter logs what ``check_descriptions`` finds: a missing description
(when required), one longer than meta tags show, one text used by several posts.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pelican.plugins.postcard_core.problems import Problem

from .model import Card

# A duplicate description is quoted in the log up to this many characters.
_QUOTED = 80


@dataclass(frozen=True)
class Described:
    """One content's card, named as the log names its file."""

    source: str
    card: Card
    description_line: int | None = None  # the ``description`` key's line, if known


@dataclass(frozen=True)
class DescriptionReport:
    """What ``check_descriptions`` found, ready to be logged."""

    problems: tuple[tuple[str, Problem], ...] = ()  # (source, problem)
    duplicates: tuple[str, ...] = ()  # one message per description used twice
    summary: str = ""  # how many articles have a description, for the INFO line


def _fallback_problem(card: Card) -> Problem:
    uses = (
        "its summary"
        if card.description_source == "summary"
        else ("its first paragraph")
    )
    return Problem(
        0,
        1,
        "no front-matter description (DESCRIPTION_CARDS_REQUIRE is on); "
        f"the card uses {uses}",
        logging.ERROR,
    )


def _too_long(item: Described, max_length: int) -> Problem | None:
    length = len(item.card.description)
    if length <= max_length:
        return None
    return Problem(
        item.description_line or 0,
        1,
        f"description is {length} characters, longer than "
        f"DESCRIPTION_CARDS_MAX_LENGTH ({max_length}); meta tags show it cut at a word",
    )


def _duplicate(sources: list[str], text: str) -> str:
    quoted = text if len(text) <= _QUOTED else text[: _QUOTED - 1] + "…"
    return (
        f"description_cards: the same description is used by {', '.join(sources)}: "
        f"{quoted!r}"
    )


def check_descriptions(
    items: Iterable[Described], *, max_length: int, require: bool
) -> DescriptionReport:
    """Check the descriptions of every published card (drafts are left alone)."""
    problems: list[tuple[str, Problem]] = []
    sources: Counter[str] = Counter()
    by_text: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in items:
        card = item.card
        if card.draft:
            continue
        if card.kind == "article":
            sources[card.description_source] += 1
        if card.description_source != "description":
            if require:
                problems.append((item.source, _fallback_problem(card)))
            continue
        long = _too_long(item, max_length)
        if long is not None:
            problems.append((item.source, long))
        by_text[(card.lang, card.description)].append(item.source)
    duplicates = tuple(
        _duplicate(names, text)
        for (_lang, text), names in by_text.items()
        if len(names) > 1
    )
    articles = sum(sources.values())
    summary = (
        f"description_cards: {sources['description']} of {articles} articles have a "
        f"front-matter description; {sources['summary']} fall back to their "
        f"summary, {sources['content']} to their first paragraph"
        if articles
        else ""
    )
    return DescriptionReport(tuple(problems), duplicates, summary)

"""One name per tag slug: the spelling most posts use, or a definition's title.

Pure functions, no Pelican.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple


class TagUse(NamedTuple):
    """One post using one spelling of a tag (a tuple: there is one per tag use)."""

    slug: str
    name: str
    source: str


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

"""What authors wrote about their tags: definition files and ``TAG_SUMMARIES``.

Pure functions, no Pelican: each problem comes back with the name it is about
(a file, or the setting), for the adapter to log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from pelican.plugins.postcard_core.problems import Problem, SourcedProblem
from pelican.plugins.postcard_core.text import fold_whitespace, kind_of

from .definition import TagDefinition


@dataclass(frozen=True)
class TagDescription:
    """What an author wrote about a tag: a definition file or a setting."""

    text: str | None  # one or two sentences, plain text; None when not given
    source: str  # "definition" or "setting"
    intro: str = ""  # HTML of a definition's body
    path: str | None = None  # the definition file


def setting_descriptions(
    quick: Any, slug_of: Callable[[str], str]
) -> tuple[dict[str, tuple[str, str]], list[SourcedProblem]]:
    """``TAG_SUMMARIES = {"Name": "description"}``, as slug -> (name, description)."""
    if not quick:
        return {}, []
    if not isinstance(quick, Mapping):
        message = f"must map tag names to descriptions, not {kind_of(quick)}"
        return {}, [("TAG_SUMMARIES", Problem(0, 0, message, logging.ERROR))]
    described: dict[str, tuple[str, str]] = {}
    problems: list[SourcedProblem] = []
    for name, text in quick.items():
        if not isinstance(text, str):
            message = f"the description must be text, not {kind_of(text)}"
            problems.append(
                (f'TAG_SUMMARIES["{name}"]', Problem(0, 0, message, logging.ERROR))
            )
            continue
        slug = slug_of(str(name))
        if slug and fold_whitespace(text):
            described[slug] = (str(name), fold_whitespace(text))
    return described, problems


def describe_tags(
    slugs: Collection[str],
    definitions: Mapping[str, TagDefinition],
    quick: Mapping[str, tuple[str, str]],
) -> tuple[dict[str, TagDescription], list[SourcedProblem]]:
    """The author's description of each tag in ``slugs``, by slug.

    A definition's description wins over the setting's; a definition with only a
    body still gives its introduction. A definition or setting for a tag no
    published post uses is a problem.
    """
    descriptions: dict[str, TagDescription] = {}
    for slug in slugs:
        definition, setting = definitions.get(slug), quick.get(slug)
        if definition is not None and (definition.description or not setting):
            descriptions[slug] = TagDescription(
                definition.description, "definition", definition.intro, definition.path
            )
        elif setting is not None:
            descriptions[slug] = TagDescription(
                setting[1],
                "setting",
                definition.intro if definition else "",
                definition.path if definition else None,
            )
    unused = [
        (
            definition.path,
            Problem(
                0,
                0,
                f'no published post is tagged "{definition.title or slug}"; '
                "this definition is unused",
            ),
        )
        for slug, definition in definitions.items()
        if slug not in slugs
    ]
    unused += [
        (
            f'TAG_SUMMARIES["{name}"]',
            Problem(0, 0, f'no published post is tagged "{name}"'),
        )
        for slug, (name, _) in quick.items()
        if slug not in slugs
    ]
    return descriptions, unused

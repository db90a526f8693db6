"""Tag definition files ``<TAG_SUMMARIES_DIR>/<slug>.md``: read one, purely.

YAML front matter gives ``title`` and ``description``; the Markdown body is the
tag page's introduction. No Pelican: the caller passes the renderer and the
slug function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pelican.plugins.postcard_core.document import Document, parse_document
from pelican.plugins.postcard_core.problems import FrontMatterError, Problem
from pelican.plugins.postcard_core.text import (
    describe_character,
    first_xml_unsafe,
    fold_whitespace,
    is_text,
    kind_of,
    without_xml_unsafe,
)

DEFINITION_FIELDS = ("title", "description")


@dataclass(frozen=True)
class TagDefinition:
    """A parsed definition file."""

    slug: str
    path: str
    title: str | None = None  # the display name
    description: str | None = None
    intro: str = ""  # HTML
    problems: tuple[Problem, ...] = ()  # unknown fields, a mismatched title


def _text_field(
    document: Document, key: str, source: str, problems: list[Problem]
) -> str | None:
    value = document.metadata.get(key)
    if value is None:
        return None
    line = document.key_lines.get(key, 1)
    if not is_text(value):
        raise FrontMatterError(
            source, line, 1, f'"{key}" must be text, not {kind_of(value)}'
        )
    text = fold_whitespace(value)
    at = first_xml_unsafe(text)
    if at >= 0:  # the name and description reach the tag's feed
        character = describe_character(text[at])
        message = f'"{key}" holds {character}, a control character feeds cannot hold'
        problems.append(Problem(line, 1, f"{message}; removed"))
        text = without_xml_unsafe(text)
    return text or None


def parse_definition(
    text: str,
    source: str,
    slug: str,
    render: Callable[[str], str],
    slug_of: Callable[[str], str] | None = None,
) -> TagDefinition:
    """Read a tag definition; ``render`` turns its Markdown body into HTML.

    With ``slug_of`` (a name to its tag slug), a title that names another tag
    than the file does is dropped, with a problem: it never renames the tag.
    Raises ``FrontMatterError`` (``source:LINE:COL: message``) for a broken file.
    """
    document = parse_document(text, source)
    cleaned: list[Problem] = []
    title = _text_field(document, "title", source, cleaned)
    description = _text_field(document, "description", source, cleaned)
    problems = cleaned + [
        Problem(
            document.key_lines.get(key, 1),
            1,
            f'unknown field "{key}" (a tag definition has: '
            f"{', '.join(DEFINITION_FIELDS)})",
        )
        for key in document.metadata
        if str(key).lower() not in DEFINITION_FIELDS
    ]
    if title and slug_of is not None and slug_of(title) != slug:
        problems.append(
            Problem(
                document.key_lines.get("title", 1),
                1,
                f'title "{title}" does not match the file name (tag slug "{slug}"); '
                "the title is not used as the tag's name",
            )
        )
        title = None
    body = document.body.strip()
    return TagDefinition(
        slug=slug,
        path=source,
        title=title,
        description=description,
        intro=render(body) if body else "",
        problems=tuple(problems),
    )

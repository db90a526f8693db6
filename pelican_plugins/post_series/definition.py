"""Series definition files: what a definition's YAML header and body say.

Pure functions, no Pelican: the adapter hands in the parsed ``Document``, a
Markdown renderer, a slug function and a date parser.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from types import MappingProxyType
from typing import Any

from pelican.plugins.postcard_core.document import Document, parse_document
from pelican.plugins.postcard_core.problems import (
    FrontMatterError,
    Problem,
    SourcedProblem,
)
from pelican.plugins.postcard_core.text import (
    MAX_SLUG_BYTES,
    describe_character,
    first_xml_unsafe,
    is_language_code,
    is_text,
    kind_of,
    slug_too_long,
    title_from_slug,
    without_xml_unsafe,
)
from pelican.plugins.postcard_core.text import fold_whitespace as fold
from pelican.plugins.postcard_core.yaml_lines import NodePath, Position, position_of

from .model import Key, PlannedPart, SeriesDefinition
from .plan import number_planned_parts

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

MAX_PART_NUMBER = 1000
"""The highest part number (``series_index``, a planned part's ``index``)."""

WarnAt = Callable[..., None]  # warn_at(path, message, level=logging.WARNING)


def path_problem(slug: str) -> str | None:
    """Why ``slug`` cannot name a file below the series folder, or None.

    Pelican's slugs never fail this; a site's ``SLUG_REGEX_SUBSTITUTIONS`` that
    keep dots and slashes can.
    """
    parts = re.split(r"[/\\]", slug)
    if any(part in (".", "..") for part in parts):
        return "it has a '.' or '..' part"
    if slug.startswith("/"):
        return "it starts with '/'"
    if "\\" in slug:
        return "it has a backslash"
    if "%" in slug:  # a URL would read %2e%2e as ..
        return "it has a '%'"
    if not slug.isprintable():
        return "it has a control character"
    if slug_too_long(slug):
        return f"it is over {MAX_SLUG_BYTES} bytes, too long for a file name"
    return None


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


def feed_safe(value: str, key: str, report: Callable[[str], None]) -> str:
    """``value`` without the characters XML cannot carry (a series' title and
    descriptions reach its feed), with one report when there were any."""
    at = first_xml_unsafe(value)
    if at < 0:
        return value
    character = describe_character(value[at])
    report(f'"{key}" holds {character}, a control character feeds cannot hold; removed')
    return without_xml_unsafe(value)


def parse_series_index(raw: Any) -> tuple[int | None, str | None]:
    """Read a ``series_index`` (or a planned part's ``index``).

    Returns ``(index, None)``, ``(None, None)`` when absent, or
    ``(None, message)`` when it is not a positive integer up to
    ``MAX_PART_NUMBER``.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if not is_text(raw):
        return None, f"is {kind_of(raw)}, not a positive integer"
    value: int | None = None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and raw.strip().isdecimal():
        digits = raw.strip().lstrip("0") or "0"
        # int() refuses thousands of digits; that many is over the bound anyway.
        too_long = len(digits) > len(str(MAX_PART_NUMBER))
        value = MAX_PART_NUMBER + 1 if too_long else int(digits)
    if value is None or value < 1:
        return None, f"{raw!r} is not a positive integer"
    if value > MAX_PART_NUMBER:
        return None, f"{_shown(raw)} is over {MAX_PART_NUMBER}, the highest part number"
    return value, None


def _shown(number: int | str) -> str:
    """A long number for a message: its first digits, its last and its length."""
    text = str(number).strip()
    return text if len(text) <= 40 else f"{text[:5]}…{text[-1]} ({len(text)} digits)"


def as_list(value: Any) -> list[str]:
    """A front-matter value that may be one string or a list of them."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [fold(item) for item in value if fold(item)]
    return [fold(value)] if fold(value) else []


def file_problems(
    document: Document, intro: str, link_pattern: re.Pattern[str]
) -> tuple[Problem, ...]:
    """Whole-file problems: no header, or intra-site links in the introduction."""
    problems = []
    if not document.has_header:
        problems.append(
            Problem(
                0,
                0,
                "no YAML front matter ('---' block); the file name gives the title",
            )
        )
    if intro and link_pattern.search(intro):
        problems.append(
            Problem(
                0,
                0,
                "links such as {filename} or {series} are not resolved in a "
                "series introduction; use ordinary URLs there",
            )
        )
    return tuple(problems)


# Long only by its keyword-only signature and docstring; the body is ~30 lines.
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
    node_positions: Mapping[NodePath, Position] | None = None,
) -> tuple[SeriesDefinition, tuple[Problem, ...]]:
    """Build a ``SeriesDefinition`` from a definition file's header.

    Keys are case-insensitive. ``parse_date`` turns a YAML date or a string into
    an aware datetime and raises ``ValueError`` when it cannot. ``key_lines``,
    ``as_written`` and ``node_positions`` (from the front-matter ``Document``)
    give each key's line and each planned part's for messages, and each scalar's
    text as written. A value that is not text is an error and is ignored; a key
    a definition does not read is a warning.
    """
    meta = {str(key).lower(): value for key, value in metadata.items()}
    lines = key_lines or {}
    written = as_written or {}
    problems: list[Problem] = []

    def warn_at(path: NodePath, message: str, level: int = logging.WARNING) -> None:
        line, column = position_of(node_positions or {}, lines, path)
        problems.append(Problem(line, column, message, level))

    def warn(key: str, message: str, level: int = logging.WARNING) -> None:
        warn_at((key,), message, level)

    def text(key: str) -> str:
        value, problem = read_text(meta.get(key), written.get(key))
        if problem:
            warn(key, f'"{key}" must be text, {problem}; ignored', logging.ERROR)
        return feed_safe(value, key, partial(warn, key))

    _check_keys(meta, warn, problems)
    slug = _slug(slugify(text("slug")), file_slug, warn)
    status = text("status").lower() or "ongoing"
    if status not in STATUSES:
        warn(
            "status",
            f"status {status!r} is not one of {', '.join(STATUSES)}; using 'ongoing'",
        )
        status = "ongoing"
    definition = SeriesDefinition(
        slug=slug,
        title=text("title") or title_from_slug(slug),
        source=source,
        lang=_lang(text("lang"), default_lang, warn),
        description=text("description"),
        intro=intro,
        status=status,
        planned=_planned_parts(meta.get("planned"), slugify, warn_at),
        updated=_updated(meta, parse_date, warn),
        metadata=MappingProxyType(dict(meta)),
    )
    # Messages about a key in the order of the file; whole-file ones last.
    problems.sort(key=lambda p: (p.line == 0, p.line, p.column))
    return definition, tuple(problems)


def _slug(slug: str, file_slug: str, warn: Callable[..., None]) -> str:
    """The ``slug`` a definition gives, unless it is no safe file name."""
    problem = path_problem(slug) if slug else None
    if problem:
        warn(
            "slug",
            f"slug {slug!r} cannot name a file in the series folder ({problem}); "
            f"using {file_slug!r}",
        )
    return file_slug if problem or not slug else slug


def _lang(lang: str, default_lang: str, warn: Callable[..., None]) -> str:
    """The ``lang`` a definition gives, unless it is not a language code."""
    if not lang or lang.lower() == default_lang.lower() or is_language_code(lang):
        return lang or default_lang
    warn(
        "lang",
        f"lang {lang!r} is not a language code (such as en or pt-BR); "
        f"using {default_lang!r}",
    )
    return default_lang


def _check_keys(
    meta: Mapping[str, Any], warn: Callable[..., None], problems: list[Problem]
) -> None:
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
                0,
                0,
                f"looks like a post (it has {', '.join(post_keys)}); files in the "
                "series folder (POST_SERIES_DIR) are series definitions, never "
                "posts: move it to your posts",
            )
        )


def _updated(
    meta: Mapping[str, Any],
    parse_date: Callable[[Any], dt.datetime],
    warn: Callable[..., None],
) -> dt.datetime | None:
    for key in ("updated", "modified"):
        if meta.get(key) is None:
            continue
        if not is_text(meta[key]):
            warn(key, f'"{key}" must be a date, not {kind_of(meta[key])}; ignored')
            return None
        try:
            return parse_date(meta[key])
        except (TypeError, ValueError):
            warn(key, f"{key} {fold(meta[key])!r} is not a date")
            return None
    return None


def _planned_parts(
    raw: Any, slugify: Callable[[str], str], warn_at: WarnAt
) -> tuple[PlannedPart, ...]:
    """The planned parts; a problem with one part is reported at its own line."""
    if raw is None:
        return ()
    single = isinstance(raw, (str, Mapping))
    if single:
        raw = [raw]
    if not isinstance(raw, list):
        warn_at(
            ("planned",), "planned must be a list of parts (each a title, or a mapping)"
        )
        return ()
    parts: list[PlannedPart] = []
    places: list[NodePath] = []
    for position, item in enumerate(raw, start=1):
        place: NodePath = ("planned",) if single else ("planned", position - 1)
        part = _planned_part(item, position, place, warn_at)
        if part is None:
            continue
        if not part.title:
            warn_at(place, f"planned part {position} has no title; skipping it")
            continue
        parts.append(
            PlannedPart(part.title, part.index, part.description, slugify(part.title))
        )
        places.append(place)
    _warn_shared_numbers(parts, places, warn_at)
    return tuple(parts)


def _planned_part(
    item: Any, position: int, place: NodePath, warn_at: WarnAt
) -> PlannedPart | None:
    """One item of ``planned`` (its slug is left empty), or None to skip it."""
    if is_text(item):
        return PlannedPart(feed_safe(fold(item), "planned", partial(warn_at, place)))
    if not isinstance(item, Mapping):
        warn_at(
            place,
            f"planned part {position} must be a title or a mapping, "
            f"not {kind_of(item)}; the part is skipped",
            logging.ERROR,
        )
        return None
    item = {str(key).lower(): value for key, value in item.items()}
    title, problem = read_text(item.get("title"))
    if problem:
        warn_at(
            (*place, "title"),
            f'planned part {position}: "title" must be text, {problem}; '
            "the part is skipped",
            logging.ERROR,
        )
        return None
    index, problem = parse_series_index(item.get("index"))
    if problem:
        message = f"planned part {position}: index {problem}; ignoring the index"
        warn_at((*place, "index"), message)
    description, problem = read_text(item.get("description"))
    if problem:
        warn_at(
            (*place, "description"),
            f'planned part {position}: "description" must be text, {problem}; ignored',
            logging.ERROR,
        )
    title = feed_safe(title, "title", partial(warn_at, (*place, "title")))
    description = feed_safe(
        description, "description", partial(warn_at, (*place, "description"))
    )
    return PlannedPart(title, index, description)


def _warn_shared_numbers(
    parts: list[PlannedPart], places: list[NodePath], warn_at: WarnAt
) -> None:
    """A warning at each planned part that takes a number an earlier one has."""
    seen: dict[int, str] = {}
    numbers = number_planned_parts(parts)
    for part, place, number in zip(parts, places, numbers, strict=True):
        if number in seen:
            warn_at(
                place,
                f"planned parts {seen[number]!r} and {part.title!r} "
                f"are both part {number}",
            )
        else:
            seen[number] = part.title


def read_definition_file(
    source: str,
    text: str,
    render: Callable[[str], str],
    link_pattern: re.Pattern[str],
    read: Callable[..., tuple[SeriesDefinition, tuple[Problem, ...]]],
    slugify: Callable[[str], str],
) -> tuple[SeriesDefinition | None, tuple[Problem, ...]]:
    """One definition file: its definition (None when it cannot be read) and
    its problems in the order they are found.

    ``render`` turns the Markdown body into HTML; ``read`` is
    ``definition_from_metadata`` with the site's options bound.
    """
    try:
        document = parse_document(text, source)
    except FrontMatterError as exc:
        return None, (Problem(exc.line, exc.column, exc.message, logging.ERROR),)
    intro = render(document.body) if document.body.strip() else ""
    stem = posixpath.splitext(posixpath.basename(source))[0]
    definition, problems = read(
        document.metadata,
        source=source,
        file_slug=slugify(stem) or stem,
        intro=intro,
        key_lines=document.key_lines,
        as_written=document.as_written,
        node_positions=document.node_positions,
    )
    found = (
        *sorted(document.problems, key=lambda p: (p.line, p.column)),
        *file_problems(document, intro, link_pattern),
        *problems,
    )
    return definition, found


def title_aliases(
    definitions: Mapping[Key, SeriesDefinition], slugify: Callable[[str], str]
) -> dict[Key, Key]:
    """A post may name a defined series by its title: title slug -> key."""
    aliases: dict[Key, Key] = {}
    for key, definition in definitions.items():
        alias = (key[0], slugify(definition.title))
        if alias[1] and alias not in definitions:
            aliases.setdefault(alias, key)
    return aliases


def unique_definitions(
    found: Iterable[SeriesDefinition], slugify: Callable[[str], str]
) -> tuple[dict[Key, SeriesDefinition], tuple[SourcedProblem, ...]]:
    """The definitions by key, in the order found, each name kept by its first.

    A post names a series by its slug or by its title's slug, so two definitions
    of one language that share either would be the same name for two series: the
    later file is left out with a warning naming both.
    """
    definitions: dict[Key, SeriesDefinition] = {}
    names: dict[Key, tuple[SeriesDefinition, str]] = {}  # name -> (first, how)
    problems: list[SourcedProblem] = []
    for definition in found:
        lang = definition.lang.lower()
        own = _names(definition, slugify)
        clash = next(((n, how) for n, how in own if (lang, n) in names), None)
        if clash is not None:
            name, how = clash
            first, first_how = names[(lang, name)]
            if name == definition.slug and name == first.slug:
                message = f"both define series {name!r}; using {first.source}"
            else:
                message = (
                    f"{first_how} and {how} give one series name {name!r}, so a "
                    f"post could not tell them apart; using {first.source}"
                )
            where = f"{first.source}, {definition.source}"
            problems.append((where, Problem(0, 0, message)))
            continue
        definitions[(lang, definition.slug)] = definition
        for name, how in own:
            names.setdefault((lang, name), (definition, how))
    return definitions, tuple(problems)


def _names(
    definition: SeriesDefinition, slugify: Callable[[str], str]
) -> list[tuple[str, str]]:
    """The names a post may give ``definition``, each with where it comes from."""
    found = [(definition.slug, f"slug {definition.slug!r}")]
    title_slug = slugify(definition.title)
    if title_slug and title_slug != definition.slug:
        found.append((title_slug, f"title {definition.title!r}"))
    return found

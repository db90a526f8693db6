"""Pelican's values to the model's: the series each post names, and dates."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

from pelican.utils import get_date, set_date_tzinfo

from pelican.plugins.postcard_core.attached import key_line
from pelican.plugins.postcard_core.problems import Problem, source_name
from pelican.plugins.postcard_core.text import fold_whitespace, is_text, shown_text

from .definition import is_language_code, parse_series_index, path_problem, read_text
from .links import lang_of
from .model import CollectedParts, Key, Part

logger = logging.getLogger(__name__)


def _warn_at(content: Any, source: str, key: str, message: str) -> None:
    """One warning about ``key`` of the content's front matter, at its line."""
    line = key_line(content, key) or 0
    logger.warning("%s", Problem(line, 1, message).format(source))


def series_name(content: Any, source: str) -> str | None:
    """The series a post names, or None; a value that is not text is a warning."""
    raw = content.metadata.get("series")
    if isinstance(raw, (list, tuple)) and all(map(is_text, raw)):
        if len(raw) > 1:
            logger.warning(
                "%s: a post belongs to one series; using %r",
                source,
                fold_whitespace(raw[0]),
            )
        raw = raw[0] if raw else None
    name, problem = read_text(raw)
    if problem:
        _warn_at(
            content,
            source,
            "series",
            f'"series" must be text, {problem}; the post is in no series',
        )
    return name or None


def series_key(
    article: Any, source: str, name: str, slug: str, default_lang: str
) -> Key | None:
    """The (lang, slug) a post's series is filed under, or None with a warning
    when either would not make a safe file name for the series page."""
    lang = lang_of(article, default_lang)
    if lang != default_lang and not is_language_code(lang):
        message = (
            f"lang {lang!r} is not a language code (such as en or pt-BR); "
            "the post is in no series"
        )
        _warn_at(article, source, "lang", message)
        return None
    problem = path_problem(slug)
    if problem:
        message = (
            f"series name {name!r} gives the slug {slug!r}, which cannot name a "
            f"file in the series folder ({problem}); the post is in no series"
        )
        _warn_at(article, source, "series", message)
        return None
    return lang, slug


def collect_parts(
    articles: Iterable[tuple[Any, bool]],
    aliases: Mapping[Key, Key],
    slug_of: Callable[[str], str],
    default_lang: str,
) -> CollectedParts:
    """Group posts by series; warn about unusable names and bad indexes."""
    published: dict[Key, list[Part]] = defaultdict(list)
    previews: list[tuple[Key, Part]] = []
    first_names: dict[Key, tuple[tuple, str]] = {}
    for article, is_published in articles:
        source = source_name(article)
        name = series_name(article, source)
        slug = slug_of(name) if name is not None else ""
        if not slug and name is not None:
            logger.warning(
                "%s: series name %r gives an empty slug; ignored", source, name
            )
        own_key = (
            series_key(article, source, name, slug, default_lang) if slug else None
        )
        if own_key is None:
            if article.metadata.get("series") is not None:
                article.series = None  # not the raw value: themes test article.series
            continue
        key = aliases.get(own_key, own_key)
        index, problem = parse_series_index(article.metadata.get("series_index"))
        if problem:
            message = f"series_index {problem}; the post is ordered by date"
            _warn_at(article, source, "series_index", message)
        title = shown_text(article.title)  # planned titles are text: compare texts
        part = Part(article, source, slug_of(title), article.date, index)
        rank = (not is_published, article.date.timestamp(), source)
        if key not in first_names or rank < first_names[key][0]:
            first_names[key] = (rank, name)
        if is_published:
            published[key].append(part)
        else:
            previews.append((key, part))
    return CollectedParts(
        published=MappingProxyType({k: tuple(v) for k, v in published.items()}),
        previews=tuple(previews),
        names=MappingProxyType({k: name for k, (_, name) in first_names.items()}),
    )


def date_parser(timezone: str | None) -> Callable[[Any], dt.datetime]:
    """Dates in definition files, read as Pelican reads a post's ``date``."""

    def parse(value: Any) -> dt.datetime:
        if isinstance(value, dt.datetime):
            moment = value
        elif isinstance(value, dt.date):
            moment = dt.datetime(value.year, value.month, value.day)
        else:
            moment = get_date(str(value))
        return set_date_tzinfo(moment, timezone)

    return parse

"""Links to series: ``{series}slug`` in posts and pages, and ``series_link``.

``SeriesLinker`` resolves series names and slugs and rewrites ``{series}``
links into ``{filename}`` links Pelican resolves itself; ``follow_links`` runs
it over every article and records who links where.
"""

from __future__ import annotations

import html
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from pelican.plugins.postcard_core.attached import key_line
from pelican.plugins.postcard_core.problems import Problem, source_name
from pelican.plugins.postcard_core.text import is_text, kind_of

from .definition import as_list
from .model import Key, Part, SeriesDefinition

logger = logging.getLogger(__name__)


def lang_of(content: Any, default_lang: str) -> str:
    """The content's language, lower case (a series key's first half)."""
    return str(getattr(content, "lang", None) or default_lang).lower()


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


@dataclass(frozen=True)
class SeriesLinker:
    """Resolves series names and slugs to series, and rewrites ``{series}`` links.

    ``{series}slug`` becomes ``{filename}/<content key>``: the series is
    registered in Pelican's ``generated_content`` under that key, so Pelican
    resolves it like any intra-site link (``SITEURL``, ``RELATIVE_URLS``) and never
    sees an indicator it does not know.
    """

    listed: frozenset[Key]
    aliases: Mapping[Key, Key]  # a definition's title slug -> its key
    by_slug: Mapping[str, tuple[Key, ...]]
    content_keys: Mapping[Key, str]
    index_key: str | None
    default_lang: str
    pattern: re.Pattern[str]  # from the site's INTRASITE_LINK_REGEX
    slug_of: Callable[[str], str]

    def canonical(self, lang: str, slug: str) -> Key:
        """The key a series is listed under, following title-slug aliases."""
        return self.aliases.get((lang, slug), (lang, slug))

    def resolve(self, slug: str, lang: str) -> Key | None:
        """The listed series ``slug`` names: same language first, then any."""
        for candidate_lang in (lang, self.default_lang):
            key = self.canonical(candidate_lang, slug)
            if key in self.listed:
                return key
        candidates = self.by_slug.get(slug, ())
        return candidates[0] if candidates else None

    def link_targets(self, content: Any) -> list[str]:
        """Slugs of every ``{series}`` link in ``content`` ('' for the index)."""
        return [
            link.slug
            for text in _linkable_texts(content)
            for link in find_series_links(text, self.pattern, self.slug_of)
        ]

    def rewrite(self, content: Any) -> None:
        """Rewrite ``{series}`` links in the content and formatted metadata."""
        lang = lang_of(content, self.default_lang)

        def target(link: SeriesLink) -> str | None:
            key = self.resolve(link.slug, lang) if link.slug else None
            path = self.content_keys.get(key) if key else self.index_key
            return None if path is None else "/" + path

        def rewrite_text(text: Any) -> Any:
            if not isinstance(text, str):
                return text
            return rewrite_series_links(text, self.pattern, self.slug_of, target)

        if getattr(content, "_content", None):
            content._content = rewrite_text(content._content)
        for name in content.settings.get("FORMATTED_FIELDS", ()):
            if name in content.metadata:
                content.metadata[name] = rewrite_text(content.metadata[name])
        if hasattr(content, "_summary"):
            content._summary = rewrite_text(content._summary)


def _linkable_texts(content: Any) -> list[str]:
    texts = [getattr(content, "_content", None) or ""]
    for name in content.settings.get("FORMATTED_FIELDS", ()):
        value = content.metadata.get(name)
        if isinstance(value, str):
            texts.append(value)
    return texts


def make_linker(
    link_settings: tuple[str, str, bool],
    listed: frozenset[Key],
    definitions: Mapping[Key, SeriesDefinition],
    aliases: Mapping[Key, Key],
    slug_of: Callable[[str], str],
    default_lang: str,
) -> SeriesLinker:
    """The link resolver: each listed series gets a key in ``generated_content``.

    ``link_settings`` is ``(POST_SERIES_DIR, INTRASITE_LINK_REGEX, whether the
    series index is written)``.
    """
    folder, indicator_regex, has_index = link_settings
    folder = folder.strip("/")
    content_keys = {}
    for key in listed:
        lang, slug = key
        if key in definitions:  # {filename} links to the definition work too
            content_keys[key] = definitions[key].source
        else:  # no file can have these paths: the folder is never read as content
            content_keys[key] = (
                f"{folder}/{slug}"
                if lang == default_lang
                else f"{folder}/{lang}/{slug}"
            )
    by_slug: dict[str, list[Key]] = defaultdict(list)
    for key in sorted(listed, key=lambda k: (k[0] != default_lang, k)):
        by_slug[key[1]].append(key)
    return SeriesLinker(
        listed=listed,
        aliases=MappingProxyType(dict(aliases)),
        by_slug=MappingProxyType({s: tuple(keys) for s, keys in by_slug.items()}),
        content_keys=MappingProxyType(content_keys),
        index_key=f"{folder}/" if has_index else None,
        default_lang=default_lang,
        pattern=intrasite_link_pattern(indicator_regex),
        slug_of=slug_of,
    )


def linked_series(content: Any, linker: SeriesLinker) -> tuple[list[Key], list[Key]]:
    """Series linked from ``content``: by ``{series}`` links, by ``series_link``.

    Warns once per unknown slug, naming the file.
    """
    source = source_name(content)
    lang = lang_of(content, linker.default_lang)
    in_text: list[Key] = []
    in_front_matter: list[Key] = []
    unknown: set[str] = set()
    for slug in linker.link_targets(content):
        if not slug or slug in unknown:
            continue
        key = linker.resolve(slug, lang)
        if key is None:
            unknown.add(slug)
            logger.warning(
                "%s: links to series %r, which does not exist; "
                "the link points to the series index",
                source,
                slug,
            )
        elif key not in in_text:
            in_text.append(key)
    for name in _series_link_names(content, source):
        slug = linker.slug_of(name)
        key = linker.resolve(slug, lang) if slug else None
        if key is None:
            logger.warning(
                "%s: series_link %r names no series; no call-out is shown", source, name
            )
        elif key not in in_front_matter:
            in_front_matter.append(key)
    return in_text, in_front_matter


def _series_link_names(content: Any, source: str) -> list[str]:
    """The names in ``series_link``; a value that is not text is a warning."""
    raw = content.metadata.get("series_link")
    items = raw if isinstance(raw, (list, tuple)) else [raw]
    bad = [item for item in items if item is not None and not is_text(item)]
    if bad:
        message = (
            f'"series_link" must be text or a list of text, not {kind_of(bad[0])}; '
            "ignored"
        )
        line = key_line(content, "series_link") or 0
        logger.warning("%s", Problem(line, 1, message).format(source))
    return as_list([item for item in items if is_text(item)])


def follow_links(
    articles: Iterable[tuple[Any, bool]],
    linker: SeriesLinker,
    published: Mapping[Key, tuple[Part, ...]],
) -> tuple[dict[Key, list[Any]], dict[int, list[Key]]]:
    """Rewrite every ``{series}`` link; return who links where.

    Returns the published posts linking to each series (its own parts left
    out, newest first) and, by ``id(article)``, the series each post names in
    ``series_link``.
    """
    own_series = {id(p.post): key for key, parts in published.items() for p in parts}
    linked_from: dict[Key, list[Any]] = defaultdict(list)
    callouts: dict[int, list[Key]] = {}
    for article, is_published in articles:
        in_text, in_front_matter = linked_series(article, linker)
        callouts[id(article)] = in_front_matter
        linker.rewrite(article)
        if is_published:
            for key in dict.fromkeys(in_text + in_front_matter):
                if own_series.get(id(article)) != key:
                    linked_from[key].append(article)
    for posts in linked_from.values():
        posts.sort(key=lambda a: (a.date.timestamp(), source_name(a)), reverse=True)
    return linked_from, callouts

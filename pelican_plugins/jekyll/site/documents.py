"""What Jekyll makes of one post, draft or page of a site.

Jekyll merges the site's ``defaults`` under the front matter, then reads the
date (``merge_date!``), the title and slug (``populate_title``), the categories
(``categories_from_path``, ``populate_categories``) and the tags
(``populate_tags``), and builds the URL from them. ``jekyll_document`` does the
same and returns the header in front_matter's words, with Pelican's ``url`` and
``save_as``. Pure: the file's modification time is passed in.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

from pelican.plugins.postcard_core.document import Document
from pelican.plugins.postcard_core.problems import Problem

from ..rules.dates import time_from_yaml
from ..rules.file_names import post_name
from ..rules.permalinks import (
    UrlFacts,
    cleaned_relative_path,
    output_ext_for,
    output_path,
    page_url,
    permalink_template,
    post_categories,
    render_url,
)
from ..rules.slugs import titleize_slug
from .config import deep_merge
from .files import DRAFT, POST, SiteFile
from .model import JekyllSite

# Document::DATELESS_FILENAME_MATCHER, for the last segment of a post's path.
_NAME_AND_EXT = re.compile(r"(.*)(\.[^.]+)")
_REPLACED = frozenset(
    {"date", "category", "categories", "tags", "tag", "modified", "last_modified_at"}
)


@dataclass(frozen=True)
class JekyllDocument:
    """A file as Jekyll reads it: ``document`` has the merged header with
    Jekyll's date, title, categories and tags (and ``url``/``save_as`` unless it
    is unpublished); ``slug`` is the slug Pelican should give it."""

    document: Document
    slug: str
    url: str | None
    problems: tuple[Problem, ...] = ()


def zone_of(site: JekyllSite) -> ZoneInfo:
    """The site's time zone (Jekyll's ``timezone``), UTC without one."""
    return ZoneInfo(site.timezone or "UTC")


def jekyll_document(
    site: JekyllSite, entry: SiteFile, document: Document, mtime: float
) -> JekyllDocument:
    """Read ``document`` (the file ``entry``) as Jekyll reads it."""
    defaults = _lower_keys(site.front_matter_defaults(entry))
    data = deep_merge(defaults, document.metadata)
    if site.unpublished and data.get("published") is False:
        del data["published"]  # Jekyll's "unpublished: true" builds them all
    problems: list[Problem] = []
    _modified(data, document, zone_of(site), problems)
    if entry.kind in (POST, DRAFT):
        slug, url = _post(site, entry, document, data, defaults, mtime, problems)
    else:
        slug, url = _page(site, entry, document, data, problems)
    if data.get("published") is not False and url is not None:
        data["url"] = url.lstrip("/")
        data["save_as"] = output_path(
            url, _output_ext(site, entry, data), page=_is_page(entry)
        )
    # The header's own text of a value replaced here no longer describes it.
    as_written = {
        key: text
        for key, text in document.as_written.items()
        if key not in _REPLACED and data.get(key) is document.metadata.get(key)
    }
    read = replace(document, metadata=data, as_written=as_written)
    return JekyllDocument(read, slug, url, tuple(problems))


_READ_KEY = "jekyll.documents"  # a build's JekyllDocuments, by source path


def read_once(
    site: JekyllSite,
    entry: SiteFile,
    document: Document,
    source_path: str,
    mtime: Callable[[], float],
    state: dict[str, Any],
) -> JekyllDocument:
    """:func:`jekyll_document`, once per file and build: the reader and Liquid's
    ``site.posts`` both ask for it. ``state`` is the build's scratch space; a
    file is known by its path and its header's metadata (a copy of the header
    without its body shares it), and the result carries ``document``'s body."""
    memo = state.setdefault(_READ_KEY, {})
    known = memo.get(source_path)
    if known is not None and known[0] is document.metadata:
        read = known[1]
    else:
        read = jekyll_document(site, entry, document, mtime())
        memo[source_path] = (document.metadata, read)
    if read.document.body != document.body:
        read = replace(read, document=replace(read.document, body=document.body))
    return read


def _is_page(entry: SiteFile) -> bool:
    return entry.kind not in (POST, DRAFT)


def _lower_keys(values: Mapping[str, Any]) -> dict[str, Any]:
    """Front matter keys are read without case (front_matter's rule)."""
    return {str(key).lower(): value for key, value in values.items()}


def _permalink(data: Mapping[str, Any]) -> str | None:
    value = data.get("permalink")
    return value if isinstance(value, str) else None


def _output_ext(site: JekyllSite, entry: SiteFile, data: Mapping[str, Any]) -> str:
    return output_ext_for(_permalink(data), site.converted_ext(entry.path))


def _post(
    site: JekyllSite,
    entry: SiteFile,
    document: Document,
    data: dict[str, Any],
    defaults: Mapping[str, Any],
    mtime: float,
    problems: list[Problem],
) -> tuple[str, str | None]:
    zone = zone_of(site)
    base = posixpath.basename(entry.path)
    named = post_name(entry.path, zone)
    if named is not None:
        file_slug = named.slug
    else:
        plain = _NAME_AND_EXT.fullmatch(base)
        file_slug = (plain.group(1) if plain else base).rstrip(".")
    if named is not None and named.date is None:
        problems.append(Problem(0, 0, _unread_name(named.date_text)))
    from_name = named.date if named is not None else None
    data["date"] = _post_date(data, document, from_name, mtime, zone, problems)
    slug = _ruby_text(data["slug"]) if data.get("slug") is not None else file_slug
    if _untitled(data.get("title")):
        data["title"] = titleize_slug(file_slug)
    folders = [*entry.categories]
    for item in _split(defaults.get("categories")):
        if item not in folders:
            folders.append(item)
    categories = post_categories(folders, data)
    data.pop("categories", None)
    data["category"] = list(categories)
    data["tags"] = _tags(data)
    data.pop("tag", None)
    facts = UrlFacts(
        date=data["date"],
        slug=slug,
        name=posixpath.splitext(base)[0],
        path=cleaned_relative_path(site.relative_path(entry)),
        output_ext=_output_ext(site, entry, data),
        categories=categories,
    )
    return slug, _post_url(site, facts, data, document, problems)


def _post_url(
    site: JekyllSite,
    facts: UrlFacts,
    data: Mapping[str, Any],
    document: Document,
    problems: list[Problem],
) -> str:
    """The post's URL by its own permalink, else the site's; a template Jekyll
    stops on is reported and the site's (or Jekyll's default) used instead."""
    own = _permalink(data)
    templates = [own] if own is not None else []
    templates += [permalink_template(site.post_permalink), permalink_template("date")]
    for template in templates:
        try:
            return render_url(template, facts)
        except (KeyError, ValueError) as error:
            line = document.line_of("permalink") if template == own else 0
            reason = error.args[0] if error.args else str(error)
            problems.append(Problem(line, 1, f"permalink {template!r}: {reason}"))
    raise AssertionError("Jekyll's date style always builds")  # pragma: no cover


def _unread_name(date_text: str) -> str:
    return (
        f"the file name's date {date_text} is not a date (Jekyll stops here); "
        "the header's date, else the file's modification time, is used"
    )


def _post_date(
    data: Mapping[str, Any],
    document: Document,
    from_name: datetime.datetime | None,
    mtime: float,
    zone: ZoneInfo,
    problems: list[Problem],
) -> datetime.datetime:
    """``date`` as Jekyll reads it; without one, the file name's date (a draft's
    modification time). A date Jekyll would stop on falls back, with a warning."""
    fallback, what = _fallback_date(from_name, mtime, zone)
    if "date" not in data:
        return fallback
    moment = time_from_yaml(data["date"], zone)
    if moment is not None:
        return moment
    line = document.line_of("date") if "date" in document.metadata else 0
    problems.append(
        Problem(
            line,
            1,
            f"'date' cannot be read as a date: {_shown(data['date'], document)}; "
            f"{what} is used",
        )
    )
    return fallback


def _modified(
    data: dict[str, Any], document: Document, zone: ZoneInfo, problems: list[Problem]
) -> None:
    """``last_modified_at`` (or ``modified``) read like a date; unreadable, it is
    dropped with a warning (Jekyll never reads it: the post stays)."""
    for key in ("last_modified_at", "modified"):
        if data.get(key) is None:
            continue
        moment = time_from_yaml(data[key], zone)
        if moment is None:
            line = document.line_of(key) if key in document.metadata else 0
            shown = repr(data.pop(key))
            problems.append(
                Problem(line, 1, f"'{key}' cannot be read as a date: {shown}; ignored")
            )
        else:
            data[key] = moment


def _fallback_date(
    from_name: datetime.datetime | None, mtime: float, zone: ZoneInfo
) -> tuple[datetime.datetime, str]:
    if from_name is not None:
        return from_name, f"the file name's date ({from_name:%Y-%m-%d})"
    moment = datetime.datetime.fromtimestamp(int(mtime), zone)
    return moment, f"the file's modification time ({moment:%Y-%m-%d %H:%M})"


def _shown(value: Any, document: Document) -> str:
    written = document.as_written.get("date")
    return repr(written if isinstance(written, str) else value)


def _untitled(title: Any) -> bool:
    """No title: Jekyll's ``||=`` gives one for nil and false; an empty one too
    (Pelican needs a title)."""
    return (
        title is None
        or title is False
        or (isinstance(title, str) and not title.strip())
    )


def _ruby_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _split(value: Any) -> list[Any]:
    """A ``categories`` value as Jekyll merges it: text split at spaces."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    return list(value) if isinstance(value, list) else [value]


def _tags(data: Mapping[str, Any]) -> list[str]:
    """``Utils.pluralized_array_from_hash(data, "tag", "tags")``: ``tag`` as it
    is, else ``tags`` (text split at spaces, a list without nulls)."""
    value = data.get("tag")
    if value is None:
        raw = data.get("tags")
        if isinstance(raw, str):
            value = raw.split()
        elif isinstance(raw, list):
            value = raw
    items = _flatten(value)
    return [_ruby_text(item) for item in items if item is not None]


def _flatten(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [item for part in value for item in _flatten(part)]
    return [] if value is None else [value]


def _page(
    site: JekyllSite,
    entry: SiteFile,
    document: Document,
    data: dict[str, Any],
    problems: list[Problem],
) -> tuple[str, str | None]:
    """A page's URL by Jekyll's page rules, its title (a page without one takes
    its file name's, an index page the site's title) and a date if readable."""
    folder, name = posixpath.split(entry.path)
    stem = posixpath.splitext(name)[0].rstrip(".")
    if _untitled(data.get("title")):
        title = site.title if stem == "index" and site.title else titleize_slug(stem)
        data["title"] = title or stem
    if "date" in data:
        moment = time_from_yaml(data["date"], zone_of(site))
        if moment is None:
            line = document.line_of("date") if "date" in document.metadata else 0
            shown = _shown(data.pop("date"), document)
            problems.append(
                Problem(line, 1, f"'date' cannot be read as a date: {shown}; ignored")
            )
        else:
            data["date"] = moment
    url = page_url(
        f"/{folder}" if folder else "",
        name,
        _output_ext(site, entry, data),
        site.page_permalink,
        _permalink(data),
    )
    return stem, url

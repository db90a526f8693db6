"""An ordinary Pelican site as a :class:`~.liquid_site.LiquidSite`.

``site`` comes from Pelican's settings: ``SITEURL`` split into ``url`` (scheme
and host) and ``baseurl`` (its path), ``SITENAME`` as ``title``,
``SITESUBTITLE`` as ``description``, ``AUTHOR``, ``DEFAULT_LANG`` as ``lang``,
``TIMEZONE``, then every key of ``JEKYLL_LIQUID_SITE`` (which win).
``site.posts`` are the YAML-headed Markdown posts of ``ARTICLE_PATHS``, their
headers read once per build the way the jekyll plugin reads them; each post's
``url`` is the one Pelican gives it (``ARTICLE_URL`` or ``ARTICLE_LANG_URL``
filled in from its header, or its literal ``permalink`` / ``url``), from "/".
``{% post_url %}`` and ``{% link %}`` give Pelican links (``{filename}/…``,
``{static}/…``), which Pelican resolves (and reports when it cannot).
"""

from __future__ import annotations

import datetime
import os
import posixpath
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category
from pelican.utils import get_date, set_date_tzinfo, slugify

from pelican.plugins.postcard_core.definitions import MARKDOWN_EXTENSIONS
from pelican.plugins.postcard_core.document import Document
from pelican.plugins.postcard_core.reading import (
    HeaderHook,
    HeaderReading,
    ParsedDocuments,
)

from ..rules.pelican_dates import pelican_date
from .liquid_site import LiquidDocument, StaticFile, jekyll_names
from .post_links import article_files, index_posts, post_link

_PLAIN_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DEFAULT_SUBS = [tuple(sub) for sub in DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]]
# Statuses Pelican never lists.
_UNLISTED = frozenset({"draft", "hidden", "skip"})
_CONTENT_SUFFIXES = frozenset({*MARKDOWN_EXTENSIONS, "rst", "html", "htm"})


def split_site_url(site_url: str) -> tuple[str, str]:
    """``SITEURL`` as Jekyll's ``(url, baseurl)``: origin, and path without "/"
    at its end (``https://x.org/blog`` gives ``https://x.org`` and ``/blog``)."""
    parts = urlsplit(site_url or "")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return origin, parts.path.rstrip("/")


class PelicanSite:
    """Liquid's view of a Pelican site, read lazily, once per build.

    ``read_header`` is the plugin's header hook: it gives other posts' headers
    the meaning it gives the file being read (Jekyll's fields and file names).
    """

    code_is_liquid = False

    def __init__(
        self,
        settings: Mapping[str, Any],
        read_header: HeaderHook | None = None,
        documents: ParsedDocuments | None = None,
    ) -> None:
        self.settings = settings
        self.read_header = read_header
        # the build's parsed files, shared with the reader: each parsed once
        self.documents = documents if documents is not None else ParsedDocuments()
        self._content = os.path.abspath(settings["PATH"])  # as Pelican names files
        self.root = Path(settings["PATH"]).resolve()
        self.includes_dir = self.root / "_includes"
        self.data_dir = self.root / "_data"
        self.url, self.baseurl = split_site_url(settings.get("SITEURL", ""))
        self.environment = os.environ.get("JEKYLL_ENV") or "production"
        extra = settings.get("JEKYLL_LIQUID_SITE") or {}
        self.config: dict[str, Any] = {
            "title": settings.get("SITENAME", ""),
            "description": settings.get("SITESUBTITLE") or "",
            "author": settings.get("AUTHOR"),
            "lang": settings.get("DEFAULT_LANG"),
            "timezone": settings.get("TIMEZONE"),
            **(extra if isinstance(extra, Mapping) else {}),
        }
        self._files: list[tuple[str, str]] | None = None
        self._index: dict[str, str] | None = None

    # --- what Liquid asks for --------------------------------------------------

    def posts(self) -> Sequence[LiquidDocument]:
        """The published YAML-headed posts of ``ARTICLE_PATHS``, newest first."""
        found = []
        for path, _ in self._article_files():
            post = self._read(path, is_post=True)
            if post is not None and post.date is not None and post.title:
                found.append(post)
        return sorted(found, key=lambda p: (p.date, p.path), reverse=True)

    def pages(self) -> Sequence[LiquidDocument]:
        """The YAML-headed pages of ``PAGE_PATHS``."""
        found = []
        for path in self._walk(self.settings.get("PAGE_PATHS", ["pages"])):
            page = self._read(path, is_post=False)
            if page is not None:
                found.append(page)
        return found

    def static_files(self) -> Sequence[StaticFile]:
        """The files of ``STATIC_PATHS``, with their modification times."""
        found = []
        zone = datetime.datetime.now().astimezone().tzinfo
        for path in self._walk(self.settings.get("STATIC_PATHS", ["images"])):
            stamp = os.stat(self.root / path).st_mtime
            found.append(StaticFile(path, datetime.datetime.fromtimestamp(stamp, zone)))
        return found

    def page(self, reading: HeaderReading) -> LiquidDocument:
        """The file being read."""
        return self._document(
            reading.source, reading.document, reading.defaults, self._is_post(reading)
        )

    def post_link(self, name: str) -> str | None:
        """``{filename}/posts/…``: the post under ``ARTICLE_PATHS`` named by its
        path, file name, or date and slug (without extension)."""
        if self._index is None:
            self._index = index_posts(self.settings, self._article_files())
        return post_link(self._index, name)

    def link(self, path: str) -> str | None:
        """``{filename}/…`` for a content file, ``{static}/…`` for any other file
        of the site; None outside it or for no file."""
        relative = posixpath.normpath(path.strip().lstrip("/"))
        target = (self.root / relative).resolve()
        if relative.startswith("..") or not target.is_relative_to(self.root):
            return None
        if not target.is_file():
            return None
        suffix = relative.rsplit(".", 1)[-1].lower() if "." in relative else ""
        kind = "filename" if suffix in _CONTENT_SUFFIXES else "static"
        return f"{{{kind}}}/{quote(relative)}"

    # --- reading headers -------------------------------------------------------

    def _article_files(self) -> list[tuple[str, str]]:
        if self._files is None:
            self._files = article_files(self.settings)
        return self._files

    def _walk(self, folders: Sequence[str]) -> list[str]:
        """Files below ``folders`` of ``PATH``, relative to it."""
        found = []
        for folder in folders:
            base = self.root / folder
            if base.is_file():
                found.append(str(folder))
                continue
            for parent, subfolders, files in os.walk(base):
                subfolders.sort()
                found.extend(
                    Path(parent, name).relative_to(self.root).as_posix()
                    for name in sorted(files)
                )
        return found

    def _is_post(self, reading: HeaderReading) -> bool:
        pages = [p for p in self.settings.get("PAGE_PATHS", ["pages"]) if p]
        return not any(
            reading.source == p or reading.source.startswith(p.rstrip("/") + "/")
            for p in pages
        )

    def _read(self, path: str, *, is_post: bool) -> LiquidDocument | None:
        """The post or page at ``path``; None when it has no YAML header, a
        broken one, or is a draft."""
        if path.rsplit(".", 1)[-1].lower() not in MARKDOWN_EXTENSIONS:
            return None
        full = os.path.join(self._content, path)
        document = self.documents.header(full, path)
        if document is None:
            return None  # no header, or a broken one: reported when it is read
        reading = HeaderReading(
            source=path,
            source_path=full,
            settings=self.settings,
            document=document,
            body="",
        )
        if self.read_header is not None:
            self.read_header(reading)
        status = _text(reading.document.metadata.get("status")).lower()
        if status in _UNLISTED and (is_post or status != "hidden"):
            return None
        return self._document(path, reading.document, reading.defaults, is_post)

    def _document(
        self,
        path: str,
        document: Document,
        defaults: Mapping[str, Any],
        is_post: bool,
    ) -> LiquidDocument:
        meta = {**defaults, **document.metadata}
        title = _text(meta.get("title"))
        date = self._date(meta, path)
        if (
            is_post
            and date is not None
            and not self.settings.get("WITH_FUTURE_DATES", True)
        ):
            now = datetime.datetime.now(date.tzinfo)
            date = None if date > now else date
        slug = self._slug(meta, path, title, derived="slug" not in document.metadata)
        categories = _names(meta.get("category"))
        url = self._url(meta, path, slug, date, categories, is_post)
        return LiquidDocument(
            path=path,
            url="/" + url.lstrip("/"),
            title=title,
            date=date,
            slug=slug,
            categories=categories,
            tags=_names(meta.get("tags"), split=","),
            front_matter=jekyll_names(document),
            is_post=is_post,
        )

    def _date(self, meta: Mapping[str, Any], path: str) -> datetime.datetime | None:
        """Pelican's date for the file: its own, else ``DEFAULT_DATE``; None for
        none, or for text that is no date (the reader reports it)."""
        value = meta.get("date")
        if isinstance(value, str):
            try:
                value = pelican_date(value.strip())
            except ValueError:
                return None
        elif isinstance(value, datetime.date) and not isinstance(
            value, datetime.datetime
        ):
            value = datetime.datetime(value.year, value.month, value.day)
        if not isinstance(value, datetime.datetime):
            value = self._default_date(path)
        if value is None:
            return None
        zone = _text(meta.get("timezone")) or self.settings.get("TIMEZONE") or "UTC"
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = self.settings.get("TIMEZONE") or "UTC"
        return set_date_tzinfo(value, zone)

    def _default_date(self, path: str) -> datetime.datetime | None:
        default = self.settings.get("DEFAULT_DATE")
        if default == "fs":
            return datetime.datetime.fromtimestamp(os.stat(self.root / path).st_mtime)
        if isinstance(default, str) and default:
            return get_date(default)
        if isinstance(default, tuple | list):
            return datetime.datetime(*default)
        return None

    def _slug(self, meta: Mapping[str, Any], path: str, title: str, derived: bool):
        given = _text(meta.get("slug"))
        if given and not derived:
            return given
        value = given
        if not value:
            source = self.settings.get("SLUGIFY_SOURCE", "title")
            stem = os.path.splitext(posixpath.basename(path))[0]
            value = title if source == "title" else stem
        return self._slugify(value, "SLUG_REGEX_SUBSTITUTIONS")

    def _slugify(self, value: str, substitutions: str) -> str:
        subs = self.settings.get(substitutions, [])
        if _PLAIN_SLUG.fullmatch(value) and list(map(tuple, subs)) == _DEFAULT_SUBS:
            return value  # what Pelican's default rules give it back unchanged
        return slugify(
            value,
            regex_subs=subs,
            preserve_case=self.settings.get("SLUGIFY_PRESERVE_CASE", False),
            use_unicode=self.settings.get("SLUGIFY_USE_UNICODE", False),
        )

    def _url(
        self,
        meta: Mapping[str, Any],
        path: str,
        slug: str,
        date: datetime.datetime | None,
        categories: tuple[str, ...],
        is_post: bool,
    ) -> str:
        """Pelican's URL for the file: its ``url``, else the URL setting filled in."""
        given = _text(meta.get("url"))
        if given:
            return given
        settings = self.settings
        default_lang = str(settings.get("DEFAULT_LANG", "en")).lower()
        lang = _text(meta.get("lang")) or default_lang
        kind = "ARTICLE" if is_post else "PAGE"
        key = f"{kind}_URL" if lang == default_lang else f"{kind}_LANG_URL"
        pattern = str(settings.get(key, "{slug}.html"))
        values = {
            **meta,
            "path": path,
            "slug": slug,
            "lang": lang,
            "date": date or datetime.datetime.now(),
            "author": self._author_slug(meta) if "{author" in pattern else "",
            "category": self._category_slug(categories, path)
            if "{category" in pattern
            else "",
        }
        try:
            return pattern.format(**values)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            return f"{slug}.html"

    def _author_slug(self, meta: Mapping[str, Any]) -> str:
        names = _names(meta.get("author")) + _names(meta.get("authors"), split=",")
        name = names[0] if names else self.settings.get("AUTHOR")
        return Author(name, self.settings).slug if name else ""

    def _category_slug(self, categories: tuple[str, ...], path: str) -> str:
        settings = self.settings
        name = categories[0] if categories else None
        folder = posixpath.basename(posixpath.dirname(path))
        if name is None and settings.get("CATEGORY_SAVE_AS"):
            if settings.get("USE_FOLDER_AS_CATEGORY", True) and folder:
                name = folder
            else:
                name = settings.get("DEFAULT_CATEGORY", "misc")
        return Category(name, settings).slug if name else ""


def _text(value: Any) -> str:
    if value is None or isinstance(value, list | dict | set | bytes):
        return ""
    return str(value).strip()


def _names(value: Any, split: str | None = None) -> tuple[str, ...]:
    """Names from text (split at ``split``) or a list, duplicates dropped."""
    if isinstance(value, str):
        items: list[Any] = value.split(split) if split else [value]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        items = []
    names = (_text(item) for item in items if not isinstance(item, list | dict))
    return tuple(dict.fromkeys(name for name in names if name))

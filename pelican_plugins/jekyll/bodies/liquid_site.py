"""What a site gives the Liquid in its bodies, as plain values.

:class:`LiquidSite` is the interface: an ordinary Pelican site provides one from
its settings (``pelican_site.PelicanSite``); a whole Jekyll site read by the
plugin provides one from its ``_config.yml`` and classified files (:class:`PlainSite`
holds one as plain data). Posts and pages are :class:`LiquidDocument`, static
files :class:`StaticFile`. Nothing here imports Pelican.
"""

from __future__ import annotations

import datetime
import os
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pelican.plugins.postcard_core.document import Document
from pelican.plugins.postcard_core.reading import HeaderReading

from ..liquid.tags import post_matcher


@dataclass(frozen=True)
class LiquidDocument:
    """A post or a page as Liquid sees it, in ``page`` and in ``site.posts``."""

    path: str  # source path relative to the site's root
    url: str  # URL path without baseurl, from "/" (Jekyll's page.url)
    title: str = ""
    date: datetime.datetime | None = None
    slug: str = ""
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    front_matter: Mapping[str, Any] = field(default_factory=dict)
    is_post: bool = True
    name: str | None = None  # a page's ``name``, when not its file name

    def liquid(self) -> dict[str, Any]:
        """Its front matter, then Jekyll's own fields (which win)."""
        values = dict(self.front_matter)
        values.update(url=self.url, path=self.path, title=self.title)
        if self.is_post:
            values.update(
                id=posixpath.join(posixpath.dirname(self.url), self.slug),
                slug=self.slug,
                categories=list(self.categories),
                tags=list(self.tags),
            )
        else:
            name = self.name if self.name is not None else posixpath.basename(self.path)
            values.update(name=name, dir=_folder_url(self.url))
        if self.date is not None:
            values["date"] = self.date
        return values


def jekyll_names(document: Document) -> dict[str, Any]:
    """A header under the names Jekyll gave its keys (``excerpt``, not the
    ``summary`` it was read as)."""
    values = dict(document.metadata)
    for new, old in document.aliases.items():
        if new in values:
            values[old] = values.pop(new)
    return values


def _folder_url(url: str) -> str:
    return url if url.endswith("/") else posixpath.dirname(url).rstrip("/") + "/"


@dataclass(frozen=True)
class StaticFile:
    """A file copied as it is (``site.static_files``)."""

    path: str  # relative to the site's root
    modified_time: datetime.datetime | None = None

    def liquid(self) -> dict[str, Any]:
        """Jekyll's StaticFileDrop: path, name, basename, extname, modified_time."""
        name = posixpath.basename(self.path)
        stem, extension = os.path.splitext(name)
        return {
            "path": "/" + self.path.lstrip("/"),
            "name": name,
            "basename": stem,
            "extname": extension,
            "modified_time": self.modified_time,
            "collection": None,
        }


class LiquidSite(Protocol):
    """What a site gives the Liquid of its bodies.

    ``config`` becomes ``site`` (every ``_config.yml`` key); ``url``, ``baseurl``,
    ``time``, ``posts``, ``pages``, ``tags``, ``categories``, ``static_files`` and
    ``data`` are added (``data`` read from ``data_dir``). ``posts``, ``pages``
    and ``static_files`` are asked for at most once per build, and only when a
    body uses them. ``post_link`` and ``link`` give what ``{% post_url %}`` and
    ``{% link %}`` print before ``baseurl`` is added (a URL path), or a Pelican
    link (``{filename}/…``, ``{static}/…``) that Pelican resolves; None when
    nothing matches.
    """

    root: Path  # the site's source folder: nothing outside it is ever read
    includes_dir: Path  # where {% include %} reads, inside root
    data_dir: Path | None  # site.data's folder
    config: Mapping[str, Any]
    url: str
    baseurl: str
    code_is_liquid: bool  # Jekyll: yes; a Pelican site's Markdown code: never
    environment: str  # jekyll.environment

    def posts(self) -> Sequence[LiquidDocument]:
        """Every published post, newest first."""
        ...

    def pages(self) -> Sequence[LiquidDocument]:
        """Every page."""
        ...

    def static_files(self) -> Sequence[StaticFile]:
        """Every static file."""
        ...

    def page(self, reading: HeaderReading) -> LiquidDocument:
        """The file being read, as ``page``."""
        ...

    def post_link(self, name: str) -> str | None:
        """What ``{% post_url name %}`` points at."""
        ...

    def link(self, path: str) -> str | None:
        """What ``{% link path %}`` points at (``path`` relative to the root)."""
        ...


@dataclass(frozen=True)
class PlainSite:
    """A :class:`LiquidSite` given as plain data (a Jekyll site read whole).

    ``post_url`` follows Jekyll's rule (a post of ``_posts`` whose date and
    slug are named); ``link`` knows every post, page and static file by path.
    """

    root: Path
    config: Mapping[str, Any] = field(default_factory=dict)
    url: str = ""
    baseurl: str = ""
    all_posts: tuple[LiquidDocument, ...] = ()
    all_pages: tuple[LiquidDocument, ...] = ()
    files: tuple[StaticFile, ...] = ()
    includes: str = "_includes"
    data: str | None = "_data"
    code_is_liquid: bool = True
    environment: str = "production"

    @property
    def includes_dir(self) -> Path:
        """``root/_includes`` (or the ``includes`` folder given)."""
        return self.root / self.includes

    @property
    def data_dir(self) -> Path | None:
        """``root/_data`` (or the ``data`` folder given)."""
        return None if self.data is None else self.root / self.data

    def posts(self) -> Sequence[LiquidDocument]:
        """The posts, newest first."""
        dated = [p for p in self.all_posts if p.date is not None]
        return sorted(dated, key=lambda p: (p.date, p.path), reverse=True)

    def pages(self) -> Sequence[LiquidDocument]:
        """The pages."""
        return self.all_pages

    def static_files(self) -> Sequence[StaticFile]:
        """The static files."""
        return self.files

    def page(self, reading: HeaderReading) -> LiquidDocument:
        """The post or page at the reading's source path."""
        for document in (*self.all_posts, *self.all_pages):
            if document.path == reading.source:
                return document
        return LiquidDocument(path=reading.source, url="", is_post=False)

    def post_link(self, name: str) -> str | None:
        """Jekyll's post_url: a post of ``_posts`` with that date and slug."""
        matcher = post_matcher(name)
        if matcher is None:
            return None
        pattern, _, _ = matcher
        return next((p.url for p in self.all_posts if pattern.match(p.path)), None)

    def link(self, path: str) -> str | None:
        """The URL of the post, page or static file at ``path``."""
        path = path.strip().lstrip("/")
        for document in (*self.all_posts, *self.all_pages):
            if document.path == path:
                return document.url
        for file in self.files:
            if file.path.lstrip("/") == path:
                return "/" + path
        return None

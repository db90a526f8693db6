"""A Jekyll site read through ``JEKYLL_SITE`` as a :class:`~.liquid_site.LiquidSite`.

``site`` is every key of its ``_config.yml``; ``site.posts``, ``site.pages``
and ``page`` are its files as Jekyll reads them (``documents.jekyll_document``:
the same dates, titles, categories, tags and URLs its pages get);
``{% post_url %}`` and ``{% link %}`` give Jekyll's URL paths; Liquid runs in
code too, as in Jekyll. Each file's header is parsed once per build (shared
with the reader) and read as Jekyll reads it at most once here. No Pelican.
"""

from __future__ import annotations

import datetime
import os
import posixpath
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pelican.plugins.postcard_core.reading import HeaderReading, ParsedDocuments

from ..liquid.tags import post_matcher
from ..site.documents import read_once, zone_of
from ..site.files import DRAFT, POST, SiteFile
from ..site.model import JekyllSite
from ..site.outputs import extra_feeds
from .liquid_site import LiquidDocument, StaticFile, jekyll_names

# Pelican's own keys in a read header: Jekyll's page has no such fields.
_PELICAN_KEYS = ("save_as",)


class JekyllLiquidSite:
    """Liquid's view of a Jekyll site, its files read lazily, once per build."""

    code_is_liquid = True

    def __init__(
        self,
        site: JekyllSite,
        state: dict[str, Any] | None = None,
        environment: Mapping[str, str] | None = None,
    ) -> None:
        self.site = site
        # the reader's per-build state: each file parsed and read once
        self.state = state if state is not None else {}
        self.documents = ParsedDocuments.of(self.state)
        self.root = Path(site.root).resolve()
        self.includes_dir = self.root / site.includes_dir
        self.data_dir = self.root / site.data_dir
        self.config = site.liquid_config
        self.url = site.url
        self.baseurl = site.baseurl
        # JEKYLL_ENV, else what a published Jekyll site was built with (as
        # pelican_site does): Pelican's build is the one that gets published
        given = (environment if environment is not None else os.environ).get(
            "JEKYLL_ENV"
        )
        self.environment = given or "production"
        self._read: dict[str, LiquidDocument | None] = {}
        self._posts: list[LiquidDocument] | None = None
        self._by_name: dict[str, list[SiteFile]] | None = None

    # --- what Liquid asks for --------------------------------------------------

    def posts(self) -> Sequence[LiquidDocument]:
        """The posts Jekyll publishes, newest first (future ones only with
        ``future: true``; drafts only with ``show_drafts``)."""
        if self._posts is None:
            now = datetime.datetime.now(zone_of(self.site))
            found = []
            for entry in self.site.entries.values():
                if entry.kind not in (POST, DRAFT):
                    continue
                post = self.document(entry.path)
                if post is None or post.date is None:
                    continue
                if post.date > now and not self.site.future:
                    continue
                found.append(post)
            self._posts = sorted(found, key=lambda p: (p.date, p.path), reverse=True)
        return self._posts

    def pages(self) -> Sequence[LiquidDocument]:
        """The pages by name, as Jekyll sorts them, then jekyll-feed's feeds
        (pages to Jekyll too)."""
        found = []
        entries = self.site.entries.values()
        for entry in sorted(
            entries, key=lambda e: (posixpath.basename(e.path), e.path)
        ):
            if entry.kind not in (POST, DRAFT):
                page = self.document(entry.path)
                if page is not None:
                    found.append(page)
        return found + self._feed_pages()

    def _feed_pages(self) -> list[LiquidDocument]:
        feed = self.site.feed
        if feed is None:
            return []
        oldest_first = reversed(self.posts())
        tags = [tag for post in oldest_first for tag in post.tags]
        paths = [feed.path.lstrip("/")] + [
            extra.path
            for extra in extra_feeds(feed, (), tags, lambda p: (self.root / p).exists())
        ]
        return [
            LiquidDocument(path=p, url="/" + p, is_post=False, name="/" + p)
            for p in paths
        ]

    def static_files(self) -> Sequence[StaticFile]:
        """The static files Jekyll writes, with their modification times."""
        zone = zone_of(self.site)
        found = []
        for path in sorted(self.site.static_paths):
            try:
                stamp = os.stat(self.root / path).st_mtime
            except OSError:
                continue
            found.append(StaticFile(path, datetime.datetime.fromtimestamp(stamp, zone)))
        return found

    def page(self, reading: HeaderReading) -> LiquidDocument:
        """The file being read, as Jekyll reads it."""
        found = self.document(reading.source)
        return found or LiquidDocument(path=reading.source, url="", is_post=False)

    def post_link(self, name: str) -> str | None:
        """Jekyll's ``post_url``: the URL of the post with that date and slug."""
        matcher = post_matcher(name)
        if matcher is None:
            return None
        pattern, date, slug = matcher
        for entry in self._posts_named(f"{date}-{slug}"):
            if pattern.match(self.site.relative_path(entry)):
                post = self.document(entry.path)
                return post.url if post is not None else None
        return None

    def link(self, path: str) -> str | None:
        """Jekyll's ``link``: the URL of the post, page or static file at ``path``."""
        path = path.strip().lstrip("/")
        if self.site.entry(path) is not None:
            found = self.document(path)
            return found.url if found is not None else None
        if path in self.site.static_paths:
            return "/" + path
        return self.site.replaced_urls.get(path)

    # --- reading headers -------------------------------------------------------

    def document(self, path: str) -> LiquidDocument | None:
        """The post or page at ``path`` as Liquid sees it; None for a file
        Pelican does not read, or one without a readable header, or unpublished."""
        if path not in self._read:
            self._read[path] = self._document(path)
        return self._read[path]

    def _document(self, path: str) -> LiquidDocument | None:
        entry = self.site.entry(path)
        if entry is None:
            return None
        full = str(self.root / path)
        # a Jekyll site's reader reads a file without a header too (FRONT_MATTER_ONLY)
        header = self.documents.header(full, path, headerless=True)
        if header is None:
            return None
        read = read_once(
            self.site, entry, header, full, lambda: os.path.getmtime(full), self.state
        )
        if read.url is None or read.document.metadata.get("published") is False:
            return None
        data = jekyll_names(read.document)
        for key in _PELICAN_KEYS:
            data.pop(key, None)
        date = data.get("date")
        # Jekyll's categories were read into "category"; the header's own
        # "category" (a plain front matter value to Jekyll) is the page's again.
        categories = data.pop("category", None) or ()
        if "category" in header.metadata:
            data["category"] = header.metadata["category"]
        return LiquidDocument(
            path=path,
            url=read.url,
            title=str(data.get("title") or ""),
            date=date if isinstance(date, datetime.datetime) else None,
            slug=read.slug,
            categories=tuple(str(c) for c in categories),
            tags=tuple(str(t) for t in data.get("tags") or ()),
            front_matter=data,
            is_post=entry.kind in (POST, DRAFT),
        )

    def _posts_named(self, key: str) -> list[SiteFile]:
        """The posts whose file name (less its extension) is ``key``: the
        candidates of ``post_url``, found through one index per build."""
        if self._by_name is None:
            index: dict[str, list[SiteFile]] = {}
            for entry in self.site.entries.values():
                if entry.kind == POST:
                    stem = posixpath.splitext(posixpath.basename(entry.path))[0]
                    index.setdefault(stem, []).append(entry)
            self._by_name = index
        return self._by_name.get(key, [])

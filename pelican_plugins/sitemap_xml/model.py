"""Sitemaps: plain data and pure functions, no Pelican.

An :class:`Entry` is one URL and when it last changed; :func:`sitemap_files`
turns entries into the files of a sitemap (https://www.sitemaps.org/protocol.html):
one ``urlset``, or, past 50,000 URLs or 50 MB, numbered ``urlset`` files and a
``sitemapindex`` under the name asked for.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024  # uncompressed, as the protocol counts it
# What may stay unescaped in a URL: the reserved characters and "%" (an
# existing escape); everything else, spaces and non-ASCII included, is encoded.
_SAFE_URL_CHARS = "/:?#[]@!$&'()*+,;=%~"
_HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NAMESPACE}">\n'
_TAIL = "</urlset>\n"
_INDEX_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NAMESPACE}">\n'
)
_INDEX_TAIL = "</sitemapindex>\n"


@dataclass(frozen=True)
class Entry:
    """One URL of the sitemap; ``lastmod`` is None when nothing says when."""

    loc: str
    lastmod: dt.datetime | dt.date | None = None


@dataclass(frozen=True)
class SitemapFile:
    """One file to write: ``save_as`` is relative to the output folder."""

    save_as: str
    text: str


def w3c_datetime(moment: dt.datetime | dt.date) -> str:
    """``moment`` in the W3C Datetime form sitemaps use.

    A time with a zone gives ``2024-05-21T07:00:00-07:00`` (``Z`` for UTC); a
    time without a zone, or a bare date, gives the date alone, since a time of
    day without its zone would claim a moment the site never said.
    """
    if not isinstance(moment, dt.datetime):
        return moment.isoformat()
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.date().isoformat()
    text = moment.replace(microsecond=0).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def absolute_url(site_url: str, url: str) -> str:
    """``url`` (relative to the site, as Pelican gives it) under ``site_url``,
    percent-encoded where a sitemap needs it."""
    if urlsplit(url).scheme:
        return quote(url, safe=_SAFE_URL_CHARS)
    joined = f"{site_url.rstrip('/')}/{url.lstrip('/')}"
    return quote(joined, safe=_SAFE_URL_CHARS)


def site_path(site_url: str, loc: str) -> str:
    """The path of ``loc`` below the site, starting with ``/``: what
    ``SITEMAP_EXCLUDE`` patterns are matched against."""
    base = urlsplit(site_url).path.rstrip("/")
    path = urlsplit(loc).path
    return "/" + path[len(base) :].lstrip("/") if path.startswith(base) else path


@dataclass(frozen=True)
class Exclusions:
    """``SITEMAP_EXCLUDE``: regular expressions searched in each URL's path.

    A pattern written as ``glob:...`` is a shell-style glob matched against
    the whole path instead (``glob:/drafts/*``).
    """

    patterns: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def parse(cls, raw: Iterable[str]) -> Exclusions:
        """Compile the patterns; a bad regular expression raises ``re.error``."""
        compiled = []
        for pattern in raw:
            if pattern.startswith("glob:"):
                compiled.append(re.compile(fnmatch.translate(pattern[len("glob:") :])))
            else:
                compiled.append(re.compile(pattern))
        return cls(tuple(compiled))

    def excludes(self, path: str) -> bool:
        return any(pattern.search(path) for pattern in self.patterns)


def newest(moments: Iterable[dt.datetime | dt.date | None]) -> dt.datetime | None:
    """The latest of ``moments`` (those with a time zone compare by instant)."""
    known = [m for m in moments if isinstance(m, dt.datetime)]
    return max(known, key=_instant, default=None)


def _instant(moment: dt.datetime) -> float:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc).timestamp()
    return moment.timestamp()


def unique(entries: Iterable[Entry]) -> list[Entry]:
    """Each URL once, where it first appears, with the latest ``lastmod`` given."""
    by_loc: dict[str, Entry] = {}
    for entry in entries:
        seen = by_loc.get(entry.loc)
        if seen is None:
            by_loc[entry.loc] = entry
        elif entry.lastmod is not None and (
            seen.lastmod is None
            or newest([seen.lastmod, entry.lastmod]) is entry.lastmod
        ):
            by_loc[entry.loc] = Entry(entry.loc, entry.lastmod)
    return list(by_loc.values())


def _url_element(entry: Entry, tag: str = "url") -> str:
    lastmod = (
        f"<lastmod>{w3c_datetime(entry.lastmod)}</lastmod>" if entry.lastmod else ""
    )
    return f"  <{tag}><loc>{escape(entry.loc)}</loc>{lastmod}</{tag}>\n"


def _chunks(elements: Sequence[str], max_urls: int, max_bytes: int) -> list[list[str]]:
    """``elements`` in runs that each fit one file (URL count and byte size)."""
    room = max_bytes - len(_HEAD.encode()) - len(_TAIL.encode())
    chunks: list[list[str]] = [[]]
    size = 0
    for element in elements:
        length = len(element.encode("utf-8"))
        if chunks[-1] and (len(chunks[-1]) >= max_urls or size + length > room):
            chunks.append([])
            size = 0
        chunks[-1].append(element)
        size += length
    return chunks


def part_name(save_as: str, number: int) -> str:
    """The name of part ``number`` of a split sitemap: ``sitemap-1.xml``."""
    stem, ext = posixpath.splitext(save_as)
    return f"{stem}-{number}{ext or '.xml'}"


def sitemap_files(
    entries: Sequence[Entry],
    save_as: str,
    site_url: str,
    *,
    max_urls: int = MAX_URLS,
    max_bytes: int = MAX_BYTES,
) -> list[SitemapFile]:
    """The files of the sitemap of ``entries``: one ``urlset`` at ``save_as``,
    or, when one file would be too large, numbered parts and an index there."""
    elements = [_url_element(entry) for entry in entries]
    chunks = _chunks(elements, max_urls, max_bytes)
    if len(chunks) == 1:
        return [SitemapFile(save_as, _HEAD + "".join(chunks[0]) + _TAIL)]
    files = []
    index = []
    for number, chunk in enumerate(chunks, start=1):
        name = part_name(save_as, number)
        files.append(SitemapFile(name, _HEAD + "".join(chunk) + _TAIL))
        newest_here = newest(entries[i].lastmod for i in _positions(chunks, number))
        index.append(
            _url_element(Entry(absolute_url(site_url, name), newest_here), "sitemap")
        )
    files.append(SitemapFile(save_as, _INDEX_HEAD + "".join(index) + _INDEX_TAIL))
    return files


def _positions(chunks: Sequence[Sequence[str]], number: int) -> range:
    """The positions in the entry list of the elements in chunk ``number``."""
    start = sum(len(chunk) for chunk in chunks[: number - 1])
    return range(start, start + len(chunks[number - 1]))


def robots_txt(sitemap_url: str) -> str:
    """A robots.txt that lets every crawler in and names the sitemap."""
    return f"User-agent: *\nDisallow:\n\nSitemap: {sitemap_url}\n"


def noindex(value: object) -> bool:
    """Whether a ``robots`` metadata value says ``noindex`` (``"noindex, follow"``,
    a list of directives, or ``none``, which includes it)."""
    items = value if isinstance(value, (list, tuple)) else [value]
    directives = {
        word.strip().lower() for item in items for word in str(item or "").split(",")
    }
    return bool(directives & {"noindex", "none"})


def listed(status: str, save_as: str, robots: Any) -> bool:
    """Whether content with this status, output path and ``robots`` value is
    listed: published, written, and not ``noindex``."""
    return status == "published" and bool(save_as) and not noindex(robots)


def home_url(settings: Mapping[str, Any]) -> str | None:
    """The home page's URL below the site, or None when no home page is written."""
    save_as = settings.get("INDEX_SAVE_AS", "index.html")
    if "index" not in settings.get("DIRECT_TEMPLATES", ("index",)) or not save_as:
        return None
    return save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as


def inside(output: str, save_as: str) -> Path | None:
    """``save_as`` resolved inside the output folder, or None when it leaves it."""
    root = Path(output).resolve()
    target = (root / save_as).resolve()
    if target == root or root not in target.parents:
        return None
    return target

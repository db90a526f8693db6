"""Description cards and head metadata: plain data and pure functions, no Pelican.

The adapter (``__init__.py``) reads Pelican's objects into these functions and
puts the results on them; templates only print what is computed here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from pelican.plugins.postcard_core.text import fold_whitespace as fold

ELLIPSIS = "…"

# Block-level boundaries become spaces before tags are stripped, so that
# "<p>One.</p><p>Two.</p>" reads "One. Two." and not "One.Two.".
_BLOCK_BOUNDARY = re.compile(
    r"<br\s*/?>|</?(?:p|div|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|table|tr|td|th"
    r"|figure|figcaption|section|article|header|footer|aside|nav|hr)\b[^>]*>",
    re.IGNORECASE,
)
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LOCALE = re.compile(r"^([A-Za-z]{2,3})(?:[_-]([A-Za-z]{2}))?(?:[.@].*)?$")
_SAFE_URL_CHARS = "/:?#[]@!$&'()*+,;=%~"
_ALLOWED_SCHEMES = frozenset({"http", "https"})
# Characters dropped from the end of a cut description before the ellipsis.
_CUT_TRAILING = " \t,;:-–—([{/"


@dataclass(frozen=True)
class Link:
    """A named link inside the site: ``path`` is relative to the site's root."""

    name: str
    path: str = ""

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Image:
    """An image for link previews: ``url`` is absolute when SITEURL is set."""

    url: str
    alt: str = ""


@dataclass(frozen=True)
class SeriesInfo:
    """What a card needs from ``article.series`` (post_series or a plain name)."""

    name: str
    index: int | None = None
    total: int | None = None
    path: str = ""


@dataclass(frozen=True)
class Site:
    """Site-wide values, computed once per build from the settings."""

    name: str
    url: str  # SITEURL without a trailing slash; "" for a local preview
    description: str
    locale: str
    lang: str
    twitter_site: str = ""
    default_image: Image | None = None
    max_length: int = 160  # longest meta description, in characters

    def absolute(self, path: str) -> str:
        """``path`` (relative to the site root) as an absolute URL when possible."""
        return absolute_url(self.url, path)

    def public_url(self, path: str) -> str:
        """``path`` as an absolute URL, or "" when it cannot be one (no SITEURL):
        OpenGraph and JSON-LD readers take absolute URLs only, and a relative
        one would resolve against whichever page it is read on."""
        url = self.absolute(path) if path else ""
        return url if is_absolute(url) else ""


@dataclass(frozen=True)
class Card:
    """Everything a listing card, a lead or the head metadata shows for one post."""

    kind: str  # "article" or "page"
    title: str
    description: str
    description_source: str  # "description", "summary" or "content"
    short_description: str
    url: str  # absolute when SITEURL is set, else relative to the site root
    path: str  # relative to the site root, for links inside the site
    date: datetime | None = None
    modified: datetime | None = None
    date_text: str = ""
    tags: tuple[Link, ...] = ()
    category: Link | None = None
    authors: tuple[Link, ...] = ()
    image: str = ""
    image_alt: str = ""
    reading_time: int = 1
    lang: str = ""
    series_name: str = ""
    series_index: int | None = None
    series_total: int | None = None
    series_label: str = ""
    series_path: str = ""
    series_url: str = ""
    date_iso: str = ""  # publication time in ISO 8601, for <time datetime>
    modified_iso: str = ""  # last modification, else the publication time
    draft: bool = False  # a draft is written but must not be indexed

    @property
    def tag_names(self) -> tuple[str, ...]:
        return tuple(tag.name for tag in self.tags)


@dataclass(frozen=True)
class PageHead:
    """Every value ``description_cards/head.html`` prints for one page."""

    og_type: str  # "article" or "website"
    title: str
    description: str
    url: str  # absolute, or "" without SITEURL (og:url must be absolute)
    canonical: str  # "" without SITEURL and on drafts
    site_name: str
    locale: str
    json_ld: Markup
    image: str = ""
    image_alt: str = ""
    published_time: str = ""
    modified_time: str = ""
    tags: tuple[str, ...] = ()
    section: str = ""
    twitter_site: str = ""
    robots: str = ""  # "noindex" on drafts

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image else "summary"


def plain_text(value: object) -> str:
    """HTML or text as one line of plain text: tags stripped, entities decoded."""
    if value is None:
        return ""
    text = _BLOCK_BOUNDARY.sub(" ", str(value))
    # Markup.striptags removes tags and comments, decodes entities, folds spaces.
    return Markup(text).striptags()


def first_paragraph(html: str) -> str:
    """The text of the first non-empty ``<p>`` of ``html``, else all of its text."""
    for match in _PARAGRAPH.finditer(html or ""):
        text = plain_text(match.group(1))
        if text:
            return text
    return plain_text(html)


def choose_description(
    description: object, summary: object, content_html: str
) -> tuple[str, str]:
    """Return ``(text, source)``: the front-matter description, else the explicit
    summary, else the first paragraph of the content."""
    text = plain_text(description)
    if text:
        return text, "description"
    text = plain_text(summary)
    if text:
        return text, "summary"
    return first_paragraph(content_html), "content"


def shorten(text: str, max_length: int) -> str:
    """``text`` cut to at most ``max_length`` characters at a word boundary, with …"""
    if max_length <= 0 or len(text) <= max_length:
        return text
    if max_length == 1:
        return ELLIPSIS
    cut = text[: max_length - 1]
    if not text[max_length - 1].isspace():
        # The cut fell inside a word: go back to the last space, unless the
        # text has no space early enough to keep a reasonable part of it.
        space = cut.rfind(" ")
        if space > max_length // 3:
            cut = cut[:space]
    return cut.rstrip(_CUT_TRAILING) + ELLIPSIS


def reading_time(html: str, words_per_minute: int) -> int:
    """Minutes to read ``html`` at ``words_per_minute``, at least 1."""
    words = len(_TAG.sub(" ", html or "").split())
    return max(1, math.ceil(words / max(1, words_per_minute)))


def safe_url(value: object) -> str:
    """``value`` as a URL safe to print in an attribute, or "" when it is not one.

    Only http(s) and scheme-less (relative) URLs pass: ``javascript:`` and
    ``data:`` never do. Spaces, quotes and angle brackets are percent-encoded.
    """
    if value is None:
        return ""
    # Browsers ignore tabs and newlines inside URLs: "java\nscript:" is javascript:.
    url = _CONTROL.sub("", str(value)).strip()
    if not url:
        return ""
    if url.startswith("//"):
        url = "https:" + url
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    if scheme and scheme not in _ALLOWED_SCHEMES:
        return ""
    return quote(url, safe=_SAFE_URL_CHARS)


def is_absolute(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def absolute_url(site_url: str, path: str) -> str:
    """``path`` joined to ``site_url``; left relative to the site root without one."""
    if is_absolute(path):
        return path
    path = path.lstrip("/")
    return f"{site_url}/{path}" if site_url else path


def site_path(value: object) -> str:
    """A URL given in front matter or settings, relative to the site root when it
    is a local path (``/images/a.png`` gives ``images/a.png``); "" when unsafe."""
    url = safe_url(value)
    if not url or is_absolute(url):
        return url
    return url.lstrip("/")


def image_fields(value: object) -> tuple[object, str]:
    """Split front matter ``image`` (a string, or a mapping with ``path`` and
    ``alt`` as jekyll-seo-tag reads it) into ``(path, alt)``."""
    if isinstance(value, Mapping):
        path = value.get("path") or value.get("url") or value.get("src")
        return path, fold(value.get("alt") or "")
    return value, ""


def resolve_image(value: object, default: Image | None, site_url: str) -> Image | None:
    """The card's image: the front-matter ``image``, else the site's default."""
    path, alt = image_fields(value)
    path = site_path(path)
    if not path:
        return default
    return Image(url=absolute_url(site_url, path), alt=alt)


def og_locale(locale: object, lang: str) -> str:
    """An OpenGraph locale (``en_US``) from Pelican's ``LOCALE``, else ``lang``."""
    candidates = [locale] if isinstance(locale, str) else list(locale or ())
    for candidate in [*candidates, lang]:
        match = _LOCALE.match(str(candidate or "").strip())
        if match:
            language, territory = match.groups()
            return f"{language.lower()}_{territory.upper()}" if territory else language
    return ""


def series_label(series: SeriesInfo | None) -> str:
    """A short human label such as "Part 1 of 4 in Europe Trip"."""
    if series is None or not series.name:
        return ""
    if series.index is not None and series.total:
        return f"Part {series.index} of {series.total} in {series.name}"
    if series.index is not None:
        return f"Part {series.index} in {series.name}"
    return f"Part of {series.name}"


def as_int(value: object) -> int | None:
    """``value`` as a positive integer, or None (front matter may hold anything)."""
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def make_site(
    *,
    name: object,
    site_url: object,
    description: object,
    subtitle: object,
    locale: object,
    lang: str,
    twitter_username: object = None,
    default_image: object = None,
    max_length: int = 160,
) -> Site:
    """Site-wide values from settings-like inputs."""
    url = safe_url(site_url or "").rstrip("/")
    url = url if is_absolute(url) else ""
    site_name = plain_text(name)
    handle = fold(twitter_username or "").lstrip("@")
    return Site(
        name=site_name,
        url=url,
        description=plain_text(description) or plain_text(subtitle) or site_name,
        locale=og_locale(locale, lang),
        lang=lang,
        twitter_site=f"@{handle}" if handle else "",
        default_image=resolve_image(default_image, None, url),
        max_length=max_length,
    )


def make_card(
    *,
    site: Site,
    kind: str,
    title: object,
    path: str,
    description: object = None,
    summary: object = None,
    content_html: str = "",
    date: datetime | None = None,
    modified: datetime | None = None,
    date_text: str = "",
    tags: Sequence[Link] = (),
    category: Link | None = None,
    authors: Sequence[Link] = (),
    image: object = None,
    series: SeriesInfo | None = None,
    lang: str = "",
    words_per_minute: int = 200,
    draft: bool = False,
) -> Card:
    """Compute the card of one article or page."""
    text, source = choose_description(description, summary, content_html)
    path = site_path(path)
    picture = resolve_image(image, site.default_image, site.url)
    series_path = site_path(series.path) if series else ""
    return Card(
        kind=kind,
        title=fold(title),
        description=text,
        description_source=source,
        short_description=shorten(text, site.max_length),
        url=absolute_url(site.url, path),
        path=path,
        date=date,
        modified=modified,
        date_text=fold(date_text),
        tags=tuple(tags),
        category=category,
        authors=tuple(authors),
        image=picture.url if picture else "",
        image_alt=picture.alt if picture else "",
        reading_time=reading_time(content_html, words_per_minute),
        lang=lang or site.lang,
        series_name=series.name if series else "",
        series_index=series.index if series else None,
        series_total=series.total if series else None,
        series_label=series_label(series),
        series_path=series_path,
        series_url=absolute_url(site.url, series_path),
        date_iso=date.isoformat() if date else "",
        modified_iso=(modified or date).isoformat() if (modified or date) else "",
        draft=draft,
    )


def json_ld(data: Mapping[str, Any]) -> Markup:
    """``data`` as JSON safe inside ``<script>``: ``<``, ``>``, ``&`` and ``'`` are
    written as ``\\u003c`` etc., so no value can close the script element."""
    return htmlsafe_json_dumps(data, ensure_ascii=False)


def _prune(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values, so JSON-LD never claims an empty author or image."""
    return {key: value for key, value in data.items() if value not in ("", None, [])}


def _locale_for(card: Card, site: Site) -> str:
    if card.lang and card.lang != site.lang:
        return og_locale(None, card.lang)
    return site.locale


def content_head(card: Card, site: Site) -> PageHead:
    """Head values for an article (``og:type`` article) or a page (website).

    URLs that cannot be absolute (no SITEURL) are left out; a draft gets
    ``robots`` noindex and no canonical link.
    """
    description = card.short_description or shorten(site.description, site.max_length)
    full_description = card.description or site.description
    url = site.public_url(card.path)
    image = site.public_url(card.image)
    if card.kind == "article":
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": card.title,
            "description": full_description,
            "datePublished": card.date_iso,
            "dateModified": card.modified_iso,
            "author": [
                _prune(
                    {
                        "@type": "Person",
                        "name": author.name,
                        "url": site.public_url(author.path),
                    }
                )
                for author in card.authors
            ],
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url} if url else "",
            "image": image,
            "keywords": list(card.tag_names),
            "articleSection": card.category.name if card.category else "",
            "inLanguage": card.lang,
        }
        if card.series_name:
            data["isPartOf"] = _prune(
                {
                    "@type": "CreativeWorkSeries",
                    "name": card.series_name,
                    "url": site.public_url(card.series_path),
                }
            )
            if card.series_index is not None:
                data["position"] = card.series_index
    else:
        data = {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": card.title,
            "description": full_description,
            "url": url,
            "image": image,
            "dateModified": card.modified_iso if card.modified else "",
            "inLanguage": card.lang,
        }
    is_article = card.kind == "article"
    return PageHead(
        og_type="article" if is_article else "website",
        title=card.title,
        description=description,
        url=url,
        canonical="" if card.draft else url,
        site_name=site.name,
        locale=_locale_for(card, site),
        json_ld=json_ld(_prune(data)),
        image=image,
        image_alt=card.image_alt if image else "",
        published_time=card.date_iso if is_article else "",
        modified_time=card.modified_iso if is_article else "",
        tags=card.tag_names if is_article else (),
        section=card.category.name if is_article and card.category else "",
        twitter_site=site.twitter_site,
        robots="noindex" if card.draft else "",
    )


def listing_head(
    site: Site,
    *,
    path: str,
    title: str = "",
    description: object = None,
    is_home: bool = False,
) -> PageHead:
    """Head values for a listing page (index, tag, category, series, archives):
    the ``website`` variant with the site's description (or the listed thing's).

    The home page (``is_home``) is the ``WebSite`` titled with the site's name;
    every other listing is a ``CollectionPage`` titled "<title> | <site>".
    """
    path = site_path(path)
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]  # the folder's URL is the canonical one
    url = site.public_url(path) if path else site.public_url("/")
    text = plain_text(description) or site.description
    title = "" if is_home else fold(title)
    name = f"{title} | {site.name}" if title and site.name else title or site.name
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebSite" if is_home else "CollectionPage",
        "name": name,
        "description": text,
        "url": url,
        "inLanguage": site.lang,
    }
    if not is_home:
        data["isPartOf"] = _prune(
            {"@type": "WebSite", "name": site.name, "url": site.public_url("/")}
        )
    image = site.public_url(site.default_image.url) if site.default_image else ""
    return PageHead(
        og_type="website",
        title=name,
        description=shorten(text, site.max_length),
        url=url,
        canonical=url,
        site_name=site.name,
        locale=site.locale,
        json_ld=json_ld(_prune(data)),
        image=image,
        image_alt=site.default_image.alt if image and site.default_image else "",
        twitter_site=site.twitter_site,
    )


def head_section_end(html: str) -> int:
    """Index of ``</head>`` in ``html``, or -1."""
    end = html.find("</head>")
    if end == -1:
        match = re.search(r"</head\s*>", html, re.IGNORECASE)
        end = match.start() if match else -1
    return end


# The tokens of a page's head, in the order a browser reads them: comments are
# skipped whole and quoted attribute values stay inside their tag.
_HEAD_TOKEN = re.compile(
    r"""<!--.*?(?:-->|\Z)"""
    r"""|(?P<end></head\s*>|<body\b)"""
    r"""|<(?P<name>[A-Za-z][^\s/>]*)"""
    r"""(?P<attrs>(?:(?:\s+|(?<=["']))[^\s=>/"']+"""
    r"""(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*/?>"""
    r"""|<[A-Za-z/!?][^>]*>""",
    re.IGNORECASE | re.DOTALL,
)
# What ends each raw-text element: its content (a <title> that mentions a tag)
# is text, not tags.
_RAW_TEXT_END: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
        for name in ("title", "script", "style", "textarea")
    }
)
_ATTRIBUTE = re.compile(
    r"""([^\s=>/"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?"""
)
_OG_DESCRIPTION = "og:description"


def _is_og_description(attrs: str) -> bool:
    """Whether a ``<meta>`` tag's attributes make it ``og:description`` (by
    ``property``, or ``name`` as some themes write it)."""
    if _OG_DESCRIPTION not in attrs.lower():
        return False
    for match in _ATTRIBUTE.finditer(attrs):
        name, *values = match.groups()
        value = next((v for v in values if v is not None), "")
        if (
            name.lower() in ("property", "name")
            and value.strip().lower() == _OG_DESCRIPTION
        ):
            return True
    return False


def needs_head(html: str) -> int:
    """Where to insert the head partial (the index of ``</head>``), or -1 when the
    page has no head or its head already has a ``<meta property="og:description">``.

    Only the head is read, token by token with one compiled regex: the words
    "og:description" in a title or in another tag's attribute do not count.
    """
    if head_section_end(html) == -1:
        return -1
    at = 0
    while (token := _HEAD_TOKEN.search(html, at)) is not None:
        at = token.end()
        end = token.group("end")
        if end is not None:
            return token.start() if end[1] == "/" else -1
        name = (token.group("name") or "").lower()
        raw_end = _RAW_TEXT_END.get(name)
        if raw_end is not None:
            closing = raw_end.search(html, at)
            if closing is None:
                return -1
            at = closing.end()
        elif name == "meta" and _is_og_description(token.group("attrs")):
            return -1
    return -1


# One <meta> tag, with attribute values that may hold ">" inside quotes.
_META = re.compile(
    r"""<meta\b(?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*\s*/?>""",
    re.IGNORECASE,
)
_NAME_DESCRIPTION = re.compile(
    r"""\bname\s*=\s*(?:"description"|'description'|description\b)""", re.IGNORECASE
)


_META_START = re.compile(r"<meta\b", re.IGNORECASE)
_DESCRIPTION_START = re.compile(
    r"""<meta\s+name\s*=\s*["']?description\b""", re.IGNORECASE
)


def _without_meta_descriptions(head: str) -> str:
    """``head`` without its ``<meta name="description">`` tags.

    A theme that prints a summary unescaped into the attribute (notmyidea does
    ``summary|striptags|safe``) can write a tag that does not parse; such a tag
    is removed up to the last ``>`` of its line, so none of it survives.
    """
    pieces: list[str] = []
    kept = 0
    for start in _META_START.finditer(head):
        at = start.start()
        if at < kept:
            continue
        tag = _META.match(head, at)
        if tag and _NAME_DESCRIPTION.search(tag.group(0)):
            end = tag.end()
        elif tag is None and _DESCRIPTION_START.match(head, at):
            line_end = head.find("\n", at)
            line_end = len(head) if line_end == -1 else line_end
            end = head.rfind(">", at, line_end) + 1 or line_end
        else:
            continue
        pieces.append(head[kept:at])
        kept = end
    pieces.append(head[kept:])
    return "".join(pieces)


def insert_head(html: str, head: str, at: int) -> str:
    """Insert ``head`` before ``</head>`` (at index ``at``) and drop the page's own
    ``<meta name="description">`` tags, so the page ends with exactly one."""
    return f"{_without_meta_descriptions(html[:at])}{head}{html[at:]}"

"""Description cards: plain data and pure functions, no Pelican.

The adapter (``__init__.py``) reads Pelican's objects into these functions and
puts the results on them; templates only print what is computed here. The page
head is computed in ``head``, the injection into other themes in ``injection``
and the build-log checks in ``checks``.
"""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from markupsafe import Markup, escape

from pelican.plugins.postcard_core.attached import SeriesRef
from pelican.plugins.postcard_core.settings import count_setting, setting
from pelican.plugins.postcard_core.text import as_html, is_text_html, shown_text
from pelican.plugins.postcard_core.text import fold_whitespace as fold

ELLIPSIS = "…"

# The plugin's settings and their defaults.
DEFAULTS: Mapping[str, Any] = MappingProxyType(
    {
        "DESCRIPTION_CARDS_MAX_LENGTH": 160,
        "DESCRIPTION_CARDS_SITE_DESCRIPTION": None,
        "DESCRIPTION_CARDS_DEFAULT_IMAGE": None,
        "DESCRIPTION_CARDS_INJECT": True,
        "DESCRIPTION_CARDS_AS_SUMMARY": True,
        "DESCRIPTION_CARDS_REQUIRE": False,
        "DESCRIPTION_CARDS_WORDS_PER_MINUTE": 200,
        "DESCRIPTION_CARDS_IMAGES": True,
        "DESCRIPTION_CARDS_IMAGES_PATH": "images/share",
        "DESCRIPTION_CARDS_IMAGE_FONT": None,
    }
)
NO_SITEURL_NOTE = (
    "description_cards: SITEURL is not set (a local preview), so pages get no "
    "canonical link, og:url, local og:image or JSON-LD URLs and no share image is "
    "drawn; set SITEURL to an absolute URL for link previews"
)

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
# Pelican's intra-site link prefixes an ``image`` may use.
_LINK_PREFIXES = ("{static}", "{attach}", "{filename}", "|static|", "|attach|")


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
    width: int = 0  # in pixels; 0 when unknown
    height: int = 0


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
    home_image: Image | None = None  # the home page's share image
    max_length: int = 160  # longest meta description, in characters
    words_per_minute: int = 200  # for the reading time

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
    image_width: int = 0  # known for share images only
    image_height: int = 0
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
    # The title as HTML, for the card's heading: with TYPOGRIFY, typogrify's
    # markup; ``title`` is its text, for the head, JSON-LD and share images.
    title_html: Markup | str = ""

    @property
    def tag_names(self) -> tuple[str, ...]:
        return tuple(tag.name for tag in self.tags)


def plain_text(value: object) -> str:
    """HTML or text as one line of plain text: tags stripped, entities decoded.

    Front matter's text (a ``TextHTML``, such as its description) is read as
    the text it shows, then as before: a tag written in it is stripped too.
    """
    if value is None:
        return ""
    if is_text_html(value):
        value = shown_text(value)
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


def climbs_out(path: str) -> bool:
    """Whether a local path climbs above the site's root (``../../etc/passwd``),
    percent-encoded (``%2e%2e/``) or with backslashes, as browsers read them."""
    location = urlsplit(path).path if "?" in path or "#" in path else path
    depth = 0
    for segment in unquote(location).replace("\\", "/").split("/"):
        if segment == "..":
            depth -= 1
            if depth < 0:
                return True
        elif segment not in ("", "."):
            depth += 1
    return False


def site_path(value: object) -> str:
    """A URL given in front matter or settings, relative to the site root when it
    is a local path (``/images/a.png`` gives ``images/a.png``); "" when unsafe
    (another scheme than http(s), or a path that climbs above the root)."""
    url = safe_url(value)
    if not url or is_absolute(url):
        return url
    return "" if climbs_out(url) else url.lstrip("/")


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


def _positive(number: int | None) -> int | None:
    """A part number or count only when it is one: "Part 0 of -2" means nothing."""
    return number if number is not None and number > 0 else None


def series_label(series: SeriesRef | None) -> str:
    """A short human label such as "Part 1 of 4 in Europe Trip"."""
    if series is None or not series.name:
        return ""
    index, total = _positive(series.index), _positive(series.total)
    if index is not None and total:
        return f"Part {index} of {total} in {series.name}"
    if index is not None:
        return f"Part {index} in {series.name}"
    return f"Part of {series.name}"


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
    words_per_minute: int = 200,
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
        words_per_minute=words_per_minute,
    )


def site_from_settings(settings: Mapping[str, Any], default_image: object) -> Site:
    """Site-wide values from Pelican's settings; ``default_image`` is
    ``DESCRIPTION_CARDS_DEFAULT_IMAGE`` with its ``{static}`` link resolved."""
    return make_site(
        name=settings.get("SITENAME", ""),
        site_url=settings.get("SITEURL", ""),
        description=setting(settings, "DESCRIPTION_CARDS_SITE_DESCRIPTION", DEFAULTS),
        subtitle=settings.get("SITESUBTITLE"),
        locale=settings.get("LOCALE"),
        lang=str(settings.get("DEFAULT_LANG", "") or ""),
        twitter_username=settings.get("TWITTER_USERNAME"),
        default_image=default_image,
        max_length=count_setting(settings, "DESCRIPTION_CARDS_MAX_LENGTH", DEFAULTS),
        words_per_minute=int(
            setting(settings, "DESCRIPTION_CARDS_WORDS_PER_MINUTE", DEFAULTS)
        ),
    )


# Long only because a card has many fields, one keyword (and line) each.
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
    series: SeriesRef | None = None,
    lang: str = "",
    draft: bool = False,
) -> Card:
    """Compute the card of one article or page."""
    text, source = choose_description(description, summary, content_html)
    path = site_path(path)
    picture = resolve_image(image, site.default_image, site.url)
    series_path = site_path(series.url) if series else ""
    return Card(
        kind=kind,
        title=shown_text(title),
        title_html=as_html(title),
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
        reading_time=reading_time(content_html, site.words_per_minute),
        lang=lang or site.lang,
        series_name=series.name if series else "",
        series_index=_positive(series.index) if series else None,
        series_total=_positive(series.total) if series else None,
        series_label=series_label(series),
        series_path=series_path,
        series_url=absolute_url(site.url, series_path),
        date_iso=date.isoformat() if date else "",
        modified_iso=(modified or date).isoformat() if (modified or date) else "",
        draft=draft,
    )


def resolve_image_link(
    value: object, base_dir: str, linked_url: Callable[[str], str | None]
) -> tuple[dict[str, str] | None, str]:
    """An ``image`` (front matter, or ``DESCRIPTION_CARDS_DEFAULT_IMAGE``) as
    ``({path, alt}, "")`` with Pelican's ``{static}`` (``{attach}``,
    ``{filename}``) links resolved to the linked file's URL.

    ``linked_url`` gives the URL of a content file (relative to ``PATH``), or None
    when the site has no such file. An unsafe value or a link to an unknown file
    gives ``(None, why)``; no value at all gives ``(None, "")``.
    """
    path, alt = image_fields(value)
    if path is None or not str(path).strip():
        return None, ""
    path = str(path).strip()
    if path.startswith(_LINK_PREFIXES):
        target = path.split("}", 1)[-1] if path[0] == "{" else path.split("|", 2)[-1]
        target, hash_mark, fragment = target.partition("#")
        target, question_mark, query = target.partition("?")
        if target.startswith("/"):
            source = target[1:]
        else:
            source = posixpath.normpath(posixpath.join(base_dir, target))
        source = unquote(source)
        url = linked_url(source)
        if not url:
            return (
                None,
                f"image {path!r} links to {source}, which is not a file of the site",
            )
        suffix = f"{question_mark}{query}{hash_mark}{fragment}"
        return {"path": f"{url}{suffix}", "alt": alt}, ""
    if safe_url(path) and climbs_out(safe_url(path)):
        return None, f"image {path!r} climbs out of the site's root"
    if not site_path(path):
        return None, f"image {path!r} is neither an http(s) URL nor a path in the site"
    return {"path": path, "alt": alt}, ""


def heading_level(value: object, default: int = 2) -> int:
    """A theme's ``card_heading_level`` as an HTML heading level (1 to 6)."""
    try:
        level = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return default
    return level if 1 <= level <= 6 else default


def summary_from_card(card: Card, has_summary: bool) -> str | None:
    """The summary feeds and other themes' listings print (as HTML): the escaped
    description, when it comes from front matter and no summary is given."""
    if has_summary or card.description_source != "description":
        return None
    return str(escape(card.description))

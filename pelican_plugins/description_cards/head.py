"""The ``<head>`` of a page: description, OpenGraph, Twitter card and JSON-LD.

Plain data and pure functions, no Pelican: ``page_head_for`` reads the values a
template is rendered with (a mapping-like ``get``), and ``head.html`` prints the
``PageHead`` it returns.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from pelican.plugins.postcard_core.attached import card_of, summary_of
from pelican.plugins.postcard_core.text import fold_whitespace as fold
from pelican.plugins.postcard_core.text import shown_text, title_from_slug

from .model import Card, Site, og_locale, plain_text, shorten, site_path


class Values(Protocol):
    """What a template is rendered with (a Jinja ``Context`` or a dict)."""

    def get(self, key: str, default: Any = None) -> Any: ...


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
    image_width: int = 0  # 0 when unknown (an image the site did not draw)
    image_height: int = 0
    published_time: str = ""
    modified_time: str = ""
    tags: tuple[str, ...] = ()
    section: str = ""
    twitter_site: str = ""
    robots: str = ""  # "noindex" on drafts

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image else "summary"


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


def _article_data(card: Card, site: Site, url: str, image: str) -> dict[str, Any]:
    """The JSON-LD ``BlogPosting`` of an article."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": card.title,
        "description": card.description or site.description,
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
    return data


def _page_data(card: Card, site: Site, url: str, image: str) -> dict[str, Any]:
    """The JSON-LD ``WebPage`` of a page."""
    return {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": card.title,
        "description": card.description or site.description,
        "url": url,
        "image": image,
        "dateModified": card.modified_iso if card.modified else "",
        "inLanguage": card.lang,
    }


def content_head(card: Card, site: Site) -> PageHead:
    """Head values for an article (``og:type`` article) or a page (website).

    URLs that cannot be absolute (no SITEURL) are left out; a draft gets
    ``robots`` noindex and no canonical link.
    """
    url = site.public_url(card.path)
    image = site.public_url(card.image)
    is_article = card.kind == "article"
    data = (_article_data if is_article else _page_data)(card, site, url, image)
    return PageHead(
        og_type="article" if is_article else "website",
        title=card.title,
        description=card.short_description
        or shorten(site.description, site.max_length),
        url=url,
        canonical="" if card.draft else url,
        site_name=site.name,
        locale=_locale_for(card, site),
        json_ld=json_ld(_prune(data)),
        image=image,
        image_alt=card.image_alt if image else "",
        image_width=card.image_width if image else 0,
        image_height=card.image_height if image else 0,
        published_time=card.date_iso if is_article else "",
        modified_time=card.modified_iso if is_article else "",
        tags=card.tag_names if is_article else (),
        section=card.category.name if is_article and card.category else "",
        twitter_site=site.twitter_site,
        robots="noindex" if card.draft else "",
    )


# One keyword per head field of a listing page; the logic is a straight line.
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
    picture = site.home_image if is_home and site.home_image else site.default_image
    image = site.public_url(picture.url) if picture else ""
    if is_home and image:
        data["image"] = image
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
        image_alt=picture.alt if image and picture else "",
        image_width=picture.width if image and picture else 0,
        image_height=picture.height if image and picture else 0,
        twitter_site=site.twitter_site,
    )


# ------------------------------------------------- which page is being rendered


def page_head_for(values: Values, site: Site) -> PageHead:
    """The head of the page rendered with ``values`` (a template's context).

    On index.html ``article`` may be a loop variable; only the page whose output
    file is the content's own ``save_as`` gets the content's head.
    """
    output_file = values.get("output_file")
    for name in ("article", "page"):
        item = values.get(name)
        card = card_of(item)
        if isinstance(card, Card) and (
            output_file is None or output_file == getattr(item, "save_as", None)
        ):
            return content_head(card, site)
    home = is_home(values)
    return listing_head(
        site,
        path=listing_path(values),
        title="" if home else listing_title(values),
        description=listing_description(values),
        is_home=home,
    )


def is_home(values: Values) -> bool:
    """Whether the page being rendered is the blog's home: the ``index`` direct
    template, on any of its paginated pages (Pelican gives them all its
    ``page_name``), or a page written as the root ``index.html``."""
    index_save_as = str(values.get("INDEX_SAVE_AS") or "index.html")
    page_name = values.get("page_name")
    if page_name is not None:
        return str(page_name) == posixpath.splitext(index_save_as)[0]
    return values.get("output_file") in (index_save_as, "index.html")


def _field(obj: Any, name: str) -> Any:
    """``obj[name]`` for a mapping, else ``obj.name`` (series may be either)."""
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def listing_path(values: Values) -> str:
    """The listing page's URL: its paginated page's, else its own, else its file."""
    paginated = values.get("articles_page")
    url = getattr(paginated, "url", None) if paginated is not None else None
    return str(url or values.get("url") or values.get("output_file") or "")


def listing_title(values: Values) -> str:
    """What a listing page lists: a series, tag, category, author or period;
    else its page's name as a title (``series/index`` gives ``Series``)."""
    series = values.get("series")
    if series is not None and not isinstance(series, str):
        title = _field(series, "title") or _field(series, "name")
        if title:
            return shown_text(title)
    for name in ("tag", "category", "author"):
        value = values.get(name)
        if value:
            return shown_text(value)
    period = values.get("period")
    if period:
        parts = period if isinstance(period, (tuple, list)) else (period,)
        return " ".join(str(part) for part in parts)
    page_name = str(values.get("page_name") or "")
    if not page_name:
        page_name = posixpath.splitext(str(values.get("output_file") or ""))[0]
    parts = [part for part in page_name.split("/") if part]
    if parts and parts[-1] == "index":
        parts.pop()  # a folder's index page is named after its folder
    return title_from_slug(parts[-1]) if parts else ""


def listing_description(values: Values) -> Any:
    """The listed series' or tag's own description, when it has one."""
    series = values.get("series")
    if series is not None and not isinstance(series, str):
        description = _field(series, "description")
        if description:
            return description
    tag = values.get("tag")
    if tag:
        summary = summary_of(tag)
        return _field(summary, "description")
    return None

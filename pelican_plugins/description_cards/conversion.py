"""Pelican's articles and pages as the model's values: a card per content
object, and the site-wide values, with problems logged at the file's lines."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from pelican.plugins.postcard_core.attached import key_line, series_of
from pelican.plugins.postcard_core.problems import Problem, log_problems, source_name
from pelican.plugins.postcard_core.settings import setting
from pelican.plugins.postcard_core.text import shown_text

from .images import ShareImages
from .model import (
    DEFAULTS,
    Card,
    Link,
    Site,
    make_card,
    resolve_image_link,
    site_from_settings,
)
from .sharing import gets_share_image, shown_when_shared

logger = logging.getLogger(__name__)


def _link(obj: Any) -> Link | None:
    if obj is None or not str(obj).strip():
        return None
    return Link(name=shown_text(obj), path=str(getattr(obj, "url", "") or ""))


def _links(objs: Any) -> list[Link]:
    if not objs or isinstance(objs, str):
        return []
    return [link for link in map(_link, objs) if link is not None]


def _image(
    value: Any, base_dir: str, context: Mapping[str, Any], line: int, fallback: str
) -> tuple[dict[str, str] | None, list[Problem]]:
    """Resolve an image against the site's files; what went wrong, as a Problem
    at ``line`` that says what is used instead (``fallback``)."""

    def linked_url(source: str) -> str | None:
        for key in ("static_content", "generated_content"):
            url = getattr((context.get(key) or {}).get(source), "url", None)
            if url:
                return url
        return None

    image, why = resolve_image_link(value, base_dir, linked_url)
    return image, [Problem(line, 1, f"{why}; {fallback}")] if why else []


def card_for(
    kind: str,
    content: Any,
    site: Site,
    context: Mapping[str, Any],
    share: ShareImages | None = None,
) -> Card:
    """Compute the card of one Pelican article or page; with ``share``, a card
    without an image of its own gets its share image."""
    metadata = content.metadata
    draft = getattr(content, "status", "") == "draft"
    sharing = share is not None and not draft
    image, problems = _image(
        metadata.get("image"),
        str(getattr(content, "relative_dir", "") or ""),
        context,
        key_line(content, "image") or 0,
        "the card uses its share image"
        if sharing
        else "the card uses the default image",
    )
    source = source_name(content)
    log_problems(logger, source, problems)
    card = _make_card(kind, content, site, image, draft)
    # An image networks do not show (SVG) is no image for sharing: draw one.
    shown = image is not None and shown_when_shared(image.get("path", ""))
    if share is not None and gets_share_image(card, shown):
        return share.card(source, card, content)
    return card


def _make_card(
    kind: str, content: Any, site: Site, image: dict[str, str] | None, draft: bool
) -> Card:
    metadata = content.metadata
    return make_card(
        site=site,
        kind=kind,
        title=getattr(content, "title", ""),
        path=str(content.url or ""),
        description=metadata.get("description"),
        summary=metadata.get("summary"),
        # The raw HTML: Pelican's ``content`` property resolves intra-site links,
        # which must happen at write time, not now.
        content_html=str(getattr(content, "_content", "") or ""),
        date=getattr(content, "date", None),
        modified=getattr(content, "modified", None),
        date_text=getattr(content, "locale_date", ""),
        tags=_links(getattr(content, "tags", None)),
        category=_link(getattr(content, "category", None)),
        authors=_links(getattr(content, "authors", None)),
        image=image,
        series=series_of(content),
        lang=str(getattr(content, "lang", "") or ""),
        draft=draft,
    )


def make_site_from(settings: Mapping[str, Any], context: Mapping[str, Any]) -> Site:
    """Site-wide values from Pelican's settings (and, for ``{static}`` links in
    the default image, the build's context)."""
    default_image, problems = _image(
        setting(settings, "DESCRIPTION_CARDS_DEFAULT_IMAGE", DEFAULTS),
        "",
        context,
        0,
        "pages without an image of their own get none",
    )
    log_problems(logger, "DESCRIPTION_CARDS_DEFAULT_IMAGE", problems)
    return site_from_settings(settings, default_image)

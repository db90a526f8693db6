"""Which pages get a share image and what it shows: plain data, no Pelican.

A post or page without an ``image`` of its own gets a share image drawn from its
card (``share_card_for``), the home page one drawn from the site's name and
description (``home_share_card``). A :class:`SharePlan` holds every image of a
build, by the file it is saved as; what the output folder holds beyond the plan
is stale (``stale_files``). Drawing is ``share_image``'s job.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from pelican.plugins.postcard_core.problems import Problem

from .model import Card, Image, Site, shorten
from .share_image import HEIGHT, WIDTH, ShareCard

DEFAULT_FOLDER = "images/share"
# The files this plugin writes into its folder: images, and the partial files a
# build stopped half-way may leave. Nothing else there is ever removed.
_OWN_FILE = re.compile(
    r"^(?:share-[0-9a-f]{20}\.png|\.share-[0-9a-f]{20}\.png\.\d+\.tmp)$"
)
# Bidirectional classes of right-to-left letters (Hebrew; Arabic, Syriac, Thaana).
_RTL_CLASSES = frozenset({"R", "AL"})
_LTR_CLASSES = frozenset({"L"})


@dataclass(frozen=True)
class ImageSettings:
    """How share images are made: ``folder`` is relative to the output folder."""

    enabled: bool = True
    folder: str = DEFAULT_FOLDER
    font_path: str | None = None  # None: Pillow's built-in font


def image_folder(value: object) -> tuple[str, str]:
    """``DESCRIPTION_CARDS_IMAGES_PATH`` as a folder below the output folder:
    ``(folder, "")``, or ``(DEFAULT_FOLDER, why)`` when it cannot be one."""
    text = str(value if value is not None else "").strip().replace("\\", "/")
    folder = posixpath.normpath(text.strip("/")) if text.strip("/") else ""
    if (
        not text
        or text.startswith("/")
        or folder in ("", ".")
        or folder == ".."
        or folder.startswith("../")
        or re.search(r"[\x00-\x1f\x7f?#%:]", folder)
    ):
        return DEFAULT_FOLDER, (
            f"DESCRIPTION_CARDS_IMAGES_PATH {value!r} is not a folder inside the "
            f"output folder; share images go to {DEFAULT_FOLDER}"
        )
    return folder, ""


def text_direction(text: str) -> str:
    """``"rtl"`` when the first letter with a direction is right-to-left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _RTL_CLASSES:
            return "rtl"
        if kind in _LTR_CLASSES:
            return "ltr"
    return "ltr"


def share_series_label(card: Card) -> str:
    """ "Part 2 of 4 · Europe Trip", "Part 2 · Europe Trip" or "Europe Trip"."""
    if not card.series_name:
        return ""
    if card.series_index is not None and card.series_total:
        return f"Part {card.series_index} of {card.series_total} · {card.series_name}"
    if card.series_index is not None:
        return f"Part {card.series_index} · {card.series_name}"
    return card.series_name


# What the networks that read og:image and twitter:image never show (Open Graph
# consumers, X, LinkedIn, Mastodon, chat apps take raster images only).
_NOT_SHOWN_WHEN_SHARED = (".svg", ".svgz")


def shown_when_shared(url: str) -> bool:
    """Whether networks show the image at ``url`` on a shared link: not an SVG."""
    return not urlsplit(url).path.lower().endswith(_NOT_SHOWN_WHEN_SHARED)


def gets_share_image(card: Card, has_own_image: bool) -> bool:
    """Every post and page without an image of its own, hidden ones too; never
    a draft (it is not shared, and a drawn file would announce it)."""
    return not card.draft and not has_own_image and bool(card.title)


def share_card_for(card: Card, site: Site) -> ShareCard:
    """What a post's or page's share image shows: its card's short description
    (cut at a word, as meta tags show it), its date and its place in a series."""
    lang = card.lang or site.lang or "en"
    return ShareCard(
        site_name=site.name,
        title=card.title,
        description=card.short_description,
        date_text=card.date_text if card.kind == "article" else "",
        series_label=share_series_label(card),
        lang=lang,
        direction=text_direction(card.title),
    )


def home_share_card(site: Site) -> ShareCard:
    """The home page's share image: the site's name and description, below
    its address (the stamp still bears the name's initial)."""
    host = site.url.split("://", 1)[-1]
    return ShareCard(
        site_name=host,
        title=site.name or host,
        description=shorten(site.description, site.max_length)
        if site.description != site.name
        else "",
        lang=site.lang or "en",
        direction=text_direction(site.name),
        stamp=site.name,
    )


def share_image(site: Site, folder: str, name: str, title: str) -> Image:
    """The ``Image`` a page's head points to: absolute with SITEURL, its alt
    text the title, its size the share image's."""
    path = f"{folder}/{name}"
    return Image(url=site.absolute(path), alt=title, width=WIDTH, height=HEIGHT)


def with_share_image(card: Card, image: Image) -> Card:
    """``card`` pointing at its share image."""
    return replace(
        card,
        image=image.url,
        image_alt=image.alt,
        image_width=image.width,
        image_height=image.height,
    )


def without_missing(text: str, missing: set[str]) -> str:
    """``text`` without the characters in ``missing``, its spaces folded."""
    if not missing:
        return text
    return " ".join("".join(c for c in text if c not in missing).split())


def _listed(chars: Iterable[str]) -> str:
    return " ".join(sorted(chars))


def glyph_check(
    share: ShareCard, missing: set[str], font_setting: str
) -> tuple[ShareCard | None, Problem | None]:
    """What to draw when the font lacks ``missing`` characters of ``share``.

    Letters or digits missing from the title mean it cannot be drawn: no image
    (``None``). Anything else missing (an emoji, a symbol) is left out. Either
    way one Problem says which characters and which setting gives a font.
    """
    if not missing:
        return share, None
    in_title = {c for c in missing if c in share.title}
    unreadable = {c for c in in_title if unicodedata.category(c)[0] in "LN"}
    advice = f"set {font_setting} to a font file that has them"
    if unreadable:
        message = (
            f"the share image's font has no glyphs for {_listed(unreadable)} in "
            f"the title, so no share image is drawn; {advice}"
        )
        return None, Problem(0, 1, message)
    kept = replace(
        share,
        title=without_missing(share.title, missing),
        description=without_missing(share.description, missing),
        date_text=without_missing(share.date_text, missing),
        series_label=without_missing(share.series_label, missing),
        site_name=without_missing(share.site_name, missing),
    )
    message = (
        f"the share image's font has no glyphs for {_listed(missing)}, which are "
        f"left out of the image; {advice}"
    )
    return kept, Problem(0, 1, message)


@dataclass
class SharePlan:
    """Every share image of one build: ``save_as`` (relative to the output
    folder) to the card drawn there."""

    folder: str
    cards: dict[str, ShareCard] = field(default_factory=dict)

    def add(self, name: str, share: ShareCard) -> str:
        """Plan ``share`` as ``name``; its ``save_as``."""
        save_as = f"{self.folder}/{name}"
        self.cards.setdefault(save_as, share)
        return save_as

    @property
    def names(self) -> set[str]:
        return {posixpath.basename(save_as) for save_as in self.cards}


def stale_files(existing: Iterable[str], wanted: set[str]) -> list[str]:
    """The files of the image folder (``existing`` names) this plugin wrote and
    the build no longer refers to; any other file is left alone."""
    return sorted(
        name for name in existing if _OWN_FILE.match(name) and name not in wanted
    )

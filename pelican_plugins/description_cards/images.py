"""Share images in a Pelican build: settings, the plan, drawing and clean-up.

The Pelican side of ``sharing`` (which pages get an image, what it shows) and
``share_image`` (the drawing). ``compute_cards`` asks :class:`ShareImages` for
each card's image while it computes the cards, then starts drawing, so the
images are drawn on every core while Pelican writes the pages;
:class:`ShareImagesGenerator`, the last generator before the static files,
waits for them and removes the images no page refers to any more.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from pelican.plugins.postcard_core.outputs import PlannedOutput, is_refused
from pelican.plugins.postcard_core.problems import log_problems
from pelican.plugins.postcard_core.settings import setting

from .model import DEFAULTS, Card, Image, Site
from .share_image import Drawer, ShareCard, load_font
from .share_pool import Drawing, start_drawing
from .sharing import (
    ImageSettings,
    SharePlan,
    glyph_check,
    home_share_card,
    image_folder,
    share_card_for,
    share_image,
    stale_files,
    with_share_image,
    without_missing,
)

logger = logging.getLogger(__name__)

FONT_SETTING = "DESCRIPTION_CARDS_IMAGE_FONT"
GENERATOR_KEY = "description_cards_share_images"  # context: ShareImagesGenerator
# Per build, on each content object: its card markup (see the package's adapter).
RENDERED_CARDS = "description_cards_rendered"


def _font_path(value: object, content_path: str) -> tuple[str | None, str]:
    """``DESCRIPTION_CARDS_IMAGE_FONT`` as a readable font file (a path as given,
    else relative to ``PATH``); ``(None, why)`` when it is not one."""
    if value is None or not str(value).strip():
        return None, ""
    given = os.path.expanduser(str(value).strip())
    candidates = [given]
    if not os.path.isabs(given):
        candidates.append(os.path.join(content_path, given))
    for candidate in candidates:
        if os.path.isfile(candidate):
            try:
                load_font(candidate, 20)
            except OSError as error:
                return None, (
                    f"{FONT_SETTING} {value!r} is not a font Pillow reads ({error})"
                )
            return os.path.abspath(candidate), ""
    return None, f"{FONT_SETTING} {value!r} is not a file"


def image_settings(settings: Mapping[str, Any]) -> ImageSettings:
    """The share image settings, each bad value logged once with what is used."""
    folder, why = image_folder(
        setting(settings, "DESCRIPTION_CARDS_IMAGES_PATH", DEFAULTS)
    )
    if why:
        logger.error("description_cards: %s", why)
    font, why = _font_path(
        setting(settings, FONT_SETTING, DEFAULTS), str(settings.get("PATH") or "")
    )
    if why:
        logger.warning(
            "description_cards: %s; share images use Pillow's built-in font", why
        )
    return ImageSettings(
        enabled=bool(setting(settings, "DESCRIPTION_CARDS_IMAGES", DEFAULTS)),
        folder=folder,
        font_path=font,
    )


class ShareImagesGenerator:
    """A Pelican generator that finishes the share images once the pages are
    written: it waits for the drawing and removes stale images."""

    def __init__(
        self,
        context: dict[str, Any],
        settings: Mapping[str, Any],
        path: str,
        theme: str,
        output_path: str,
        **kwargs: Any,
    ) -> None:
        self.context = context
        self.settings = settings
        self.output_path = output_path
        self.folder = image_folder(
            setting(settings, "DESCRIPTION_CARDS_IMAGES_PATH", DEFAULTS)
        )[0]
        self.plan: SharePlan | None = None
        self.drawing: Drawing | None = None
        context[GENERATOR_KEY] = self  # where the cards' adapter finds it

    def start(self, plan: SharePlan, font_path: str | None) -> None:
        """Start drawing every image of ``plan`` that is not in the output yet."""
        self.plan = plan
        self.folder = plan.folder
        root = Path(self.output_path)
        self.drawing = start_drawing(
            ((card, root / save_as) for save_as, card in plan.cards.items()),
            font_path=font_path,
        )

    def generate_output(self, writer: Any) -> None:
        """Pelican's last step before static files: finish and clean up."""
        drawn = 0
        if self.drawing is not None:
            try:
                drawn = len(self.drawing.wait())
            except Exception as error:
                logger.error(
                    "description_cards: share images could not be drawn (%s: %s); "
                    "pages point at images that are missing",
                    type(error).__name__,
                    error,
                )
            self.drawing = None
        removed = self._remove_stale()
        if self.plan is not None and self.plan.cards:
            logger.info(
                "description_cards: %d share images in %s: %d drawn, %d unchanged, "
                "%d stale removed",
                len(self.plan.cards),
                self.folder,
                drawn,
                len(self.plan.cards) - drawn,
                removed,
            )

    def _remove_stale(self) -> int:
        """Remove the images (and partial files) no page of this build uses."""
        folder = Path(self.output_path) / self.folder
        try:
            names = os.listdir(folder)
        except OSError:
            return 0
        wanted = self.plan.names if self.plan is not None else set()
        stale = stale_files(names, wanted)
        for name in stale:
            try:
                (folder / name).unlink()
            except OSError as error:
                logger.warning("description_cards: cannot remove %s: %s", name, error)
        if stale and not wanted:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty: the site's own files stay
        return len(stale)


def share_images_generator(pelican: Any) -> type[ShareImagesGenerator]:
    """``get_generators`` receiver: the generator that finishes share images."""
    return ShareImagesGenerator


class ShareImages:
    """The share images of one build while its cards are computed.

    Each image is a yielding output (``postcard_core.outputs``): a file of the
    site at its path, or at its folder's, keeps its place, and the pages that
    would have shown the image keep the card they had without it.
    """

    def __init__(
        self, config: ImageSettings, site: Site, generator: ShareImagesGenerator
    ) -> None:
        self.config = config
        self.drawer = Drawer(config.font_path)  # names and glyph checks, no drawing
        self.plan = SharePlan(config.folder)
        self.generator = generator
        self.site = site
        self.site_missing = self.drawer.missing_glyphs(site.name)
        # save_as -> the contents showing it, each with its card without it.
        self.owners: dict[str, list[tuple[Any, Card]]] = {}
        self.home_save_as = ""

    @classmethod
    def for_build(
        cls, settings: Mapping[str, Any], site: Site, context: Mapping[str, Any]
    ) -> ShareImages | None:
        """The build's share images, or None when it draws none (turned off,
        or no SITEURL: OpenGraph takes absolute image URLs only)."""
        generator = context.get(GENERATOR_KEY)
        if not isinstance(generator, ShareImagesGenerator):
            return None
        generator.plan = SharePlan(generator.folder)  # every old image is stale
        if not setting(settings, "DESCRIPTION_CARDS_IMAGES", DEFAULTS) or not site.url:
            return None
        return cls(image_settings(settings), site, generator)

    def _planned(self, source: str, share: ShareCard) -> ShareCard | None:
        """``share`` as it can be drawn in the font, with one warning when the
        font lacks some of its own characters; None when its title cannot be.

        The site's name is checked once, with the home page's image: what the
        font lacks of it is left out of every image without a word more.
        """
        own = (share.title, share.description, share.date_text, share.series_label)
        missing = self.drawer.missing_glyphs("".join(own))
        drawable, problem = glyph_check(share, missing, FONT_SETTING)
        if problem is not None:
            log_problems(logger, source, [problem])
        if drawable is not None and self.site_missing:
            drawable = replace(
                drawable,
                site_name=without_missing(drawable.site_name, self.site_missing),
            )
        return drawable

    def home(self) -> Site:
        """The site, with the home page's share image."""
        share = self._planned("SITENAME", home_share_card(self.site))
        if share is None:
            return self.site
        image, self.home_save_as = self._image(share, self.site.name)
        self.site = replace(self.site, home_image=image)
        return self.site

    def _image(self, share: ShareCard, title: str) -> tuple[Image, str]:
        name = self.drawer.name(share)
        save_as = self.plan.add(name, share)
        return share_image(self.site, self.plan.folder, name, title), save_as

    def card(self, source: str, card: Card, content: Any) -> Card:
        """``card`` with its share image (planned here, drawn later)."""
        share = self._planned(source, share_card_for(card, self.site))
        if share is None:
            return card
        image, save_as = self._image(share, card.title)
        self.owners.setdefault(save_as, []).append((content, card))
        return with_share_image(card, image)

    def planned_outputs(self) -> Iterator[PlannedOutput]:
        """Every image, as ``postcard_core.outputs`` asks."""
        for save_as in self.plan.cards:
            yield PlannedOutput(save_as, "a share image", yields=True)

    def finish(self, live: set[int], context: Mapping[str, Any]) -> Site:
        """Leave out the images of contents no longer built and those another
        file took the place of (their pages get back their card without one);
        start drawing the rest, while Pelican writes the pages. The site, with
        or without its home image."""
        refused = [
            save_as for save_as in self.plan.cards if is_refused(context, save_as)
        ]
        for save_as in refused:
            for content, card in self.owners.pop(save_as, ()):
                content.card = card
                setattr(content, RENDERED_CARDS, {})
            if save_as == self.home_save_as:
                self.site = replace(self.site, home_image=None)
        if refused:
            logger.warning(
                "description_cards: %d share image(s) not drawn, as another file "
                "of the site is at their path or their folder's (%s); set "
                "DESCRIPTION_CARDS_IMAGES_PATH to a folder of their own",
                len(refused),
                ", ".join(refused[:3]) + (", …" if len(refused) > 3 else ""),
            )
        unused = {
            save_as
            for save_as, owners in self.owners.items()
            if not any(id(content) in live for content, _ in owners)
        }
        for save_as in [*refused, *unused]:
            self.plan.cards.pop(save_as, None)
        self.generator.start(self.plan, self.config.font_path)
        return self.site

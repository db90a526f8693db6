"""Jekyll's post file names: ``YYYY-MM-DD-slug.ext`` gives a date and a slug."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from pelican.plugins.postcard_core.text import title_from_slug

_JEKYLL_NAME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})-(.+)")


@dataclass(frozen=True)
class JekyllName:
    """What a Jekyll post's file name ``YYYY-MM-DD-slug.ext`` says."""

    date: datetime.datetime
    slug: str

    @property
    def title(self) -> str:
        """The title Jekyll gives a post without one: ``a-slug`` gives ``A Slug``."""
        return title_from_slug(self.slug)


def jekyll_name(stem: str) -> JekyllName | None:
    """Read a Jekyll post name without its extension, ``2024-05-21-pycon-us`` (or
    unpadded ``2017-2-5-x``); None when ``stem`` is not one."""
    match = _JEKYLL_NAME.fullmatch(stem)
    if match is None:
        return None
    year, month, day, slug = match.groups()
    try:
        date = datetime.datetime(int(year), int(month), int(day))
    except ValueError:
        return None
    return JekyllName(date=date, slug=slug)

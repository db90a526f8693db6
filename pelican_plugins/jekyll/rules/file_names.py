"""Jekyll's post file names: ``YYYY-MM-DD-slug.ext`` gives a date and a slug.

The plugin's one reading of them (fields, post links, a site's files, its
documents): :func:`post_name` follows ``Document::DATE_FILENAME_MATCHER`` and
reads the date as Jekyll does (``Time.parse``), so ``2024-02-30`` is March 1st
and ``99-1-5`` is 1999-01-05. :func:`post_reference` reads the name a
``{% post_url %}`` tag gives (``PostComparer``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from pelican.plugins.postcard_core.text import title_from_slug

from .dates import parse_time, plain_date

# DATE_FILENAME_MATCHER: a year of 2-4 digits, a month and a day of 1-2, the
# slug, and an extension, at the start of the path or of its last name.
_DATED = re.compile(r"([0-9]{2,4}-[0-9]{1,2}-[0-9]{1,2})-([^/]*)(\.[^.]+)")
# PostComparer::MATCHER: folders, then any digits as the date, then the slug.
_REFERENCE = re.compile(r"(.+/)*([0-9]+-[0-9]+-[0-9]+)-(.*)")
_UTC = datetime.timezone.utc


@dataclass(frozen=True)
class PostName:
    """What a post's file name says.

    ``date`` is midnight of the named day in the zone asked for, as Ruby's
    ``Time.parse`` reads ``date_text``; None where Ruby cannot (a month 13:
    Jekyll stops with "invalid date"). ``slug`` has lost its trailing dots.
    """

    date_text: str
    slug: str
    ext: str
    date: datetime.datetime | None

    @property
    def title(self) -> str:
        """The title Jekyll gives a post without one: ``a-slug`` gives ``A Slug``."""
        return title_from_slug(self.slug)

    @property
    def key(self) -> str | None:
        """``YYYY-MM-DD-slug`` of the day read (the name ``2017-2-5-x`` and
        ``2017-02-05-x`` share), or None without a date."""
        return None if self.date is None else f"{self.date:%Y-%m-%d}-{self.slug}"


def post_name(path: str, zone: datetime.tzinfo = _UTC) -> PostName | None:
    """What Jekyll reads from a post's path (``_posts/2024-05-21-x.md``, or just
    its file name); None when it is not a dated name with an extension."""
    first_line = path.split("\n", 1)[0]
    slash = first_line.rfind("/")
    # "(?>.+/)*?": the date starts the path, or follows its last "/" (which
    # needs something before it).
    for start in [0] + ([slash + 1] if slash >= 1 else []):
        match = _DATED.fullmatch(path, start)
        if match is not None:
            date_text, slug, ext = match.groups()
            # most names are a plain YYYY-MM-DD: skip the general parser
            date = plain_date(date_text, zone) or parse_time(date_text, zone)
            return PostName(date_text, slug.rstrip("."), ext, date)
    return None


@dataclass(frozen=True)
class PostReference:
    """The post a ``{% post_url folder/2020-01-02-name %}`` tag names."""

    folder: str
    date_text: str
    slug: str
    date: datetime.datetime | None

    def matches(self, relative_path: str) -> bool:
        """Jekyll's first rule: the post's path is ``_posts/<folder><date>-
        <slug>.ext`` or ``<folder>_posts/<date>-<slug>.ext``, the date as written."""
        name = f"{re.escape(self.date_text)}-{re.escape(self.slug)}\\.[^.]+"
        folder = re.escape(self.folder)
        pattern = f"_posts/{folder}{name}|{folder}_posts/?{name}"
        return re.match(pattern, relative_path) is not None

    @property
    def key(self) -> str | None:
        """Jekyll's older rule, as :attr:`PostName.key`: the same day and slug."""
        return None if self.date is None else f"{self.date:%Y-%m-%d}-{self.slug}"


def post_reference(name: str, zone: datetime.tzinfo = _UTC) -> PostReference | None:
    """Read a ``post_url`` name; None for one without a date (Jekyll refuses
    it). ``date`` is None where Jekyll stops on the date."""
    match = _REFERENCE.fullmatch(name.strip().removeprefix("/"))
    if match is None:
        return None
    folder, date_text, slug = match.group(1) or "", match.group(2), match.group(3)
    return PostReference(folder, date_text, slug, parse_time(date_text, zone))


# Pelican's FILENAME_METADATA default reads any YYYY-MM-DD and stops on a day
# Python has not (2024-02-30); this one leaves such names to the header hook,
# which reads them as Jekyll does.
_COMMON_DAY = (
    r"(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:0[13-9]|1[0-2])-(?:29|30)"
    r"|(?:0[13578]|1[02])-31"
)
_LEAP_DAY = (
    r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
    r"-02-29"
)
READABLE_FILENAME_METADATA = (
    rf"(?P<date>(?!0000)[0-9]{{4}}-(?:{_COMMON_DAY})|{_LEAP_DAY}).*"
)


def filename_metadata(current: str, pelican_default: str) -> str:
    """``FILENAME_METADATA`` for a site with Jekyll's file names: Pelican's
    default becomes :data:`READABLE_FILENAME_METADATA`; a pattern the user
    wrote stays as it is."""
    return READABLE_FILENAME_METADATA if current == pelican_default else current

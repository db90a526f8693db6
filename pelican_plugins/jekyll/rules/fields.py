"""What Jekyll's front matter means, said in the words front_matter reads.

Jekyll names some fields its own way (``excerpt``, ``last_modified_at``,
``categories``, ``published: false``, ``permalink``); ``translate`` turns a
Jekyll header into one that front_matter maps like any other. Pure functions.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from pelican.plugins.postcard_core.document import Document
from pelican.plugins.postcard_core.problems import Problem
from pelican.plugins.postcard_core.text import kind_of

from .file_names import post_name
from .literal_permalink import parse_permalink


@dataclass
class _Header:
    """The parts of a Document a translation rewrites."""

    metadata: dict[str, Any]
    key_lines: dict[str, int]
    as_written: dict[str, Any]
    aliases: dict[str, str]
    problems: list[Problem]

    def rename(self, old: str, new: str) -> None:
        """Read ``old`` as ``new`` (when ``new`` is not given); drop ``old``."""
        value = self.metadata.pop(old, None)
        written = self.as_written.pop(old, None)
        if value is None or self.metadata.get(new) is not None:
            return
        self.metadata[new] = value
        if written is not None:
            self.as_written[new] = written
        self.aliases[new] = old

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.key_lines.get(key, 1), 1, message))


def translate(document: Document, *, space_separated_tags: bool = False) -> Document:
    """A Jekyll header in front_matter's words: ``excerpt`` is the summary,
    ``last_modified_at`` the modified date, ``categories`` the categories,
    ``published: false`` a draft, a literal ``permalink`` the URL."""
    header = _Header(
        dict(document.metadata),
        dict(document.key_lines),
        dict(document.as_written),
        dict(document.aliases),
        list(document.problems),
    )
    header.rename("excerpt", "summary")
    header.rename("last_modified_at", "modified")
    _categories(header)
    if space_separated_tags:
        _space_separated_tags(header)
    _published(header)
    _permalink(header)
    return replace(
        document,
        metadata=header.metadata,
        key_lines=header.key_lines,
        as_written=header.as_written,
        aliases=header.aliases,
        problems=tuple(header.problems),
    )


def _categories(header: _Header) -> None:
    raw = header.metadata.get("categories")
    if isinstance(raw, str):  # Jekyll splits a string of categories at spaces
        header.metadata["categories"] = raw.split()
        header.as_written.pop("categories", None)
    header.rename("categories", "category")


def _space_separated_tags(header: _Header) -> None:
    raw = header.metadata.get("tags")
    if isinstance(raw, str) and "," not in raw:
        header.metadata["tags"] = raw.split()
        header.as_written.pop("tags", None)


def _published(header: _Header) -> None:
    published = header.metadata.get("published")
    unpublished = published is False or (
        isinstance(published, str) and published.strip().lower() == "false"
    )
    if unpublished and header.metadata.get("status") is None:
        header.metadata["status"] = "draft"


def _permalink(header: _Header) -> None:
    permalink = header.metadata.get("permalink")
    meta = header.metadata
    # A draft keeps Pelican's draft URL: its permalink is where it will go live.
    is_draft = str(meta.get("status") or "").strip().lower() == "draft"
    if permalink is None or is_draft or meta.get("url") is not None:
        return
    if meta.get("save_as") is not None:
        return
    if not isinstance(permalink, str):
        header.problem(
            "permalink", f"'permalink' must be text, not {kind_of(permalink)}"
        )
        return
    if not permalink.strip():
        return
    try:
        target = parse_permalink(permalink)
    except ValueError as exc:
        header.problem("permalink", f"{exc}; permalink '{permalink}' ignored")
        return
    meta["url"], meta["save_as"] = target.url, target.save_as


def file_name_defaults(file_name: str) -> dict[str, Any]:
    """The date, slug and title a Jekyll post's file name gives, for a header
    that lacks them; empty for a file name that is not ``YYYY-MM-DD-slug.ext``
    (or whose date Jekyll cannot read)."""
    name = post_name(os.path.basename(file_name))
    if name is None or name.date is None:
        return {}
    # Midnight of the named day; Pelican gives it its TIMEZONE.
    date = name.date.replace(tzinfo=None)
    return {"date": date, "slug": name.slug, "title": name.title}


def file_date_fallback(
    document: Document,
    named: Mapping[str, Any],
    readable: Callable[[str], bool],
) -> tuple[Document, list[Problem]]:
    """A ``date`` that cannot be read gives way to the file name's date, with a
    warning: a dated post is never lost for its header's date. ``named`` is
    what the file name gives (:func:`file_name_defaults`); ``readable`` says
    whether Pelican reads a date written as text."""
    value = document.metadata.get("date")
    if "date" not in named or value is None or isinstance(value, datetime.date):
        return document, []
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return document, []  # front_matter reports the wrong type and drops it
    written = document.as_written.get("date")
    text = (written if isinstance(written, str) else str(value)).strip()
    if readable(text):
        return document, []
    metadata = {k: v for k, v in document.metadata.items() if k != "date"}
    as_written = {k: v for k, v in document.as_written.items() if k != "date"}
    problem = Problem(
        document.line_of("date"),
        1,
        f"'date' cannot be read as a date: {text!r}; the file name's date "
        f"({named['date']:%Y-%m-%d}) is used",
    )
    return replace(document, metadata=metadata, as_written=as_written), [problem]

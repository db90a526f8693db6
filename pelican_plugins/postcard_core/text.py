"""Small rules about text that every plugin applies the same way."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any


def fold_whitespace(value: object) -> str:
    """Collapse every run of whitespace to one space and trim the ends.

    ``None`` gives ``""``; any other value is folded as its text.
    """
    return " ".join(str(value).split()) if value is not None else ""


def is_text(value: Any) -> bool:
    """Whether a YAML value reads as text: a string, a number or a date.

    ``true``/``false`` are not text: a boolean where text belongs is a mistake.
    """
    return not isinstance(value, bool) and isinstance(
        value, str | int | float | datetime.date
    )


def kind_of(value: Any) -> str:
    """What a YAML value is, for messages: ``a list``, ``a mapping``, ``a bool``."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple | set | frozenset):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    return f"a {type(value).__name__}"


def title_from_slug(slug: str) -> str:
    """A readable title from a slug, by Jekyll's rule for a post without one:
    ``europe-trip`` gives ``Europe Trip`` (words are split at ``-`` only)."""
    return " ".join(word.capitalize() for word in slug.split("-") if word)


# What XML 1.0 cannot carry (feeds, sitemaps): C0 controls but tab and line ends,
# lone surrogates, U+FFFE and U+FFFF.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def first_xml_unsafe(text: str) -> int:
    """The offset of the first character XML cannot carry in ``text``, or -1."""
    match = _XML_UNSAFE.search(text)
    return -1 if match is None else match.start()


def without_xml_unsafe(text: str) -> str:
    """``text`` without the characters XML cannot carry."""
    return _XML_UNSAFE.sub("", text)


def describe_character(char: str) -> str:
    """``U+0007`` for a character, as messages name it."""
    return f"U+{ord(char):04X}"


# English names, whatever the locale: Jekyll (Ruby's strftime) prints these,
# and Python's strftime would follow Pelican's LOCALE instead.
MONTH_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
DAY_NAMES: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip

"""Small rules about text that every plugin applies the same way."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup


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


# Titles and names from front matter are plain text, but Pelican and every theme
# take ``title`` (and print tag, category and author names) as HTML. So front
# matter hands Pelican HTML that shows the text (a ``TextHTML``), and whatever
# needs the text again (<title>, OpenGraph, JSON-LD, feeds) takes ``shown_text``.


class TextHTML(Markup):
    """HTML that stands for a plain text: the text escaped (and, on a site with
    ``TYPOGRIFY``, typogrify's own markup). Safe to print as it is anywhere."""

    __slots__ = ()


def text_as_html(text: object) -> TextHTML:
    """``text`` as HTML that shows it literally, in element content and in
    attributes alike (``&``, ``<``, ``>`` and both quotes escaped)."""
    return TextHTML.escape(str(text))


def html_of(value: object) -> Markup | None:
    """The HTML ``value`` declares itself to be (``__html__``), or None for text."""
    method = getattr(value, "__html__", None)
    return Markup(method()) if callable(method) else None


def is_text_html(value: object) -> bool:
    """Whether ``value`` is (or prints as) a ``TextHTML``: front matter's text."""
    method = getattr(value, "__html__", None)
    return callable(method) and isinstance(method(), TextHTML)


def shown_text(value: object) -> str:
    """The text a title or a name shows, on one line: HTML (``Markup``, a
    ``TextHTML``) with its tags stripped and entities decoded, any other value
    as its text; whitespace (a typographic no-break space too) folded."""
    if value is None:
        return ""
    html = html_of(value)
    return fold_whitespace(value if html is None else html.striptags())


def as_html(value: object) -> Markup:
    """A title or a name as HTML: HTML as it is, any other value escaped."""
    html = html_of(value)
    return text_as_html(fold_whitespace(value)) if html is None else html


def name_as_text(wrapper: Any) -> Any:
    """Make a Pelican ``Tag``, ``Category`` or ``Author`` show its name as plain
    text in every theme, with the slug Pelican gives the name as written."""
    if isinstance(wrapper.name, TextHTML):
        return wrapper
    raw = str(wrapper.name)
    wrapper.slug = wrapper.slug  # computed from the raw name, then kept
    wrapper.name = text_as_html(raw)
    # ``|e`` (and Markup) asks for __html__: the name is printed once, not
    # escaped a second time; str(wrapper) is the name, for themes that print it.
    wrapper.__html__ = wrapper.name.__html__
    return wrapper

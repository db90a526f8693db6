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


# A file name holds 255 bytes, and Pelican adds to a slug ("-fr.html",
# ".atom.xml"): a longer slug would stop the build when its file is written.
MAX_SLUG_BYTES = 200
MAX_FILE_NAME_BYTES = 255
MAX_PATH_BYTES = 1024  # far below any system's limit on a whole path


# A language subtag and up to seven more: a longer "code" is no language.
_LANGUAGE_CODE = re.compile(r"[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8}){0,7}")


def is_language_code(value: str) -> bool:
    """Whether ``value`` reads as a language code (``en``, ``pt-BR``, ``zh_Hant``).

    A language names files (``{lang}`` in ``ARTICLE_LANG_SAVE_AS``,
    ``POST_SERIES_LANG_SAVE_AS``), so nothing else may stand there: ``../..``
    would climb out of its folder.
    """
    return _LANGUAGE_CODE.fullmatch(value) is not None


def slug_too_long(slug: str) -> bool:
    """Whether ``slug`` is too long to name a file (over ``MAX_SLUG_BYTES``)."""
    return len(slug.encode("utf-8")) > MAX_SLUG_BYTES


def long_path_problem(path: str) -> str:
    """Why ``path`` (parts separated by ``/``) is too long to be written, or
    ``""`` when it is not."""
    if len(path.encode("utf-8")) > MAX_PATH_BYTES:
        return f"is over {MAX_PATH_BYTES} bytes, too long for a path"
    if any(len(part.encode("utf-8")) > MAX_FILE_NAME_BYTES for part in path.split("/")):
        return f"has a part over {MAX_FILE_NAME_BYTES} bytes, too long for a file name"
    return ""


def cut_slug(slug: str) -> str:
    """``slug`` cut to ``MAX_SLUG_BYTES`` at its last ``-`` that fits, else
    after the last character that fits."""
    cut = slug.encode("utf-8")[:MAX_SLUG_BYTES].decode("utf-8", "ignore")
    if cut == slug:
        return slug
    if slug[len(cut)] != "-" and "-" in cut.rstrip("-"):
        cut = cut[: cut.rstrip("-").rfind("-")]
    return cut.rstrip("-") or cut


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

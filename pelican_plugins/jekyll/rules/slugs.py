"""Jekyll's slugs: ``Jekyll::Utils.slugify`` in every mode.

The Liquid ``slugify`` filter and the permalink engine (``:slug``, ``:title``,
``:name``, ``:slugified_categories``) all use it, so a Pelican site must give the
same slug for the same text, down to which characters count as letters.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable

__all__ = ["MODES", "downcase", "slugify", "titleize_slug", "transliterate_latin"]

MODES = ("none", "raw", "default", "pretty", "ascii", "latin")

# Characters the "pretty" mode keeps besides letters, marks and digits: they
# read well in a URL and are allowed by common file systems.
_PRETTY_EXTRA = frozenset("._~!$&'()+,;=@")
_RUBY_SPACE = frozenset(" \t\n\v\f\r")
_EDGE_HYPHEN = re.compile(r"^-|-$", re.MULTILINE)
# In ASCII text the letters, marks and digits are A-Za-z0-9: one regex replaces
# the runs of other characters, character by character tests being slow.
_ALNUM_RUNS = re.compile(r"[^A-Za-z0-9]+")
_ASCII_RUNS = {
    "default": _ALNUM_RUNS,
    "ascii": _ALNUM_RUNS,
    "latin": _ALNUM_RUNS,  # transliterated text is ASCII
    "pretty": re.compile(
        "[^A-Za-z0-9" + re.escape("".join(sorted(_PRETTY_EXTRA))) + "]+"
    ),
}

# The Latin letters I18n spells out differently from "drop the accent".
_LATIN_SPELLED = {
    "Æ": "AE", "æ": "ae", "Ð": "D", "ð": "d", "×": "x", "Ø": "O", "ø": "o",
    "Þ": "Th", "þ": "th", "ß": "ss", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h",
    "ı": "i", "ĸ": "k", "Ł": "L", "ł": "l", "ŉ": "'n", "Ŋ": "NG", "ŋ": "ng",
    "Œ": "OE", "œ": "oe", "Ŧ": "T", "ŧ": "t",
}  # fmt: skip


def _latin_ascii(char: str) -> str | None:
    """I18n's default approximation for one character, None when it has none:
    it covers U+00C0-U+017E (Latin-1 letters and Latin Extended-A) but "÷"."""
    if char in _LATIN_SPELLED:
        return _LATIN_SPELLED[char]
    if not "\u00c0" <= char <= "\u017e" or char == "÷":
        return None
    base = unicodedata.normalize("NFKD", char)
    return "".join(c for c in base if c.isascii() and c.isalpha())


def transliterate_latin(text: str) -> str:
    """``I18n.transliterate`` with its default rules: accented Latin letters
    lose their accents, every other non-ASCII character becomes ``?``."""
    out = []
    for char in text:
        if char.isascii():
            out.append(char)
        else:
            out.append(_latin_ascii(char) or "?")
    return "".join(out)


def downcase(text: str) -> str:
    """Ruby's ``String#downcase``: full Unicode lowercase, one character at a
    time (no Greek final sigma, which Python's ``str.lower`` would apply)."""
    return "".join(char.lower() for char in text)


def _word_char(char: str) -> bool:
    """``[\\p{M}\\p{L}\\p{Nd}]``: a letter, a mark or a decimal digit."""
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def _keeps(mode: str) -> Callable[[str], bool]:
    """Which characters survive in ``mode``; runs of the others become "-"."""
    if mode == "raw":
        return lambda char: char not in _RUBY_SPACE
    if mode == "pretty":
        return lambda char: char in _PRETTY_EXTRA or _word_char(char)
    return _word_char


def slugify(text: str, mode: str = "default", cased: bool = False) -> str:
    """``Jekyll::Utils.slugify(text, mode:, cased:)``.

    ``none`` (or any unknown mode) only lowercases; ``raw`` turns runs of
    whitespace into ``-``; ``default`` keeps letters, marks and digits of any
    script; ``pretty`` keeps ``._~!$&'()+,;=@`` too; ``ascii`` keeps only
    ``A-Za-z0-9``; ``latin`` first spells accented Latin letters in ASCII, then
    works as ``default``. One leading and one trailing ``-`` go. The result is
    lowercase unless ``cased``.
    """
    if mode not in MODES[1:]:
        return text if cased else downcase(text)
    if mode == "latin":
        text = transliterate_latin(text)
    if mode == "ascii" or (mode in _ASCII_RUNS and text.isascii()):
        slug = _EDGE_HYPHEN.sub("", _ASCII_RUNS[mode].sub("-", text))
        return slug if cased else slug.lower()
    keep = _keeps(mode)
    parts = []
    for kept, run in itertools.groupby(text, key=keep):
        parts.append("".join(run) if kept else "-")
    slug = _EDGE_HYPHEN.sub("", "".join(parts))
    return slug if cased else downcase(slug)


def titleize_slug(slug: str) -> str:
    """``Jekyll::Utils.titleize_slug``, the title of a post without one: the slug
    split at ``-`` (Ruby drops trailing empty parts only), each part capitalised
    (first letter up, the rest down), joined with spaces: ``We-Are-Hiring`` gives
    ``We Are Hiring``, ``iOS-tips`` gives ``Ios Tips``."""
    parts = slug.split("-")
    while parts and not parts[-1]:
        parts.pop()
    # Ruby's capitalize: the first letter in title case, the rest as downcase.
    return " ".join(part[:1].title() + downcase(part[1:]) for part in parts)

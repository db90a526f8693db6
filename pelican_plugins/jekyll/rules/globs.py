"""Ruby's ``File.fnmatch?`` as regular expressions: the one glob rule of a site.

Jekyll matches ``exclude`` and ``include`` with ``File.fnmatch?`` and no flags
(``*`` and ``?`` cross ``/``), and the ``path`` of a ``defaults`` scope with
``Dir.glob`` (``File::FNM_PATHNAME`` and braces: ``*`` stays in one folder,
``**/`` is any number of folders). Both follow Ruby's rules, which differ from
Python's ``fnmatch``: without ``FNM_DOTMATCH`` a wildcard never matches a
leading ``.`` (of the text, or with ``FNM_PATHNAME`` of each name); ``[]`` is
an empty set, ``[!]`` any character; a ``[`` that is never closed, or with
braces a ``{`` that is never closed, matches nothing; ``\\`` escapes the next
character. Pure functions; each pattern is compiled once.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NEVER = "(?!)"


def fnmatch(
    pattern: str,
    text: str,
    *,
    pathname: bool = False,
    dotmatch: bool = False,
    braces: bool = False,
) -> bool:
    """Ruby's ``File.fnmatch?(pattern, text, flags)``; the keywords are the
    flags ``FNM_PATHNAME``, ``FNM_DOTMATCH`` and ``FNM_EXTGLOB``."""
    regex = fnmatch_regex(pattern, pathname, dotmatch, braces)
    return regex.fullmatch(text) is not None


def dir_glob_regex(pattern: str) -> re.Pattern[str]:
    """What ``Dir.glob(pattern)`` finds, as a regex over ``/``-separated paths."""
    return fnmatch_regex(pattern, True, False, True)


@lru_cache(maxsize=1024)
def fnmatch_regex(
    pattern: str, pathname: bool, dotmatch: bool, braces: bool
) -> re.Pattern[str]:
    """The regex ``fullmatch`` of which is ``File.fnmatch?`` with these flags."""
    alternatives = _expand_braces(pattern) if braces else [pattern]
    if not alternatives:
        return re.compile(_NEVER)
    translated = [_translate(alt, pathname, dotmatch) for alt in alternatives]
    return re.compile("|".join(f"(?:{t})" for t in translated), re.DOTALL)


def _brace_span(pattern: str) -> tuple[int, int] | None:
    """The first top-level ``{`` and its ``}``; ``(-1, -1)`` when a ``{`` is
    never closed; None when there is no ``{``."""
    depth, start, i = 0, -1, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
            start = i if depth == 1 else start
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                return start, i
        i += 1
    return (-1, -1) if start >= 0 else None


def _split_top(body: str) -> list[str]:
    """``a,{b,c},d`` at its top-level commas."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return parts


def _expand_braces(pattern: str) -> list[str]:
    """Ruby's brace expansion: ``{a,b}c`` is ``ac`` and ``bc``, nested too; an
    unclosed ``{`` gives nothing."""
    span = _brace_span(pattern)
    if span is None:
        return [pattern]
    start, end = span
    if start < 0:
        return []
    head, body, tail = pattern[:start], pattern[start + 1 : end], pattern[end + 1 :]
    out: list[str] = []
    for part in _split_top(body):
        out.extend(_expand_braces(head + part + tail))
    return out


def _translate(pattern: str, pathname: bool, dotmatch: bool) -> str:
    if not pathname:
        return _segment(pattern, dotmatch, any_char=".")
    names = _names(pattern)
    if names is None:
        return _NEVER
    # "**/" is any number of folders (none whose name starts with "." unless
    # dotmatch); "**/**/" is the same.
    folders = r"(?:[^/]*/)*" if dotmatch else r"(?:(?!\.)[^/]*/)*"
    out: list[str] = []
    for index, (name, escaped) in enumerate(names):
        last = index == len(names) - 1
        if name == "**" and not last and not escaped:
            if not out or out[-1] is not folders:
                out.append(folders)
            continue
        out.append(_segment(name, dotmatch, any_char="[^/]") + ("" if last else "/"))
    return "".join(out)


def _names(pattern: str) -> list[tuple[str, bool]] | None:
    """The pattern's names, split at each ``/`` outside brackets, each with
    whether the ``/`` after it was escaped (``**\\/`` is no ``**/``); None when
    a bracket matches nothing (``[]``, or never closed)."""
    names, start, i = [], 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "[":
            bracket, end = _bracket(pattern, i + 1, "[^/]")
            if bracket == _NEVER:
                return None
            i = end
        elif char == "\\" and pattern[i + 1 : i + 2] == "/":
            names.append((pattern[start:i], True))
            start = i = i + 2
        elif char == "\\":
            i += 2
        elif char == "/":
            names.append((pattern[start:i], False))
            start = i = i + 1
        else:
            i += 1
    names.append((pattern[start:], False))
    return names


def _segment(pattern: str, dotmatch: bool, any_char: str) -> str:
    """One name's pattern (or the whole text's, without ``FNM_PATHNAME``)."""
    first = pattern[1:2] if pattern[:1] == "\\" else pattern[:1]
    out = [] if dotmatch or first == "." else [r"(?!\.)"]
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            while i + 1 < len(pattern) and pattern[i + 1] == "*":
                i += 1
            out.append(any_char + "*")
        elif char == "?":
            out.append(any_char)
        elif char == "[":
            bracket, i = _bracket(pattern, i + 1, any_char)
            out.append(bracket)
            if bracket == _NEVER:
                break
            continue
        elif char == "\\":
            if i + 1 == len(pattern):
                break  # a lone backslash ends the pattern, as in Ruby
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def _bracket(pattern: str, i: int, any_char: str) -> tuple[str, int]:
    """``[...]`` from just after its ``[``: the regex and where it ends.

    An unclosed bracket matches nothing; ``[z-a]`` is ``z`` or ``a``.
    """
    negate = pattern[i : i + 1] in ("!", "^")
    i += int(negate)
    items: list[str] = []
    while True:
        if i >= len(pattern):
            return _NEVER, i
        if pattern[i] == "]":
            break
        low, i = _bracket_char(pattern, i)
        if low is None or i >= len(pattern):
            return _NEVER, i
        if pattern[i] == "-" and pattern[i + 1 : i + 2] not in ("]", ""):
            high, i = _bracket_char(pattern, i + 1)
            if high is None:
                return _NEVER, i
            pair = f"{re.escape(low)}-{re.escape(high)}"
            items.append(pair if low <= high else re.escape(low) + re.escape(high))
        else:
            items.append(re.escape(low))
    body = "".join(items)
    if negate:
        excluded = body + ("/" if any_char != "." else "")
        return (f"[^{excluded}]" if excluded else any_char), i + 1
    if not body:
        return _NEVER, i + 1
    # With FNM_PATHNAME a bracket never matches "/", even one it names.
    return (f"(?!/)[{body}]" if any_char != "." else f"[{body}]"), i + 1


def _bracket_char(pattern: str, i: int) -> tuple[str | None, int]:
    if pattern[i] == "\\":
        i += 1
    if i >= len(pattern):
        return None, i
    return pattern[i], i + 1

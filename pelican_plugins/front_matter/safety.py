"""What a header or body may not carry into the site, found before Pelican
sees it: characters XML cannot hold (they break every feed), links that leave
the site or run script, and names that give no file name. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from pelican.plugins.postcard_core.document import Document
from pelican.plugins.postcard_core.problems import Problem
from pelican.plugins.postcard_core.text import (
    describe_character,
    first_xml_unsafe,
    without_xml_unsafe,
)

# Keys Pelican turns into a path of the site: they must stay inside it.
PATH_KEYS = ("url", "save_as")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _clean(value: Any) -> tuple[Any, str]:
    """``value`` without XML-unsafe characters, and the first one removed."""
    if isinstance(value, str):
        at = first_xml_unsafe(value)
        return (value, "") if at < 0 else (without_xml_unsafe(value), value[at])
    if isinstance(value, list | tuple):
        cleaned = [_clean(item) for item in value]
        found = next((char for _, char in cleaned if char), "")
        return type(value)(item for item, _ in cleaned), found
    if isinstance(value, Mapping):
        pairs = {key: _clean(item) for key, item in value.items()}
        found = next((char for _, char in pairs.values() if char), "")
        return {key: item for key, (item, _) in pairs.items()}, found
    return value, ""


def clean_fields(
    fields: Mapping[str, Any], document: Document
) -> tuple[dict[str, Any], list[Problem]]:
    """Fields without characters XML cannot carry, and paths that stay on the
    site; one problem per field changed or refused."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in fields.items():
        value, found = _clean(value)
        name, line = document.written_name(key), document.line_of(key)
        if found:
            problems.append(
                Problem(
                    line,
                    1,
                    f"'{name}' holds {describe_character(found)}, a control "
                    "character feeds cannot carry; removed",
                )
            )
        if key in PATH_KEYS and isinstance(value, str):
            reason = unsafe_path(value)
            if reason:
                problems.append(Problem(line, 1, f"'{name}' {reason}; ignored"))
                continue
        out[key] = value
    return out, problems


def unsafe_path(value: str) -> str:
    """Why ``value`` cannot be a path of the site (a scheme, ``..`` even
    percent-encoded, a backslash), or ``""`` when it can."""
    # Pelican writes save_as below OUTPUT_PATH and links url below SITEURL, so
    # a leading "/" is harmless; ".." and schemes are not.
    if _SCHEME.match(value.strip()) or value.strip().startswith("//"):
        return f"must be a path on this site, not {urlsplit(value).scheme or 'a'} URL"
    decoded = unquote(value)
    if "\\" in decoded:
        return "cannot contain a backslash"
    segments = decoded.split("/")
    if any(segment == ".." for segment in segments):
        return "must stay inside the site (no '..')"
    return ""


def clean_body(body: str, first_line: int) -> tuple[str, list[Problem]]:
    """The body without characters XML cannot carry; a problem at the first."""
    at = first_xml_unsafe(body)
    if at < 0:
        return body, []
    line = first_line + body.count("\n", 0, at)
    column = at - (body.rfind("\n", 0, at) + 1) + 1
    message = (
        f"the text holds {describe_character(body[at])}, a control character "
        "feeds cannot carry; every such character is removed"
    )
    return without_xml_unsafe(body), [Problem(line, column, message)]


def nameless(names: list[Any], slug_of: Callable[[Any], str]) -> list[Any]:
    """The names whose slug is empty: they would all share one file, ``.html``."""
    return [name for name in names if not slug_of(name)]

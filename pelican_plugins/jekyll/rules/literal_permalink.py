"""Literal Jekyll permalinks: ``/about/`` saves the page as ``about/index.html``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

_PLACEHOLDER = re.compile(r":([a-z_]+)")
_PERMALINK_STYLES = frozenset({"date", "pretty", "ordinal", "weekdate", "none"})


@dataclass(frozen=True)
class Permalink:
    """Where a literal permalink puts a page: Pelican's ``url`` and ``save_as``."""

    url: str
    save_as: str


def parse_permalink(value: str) -> Permalink:
    """Turn a literal Jekyll permalink into Pelican's ``url`` and ``save_as``.

    ``/about/`` and ``/about`` give ``about/`` saved as ``about/index.html``;
    ``/2024/pycon.html`` is kept as it is. Raises ``ValueError`` (with the reason)
    for placeholders (``:title``), permalink styles (``pretty``), URLs of other
    sites and paths that climb out of the site (``..``).
    """
    value = value.strip()
    placeholders = _PLACEHOLDER.findall(value)
    if value in _PERMALINK_STYLES:
        raise ValueError(f"the permalink style '{value}' is not supported")
    if placeholders:
        names = ", ".join(f":{name}" for name in dict.fromkeys(placeholders))
        raise ValueError(f"permalink placeholders ({names}) are not supported")
    if "://" in value or value.startswith("//"):
        raise ValueError("a permalink must be a path on this site, not a full URL")
    if "?" in value or "#" in value or "\\" in value:
        raise ValueError("a permalink must be a plain path (no '?', '#' or '\\')")
    segments = value.strip("/").split("/")
    # Browsers decode %2e%2e to "..": a climbing path in disguise is refused too.
    decoded = [unquote(segment) for segment in segments]
    if any(segment in {".", ".."} for segment in decoded) or "//" in value:
        raise ValueError("a permalink cannot contain '.', '..' or empty segments")
    path = "/".join(segments)
    if not path:
        return Permalink(url="", save_as="index.html")
    if not value.endswith("/") and "." in segments[-1]:
        return Permalink(url=path, save_as=path)
    return Permalink(url=path + "/", save_as=path + "/index.html")

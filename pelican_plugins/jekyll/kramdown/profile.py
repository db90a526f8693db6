"""The kramdown profile in a build: Pelican's ``MARKDOWN`` set up as kramdown,
and Jekyll's excerpts as summaries.

With ``JEKYLL_KRAMDOWN = True``, :func:`install_markdown_profile` (at
``initialized``) puts the profile into ``MARKDOWN``: the site's own extensions
and options stay, except those the profile replaces, and options the site gives
the profile there win over a Jekyll ``_config.yml``'s ``kramdown`` ones. The
profile's problems (``{::options}``, unknown extensions) are reported per file
by the reader. :func:`excerpt_summary` gives a post the summary Jekyll's
excerpt would be: the body up to its ``excerpt_separator`` (else
``JEKYLL_EXCERPT_SEPARATOR``, ``<!--more-->``), when the header has none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from pelican.plugins.postcard_core.reading import HeaderReading
from pelican.plugins.postcard_core.settings import setting

from ..plugin_settings import DEFAULTS
from .extension import EXTENSION_NAME, excerpt_source, kramdown_extensions

_RANGE = re.compile(r"\s*(\d+)\s*\.\.\s*(\d+)\s*")


def _ruby_true(value: Any) -> bool:
    return value is not None and value is not False


def _text(value: Any) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, str | int | float) else None


def _levels(value: Any) -> list[int] | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        found = [value]
    elif isinstance(value, str) and _RANGE.fullmatch(value):
        low, high = (int(n) for n in _RANGE.fullmatch(value).groups())
        found = list(range(low, high + 1))
    elif isinstance(value, list) and all(
        isinstance(n, int) and not isinstance(n, bool) for n in value
    ):
        found = list(value)
    else:
        return None
    return found if found and all(1 <= n <= 6 for n in found) else None


def _quotes(value: Any) -> str | None:
    names = value if isinstance(value, list) else str(value).split(",")
    names = [str(n).strip() for n in names]
    return ",".join(names) if len(names) == 4 and all(names) else None


_READERS: Mapping[str, tuple[Callable[[Any], Any], str]] = {
    "auto_ids": (_ruby_true, ""),
    "hard_wrap": (_ruby_true, ""),
    "auto_id_prefix": (_text, "text"),
    "footnote_backlink": (_text, "text"),
    "toc_levels": (_levels, "heading levels from 1 to 6 (a list, or 1..3)"),
    "smart_quotes": (_quotes, "four quote names (lsquo,rsquo,ldquo,rdquo)"),
}


def kramdown_options(value: Any) -> tuple[dict[str, Any], list[str]]:
    """The profile's options from a ``_config.yml`` ``kramdown`` value, read
    as Jekyll reads them (Ruby's truth, numbers as text), and one message for
    each value the profile cannot take (left at kramdown's default)."""
    if value is None:
        return {}, []
    if not isinstance(value, Mapping):
        return {}, [f"kramdown must be a mapping of options, not {value!r}; ignored"]
    options: dict[str, Any] = {}
    problems = []
    for key, given in value.items():
        reader = _READERS.get(str(key))
        if reader is None:
            continue  # kramdown options the profile does not follow
        read, wanted = reader
        found = read(given)
        if found is None:
            problems.append(
                f"kramdown.{key} must be {wanted}, not {given!r}; "
                "kramdown's default is used"
            )
            continue
        options[str(key)] = found
    return options, problems


def profile_settings(
    markdown: Mapping[str, Any], jekyll_kramdown: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``markdown`` (a ``MARKDOWN`` setting) with the profile installed; the
    options it already gives the profile win over ``jekyll_kramdown``."""
    configs = dict(markdown.get("extension_configs") or {})
    written = configs.get(EXTENSION_NAME) or {}
    options = {k: v for k, v in (jekyll_kramdown or {}).items() if k not in written}
    return kramdown_extensions(markdown, options)


def install_markdown_profile(
    settings: dict[str, Any], jekyll_kramdown: Any = None
) -> list[str]:
    """Put the profile into ``settings["MARKDOWN"]`` when ``JEKYLL_KRAMDOWN``,
    with the options of a ``_config.yml`` ``kramdown`` value; return the
    problems with that value."""
    if not setting(settings, "JEKYLL_KRAMDOWN", DEFAULTS):
        return []
    options, problems = kramdown_options(jekyll_kramdown)
    settings["MARKDOWN"] = profile_settings(settings.get("MARKDOWN") or {}, options)
    return problems


def excerpt_summary(reading: HeaderReading) -> None:
    """Jekyll's excerpt as the summary of a body that holds its separator."""
    metadata = reading.document.metadata
    if metadata.get("summary") is not None:
        return
    separator = metadata.get("excerpt_separator")
    if not isinstance(separator, str) or not separator:
        separator = setting(reading.settings, "JEKYLL_EXCERPT_SEPARATOR", DEFAULTS)
    if not separator or separator not in reading.body:
        return
    excerpt = excerpt_source(reading.body, separator)
    if excerpt.strip():
        reading.defaults["summary"] = excerpt

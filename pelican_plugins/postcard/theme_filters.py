"""Jinja filters the Postcard theme uses when the bundle is on.

The theme tests for each filter (``{% if 'demote_headings' is filter %}``), so
it still builds, with a slower fallback, when only some plugins are enabled.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

# The start of an opening <h1 ... <h5, or a whole closing </h1> ... </h5>.
_HEADING = re.compile(r"<h([1-5])|</h([1-5])>")


def _one_level_down(match: re.Match[str]) -> str:
    if match[1]:
        return f"<h{int(match[1]) + 1}"
    return f"</h{int(match[2]) + 1}>"


def demote_headings(html: Any) -> Any:
    """Move every heading of ``html`` one level down (h1 to h2 ... h5 to h6),
    when it has an ``<h1``: the page's own title is its only h1.

    Markup stays Markup; any other value is handled as its text.
    """
    text = str(html)
    if "<h1" not in text:
        return html
    # one pass, so a heading moved down is never moved again
    demoted = _HEADING.sub(_one_level_down, text)
    return Markup(demoted) if isinstance(html, Markup) else demoted


def add_theme_filters(generator: Any) -> None:
    """At ``generator_init``: give the generator's Jinja environment the filters."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.filters["demote_headings"] = demote_headings

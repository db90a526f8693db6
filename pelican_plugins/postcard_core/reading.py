"""What a reader of YAML-headed files hands to plugins that give a header more
meaning, before it maps the header to Pelican's fields.

front_matter's reader builds one ``HeaderReading`` per file and calls each hook
in its ``header_hooks`` list; jekyll adds its hook there once per build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .document import Document
from .problems import Problem


@dataclass
class HeaderReading:
    """One file being read. Hooks may replace ``document`` (its header read
    another way), rewrite ``body`` (the Markdown to convert), add ``defaults``
    (values for keys the header lacks; a ``slug`` there is slugified by Pelican's
    rules) and ``problems``."""

    source: str  # relative to PATH, for messages
    source_path: str  # absolute
    settings: Mapping[str, Any]
    document: Document
    body: str
    defaults: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # per reader (so per build) scratch space, keyed by the hook's plugin name
    state: dict[str, Any] = field(default_factory=dict)


HeaderHook = Callable[[HeaderReading], None]

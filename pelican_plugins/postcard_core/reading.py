"""What a reader of YAML-headed files hands to plugins that give a header more
meaning, before it maps the header to Pelican's fields.

front_matter's reader builds one ``HeaderReading`` per file and calls each hook
in its ``header_hooks`` list; jekyll adds its hook there once per build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .document import Document, decode_source, has_front_matter, parse_document
from .problems import FrontMatterError, Problem

#: The ``HeaderReading.state`` key of the build's :class:`ParsedDocuments`.
PARSED_DOCUMENTS = "postcard_core.documents"


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


@dataclass
class ParsedDocuments:
    """The YAML-headed files parsed in one build, so that each is parsed once.

    The reader takes a file's :class:`Document` with :meth:`for_reader`; a hook
    that needs other files' headers (jekyll's ``site.posts``) asks
    :meth:`header`. Whichever comes first parses the file; the reader keeps only
    headers afterwards.
    """

    unread: dict[str, Document] = field(default_factory=dict)  # parsed by hooks
    headers: dict[str, Document] = field(default_factory=dict)  # bodies dropped

    @classmethod
    def of(cls, state: dict[str, Any]) -> ParsedDocuments:
        """The build's instance, kept in a reader's per-build ``state``."""
        found = state.get(PARSED_DOCUMENTS)
        if not isinstance(found, cls):
            found = state[PARSED_DOCUMENTS] = cls()
        return found

    def for_reader(self, source_path: str, text: str, source: str) -> Document:
        """The Document of ``text``, the file at ``source_path`` being read."""
        document = self.unread.pop(source_path, None)
        if document is None:
            document = parse_document(text, source)
        self.headers[source_path] = replace(document, body="")
        return document

    def header(
        self, source_path: str, source: str, headerless: bool = False
    ) -> Document | None:
        """The Document of the file at ``source_path`` (its body may be empty);
        None when it has a broken header (reported when the file itself is
        read), or none at all, unless ``headerless`` (where a file without one
        is read as one with an empty header, as Jekyll reads a post)."""
        known = self.headers.get(source_path) or self.unread.get(source_path)
        if known is not None:
            return known
        try:
            with open(source_path, "rb") as handle:
                text = decode_source(handle.read(), source)
            if not headerless and not has_front_matter(text):
                return None
            document = parse_document(text, source)
        except (OSError, FrontMatterError):
            return None
        self.unread[source_path] = document
        return document

"""Jekyll-style YAML front matter: split a document and parse its header.

Pure functions, no Pelican: other plugins of the bundle read their definition
files (series, tags) with ``parse_document``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C loader is much faster; fall back to the pure-Python one
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

_OPEN = re.compile(r"---[ \t]*\r?\n?")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


class FrontMatterError(ValueError):
    """A header that cannot be read; ``str()`` gives ``source:line:col: message``."""

    def __init__(self, source: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{source}:{line}:{column}: {message}")
        self.source = source
        self.line = line
        self.column = column
        self.message = message


@dataclass(frozen=True)
class Document:
    """A document split into its header's data and its body."""

    metadata: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    has_header: bool = False


def parse_document(text: str, source: str = "<string>") -> Document:
    """Split ``text`` into YAML front matter and body, and load the header safely.

    Raises ``FrontMatterError`` with the line and column within the file.
    """
    text = text.removeprefix("\ufeff")
    stripped = text.lstrip("\r\n")
    skipped_lines = text[: len(text) - len(stripped)].count("\n")
    opening = _OPEN.match(stripped)
    if opening is None or not stripped.startswith("---"):
        return Document(body=text)
    first_line = stripped.split("\n", 1)[0].rstrip("\r")
    if first_line.strip() != "---":
        return Document(body=text)
    header_start = len(first_line) + 1
    closing = _CLOSE.search(stripped, header_start)
    if closing is None:
        raise FrontMatterError(
            source, skipped_lines + 1, 1, "front matter opened with '---' is never closed"
        )
    header = stripped[header_start : closing.start()]
    header_line = skipped_lines + 2
    try:
        data = yaml.load(header, Loader=_SafeLoader) if header.strip() else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = header_line + (mark.line if mark else 0)
        column = (mark.column + 1) if mark else 1
        raise FrontMatterError(source, line, column, exc.problem or str(exc)) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(source, header_line, 1, str(exc)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(
            source, header_line, 1, "front matter must be a mapping of keys to values"
        )
    after = closing.end()
    body = stripped[after:].removeprefix("\r").removeprefix("\n")
    body_line = skipped_lines + stripped[:after].count("\n") + 2
    return Document(metadata=data, body=body, body_line=body_line, has_header=True)

"""What a YAML header's keys mean for Pelican: plain values for Pelican's fields.

Pure functions, no Pelican. Pelican's own types (dates, tags, authors) are
applied by the reader afterwards.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pelican.plugins.postcard_core.document import Document
from pelican.plugins.postcard_core.problems import Problem
from pelican.plugins.postcard_core.text import fold_whitespace, kind_of

# Pelican reads these as text; a YAML number or boolean there becomes its text.
PELICAN_TEXT_KEYS = frozenset(
    {
        "slug",
        "status",
        "lang",
        "translation",
        "template",
        "save_as",
        "url",
        "timezone",
        "date_format",
    }
)
# Keys mapped below; they never pass through as they are.
MAPPED_KEYS = frozenset(
    {
        "title",
        "description",
        "summary",
        "date",
        "modified",
        "tags",
        "category",
        "author",
        "authors",
    }
)


@dataclass(frozen=True)
class HeaderFields:
    """A header read for Pelican, before Pelican's own types are applied.

    ``metadata`` holds plain values: ``title``/``description``/``summary`` (str),
    ``date``/``modified`` (a ``datetime``, or text for Pelican's date parser),
    ``tags``/``categories``/``authors`` (lists of str), ``category`` and the
    Pelican text keys (str), and every other key as YAML gave it.
    """

    metadata: dict[str, Any]
    problems: tuple[Problem, ...] = ()


class _Header:
    """A document's header with the reading helpers every field group uses."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.meta = document.metadata
        self.written = document.as_written
        self.problems: list[Problem] = list(document.problems)

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.document.line_of(key), 1, message))

    def name(self, key: str) -> str:
        return self.document.written_name(key)

    def text(self, key: str) -> str | None:
        """The value of ``key`` as text (numbers as written); None if absent."""
        value = self.meta.get(key)
        if value is None:
            return None
        if isinstance(value, list | dict | set | bytes):
            name = self.name(key)
            self.problem(key, f"'{name}' must be text, not {kind_of(value)}; ignored")
            return None
        as_text = self.written.get(key)
        return as_text if isinstance(as_text, str) else str(value)


def header_fields(document: Document) -> HeaderFields:
    """Map a header's keys to Pelican's metadata fields."""
    header = _Header(document)
    out: dict[str, Any] = _passed_through(header)
    out.update(_texts(header))
    out.update(_dates(header))
    tags = _tags(header)
    if tags:
        out["tags"] = tags
    categories = names(header, "category")
    if categories:
        out["category"] = categories[0]
        out["categories"] = categories
    authors = _authors(header)
    if authors:
        out["authors"] = authors
    return HeaderFields(metadata=out, problems=tuple(header.problems))


def _passed_through(header: _Header) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in header.meta.items():
        if key in MAPPED_KEYS:
            continue
        if key in PELICAN_TEXT_KEYS:
            value = header.text(key)  # None (empty, null or not text): not given
            if value is None:
                continue
        out[key] = value
    return out


def _texts(header: _Header) -> dict[str, str]:
    out: dict[str, str] = {}
    title = header.text("title")
    if title is not None and title.strip():
        out["title"] = title.strip()
    description = header.text("description")
    if description is not None:
        out["description"] = fold_whitespace(description)
    summary = header.text("summary")
    if summary is not None:
        out["summary"] = summary
    return out


def _dates(header: _Header) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("date", "modified"):
        value = header.meta.get(key)
        if value is None:
            continue
        if isinstance(value, datetime.datetime):
            out[key] = value
        elif isinstance(value, datetime.date):
            out[key] = datetime.datetime(value.year, value.month, value.day)
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            out[key] = str(header.written.get(key, value)).strip()
        else:
            name = header.name(key)
            header.problem(
                key, f"'{name}' must be a date, not {kind_of(value)}; ignored"
            )
    return out


def _tags(header: _Header) -> list[str]:
    raw = header.meta.get("tags")
    if isinstance(raw, str):
        parts = (part.strip() for part in raw.split(","))
        return list(dict.fromkeys(part for part in parts if part))
    return names(header, "tags")


def names(header: _Header, key: str, value: Any = None) -> list[str]:
    """A list of names from a scalar or a list, numbers kept as written."""
    if value is None:
        value = header.meta.get(key)
    if value is None:
        return []
    written = header.written.get(key)
    name = header.name(key)
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(written, tuple):
        items: list[Any] = list(written)
    elif isinstance(value, list):
        items = value
    elif isinstance(value, dict | set | bytes):
        message = f"'{name}' must be text or a list, not {kind_of(value)}; ignored"
        header.problem(key, message)
        return []
    else:
        items = [written if isinstance(written, str) else value]
    found: list[str] = []
    for item in items:
        if item is None:
            continue
        if isinstance(item, list | dict | set | bytes):
            header.problem(
                key, f"'{name}' has an item that is {kind_of(item)}; ignored"
            )
            continue
        text = str(item).strip()
        if text:
            found.append(text)
    return list(dict.fromkeys(found))


def _authors(header: _Header) -> list[str]:
    found: list[str] = []
    for key in ("author", "authors"):
        value = header.meta.get(key)
        if value is None:
            continue
        if isinstance(value, Mapping):  # an author as {name: ..., twitter: ...}
            value = value.get("name")
            if not isinstance(value, str):
                header.problem(key, f"'{key}' is a mapping without a 'name'; ignored")
                continue
        if isinstance(value, str) and key == "authors":
            # Pelican's rule: "A; B" when names contain commas, else "A, B"
            parts = value.split(";" if ";" in value else ",")
            found.extend(part.strip() for part in parts if part.strip())
            continue
        if isinstance(value, list):
            value = [
                item.get("name") if isinstance(item, Mapping) else item
                for item in value
            ]
            found.extend(names(header, key, value))
            continue
        found.extend(names(header, key, value))
    return list(dict.fromkeys(found))

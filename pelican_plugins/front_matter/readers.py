"""front_matter's readers: Pelican's Markdown (and HTML) readers for files that
open with a ``---`` YAML header; every other file goes to Pelican's reader.

The header goes through the plugins' hooks (``header_hooks``) to Pelican's
fields; the body to HTML.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from markdown import Markdown
from pelican.contents import Article, Page
from pelican.readers import METADATA_PROCESSORS, HTMLReader, MarkdownReader
from pelican.utils import slugify

from pelican.plugins.postcard_core.attached import KEY_LINES
from pelican.plugins.postcard_core.definitions import (
    MARKDOWN_EXTENSIONS,
    conversion_problems,
    markdown_converter,
)
from pelican.plugins.postcard_core.document import (
    Document,
    decode_source,
    has_front_matter,
)
from pelican.plugins.postcard_core.problems import (
    FrontMatterError,
    Problem,
    log_problems,
    relative_source,
)
from pelican.plugins.postcard_core.reading import (
    HeaderHook,
    HeaderReading,
    ParsedDocuments,
)
from pelican.plugins.postcard_core.text import text_as_html

from .fields import header_fields
from .log_filter import quiet_slug_warnings
from .plain_text import (
    TITLE_TEXT,
    names_as_text,
    title_for_pelican,
)
from .safety import clean_body, clean_fields, short_slug, unusable_names

logger = logging.getLogger(__name__)

# Metadata keys Pelican sets as attributes of the content object: a front-matter
# key that would overwrite one of its methods or internals is refused.
_RESERVED_KEYS = frozenset(
    {name for cls in (Article, Page) for name in dir(cls) if not name.startswith("_")}
    | {
        "settings",
        "metadata",
        "translations",
        "source_path",
        "relative_source_path",
        "in_default_lang",
        "locale_date",
        "locale_modified",
    }
) - {"summary", "url", "save_as", "status"}


class _HeaderPipeline:
    """The reading of a file that opens with a YAML header, shared by the
    Markdown and HTML readers below: the header through the plugins' hooks to
    Pelican's fields, the body to HTML with ``_body_html``. A file without a
    header goes to ``_read_plain`` (Pelican's own reader)."""

    settings: dict[str, Any]
    reader_name: ClassVar[str]
    header_hooks: list[HeaderHook]
    _hook_state: dict[str, Any]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Read one file: YAML front matter and its body, or hand it back."""
        source = relative_source(source_path, self.settings.get("PATH"))
        with open(source_path, "rb") as handle:
            text = decode_source(handle.read(), source)
        # FRONT_MATTER_ONLY: a file without a header has an empty one (Jekyll's
        # posts need no header); else Pelican's own reader takes it.
        if not has_front_matter(text) and not self.settings.get("FRONT_MATTER_ONLY"):
            content, metadata = self._read_plain(source_path)
            metadata["reader"] = self.reader_name
            return content, metadata
        document = ParsedDocuments.of(self._hook_state).for_reader(
            source_path, text, source
        )
        reading = HeaderReading(
            source=source,
            source_path=source_path,
            settings=self.settings,
            document=document,
            body=document.body,
            state=self._hook_state,
        )
        for hook in self.header_hooks:
            hook(reading)
        fields = header_fields(reading.document)
        values, unsafe = clean_fields(fields.metadata, reading.document)
        body, unsafe_body = clean_body(reading.body, reading.document.body_line)
        problems = [*fields.problems, *reading.problems, *unsafe, *unsafe_body]
        content = self._body_html(body)
        shift = reading.document.body_line - 1
        problems.extend(
            replace(problem, line=problem.line + shift) if problem.line > 0 else problem
            for problem in self._body_problems()
        )
        metadata = self._pelican_metadata(values, reading, problems)
        log_problems(logger, source, problems)
        return content, metadata

    def _read_plain(self, source_path: str) -> tuple[str, dict[str, Any]]:
        raise NotImplementedError

    def _body_html(self, text: str) -> str:
        raise NotImplementedError

    def _body_problems(self) -> list[Problem]:
        """What converting the last body found wrong, at the body's lines."""
        return []

    def _render(self, text: str) -> str:
        """A formatted field (``summary``) to HTML."""
        raise NotImplementedError

    # One branch per kind of field, a line or two each: split, the order would hide.
    def _pelican_metadata(
        self, fields: dict[str, Any], reading: HeaderReading, problems: list[Problem]
    ) -> dict[str, Any]:
        """Give each field Pelican's type, with Pelican's own processors."""
        document = reading.document
        derived = {k: v for k, v in reading.defaults.items() if k not in fields}
        formatted = set(self.settings.get("FORMATTED_FIELDS", ()))
        metadata: dict[str, Any] = {}
        for key, value in {**fields, **derived}.items():
            line = _line_of(document, key)
            if key in _RESERVED_KEYS or key.startswith("_"):
                problems.append(
                    Problem(line, 1, f"'{key}' is a name Pelican uses itself; ignored")
                )
                continue
            if key in {"date", "modified"}:
                if isinstance(value, str):
                    value = self._date(key, value, document, reading.source)
            elif key == "timezone":
                _check_time_zone(value, reading.source, line)
            elif key == "slug":
                if key in derived:
                    value = slugify(
                        value,
                        regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
                        preserve_case=self.settings.get("SLUGIFY_PRESERVE_CASE", False),
                        use_unicode=self.settings.get("SLUGIFY_USE_UNICODE", False),
                    )
                value, problem = short_slug(str(value), "slug", line)
                problems.extend(problem)
            elif key in formatted and isinstance(value, str):
                value = self._render(value)
            elif key == "title" and isinstance(value, str):
                # plain text; Pelican and themes take a title as HTML
                metadata[TITLE_TEXT] = value
                value = title_for_pelican(value, self.settings)
            elif key == "description" and isinstance(value, str):
                value = text_as_html(value)  # themes print it as it is (simple)
            elif key in METADATA_PROCESSORS and (
                isinstance(value, str) or key in {"tags", "authors"}
            ):
                value, dropped = self._named(key, self.process_metadata(key, value))
                problems.extend(Problem(line, 1, message) for message in dropped)
                if value is None:
                    continue
                value = names_as_text(value)
            metadata[key] = value
        metadata["reader"] = self.reader_name
        # Kept so plugins can point a message at a key's line without reading
        # the file again (postcard_core.attached.key_line).
        metadata[KEY_LINES] = dict(document.key_lines)
        return metadata

    @staticmethod
    def _named(key: str, value: Any) -> tuple[Any, list[str]]:
        """Tags, authors and a category whose name gives no usable slug (empty,
        so all would share ``tag/.html``, or too long for a file name): drop
        them, with one message per reason. ``value`` as it was when all is
        well, else the names kept (None when nothing is left)."""
        names = value if key in {"tags", "authors"} and isinstance(value, list) else []
        if key == "category":
            names = [value]
        with quiet_slug_warnings():
            bad = unusable_names(names, lambda name: getattr(name, "slug", "x"))
        if not bad:
            return value, []
        by_reason: dict[str, list[str]] = {}
        for at, reason in bad.items():
            name = str(names[at])
            shown = repr(name) if len(name) <= 40 else f"{name[:40]!r}..."
            by_reason.setdefault(reason, []).append(shown)
        messages = [
            f"'{key}' {', '.join(shown)} give{'s' if len(shown) == 1 else ''} "
            f"no file name ({reason}); dropped"
            for reason, shown in by_reason.items()
        ]
        kept = [name for at, name in enumerate(names) if at not in bad]
        return (kept if kept and key != "category" else None), messages

    def _date(self, key: str, value: str, document: Document, source: str) -> Any:
        try:
            return self.process_metadata(key, value)
        except ValueError:
            raise FrontMatterError(
                source,
                document.line_of(key),
                1,
                f"'{document.written_name(key)}' is not a date: {value!r} "
                "(write it as 2024-05-21 or 2024-05-21 13:07:09 +02:00)",
            ) from None


# Pelican's keys that a header may write under another name.
_WRITTEN_AS = {"authors": "author", "category": "categories"}


def _line_of(document: Document, key: str) -> int:
    """The line of ``key``, or of the name it was written as (``author``)."""
    other = _WRITTEN_AS.get(key)
    lines = document.key_lines
    if other and document.written_name(key) not in lines and key not in lines:
        return document.line_of(other)
    return document.line_of(key)


class FrontMatterReader(_HeaderPipeline, MarkdownReader):
    """Pelican's Markdown reader, for files that open with a YAML header.

    Files without one are read by ``MarkdownReader`` exactly as before. Plugins
    that give a header more meaning (jekyll) add a hook to ``header_hooks``.
    """

    file_extensions: ClassVar[list[str]] = list(MARKDOWN_EXTENSIONS)
    reader_name: ClassVar[str] = "markdown"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._body_markdown: Markdown | None = None
        self.header_hooks: list[HeaderHook] = []
        self._hook_state: dict[str, Any] = {}

    def _read_plain(self, source_path: str) -> tuple[str, dict[str, Any]]:
        return MarkdownReader.read(self, source_path)

    def _body_html(self, text: str) -> str:
        return self._render(text)

    def _body_problems(self) -> list[Problem]:
        # What the Markdown extensions found wrong (postcard_core.definitions
        # CONVERSION_PROBLEMS), read before a formatted field resets the converter.
        return list(conversion_problems(self._markdown()))

    def _markdown(self) -> Markdown:
        if self._body_markdown is None:
            self._body_markdown = markdown_converter(self.settings["MARKDOWN"])
        return self._body_markdown

    def _render(self, text: str) -> str:
        """Markdown to HTML with the site's ``MARKDOWN`` settings, minus ``meta``
        (the header is already read: a body line ``Note: ...`` is text)."""
        return self._markdown().reset().convert(text)


class FrontMatterHtmlReader(_HeaderPipeline, HTMLReader):
    """Pelican's HTML reader, for ``.html`` files that open with a YAML header
    (Jekyll's HTML pages): the body is HTML already. Enabled by
    ``FRONT_MATTER_HTML``; other HTML files are read by ``HTMLReader``."""

    file_extensions: ClassVar[list[str]] = ["html", "htm"]
    reader_name: ClassVar[str] = "html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_hooks: list[HeaderHook] = []
        self._hook_state: dict[str, Any] = {}

    def _read_plain(self, source_path: str) -> tuple[str, dict[str, Any]]:
        return HTMLReader.read(self, source_path)

    def _body_html(self, text: str) -> str:
        return text

    def _render(self, text: str) -> str:
        return text


def _check_time_zone(name: str, source: str, line: int) -> None:
    """Pelican reads ``timezone`` with ``ZoneInfo``: refuse a name it cannot."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise FrontMatterError(
            source, line, 1, f"'timezone' is not a time zone name: {name!r}"
        ) from None

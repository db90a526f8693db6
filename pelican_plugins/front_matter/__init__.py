"""front_matter: read Jekyll-style YAML front matter in Pelican's Markdown files.

A reader that takes over from Pelican's Markdown reader for files that open with
a ``---`` YAML header, and hands every other file back to it unchanged.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any, ClassVar
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from markdown import Markdown
from pelican import signals
from pelican.contents import Article, Page
from pelican.readers import METADATA_PROCESSORS, MarkdownReader
from pelican.utils import posixize_path, slugify

from pelican.plugins.postcard_core.attached import KEY_LINES
from pelican.plugins.postcard_core.definitions import (
    MARKDOWN_EXTENSIONS,
    markdown_converter,
)
from pelican.plugins.postcard_core.plugin_templates import template_fallback

from .model import (
    Document,
    FrontMatterError,
    Problem,
    decode_source,
    has_front_matter,
    jekyll_name,
    parse_document,
    post_fields,
    render_liquid,
)

logger = logging.getLogger(__name__)

add_plugin_templates = template_fallback(__file__)

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


class FrontMatterReader(MarkdownReader):
    """Pelican's Markdown reader, for files that open with a YAML header.

    Files without one are read by ``MarkdownReader`` exactly as before.
    """

    file_extensions: ClassVar[list[str]] = list(MARKDOWN_EXTENSIONS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._body_markdown: Markdown | None = None
        self._posts: dict[str, str] | None = None  # post_url name -> source path

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Read one file: YAML front matter and Markdown body, or hand it back."""
        source = self._source_name(source_path)
        with open(source_path, "rb") as handle:
            text = decode_source(handle.read(), source)
        if not has_front_matter(text):
            content, metadata = super().read(source_path)
            metadata["reader"] = "markdown"
            return content, metadata
        document = parse_document(text, source)
        fields = post_fields(
            document,
            os.path.basename(source_path),
            space_separated_tags=self.settings.get(
                "FRONT_MATTER_SPACE_SEPARATED_TAGS", False
            ),
            use_file_name=self.settings.get("FRONT_MATTER_JEKYLL_FILE_NAMES", True),
        )
        problems = list(fields.problems)
        body = document.body
        if self.settings.get("FRONT_MATTER_LIQUID", True):
            liquid = render_liquid(
                body,
                site_url=self.settings.get("SITEURL", ""),
                post_link=self._post_link,
                first_line=document.body_line,
            )
            body = liquid.text
            problems.extend(liquid.problems)
        metadata = self._pelican_metadata(fields.metadata, document, source, problems)
        for problem in sorted(problems, key=lambda p: (p.line, p.column)):
            logger.warning("%s", problem.format(source))
        content = self._render(body)
        return content, metadata

    def _source_name(self, source_path: str) -> str:
        """The file's path as Pelican names it in its log: relative to ``PATH``."""
        root = self.settings.get("PATH")
        if not root:
            return os.path.basename(source_path)
        return posixize_path(os.path.relpath(source_path, root))

    def _render(self, text: str) -> str:
        """Markdown to HTML with the site's ``MARKDOWN`` settings, minus ``meta``
        (the header is already read: a body line ``Note: ...`` is text)."""
        if self._body_markdown is None:
            self._body_markdown = markdown_converter(self.settings["MARKDOWN"])
        return self._body_markdown.reset().convert(text)

    def _pelican_metadata(
        self,
        fields: dict[str, Any],
        document: Document,
        source: str,
        problems: list[Problem],
    ) -> dict[str, Any]:
        """Give each field Pelican's type, with Pelican's own processors."""
        formatted = set(self.settings.get("FORMATTED_FIELDS", ()))
        metadata: dict[str, Any] = {}
        for key, value in fields.items():
            line = document.key_lines.get(key, 1)
            if key in _RESERVED_KEYS or key.startswith("_"):
                problems.append(
                    Problem(line, 1, f"'{key}' is a name Pelican uses itself; ignored")
                )
                continue
            if key in {"date", "modified"}:
                if isinstance(value, str):
                    value = self._date(key, value, document, source)
            elif key == "timezone":
                _check_time_zone(value, source, line)
            elif key == "slug" and key not in document.metadata:
                value = slugify(
                    value,
                    regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
                    preserve_case=self.settings.get("SLUGIFY_PRESERVE_CASE", False),
                    use_unicode=self.settings.get("SLUGIFY_USE_UNICODE", False),
                )
            elif key in formatted and isinstance(value, str):
                value = self._render(value)
            elif key in METADATA_PROCESSORS and (
                isinstance(value, str) or key in {"tags", "authors"}
            ):
                value = self.process_metadata(key, value)
            metadata[key] = value
        metadata["reader"] = "markdown"
        # Kept so plugins can point a message at a key's line without reading
        # the file again (postcard_core.attached.key_line).
        metadata[KEY_LINES] = dict(document.key_lines)
        return metadata

    def _date(self, key: str, value: str, document: Document, source: str) -> Any:
        try:
            return self.process_metadata(key, value)
        except ValueError:
            written = "last_modified_at" if key == "modified" else key
            if written not in document.key_lines:
                written = key
            raise FrontMatterError(
                source,
                document.key_lines.get(written, 1),
                1,
                f"'{written}' is not a date: {value!r} "
                "(write it as 2024-05-21 or 2024-05-21 13:07:09 +02:00)",
            ) from None

    def _post_link(self, name: str) -> str | None:
        """Pelican's ``{filename}`` link to the post ``{% post_url name %}`` names."""
        if self._posts is None:
            self._posts = _index_posts(self.settings)
        name = name.strip().strip("/")
        path = self._posts.get(name) or self._posts.get(os.path.basename(name))
        if path is None and (jekyll := jekyll_name(os.path.basename(name))):
            path = self._posts.get(_post_key(jekyll.date, jekyll.slug))
        return None if path is None else "{filename}/" + quote(path)


def _check_time_zone(name: str, source: str, line: int) -> None:
    """Pelican reads ``timezone`` with ``ZoneInfo``: refuse a name it cannot."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise FrontMatterError(
            source, line, 1, f"'timezone' is not a time zone name: {name!r}"
        ) from None


def _post_key(date: Any, slug: str) -> str:
    return f"{date:%Y-%m-%d}-{slug}"


def _index_posts(settings: dict[str, Any]) -> dict[str, str]:
    """Each post under ``ARTICLE_PATHS`` by the names ``post_url`` may use: its
    path without extension, its file name without extension, and its date and
    slug (so ``2017-2-5-x`` finds ``2017-02-05-x.md``)."""
    root = settings["PATH"]
    excludes = set(settings.get("ARTICLE_EXCLUDES", ()))
    index: dict[str, str] = {}
    for article_path in settings.get("ARTICLE_PATHS", [""]):
        base = os.path.join(root, article_path)
        for folder, subfolders, files in os.walk(base, followlinks=True):
            subfolders[:] = sorted(
                name
                for name in subfolders
                if name not in excludes
                and posixize_path(os.path.relpath(os.path.join(folder, name), root))
                not in excludes
            )
            for file_name in sorted(files):
                stem = os.path.splitext(file_name)[0]
                path = posixize_path(
                    os.path.relpath(os.path.join(folder, file_name), root)
                )
                under = posixize_path(os.path.relpath(os.path.join(folder, stem), base))
                index.setdefault(under, path)
                index.setdefault(stem, path)
                jekyll = jekyll_name(stem)
                if jekyll is not None:
                    index.setdefault(_post_key(jekyll.date, jekyll.slug), path)
    return index


class _CleanFrontMatterErrors(logging.Filter):
    """One line per broken file, no traceback.

    Pelican logs "Could not process <file>" when a reader fails: for a
    front-matter error that record becomes ``path:LINE:COL: message``. With
    ``--fatal errors`` Pelican then exits through a CRITICAL record whose
    traceback would only repeat that line: it is dropped too.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            error = _front_matter_error(record)
            if error is not None:
                if str(record.msg).startswith("Could not process"):
                    record.msg, record.args = str(error), ()
                record.exc_info, record.exc_text = None, None
        return True


def _front_matter_error(record: logging.LogRecord) -> FrontMatterError | None:
    candidates = [*(record.args if isinstance(record.args, tuple) else ())]
    if isinstance(record.exc_info, tuple):
        candidates.append(record.exc_info[1])
    candidates.append(sys.exc_info()[1])  # Pelican logs inside its except block
    for candidate in candidates:
        for _ in range(8):  # the exception and what it was raised from
            if isinstance(candidate, FrontMatterError):
                return candidate
            if not isinstance(candidate, BaseException):
                break
            candidate = candidate.__cause__ or candidate.__context__
    return None


_CLEAN_FRONT_MATTER_ERRORS = _CleanFrontMatterErrors()
# Where Pelican logs a reader's failure, and its fatal exit.
_PELICAN_LOGGERS = ("pelican.generators", "pelican")


def add_reader(readers: Any) -> None:
    """Put the front-matter reader in place of Pelican's Markdown reader.

    An extension the site maps to another reader (or to None) is left alone.
    """
    if not FrontMatterReader.enabled:
        return
    for ext in MARKDOWN_EXTENSIONS:
        if readers.reader_classes.get(ext, MarkdownReader) is MarkdownReader:
            readers.reader_classes[ext] = FrontMatterReader


def register() -> None:
    """Connect this plugin to Pelican's signals."""
    for name in _PELICAN_LOGGERS:
        logging.getLogger(name).addFilter(_CLEAN_FRONT_MATTER_ERRORS)
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(add_plugin_templates)

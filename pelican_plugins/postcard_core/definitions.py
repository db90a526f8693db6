"""Definition files: Markdown documents with YAML front matter that describe
something other than a post (a series, a tag).

post_series and tag_summaries read their folders through these functions, so
every definition file is found, decoded, reported and rendered the same way.
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

from markdown import Markdown

from .document import decode_source
from .problems import FrontMatterError, Problem

logger = logging.getLogger(__name__)

MARKDOWN_EXTENSIONS: tuple[str, ...] = ("md", "markdown", "mkd", "mdown", "mkdn")
_META_EXTENSION = frozenset({"markdown.extensions.meta", "meta"})


def markdown_converter(markdown_settings: Mapping[str, Any]) -> Markdown:
    """A converter configured by Pelican's ``MARKDOWN`` setting, minus ``meta``.

    The YAML header is already read, so ``meta`` would only swallow a first body
    line such as ``Note: ...``. Call ``.reset()`` between documents.
    """
    config = dict(markdown_settings)
    config["extensions"] = [
        ext for ext in config.get("extensions", ()) if ext not in _META_EXTENSION
    ]
    config["extension_configs"] = {
        name: options
        for name, options in (config.get("extension_configs") or {}).items()
        if name not in _META_EXTENSION
    }
    return Markdown(**config)


#: The attribute of a ``Markdown`` instance through which an extension reports
#: what it found wrong in a text: a callable that returns the problems
#: (:class:`Problem`, lines of the converted text) of the last conversion.
CONVERSION_PROBLEMS = "postcard_problems"


def conversion_problems(md: Markdown) -> tuple[Problem, ...]:
    """What the extensions of ``md`` found wrong in the text it last converted."""
    report = getattr(md, CONVERSION_PROBLEMS, None)
    return tuple(report()) if callable(report) else ()


def exclude_definition_folder(
    settings: MutableMapping[str, Any], folder: str, setting_name: str
) -> None:
    """Keep ``folder`` (relative to ``PATH``) out of articles, pages and static files.

    Pelican excludes sub-folders of its content paths only, so an
    ``ARTICLE_PATHS``/``PAGE_PATHS`` entry inside the folder is dropped, with a
    warning naming ``setting_name``.
    """
    folder = posixpath.normpath(folder.replace(os.sep, "/").strip("/"))
    for kind in ("ARTICLE", "PAGE", "STATIC"):
        excludes = list(settings.get(f"{kind}_EXCLUDES") or [])
        if folder not in excludes:
            settings[f"{kind}_EXCLUDES"] = [*excludes, folder]
        if kind == "STATIC":
            continue
        paths = list(settings.get(f"{kind}_PATHS") or [])
        inside = [p for p in paths if _is_within(posixpath.normpath(p), folder)]
        if inside:
            logger.warning(
                "%s_PATHS lists %s, inside the definition folder %r (%s); "
                "definitions are never %ss, so it is left out",
                kind,
                ", ".join(map(repr, inside)),
                folder,
                setting_name,
                kind.lower(),
            )
            settings[f"{kind}_PATHS"] = [p for p in paths if p not in inside]


def _is_within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder + "/")


def definition_sources(generator, folder: str) -> Iterator[tuple[str, str]]:
    """Yield ``(source, text)`` for each Markdown file below ``folder``, sorted.

    ``source`` is the path relative to the content folder, with ``/``. A file
    that cannot be read or is not UTF-8 is one ERROR (with line and column) and
    is skipped.
    """
    files = generator.get_files([folder], extensions=MARKDOWN_EXTENSIONS)
    for relpath in sorted(files):
        source = relpath.replace(os.sep, "/")
        try:
            with open(os.path.join(generator.path, relpath), "rb") as handle:
                text = decode_source(handle.read(), source)
        except OSError as exc:
            logger.error("%s: cannot be read (%s)", source, exc.strerror)
            continue
        except FrontMatterError as exc:
            logger.error("%s", exc)
            continue
        yield source, text

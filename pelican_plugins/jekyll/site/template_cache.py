"""Compiled templates kept between builds of a Jekyll site, as Jekyll keeps its
cache: Jinja's bytecode cache in Pelican's cache folder.

Each of Pelican's generators compiles every template it renders, in every
build. With ``JEKYLL_SITE`` and the content cache on, Jinja's compiled code is
kept in ``CACHE_PATH/jinja`` (Jinja checks each template's source before using
it), unless ``JINJA_ENVIRONMENT`` names a ``bytecode_cache`` of its own (``None``
turns it off).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket

FOLDER = "jinja"


class KeptTemplates(FileSystemBytecodeCache):
    """Jinja's file system bytecode cache that makes its folder when it first
    writes, and never stops a build for a cache it cannot read or write."""

    def load_bytecode(self, bucket: Bucket) -> None:
        """Read one template's code; one that cannot be read is compiled."""
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Write one template's code; a folder that cannot be written is skipped
        (the template is compiled again next time)."""
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            return


def jinja_environment(settings: Mapping[str, Any]) -> dict[str, Any] | None:
    """``JINJA_ENVIRONMENT`` with a bytecode cache in the cache folder, or
    ``None`` when it stays as it is: the content cache is off, or the user's
    ``JINJA_ENVIRONMENT`` says ``bytecode_cache`` itself."""
    environment = settings.get("JINJA_ENVIRONMENT") or {}
    if not settings.get("CACHE_CONTENT") or "bytecode_cache" in environment:
        return None
    folder = os.path.abspath(
        os.path.join(settings.get("CACHE_PATH") or "cache", FOLDER)
    )
    return {**environment, "bytecode_cache": KeptTemplates(folder)}

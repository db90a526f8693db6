"""Which post ``{% post_url name %}`` names: an index of the site's posts by
every name Jekyll accepts for them."""

from __future__ import annotations

import datetime
import os
import posixpath
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from pelican.utils import posixize_path

from .file_names import jekyll_name


def _post_key(date: datetime.datetime, slug: str) -> str:
    return f"{date:%Y-%m-%d}-{slug}"


def article_files(settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every file under ``ARTICLE_PATHS`` (less ``ARTICLE_EXCLUDES``), sorted, as
    ``(path relative to PATH, path relative to its article path)``."""
    root = settings["PATH"]
    excludes = set(settings.get("ARTICLE_EXCLUDES", ()))
    found: list[tuple[str, str]] = []
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
                path = os.path.join(folder, file_name)
                found.append(
                    (
                        posixize_path(os.path.relpath(path, root)),
                        posixize_path(os.path.relpath(path, base)),
                    )
                )
    return found


def index_posts(
    settings: Mapping[str, Any], files: list[tuple[str, str]] | None = None
) -> dict[str, str]:
    """Each post under ``ARTICLE_PATHS`` by the names ``post_url`` may use: its
    path without extension, its file name without extension, and its date and
    slug (so ``2017-2-5-x`` finds ``2017-02-05-x.md``). ``files`` are
    :func:`article_files`, when already listed."""
    index: dict[str, str] = {}
    for path, under in article_files(settings) if files is None else files:
        stem = os.path.splitext(posixpath.basename(path))[0]
        index.setdefault(os.path.splitext(under)[0], path)
        index.setdefault(stem, path)
        jekyll = jekyll_name(stem)
        if jekyll is not None:
            index.setdefault(_post_key(jekyll.date, jekyll.slug), path)
    return index


def post_link(index: Mapping[str, str], name: str) -> str | None:
    """Pelican's ``{filename}`` link to the post ``{% post_url name %}`` names."""
    name = name.strip().strip("/")
    path = index.get(name) or index.get(os.path.basename(name))
    if path is None and (jekyll := jekyll_name(os.path.basename(name))):
        path = index.get(_post_key(jekyll.date, jekyll.slug))
    return None if path is None else "{filename}/" + quote(path)

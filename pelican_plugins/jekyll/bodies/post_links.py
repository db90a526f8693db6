"""Which post ``{% post_url name %}`` names: an index of the site's posts by
every name Jekyll accepts for them."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from pelican.utils import posixize_path

from ..rules.file_names import post_name, post_reference


def article_files(settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every file under ``ARTICLE_PATHS`` (less ``ARTICLE_EXCLUDES``), sorted, as
    ``(path relative to PATH, path relative to its article path)``; an
    ``ARTICLE_PATHS`` entry may name one file (a Jekyll site lists each post)."""
    root = settings["PATH"]
    excludes = set(settings.get("ARTICLE_EXCLUDES", ()))
    found: list[tuple[str, str]] = []
    for article_path in settings.get("ARTICLE_PATHS", [""]):
        base = os.path.join(root, article_path)
        if os.path.isfile(base):
            relative = posixize_path(os.path.relpath(base, root))
            found.append((relative, os.path.basename(base)))
            continue
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
    path without extension, its file name without extension, and the day and
    slug Jekyll reads from its name (so ``2017-2-5-x`` finds ``2017-02-05-x.md``
    and ``2024-03-01-x`` finds ``2024-02-30-x.md``). ``files`` are
    :func:`article_files`, when already listed."""
    index: dict[str, str] = {}
    for path, under in article_files(settings) if files is None else files:
        file_name = posixpath.basename(path)
        index.setdefault(os.path.splitext(under)[0], path)
        index.setdefault(os.path.splitext(file_name)[0], path)
        named = post_name(file_name)
        if named is not None and named.key is not None:
            index.setdefault(named.key, path)
    return index


def post_link(index: Mapping[str, str], name: str) -> str | None:
    """Pelican's ``{filename}`` link to the post ``{% post_url name %}`` names."""
    name = name.strip().strip("/")
    path = index.get(name) or index.get(os.path.basename(name))
    reference = post_reference(os.path.basename(name))
    if path is None and reference is not None and reference.key is not None:
        path = index.get(reference.key)
    return None if path is None else "{filename}/" + quote(path)

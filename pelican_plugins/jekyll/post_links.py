"""Which post ``{% post_url name %}`` names: an index of the site's posts by
every name Jekyll accepts for them."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from pelican.utils import posixize_path

from .file_names import post_name, post_reference


def index_posts(settings: Mapping[str, Any]) -> dict[str, str]:
    """Each post under ``ARTICLE_PATHS`` by the names ``post_url`` may use: its
    path without extension, its file name without extension, and the day and
    slug Jekyll reads from its name (so ``2017-2-5-x`` finds ``2017-02-05-x.md``
    and ``2024-03-01-x`` finds ``2024-02-30-x.md``)."""
    root = settings["PATH"]
    excludes = set(settings.get("ARTICLE_EXCLUDES", ()))
    index: dict[str, str] = {}
    for article_path in settings.get("ARTICLE_PATHS", [""]):
        base = os.path.join(root, article_path)
        if os.path.isfile(base):  # a Jekyll site lists each post
            _index_file(index, root, os.path.dirname(base), os.path.basename(base))
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
                _index_file(index, root, folder, file_name, base)
    return index


def _index_file(
    index: dict[str, str],
    root: str,
    folder: str,
    file_name: str,
    base: str | None = None,
) -> None:
    """Index one post by its path below ``base`` (its folder when none), its
    name, and its date and slug."""
    stem = os.path.splitext(file_name)[0]
    path = posixize_path(os.path.relpath(os.path.join(folder, file_name), root))
    under = posixize_path(os.path.relpath(os.path.join(folder, stem), base or folder))
    index.setdefault(under, path)
    index.setdefault(stem, path)
    named = post_name(file_name)
    if named is not None and named.key is not None:
        index.setdefault(named.key, path)


def post_link(index: Mapping[str, str], name: str) -> str | None:
    """Pelican's ``{filename}`` link to the post ``{% post_url name %}`` names."""
    name = name.strip().strip("/")
    path = index.get(name) or index.get(os.path.basename(name))
    reference = post_reference(os.path.basename(name))
    if path is None and reference is not None and reference.key is not None:
        path = index.get(reference.key)
    return None if path is None else "{filename}/" + quote(path)

"""Jekyll's front matter defaults (the ``defaults`` key of ``_config.yml``).

Jekyll 4.3's ``FrontmatterDefaults#all``: every set whose scope applies to a
file is merged; where two sets compete, the one with the longer scope ``path``
wins, and at equal length the one naming a ``type``. A ``path`` with ``*`` is a
``Dir.glob`` pattern (``globs``); a file is in scope when its path starts with a
match. Pure: globs are matched against the file's own path and its folders, not
the disk.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..rules.globs import dir_glob_regex
from .config import JekyllConfig, deep_merge

# Jekyll 3's singular types, which Jekyll 4 still accepts (with a deprecation).
_OLD_TYPES = {"page": "pages", "post": "posts", "draft": "drafts"}


def defaults_for(
    config: JekyllConfig | Iterable[Mapping[str, Any]],
    relative_path: str,
    kind: str,
    collections_dir: str | None = None,
) -> dict[str, Any]:
    """The front matter defaults Jekyll gives the file at ``relative_path``.

    ``kind`` is Jekyll's type: ``pages``, ``posts`` (drafts too: a draft is a
    document of the ``posts`` collection) or a collection's label.
    ``relative_path`` is ``/``-separated, relative to the site (for pages) or to
    ``collections_dir`` (for posts and documents), as Jekyll's ``relative_path``.
    ``config`` is the site's configuration or its ``defaults`` list.
    """
    if isinstance(config, JekyllConfig):
        sets = config.defaults
        if collections_dir is None:
            collections_dir = config.collections_dir
    else:
        sets = tuple(s for s in config if _valid(s))
    path = _sanitize(relative_path)
    merged: dict[str, Any] = {}
    winner: Mapping[str, Any] | None = None
    for entry in sets:
        scope = entry.get("scope") if isinstance(entry.get("scope"), Mapping) else {}
        if "scope" in entry and not _applies(scope, path, kind, collections_dir or ""):
            continue
        if _has_precedence(winner, scope):
            merged = deep_merge(merged, entry["values"])
            # A set without a scope leaves no scope to compare with (as in Jekyll).
            winner = scope if "scope" in entry else None
        else:
            merged = deep_merge(entry["values"], merged)
    return merged


def _valid(entry: Any) -> bool:
    return isinstance(entry, Mapping) and isinstance(entry.get("values"), Mapping)


def _sanitize(path: Any) -> str:
    """Jekyll's ``sanitize_path``: no leading slash (``""`` for none)."""
    if not isinstance(path, str) or not path:
        return ""
    return path[1:] if path.startswith("/") else path


def _applies(scope: Mapping[str, Any], path: str, kind: str, coll_dir: str) -> bool:
    if "type" in scope:
        wanted = str(scope["type"])
        if _OLD_TYPES.get(wanted, wanted) != kind:
            return False
    scope_path = scope.get("path")
    if not isinstance(scope_path, str) or not scope_path:
        return True
    if "*" in scope_path:
        return _glob_applies(scope_path, path, coll_dir)
    # The scope's path is used as written: "/about" never matches "about.md".
    return path.startswith(_strip_collections_dir(scope_path, coll_dir))


def _glob_applies(pattern: str, path: str, coll_dir: str) -> bool:
    """Whether some path ``Dir.glob(pattern)`` finds is a prefix of ``path``.

    The site's files that are prefixes of ``path`` are the file and its folders.
    """
    if pattern.startswith("/"):
        return False  # Jekyll joins it to the filesystem root: nothing in the site
    regex = dir_glob_regex(pattern.rstrip("/"))
    parts = path.split("/")
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    if coll_dir:
        # Jekyll strips collections_dir from what the glob found.
        prefixes = [f"{coll_dir}/{p}" for p in prefixes] + prefixes
    return any(regex.fullmatch(p) for p in prefixes)


def _strip_collections_dir(path: str, coll_dir: str) -> str:
    return path.removeprefix(f"{coll_dir}/") if coll_dir else path


def _has_precedence(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> bool:
    """Jekyll's ``has_precedence?``: a longer scope path wins; at equal length, a
    set naming a ``type`` beats one that does not."""
    if old is None:
        return True
    new_path, old_path = _sanitize(new.get("path")), _sanitize(old.get("path"))
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    return "type" in new or "type" not in old

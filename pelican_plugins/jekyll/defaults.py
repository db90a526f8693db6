"""Jekyll's front matter defaults (the ``defaults`` key of ``_config.yml``).

Jekyll 4.3's ``FrontmatterDefaults#all``: every set whose scope applies to a
file is merged; where two sets compete, the one with the longer scope ``path``
wins, and at equal length the one naming a ``type``. A ``path`` with ``*`` is a
``Dir.glob`` pattern; a file is in scope when its path starts with a match. Pure:
globs are matched against the file's own path and its folders, not the disk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from .site_config import JekyllConfig, deep_merge

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
    regex = _glob_regex(pattern.rstrip("/"))
    parts = path.split("/")
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    if coll_dir:
        # Jekyll strips collections_dir from what the glob found.
        prefixes = [f"{coll_dir}/{p}" for p in prefixes] + prefixes
    return any(regex.fullmatch(p) for p in prefixes)


def _strip_collections_dir(path: str, coll_dir: str) -> str:
    return path.removeprefix(f"{coll_dir}/") if coll_dir else path


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Ruby's ``Dir.glob`` (no flags) as a regex: ``*``, ``?``, ``[...]``,
    ``{a,b}``, ``**/``; wildcards never match a leading ``.`` of a name."""
    out: list[str] = []
    segments = pattern.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**" and not last:
            out.append(r"(?:[^./][^/]*/)*")
            continue
        out.append(_segment_regex(segment) + ("" if last else "/"))
    return re.compile("".join(out))


def _segment_regex(segment: str) -> str:
    out: list[str] = []
    i, start = 0, True
    while i < len(segment):
        char = segment[i]
        if char in "*?" and start:
            out.append(r"(?!\.)")
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (end := segment.find("]", i + 2)) != -1:
            body = segment[i + 1 : end]
            negate = body[:1] in ("!", "^")
            body = body[1:] if negate else body
            escaped = body.replace("\\", "\\\\").replace("[", "\\[")
            out.append(("[^" if negate else "[") + escaped + "]")
            i = end
        elif char == "{" and (end := segment.find("}", i)) != -1:
            options = segment[i + 1 : end].split(",")
            out.append("(?:" + "|".join(_segment_regex(o) for o in options) + ")")
            i = end
        elif char == "\\" and i + 1 < len(segment):
            i += 1
            out.append(re.escape(segment[i]))
        else:
            out.append(re.escape(char))
        start = False
        i += 1
    return "".join(out)


def _has_precedence(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> bool:
    """Jekyll's ``has_precedence?``: a longer scope path wins; at equal length, a
    set naming a ``type`` beats one that does not."""
    if old is None:
        return True
    new_path, old_path = _sanitize(new.get("path")), _sanitize(old.get("path"))
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    return "type" in new or "type" not in old

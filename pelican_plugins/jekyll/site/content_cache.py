"""When a Jekyll site's build may load Pelican's content cache.

Pelican keeps each file's HTML until that file changes. A Jekyll site's HTML
also depends on what its Liquid read: ``_config.yml``, ``_includes/``,
``_data/``, and, where a body lists ``site.posts`` or links with ``post_url``
or ``link``, the other files. A stamp of those is saved after each build; the
next build loads the cache only when it matches, so a warm build writes what a
cold one would. The other files count only while some body reads them (each
build records it: ``note_reads_other_files``), so editing one post of a site
whose Liquid never looks at other posts still rebuilds only that post.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import pickle
from collections.abc import Iterable, Mapping, MutableMapping
from pathlib import Path
from typing import Any

from .model import JekyllSite

STAMP_FILE = "jekyll-site.stamp"
_STAMP_KEY = "jekyll_cache_stamp"  # this build's stamp, in Pelican's settings
_READS_KEY = "jekyll_reads_other_files"  # some body of this build read them
_LOADED_KEY = "jekyll_cache_trusted_reads"  # the loaded cache's pages read them
_FILES_KEY = "jekyll_relative_files"  # what include_relative read (this build's)
# Settings the reader hook reads besides the site.
_HOOK_SETTINGS = (
    "TIMEZONE",
    "SITEURL",
    "JEKYLL_LIQUID",
    "JEKYLL_FILE_NAMES",
    "JEKYLL_SPACE_SEPARATED_TAGS",
    "JEKYLL_KRAMDOWN",
    "JEKYLL_EXCERPT_SEPARATOR",
    "MARKDOWN",
)


def site_stamp(site: JekyllSite, settings: Mapping[str, Any]) -> str:
    """What every page depends on: the site's configuration, the settings the
    reader reads, and the files of ``_includes/`` and ``_data/``."""
    facts = (
        # a cache pickled by another version of this plugin may not unpickle
        _version(),
        type(site).__module__,
        site.post_permalink,
        site.page_permalink,
        site.timezone,
        site.title,
        site.defaults,
        site.collections_dir,
        site.unpublished,
        site.markdown_ext,
        site.liquid_config,
        tuple(repr(settings.get(k)) for k in _HOOK_SETTINGS),
        os.environ.get("JEKYLL_ENV", ""),  # jekyll.environment
        _functions(settings.get("JEKYLL_LIQUID_TAGS")),
        _functions(settings.get("JEKYLL_LIQUID_FILTERS")),
        _file_facts(Path(site.root), _walk(site.root, site.includes_dir)),
        _file_facts(Path(site.root), _walk(site.root, site.data_dir)),
    )
    return _digest(facts)


def others_stamp(site: JekyllSite, files: Iterable[str] = ()) -> str:
    """What a body that reads other files depends on: every post, page and
    static file, and the ``files`` its ``include_relative`` tags read, as they
    are now."""
    paths = sorted({*site.entries, *site.static_paths, *files})
    return _digest(_file_facts(Path(site.root), paths))


def check_cache(settings: MutableMapping[str, Any], site: JekyllSite) -> None:
    """Load the content cache only if it was made from what the site is now."""
    stamp: dict[str, Any] = {"site": site_stamp(site, settings)}
    previous = _read_stamp(settings)
    trusted = previous.get("site") == stamp["site"]
    reads_others = bool(previous.get("others"))
    files = [str(f) for f in previous.get("files") or () if isinstance(f, str)]
    if trusted and reads_others:
        stamp["others"] = others_stamp(site, files)
        trusted = previous["others"] == stamp["others"]
    settings[_STAMP_KEY] = stamp
    settings[_LOADED_KEY] = trusted and reads_others
    # the cached pages keep reading those files: they stay in the next stamp
    settings[_FILES_KEY] = set(files) if trusted else set()
    if not trusted:
        settings["LOAD_CONTENT_CACHE"] = False


def note_reads_other_files(
    settings: Mapping[str, Any], path: str | None = None
) -> None:
    """A body of this build read other files (``site.posts``, ``post_url``...),
    or the file ``path`` (relative to the site, by ``include_relative``)."""
    if isinstance(settings, MutableMapping):  # Pelican's settings: a dict
        settings[_READS_KEY] = True
        if path is not None:
            settings.setdefault(_FILES_KEY, set()).add(path)


def save_cache_stamp(settings: Mapping[str, Any], site: JekyllSite) -> None:
    """Record the stamp once the cache is written (a failed build leaves the
    old stamp, so its half-written cache is not trusted)."""
    stamp = settings.get(_STAMP_KEY)
    if not isinstance(stamp, dict) or not settings.get("CACHE_CONTENT"):
        return
    folder = Path(settings.get("CACHE_PATH") or "cache")
    if not _picklable(settings):
        # Pelican could not save its cache (it said so): never trust what it left
        with contextlib.suppress(OSError):
            (folder / STAMP_FILE).unlink()
        return
    saved: dict[str, Any] = {"site": stamp["site"]}
    if settings.get(_READS_KEY) or settings.get(_LOADED_KEY):
        files = sorted(settings.get(_FILES_KEY) or ())
        saved["others"] = others_stamp(site, files)
        saved["files"] = files
    try:
        os.makedirs(folder, exist_ok=True)
        (folder / STAMP_FILE).write_text(json.dumps(saved) + "\n", "utf-8")
    except OSError:
        return  # Pelican already warns when it cannot write its cache there


def _picklable(settings: Mapping[str, Any]) -> bool:
    """Whether Pelican could pickle its cache: each page holds the settings
    (a lambda in ``JEKYLL_LIQUID_FILTERS`` cannot be pickled)."""
    try:
        pickle.dumps(dict(settings))
    except Exception:
        return False
    return True


def _functions(given: Any) -> tuple[tuple[str, str, bytes], ...]:
    """The site's own tags or filters, by name, function name and code."""
    if not isinstance(given, Mapping):
        return ()
    return tuple(
        (
            str(name),
            getattr(function, "__qualname__", repr(type(function))),
            getattr(getattr(function, "__code__", None), "co_code", b""),
        )
        for name, function in sorted(given.items(), key=lambda item: str(item[0]))
    )


def _version() -> str:
    try:
        return importlib.metadata.version("pelican-postcard")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree
        return ""


def _read_stamp(settings: Mapping[str, Any]) -> dict[str, Any]:
    path = Path(settings.get("CACHE_PATH") or "cache") / STAMP_FILE
    try:
        found = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _walk(root: str, folder: str) -> list[str]:
    """The files below ``root/folder``, relative to ``root``, sorted."""
    base = Path(root, folder)
    found = []
    for parent, folders, files in os.walk(base):
        folders.sort()
        found += [Path(parent, name).relative_to(root).as_posix() for name in files]
    return sorted(found)


def _file_facts(root: Path, paths: Iterable[str]) -> tuple[tuple[str, int, int], ...]:
    facts = []
    for path in paths:
        try:
            stat = os.stat(root / path)
        except OSError:
            facts.append((path, -1, -1))
            continue
        facts.append((path, stat.st_size, stat.st_mtime_ns))
    return tuple(facts)


def _digest(facts: object) -> str:
    return hashlib.sha256(repr(facts).encode("utf-8")).hexdigest()

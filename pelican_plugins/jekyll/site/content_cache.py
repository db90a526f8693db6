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

import hashlib
import importlib.metadata
import json
import os
from collections.abc import Iterable, Mapping, MutableMapping
from pathlib import Path
from typing import Any

from .model import JekyllSite

STAMP_FILE = "jekyll-site.stamp"
_STAMP_KEY = "jekyll_cache_stamp"  # this build's stamp, in Pelican's settings
_READS_KEY = "jekyll_reads_other_files"  # some body of this build read them
_LOADED_KEY = "jekyll_cache_trusted_reads"  # the loaded cache's pages read them
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
        _file_facts(Path(site.root), _walk(site.root, site.includes_dir)),
        _file_facts(Path(site.root), _walk(site.root, site.data_dir)),
    )
    return _digest(facts)


def others_stamp(site: JekyllSite) -> str:
    """What a body that reads other files depends on: every post, page and
    static file, as they are now."""
    paths = sorted({*site.entries, *site.static_paths})
    return _digest(_file_facts(Path(site.root), paths))


def check_cache(settings: MutableMapping[str, Any], site: JekyllSite) -> None:
    """Load the content cache only if it was made from what the site is now."""
    stamp = {"site": site_stamp(site, settings)}
    previous = _read_stamp(settings)
    trusted = previous.get("site") == stamp["site"]
    reads_others = bool(previous.get("others"))
    if trusted and reads_others:
        stamp["others"] = others_stamp(site)
        trusted = previous["others"] == stamp["others"]
    settings[_STAMP_KEY] = stamp
    settings[_LOADED_KEY] = trusted and reads_others
    if not trusted:
        settings["LOAD_CONTENT_CACHE"] = False


def note_reads_other_files(settings: Mapping[str, Any]) -> None:
    """A body of this build read other files (``site.posts``, ``post_url``...)."""
    if isinstance(settings, MutableMapping):  # Pelican's settings: a dict
        settings[_READS_KEY] = True


def save_cache_stamp(settings: Mapping[str, Any], site: JekyllSite) -> None:
    """Record the stamp once the cache is written (a failed build leaves the
    old stamp, so its half-written cache is not trusted)."""
    stamp = settings.get(_STAMP_KEY)
    if not isinstance(stamp, dict) or not settings.get("CACHE_CONTENT"):
        return
    saved = {"site": stamp["site"]}
    if settings.get(_READS_KEY) or settings.get(_LOADED_KEY):
        saved["others"] = stamp.get("others") or others_stamp(site)
    folder = Path(settings.get("CACHE_PATH") or "cache")
    try:
        os.makedirs(folder, exist_ok=True)
        (folder / STAMP_FILE).write_text(json.dumps(saved) + "\n", "utf-8")
    except OSError:
        return  # Pelican already warns when it cannot write its cache there


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

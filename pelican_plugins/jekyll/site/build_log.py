"""What a build of a Jekyll site says in its log, and the content cache's stamp.

Pelican's content cache keeps what the reader made of each file until that
file changes; what a Jekyll site's reader makes of a file also depends on
``_config.yml`` (permalink, defaults, time zone). A stamp of those is kept
beside the cache: when it differs, the cache is not loaded for that build.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .model import JekyllSite, NotBuilt

_UNSHOWN = " (not published: show_drafts is off)"


def unreadable(error: Exception, root: Path) -> str:
    """The one ERROR for a configuration Jekyll's site cannot be built from."""
    if isinstance(error, FileNotFoundError):
        name = Path(error.filename or "?")
        shown = name.relative_to(root) if root in name.parents else name
        return f"{shown}: no such configuration file (JEKYLL_CONFIG); nothing built"
    if isinstance(error, OSError):
        return (
            f"{root}: the Jekyll site cannot be read ({error.strerror}); nothing built"
        )
    return f"{error} (nothing built)"


def not_built(files: Iterable[NotBuilt]) -> str:
    """The one WARNING naming every Jekyll file this build stands in for."""
    files = list(files)
    lines = "".join(f"\n  {f.path}: {f.instead}" for f in files)
    return (
        f"{len(files)} Jekyll file{'s' if len(files) != 1 else ''} "
        f"not built as Jekyll builds {'them' if len(files) != 1 else 'it'}:{lines}"
    )


def held_back(count: int) -> str:
    posts = "post" if count == 1 else "posts"
    return (
        f"{count} {posts} dated after this build not published "
        "(_config.yml: future: false), as Jekyll does"
    )


def _plural(count: int, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    return f"{count} {word[:-1]}ies" if word.endswith("y") else f"{count} {word}s"


def _zone(site: JekyllSite) -> str:
    """The site's zone, and where it came from when not from ``_config.yml``."""
    origin = site.timezone_origin
    if origin == "_config.yml":
        return str(site.timezone)
    if origin == "UTC":
        return "UTC (neither _config.yml nor the machine names a zone)"
    if origin == "TIMEZONE":
        return f"{site.timezone} (TIMEZONE; _config.yml names none)"
    return f"{site.timezone} (the machine's, from {origin}; _config.yml names none)"


def summary(site: JekyllSite, settings: Mapping[str, Any], redirects: int) -> str:
    """The build's one INFO line: what was taken from the Jekyll site."""
    counts = site.counts
    parts = [
        _plural(counts.get("posts", 0), "post"),
        _plural(counts.get("drafts", 0), "draft")
        + ("" if site.show_drafts or not counts.get("drafts") else _UNSHOWN),
        _plural(counts.get("pages", 0), "page"),
        _plural(counts.get("static files", 0), "static file"),
        _plural(redirects, "redirect"),
    ]
    feeds = [settings.get(k) for k in ("FEED_ALL_ATOM", "FEED_ALL_RSS")]
    feed = ", ".join(f for f in feeds if f) or "none"
    configs = ", ".join(site.config_files) or "no _config.yml"
    return (
        f"Jekyll site {site.root} ({configs}): {', '.join(parts)}; "
        f"permalink {site.post_permalink}; timezone {_zone(site)}; "
        f"feed {feed}"
    )

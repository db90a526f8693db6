"""``JEKYLL_SITE``: where the Jekyll site is, and which settings the user wrote.

Pelican tells a plugin neither where its settings file is nor which settings
were written rather than left at their defaults. Pelican loads the settings
file as a module (``sys.modules``, named after the file): the modules whose
``JEKYLL_SITE`` is the very object in the settings are the settings file and
those it imports from. Their folder is where ``JEKYLL_SITE`` is relative to
(the current folder when there is no such module, or they are in several
folders: Pelican's own ``PATH`` default is relative to it too). A setting
counts as written when those modules set it, or when its value is not
Pelican's default (so ``pelican -e``/``-o``/``-t`` overrides count too).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

# Settings Pelican rewrites itself after reading them (configure_settings).
_DERIVED = frozenset({"FEED_DOMAIN"})


def settings_modules(
    settings: Mapping[str, Any], modules: Mapping[str, ModuleType]
) -> list[ModuleType]:
    """The modules holding ``settings["JEKYLL_SITE"]`` itself (not an equal
    value: ``"."`` is in many modules' hands): the settings file, and the
    files it imports its settings from (``publishconf.py`` imports
    ``pelicanconf.py``)."""
    value = settings.get("JEKYLL_SITE")
    return [
        module
        for module in list(modules.values())
        if isinstance(module, ModuleType)
        and getattr(module, "__file__", None)
        and vars(module).get("JEKYLL_SITE") is value
    ]


def site_root(value: str | os.PathLike[str], folder: Path) -> Path:
    """``JEKYLL_SITE`` as an absolute folder (a relative one is below ``folder``)."""
    path = Path(os.path.expanduser(os.fspath(value)))
    return (path if path.is_absolute() else folder / path).resolve()


def _normal(key: str, value: Any) -> Any:
    """A value as comparable with Pelican's default as Pelican left it."""
    if key == "PAGINATION_PATTERNS" and isinstance(value, list | tuple):
        return [tuple(rule) for rule in value]
    return value


def written_settings(
    settings: Mapping[str, Any],
    module_keys: Iterable[str],
    defaults: Mapping[str, Any],
) -> frozenset[str]:
    """The settings the user wrote: in the settings module, or not Pelican's
    default value (command-line overrides)."""
    written = set(module_keys)
    missing = object()
    for key, value in settings.items():
        if key in written or not key.isupper() or key in _DERIVED:
            continue
        default = defaults.get(key, missing)
        if default is missing or _normal(key, value) != _normal(key, default):
            written.add(key)
    return frozenset(written)


def merge_settings(
    settings: dict[str, Any], proposal: Mapping[str, Any], written: frozenset[str]
) -> list[str]:
    """Put each proposed setting the user did not write into ``settings``;
    return the written ones that differ from the proposal (the user's win)."""
    kept = []
    old_site_url = settings.get("SITEURL", "")
    for key, value in proposal.items():
        if key in written:
            if settings.get(key) != value:
                kept.append(key)
            continue
        settings[key] = value
    if "FEED_DOMAIN" not in written and settings.get("FEED_DOMAIN") == old_site_url:
        settings["FEED_DOMAIN"] = settings.get("SITEURL", "")
    return kept


def pelican_paths(
    root: Path, settings: Mapping[str, Any], settings_file: str | None
) -> tuple[str, ...]:
    """The paths below ``root`` that are Pelican's, never the Jekyll site's:
    the settings files, the output and cache folders, the theme and template
    folders it names, ``__pycache__``."""
    paths = ["pelicanconf.py", "publishconf.py", "__pycache__"]
    overrides = settings.get("THEME_TEMPLATES_OVERRIDES") or []
    candidates = [
        settings.get("OUTPUT_PATH"),
        settings.get("CACHE_PATH"),
        settings.get("THEME"),
        *(overrides if isinstance(overrides, list | tuple) else []),
    ]
    if settings_file:
        candidates.append(settings_file)
    for candidate in candidates:
        if not candidate:
            continue
        path = Path(os.path.abspath(os.fspath(candidate)))
        if root in path.parents:
            paths.append(path.relative_to(root).as_posix())
    return tuple(dict.fromkeys(paths))


@dataclass(frozen=True)
class Located:
    """Where a build's Jekyll site is, and what its settings file says."""

    root: Path
    settings_file: str | None
    written: frozenset[str]


def locate(
    settings: Mapping[str, Any],
    modules: Mapping[str, ModuleType],
    defaults: Mapping[str, Any],
    cwd: Path,
) -> Located:
    """The Jekyll site ``settings["JEKYLL_SITE"]`` names and the settings the
    user wrote (see the module's docstring)."""
    found = settings_modules(settings, modules)
    folders = {Path(m.__file__).resolve().parent for m in found if m.__file__}
    # One folder for them all, or no way to tell which file it was.
    folder = folders.pop() if len(folders) == 1 else cwd
    settings_file = found[-1].__file__ if len(found) == 1 else None
    keys = {k for module in found for k in vars(module) if k.isupper()}
    return Located(
        site_root(settings["JEKYLL_SITE"], folder),
        settings_file,
        written_settings(settings, keys, defaults),
    )


def apply(
    settings: dict[str, Any], proposal: Mapping[str, Any], written: frozenset[str]
) -> str | None:
    """Put the site's settings into Pelican's: ``PATH`` is always the Jekyll
    site (a message when another was given), the rest as ``merge_settings``
    does, with ``DEFAULT_LANG`` lower-cased as Pelican keeps it."""
    proposal = dict(proposal)
    path = proposal.pop("PATH")
    given = settings.get("PATH")
    message = None
    if "PATH" in written and given and os.path.abspath(given) != path:
        message = (
            f"PATH {given} is not used: JEKYLL_SITE says the content is the "
            f"Jekyll site at {path}"
        )
    settings["PATH"] = path
    merge_settings(settings, proposal, written)
    settings["DEFAULT_LANG"] = str(settings.get("DEFAULT_LANG") or "en").lower()
    return message

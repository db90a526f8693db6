"""The time zone of a Jekyll site whose ``_config.yml`` names none.

Jekyll then reads dates in the zone of the machine it runs on (Ruby asks the C
library: the ``TZ`` environment variable, else ``/etc/localtime``). A Pelican
build of the site takes, in order: Pelican's ``TIMEZONE`` when the settings
file writes one (the user's choice wins, as everywhere); else the machine's
zone, found the same way (``TZ``; else where ``/etc/localtime`` links, or
Debian's ``/etc/timezone``); else UTC. Only a named zone (``Europe/Berlin``)
can be used: Pelican's ``TIMEZONE`` is a name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")


@dataclass(frozen=True)
class SiteZone:
    """The zone a Jekyll site's dates are read in, and where it came from."""

    name: str
    origin: str  # "_config.yml", "TIMEZONE", "TZ", "/etc/localtime", "UTC"


def _usable(name: str) -> str | None:
    """``name`` if it is a zone Python knows by that name."""
    name = name.strip()
    if not name or name.startswith("/") or ".." in name:
        return None
    try:
        ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return None
    return name


def _from_path(path: str) -> str | None:
    """``Europe/Berlin`` from ``/usr/share/zoneinfo/Europe/Berlin``."""
    _, found, key = path.rpartition("zoneinfo/")
    return _usable(key) if found else None


def machine_zone(
    environ: Mapping[str, str],
    localtime: Path = LOCALTIME,
    timezone_file: Path = TIMEZONE_FILE,
) -> SiteZone | None:
    """The machine's zone as Ruby would find it, by name; None when it has no
    name Python knows (a POSIX rule such as ``CET-1CEST``, a copied file)."""
    if "TZ" in environ:
        value = environ["TZ"].removeprefix(":")
        if not value.strip():
            return SiteZone("UTC", "TZ")  # an empty TZ is UTC to the C library
        name = _from_path(value) if value.startswith("/") else _usable(value)
        return SiteZone(name, "TZ") if name else None
    try:
        target = str(localtime.resolve(strict=True)) if localtime.is_symlink() else ""
    except OSError:
        target = ""
    name = _from_path(target) if target else None
    if name is None:
        try:
            name = _usable(timezone_file.read_text("utf-8").strip())
        except (OSError, UnicodeDecodeError):
            name = None
    return SiteZone(name, str(localtime)) if name else None


def fallback_zone(
    written_zone: str | None,
    environ: Mapping[str, str],
    localtime: Path = LOCALTIME,
    timezone_file: Path = TIMEZONE_FILE,
) -> SiteZone:
    """The zone of a site whose ``_config.yml`` names none: Pelican's written
    ``TIMEZONE``, else the machine's, else UTC."""
    if written_zone:
        return SiteZone(written_zone, "TIMEZONE")
    return machine_zone(environ, localtime, timezone_file) or SiteZone("UTC", "UTC")


def usable_zone(name: str) -> bool:
    """Whether ``name`` is a time zone Python knows (``Europe/Berlin``)."""
    return _usable(name) is not None

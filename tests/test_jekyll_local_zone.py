"""The zone of a Jekyll site whose ``_config.yml`` names none: Pelican's
written ``TIMEZONE``, else the machine's (``TZ``, else ``/etc/localtime``),
else UTC; and a ``timezone`` that is no zone."""

from __future__ import annotations

from pathlib import Path

from sitebuilder import write_files

from pelican.plugins.jekyll.rules.local_zone import (
    SiteZone,
    fallback_zone,
    machine_zone,
)
from pelican.plugins.jekyll.site.model import load_site


def _machine(
    folder: Path, link: str | None = None, named: str | None = None
) -> tuple[Path, Path]:
    """A machine's /etc/localtime (a link, or a copied file) and /etc/timezone."""
    folder.mkdir(parents=True, exist_ok=True)
    localtime = folder / "localtime"
    if link is not None:
        localtime.symlink_to(link)
    else:
        localtime.write_bytes(b"TZif2 a copy, no name\n")
    timezone = folder / "timezone"
    if named is not None:
        timezone.write_text(named + "\n", "utf-8")
    return localtime, timezone


def test_tz_comes_first(tmp_path: Path) -> None:
    files = _machine(tmp_path, "/usr/share/zoneinfo/Asia/Tokyo")
    assert machine_zone({"TZ": "Europe/Berlin"}, *files) == SiteZone(
        "Europe/Berlin", "TZ"
    )
    assert machine_zone({"TZ": ":America/New_York"}, *files).name == "America/New_York"
    path = {"TZ": "/usr/share/zoneinfo/Pacific/Auckland"}
    assert machine_zone(path, *files).name == "Pacific/Auckland"
    assert machine_zone({"TZ": ""}, *files) == SiteZone("UTC", "TZ")
    # A POSIX rule has no name Pelican's TIMEZONE could hold.
    assert machine_zone({"TZ": "CET-1CEST,M3.5.0,M10.5.0/3"}, *files) is None


def test_then_etc_localtime_then_etc_timezone(tmp_path: Path) -> None:
    linked = _machine(tmp_path, "/usr/share/zoneinfo/Asia/Tokyo", "Europe/Paris")
    assert machine_zone({}, *linked) == SiteZone("Asia/Tokyo", str(linked[0]))
    copied = _machine(tmp_path / "copied", None, "Europe/Paris")
    assert machine_zone({}, *copied).name == "Europe/Paris"
    assert machine_zone({}, *_machine(tmp_path / "none")) is None


def test_the_order(tmp_path: Path) -> None:
    files = _machine(tmp_path, "/usr/share/zoneinfo/Asia/Tokyo")
    assert fallback_zone("Europe/Rome", {"TZ": "Europe/Berlin"}, *files) == SiteZone(
        "Europe/Rome", "TIMEZONE"
    )
    assert fallback_zone(None, {"TZ": "Europe/Berlin"}, *files).name == "Europe/Berlin"
    assert fallback_zone(None, {}, *files).name == "Asia/Tokyo"
    assert fallback_zone(None, {}, *_machine(tmp_path / "none")) == SiteZone(
        "UTC", "UTC"
    )


def test_the_site_takes_the_fallback_only_without_its_own(tmp_path: Path) -> None:
    write_files(tmp_path / "own", {"_config.yml": "timezone: Asia/Kolkata\n"})
    write_files(tmp_path / "none", {"_config.yml": "title: T\n"})
    write_files(tmp_path / "bad", {"_config.yml": "title: T\ntimezone: Mars/Base\n"})
    berlin = SiteZone("Europe/Berlin", "TZ")
    own = load_site(tmp_path / "own", fallback=berlin)
    assert (own.site.timezone, own.site.timezone_origin) == (
        "Asia/Kolkata",
        "_config.yml",
    )
    assert own.settings["TIMEZONE"] == "Asia/Kolkata"
    none = load_site(tmp_path / "none", fallback=berlin)
    assert (none.site.timezone, none.settings["TIMEZONE"]) == (
        "Europe/Berlin",
        "Europe/Berlin",
    )
    bad = load_site(tmp_path / "bad", fallback=berlin)
    assert bad.site.timezone == "UTC"  # an unknown TZ is UTC to Jekyll's C library
    assert [p.format(s) for s, p in bad.problems] == [
        "_config.yml:2:1: 'timezone' 'Mars/Base' is no time zone; UTC is used"
    ]

"""Build real Pelican sites from tests and read what they produced.

Shared by every test module: ``build_site`` runs Pelican in this process (so log
records can be inspected), ``run_pelican`` runs the real ``pelican`` command.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.log import LimitFilter
from pelican.settings import read_settings

from pelican.plugins import signals

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_SITE = REPO / "example_site"


@dataclass
class BuiltSite:
    """What one build left behind: its output folder and its log records."""

    output: Path
    content: Path
    records: list[logging.LogRecord] = field(default_factory=list)
    log: str = ""  # what the pelican command printed, when it was run as one

    def soup(self, relpath: str) -> BeautifulSoup:
        """Parse one output file as HTML."""
        return BeautifulSoup(
            (self.output / relpath).read_text(encoding="utf-8"), "html.parser"
        )

    def exists(self, relpath: str) -> bool:
        return (self.output / relpath).is_file()

    def messages(self, level: int = logging.WARNING) -> list[str]:
        """Log messages at exactly ``level``."""
        return [r.getMessage() for r in self.records if r.levelno == level]

    @property
    def errors(self) -> list[str]:
        return self.messages(logging.ERROR) + self.messages(logging.CRITICAL)

    @property
    def warnings(self) -> list[str]:
        return self.messages(logging.WARNING)

    @property
    def infos(self) -> list[str]:
        return self.messages(logging.INFO)


class LogCollector(logging.Handler):
    """Keeps every log record it is handed."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def isolated_signals() -> Iterator[None]:
    """Disconnect, after the block, every receiver the block connected.

    Pelican's signals are process-wide, so without this a plugin enabled by one
    test would keep running in the next one.
    """
    sigs = [s for s in vars(signals).values() if hasattr(s, "receivers")]
    before = {id(s): set(s.receivers) for s in sigs}
    try:
        yield
    finally:
        for sig in sigs:
            for key in set(sig.receivers) - before[id(sig)]:
                ref = sig.receivers.get(key)
                receiver = (
                    ref() if callable(ref) and hasattr(ref, "__callback__") else ref
                )
                if receiver is None:
                    sig.receivers.pop(key, None)
                else:
                    sig.disconnect(receiver)


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write ``files`` (relative path to text, dedented, or bytes) below ``root``."""
    for rel, body in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")


def build_site(
    root: Path,
    files: Mapping[str, str | bytes] | None = None,
    settings: Mapping[str, object] | None = None,
    *,
    plugins: list[str] | None = None,
    theme: str | Path | None = None,
    output: Path | None = None,
    templates: Mapping[str, str] | None = None,
) -> BuiltSite:
    """Write ``files`` into ``root/content`` and build the site with Pelican.

    ``plugins`` defaults to the whole bundle; ``theme`` to Pelican's notmyidea.
    ``templates`` (name to Jinja source) are written to ``root/templates`` and
    override the theme's (``THEME_TEMPLATES_OVERRIDES``).
    """
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    if files:
        write_files(content, files)
    output = output or root / "output"
    override: dict[str, object] = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "PLUGINS": ["postcard"] if plugins is None else plugins,
        "SITENAME": "Test Site",
        "SITEURL": "",
        "TIMEZONE": "UTC",
        "DEFAULT_LANG": "en",
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        # what a build caches (a Jekyll site keeps its cache on) stays in its folder
        "CACHE_PATH": str(root / "cache"),
        "FEED_ALL_ATOM": "feeds/all.atom.xml",
        "CATEGORY_FEED_ATOM": None,
        "TRANSLATION_FEED_ATOM": None,
        "AUTHOR_FEED_ATOM": None,
        "AUTHOR_FEED_RSS": None,
    }
    if theme:
        override["THEME"] = str(theme)
    if templates:
        write_files(root / "templates", templates)
        override["THEME_TEMPLATES_OVERRIDES"] = [str(root / "templates")]
    override.update(settings or {})
    # Pelican drops a message it has logged before in this process; every build
    # here must report its own warnings.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    handler = LogCollector()
    logger = logging.getLogger()
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        with isolated_signals():
            pelican_settings = read_settings(path=None, override=override)
            Pelican(pelican_settings).run()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return BuiltSite(output=output, content=content, records=handler.records)


def meta(soup: BeautifulSoup, key: str) -> list[str]:
    """Contents of every ``<meta>`` whose ``property`` or ``name`` is ``key``."""
    found = soup.find_all("meta", attrs={"property": key}) + soup.find_all(
        "meta", attrs={"name": key}
    )
    return [tag.get("content", "") for tag in found]


def run_pelican(
    site: Path, *args: str, python: str | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run the real ``pelican`` command in ``site`` and return what it printed."""
    env = {**os.environ, "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1"}
    exe = python or sys.executable
    result = subprocess.run(
        [exe, "-m", "pelican", *args],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"pelican {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result

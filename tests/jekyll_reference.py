"""Real Jekyll as the reference: build a Jekyll tree with ``jekyll build``.

Differential tests build the same fixture with Jekyll and with Pelican and
compare. Without a ``jekyll`` command they are skipped with a message, except in
CI (``CI=true``), where a missing Jekyll is a failure: .ci/run installs it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

JEKYLL = shutil.which("jekyll")


def require_jekyll() -> str:
    """The ``jekyll`` command; skips the test (fails it in CI) when missing."""
    if JEKYLL is None:
        if os.environ.get("CI"):
            pytest.fail("jekyll is not installed; .ci/run installs Debian's jekyll")
        pytest.skip("jekyll is not installed (Debian: apt-get install jekyll)")
    return JEKYLL


def jekyll_build(source: Path, destination: Path, *extra: str) -> Path:
    """Build ``source`` with ``jekyll build`` into ``destination``; return it.

    Runs without network, safe mode off (plugins listed in ``_config.yml`` load
    from Debian's gems), in a fixed time zone unless the site sets one.
    """
    command = require_jekyll()
    env = {**os.environ, "JEKYLL_ENV": "production", "LANG": "C.UTF-8"}
    result = subprocess.run(
        [
            command,
            "build",
            "--quiet",
            "--source",
            str(source),
            "--destination",
            str(destination),
            "--disable-disk-cache",
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"jekyll build failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return destination


def output_files(root: Path) -> set[str]:
    """Every file below ``root``, as ``/``-separated paths relative to it."""
    return {
        path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()
    }


def redirect_pages(root: Path) -> dict[str, str]:
    """Every output file that is a redirect page, with its target."""
    found: dict[str, str] = {}
    for rel in sorted(output_files(root)):
        text = (root / rel).read_text(encoding="utf-8", errors="replace")
        if text.startswith("<?xml"):  # a feed
            continue
        soup = BeautifulSoup(text, "html.parser")
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
        if refresh is None:
            continue
        delay, _, target = refresh["content"].partition(";")
        assert delay.strip() == "0"
        target = target.strip().removeprefix("url=")
        assert soup.find("link", rel="canonical")["href"] == target, rel
        assert soup.find("a")["href"] == target, rel
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        found[rel] = target
    return found


_RECORD = re.compile(
    r"^(?:\[\d\d:\d\d:\d\d\]| {10}) (DEBUG|INFO|WARNING|ERROR|CRITICAL) +(.*)$"
)
_WHERE = re.compile(r"\s+[\w.-]+\.py:\d+\s*$")


def pelican_messages(log: str, level: str) -> list[str]:
    """The records at ``level`` in what the ``pelican`` command printed, each on
    one line. Pelican's rich handler starts a record with its level, ends the
    first line with the logging module's file and line, and continues longer
    text on indented lines below."""
    records: list[tuple[str, list[str]]] = []
    for line in log.splitlines():
        start = _RECORD.match(line)
        if start:
            records.append((start.group(1), [_WHERE.sub("", start.group(2))]))
        elif records and line.startswith(" " * 20):
            records[-1][1].append(line.strip())
    return [" ".join(" ".join(p).split()) for lvl, p in records if lvl == level]


def ruby_lines(
    script: str, cases: list[object], *, needs_jekyll: bool = False
) -> list[object]:
    """Run one Ruby ``script`` over ``cases`` (one JSON line each on its standard
    input) and return what it prints, one JSON value a line.

    Skips the test (fails it in CI) without ``ruby``, or without the jekyll gem
    when ``needs_jekyll``.
    """
    ruby = shutil.which("ruby")
    if ruby is None:
        if os.environ.get("CI"):
            pytest.fail("ruby is not installed; .ci/run installs it")
        pytest.skip("ruby is not installed (Debian: apt-get install ruby)")
    result = subprocess.run(
        [ruby, "-e", script],
        input="".join(json.dumps(case) + "\n" for case in cases),
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LANG": "C.UTF-8"},
        timeout=60,
    )
    if needs_jekyll and "cannot load such file" in result.stderr:
        if os.environ.get("CI"):
            pytest.fail("jekyll is not installed; .ci/run installs it")
        pytest.skip("jekyll is not installed (Debian: apt-get install jekyll)")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]

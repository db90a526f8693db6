"""Real Jekyll as the reference: build a Jekyll tree with ``jekyll build``.

Differential tests build the same fixture with Jekyll and with Pelican and
compare. Without a ``jekyll`` command they are skipped with a message, except in
CI (``CI=true``), where a missing Jekyll is a failure: .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

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

"""Fixtures shared by every test module."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from sitebuilder import EXAMPLE_SITE, REPO, BuiltSite, run_pelican

# CI replays the same examples every run, so its verdict is reproducible; local
# runs keep exploring new ones (a failure found there is kept in .hypothesis/).
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The example site, built once per test run with the real ``pelican`` command.

    The site is copied first so a test run never writes into the repository.
    """
    root = tmp_path_factory.mktemp("demo")
    site = root / "example_site"
    shutil.copytree(
        EXAMPLE_SITE,
        site,
        ignore=shutil.ignore_patterns("output", "cache", "__pycache__"),
    )
    output = site / "output"
    result = run_pelican(site, "content", "-s", "pelicanconf.py", "-o", str(output))
    return BuiltSite(
        output=output, content=site / "content", log=result.stdout + result.stderr
    )


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    """An empty folder for one test's site."""
    root = tmp_path / "site"
    root.mkdir()
    return root


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once per test run."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
        text=True,
    )
    shutil.rmtree(REPO / "build", ignore_errors=True)
    return next(out.glob("pelican_postcard-*.whl"))

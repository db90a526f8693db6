"""The bundle on the oldest Pelican that pyproject.toml allows.

A second virtual environment, ``.venv-oldest/`` in the repository (git-ignored,
reused while it has the right Pelican), gets the project's wheel and the lowest
Pelican version of the ``pelican>=X`` requirement; a small Jekyll-style site is
built there with the real ``pelican`` command and its HTML checked.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from sitebuilder import REPO, run_pelican, write_files

pytestmark = pytest.mark.slow

OLDEST_VENV = REPO / ".venv-oldest"


def oldest_pelican() -> str:
    """The lower bound of the ``pelican>=X`` requirement in pyproject.toml."""
    # A regular expression, not tomllib: the project supports Python 3.10.
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r"""["']pelican\s*>=\s*([\w.]+)\s*(?:,[^"']*)?["']""", text)
    assert found, "pyproject.toml has no pelican>=X requirement"
    return found.group(1)


def pip(python: Path, *args: str) -> None:
    result = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def oldest_python(wheel: Path) -> Path:
    """A Python with the oldest allowed Pelican and this run's wheel installed."""
    version = oldest_pelican()
    python = OLDEST_VENV / "bin" / "python"
    stamp = OLDEST_VENV / ".pelican-requirement"
    if not python.exists() or not stamp.is_file() or stamp.read_text() != version:
        shutil.rmtree(OLDEST_VENV, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(OLDEST_VENV)], check=True)
        pip(python, f"pelican=={version}", str(wheel))
        stamp.write_text(version)
    else:  # dependencies are in place: only this run's code changes
        pip(python, "--force-reinstall", "--no-deps", str(wheel))
    return python


JEKYLL_SITE = {
    "content/posts/2024-05-21-pycon-us.md": """
        ---
        layout: post
        title: PyCon US
        description: A Python Developer's Conference in Pittsburgh, PA
        date: 2024-05-21T07:00:00-07:00
        tags: Life
        series_link: europe-trip
        ---

        My first PyCon US. More about [the Europe trip]({series}europe-trip) soon.
        """,
    "content/posts/2024-11-02-lisbon.md": """
        ---
        title: "Europe, part 1: Lisbon"
        description: >
          Coworking by the river,
          and learning to love the hills.
        date: 2024-11-02 09:30:00 +0000
        tags: [Travel, Remote Work]
        series: Europe Trip
        series_index: 1
        ---

        Lisbon, at last.
        """,
    "content/series/europe-trip.md": """
        ---
        title: Europe Trip
        description: Three months of working remotely across Europe.
        planned:
          - title: Berlin
            index: 2
        ---

        The whole trip, one part at a time.
        """,
    "content/tags/life.md": """
        ---
        title: Life
        description: Notes from around the code.
        ---
        """,
    "pelicanconf.py": """
        from pelican.plugins import postcard

        AUTHOR = "Sam"
        SITENAME = "Oldest Pelican"
        SITEURL = ""
        PATH = "content"
        TIMEZONE = "UTC"
        DEFAULT_LANG = "en"
        ARTICLE_PATHS = ["posts"]
        PLUGINS = ["postcard"]
        FEED_ALL_ATOM = "feeds/all.atom.xml"
        """,
}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def meta(page: BeautifulSoup, **attrs: str) -> list[str]:
    return [m.get("content") for m in page.find_all("meta", attrs=attrs)]


@pytest.mark.parametrize("theme", ["postcard", "notmyidea"])
def test_bundle_builds_on_the_oldest_pelican(
    theme: str, oldest_python: Path, tmp_path: Path
) -> None:
    files = dict(JEKYLL_SITE)
    if theme == "postcard":
        files["pelicanconf.py"] += "THEME = postcard.THEME\n"
    write_files(tmp_path, files)
    version = subprocess.run(
        [str(oldest_python), "-c", "import pelican; print(pelican.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert version.startswith(oldest_pelican()), version

    output = tmp_path / "output"
    result = run_pelican(
        tmp_path,
        "content",
        "-s",
        "pelicanconf.py",
        "-o",
        str(output),
        python=str(oldest_python),
    )
    log = result.stdout + result.stderr
    for word in ("ERROR", "CRITICAL", "Traceback"):
        assert word not in log, log

    pycon = soup(output / "pycon-us.html")
    assert "PyCon US" in [h.get_text(" ", strip=True) for h in pycon.find_all("h1")]
    description = "A Python Developer's Conference in Pittsburgh, PA"
    assert meta(pycon, name="description") == [description]
    assert meta(pycon, property="og:description") == [description]
    hrefs = [a["href"] for a in pycon.find_all("a", href=True)]
    assert any(h.rstrip("/").endswith("series/europe-trip.html") for h in hrefs), hrefs

    lisbon = soup(output / "lisbon.html")
    assert lisbon.title.get_text().startswith("Europe, part 1: Lisbon")
    assert meta(lisbon, name="description") == [
        "Coworking by the river, and learning to love the hills."
    ]

    series = soup(output / "series/europe-trip.html")
    series_links = [a["href"] for a in series.find_all("a", href=True)]
    assert any(h.endswith("lisbon.html") for h in series_links)
    assert "Berlin" in series.get_text(" ")

    tag = soup(output / "tag/life.html")
    if theme == "postcard":  # notmyidea's tag.html does not include the summary
        assert "Notes from around the code." in tag.get_text(" ")
    assert (output / "tag/remote-work.html").is_file()

    feed = feedparser.parse((output / "feeds/all.atom.xml").read_bytes())
    assert not feed.bozo
    assert {e.title for e in feed.entries} == {"PyCon US", "Europe, part 1: Lisbon"}

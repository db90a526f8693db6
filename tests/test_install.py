"""The bundle installed from its wheel into a fresh virtual environment.

A site shaped like ``pelican-quickstart``'s output is built with the real
``pelican`` command, first with Pelican's default theme, then with Postcard.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuilder import run_pelican

pytestmark = pytest.mark.slow

SEED_LIKE_POST = """\
---
layout: post
title: PyCon US
description: A Python Developer's Conference in Pittsburgh, PA
date: 2024-05-21T07:00:00-07:00
tags: Life
---

# PyCon US 2024

A first PyCon, talks, open spaces and a shift at a community booth.
"""

QUICKSTART_CONF = """\
AUTHOR = "Test Author"
SITENAME = "Quickstart Site"
SITEURL = ""

PATH = "content"

TIMEZONE = "UTC"

DEFAULT_LANG = "en"

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

LINKS = (("Pelican", "https://getpelican.com/"),)
SOCIAL = (("You can add links in your config file", "#"),)

DEFAULT_PAGINATION = 10
"""


@pytest.fixture(scope="module")
def venv_python(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh virtual environment with only the wheel (and its dependencies)."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    return python


def make_quickstart_site(root: Path, extra_conf: str) -> Path:
    """Lay out a site the way ``pelican-quickstart`` does, plus ``extra_conf``."""
    (root / "content").mkdir(parents=True)
    (root / "output").mkdir()
    (root / "pelicanconf.py").write_text(
        QUICKSTART_CONF + textwrap.dedent(extra_conf), encoding="utf-8"
    )
    (root / "content" / "2024-05-21-pycon-us.md").write_text(
        SEED_LIKE_POST, encoding="utf-8"
    )
    return root


def build(site: Path, python: str) -> str:
    result = run_pelican(
        site, "content", "-s", "pelicanconf.py", "-o", "output", python=python
    )
    log = result.stdout + result.stderr
    assert "ERROR" not in log, log
    assert "CRITICAL" not in log, log
    return log


def read(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / "output" / rel).read_text("utf-8"), "html.parser")


def test_installed_package_is_a_namespace_plugin(venv_python: str) -> None:
    code = (
        "from pelican.plugins._utils import get_namespace_plugins;"
        "import pelican.plugins.postcard as p, os;"
        "print(sorted(get_namespace_plugins()));"
        "print(os.path.isfile(os.path.join(p.THEME, 'templates', 'base.html')))"
    )
    out = subprocess.run(
        [venv_python, "-c", code], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    for name in (
        "postcard",
        "front_matter",
        "description_cards",
        "post_series",
        "tag_summaries",
    ):
        assert f"'pelican.plugins.{name}'" in out[0]
    assert out[1] == "True"
    # THEME points into the installed package, not at a source checkout.
    theme = subprocess.run(
        [
            venv_python,
            "-c",
            "from pelican.plugins import postcard;print(postcard.THEME)",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert "site-packages" in theme


@pytest.mark.parametrize("theme_line", ["", "THEME = postcard.THEME\n"])
def test_quickstart_site_builds(
    venv_python: str, tmp_path: Path, theme_line: str
) -> None:
    site = make_quickstart_site(
        tmp_path / "site",
        '\nfrom pelican.plugins import postcard\nPLUGINS = ["postcard"]\n' + theme_line,
    )
    build(site, venv_python)

    page = read(site, "pycon-us.html")
    # front_matter: the title is the header's, and the header is not in the body.
    h1_texts = [h.get_text(strip=True) for h in page.find_all(["h1", "h2"])]
    assert any(t == "PyCon US" for t in h1_texts), h1_texts
    assert "layout: post" not in page.get_text()
    # description_cards: exactly one description, the front matter's.
    metas = page.find_all("meta", attrs={"name": "description"})
    assert [m["content"] for m in metas] == [
        "A Python Developer's Conference in Pittsburgh, PA"
    ]
    og = page.find("meta", attrs={"property": "og:description"})
    assert og is not None
    assert og["content"] == "A Python Developer's Conference in Pittsburgh, PA"
    # The Life tag page exists and lists the post.
    tag_page = read(site, "tag/life.html")
    links = [a.get("href", "") for a in tag_page.find_all("a")]
    assert any(href.endswith("pycon-us.html") for href in links)

"""The benchmark's Jekyll site (``benchmarks/corpus.py``) is equal work for each
side it compares: ``jekyll build``, ``pelican`` through ``JEKYLL_SITE``, and
``pelican`` with the plain settings of ``benchmarks/build.py`` write the same
posts, pages, static files and feed."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from bs4 import BeautifulSoup
from jekyll_reference import jekyll_build, output_files, pelican_messages
from sitebuilder import REPO, run_pelican

POSTS = 20
# Pelican's own two warnings about settings, logged before any plugin runs.
PELICAN_SETTINGS_WARNINGS = ("Feeds generated without SITEURL", "No timezone")
_POST_PATH = re.compile(r"[a-z]+/\d{4}/\d{2}/\d{2}/[^/]+\.html")


def load(name: str) -> ModuleType:
    """A module of ``benchmarks/`` by path (benchmarks/ is no package)."""
    spec = importlib.util.spec_from_file_location(
        f"postcard_bench_{name}", REPO / "benchmarks" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(sys.modules[spec.name])
    return sys.modules[spec.name]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The benchmark's Jekyll site of 20 posts, and the corpus it was made of."""
    corpus = load("corpus")
    data = corpus.generate(POSTS)
    root = tmp_path_factory.mktemp("bench") / "site"
    corpus.write_jekyll_site(data, root)
    return root, data


def pelican_build(cwd: Path, settings: Path, output: Path) -> str:
    result = run_pelican(cwd, "-s", str(settings), "-o", str(output))
    log = result.stdout + result.stderr
    assert pelican_messages(log, "ERROR") == [] and "CRITICAL" not in log
    return log


def test_jekyll_and_jekyll_site_write_the_same_files(
    site: tuple[Path, object], tmp_path: Path
) -> None:
    root, data = site
    jekyll = output_files(jekyll_build(root, tmp_path / "jekyll"))
    log = pelican_build(root, root / "pelicanconf.py", tmp_path / "pelican")
    pelican = output_files(tmp_path / "pelican")
    posts = {path for path in jekyll if _POST_PATH.fullmatch(path)}
    assert len(posts) == POSTS
    theme = {path for path in pelican if path.startswith("theme/")}
    # The posts' series pages: Jekyll ignores their ``series``.
    series = {path for path in pelican if path.startswith("series/")}
    slugify = sys.modules["postcard_bench_corpus"]._slug
    assert series == {
        f"series/{slugify(p.series)}.html" for p in data.posts if p.series
    }
    assert series and pelican - theme - series == jekyll
    assert {"index.html", "feed.xml", "about/index.html", "404.html"} <= jekyll
    assert "assets/images/photo-8.jpg" in jekyll and "CNAME" in jekyll
    warnings = [
        m
        for m in pelican_messages(log, "WARNING")
        if not m.startswith(PELICAN_SETTINGS_WARNINGS)
    ]
    assert warnings == [
        "1 Jekyll file not built as Jekyll builds it: index.md: lists posts in "
        "Liquid; Pelican's index, at index.html"
    ]


def test_plain_settings_write_what_jekyll_site_writes(
    site: tuple[Path, object], tmp_path: Path
) -> None:
    root, _ = site
    build = load("build")
    conf = build.write_plain_settings(root, tmp_path / "plain")
    log = pelican_build(tmp_path / "plain", conf, tmp_path / "plain-out")
    pelican_build(root, root / "pelicanconf.py", tmp_path / "tree-out")
    plain = output_files(tmp_path / "plain-out")
    tree = output_files(tmp_path / "tree-out")
    # Pelican's {date:%d} is the post's own day, Jekyll's the site's (UTC): the
    # same files, a few a day apart.
    assert {p for p in plain if not _POST_PATH.fullmatch(p)} == {
        p for p in tree if not _POST_PATH.fullmatch(p)
    }
    plain_posts = sorted(p.rsplit("/", 1)[1] for p in plain if _POST_PATH.fullmatch(p))
    tree_posts = sorted(p.rsplit("/", 1)[1] for p in tree if _POST_PATH.fullmatch(p))
    assert plain_posts == tree_posts and len(tree_posts) == POSTS
    assert pelican_messages(log, "WARNING") == []
    assert (tmp_path / "plain" / "cache" / "jinja").is_dir()


def test_the_liquid_pair_writes_the_same_pages(tmp_path: Path) -> None:
    # jekyll_liquid / jekyll_liquid_rendered: one Liquid step apart, nothing else.
    corpus = load("corpus")
    data = corpus.generate(POSTS)
    outputs = {}
    for kind in ("liquid", "rendered"):
        root = tmp_path / kind
        corpus.write_jekyll_site(data, root, liquid=kind)
        log = pelican_build(root, root / "pelicanconf.py", tmp_path / f"{kind}-out")
        warnings = pelican_messages(log, "WARNING")
        assert [m for m in warnings if "Liquid:" in m or "_posts/" in m] == []
        outputs[kind] = output_files(tmp_path / f"{kind}-out")
    assert outputs["liquid"] == outputs["rendered"]
    assert sum(1 for p in data.posts if "{%" in p.liquid) >= POSTS // 5 - 1
    for name in sorted(outputs["liquid"]):
        if not name.endswith(".html"):
            continue
        html = (tmp_path / "liquid-out" / name).read_text("utf-8")
        soup = BeautifulSoup(html, "html.parser")
        for code in soup.find_all(["code", "pre"]):
            code.decompose()  # {% raw %} keeps Liquid as text inside code
        assert "{%" not in soup.get_text() and "{{" not in soup.get_text(), name

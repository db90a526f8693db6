"""A Jekyll site built by ``jekyll build`` and by ``pelican`` through JEKYLL_SITE.

Each fixture under ``tests/fixtures/jekyll/`` is a small Jekyll site; its
layout (``probe.html``, one copy for all) prints, as ``<meta name="probe:...">``,
what Jekyll made of each post and page (its source, title, instant, tags,
categories). The same tree gets the four-line ``pelicanconf.py`` of the
contract and is built with the real ``pelican`` command, with a theme override
printing the same probes. The test asserts the same output files (posts, pages,
static files, feeds) and, per post and page, the same probes; each difference
Pelican cannot avoid is named in ``EXCEPTIONS`` with its reason.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from jekyll_reference import (
    jekyll_build,
    output_files,
    pelican_messages,
    redirect_pages,
    require_jekyll,
)
from sitebuilder import run_pelican

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "jekyll"

CONTRACT = """\
from pelican.plugins import postcard
PLUGINS = ["postcard"]
THEME = postcard.THEME
JEKYLL_SITE = "."
"""

_PROBES = """
<meta name="probe:source" content="{{ item.relative_source_path|e }}">
<meta name="probe:title" content="{{ item.title|e }}">
"""
PELICAN_PROBES = {
    "article.html": (
        "<!DOCTYPE html><html><head>"
        '<meta name="probe:kind" content="post">{% set item = article %}'
        + _PROBES
        + '<meta name="probe:instant" content="{{ article.date.timestamp()|int }}">'
        "{% for tag in article.tags %}"
        '<meta name="probe:tag" content="{{ tag.name|e }}">{% endfor %}'
        "{% for c in article.categories or [] %}"
        '<meta name="probe:category" content="{{ c|e }}">{% endfor %}'
        "</head><body>{{ article.content }}</body></html>"
    ),
    "page.html": (
        "<!DOCTYPE html><html><head>"
        '<meta name="probe:kind" content="page">{% set item = page %}'
        + _PROBES
        + "</head><body>{{ page.content }}</body></html>"
    ),
}

# Where Pelican cannot match Jekyll, and why.
EXCEPTIONS = {
    "untitled page": (
        "Jekyll leaves a page without a title untitled; Pelican needs a title and "
        "takes the file name's (about.md: 'About'), an index page the site's"
    ),
    "theme files": "Pelican writes its theme's CSS and icons below theme/",
    "listing page": (
        "a page whose Liquid lists the posts (an index, an archive) is Pelican's "
        "own template at the same path: the path is checked, not the probes"
    ),
}
# Pelican's own two warnings about settings, logged before any plugin runs.
PELICAN_SETTINGS_WARNINGS = (
    "Feeds generated without SITEURL",
    "No timezone information specified",
)


@dataclass
class Builds:
    """One fixture built both ways."""

    jekyll: Path
    pelican: Path
    source: Path
    log: str
    seconds: float

    def pelican_files(self) -> set[str]:
        return {f for f in output_files(self.pelican) if not f.startswith("theme/")}

    def messages(self, level: str) -> list[str]:
        """Pelican's log records at ``level``, each on one line."""
        return pelican_messages(self.log, level)


def _copy(name: str, destination: Path, prepare: Callable[[Path], None] | None) -> Path:
    shutil.copytree(FIXTURES / name, destination)
    # Every fixture prints its probes with the same layout, kept once.
    (destination / "_layouts").mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "probe.html", destination / "_layouts" / "probe.html")
    if prepare is not None:
        prepare(destination)
    return destination


def build_both(
    name: str,
    tmp_path: Path,
    prepare: Callable[[Path], None] | None = None,
    *,
    with_probes: bool = True,
    settings: str = "",
) -> Builds:
    """Build fixture ``name`` with Jekyll and with Pelican (in parallel: two
    copies of the tree, since Pelican leaves its cache in the site); Pelican
    with the probe templates over the Postcard theme, or with the theme alone,
    and ``settings`` (lines of Python) after the contract's four lines."""
    require_jekyll()
    jekyll_source = _copy(name, tmp_path / "jekyll-src", prepare)
    source = _copy(name, tmp_path / "site", prepare)
    (source / "pelicanconf.py").write_text(CONTRACT + settings, encoding="utf-8")
    probes = tmp_path / "probes"
    probes.mkdir()
    for template, text in PELICAN_PROBES.items():
        (probes / template).write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    args = ("-s", "pelicanconf.py", "-o", str(output), "--verbose")
    override = ("-e", f'THEME_TEMPLATES_OVERRIDES=["{probes.as_posix()}"]')
    override = override if with_probes else ()
    start = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        jekyll = pool.submit(jekyll_build, jekyll_source, tmp_path / "_site")
        pelican = pool.submit(run_pelican, source, *args, *override, check=False)
        site, result = jekyll.result(), pelican.result()
    seconds = time.perf_counter() - start
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "CRITICAL" not in log, log
    return Builds(site, output, source, log, seconds)


def probes(root: Path, files: set[str]) -> dict[str, dict[str, object]]:
    """What every HTML output with probes says, by output path."""
    found = {}
    for name in sorted(files):
        if not name.endswith(".html"):
            continue
        soup = BeautifulSoup((root / name).read_text("utf-8"), "html.parser")
        metas = soup.find_all("meta", attrs={"name": re.compile("^probe:")})
        if not metas:
            continue
        values: dict[str, list[str]] = {}
        for meta in metas:
            key = meta["name"].removeprefix("probe:")
            values.setdefault(key, []).append(meta.get("content", ""))
        found[name] = {
            key: items if key in ("tag", "category") else items[0]
            for key, items in values.items()
        }
    return found


def assert_same_site(
    builds: Builds,
    untitled: set[str] = frozenset(),
    replaced: set[str] = frozenset(),
) -> None:
    """The same files, and the same probes per post and page; ``untitled`` are
    the output paths of pages without a title (EXCEPTIONS["untitled page"]),
    ``replaced`` those of Liquid listings (EXCEPTIONS["listing page"])."""
    jekyll_files = output_files(builds.jekyll)
    assert builds.pelican_files() == jekyll_files
    ours = probes(builds.pelican, jekyll_files - replaced)
    theirs = probes(builds.jekyll, jekyll_files - replaced)
    assert theirs, "no probes: the fixture's layouts print none"
    assert set(ours) == set(theirs)
    for path in untitled:
        assert theirs[path]["title"] == "", path
        ours[path]["title"] = ""
    for path in sorted(theirs):
        assert ours[path] == theirs[path], path


def settings_warnings_only(builds: Builds) -> list[str]:
    return [
        w
        for w in builds.messages("WARNING")
        if not w.startswith(PELICAN_SETTINGS_WARNINGS)
    ]


# --- every permalink style ------------------------------------------------------


def _style(style: str) -> Callable[[Path], None]:
    def prepare(root: Path) -> None:
        config = root / "_config.yml"
        data = yaml.safe_load(config.read_text("utf-8"))
        data["permalink"] = style
        config.write_text(yaml.safe_dump(data), "utf-8")

    return prepare


@pytest.mark.parametrize("style", ["date", "pretty", "ordinal", "weekdate", "none"])
def test_every_permalink_style(tmp_path: Path, style: str) -> None:
    builds = build_both("styles", tmp_path, _style(style))
    assert_same_site(builds, untitled={_about(style)})
    # The style "none" gives two posts of one slug one URL, in Jekyll too.
    collision = (
        "_posts/2020-05-01-same-slug.md and _posts/2019-05-01-same-slug.md: Jekyll "
        "writes both to same-slug.html and keeps _posts/2020-05-01-same-slug.md;"
        " so does this build (give the other a permalink of its own)"
    )
    assert builds.messages("ERROR") == ([collision] if style == "none" else [])
    assert settings_warnings_only(builds) == []


def _about(style: str) -> str:
    return "about/index.html" if style == "pretty" else "about.html"


# --- placeholders and defaults ----------------------------------------------------


def test_every_placeholder_and_defaults_by_path_and_type(tmp_path: Path) -> None:
    builds = build_both("placeholders", tmp_path)
    assert_same_site(builds)
    assert builds.messages("ERROR") == []
    assert settings_warnings_only(builds) == []
    # What the test covers, so that a build of nothing cannot pass it.
    files = builds.pelican_files()
    assert {
        "2021/21/01/1/Jan/January/03/3/003/14/05/09/53/2020/7/Sun/Sunday/"
        "every-date.html",
        "über cats/c++ & more/über-cats/c-more/2021-01-04-names/names/posts/"
        "2021-01-04-names/index.html",
        "s/my-own-slug/My.Own-Slug/index.html",
        "one/two/2021/Site-Template/index.html",
        "blog/2020/02/in-blog/index.html",
        "special/3/9/20/Special.Post.html",
        "guides/intro/index.html",
        "n/one.html",
        "01_05/a/b/dots.php",
    } <= files


# --- dates, drafts, future posts -------------------------------------------------


def test_dates_as_jekyll_reads_them(tmp_path: Path) -> None:
    builds = build_both("dates", tmp_path)
    assert_same_site(builds)
    assert builds.messages("ERROR") == []
    assert settings_warnings_only(builds) == []
    held = "2 posts dated after this build not published"
    assert any(m.startswith(held) for m in builds.messages("INFO"))
    files = builds.pelican_files()
    assert not any("future" in name for name in files)
    # Unquoted, a naive time is UTC to Ruby's YAML: 02:00 UTC is the day before
    # in Los Angeles; quoted, it is Los Angeles time.
    assert "2019/12/31/18/naive-unquoted/index.html" in files
    assert "2020/01/01/02/naive-quoted/index.html" in files
    assert "2016/03/21/09/edt/index.html" in files  # 12:00 EDT is 09:00 PDT
    assert "2024/03/01/00/rollover/index.html" in files  # February 30th
    assert len(files) == 16


def _no_timezone(root: Path) -> None:
    config = root / "_config.yml"
    data = yaml.safe_load(config.read_text("utf-8"))
    del data["timezone"]
    config.write_text(yaml.safe_dump(data), "utf-8")


def test_without_a_timezone_the_machines_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Jekyll then reads dates in the machine's zone; so does Pelican.
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    builds = build_both("dates", tmp_path, _no_timezone)
    assert_same_site(builds)
    assert builds.messages("ERROR") == []
    (summary,) = [m for m in builds.messages("INFO") if m.startswith("Jekyll site")]
    assert "timezone Pacific/Auckland (the machine's, from TZ; " in summary
    # 02:00 UTC is 15:00 in Auckland; 12:00 EDT is 05:00 the next day there.
    files = builds.pelican_files()
    assert "2020/01/01/15/naive-unquoted/index.html" in files
    assert "2016/03/22/05/edt/index.html" in files


# --- url, baseurl, jekyll-feed, listing pages -------------------------------------


def _entry_links(path: Path) -> list[str]:
    soup = BeautifulSoup(path.read_text("utf-8"), "xml")
    return [entry.find("link")["href"] for entry in soup.find_all("entry")]


def test_baseurl_and_jekyll_feed(tmp_path: Path) -> None:
    builds = build_both("feeds", tmp_path)
    # Jekyll's Liquid listings are Pelican's templates at the same paths.
    assert_same_site(builds, replaced={"archive/index.html"})
    assert builds.messages("ERROR") == []
    assert settings_warnings_only(builds) == [
        "2 Jekyll files not built as Jekyll builds them: "
        "archive.md: lists posts in Liquid; Pelican's archives, at archive/index.html "
        "index.html: lists posts in Liquid; Pelican's index, at index.html"
    ]
    feeds = ["feed.xml", "feed/news.xml", "feed/by_tag/python.xml"]
    feeds.append("feed/by_tag/ruby.xml")
    for feed in feeds:
        links = _entry_links(builds.pelican / feed)
        assert links == _entry_links(builds.jekyll / feed), feed
        assert links and all(
            link.startswith("https://example.org/blog/") for link in links
        )


# --- redirects (jekyll-redirect-from) ----------------------------------------------

# What the redirects fixture asks for: each old path and redirect_to page (pages
# follow the site's permalink, /:year/:title/, so they are folders too).
REDIRECTS = {
    "old/index.html": "2024/moved-here/",
    "old-name.html": "2024/moved-here/",
    "2019/old.html": "2024/moved-here/",
    "no-leading-slash.html": "2024/moved-here/",
    "deep/er/index.html": "2024/moved-here/",
    "feed-old.xml": "2024/moved-here/",
    "with space/é.html": "2024/moved-here/",
    "site-path-old/index.html": "2024/site-path/",
    "single-text/index.html": "2024/text/",
    "about-me/index.html": "about/",
    "guide/index.html": "docs/guide/",
    "manual.html": "docs/guide/",
    "2024/site-path/index.html": "2024/moved-here/",
    "2024/first-of-list/index.html": "about/",
    "moved/index.html": "new/",
    "former/index.html": "about/",
}
BLOG = "https://example.org/blog/"


def _expected_redirects() -> dict[str, str]:
    expected = {path: BLOG + target for path, target in REDIRECTS.items()}
    expected["2024/elsewhere/index.html"] = (
        "https://elsewhere.example.org/post?from=blog"
    )
    return expected


def _summary(builds: Builds) -> str:
    (line,) = [m for m in builds.messages("INFO") if m.startswith("Jekyll site")]
    return line


def test_redirects_through_jekyll_site(tmp_path: Path) -> None:
    builds = build_both("redirects", tmp_path)
    assert_same_site(builds)
    expected = _expected_redirects()
    assert redirect_pages(builds.jekyll) == expected
    assert redirect_pages(builds.pelican) == expected
    json_file = "redirects.json"
    jekyll_json = json.loads((builds.jekyll / json_file).read_text("utf-8"))
    pelican_json = json.loads((builds.pelican / json_file).read_text("utf-8"))
    assert list(pelican_json.items()) == list(jekyll_json.items())
    assert builds.messages("ERROR") == []
    assert settings_warnings_only(builds) == []
    assert f", {len(expected)} redirects;" in _summary(builds)


def _config(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def prepare(root: Path) -> None:
        config = root / "_config.yml"
        data = yaml.safe_load(config.read_text("utf-8"))
        change(data)
        config.write_text(yaml.safe_dump(data), "utf-8")

    return prepare


def test_redirects_json_off_as_in_config(tmp_path: Path) -> None:
    prepare = _config(lambda data: data.update(redirect_from={"json": False}))
    builds = build_both("redirects", tmp_path, prepare)
    assert_same_site(builds)
    assert "redirects.json" not in builds.pelican_files()
    assert redirect_pages(builds.pelican) == _expected_redirects()


def test_without_jekyll_redirect_from_redirect_from_is_plain_metadata(
    tmp_path: Path,
) -> None:
    prepare = _config(lambda data: data.pop("plugins"))
    builds = build_both("redirects", tmp_path, prepare)
    # The redirect_to posts and pages are posts and pages, as in Jekyll.
    assert_same_site(builds)
    assert redirect_pages(builds.pelican) == {}
    assert ", 0 redirects;" in _summary(builds)
    # Unless the settings file asks for them.
    asked = build_both(
        "redirects", tmp_path / "asked", prepare, settings="JEKYLL_REDIRECTS = True\n"
    )
    assert redirect_pages(asked.pelican) == _expected_redirects()
    assert "redirects.json" in asked.pelican_files()


# --- collisions -------------------------------------------------------------------


def test_where_jekylls_urls_collide_the_same_file_wins(tmp_path: Path) -> None:
    builds = build_both("collisions", tmp_path)
    assert_same_site(builds)
    kept = "so does this build (give the other a permalink of its own)"
    assert builds.messages("ERROR") == [
        "_posts/2020-01-01-hello.md and _posts/2019-01-01-hello.md: Jekyll writes "
        f"both to hello/index.html and keeps _posts/2020-01-01-hello.md; {kept}",
        "about/index.html and about.md: Jekyll writes both to about/index.html "
        f"and keeps about/index.html; {kept}",
        "_posts/2020-01-03-taken.md and taken.md: Jekyll writes both to "
        f"taken/index.html and keeps _posts/2020-01-03-taken.md; {kept}",
    ]
    hello = probes(builds.pelican, {"hello/index.html"})["hello/index.html"]
    assert hello["title"] == "Hello, 2020"


# --- the contract as it is: four lines, the Postcard theme --------------------------


def test_the_four_lines_with_the_postcard_theme(tmp_path: Path) -> None:
    builds = build_both("feeds", tmp_path, with_probes=False)
    assert builds.pelican_files() == output_files(builds.jekyll)
    assert builds.messages("ERROR") == []
    post = BeautifulSoup(
        (builds.pelican / "other/2024/01/02/second/index.html").read_text("utf-8"),
        "html.parser",
    )
    canonical = post.find("link", rel="canonical")
    assert canonical["href"] == "https://example.org/blog/other/2024/01/02/second/"
    # Jekyll had no tag pages: tags are named, not linked to pages that are not.
    tags = [li.get_text() for li in post.select(".card__tag")]
    assert tags == ["ruby", "python"]
    assert post.select(".card__tag a") == []
    # Jekyll 3's "{{ site.baseurl }}{% post_url %}" links below the baseurl
    # once, as on Jekyll 3 and GitHub Pages (Jekyll 4 prints /blog/blog/).
    first = post.find("a", string="the first")
    assert first["href"] == "/blog/news/2024/01/01/first/"
    jekyll_post = BeautifulSoup(
        (builds.jekyll / "other/2024/01/02/second/index.html").read_text("utf-8"),
        "html.parser",
    )
    jekyll_first = jekyll_post.find("a", string="the first")
    assert jekyll_first["href"] == "/blog/blog/news/2024/01/01/first/"

"""The JEKYLL_SITE model without Pelican: the contract's settings, a site's
plan, one document as Jekyll reads it, outputs, collisions and the build log.
The same rules run against real Jekyll in test_jekyll_site.py."""

from __future__ import annotations

import datetime
import os
import types
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sitebuilder import write_files

from pelican.plugins.jekyll.site import build_log, content_cache, contract
from pelican.plugins.jekyll.site.config import FeedConfig
from pelican.plugins.jekyll.site.documents import jekyll_document
from pelican.plugins.jekyll.site.files import (
    DRAFT,
    SiteFile,
)
from pelican.plugins.jekyll.site.files import (
    PAGE as PAGE_KIND,
)
from pelican.plugins.jekyll.site.files import (
    POST as POST_KIND,
)
from pelican.plugins.jekyll.site.model import JekyllSite, NotBuilt, load_site
from pelican.plugins.jekyll.site.outputs import (
    PAGE,
    POST,
    STATIC,
    Output,
    collisions,
    extra_feeds,
    held_back,
)
from pelican.plugins.postcard_core.document import parse_document

# --- the contract -----------------------------------------------------------------


def _module(name: str, **values: object) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__file__ = f"/sites/{name}/pelicanconf.py"
    vars(module).update(values)
    return module


def test_the_settings_modules_hold_the_very_value(tmp_path: Path) -> None:
    value = "blog-" + str(id(tmp_path))  # not interned: only its holders have it
    ours = _module("ours", JEKYLL_SITE=value, SITENAME="x")
    imported = _module("ours", JEKYLL_SITE=value, AUTHOR="y")  # publishconf's import
    other = _module("other", JEKYLL_SITE="blog-" + str(id(tmp_path)))  # equal only
    settings = {"JEKYLL_SITE": value}
    modules = {"a": ours, "b": imported, "c": other, "d": types.ModuleType("bare")}
    assert contract.settings_modules(settings, modules) == [ours, imported]
    where = contract.locate(settings, modules, {}, tmp_path)
    assert where.root == Path(f"/sites/ours/{value}")
    assert {"SITENAME", "AUTHOR", "JEKYLL_SITE"} <= where.written
    elsewhere = _module("elsewhere", JEKYLL_SITE=value)
    # In two folders: no way to tell which was the settings file.
    assert contract.locate(
        settings, {"a": ours, "e": elsewhere}, {}, tmp_path
    ).root == (tmp_path / value)
    assert contract.locate(settings, {}, {}, tmp_path).root == tmp_path / value


def test_written_settings_are_the_modules_and_what_differs() -> None:
    defaults = {
        "CACHE_CONTENT": False,
        "SITENAME": "A Pelican Blog",
        "PAGINATION_PATTERNS": ((1, "{name}", "{name}"),),
    }
    settings = {
        "CACHE_CONTENT": False,  # written, with Pelican's default value
        "SITENAME": "Mine",  # from the command line (-e)
        "PAGINATION_PATTERNS": [(1, "{name}", "{name}")],  # as Pelican left it
        "FEED_DOMAIN": "",  # Pelican derives it from SITEURL
        "jekyll_site": object(),
    }
    written = contract.written_settings(settings, ["CACHE_CONTENT"], defaults)
    assert written == {"CACHE_CONTENT", "SITENAME"}


def test_apply_keeps_written_settings_and_places_path(tmp_path: Path) -> None:
    settings = {
        "PATH": "/elsewhere",
        "SITEURL": "",
        "FEED_DOMAIN": "",
        "SITENAME": "Mine",
        "DEFAULT_LANG": "en",
    }
    proposal = {
        "PATH": str(tmp_path),
        "SITENAME": "Theirs",
        "SITEURL": "https://example.org/blog",
        "DEFAULT_LANG": "en_US",
    }
    message = contract.apply(settings, proposal, frozenset({"PATH", "SITENAME"}))
    assert message == (
        f"PATH /elsewhere is not used: JEKYLL_SITE says the content is the Jekyll "
        f"site at {tmp_path}"
    )
    assert settings == {
        "PATH": str(tmp_path),
        "SITEURL": "https://example.org/blog",
        "FEED_DOMAIN": "https://example.org/blog",  # follows SITEURL
        "SITENAME": "Mine",
        "DEFAULT_LANG": "en_us",
    }


def test_pelican_paths_below_the_site(tmp_path: Path) -> None:
    outside = str(tmp_path.parent / "cache-elsewhere")  # not below the site
    settings = {"OUTPUT_PATH": str(tmp_path / "public"), "CACHE_PATH": outside}
    paths = contract.pelican_paths(tmp_path, settings, str(tmp_path / "conf/s.py"))
    assert paths == (
        "pelicanconf.py",
        "publishconf.py",
        "__pycache__",
        "public",
        "conf/s.py",
    )


def test_site_root_is_below_the_settings_folder(tmp_path: Path) -> None:
    assert contract.site_root("../blog", tmp_path / "conf") == tmp_path / "blog"
    assert contract.site_root(str(tmp_path), Path("/x")) == tmp_path


# --- one document as Jekyll reads it ------------------------------------------------

SITE = JekyllSite(
    root="/site",
    post_permalink="/:categories/:year/:month/:day/:title:output_ext",
    page_permalink="date",
    timezone="America/New_York",
    title="The Site",
    defaults=(
        {"scope": {"path": "en"}, "values": {"categories": "Lang Defaulted", "x": 1}},
        {"scope": {"type": "pages"}, "values": {"Title": "Default title"}},
    ),
)
NOW = datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.timezone.utc).timestamp()


def _read(path: str, header: str, kind: str = POST_KIND, categories=()):
    entry = SiteFile(
        path, kind, tuple(categories), "posts" if kind != PAGE_KIND else None
    )
    document = parse_document(f"---\n{header}---\nBody\n", path)
    site = SITE if kind != PAGE_KIND else JekyllSite(**{**vars(SITE), "defaults": ()})
    return jekyll_document(site, entry, document, NOW)


def test_a_post_as_jekyll_reads_it() -> None:
    read = _read(
        "en/news/_posts/2016-03-21-We-Are.Hiring.md",
        "date: 2016-03-21 23:30 EDT\ncategories: Tech tech\ncategory: [C++ Tips]\n"
        "tags: python jekyll\n",
        categories=("en", "news"),
    )
    meta = read.document.metadata
    # Folders, then the defaults' and the post's categories, then "category".
    assert meta["category"] == [
        "en",
        "news",
        "Lang",
        "Defaulted",
        "Tech",
        "tech",
        "C++ Tips",
    ]
    assert "categories" not in meta
    assert meta["tags"] == ["python", "jekyll"]
    assert meta["title"] == "We Are.hiring"  # Jekyll's titleize_slug
    assert meta["date"] == datetime.datetime(
        2016, 3, 21, 23, 30, tzinfo=ZoneInfo("America/New_York")
    )
    assert (
        read.url
        == "/en/news/lang/defaulted/tech/c++%20tips/2016/03/21/We-Are.Hiring.html"
    )
    assert (
        meta["save_as"]
        == "en/news/lang/defaulted/tech/c++ tips/2016/03/21/We-Are.Hiring.html"
    )
    assert read.slug == "We-Are.Hiring"
    assert meta["x"] == 1 and read.problems == ()


@pytest.mark.parametrize(
    ("header", "tags"),
    [
        ("tag: one tag\ntags: [x]\n", ["one tag"]),
        ("tags: [a, ~, [b, c]]\n", ["a", "b", "c"]),
        ("tags: 2024\n", []),
        ("tags: [1, true]\n", ["1", "true"]),
    ],
)
def test_tags_as_jekyll_reads_them(header: str, tags: list[str]) -> None:
    assert _read("_posts/2020-01-01-t.md", header).document.metadata["tags"] == tags


def test_an_unreadable_date_falls_back_with_its_line() -> None:
    read = _read("_posts/2020-01-02-when.md", "title: T\ndate: unknown\n")
    assert read.document.metadata["date"] == datetime.datetime(
        2020, 1, 2, tzinfo=ZoneInfo("America/New_York")
    )
    [problem] = read.problems
    assert problem.format("x.md") == (
        "x.md:3:1: 'date' cannot be read as a date: 'unknown'; the file name's "
        "date (2020-01-02) is used"
    )


def test_a_draft_without_a_date_is_dated_by_its_file() -> None:
    read = _read("_drafts/wip.md", "title: WIP\n", kind=DRAFT)
    moment = read.document.metadata["date"]
    assert moment.timestamp() == NOW and read.url == "/2024/06/01/wip.html"


def test_an_unpublished_post_gets_no_url() -> None:
    read = _read("_posts/2020-01-01-x.md", "published: false\n")
    assert (
        "url" not in read.document.metadata and "save_as" not in read.document.metadata
    )


def test_an_unknown_placeholder_falls_back_to_the_sites_permalink() -> None:
    read = _read("_posts/2020-01-01-x.md", "title: X\npermalink: /:nonsense/\n")
    assert read.url == "/2020/01/01/x.html"
    assert [p.format("x.md") for p in read.problems] == [
        "x.md:3:1: permalink '/:nonsense/': the URL template has no :nonsense "
        "placeholder"
    ]


def test_a_page_as_jekyll_reads_it() -> None:
    about = _read("docs/about.md", "modified: not a date\n", kind=PAGE_KIND)
    assert about.url == "/docs/about.html"
    assert about.document.metadata["title"] == "About"  # Pelican needs one
    assert about.document.metadata["save_as"] == "docs/about.html"
    assert "modified" not in about.document.metadata
    assert [p.message for p in about.problems] == [
        "'modified' cannot be read as a date: 'not a date'; ignored"
    ]
    index = _read("index.html", "", kind=PAGE_KIND)
    assert index.document.metadata["title"] == "The Site"
    assert index.document.metadata["url"] == "" and index.url == "/"


# --- outputs ------------------------------------------------------------------------


def test_jekyll_feeds_extra_feeds() -> None:
    feed = FeedConfig(
        categories=("news", "empty"),
        tags=True,
        tags_only=("python", "c-sharp", "ruby", "go"),
        tags_except=("go",),
    )
    found = extra_feeds(
        feed, ["news"], ["python"], lambda p: p == "feed/by_tag/ruby.xml"
    )
    assert [(f.path, f.title) for f in found] == [
        ("feed/news.xml", "news"),
        ("feed/empty.xml", "empty"),
        ("feed/by_tag/python.xml", "python"),
    ]
    every = extra_feeds(FeedConfig(tags=True), [], ["a", "b c", "a"], lambda p: False)
    assert [f.path for f in every] == ["feed/by_tag/a.xml"]
    # Without a tag on any post, jekyll-feed writes no tag feed, even of "only".
    untagged = FeedConfig(tags=True, tags_only=("python",))
    assert extra_feeds(untagged, [], [], lambda p: False) == []
    assert found[0].wants(["news", "x"], []) and not found[2].wants(["python"], [])


def test_what_jekylls_site_keeps_where_outputs_collide() -> None:
    day = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    later = day + datetime.timedelta(days=1)
    outputs = [
        Output("a.html", "a.md", (PAGE, "a.md")),
        Output("a.html", "a.html", (STATIC, "a.html")),
        Output(
            "b/index.html",
            "_posts/2020-01-02-b.md",
            (POST, later, "_posts/2020-01-02-b.md"),
        ),
        Output(
            "b/index.html",
            "_posts/2020-01-01-b.md",
            (POST, day, "_posts/2020-01-01-b.md"),
        ),
        Output("b/index.html", "b.md", (PAGE, "b.md")),
        Output("c.html", "c.md", (PAGE, "c.md")),
    ]
    found = collisions(outputs)
    assert [
        (c.save_as, c.kept.source, [d.source for d in c.dropped]) for c in found
    ] == [
        ("a.html", "a.html", ["a.md"]),
        ("b/index.html", "_posts/2020-01-02-b.md", ["b.md", "_posts/2020-01-01-b.md"]),
    ]
    assert "Jekyll writes them all to b/index.html" in found[1].message()


def test_held_back_counts_future_posts_not_unpublished_ones() -> None:
    now = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    future = now + datetime.timedelta(seconds=1)
    drafts = [
        ({}, future),
        ({"status": "draft"}, future),
        ({}, now),
        ({}, datetime.datetime.max),  # Pelican's date for an undated draft
    ]
    assert held_back(drafts, now) == 1


# --- a site's plan ------------------------------------------------------------------


def test_a_sites_plan(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "_config.yml": "title: T\ntheme: minima\nplugins: [jekyll-feed]\n",
            "index.md": "---\nlayout: home\n---\n",  # minima's home lists posts
            "rss.xml": "---\n---\n<rss>{% for post in site.posts %}{% endfor %}</rss>",
            "feed.xml": "<feed>static: jekyll-feed leaves it alone</feed>\n",
            "blog/index.html": "---\nlayout: list\n---\n",
            "_layouts/list.html": "---\nlayout: base\n---\n{{ content }}",
            "_layouts/base.html": "{% for post in paginator.posts %}{% endfor %}",
            "theme/x.css": "a{}",
            "_posts/2024-01-01-a.md": "---\n---\nA\n",
            "_drafts/b.md": "---\n---\nB\n",
        },
    )
    plan = load_site(tmp_path)
    settings = plan.settings
    assert settings["DIRECT_TEMPLATES"] == ["archives", "index"]
    assert settings["INDEX_SAVE_AS"] == "index.html"
    assert settings["ARCHIVES_SAVE_AS"] == "blog/index.html"
    assert settings["FEED_ALL_ATOM"] is None  # feed.xml is a file of the site
    assert settings["FEED_ALL_RSS"] == "rss.xml"
    assert settings["THEME_STATIC_DIR"] == "pelican-theme"
    assert settings["SITEMAP_SAVE_AS"] == ""
    assert settings["ARTICLE_PATHS"] == ["_posts/2024-01-01-a.md"]  # drafts unshown
    assert settings["PAGE_PATHS"] == []
    assert settings["STATIC_PATHS"] == ["feed.xml", "theme/x.css"]
    assert plan.site.counts == {"posts": 1, "drafts": 1, "pages": 3, "static files": 2}
    assert [n.path for n in plan.not_built] == [
        "blog/index.html",
        "index.md",
        "rss.xml",
    ]


def test_the_build_log_lines() -> None:
    site = JekyllSite(
        root="/s",
        post_permalink="/:title/",
        page_permalink="/:title/",
        counts={"posts": 1, "drafts": 2, "pages": 0, "static files": 3},
        config_files=("_config.yml",),
    )
    assert build_log.summary(site, {"FEED_ALL_ATOM": "feed.xml"}, 1) == (
        "Jekyll site /s (_config.yml): 1 post, 2 drafts (not published: "
        "show_drafts is off), 0 pages, 3 static files, 1 redirect; permalink "
        "/:title/; timezone UTC (neither _config.yml nor the machine names a "
        "zone); feed feed.xml"
    )
    zones = {
        "_config.yml": "timezone Asia/Tokyo; ",
        "TIMEZONE": "timezone Asia/Tokyo (TIMEZONE; _config.yml names none); ",
        "TZ": "timezone Asia/Tokyo (the machine's, from TZ; _config.yml names none); ",
    }
    for origin, said in zones.items():
        zoned = replace(site, timezone="Asia/Tokyo", timezone_origin=origin)
        assert said in build_log.summary(zoned, {}, 0)
    assert build_log.not_built([NotBuilt("a.scss", "Sass")]) == (
        "1 Jekyll file not built as Jekyll builds it:\n  a.scss: Sass"
    )
    assert build_log.held_back(1).startswith("1 post dated after this build")


def test_the_cache_stamp_follows_the_config(tmp_path: Path) -> None:
    site = JekyllSite(root="/s", post_permalink="/:title/", page_permalink="date")
    settings = {
        "CACHE_PATH": str(tmp_path),
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
    }
    content_cache.check_cache(settings, site)
    assert settings["LOAD_CONTENT_CACHE"] is False  # no stamp yet
    content_cache.save_cache_stamp(settings, site)
    again = {**settings, "LOAD_CONTENT_CACHE": True}
    content_cache.check_cache(again, site)
    assert again["LOAD_CONTENT_CACHE"] is True
    changed = JekyllSite(
        root="/s", post_permalink="/:year/:title/", page_permalink="date"
    )
    content_cache.check_cache(again, changed)
    assert again["LOAD_CONTENT_CACHE"] is False
    assert os.listdir(tmp_path) == ["jekyll-site.stamp"]


@pytest.mark.parametrize(
    ("header", "title"),
    [("title: 0\n", 0), ("title: ''\n", "A Title"), ("title: false\n", "A Title")],
)
def test_a_post_keeps_any_title_jekyll_keeps(header: str, title: object) -> None:
    read = _read("_posts/2020-01-01-a-title.md", header)
    assert read.document.metadata["title"] == title

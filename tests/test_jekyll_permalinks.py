"""jekyll.permalinks against real Jekyll: the files ``jekyll build`` writes.

Each test writes one small Jekyll tree (posts in folders, front-matter dates,
slugs, categories and permalinks, a draft, pages at several depths), builds it
once with Jekyll under one ``permalink`` style and time zone, and asserts the
engine predicts exactly the set of files in ``_site``.
"""

from __future__ import annotations

import datetime
import posixpath
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from jekyll_reference import jekyll_build, output_files, require_jekyll

from pelican.plugins.jekyll.rules.dates import time_from_yaml
from pelican.plugins.jekyll.rules.file_names import post_name
from pelican.plugins.jekyll.rules.permalinks import (
    UrlFacts,
    cleaned_relative_path,
    document_url,
    escape_path,
    output_ext_for,
    output_path,
    page_url,
    permalink_template,
    post_categories,
    render_url,
    sanitize_url,
)

EVERY_DATE = (
    "/:year/:short_year/:month/:i_month/:short_month/:long_month/:day/:i_day"
    "/:y_day/:hour/:minute/:second/:week/:w_year/:w_day/:short_day/:long_day"
    "/:title:output_ext"
)

POSTS = {
    "_posts/2020-01-05-We-Are-Hiring.md": "",
    "_posts/2017-02-05-jekyll-sass-converter-3.0-released.md": "",
    "en/news/_posts/2019-12-31-new-year.md": "",
    "_posts/2021-03-04-fm-cats.md": "categories: Tech News\ncategory: C++ Tips\n",
    "_posts/2016-06-17-naive-utc.md": "date: 2016-06-17 02:00:00\n",
    "_posts/2016-06-17-late-offset.md": 'date: "2016-06-17 23:30:00 -0800"\n',
    "_posts/2016-06-17-with-slug.md": "slug: Custom.Slug Here\n",
    "_posts/2024-02-30-leap.md": "",
    "_posts/2017-2-5-unpadded.md": "",
    "_posts/2016-03-21-edt.md": "date: 2016-03-21 23:30 EDT\n",
    "_posts/sub/2018-07-01-in-subfolder.md": "",
    "_posts/2021-01-03-every-date.md": (
        f'date: "2021-01-03 14:05:09"\npermalink: "{EVERY_DATE}"\n'
    ),
    "_posts/2021-01-04-escaped.md": (
        'categories: ["Über Cats", "C++ & more"]\n'
        'permalink: "/:categories/:slugified_categories/:name/:slug'
        '/:collection/:path/"\n'
    ),
    "_posts/2021-01-05-dots.md": 'permalink: "/:month_:day/a/../b/./:title.php"\n',
    "_posts/2021-01-06-literal.md": "permalink: /plain/\n",
    "_drafts/a-draft.md": "date: 2015-05-05 10:00:00 +0000\ntitle: Draft\n",
}

PAGES = {
    "index.md": "",
    "about.md": "",
    "contact.html": "",
    "Hello World.md": "",
    "docs/index.md": "",
    "docs/guide.md": "",
    "docs/sub/deep.markdown": "",
    "feed.xml": "",
    "docs/data.json": "",
    "custom.md": "permalink: /custom/\n",
    "tpl.md": "permalink: /:path/:basename-x:output_ext\n",
    "docs/own.md": "permalink: /elsewhere/own.html\n",
}

CONVERTED = {".md": ".html", ".markdown": ".html"}


def _write_tree(root: Path, style: str, zone: str) -> None:
    root.mkdir(parents=True)
    config = {"permalink": style, "timezone": zone, "markdown": "kramdown"}
    (root / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    for relative, header in {**POSTS, **PAGES}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{header}---\nText.\n", encoding="utf-8")


def _post_output(relative: str, header: str, style: str, zone: ZoneInfo) -> str:
    front = yaml.safe_load(header) or {}
    ext = posixpath.splitext(relative)[1]
    name = posixpath.basename(relative)[: -len(ext)]
    named = post_name(relative, zone)
    slug = named.slug if named else name
    date = time_from_yaml(front["date"], zone) if "date" in front else named.date
    special = "_posts" if "_posts/" in relative else "_drafts"
    folders = relative.split(special)[0].strip("/").split("/")
    permalink = front.get("permalink")
    output_ext = output_ext_for(permalink, CONVERTED.get(ext, ext))
    facts = UrlFacts(
        date=date,
        slug=str(front.get("slug", slug)),
        name=name,
        path=cleaned_relative_path(relative),
        output_ext=output_ext,
        categories=post_categories([f for f in folders if f], front),
    )
    url = document_url(facts, style, permalink)
    return output_path(url, output_ext)


def _page_output(relative: str, header: str, style: str) -> str:
    front = yaml.safe_load(header) or {}
    folder, file_name = posixpath.split(relative)
    ext = posixpath.splitext(file_name)[1]
    permalink = front.get("permalink")
    output_ext = output_ext_for(permalink, CONVERTED.get(ext, ext))
    url = page_url(
        f"/{folder}" if folder else "", file_name, output_ext, style, permalink
    )
    return output_path(url, output_ext, page=True)


@pytest.mark.parametrize(
    ("style", "zone"),
    [
        ("date", "America/New_York"),
        ("pretty", "Pacific/Auckland"),
        ("ordinal", "UTC"),
        ("weekdate", "Asia/Kolkata"),
        ("none", "America/Los_Angeles"),
        ("/blog/:categories/:year/:title/", "Europe/Berlin"),
        ("/:year/:slug:output_ext", "Pacific/Auckland"),
    ],
)
def test_engine_predicts_every_file_jekyll_writes(
    tmp_path: Path, style: str, zone: str
) -> None:
    require_jekyll()
    source = tmp_path / "src"
    _write_tree(source, style, zone)
    site = jekyll_build(source, tmp_path / "_site", "--drafts")
    expected = {
        _post_output(relative, header, style, ZoneInfo(zone))
        for relative, header in POSTS.items()
    } | {_page_output(relative, header, style) for relative, header in PAGES.items()}
    assert len(expected) == len(POSTS) + len(PAGES)  # no two files collide
    assert output_files(site) == expected


def _facts(**changes: object) -> UrlFacts:
    base: dict[str, object] = {
        "date": datetime.datetime(2024, 1, 1, 9, 5, tzinfo=ZoneInfo("UTC")),
        "slug": "We-Are-Hiring",
        "name": "2024-01-01-We-Are-Hiring",
        "path": "/2024-01-01-We-Are-Hiring",
    }
    base.update(changes)
    return UrlFacts(**base)  # type: ignore[arg-type]


def test_templates_for_posts_and_pages() -> None:
    assert permalink_template("date") == STYLE_DATE
    assert permalink_template("pretty", "page") == "/:path/:basename/"
    assert permalink_template("weekdate", "page") == "/:path/:basename"
    assert permalink_template("none", "page") == "/:path/:basename:output_ext"
    assert permalink_template("/:year/:title/", "page") == "/:path/:basename/"
    assert permalink_template("/:year/:title", "draft") == "/:year/:title"


STYLE_DATE = "/:categories/:year/:month/:day/:title:output_ext"


def test_render_url_rules() -> None:
    facts = _facts()
    assert render_url(STYLE_DATE, facts) == "/2024/01/01/We-Are-Hiring.html"
    assert render_url("/:slug/", facts) == "/we-are-hiring/"
    assert render_url("/:month_:day/", facts) == "/01_01/"
    assert render_url("/:Year/:title", facts) == "/:Year/We-Are-Hiring"
    assert render_url("/a/../:title/./x", facts) == "/a/We-Are-Hiring/x"
    with pytest.raises(KeyError):
        render_url("/:nonsense/", facts)
    spaced = _facts(categories=("C++ Tips", "c++ tips", "Ünï"))
    assert render_url("/:categories/", spaced) == "/c++%20tips/%C3%BCn%C3%AF/"
    assert render_url("/:slugified_categories/", spaced) == "/c-tips/%C3%BCn%C3%AF/"


def test_escaping_and_sanitising() -> None:
    assert escape_path("plain/path-1.0") == "plain/path-1.0"
    assert escape_path("a b") == "a%20b"
    assert escape_path("a#b#c") == "a%23b%23c"
    assert escape_path("what?x") == "what?x"
    assert sanitize_url("a//b/../c/./d") == "/a/b/c/d"


def test_pages_and_outputs() -> None:
    assert page_url("", "about.md") == "/about.html"
    assert page_url("", "about.md", site_permalink="pretty") == "/about/"
    assert page_url("/docs", "index.md", site_permalink="pretty") == "/docs/"
    assert page_url("", "feed.xml", ".xml", "pretty") == "/feed.xml"
    assert output_path("/about/", ".html") == "about/index.html"
    assert output_path("/feed/", ".xml", page=True) == "feed/index.xml"
    assert output_path("/feed/", ".xml") == "feed/index.html"
    assert output_path("/a%20b", ".html") == "a b.html"
    assert output_path("/x.html", ".html") == "x.html"

"""sitemap_xml: the model's XML, and the sitemap real builds leave behind."""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
from itertools import chain
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import etree
from pelican.settings import get_settings_from_file
from sitebuilder import EXAMPLE_SITE, build_site

from pelican.plugins.sitemap_xml import model

NS = {"s": model.NAMESPACE}
# W3C Datetime (https://www.w3.org/TR/NOTE-datetime), the forms sitemaps accept.
W3C = re.compile(
    r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$"
)
SITE = "https://example.com"


def parse(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"))


def locs(root: etree._Element, tag: str = "url") -> list[str]:
    return root.xpath(f"/*/s:{tag}/s:loc/text()", namespaces=NS)


# --- the model -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (
            dt.datetime(2024, 5, 21, 7, 0, tzinfo=dt.timezone(dt.timedelta(hours=-7))),
            "2024-05-21T07:00:00-07:00",
        ),
        (
            dt.datetime(2024, 5, 21, 7, 0, 5, 123, tzinfo=dt.timezone.utc),
            "2024-05-21T07:00:05Z",
        ),
        (dt.datetime(2024, 5, 21, 7, 0), "2024-05-21"),  # no zone: the date alone
        (dt.date(2024, 5, 21), "2024-05-21"),
    ],
)
def test_w3c_datetimes(moment, expected):
    assert model.w3c_datetime(moment) == expected
    assert W3C.match(expected)


def test_urls_are_absolute_and_percent_encoded():
    assert model.absolute_url(SITE + "/", "/a/b.html") == SITE + "/a/b.html"
    assert model.absolute_url(SITE, "tag/café au lait.html") == (
        SITE + "/tag/caf%C3%A9%20au%20lait.html"
    )
    assert (
        model.absolute_url(SITE, "already%20encoded/") == SITE + "/already%20encoded/"
    )
    assert model.absolute_url(SITE + "/blog", "x/") == SITE + "/blog/x/"


def test_xml_escapes_what_urls_may_hold():
    entries = [model.Entry(SITE + "/search?q=a&b=<c>'\"")]
    (file,) = model.sitemap_files(entries, "sitemap.xml", SITE)
    assert locs(parse(file.text)) == [SITE + "/search?q=a&b=<c>'\""]


def test_entries_without_a_date_have_no_lastmod():
    entries = [model.Entry(SITE + "/a"), model.Entry(SITE + "/b", dt.date(2024, 1, 2))]
    root = parse(model.sitemap_files(entries, "sitemap.xml", SITE)[0].text)
    urls = root.xpath("/s:urlset/s:url", namespaces=NS)
    assert [u.xpath("s:lastmod/text()", namespaces=NS) for u in urls] == [
        [],
        ["2024-01-02"],
    ]


def _entries(count: int) -> list[model.Entry]:
    return [
        model.Entry(
            f"{SITE}/post-{i}.html", dt.datetime(2024, 1, 1 + i, tzinfo=dt.timezone.utc)
        )
        for i in range(count)
    ]


def test_past_the_url_limit_the_sitemap_becomes_an_index_of_parts():
    files = model.sitemap_files(_entries(7), "maps/sitemap.xml", SITE, max_urls=3)
    assert [f.save_as for f in files] == [
        "maps/sitemap-1.xml",
        "maps/sitemap-2.xml",
        "maps/sitemap-3.xml",
        "maps/sitemap.xml",
    ]
    parts = [parse(f.text) for f in files[:-1]]
    assert [len(locs(p)) for p in parts] == [3, 3, 1]
    assert list(chain.from_iterable(locs(p) for p in parts)) == [
        e.loc for e in _entries(7)
    ]
    index = parse(files[-1].text)
    assert etree.QName(index).localname == "sitemapindex"
    assert locs(index, "sitemap") == [f"{SITE}/maps/sitemap-{n}.xml" for n in (1, 2, 3)]
    # Each part is dated by its newest URL.
    assert index.xpath("//s:lastmod/text()", namespaces=NS) == [
        "2024-01-03T00:00:00Z",
        "2024-01-06T00:00:00Z",
        "2024-01-07T00:00:00Z",
    ]


def test_past_the_byte_limit_too():
    entries = _entries(10)
    whole = model.sitemap_files(entries, "sitemap.xml", SITE)[0].text
    limit = len(whole.encode()) // 2
    files = model.sitemap_files(entries, "sitemap.xml", SITE, max_bytes=limit)
    assert len(files) >= 3
    assert all(len(f.text.encode()) <= limit for f in files[:-1])
    assert list(chain.from_iterable(locs(parse(f.text)) for f in files[:-1])) == [
        e.loc for e in entries
    ]


def test_the_protocol_limits():
    assert model.MAX_URLS == 50_000
    assert model.MAX_BYTES == 52_428_800
    assert len(model.sitemap_files(_entries(3), "sitemap.xml", SITE)) == 1


def test_each_url_once_with_its_latest_lastmod():
    early, late = dt.datetime(2024, 1, 1), dt.datetime(2024, 2, 1)
    entries = [
        model.Entry("a", early),
        model.Entry("b"),
        model.Entry("a", late),
        model.Entry("a", None),
    ]
    assert model.unique(entries) == [model.Entry("a", late), model.Entry("b")]


def test_exclusions_are_regular_expressions_or_globs():
    rules = model.Exclusions.parse([r"^/tag/", "glob:/drafts/*.html"])
    assert rules.excludes("/tag/python.html")
    assert not rules.excludes("/posts/tag/")
    assert rules.excludes("/drafts/x.html")
    assert not rules.excludes("/drafts/x.htm")
    with pytest.raises(re.error):
        model.Exclusions.parse(["(unclosed"])
    assert model.site_path(SITE + "/blog", SITE + "/blog/tag/x.html") == "/tag/x.html"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("noindex", True),
        ("NoIndex, follow", True),
        (["nofollow", "noindex"], True),
        ("none", True),
        ("index, follow", False),
        (None, False),
    ],
)
def test_noindex(value, expected):
    assert model.noindex(value) is expected


def test_robots_txt_names_the_sitemap():
    text = model.robots_txt(SITE + "/sitemap.xml")
    assert text.splitlines()[-1] == "Sitemap: https://example.com/sitemap.xml"
    assert "User-agent: *" in text.splitlines()


# --- real builds -----------------------------------------------------------------


def read_sitemap(output: Path, name: str = "sitemap.xml") -> etree._Element:
    return etree.parse(str(output / name)).getroot()


def output_file(output: Path, loc: str) -> Path:
    """The file a URL of the site is served from."""
    path = unquote(urlsplit(loc).path).lstrip("/")
    return output / (path + "index.html" if path.endswith("/") or not path else path)


def example_settings(**extra) -> dict:
    """The demo's own settings, for a build of a copy of it."""
    conf = get_settings_from_file(str(EXAMPLE_SITE / "pelicanconf.py"))
    keep = {k: v for k, v in conf.items() if k.isupper()}
    for key in ("PATH", "OUTPUT_PATH", "THEME", "SITEURL", "FEED_DOMAIN"):
        keep.pop(key, None)
    return {**keep, **extra}


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(EXAMPLE_SITE / "content", root / "content")
    from pelican.plugins import postcard

    settings = example_settings(SITEURL=SITE, RELATIVE_URLS=False)
    return build_site(root, settings=settings, theme=postcard.THEME)


EXAMPLE_PATHS = {
    "/",
    "/about/",
    "/europe-planning.html",
    "/pyohio-recap.html",
    "/nomad-notes.html",
    "/pydata-pittsburgh.html",
    "/quiet-switches.html",
    "/framework-laptop.html",
    "/pyohio-prep.html",
    "/breakpoint.html",
    "/logging-at-2am.html",
    "/pycon-us.html",
    "/series/europe-trip.html",
    "/series/index.html",
    "/category/blog.html",
    "/category/notes.html",
    "/category/travel.html",
    "/tag/travel.html",
    "/tag/remote-work.html",
    "/tag/python.html",
    "/tag/conferences.html",
    "/tag/open-source.html",
    "/tag/life.html",
    "/tag/community.html",
    "/tag/hardware.html",
    "/tag/debugging.html",
}


def test_the_demo_sitemap_lists_exactly_its_published_urls(example):
    root = read_sitemap(example.output)
    assert etree.QName(root).localname == "urlset"
    listed = locs(root)
    assert len(listed) == len(set(listed))
    assert {urlsplit(loc).path for loc in listed} == EXAMPLE_PATHS
    assert all(loc.startswith(SITE + "/") for loc in listed)
    for loc in listed:
        assert output_file(example.output, loc).is_file(), loc
    # The Lisbon chapter is a draft (published: false): written, never listed.
    assert not any("lisbon" in loc for loc in listed)


def test_the_demo_lastmods_are_w3c_and_prefer_modified(example):
    root = read_sitemap(example.output)
    dates = {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.xpath("/s:urlset/s:url", namespaces=NS)
    }
    assert all(W3C.match(d) for d in dates.values() if d is not None)
    assert dates[SITE + "/pyohio-recap.html"] == "2024-10-22T09:00:00-04:00"
    assert dates[SITE + "/pycon-us.html"] == "2024-05-21T07:00:00-07:00"
    assert dates[SITE + "/"] == "2024-11-02T09:30:00-05:00"  # the newest post
    assert dates[SITE + "/about/"] is None  # a page without a date


def test_the_demo_robots_txt_names_the_sitemap(example):
    lines = (example.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "Sitemap: https://example.com/sitemap.xml" in lines
    assert example.errors == []


QUICKSTART = {
    "first.md": "Title: First post\nDate: 2024-03-01 10:00\nTags: python\n\nHello.\n",
    "second.md": (
        "Title: Second post\nDate: 2024-03-02 10:00\nModified: 2024-03-05 12:30\n"
        "Category: Notes\nTags: python, web\n\nAgain.\n"
    ),
    "draft.md": "Title: Draft\nDate: 2024-03-03\nStatus: draft\n\nNot yet.\n",
    "hidden.md": (
        "Title: Hidden\nDate: 2024-03-04\nStatus: hidden\nTags: secret\n\nShh.\n"
    ),
    "pages/about.md": "Title: About\n\nAbout me.\n",
    "pages/private.md": "Title: Private\nRobots: noindex, follow\n\nNo.\n",
    # a jekyll-redirect-from page: jekyll hides it, so it is not listed
    "pages/moved.md": "---\ntitle: Moved\nredirect_to: https://elsewhere.example/\n---\nGone.\n",
    "pages/thanks.md": "Title: Thanks\nStatus: hidden\n\nThanks.\n",
}
QUICKSTART_PATHS = {
    "/",
    "/first-post.html",
    "/second-post.html",
    "/pages/about.html",
    "/category/misc.html",
    "/category/notes.html",
    "/tag/python.html",
    "/tag/web.html",
}


def quickstart(tmp_path, files=None, **settings):
    return build_site(
        tmp_path,
        {**QUICKSTART, **(files or {})},
        {"SITEURL": SITE, "TIMEZONE": "Europe/Paris", **settings},
        plugins=["front_matter", "jekyll", "sitemap_xml"],
    )


def test_a_quickstart_site_leaves_out_drafts_hidden_noindex_and_redirects(tmp_path):
    site = quickstart(tmp_path)
    listed = locs(read_sitemap(site.output))
    assert {urlsplit(loc).path for loc in listed} == QUICKSTART_PATHS
    for loc in listed:
        assert output_file(site.output, loc).is_file(), loc
    assert site.exists("pages/private.html")  # written, just not listed
    root = read_sitemap(site.output)
    second = root.xpath(
        "//s:url[s:loc='https://example.com/second-post.html']/s:lastmod/text()",
        namespaces=NS,
    )
    assert second == ["2024-03-05T12:30:00+01:00"]
    assert site.errors == []
    assert site.warnings == []


def test_exclude_patterns_and_a_sitemap_elsewhere(tmp_path):
    site = quickstart(
        tmp_path,
        SITEMAP_EXCLUDE=[r"^/tag/", "glob:/category/*"],
        SITEMAP_SAVE_AS="maps/site.xml",
    )
    assert not site.exists("sitemap.xml")
    listed = {
        urlsplit(loc).path for loc in locs(read_sitemap(site.output, "maps/site.xml"))
    }
    assert listed == {"/", "/first-post.html", "/second-post.html", "/pages/about.html"}
    robots = (site.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "Sitemap: https://example.com/maps/site.xml" in robots


def test_without_siteurl_no_sitemap_and_one_info_saying_why(tmp_path):
    site = quickstart(tmp_path, SITEURL="")
    assert not site.exists("sitemap.xml")
    assert not site.exists("robots.txt")
    why = [m for m in site.infos if "SITEURL" in m and "sitemap" in m.lower()]
    assert len(why) == 1


def test_an_empty_save_as_turns_it_off(tmp_path):
    site = quickstart(tmp_path, SITEMAP_SAVE_AS="")
    assert not site.exists("sitemap.xml")
    assert not site.exists("robots.txt")


def test_the_site_s_own_robots_txt_is_kept_and_the_line_suggested(tmp_path):
    site = quickstart(
        tmp_path,
        {"extra/robots.txt": "User-agent: *\nDisallow: /private/\n"},
        STATIC_PATHS=["extra/robots.txt"],
        EXTRA_PATH_METADATA={"extra/robots.txt": {"path": "robots.txt"}},
    )
    robots = (site.output / "robots.txt").read_text(encoding="utf-8")
    assert robots == "User-agent: *\nDisallow: /private/\n"
    suggestions = [m for m in site.infos if m.startswith("The site has its own")]
    assert suggestions == [
        "The site has its own robots.txt; add this line to it: "
        "Sitemap: https://example.com/sitemap.xml"
    ]
    assert site.exists("sitemap.xml")


def test_never_written_outside_the_output_folder(tmp_path):
    site = quickstart(tmp_path, SITEMAP_SAVE_AS="../escaped.xml")
    assert not (tmp_path / "escaped.xml").exists()
    assert len([m for m in site.errors if "outside the output folder" in m]) == 1


def test_a_bad_exclude_pattern_is_an_error_and_no_sitemap(tmp_path):
    site = quickstart(tmp_path, SITEMAP_EXCLUDE=["(unclosed"])
    assert not site.exists("sitemap.xml")
    assert any("SITEMAP_EXCLUDE" in m and "(unclosed" in m for m in site.errors)


def test_the_bundle_enables_it(tmp_path):
    site = build_site(tmp_path, QUICKSTART, {"SITEURL": SITE})
    assert site.exists("sitemap.xml")
    assert logging.ERROR not in {r.levelno for r in site.records}

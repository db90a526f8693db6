"""Redirects (jekyll-redirect-from's ``redirect_from`` and ``redirect_to``) in
real Pelican builds: the pages, what is left out of feeds, listings and the
sitemap, collisions, hostile values and the settings."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from pelican import signals
from sitebuilder import BuiltSite, build_site

from pelican.plugins import postcard
from pelican.plugins.jekyll.redirects.pages import (
    PLAN_KEY,
    RedirectPagesGenerator,
    planned_redirect_count,
)

PLUGINS = ["front_matter", "jekyll"]
SITE_URL = "https://example.com/blog"

POST = """
    ---
    title: New Home
    date: 2024-05-21
    tags: [moving]
    permalink: /2024/new-home.html
    redirect_from:
      - /old/
      - /old-name
      - /2019/old.html
    ---
    Moved here.
    """
ELSEWHERE = """
    ---
    title: Gone Elsewhere
    date: 2024-05-22
    tags: [moving]
    redirect_to: https://elsewhere.example.org/post
    ---
    This post lives elsewhere now.
    """
ABOUT = """
    ---
    title: About
    permalink: /about/
    redirect_from: /about-me/
    ---
    About me.
    """
FORMER = """
    ---
    title: Former Page
    permalink: /former/
    redirect_to: /about/
    ---
    Now at About.
    """
FILES = {
    "posts/2024-05-21-new-home.md": POST,
    "posts/2024-05-22-elsewhere.md": ELSEWHERE,
    "pages/about.md": ABOUT,
    "pages/former.md": FORMER,
}


def file_warnings(site: BuiltSite) -> list[str]:
    """The warnings about content files (not Pelican's own about settings)."""
    return [m for m in site.warnings if m.startswith(("posts/", "pages/"))]


def redirect_of(site: BuiltSite, relpath: str) -> str:
    """The target of the redirect page at ``relpath``; checks its shape."""
    soup = site.soup(relpath)
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None, f"{relpath} is not a redirect page"
    delay, _, rest = refresh["content"].partition("; url=")
    assert delay == "0"
    assert soup.find("link", rel="canonical")["href"] == rest
    link = soup.find("a")
    assert link["href"] == rest
    assert link.get_text() == "Click here if you are not redirected."
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.title.get_text() == "Redirecting…"
    assert soup.find("script") is None
    return rest


def is_redirect(site: BuiltSite, relpath: str) -> bool:
    soup = site.soup(relpath)
    return soup.find("meta", attrs={"http-equiv": "refresh"}) is not None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(
        tmp_path_factory.mktemp("site"),
        FILES,
        {"SITEURL": SITE_URL, "TAG_SAVE_AS": "tag/{slug}.html"},
        plugins=PLUGINS,
    )


def test_each_old_path_gets_a_redirect_page(site: BuiltSite) -> None:
    for old in ("old/index.html", "old-name.html", "2019/old.html"):
        assert redirect_of(site, old) == f"{SITE_URL}/2024/new-home.html"
    assert redirect_of(site, "about-me/index.html") == f"{SITE_URL}/about/"
    assert site.soup("old/index.html").html["lang"] == "en"
    assert site.errors == []
    assert site.warnings == []


def test_the_real_pages_are_still_pages(site: BuiltSite) -> None:
    assert not is_redirect(site, "2024/new-home.html")
    assert "Moved here." in site.soup("2024/new-home.html").get_text()
    assert not is_redirect(site, "about/index.html")


def test_redirect_to_makes_the_post_or_page_a_redirect(site: BuiltSite) -> None:
    assert redirect_of(site, "elsewhere.html") == "https://elsewhere.example.org/post"
    assert redirect_of(site, "former/index.html") == f"{SITE_URL}/about/"


def test_redirect_to_posts_are_in_no_feed_or_listing(site: BuiltSite) -> None:
    feed = feedparser.parse(site.output / "feeds/all.atom.xml")
    assert [entry.title for entry in feed.entries] == ["New Home"]
    for listing in ("index.html", "archives.html", "tag/moving.html"):
        links = {a.get("href") for a in site.soup(listing).find_all("a")}
        assert f"{SITE_URL}/2024/new-home.html" in links, listing
        assert f"{SITE_URL}/elsewhere.html" not in links, listing
    menu = {a.get("href") for a in site.soup("index.html").find_all("a")}
    assert f"{SITE_URL}/about/" in menu
    assert f"{SITE_URL}/former/" not in menu


def test_redirects_json_lists_every_redirect(site: BuiltSite) -> None:
    data = json.loads((site.output / "redirects.json").read_text("utf-8"))
    new_home = f"{SITE_URL}/2024/new-home.html"
    assert data == {
        "/old/": new_home,
        "/old-name": new_home,
        "/2019/old.html": new_home,
        "/elsewhere.html": "https://elsewhere.example.org/post",
        "/about-me/": f"{SITE_URL}/about/",
        "/former/": f"{SITE_URL}/about/",
    }


def test_without_a_site_url_targets_are_site_paths(tmp_path: Path) -> None:
    site = build_site(tmp_path, FILES, plugins=PLUGINS)
    assert redirect_of(site, "old/index.html") == "/2024/new-home.html"
    assert redirect_of(site, "former/index.html") == "/about/"


def test_the_bundle_and_its_theme_leave_redirects_out_of_the_sitemap(
    tmp_path: Path,
) -> None:
    site = build_site(tmp_path, FILES, {"SITEURL": SITE_URL}, theme=postcard.THEME)
    assert redirect_of(site, "old/index.html") == f"{SITE_URL}/2024/new-home.html"
    assert redirect_of(site, "elsewhere.html") == "https://elsewhere.example.org/post"
    sitemap = BeautifulSoup((site.output / "sitemap.xml").read_text(), "xml")
    locs = {loc.get_text() for loc in sitemap.find_all("loc")}
    assert f"{SITE_URL}/2024/new-home.html" in locs
    assert f"{SITE_URL}/about/" in locs
    for redirect in ("elsewhere.html", "former/", "old/", "old-name.html"):
        assert f"{SITE_URL}/{redirect}" not in locs
    feed = feedparser.parse(site.output / "feeds/all.atom.xml")
    assert [entry.title for entry in feed.entries] == ["New Home"]
    assert site.errors == []


def _post(name: str, extra: str, date: str = "2024-01-01") -> str:
    return f"---\ntitle: {name}\ndate: {date}\n{extra}---\nText of {name}.\n"


def test_a_redirect_never_overwrites_a_page_or_another_redirect(
    tmp_path: Path,
) -> None:
    files = {
        "posts/a.md": _post("A", "redirect_from: [/about/, /shared/]\n"),
        "posts/b.md": _post("B", "redirect_from:\n  - /shared/\n  - /b.html\n"),
        "pages/about.md": ABOUT,
    }
    site = build_site(tmp_path, files, plugins=PLUGINS)
    assert site.errors == [
        "posts/a.md:4:1: redirect_from '/about/' would overwrite about/index.html, "
        "the page of pages/about.md; this redirect is not written",
        "posts/b.md:4:1: redirect_from '/shared/' would overwrite "
        "shared/index.html, a redirect_from of posts/a.md; this redirect is not "
        "written",
        "posts/b.md:4:1: redirect_from '/b.html' would overwrite b.html, the page "
        "of posts/b.md; this redirect is not written",
    ]
    assert not is_redirect(site, "about/index.html")
    assert not is_redirect(site, "b.html")
    assert redirect_of(site, "shared/index.html") == "/a.html"


def test_a_redirect_never_overwrites_a_static_file_or_a_listing(
    tmp_path: Path,
) -> None:
    files = {
        "posts/a.md": _post("A", "redirect_from: [/images/x.xml, /index.html]\n"),
        "images/x.xml": "<p>static</p>\n",
    }
    site = build_site(tmp_path, files, plugins=PLUGINS)
    assert site.errors == [
        "posts/a.md:4:1: redirect_from '/images/x.xml' would overwrite "
        "images/x.xml, the static file images/x.xml; this redirect is not written",
        "posts/a.md:4:1: redirect_from '/index.html' would overwrite index.html, "
        "a page this site writes; this redirect is not written",
    ]
    assert (site.output / "images/x.xml").read_text() == "<p>static</p>\n"
    assert not is_redirect(site, "index.html")
    assert site.soup("index.html").find("a", href="/a.html") is not None


def test_with_output_guard_each_clash_is_one_error(tmp_path: Path) -> None:
    # The bundle: output_guard settles generated pages and static files first.
    files = {
        "posts/a.md": _post(
            "A", "redirect_from: [/images/x.xml, /index.html, /about/, /ok/]\n"
        ),
        "posts/b.md": _post("B", "redirect_from: /ok/\n"),
        "images/x.xml": "<p>static</p>\n",
        "pages/about.md": ABOUT,
    }
    site = build_site(tmp_path, files, {"STATIC_PATHS": ["images"]})
    assert site.errors == [
        "posts/a.md:4:1: redirect_from '/about/' would overwrite about/index.html, "
        "the page of pages/about.md; this redirect is not written",
        "posts/b.md:4:1: redirect_from '/ok/' would overwrite ok/index.html, a "
        "redirect_from of posts/a.md; this redirect is not written",
        "posts/a.md:4:1: redirect_from '/images/x.xml' writes images/x.xml, which "
        "images/x.xml writes too; not written",
        "posts/a.md:4:1: redirect_from '/index.html' writes index.html, which is "
        "the home page (INDEX_SAVE_AS); not written",
    ]
    assert (site.output / "images/x.xml").read_text() == "<p>static</p>\n"
    assert not is_redirect(site, "index.html")
    assert not is_redirect(site, "about/index.html")
    assert redirect_of(site, "ok/index.html") == "/a.html"


HOSTILE = 'https://x.example/"><script>alert(1)</script><a href="'


def test_hostile_targets_stay_inside_their_attributes(tmp_path: Path) -> None:
    files = {
        "posts/a.md": _post("A", f"redirect_to: '{HOSTILE}'\n"),
        "posts/b.md": _post("B", "redirect_to: '/x\"><script>alert(2)</script>'\n"),
    }
    site = build_site(tmp_path, files, plugins=PLUGINS)
    assert redirect_of(site, "a.html") == HOSTILE
    assert redirect_of(site, "b.html") == "/x%22%3E%3Cscript%3Ealert(2)%3C/script%3E"
    for page in ("a.html", "b.html"):
        soup = site.soup(page)
        assert soup.find("script") is None
        assert len(soup.find_all("a")) == 1
    assert site.errors == []


@pytest.mark.parametrize(
    "value",
    ["javascript:alert(1)", "data:text/html,x", "//evil.example/", "vbscript:x"],
)
def test_redirect_to_anything_but_http_or_a_path_is_refused(
    tmp_path: Path, value: str
) -> None:
    files = {"posts/a.md": _post("A", f"tags: [t]\nredirect_to: '{value}'\n")}
    site = build_site(tmp_path, files, plugins=PLUGINS)
    (warning,) = file_warnings(site)
    assert warning.startswith(f"posts/a.md:5:1: redirect_to '{value}'")
    assert warning.endswith("; the page is written as it is")
    assert not is_redirect(site, "a.html")
    assert site.soup("a.html").find(href=value) is None
    feed = feedparser.parse(site.output / "feeds/all.atom.xml")
    assert [entry.title for entry in feed.entries] == ["A"]
    assert not (site.output / "redirects.json").exists()


def test_bad_redirect_from_entries_are_reported_at_their_line(tmp_path: Path) -> None:
    files = {
        "posts/a.md": _post(
            "A", "redirect_from:\n  - /ok/\n  - {x: 1}\n  - https://old.example/p/\n"
        )
    }
    site = build_site(tmp_path, files, plugins=PLUGINS)
    assert file_warnings(site) == [
        "posts/a.md:4:1: redirect_from entries are paths, not {'x': 1}; ignored",
        "posts/a.md:4:1: redirect_from 'https://old.example/p/' is a full URL, not "
        "a path on this site: its page is https:/old.example/p/index.html, where no "
        "visitor looks (write the path only)",
    ]
    assert redirect_of(site, "ok/index.html") == "/a.html"
    assert redirect_of(site, "https:/old.example/p/index.html") == "/a.html"


def test_drafts_have_no_redirects_but_keep_their_file(tmp_path: Path) -> None:
    files = {
        "posts/a.md": _post("A", "status: draft\nredirect_from: /a-old/\n"),
        "posts/b.md": _post("B", "redirect_from: /drafts/a.html\n"),
        "posts/c.md": _post("C", "redirect_to: /b.html\n", date="2999-01-01"),
    }
    site = build_site(tmp_path, files, {"WITH_FUTURE_DATES": False}, plugins=PLUGINS)
    assert not site.exists("a-old/index.html")
    assert not is_redirect(site, "drafts/a.html")
    assert not is_redirect(site, "drafts/c.html")
    assert site.errors == [
        "posts/b.md:4:1: redirect_from '/drafts/a.html' would overwrite "
        "drafts/a.html, the page of posts/a.md; this redirect is not written"
    ]


def test_plain_pelican_metadata_works_too(tmp_path: Path) -> None:
    files = {
        "a.md": "Title: A\nDate: 2024-01-01\nRedirect_from: /old-a/\n\nText.\n",
    }
    site = build_site(tmp_path, files, plugins=PLUGINS)
    assert redirect_of(site, "old-a/index.html") == "/a.html"


def test_the_settings_turn_redirects_and_their_json_off(tmp_path: Path) -> None:
    off = build_site(
        tmp_path / "off", FILES, {"JEKYLL_REDIRECTS": False}, plugins=PLUGINS
    )
    assert not off.exists("old/index.html")
    assert not is_redirect(off, "elsewhere.html")
    assert not off.exists("redirects.json")
    feed = feedparser.parse(off.output / "feeds/all.atom.xml")
    assert len(feed.entries) == 2
    no_json = build_site(
        tmp_path / "no-json", FILES, {"JEKYLL_REDIRECTS_JSON": False}, plugins=PLUGINS
    )
    assert is_redirect(no_json, "old/index.html")
    assert not no_json.exists("redirects.json")


def test_a_static_redirects_json_wins(tmp_path: Path) -> None:
    files = {**FILES, "extra/redirects.json": '{"mine": true}\n'}
    site = build_site(
        tmp_path,
        files,
        {
            "STATIC_PATHS": ["extra"],
            "EXTRA_PATH_METADATA": {"extra/redirects.json": {"path": "redirects.json"}},
        },
        plugins=PLUGINS,
    )
    assert json.loads((site.output / "redirects.json").read_text()) == {"mine": True}
    assert site.errors == []


def test_the_content_cache_keeps_redirect_to_posts_hidden(tmp_path: Path) -> None:
    settings = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    build_site(tmp_path, FILES, settings, plugins=PLUGINS)
    assert (tmp_path / "cache").is_dir()
    again = build_site(tmp_path, None, settings, plugins=PLUGINS)
    assert redirect_of(again, "elsewhere.html") == "https://elsewhere.example.org/post"
    assert redirect_of(again, "old/index.html") == "/2024/new-home.html"
    feed = feedparser.parse(again.output / "feeds/all.atom.xml")
    assert [entry.title for entry in feed.entries] == ["New Home"]


NEW_HOME = "posts/2024-05-21-new-home.md"
ELSEWHERE_POST = "posts/2024-05-22-elsewhere.md"


def test_planned_outputs_and_the_count(tmp_path: Path) -> None:
    seen: list[tuple[list, int]] = []

    def look(generators: list) -> None:
        (generator,) = [g for g in generators if isinstance(g, RedirectPagesGenerator)]
        seen.append(
            (
                list(generator.planned_outputs()),
                planned_redirect_count(generator.context),
            )
        )

    signals.all_generators_finalized.connect(look)
    try:
        build_site(tmp_path, FILES, plugins=PLUGINS)
    finally:
        signals.all_generators_finalized.disconnect(look)
    ((outputs, count),) = seen
    # Each gives way to any other file; output_guard names the file that asked.
    assert all(output.yields for output in outputs)
    assert sorted((o.save_as, o.what, o.source, o.line) for o in outputs) == [
        ("2019/old.html", "redirect_from '/2019/old.html'", NEW_HOME, 6),
        ("about-me/index.html", "redirect_from '/about-me/'", "pages/about.md", 4),
        ("elsewhere.html", "redirect_to", ELSEWHERE_POST, 5),
        ("former/index.html", "redirect_to", "pages/former.md", 4),
        ("old-name.html", "redirect_from '/old-name'", NEW_HOME, 6),
        ("old/index.html", "redirect_from '/old/'", NEW_HOME, 6),
        ("redirects.json", "redirects.json of jekyll-redirect-from", "", 0),
    ]
    assert count == 6
    assert planned_redirect_count({}) == 0
    assert PLAN_KEY == "jekyll_redirects"


def test_redirect_pages_are_logged_at_no_level_above_info(site: BuiltSite) -> None:
    noisy = [r for r in site.records if r.levelno > logging.INFO]
    assert noisy == []

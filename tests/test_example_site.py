"""The demo site builds cleanly with the real ``pelican`` command."""

from __future__ import annotations

import re

from sitebuilder import BuiltSite


def test_demo_builds_without_warnings_or_errors(demo_site: BuiltSite) -> None:
    problems = [
        line
        for line in demo_site.log.splitlines()
        if re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line)
    ]
    assert problems == [], demo_site.log


def test_demo_has_the_pycon_post(demo_site: BuiltSite) -> None:
    page = demo_site.soup("pycon-us.html")
    assert page.find("h1").get_text(strip=True) == "PyCon US"
    body = page.find("main") or page
    assert "layout: post" not in body.get_text()
    assert body.find("time") is not None


def test_demo_paginates_and_has_an_about_page(demo_site: BuiltSite) -> None:
    assert demo_site.exists("index.html")
    assert demo_site.exists("index2.html")
    about = demo_site.soup("about/index.html")
    assert about.find("h1").get_text(strip=True) == "About"


def test_demo_lists_at_least_eight_published_posts(demo_site: BuiltSite) -> None:
    archive = demo_site.soup("archives.html")
    main = archive.find("main") or archive
    posts = {
        a["href"] for a in main.find_all("a", href=True) if a["href"].endswith(".html")
    }
    assert len(posts) >= 8, posts

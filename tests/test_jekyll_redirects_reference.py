"""Redirects against real Jekyll with jekyll-redirect-from.

One small Jekyll tree (posts and pages with ``redirect_from`` as text and as a
list, in every path form, and ``redirect_to`` as a URL, a site path, a relative
path and a list) is built by ``jekyll build`` and, with the same files, by
Pelican with ``front_matter`` and ``jekyll``. Every post and page has a literal
``permalink``, so both put it at the same URL. The redirect pages each side
wrote (found by parsing every output file), their targets and
``redirects.json`` must be the same, less the documented exceptions below.
"""

from __future__ import annotations

import json
import logging

import pytest
from jekyll_reference import jekyll_build, redirect_pages, require_jekyll
from sitebuilder import build_site, write_files

SITE_URL = "https://example.com/blog"

POSTS = {
    "2024-01-02-a.md": """
        ---
        title: A
        permalink: /2024/a.html
        redirect_from:
          - /old/
          - /old-a
          - /old.html
          - old-no-slash
          - /x.htm
          - /deep/er/
          - "/a b/é"
          - "%2e%2e/%2e%2e/up"
          - ../../climb/
          - https://old.example.com/x/
          - /dir/:basename/
          - /about/
        ---
        A.
        """,
    "2024-01-03-b.md": """
        ---
        title: B
        permalink: /2024/b/
        redirect_to: https://elsewhere.example.org/b?from=blog
        ---
        B.
        """,
    "2024-01-04-c.md": """
        ---
        title: C
        permalink: /2024/c/
        redirect_to: /2024/a.html
        redirect_from: /c-old/
        ---
        C.
        """,
    "2024-01-05-d.md": """
        ---
        title: D
        permalink: /2024/d.html
        redirect_to: [/2024/b/, /never]
        redirect_from: /d-old
        ---
        D.
        """,
}
PAGES = {
    "about.md": """
        ---
        title: About
        permalink: /about/
        redirect_from: /about-me/
        ---
        About.
        """,
    "docs/guide.md": """
        ---
        title: Guide
        permalink: /docs/guide.html
        redirect_from: [/guide/, /manual.html]
        ---
        Guide.
        """,
    "moved.md": """
        ---
        title: Moved
        permalink: /moved/
        redirect_to: new/
        ---
        Moved.
        """,
    "js.md": """
        ---
        title: Script
        permalink: /js/
        redirect_to: javascript:alert(1)
        ---
        Script.
        """,
}

# Where Pelican does not do what Jekyll does, on purpose: path -> why.
EXCEPTIONS = {
    # jekyll-redirect-from writes a page that runs the script; Pelican refuses
    # the value with a warning and writes the page as a page.
    "js/index.html": "redirect_to javascript: is refused",
    # jekyll-redirect-from overwrites the About page with a redirect to A;
    # Pelican keeps the page and logs an ERROR naming both files.
    "about/index.html": "a redirect never overwrites a page",
}
EXCEPTION_KEYS = {"/js/", "/about/"}  # the same two in redirects.json


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory):
    require_jekyll()
    root = tmp_path_factory.mktemp("redirects")
    jekyll_tree = root / "jekyll"
    write_files(
        jekyll_tree,
        {
            "_config.yml": f"""
                url: {SITE_URL.removesuffix("/blog")}
                baseurl: /blog
                plugins: [jekyll-redirect-from]
                """,
            **{f"_posts/{name}": body for name, body in POSTS.items()},
            **PAGES,
        },
    )
    jekyll_site = jekyll_build(jekyll_tree, root / "jekyll-site")
    pelican = build_site(
        root / "pelican",
        {
            **{f"posts/{name}": body for name, body in POSTS.items()},
            **{f"pages/{name}": body for name, body in PAGES.items()},
        },
        {"SITEURL": SITE_URL},
        plugins=["front_matter", "jekyll"],
    )
    return jekyll_site, pelican


def test_the_same_redirect_pages_with_the_same_targets(builds) -> None:
    jekyll_site, pelican = builds
    expected = redirect_pages(jekyll_site)
    assert len(expected) == 22  # what the fixture asks for
    for path in EXCEPTIONS:
        expected.pop(path)
    assert redirect_pages(pelican.output) == expected


def test_the_same_redirects_json(builds) -> None:
    jekyll_site, pelican = builds
    expected = json.loads((jekyll_site / "redirects.json").read_text("utf-8"))
    for key in EXCEPTION_KEYS:
        expected.pop(key)
    actual = json.loads((pelican.output / "redirects.json").read_text("utf-8"))
    assert actual == expected
    assert list(actual) == list(expected)


def test_the_exceptions_are_what_they_say(builds) -> None:
    jekyll_site, pelican = builds
    jekyll_redirects = redirect_pages(jekyll_site)
    assert jekyll_redirects["js/index.html"] == "javascript:alert(1)"
    assert jekyll_redirects["about/index.html"] == f"{SITE_URL}/2024/a.html"
    about = pelican.soup("about/index.html")
    assert about.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert "About." in about.get_text()
    assert pelican.soup("js/index.html").find("a", href="javascript:alert(1)") is None
    assert any(
        m.startswith("pages/js.md:4:1: redirect_to 'javascript:alert(1)'")
        for m in pelican.warnings
    )
    errors = [r.getMessage() for r in pelican.records if r.levelno == logging.ERROR]
    assert errors == [
        "posts/2024-01-02-a.md:4:1: redirect_from '/about/' would overwrite "
        "about/index.html, the page of pages/about.md; this redirect is not written"
    ]

"""jekyll.redirects, the model: old paths to files, targets, and the plan.

Pure functions, no Pelican build. What jekyll-redirect-from itself does with
the same paths is checked in test_jekyll_redirects_reference.py.
"""

from __future__ import annotations

import json
import logging
import posixpath

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pelican.plugins.jekyll.redirects.model import (
    RedirectPlan,
    RedirectRequest,
    count_redirects,
    encode_url,
    plan_redirects,
    redirect_file,
    redirect_from_paths,
    redirect_to_target,
    redirects_json,
    site_target,
)

SITE = "https://example.com/blog"


@pytest.mark.parametrize(
    ("path", "save_as"),
    [
        ("/old/", "old/index.html"),
        ("/old", "old.html"),
        ("/old.html", "old.html"),
        ("old", "old.html"),
        ("/deep/er/", "deep/er/index.html"),
        ("/x.htm", "x.htm"),  # the path's own extension is the page's
        ("/feed.xml", "feed.xml"),
        ("/a b/é", "a b/é.html"),
        ("/a%20b", "a b.html"),
        ("../../climb/", "climb/index.html"),
        ("%2e%2e/%2e%2e/up", "up.html"),
        ("/q?x=1", "q?x=1.html"),
        ("/dir/:basename/:path:output_ext", "dir/redirect/.html"),
        ("", "index.html"),
        ("/", "index.html"),
    ],
)
def test_an_old_path_becomes_the_file_jekyll_writes(path: str, save_as: str) -> None:
    assert redirect_file(path)[1] == save_as


@given(st.text(max_size=40))
@example("/%2e%2e/%2e%2e/etc/passwd")
@example("~/x")
@example("/..%2f..%2fx")
@example("0.:")
def test_no_old_path_climbs_out_of_the_site(path: str) -> None:
    try:
        _, save_as = redirect_file(path)
    except ValueError:  # Jekyll stops on it: refused with a warning (below)
        assert redirect_from_paths(path)[1]
        return
    assert not save_as.startswith("/")
    assert ".." not in posixpath.normpath(save_as).split("/")
    assert save_as == posixpath.normpath(save_as) or save_as.endswith("/.html")


@pytest.mark.parametrize(
    ("value", "target"),
    [
        ("https://elsewhere.example.org/b", "https://elsewhere.example.org/b"),
        ("HTTP://Example.org/x", "HTTP://Example.org/x"),
        ('https://x.org/?q="<a>"', 'https://x.org/?q="<a>"'),  # as written
        ("/2024/a.html", f"{SITE}/2024/a.html"),
        ("new/", f"{SITE}/new/"),
        ("/a b/é", f"{SITE}/a%20b/%C3%A9"),
        ("/x%20y", f"{SITE}/x%20y"),
        ("/\\evil.example", f"{SITE}/%5Cevil.example"),
        (["/first", "/second"], f"{SITE}/first"),
        ([None, "/second"], f"{SITE}/second"),
        (None, None),
        ([], None),
    ],
)
def test_a_redirect_to_target(value: object, target: str | None) -> None:
    assert redirect_to_target(value, SITE) == target


def test_a_site_path_without_a_site_url_stays_a_path() -> None:
    assert redirect_to_target("/new/", "") == "/new/"
    assert site_target("/", "") == "/"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("javascript:alert(1)", "not an http\\(s\\) URL"),
        ("JavaScript:alert(1)", "not an http\\(s\\) URL"),
        ("data:text/html,<script>alert(1)</script>", "not an http\\(s\\) URL"),
        ("mailto:me@example.com", "not an http\\(s\\) URL"),
        ("ftp://example.com/x", "not an http\\(s\\) URL"),
        ("http:/no-host", "not an http\\(s\\) URL"),
        ("https://", "not an http\\(s\\) URL"),
        ("//evil.example/x", "another host"),
        ("", "empty"),
        ("   ", "empty"),
        ("/a\nb", "control characters"),
        ("https://x.org/\x00", "control characters"),
        (True, "not True"),
        ({"url": "/x"}, "must be a URL"),
    ],
)
def test_a_redirect_to_that_is_refused(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        redirect_to_target(value, SITE)


def test_redirect_from_takes_text_or_a_list() -> None:
    assert redirect_from_paths("/old/") == (("/old/",), ())
    assert redirect_from_paths(["/a", None, "/b/"]) == (("/a", "/b/"), ())
    assert redirect_from_paths(2019) == (("2019",), ())
    assert redirect_from_paths(None) == ((), ())
    assert redirect_from_paths([]) == ((), ())


def test_redirect_from_entries_that_are_not_paths_are_reported() -> None:
    paths, problems = redirect_from_paths(["/ok", {"a": 1}, True, "/x\ty"], line=7)
    assert paths == ("/ok",)
    assert [p.line for p in problems] == [7, 7, 7]
    assert all(p.level == logging.WARNING for p in problems)
    assert "not {'a': 1}" in problems[0].message
    assert "control characters" in problems[2].message


def test_a_full_url_in_redirect_from_is_kept_where_jekyll_puts_it() -> None:
    paths, problems = redirect_from_paths("https://old.example.com/x/", line=3)
    assert paths == ("https://old.example.com/x/",)
    (problem,) = problems
    assert "https:/old.example.com/x/index.html" in problem.message
    assert redirect_file(paths[0])[1] == "https:/old.example.com/x/index.html"


def test_encode_url_keeps_what_a_url_can_hold() -> None:
    assert encode_url("/a-b_c.d~e/?q=1&r=%20#f") == "/a-b_c.d~e/?q=1&r=%20#f"
    assert encode_url('/"<x>" ü') == "/%22%3Cx%3E%22%20%C3%BC"


def _request(source: str, url: str, save_as: str, **kw: object) -> RedirectRequest:
    return RedirectRequest(source=source, url=url, save_as=save_as, **kw)


def test_a_plan_places_each_redirect_with_its_target() -> None:
    requests = [
        _request("a.md", "/2024/a.html", "2024/a.html", redirect_from=("/old/",)),
        _request(
            "b.md", "/b/", "b/index.html", redirect_to="https://x.org/", to_line=4
        ),
    ]
    plan = plan_redirects(requests, {"2024/a.html": "a.md"}, SITE)
    assert [(p.save_as, p.target, p.kind) for p in plan.pages] == [
        ("b/index.html", "https://x.org/", "redirect_to"),
        ("old/index.html", f"{SITE}/2024/a.html", "redirect_from"),
    ]
    assert plan.entries == (
        ("/old/", f"{SITE}/2024/a.html"),
        ("/b/", "https://x.org/"),
    )
    assert plan.problems == ()
    assert plan.count == 2


def test_a_redirect_never_overwrites_a_page() -> None:
    requests = [
        _request("a.md", "/a/", "a/index.html", redirect_from=("/about/",), from_line=5)
    ]
    plan = plan_redirects(requests, {"about/index.html": "pages/about.md"})
    assert plan.pages == ()
    ((source, problem),) = plan.problems
    assert source == "a.md"
    assert problem.level == logging.ERROR
    assert problem.format(source) == (
        "a.md:5:1: redirect_from '/about/' would overwrite about/index.html, "
        "the page of pages/about.md; this redirect is not written"
    )


def test_a_redirect_never_overwrites_another_redirect() -> None:
    requests = [
        _request("a.md", "/a/", "a/index.html", redirect_from=("/old",)),
        _request("b.md", "/b/", "b/index.html", redirect_from=("/old.html",)),
        _request("c.md", "/c/", "c/index.html", redirect_to="/a/", to_line=2),
        _request("d.md", "/d/", "d/index.html", redirect_from=("/c/",)),
    ]
    plan = plan_redirects(requests, {})
    assert {p.save_as: p.source for p in plan.pages} == {
        "old.html": "a.md",
        "c/index.html": "c.md",
    }
    messages = {source: p.message for source, p in plan.problems}
    assert "old.html, a redirect_from of a.md" in messages["b.md"]
    assert "c/index.html, the redirect_to page of c.md" in messages["d.md"]


def test_one_post_may_name_one_file_twice() -> None:
    requests = [
        _request("a.md", "/a/", "a/index.html", redirect_from=("/old", "/old.html"))
    ]
    plan = plan_redirects(requests, {})
    assert [p.save_as for p in plan.pages] == ["old.html"]
    assert [path for path, _ in plan.entries] == ["/old", "/old.html"]
    assert plan.problems == ()


def test_a_redirect_to_its_own_url_is_refused() -> None:
    requests = [_request("a.md", "/a/", "a/index.html", redirect_from=("/a/",))]
    plan = plan_redirects(requests, {"a/index.html": "a.md"})
    assert plan.pages == ()
    assert "the page of a.md" in plan.problems[0][1].message


def test_redirects_json_is_one_object_in_jekyll_order() -> None:
    plan = RedirectPlan(entries=(("/b", "/x"), ("/a", "https://é.org/\"'")))
    text = redirects_json(plan)
    assert json.loads(text) == {"/b": "/x", "/a": "https://é.org/\"'"}
    assert list(json.loads(text)) == ["/b", "/a"]
    assert "é" in text


def test_count_redirects_counts_what_headers_ask_for() -> None:
    headers = [
        {"redirect_from": ["/a", "/b", None]},
        {"redirect_from": "/c", "redirect_to": "/d"},
        {"redirect_to": "javascript:alert(1)"},
        {"redirect_to": ["https://x.org/"]},
        {"title": "no redirects"},
    ]
    assert count_redirects(headers) == 5
    assert count_redirects([]) == 0

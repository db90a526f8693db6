# ruff: noqa: E501 (the case table keeps each Liquid snippet on its line)
"""Liquid and kramdown in the bodies of a whole Jekyll site, read through
``JEKYLL_SITE``: one tree built by ``jekyll build`` and by the real ``pelican``
command; each post's and page's text, heading ids and link targets must agree.

The cases are those of the ordinary-site test (``test_jekyll_bodies``), plus
what only a Jekyll site has: Liquid in code, ``_config.yml``'s own keys, Jekyll's
URLs from ``post_url`` and ``link``, excerpts, and Liquid in pages.
"""

from __future__ import annotations

import json
import logging
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jekyll_reference import jekyll_build, pelican_messages, require_jekyll
from sitebuilder import BuiltSite, build_site, run_pelican, write_files
from test_jekyll_bodies import (
    CASES as BODY_CASES,
)
from test_jekyll_bodies import (
    EXCEPTIONS,
    HOSTILE,
    HOSTILE_INCLUDES,
    LIQUIDISH,
    SITE_URL,
    TEMPLATES,
    body_text,
    case_front_matter,
    case_slug,
    link_targets,
    shared_files,
)
from test_jekyll_liquid import CASES as ENGINE_CASES

from pelican.plugins import postcard
from pelican.plugins.jekyll.site import documents
from pelican.plugins.jekyll.site.files import SiteFile
from pelican.plugins.postcard_core.text import fold_whitespace

CONFIG = """\
title: My Site
url: https://example.org
baseurl: /blog
timezone: UTC
permalink: /:year/:month/:day/:title:output_ext
repository: me/blog
social:
  github: me
  links: [one, two]
plugins: [jekyll-feed]
feed:
  posts_limit: 100
"""
# Only a Jekyll site: Liquid runs in code; site is _config.yml; Jekyll's own URLs.
SITE_CASES = {
    "code": "Inline `{{ page.title }}` code.\n\n```\n{{ site.title }} {% if page.n > 2 %}big{% endif %}\n```\n\n    {{ page.n | plus: 1 }}\n\n{% raw %}`{{ kept }}`{% endraw %}",
    "config_keys": "{{ site.repository }} {{ site.social.github }} {{ site.social.links | join: '+' }} {{ site.permalink }}",
    "post_url_paths": ENGINE_CASES["post_url"],
    "link_paths": "{% link pages/about.md %} {% link images/a.png %} {% link _posts/2021-03-04-first.md %}",
    "baseurl_twice": "[first]({{ site.baseurl }}{% post_url 2021-03-04-first %}) [abs]({{ site.url }}{{ site.baseurl }}{% link pages/about.md %})",
    "slugify_modes": "{{ 'Hello World!' | slugify: 'pretty' }} {{ 'Héllo Wörld_x.y' | slugify: 'ascii' }} {{ 'Héllo Wörld_x' | slugify: 'latin' }} {{ 'Hello World!' | slugify: 'none' }} {{ 'Héllo_Wörld x' | slugify: 'default' }} {{ 'a/b c' | slugify: 'raw' }}",
    "unless_reversed": "{% unless page.n == 3 %}no{% else %}three{% endunless %} {% for t in page.tags reversed limit: 2 %}{{ forloop.index }}{{ t }}{% endfor %}",
    "category_key": "{% for p in site.posts %}{% if p.title == 'Filed' %}{{ p.category }} {{ p.categories | join: '+' }}{% endif %}{% endfor %}",
    "posts_urls": "{% for p in site.posts %}{% if p.title == 'First' %}{{ p.url }} {{ p.id }} {{ p.path }}{% endif %}{% endfor %}",
}
CASES = {**BODY_CASES, **SITE_CASES}
# Where the page differs from Jekyll 4's on purpose, and why.
LINK_EXCEPTIONS = {
    # Jekyll 3 (and GitHub Pages) printed these once below the baseurl; Jekyll 4's
    # tags add it themselves, so its /blog/blog/… links are broken.
    "baseurl_twice": [
        f"{SITE_URL}/2021/03/04/first.html",
        f"{SITE_URL}/pages/about.html",
    ],
}
EXCERPT_POST = """\
---
layout: excerpt
title: Excerpt
date: 2021-03-02
---
The first paragraph, with *emphasis* and {{ page.title }}.

The second paragraph.
"""
LIQUID_PAGE = """\
---
title: Liquid page
---
{{ page.url }} {{ page.title }} {{ site.posts.size }} [first]({% post_url 2021-03-04-first %})
"""
# Jekyll's page.excerpt, printed as the Pelican template prints the summary.
EXCERPT_LAYOUT = (
    "<div id='out'>{{ content }}</div><div id='summary'>{{ page.excerpt }}</div>"
)
PELICANCONF = """\
from pelican.plugins import postcard
PLUGINS = ["postcard"]
THEME = postcard.THEME
JEKYLL_SITE = "."
THEME_TEMPLATES_OVERRIDES = ["templates"]
"""
# The contract's settings file and the test templates, for the real command.
CONTRACT_FILES = {
    "pelicanconf.py": PELICANCONF,
    **{f"templates/{name}": text for name, text in TEMPLATES.items()},
}


@dataclass(frozen=True)
class Builds:
    jekyll: Path
    pelican: Path
    log: str


def _files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "_config.yml": CONFIG,
        "images/a.png": b"png",
        "_layouts/excerpt.html": EXCERPT_LAYOUT,
        "_posts/2021-03-02-excerpt.md": EXCERPT_POST,
        "liquid.md": LIQUID_PAGE,
        "_posts/2021-03-03-filed.md": "---\ntitle: Filed\ncategory: news\ncategories: [a, b]\n---\nf\n",
        **shared_files("_posts"),
    }
    for name, body in SITE_CASES.items():
        files[f"_posts/2021-03-04-{case_slug(name)}.md"] = (
            case_front_matter(name) + body + "\n"
        )
    return files


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """The same tree built by Jekyll and, through JEKYLL_SITE, by Pelican."""
    require_jekyll()
    root = tmp_path_factory.mktemp("site-bodies")
    jekyll_source, source = root / "jekyll-src", root / "site"
    for tree in (jekyll_source, source):
        write_files(tree, _files())
    write_files(source, CONTRACT_FILES)
    output = root / "output"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JEKYLL_ENV", "production")  # as jekyll_build runs Jekyll
        with ThreadPoolExecutor(2) as pool:
            jekyll = pool.submit(jekyll_build, jekyll_source, root / "_site")
            pelican = pool.submit(_pelican, source, output)
            site, result = jekyll.result(), pelican.result()
    return Builds(site, output, result.stdout + result.stderr)


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_build_reports_no_liquid_problem(builds: Builds) -> None:
    assert "CRITICAL" not in builds.log
    warnings = pelican_messages(builds.log, "WARNING")
    assert [w for w in warnings if "_posts/" in w or "liquid.md" in w] == []
    assert "Replacement Indicator" not in builds.log


@pytest.mark.parametrize("name", sorted(CASES))
def test_bodies_read_as_jekyll_reads_them(name: str, builds: Builds) -> None:
    page = f"2021/03/04/{case_slug(name)}.html"
    expected, built = _soup(builds.jekyll / page), _soup(builds.pelican / page)
    base = f"{SITE_URL}/{page}"
    if name in LINK_EXCEPTIONS:
        assert link_targets(built, base) == LINK_EXCEPTIONS[name]
        assert [
            t.replace("/blog/blog/", "/blog/") for t in link_targets(expected, base)
        ] == LINK_EXCEPTIONS[name]
        return
    assert link_targets(built, base) == link_targets(expected, base)
    if name in EXCEPTIONS:
        code = [fold_whitespace(c.get_text()) for c in built.find(id="out")("code")]
        assert code and all("def hi = puts('x')" in c for c in code)
        return
    assert body_text(built) == body_text(expected)
    assert "{{" not in body_text(built) or "{{ kept }}" in body_text(built)


def test_liquid_runs_in_code_as_in_jekyll(builds: Builds) -> None:
    built = _soup(builds.pelican / "2021/03/04/case-code.html").find(id="out")
    code = [fold_whitespace(c.get_text()) for c in built("code")]
    assert code == ["Case code", "My Site big", "4", "{{ kept }}"]


def test_kramdown_is_on_and_ids_are_kramdowns(builds: Builds) -> None:
    page = "2021/03/01/kramdown.html"
    expected, built = _soup(builds.jekyll / page), _soup(builds.pelican / page)
    assert body_text(built) == body_text(expected)

    def ids(soup: BeautifulSoup) -> list[str]:
        return [t["id"] for t in soup.find_all(id=True) if t["id"] != "out"]

    assert ids(built.find(id="out")) == ids(expected)
    assert built.select_one("ul#markdown-toc") is not None


def test_the_excerpt_is_jekylls(builds: Builds) -> None:
    page = "2021/03/02/excerpt.html"
    expected, built = _soup(builds.jekyll / page), _soup(builds.pelican / page)
    for part in ("out", "summary"):
        assert fold_whitespace(built.find(id=part).get_text()) == fold_whitespace(
            expected.find(id=part).get_text()
        )
    assert "second" not in built.find(id="summary").get_text()


def test_pages_run_liquid_with_the_sites_posts(builds: Builds) -> None:
    expected = _soup(builds.jekyll / "liquid.html")
    built = _soup(builds.pelican / "liquid.html").find(id="out")
    assert fold_whitespace(built.get_text()) == fold_whitespace(expected.get_text())
    base = f"{SITE_URL}/liquid.html"
    assert link_targets(built, base) == link_targets(expected, base)


def test_the_feed_summary_is_the_excerpt(builds: Builds) -> None:
    # jekyll-feed's summary is the excerpt: Pelican's feed has the same text.
    def summary(root: Path) -> str:
        feed = BeautifulSoup((root / "feed.xml").read_text("utf-8"), "xml")
        entry = next(e for e in feed("entry") if e.title.get_text() == "Excerpt")
        html = BeautifulSoup(entry.summary.get_text(), "html.parser")
        return fold_whitespace(html.get_text())

    assert summary(builds.pelican) == summary(builds.jekyll)
    assert summary(builds.pelican) == "The first paragraph, with emphasis and Excerpt."


def _pelican(site: Path, output: Path) -> subprocess.CompletedProcess[str]:
    """The real ``pelican`` command in the Jekyll site's folder."""
    return run_pelican(site, "-s", "pelicanconf.py", "-o", str(output))


def _jekyll_and_pelican(
    tmp_path: Path, files: dict[str, str]
) -> tuple[Path, BuiltSite]:
    """``files`` built by ``jekyll build`` and, in this process, through
    JEKYLL_SITE with the Postcard theme."""
    write_files(tmp_path / "jekyll", files)
    jekyll = jekyll_build(tmp_path / "jekyll", tmp_path / "_site")
    site = build_site(
        tmp_path / "pelican",
        files,
        {"JEKYLL_SITE": str(tmp_path / "pelican" / "content")},
        theme=postcard.THEME,
    )
    return jekyll, site


# --- hostile input, in a Jekyll site (where code is Liquid too) --------------------


def _site(root: Path, files: dict[str, str], config: str = CONFIG) -> BuiltSite:
    """A Jekyll site built in this process through JEKYLL_SITE."""
    return build_site(
        root,
        {"_config.yml": config, **files},
        {"JEKYLL_SITE": str(root / "content")},
        templates=TEMPLATES,
    )


def _post_warnings(site: BuiltSite, name: str) -> list[str]:
    return [w for w in site.warnings if w.startswith(f"_posts/{name}")]


def test_includes_and_data_never_read_outside_the_site(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    (tmp_path / "secret.yml").write_text("word: SECRET\n", encoding="utf-8")
    config = CONFIG + "includes_dir: ../..\ndata_dir: ../\n"
    post = (
        "---\ntitle: H\n---\n{% include ../secret.txt %}\n\n"
        "{% include_relative ../../secret.txt %}\n\n`{{ site.data.secret.word }}`\n"
    )
    site = _site(tmp_path, {"_posts/2024-01-01-h.md": post}, config)
    text = body_text(site.soup("2024/01/01/h.html"))
    assert "SECRET" not in text
    assert len(_post_warnings(site, "2024-01-01-h.md:")) == 2
    assert site.errors == []


def test_hostile_liquid_in_code_stops_and_every_post_is_built(tmp_path: Path) -> None:
    # In a Jekyll site Liquid runs in code too: a loop in a code block is capped.
    files: dict[str, str] = dict(HOSTILE_INCLUDES)
    for name, body in HOSTILE.items():
        files[f"_posts/2024-01-01-{name}.md"] = (
            f"---\ntitle: {name}\n---\nbefore\n\n```\n{body}\n```\n\nafter\n"
        )
    site = _site(tmp_path, files)
    assert site.errors == []
    for name in HOSTILE:
        text = body_text(site.soup(f"2024/01/01/{name}.html"))
        assert text.startswith("before") and text.endswith("after")
        assert len(text) < 100_000
        assert _post_warnings(site, f"2024-01-01-{name}.md:")


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(LIQUIDISH, min_size=3, max_size=3))
def test_random_liquid_never_breaks_a_jekyll_site(
    tmp_path: Path, bodies_: list[str]
) -> None:
    root = tmp_path / f"site-{time.monotonic_ns()}"
    files = {"_includes/self.html": "{% include self.html %}"}
    for index, body in enumerate(bodies_):
        files[f"_posts/2024-01-0{index + 1}-p{index}.md"] = (
            f"---\ntitle: P{index}\n---\n{body}\n"
        )
    site = _site(root, files)
    assert site.errors == []
    for index in range(len(bodies_)):
        assert site.exists(f"2024/01/0{index + 1}/p{index}.html")
    assert not [w for w in site.warnings if "Replacement Indicator" in w]
    assert not [r for r in site.records if r.exc_info and r.levelno >= logging.WARNING]


# --- the content cache: a warm build writes what a cold one would -------------------


def test_a_warm_build_follows_what_liquid_read(tmp_path: Path) -> None:
    # JEKYLL_SITE keeps Pelican's content cache on: a page whose Liquid read an
    # include, a data file, _config.yml or other posts is built again when they change.
    site = tmp_path / "site"
    listing = (
        "---\ntitle: B\n---\n{% include n.html %} {{ site.data.d.word }} "
        "{{ site.motto }} {% for p in site.posts %}[{{ p.title }}]{% endfor %}\n"
    )
    write_files(
        site,
        {
            "_config.yml": CONFIG + "motto: one\n",
            "_includes/n.html": "include one",
            "_data/d.yml": "word: one\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A one\n---\nplain\n",
            "_posts/2024-01-02-b.md": listing,
        }
        | CONTRACT_FILES,
    )

    def build() -> str:
        _pelican(site, tmp_path / "out")
        return body_text(_soup(tmp_path / "out" / "2024/01/02/b.html"))

    assert build() == "include one one one [B][A one]"
    assert build() == "include one one one [B][A one]"  # warm, nothing changed
    edits = [
        ("_includes/n.html", "include two", "include two one one [B][A one]"),
        ("_data/d.yml", "word: two\n", "include two two one [B][A one]"),
        ("_config.yml", CONFIG + "motto: two\n", "include two two two [B][A one]"),
        (
            "_posts/2024-01-01-a.md",
            "---\ntitle: A two\n---\nplain\n",
            "include two two two [B][A two]",
        ),
    ]
    for path, text, expected in edits:
        (site / path).write_text(text, encoding="utf-8")
        assert build() == expected, path
    assert (site / "cache" / "jekyll-site.stamp").is_file()


def test_a_site_whose_liquid_reads_no_other_file_keeps_its_cache(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    write_files(
        site,
        {
            "_config.yml": CONFIG,
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n{{ page.title }} one\n",
            "_posts/2024-01-02-b.md": "---\ntitle: B\n---\n{{ page.title }}\n",
        }
        | CONTRACT_FILES,
    )
    for _ in range(2):
        _pelican(site, tmp_path / "out")
    stamp = json.loads((site / "cache" / "jekyll-site.stamp").read_text("utf-8"))
    assert set(stamp) == {"site"}  # other posts are not part of it
    (site / "_posts/2024-01-01-a.md").write_text(
        "---\ntitle: A\n---\n{{ page.title }} two\n", encoding="utf-8"
    )
    _pelican(site, tmp_path / "out")
    assert body_text(_soup(tmp_path / "out" / "2024/01/01/a.html")) == "A two"


def test_each_file_is_read_as_jekyll_reads_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # site.posts and the reader share what Jekyll makes of each file.
    calls: list[str] = []
    original = documents.jekyll_document

    def counted(site: object, entry: SiteFile, *args: object) -> object:
        calls.append(entry.path)
        return original(site, entry, *args)

    monkeypatch.setattr(documents, "jekyll_document", counted)
    files = {
        f"_posts/2024-01-0{n}-p{n}.md": f"---\ntitle: P{n}\n---\nplain {n}\n"
        for n in range(1, 6)
    }
    files["_posts/2024-01-09-list.md"] = (
        "---\ntitle: List\n---\n{% for p in site.posts %}{{ p.title }};{% endfor %}\n"
    )
    site = _site(tmp_path, files)
    assert body_text(site.soup("2024/01/09/list.html")) == "List;P5;P4;P3;P2;P1;"
    assert sorted(calls) == sorted(files)


def test_only_the_jekyll_3_idiom_loses_its_baseurl(tmp_path: Path) -> None:
    # A post whose own URL starts with the baseurl (category "blog" below
    # baseurl /blog) keeps it: only "{{ site.baseurl }}{% post_url %}" changes.
    files = {
        "_config.yml": "baseurl: /blog\npermalink: /:categories/:title/\ntimezone: UTC\n",
        "index.md": "---\ntitle: Home\n---\nhome\n",
        "_posts/2024-01-01-x.md": "---\ntitle: X\ncategories: blog\nlayout: null\n---\nx\n",
        "_posts/2024-01-02-y.md": (
            "---\ntitle: Y\nlayout: null\n---\n[home]({% link index.md %}) "
            "[x]({% post_url 2024-01-01-x %}) "
            "[old]({{ site.baseurl }}{% post_url 2024-01-01-x %})\n"
        ),
    }
    jekyll, site = _jekyll_and_pelican(tmp_path, files)
    expected = [a["href"] for a in _soup(jekyll / "y/index.html")("a")]
    built = [a["href"] for a in site.soup("y/index.html").select(".post-body a")]
    assert expected == ["/blog/", "/blog/blog/x/", "/blog/blog/blog/x/"]
    assert built == ["/blog/", "/blog/blog/x/", "/blog/blog/x/"]


def test_a_warm_build_follows_jekyll_env_and_relative_includes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_files(
        site,
        {
            "_config.yml": CONFIG,
            "_posts/snip.txt": "snip one",
            "_posts/2024-01-01-p.md": (
                "---\ntitle: P\n---\n{{ jekyll.environment }} "
                "{% include_relative snip.txt %}\n"
            ),
        }
        | CONTRACT_FILES,
    )

    def build(environment: str) -> str:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("JEKYLL_ENV", environment)
            _pelican(site, tmp_path / "out")
        return body_text(_soup(tmp_path / "out" / "2024/01/01/p.html"))

    assert build("production") == "production snip one"
    assert build("development") == "development snip one"
    (site / "_posts/snip.txt").write_text("snip two", encoding="utf-8")
    assert build("development") == "development snip two"
    assert build("development") == "development snip two"  # the cache, loaded
    (site / "_posts/snip.txt").write_text("snip three", encoding="utf-8")
    assert build("development") == "development snip three"  # still followed


def test_a_cache_pelican_could_not_save_is_never_loaded(tmp_path: Path) -> None:
    # A lambda in JEKYLL_LIQUID_FILTERS cannot be pickled: Pelican's cache is
    # left half-written, and the next build must not load it.
    site = tmp_path / "site"
    write_files(
        site,
        {
            "_config.yml": CONFIG,
            "_posts/2024-01-01-p.md": "---\ntitle: P\n---\n{{ 'a' | shout }}\n",
        }
        | CONTRACT_FILES
        | {
            "pelicanconf.py": PELICANCONF
            + 'JEKYLL_LIQUID_FILTERS = {"shout": lambda v: str(v).upper() + "!"}\n'
        },
    )
    for _ in range(2):
        result = _pelican(site, tmp_path / "out")
        assert "CRITICAL" not in result.stdout + result.stderr
    assert body_text(_soup(tmp_path / "out" / "2024/01/01/p.html")) == "A!"
    assert not (site / "cache" / "jekyll-site.stamp").exists()


def test_link_to_a_page_pelican_stands_in_for(tmp_path: Path) -> None:
    # index.md and feed.xml list posts in Liquid: Pelican writes its own index
    # and feed at their paths, and {% link %} to them goes there.
    files = {
        "_config.yml": "baseurl: /b\ntimezone: UTC\n",
        "index.md": (
            "---\ntitle: Home\n---\n{% for p in site.posts %}{{ p.title }}{% endfor %}\n"
        ),
        "feed.xml": (
            "---\nlayout: null\n---\n<feed>{% for p in site.posts %}"
            "<entry>{{ p.title }}</entry>{% endfor %}</feed>\n"
        ),
        "_posts/2024-01-02-y.md": (
            "---\ntitle: Y\nlayout: null\n---\n"
            "[home]({% link index.md %}) [feed]({% link feed.xml %})\n"
        ),
    }
    jekyll, site = _jekyll_and_pelican(tmp_path, files)
    page = "2024/01/02/y.html"
    expected = [a["href"] for a in _soup(jekyll / page)("a")]
    assert expected == ["/b/", "/b/feed.xml"]
    assert [a["href"] for a in site.soup(page).select(".post-body a")] == expected
    assert [w for w in site.warnings if "y.md" in w] == []
    assert site.exists("index.html") and site.exists("feed.xml")


def test_a_post_without_front_matter_is_in_site_posts(tmp_path: Path) -> None:
    files = {
        "_config.yml": "timezone: UTC\n",
        "_posts/2024-01-01-bare.md": "no header at all\n",
        "_posts/2024-01-02-y.md": (
            "---\ntitle: Y\nlayout: null\n---\n[bare]({% post_url 2024-01-01-bare %}) "
            "{{ site.posts | size }} {{ site.posts.last.title }}\n"
        ),
    }
    jekyll, site = _jekyll_and_pelican(tmp_path, files)
    page = "2024/01/02/y.html"
    expected = _soup(jekyll / page)
    built = site.soup(page).select_one(".post-body")
    assert fold_whitespace(built.get_text()) == fold_whitespace(expected.get_text())
    assert [a["href"] for a in built("a")] == [a["href"] for a in expected("a")]
    assert site.exists("2024/01/01/bare.html")

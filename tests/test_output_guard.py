"""output_guard in real builds: no two things write one file.

Each case builds a real site through the bundle with small templates that say
what each page is (``data-page``) and list the posts it shows, so a test can
tell the tag page from a post that took its path. A clash costs exactly one
ERROR naming both sides, the page that keeps the path is intact and the file
left out appears in no listing, feed or sitemap.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from sitebuilder import BuiltSite, build_site, run_pelican, write_files

from pelican.plugins import signals
from pelican.plugins.output_guard import content_claims, generated_claims
from pelican.plugins.postcard_core.outputs import PlannedOutput, add_planner, is_refused

SITEURL = "https://example.org"
SETTINGS = {"SITEURL": SITEURL, "FEED_DOMAIN": SITEURL}
LEVEL = re.compile(r"\s*(\[[\d:]+\])?\s*ERROR\s")  # a line the log prints
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

_LIST = (
    "{% for a in articles %}"
    '<a class="post" href="{{ a.url }}">{{ a.title }}</a>'
    "{% endfor %}"
)
TEMPLATES = {
    "article.html": (
        '<html><body data-page="article"><h1>{{ article.title }}</h1>'
        "{{ article.content }}</body></html>"
    ),
    "page.html": (
        '<html><body data-page="page"><h1>{{ page.title }}</h1>'
        "{{ page.content }}</body></html>"
    ),
    "index.html": f'<html><body data-page="index">{_LIST}</body></html>',
    "tag.html": (
        f'<html><body data-page="tag"><h1>{{{{ tag }}}}</h1>{_LIST}</body></html>'
    ),
    "series.html": (
        '<html><body data-page="series"><h1>{{ series.title }}</h1>'
        f"{_LIST}</body></html>"
    ),
}

SERIES = "---\ntitle: Trip\n---\nA trip in parts.\n"


def post(title: str, date: str, **fields: str) -> str:
    """A post with a YAML header: title on line 2, date on 3, then ``fields``."""
    extra = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n{title} body.\n"


FIRST = post("First", "2024-01-01", tags="[x]", series="Trip")


def build_guarded_site(
    tmp_path: Path, files: dict[str, str], **settings: object
) -> BuiltSite:
    return build_site(tmp_path, files, {**SETTINGS, **settings}, templates=TEMPLATES)


def page_kind(site: BuiltSite, path: str) -> str:
    body = site.soup(path).find("body")
    return body["data-page"] if body is not None else ""


def listed(site: BuiltSite, path: str) -> list[str]:
    return [a.get_text() for a in site.soup(path).select("a.post")]


def feed_titles(site: BuiltSite, path: str = "feeds/all.atom.xml") -> list[str]:
    parsed = feedparser.parse((site.output / path).read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return [entry.title for entry in parsed.entries]


def sitemap_locs(site: BuiltSite) -> list[str]:
    root = ElementTree.parse(site.output / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP_NS}urlset"
    return [loc.text for loc in root.iter(f"{SITEMAP_NS}loc")]


def texts_mentioning(site: BuiltSite, word: str) -> list[str]:
    """Every HTML output whose parsed text mentions ``word``."""
    found = []
    for folder, _, names in os.walk(site.output):
        for name in names:
            if name.endswith(".html"):
                rel = os.path.relpath(os.path.join(folder, name), site.output)
                if word in site.soup(rel).get_text():
                    found.append(rel)
    return found


def assert_first_intact(site: BuiltSite, path: str = "first.html") -> None:
    soup = site.soup(path)
    assert page_kind(site, path) == "article"
    assert soup.find("h1").get_text() == "First"


# ------------------------------------------------ content against generated


def _feed_intact(site: BuiltSite) -> None:
    assert feed_titles(site) == ["First"]


def _series_intact(site: BuiltSite) -> None:
    assert page_kind(site, "series/trip.html") == "series"
    assert site.soup("series/trip.html").find("h1").get_text() == "Trip"
    assert listed(site, "series/trip.html") == ["First"]


def _tag_intact(site: BuiltSite) -> None:
    assert page_kind(site, "tag/x.html") == "tag"
    assert site.soup("tag/x.html").find("h1").get_text() == "x"
    assert listed(site, "tag/x.html") == ["First"]


def _home_intact(site: BuiltSite) -> None:
    assert page_kind(site, "index.html") == "index"
    assert listed(site, "index.html") == ["First"]


def _sitemap_intact(site: BuiltSite) -> None:
    locs = sitemap_locs(site)
    assert f"{SITEURL}/first.html" in locs
    assert f"{SITEURL}/sitemap.xml" not in locs


GENERATED = [
    pytest.param(
        "/feeds/all.atom.xml",
        "feeds/all.atom.xml",
        "the Atom feed of all posts (FEED_ALL_ATOM)",
        _feed_intact,
        id="feed",
    ),
    pytest.param(
        "/series/trip.html",
        "series/trip.html",
        "the page of series 'Trip'",
        _series_intact,
        id="series",
    ),
    pytest.param(
        "/tag/x.html", "tag/x.html", "the page of tag 'x'", _tag_intact, id="tag"
    ),
    pytest.param(
        "/", "index.html", "the home page (INDEX_SAVE_AS)", _home_intact, id="root"
    ),
    pytest.param(
        "/index.html",
        "index.html",
        "the home page (INDEX_SAVE_AS)",
        _home_intact,
        id="index",
    ),
    pytest.param(
        "/sitemap.xml",
        "sitemap.xml",
        "the sitemap (SITEMAP_SAVE_AS)",
        _sitemap_intact,
        id="sitemap",
    ),
]


@pytest.mark.parametrize(("permalink", "path", "what", "intact"), GENERATED)
def test_a_permalink_never_replaces_a_generated_page(
    tmp_path: Path, permalink: str, path: str, what: str, intact
) -> None:
    hostile = post("Hostile", "2024-02-01", permalink=permalink)
    site = build_guarded_site(
        tmp_path,
        {
            "posts/first.md": FIRST,
            "posts/hostile.md": hostile,
            "series/trip.md": SERIES,
        },
    )
    assert site.errors == [
        f"posts/hostile.md:4:1: writes {path} (its permalink), which is {what}; "
        "not written"
    ]
    intact(site)
    assert_first_intact(site)
    assert texts_mentioning(site, "Hostile") == []
    assert feed_titles(site) == ["First"]


def test_a_permalink_onto_a_generated_page_is_left_out_of_every_list(
    tmp_path: Path,
) -> None:
    # Settled after the taxonomy is built: its own tag must go with it.
    hostile = post("Hostile", "2024-02-01", permalink="/tag/x.html", tags="[solo-tag]")
    site = build_guarded_site(
        tmp_path, {"posts/first.md": FIRST, "posts/hostile.md": hostile}
    )
    assert len(site.errors) == 1
    assert not site.exists("tag/solo-tag.html")
    assert listed(site, "index.html") == ["First"]
    assert texts_mentioning(site, "Hostile") == []
    assert texts_mentioning(site, "solo-tag") == []


# --------------------------------------------------- content against content


def test_two_posts_with_one_permalink_keep_the_first(tmp_path: Path) -> None:
    first = post("First", "2024-01-01", permalink="/blog/x.html", series="Trip")
    second = post(
        "Second",
        "2024-01-02",
        permalink="/blog/x.html",
        series="Trip",
        tags="[solo-tag]",
    )
    site = build_guarded_site(
        tmp_path,
        {"posts/first.md": first, "posts/second.md": second, "series/trip.md": SERIES},
    )
    assert site.errors == [
        "posts/second.md:4:1: writes blog/x.html (its permalink), which "
        "posts/first.md writes too; not written"
    ]
    assert_first_intact(site, "blog/x.html")
    assert listed(site, "index.html") == ["First"]
    assert feed_titles(site) == ["First"]
    # Settled before series and tags are built: neither counts the second.
    assert listed(site, "series/trip.html") == ["First"]
    assert not site.exists("tag/solo-tag.html")
    assert texts_mentioning(site, "Second") == []


def test_two_posts_with_one_title_keep_the_first(tmp_path: Path) -> None:
    site = build_guarded_site(
        tmp_path,
        {
            "posts/a.md": post("Same", "2024-01-02"),
            "posts/b.md": post("Same", "2024-01-01"),
        },
    )
    assert site.errors == [
        "posts/b.md:2:1: writes same.html (its slug, from its title), which "
        "posts/a.md writes too; not written"
    ]
    assert site.soup("same.html").find("p").get_text() == "Same body."
    assert listed(site, "index.html") == ["Same"]
    assert feed_titles(site) == ["Same"]


def test_a_page_never_replaces_a_post(tmp_path: Path) -> None:
    first = post("First", "2024-01-01", permalink="/blog/x.html")
    about = "---\ntitle: About\npermalink: /blog/x.html\n---\nAbout me.\n"
    site = build_guarded_site(
        tmp_path, {"posts/first.md": first, "pages/about.md": about}
    )
    assert site.errors == [
        "pages/about.md:3:1: writes blog/x.html (its permalink), which "
        "posts/first.md writes too; not written"
    ]
    assert_first_intact(site, "blog/x.html")
    assert texts_mentioning(site, "About") == []


def test_a_save_as_on_a_folder_of_generated_pages_is_refused(tmp_path: Path) -> None:
    hostile = post("Hostile", "2024-02-01", save_as="feeds")
    site = build_guarded_site(
        tmp_path, {"posts/first.md": FIRST, "posts/hostile.md": hostile}
    )
    assert site.errors == [
        "posts/hostile.md:4:1: writes feeds (its save_as), the folder of "
        "feeds/all.atom.xml, which is the Atom feed of all posts (FEED_ALL_ATOM); "
        "not written"
    ]
    assert feed_titles(site) == ["First"]


def test_a_post_in_a_folder_a_static_file_needs_is_kept(tmp_path: Path) -> None:
    # A static file comes after every post: the post keeps the path.
    first = post("First", "2024-01-01", save_as="images")
    site = build_guarded_site(
        tmp_path,
        {"posts/first.md": first, "images/a.png": b"\x89PNG\r\n\x1a\n"},
        STATIC_PATHS=["images"],
    )
    assert site.errors == [
        "images/a.png: writes images/a.png, inside images, a file posts/first.md "
        "writes; not written"
    ]
    assert_first_intact(site, "images")


def test_a_page_at_robots_txt_is_the_sites_own(tmp_path: Path) -> None:
    robots = "---\ntitle: Robots\npermalink: /robots.txt\n---\nUser-agent: *\n"
    site = build_guarded_site(
        tmp_path, {"posts/first.md": FIRST, "pages/robots.md": robots}
    )
    assert site.errors == []
    assert page_kind(site, "robots.txt") == "page"
    assert any("has its own robots.txt" in m for m in site.infos)


def test_a_plugins_yielding_output_gives_way_to_a_post(tmp_path: Path) -> None:
    # What a redirect page does through postcard_core.outputs.
    redirect = PlannedOutput(
        "blog/x.html",
        "a redirect page (redirect_from)",
        source="posts/old.md",
        line=3,
        yields=True,
    )
    refused: list[bool] = []

    def plan(generator) -> None:
        add_planner(generator.context, "redirects", lambda: [redirect])

    def after_writing(generator, writer) -> None:
        refused.append(is_refused(generator.context, "blog/./x.html"))

    first = post("First", "2024-01-01", permalink="/blog/x.html")
    signals.generator_init.connect(plan)
    signals.article_writer_finalized.connect(after_writing)
    try:
        site = build_guarded_site(tmp_path, {"posts/first.md": first})
    finally:
        signals.generator_init.disconnect(plan)
        signals.article_writer_finalized.disconnect(after_writing)
    assert site.errors == [
        "posts/old.md:3:1: a redirect page (redirect_from) writes blog/x.html, "
        "which posts/first.md writes too; not written"
    ]
    assert refused == [True]
    assert_first_intact(site, "blog/x.html")


# ------------------------------------------------------- the real command


def test_the_pelican_command_finishes_with_one_error_per_file(tmp_path: Path) -> None:
    files = {
        f"content/posts/hostile-{n}.md": post(f"H{n}", f"2024-02-0{n}", permalink=p)
        for n, p in enumerate(
            ["/feeds/all.atom.xml", "/tag/x.html", "/", "/sitemap.xml", "/first.html"],
            start=1,
        )
    }
    files["content/posts/first.md"] = FIRST
    files["content/posts/same-a.md"] = post("Same", "2024-01-03")
    files["content/posts/same-b.md"] = post("Same", "2024-01-04")
    files["pelicanconf.py"] = (
        "PLUGINS = ['postcard']\nPATH = 'content'\nTIMEZONE = 'UTC'\n"
        f"SITEURL = {SITEURL!r}\nFEED_DOMAIN = SITEURL\n"
        "FEED_ALL_ATOM = 'feeds/all.atom.xml'\n"
    )
    write_files(tmp_path, files)
    result = run_pelican(tmp_path, "-s", "pelicanconf.py", "-o", "output", check=False)
    printed = result.stdout + result.stderr
    assert result.returncode == 0, printed
    assert "CRITICAL" not in printed
    assert "Traceback" not in printed
    errors = [line for line in printed.splitlines() if LEVEL.match(line)]
    assert len(errors) == 6, printed
    for name in [f"hostile-{n}.md" for n in range(1, 6)] + ["same-b.md"]:
        assert sum(f"posts/{name}" in line for line in errors) == 1, printed
    parsed = feedparser.parse((tmp_path / "output/feeds/all.atom.xml").read_bytes())
    assert not parsed.bozo
    assert sorted(entry.title for entry in parsed.entries) == ["First", "Same"]


# ------------------------------------------------------- no false positives


RICH = {
    "posts/one.md": post("One", "2023-05-01", tags="[x, y]", series="Trip"),
    "posts/two.md": post("Two", "2023-06-01", tags="[x]", category="Notes"),
    "posts/three.md": post("Three", "2024-01-01", author="Ann", series="Trip"),
    "posts/three-fr.md": post("Trois", "2024-01-01", slug="three", lang="fr"),
    "posts/draft.md": post("Draft", "2024-02-01", status="draft"),
    "posts/hidden.md": post("Hidden", "2024-02-02", status="hidden"),
    "pages/about.md": "---\ntitle: About\n---\nAbout.\n",
    "pages/contact.md": "---\ntitle: Contact\npermalink: /contact/\n---\nHi.\n",
    "images/a.png": b"\x89PNG\r\n\x1a\n",
    "series/trip.md": SERIES,
}
RICH_SETTINGS = {
    "DEFAULT_PAGINATION": 1,
    "STATIC_PATHS": ["images"],
    "YEAR_ARCHIVE_SAVE_AS": "{date:%Y}/index.html",
    "MONTH_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/index.html",
    "TAG_FEED_ATOM": "feeds/tag/{slug}.atom.xml",
    "CATEGORY_FEED_ATOM": "feeds/category/{slug}.atom.xml",
    "AUTHOR_FEED_RSS": "feeds/author/{slug}.rss.xml",
    "TRANSLATION_FEED_ATOM": "feeds/all-{lang}.atom.xml",
    "FEED_RSS": "feeds/site.rss.xml",
}


def test_a_rich_site_has_no_clash_and_every_written_file_was_planned(
    tmp_path: Path,
) -> None:
    planned: list[str] = []

    def record(generators) -> None:
        generators = list(generators)
        claims, _ = content_claims(generators)
        claims += generated_claims(generators, generators[0].context)
        planned.extend(claim.path for claim in claims)

    write_files(tmp_path, {"extra.html": "<p>{{ SITENAME }}</p>"})
    signals.all_generators_finalized.connect(record)
    try:
        site = build_guarded_site(
            tmp_path,
            RICH,
            **RICH_SETTINGS,
            TEMPLATE_PAGES={"../extra.html": "extra/index.html"},
        )
    finally:
        signals.all_generators_finalized.disconnect(record)
    assert site.errors == []
    written = {
        os.path.relpath(os.path.join(folder, name), site.output)
        for folder, _, names in os.walk(site.output)
        for name in names
    }
    written = {path for path in written if not path.startswith("theme/")}
    assert len(planned) == len(set(planned))
    assert set(planned) == written
    assert {"index2.html", "tag/x2.html", "2023/index.html", "robots.txt"} <= written
    checked = [m for m in site.messages(logging.DEBUG) if "outputs checked" in m]
    assert len(checked) == 1
    assert checked[0].startswith(f"output_guard: {len(planned)} outputs checked, 0 ")


def test_the_demo_reports_nothing(demo_site: BuiltSite) -> None:
    assert "not written" not in demo_site.log
    assert "ERROR" not in demo_site.log

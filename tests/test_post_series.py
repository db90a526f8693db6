"""post_series in real Pelican builds: series pages, navigation, feeds and links.

Posts use Pelican's own ``Key: value`` metadata so these tests need only the
``post_series`` plugin; series definitions use YAML front matter, as documented.
"""

from __future__ import annotations

import filecmp
import logging
import posixpath
import textwrap

import feedparser
import pytest
from sitebuilder import BuiltSite, build_site, write_files

PLUGINS = ["post_series"]

EUROPE = """
---
title: Europe Trip
description: Three months of working remotely across Europe.
status: ongoing
planned:
  - title: Planning the route and the visas
    index: 1
  - title: Lisbon
    index: 2
    description: Coworking by the river.
  - Berlin
  - What we would do differently
---

We spent *three months* abroad.
"""

# A theme template that shows every partial of the plugin around the article.
ARTICLE_WITH_PARTIALS = """
{% extends "base.html" %}
{% block content %}
<article class="test-article">
<h1 class="test-title">{{ article.title|e }}</h1>
{% include "post_series/nav.html" %}
<div class="test-body">{{ article.content }}</div>
{% include "post_series/callout.html" %}
{% include "post_series/pager.html" %}
</article>
{% endblock %}
"""

# Every build here: relative URLs, so links read the same in any output folder.
SETTINGS = {"RELATIVE_URLS": True}
# Builds show every partial: build_site(..., plugins=PLUGINS, templates=TEMPLATES).
TEMPLATES = {"article.html": ARTICLE_WITH_PARTIALS}


def post(title: str, date: str, body: str = "Some text.", **meta: str) -> str:
    """A post in Pelican's native metadata format."""
    lines = [f"Title: {title}", f"Date: {date}"]
    lines += [
        f"{key.replace('_', ' ').title().replace(' ', '_')}: {value}"
        for key, value in meta.items()
    ]
    return "\n".join(lines) + "\n\n" + body + "\n"


def hrefs(element) -> list[str]:
    """The ``href`` of ``element`` (when it is a link) and of every link in it."""
    own = [element] if element.name == "a" and element.has_attr("href") else []
    return [a["href"] for a in own + element.find_all("a", href=True)]


def pager_on(site: BuiltSite, page: str):
    """The series pager (previous, next or coming next) on ``page``."""
    return site.soup(page).select_one("nav.series-pager")


def nav_parts(site: BuiltSite, page: str) -> list[tuple[str, str]]:
    """(kind, title) of each item of the series navigation on ``page``."""
    nav = site.soup(page).select_one("nav.series-nav")
    result = []
    for item in nav.select("li.series-nav-part"):
        classes = item["class"]
        kind = (
            "planned"
            if "series-nav-planned" in classes
            else "current"
            if "series-nav-current" in classes
            else "link"
        )
        result.append((kind, item.select_one(".series-nav-part-title").get_text()))
    return result


def assert_clean(site: BuiltSite) -> None:
    assert site.errors == []
    # Pelican warns about feeds without SITEURL in a local preview; nothing else.
    problems = [
        r.getMessage()
        for r in site.records
        if r.levelno >= logging.WARNING
        and not r.getMessage().startswith("Feeds generated")
    ]
    assert problems == []


# --- series pages ----------------------------------------------------------------


def test_series_with_only_planned_parts_gets_its_page(site_root):
    site = build_site(
        site_root,
        {"series/europe-trip.md": EUROPE, "other.md": post("Other", "2024-01-01")},
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert_clean(site)
    page = site.soup("series/europe-trip.html")
    assert page.select_one("h1.series-title").get_text() == "Europe Trip"
    assert page.select_one(".series-description").get_text() == (
        "Three months of working remotely across Europe."
    )
    assert page.select_one(".series-intro em").get_text() == "three months"
    planned = page.select("li.series-part-planned")
    assert [li.select_one(".series-part-title").get_text() for li in planned] == [
        "Planning the route and the visas",
        "Lisbon",
        "Berlin",
        "What we would do differently",
    ]
    assert [li["value"] for li in planned] == ["1", "2", "3", "4"]
    assert "Coming soon" in planned[0].get_text()
    assert planned[1].select_one(".series-part-description").get_text() == (
        "Coworking by the river."
    )
    assert page.select("li.series-part-published") == []
    assert (
        page.select_one(".series-progress").get_text()
        == "No parts out yet, 4 coming soon"
    )
    assert "Series 'Europe Trip' (series/europe-trip.html): 0 published, 4 planned" in (
        site.infos
    )
    index = site.soup("series/index.html")
    item = index.select_one("li.series-index-item")
    assert hrefs(item) == ["../series/europe-trip.html"]
    assert item.select_one(".series-progress").get_text() == (
        "No parts out yet, 4 coming soon"
    )


def test_published_parts_fulfil_planned_parts_by_index_and_by_title(site_root):
    site = build_site(
        site_root,
        {
            "series/europe-trip.md": EUROPE,
            "p1.md": post(
                "Part one: the paperwork",
                "2024-01-01",
                series="Europe Trip",
                series_index="1",
            ),
            "berlin.md": post("Berlin", "2024-03-01", series="europe-trip"),
            "extra.md": post("A detour to Porto", "2024-02-01", series="Europe trip"),
        },
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert_clean(site)
    page = site.soup("series/europe-trip.html")
    items = page.select("ol.series-parts > li")
    summary = [
        (
            li["value"],
            "planned" if "series-part-planned" in li["class"] else "published",
            li.select_one(".series-part-title").get_text(),
        )
        for li in items
    ]
    # Planned parts keep their numbers; the unplanned detour follows them.
    assert summary == [
        ("1", "published", "Part one: the paperwork"),
        ("2", "planned", "Lisbon"),
        ("3", "published", "Berlin"),
        ("4", "planned", "What we would do differently"),
        ("5", "published", "A detour to Porto"),
    ]
    assert (
        page.select_one(".series-progress").get_text() == "3 parts out, 2 coming soon"
    )
    assert hrefs(items[0].select_one(".series-part-title")) == [
        "../part-one-the-paperwork.html"
    ]
    assert "Series 'Europe Trip' (series/europe-trip.html): 3 published, 2 planned" in (
        site.infos
    )

    assert nav_parts(site, "berlin.html") == [
        ("link", "Part one: the paperwork"),
        ("planned", "Lisbon"),
        ("current", "Berlin"),
        ("planned", "What we would do differently"),
        ("link", "A detour to Porto"),
    ]
    nav = site.soup("berlin.html").select_one("nav.series-nav")
    position = nav.select_one(".series-nav-position").get_text(" ", strip=True)
    assert position.startswith("Part 3 of 5 in Europe Trip")
    assert nav.select_one("[aria-current=page]").get_text() == "Berlin"
    assert nav.select_one(".series-nav-current a") is None
    berlin = pager_on(site, "berlin.html")
    assert hrefs(berlin.select_one(".pager-prev")) == ["./part-one-the-paperwork.html"]
    assert hrefs(berlin.select_one(".pager-next")) == ["./a-detour-to-porto.html"]
    assert hrefs(nav.select_one(".series-nav-position")) == [
        "./series/europe-trip.html"
    ]
    pager = site.soup("berlin.html").select_one("nav.series-pager")
    assert hrefs(pager) == [
        "./part-one-the-paperwork.html",
        "./a-detour-to-porto.html",
    ]
    first_pager = site.soup("part-one-the-paperwork.html").select_one(
        "nav.series-pager"
    )
    assert hrefs(first_pager) == ["./berlin.html"]
    assert first_pager.select_one(".pager-next") is not None


def test_drafts_and_hidden_posts_stay_out_of_published_navigation(site_root):
    site = build_site(
        site_root,
        {
            "series/europe-trip.md": EUROPE,
            "p1.md": post(
                "Planning", "2024-01-01", series="Europe Trip", series_index="1"
            ),
            "lisbon.md": post(
                "Lisbon",
                "2024-02-01",
                series="Europe Trip",
                series_index="2",
                status="draft",
            ),
            "secret.md": post(
                "Secret side trip", "2024-02-15", series="Europe Trip", status="hidden"
            ),
            "p3.md": post(
                "Berlin", "2024-03-01", series="Europe Trip", series_index="3"
            ),
        },
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert_clean(site)
    published = nav_parts(site, "planning.html")
    assert published == [
        ("current", "Planning"),
        ("planned", "Lisbon"),
        ("link", "Berlin"),
        ("planned", "What we would do differently"),
    ]
    for page in (
        "planning.html",
        "berlin.html",
        "series/europe-trip.html",
        "series/index.html",
    ):
        links = hrefs(site.soup(page))
        assert not any(
            "lisbon" in h or "secret" in h or "drafts/" in h for h in links
        ), page
    # Pelican-series' "next" points at the next published part, never a draft.
    assert hrefs(pager_on(site, "planning.html").select_one(".pager-next")) == [
        "./berlin.html"
    ]

    # The draft's preview has itself in the order, in place of the promise.
    assert nav_parts(site, "drafts/lisbon.html") == [
        ("link", "Planning"),
        ("current", "Lisbon"),
        ("link", "Berlin"),
        ("planned", "What we would do differently"),
    ]
    preview = site.soup("drafts/lisbon.html").select_one("nav.series-nav")
    assert "series-nav-preview" in preview["class"]
    assert hrefs(pager_on(site, "drafts/lisbon.html").select_one(".pager-prev")) == [
        "../planning.html"
    ]
    # The hidden post is reachable by its URL and sees the published parts.
    assert ("current", "Secret side trip") in nav_parts(site, "secret-side-trip.html")
    page = site.soup("series/europe-trip.html")
    assert len(page.select("li.series-part-published")) == 2


def test_draft_only_series_gets_no_page(site_root):
    site = build_site(
        site_root,
        {"draft.md": post("Idea", "2024-01-01", series="Someday", status="draft")},
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert_clean(site)
    assert not site.exists("series/someday.html")
    nav = site.soup("drafts/idea.html").select_one("nav.series-nav")
    assert nav.select_one("a.series-nav-title") is None
    assert nav.select_one("span.series-nav-title").get_text() == "Someday"


def test_bad_and_duplicate_indexes_warn_and_keep_every_post(site_root):
    site = build_site(
        site_root,
        {
            "a.md": post("Alpha", "2024-01-01", series="Trip", series_index="2"),
            "b.md": post("Beta", "2024-01-02", series="Trip", series_index="2"),
            "c.md": post("Gamma", "2024-01-03", series="Trip", series_index="two"),
            "d.md": post("Delta", "2024-01-04", series="Trip", series_index="0"),
        },
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert site.errors == []
    warnings = site.warnings
    assert (
        "a.md, b.md: these posts are all part 2 of series 'Trip'; ordering them by date"
        in (warnings)
    )
    assert (
        "c.md: series_index 'two' is not a positive integer; "
        "the post is ordered by date" in (warnings)
    )
    assert (
        "d.md: series_index '0' is not a positive integer; the post is ordered by date"
        in (warnings)
    )
    for page in ("alpha.html", "beta.html", "gamma.html", "delta.html"):
        assert site.exists(page)
    titles = [
        li.select_one(".series-part-title").get_text()
        for li in site.soup("series/trip.html").select("li.series-part")
    ]
    assert titles == ["Alpha", "Beta", "Gamma", "Delta"]


def test_new_part_of_a_complete_series_warns_and_is_published(site_root):
    definition = """
    ---
    title: Done Deal
    status: complete
    planned: [One, Two]
    ---
    """
    site = build_site(
        site_root,
        {
            "series/done-deal.md": definition,
            "one.md": post("One", "2024-01-01", series="Done Deal"),
            "two.md": post("Two", "2024-01-02", series="Done Deal"),
            "three.md": post("Three", "2024-01-03", series="Done Deal"),
        },
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert site.errors == []
    assert (
        site.warnings.count(
            "three.md, series/done-deal.md: series 'Done Deal' is marked complete, "
            "but this post adds a part it does not plan; the post is still published"
        )
        == 1
    )
    assert site.exists("three.html")
    page = site.soup("series/done-deal.html")
    assert page.select_one(".series-progress").get_text() == "Complete in 3 parts"
    index = site.soup("series/index.html")
    assert index.select_one(".series-progress").get_text() == "Complete in 3 parts"


def test_broken_definition_is_one_error_and_the_rest_builds(site_root):
    broken = "---\ntitle: Broken\nplanned: [unclosed\n---\n"
    site = build_site(
        site_root,
        {
            "series/broken.md": broken,
            "series/europe-trip.md": EUROPE,
            "a.md": post("A part", "2024-01-01", series="Broken"),
        },
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert len(site.errors) == 1
    assert site.errors[0].startswith("series/broken.md:4:1: ")
    assert site.exists("series/europe-trip.html")
    # The posts of the broken series are still a series, named as they write it.
    assert (
        site.soup("series/broken.html").select_one(".series-title").get_text()
        == "Broken"
    )
    assert nav_parts(site, "a-part.html") == [("current", "A part")]


def test_definition_folder_is_neither_articles_nor_pages(site_root):
    site = build_site(
        site_root,
        {
            "series/europe-trip.md": EUROPE,
            "pages/about.md": "Title: About\n\nAbout.\n",
            "a.md": post("A", "2024-01-01"),
        },
        {**SETTINGS, "PAGE_PATHS": ["pages", "series"]},
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert site.errors == []
    assert (
        "PAGE_PATHS lists 'series', inside the definition folder 'series' "
        "(POST_SERIES_DIR); definitions are never pages, so it is left out"
    ) in site.warnings
    written = {
        p.relative_to(site.output).as_posix() for p in site.output.rglob("*.html")
    }
    assert "europe-trip.html" not in written
    assert "pages/europe-trip.html" not in written
    assert not any(name.endswith(".md") for name in map(str, site.output.rglob("*")))
    assert "series/europe-trip.html" in written


def test_unusual_definition_files(site_root):
    site = build_site(
        site_root,
        {
            "series/no-header.md": "Just an introduction.\n",
            "series/custom.md": "---\nslug: Elsewhere\ntitle: Custom Slug\n---\n",
            "series/dupe.md": "---\nslug: elsewhere\n---\n",
            "series/latin1.md": "---\ntitle: caf\xe9\n---\n".encode("latin-1"),
            "series/status.md": "---\nstatus: paused\n---\n",
            "series/numbered.md": "---\nplanned:\n  - title: X\n    index: nope\n---\n",
            "series/linky.md": "---\n---\nSee [the other]({series}elsewhere).\n",
            "a.md": post("A", "2024-01-01", series="Custom Slug"),
        },
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert site.errors == [
        "series/latin1.md:2:11: not valid UTF-8 (byte 0xE9); save the file as UTF-8"
    ]
    warnings = site.warnings
    assert (
        "series/linky.md: links such as {filename} or {series} are not resolved in a "
        "series introduction; use ordinary URLs there"
    ) in warnings
    assert (
        "series/no-header.md: no YAML front matter ('---' block); the file name gives "
        "the title"
    ) in warnings
    assert (
        "series/custom.md, series/dupe.md: both define series 'elsewhere'; "
        "using series/custom.md" in warnings
    )
    assert (
        "series/status.md:2:1: status 'paused' is not one of ongoing, complete; "
        "using 'ongoing'" in warnings
    )
    assert (
        "series/numbered.md:4:5: planned part 1: index 'nope' is not a positive "
        "integer; ignoring the index"
    ) in warnings
    assert site.soup("series/no-header.html").select_one(".series-intro").get_text(
        strip=True
    ) == ("Just an introduction.")
    # The post names the series by its title: it joins the definition's slug.
    assert nav_parts(site, "a.html") == [("current", "A")]
    assert (
        site.soup("series/elsewhere.html").select_one(".series-title").get_text()
        == "Custom Slug"
    )
    assert not site.exists("series/custom-slug.html")


# --- links to series -------------------------------------------------------------


def test_series_links_in_markdown_and_front_matter(site_root):
    body = textwrap.dedent(
        """
        I will write about [my Europe trip]({series}europe-trip) soon,
        see [part two]({series}Europe%20Trip#part-2), [every series]({series}) and
        [a typo]({series}europ-trip).
        """
    )
    site = build_site(
        site_root,
        {
            "series/europe-trip.md": EUROPE,
            "pycon.md": post("PyCon US", "2024-05-21", body, series_link="europe-trip"),
            "pages/plans.md": (
                "Title: Plans\nSeries_link: nothing-here\n\n"
                "See [it]({series}europe-trip).\n"
            ),
        },
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert site.errors == []
    assert not any("Replacement Indicator" in w for w in site.warnings)
    assert (
        "pycon.md: links to series 'europ-trip', which does not exist; "
        "the link points to the series index" in (site.warnings)
    )
    assert (
        "pages/plans.md: series_link 'nothing-here' names no series; "
        "no call-out is shown" in (site.warnings)
    )
    body = site.soup("pycon-us.html").select_one(".test-body")
    assert hrefs(body) == [
        "./series/europe-trip.html",
        "./series/europe-trip.html#part-2",
        "./series/index.html",
        "./series/index.html",
    ]
    callout = site.soup("pycon-us.html").select_one("aside.series-callout")
    assert hrefs(callout.select_one(".series-callout-title")) == [
        "./series/europe-trip.html"
    ]
    assert callout.select_one(".series-callout-progress").get_text() == (
        "No parts out yet, 4 coming soon"
    )
    assert [
        li.get_text(" ", strip=True)
        for li in callout.select("li.series-callout-planned")
    ][1] == ("Lisbon (coming soon)")
    assert hrefs(site.soup("pages/plans.html").select_one("#content")) == [
        "../series/europe-trip.html"
    ]
    mentions = site.soup("series/europe-trip.html").select_one(".series-mentions")
    assert hrefs(mentions) == ["../pycon-us.html"]


def test_series_links_with_absolute_urls_and_filename_links(site_root):
    site = build_site(
        site_root,
        {
            "series/europe-trip.md": EUROPE,
            "a.md": post(
                "A",
                "2024-01-01",
                "[trip]({series}europe-trip) and "
                "[source]({filename}/series/europe-trip.md)",
            ),
        },
        {**SETTINGS, "RELATIVE_URLS": False, "SITEURL": "https://example.org/blog"},
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert site.errors == []
    assert hrefs(site.soup("a.html").select_one(".test-body")) == [
        "https://example.org/blog/series/europe-trip.html",
        "https://example.org/blog/series/europe-trip.html",
    ]


def test_series_link_list_and_linkers_of_other_series(site_root):
    site = build_site(
        site_root,
        {
            "series/europe-trip.md": EUROPE,
            "series/kitchen.md": "---\ntitle: Kitchen\nplanned: [Knives]\n---\n",
            "a.md": post("Both", "2024-01-01", series_link="europe-trip\n    Kitchen"),
            "b.md": post(
                "Part", "2024-01-02", "[own series]({series}kitchen)", series="Kitchen"
            ),
            "c.md": post("Draft", "2024-01-03", "[x]({series}kitchen)", status="draft"),
        },
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert_clean(site)
    titles = [
        a.select_one(".series-callout-title").get_text()
        for a in site.soup("both.html").select("aside.series-callout")
    ]
    assert titles == ["Europe Trip", "Kitchen"]
    kitchen = site.soup("series/kitchen.html")
    # The series' own part and a draft are not "posts that link to it".
    assert hrefs(kitchen.select_one(".series-mentions")) == ["../both.html"]


# --- languages, feeds, templates -------------------------------------------------


def test_translations_form_their_own_series(site_root):
    site = build_site(
        site_root,
        {
            "series/europe-trip.md": EUROPE,
            "en1.md": post(
                "Planning",
                "2024-01-01",
                series="Europe Trip",
                series_index="1",
                slug="planning",
            ),
            "fr1.md": post(
                "Préparer",
                "2024-01-02",
                series="Europe Trip",
                series_index="1",
                slug="planning",
                lang="fr",
            ),
            "fr2.md": post(
                "Lisbonne",
                "2024-01-03",
                series="Europe Trip",
                series_index="2",
                lang="fr",
            ),
        },
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert_clean(site)
    assert nav_parts(site, "planning.html") == [
        ("current", "Planning"),
        ("planned", "Lisbon"),
        ("planned", "Berlin"),
        ("planned", "What we would do differently"),
    ]
    assert nav_parts(site, "planning-fr.html") == [
        ("current", "Préparer"),
        ("link", "Lisbonne"),
    ]
    french = site.soup("series/europe-trip-fr.html")
    assert french.html["lang"] == "fr"
    assert [h.get_text() for h in french.select(".series-part-title")] == [
        "Préparer",
        "Lisbonne",
    ]
    assert site.exists("feeds/series/europe-trip-fr.atom.xml")
    names = [
        a.get_text()
        for a in site.soup("series/index.html").select(".series-index-name a")
    ]
    assert sorted(names) == ["Europe Trip", "Europe Trip"]


def test_feeds_parse_and_follow_site_settings(site_root):
    files = {
        "series/europe-trip.md": EUROPE,
        "a.md": post("Planning", "2024-01-01", series="Europe Trip", series_index="1"),
        "b.md": post("Berlin", "2024-03-01", series="Europe Trip"),
        "c.md": post("Unrelated", "2024-02-01"),
    }
    settings = {"SITEURL": "https://example.org", "RELATIVE_URLS": False}
    site = build_site(
        site_root, files, {**SETTINGS, **settings}, plugins=PLUGINS, templates=TEMPLATES
    )
    assert site.errors == []
    feed = feedparser.parse(
        (site.output / "feeds/series/europe-trip.atom.xml").read_bytes()
    )
    assert not feed.bozo
    assert feed.feed.title == "Test Site - Europe Trip"
    assert [e.title for e in feed.entries] == ["Berlin", "Planning"]
    assert feed.entries[0].link == "https://example.org/berlin.html"
    self_link = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_link == ["https://example.org/feeds/series/europe-trip.atom.xml"]
    page = site.soup("series/europe-trip.html")
    assert hrefs(page.select_one(".series-feed")) == [
        "https://example.org/feeds/series/europe-trip.atom.xml"
    ]
    assert page.select_one(
        'head link[type="application/atom+xml"][title="Europe Trip (Atom feed)"]'
    )

    off = build_site(
        site_root.parent / "off",
        files,
        {**SETTINGS, **settings, "POST_SERIES_FEED_ATOM": None},
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert not (off.output / "feeds/series").exists()
    assert off.soup("series/europe-trip.html").select_one(".series-feed") is None

    moved = build_site(
        site_root.parent / "moved",
        files,
        {
            **SETTINGS,
            **settings,
            "FEED_DOMAIN": "https://feeds.example.net",
            "POST_SERIES_URL": "s/{slug}/",
            "POST_SERIES_SAVE_AS": "s/{slug}/index.html",
            "POST_SERIES_FEED_ATOM": "s/{slug}.xml",
        },
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert moved.exists("s/europe-trip/index.html") and moved.exists(
        "s/europe-trip.xml"
    )
    assert hrefs(moved.soup("s/europe-trip/index.html").select_one(".series-feed")) == [
        "https://feeds.example.net/s/europe-trip.xml"
    ]
    assert "https://example.org/s/europe-trip/" in hrefs(moved.soup("planning.html"))


@pytest.mark.parametrize("theme", ["notmyidea", "simple"])
def test_fallback_templates_extend_the_theme(site_root, theme):
    site = build_site(
        site_root,
        {
            "series/europe-trip.md": EUROPE,
            "a.md": post(
                "Planning", "2024-01-01", series="Europe Trip", series_index="1"
            ),
        },
        {"RELATIVE_URLS": True},
        plugins=PLUGINS,
        theme=theme,
    )
    assert site.errors == []
    for page in ("series/europe-trip.html", "series/index.html"):
        soup = site.soup(page)
        assert soup.title.get_text().endswith("Test Site")
        main = (
            soup.select_one("main")
            if theme == "simple"
            else soup.select_one("#content")
        )
        assert main is not None and main.select_one("h1")
        assert soup.select_one("footer") is not None  # the rest of the theme's page
    soup = site.soup("series/europe-trip.html")
    assert soup.select_one(".series-title").get_text() == "Europe Trip"
    assert hrefs(soup.select_one(".series-part-published .series-part-title")) == [
        "../planning.html"
    ]


def test_series_page_shows_description_cards_when_they_exist(site_root):
    site = build_site(
        site_root,
        {
            "series/europe-trip.md": EUROPE,
            "a.md": post(
                "Planning", "2024-01-01", series="Europe Trip", series_index="1"
            ),
        },
        plugins=["post_series", "description_cards"],
    )
    assert site.errors == []
    part = site.soup("series/europe-trip.html").select_one("li.series-part-published")
    assert part.select_one(".series-part-number").get_text() == "Part 1"
    assert part.select_one(".series-part-summary") is None  # the card, not the fallback
    heading = part.select_one("h3")
    assert heading.get_text(strip=True) == "Planning"
    assert hrefs(heading) == ["/planning.html"]


def test_a_theme_series_template_wins_over_the_fallback(site_root):
    templates = site_root / "theme-templates"
    write_files(
        templates,
        {
            "series.html": (
                '<p id="theme-series">{{ series.title|e }} {{ series.total }}</p>'
            ),
            "series_index.html": '<p id="theme-index">{{ series_list|length }}</p>',
        },
    )
    site = build_site(
        site_root,
        {"series/europe-trip.md": EUROPE},
        {"THEME_TEMPLATES_OVERRIDES": [str(templates)]},
        plugins=PLUGINS,
    )
    assert site.soup("series/europe-trip.html").select_one(
        "#theme-series"
    ).get_text() == ("Europe Trip 4")
    assert site.soup("series/index.html").select_one("#theme-index").get_text() == "1"


# A template written for pelican-series 3.1.1, as themes such as Flex ship it.
PELICAN_SERIES_TEMPLATE = """
{% extends "base.html" %}
{% block content %}
<article>
<h1>{{ article.title }}</h1>
{% if article.series %}
<div class="legacy-series">
<p class="legacy-position">This post is part {{ article.series.index }} of the
"{{ article.series.name }}" series:</p>
<ol class="legacy-parts">
{% for part_article in article.series.all %}
<li {% if part_article == article %}class="active"{% endif %}>
<a href="{{ SITEURL }}/{{ part_article.url }}">{{ part_article.title }}</a>
</li>
{% endfor %}
</ol>
{% if article.series.all_previous %}
<p class="legacy-before">{{ article.series.all_previous|length }} before</p>
{% endif %}
{% if article.series.all_next %}
<p class="legacy-after">{{ article.series.all_next|length }} after</p>
{% endif %}
{% if article.series.previous %}
<a class="legacy-prev" href="{{ SITEURL }}/{{ article.series.previous.url }}">
Previous: {{ article.series.previous.title }}</a>
{% endif %}
{% if article.series.next %}
<a class="legacy-next" href="{{ SITEURL }}/{{ article.series['next'].url }}">
Next: {{ article.series['next'].title }}</a>
{% endif %}
</div>
{% endif %}
{{ article.content }}
</article>
{% endblock %}
"""


def test_a_theme_written_for_pelican_series_renders_unchanged(site_root):
    templates = site_root / "legacy"
    write_files(
        templates,
        {
            "article.html": PELICAN_SERIES_TEMPLATE,
            "index.html": (
                '{% extends "base.html" %}{% block content %}<ul id="by-name">'
                "{% for name, parts in article_series.items() %}"
                '<li>{{ name }}: {{ parts|map(attribute="title")|join(", ") }}</li>'
                "{% endfor %}</ul>{% endblock %}"
            ),
        },
    )
    site = build_site(
        site_root,
        {
            "one.md": post(
                "One", "2024-01-01", series="Pelican Series", series_index="1"
            ),
            "two.md": post(
                "Two", "2024-01-02", series="Pelican Series", series_index="2"
            ),
            "three.md": post(
                "Three", "2024-01-03", series="Pelican Series", series_index="3"
            ),
            "solo.md": post("Solo", "2024-01-04"),
        },
        {"THEME_TEMPLATES_OVERRIDES": [str(templates)], "RELATIVE_URLS": True},
        plugins=PLUGINS,
    )
    assert site.errors == []
    soup = site.soup("two.html")
    block = soup.select_one(".legacy-series")
    assert " ".join(block.select_one(".legacy-position").get_text().split()) == (
        'This post is part 2 of the "Pelican Series" series:'
    )
    items = block.select(".legacy-parts li")
    assert [li.get_text(strip=True) for li in items] == ["One", "Two", "Three"]
    assert [li.get("class") for li in items] == [None, ["active"], None]
    assert block.select_one(".legacy-before").get_text() == "1 before"
    assert block.select_one(".legacy-after").get_text() == "1 after"
    assert block.select_one(".legacy-prev")["href"] == "./one.html"
    assert block.select_one(".legacy-next")["href"] == "./three.html"
    assert site.soup("solo.html").select_one(".legacy-series") is None
    assert site.soup("index.html").select_one("#by-name").get_text() == (
        "Pelican Series: One, Two, Three"
    )


def test_series_list_is_on_every_template_most_recent_first(site_root):
    templates = site_root / "listing"
    listing = (
        '<ul id="series-list">'
        "{% for s in series_list %}<li>{{ s.title }}</li>{% endfor %}</ul>"
    )
    write_files(
        templates,
        {
            "index.html": '{% extends "base.html" %}{% block content %}'
            + listing
            + "{% endblock %}",
            "tag.html": '{% extends "base.html" %}{% block content %}'
            + listing
            + "{% endblock %}",
        },
    )
    site = build_site(
        site_root,
        {
            "series/promise.md": "---\ntitle: Only a Promise\nplanned: [Soon]\n---\n",
            "series/announced.md": "---\ntitle: Announced\nupdated: 2024-06-01\n---\n",
            "a.md": post("Old", "2023-01-01", series="Older Series", tags="x"),
            "b.md": post("New", "2024-01-01", series="Newer Series", tags="x"),
        },
        {"THEME_TEMPLATES_OVERRIDES": [str(templates)]},
        plugins=PLUGINS,
    )
    expected = ["Announced", "Newer Series", "Older Series", "Only a Promise"]
    for page in ("index.html", "tag/x.html"):
        assert [
            li.get_text() for li in site.soup(page).select("#series-list li")
        ] == expected


def test_hostile_values_are_escaped(site_root):
    definition = """
    ---
    title: '<script>alert(1)</script> & "quotes"'
    description: "</p><b>bold</b>"
    planned:
      - title: "<img src=x onerror=alert(2)>"
        description: "a\\nb & c"
    ---
    """
    site = build_site(
        site_root,
        {
            "series/evil.md": definition,
            "a.md": post(
                '"><script>x</script>',
                "2024-01-01",
                series="evil",
                series_link="evil",
                slug="hostile",
            ),
        },
        {**SETTINGS, "SITEURL": "https://example.org", "RELATIVE_URLS": False},
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert site.errors == []
    for page in ("series/evil.html", "series/index.html", "hostile.html"):
        soup = site.soup(page)
        body = soup.select_one("#content") or soup.body
        assert body.find("script") is None, page
        assert body.find("img") is None, page
        assert body.find("b") is None, page
    page = site.soup("series/evil.html")
    assert (
        page.select_one(".series-title").get_text()
        == '<script>alert(1)</script> & "quotes"'
    )
    assert page.select_one(".series-part-planned .series-part-title").get_text() == (
        "<img src=x onerror=alert(2)>"
    )
    article = site.soup("hostile.html")
    nav = article.select_one("nav.series-nav")
    assert nav["aria-label"] == 'Series: <script>alert(1)</script> & "quotes"'
    assert (
        article.select_one(".series-nav-current").get_text() == '"><script>x</script>'
    )
    feed = feedparser.parse((site.output / "feeds/series/evil.atom.xml").read_bytes())
    assert not feed.bozo


def differences(cmp: filecmp.dircmp) -> list[str]:
    """Files that differ, or exist on one side only, anywhere below ``cmp``."""
    found = cmp.diff_files + cmp.left_only + cmp.right_only + cmp.funny_files
    for sub in cmp.subdirs.values():
        found += differences(sub)
    return found


def test_content_cache_gives_the_same_output(tmp_path):
    files = {
        "series/europe-trip.md": EUROPE,
        "a.md": post(
            "Planning", "2024-01-01", "[x]({series}europe-trip)", series="Europe Trip"
        ),
        "b.md": post("Lisbon", "2024-02-01", series="Europe Trip", status="draft"),
    }
    cache = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    first = build_site(
        tmp_path / "site",
        files,
        {**SETTINGS, **cache},
        output=tmp_path / "first",
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    second = build_site(
        tmp_path / "site",
        {},
        {**SETTINGS, **cache},
        output=tmp_path / "second",
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert (tmp_path / "cache").is_dir()
    assert differences(filecmp.dircmp(first.output, second.output)) == []
    body = second.soup("planning.html").select_one(".test-body")
    assert hrefs(body) == ["./series/europe-trip.html"]


def test_two_builds_in_one_process_give_the_same_output(tmp_path):
    files = {
        "series/europe-trip.md": EUROPE,
        "a.md": post(
            "Planning",
            "2024-01-01",
            "[x]({series}europe-trip)",
            series="Europe Trip",
            series_index="1",
        ),
        "b.md": post("Berlin", "2024-03-01", series="Europe Trip"),
        "c.md": post("Draft", "2024-03-02", series="Europe Trip", status="draft"),
        "d.md": post("Other", "2024-03-03", series="Other", series_link="europe-trip"),
    }
    first = build_site(
        tmp_path / "one", files, SETTINGS, plugins=PLUGINS, templates=TEMPLATES
    )
    second = build_site(
        tmp_path / "two", files, SETTINGS, plugins=PLUGINS, templates=TEMPLATES
    )
    assert differences(filecmp.dircmp(first.output, second.output)) == []
    assert first.exists("series/europe-trip.html") and first.exists("series/other.html")


def test_postcard_bundle_registers_the_plugin(site_root):
    site = build_site(
        site_root,
        {"series/europe-trip.md": EUROPE, "a.md": post("A", "2024-01-01")},
        plugins=["postcard", "post_series"],
    )
    assert [r for r in site.records if r.levelno >= logging.ERROR] == []
    assert site.exists("series/europe-trip.html")


# --- reading order, stray posts, non-text values, hidden posts --------------------

README_DEFINITION = """
---
title: Europe Trip
description: Three months of working remotely across Europe.
status: ongoing
planned:
  - Planning the route and the visas
  - title: Lisbon
    index: 2
    description: Coworking by the river.
---
"""

YAML_PLUGINS = ["front_matter", "post_series"]


def series_parts(site: BuiltSite, page: str) -> list[tuple[str, str, str]]:
    """(number, kind, title) of each part listed on the series page ``page``."""
    return [
        (
            li["value"],
            "planned" if "series-part-planned" in li["class"] else "published",
            li.select_one(".series-part-title").get_text(),
        )
        for li in site.soup(page).select("ol.series-parts > li")
    ]


def nav_position(site: BuiltSite, page: str) -> str:
    nav = site.soup(page).select_one("nav.series-nav")
    return nav.select_one(".series-nav-position").get_text(" ", strip=True)


def test_planned_list_order_is_the_reading_order(site_root):
    """An unindexed planned part takes its place in the list; a post keeping it
    by title takes that place."""
    only_planned = build_site(
        site_root / "a",
        {"series/europe-trip.md": README_DEFINITION},
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert series_parts(only_planned, "series/europe-trip.html") == [
        ("1", "planned", "Planning the route and the visas"),
        ("2", "planned", "Lisbon"),
    ]
    site = build_site(
        site_root / "b",
        {
            "series/europe-trip.md": README_DEFINITION,
            "planning.md": post(
                "Planning the route and the visas", "2024-03-01", series="Europe Trip"
            ),
        },
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert_clean(site)
    assert series_parts(site, "series/europe-trip.html") == [
        ("1", "published", "Planning the route and the visas"),
        ("2", "planned", "Lisbon"),
    ]
    page = "planning-the-route-and-the-visas.html"
    assert nav_position(site, page).startswith("Part 1 of 2 in Europe Trip")
    assert nav_parts(site, page) == [
        ("current", "Planning the route and the visas"),
        ("planned", "Lisbon"),
    ]


def test_part_numbers_follow_series_index_and_the_planned_list(site_root):
    definition = """
    ---
    title: Trip
    planned:
      - Before
      - title: Middle
        index: 4
      - After
    ---
    """
    site = build_site(
        site_root,
        {
            "series/trip.md": definition,
            # Older than every other post, but numbered: it is part 2, not part 1.
            "two.md": post("Second", "2023-01-01", series="Trip", series_index="2"),
            "after.md": post("After", "2024-02-01", series="Trip"),
            "extra.md": post("An extra", "2024-01-01", series="Trip"),
        },
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert_clean(site)
    assert series_parts(site, "series/trip.html") == [
        ("1", "planned", "Before"),
        ("2", "published", "Second"),
        ("4", "planned", "Middle"),
        ("5", "published", "After"),
        ("6", "published", "An extra"),  # unplanned, no index: after the rest
    ]
    assert nav_position(site, "second.html").startswith("Part 2 of 6 in Trip")
    assert nav_position(site, "after.html").startswith("Part 5 of 6 in Trip")
    assert nav_position(site, "an-extra.html").startswith("Part 6 of 6 in Trip")
    assert hrefs(pager_on(site, "second.html").select_one(".pager-next")) == [
        "./after.html"
    ]


def test_numbered_posts_move_unindexed_promises_on(site_root):
    definition = "---\ntitle: Trip\nplanned: [Lisbon, Berlin]\n---\n"
    site = build_site(
        site_root / "a",
        {
            "series/trip.md": definition,
            "route.md": post(
                "Planning the route", "2024-01-01", series="Trip", series_index="1"
            ),
        },
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert_clean(site)
    # Only an explicit index keeps a promise by number: Lisbon is still to come.
    assert series_parts(site, "series/trip.html") == [
        ("1", "published", "Planning the route"),
        ("2", "planned", "Lisbon"),
        ("3", "planned", "Berlin"),
    ]
    assert nav_position(site, "planning-the-route.html").startswith("Part 1 of 3")

    clash = build_site(
        site_root / "b",
        {
            "series/europe-trip.md": README_DEFINITION,
            "paperwork.md": post(
                "Paperwork", "2024-01-01", series="Europe Trip", series_index="1"
            ),
        },
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert clash.errors == []
    assert [w for w in clash.warnings if not w.startswith("Feeds generated")] == [
        "series/europe-trip.md: planned parts 'Planning the route and the visas' and "
        "'Lisbon' are both part 2, as 'Planning the route and the visas' follows "
        "posts numbered by series_index (paperwork.md is part 1); if one of them is "
        "'Planning the route and the visas', give the planned part that index"
    ]
    assert series_parts(clash, "series/europe-trip.html") == [
        ("1", "published", "Paperwork"),
        ("2", "planned", "Planning the route and the visas"),
        ("2", "planned", "Lisbon"),
    ]


def test_posts_in_the_definition_folder_are_reported(site_root):
    stray = textwrap.dedent(
        """\
        ---
        title: First part
        date: 2024-01-01
        tags: [travel]
        series: Trip
        ---

        This is a post, saved in the wrong folder.
        """
    )
    site = build_site(
        site_root, {"series/2024-01-01-first.md": stray}, plugins=YAML_PLUGINS
    )
    assert site.errors == []
    fields = "title, description, status, planned, slug, lang, updated, modified"
    for line, key in ((3, "date"), (4, "tags"), (5, "series")):
        assert (
            f'series/2024-01-01-first.md:{line}:1: unknown field "{key}" '
            f"(a series definition has: {fields})"
        ) in site.warnings
    assert (
        "series/2024-01-01-first.md: looks like a post (it has date, series, tags); "
        "files in the series folder (POST_SERIES_DIR) are series definitions, "
        "never posts: move it to your posts"
    ) in site.warnings
    assert not any("unknown field" in w and '"title"' in w for w in site.warnings)


def test_non_text_series_name_is_a_warning_and_the_post_builds(site_root):
    site = build_site(
        site_root,
        {
            "trip.md": "---\ntitle: Mapped\ndate: 2024-01-01\n"
            "series:\n  name: Trip\nseries_link: {a: b}\n---\n\nBody.\n",
            "index.md": "---\ntitle: Listed\ndate: 2024-01-02\nseries: Trip\n"
            "series_index: [1, 2]\n---\n\nBody.\n",
        },
        SETTINGS,
        plugins=YAML_PLUGINS,
        templates=TEMPLATES,
    )
    assert site.errors == []
    assert (
        'trip.md:4:1: "series" must be text, not a mapping; the post is in no series'
    ) in site.warnings
    assert (
        'trip.md:6:1: "series_link" must be text or a list of text, not a mapping; '
        "ignored"
    ) in site.warnings
    assert (
        "index.md:5:1: series_index is a list, not a positive integer; "
        "the post is ordered by date"
    ) in site.warnings
    assert not any("{'" in w or "['" in w for w in site.warnings)
    page = site.soup("mapped.html")
    assert page.select_one(".test-title").get_text() == "Mapped"
    assert page.select_one("nav.series-nav") is None
    assert page.select_one("aside.series-callout") is None
    titles = [
        li.select_one(".series-index-name").get_text(strip=True)
        for li in site.soup("series/index.html").select("li.series-index-item")
    ]
    assert titles == ["Trip"]
    assert nav_parts(site, "listed.html") == [("current", "Listed")]


def test_non_text_definition_fields_are_errors_and_ignored(site_root):
    definition = textwrap.dedent(
        """\
        ---
        title: [Europe, Trip]
        description: {a: b}
        planned:
          - title: {x: 1}
          - title: Lisbon
            description: [d, e]
          - [nested]
        ---
        """
    )
    site = build_site(
        site_root,
        {
            "series/europe-trip.md": definition,
            "a.md": post("A", "2024-01-01", series="europe-trip"),
        },
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert site.errors == [
        'series/europe-trip.md:2:1: "title" must be text, not a list; ignored',
        'series/europe-trip.md:3:1: "description" must be text, not a mapping; ignored',
        'series/europe-trip.md:5:5: planned part 1: "title" must be text, '
        "not a mapping; the part is skipped",
        'series/europe-trip.md:7:5: planned part 2: "description" must be text, '
        "not a list; ignored",
        "series/europe-trip.md:8:5: planned part 3 must be a title or a mapping, "
        "not a list; the part is skipped",
    ]
    page = site.soup("series/europe-trip.html")
    assert page.select_one(".series-title").get_text() == "Europe Trip"
    assert page.select_one(".series-description") is None
    assert series_parts(site, "series/europe-trip.html") == [
        ("1", "planned", "Lisbon"),
        ("2", "published", "A"),
    ]
    assert page.select_one(".series-part-planned .series-part-description") is None
    for name in ("series/europe-trip.html", "a.html", "series/index.html"):
        text = site.soup(name).get_text()
        assert "{'" not in text and "['" not in text, name


def test_hidden_posts_are_published_but_unlisted(site_root):
    site = build_site(
        site_root,
        {
            "series/europe-trip.md": README_DEFINITION,
            "one.md": post(
                "Planning the route and the visas", "2024-01-01", series="Europe Trip"
            ),
            "bonus.md": post(
                "Bonus", "2024-01-02", series="Europe Trip", status="hidden"
            ),
            "draft.md": post(
                "Lisbon", "2024-01-03", series="Europe Trip", status="draft"
            ),
        },
        SETTINGS,
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert_clean(site)
    hidden = site.soup("bonus.html").select_one("nav.series-nav")
    assert "series-nav-unlisted" in hidden["class"]
    assert "series-nav-preview" not in hidden["class"]
    note = hidden.select_one(".series-nav-note").get_text()
    assert note == "(unlisted: this post is not listed in the series)"
    assert "not published" not in hidden.get_text()
    assert hrefs(pager_on(site, "bonus.html").select_one(".pager-prev")) == [
        "./planning-the-route-and-the-visas.html"
    ]
    draft = site.soup("drafts/lisbon.html").select_one("nav.series-nav")
    assert "series-nav-preview" in draft["class"]
    assert draft.select_one(".series-nav-note").get_text() == (
        "(preview: this part is not published)"
    )
    assert nav_parts(site, "drafts/lisbon.html") == [
        ("link", "Planning the route and the visas"),
        ("current", "Lisbon"),
    ]
    one = site.soup("planning-the-route-and-the-visas.html").select_one(
        "nav.series-nav"
    )
    assert "Bonus" not in one.get_text() and one.select_one(".series-nav-note") is None


# --- the demo --------------------------------------------------------------------


def test_demo_pycon_post_promises_the_europe_trip(demo_site):
    page = "pycon-us.html"
    soup = demo_site.soup(page)
    in_body = [
        a
        for a in soup.find_all("a", href=True)
        if a.get_text(strip=True) == "our Europe trip"
    ]
    assert [a["href"] for a in in_body] == ["./series/europe-trip.html"]
    assert resolves(demo_site, page, in_body[0]["href"])
    callout = soup.select_one("aside.series-callout")
    assert "Europe Trip" in callout.get_text()
    targets = [a["href"] for a in callout.find_all("a", href=True)]
    assert "./series/europe-trip.html" in targets
    assert "Replacement Indicator" not in demo_site.log
    assert "europe-trip" not in demo_site.log  # no warning about the series


def resolves(site: BuiltSite, page: str, href: str) -> bool:
    """Whether ``href``, found on ``page``, names a file of the built site."""
    path = href.split("#")[0].split("?")[0]
    if path.startswith("/"):
        target = path.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if not target or target.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html")
    return site.exists(target)


def test_demo_series_page_shows_published_and_planned_parts(demo_site):
    page = "series/europe-trip.html"
    soup = demo_site.soup(page)
    assert soup.find("h1").get_text(strip=True) == "Europe Trip"
    links = {
        a.get_text(" ", strip=True): a["href"] for a in soup.find_all("a", href=True)
    }
    published = "Europe, part 1: Planning the route and the visas"
    assert resolves(demo_site, page, links[published])
    text = soup.get_text(" ", strip=True)
    for planned in ("Lisbon", "Berlin", "What we would do differently"):
        assert planned in text
        assert not any(planned in title for title in links)  # promised, not linked
    assert not any("drafts/" in href for href in links.values())
    feed = feedparser.parse(
        (demo_site.output / "feeds/series/europe-trip.atom.xml").read_bytes()
    )
    assert not feed.bozo
    assert [e.title for e in feed.entries] == [published]

"""description_cards in real Pelican builds: head metadata on every kind of page,
cards, leads, feeds, injection into notmyidea, escaping and build-log checks."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from sitebuilder import BuiltSite, build_site, meta, run_pelican, write_files

SEED = "A Python Developer's Conference in Pittsburgh, PA"
SITEURL = "https://blog.example.org"
SITE_DESCRIPTION = "Conferences, code and working abroad."
PLUGINS = ["front_matter", "description_cards"]

SEED_POST = """\
---
layout: post
title: PyCon US
description: A Python Developer's Conference in Pittsburgh, PA
date: 2024-05-21T07:00:00-07:00
modified: 2024-05-23T10:00:00-07:00
tags: [Life, Python]
category: Events
image:
  path: /images/pycon.png
  alt: The expo hall
---

# PyCon US

My first PyCon US, four days in Pittsburgh.

More words about talks, open spaces and the PyData Pittsburgh booth.
"""

OTHER_POST = """\
Title: Quiet Switches
Date: 2024-07-14 09:00
Tags: Life
Category: Events

The first paragraph is what the card shows when there is no description.

A second paragraph that no card shows.
"""

ABOUT_PAGE = """\
---
title: About
description: Who writes here, and why.
---

I write about Python.
"""

# A minimal theme that includes the three partials, as the bundled theme does,
# and escapes everything it prints itself.
THEME_FILES = {
    "templates/base.html": """\
        <!DOCTYPE html>
        <html lang="{{ DEFAULT_LANG }}">
        <head>
        <meta charset="utf-8">
        <title>{% block title %}{{ SITENAME|e }}{% endblock %}</title>
        {% include "description_cards/head.html" %}
        </head>
        <body><main>{% block content %}{% endblock %}</main></body>
        </html>
    """,
    "templates/listing.html": """\
        {% extends "base.html" %}
        {% block content %}<h1>{{ SITENAME|e }}</h1>
        {% for article in (articles_page.object_list if articles_page else articles) %}
        {% include "description_cards/card.html" %}
        {% endfor %}{% endblock %}
    """,
    "templates/article.html": """\
        {% extends "base.html" %}
        {% block content %}<article><h1>{{ article.title|e }}</h1>
        {% include "description_cards/lead.html" %}
        <div class="body">{{ article.content }}</div></article>{% endblock %}
    """,
    "templates/page.html": """\
        {% extends "base.html" %}
        {% block content %}<article><h1>{{ page.title|e }}</h1>
        {% include "description_cards/lead.html" %}
        <div class="body">{{ page.content }}</div></article>{% endblock %}
    """,
    **{
        f"templates/{name}.html": '{% extends "listing.html" %}'
        for name in ("index", "tag", "author", "archives", "period_archives")
    },
    "templates/category.html": """\
        {% set card_heading_level = 3 %}{% extends "listing.html" %}
    """,
    **{
        f"templates/{name}.html": '{% extends "base.html" %}'
        for name in ("tags", "categories", "authors")
    },
    "static/site.css": "body { margin: 0; }\n",
}


@pytest.fixture(autouse=True)
def fresh_log_dedup() -> None:
    """Pelican drops a log message it has already logged in this process; tests
    that count messages need each build to start afresh."""
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()


@pytest.fixture
def card_theme(tmp_path: Path) -> str:
    """A theme that includes the partials itself (nothing is injected)."""
    theme = tmp_path / "card-theme"
    write_files(theme, THEME_FILES)
    return str(theme)


def one(soup: BeautifulSoup, key: str) -> str:
    values = meta(soup, key)
    assert len(values) == 1, (key, values)
    return values[0]


def json_ld(soup: BeautifulSoup) -> dict:
    scripts = soup.find_all("script", attrs={"type": "application/ld+json"})
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def seed_site(root: Path, theme: str | None = None, **settings) -> BuiltSite:
    files = {
        "posts/2024-05-21-pycon-us.md": SEED_POST,
        "posts/quiet-switches.md": OTHER_POST,
        "pages/about.md": ABOUT_PAGE,
        "images/pycon.png": b"\x89PNG\r\n\x1a\n",
    }
    values = {
        "SITEURL": SITEURL,
        "AUTHOR": "Sam Rivera",
        "SITESUBTITLE": "The subtitle",
        "DESCRIPTION_CARDS_SITE_DESCRIPTION": SITE_DESCRIPTION,
        "TWITTER_USERNAME": "example",
        "LOCALE": ("en_US.UTF-8", "C"),
        "ARTICLE_PATHS": ["posts"],
        "PAGE_PATHS": ["pages"],
        "FEED_ALL_RSS": "feeds/all.rss.xml",
        **settings,
    }
    return build_site(root, files, values, plugins=PLUGINS, theme=theme)


# ------------------------------------------------------------ notmyidea + injection


def test_article_head_on_notmyidea_has_every_tag(site_root: Path) -> None:
    site = seed_site(site_root)
    assert site.errors == []
    page = site.soup("pycon-us.html")
    url = f"{SITEURL}/pycon-us.html"
    assert one(page, "description") == SEED
    assert [link["href"] for link in page.find_all("link", rel="canonical")] == [url]
    assert one(page, "og:type") == "article"
    assert one(page, "og:title") == "PyCon US"
    assert one(page, "og:description") == SEED
    assert one(page, "og:url") == url
    assert one(page, "og:site_name") == "Test Site"
    assert one(page, "og:locale") == "en_US"
    assert one(page, "og:image") == f"{SITEURL}/images/pycon.png"
    assert one(page, "og:image:alt") == "The expo hall"
    assert one(page, "article:published_time") == "2024-05-21T07:00:00-07:00"
    assert one(page, "article:modified_time") == "2024-05-23T10:00:00-07:00"
    assert meta(page, "article:tag") == ["Life", "Python"]
    assert one(page, "article:section") == "Events"
    assert one(page, "twitter:card") == "summary_large_image"
    assert one(page, "twitter:title") == "PyCon US"
    assert one(page, "twitter:description") == SEED
    assert one(page, "twitter:image") == f"{SITEURL}/images/pycon.png"
    assert one(page, "twitter:site") == "@example"
    data = json_ld(page)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "PyCon US"
    assert data["description"] == SEED
    assert data["datePublished"] == "2024-05-21T07:00:00-07:00"
    assert data["dateModified"] == "2024-05-23T10:00:00-07:00"
    assert data["author"][0]["name"] == "Sam Rivera"
    assert data["url"] == url
    assert data["image"] == f"{SITEURL}/images/pycon.png"
    assert data["keywords"] == ["Life", "Python"]
    # The injected block went into <head>, once.
    assert page.head.find("meta", attrs={"property": "og:description"}) is not None
    assert len(page.find_all("script", attrs={"type": "application/ld+json"})) == 1


def test_page_index_and_tag_page_on_notmyidea(site_root: Path) -> None:
    site = seed_site(site_root)
    about = site.soup("pages/about.html")
    assert one(about, "description") == "Who writes here, and why."
    assert one(about, "og:type") == "website"
    assert one(about, "og:title") == "About"
    assert one(about, "og:description") == "Who writes here, and why."
    assert one(about, "og:url") == f"{SITEURL}/pages/about.html"
    assert one(about, "twitter:description") == "Who writes here, and why."
    assert meta(about, "article:published_time") == []
    assert json_ld(about)["@type"] == "WebPage"

    index = site.soup("index.html")
    assert one(index, "description") == SITE_DESCRIPTION
    assert one(index, "og:type") == "website"
    assert one(index, "og:title") == "Test Site"
    assert one(index, "og:description") == SITE_DESCRIPTION
    assert one(index, "og:url") == f"{SITEURL}/"
    assert one(index, "og:site_name") == "Test Site"
    assert one(index, "og:locale") == "en_US"
    # The home page's share image; a tag page has none (no default image).
    assert one(index, "twitter:card") == "summary_large_image"
    assert one(index, "og:image").startswith(f"{SITEURL}/images/share/share-")
    assert one(index, "twitter:description") == SITE_DESCRIPTION
    assert meta(index, "article:tag") == []
    assert json_ld(index)["@type"] == "WebSite"
    # notmyidea lists posts with their summary: the description, thanks to
    # DESCRIPTION_CARDS_AS_SUMMARY.
    summaries = [
        div.get_text(" ", strip=True) for div in index.select(".entry-content")
    ]
    assert any(SEED in text for text in summaries), summaries

    tag = site.soup("tag/python.html")
    assert one(tag, "og:type") == "website"
    assert one(tag, "og:title") == "Python | Test Site"
    assert one(tag, "description") == SITE_DESCRIPTION
    assert one(tag, "og:url") == f"{SITEURL}/tag/python.html"
    assert json_ld(tag)["@type"] == "CollectionPage"
    assert one(tag, "twitter:card") == "summary"
    assert meta(tag, "og:image") == []
    assert [link["href"] for link in tag.find_all("link", rel="canonical")] == [
        f"{SITEURL}/tag/python.html"
    ]


def test_every_written_page_gets_exactly_one_meta_description(site_root: Path) -> None:
    site = seed_site(site_root)
    pages = sorted(site.output.rglob("*.html"))
    assert len(pages) > 8
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        rel = path.relative_to(site.output)
        assert len(meta(soup, "description")) == 1, rel
        assert len(meta(soup, "og:description")) == 1, rel


def test_injection_can_be_turned_off(site_root: Path) -> None:
    site = seed_site(site_root, DESCRIPTION_CARDS_INJECT=False)
    page = site.soup("pycon-us.html")
    assert meta(page, "og:description") == []
    # notmyidea's own tag is left alone.
    assert len(meta(page, "description")) == 1


def test_site_description_falls_back_to_sitesubtitle(site_root: Path) -> None:
    site = seed_site(site_root, DESCRIPTION_CARDS_SITE_DESCRIPTION=None)
    assert one(site.soup("index.html"), "og:description") == "The subtitle"


# ------------------------------------------------------------ a theme with the partials


def test_partials_in_a_theme_print_head_cards_and_lead(
    site_root: Path, card_theme: str
) -> None:
    site = seed_site(site_root, theme=card_theme)
    assert site.errors == []
    article = site.soup("pycon-us.html")
    assert one(article, "description") == SEED
    assert one(article, "og:description") == SEED
    assert json_ld(article)["description"] == SEED
    assert article.select_one("p.card-lead").get_text() == SEED

    index = site.soup("index.html")
    assert one(index, "og:type") == "website"
    cards = {
        card.select_one(".card__title a").get_text(): card
        for card in index.select("article.card")
    }
    assert set(cards) == {"PyCon US", "Quiet Switches"}
    seed = cards["PyCon US"]
    assert seed.select_one(".card__title").name == "h2"
    assert seed.select_one(".card__link")["href"] == f"{SITEURL}/pycon-us.html"
    assert seed.select_one(".card__description").get_text() == SEED
    time = seed.select_one("time.card__date")
    assert time["datetime"] == "2024-05-21T07:00:00-07:00"
    assert seed.select_one(".card__reading-time").get_text() == "1 min read"
    tags = [(a.get_text(), a["href"]) for a in seed.select(".card__tags a[rel=tag]")]
    assert tags == [
        ("Life", f"{SITEURL}/tag/life.html"),
        ("Python", f"{SITEURL}/tag/python.html"),
    ]
    assert seed.select_one(".card__series") is None

    # No description: the card shows the first paragraph, the lead stays away.
    quiet = cards["Quiet Switches"]
    assert quiet.select_one(".card__description").get_text() == (
        "The first paragraph is what the card shows when there is no description."
    )
    assert site.soup("quiet-switches.html").select_one("p.card-lead") is None

    tag = site.soup("tag/python.html")
    assert [a.get_text() for a in tag.select("article.card .card__title a")] == [
        "PyCon US"
    ]
    assert one(tag, "og:title") == "Python | Test Site"
    # Same card on every listing (rendered once), with the theme's heading level.
    assert tag.select_one("article.card") == seed
    category = site.soup("category/events.html").select("article.card")
    assert {card.select_one(".card__title").name for card in category} == {"h3"}

    about = site.soup("pages/about.html")
    assert about.select_one("p.card-lead").get_text() == "Who writes here, and why."
    assert one(about, "og:type") == "website"


def test_a_theme_with_the_partials_pays_no_injection(
    site_root: Path, card_theme: str
) -> None:
    site = seed_site(site_root, theme=card_theme)
    for path in sorted(site.output.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert len(meta(soup, "og:description")) == 1, path
        assert len(soup.find_all("script", type="application/ld+json")) == 1, path


def test_listing_pages_know_which_page_they_are(
    site_root: Path, card_theme: str
) -> None:
    files = {
        f"post-{n}.md": f"Title: Post {n}\nDate: 2024-01-{n:02d}\nTags: Same\n"
        f"Description: Post number {n}.\n\nBody {n}.\n"
        for n in range(1, 6)
    }
    site = build_site(
        site_root,
        files,
        {"SITEURL": SITEURL, "DEFAULT_PAGINATION": 2},
        plugins=PLUGINS,
        theme=card_theme,
    )
    index2 = site.soup("index2.html")
    # index.html loops over ``article``: the head must not take the last one's.
    assert one(index2, "og:type") == "website"
    assert one(index2, "og:url") == f"{SITEURL}/index2.html"
    assert len(index2.select("article.card")) == 2
    assert one(site.soup("category/misc.html"), "og:title") == "misc | Test Site"
    assert one(site.soup("archives.html"), "og:title") == "Archives | Test Site"
    post = site.soup("post-3.html")
    assert one(post, "og:type") == "article"
    assert one(post, "description") == "Post number 3."


# ------------------------------------------------------------ feeds


def test_description_becomes_the_feed_summary(site_root: Path) -> None:
    site = seed_site(site_root)
    atom = feedparser.parse(site.output / "feeds/all.atom.xml")
    rss = feedparser.parse(site.output / "feeds/all.rss.xml")
    assert not atom.bozo and not rss.bozo
    atom_entries = {entry.title: entry for entry in atom.entries}
    rss_entries = {entry.title: entry for entry in rss.entries}
    assert atom_entries["PyCon US"].summary == SEED
    assert rss_entries["PyCon US"].summary == SEED
    # A post without a description keeps Pelican's own summary.
    assert "first paragraph" in atom_entries["Quiet Switches"].summary


def test_as_summary_off_and_explicit_summaries_are_left_alone(site_root: Path) -> None:
    files = {
        "with-summary.md": "Title: With Summary\nDate: 2024-01-01\n"
        "Description: The description.\nSummary: The *explicit* summary.\n\nBody.\n",
        "plain.md": "Title: Plain\nDate: 2024-01-02\nDescription: Plain description.\n"
        "\nThe body text of plain.\n",
    }
    site = build_site(site_root, files, plugins=PLUGINS)
    entries = {
        e.title: e for e in feedparser.parse(site.output / "feeds/all.atom.xml").entries
    }
    assert "explicit" in entries["With Summary"].summary
    assert entries["Plain"].summary == "Plain description."

    off = build_site(
        site_root / "off",
        files,
        {"DESCRIPTION_CARDS_AS_SUMMARY": False},
        plugins=PLUGINS,
    )
    entries = {
        e.title: e for e in feedparser.parse(off.output / "feeds/all.atom.xml").entries
    }
    assert "The body text of plain." in entries["Plain"].summary


# ------------------------------------------------------------ escaping

HOSTILE_TITLE = '</title></script><script>alert("t")</script> "Q" & A'
HOSTILE_POST = """\
---
title: '</title></script><script>alert("t")</script> "Q" & A'
description: "Tom & Jerry say \\"hi\\"
  &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;\\nI <3 it"
date: 2024-03-01
slug: hostile
tags: ['</script><b>bold</b>', 'Tom "&" Jerry']
image:
  path: '/images/a"b<c>.png'
  alt: '"><script>alert(2)</script> & map'
---

Body.
"""
HOSTILE_DESCRIPTION = 'Tom & Jerry say "hi" </script><script>alert(1)</script> I <3 it'


def assert_head_is_safe(page: BeautifulSoup) -> None:
    head = page.head
    assert [s.get("type") for s in head.find_all("script")] == ["application/ld+json"]
    assert one(page, "og:title") == HOSTILE_TITLE
    assert one(page, "og:description") == HOSTILE_DESCRIPTION
    assert one(page, "description") == HOSTILE_DESCRIPTION
    assert one(page, "twitter:title") == HOSTILE_TITLE
    assert one(page, "og:image:alt") == '"><script>alert(2)</script> & map'
    assert meta(page, "article:tag") == ["</script><b>bold</b>", 'Tom "&" Jerry']
    image = one(page, "og:image")
    assert '"' not in image and "<" not in image
    data = json_ld(page)
    assert data["headline"] == HOSTILE_TITLE
    assert data["description"] == HOSTILE_DESCRIPTION
    assert data["keywords"] == ["</script><b>bold</b>", 'Tom "&" Jerry']
    assert head.find("b") is None


def test_hostile_values_are_escaped_in_every_partial(
    site_root: Path, card_theme: str
) -> None:
    site = build_site(
        site_root,
        {"hostile.md": HOSTILE_POST},
        {"SITEURL": SITEURL},
        plugins=PLUGINS,
        theme=card_theme,
    )
    assert site.errors == []
    page = site.soup("hostile.html")
    assert_head_is_safe(page)
    # Only the JSON-LD script anywhere, and no element from the values.
    assert len(page.find_all("script")) == 1
    assert page.find("b") is None
    assert page.select_one("p.card-lead").get_text() == HOSTILE_DESCRIPTION

    index = site.soup("index.html")
    assert len(index.find_all("script")) == 1
    assert index.find("b") is None
    card = index.select_one("article.card")
    assert card.select_one(".card__title a").get_text() == HOSTILE_TITLE
    assert card.select_one(".card__description").get_text() == HOSTILE_DESCRIPTION
    assert [li.get_text() for li in card.select(".card__tag")] == [
        "</script><b>bold</b>",
        'Tom "&" Jerry',
    ]


def test_hostile_values_are_escaped_when_injected(site_root: Path) -> None:
    site = build_site(
        site_root, {"hostile.md": HOSTILE_POST}, {"SITEURL": SITEURL}, plugins=PLUGINS
    )
    assert site.errors == []
    assert_head_is_safe(site.soup("hostile.html"))


# ------------------------------------------------------------ sources, series, kinds


def test_drafts_hidden_posts_and_translations_get_cards(site_root: Path) -> None:
    files = {
        "post.md": "Title: Hello\nSlug: hello\nDate: 2024-01-01\n"
        "Description: English description.\n\nBody.\n",
        "post-fr.md": "Title: Bonjour\nSlug: hello\nLang: fr\nDate: 2024-01-01\n"
        "Description: Description en français.\n\nCorps.\n",
        "draft.md": "Title: Draft\nDate: 2024-01-02\nStatus: draft\n"
        "Description: A draft's description.\n\nDraft body.\n",
        "hidden.md": "Title: Hidden\nDate: 2024-01-03\nStatus: hidden\n"
        "Description: A hidden description.\n\nHidden body.\n",
    }
    site = build_site(site_root, files, {"SITEURL": SITEURL}, plugins=PLUGINS)
    assert site.errors == []
    french = site.soup("hello-fr.html")
    assert one(french, "og:description") == "Description en français."
    assert one(french, "og:locale") == "fr"
    assert one(site.soup("hello.html"), "og:locale") == "en"
    draft = site.soup("drafts/draft.html")
    assert one(draft, "og:description") == "A draft's description."
    assert one(draft, "og:url") == f"{SITEURL}/drafts/draft.html"
    assert one(site.soup("hidden.html"), "description") == "A hidden description."


def test_summary_and_first_paragraph_fallbacks_are_counted(site_root: Path) -> None:
    files = {
        "a.md": "Title: A\nDate: 2024-01-01\nDescription: Has one.\n\nBody.\n",
        "b.md": "Title: B\nDate: 2024-01-02\n"
        "Summary: The <em>summary</em> &amp; more.\n\nBody of b.\n",
        "c.md": "Title: C\nDate: 2024-01-03\n\n## Heading\n\nFirst *paragraph* of c.\n",
    }
    site = build_site(site_root, files, {"SITEURL": SITEURL}, plugins=PLUGINS)
    assert one(site.soup("b.html"), "og:description") == "The summary & more."
    assert one(site.soup("c.html"), "og:description") == "First paragraph of c."
    counts = [
        m for m in site.infos if m.startswith("description_cards: 1 of 3 articles")
    ]
    assert counts == [
        "description_cards: 1 of 3 articles have a front-matter description; "
        "1 fall back to their summary, 1 to their first paragraph"
    ]


def test_series_label_and_json_ld_from_post_series(
    site_root: Path, card_theme: str
) -> None:
    files = {
        "posts/part-1.md": """\
            ---
            title: Planning the route
            description: How we picked the cities.
            date: 2024-11-02
            series: Europe Trip
            series_index: 1
            ---

            Body.
            """,
        "series/europe-trip.md": """\
            ---
            title: Europe Trip
            description: Three months of remote work.
            planned:
              - title: Lisbon
                index: 2
              - title: Berlin
                index: 3
            ---
            """,
    }
    site = build_site(
        site_root,
        files,
        {"SITEURL": SITEURL, "ARTICLE_PATHS": ["posts"]},
        plugins=["postcard"],
        theme=card_theme,
    )
    assert site.errors == []
    card = site.soup("index.html").select_one("article.card")
    assert "card--series" in card["class"]
    label = card.select_one(".card__series")
    assert label.get_text() == "Part 1 of 3 in Europe Trip"
    link = label.find("a")
    assert link is not None and link["href"].startswith(f"{SITEURL}/")
    data = json_ld(site.soup("planning-the-route.html"))
    assert data["isPartOf"]["@type"] == "CreativeWorkSeries"
    assert data["isPartOf"]["name"] == "Europe Trip"
    assert data["isPartOf"]["url"].startswith(f"{SITEURL}/")
    assert data["position"] == 1


# ------------------------------------------------------------ local preview, log checks


def test_works_without_siteurl_or_author(site_root: Path) -> None:
    """A local preview: OpenGraph and JSON-LD take absolute URLs only, and a
    root-relative one would resolve against the wrong folder on a nested page,
    so the URLs that cannot be absolute are left out; the text stays."""
    files = {
        "posts/2024/local.md": "Title: Local\nDate: 2024-01-01\nTags: Deep\n"
        f"Image: {{static}}/images/local.png\nDescription: {SEED}\n\nBody.\n",
        "posts/2024/remote.md": "Title: Remote\nDate: 2024-01-02\n"
        "Image: https://cdn.example.net/remote.png\nDescription: Far away.\n\nBody.\n",
        "pages/about.md": ABOUT_PAGE,
        "images/local.png": b"\x89PNG\r\n\x1a\n",
    }
    site = build_site(
        site_root,
        files,
        {
            "RELATIVE_URLS": True,
            "ARTICLE_PATHS": ["posts"],
            "PAGE_PATHS": ["pages"],
            "ARTICLE_URL": "{date:%Y}/{slug}.html",
            "ARTICLE_SAVE_AS": "{date:%Y}/{slug}.html",
            "DESCRIPTION_CARDS_DEFAULT_IMAGE": "/images/local.png",
        },
        plugins=PLUGINS,
    )
    assert site.errors == []
    for name in ("2024/local.html", "pages/about.html", "index.html", "tag/deep.html"):
        page = site.soup(name)
        assert meta(page, "og:url") == [], name
        assert meta(page, "og:image") == meta(page, "twitter:image") == [], name
        assert meta(page, "og:image:alt") == [], name
        assert one(page, "twitter:card") == "summary", name
        assert page.find_all("link", rel="canonical") == [], name
        data = json_ld(page)
        urls = {k for k in ("url", "image", "mainEntityOfPage", "@id") if k in data}
        assert urls == set(), (name, data)
        assert "url" not in data.get("isPartOf", {}), name
        assert one(page, "og:title") and one(page, "og:description"), name
    local = site.soup("2024/local.html")
    assert one(local, "og:description") == SEED
    assert json_ld(local)["description"] == SEED
    assert "author" not in json_ld(local)
    # An image that is absolute on its own is still a valid og:image.
    remote = site.soup("2024/remote.html")
    assert one(remote, "og:image") == "https://cdn.example.net/remote.png"
    assert json_ld(remote)["image"] == "https://cdn.example.net/remote.png"
    assert one(remote, "twitter:card") == "summary_large_image"
    notes = [m for m in site.infos if "SITEURL" in m and "description_cards" in m]
    assert len(notes) == 1


def test_default_image_and_pelican_static_links(site_root: Path) -> None:
    files = {
        "posts/with-static.md": "Title: With Static\nDate: 2024-01-01\n"
        "Image: {static}/images/photo.png\nDescription: Has a picture.\n\nBody.\n",
        "posts/without.md": "Title: Without\nDate: 2024-01-02\n"
        "Description: Uses the default.\n\nBody.\n",
        "posts/unsafe.md": "Title: Unsafe\nDate: 2024-01-03\n"
        "Image: javascript:alert(1)\nDescription: Unsafe image.\n\nBody.\n",
        "images/photo.png": b"\x89PNG\r\n\x1a\n",
        "images/default.png": b"\x89PNG\r\n\x1a\n",
    }
    site = build_site(
        site_root,
        files,
        {
            "SITEURL": SITEURL,
            "ARTICLE_PATHS": ["posts"],
            "DESCRIPTION_CARDS_DEFAULT_IMAGE": {
                "path": "/images/default.png",
                "alt": "Logo",
            },
            # The default image alone (share images take its place on posts).
            "DESCRIPTION_CARDS_IMAGES": False,
        },
        plugins=PLUGINS,
    )
    assert site.errors == []
    (unsafe,) = [w for w in site.warnings if "image" in w]
    assert "unsafe.md" in unsafe and "javascript:alert(1)" in unsafe
    photo = site.soup("with-static.html")
    assert one(photo, "og:image") == f"{SITEURL}/images/photo.png"
    assert meta(photo, "og:image:alt") == []
    for name in ("without.html", "unsafe.html", "index.html"):
        page = site.soup(name)
        assert one(page, "og:image") == f"{SITEURL}/images/default.png", name
        assert one(page, "og:image:alt") == "Logo", name
        assert one(page, "twitter:card") == "summary_large_image", name


def test_card_links_follow_relative_urls_on_every_page_depth(
    site_root: Path, card_theme: str
) -> None:
    files = {
        "post.md": "Title: Local\nDate: 2024-01-01\nTags: Deep\n"
        "Description: Card.\n\nBody.\n"
    }
    site = build_site(
        site_root, files, {"RELATIVE_URLS": True}, plugins=PLUGINS, theme=card_theme
    )
    index = site.soup("index.html").select_one("article.card")
    tag = site.soup("tag/deep.html").select_one("article.card")
    assert index.select_one(".card__link")["href"] == "./local.html"
    assert tag.select_one(".card__link")["href"] == "../local.html"
    assert (site.output / "tag" / tag.select_one(".card__link")["href"]).resolve() == (
        site.output / "local.html"
    ).resolve()
    assert tag.select_one(".card__tag a")["href"] == "../tag/deep.html"


def test_long_and_duplicate_descriptions_are_warnings(site_root: Path) -> None:
    long = "A long description " * 12
    files = {
        "long.md": f"Title: Long\nDate: 2024-01-01\nDescription: {long}\n\nBody.\n",
        "one.md": "Title: One\nDate: 2024-01-02\nDescription: Same words.\n\nBody.\n",
        "two.md": "Title: Two\nDate: 2024-01-03\nDescription: Same words.\n\nBody.\n",
    }
    site = build_site(site_root, files, {"SITEURL": SITEURL}, plugins=PLUGINS)
    longs = [
        w for w in site.warnings if "longer than DESCRIPTION_CARDS_MAX_LENGTH" in w
    ]
    # Named as Pelican names files: relative to PATH, not to the working folder.
    assert len(longs) == 1 and longs[0].startswith("long.md: description is 227 ")
    dupes = [w for w in site.warnings if "same description" in w]
    assert len(dupes) == 1 and "one.md" in dupes[0] and "two.md" in dupes[0]
    short = one(site.soup("long.html"), "description")
    assert len(short) <= 160 and short.endswith("…")
    assert json_ld(site.soup("long.html"))["description"] == long.strip()


def test_require_makes_a_missing_description_an_error(site_root: Path) -> None:
    files = {
        "has.md": "Title: Has\nDate: 2024-01-01\nDescription: Yes.\n\nBody.\n",
        "lacks.md": "Title: Lacks\nDate: 2024-01-02\n\nBody.\n",
    }
    site = build_site(
        site_root, files, {"DESCRIPTION_CARDS_REQUIRE": True}, plugins=PLUGINS
    )
    assert site.errors == [
        "lacks.md: no front-matter description (DESCRIPTION_CARDS_REQUIRE is on); "
        "the card uses its first paragraph"
    ]
    assert site.exists("lacks.html") and site.exists("has.html")


def test_require_fails_the_real_command_with_fatal_errors(site_root: Path) -> None:
    write_files(
        site_root,
        {
            "content/lacks.md": "Title: Lacks\nDate: 2024-01-02\n\nBody.\n",
            "pelicanconf.py": """\
                SITENAME = "Strict"
                PATH = "content"
                TIMEZONE = "UTC"
                PLUGINS = ["description_cards"]
                DESCRIPTION_CARDS_REQUIRE = True
            """,
        },
    )
    result = run_pelican(
        site_root, "content", "-s", "pelicanconf.py", "--fatal", "errors", check=False
    )
    assert result.returncode != 0
    assert "lacks.md" in result.stdout + result.stderr
    ok = run_pelican(site_root, "content", "-s", "pelicanconf.py", check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr


def test_two_builds_in_one_process_give_the_same_head(site_root: Path) -> None:
    first = seed_site(site_root / "one")
    second = seed_site(site_root / "two")
    for name in ("pycon-us.html", "index.html", "tag/python.html"):
        assert first.soup(name).head == second.soup(name).head


# ------------------------------------------------------------ review regressions


def test_injection_is_not_fooled_by_the_words_og_description(site_root: Path) -> None:
    """Only a real ``<meta property="og:description">`` in the head stops the
    injection, not the words in a title or inside another tag's attribute."""
    files = {
        "title.md": "Title: Getting og:description right\nDate: 2024-01-01\n"
        "Description: What og:description is for.\n\nBody.\n",
        # notmyidea prints the summary with striptags|safe: the escaped tag
        # below comes out as raw text inside its description attribute.
        "attribute.md": "Title: Meta Tags\nDate: 2024-01-02\n"
        "Description: Write &lt;meta property=&quot;og:description&quot;&gt; once."
        "\n\nBody.\n",
    }
    site = build_site(site_root, files, {"SITEURL": SITEURL}, plugins=PLUGINS)
    assert site.errors == []
    cases = {
        "getting-ogdescription-right.html": (
            "Getting og:description right",
            "What og:description is for.",
        ),
        "meta-tags.html": ("Meta Tags", 'Write <meta property="og:description"> once.'),
    }
    for name, (title, description) in cases.items():
        page = site.soup(name)
        assert one(page, "og:title") == title, name
        assert one(page, "og:description") == description, name
        assert one(page, "description") == description, name
        assert one(page, "twitter:description") == description, name
        assert one(page, "og:url") == f"{SITEURL}/{name}", name
        assert json_ld(page)["headline"] == title, name
        assert page.head.find("meta", attrs={"property": "og:description"}), name


def test_default_image_with_a_static_link(site_root: Path) -> None:
    files = {
        "posts/plain.md": "Title: Plain\nDate: 2024-01-01\n"
        "Description: No image of its own.\n\nBody.\n",
        "posts/own.md": "---\ntitle: Own\ndate: 2024-01-02\n"
        'image: "{static}/images/a.png"\ndescription: Its own image.\n---\n\nBody.\n',
        "images/a.png": b"\x89PNG\r\n\x1a\n",
    }
    site = build_site(
        site_root,
        files,
        {
            "SITEURL": "https://ex.org",
            "ARTICLE_PATHS": ["posts"],
            "DESCRIPTION_CARDS_DEFAULT_IMAGE": "{static}/images/a.png",
            "DESCRIPTION_CARDS_IMAGES": False,
        },
        plugins=PLUGINS,
    )
    assert site.errors == [] and site.warnings == []
    for name in ("plain.html", "own.html", "index.html", "category/posts.html"):
        page = site.soup(name)
        assert one(page, "og:image") == "https://ex.org/images/a.png", name
        assert one(page, "twitter:image") == "https://ex.org/images/a.png", name
    assert json_ld(site.soup("plain.html"))["image"] == "https://ex.org/images/a.png"


def test_static_image_links_to_unknown_files_are_warnings(site_root: Path) -> None:
    files = {
        "posts/plain.md": "Title: Plain\nDate: 2024-01-01\n"
        "Description: No image of its own.\n\nBody.\n",
        "posts/lost.md": "---\ntitle: Lost\ndate: 2024-01-02\n"
        'image: "{static}/images/lost.png"\ndescription: A lost image.\n---\n\nBody.\n',
        "images/real.png": b"\x89PNG\r\n\x1a\n",
    }
    settings = {
        "SITEURL": "https://ex.org",
        "ARTICLE_PATHS": ["posts"],
        "DESCRIPTION_CARDS_IMAGES": False,
    }
    missing = build_site(
        site_root / "missing",
        files,
        {"DESCRIPTION_CARDS_DEFAULT_IMAGE": "{static}/images/missing.png", **settings},
        plugins=PLUGINS,
    )
    assert missing.errors == []
    (default_warning,) = [
        w for w in missing.warnings if "DESCRIPTION_CARDS_DEFAULT_IMAGE" in w
    ]
    assert "images/missing.png" in default_warning
    (lost_warning,) = [w for w in missing.warnings if "lost.md" in w]
    # The file relative to PATH, and the line of its ``image`` key.
    assert lost_warning == (
        "posts/lost.md:4:1: image '{static}/images/lost.png' links to "
        "images/lost.png, which is not a file of the site; the card uses the "
        "default image"
    )
    for name in ("plain.html", "lost.html", "index.html"):
        page = missing.soup(name)
        assert meta(page, "og:image") == [], name
        assert "image" not in json_ld(page), name

    # A front-matter link to an unknown file falls back to the default image.
    fallback = build_site(
        site_root / "fallback",
        files,
        {"DESCRIPTION_CARDS_DEFAULT_IMAGE": "{static}/images/real.png", **settings},
        plugins=PLUGINS,
    )
    assert len([w for w in fallback.warnings if "lost.md" in w]) == 1
    assert one(fallback.soup("lost.html"), "og:image") == (
        "https://ex.org/images/real.png"
    )


def test_series_index_is_a_collection_page_and_home_is_the_index(
    site_root: Path,
) -> None:
    files = {
        "posts/part-1.md": "---\ntitle: Planning\ndescription: Part one.\n"
        "date: 2024-11-02\nseries: Europe Trip\nseries_index: 1\n---\n\nBody.\n",
        "posts/other.md": "---\ntitle: Other\ndescription: Another post.\n"
        "date: 2024-11-03\n---\n\nBody.\n",
        "series/europe-trip.md": "---\ntitle: Europe Trip\n"
        "description: Three months of remote work.\n---\n",
    }
    site = build_site(
        site_root,
        files,
        {"SITEURL": SITEURL, "ARTICLE_PATHS": ["posts"], "DEFAULT_PAGINATION": 1},
        plugins=["postcard"],
    )
    assert site.errors == []
    series_index = site.soup("series/index.html")
    assert one(series_index, "og:title") == "Series | Test Site"
    assert one(series_index, "og:url") == f"{SITEURL}/series/"
    data = json_ld(series_index)
    assert data["@type"] == "CollectionPage"
    assert data["name"] == "Series | Test Site"
    assert data["isPartOf"]["url"] == f"{SITEURL}/"
    series = site.soup("series/europe-trip.html")
    assert one(series, "og:title") == "Europe Trip | Test Site"
    assert json_ld(series)["@type"] == "CollectionPage"
    # The home page, on each of its paginated pages, is the WebSite.
    for name, url in (("index.html", f"{SITEURL}/"), ("index2.html", None)):
        home = site.soup(name)
        assert one(home, "og:title") == "Test Site", name
        assert json_ld(home)["@type"] == "WebSite", name
        assert one(home, "og:url") == (url or f"{SITEURL}/{name}")


def test_drafts_are_noindex_without_a_canonical_link(
    site_root: Path, card_theme: str
) -> None:
    files = {
        "posts/live.md": "Title: Live\nDate: 2024-01-01\n"
        "Description: A live post.\n\nBody.\n",
        "posts/draft.md": "Title: Draft\nDate: 2024-01-02\nStatus: draft\n"
        "Description: A draft's description.\n\nDraft body.\n",
        "posts/hidden.md": "Title: Hidden\nDate: 2024-01-03\nStatus: hidden\n"
        "Description: A hidden description.\n\nHidden body.\n",
        "pages/draft-page.md": "Title: Draft Page\nStatus: draft\n"
        "Description: A draft page.\n\nBody.\n",
    }
    settings = {"SITEURL": SITEURL, "ARTICLE_PATHS": ["posts"], "PAGE_PATHS": ["pages"]}
    for theme in (None, card_theme):
        root = site_root / ("card" if theme else "notmyidea")
        site = build_site(root, files, settings, plugins=PLUGINS, theme=theme)
        assert site.errors == []
        for name, kind in (
            ("drafts/draft.html", "BlogPosting"),
            ("drafts/pages/draft-page.html", "WebPage"),
        ):
            draft = site.soup(name)
            assert meta(draft, "robots") == ["noindex"], name
            assert draft.find_all("link", rel="canonical") == [], name
            assert one(draft, "og:description").startswith("A draft"), name
            assert json_ld(draft)["@type"] == kind, name
        for name in ("live.html", "hidden.html"):
            page = site.soup(name)
            assert meta(page, "robots") == [], name
            assert [
                link["href"] for link in page.find_all("link", rel="canonical")
            ] == [f"{SITEURL}/{name}"]
        assert meta(site.soup("index.html"), "robots") == []


# ------------------------------------------------------------ the demo


def test_demo_pycon_post_head_and_card(demo_site: BuiltSite) -> None:
    page = demo_site.soup("pycon-us.html")
    assert one(page, "description") == SEED
    assert one(page, "og:description") == SEED
    assert one(page, "twitter:description") == SEED
    assert one(page, "og:type") == "article"
    data = json_ld(page)
    assert data["description"] == SEED
    assert data["headline"] == "PyCon US"
    # Listing pages carry the post's card (with the bundled theme) or, in a
    # theme without cards, its summary; either way the description text.
    listings = [
        *sorted(demo_site.output.glob("index*.html")),
        demo_site.output / "tag/life.html",
    ]
    texts = []
    for path in listings:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for card in soup.select("article.card"):
            if card.select_one(".card__title a").get_text() == "PyCon US":
                texts.append(card.select_one(".card__description").get_text())
    assert texts and set(texts) == {SEED}

"""Titles, tag, category and author names from front matter are plain text.

Shown literally in every theme (Postcard, Pelican's notmyidea and simple, and a
theme that prints them its own way), with Pelican's slugs; with ``TYPOGRIFY``,
typogrify's markup where HTML is expected and clean text in ``<title>``,
OpenGraph, Twitter, JSON-LD and the feeds.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
import tempfile
from pathlib import Path

import feedparser
import pelican
import pytest
import smartypants
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag
from sitebuilder import build_site, meta, run_pelican, write_files
from typogrify.filters import typogrify

from pelican.plugins import postcard
from pelican.plugins.front_matter.plain_text import title_for_pelican, typeset_title
from pelican.plugins.postcard_core.text import (
    TextHTML,
    as_html,
    fold_whitespace,
    name_as_text,
    shown_text,
    text_as_html,
)

THEMES = {
    "postcard": postcard.THEME,
    "notmyidea": str(Path(pelican.__file__).parent / "themes" / "notmyidea"),
    "simple": str(Path(pelican.__file__).parent / "themes" / "simple"),
}
# Where each theme prints the post's title as HTML.
TITLE_SELECTOR = {
    "postcard": "article.post > header > h1",
    "notmyidea": "h1.entry-title a[rel=bookmark]",
    "simple": "article header h2 a[rel=bookmark]",
}

TITLE = 'T "><img src=x onerror=alert(1)>'
TAGS = ("<b>bold</b>", "A & B", "x' onmouseover='alert(1)")
CATEGORY = "</title><script>alert(1)</script>"
AUTHOR = 'Sam "><svg onload=alert(1)> Rivera'
TYPO_TITLE = "PyCon US: Pittsburgh"
# Elements and attributes no template writes: from a value, they are injected.
FOREIGN_ELEMENTS = ("img", "svg", "b")

# Without the characters feeds cannot carry: front matter removes those, warning.
text = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"
    ),
    max_size=30,
)


def yaml_text(value: str) -> str:
    # a JSON string is a YAML double-quoted scalar (but for escaped surrogates)
    return json.dumps(value, ensure_ascii=False)


HOSTILE_POST = f"""\
---
title: {yaml_text(TITLE)}
date: 2024-05-01
tags: [{", ".join(yaml_text(tag) for tag in TAGS)}]
category: {yaml_text(CATEGORY)}
author: {yaml_text(AUTHOR)}
description: One hostile post.
---
Body.
"""
FILES = {
    "posts/hostile.md": HOSTILE_POST,
    "posts/pycon.md": f"""\
        ---
        title: {yaml_text(TYPO_TITLE)}
        date: 2024-05-02
        series: Trip
        tags: [A & B]
        description: The conference.
        ---
        Body.
        """,
    "posts/after.md": """\
        ---
        title: After the trip
        date: 2024-05-03
        series: Trip
        description: The way back.
        ---
        Body.
        """,
    # Pelican's own Markdown metadata: the same tag must land on the same page.
    "posts/native.md": """\
        Title: Native
        Date: 2024-05-04
        Tags: A & B
        Summary: A file without front matter.

        Body.
        """,
}


def injected(soup: BeautifulSoup) -> list[str]:
    """Elements and attributes that came from a value, not from a template."""
    found = [f"<{el.name}>" for el in soup.find_all(FOREIGN_ELEMENTS)]
    for element in soup.find_all(True):
        found += [
            f"{name} on <{element.name}>" for name in element.attrs if "on" in name[:2]
        ]
    for script in soup.find_all("script"):
        if script.get("type") != "application/ld+json":
            found.append(f"<script> {script.string!r}")
    return found


def json_ld(soup: BeautifulSoup) -> dict:
    scripts = soup.find_all("script", attrs={"type": "application/ld+json"})
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def run_site(root: Path, theme: str, typogrify_on: bool) -> subprocess.CompletedProcess:
    """The test site built with the real ``pelican`` command."""
    write_files(root / "content", FILES)
    config = {
        "PLUGINS": ["postcard"],
        "THEME": THEMES[theme],
        "TYPOGRIFY": typogrify_on,
        "PATH": "content",
        "ARTICLE_PATHS": ["posts"],
        "SITENAME": "Test",
        "SITEURL": "https://example.org",
        "TIMEZONE": "UTC",
        "FEED_DOMAIN": "https://example.org",
        "TAG_FEED_ATOM": "feeds/tag/{slug}.atom.xml",
        "AUTHOR_FEED_ATOM": "feeds/author/{slug}.atom.xml",
        "AUTHOR_FEED_RSS": "feeds/author/{slug}.rss.xml",
    }
    conf = "".join(f"{key} = {value!r}\n" for key, value in config.items())
    (root / "pelicanconf.py").write_text(conf, encoding="utf-8")
    return run_pelican(root, "-s", "pelicanconf.py", "-o", "output", check=False)


@pytest.fixture(
    scope="module", params=[(t, ty) for ty in (False, True) for t in THEMES]
)
def built(request, tmp_path_factory) -> tuple[str, bool, Path, str]:
    theme, typogrify_on = request.param
    root = tmp_path_factory.mktemp(f"{theme}-{'typo' if typogrify_on else 'plain'}")
    result = run_site(root, theme, typogrify_on)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    return theme, typogrify_on, root / "output", log


def soup_of(output: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((output / name).read_text(encoding="utf-8"), "html.parser")


# --- Real builds, three themes, with and without TYPOGRIFY ---------------------------


def test_the_build_is_clean(built) -> None:
    _, _, _, log = built
    assert not re.search(r"\b(ERROR|CRITICAL)\b|Traceback", log), log


def test_no_value_becomes_an_element_or_an_attribute(built) -> None:
    _, _, output, _ = built
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert injected(soup) == [], page.relative_to(output)


def test_the_title_is_shown_as_written(built) -> None:
    theme, typogrify_on, output, _ = built
    soup = soup_of(output, "t.html")  # Pelican's slug for the title as written
    shown = fold_whitespace(soup.select_one(TITLE_SELECTOR[theme]).get_text())
    if typogrify_on:  # smartypants curls the quote; the rest is the text
        assert shown == TITLE.replace('"', "\u201c")
    else:
        assert shown == TITLE
    assert soup.title.get_text().count(shown) == 1
    head = [*meta(soup, "og:title"), *meta(soup, "twitter:title")]
    assert head == [shown, shown]
    assert json_ld(soup)["headline"] == shown


def test_names_are_shown_as_written(built) -> None:
    _, _, output, _ = built
    soup = soup_of(output, "t.html")

    def link_texts(page: str) -> set[str]:
        links = soup.find_all("a", href=lambda href: href and href.endswith(page))
        return {link.get_text(strip=True) for link in links}

    for tag in TAGS:
        page = f"tag/{Tag(tag, DEFAULT_CONFIG).slug}.html"
        assert link_texts(page) == {tag}
        tag_page = soup_of(output, page)
        assert tag_page.title.get_text().count(tag) == 1
        assert meta(tag_page, "og:title") == [f"{tag} | Test"]
    assert link_texts("category/alert1.html") == {CATEGORY}
    author = soup_of(output, "author/sam-rivera.html")
    assert AUTHOR in author.title.get_text()
    assert json_ld(soup)["author"][0]["name"] == AUTHOR
    assert json_ld(soup)["articleSection"] == CATEGORY
    assert sorted(meta(soup, "article:tag")) == sorted(TAGS)


def test_a_name_keeps_pelicans_slug(built) -> None:
    # "A & B" from front matter and from Pelican's own metadata: one tag page.
    _, _, output, _ = built
    listed = {
        a["href"].rsplit("/", 1)[-1]
        for a in soup_of(output, "tag/a-b.html").select("a[href]")
    }
    assert {"t.html", "pycon-us-pittsburgh.html", "native.html"} <= listed


def test_the_feed_is_text(built) -> None:
    _, typogrify_on, output, _ = built
    feed = feedparser.parse((output / "feeds" / "all.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    entries = {entry.link.rsplit("/", 1)[-1]: entry for entry in feed.entries}
    hostile = entries["t.html"]
    assert hostile.title == (TITLE.replace('"', "\u201c") if typogrify_on else TITLE)
    assert sorted(term.term for term in hostile.tags) == sorted([CATEGORY, *TAGS])
    assert hostile.author == AUTHOR
    assert entries["pycon-us-pittsburgh.html"].title == TYPO_TITLE
    tag_feed = feedparser.parse((output / "feeds/tag/bold.atom.xml").read_bytes())
    assert tag_feed.feed.title == "Test - <b>bold</b>"


def test_typography_is_markup_only_where_html_is_expected(built) -> None:
    theme, typogrify_on, output, _ = built
    soup = soup_of(output, "pycon-us-pittsburgh.html")
    title = soup.select_one(TITLE_SELECTOR[theme])
    caps = title.select("span.caps")
    assert [span.get_text() for span in caps] == (["US"] if typogrify_on else [])
    assert fold_whitespace(title.get_text()) == TYPO_TITLE
    assert TYPO_TITLE in soup.title.get_text()
    assert meta(soup, "og:title") == meta(soup, "twitter:title") == [TYPO_TITLE]
    assert json_ld(soup)["headline"] == TYPO_TITLE
    for page in output.rglob("*.html"):
        page_soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        printed = page_soup.get_text() + " ".join(
            str(value) for el in page_soup.find_all(True) for value in el.attrs.values()
        )
        assert "<span" not in printed and "&nbsp;" not in printed, page


def test_the_series_navigation_shows_the_title(built) -> None:
    theme, typogrify_on, output, _ = built
    if theme != "postcard":
        pytest.skip("only the Postcard theme prints post_series' navigation")
    soup = soup_of(output, "after-the-trip.html")
    part = soup.select_one(".series-nav a.series-nav-part-title")
    assert fold_whitespace(part.get_text()) == TYPO_TITLE
    assert len(part.select("span.caps")) == int(typogrify_on)
    pager = soup.select_one(".series-pager a[rel=prev]")
    assert len(pager.select("span.caps")) == int(typogrify_on)


# --- Any other theme: whatever way it prints a title ---------------------------------

OTHER_THEME = {
    "article.html": """<!DOCTYPE html><html><head>
<title>{{ article.title|striptags }}</title>
<meta name="a" content="{{ article.title|e }}">
<meta name="b" content='{{ article.title|e }}'>
<meta name="c" content="{{ article.title|striptags }}">
<meta name="d" content='{{ article.title|striptags|e }}'>
<meta name="e" content="{{ article.title|striptags|striptags }}">
</head><body><h1>{{ article.title }}</h1>
<p class="tags">{% for tag in article.tags %}
<a href="/{{ tag.url }}" title="{{ tag|e }}">{{ tag }}</a>{% endfor %}</p>
</body></html>""",
}


@pytest.mark.parametrize("typogrify_on", [False, True])
@pytest.mark.parametrize(
    "title", ['Q " onmouseover="alert(1)', "Q ' onmouseover='alert(1)", TYPO_TITLE]
)
def test_a_theme_of_its_own_gets_text_in_attributes(
    tmp_path: Path, title: str, typogrify_on: bool
) -> None:
    post = (
        f"---\ntitle: {yaml_text(title)}\ndate: 2024-01-01\nslug: q\n"
        f"tags: [{yaml_text(title)}]\n---\nB\n"
    )
    site = build_site(
        tmp_path,
        {"posts/q.md": post},
        {"TYPOGRIFY": typogrify_on, "ARTICLE_PATHS": ["posts"]},
        plugins=["front_matter"],
        templates=OTHER_THEME,
    )
    soup = site.soup("q.html")
    assert injected(soup) == []
    assert [sorted(m.attrs) for m in soup.find_all("meta")] == [["content", "name"]] * 5
    shown = fold_whitespace(soup.h1.get_text())
    assert soup.title.get_text() == shown
    for name in "cde":  # the text, whichever way it was escaped
        assert soup.find("meta", attrs={"name": name})["content"] == shown
    link = soup.select_one(".tags a")
    assert link.get_text() == link["title"] == title


# --- The rules, without Pelican ------------------------------------------------------


@given(text)
@example('"><img src=x onerror=alert(1)>')
@example("&amp; &lt;b&gt; ' \"")
def test_text_as_html_shows_the_text_in_content_and_attributes(value: str) -> None:
    html = text_as_html(value)
    assert isinstance(html, TextHTML)
    assert not set("<>\"'") & set(html)
    for quote in "\"'":
        soup = BeautifulSoup(f"<p title={quote}{html}{quote}>{html}</p>", "html.parser")
        assert soup.p.get_text() == soup.p["title"] == value
    assert shown_text(html) == fold_whitespace(value)
    assert escape(html) == html  # |e prints it once


def test_shown_text_and_as_html_tell_html_from_text() -> None:
    assert (
        shown_text(TextHTML("PyCon <span class=caps>US</span>:&nbsp;X"))
        == "PyCon US: X"
    )
    assert shown_text("a <b>b</b>") == "a <b>b</b>"  # not HTML: text as it is
    assert shown_text(None) == ""
    assert as_html("a <b>  b") == "a &lt;b&gt; b"
    assert as_html(TextHTML("<span>x</span>")) == "<span>x</span>"


@pytest.mark.parametrize("name", ["A & B", "<b>bold</b>", "a &amp; b", "Ünïcode"])
def test_a_name_as_text_keeps_its_slug_and_prints_once(name: str) -> None:
    wrapper = name_as_text(Tag(name, DEFAULT_CONFIG))
    assert wrapper.slug == Tag(name, DEFAULT_CONFIG).slug
    assert str(wrapper) == str(escape(wrapper)) == text_as_html(name)
    assert shown_text(wrapper) == name
    assert wrapper == Tag(name, DEFAULT_CONFIG)
    assert name_as_text(wrapper) is wrapper and wrapper.name == text_as_html(name)


def typeset(value: str) -> TextHTML:
    """What a site with TYPOGRIFY shows for a front-matter title (Pelican's way)."""
    smartypants.Attr.default = smartypants.Attr.set1 | smartypants.Attr.w
    return typeset_title(typogrify(title_for_pelican(value, {"TYPOGRIFY": True})))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(text)
@example('It\'s "PyCon US" & <b>more</b> -- ok...')
@example('"><img src=x onerror=alert(1)>')
def test_typography_adds_only_spans_and_no_quote(value: str) -> None:
    html = typeset(value)
    assert not set("\"'") & set(html)
    soup = BeautifulSoup(f"<p>{html}</p>", "html.parser")
    for element in soup.p.find_all(True):
        assert element.name == "span" and set(element.attrs) <= {"class"}, html
    for char in "<>&":  # the text's own markup characters stay text
        assert soup.p.get_text().count(char) == value.count(char), html


def test_typography_curls_quotes_and_drops_foreign_tags() -> None:
    assert typeset('"It\'s" here') == (
        "<span class=dquo>&#8220;</span>It&#8217;s&#8221;&nbsp;here"
    )
    assert shown_text(typeset(TYPO_TITLE)) == TYPO_TITLE
    assert typeset_title('<img src=x onerror="y">T <span class="caps">US</span>') == (
        "T <span class=caps>US</span>"
    )


# --- Slugs, spellings and a bundle in a real build, in this process -----------------


def test_a_title_keeps_pelicans_slug_and_settings_keep_theirs(tmp_path: Path) -> None:
    files = {
        "posts/a.md": "---\ntitle: 'Use <details> & more'\ndate: 2024-01-01\n---\nA\n",
        "posts/2024-01-02_given-slug.md": "---\ntitle: Given\n---\nB\n",
    }
    site = build_site(
        tmp_path,
        files,
        {"FILENAME_METADATA": r"(?P<date>\d{4}-\d{2}-\d{2})_(?P<slug>.*)"},
        plugins=["front_matter"],
    )
    assert site.errors == []
    # Pelican's slug for the title as written; the file name's slug wins over it
    assert site.exists("use-more.html") and site.exists("given-slug.html")
    assert site.soup("use-more.html").select_one("h1.entry-title a").get_text() == (
        "Use <details> & more"
    )


def test_merged_spellings_are_named_as_text(tmp_path: Path) -> None:
    files = {
        "posts/a.md": "---\ntitle: A\ndate: 2024-01-01\ntags: ['A & B']\n---\nA\n",
        "posts/b.md": "---\ntitle: B\ndate: 2024-01-02\ntags: ['A & B']\n---\nB\n",
        "posts/c.md": "Title: C\nDate: 2024-01-03\nTags: a & b\n\nC\n",
    }
    site = build_site(
        tmp_path, files, {"ARTICLE_PATHS": ["posts"]}, theme=THEMES["simple"]
    )
    merges = [w for w in site.warnings if "share the slug" in w]
    assert merges == [
        'Tags "A & B" and "a & b" share the slug "a-b": merged as "A & B"; '
        'other spellings in posts/c.md ("a & b")'
    ]
    tag_page = site.soup("tag/a-b.html")
    assert tag_page.h2.get_text() == "Articles tagged with A & B"


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.sampled_from(sorted(THEMES)),
    st.booleans(),
    st.lists(
        st.one_of(text, st.sampled_from([TITLE, CATEGORY, AUTHOR, *TAGS])).filter(
            lambda s: s.strip() and Tag(s, DEFAULT_CONFIG).slug
        ),
        min_size=4,
        max_size=4,
    ),
)
def test_any_title_and_names_in_any_theme(
    theme: str, typogrify_on: bool, values
) -> None:
    title, tag, category, author = values
    post = (
        f"---\ntitle: {yaml_text(title)}\ndate: 2024-01-01\nslug: post\n"
        f"tags: [{yaml_text(tag)}]\ncategory: {yaml_text(category)}\n"
        f"author: {yaml_text(author)}\n---\nBody.\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        site = build_site(
            Path(folder),
            {"posts/post.md": post},
            {
                "TYPOGRIFY": typogrify_on,
                "AUTHOR_FEED_ATOM": None,
                "CATEGORY_FEED_ATOM": None,
            },
            theme=THEMES[theme],
        )
        assert [r for r in site.records if r.levelno >= logging.ERROR] == []
        for page in site.output.rglob("*.html"):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            assert injected(soup) == [], page
        soup = site.soup("post.html")
        shown = fold_whitespace(soup.select_one(TITLE_SELECTOR[theme]).get_text())
        expected = fold_whitespace(title)
        if typogrify_on:
            expected = shown_text(typeset(title.strip()))
        assert shown == expected
        assert meta(soup, "og:title") == [expected]
        assert json_ld(soup)["headline"] == expected
        feed = feedparser.parse((site.output / "feeds/all.atom.xml").read_bytes())
        assert feed.entries[0].title == expected
        terms = {term.term for term in feed.entries[0].tags}
        assert terms == {fold_whitespace(tag), fold_whitespace(category)}

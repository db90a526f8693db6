"""front_matter in real Pelican builds: every field, file names, Liquid, bad input,
the content cache, and sites that have no front matter at all."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuilder import BuiltSite, build_site, run_pelican, write_files
from test_jekyll_bodies import LIQUID_POST  # the same post the Liquid tests use

from pelican.plugins.front_matter import FrontMatterReader

# A theme that shows every field with its type, so tests read typed values from
# the built HTML. Missing templates fall back to Pelican's "simple" theme.
_FIELDS = """
<h1>{{ item.title|e }}</h1>
{% if item.date %}<time class="date" datetime="{{ item.date.isoformat() }}"></time>
{% endif %}{% if item.modified %}<time class="modified"
  datetime="{{ item.modified.isoformat() }}"></time>{% endif %}
<p class="slug">{{ item.slug|e }}</p>
<p class="status">{{ item.status|e }}</p>
<p class="url">{{ item.url|e }}</p>
<div class="summary">{{ item.summary }}</div>
<ul class="tags">{% for tag in item.tags %}
  <li><a href="/{{ tag.url|e }}">{{ tag.name|e }}</a></li>{% endfor %}</ul>
<p class="category">{% if item.category %}
  <a href="/{{ item.category.url|e }}">{{ item.category.name|e }}</a>{% endif %}</p>
<ul class="authors">{% for a in item.authors %}
  <li><a href="/{{ a.url|e }}">{{ a.name|e }}</a></li>{% endfor %}</ul>
<dl class="metadata">{% for key, value in item.metadata|dictsort %}
<dt>{{ key|e }}</dt><dd data-key="{{ key|e }}" data-type="
{%- if value is boolean %}bool{% elif value is integer %}int
{%- elif value is float %}float
{%- elif value is string %}str{% elif value is mapping %}mapping
{%- elif value is sequence %}list{% else %}other{% endif %}">{{ value|e }}</dd>
{%- endfor %}</dl>
<div class="content">{{ item.content }}</div>
"""
THEME_TEMPLATES = {
    "article.html": "{% set item = article %}<article data-template='article'>"
    + _FIELDS
    + "</article>",
    "page.html": "{% set item = page %}<article data-template='page'>"
    + _FIELDS
    + "</article>",
    # A Jekyll "layout: post" must never select this template.
    "post.html": "<article data-template='post'>{{ article.title|e }}</article>",
}


@pytest.fixture(scope="session")
def fields_theme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fields-theme")
    write_files(
        root, {f"templates/{name}": body for name, body in THEME_TEMPLATES.items()}
    )
    (root / "static").mkdir()
    return root


def build(
    root: Path,
    files: dict[str, str | bytes] | None,
    theme: Path,
    settings: dict[str, object] | None = None,
    output: Path | None = None,
) -> BuiltSite:
    """Build with only this plugin, posts in ``posts/`` and pages in ``pages/``."""
    base = {"ARTICLE_PATHS": ["posts"], "PAGE_PATHS": ["pages"], "FEED_ALL_ATOM": None}
    return build_site(
        root,
        files,
        {**base, **(settings or {})},
        plugins=["front_matter", "jekyll"],
        theme=str(theme),
        output=output,
    )


def printed_field(soup: BeautifulSoup, key: str) -> tuple[str, str] | None:
    """(type, text) of one metadata value as the theme printed it."""
    dd = soup.find("dd", attrs={"data-key": key})
    return None if dd is None else (dd["data-type"], dd.get_text())


def texts(soup: BeautifulSoup, selector: str) -> list[str]:
    return [el.get_text(strip=True) for el in soup.select(selector)]


def file_warnings(site: BuiltSite, prefix: str = "posts/") -> list[str]:
    return [w for w in site.warnings if w.startswith(prefix)]


SEED = """\
---
layout: post
title: "Europe, part 1: Lisbon"
description: >
  Three months of working remotely,
  city by city.
date: 2024-05-21T07:00:00-07:00
tags: [Travel, Remote Work]
categories: [Notes, Travel]
author: Sam Rivera
excerpt: "The *first* city."
image:
  path: /images/lisbon.jpg
  alt: The river at dusk
series: Europe Trip
series_index: 1
series_link: [europe-trip, pycon]
comments: true
rating: 4.5
---

# Lisbon

Body text with a rule below.

---

And more after it.
"""


def test_jekyll_header_becomes_pelican_metadata(
    site_root: Path, fields_theme: Path
) -> None:
    site = build(site_root, {"posts/2024-05-21-lisbon.md": SEED}, fields_theme)
    assert site.errors == []
    assert file_warnings(site) == []
    page = site.soup("lisbon.html")
    assert page.find("article")["data-template"] == "article"
    assert page.find("h1").get_text() == "Europe, part 1: Lisbon"
    assert printed_field(page, "description") == (
        "str",
        "Three months of working remotely, city by city.",
    )
    assert page.select_one("time.date")["datetime"] == "2024-05-21T07:00:00-07:00"
    assert texts(page, ".tags a") == ["Travel", "Remote Work"]
    assert [a["href"] for a in page.select(".tags a")] == [
        "/tag/travel.html",
        "/tag/remote-work.html",
    ]
    assert texts(page, ".category a") == ["Notes"]
    assert printed_field(page, "categories") == ("list", "['Notes', 'Travel']")
    assert texts(page, ".authors a") == ["Sam Rivera"]
    assert page.select_one(".summary em").get_text() == "first"
    assert printed_field(page, "layout") == ("str", "post")
    assert printed_field(page, "image")[0] == "mapping"
    assert "The river at dusk" in printed_field(page, "image")[1]
    assert printed_field(page, "series") == ("str", "Europe Trip")
    assert printed_field(page, "series_index") == ("int", "1")
    assert printed_field(page, "series_link") == ("list", "['europe-trip', 'pycon']")
    assert printed_field(page, "comments") == ("bool", "True")
    assert printed_field(page, "rating") == ("float", "4.5")
    content = page.select_one(".content")
    assert content.find("h1").get_text() == "Lisbon"
    assert content.find("hr") is not None  # a --- in the body is a rule
    assert "layout" not in content.get_text()
    # Pelican's own pages for the tags, category and author exist.
    for path in ("tag/travel.html", "category/notes.html", "author/sam-rivera.html"):
        assert site.exists(path), path


def test_layout_never_picks_a_template(site_root: Path, fields_theme: Path) -> None:
    site = build(
        site_root,
        {
            "posts/a.md": "---\nlayout: post\ntitle: A\ndate: 2024-01-01\n---\nA\n",
            "pages/b.md": "---\nlayout: post\ntitle: B\n---\nB\n",
        },
        fields_theme,
    )
    assert site.soup("a.html").find("article")["data-template"] == "article"
    assert site.soup("pages/b.html").find("article")["data-template"] == "page"
    assert printed_field(site.soup("a.html"), "layout") == ("str", "post")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1.10", "1.10"),
        ("2024-05-21", "2024-05-21"),
        ("yes", "yes"),
        ("'Quoted: with colon'", "Quoted: with colon"),
        ("Foo --- Bar", "Foo --- Bar"),
        ("0x1F", "0x1F"),
    ],
)
def test_title_is_text_as_written(
    site_root: Path, fields_theme: Path, written: str, expected: str
) -> None:
    post = f"---\ntitle: {written}\ndate: 2024-01-01\nslug: post\n---\nBody\n"
    site = build(site_root, {"posts/post.md": post}, fields_theme)
    assert site.errors == []
    assert site.soup("post.html").find("h1").get_text() == expected


def test_keys_are_case_insensitive(site_root: Path, fields_theme: Path) -> None:
    post = "---\nTitle: Shouting\nDATE: 2024-03-01\nTags: [A]\n---\nBody\n"
    site = build(site_root, {"posts/x.md": post}, fields_theme)
    page = site.soup("shouting.html")
    assert page.find("h1").get_text() == "Shouting"
    assert texts(page, ".tags a") == ["A"]


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("A plain one", "A plain one"),
        (">\n  Folded over\n  two lines\n", "Folded over two lines"),
        ("|\n  Kept\n    apart\n", "Kept apart"),
        ("'  spaced   out  '", "spaced out"),
        ("42", "42"),
        ("'<b>not</b> & HTML'", "<b>not</b> & HTML"),
    ],
)
def test_description_is_plain_folded_text(
    site_root: Path, fields_theme: Path, description: str, expected: str
) -> None:
    post = f"---\ntitle: T\ndate: 2024-01-01\ndescription: {description}\n---\nBody\n"
    site = build(site_root, {"posts/t.md": post}, fields_theme)
    assert printed_field(site.soup("t.html"), "description") == ("str", expected)


def test_excerpt_is_the_summary_unless_summary_is_given(
    site_root: Path, fields_theme: Path
) -> None:
    site = build(
        site_root,
        {
            "posts/a.md": (
                "---\ntitle: A\ndate: 2024-01-01\nexcerpt: An *excerpt*\n---\nBody\n"
            ),
            "posts/b.md": (
                "---\ntitle: B\ndate: 2024-01-01\nexcerpt: Not this\n"
                "summary: The **summary**\n---\nBody\n"
            ),
        },
        fields_theme,
    )
    assert site.soup("a.html").select_one(".summary em").get_text() == "excerpt"
    summary_b = site.soup("b.html").select_one(".summary")
    assert summary_b.find("strong").get_text() == "summary"
    assert "Not this" not in summary_b.get_text()


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-05-21T07:00:00-07:00", "2024-05-21T07:00:00-07:00"),
        ("2024-05-21T14:00:00Z", "2024-05-21T14:00:00+00:00"),
        ("2010-01-10 13:07:09 +0000", "2010-01-10T13:07:09+00:00"),
        ("2010-01-10 13:07:09 +00:00", "2010-01-10T13:07:09+00:00"),
        ("2010-01-10 13:07:09 -0500", "2010-01-10T13:07:09-05:00"),
        ("'2024-05-21 07:00'", "2024-05-21T07:00:00+02:00"),  # naive: site TIMEZONE
        ("2024-05-21 07:00:00", "2024-05-21T07:00:00+02:00"),
        ("2024-05-21", "2024-05-21T00:00:00+02:00"),
        ("2024-01-10", "2024-01-10T00:00:00+01:00"),
    ],
)
def test_dates(
    site_root: Path, fields_theme: Path, written: str, expected: str
) -> None:
    post = f"---\ntitle: D\ndate: {written}\nlast_modified_at: {written}\n---\nBody\n"
    site = build(
        site_root, {"posts/d.md": post}, fields_theme, {"TIMEZONE": "Europe/Paris"}
    )
    assert site.errors == []
    page = site.soup("d.html")
    assert page.select_one("time.date")["datetime"] == expected
    assert page.select_one("time.modified")["datetime"] == expected


def test_modified_wins_over_last_modified_at(
    site_root: Path, fields_theme: Path
) -> None:
    post = (
        "---\ntitle: M\ndate: 2024-01-01\nmodified: 2024-02-02\n"
        "last_modified_at: 2024-03-03\n---\nBody\n"
    )
    site = build(site_root, {"posts/m.md": post}, fields_theme)
    assert (
        site.soup("m.html")
        .select_one("time.modified")["datetime"]
        .startswith("2024-02-02")
    )


@pytest.mark.parametrize(
    ("written", "space_separated", "expected"),
    [
        ("[Travel, Remote Work]", False, ["Travel", "Remote Work"]),
        ("\n  - Travel\n  - Remote Work", False, ["Travel", "Remote Work"]),
        ("Travel, Remote Work", False, ["Travel", "Remote Work"]),
        ("Life", False, ["Life"]),
        ("travel remote-work", False, ["travel remote-work"]),
        ("travel remote-work", True, ["travel", "remote-work"]),
        ("Travel, Remote Work", True, ["Travel", "Remote Work"]),
        ("[2024, 1.10, true]", False, ["2024", "1.10", "true"]),
        ("[a, a, b]", False, ["a", "b"]),
        ("", False, []),
        ("null", False, []),
        ("[]", False, []),
    ],
)
def test_tags(
    site_root: Path,
    fields_theme: Path,
    written: str,
    space_separated: bool,
    expected: list[str],
) -> None:
    post = f"---\ntitle: T\ndate: 2024-01-01\ntags: {written}\n---\nBody\n"
    site = build(
        site_root,
        {"posts/t.md": post},
        fields_theme,
        {"JEKYLL_SPACE_SEPARATED_TAGS": space_separated},
    )
    assert site.errors == []
    assert texts(site.soup("t.html"), ".tags a") == expected


@pytest.mark.parametrize(
    ("header", "category", "categories"),
    [
        ("category: Notes", "Notes", "['Notes']"),
        ("categories: [Notes, Travel]", "Notes", "['Notes', 'Travel']"),
        ("categories: notes travel", "notes", "['notes', 'travel']"),
        ("categories:\n  - 2024\n  - Travel", "2024", "['2024', 'Travel']"),
        ("category: 2024", "2024", "['2024']"),
        ("category: Notes\ncategories: [Ignored]", "Notes", "['Notes']"),
    ],
)
def test_categories(
    site_root: Path, fields_theme: Path, header: str, category: str, categories: str
) -> None:
    post = f"---\ntitle: C\ndate: 2024-01-01\n{header}\n---\nBody\n"
    site = build(site_root, {"posts/c.md": post}, fields_theme)
    page = site.soup("c.html")
    assert texts(page, ".category a") == [category]
    assert printed_field(page, "categories") == ("list", categories)
    assert site.exists(f"category/{category.lower()}.html")


def test_no_category_keeps_pelicans_default(
    site_root: Path, fields_theme: Path
) -> None:
    site = build(
        site_root,
        {"posts/c.md": "---\ntitle: C\ndate: 2024-01-01\n---\nB\n"},
        fields_theme,
    )
    assert texts(site.soup("c.html"), ".category a") == ["posts"]  # its folder


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("author: Sam Rivera", ["Sam Rivera"]),
        ("author: Rivera, Sam", ["Rivera, Sam"]),
        ("authors: [Sam Rivera, Alex Doe]", ["Sam Rivera", "Alex Doe"]),
        ("authors: Sam Rivera, Alex Doe", ["Sam Rivera", "Alex Doe"]),
        ("authors: Rivera, Sam; Doe, Alex", ["Rivera, Sam", "Doe, Alex"]),
        ("author:\n  name: Sam Rivera\n  twitter: sam", ["Sam Rivera"]),
    ],
)
def test_authors(
    site_root: Path, fields_theme: Path, header: str, expected: list[str]
) -> None:
    post = f"---\ntitle: A\ndate: 2024-01-01\n{header}\n---\nBody\n"
    site = build(site_root, {"posts/a.md": post}, fields_theme)
    assert texts(site.soup("a.html"), ".authors a") == expected


def test_published_false_is_a_draft(site_root: Path, fields_theme: Path) -> None:
    site = build(
        site_root,
        {
            "posts/draft.md": "---\ntitle: Draft\ndate: 2024-01-01\n"
            "published: false\n---\nD\n",
            "posts/live.md": "---\ntitle: Live\ndate: 2024-01-02\n"
            "published: true\n---\nL\n",
        },
        fields_theme,
    )
    assert site.exists("drafts/draft.html")
    assert not site.exists("draft.html")
    assert site.soup("drafts/draft.html").select_one(".status").get_text() == "draft"
    assert site.soup("live.html").select_one(".status").get_text() == "published"
    index_links = {a["href"] for a in site.soup("index.html").find_all("a", href=True)}
    assert any(href.endswith("live.html") for href in index_links)
    assert not any(href.endswith("draft.html") for href in index_links)


def test_literal_permalinks_set_url_and_save_as(
    site_root: Path, fields_theme: Path
) -> None:
    site = build(
        site_root,
        {
            "pages/about.md": "---\ntitle: About\npermalink: /about/\n---\nMe\n",
            "pages/cv.md": "---\ntitle: CV\npermalink: /cv\n---\nCV\n",
            "posts/pycon.md": (
                "---\ntitle: PyCon\ndate: 2024-05-21\npermalink: /2024/pycon.html\n"
                "---\nTalks\n"
            ),
        },
        fields_theme,
    )
    assert site.errors == []
    assert site.soup("about/index.html").find("h1").get_text() == "About"
    assert site.soup("about/index.html").select_one(".url").get_text() == "about/"
    assert site.soup("cv/index.html").select_one(".url").get_text() == "cv/"
    assert site.soup("2024/pycon.html").find("h1").get_text() == "PyCon"
    assert not site.exists("pycon.html")
    index_links = {a["href"] for a in site.soup("index.html").find_all("a", href=True)}
    assert any(href.endswith("2024/pycon.html") for href in index_links)


def test_a_draft_keeps_its_draft_url(site_root: Path, fields_theme: Path) -> None:
    post = (
        "---\ntitle: Soon\ndate: 2024-01-01\npublished: false\n"
        "permalink: /soon/\n---\nNot yet.\n"
    )
    site = build(site_root, {"posts/soon.md": post}, fields_theme)
    assert site.exists("drafts/soon.html")
    assert not site.exists("soon/index.html")


@pytest.mark.parametrize(
    ("permalink", "named"),
    [
        ("/:year/:month/:title/", ":year, :month, :title"),
        ("/blog/:categories/:title:output_ext", ":categories, :title, :output_ext"),
        ("pretty", "'pretty'"),
        ("https://example.com/x/", "full URL"),
        ("/../../etc/passwd", "'..'"),
    ],
)
def test_unsupported_permalinks_are_reported_and_ignored(
    site_root: Path, fields_theme: Path, permalink: str, named: str
) -> None:
    post = f"---\ntitle: P\ndate: 2024-01-01\npermalink: {permalink}\n---\nBody\n"
    site = build(site_root, {"posts/p.md": post}, fields_theme)
    assert site.errors == []
    [warning] = file_warnings(site)
    assert warning.startswith("posts/p.md:4:1: ")
    assert named in warning
    assert site.exists("p.html")  # Pelican's own URL


def test_image_is_kept_as_text_or_mapping(site_root: Path, fields_theme: Path) -> None:
    site = build(
        site_root,
        {
            "posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n"
            "image: /img/a.png\n---\nA\n",
            "posts/b.md": (
                "---\ntitle: B\ndate: 2024-01-01\nimage:\n  path: /img/b.png\n"
                "  alt: A bee\n---\nB\n"
            ),
        },
        fields_theme,
    )
    assert printed_field(site.soup("a.html"), "image") == ("str", "/img/a.png")
    kind, text = printed_field(site.soup("b.html"), "image")
    assert kind == "mapping"
    assert "/img/b.png" in text
    assert "A bee" in text


def test_jekyll_file_names_give_date_slug_and_title(
    site_root: Path, fields_theme: Path
) -> None:
    site = build(
        site_root,
        {
            "posts/2024-05-21-pycon-us.md": "---\ntitle: PyCon US\n---\nHi\n",
            "posts/2017-2-5-timezone-override.md": "---\ntags: [a]\n---\nNo title\n",
            "posts/2018-03-04-dated-name.md": (
                "---\ntitle: Header Wins\ndate: 2019-09-09 10:00\n"
                "slug: own-slug\n---\nX\n"
            ),
            "posts/2020-01-01-empty.md": "---\n---\nAn empty header.\n",
        },
        fields_theme,
    )
    assert site.errors == []
    pycon = site.soup("pycon-us.html")
    assert pycon.select_one("time.date")["datetime"] == "2024-05-21T00:00:00+00:00"
    override = site.soup("timezone-override.html")
    assert override.find("h1").get_text() == "Timezone Override"
    assert override.select_one("time.date")["datetime"] == "2017-02-05T00:00:00+00:00"
    own = site.soup("own-slug.html")
    assert own.find("h1").get_text() == "Header Wins"
    assert own.select_one("time.date")["datetime"] == "2019-09-09T10:00:00+00:00"
    assert site.soup("empty.html").find("h1").get_text() == "Empty"


def test_file_name_rules_can_be_turned_off(site_root: Path, fields_theme: Path) -> None:
    files = {"posts/2024-05-21-pycon-us.md": "---\ntitle: PyCon US 2024\n---\nHi\n"}
    settings = {"JEKYLL_FILE_NAMES": False}
    site = build(site_root, files, fields_theme, settings)
    # Pelican's own FILENAME_METADATA still reads the date; the slug is the title's.
    page = site.soup("pycon-us-2024.html")
    assert page.select_one("time.date")["datetime"] == "2024-05-21T00:00:00+00:00"


def test_undated_post_behaves_as_pelican_does(
    site_root: Path, fields_theme: Path
) -> None:
    files = {
        "posts/yaml.md": "---\ntitle: No date\n---\nBody\n",
        "posts/native.md": "Title: No date either\n\nBody\n",
    }
    site = build(site_root, files, fields_theme)
    # Pelican refuses an article without a date, for both readers alike.
    assert sorted(site.errors) == [
        f"Skipping {site.content / 'posts/native.md'}: "
        "could not find information about 'date'",
        f"Skipping {site.content / 'posts/yaml.md'}: "
        "could not find information about 'date'",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Plain\ndate: 2024-01-01\n---\nBody text.\n",
        "---   \ntitle: Trailing blanks\ndate: 2024-01-01\n---  \nBody text.\n",
        "\ufeff---\ntitle: With a BOM\ndate: 2024-01-01\n---\nBody text.\n",
        "\n\n   \n---\ntitle: Blank lines first\ndate: 2024-01-01\n---\nBody text.\n",
        "---\ntitle: Dots close it\ndate: 2024-01-01\n...\nBody text.\n",
        "---\r\ntitle: CRLF\r\ndate: 2024-01-01\r\n---\r\nBody text.\r\n",
        "---\ntitle: 'A --- inside'\ndate: 2024-01-01\n---\nBody text.\n",
        "---\ntitle: T\ndate: 2024-01-01\ndescription: |\n  ---\n  still a value\n---\n"
        "Body text.\n",
    ],
    ids=[
        "plain",
        "trailing",
        "bom",
        "blank-lines",
        "dots",
        "crlf",
        "dashes-in-value",
        "block",
    ],
)
def test_header_syntax(site_root: Path, fields_theme: Path, text: str) -> None:
    site = build(
        site_root,
        {"posts/h.md": text.encode("utf-8")},
        fields_theme,
        {"SLUGIFY_SOURCE": "basename"},
    )
    assert site.errors == []
    page = site.soup("h.html")
    content = page.select_one(".content")
    assert content.get_text(strip=True) == "Body text."
    assert "title" not in content.get_text()
    assert page.select_one("time.date")["datetime"].startswith("2024-01-01")


def test_body_line_that_looks_like_metadata_stays_text(
    site_root: Path, fields_theme: Path
) -> None:
    post = (
        "---\ntitle: T\ndate: 2024-01-01\n---\nNote: this is the first line.\nSecond.\n"
    )
    site = build(site_root, {"posts/t.md": post}, fields_theme)
    content = site.soup("t.html").select_one(".content")
    assert "Note: this is the first line." in content.get_text()
    assert printed_field(site.soup("t.html"), "note") is None


NATIVE = {
    "posts/native.md": """\
        Title: A native post
        Date: 2024-02-03 10:20
        Tags: one, two
        Category: Notes
        Summary: Short *summary*.

        Body with a rule:

        ---

        and text.
        """,
    "posts/native-dashes.md": """\
        ---
        Title: Native with dashes
        Date: 2024-02-04
        ---
        Body.
        """,
    "posts/plain.markdown": "Title: Other extension\nDate: 2024-02-05\n\nText.\n",
    "pages/native-page.md": "Title: A page\n\nPage body.\n",
}


def _read_outputs(site: BuiltSite) -> dict[str, bytes]:
    return {
        str(path.relative_to(site.output)): path.read_bytes()
        for path in sorted(site.output.rglob("*.html"))
    }


def test_pelican_native_posts_build_exactly_as_before(tmp_path: Path) -> None:
    plain = build_site(
        tmp_path / "plain", NATIVE, {"ARTICLE_PATHS": ["posts"]}, plugins=[]
    )
    ours = build_site(
        tmp_path / "ours",
        NATIVE,
        {"ARTICLE_PATHS": ["posts"]},
        plugins=["front_matter"],
    )
    assert ours.errors == plain.errors == []
    assert _read_outputs(ours) == _read_outputs(plain)
    page = ours.soup("a-native-post.html")
    headings = [h.get_text(strip=True) for h in page.find_all(["h1", "h2"])]
    assert "A native post" in headings
    assert page.find("hr") is not None


@pytest.mark.parametrize("ext", ["md", "markdown", "mkd", "mdown", "mkdn"])
def test_every_markdown_extension(
    site_root: Path, fields_theme: Path, ext: str
) -> None:
    post = "---\ntitle: Ext\ndate: 2024-01-01\ntags: [x, y]\n---\n*Body*\n"
    site = build(site_root, {f"posts/ext.{ext}": post}, fields_theme)
    page = site.soup("ext.html")
    assert texts(page, ".tags a") == ["x", "y"]
    assert page.select_one(".content em").get_text() == "Body"


def test_the_sites_markdown_settings_are_used(
    site_root: Path, fields_theme: Path
) -> None:
    post = "---\ntitle: Toc\ndate: 2024-01-01\n---\n## A heading\n\n[TOC]\n"
    settings = {
        "MARKDOWN": {
            "extension_configs": {"markdown.extensions.toc": {"permalink": True}},
            "output_format": "html5",
        }
    }
    site = build(site_root, {"posts/toc.md": post}, fields_theme, settings)
    content = site.soup("toc.html").select_one(".content")
    assert content.find("h2")["id"] == "a-heading"
    assert content.select_one("div.toc a")["href"] == "#a-heading"


def test_an_explicit_reader_setting_is_respected(
    site_root: Path, fields_theme: Path
) -> None:
    site = build(
        site_root,
        {
            "posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA\n",
            "posts/b.markdown": "---\ntitle: B\ndate: 2024-01-01\n---\nB\n",
        },
        fields_theme,
        {"READERS": {"md": None}},
    )
    assert not site.exists("a.html")  # the site turned .md off
    assert site.soup("b.html").find("h1").get_text() == "B"


def test_reserved_and_duplicate_keys_are_reported(
    site_root: Path, fields_theme: Path
) -> None:
    post = (
        "---\ntitle: First\ndate: 2024-01-01\ncontent: nope\nsettings: nope\n"
        "_private: nope\nTitle: Second\n---\nThe real body.\n"
    )
    site = build(
        site_root, {"posts/r.md": post}, fields_theme, {"SLUGIFY_SOURCE": "basename"}
    )
    assert site.errors == []
    page = site.soup("r.html")
    assert page.find("h1").get_text() == "Second"
    assert page.select_one(".content").get_text(strip=True) == "The real body."
    warnings = file_warnings(site)
    assert (
        "posts/r.md:7:1: 'Title' is given twice (first on line 2); the last one is used"
        in warnings
    )
    for line, key in ((4, "content"), (5, "settings"), (6, "_private")):
        assert (
            f"posts/r.md:{line}:1: '{key}' is a name Pelican uses itself; ignored"
            in warnings
        )


# --- Liquid (tests/test_jekyll_bodies.py has the rest) --------------------------------


def test_liquid_can_be_turned_off(site_root: Path, fields_theme: Path) -> None:
    post = "---\ntitle: Jinja\ndate: 2024-01-01\n---\nTemplates use {{ name }}.\n"
    site = build(
        site_root, {"posts/j.md": post}, fields_theme, {"JEKYLL_LIQUID": False}
    )
    assert file_warnings(site) == []
    assert "{{ name }}" in site.soup("jinja.html").select_one(".content").get_text()


def test_first_release_setting_names_still_work_with_a_warning(
    site_root: Path, fields_theme: Path
) -> None:
    post = "---\ntitle: Jinja\ndate: 2024-01-01\n---\nTemplates use {{ name }}.\n"
    site = build(
        site_root, {"posts/j.md": post}, fields_theme, {"FRONT_MATTER_LIQUID": False}
    )
    assert "{{ name }}" in site.soup("jinja.html").select_one(".content").get_text()
    deprecations = [w for w in site.warnings if "FRONT_MATTER_LIQUID" in w]
    assert len(deprecations) == 1
    assert "JEKYLL_LIQUID" in deprecations[0]


def test_front_matter_alone_reads_yaml_without_jekyll_conventions(
    site_root: Path, fields_theme: Path
) -> None:
    files = {
        "posts/2024-05-21-pycon-us.md": (
            "---\ntitle: PyCon US\ntags: [a, b]\nexcerpt: Short\n"
            "published: false\n---\nLink: {{ site.url }}\n"
        ),
    }
    site = build_site(
        site_root,
        files,
        {"ARTICLE_PATHS": ["posts"], "FEED_ALL_ATOM": None},
        plugins=["front_matter"],
        theme=str(fields_theme),
    )
    assert site.errors == []
    # Pelican's slug from the title, not Jekyll's from the file name; not a
    # draft (published: false is Jekyll's); Liquid is left to jekyll.
    page = site.soup("pycon-us.html")
    assert page.find("h1").get_text() == "PyCon US"
    # Pelican's Tag objects, each name as HTML that shows the text
    assert (
        printed_field(page, "tags")[1] == "[<Tag TextHTML('a')>, <Tag TextHTML('b')>]"
    )
    assert "{{ site.url }}" in page.select_one(".content").get_text()
    assert printed_field(page, "summary") is None


# --- Bad input: one clean error naming the file and line; the rest builds ------------

GOOD_POST = "---\ntitle: Still here\ndate: 2024-01-01\n---\nFine.\n"
ALIAS_BOMB = (
    "---\ntitle: Bomb\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "---\nBody\n"
)
BAD_INPUTS = {
    "yaml": (
        "---\ntitle: Europe, part 1: Lisbon\ndate: 2024-01-01\n---\nBody\n",
        "2:22",
        "invalid YAML: mapping values are not allowed",
    ),
    "unclosed-quote": (
        '---\ntitle: "Unclosed\ndate: 2024-01-01\n---\nBody\n',
        "4:1",
        "invalid YAML",
    ),
    "tab": ("---\ntitle: T\n\tdate: 2024-01-01\n---\nBody\n", "3:1", "invalid YAML"),
    "not-a-mapping": (
        "\n---\n- just\n- a list\n---\nBody\n",
        "3:1",
        "must be a mapping",
    ),
    "scalar-header": ("---\nJust a sentence.\n---\nBody\n", "2:1", "must be a mapping"),
    "unclosed": ("\n\n---\ntitle: Never closed\n\nBody\n", "3:1", "never closed"),
    "bad-date": (
        "---\ntitle: T\n\ndate: next tuesday\n---\nBody\n",
        "4:1",
        "'date' is not a date: 'next tuesday'",
    ),
    "impossible-date": (
        "---\ntitle: T\ndate: 2024-02-30\n---\nBody\n",
        "3:7",
        "invalid value '2024-02-30': day is out of range for month",
    ),
    "bad-time-zone": (
        "---\ntitle: T\ndate: 2024-01-01\ntimezone: Mars/Olympus\n---\nBody\n",
        "4:1",
        "'timezone' is not a time zone name: 'Mars/Olympus'",
    ),
    "unsafe": (
        "---\ntitle: T\nx: !!python/object/apply:os.system ['touch PWNED']\n"
        "---\nBody\n",
        "3:4",
        "unsafe YAML tag '!!python/object/apply:os.system' refused",
    ),
    "unsafe-new": (
        "---\ntitle: T\nx: !!python/object/new:os.system ['touch PWNED']\n---\nBody\n",
        "3:4",
        "unsafe YAML tag",
    ),
    "unknown-tag": (
        "---\ntitle: !shout T\n---\nBody\n",
        "2:8",
        "unsupported YAML tag '!shout'",
    ),
    "alias-bomb": (ALIAS_BOMB, "7:4", "YAML aliases expand this front matter"),
    "self-alias": ("---\ntitle: T\nx: &x [*x]\n---\nBody\n", "3:", "refers to itself"),
    "too-large": (
        "---\ntitle: T\nbig: '" + "x" * (64 * 1024) + "'\n---\nBody\n",
        "1:1",
        "over the limit of 64 KiB",
    ),
    "not-utf8": (
        "---\ntitle: Caf\xe9\n---\nBody\n".encode("latin-1"),
        "2:11",
        "not valid UTF-8 (byte 0xE9)",
    ),
    "not-utf8-native": (
        "Title: Caf\xe9\nDate: 2024-01-01\n\nBody\n".encode("latin-1"),
        "1:11",
        "not valid UTF-8",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_clean_error(
    site_root: Path, fields_theme: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, position, message = BAD_INPUTS[case]
    monkeypatch.chdir(site_root)  # where an executed "touch PWNED" would land
    data = text if isinstance(text, bytes) else text.encode("utf-8")  # as written
    files = {"posts/bad.md": data, "posts/good.md": GOOD_POST}
    site = build(site_root, files, fields_theme)
    [error] = site.errors
    assert error.startswith(f"posts/bad.md:{position}")
    assert message in error
    assert "\n" not in error
    assert all(not r.exc_info for r in site.records if r.levelno >= logging.ERROR)
    assert site.soup("still-here.html").find("h1").get_text() == "Still here"
    assert not list(site.output.rglob("bad*.html"))
    assert not (site_root / "PWNED").exists()


def test_bad_input_in_a_page_is_one_clean_error(
    site_root: Path, fields_theme: Path
) -> None:
    files = {
        "pages/bad.md": "---\ntitle: [unclosed\n---\nBody\n",
        "posts/good.md": GOOD_POST,
    }
    site = build(site_root, files, fields_theme)
    [error] = site.errors
    assert error.startswith("pages/bad.md:3:1: invalid YAML")


def _cli_site(root: Path, files: dict[str, str]) -> Path:
    conf = """\
        PATH = "content"
        PLUGINS = ["front_matter"]
        TIMEZONE = "UTC"
        SITEURL = ""
        ARTICLE_PATHS = ["posts"]
        FEED_ALL_ATOM = None
        CATEGORY_FEED_ATOM = None
        AUTHOR_FEED_ATOM = None
        AUTHOR_FEED_RSS = None
        """
    write_files(root, {"pelicanconf.py": conf})
    write_files(root / "content", files)
    return root


def test_pelican_command_fails_with_fatal_errors(tmp_path: Path) -> None:
    files = {
        "posts/bad.md": BAD_INPUTS["yaml"][0],
        "posts/good.md": GOOD_POST,
    }
    site = _cli_site(tmp_path / "site", files)
    args = ("content", "-s", "pelicanconf.py", "-o", "output")
    lenient = run_pelican(site, *args)
    log = lenient.stdout + lenient.stderr
    error_lines = [line for line in log.splitlines() if "ERROR" in line]
    assert len(error_lines) == 1, log
    assert "posts/bad.md:2:22: invalid YAML" in error_lines[0]
    assert "Traceback" not in log
    assert (site / "output" / "still-here.html").is_file()

    strict = run_pelican(site, *args, "--fatal", "errors", check=False)
    log = strict.stdout + strict.stderr
    assert strict.returncode != 0
    assert "posts/bad.md:2:22: invalid YAML" in log
    assert "Traceback" not in log


# --- The content cache ----------------------------------------------------------------


def test_content_cache_reads_nothing_twice(
    tmp_path: Path, fields_theme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "posts/2024-05-21-lisbon.md": SEED,
        "posts/2024-06-01-liquid.md": LIQUID_POST,
        "posts/2024-05-21-pycon-us.md": "---\ntitle: PyCon US\n---\nHi\n",
        "posts/2017-02-05-old.md": "---\ntitle: Old\n---\nOld\n",
        "posts/native.md": "Title: Native\nDate: 2024-01-01\n\nNative body.\n",
        "pages/about.md": "---\ntitle: About\npermalink: /about/\n---\nMe\n",
        "posts/broken.md": "---\ntitle: [never closed\n---\nBody\n",
    }
    reads: list[str] = []
    original = FrontMatterReader.read

    def counting_read(self: FrontMatterReader, source_path: str):
        reads.append(Path(source_path).name)
        return original(self, source_path)

    monkeypatch.setattr(FrontMatterReader, "read", counting_read)
    settings = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    first = build(tmp_path / "site", files, fields_theme, settings)
    assert sorted(reads) == sorted(Path(name).name for name in files)
    reads.clear()
    second = build(tmp_path / "site", None, fields_theme, settings, tmp_path / "out2")
    # Only the broken file is read again (a failure is never cached), and it is
    # reported again: a cached build never hides it.
    assert reads == ["broken.md"]
    assert _read_outputs(second) == _read_outputs(first)
    assert len(first.errors) == 1
    assert second.errors == first.errors
    assert first.errors[0].startswith("posts/broken.md:3:1: invalid YAML")

    post = tmp_path / "site/content/posts/2017-02-05-old.md"
    stamp = post.stat().st_mtime
    post.write_text("---\ntitle: Old, edited\n---\nOld\n", encoding="utf-8")
    os.utime(post, (stamp + 10, stamp + 10))  # a new stamp even on coarse clocks
    reads.clear()
    third = build(tmp_path / "site", None, fields_theme, settings)
    assert sorted(reads) == ["2017-02-05-old.md", "broken.md"]
    assert third.soup("old.html").find("h1").get_text() == "Old, edited"


def test_two_builds_in_one_process_agree(tmp_path: Path, fields_theme: Path) -> None:
    files = {"posts/2024-06-01-liquid.md": LIQUID_POST, "posts/a.md": SEED}
    first = build(tmp_path / "one", files, fields_theme)
    second = build(tmp_path / "two", files, fields_theme)
    assert _read_outputs(first) == _read_outputs(second)


def test_demo_posts_read_cleanly(tmp_path: Path, fields_theme: Path) -> None:
    """Every post and page of the example site is read without a warning."""
    from sitebuilder import EXAMPLE_SITE

    files = {
        str(path.relative_to(EXAMPLE_SITE / "content")): path.read_bytes()
        for folder in ("posts", "pages")
        for path in (EXAMPLE_SITE / "content" / folder).rglob("*.md")
    }
    site = build(tmp_path, files, fields_theme, {"TIMEZONE": "America/New_York"})
    assert site.errors == []
    assert [w for w in site.warnings if ".md" in w] == []
    pycon = site.soup("pycon-us.html")
    assert pycon.find("h1").get_text() == "PyCon US"
    assert pycon.select_one("time.date")["datetime"] == "2024-05-21T07:00:00-07:00"
    assert texts(pycon, ".tags a") == ["Life"]
    assert printed_field(pycon, "description") == (
        "str",
        "A Python Developer's Conference in Pittsburgh, PA",
    )
    assert site.soup("about/index.html").find("h1").get_text() == "About"


HTML_PAGES = {
    "pages/about.html": "---\ntitle: About us\n---\n<p>Hi <b>there</b></p>\n",
    "pages/plain.html": (
        "<html><head><title>Plain</title></head><body><p>Old</p></body></html>\n"
    ),
}


def test_html_pages_with_a_header_are_read_when_asked(
    tmp_path: Path, fields_theme: Path
) -> None:
    site = build(tmp_path, HTML_PAGES, fields_theme, {"FRONT_MATTER_HTML": True})
    assert site.errors == []
    about = site.soup("pages/about-us.html")
    assert about.h1.get_text() == "About us"
    content = about.select_one("div.content")
    assert content.p.b.get_text() == "there"  # the body is HTML, kept as it is
    assert "---" not in content.get_text()
    assert about.select_one("dd[data-key=reader]").get_text() == "html"
    plain = site.soup("pages/plain.html")  # no header: Pelican's HTML reader
    assert plain.select_one("div.content").p.get_text() == "Old"


def test_html_pages_stay_pelicans_by_default(
    tmp_path: Path, fields_theme: Path
) -> None:
    site = build(tmp_path, HTML_PAGES, fields_theme)
    assert not site.exists("pages/about-us.html")
    assert site.exists("pages/plain.html")

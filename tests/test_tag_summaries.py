"""tag_summaries in real Pelican builds: definitions, statistics, merged spellings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sitebuilder import BuiltSite, build_site

from pelican.plugins import postcard

# notmyidea's own templates, extended only to include the plugin's partials and
# to expose what the plugin gives every template (as JSON, to assert on values)
PLUGINS = ["tag_summaries"]
OVERRIDES = {
    "tag.html": """
        {% extends "!theme/tag.html" %}
        {% block content %}
        {% include "tag_summaries/summary.html" %}
        <p id="tag-attribute">{{ tag.summary.count if tag.summary is defined }}</p>
        <p id="per-month">{{ tag.summary.per_month|tojson
            if tag.summary is defined }}</p>
        <p id="latest">{{ tag.summary.latest|map(attribute="title")|list|tojson
            if tag.summary is defined }}</p>
        <p id="no-variable">{{ "absent" if tag_summary is not defined }}</p>
        {{ super() }}
        {% endblock %}
    """,
    "tags.html": """
        {% extends "!theme/tags.html" %}
        {% block content %}{% include "tag_summaries/cloud.html" %}{% endblock %}
    """,
    "article.html": """
        {% extends "!theme/article.html" %}
        {% block content %}
        {{ super() }}
        <ul id="lookups">
        {% for tag in article.tags %}
          {% set found = tag_summary_for(tag) %}
          <li data-slug="{{ tag.slug|e }}">{{ found.description|e if found }}</li>
        {% endfor %}
        </ul>
        {% set by_name = tag_summary_for("python") %}
        <p id="by-name">{{ by_name.name|e if by_name }}</p>
        <p id="every-tag">{{ tag_summaries|map(attribute="name")|list|tojson }}</p>
        <p id="no-summary-here">{{ "absent" if tag_summary is not defined }}</p>
        {% endblock %}
    """,
}


def post(title: str, date: str, tags: str, *, status: str = "", meta: str = "") -> str:
    """A post in Pelican's own metadata format (no other plugin needed)."""
    lines = [f"Title: {title}", f"Date: {date}", f"Tags: {tags}"]
    if status:
        lines.append(f"Status: {status}")
    if meta:
        lines.append(meta)
    return "\n".join(lines) + "\n\nSome text.\n"


def summary_of(site: BuiltSite, page: str):
    section = site.soup(page).find("section", class_="tag-summary")
    assert section is not None, f"no tag summary on {page}"
    return section


def description_of(site: BuiltSite, page: str) -> tuple[str, str]:
    found = summary_of(site, page).find(class_="tag-summary-description")
    return found.get_text(strip=True), found["data-source"]


def listed_posts(site: BuiltSite, page: str) -> set[str]:
    """Titles of the posts a notmyidea listing page links to."""
    soup = site.soup(page)
    content = soup.find(id="content") or soup
    titles = {a.get_text(strip=True) for a in content.select("a[rel=bookmark]")}
    featured = soup.select_one("aside#featured h1.entry-title a")
    if featured is not None:
        titles.add(featured.get_text(strip=True))
    return titles


BLOG = {
    "a.md": post("Alpha", "2024-05-02 10:00", "Python, Travel, Life"),
    "b.md": post("Bravo", "2024-05-20 10:00", "Python, Travel"),
    "c.md": post("Charlie", "2024-08-01 10:00", "Python, Debugging"),
    "d.md": post("Delta", "2025-01-15 10:00", "Python, Life, Travel"),
    "e.md": post("Echo", "2025-01-20 10:00", "Cooking"),
    "draft.md": post("Draft", "2025-03-01 10:00", "Python, Secret", status="draft"),
    "hidden.md": post("Hidden", "2025-03-02 10:00", "Python, Secret", status="hidden"),
    "tags/python.md": """
        ---
        title: Python
        description: >
          Notes on writing,
          debugging and shipping Python.
        ---

        A longer *introduction* to the tag.

        Key: this line must stay in the body.
    """,
}
BLOG_SETTINGS = {"TAG_SUMMARIES": {"Travel": "Working while moving between cities."}}


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(
        tmp_path_factory.mktemp("blog"),
        BLOG,
        BLOG_SETTINGS,
        plugins=PLUGINS,
        templates=OVERRIDES,
    )


def test_blog_builds_cleanly(blog: BuiltSite) -> None:
    assert blog.errors == []
    unexpected = [w for w in blog.warnings if "SITEURL" not in w]
    assert unexpected == []


def test_description_from_a_definition_file_with_its_introduction(blog) -> None:
    assert description_of(blog, "tag/python.html") == (
        "Notes on writing, debugging and shipping Python.",
        "definition",
    )
    intro = summary_of(blog, "tag/python.html").find(class_="tag-summary-intro")
    assert intro.find("em").get_text() == "introduction"
    # the body is plain Markdown: no metadata extension eats a "Key:" line
    assert "Key: this line must stay in the body." in intro.get_text()


def test_description_from_the_setting(blog) -> None:
    assert description_of(blog, "tag/travel.html") == (
        "Working while moving between cities.",
        "setting",
    )
    assert summary_of(blog, "tag/travel.html").find(class_="tag-summary-intro") is None


def test_automatic_description_for_an_undescribed_tag(blog) -> None:
    # Life: Alpha (May 2024) and Delta (January 2025), both also Python and Travel
    assert description_of(blog, "tag/life.html") == (
        "2 posts from May 2024 to January 2025, often with Python and Travel.",
        "automatic",
    )
    assert description_of(blog, "tag/cooking.html") == (
        "1 post in January 2025.",
        "automatic",
    )
    assert description_of(blog, "tag/debugging.html") == (
        "1 post in August 2024, also tagged Python.",
        "automatic",
    )


def test_counts_and_dates(blog) -> None:
    section = summary_of(blog, "tag/python.html")
    assert section.find(class_="tag-summary-count").get_text(strip=True) == "4 posts"
    first = section.find("time", class_="tag-summary-first")
    last = section.find("time", class_="tag-summary-last")
    assert first["datetime"] == "2024-05-02T10:00:00+00:00"
    assert last["datetime"] == "2025-01-15T10:00:00+00:00"
    assert "2024" in first.get_text() and "2025" in last.get_text()
    # a tag with a single post shows a single date
    cooking = summary_of(blog, "tag/cooking.html")
    times = cooking.find_all("time")
    assert len(times) == 1
    assert times[0]["datetime"] == "2025-01-20T10:00:00+00:00"


def test_tag_object_carries_its_summary(blog) -> None:
    page = blog.soup("tag/python.html")
    assert page.find(id="tag-attribute").get_text(strip=True) == "4"


def test_latest_posts_newest_first(blog) -> None:
    page = blog.soup("tag/python.html")
    assert json.loads(page.find(id="latest").get_text()) == [
        "Delta",
        "Charlie",
        "Bravo",
    ]


def test_posts_per_month_with_empty_months_filled(blog) -> None:
    page = blog.soup("tag/life.html")
    per_month = json.loads(page.find(id="per-month").get_text())
    assert per_month[0] == ["2024-05", 1]
    assert per_month[-1] == ["2025-01", 1]
    assert len(per_month) == 9  # May 2024 to January 2025
    assert sum(count for _, count in per_month) == 2


def test_related_tags_most_shared_first_then_by_name(blog) -> None:
    section = summary_of(blog, "tag/python.html")
    items = section.select(".tag-related-item")
    related = [
        (
            item.find("a", class_="tag-related-link").get_text(strip=True),
            item.find(class_="tag-related-count").get_text(strip=True),
        )
        for item in items
    ]
    # Travel 3 shared posts, then Life 2, then Debugging 1; drafts add nothing
    assert related == [("Travel", "(3)"), ("Life", "(2)"), ("Debugging", "(1)")]
    links = [a["href"] for a in section.select("a.tag-related-link")]
    assert links == ["/tag/travel.html", "/tag/life.html", "/tag/debugging.html"]
    assert all(a.get("rel") == ["tag"] for a in section.select("a.tag-related-link"))


def test_related_ties_are_ordered_by_name(site_root: Path) -> None:
    site = build_site(
        site_root,
        {
            "a.md": post("A", "2024-01-01", "Hub, Zebra, apple, Mango"),
            "b.md": post("B", "2024-02-01", "Hub, Mango"),
        },
        {"TAG_SUMMARIES_RELATED_COUNT": 2},
        plugins=PLUGINS,
        templates=OVERRIDES,
    )
    names = [
        a.get_text(strip=True)
        for a in summary_of(site, "tag/hub.html").select("a.tag-related-link")
    ]
    assert names == ["Mango", "apple"]  # Mango shares 2; apple, Zebra tie at 1


def test_the_old_related_setting_still_works_with_a_warning(site_root: Path) -> None:
    site = build_site(
        site_root,
        {"a.md": post("A", "2024-01-01", "Hub, Zebra, apple, Mango")},
        {"TAG_SUMMARIES_RELATED": 1},
        plugins=PLUGINS,
        templates=OVERRIDES,
    )
    (deprecated,) = [w for w in site.warnings if "deprecated" in w]
    assert deprecated.startswith("TAG_SUMMARIES_RELATED is deprecated")
    assert "set TAG_SUMMARIES_RELATED_COUNT instead" in deprecated
    names = [
        a.get_text(strip=True)
        for a in summary_of(site, "tag/hub.html").select("a.tag-related-link")
    ]
    assert names == ["apple"]


def test_drafts_and_hidden_posts_never_count(blog) -> None:
    section = summary_of(blog, "tag/python.html")
    assert section.find(class_="tag-summary-count").get_text(strip=True) == "4 posts"
    assert not blog.exists("tag/secret.html")
    cloud = blog.soup("tags.html").find("ul", class_="tag-cloud")
    names = [a.get_text(strip=True) for a in cloud.select("a.tag-cloud-link")]
    assert "Secret" not in names


def test_tags_index_is_a_weighted_list_with_counts_and_descriptions(blog) -> None:
    cloud = blog.soup("tags.html").find("ul", class_="tag-cloud")
    rows = {
        item.find("a", class_="tag-cloud-link").get_text(strip=True): (
            item.find(class_="tag-cloud-count").get_text(strip=True),
            item.find(class_="tag-cloud-description").get_text(strip=True),
            int(item["data-weight"]),
        )
        for item in cloud.find_all("li", class_="tag-cloud-item")
    }
    assert list(rows) == ["Cooking", "Debugging", "Life", "Python", "Travel"]
    assert rows["Python"] == (
        "4 posts",
        "Notes on writing, debugging and shipping Python.",
        5,
    )
    assert rows["Cooking"][0] == "1 post" and rows["Cooking"][2] == 1
    assert rows["Travel"][1] == "Working while moving between cities."
    assert 1 < rows["Travel"][2] < 5  # 3 posts, between 1 and 4 on a log scale
    for item in cloud.find_all("li", class_="tag-cloud-item"):
        assert f"tag-weight-{item['data-weight']}" in item["class"]


def test_every_template_gets_the_summaries_and_the_lookup(blog) -> None:
    page = blog.soup("delta.html")
    lookups = {
        li["data-slug"]: li.get_text(strip=True) for li in page.select("#lookups li")
    }
    assert lookups["python"] == "Notes on writing, debugging and shipping Python."
    assert lookups["travel"] == "Working while moving between cities."
    assert lookups["life"].startswith("2 posts from May 2024")
    assert page.find(id="by-name").get_text(strip=True) == "Python"
    assert json.loads(page.find(id="every-tag").get_text()) == [
        "Cooking",
        "Debugging",
        "Life",
        "Python",
        "Travel",
    ]
    # there is no tag_summary variable, on tag pages or elsewhere: tag.summary
    assert page.find(id="no-summary-here").get_text(strip=True) == "absent"
    tag_page = blog.soup("tag/python.html")
    assert tag_page.find(id="no-variable").get_text(strip=True) == "absent"


def test_definitions_are_neither_articles_nor_pages(blog) -> None:
    assert not blog.exists("python.html")
    assert not blog.exists("tags/python.md")
    archive = blog.soup("archives.html")
    titles = {a.get_text(strip=True) for a in archive.select("#content a")}
    assert "Python" not in titles
    assert {"Alpha", "Bravo", "Charlie", "Delta", "Echo"} <= titles


def test_slug_collision_merges_into_the_majority_spelling(site_root: Path) -> None:
    site = build_site(
        site_root,
        {
            "posts/one.md": post("One", "2024-01-01", "Remote Work"),
            "posts/two.md": post("Two", "2024-02-01", "Remote Work, Python"),
            "posts/three.md": post("Three", "2024-03-01", "remote work"),
            "posts/four.md": post("Four", "2024-04-01", "remote-work"),
        },
        {"TAG_FEED_ATOM": "feeds/tag/{slug}.atom.xml"},
        plugins=PLUGINS,
        templates=OVERRIDES,
    )
    assert site.errors == []
    merges = [w for w in site.warnings if "share the slug" in w]
    assert len(merges) == 1
    message = merges[0]
    for spelling in ('"Remote Work"', '"remote work"', '"remote-work"'):
        assert spelling in message
    assert 'merged as "Remote Work"' in message
    assert "posts/three.md" in message and "posts/four.md" in message
    assert "posts/one.md" not in message

    assert sorted(p.name for p in (site.output / "tag").iterdir()) == [
        "python.html",
        "remote-work.html",
    ]
    assert listed_posts(site, "tag/remote-work.html") == {"One", "Two", "Three", "Four"}
    assert (
        summary_of(site, "tag/remote-work.html")
        .find(class_="tag-summary-count")
        .get_text(strip=True)
        == "4 posts"
    )
    # every post now shows the one spelling
    for page in ("three.html", "four.html"):
        tags = [
            a.get_text(strip=True) for a in site.soup(page).select("a[href*='/tag/']")
        ]
        assert tags == ["Remote Work"]
    cloud = site.soup("tags.html").find("ul", class_="tag-cloud")
    assert [a.get_text(strip=True) for a in cloud.select("a.tag-cloud-link")] == [
        "Python",
        "Remote Work",
    ]
    # Pelican still writes the tag feed, with every post in it
    feed = (site.output / "feeds/tag/remote-work.atom.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 4


def test_definition_title_names_the_tag(site_root: Path) -> None:
    site = build_site(
        site_root,
        {
            "a.md": post("A", "2024-01-01", "open source"),
            "b.md": post("B", "2024-02-01", "open source"),
            "tags/open-source.md": "---\ntitle: Open Source\n---\n",
        },
        plugins=PLUGINS,
        templates=OVERRIDES,
    )
    assert site.errors == []
    assert not [w for w in site.warnings if "share the slug" in w]
    page = site.soup("tag/open-source.html")
    assert page.title.get_text().endswith("Open Source")
    # a definition with a title and no description still gets a sentence
    assert description_of(site, "tag/open-source.html")[1] == "automatic"


def test_tie_between_spellings_is_decided_the_same_way_every_time(
    site_root: Path,
) -> None:
    site = build_site(
        site_root,
        {
            "a.md": post("A", "2024-01-01", "web dev"),
            "b.md": post("B", "2024-02-01", "Web Dev"),
        },
        plugins=PLUGINS,
        templates=OVERRIDES,
    )
    (merge,) = [w for w in site.warnings if "share the slug" in w]
    assert 'merged as "Web Dev"' in merge
    assert "a.md" in merge


def test_orphan_definition_and_setting_are_warnings(site_root: Path) -> None:
    site = build_site(
        site_root,
        {
            "a.md": post("A", "2024-01-01", "Python"),
            "tags/python.md": "---\ndescription: Used.\n---\n",
            "tags/ghost.md": "---\ntitle: Ghost\ndescription: Nobody uses me.\n---\n",
            "tags/only-draft.md": "---\ndescription: Drafts only.\n---\n",
            "draft.md": post("D", "2024-01-02", "Only Draft", status="draft"),
        },
        {"TAG_SUMMARIES": {"Phantom": "Nobody uses this one either."}},
        plugins=PLUGINS,
        templates=OVERRIDES,
    )
    assert site.errors == []
    orphans = [w for w in site.warnings if "no published post is tagged" in w]
    assert len(orphans) == 3
    assert any(w.startswith("tags/ghost.md:") and '"Ghost"' in w for w in orphans)
    assert any(w.startswith("tags/only-draft.md:") for w in orphans)
    assert any("Phantom" in w and "TAG_SUMMARIES" in w for w in orphans)
    assert description_of(site, "tag/python.html") == ("Used.", "definition")


def test_broken_definition_is_one_error_and_the_rest_builds(site_root: Path) -> None:
    site = build_site(
        site_root,
        {
            "a.md": post("A", "2024-01-01", "Python, Travel"),
            "tags/python.md": "---\ntitle: Python\ndescription: one: two\n---\n",
            "tags/travel.md": "---\ndescription: Still described.\n---\n",
        },
        plugins=PLUGINS,
        templates=OVERRIDES,
    )
    assert len(site.errors) == 1
    assert site.errors[0].startswith("tags/python.md:3:")
    assert "mapping values are not allowed" in site.errors[0]
    assert site.exists("tag/python.html")
    assert description_of(site, "tag/python.html")[1] == "automatic"
    assert description_of(site, "tag/travel.html") == ("Still described.", "definition")
    assert listed_posts(site, "tag/python.html") == {"A"}


def test_wrong_field_types_and_unknown_fields_name_the_line(site_root: Path) -> None:
    site = build_site(
        site_root,
        {
            "a.md": post("A", "2024-01-01", "Python, Travel, Life"),
            "tags/python.md": "---\ntitle: Python\ndescription:\n  - a list\n---\n",
            "tags/travel.md": "---\ntitle: Travel\ndescripton: typo\n---\n",
            "tags/life.md": "---\ntitle: Days\ndescription: Mine.\n---\n",
        },
        {
            "TAG_SUMMARIES": {"Life": ["not", "text"]},
            "TAG_SUMMARIES_RELATED_COUNT": "5",
        },
        plugins=PLUGINS,
        templates=OVERRIDES,
    )
    refused = "TAG_SUMMARIES_RELATED_COUNT: must be a whole number"
    assert any(e.startswith(refused) for e in site.errors)
    related = summary_of(site, "tag/python.html").select("a.tag-related-link")
    assert len(related) == 2  # the default applies
    assert 'tags/python.md:3:1: "description" must be text, not a list' in site.errors
    assert any(
        e.startswith('TAG_SUMMARIES["Life"]') and "must be text" in e
        for e in site.errors
    )
    assert any(
        w.startswith('tags/travel.md:3:1: unknown field "descripton"')
        for w in site.warnings
    )
    mismatch = [w for w in site.warnings if w.startswith("tags/life.md:")]
    assert len(mismatch) == 1 and '"Days"' in mismatch[0]
    # a title that does not match its file never renames the tag
    assert site.soup("tag/life.html").title.get_text().endswith("Life")
    assert description_of(site, "tag/life.html") == ("Mine.", "definition")


def test_custom_definitions_folder_and_markdown_settings(site_root: Path) -> None:
    site = build_site(
        site_root,
        {
            "a.md": post("A", "2024-01-01", "Python"),
            "topics/python.md": """
                ---
                description: From another folder.
                ---

                ```python
                print("hello")
                ```
            """,
        },
        {
            "TAG_SUMMARIES_DIR": "topics",
            "MARKDOWN": {
                "extension_configs": {"markdown.extensions.fenced_code": {}},
                "output_format": "html5",
            },
        },
        plugins=PLUGINS,
        templates=OVERRIDES,
    )
    assert site.errors == []
    assert not site.exists("python.html")
    intro = summary_of(site, "tag/python.html").find(class_="tag-summary-intro")
    assert intro.find("code").get_text().strip() == 'print("hello")'
    assert description_of(site, "tag/python.html") == (
        "From another folder.",
        "definition",
    )


def test_paginated_tag_pages_all_get_the_summary(site_root: Path) -> None:
    site = build_site(
        site_root,
        {f"p{n}.md": post(f"P{n}", f"2024-0{n}-01", "Python") for n in range(1, 5)},
        {"DEFAULT_PAGINATION": 2},
        plugins=PLUGINS,
        templates=OVERRIDES,
    )
    for page in ("tag/python.html", "tag/python2.html"):
        count = summary_of(site, page).find(class_="tag-summary-count")
        assert count.get_text(strip=True) == "4 posts"


HOSTILE = '<script>alert("x")</script> & "quotes"'


def test_hostile_names_and_descriptions_are_escaped(site_root: Path) -> None:
    site = build_site(
        site_root,
        {
            "a.md": post("A", "2024-01-01", 'Python, Tom & "Jerry" <b>'),
            "b.md": post("B", "2024-02-01", "Python"),
            "tags/python.md": "---\ndescription: '"
            + HOSTILE.replace("'", "''")
            + "'\n---\n",
        },
        {"TAG_SUMMARIES": {'Tom & "Jerry" <b>': "Line one\n</script><i>two</i>"}},
        plugins=PLUGINS,
        templates=OVERRIDES,
    )
    # notmyidea itself prints tag names unescaped; only the partials are checked
    parts = [
        summary_of(site, "tag/python.html"),
        site.soup("tags.html").find("ul", class_="tag-cloud"),
    ]
    for part in parts:
        assert part.find("script") is None
        assert part.find("b") is None and part.find("i") is None
    assert description_of(site, "tag/python.html")[0] == HOSTILE
    related = summary_of(site, "tag/python.html").select_one("a.tag-related-link")
    assert related.get_text(strip=True) == 'Tom & "Jerry" <b>'
    cloud = site.soup("tags.html").find("ul", class_="tag-cloud")
    texts = [p.get_text() for p in cloud.select(".tag-cloud-description")]
    assert "Line one </script><i>two</i>" in texts
    assert HOSTILE in texts


def test_two_builds_in_one_process_are_identical(tmp_path: Path) -> None:
    outputs = []
    for run in ("first", "second"):
        site = build_site(
            tmp_path / run, BLOG, BLOG_SETTINGS, plugins=PLUGINS, templates=OVERRIDES
        )
        outputs.append(
            {
                str(path.relative_to(site.output)): path.read_bytes()
                for path in sorted(site.output.rglob("*.html"))
            }
        )
    assert outputs[0].keys() == outputs[1].keys()
    assert outputs[0] == outputs[1]


def test_cached_rebuild_recounts_spellings_from_the_files(site_root: Path) -> None:
    files = {
        "a.md": post("A", "2024-01-01", "Web Dev"),
        "b.md": post("B", "2024-02-01", "Web Dev"),
        "c.md": post("C", "2024-03-01", "web dev"),
    }
    cache = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(site_root / "cache"),
    }
    first = build_site(site_root, files, cache, plugins=PLUGINS, templates=OVERRIDES)
    assert first.soup("tag/web-dev.html").title.get_text().endswith("Web Dev")
    # a.md changes spelling; b.md and c.md come from the cache, which must not
    # remember the merged name in place of what c.md says
    second = build_site(
        site_root,
        {"a.md": post("A", "2024-01-01", "web dev")},
        cache,
        plugins=PLUGINS,
        templates=OVERRIDES,
    )
    assert second.soup("tag/web-dev.html").title.get_text().endswith("web dev")
    (merge,) = [w for w in second.warnings if "share the slug" in w]
    assert 'merged as "web dev"' in merge
    assert "b.md" in merge


def test_summaries_log_one_info_line(blog) -> None:
    assert any(
        message.startswith("tag_summaries: 5 tags, 2 described")
        for message in blog.infos
    )


def test_series_of_a_tag_come_from_post_series(site_root: Path) -> None:
    site = build_site(
        site_root,
        {
            "p1.md": post(
                "Part one", "2024-01-01", "Travel", meta="Series: Europe Trip"
            ),
            "p2.md": post(
                "Part two", "2024-02-01", "Travel, Food", meta="Series: Europe Trip"
            ),
            "solo.md": post("Solo", "2024-03-01", "Travel"),
        },
        plugins=["post_series", "tag_summaries"],
        templates=OVERRIDES,
    )
    assert site.errors == []
    section = summary_of(site, "tag/travel.html")
    items = section.select(".tag-series-item")
    assert len(items) == 1
    link = items[0].find("a", class_="tag-series-link")
    assert link.get_text(strip=True) == "Europe Trip"
    assert (site.output / link["href"].lstrip("/")).is_file()
    assert "2 parts" in items[0].find(class_="tag-series-count").get_text()
    food = summary_of(site, "tag/food.html").select(".tag-series-item")
    assert "1 part " in food[0].find(class_="tag-series-count").get_text()


def test_demo_tags_are_described(demo_site: BuiltSite) -> None:
    cloud = demo_site.soup("tags.html").find(class_="tag-cloud")
    assert cloud is not None, "the demo's tags index does not show the tag cloud"
    items = cloud.find_all(class_="tag-cloud-item")
    described = [
        item
        for item in items
        if item.find(class_="tag-cloud-description")["data-source"] != "automatic"
    ]
    assert len(described) >= 3
    for item in items:
        assert (
            item.find(class_="tag-cloud-count")
            .get_text(strip=True)
            .endswith(("post", "posts"))
        )
        assert item.find(class_="tag-cloud-description").get_text(strip=True)
    names = {item.find("a").get_text(strip=True) for item in items}
    assert {"Life", "Python", "Travel", "Open Source"} <= names


def test_demo_tag_page_opens_with_its_summary(demo_site: BuiltSite) -> None:
    section = demo_site.soup("tag/life.html").find(class_="tag-summary")
    assert section is not None
    description = section.find(class_="tag-summary-description")
    assert description["data-source"] == "definition"
    assert description.get_text(strip=True).startswith("Personal notes")
    assert section.find(class_="tag-summary-count").get_text(strip=True) == "3 posts"


def test_the_theme_draws_the_model_chart(site_root: Path) -> None:
    june = [post(f"J{n}", f"2024-06-0{n}", "Python") for n in range(1, 4)]
    files = {f"j{n}.md": text for n, text in enumerate(june)}
    files["aug.md"] = post("Aug", "2024-08-01", "Python")
    files["oct.md"] = post("Oct", "2024-10-01", "Python")
    site = build_site(site_root, files, plugins=PLUGINS, theme=postcard.THEME)
    assert site.errors == []
    figure = site.soup("tag/python.html").find("figure", class_="chart")
    svg = figure.find("svg")
    assert (svg["viewbox"], svg["width"], svg["height"]) == ("0 0 160 72", "160", "72")
    assert svg["aria-label"] == (
        "Posts per month. Jun 2024: 3, Jul 2024: 0, Aug 2024: 1, Sep 2024: 0, "
        "Oct 2024: 1."
    )
    bars = [
        (r["x"], r["y"], r["width"], r["height"], r.get("class"))
        for r in svg.find_all("rect")
    ]
    assert bars == [
        ("6", "4.0", "20", "68.0", None),
        ("38", "70", "20", "2", ["zero"]),
        ("70", "49.3", "20", "22.7", None),
        ("102", "70", "20", "2", ["zero"]),
        ("134", "49.3", "20", "22.7", None),
    ]
    assert figure.figcaption.get_text() == (
        "Posts per month, Jun 2024 to Oct 2024; at most 3 a month."
    )

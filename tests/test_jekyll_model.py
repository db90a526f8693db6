"""jekyll's model: Jekyll's fields, file names and literal permalinks,
read through front_matter's field mapping, without Pelican."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pelican.plugins.front_matter.fields import HeaderFields, header_fields
from pelican.plugins.jekyll.rules.fields import file_name_defaults, translate
from pelican.plugins.jekyll.rules.file_names import post_name, post_reference
from pelican.plugins.jekyll.rules.literal_permalink import Permalink, parse_permalink
from pelican.plugins.postcard_core.document import Document, parse_document
from pelican.plugins.postcard_core.problems import FrontMatterError
from pelican.plugins.postcard_core.text import fold_whitespace


def post_fields(
    doc: Document,
    file_name: str = "",
    *,
    space_separated_tags: bool = False,
    use_file_name: bool = True,
) -> HeaderFields:
    """A Jekyll post's fields as the reader builds them with jekyll enabled."""
    result = header_fields(translate(doc, space_separated_tags=space_separated_tags))
    metadata: dict[str, Any] = dict(result.metadata)
    if use_file_name:
        for key, value in file_name_defaults(file_name).items():
            metadata.setdefault(key, value)
    return HeaderFields(metadata=metadata, problems=result.problems)


# --- post_fields ---------------------------------------------------------------------


def fields(header: str, file_name: str = "post.md", **options: bool) -> dict:
    doc = parse_document(f"---\n{header}\n---\nbody\n", file_name)
    return post_fields(doc, file_name, **options).metadata


def test_jekyll_fields() -> None:
    result = fields(
        "title: 1.10\ndescription: >\n  folded\n  text\nexcerpt: Short\n"
        "date: 2024-01-02\nlast_modified_at: '2024-02-03 10:00 +0200'\n"
        "tags: a, b\ncategories: x y\nauthor: {name: Sam}\npublished: true\n"
        "layout: post\npermalink: /about/\nseries_index: 2\nslug: 12\n"
    )
    assert result == {
        "title": "1.10",
        "description": "folded text",
        "summary": "Short",
        "date": datetime.datetime(2024, 1, 2),
        "modified": "2024-02-03 10:00 +0200",
        "tags": ["a", "b"],
        "category": "x",
        "categories": ["x", "y"],
        "authors": ["Sam"],
        "published": True,
        "layout": "post",
        "permalink": "/about/",
        "url": "about/",
        "save_as": "about/index.html",
        "series_index": 2,
        "slug": "12",
    }
    assert "template" not in result


def test_explicit_values_win() -> None:
    result = fields(
        "excerpt: e\nsummary: s\npublished: false\nstatus: hidden\n"
        "permalink: /p/\nurl: own.html\nsave_as: own.html",
        "2024-01-01-name.md",
    )
    assert result["summary"] == "s"
    assert result["status"] == "hidden"
    assert (result["url"], result["save_as"]) == ("own.html", "own.html")
    assert result["slug"] == "name"


def test_pelican_text_keys_are_text_or_absent() -> None:
    result = fields("slug: 2024\ntranslation: true\nlang:\ntimezone: ~\nstatus: ''")
    assert result == {"slug": "2024", "translation": "true", "status": ""}


def test_a_draft_ignores_its_permalink() -> None:
    for header in ("published: false", "status: draft"):
        result = fields(f"{header}\npermalink: /later/")
        assert "url" not in result
        assert "save_as" not in result
        assert result["permalink"] == "/later/"


@pytest.mark.parametrize(
    ("header", "space", "tags"),
    [
        ("tags: a b", False, ["a b"]),
        ("tags: a b", True, ["a", "b"]),
        ("tags: 'a, b c'", True, ["a", "b c"]),
        ("tags: [1, 2.50, null, '']", False, ["1", "2.50"]),
        ("tags: ", False, None),
    ],
)
def test_tags(header: str, space: bool, tags: list[str] | None) -> None:
    assert fields(header, space_separated_tags=space).get("tags") == tags


def test_wrong_shapes_are_problems_not_crashes() -> None:
    doc = parse_document(
        "---\ntitle: [a, b]\ndescription: {x: 1}\ntags: [[nested], ok]\n"
        "date: [2024]\npermalink: 5\n---\n",
        "p.md",
    )
    result = post_fields(doc, "p.md")
    assert result.metadata == {"tags": ["ok"], "permalink": 5}
    assert sorted((p.line, p.message.split(";")[0]) for p in result.problems) == [
        (2, "'title' must be text, not a list"),
        (3, "'description' must be text, not a mapping"),
        (4, "'tags' has an item that is a list"),
        (5, "'date' must be a date, not a list"),
        (6, "'permalink' must be text, not a int"),
    ]


def test_file_name_fills_what_the_header_lacks() -> None:
    assert fields("tags: [a]", "2017-2-5-timezone-override.md") == {
        "tags": ["a"],
        "date": datetime.datetime(2017, 2, 5),
        "slug": "timezone-override",
        "title": "Timezone Override",
    }
    assert fields("title: T", "2017-2-5-x.md", use_file_name=False) == {"title": "T"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2024-05-21-pycon-us.md", ((2024, 5, 21), "pycon-us")),
        ("2017-2-5-a.md", ((2017, 2, 5), "a")),
        # As Jekyll reads them: February 30th is March 1st, 99 is 1999.
        ("2024-02-30-bad-day.md", ((2024, 3, 1), "bad-day")),
        ("99-1-5-x.md", ((1999, 1, 5), "x")),
        ("24-05-21-short-year.md", ((2024, 5, 21), "short-year")),
        ("2024-05-21.md", None),
        ("2024-05-21-no-extension", None),
        ("pycon-us.md", None),
    ],
)
def test_post_name(name: str, expected: tuple | None) -> None:
    found = post_name(name)
    read = None if found is None else (found.date.timetuple()[:3], found.slug)
    assert read == expected


def test_title_from_slug() -> None:
    assert post_name("2024-01-01-my-iOS--post.md").title == "My Ios Post"


def test_post_reference() -> None:
    reference = post_reference("/news/2024-02-30-leap")
    assert (reference.folder, reference.date_text, reference.slug) == (
        "news/",
        "2024-02-30",
        "leap",
    )
    assert reference.key == "2024-03-01-leap"
    assert reference.matches("_posts/news/2024-02-30-leap.md")
    assert reference.matches("news/_posts/2024-02-30-leap.markdown")
    assert not reference.matches("_posts/2024-02-30-leap.md")
    assert post_reference("no-date") is None
    assert post_reference("2024-13-01-x").key is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/about/", Permalink("about/", "about/index.html")),
        ("/about", Permalink("about/", "about/index.html")),
        ("about/me/", Permalink("about/me/", "about/me/index.html")),
        ("/2024/pycon.html", Permalink("2024/pycon.html", "2024/pycon.html")),
        ("/feed.xml", Permalink("feed.xml", "feed.xml")),
        ("/", Permalink("", "index.html")),
    ],
)
def test_literal_permalinks(value: str, expected: Permalink) -> None:
    assert parse_permalink(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("/:year/:title/", "placeholders (:year, :title)"),
        ("pretty", "style 'pretty'"),
        ("http://elsewhere.org/x", "full URL"),
        ("//cdn.org/x", "full URL"),
        ("/a/../../b", "'..'"),
        ("/a//b", "empty segments"),
        ("/a?b=1", "plain path"),
    ],
)
def test_unsupported_permalinks(value: str, reason: str) -> None:
    with pytest.raises(
        ValueError, match=reason.replace("(", r"\(").replace(")", r"\)")
    ):
        parse_permalink(value)


def test_fold_whitespace() -> None:
    assert fold_whitespace("  a\n\tb  c\n") == "a b c"


# --- properties --------------------------------------------------------------------

yamlish = st.lists(
    st.sampled_from(
        [
            *"ab01:- \n\t'\"[]{}&*!|>#%@`,.?\\\r\ufeff",
            *("---\n", "\n...", "2024-02-30", "12:30", "&a ", "*a", "<<: "),
            *("!!int ", "!!float ", "!!timestamp ", "!!bool ", "!!binary ", "!!set "),
            *("!!python/object/apply:os.system ", "!local ", "~", "null"),
        ]
    ),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(header=yamlish, body=yamlish)
def test_post_fields_never_raise(header: str, body: str) -> None:
    try:
        doc = parse_document(f"---\n{header}\n---\n{body}", "h.md")
    except FrontMatterError:
        return
    post_fields(doc, "2024-01-01-h.md")

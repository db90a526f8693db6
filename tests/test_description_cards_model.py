"""description_cards model: pure functions, no Pelican build."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from types import MappingProxyType

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from pelican.plugins.description_cards.checks import Described, check_descriptions
from pelican.plugins.description_cards.head import (
    content_head,
    is_home,
    json_ld,
    listing_description,
    listing_head,
    listing_title,
    page_head_for,
)
from pelican.plugins.description_cards.injection import head_insert_at, insert_head
from pelican.plugins.description_cards.model import (
    ELLIPSIS,
    Image,
    Link,
    choose_description,
    first_paragraph,
    heading_level,
    make_card,
    make_site,
    og_locale,
    plain_text,
    reading_time,
    resolve_image,
    resolve_image_link,
    safe_url,
    series_label,
    shorten,
    site_from_settings,
    summary_from_card,
)
from pelican.plugins.postcard_core.attached import SeriesRef

SEED = "A Python Developer's Conference in Pittsburgh, PA"
WHEN = datetime(2024, 5, 21, 7, 0, tzinfo=timezone(timedelta(hours=-7)))


def site(url: str = "https://blog.example.org", **overrides):
    values = {
        "name": "Notes",
        "site_url": url,
        "description": None,
        "subtitle": "A subtitle",
        "locale": ("en_US.UTF-8", "C"),
        "lang": "en",
        "twitter_username": "example",
    }
    values.update(overrides)
    return make_site(**values)


# ------------------------------------------------------------------ text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  A  folded\n description ", "A folded description"),
        ("<p>One.</p><p>Two <b>bold</b>.</p>", "One. Two bold."),
        ("Fish &amp; Chips", "Fish & Chips"),
        ("x &lt;/script&gt; y", "x </script> y"),
        ("I <3 Python & a < b", "I <3 Python & a < b"),
        ("<!-- hidden --> shown", "shown"),
        (None, ""),
    ],
)
def test_plain_text_strips_tags_decodes_entities_and_folds(value, expected) -> None:
    assert plain_text(value) == expected


def test_first_paragraph_skips_headings_and_empty_paragraphs() -> None:
    html = (
        "<h1>Title</h1><p><img src='a.png'></p>\n"
        "<p>The <em>first</em>\nwords.</p><p>x</p>"
    )
    assert first_paragraph(html) == "The first words."
    assert first_paragraph("<ul><li>Only a list</li></ul>") == "Only a list"
    assert first_paragraph("") == ""


def test_choose_description_prefers_description_then_summary_then_content() -> None:
    content = "<p>First paragraph.</p><p>Second.</p>"
    assert choose_description(SEED, "<p>Sum</p>", content) == (SEED, "description")
    assert choose_description("  ", "<p>Sum &amp; more</p>", content) == (
        "Sum & more",
        "summary",
    )
    assert choose_description(None, None, content) == ("First paragraph.", "content")


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 160, "short"),
        ("one two three four", 12, "one two…"),
        ("one two three four", 8, "one two…"),
        ("one two, three", 9, "one two…"),
        ("abcdefghijklmnop", 6, "abcde…"),
        ("exactly ten", 11, "exactly ten"),
    ],
)
def test_shorten_cuts_at_a_word_boundary(text, limit, expected) -> None:
    assert shorten(text, limit) == expected


@given(st.text(max_size=400), st.integers(min_value=1, max_value=300))
def test_shorten_never_exceeds_the_limit_and_keeps_a_prefix(text, limit) -> None:
    short = shorten(text, limit)
    assert len(short) <= limit
    if short != text:
        assert short.endswith(ELLIPSIS)
        assert text.startswith(short[:-1])


def test_reading_time_counts_words_and_is_at_least_one_minute() -> None:
    assert reading_time("", 200) == 1
    assert reading_time("<p>" + "word " * 200 + "</p>", 200) == 1
    assert reading_time("<p>" + "word " * 201 + "</p>", 200) == 2
    assert reading_time("<p>" + "<b>w</b> " * 1000 + "</p>", 250) == 4


# ------------------------------------------------------------------ URLs


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/a b.png", "https://example.org/a%20b.png"),
        ("/images/x.png", "/images/x.png"),
        ('img/"q"<x>.png', "img/%22q%22%3Cx%3E.png"),
        ("//cdn.example.org/x.png", "https://cdn.example.org/x.png"),
        ("javascript:alert(1)", ""),
        ("JaVaScRiPt:alert(1)", ""),
        ("java\nscript:alert(1)", ""),
        ("data:text/html,<script>", ""),
        ("  ", ""),
        (None, ""),
    ],
)
def test_safe_url_keeps_http_and_relative_urls_only(value, expected) -> None:
    assert safe_url(value) == expected


def test_resolve_image_reads_strings_mappings_and_the_default() -> None:
    default = Image("https://blog.example.org/images/default.png", "Default")
    base = "https://blog.example.org"
    assert resolve_image("/images/a.png", default, base) == Image(
        f"{base}/images/a.png", ""
    )
    assert resolve_image({"path": "images/a.png", "alt": " A  map "}, None, base) == (
        Image(f"{base}/images/a.png", "A map")
    )
    assert resolve_image("https://cdn.example.net/a.png", None, "") == Image(
        "https://cdn.example.net/a.png", ""
    )
    assert resolve_image("/images/a.png", None, "") == Image("images/a.png", "")
    assert resolve_image(None, default, base) is default
    assert resolve_image("javascript:alert(1)", default, base) is default


def test_og_locale_from_locale_setting_or_language() -> None:
    assert og_locale(("en_US.UTF-8", "C"), "en") == "en_US"
    assert og_locale("de_DE@euro", "en") == "de_DE"
    assert og_locale(["C", ""], "fr-ca") == "fr_CA"
    assert og_locale(None, "en") == "en"
    assert og_locale(None, "") == ""


def test_series_label() -> None:
    trip = "Europe Trip"
    assert series_label(SeriesRef(trip, index=1, total=4)) == f"Part 1 of 4 in {trip}"
    assert series_label(SeriesRef(trip, index=2)) == "Part 2 in Europe Trip"
    assert series_label(SeriesRef(trip)) == "Part of Europe Trip"
    # A part number that is not one (0, negative) is left out, not printed.
    assert series_label(SeriesRef(trip, index=0, total=4)) == "Part of Europe Trip"
    assert series_label(SeriesRef(trip, index=2, total=-1)) == "Part 2 in Europe Trip"
    assert series_label(None) == ""


def test_site_description_falls_back_to_subtitle_then_name() -> None:
    assert site(description="Mine").description == "Mine"
    assert site().description == "A subtitle"
    assert site(subtitle=None).description == "Notes"
    assert site().twitter_site == "@example"
    assert site(url="").url == ""
    assert site(url="https://blog.example.org/").url == "https://blog.example.org"


# ------------------------------------------------------------------ cards and head


def seed_card(**overrides):
    values = {
        "site": site(),
        "kind": "article",
        "title": "PyCon US",
        "path": "2024/pycon-us.html",
        "description": SEED,
        "content_html": "<p>" + "word " * 450 + "</p>",
        "date": WHEN,
        "date_text": "May 21, 2024",
        "tags": [Link("Life", "tag/life.html")],
        "category": Link("Posts", "category/posts.html"),
        "authors": [Link("Sam Rivera", "author/sam-rivera.html")],
        "image": {"path": "/images/pycon.png", "alt": "The hall"},
        "series": SeriesRef(
            "Europe Trip", url="series/europe-trip.html", index=1, total=4
        ),
        "lang": "en",
    }
    values.update(overrides)
    return make_card(**values)


def test_make_card_for_the_seed_post() -> None:
    card = seed_card()
    assert card.description == SEED
    assert card.short_description == SEED
    assert card.description_source == "description"
    assert card.url == "https://blog.example.org/2024/pycon-us.html"
    assert card.path == "2024/pycon-us.html"
    assert card.image == "https://blog.example.org/images/pycon.png"
    assert card.image_alt == "The hall"
    assert card.reading_time == 3
    assert card.series_label == "Part 1 of 4 in Europe Trip"
    assert card.series_url == "https://blog.example.org/series/europe-trip.html"
    assert card.date_iso == "2024-05-21T07:00:00-07:00"
    assert card.modified_iso == card.date_iso
    with pytest.raises(AttributeError):
        card.title = "changed"  # type: ignore[misc]


def test_long_descriptions_are_shortened_for_meta_only() -> None:
    long = "word " * 60
    card = seed_card(description=long, site=site(max_length=50))
    assert card.description == long.strip()
    assert len(card.short_description) <= 50
    assert card.short_description.endswith(ELLIPSIS)
    assert content_head(card, site(max_length=50)).description == card.short_description


def test_article_head_values() -> None:
    head = content_head(seed_card(), site())
    assert head.og_type == "article"
    assert head.canonical == head.url == "https://blog.example.org/2024/pycon-us.html"
    assert head.twitter_card == "summary_large_image"
    assert head.tags == ("Life",)
    assert head.section == "Posts"
    assert head.locale == "en_US"
    data = json.loads(str(head.json_ld))
    assert data["@type"] == "BlogPosting"
    assert data["description"] == SEED
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Sam Rivera",
            "url": "https://blog.example.org/author/sam-rivera.html",
        }
    ]
    assert data["isPartOf"]["name"] == "Europe Trip"
    assert data["position"] == 1
    assert data["keywords"] == ["Life"]


def test_no_url_that_cannot_be_absolute_without_siteurl_and_no_author() -> None:
    local = site(url="")
    card = seed_card(site=local, authors=[Link("Sam", "author/sam.html")])
    assert card.url == "2024/pycon-us.html"  # the card itself keeps its path
    head = content_head(card, local)
    assert head.url == head.canonical == head.image == head.image_alt == ""
    assert head.twitter_card == "summary"
    data = json.loads(str(head.json_ld))
    assert {"url", "image", "mainEntityOfPage"} & set(data) == set()
    assert data["author"] == [{"@type": "Person", "name": "Sam"}]
    assert data["isPartOf"] == {"@type": "CreativeWorkSeries", "name": "Europe Trip"}
    remote = seed_card(site=local, authors=[], image="https://cdn.example.net/a.png")
    head = content_head(remote, local)
    assert head.image == "https://cdn.example.net/a.png"
    assert "author" not in json.loads(str(head.json_ld))
    listing = listing_head(local, path="tag/python.html", title="Python")
    assert listing.url == listing.canonical == ""
    assert {"url"} & set(json.loads(str(listing.json_ld))) == set()


def test_a_draft_is_noindex_without_a_canonical_link() -> None:
    head = content_head(seed_card(draft=True), site())
    assert head.robots == "noindex"
    assert head.canonical == ""
    assert head.url == "https://blog.example.org/2024/pycon-us.html"
    assert json.loads(str(head.json_ld))["@type"] == "BlogPosting"
    assert content_head(seed_card(), site()).robots == ""


def test_page_head_is_a_website() -> None:
    card = seed_card(kind="page", title="About", path="pages/about.html")
    head = content_head(card, site())
    assert head.og_type == "website"
    assert head.published_time == ""
    assert head.tags == ()
    assert json.loads(str(head.json_ld))["@type"] == "WebPage"


def test_listing_head_uses_the_site_description() -> None:
    head = listing_head(
        site(description="All about Python."), path="index.html", is_home=True
    )
    assert head.og_type == "website"
    assert head.description == "All about Python."
    assert head.url == "https://blog.example.org/"
    assert head.title == "Notes"
    assert json.loads(str(head.json_ld))["@type"] == "WebSite"
    tag = listing_head(site(), path="tag/python.html", title="Python")
    assert tag.title == "Python | Notes"
    assert json.loads(str(tag.json_ld))["@type"] == "CollectionPage"
    # Only the home page is the WebSite, whatever the path of a listing.
    series = listing_head(site(), path="series/index.html", title="Series")
    assert series.url == "https://blog.example.org/series/"
    assert series.title == "Series | Notes"
    assert json.loads(str(series.json_ld))["@type"] == "CollectionPage"


@given(st.text())
def test_json_ld_can_never_close_its_script_element(text) -> None:
    encoded = str(json_ld({"description": text, "headline": f"</script>{text}"}))
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(encoded)["description"] == text


# ------------------------------------------------------------------ injection


def test_head_insert_at_only_when_the_head_has_no_og_description() -> None:
    page = "<html><head><title>t</title></head><body>og:description</body></html>"
    assert head_insert_at(page) == page.index("</head>")
    assert (
        head_insert_at(page.replace("<title>", '<meta property="og:description"><t>'))
        == -1
    )
    assert head_insert_at("<p>a fragment</p>") == -1


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="og:description" content="x">',
        "<META PROPERTY='og:description' CONTENT='x' />",
        "<meta content=x property=og:description>",
        '<meta content="a > b" property="og:description">',
        '<meta name="og:description" content="x">',
        '<title>t</title><meta\n  property="og:description"\n  content="x">',
    ],
)
def test_head_insert_at_sees_a_real_og_description_tag(head) -> None:
    assert head_insert_at(f"<html><head>{head}</head><body></body></html>") == -1


@pytest.mark.parametrize(
    "head",
    [
        "<title>Getting og:description right</title>",
        '<meta name="description" content="About og:description">',
        '<meta name="description" content="x property=\'og:description\'">',
        # A theme printing a summary unescaped into its attribute.
        '<meta name="description" content="Write <meta property="og:description">">',
        '<!-- <meta property="og:description" content="x"> -->',
        "<script>let s = '<meta property=\"og:description\">';</script>",
        '<title>a <meta property="og:description"> </head></title>',
        '<meta property="og:title" content="og:description">',
    ],
)
def test_head_insert_at_ignores_the_words_og_description(head) -> None:
    page = f"<html><head>{head}</head><body><p>og:description</p></body></html>"
    assert head_insert_at(page) == page.rindex("</head>")


@given(st.text(alphabet="<>\"'=/ !-metaogdscriptinlh:", max_size=300))
def test_head_insert_at_points_at_a_closing_head_tag_or_nowhere(text) -> None:
    page = f"<html><head>{text}</head><body></body></html>"
    at = head_insert_at(page)
    assert at == -1 or page.startswith("</head>", at)


def test_insert_head_leaves_exactly_one_meta_description() -> None:
    page = (
        "<html><head><title>t</title>"
        '<meta name="description" content="a > b" />\n'
        "<meta name='DESCRIPTION' content='x'>"
        '<meta name="viewport" content="width=device-width">'
        "</head><body><p>body</p></body></html>"
    )
    head = '<meta name="description" content="ours">'
    result = insert_head(page, head, head_insert_at(page))
    soup = BeautifulSoup(result, "html.parser")
    descriptions = soup.find_all("meta", attrs={"name": "description"})
    assert [tag["content"] for tag in descriptions] == ["ours"]
    assert soup.find("meta", attrs={"name": "viewport"}) is not None
    assert soup.find("p").get_text() == "body"


def test_insert_head_removes_a_theme_tag_that_does_not_parse() -> None:
    # notmyidea prints ``summary|striptags|safe`` into its attribute.
    page = (
        "<html><head>\n"
        '  <meta name="description" '
        'content="say "hi" </script><script>x()</script>" />\n'
        '  <link rel="stylesheet" href="a.css">\n'
        "</head><body></body></html>"
    )
    result = insert_head(
        page, '<meta name="description" content="ours">', head_insert_at(page)
    )
    soup = BeautifulSoup(result, "html.parser")
    assert soup.find("script") is None
    assert [m["content"] for m in soup.find_all("meta")] == ["ours"]
    assert soup.find("link")["href"] == "a.css"


# ------------------------------------------------------------------ which page


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"series": {"title": "Europe  Trip", "name": "x"}}, "Europe Trip"),
        ({"series": "a bare name", "tag": "Python"}, "Python"),
        ({"category": "Events"}, "Events"),
        ({"author": "Sam Rivera"}, "Sam Rivera"),
        ({"period": (2024, "May")}, "2024 May"),
        ({"page_name": "series/index"}, "Series"),
        ({"page_name": "archives"}, "Archives"),
        # Each word capitalised, as Jekyll titles a slug (and post_series does).
        ({"page_name": "period-archives"}, "Period Archives"),
        ({"output_file": "reading-list/index.html"}, "Reading List"),
        ({}, ""),
    ],
)
def test_listing_title_names_what_the_page_lists(values, expected) -> None:
    assert listing_title(values) == expected


def test_is_home_on_every_page_of_the_index() -> None:
    assert is_home({"page_name": "index", "output_file": "index2.html"})
    assert not is_home({"page_name": "tag/python", "output_file": "tag/python.html"})
    assert is_home({"output_file": "index.html"})
    assert is_home({"page_name": "blog", "INDEX_SAVE_AS": "blog.html"})
    assert not is_home({"output_file": "archives.html"})


def test_listing_description_of_a_series_or_a_tag_summary() -> None:
    assert listing_description({"series": {"description": "Trip."}}) == "Trip."

    class Tag(str):
        summary = MappingProxyType({"description": "All Python."})

    assert listing_description({"tag": Tag("Python")}) == "All Python."
    assert listing_description({"tag": "Python"}) is None  # no summary attached


class _Content:
    def __init__(self, card, save_as: str) -> None:
        self.card = card
        self.save_as = save_as


def test_page_head_for_takes_the_content_only_on_its_own_page() -> None:
    card = seed_card(path="pycon-us.html")
    post = _Content(card, "pycon-us.html")
    own = page_head_for({"article": post, "output_file": "pycon-us.html"}, site())
    assert own.og_type == "article" and own.title == "PyCon US"
    # index.html loops over ``article``: the listing keeps its own head.
    index = page_head_for(
        {"article": post, "output_file": "index.html", "page_name": "index"}, site()
    )
    assert index.og_type == "website" and index.title == "Notes"


# ------------------------------------------------------------------ images, levels


def test_resolve_image_link_resolves_pelican_links_and_says_why_not() -> None:
    files = {"images/a b.png": "static/images/a%20b.png", "posts/b.png": "b.png"}
    assert resolve_image_link(
        "{static}/images/a%20b.png?v=2#x", "posts", files.get
    ) == ({"path": "static/images/a%20b.png?v=2#x", "alt": ""}, "")
    assert resolve_image_link(
        {"path": "|attach|b.png", "alt": " The  map "}, "posts", files.get
    ) == ({"path": "b.png", "alt": "The map"}, "")
    image, why = resolve_image_link("{static}/images/lost.png", "", files.get)
    assert image is None and "images/lost.png" in why and "not a file" in why
    image, why = resolve_image_link("javascript:alert(1)", "", files.get)
    assert image is None and "neither an http(s) URL" in why
    assert resolve_image_link("/images/c.png", "", files.get) == (
        {"path": "/images/c.png", "alt": ""},
        "",
    )
    assert resolve_image_link(None, "", files.get) == (None, "")
    assert resolve_image_link("  ", "", files.get) == (None, "")


@pytest.mark.parametrize(
    ("value", "expected"), [(3, 3), ("4", 4), (0, 2), (7, 2), ("h3", 2), (None, 2)]
)
def test_heading_level_is_an_html_heading(value, expected) -> None:
    assert heading_level(value) == expected


def test_summary_from_card_only_for_a_front_matter_description() -> None:
    card = seed_card(description='Tom & "Jerry" &lt;3')
    assert summary_from_card(card, has_summary=False) == (
        "Tom &amp; &#34;Jerry&#34; &lt;3"
    )
    assert summary_from_card(card, has_summary=True) is None
    from_content = seed_card(description=None, content_html="<p>First.</p>")
    assert summary_from_card(from_content, has_summary=False) is None


def test_site_from_settings_reads_the_plugin_settings_with_defaults() -> None:
    values = site_from_settings(
        {"SITENAME": "Notes", "SITEURL": "https://ex.org/", "DEFAULT_LANG": "en"},
        None,
    )
    assert (values.url, values.max_length, values.words_per_minute) == (
        "https://ex.org",
        160,
        200,
    )
    tuned = site_from_settings(
        {
            "DESCRIPTION_CARDS_MAX_LENGTH": 90,
            "DESCRIPTION_CARDS_WORDS_PER_MINUTE": 50,
        },
        None,
    )
    assert (tuned.max_length, tuned.words_per_minute) == (90, 50)
    # a count written as text is refused (one ERROR) like in every plugin
    as_text = site_from_settings({"DESCRIPTION_CARDS_MAX_LENGTH": "90"}, None)
    assert as_text.max_length == 160


# ------------------------------------------------------------------ checks


def test_check_descriptions_reports_each_problem_once() -> None:
    long = "word " * 40
    items = [
        Described("posts/long.md", seed_card(description=long), description_line=3),
        Described("posts/one.md", seed_card(description="Same words.")),
        Described("posts/two.md", seed_card(description="Same words.")),
        Described("posts/lacks.md", seed_card(description=None)),
        Described("drafts/d.md", seed_card(description=None, draft=True)),
        Described("pages/p.md", seed_card(kind="page", description="Same words.")),
    ]
    report = check_descriptions(items, max_length=160, require=True)
    formatted = [problem.format(source) for source, problem in report.problems]
    assert formatted == [
        "posts/long.md:3:1: description is 199 characters, longer than "
        "DESCRIPTION_CARDS_MAX_LENGTH (160); meta tags show it cut at a word",
        "posts/lacks.md: no front-matter description (DESCRIPTION_CARDS_REQUIRE is "
        "on); the card uses its first paragraph",
    ]
    assert [p.level for _, p in report.problems] == [30, 40]
    assert report.duplicates == (
        "description_cards: the same description is used by posts/one.md, "
        "posts/two.md, pages/p.md: 'Same words.'",
    )
    assert report.summary == (
        "description_cards: 3 of 4 articles have a front-matter description; "
        "0 fall back to their summary, 1 to their first paragraph"
    )
    quiet = check_descriptions(items[:3], max_length=500, require=False)
    assert quiet.problems == () and len(quiet.duplicates) == 1

"""tag_summaries' model: pure functions, no Pelican build."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from pelican.plugins.postcard.theme_filters import demote_headings
from pelican.plugins.postcard_core.attached import SeriesRef
from pelican.plugins.postcard_core.problems import FrontMatterError
from pelican.plugins.tag_summaries.definition import TagDefinition, parse_definition
from pelican.plugins.tag_summaries.descriptions import (
    TagDescription,
    describe_tags,
    setting_descriptions,
)
from pelican.plugins.tag_summaries.model import (
    RelatedTag,
    TaggedPost,
    automatic_description,
    summarize_tags,
    tag_weight,
)
from pelican.plugins.tag_summaries.months import MonthCount, month_chart, month_range
from pelican.plugins.tag_summaries.spellings import TagUse, choose_spellings

UTC = timezone.utc


def day(year: int, month: int, date: int = 1) -> datetime:
    return datetime(year, month, date, 12, tzinfo=UTC)


def tagged(name: str, when: datetime, *tags: str, series=()) -> TaggedPost:
    return TaggedPost(article=name, date=when, tags=tags, series=tuple(series))


def test_summaries_count_date_and_order_by_name() -> None:
    posts = [
        tagged("a", day(2024, 5), "python", "Travel"),
        tagged("b", day(2025, 1), "python"),
        tagged("c", day(2024, 7), "python", "Travel", "life"),
    ]
    summaries = summarize_tags(posts)
    assert list(summaries) == ["life", "python", "Travel"]
    python = summaries["python"]
    assert (python.count, python.first_date, python.last_date) == (
        3,
        day(2024, 5),
        day(2025, 1),
    )
    assert python.latest == ("b", "c", "a")
    assert [(r.name, r.count) for r in python.related] == [("Travel", 2), ("life", 1)]
    assert python.per_month[0] == ("2024-05", 1)
    assert python.per_month[-1] == ("2025-01", 1)
    assert len(python.per_month) == 9
    assert python.max_per_month == 1
    assert python.description_source == "automatic"


def test_limits_for_related_and_latest() -> None:
    posts = [tagged(str(n), day(2024, n), "hub", f"t{n}") for n in range(1, 8)]
    hub = summarize_tags(posts, related_count=2, latest_count=1)["hub"]
    assert [r.name for r in hub.related] == ["t1", "t2"]
    assert hub.latest == ("7",)
    assert summarize_tags(posts, related_count=0)["hub"].related == ()


def test_a_tag_written_twice_on_one_post_counts_once() -> None:
    summary = summarize_tags([tagged("a", day(2024, 1), "x", "x", "y")])["x"]
    assert summary.count == 1
    assert [(r.name, r.count) for r in summary.related] == [("y", 1)]


def test_descriptions_win_over_the_automatic_sentence() -> None:
    posts = [tagged("a", day(2024, 1), "x", "y", "z")]
    summaries = summarize_tags(
        posts,
        {
            "x": TagDescription("Ex.", "definition", "<p>Intro</p>", "tags/x.md"),
            "y": TagDescription("Why.", "setting"),
            "z": TagDescription(None, "definition", "<p>Only a body</p>", "tags/z.md"),
        },
    )
    assert (summaries["x"].description, summaries["x"].description_source) == (
        "Ex.",
        "definition",
    )
    assert summaries["x"].intro == "<p>Intro</p>"
    assert summaries["x"].definition_path == "tags/x.md"
    assert summaries["y"].description_source == "setting"
    assert summaries["z"].description_source == "automatic"
    assert summaries["z"].intro == "<p>Only a body</p>"


def test_series_with_parts_carrying_the_tag() -> None:
    trip = SeriesRef(
        "Europe Trip", "europe-trip", "series/europe-trip.html", linked=True
    )
    food = SeriesRef("Food", "food", "series/food.html", linked=True)
    posts = [
        tagged("a", day(2024, 1), "travel", series=[trip]),
        tagged("b", day(2024, 2), "travel", series=[trip]),
        tagged("c", day(2024, 3), "travel", series=[food]),
        tagged("d", day(2024, 4), "cooking", series=[food]),
    ]
    travel = summarize_tags(posts)["travel"]
    assert [(s.title, s.count, s.url) for s in travel.series] == [
        ("Europe Trip", 2, "series/europe-trip.html"),
        ("Food", 1, "series/food.html"),
    ]


@pytest.mark.parametrize(
    ("count", "first", "last", "related", "expected"),
    [
        (1, day(2024, 5), day(2024, 5), [], "1 post in May 2024."),
        (3, day(2024, 5, 2), day(2024, 5, 30), [], "3 posts in May 2024."),
        (
            7,
            day(2024, 5),
            day(2025, 1),
            [("Python", 4), ("Travel", 2), ("Life", 2)],
            "7 posts from May 2024 to January 2025, often with Python and Travel.",
        ),
        (
            4,
            day(2024, 5),
            day(2024, 6),
            [("Python", 1)],
            "4 posts from May 2024 to June 2024.",
        ),
        (
            1,
            day(2024, 8),
            day(2024, 8),
            [("Python", 1), ("Debugging", 1)],
            "1 post in August 2024, also tagged Python and Debugging.",
        ),
    ],
)
def test_automatic_description(count, first, last, related, expected) -> None:
    items = [RelatedTag(name, shared) for name, shared in related]
    assert automatic_description(count, first, last, items) == expected


def test_weights_on_a_log_scale() -> None:
    assert [tag_weight(n, 1, 100) for n in (1, 3, 10, 32, 100)] == [1, 2, 3, 4, 5]
    assert tag_weight(7, 7, 7) == 1
    # a log scale: 10 of 100 posts is the middle, not near the bottom
    assert tag_weight(10, 1, 100) == 3


@given(st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=60))
def test_weights_stay_in_range_and_grow_with_the_count(counts: list[int]) -> None:
    lowest, highest = min(counts), max(counts)
    weights = {n: tag_weight(n, lowest, highest) for n in sorted(set(counts))}
    assert all(1 <= w <= 5 for w in weights.values())
    ordered = [weights[n] for n in sorted(weights)]
    assert ordered == sorted(ordered)
    assert weights[lowest] == 1
    if highest > lowest:
        assert weights[highest] == 5


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=800),
            st.lists(st.sampled_from("abcdef"), min_size=0, max_size=4),
        ),
        max_size=40,
    )
)
def test_summaries_agree_with_the_posts(raw: list[tuple[int, list[str]]]) -> None:
    start = day(2020, 1)
    posts = [
        tagged(str(n), start + timedelta(days=offset), *tags)
        for n, (offset, tags) in enumerate(raw)
    ]
    summaries = summarize_tags(posts)
    for tag, summary in summaries.items():
        carrying = [p for p in posts if tag in p.tags]
        assert summary.count == len(carrying)
        assert sum(n for _, n in summary.per_month) == summary.count
        assert summary.first_date == min(p.date for p in carrying)
        assert summary.last_date == max(p.date for p in carrying)
        for related in summary.related:
            shared = sum(1 for p in carrying if related.tag in p.tags)
            assert related.count == shared
            back = {r.tag: r.count for r in summaries[related.tag].related}
            assert back.get(tag, shared) == shared
        counts = [r.count for r in summary.related]
        assert counts == sorted(counts, reverse=True)


def test_month_range_crosses_years() -> None:
    assert month_range(day(2024, 11), day(2025, 2)) == [
        "2024-11",
        "2024-12",
        "2025-01",
        "2025-02",
    ]


def test_choose_spellings_majority_then_deterministic_tie() -> None:
    uses = [
        TagUse("remote-work", "Remote Work", "a.md"),
        TagUse("remote-work", "Remote Work", "b.md"),
        TagUse("remote-work", "remote work", "c.md"),
        TagUse("remote-work", "remote-work", "d.md"),
        TagUse("python", "Python", "a.md"),
        TagUse("web-dev", "web dev", "x.md"),
        TagUse("web-dev", "Web Dev", "y.md"),
    ]
    names, merges = choose_spellings(uses)
    assert names == {
        "remote-work": "Remote Work",
        "python": "Python",
        "web-dev": "Web Dev",
    }
    assert [m.slug for m in merges] == ["remote-work", "web-dev"]
    remote = merges[0]
    assert remote.spellings == (
        ("Remote Work", 2),
        ("remote work", 1),
        ("remote-work", 1),
    )
    assert remote.others == (("c.md", "remote work"), ("d.md", "remote-work"))
    message = remote.message()
    assert message.startswith(
        'Tags "Remote Work", "remote work" and "remote-work" share the slug'
    )
    assert 'c.md ("remote work"), d.md ("remote-work")' in message
    # the same uses in another order give the same answer
    assert choose_spellings(reversed(uses)) == (names, merges)


def test_a_definition_title_is_the_preferred_spelling() -> None:
    uses = [TagUse("os", "os", "a.md"), TagUse("os", "OS", "b.md")]
    names, merges = choose_spellings(uses, {"os": "Os", "unused": "Unused"})
    assert names["os"] == "Os"
    assert merges[0].chosen == "Os"
    assert len(merges[0].others) == 2
    assert names["unused"] == "Unused"


def render(text: str) -> str:
    return f"<p>{text}</p>"


def test_parse_definition() -> None:
    text = (
        "---\nTitle: Python\ndescription: >\n  Two\n  lines.\n"
        "colour: blue\n---\n\nBody text.\n"
    )
    definition = parse_definition(text, "tags/python.md", "python", render)
    assert definition.title == "Python"
    assert definition.description == "Two lines."
    assert definition.intro == "<p>Body text.</p>"
    (problem,) = definition.problems
    assert problem.format("tags/python.md") == (
        'tags/python.md:6:1: unknown field "colour" (a tag definition has: '
        "title, description)"
    )


def test_parse_definition_without_body_or_header() -> None:
    empty = parse_definition("---\n---\n", "tags/x.md", "x", render)
    assert (empty.title, empty.description, empty.intro) == (None, None, "")
    plain = parse_definition("Just a body.\n", "tags/x.md", "x", render)
    assert plain.intro == "<p>Just a body.</p>"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("---\ntitle: [a\n---\n", "tags/x.md:"),
        ("---\ntitle: x\ndescription: {a: 1}\n---\n", "tags/x.md:3:1: "),
        ("---\n- a list\n---\n", "tags/x.md:2:1: "),
        ("---\ntitle: never closed\n", "tags/x.md:1:1: "),
    ],
)
def test_parse_definition_errors_name_file_and_line(text: str, where: str) -> None:
    with pytest.raises(FrontMatterError) as raised:
        parse_definition(text, "tags/x.md", "x", render)
    assert str(raised.value).startswith(where)


def test_a_title_naming_another_tag_is_dropped_with_its_line() -> None:
    text = "---\ndescription: Mine.\ntitle: Days\n---\n"
    definition = parse_definition(text, "tags/life.md", "life", render, str.lower)
    assert definition.title is None and definition.description == "Mine."
    (problem,) = definition.problems
    assert problem.format("tags/life.md").startswith(
        'tags/life.md:3:1: title "Days" does not match the file name'
    )
    same = parse_definition(
        "---\ntitle: Life\n---\n", "x.md", "life", render, str.lower
    )
    assert (same.title, same.problems) == ("Life", ())


def test_per_month_entries_carry_year_month_and_label() -> None:
    posts = [tagged("a", day(2024, 9), "x"), tagged("b", day(2024, 11), "x")]
    per_month = summarize_tags(posts)["x"].per_month
    assert per_month == (("2024-09", 1), ("2024-10", 0), ("2024-11", 1))
    first = per_month[0]
    assert (first.year, first.month, first.label, first.count) == (
        2024,
        9,
        "Sep 2024",
        1,
    )


def test_month_chart_geometry() -> None:
    counts = [("2024-06", 3), ("2024-07", 0), ("2024-08", 1)]
    chart = month_chart([MonthCount(key, n) for key, n in counts])
    assert (chart.width, chart.height, chart.max) == (96, 72, 3)
    assert [(b.x, b.y, b.width, b.height, b.zero) for b in chart.bars] == [
        (6, 4.0, 20, 68.0, False),
        (38, 70, 20, 2, True),
        (70, 49.3, 20, 22.7, False),
    ]
    assert (chart.first_label, chart.last_label) == ("Jun 2024", "Aug 2024")
    assert month_chart([MonthCount("2024-06", 3)]) is None
    # many months: narrower slots, but never under 10 units
    long = [MonthCount(f"{2000 + n // 12:04d}-{n % 12 + 1:02d}", 1) for n in range(100)]
    chart = month_chart(long)
    assert chart.width == 1000 and chart.bars[1].x - chart.bars[0].x == 10
    assert chart.max == 1 and all(b.height == 68.0 for b in chart.bars)


def test_descriptions_from_definitions_and_the_setting() -> None:
    quick, problems = setting_descriptions(
        {"Travel": " Moving\n around. ", "Bad": ["x"], "Ghost": "Nobody."}, str.lower
    )
    assert quick == {
        "travel": ("Travel", "Moving around."),
        "ghost": ("Ghost", "Nobody."),
    }
    ((where, problem),) = problems
    assert where == 'TAG_SUMMARIES["Bad"]' and problem.level == logging.ERROR
    assert problem.format(where).endswith("must be text, not a list")
    definitions = {
        "travel": TagDefinition("travel", "tags/travel.md", intro="<p>Body</p>"),
        "unused": TagDefinition("unused", "tags/unused.md", description="None."),
    }
    described, unused = describe_tags({"travel", "python"}, definitions, quick)
    assert described == {
        "travel": TagDescription(
            "Moving around.", "setting", "<p>Body</p>", "tags/travel.md"
        )
    }
    assert sorted(where for where, _ in unused) == [
        'TAG_SUMMARIES["Ghost"]',
        "tags/unused.md",
    ]
    assert all(p.level == logging.WARNING for _, p in unused)
    _, refused = setting_descriptions(["Travel"], str.lower)
    assert refused[0][1].message.endswith("not a list")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<h1 id="a">A</h1><h2>B</h2><h5>E</h5><h6>F</h6>',
            '<h2 id="a">A</h2><h3>B</h3><h6>E</h6><h6>F</h6>',
        ),
        ("<h2>No h1: left alone</h2>", "<h2>No h1: left alone</h2>"),
        ("<h1>A</h1><header>x</header>", "<h2>A</h2><header>x</header>"),
    ],
)
def test_demote_headings(html: str, expected: str) -> None:
    assert demote_headings(html) == expected
    marked = demote_headings(Markup(html))
    assert isinstance(marked, Markup) and str(marked) == expected


def test_demote_headings_matches_the_theme_fallback() -> None:
    from jinja2 import Environment, FileSystemLoader

    from pelican.plugins import postcard

    env = Environment(loader=FileSystemLoader(f"{postcard.THEME}/templates"))
    macros = env.get_template("partials/macros.html").module
    html = "<h1>T</h1><h2 class='x'>S</h2><h4>Q</h4></h5><h3>R</h3><hr>"
    fallback = str(macros.body(html))
    assert (
        fallback
        == demote_headings(html)
        == ("<h2>T</h2><h3 class='x'>S</h3><h5>Q</h5></h6><h4>R</h4><hr>")
    )

"""tag_summaries' model: pure functions, no Pelican build."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican.plugins.postcard_core.problems import FrontMatterError
from pelican.plugins.tag_summaries.model import (
    RelatedTag,
    SeriesRef,
    TagDescription,
    TaggedPost,
    TagUse,
    automatic_description,
    choose_spellings,
    month_range,
    parse_definition,
    summarize_tags,
    tag_weight,
)

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
    hub = summarize_tags(posts, related_limit=2, latest_limit=1)["hub"]
    assert [r.name for r in hub.related] == ["t1", "t2"]
    assert hub.latest == ("7",)
    assert summarize_tags(posts, related_limit=0)["hub"].related == ()


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
    assert summaries["x"].definition == "tags/x.md"
    assert summaries["y"].description_source == "setting"
    assert summaries["z"].description_source == "automatic"
    assert summaries["z"].intro == "<p>Only a body</p>"


def test_series_with_parts_carrying_the_tag() -> None:
    trip = SeriesRef("Europe Trip", "series/europe-trip.html", "europe-trip")
    food = SeriesRef("Food", "series/food.html", "food")
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
    assert definition.warnings == (
        'tags/python.md:6:1: unknown field "colour" (a tag definition has: '
        "title, description)",
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

"""post_series' model: pure functions, tested without a Pelican build."""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pelican.utils import slugify

from pelican.plugins.post_series import definition, model
from pelican.plugins.post_series import links as linking
from pelican.plugins.post_series import plan as planning
from pelican.plugins.postcard_core.problems import Problem
from pelican.plugins.postcard_core.text import title_from_slug

UTC = dt.timezone.utc


def slug(text: str) -> str:
    return slugify(
        text, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"[-\s]+", "-")]
    )


def post(title: str, day: int, index=None, source: str | None = None) -> model.Part:
    article = SimpleNamespace(
        title=title,
        url=f"{slug(title)}.html",
        date=dt.datetime(2024, 1, day, tzinfo=UTC),
    )
    return model.Part(
        article, source or f"{slug(title)}.md", slug(title), article.date, index
    )


def define(meta: dict, **kwargs) -> tuple[model.SeriesDefinition, tuple[Problem, ...]]:
    options = {
        "source": "series/trip.md",
        "file_slug": "trip",
        "intro": "",
        "default_lang": "en",
        "slugify": slug,
        "parse_date": lambda value: dt.datetime.fromisoformat(str(value)).replace(
            tzinfo=UTC
        ),
    }
    options.update(kwargs)
    return definition.definition_from_metadata(meta, **options)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(2, 2), ("3", 3), (" 4 ", 4), (None, None), ("", None), (1000, 1000), ("0007", 7)],
)
def test_series_index_accepts_positive_integers(raw, expected):
    assert definition.parse_series_index(raw) == (expected, None)


@pytest.mark.parametrize("raw", [0, -1, "two", 1.5, 2.0, True, "1e3", [1]])
def test_series_index_rejects_everything_else(raw):
    index, problem = definition.parse_series_index(raw)
    assert index is None
    assert "not a positive integer" in problem


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (1001, "1001"),
        ("01001", "01001"),
        (99999999999999999999999, "99999999999999999999999"),
        # int() refuses this many digits; the check never converts them.
        ("9" * 5000, "99999…9 (5000 digits)"),
    ],
)
def test_series_index_over_the_bound_is_refused(raw, shown):
    assert definition.MAX_PART_NUMBER == 1000
    assert definition.parse_series_index(raw) == (
        None,
        f"{shown} is over 1000, the highest part number",
    )


@pytest.mark.parametrize("lang", ["en", "pt-BR", "zh_Hant", "de-CH-1996", "EN"])
def test_language_codes(lang):
    assert definition.is_language_code(lang)


@pytest.mark.parametrize(
    "lang", ["", "../../escape", "en/fr", "en ", "e\n", "fr%2f", "tooooolong", "-en"]
)
def test_what_is_not_a_language_code(lang):
    assert not definition.is_language_code(lang)


@pytest.mark.parametrize(
    ("slug", "problem"),
    [
        ("trip", None),
        ("2024/trip", None),
        ("../../away", "it has a '.' or '..' part"),
        ("a/./b", "it has a '.' or '..' part"),
        ("/etc/trip", "it starts with '/'"),
        ("a\\b", "it has a backslash"),
        ("%2e%2e", "it has a '%'"),
        ("bell\x07", "it has a control character"),
    ],
)
def test_path_problems_of_a_slug(slug, problem):
    assert definition.path_problem(slug) == problem


def test_unsafe_lang_and_slug_are_refused_at_their_lines():
    found, problems = define(
        {"lang": "../../../../escape", "slug": "../up"},
        key_lines={"lang": 3, "slug": 4},
        slugify=lambda text: text,  # a site whose slugs keep dots and slashes
    )
    assert (found.lang, found.slug) == ("en", "trip")
    assert [p.format("series/trip.md") for p in problems] == [
        "series/trip.md:3:1: lang '../../../../escape' is not a language code "
        "(such as en or pt-BR); using 'en'",
        "series/trip.md:4:1: slug '../up' cannot name a file in the series folder "
        "(it has a '.' or '..' part); using 'trip'",
    ]
    kept, problems = define({"lang": "pt-BR"})
    assert (kept.lang, problems) == ("pt-BR", ())


def test_planned_part_problems_are_at_the_part():
    _, problems = define(
        {"planned": [{"title": "A", "index": 5000}, {"title": "B", "index": 1}, "C"]},
        key_lines={"planned": 3},
        node_positions={
            ("planned", 0): (4, 5),
            ("planned", 0, "index"): (5, 5),
            ("planned", 1): (6, 5),
        },
    )
    assert [p.format("s.md") for p in problems] == [
        "s.md:5:5: planned part 1: index 5000 is over 1000, the highest part "
        "number; ignoring the index",
        "s.md:6:5: planned parts 'A' and 'B' are both part 1",
    ]
    # Without a position for the part, the message is at the planned key.
    _, problems = define(
        {"planned": [{"title": "A", "index": 0}]}, key_lines={"planned": 3}
    )
    assert problems[0].format("s.md").startswith("s.md:3:1: planned part 1: index 0")


def test_definition_reads_strings_and_mappings():
    definition, problems = define(
        {
            "Title": "Europe Trip",
            "description": "Three   months\n abroad.",
            "status": "Complete",
            "planned": [
                "Planning",
                {"title": "Lisbon", "index": 2, "description": "By the river."},
                2024,
            ],
        }
    )
    assert problems == ()
    assert definition.title == "Europe Trip"
    assert definition.description == "Three months abroad."
    assert definition.status == "complete"
    assert definition.planned == (
        model.PlannedPart("Planning", None, "", "planning"),
        model.PlannedPart("Lisbon", 2, "By the river.", "lisbon"),
        model.PlannedPart("2024", None, "", "2024"),
    )
    assert planning.number_planned_parts(definition.planned) == (1, 2, 3)
    assert definition.slug == "trip"
    assert definition.lang == "en"


def test_definition_defaults_and_overrides():
    bare, problems = define({})
    assert problems == ()
    assert (bare.title, bare.status, bare.planned, bare.updated) == (
        "Trip",
        "ongoing",
        (),
        None,
    )
    custom, _ = define({"slug": "Voyage Europe", "lang": "fr", "updated": "2024-03-01"})
    assert (custom.slug, custom.lang) == ("voyage-europe", "fr")
    assert custom.updated == dt.datetime(2024, 3, 1, tzinfo=UTC)
    single, _ = define({"planned": "Only one"})
    assert [p.title for p in single.planned] == ["Only one"]


def test_definition_problems_are_warnings_and_nothing_is_dropped_silently():
    definition, problems = define(
        {
            "status": "paused",
            "updated": "not a date",
            "planned": [
                {"description": "no title"},
                {"title": "A", "index": "x"},
                {"title": "B", "index": 1},
                {"title": "C", "index": 1},
                ["nested"],
            ],
        }
    )
    messages = [p.format("series/trip.md") for p in problems]
    assert all(m.startswith("series/trip.md: ") for m in messages)
    assert any("status 'paused'" in m for m in messages)
    assert any("updated 'not a date' is not a date" in m for m in messages)
    assert any("planned part 1 has no title" in m for m in messages)
    assert any(
        "planned part 2: index 'x' is not a positive integer" in m for m in messages
    )
    assert any("'A' and 'B' are both part 1" in m for m in messages)
    assert any("'A' and 'C' are both part 1" in m for m in messages)
    assert (
        "series/trip.md: planned part 5 must be a title or a mapping, not a list; "
        "the part is skipped"
    ) in messages
    assert definition.status == "ongoing"
    assert [(p.title, p.index) for p in definition.planned] == [
        ("A", None),
        ("B", 1),
        ("C", 1),
    ]
    _, problems = define({"planned": {"title": "x"}})
    assert problems == ()
    _, problems = define({"planned": 5})
    assert "planned must be a list" in problems[0].format("series/trip.md")


def test_two_definitions_never_share_a_name():
    def defined(source, slug_, title, lang="en"):
        return model.SeriesDefinition(slug_, title, source, lang)

    found = [
        defined("series/a.md", "a", "Same"),
        defined("series/b.md", "b", "same"),
        defined("series/c.md", "c", "A"),  # its title is a's slug
        defined("series/d.md", "a", "Other"),  # a's slug again
        defined("series/e.md", "e", "Same", lang="fr"),  # another language
        defined("series/f.md", "f", "F"),  # title and slug agree: one name
    ]
    kept, problems = definition.unique_definitions(found, slug)
    assert sorted(kept) == [("en", "a"), ("en", "f"), ("fr", "e")]
    assert [problem.format(where) for where, problem in problems] == [
        "series/a.md, series/b.md: title 'Same' and title 'same' give one series "
        "name 'same', so a post could not tell them apart; using series/a.md",
        "series/a.md, series/c.md: slug 'a' and title 'A' give one series name 'a', "
        "so a post could not tell them apart; using series/a.md",
        "series/a.md, series/d.md: both define series 'a'; using series/a.md",
    ]
    assert all(problem.level == logging.WARNING for _, problem in problems)


def test_plan_fulfils_by_index_then_by_title_and_orders_parts():
    planned = (
        model.PlannedPart("Planning", 1, "", "planning"),
        model.PlannedPart("Lisbon", 2, "River.", "lisbon"),
        model.PlannedPart("Berlin", 3, "", "berlin"),
        model.PlannedPart("Lessons", None, "", "lessons"),
        model.PlannedPart("Epilogue", None, "", "epilogue"),
    )
    first = post("The route", 5, index=1)
    lisbon = post("Lisbon", 9)  # by title: takes part 2's place
    extra = post("A side trip", 3)  # no index, no promise: after indexed parts
    lessons = post("Lessons", 20)  # by title, unindexed promise: its place, 4
    plan = planning.plan_series([lessons, extra, lisbon, first], planned)
    assert [(e.number, e.title, e.is_planned) for e in plan.entries] == [
        (1, "The route", False),
        (2, "Lisbon", False),
        (3, "Berlin", True),
        (4, "Lessons", False),
        (5, "Epilogue", True),
        (6, "A side trip", False),
    ]
    assert plan.entries[1].fulfils is planned[1]
    assert plan.entries[1].description == "River."
    assert plan.entries[2].url is None
    assert plan.unplanned == (extra,)


def test_numbered_posts_come_before_unindexed_promises():
    planned = (
        model.PlannedPart("Lisbon", None, "", "lisbon"),
        model.PlannedPart("Berlin", None, "", "berlin"),
    )
    first = post("Planning the route", 1, index=1)
    plan = planning.plan_series([first], planned, "series/trip.md")
    # Only an explicit index is matched by number: "Lisbon" is not swallowed.
    assert [(e.number, e.title, e.is_planned) for e in plan.entries] == [
        (1, "Planning the route", False),
        (2, "Lisbon", True),
        (3, "Berlin", True),
    ]
    assert [p.index for p in (e.planned for e in plan.entries[1:])] == [2, 3]
    assert plan.problems == ()
    kept_by_number = planning.plan_series([post("Berlin", 2, index=1)], planned)
    assert [(e.number, e.title) for e in kept_by_number.entries] == [
        (1, "Berlin"),
        (2, "Lisbon"),
    ]


def test_promises_pushed_onto_an_index_are_reported():
    planned = (
        model.PlannedPart("Planning", None, "", "planning"),
        model.PlannedPart("Lisbon", 2, "", "lisbon"),
    )
    plan = planning.plan_series(
        [post("Paperwork", 1, index=1, source="paperwork.md")],
        planned,
        "series/trip.md",
    )
    assert [(e.number, e.title) for e in plan.entries] == [
        (1, "Paperwork"),
        (2, "Planning"),
        (2, "Lisbon"),
    ]
    assert [p.format(source) for source, p in plan.problems] == [
        "series/trip.md: planned parts 'Planning' and 'Lisbon' are both part 2, as "
        "'Planning' follows posts numbered by series_index (paperwork.md is part 1); "
        "if one of them is 'Planning', give the planned part that index"
    ]


def test_index_match_wins_over_title_match():
    planned = (model.PlannedPart("Lisbon", 2, "", "lisbon"),)
    titled = post("Lisbon", 1)
    numbered = post("Two", 2, index=2)
    plan = planning.plan_series([titled, numbered], planned)
    assert plan.entries[0].article is numbered.post
    assert plan.entries[0].fulfils is planned[0]
    assert plan.unplanned == (titled,)


def test_a_series_with_only_planned_parts():
    planned = (
        model.PlannedPart("Intro", None, "", "intro"),
        model.PlannedPart("Deep dive", 4, "", "deep-dive"),
        model.PlannedPart("Wrap-up", None, "", "wrap-up"),
    )
    plan = planning.plan_series([], planned)
    assert [(e.number, e.title) for e in plan.entries] == [
        (1, "Intro"),
        (4, "Deep dive"),
        (5, "Wrap-up"),
    ]
    assert all(e.is_planned for e in plan.entries)
    assert model.series_total(plan.entries) == 5


def test_explicit_indexes_move_the_list_order():
    planned = (
        model.PlannedPart("C", 3, "", "c"),
        model.PlannedPart("D", None, "", "d"),
        model.PlannedPart("A", 1, "", "a"),
        model.PlannedPart("B", None, "", "b"),
    )
    assert planning.number_planned_parts(planned) == (3, 4, 1, 2)
    # Numbers posts claim are skipped; a promise kept by a numbered post is pinned.
    assert planning.number_planned_parts(planned, frozenset({2, 4})) == (3, 5, 1, 3)
    assert planning.number_planned_parts(planned, frozenset({4}), {1: 4}) == (
        3,
        4,
        1,
        2,
    )
    plan = planning.plan_series([], planned)
    assert [(e.number, e.title) for e in plan.entries] == [
        (1, "A"),
        (2, "B"),
        (3, "C"),
        (4, "D"),
    ]


def test_a_post_keeps_its_series_index():
    planned = (
        model.PlannedPart("Intro", None, "", "intro"),
        model.PlannedPart("Lisbon", 3, "", "lisbon"),
    )
    second = post("Second", 1, index=2)  # the oldest post, but part 2
    loose = post("Loose", 2)
    numbered_by_title = post("Lisbon", 3, index=7, source="lisbon.md")
    plan = planning.plan_series([loose, numbered_by_title, second], planned)
    assert [(e.number, e.title, e.is_planned) for e in plan.entries] == [
        (1, "Intro", True),
        (2, "Second", False),
        (7, "Lisbon", False),
        (8, "Loose", False),
    ]
    assert plan.entries[2].fulfils is not None
    assert [p.format(source) for source, p in plan.problems] == [
        "lisbon.md: keeps the promise of planned part 'Lisbon' (part 3) by its "
        "title, but its series_index is 7; it is shown as part 7"
    ]


def test_duplicate_indexes_name_every_file():
    a, b, c = post("A", 1, 2, "a.md"), post("B", 2, 2, "b.md"), post("C", 3, 3, "c.md")
    problems = planning.duplicate_indexes([a, b, c], "Trip")
    assert [p.format(source) for source, p in problems] == [
        "a.md, b.md: these posts are all part 2 of series 'Trip'; ordering them by date"
    ]
    plan = planning.plan_series([b, c, a], ())
    assert [e.article for e in plan.entries] == [a.post, b.post, c.post]


def test_complete_series_warns_about_new_and_missing_parts():
    definition, _ = define({"status": "complete", "planned": ["One", "Two"]})
    new = post("Surprise", 3, source="surprise.md")
    plan = planning.plan_series([post("One", 1), new], definition.planned)
    messages = [
        p.format(source)
        for source, p in planning.completeness_problems(definition, plan)
    ]
    assert messages == [
        "surprise.md, series/trip.md: series 'Trip' is marked complete, but this post "
        "adds a part it does not plan; the post is still published",
        "series/trip.md: series 'Trip' is marked complete, but planned part 'Two' has "
        "no published post",
    ]
    ongoing, _ = define({"planned": ["One"]})
    assert planning.completeness_problems(ongoing, plan) == ()
    unplanned_complete, _ = define({"status": "complete"})
    assert planning.completeness_problems(unplanned_complete, plan) == ()


def make_series(parts, planned=()) -> model.Series:
    plan = planning.plan_series(parts, planned)
    return model.Series(
        slug="trip",
        title="Trip",
        lang="en",
        url="series/trip.html",
        save_as="series/trip.html",
        description="About.",
        entries=plan.entries,
        parts=tuple(e.article for e in plan.entries if e.article is not None),
        planned=tuple(e.planned for e in plan.entries if e.planned is not None),
    )


def test_navigation_is_a_pelican_series_mapping():
    one, two, three = post("One", 1, 1), post("Two", 2, 2), post("Three", 3, 4)
    series = make_series([one, two, three], (model.PlannedPart("Soon", 3, "", "soon"),))
    nav = planning.navigation(series, two.post)
    assert set(nav) >= {
        "name",
        "index",
        "all",
        "all_previous",
        "all_next",
        "previous",
        "next",
    }
    assert nav["name"] == nav.name == "Trip"
    assert nav["all"] == (one.post, two.post, three.post)
    assert nav["all_previous"] == (one.post,)
    assert nav["all_next"] == (three.post,)
    assert (nav["previous"], nav["next"]) == (one.post, three.post)
    assert (nav.index, nav.total, nav.url, nav.slug) == (
        2,
        4,
        "series/trip.html",
        "trip",
    )
    assert [p.title for p in nav.planned] == ["Soon"]
    assert nav.series is series and not nav.preview
    last = planning.navigation(series, three.post)
    assert (last.index, last.next, last.all_next) == (4, None, ())
    assert planning.navigation(series, one.post).previous is None
    with pytest.raises(KeyError):
        nav["nope"]
    assert dict(nav)["description"] == "About."


def test_next_planned_is_the_promise_right_after_the_post():
    one, two, four = post("One", 1, 1), post("Two", 2, 2), post("Four", 4, 4)
    soon = model.PlannedPart("Soon", 3, "", "soon")
    series = make_series([one, two, four], (soon,))
    assert planning.navigation(series, one.post).next_planned is None  # Two is next
    after_two = planning.navigation(series, two.post)
    assert after_two.next_planned == soon and after_two.next is four.post
    assert after_two["next_planned"].title == "Soon"
    assert planning.navigation(series, four.post).next_planned is None  # the last
    # A promise without an index gets its number in the plan: Later is part 2.
    later = model.PlannedPart("Later", None, "", "later")
    lone = make_series([one], (later,))
    nav = planning.navigation(lone, one.post)
    assert (nav.next, nav.next_planned) == (
        None,
        model.PlannedPart("Later", 2, "", "later"),
    )
    # A draft's preview: what follows it in the order it would take.
    draft = post("Draft", 3, 2)
    preview = planning.plan_series([one, draft], (soon,))
    nav = planning.navigation(
        make_series([one], (soon,)), draft.post, preview.entries, visibility="draft"
    )
    assert (nav.index, nav.next, nav.next_planned) == (2, None, soon)


def test_preview_navigation_includes_the_draft():
    one = post("One", 1, 1)
    draft = post("Two", 2, 2)
    series = make_series([one], (model.PlannedPart("Two", 2, "", "two"),))
    entries = planning.plan_series(
        [one, draft], (model.PlannedPart("Two", 2, "", "two"),)
    )
    nav = planning.navigation(series, draft.post, entries.entries, visibility="draft")
    assert nav.preview and nav.index == 2 and nav.total == 2 and nav.planned == ()
    assert not nav.unlisted
    assert nav.previous is one.post
    assert series.planned_count == 1  # the published series still promises it
    hidden = planning.navigation(
        series, draft.post, entries.entries, visibility="hidden"
    )
    assert hidden.unlisted and not hidden.preview


def test_series_order_most_recently_updated_first():
    def dated(title, day):
        when = None if day is None else dt.datetime(2024, 1, day, tzinfo=UTC)
        return model.Series(title.lower(), title, "en", "", "", updated=when)

    ordered = sorted(
        [dated("B", None), dated("Old", 1), dated("New", 9), dated("A", None)],
        key=model.series_order_key,
    )
    assert [s.title for s in ordered] == ["New", "Old", "A", "B"]
    parts = [SimpleNamespace(date=dt.datetime(2024, 1, 2, tzinfo=UTC))]
    later = dt.datetime(2024, 2, 1, tzinfo=UTC)
    assert model.latest_update(parts, later) == later
    assert model.latest_update([], None) is None


PATTERN = linking.intrasite_link_pattern("[{|](?P<what>.*?)[|}]")


def test_series_links_are_found_and_rewritten_for_pelican():
    html = (
        '<a href="{series}Europe%20Trip#part-2">a</a>'
        " <a href='|series|nope?x=1'>b</a>"
        ' <a href="{tag}python">c</a> <a href="{series}">d</a>'
    )
    links = linking.find_series_links(html, PATTERN, slug)
    assert [link.slug for link in links] == ["europe-trip", "nope", ""]
    targets = {"europe-trip": "/series/europe-trip.md", "nope": "/series/", "": None}
    rewritten = linking.rewrite_series_links(
        html, PATTERN, slug, lambda link: targets[link.slug]
    )
    assert rewritten == (
        '<a href="{filename}/series/europe-trip.md#part-2">a</a>'
        " <a href='|filename|/series/?x=1'>b</a>"
        ' <a href="{tag}python">c</a> <a href="{index}">d</a>'
    )


def test_series_links_follow_a_custom_intrasite_link_regex():
    pattern = linking.intrasite_link_pattern(r"\[\[(?P<what>.*?)\]\]")
    html = '<a href="[[series]]trip">x</a> <a href="{series}trip">y</a>'
    assert [link.slug for link in linking.find_series_links(html, pattern, slug)] == [
        "trip"
    ]
    rewritten = linking.rewrite_series_links(
        html, pattern, slug, lambda _: "/series/trip.md"
    )
    assert (
        rewritten
        == '<a href="[[filename]]/series/trip.md">x</a> <a href="{series}trip">y</a>'
    )


def test_as_list_and_fold():
    assert definition.as_list(None) == []
    assert definition.as_list("  a  b ") == ["a b"]
    assert definition.as_list(["a", "", None, "b"]) == ["a", "b"]
    assert title_from_slug("europe-trip-2") == "Europe Trip 2"
    assert model.format_url(None, "x", "en") is None
    assert model.format_url("s/{slug}-{lang}.html", "x", "fr") == "s/x-fr.html"


@given(
    indexes=st.lists(st.one_of(st.none(), st.integers(1, 6)), max_size=8),
    planned=st.lists(
        st.tuples(st.sampled_from("abcdefg"), st.one_of(st.none(), st.integers(1, 6))),
        max_size=6,
    ),
)
def test_every_part_and_open_promise_appears_once(indexes, planned):
    parts = [
        post(f"{i} {t}", i + 1, index)
        for i, (t, index) in enumerate(zip("abcdefgh", indexes, strict=False))
    ]
    promises = [model.PlannedPart(title, index, "", title) for title, index in planned]
    plan = planning.plan_series(parts, promises)
    numbers = [e.number for e in plan.entries]
    assert numbers == sorted(numbers) and all(n >= 1 for n in numbers)
    for entry in plan.entries:
        part = next((p for p in parts if p.post is entry.article), None)
        if part is not None and part.index is not None:
            assert entry.number == part.index  # series_index is the part number
    assert model.series_total(plan.entries) >= max([len(numbers), *numbers])
    published = [e.article for e in plan.entries if e.article is not None]
    assert sorted(map(id, published)) == sorted(id(p.post) for p in parts)
    kept = [e.fulfils for e in plan.entries if e.fulfils is not None]
    open_promises = [e.planned for e in plan.entries if e.planned is not None]
    titles = sorted(p.title for p in kept + open_promises)
    assert titles == sorted(p.title for p in promises)

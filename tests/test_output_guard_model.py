"""output_guard's model and postcard_core.outputs, without Pelican."""

from __future__ import annotations

import logging
import time

from hypothesis import example, given
from hypothesis import strategies as st

from pelican.plugins.output_guard.model import (
    Claim,
    Collision,
    Kind,
    find_collisions,
    parents,
)
from pelican.plugins.postcard_core.outputs import (
    PlannedOutput,
    add_planner,
    as_planned,
    is_refused,
    normalise_save_as,
    planned_outputs,
    refuse,
)


def content(path: str, order: int, source: str, **kwargs) -> Claim:
    return Claim(path, Kind.CONTENT, order=order, source=source, **kwargs)


def generated(path: str, what: str, order: int = 0) -> Claim:
    return Claim(path, Kind.GENERATED, order=order, what=what)


def lost(collisions: list[Collision]) -> list[str]:
    return [c.lost.source or c.lost.what for c in collisions]


# ------------------------------------------------------------------ rules


def test_the_first_content_keeps_the_path_whatever_the_input_order() -> None:
    a = content("blog/x.html", 0, "posts/a.md")
    b = content("blog/x.html", 1, "posts/b.md", line=4, via="permalink")
    for claims in ([a, b], [b, a]):
        (collision,) = find_collisions(claims)
        assert collision.kept is a
        assert collision.lost is b
    problem = find_collisions([a, b])[0].problem()
    assert problem.level == logging.ERROR
    assert problem.format("posts/b.md") == (
        "posts/b.md:4:1: writes blog/x.html (its permalink), which posts/a.md "
        "writes too; not written"
    )


def test_a_generated_page_wins_over_earlier_content() -> None:
    post = content("feeds/all.atom.xml", 0, "posts/a.md")
    feed = generated("feeds/all.atom.xml", "the Atom feed of all posts", order=9)
    (collision,) = find_collisions([post, feed])
    assert collision.kept is feed
    assert collision.problem().format("posts/a.md") == (
        "posts/a.md: writes feeds/all.atom.xml, which is the Atom feed of all "
        "posts; not written"
    )


def test_a_yielding_output_gives_way_to_content() -> None:
    page = content("old/index.html", 5, "pages/old.md")
    redirect = Claim(
        "old/index.html",
        Kind.YIELDING,
        source="posts/new.md",
        what="a redirect page (redirect_from)",
        line=3,
    )
    quiet = Claim("robots.txt", Kind.YIELDING, what="the robots.txt")
    robots = content("robots.txt", 6, "pages/robots.md")
    collisions = find_collisions([redirect, page, quiet, robots])
    assert [c.kept for c in collisions] == [page, robots]
    assert collisions[0].problem().format("posts/new.md") == (
        "posts/new.md:3:1: a redirect page (redirect_from) writes old/index.html, "
        "which pages/old.md writes too; not written"
    )
    assert collisions[1].problem() is None  # its plugin says what it does


def test_a_file_where_a_folder_is_needed_is_a_collision() -> None:
    feed = generated("feeds/all.atom.xml", "the feed")
    folder = content("feeds", 0, "posts/a.md", line=2, via="save_as")
    inside = content("about/index.html", 2, "pages/about.md")
    file = content("about", 1, "posts/b.md")
    collisions = find_collisions([feed, folder, inside, file])
    assert [(c.lost.source, c.folder) for c in collisions] == [
        ("posts/a.md", "feeds"),
        ("pages/about.md", "about"),
    ]
    assert collisions[0].problem().format("posts/a.md") == (
        "posts/a.md:2:1: writes feeds (its save_as), the folder of "
        "feeds/all.atom.xml, which is the feed; not written"
    )
    assert collisions[1].problem().format("pages/about.md") == (
        "pages/about.md: writes about/index.html, inside about, a file posts/b.md "
        "writes; not written"
    )


def test_two_generated_pages_at_one_path_are_a_settings_clash() -> None:
    tag = generated("x.html", "the page of tag 'x'")
    category = generated("x.html", "the page of category 'x'", order=1)
    (collision,) = find_collisions([tag, category])
    assert collision.problem() is None
    assert collision.settings_clash() == (
        "x.html: both the page of category 'x' and the page of tag 'x' write this "
        "file; change the setting (or the name) that gives one of them this path"
    )


def test_parents_are_the_folders_of_a_path() -> None:
    assert list(parents("a/b/c.html")) == ["a/b", "a"]
    assert list(parents("index.html")) == []


# ------------------------------------------------------------- the protocol


def test_save_as_is_normalised_as_the_file_system_sees_it() -> None:
    assert normalise_save_as("blog/./x//y.html") == "blog/x/y.html"
    assert normalise_save_as("a/../b.html") == "b.html"
    assert normalise_save_as("") == ""
    assert normalise_save_as("./") == ""
    assert normalise_save_as("Blog/X.html") != normalise_save_as("blog/x.html")


def test_planners_and_generator_methods_are_read_by_duck_typing() -> None:
    class Generator:
        def planned_outputs(self):
            return [("series/trip.html", "the page of series 'Trip'")]

    context: dict = {}
    add_planner(
        context, "sitemap", lambda: [PlannedOutput("sitemap.xml", "the sitemap")]
    )
    add_planner(context, "sitemap", lambda: [("sitemap.xml", "the sitemap")])
    found = list(planned_outputs([Generator(), object()], context))
    assert found == [
        PlannedOutput("series/trip.html", "the page of series 'Trip'"),
        PlannedOutput("sitemap.xml", "the sitemap"),
    ]
    assert as_planned(found[0]) is found[0]


def test_a_refused_output_is_known_by_its_normalised_path() -> None:
    context: dict = {}
    assert not is_refused(context, "robots.txt")
    refuse(context, "./robots.txt")
    assert is_refused(context, "robots.txt")


# ------------------------------------------------------------- properties

PATHS = st.lists(
    st.lists(st.sampled_from(["a", "b", "c.html"]), min_size=1, max_size=3).map(
        "/".join
    ),
    max_size=12,
)
KINDS = st.lists(st.sampled_from(list(Kind)), min_size=12, max_size=12)


@given(PATHS, KINDS)
@example(["a", "a/b", "a/b/c.html", "a"], [Kind.CONTENT] * 12)
@example(["a/b", "a"], [Kind.CONTENT, Kind.GENERATED] + [Kind.CONTENT] * 10)
def test_every_claim_is_kept_or_lost_once_and_kept_paths_fit_one_tree(
    paths: list[str], kinds: list[Kind]
) -> None:
    claims = [
        Claim(path, kinds[n], order=n, source=f"s{n}") for n, path in enumerate(paths)
    ]
    collisions = find_collisions(claims)
    lost_ids = [id(c.lost) for c in collisions]
    assert len(lost_ids) == len(set(lost_ids))
    kept = [claim for claim in claims if id(claim) not in set(lost_ids)]
    kept_paths = {claim.path for claim in kept}
    assert len(kept_paths) == len(kept)  # no two kept claims share a file
    for claim in kept:  # no kept file is a folder of another kept file
        assert not any(folder in kept_paths for folder in parents(claim.path))
    for collision in collisions:  # a claim only ever loses to a better one
        assert collision.kept.rank < collision.lost.rank
        assert id(collision.kept) not in set(lost_ids)


def _seconds(count: int) -> float:
    claims = [
        content(f"posts/{n % (count // 2)}/index.html", n, f"posts/{n}.md")
        for n in range(count)
    ]
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        find_collisions(claims)
        best = min(best, time.perf_counter() - started)
    return best


def test_the_check_grows_linearly_with_the_site() -> None:
    # Half the claims collide: a loop over pairs would be 100 times slower
    # for ten times the claims; a dict stays near 10.
    small, large = _seconds(4_000), _seconds(40_000)
    assert large < 30 * small, (small, large)
    assert large < 2.0

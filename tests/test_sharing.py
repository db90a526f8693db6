"""Share images, the model: which pages get one, what it shows, where it goes,
what is stale, and the image paths that are refused. No Pelican build."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from pelican.plugins.description_cards.head import content_head, listing_head
from pelican.plugins.description_cards.model import (
    ELLIPSIS,
    climbs_out,
    make_card,
    make_site,
    resolve_image_link,
    site_path,
)
from pelican.plugins.description_cards.share_image import HEIGHT, WIDTH, ShareCard
from pelican.plugins.description_cards.sharing import (
    DEFAULT_FOLDER,
    SharePlan,
    gets_share_image,
    glyph_check,
    home_share_card,
    image_folder,
    share_card_for,
    share_image,
    share_series_label,
    stale_files,
    text_direction,
    with_share_image,
)
from pelican.plugins.postcard_core.attached import SeriesRef

WHEN = datetime(2024, 5, 21, 7, 0, tzinfo=timezone(timedelta(hours=-7)))
SITE = make_site(
    name="Notes from the Road",
    site_url="https://postcard.example.org/",
    description="Conferences, code and working abroad.",
    subtitle=None,
    locale="en_US",
    lang="en",
)


def card(**values):
    defaults = {
        "site": SITE,
        "kind": "article",
        "title": "PyCon US",
        "path": "pycon-us.html",
        "description": "A Python Developer's Conference in Pittsburgh, PA",
        "date": WHEN,
        "date_text": "May 21, 2024",
    }
    return make_card(**{**defaults, **values})


# --- what a share image shows ------------------------------------------------------


def test_a_post_s_share_card_is_drawn_from_its_card():
    share = share_card_for(card(), SITE)
    assert share == ShareCard(
        site_name="Notes from the Road",
        title="PyCon US",
        description="A Python Developer's Conference in Pittsburgh, PA",
        date_text="May 21, 2024",
        lang="en",
        direction="ltr",
    )


def test_the_description_is_cut_at_a_word_as_meta_tags_show_it():
    words = "Four days of talks, open spaces and sprints in a city of bridges " * 5
    share = share_card_for(card(description=words), SITE)
    assert share.description.endswith(ELLIPSIS)
    assert len(share.description) <= SITE.max_length
    kept = share.description.removesuffix(ELLIPSIS).split()
    assert words.split()[: len(kept)] == kept


def test_a_page_shows_no_date():
    assert share_card_for(card(kind="page"), SITE).date_text == ""


@pytest.mark.parametrize(
    ("series", "label"),
    [
        (
            SeriesRef("Europe Trip", index=2, total=4, linked=True),
            "Part 2 of 4 · Europe Trip",
        ),
        (SeriesRef("Europe Trip", index=2), "Part 2 · Europe Trip"),
        (SeriesRef("Europe Trip"), "Europe Trip"),
        (SeriesRef("Europe Trip", index=0, total=-1), "Europe Trip"),
        (None, ""),
    ],
)
def test_the_series_label(series, label):
    made = card(series=series)
    assert share_series_label(made) == label
    assert share_card_for(made, SITE).series_label == label


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("PyCon US", "ltr"),
        ("כנס פייתון", "rtl"),
        ("2024: مؤتمر بايثون", "rtl"),  # digits have no direction of their own
        ("Ένα ταξίδι", "ltr"),
        ("«PyCon» כנס", "ltr"),  # the first letter decides
        ("", "ltr"),
    ],
)
def test_the_direction_follows_the_title_s_first_letter(text, direction):
    assert text_direction(text) == direction


def test_the_home_card_shows_the_site_under_its_address():
    share = home_share_card(SITE)
    assert share.site_name == "postcard.example.org"
    assert share.title == "Notes from the Road"
    assert share.description == "Conferences, code and working abroad."
    assert share.stamp == "Notes from the Road"  # its initial, as on every post
    assert share.date_text == share.series_label == ""


def test_which_pages_get_one():
    assert gets_share_image(card(), has_own_image=False)
    assert gets_share_image(card(kind="page"), has_own_image=False)
    assert not gets_share_image(card(), has_own_image=True)
    assert not gets_share_image(card(draft=True), has_own_image=False)
    assert not gets_share_image(card(title=""), has_own_image=False)


# --- where it goes and what the head says -----------------------------------------


def test_the_card_points_at_its_image_with_size_and_alt():
    made = card()
    image = share_image(SITE, "images/share", "share-" + "a" * 20 + ".png", made.title)
    shared = with_share_image(made, image)
    assert shared.image == (
        "https://postcard.example.org/images/share/share-" + "a" * 20 + ".png"
    )
    head = content_head(shared, SITE)
    assert head.image == shared.image
    assert (head.image_width, head.image_height) == (WIDTH, HEIGHT) == (1200, 630)
    assert head.image_alt == "PyCon US"
    assert head.twitter_card == "summary_large_image"
    assert '"image": "https://postcard.example.org/images/share/' in head.json_ld


def test_only_the_home_page_shows_the_home_image():
    image = share_image(SITE, "images/share", "share-" + "b" * 20 + ".png", SITE.name)
    with_home = replace(SITE, home_image=image)
    home = listing_head(with_home, path="index.html", is_home=True)
    assert home.image == image.url and home.image_width == 1200
    assert home.image_alt == "Notes from the Road"
    assert image.url in home.json_ld
    tag = listing_head(with_home, path="tag/python.html", title="Python")
    assert tag.image == "" and tag.image_width == 0


@pytest.mark.parametrize(
    ("value", "folder"),
    [
        ("images/share", "images/share"),
        ("cards/", "cards"),
        ("/cards", DEFAULT_FOLDER),
        ("../outside", DEFAULT_FOLDER),
        ("a/../../outside", DEFAULT_FOLDER),
        ("..\\outside", DEFAULT_FOLDER),
        ("", DEFAULT_FOLDER),
        (".", DEFAULT_FOLDER),
        ("what?x", DEFAULT_FOLDER),
        (None, DEFAULT_FOLDER),
    ],
)
def test_the_images_folder_stays_inside_the_output(value, folder):
    got, why = image_folder(value)
    assert got == folder
    assert bool(why) == (folder != value.rstrip("/") if value else True)


def test_a_plan_holds_each_file_once():
    plan = SharePlan("images/share")
    one = ShareCard("Site", "One")
    assert plan.add("share-1.png", one) == "images/share/share-1.png"
    plan.add("share-1.png", one)
    plan.add("share-2.png", ShareCard("Site", "Two"))
    assert list(plan.cards) == ["images/share/share-1.png", "images/share/share-2.png"]
    assert plan.names == {"share-1.png", "share-2.png"}


def test_only_the_plugin_s_own_files_are_ever_stale():
    keep = "share-" + "0" * 20 + ".png"
    old = "share-" + "f" * 20 + ".png"
    partial = f".{old}.1234.tmp"
    others = ["photo.png", "share-logo.png", "share-" + "0" * 19 + ".png", "x.tmp"]
    assert stale_files([keep, old, partial, *others], {keep}) == [partial, old]


# --- fonts that lack glyphs --------------------------------------------------------


def test_a_title_the_font_cannot_draw_gets_no_image_and_one_problem():
    share = ShareCard("Site", "Ένα ταξίδι", "Greek", "May 1, 2024")
    missing = set(share.title) - {" "}
    drawn, problem = glyph_check(share, missing, "FONT_SETTING")
    assert drawn is None
    assert "FONT_SETTING" in problem.message
    assert " ".join(sorted(missing)) in problem.message
    assert "no share image" in problem.message


def test_symbols_the_font_lacks_are_left_out_with_one_problem():
    share = ShareCard("Site", "Launch day 🎉", "We shipped 🎉 at last", "May 1")
    drawn, problem = glyph_check(share, {"🎉"}, "FONT_SETTING")
    assert drawn == replace(share, title="Launch day", description="We shipped at last")
    assert "left out" in problem.message and "FONT_SETTING" in problem.message
    assert glyph_check(share, set(), "FONT_SETTING") == (share, None)


# --- image paths that are refused (issue 14) ----------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "../../../etc/passwd",
        "/images/../../etc/passwd",
        "%2e%2e/%2e%2e/etc/passwd",
        "..%2F..%2Fetc/passwd",
        "..\\..\\etc\\passwd",
        "images/../../secret.png",
    ],
)
def test_an_image_path_that_climbs_out_of_the_site_is_refused(path):
    assert climbs_out(path)
    assert site_path(path) == ""
    image, why = resolve_image_link(path, "", lambda source: None)
    assert image is None
    assert why == f"image {path!r} climbs out of the site's root"


@pytest.mark.parametrize(
    "path", ["javascript:alert(1)", "data:image/png;base64,AAAA", "file:///etc/passwd"]
)
def test_an_image_url_of_another_scheme_is_refused(path):
    image, why = resolve_image_link(path, "", lambda source: None)
    assert image is None
    assert "neither an http(s) URL nor a path in the site" in why


@pytest.mark.parametrize(
    "path", ["images/../photo.png", "/images/./photo.png", "photo.png?v=../../x"]
)
def test_paths_that_stay_inside_are_kept(path):
    assert not climbs_out(path)
    assert resolve_image_link(path, "", lambda source: None)[0] == {
        "path": path,
        "alt": "",
    }

"""Share images in real builds: the demo and a quickstart site with notmyidea,
rebuilds that draw nothing, edits that draw one, stale files, fonts, settings,
and image paths that must never reach a page or a feed."""

from __future__ import annotations

import io
import json
import logging
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
import yaml
from PIL import Image
from sitebuilder import EXAMPLE_SITE, BuiltSite, build_site, meta, run_pelican

from pelican.plugins import postcard
from pelican.plugins.description_cards.sharing import shown_when_shared

SITE = "https://example.com"
FOLDER = "images/share"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_dejavu = pytest.mark.skipif(
    not DEJAVU.is_file(), reason="fonts-dejavu-core is not installed"
)


def png_bytes(colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), colour).save(out, format="PNG")
    return out.getvalue()


def one(soup, key: str) -> str:
    values = meta(soup, key)
    assert len(values) == 1, (key, values)
    return values[0]


def json_ld(soup) -> dict:
    (script,) = soup.find_all("script", attrs={"type": "application/ld+json"})
    return json.loads(script.string)


def served(output: Path, url: str) -> Path:
    """The output file an absolute URL of the site is served from."""
    assert url.startswith(SITE + "/"), url
    return output / urlsplit(url).path.lstrip("/")


def share_image_of(site: BuiltSite, page: str) -> str:
    """Check ``page``'s head points at one share image drawn in the output: a
    1200×630 palette PNG; return its URL."""
    soup = site.soup(page)
    url = one(soup, "og:image")
    assert url.startswith(f"{SITE}/{FOLDER}/share-"), (page, url)
    path = served(site.output, url)
    with Image.open(path) as image:
        assert image.format == "PNG", page
        assert image.size == (1200, 630), page
        assert image.mode == "P", page
    assert path.stat().st_size <= 60 * 1024, page
    assert one(soup, "og:image:width") == "1200"
    assert one(soup, "og:image:height") == "630"
    assert one(soup, "og:image:alt") == one(soup, "og:title")
    assert one(soup, "twitter:card") == "summary_large_image"
    assert one(soup, "twitter:image") == url
    assert json_ld(soup)["image"] == url
    return url


def drawn_files(output: Path, folder: str = FOLDER) -> dict[str, tuple[int, int]]:
    """Every share image in the output, with what changes when it is written
    again (its inode and modification time): two equal snapshots mean nothing
    was drawn in between."""
    root = output / folder
    if not root.is_dir():
        return {}
    return {
        path.name: (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in root.iterdir()
    }


def drawn_count(site: BuiltSite) -> int:
    """How many images the build says it drew."""
    (line,) = [m for m in site.infos if "share images in" in m]
    return int(line.split(": ", 2)[2].split(" drawn")[0])


# --- the demo ------------------------------------------------------------------------


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) or {}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> BuiltSite:
    root = tmp_path_factory.mktemp("demo")
    shutil.copytree(EXAMPLE_SITE / "content", root / "content")
    from pelican.settings import get_settings_from_file

    conf = get_settings_from_file(str(EXAMPLE_SITE / "pelicanconf.py"))
    settings = {k: v for k, v in conf.items() if k.isupper()}
    for key in ("PATH", "OUTPUT_PATH", "THEME", "FEED_DOMAIN"):
        settings.pop(key, None)
    settings.update(SITEURL=SITE, RELATIVE_URLS=False)
    return build_site(root, settings=settings, theme=postcard.THEME)


def test_every_demo_post_and_page_without_an_image_has_one_drawn(demo):
    assert demo.errors == [] and demo.warnings == []
    # The demo's posts are named as Jekyll names them: YYYY-MM-DD-slug.md.
    sources = {
        f"{path.stem[11:]}.html": path
        for path in sorted((demo.content / "posts").glob("*.md"))
    }
    sources["about/index.html"] = demo.content / "pages" / "about.md"
    urls = set()
    for page, source in sources.items():
        header = front_matter(source)
        if header.get("published") is False:
            assert not demo.exists(page), page  # a draft, written elsewhere
            continue
        if header.get("image") and not header["image"]["path"].endswith(".svg"):
            # A post with an image of its own keeps it.
            soup = demo.soup(page)
            own = f"{SITE}{header['image']['path']}"
            assert one(soup, "og:image") == own
            assert json_ld(soup)["image"] == own
            assert one(soup, "og:image:alt") == header["image"]["alt"]
            assert meta(soup, "og:image:width") == []
            continue
        urls.add(share_image_of(demo, page))
    urls.add(share_image_of(demo, "index.html"))
    # One image per page (the home page included, and the post whose own image
    # is an SVG, which no network shows), and nothing else drawn: no image for
    # the draft.
    assert len(urls) == len(drawn_files(demo.output)) == 12


def test_the_demo_pycon_image_shows_its_card(demo):
    url = share_image_of(demo, "pycon-us.html")
    data = served(demo.output, url).read_bytes()
    from pelican.plugins.description_cards.share_image import (
        ShareCard,
        draw_share_image,
    )

    expected = ShareCard(
        site_name="Notes from the Road",
        title="PyCon US",
        description="A Python Developer's Conference in Pittsburgh, PA",
        date_text="May 21, 2024",
        lang="en",
    )
    assert data == draw_share_image(expected)


def test_the_demo_draft_and_listings_get_no_share_image(demo):
    (draft,) = (demo.output / "drafts").glob("*.html")
    soup = demo.soup(draft.relative_to(demo.output).as_posix())
    assert meta(soup, "og:image") == []
    for page in ("tag/python.html", "series/europe-trip.html", "archives.html"):
        assert meta(demo.soup(page), "og:image") == [], page


# --- a quickstart site with notmyidea ------------------------------------------

QUICKSTART = {
    "first.md": "Title: First post\nDate: 2024-03-01 10:00\nTags: python\n"
    "Description: The first words.\n\nHello.\n",
    "second.md": "Title: Second post\nDate: 2024-03-02 10:00\n"
    "Image: {static}/images/photo.png\nDescription: With a photo.\n\nAgain.\n",
    "hidden.md": "Title: Hidden\nDate: 2024-03-04\nStatus: hidden\n\nShh.\n",
    "draft.md": "Title: Draft\nDate: 2024-03-03\nStatus: draft\n\nNot yet.\n",
    "pages/about.md": "Title: About\n\nAbout me.\n",
}


def quickstart(root: Path, files=None, **settings) -> BuiltSite:
    return build_site(
        root,
        {**QUICKSTART, "images/photo.png": png_bytes(), **(files or {})},
        {"SITEURL": SITE, **settings},
    )


def test_a_quickstart_site_on_notmyidea_gets_injected_share_images(tmp_path):
    site = quickstart(tmp_path)
    assert site.errors == [] and site.warnings == []
    urls = {
        share_image_of(site, page)
        for page in ("first-post.html", "hidden.html", "pages/about.html", "index.html")
    }
    assert len(urls) == 4
    assert set(drawn_files(site.output)) == {url.rsplit("/", 1)[1] for url in urls}
    second = site.soup("second-post.html")
    assert one(second, "og:image") == f"{SITE}/images/photo.png"
    assert meta(second, "og:image:width") == []
    draft = site.soup("drafts/draft.html")
    assert meta(draft, "og:image") == []
    assert drawn_count(site) == 4


def test_a_rebuild_of_an_unchanged_site_draws_nothing(tmp_path):
    first = quickstart(tmp_path)
    before = drawn_files(first.output)
    again = quickstart(tmp_path)
    assert drawn_files(again.output) == before
    assert drawn_count(again) == 0
    assert share_image_of(again, "first-post.html") == share_image_of(
        first, "first-post.html"
    )


def test_with_the_content_cache_a_rebuild_draws_nothing_either(tmp_path):
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    cache["CACHE_PATH"] = str(tmp_path / "cache")
    first = quickstart(tmp_path, **cache)
    url = share_image_of(first, "first-post.html")
    before = drawn_files(first.output)
    again = quickstart(tmp_path, **cache)
    assert drawn_files(again.output) == before
    assert share_image_of(again, "first-post.html") == url


def test_a_changed_description_gets_a_new_image_and_url(tmp_path):
    site = quickstart(tmp_path)
    old_url = share_image_of(site, "first-post.html")
    old_bytes = served(site.output, old_url).read_bytes()
    before = drawn_files(site.output)
    edited = QUICKSTART["first.md"].replace("The first words.", "Other words.")
    site = quickstart(tmp_path, {"first.md": edited})
    new_url = share_image_of(site, "first-post.html")
    assert new_url != old_url
    assert served(site.output, new_url).read_bytes() != old_bytes
    after = drawn_files(site.output)
    old_name, new_name = old_url.rsplit("/", 1)[1], new_url.rsplit("/", 1)[1]
    # The old image is gone, the new one drawn, every other one left untouched.
    assert set(after) == set(before) - {old_name} | {new_name}
    assert {n: after[n] for n in after if n != new_name} == {
        n: before[n] for n in before if n != old_name
    }
    assert drawn_count(site) == 1


def test_turned_off_no_image_and_none_left_behind(tmp_path):
    site = quickstart(tmp_path)
    assert drawn_files(site.output)
    (site.output / FOLDER / "photo.png").write_bytes(png_bytes())  # not ours
    site = quickstart(tmp_path, DESCRIPTION_CARDS_IMAGES=False)
    assert set(drawn_files(site.output)) == {"photo.png"}
    assert meta(site.soup("first-post.html"), "og:image") == []
    assert one(site.soup("first-post.html"), "twitter:card") == "summary"


def test_without_siteurl_nothing_is_drawn_and_the_note_says_why(tmp_path):
    site = quickstart(tmp_path, SITEURL="")
    assert not (site.output / FOLDER).exists()
    for page in ("first-post.html", "index.html", "pages/about.html"):
        assert meta(site.soup(page), "og:image") == [], page
        assert "image" not in json_ld(site.soup(page)), page
    (note,) = [m for m in site.infos if "SITEURL is not set" in m]
    assert "no share image is drawn" in note


def test_a_folder_of_one_s_own_and_a_folder_outside_the_output(tmp_path):
    site = quickstart(tmp_path / "own", DESCRIPTION_CARDS_IMAGES_PATH="social/")
    url = share_image_of_folder(site, "first-post.html", "social")
    assert served(site.output, url).is_file()
    outside = quickstart(tmp_path / "out", DESCRIPTION_CARDS_IMAGES_PATH="../up")
    (error,) = outside.errors
    assert "DESCRIPTION_CARDS_IMAGES_PATH '../up'" in error and FOLDER in error
    assert share_image_of(outside, "first-post.html")
    assert not (tmp_path / "out" / "up").exists()


def share_image_of_folder(site: BuiltSite, page: str, folder: str) -> str:
    url = one(site.soup(page), "og:image")
    assert url.startswith(f"{SITE}/{folder}/share-"), url
    return url


# --- fonts ------------------------------------------------------------------------

GREEK = {
    "posts/greek.md": "---\ntitle: Ένα ταξίδι στην Αθήνα\ndate: 2024-05-01\n"
    "description: Καφές και κώδικας.\n---\n\nΚείμενο.\n",
    "posts/plain.md": "---\ntitle: Plain\ndate: 2024-05-02\n"
    "description: Launch day 🎉 at last.\n---\n\nText.\n",
}


def test_a_title_the_default_font_lacks_gets_one_warning_and_no_image(tmp_path):
    site = build_site(tmp_path, GREEK, {"SITEURL": SITE, "ARTICLE_PATHS": ["posts"]})
    greek = [w for w in site.warnings if "greek.md" in w]
    assert len(greek) == 1
    assert "DESCRIPTION_CARDS_IMAGE_FONT" in greek[0]
    assert "no share image" in greek[0]
    assert greek[0].startswith("posts/greek.md: ")
    assert meta(site.soup("ena-taxidi-sten-athena.html"), "og:image") == []
    # An emoji the font lacks is left out of an image that is still drawn.
    (plain,) = [w for w in site.warnings if "plain.md" in w]
    assert "🎉" in plain and "left out" in plain
    assert share_image_of(site, "plain.html")
    assert len(site.warnings) == 2


@needs_dejavu
def test_a_font_with_the_glyphs_draws_the_title(tmp_path):
    site = build_site(
        tmp_path,
        GREEK,
        {
            "SITEURL": SITE,
            "ARTICLE_PATHS": ["posts"],
            "DESCRIPTION_CARDS_IMAGE_FONT": str(DEJAVU),
        },
    )
    assert not [w for w in site.warnings if "greek.md" in w]
    share_image_of(site, "ena-taxidi-sten-athena.html")


def test_a_font_setting_that_is_no_font_is_one_warning(tmp_path):
    files = {"fonts/not-a-font.ttf": b"nothing like a font"}
    cases = [
        ("missing.ttf", "is not a file"),
        ("fonts/not-a-font.ttf", "is not a font Pillow reads"),  # relative to PATH
    ]
    for number, (value, why) in enumerate(cases):
        site = quickstart(
            tmp_path / str(number), files, DESCRIPTION_CARDS_IMAGE_FONT=value
        )
        (warning,) = site.warnings
        assert f"DESCRIPTION_CARDS_IMAGE_FONT {value!r} {why}" in warning
        assert "built-in font" in warning
        share_image_of(site, "first-post.html")


# --- image paths that never reach a page or a feed (issue 14) ---------------------

HOSTILE = {
    "climb.md": "../../../etc/passwd",
    "encoded.md": "%2e%2e/%2e%2e/etc/passwd",
    "script.md": "javascript:alert(1)",
    "file.md": "file:///etc/passwd",
}
HOSTILE_CONF = f"""
SITENAME = "Hostile"
SITEURL = "{SITE}"
PATH = "content"
TIMEZONE = "UTC"
PLUGINS = ["postcard"]
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
"""


def test_hostile_image_paths_are_refused_with_file_and_line(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "pelicanconf.py").write_text(HOSTILE_CONF, encoding="utf-8")
    for number, (name, image) in enumerate(HOSTILE.items()):
        (site / "content" / name).write_text(
            f"---\ntitle: Post {number}\ndate: 2024-01-0{number + 1}\n"
            f"description: Post {number}.\nimage: '{image}'\n---\n\nBody.\n",
            encoding="utf-8",
        )
    output = site / "output"
    result = run_pelican(
        site,
        "content",
        "-s",
        "pelicanconf.py",
        "-o",
        str(output),
        "--log-handler",
        "plain",
    )
    log = result.stdout + result.stderr
    assert "CRITICAL" not in log and "Traceback" not in log
    for name, image in HOSTILE.items():
        why = (
            "climbs out of the site's root"
            if "passwd" in image and "file:" not in image
            else "is neither an http(s) URL nor a path in the site"
        )
        expected = f"{name}:5:1: image {image!r} {why}; the card uses its share image"
        assert len([line for line in log.splitlines() if expected in line]) == 1, (
            expected,
            log,
        )
    for number in range(len(HOSTILE)):
        page = BuiltSite(output=output, content=site / "content")
        url = share_image_of(page, f"post-{number}.html")
        assert url  # the share image, not the refused path
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        parsed = feedparser.parse(str(output / feed))
        assert not parsed.bozo, feed
        assert len(parsed.entries) == len(HOSTILE)
    for path in output.rglob("*"):
        if path.suffix in (".html", ".xml", ".txt", ".json"):
            text = path.read_text(encoding="utf-8")
            assert "passwd" not in text and "javascript:" not in text, path


def test_a_hostile_default_image_is_refused_too(tmp_path):
    site = quickstart(
        tmp_path,
        DESCRIPTION_CARDS_IMAGES=False,
        DESCRIPTION_CARDS_DEFAULT_IMAGE="../../secret.png",
    )
    (warning,) = site.warnings
    assert warning.startswith(
        "DESCRIPTION_CARDS_DEFAULT_IMAGE: image '../../secret.png'"
    )
    assert "climbs out" in warning
    for page in ("first-post.html", "index.html"):
        assert meta(site.soup(page), "og:image") == [], page
    assert logging.ERROR not in {r.levelno for r in site.records}


# --- output_guard: the images are outputs of the build like any other -------------


def test_a_file_where_the_images_folder_goes_keeps_its_place(tmp_path):
    page = "Title: Shares\nSave_as: images/share\nURL: images/share\n\nA page.\n"
    site = quickstart(tmp_path, {"pages/shares.md": page})
    assert site.errors == []
    (warning,) = site.warnings
    assert "share image(s) not drawn" in warning
    assert "DESCRIPTION_CARDS_IMAGES_PATH" in warning
    assert (site.output / FOLDER).is_file()  # the page, as written
    for name in ("first-post.html", "index.html", "pages/about.html"):
        assert meta(site.soup(name), "og:image") == [], name
        assert one(site.soup(name), "twitter:card") == "summary", name


def test_a_post_output_guard_leaves_out_gets_no_image(tmp_path):
    # A page where a post is: output_guard settles it once every file is read,
    # after the page's card (and its image) were planned.
    twin = "Title: Twin\nSave_as: first-post.html\n\nTwin.\n"
    site = quickstart(tmp_path, {"pages/twin.md": twin})
    assert [e for e in site.errors if "twin.md" in e]
    urls = {
        share_image_of(site, page)
        for page in ("first-post.html", "hidden.html", "pages/about.html", "index.html")
    }
    # Nothing drawn for the post that is not written.
    assert set(drawn_files(site.output)) == {url.rsplit("/", 1)[1] for url in urls}


def test_a_part_of_a_series_shows_its_place_in_it(tmp_path):
    files = {
        "posts/one.md": "---\ntitle: Planning\ndescription: Part one.\n"
        "date: 2024-11-02\nseries: Europe Trip\nseries_index: 1\n---\n\nBody.\n",
        "posts/two.md": "---\ntitle: Trains\ndescription: Part two.\n"
        "date: 2024-11-09\nseries: Europe Trip\nseries_index: 2\n---\n\nBody.\n",
        "series/europe-trip.md": "---\ntitle: Europe Trip\n---\n",
    }
    site = build_site(tmp_path, files, {"SITEURL": SITE, "ARTICLE_PATHS": ["posts"]})
    assert site.errors == [] and site.warnings == []
    from pelican.plugins.description_cards.share_image import (
        ShareCard,
        draw_share_image,
    )

    url = share_image_of(site, "trains.html")
    expected = ShareCard(
        site_name="Test Site",
        title="Trains",
        description="Part two.",
        date_text="Sat 09 November 2024",  # Pelican's default date format
        series_label="Part 2 of 2 · Europe Trip",
    )
    assert served(site.output, url).read_bytes() == draw_share_image(expected)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://x.org/a.png", True),
        ("/images/photo.JPG?v=2", True),
        ("/images/map.svg", False),
        ("https://x.org/map.SVG#top", False),
        ("/images/map.svgz?x=1", False),
        ("/images/svg/photo.webp", True),
    ],
)
def test_an_svg_is_no_image_for_sharing(url: str, shown: bool) -> None:
    assert shown_when_shared(url) is shown

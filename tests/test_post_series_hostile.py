"""post_series against hostile or careless definitions and posts, in real builds.

Each bad value is one message naming the file and its line, the value is
ignored, and the rest of the site (series pages, feeds, theme files) is built.
"""

from __future__ import annotations

import logging
from pathlib import Path

import feedparser
from sitebuilder import BuiltSite, build_site, run_pelican, write_files

PLUGINS = ["front_matter", "post_series"]
SETTINGS = {"RELATIVE_URLS": True}


def yaml_post(title: str, date: str, **fields: str) -> str:
    """A post with YAML front matter: title on line 2, date on 3, then ``fields``."""
    lines = ["---", f"title: {title}", f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join([*lines, "---", "", "Body.", ""])


def series_parts(site: BuiltSite, page: str) -> list[tuple[str, str, str]]:
    """(number, kind, title) of each part on a series page of the fallback."""
    parts = site.soup(page).select("ol.series-parts > li[value]")
    return [
        (
            li["value"],
            "planned" if "series-part-planned" in li["class"] else "published",
            li.select_one(".series-part-title").get_text(strip=True),
        )
        for li in parts
    ]


def at_least_warnings(site: BuiltSite) -> list[logging.LogRecord]:
    """Every record at WARNING or above but Pelican's note about feed URLs."""
    return [
        record
        for record in site.records
        if record.levelno >= logging.WARNING
        and not record.getMessage().startswith("Feeds generated")
    ]


# --- values that reach a path ----------------------------------------------------

CONF = """\
from pelican.plugins import postcard

PATH = "content"
PLUGINS = ["postcard"]
THEME = postcard.THEME
TIMEZONE = "UTC"
SITEURL = "https://example.org"
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
"""


def test_an_unsafe_lang_is_refused_at_its_line_and_the_site_builds(tmp_path: Path):
    site = tmp_path / "site"
    write_files(
        site,
        {
            "content/series/trip.md": (
                "---\ntitle: Trip\nlang: '../../../../escape'\nplanned: [Later]\n---\n"
            ),
            "content/posts/one.md": yaml_post("One", "2024-01-01", series="Trip"),
            "pelicanconf.py": CONF,
        },
    )
    result = run_pelican(
        site, "content", "-s", "pelicanconf.py", "-o", "output", check=False
    )
    printed = result.stdout + result.stderr
    assert result.returncode == 0, printed
    assert "CRITICAL" not in printed and "Traceback" not in printed
    assert (
        "series/trip.md:3:1: lang '../../../../escape' is not a language code "
        "(such as en or pt-BR); using 'en'"
    ) in printed
    built = BuiltSite(output=site / "output", content=site / "content")
    page = built.soup("series/trip.html")
    assert page.find("h1").get_text(strip=True) == "Trip"
    assert [h.get_text(strip=True) for h in page.select("ol.cards .card__title")] == [
        "Later",
        "One",
    ]
    assert built.exists("theme/css/postcard.css")
    feed = feedparser.parse((built.output / "feeds/series/trip.atom.xml").read_bytes())
    assert not feed.bozo and [entry.title for entry in feed.entries] == ["One"]
    assert list(tmp_path.rglob("*escape*")) == []


def test_a_post_lang_never_places_a_series_page(site_root: Path):
    """A post's ``lang`` names its series' page: one that is no language code
    would put the page elsewhere in the output (here over the series index).
    front_matter ignores it first, so the post is in the site's language."""
    settings = {
        **SETTINGS,
        "ARTICLE_LANG_SAVE_AS": "{slug}.html",
        "ARTICLE_LANG_URL": "{slug}.html",
    }
    files = {
        "one.md": yaml_post("One", "2024-01-01", series="Trip", lang="'../../index'"),
        "two.md": yaml_post("Two", "2024-01-02", series="Trip"),
    }
    site = build_site(site_root, files, settings, plugins=PLUGINS)
    assert [r.getMessage() for r in at_least_warnings(site)] == [
        "one.md:5:1: 'lang' '../../index' is not a language code (such as en or "
        "pt-BR); ignored"
    ]
    index = site.soup("series/index.html")
    assert [a.get_text(strip=True) for a in index.select(".series-index-name a")] == [
        "Trip"
    ]
    assert series_parts(site, "series/trip.html") == [
        ("1", "published", "One"),
        ("2", "published", "Two"),
    ]
    assert site.exists("one.html")


def test_a_slug_that_climbs_out_is_refused(site_root: Path):
    """A site whose slug rules keep dots and slashes still never writes a series
    page outside the series folder."""
    settings = {**SETTINGS, "SLUG_REGEX_SUBSTITUTIONS": [(r"\s+", "-")]}
    files = {
        "series/trip.md": "---\ntitle: Trip\nslug: ../../../away\n---\n",
        "p.md": yaml_post("P", "2024-01-01", series="../../../away"),
    }
    site = build_site(site_root, files, settings, plugins=PLUGINS)
    assert [r.getMessage() for r in at_least_warnings(site)] == [
        "series/trip.md:3:1: slug '../../../away' cannot name a file in the series "
        "folder (it has a '.' or '..' part); using 'trip'",
        "p.md:4:1: series name '../../../away' gives the slug '../../../away', which "
        "cannot name a file in the series folder (it has a '.' or '..' part); the "
        "post is in no series",
    ]
    assert series_parts(site, "series/trip.html") == []
    assert site.exists("p.html")
    assert list(site_root.rglob("away*")) == []


# --- part numbers ----------------------------------------------------------------


def test_unreasonable_part_numbers_are_warnings_and_ignored(site_root: Path):
    definition = (
        "---\ntitle: Trip\nplanned:\n  - title: Far\n"
        "    index: 99999999999999999999\n  - Near\n---\n"
    )
    files = {
        "series/trip.md": definition,
        "huge.md": yaml_post(
            "Huge", "2024-01-03", series="Trip", series_index="99999999999999999999999"
        ),
        "top.md": yaml_post("Top", "2024-01-04", series="Trip", series_index="1000"),
        # Pelican's own metadata reads the index as text: far too many digits for int().
        "digits.md": (
            f"Title: Digits\nDate: 2024-01-05\nSeries: Trip\nSeries_index: {'9' * 5000}"
            "\n\nBody.\n"
        ),
    }
    site = build_site(site_root, files, SETTINGS, plugins=PLUGINS)
    assert [r.getMessage() for r in at_least_warnings(site)] == [
        "series/trip.md:5:5: planned part 1: index 99999999999999999999 is over "
        "1000, the highest part number; ignoring the index",
        "digits.md: series_index 99999…9 (5000 digits) is over 1000, the highest "
        "part number; the post is ordered by date",
        "huge.md:5:1: series_index 99999999999999999999999 is over 1000, the highest "
        "part number; the post is ordered by date",
    ]
    assert all(r.levelno == logging.WARNING for r in at_least_warnings(site))
    assert series_parts(site, "series/trip.html") == [
        ("1", "planned", "Far"),
        ("2", "planned", "Near"),
        ("1000", "published", "Top"),
        ("1001", "published", "Huge"),
        ("1002", "published", "Digits"),
    ]
    progress = site.soup("series/trip.html").select_one(".series-progress")
    assert progress.get_text(strip=True) == "3 parts out, 2 coming soon"


# --- two definitions, one name ---------------------------------------------------


def test_titles_with_one_slug_keep_the_first_definition(site_root: Path):
    files = {
        "series/a.md": "---\ntitle: Same\nplanned: [First plan]\n---\n",
        "series/b.md": "---\ntitle: same\nplanned: [Second plan]\n---\n",
        "p.md": yaml_post("Upper", "2024-01-01", series="Same"),
        "q.md": yaml_post("Lower", "2024-01-02", series="same"),
    }
    site = build_site(site_root, files, SETTINGS, plugins=PLUGINS)
    assert [r.getMessage() for r in at_least_warnings(site)] == [
        "series/a.md, series/b.md: title 'Same' and title 'same' give one series "
        "name 'same', so a post could not tell them apart; using series/a.md"
    ]
    assert series_parts(site, "series/a.html") == [
        ("1", "planned", "First plan"),
        ("2", "published", "Upper"),
        ("3", "published", "Lower"),
    ]
    assert not site.exists("series/b.html")
    index = site.soup("series/index.html")
    assert [a.get_text(strip=True) for a in index.select(".series-index-name a")] == [
        "Same"
    ]


def test_a_title_that_is_another_series_slug_keeps_the_first(site_root: Path):
    files = {
        "series/alpha.md": "---\ntitle: Beta\n---\n",
        "series/beta.md": "---\ntitle: Something else\n---\n",
    }
    site = build_site(site_root, files, SETTINGS, plugins=PLUGINS)
    assert [r.getMessage() for r in at_least_warnings(site)] == [
        "series/alpha.md, series/beta.md: title 'Beta' and slug 'beta' give one "
        "series name 'beta', so a post could not tell them apart; using "
        "series/alpha.md"
    ]
    assert site.exists("series/alpha.html") and not site.exists("series/beta.html")


# --- lines of planned parts --------------------------------------------------------


def test_problems_with_a_planned_part_point_at_its_line(site_root: Path):
    definition = """\
        ---
        title: Trip
        planned:
          - One
          - title: [x]
          - title: Three
            index: -2
          - description: no title
          - title: Four
            description: [a]
          - title: Five
            index: 1
          - [nested]
        ---
        """
    site = build_site(
        site_root, {"series/trip.md": definition}, SETTINGS, plugins=PLUGINS
    )
    assert [(r.levelname, r.getMessage()) for r in at_least_warnings(site)] == [
        (
            "ERROR",
            'series/trip.md:5:5: planned part 2: "title" must be text, not a list; '
            "the part is skipped",
        ),
        (
            "WARNING",
            "series/trip.md:7:5: planned part 3: index -2 is not a positive "
            "integer; ignoring the index",
        ),
        ("WARNING", "series/trip.md:8:5: planned part 4 has no title; skipping it"),
        (
            "ERROR",
            'series/trip.md:10:5: planned part 5: "description" must be text, '
            "not a list; ignored",
        ),
        (
            "WARNING",
            "series/trip.md:11:5: planned parts 'One' and 'Five' are both part 1",
        ),
        (
            "ERROR",
            "series/trip.md:13:5: planned part 7 must be a title or a mapping, "
            "not a list; the part is skipped",
        ),
    ]
    assert [title for _, _, title in series_parts(site, "series/trip.html")] == [
        "One",
        "Five",
        "Three",
        "Four",
    ]

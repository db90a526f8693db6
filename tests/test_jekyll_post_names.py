"""One reading of a post's file name everywhere: ``2024-02-30-x`` is March 1st
(Ruby's ``Time.parse`` rolls over, so Jekyll does) and ``99-1-5-x`` is
1999-01-05, in a plain Pelican site (the file name's date and slug, and
``{% post_url %}``), in a Jekyll site's files, and built through JEKYLL_SITE
next to ``jekyll build``."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from hypothesis import example, given
from hypothesis import strategies as st
from jekyll_reference import jekyll_build, output_files, pelican_messages
from pelican.settings import DEFAULT_CONFIG
from sitebuilder import build_site, run_pelican, write_files

from pelican.plugins.jekyll.rules.file_names import (
    READABLE_FILENAME_METADATA,
    filename_metadata,
)
from pelican.plugins.jekyll.site.config import read_config
from pelican.plugins.jekyll.site.files import classify_site

DEFAULT = DEFAULT_CONFIG["FILENAME_METADATA"]
NAMES = ("2024-02-30-rollover.md", "99-1-5-last-century.md", "2017-2-5-unpadded.md")
# The day Jekyll gives each, and the slug.
DAYS = {
    "rollover": "2024-03-01",
    "last-century": "1999-01-05",
    "unpadded": "2017-02-05",
}


ARTICLE = {
    "article.html": '<time datetime="{{ article.date.isoformat() }}"></time>'
    "{{ article.content }}"
}


def test_a_plain_pelican_site_reads_them_as_jekyll(tmp_path: Path) -> None:
    files = {f"posts/{name}": "---\ntags: [t]\n---\nText.\n" for name in NAMES}
    files["posts/links.md"] = """
        ---
        title: Links
        date: 2024-06-01
        ---
        [a]({% post_url 2024-03-01-rollover %})
        [b]({% post_url 2024-02-30-rollover %})
        [c]({% post_url 1999-01-05-last-century %})
        [d]({% post_url 99-1-5-last-century %})
        """
    site = build_site(
        tmp_path, files, plugins=["front_matter", "jekyll"], templates=ARTICLE
    )
    assert site.errors == []
    for slug, day in DAYS.items():
        soup = site.soup(f"{slug}.html")
        assert soup.find("time")["datetime"].startswith(day), slug
    links = site.soup("links.html")
    hrefs = [a["href"] for a in links.find_all("a") if a.get_text() in "abcd"]
    assert hrefs == ["/rollover.html"] * 2 + ["/last-century.html"] * 2


def _tree(root: Path) -> None:
    config = {
        "title": "Names",
        "timezone": "UTC",
        "permalink": "/:year/:month/:day/:title/",
    }
    files = {"_config.yml": yaml.safe_dump(config)}
    files |= {f"_posts/{name}": "---\n---\nText.\n" for name in NAMES}
    write_files(root, files)


def test_a_jekyll_sites_files_are_posts(tmp_path: Path) -> None:
    _tree(tmp_path)
    # A dated name is a post even where Jekyll cannot read the date (it stops).
    write_files(tmp_path, {"_posts/2024-13-01-no-month.md": "---\n---\n"})
    write_files(tmp_path, {"_posts/2024-1-1.md": "---\n---\n"})
    files = classify_site(read_config(tmp_path))
    names = [*NAMES, "2024-13-01-no-month.md"]
    assert [post.path for post in files.posts] == sorted(f"_posts/{n}" for n in names)
    skipped = {s.path: s.reason for s in files.skipped}
    assert skipped["_posts/2024-1-1.md"] == (
        "not a post: the name is not YYYY-MM-DD-title.ext"
    )


def test_through_jekyll_site_as_jekyll_builds_them(tmp_path: Path) -> None:
    for side in ("jekyll", "pelican"):
        _tree(tmp_path / side)
    # Jekyll stops on this one; Pelican says so and dates it by the file.
    write_files(tmp_path / "pelican", {"_posts/2024-13-01-bad.md": "---\n---\n"})
    contract = "from pelican.plugins import postcard\nPLUGINS = ['postcard']\n"
    contract += "THEME = postcard.THEME\nJEKYLL_SITE = '.'\n"
    (tmp_path / "pelican/pelicanconf.py").write_text(contract, "utf-8")
    theme = tmp_path / "theme"
    write_files(theme / "templates", ARTICLE)
    jekyll = jekyll_build(tmp_path / "jekyll", tmp_path / "_site")
    result = run_pelican(
        tmp_path / "pelican", "-s", "pelicanconf.py", "-o", "out", "-t", str(theme)
    )
    log = result.stdout + result.stderr
    assert "ERROR" not in log
    warnings = pelican_messages(log, "WARNING")
    assert (
        "_posts/2024-13-01-bad.md: the file name's date 2024-13-01 is not a date "
        "(Jekyll stops here); the header's date, else the file's modification "
        "time, is used"
    ) in warnings
    expected = {
        f"{day.replace('-', '/')}/{slug}/index.html" for slug, day in DAYS.items()
    }
    assert expected <= output_files(jekyll)
    pelican_files = output_files(tmp_path / "pelican/out")
    assert expected <= pelican_files
    for path in expected:
        soup = BeautifulSoup(
            (tmp_path / "pelican/out" / path).read_text(), "html.parser"
        )
        assert soup.select_one("time")["datetime"][:10] == path[:10].replace("/", "-")


@given(
    st.integers(0, 9999),
    st.integers(0, 13),
    st.integers(0, 32),
    st.text("ab-", max_size=3),
)
@example(2024, 2, 29, "")
@example(1900, 2, 29, "")
@example(2000, 2, 29, "-x")
@example(0, 1, 1, "")
def test_pelicans_file_name_date_is_left_to_jekyll_where_python_cannot_read_it(
    year: int, month: int, day: int, rest: str
) -> None:
    text = f"{year:04d}-{month:02d}-{day:02d}{rest}"
    try:
        datetime.date(year, month, day)
    except ValueError:
        readable = False
    else:
        readable = True
    match = re.match(READABLE_FILENAME_METADATA, text)
    assert (match is not None) is readable
    if match is not None:
        assert match.group("date") == text[:10]
    assert filename_metadata("(?P<slug>.*)", DEFAULT) == "(?P<slug>.*)"
    assert filename_metadata(DEFAULT, DEFAULT) == READABLE_FILENAME_METADATA

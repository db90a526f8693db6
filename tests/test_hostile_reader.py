"""Hostile headers and bodies cost one message naming the file, never the site.

Each case builds a real site through the bundle; the feeds must still parse,
every other post must still be there, and no traceback reaches the log.
"""

from __future__ import annotations

import logging
from pathlib import Path

import feedparser
import pytest
from sitebuilder import BuiltSite, build_site, run_pelican, write_files

GOOD = "---\ntitle: Still here\ndate: 2024-01-01\n---\nFine.\n"
SETTINGS = {"SITEURL": "https://example.org", "FEED_DOMAIN": "https://example.org"}


def build_beside_a_good_post(
    tmp_path: Path, post: str, name: str = "posts/bad.md"
) -> BuiltSite:
    return build_site(tmp_path, {name: post, "posts/good.md": GOOD}, SETTINGS)


def feed_titles(site: BuiltSite) -> list[str]:
    data = (site.output / "feeds" / "all.atom.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.bozo_exception
    return [entry.title for entry in parsed.entries]


def about(site: BuiltSite, source: str) -> list[str]:
    return [m for m in site.warnings + site.errors if m.startswith(source)]


@pytest.mark.parametrize(
    ("field", "escape"),
    [
        ("title", "\\x07"),
        ("description", "\\x07"),
        ("title", "\\uFFFE"),
        ("author", "\\x1b"),
        ("tags", "\\x00"),
    ],
)
def test_escaped_control_characters_are_removed_with_a_warning(
    tmp_path: Path, field: str, escape: str
) -> None:
    value = f'"bell{escape} value"'
    post = f"---\ntitle: Bad\ndate: 2024-01-02\n{field}: {value}\n---\nBody\n"
    if field == "title":
        post = f"---\ntitle: {value}\ndate: 2024-01-02\n---\nBody\n"
    site = build_beside_a_good_post(tmp_path, post)
    messages = about(site, "posts/bad.md")
    assert len(messages) == 1, messages
    assert "control character" in messages[0]
    titles = feed_titles(site)
    assert "Still here" in titles
    assert len(titles) == 2


def test_a_nul_byte_in_a_body_is_removed_with_its_line(tmp_path: Path) -> None:
    site = build_beside_a_good_post(
        tmp_path, "---\ntitle: Nul\ndate: 2024-01-02\n---\nok\nnul \0 here\n"
    )
    messages = about(site, "posts/bad.md")
    assert [m.split(": ")[0] for m in messages] == ["posts/bad.md:6:5"]
    assert sorted(feed_titles(site)) == ["Nul", "Still here"]
    text = site.soup("nul.html").get_text()
    assert "nul  here" in text


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "https://evil.example/x.html", "../../../escape.html"],
)
def test_a_url_off_the_site_is_refused(tmp_path: Path, url: str) -> None:
    post = f"---\ntitle: Link\ndate: 2024-01-02\nurl: '{url}'\n---\nBody\n"
    site = build_beside_a_good_post(tmp_path, post)
    messages = about(site, "posts/bad.md:4:1")
    assert len(messages) == 1 and "'url'" in messages[0], messages
    feed = feedparser.parse((site.output / "feeds" / "all.atom.xml").read_bytes())
    links = [entry.link for entry in feed.entries]
    assert all(link.startswith("https://example.org/") for link in links), links


def test_a_percent_encoded_climb_in_a_permalink_is_refused(tmp_path: Path) -> None:
    permalink = "/%2e%2e/%2e%2e/enc.html"
    post = f"---\ntitle: Enc\ndate: 2024-01-02\npermalink: {permalink}\n---\nB\n"
    site = build_beside_a_good_post(tmp_path, post)
    messages = about(site, "posts/bad.md:4:1")
    assert len(messages) == 1 and "permalink" in messages[0], messages
    assert not (site.output / "%2e%2e").exists()
    assert site.exists("enc.html")


def test_tags_that_give_no_file_name_are_dropped(tmp_path: Path) -> None:
    post = (
        "---\ntitle: Party\ndate: 2024-01-02\ntags: ['!!!', '🎉', '...', ok]\n---\nB\n"
    )
    site = build_beside_a_good_post(tmp_path, post)
    ours = about(site, "posts/bad.md:4:1")
    assert len(ours) == 1 and "'!!!'" in ours[0], ours
    # one message for it: Pelican's own "Unable to generate valid slug" is ours
    assert not [w for w in site.warnings if "valid slug" in w], site.warnings
    assert not (site.output / "tag" / ".html").exists()
    assert site.exists("tag/ok.html")


def test_an_impossible_date_in_a_file_name_is_read_as_jekyll_reads_it(
    tmp_path: Path,
) -> None:
    # Jekyll (Ruby's Time.parse) rolls February 30th over to March 1st.
    site = build_beside_a_good_post(
        tmp_path, "---\ntitle: Bad day\n---\nB\n", "posts/2024-02-30-bad.md"
    )
    assert site.errors == []
    assert sorted(feed_titles(site)) == ["Bad day", "Still here"]
    published = site.soup("bad.html").find("abbr", class_="published")
    assert published["title"].startswith("2024-03-01")


def test_an_impossible_date_in_a_file_name_says_why(tmp_path: Path) -> None:
    # Without Jekyll's file names, Pelican's own reading stops on it.
    files = {"posts/2024-02-30-bad.md": "---\ntitle: Bad day\n---\nB\n"}
    files["posts/good.md"] = GOOD
    site = build_site(tmp_path, files, {**SETTINGS, "JEKYLL_FILE_NAMES": False})
    assert site.errors == [
        "posts/2024-02-30-bad.md: the date in the file name (2024-02-30) is not a "
        "date ('2024-02-30' is not a valid date); rename the file or fix the date"
    ]
    assert feed_titles(site) == ["Still here"]


def test_a_set_as_header_is_an_error_with_its_line(tmp_path: Path) -> None:
    site = build_beside_a_good_post(tmp_path, "---\n!!set {a, b}\n---\nB\n")
    assert site.errors == [
        "posts/bad.md:2:1: front matter must be a mapping of keys to values "
        "(key: value)"
    ]


def test_fatal_warnings_stop_without_a_traceback(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "content/posts/bad.md": (
                '---\ntitle: "bell\\x07"\ndate: 2024-01-02\n---\nB\n'
            ),
            "pelicanconf.py": (
                "PLUGINS = ['postcard']\nPATH = 'content'\nTIMEZONE = 'UTC'\n"
                "SITEURL = 'https://example.org'\nFEED_DOMAIN = SITEURL\n"
            ),
        },
    )
    result = run_pelican(
        tmp_path,
        "-s",
        "pelicanconf.py",
        "-o",
        "output",
        "--fatal",
        "warnings",
        check=False,
    )
    printed = result.stdout + result.stderr
    assert result.returncode != 0
    assert "posts/bad.md:2:1" in printed
    assert "Traceback" not in printed


def test_a_read_error_names_the_file_name_date_only_when_it_is_no_date() -> None:
    from pelican.plugins.front_matter.log_filter import CleanReadErrors

    def reason(path: str, error: Exception) -> str:
        record = logging.LogRecord(
            "pelican",
            logging.ERROR,
            "",
            0,
            "Could not process %s\n%s",
            (path, error),
            None,
        )
        CleanReadErrors().filter(record)
        return record.getMessage()

    assert "is not a date" in reason(
        "posts/2024-02-30-x.md", ValueError("day is out of range")
    )
    assert reason("posts/2024-01-03-x.md", ValueError("bad toc")) == (
        "posts/2024-01-03-x.md: bad toc"
    )

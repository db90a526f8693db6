"""JEKYLL_SITE with the real ``pelican`` command: what the build log says, which
settings win, where the site is, and what happens to what Pelican cannot build.
No Jekyll needed (test_jekyll_site.py compares with Jekyll itself)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jekyll_reference import output_files, pelican_messages
from pelican import Pelican
from pelican.settings import read_settings
from sitebuilder import build_site, isolated_signals, run_pelican, write_files

CONTRACT = """\
from pelican.plugins import postcard
PLUGINS = ["postcard"]
THEME = postcard.THEME
JEKYLL_SITE = "."
"""
CONFIG = "title: Tiny\ntimezone: UTC\n"
POST = "---\ntitle: Hello\n---\nHello.\n"


def site(root: Path, files: dict[str, str], settings: str = CONTRACT) -> Path:
    write_files(root, {"_config.yml": CONFIG, "pelicanconf.py": settings, **files})
    return root


def pelican(root: Path, *extra: str) -> tuple[int, str]:
    """Run the contract's command in ``root``: its exit status and its log."""
    result = run_pelican(root, "-s", "pelicanconf.py", "-o", "out", *extra, check=False)
    return result.returncode, result.stdout + result.stderr


def ours(log: str, level: str) -> list[str]:
    """The records at ``level``, less Pelican's two about settings, which it
    logs before any plugin runs."""
    pelicans = ("Feeds generated without SITEURL", "No timezone information")
    return [m for m in pelican_messages(log, level) if not m.startswith(pelicans)]


def outputs(root: Path) -> set[str]:
    return {f for f in output_files(root / "out") if not f.startswith("theme/")}


def test_a_broken_config_is_one_error_and_nothing_is_written(tmp_path: Path) -> None:
    root = site(tmp_path, {"_posts/2024-01-01-a.md": POST})
    (root / "_config.yml").write_text("title: x\npermalink: [unclosed\n", "utf-8")
    code, log = pelican(root)
    assert code == 1
    errors = ours(log, "ERROR")
    assert len(errors) == 1 and errors[0].startswith("_config.yml:3:1: invalid YAML")
    assert ours(log, "CRITICAL") == [] and "Traceback" not in log
    assert not (root / "out").exists()


def test_a_missing_config_file_is_one_error(tmp_path: Path) -> None:
    settings = CONTRACT + 'JEKYLL_CONFIG = ["_config.yml", "_config.prod.yml"]\n'
    root = site(tmp_path, {"_posts/2024-01-01-a.md": POST}, settings)
    code, log = pelican(root)
    assert code == 1
    assert ours(log, "ERROR") == [
        "_config.prod.yml: no such configuration file (JEKYLL_CONFIG); nothing built"
    ]
    assert "Traceback" not in log


def test_several_config_files_merge_in_order(tmp_path: Path) -> None:
    settings = CONTRACT + 'JEKYLL_CONFIG = ["_config.yml", "_config.prod.yml"]\n'
    files = {
        "_posts/2024-01-01-a.md": POST,
        "_config.prod.yml": "permalink: /posts/:title/\nplugins: [jekyll-feed]\n",
    }
    root = site(tmp_path, files, settings)
    code, log = pelican(root)
    assert code == 0, log
    assert outputs(root) == {"posts/a/index.html", "feed.xml"}


def test_jekyll_site_is_relative_to_the_settings_file(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    write_files(blog, {"_config.yml": CONFIG, "_posts/2024-01-01-a.md": POST})
    conf = tmp_path / "elsewhere" / "conf"
    write_files(conf, {"pelicanconf.py": CONTRACT.replace('"."', '"../../blog"')})
    result = run_pelican(tmp_path, "-s", str(conf / "pelicanconf.py"), "-o", "out")
    assert result.returncode == 0
    assert (tmp_path / "out" / "2024" / "01" / "01" / "a.html").is_file()


def test_a_setting_written_in_pelicanconf_wins(tmp_path: Path) -> None:
    settings = CONTRACT + (
        'SITENAME = "Mine"\n'
        "CACHE_CONTENT = False\n"  # Pelican's default, written: it still wins
        "FEED_ALL_ATOM = None\n"
        'ARTICLE_URL = "{slug}.html"\n'  # only Jekyll's own URL is used per post
    )
    files = {"_posts/2024-01-01-a.md": POST}
    root = site(tmp_path, files, settings)
    (root / "_config.yml").write_text("title: Theirs\nplugins: [jekyll-feed]\n")
    code, log = pelican(root)
    assert code == 0, log
    assert outputs(root) == {"2024/01/01/a.html"}
    soup = BeautifulSoup((root / "out/2024/01/01/a.html").read_text(), "html.parser")
    assert soup.find("meta", property="og:site_name")["content"] == "Mine"
    assert not (root / "cache").exists()


def test_the_build_log_says_what_was_taken(tmp_path: Path) -> None:
    files = {
        "_config.yml": CONFIG
        + "plugins: [jekyll-feed, jekyll-redirect-from]\npermalink: pretty\n",
        "_posts/2024-01-01-a.md": POST,
        "_posts/2024-01-02-b.md": "---\nredirect_from: [/old/, /older/]\n---\nB\n",
        "_drafts/c.md": POST,
        "about.md": "---\ntitle: About\n---\nAbout.\n",
        "assets/x.css": "a{}",
        "CNAME": "example.org\n",
    }
    root = site(tmp_path, files)
    code, log = pelican(root, "--verbose")
    assert code == 0, log
    [summary] = [m for m in ours(log, "INFO") if m.startswith("Jekyll site ")]
    assert summary == (
        f"Jekyll site {root} (_config.yml): 2 posts, 1 draft (not published: "
        "show_drafts is off), 1 page, 2 static files, 2 redirects; permalink "
        "/:categories/:year/:month/:day/:title/; timezone UTC; feed feed.xml"
    )


def test_what_pelican_cannot_build_is_named_in_one_warning(tmp_path: Path) -> None:
    files = {
        "_config.yml": CONFIG + "collections:\n  recipes: {output: true}\n",
        "_posts/2024-01-01-a.md": POST,
        "_posts/2024-01-02-b.textile": "---\ntitle: B\n---\nh1. B\n",
        "assets/main.scss": "---\n---\n@import 'base';\n",
        "robots.txt": "---\n---\nSitemap: {{ site.url }}/sitemap.xml\n",
        "_recipes/soup.md": "---\ntitle: Soup\n---\nSoup.\n",
        "archive.html": "---\n---\n{% for post in site.posts %}{{ post.title }}"
        "{% endfor %}\n",
    }
    root = site(tmp_path, files)
    code, log = pelican(root)
    assert code == 0, log
    [warning] = ours(log, "WARNING")
    assert warning.startswith("5 Jekyll files not built as Jekyll builds them: ")
    for shown in (
        "_posts/2024-01-02-b.textile: a .textile post with Liquid: Pelican builds "
        "only Markdown and HTML",
        "_recipes/soup.md: a document of the collection 'recipes': Pelican does "
        "not build collections",
        "archive.html: lists posts in Liquid; Pelican's archives, at archive.html",
        "assets/main.scss: Sass: Pelican does not compile it",
        "robots.txt: a .txt page with Liquid",
    ):
        assert shown in warning, shown
    assert outputs(root) == {"2024/01/01/a.html", "archive.html"}


def test_an_unreadable_date_gives_way_to_the_file_name(tmp_path: Path) -> None:
    files = {"_posts/2020-01-01-when.md": "---\ntitle: When\ndate: unknown\n---\nX\n"}
    root = site(tmp_path, files)
    code, log = pelican(root)
    assert code == 0, log
    assert ours(log, "WARNING") == [
        "_posts/2020-01-01-when.md:3:1: 'date' cannot be read as a date: "
        "'unknown'; the file name's date (2020-01-01) is used"
    ]
    assert outputs(root) == {"2020/01/01/when.html"}


def test_a_changed_config_is_not_hidden_by_the_content_cache(tmp_path: Path) -> None:
    root = site(tmp_path, {"_posts/2024-01-01-a.md": POST})
    assert pelican(root)[0] == 0
    assert (root / "cache").is_dir()  # Pelican's content cache is on
    assert outputs(root) == {"2024/01/01/a.html"}
    (root / "_config.yml").write_text(CONFIG + "permalink: /p/:title/\n", "utf-8")
    assert pelican(root, "--delete-output-directory")[0] == 0
    assert outputs(root) == {"p/a/index.html"}
    assert pelican(root, "--delete-output-directory")[0] == 0  # from the cache
    assert outputs(root) == {"p/a/index.html"}


# --- the jekyll hook outside JEKYLL_SITE -----------------------------------------


def test_outside_a_jekyll_site_a_bad_date_gives_way_to_the_file_name(
    tmp_path: Path,
) -> None:
    files = {
        "posts/2016-07-19-optional.md": (
            "---\ntitle: Optional\ndate: 2016-07-19 (optional)\n---\nX\n"
        ),
        "posts/no-date-in-name.md": "---\ntitle: Lost\ndate: unknown\n---\nX\n",
    }
    built = build_site(tmp_path, files, {"ARTICLE_PATHS": ["posts"]})
    assert [w for w in built.warnings if w.startswith("posts/")] == [
        "posts/2016-07-19-optional.md:3:1: 'date' cannot be read as a date: "
        "'2016-07-19 (optional)'; the file name's date (2016-07-19) is used"
    ]
    assert built.exists("optional.html")
    # Without a date in its name a post still cannot be dated: Pelican's error.
    assert any(
        "no-date-in-name.md:3:1: 'date' is not a date" in e for e in built.errors
    )


def test_a_second_run_of_one_pelican_reads_the_site_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pelican --autoreload runs one Pelican again and again.
    root = site(tmp_path, {"_posts/2024-01-01-a.md": POST})
    monkeypatch.chdir(root)
    with isolated_signals():
        settings = read_settings(
            str(root / "pelicanconf.py"), override={"OUTPUT_PATH": str(root / "out")}
        )
        builder = Pelican(settings)
        builder.run()
        assert outputs(root) == {"2024/01/01/a.html"}
        write_files(root, {"_posts/2024-01-02-b.md": POST, "about.md": POST})
        builder.run()
    assert outputs(root) == {"2024/01/01/a.html", "2024/01/02/b.html", "about.html"}


def test_a_site_with_jekyll_redirect_from_has_its_redirects_json(
    tmp_path: Path,
) -> None:
    # jekyll-redirect-from writes redirects.json even with no redirect at all.
    config = CONFIG + "plugins: [jekyll-redirect-from]\nredirect_from: yes\n"
    root = site(tmp_path, {"_config.yml": config, "_posts/2024-01-01-a.md": POST})
    code, log = pelican(root)
    assert code == 0, log
    assert (root / "out/redirects.json").read_text("utf-8") == "{}"
    assert ours(log, "WARNING") == [
        "_config.yml:4:1: 'redirect_from' should be a mapping (json: false), "
        "not a boolean; ignored"
    ]

"""A Jekyll site's configuration and front matter defaults, against Jekyll 4.3.

Jekyll's own ``Jekyll.configuration`` and ``FrontmatterDefaults#all`` (through
Ruby) are the reference for merged config files and for defaults.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from jekyll_reference import require_jekyll

from pelican.plugins.jekyll.site.config import (
    DEFAULT_EXCLUDES,
    pelican_settings,
    read_config,
)
from pelican.plugins.jekyll.site.defaults import defaults_for
from pelican.plugins.postcard_core.problems import FrontMatterError

BASE = """\
title: My blog
url: https://example.org/
baseurl: /blog/
timezone: Europe/Paris
lang: en_US
author:
  name: Ada
  email: ada@example.org
twitter:
  username: "@ada"
paginate: 5
permalink: pretty
exclude: [drafts-old/, Gemfile]
plugins: [jekyll-feed, jekyll-seo-tag, jekyll-paginate]
feed:
  path: /atom.xml
  categories: [news]
collections: [recipes]
Custom_Key: {nested: [1, 2]}
description: ~
"""

OVERRIDE = """\
title: My blog (dev)
url: ~
exclude: [tmp]
custom_key: second
defaults:
  - values: {everywhere: yes}
  - scope: {path: ""}
    values: {layout: default, meta: {a: 1}}
  - scope: {path: "_posts", type: posts}
    values: {layout: post, meta: {b: 2}}
  - scope: {path: "docs", type: pages}
    values: {layout: doc}
  - scope: {path: "docs/api"}
    values: {layout: api, toc: true}
  - scope: {path: "/docs"}
    values: {slashed: true}
  - scope: {path: "docs/*/intro.md"}
    values: {intro: true}
  - scope: {type: drafts}
    values: {draft_default: true}
  - scope: {type: post}
    values: {old_type: true}
  - scope: {path: "_recipes"}
    values: {kind: recipe}
  - scope: {path: "nope"}
"""


def jekyll_ruby(root: Path, script: str, *args: str) -> object:
    """Run Ruby with Jekyll loaded in ``root``; the script prints JSON last."""
    require_jekyll()
    result = subprocess.run(
        ["ruby", "-rjekyll", "-rjson", "-e", script, str(root), *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("config") / "site"
    for path in (
        "_posts/2024-01-01-a.md",
        "_drafts/b.md",
        "docs/api/x.md",
        "docs/guide/intro.md",
        "about.md",
        "_recipes/soup.md",
    ):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("---\n---\n", "utf-8")
    (root / "_config.yml").write_text(BASE, "utf-8")
    (root / "_config.dev.yml").write_text(OVERRIDE, "utf-8")
    return root


CONFIG_SCRIPT = """
c = Jekyll.configuration("source" => ARGV[0], "quiet" => true,
  "config" => ARGV[1].split(","))
puts JSON.generate(c.reject { |k, _| %w(source destination).include?(k) })
"""


def test_merged_config_is_jekylls(site: Path) -> None:
    files = ["_config.yml", "_config.dev.yml"]
    jekyll = jekyll_ruby(site, CONFIG_SCRIPT, ",".join(files))
    config = read_config(site, files)
    raw = json.loads(json.dumps(dict(config.raw), default=str))
    raw.pop("destination", None)
    for override in ("config", "quiet"):  # what the reference run itself set
        jekyll.pop(override)
        raw.pop(override, None)
    assert raw == jekyll
    assert config.title == "My blog (dev)"
    # A null in a later file keeps the earlier value, as Jekyll's deep merge does.
    assert config.url == "https://example.org"
    assert config.exclude == ("tmp", *DEFAULT_EXCLUDES)
    assert (
        config.collections["posts"]["permalink"]
        == "/:categories/:year/:month/:day/:title/"
    )


def test_typed_values(site: Path) -> None:
    config = read_config(site)
    assert config.site_url == "https://example.org/blog"
    assert config.author_name == "Ada"
    assert config.twitter_username == "ada"
    assert config.lang == "en_US"
    assert config.paginate == 5
    assert config.description == ""
    assert config.feed.path == "/atom.xml"
    assert config.feed.categories == ("news",)
    assert config.jekyll_plugins == {"jekyll-feed", "jekyll-seo-tag", "jekyll-paginate"}
    assert config.raw["Custom_Key"] == {"nested": [1, 2]}  # keys keep their case


def test_pelican_settings(site: Path) -> None:
    settings = pelican_settings(read_config(site), site)
    assert settings["SITENAME"] == "My blog"
    assert settings["SITEURL"] == "https://example.org/blog"
    assert settings["TIMEZONE"] == "Europe/Paris"
    assert settings["AUTHOR"] == "Ada"
    assert settings["TWITTER_USERNAME"] == "ada"
    assert settings["DEFAULT_PAGINATION"] == 5
    assert settings["PAGINATION_PATTERNS"][1] == (
        2,
        "page{number}/",
        "page{number}/index.html",
    )
    assert settings["FEED_ALL_ATOM"] == "atom.xml"
    assert settings["CATEGORY_FEED_ATOM"] == "feed/{slug}.xml"
    assert settings["TAG_FEED_ATOM"] is None
    assert settings["AUTHOR_SAVE_AS"] == settings["CATEGORY_SAVE_AS"] == ""
    assert settings["WITH_FUTURE_DATES"] is False
    assert settings["DIRECT_TEMPLATES"] == ["index"]


def test_no_jekyll_feed_means_no_feeds(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: x\n")
    settings = pelican_settings(read_config(tmp_path), tmp_path)
    assert settings["FEED_ALL_ATOM"] is None
    assert settings["DEFAULT_PAGINATION"] is False


DEFAULTS_SCRIPT = """
c = Jekyll.configuration("source" => ARGV[0], "quiet" => true,
  "config" => ["_config.yml", "_config.dev.yml"])
c["plugins"] = []  # jekyll-paginate is not installed; defaults need no plugin
s = Jekyll::Site.new(c)
puts JSON.generate(JSON.parse(ARGV[1]).map { |path, type|
  s.frontmatter_defaults.all(path, type.to_sym) })
"""

CASES = [
    ("_posts/2024-01-01-a.md", "posts"),
    ("_drafts/b.md", "posts"),
    ("docs/api/x.md", "pages"),
    ("docs/guide/intro.md", "pages"),
    ("about.md", "pages"),
    ("_recipes/soup.md", "recipes"),
    ("docs/api/x.md", "drafts"),
]


def test_defaults_are_jekylls(site: Path) -> None:
    jekyll = jekyll_ruby(site, DEFAULTS_SCRIPT, json.dumps(CASES))
    config = read_config(site, ["_config.yml", "_config.dev.yml"])
    ours = [defaults_for(config, path, kind) for path, kind in CASES]
    assert json.loads(json.dumps(ours)) == jekyll
    assert ours[2]["layout"] == "api"  # the longer path wins
    assert "slashed" not in ours[2]  # Jekyll never matches a scope "/docs"
    assert ours[3]["intro"] is True  # a glob scope
    assert ours[0]["meta"] == {"a": 1, "b": 2}  # values merge


def test_plugins_nothing_stands_in_for_are_one_warning(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text(
        "title: x\nplugins:\n  - jekyll-feed\n  - jekyll-archives\n  - jemoji\n"
    )
    config = read_config(tmp_path)
    assert config.plugins == ("jekyll-feed", "jekyll-archives", "jemoji")
    assert [p.format(source) for source, p in config.problems] == [
        "_config.yml:2:1: no stand-in for the Jekyll plugins jekyll-archives, "
        "jemoji: what they made is not built"
    ]


def test_missing_config_uses_defaults(tmp_path: Path) -> None:
    config = read_config(tmp_path)
    assert config.permalink == "date"
    assert config.include == (".htaccess",)
    assert config.exclude == DEFAULT_EXCLUDES
    assert [p.message for _, p in config.problems] == [
        "no _config.yml: Jekyll's defaults apply"
    ]


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("title: x\nbad: [1, 2\n", "_config.yml:3:1", "invalid YAML"),
        ("title: x\nexclude: notes\n", "_config.yml:2:1", "'exclude' must be a list"),
        ("- a\n- b\n", "_config.yml:1:1", "must be a mapping"),
        ("title: !!python/object:os.system x\n", "_config.yml:1:8", "unsafe"),
        ("a: &x [*x]\n", "_config.yml:1:", "alias"),
    ],
)
def test_broken_config_names_line_and_column(
    tmp_path: Path, text: str, where: str, words: str
) -> None:
    (tmp_path / "_config.yml").write_text(text)
    with pytest.raises(FrontMatterError) as caught:
        read_config(tmp_path)
    assert str(caught.value).startswith(where)
    assert words in str(caught.value)

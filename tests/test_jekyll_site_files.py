"""The classification of a Jekyll site's files, against real Jekyll 4.3.

One fixture tree holds every rule at once (nested static files, dotfiles,
includes, excludes, backups, posts at several depths, drafts, collections);
``jekyll build`` (once, with ``--drafts``) and Jekyll's own reader (through
Ruby) are the reference for what is a page, a static file, a post, a draft.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from jekyll_reference import jekyll_build, output_files, require_jekyll

from pelican.plugins.jekyll.site.config import pelican_settings, read_config
from pelican.plugins.jekyll.site.files import (
    classify_site,
    has_yaml_header,
    liquid_listing_pages,
)

PAGE = "---\ntitle: {name}\n---\nBody of {name}.\n"
POST = "---\ntitle: {name}\n---\nPost {name}.\n"

CONFIG = """\
title: Fixture
exclude:
  - secret.txt
  - notes/
  - "*.bak"
  - about-old
  - CNAME
  - robots.txt
include:
  - CN*
  - robots.txt
  - .well-known
  - _kept.txt
  - .htaccess
collections:
  recipes:
    output: true
  hidden:
    output: false
"""

# path -> text; None means the PAGE template for that path.
TREE: dict[str, str | None] = {
    "index.html": None,
    "about.md": None,
    "about-older.md": None,  # excluded: "about-old" is a prefix of it
    "404.md": None,
    "docs/guide/setup.md": None,
    "docs/guide/diagram.svg": "<svg/>",
    "assets/css/site.css": "body{}",
    "assets/js/app.js": "1;",
    "assets/img/.cache/x.png": "x",
    "CNAME": "example.org\n",
    "favicon.ico": "ico",
    "robots.txt": "User-agent: *\n",
    "feed.xml": "---\nlayout: null\n---\n<feed/>\n",
    "bom.md": "\ufeff---\ntitle: bom\n---\n",
    "late-header.md": "\n---\ntitle: late\n---\n",
    "secret.txt": "s",
    "notes/todo.md": None,
    "old.bak": "b",
    "draft.md~": "backup",
    "#scratch.md#": "scratch",
    "name.": "dot at the end",
    ".hidden.txt": "h",
    ".htaccess": "Options -Indexes\n",
    ".well-known/security.txt": "Contact: x\n",
    "sub/.htaccess": "deny\n",
    "_kept.txt": "kept by include",
    "_data/menu.yml": "- home\n",
    "_includes/head.html": "<meta>",
    "_layouts/default.html": "{{ content }}",
    "_sass/base.scss": "a{}",
    "_posts/2024-01-02-first.md": None,
    "_posts/2024-01-03-second.markdown": None,
    "_posts/nested/2024-01-04-third.md": None,
    "_posts/not-a-post.md": None,
    "_posts/_hidden/2024-01-05-x.md": None,
    "_posts/2024-01-06-static.txt": "no front matter, still a post",
    "blog/_posts/2024-02-01-in-blog.md": None,
    "blog/tech/_posts/2024-02-02-deep.md": None,
    "my_posts/_posts/2024-02-03-quirk.md": None,
    "_drafts/wip.md": None,
    "blog/_drafts/blog-wip.md": None,
    "_drafts/no-extension": "x",
    "_recipes/soup.md": None,
    "_recipes/bread.txt": "static in a collection",
    "_hidden/secret-doc.md": None,
    "pelicanconf.py": "AUTHOR = 'x'\n",
    "output/index.html": "<html>",
}


def build_tree(root: Path, tree: dict[str, str | None], config: str) -> Path:
    """Write a Jekyll site: ``_config.yml`` and every file of ``tree``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(config, "utf-8")
    for path, text in tree.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        content = PAGE.format(name=path) if text is None else text
        target.write_text(content, "utf-8")
    return root


def jekyll_reader(root: Path, *, drafts: bool) -> dict[str, list]:
    """What Jekyll's own reader finds: pages, static files, posts (with their
    folder categories), documents. The Pelican paths are excluded on the command
    line, as a Jekyll user never had them."""
    require_jekyll()
    script = """
    require "jekyll"; require "json"
    c = Jekyll.configuration("source" => ARGV[0], "quiet" => true,
      "show_drafts" => ARGV[1] == "1")
    c["exclude"] += ["pelicanconf.py", "output"]
    s = Jekyll::Site.new(c); s.read
    puts JSON.generate({
      "pages" => s.pages.map(&:relative_path),
      "static" => s.static_files.map { |f| f.relative_path.sub(%r!\\A/!, "") },
      "posts" => s.posts.docs.map { |d| [d.relative_path, d.draft?,
        d.data["categories"]] },
      "docs" => s.collections.reject { |k, _| k == "posts" }.values
        .flat_map { |col| col.docs.map(&:relative_path) },
    })
    """
    result = subprocess.run(
        ["ruby", "-e", script, str(root), "1" if drafts else "0"],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,  # Jekyll puts a relative destination below the current folder
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("jekyll") / "site"
    return build_tree(root, TREE, CONFIG)


@pytest.fixture(scope="module")
def reference(site: Path) -> dict[str, list]:
    return jekyll_reader(site, drafts=True)


def test_static_files_are_what_jekyll_copies(site: Path, tmp_path: Path) -> None:
    config = read_config(site)
    files = classify_site(config)
    # Jekyll is run without the Pelican files, which it never had.
    jekyll_site = tmp_path / "as-jekyll"
    shutil.copytree(site, jekyll_site, symlinks=True)
    shutil.rmtree(jekyll_site / "output")
    (jekyll_site / "pelicanconf.py").unlink()
    built = output_files(jekyll_build(jekyll_site, tmp_path / "_site", "--drafts"))
    static = {f.path for f in files.static_files if f.collection is None}
    # Every file of _site that is a source file without front matter is static.
    copied = {
        p for p in built if (site / p).is_file() and not has_yaml_header(site / p)
    }
    assert copied == static
    # A collection's static files go to the collection's URL, without the "_".
    assert "recipes/bread.txt" in built
    in_collections = {f.path for f in files.static_files if f.collection}
    assert in_collections == {"_recipes/bread.txt"}
    assert {
        "CNAME",
        "favicon.ico",
        ".htaccess",
        "sub/.htaccess",
        "_kept.txt",
        ".well-known/security.txt",
        "bom.md",
        "late-header.md",
    } <= static
    assert "secret.txt" not in static and "old.bak" not in static


def test_pages_posts_drafts_documents_are_jekylls(
    site: Path, reference: dict[str, list]
) -> None:
    files = classify_site(read_config(site), show_drafts=True)
    assert {f.path for f in files.pages} == set(reference["pages"])
    expected_static = set(reference["static"])
    assert {f.path for f in files.static_files} == expected_static
    posts = {(p.path, False, p.categories) for p in files.posts}
    drafts = {(d.path, True, d.categories) for d in files.drafts}
    jekyll_posts = {
        (path, draft, tuple(cats)) for path, draft, cats in reference["posts"]
    }
    assert posts | drafts == jekyll_posts
    assert {d.path for d in files.documents} == set(reference["docs"])


def test_categories_come_from_folders(site: Path) -> None:
    posts = {p.path: p.categories for p in classify_site(read_config(site)).posts}
    assert posts["blog/tech/_posts/2024-02-02-deep.md"] == ("blog", "tech")
    assert posts["_posts/nested/2024-01-04-third.md"] == ()
    # Jekyll cuts the path at the first "_posts" anywhere, even inside a name.
    assert posts["my_posts/_posts/2024-02-03-quirk.md"] == ("my",)


def test_drafts_only_when_shown(site: Path) -> None:
    assert classify_site(read_config(site)).drafts == ()
    shown = classify_site(read_config(site, show_drafts=True)).drafts
    assert [d.path for d in shown] == ["_drafts/wip.md", "blog/_drafts/blog-wip.md"]


def test_skipped_say_why(site: Path) -> None:
    skipped = {s.path: s.reason for s in classify_site(read_config(site)).skipped}
    assert "Pelican" in skipped["pelicanconf.py"]
    assert "Pelican" in skipped["output"]
    assert "exclude" in skipped["secret.txt"]
    assert "exclude" in skipped["about-older.md"]
    assert "backup" in skipped["draft.md~"]
    assert "hidden" in skipped[".hidden.txt"]
    assert "YYYY-MM-DD" in skipped["_posts/not-a-post.md"]
    assert "_config.yml" in skipped


def test_support_files(site: Path) -> None:
    files = classify_site(read_config(site))
    assert files.layouts == ("_layouts/default.html",)
    assert files.includes == ("_includes/head.html",)
    assert files.data_files == ("_data/menu.yml",)


def test_destination_and_symlinks(tmp_path: Path) -> None:
    root = build_tree(
        tmp_path / "s",
        {"a.txt": "a", "public/old.txt": "o", "real/b.txt": "b"},
        "destination: public\n",
    )
    (root / "link").symlink_to(root / "real")
    outside = tmp_path / "outside.txt"
    outside.write_text("x")
    (root / "out.txt").symlink_to(outside)
    static = {f.path for f in classify_site(read_config(root)).static_files}
    assert static == set(jekyll_reader(root, drafts=False)["static"])
    assert static == {"a.txt", "real/b.txt", "link/b.txt", "out.txt"}
    # Jekyll crashes on a symlink loop (ELOOP); each folder is read once here.
    (root / "real" / "loop").symlink_to(root / "real")
    files = classify_site(read_config(root))
    assert {s.path for s in files.skipped if "loop" in s.reason} >= {"real/loop"}


def test_has_yaml_header_is_jekylls_first_line_rule(tmp_path: Path) -> None:
    cases = {
        b"---\n": True,
        b"---  \t\r\n": True,
        b"--- x\n": False,
        b"\xef\xbb\xbf---\n": False,
        b"\n---\n": False,
        b"---": False,
        b"": False,
        b"----\n": False,
    }
    for index, (data, expected) in enumerate(cases.items()):
        path = tmp_path / f"f{index}"
        path.write_bytes(data)
        assert has_yaml_header(path) is expected, data


def test_liquid_listing_pages(tmp_path: Path) -> None:
    root = build_tree(
        tmp_path / "s",
        {
            "index.html": "---\n---\n{% for post in paginator.posts %}x{% endfor %}",
            "archive.md": "---\n---\nIntro\n\n{%- for p in site.posts -%}{% endfor %}",
            "tags.html": "---\n---\n{% assign t = site.tags %}\n"
            "{% for x in t %}{% endfor %}",
            "about.md": "---\n---\n{% raw %}{% for p in site.posts %}{% endraw %}",
            "count.md": "---\n---\n{{ site.posts.size }} posts",
        },
        "plugins: [jekyll-feed]\npaginate: 5\npaginate_path: /blog/page:num/\n",
    )
    config = read_config(root)
    files = classify_site(config)
    listings = {p.path: p for p in liquid_listing_pages(config, files)}
    assert set(listings) == {"index.html", "archive.md", "tags.html"}
    assert listings["index.html"].replaced_by == "index"
    assert listings["archive.md"].replaced_by == "archives"
    assert listings["archive.md"].line == 5
    assert listings["tags.html"].replaced_by == "tags"
    settings = pelican_settings(config, root, files, listings.values())
    assert settings["DIRECT_TEMPLATES"] == ["index", "archives", "tags"]
    assert settings["PAGE_PATHS"] == ["about.md", "count.md"]
    assert settings["PAGINATION_PATTERNS"][1] == (
        2,
        "blog/page{number}/",
        "blog/page{number}/index.html",
    )
    assert settings["FEED_ALL_ATOM"] == "feed.xml"

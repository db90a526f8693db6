"""JEKYLL_SITE keeps compiled templates between builds (Jinja's bytecode cache in
Pelican's cache folder), as Jekyll keeps its cache; the user's own
``JINJA_ENVIRONMENT`` wins."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from pelican import Pelican
from pelican.log import LimitFilter
from pelican.settings import read_settings
from sitebuilder import isolated_signals, write_files

from pelican.plugins.jekyll.site.template_cache import KeptTemplates, jinja_environment

CONTRACT = """\
from pelican.plugins import postcard
PLUGINS = ["postcard"]
THEME = postcard.THEME
JEKYLL_SITE = "."
"""
FILES = {
    "_config.yml": "title: Kept\ntimezone: UTC\nplugins: [jekyll-feed]\n",
    "_posts/2024-01-01-a.md": "---\ntitle: A\n---\nA.\n",
    "_posts/2024-01-02-b.md": "---\ntitle: B\n---\nB.\n",
    "about.md": "---\ntitle: About\n---\nAbout.\n",
}


def build(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Build the site at ``root`` in this process, as ``pelican -s
    pelicanconf.py`` run there would; return the names of the templates Jinja
    compiled from their source."""
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def compile_(self, source, name=None, filename=None, *args, **kwargs):
        if name is not None:  # a template file, not a from_string snippet
            compiled.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.chdir(root)
    LimitFilter._raised_messages.clear()
    with monkeypatch.context() as patch, isolated_signals():
        patch.setattr(jinja2.Environment, "compile", compile_)
        settings = read_settings(
            str(root / "pelicanconf.py"), override={"OUTPUT_PATH": str(root / "out")}
        )
        Pelican(settings).run()
    return compiled


def test_the_second_build_compiles_no_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {**FILES, "pelicanconf.py": CONTRACT})
    first = build(tmp_path, monkeypatch)
    assert {"article.html", "page.html", "base.html"} <= set(first)
    kept = list((tmp_path / "cache" / "jinja").glob("*.cache"))
    assert len(kept) >= len(set(first))
    assert build(tmp_path, monkeypatch) == []
    assert (tmp_path / "out" / "2024" / "01" / "02" / "b.html").is_file()


def test_a_changed_template_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    write_files(templates, {"page.html": "<p>{{ page.title }}</p>\n"})
    settings = CONTRACT + f"THEME_TEMPLATES_OVERRIDES = [{str(templates)!r}]\n"
    write_files(tmp_path, {**FILES, "pelicanconf.py": settings})
    build(tmp_path, monkeypatch)
    (templates / "page.html").write_text("<p>Changed {{ page.title }}</p>\n")
    assert build(tmp_path, monkeypatch) == ["page.html"]
    assert "Changed About" in (tmp_path / "out" / "about.html").read_text()


def test_a_bytecode_cache_of_the_users_own_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = CONTRACT + 'JINJA_ENVIRONMENT = {"bytecode_cache": None}\n'
    write_files(tmp_path, {**FILES, "pelicanconf.py": settings})
    first = build(tmp_path, monkeypatch)
    assert not (tmp_path / "cache" / "jinja").exists()
    assert build(tmp_path, monkeypatch) == first


def test_no_kept_templates_without_the_content_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = CONTRACT + "CACHE_CONTENT = False\n"
    write_files(tmp_path, {**FILES, "pelicanconf.py": settings})
    build(tmp_path, monkeypatch)
    assert not (tmp_path / "cache").exists()


def test_the_environment_keeps_the_users_other_options() -> None:
    environment = jinja_environment(
        {
            "CACHE_CONTENT": True,
            "CACHE_PATH": "/site/cache",
            "JINJA_ENVIRONMENT": {"trim_blocks": True, "extensions": ["x"]},
        }
    )
    assert environment is not None
    cache = environment.pop("bytecode_cache")
    assert environment == {"trim_blocks": True, "extensions": ["x"]}
    assert isinstance(cache, KeptTemplates) and cache.directory == "/site/cache/jinja"
    mine = jinja2.FileSystemBytecodeCache("/mine")
    assert (
        jinja_environment(
            {"CACHE_CONTENT": True, "JINJA_ENVIRONMENT": {"bytecode_cache": mine}}
        )
        is None
    )
    assert jinja_environment({"CACHE_CONTENT": False}) is None


def test_a_cache_folder_that_cannot_be_written_stops_nothing(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    environment = jinja2.Environment(
        loader=jinja2.DictLoader({"t.html": "{{ 1 + 1 }}"}),
        bytecode_cache=KeptTemplates(str(tmp_path / "file" / "jinja")),
    )
    assert environment.get_template("t.html").render() == "2"

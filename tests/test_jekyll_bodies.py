# ruff: noqa: E501 (the case table keeps each Liquid snippet on its line)
"""Liquid and kramdown in post bodies, through real Pelican builds.

The same posts are built by real Jekyll and by Pelican (front_matter + jekyll,
``JEKYLL_KRAMDOWN = True``) in an ordinary Pelican site; each post's text,
heading ids and link targets must agree. Then what only a Pelican site has:
code that is never Liquid, Pelican's links, warnings, hostile and random
Liquid, the site's own tags and filters.
"""

from __future__ import annotations

import datetime
import logging
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jekyll_reference import jekyll_build
from sitebuilder import BuiltSite, build_site, write_files
from test_jekyll_liquid import CASES as ENGINE_CASES
from test_jekyll_liquid import DATA, INCLUDES, LIQUID_TOKENS, POST_DATE

from pelican.plugins.jekyll.bodies import renderer
from pelican.plugins.jekyll.bodies.liquid_site import (
    LiquidDocument,
    PlainSite,
    StaticFile,
)
from pelican.plugins.jekyll.bodies.pelican_site import split_site_url
from pelican.plugins.postcard_core.text import fold_whitespace

SITE_URL = "https://example.org/blog"
PLUGINS = ["front_matter", "jekyll"]
TEMPLATES = {
    "article.html": "<div id='out'>{{ article.content }}</div>"
    "<div id='summary'>{{ article.summary }}</div>",
    "page.html": "<div id='out'>{{ page.content }}</div>",
}
# Cases that print paths or Pelican links are written as links below.
_AS_LINKS = {"post_url", "link"}
# kramdown reads a line with " | " between words as a table row: the engine's
# cases separate their results with ";" here.
_SEPARATOR = re.compile(r"(\}\}|%\}) \| ")
CASES = {
    **{
        k: _SEPARATOR.sub(r"\1 ; ", v)
        for k, v in ENGINE_CASES.items()
        if k not in _AS_LINKS
    },
    "post_url": "[first]({% post_url 2021-03-04-first %}) [second]({% post_url sub/2021-03-05-second %})",
    "link": "[about]({% link pages/about.md %}) ![a]({% link images/a.png %})",
    "site_posts": "{% for p in site.posts limit: 3 %}[{{ p.title }}]({{ p.url | relative_url }}) {{ p.date | date: '%F' }} {{ p.tags | join: '+' }} {{ p.categories | join: '+' }};{% endfor %} {{ site.posts.size }}",
    "site_tags": "{{ site.tags.alpha.size }} {{ site.tags.beta[0].title }} {{ site.categories.notes.size }} {% assign t = site.tags | sort %}{{ t[0][0] }}",
    "site_pages": "{% for p in site.pages %}{{ p.title }} {{ p.url }} {{ p.name }};{% endfor %}",
    "static_files": "{% for f in site.static_files %}{{ f.path }} {{ f.name }} {{ f.basename }} {{ f.extname }};{% endfor %}",
    "site_values": "{{ site.url }} {{ site.baseurl }} {{ site.title }} {{ site.time | date: '%Y' | minus: 2000 | at_least: 1 }}",
    "page_fields": "{{ page.url }} {{ page.id }} {{ page.slug }} {{ page.categories | join: ',' }} {{ page.tags | join: ',' }} {{ page.n }} {{ page.date | date_to_xmlschema }}",
    "highlight": "{% highlight ruby linenos %}\ndef hi = puts('x')\n{% endhighlight %}",
    "sample_size": "{{ page.tags | sample: 2 | size }}",
}
# Jekyll's own text differs here, for the reason given.
EXCEPTIONS = {
    # Rouge prints line numbers in their own table cell with other spacing;
    # Pygments' table (Pelican's code highlighting) holds the same code.
    "highlight": "line numbers are laid out by another highlighter",
}
KRAMDOWN_POST = """\
---
title: Kramdown
date: 2021-03-01
---
* TOC
{:toc}

# Install & Setup

Some "quoted" text -- with dashes... and [a link](#install--setup).
{: #lead .intro}

## Install & Setup

A footnote[^note] and *emphasis*{: .em}.

[^note]: The note.

Term
: Definition
"""


def case_front_matter(name: str) -> str:
    return (
        f"---\nlayout: null\ntitle: Case {name}\ndate: {POST_DATE}\nn: 3\n"
        "tags: [beta, alpha, gamma]\ncategories: [notes]\nwhich: greet.html\n---\n"
    )


def case_slug(name: str) -> str:
    return "case-" + name.replace("_", "-")


def shared_files(posts: str) -> dict[str, str]:
    """The files both sites hold, with posts in the folder ``posts``."""
    files = {
        "pages/about.md": "---\ntitle: About\n---\nAbout\n",
        f"{posts}/part.txt": "relative part {{ page.title }}",
        f"{posts}/2021-03-04-first.md": "---\ntitle: First\n---\nfirst\n",
        f"{posts}/sub/2021-03-05-second.md": "---\ntitle: Second\n---\nsecond\n",
        f"{posts}/2021-03-01-kramdown.md": KRAMDOWN_POST,
        **{f"_includes/{name}": text for name, text in INCLUDES.items()},
        **DATA,
    }
    for name, body in CASES.items():
        files[f"{posts}/2021-03-04-{case_slug(name)}.md"] = (
            case_front_matter(name) + body + "\n"
        )
    return files


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")


def _pelican_settings(**more: object) -> dict[str, object]:
    return {
        "SITENAME": "My Site",
        "SITEURL": SITE_URL,
        "ARTICLE_PATHS": ["posts"],
        "PAGE_PATHS": ["pages"],
        "ARTICLE_URL": "{date:%Y}/{date:%m}/{date:%d}/{slug}.html",
        "ARTICLE_SAVE_AS": "{date:%Y}/{date:%m}/{date:%d}/{slug}.html",
        "FEED_ALL_ATOM": None,
        "JEKYLL_KRAMDOWN": True,
        **more,
    }


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    """The same posts built by Jekyll and by Pelican."""
    root = tmp_path_factory.mktemp("bodies")
    jekyll_source = root / "jekyll"
    _write(
        jekyll_source,
        {
            "_config.yml": "title: My Site\nurl: https://example.org\nbaseurl: /blog\n"
            "timezone: UTC\npermalink: /:year/:month/:day/:title:output_ext\n",
            "images/a.png": b"png",
            **shared_files("_posts"),
        },
    )
    jekyll = jekyll_build(jekyll_source, root / "jekyll_out")
    pelican = build_site(
        root / "pelican",
        {"images/a.png": b"png", **shared_files("posts")},
        _pelican_settings(),
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    return jekyll, pelican


def _out(soup: BeautifulSoup) -> BeautifulSoup:
    return soup.find(id="out") or soup


def body_text(soup: BeautifulSoup) -> str:
    return fold_whitespace(_out(soup).get_text())


def link_targets(soup: BeautifulSoup, base: str) -> list[str]:
    found = _out(soup).find_all(["a", "img"])
    return [urljoin(base, tag.get("href") or tag.get("src")) for tag in found]


@pytest.mark.parametrize("name", sorted(CASES))
def test_bodies_read_as_jekyll_reads_them(
    name: str, both: tuple[Path, BuiltSite]
) -> None:
    jekyll, pelican = both
    page = f"2021/03/04/{case_slug(name)}.html"
    expected = BeautifulSoup((jekyll / page).read_text(encoding="utf-8"), "html.parser")
    built = pelican.soup(page)
    assert [w for w in pelican.warnings if case_slug(name) in w] == []
    assert link_targets(built, f"{SITE_URL}/{page}") == link_targets(
        expected, f"{SITE_URL}/{page}"
    )
    if name in EXCEPTIONS:
        code = [fold_whitespace(c.get_text()) for c in _out(built).find_all("code")]
        assert code and all("def hi = puts('x')" in c for c in code)
        return
    assert body_text(built) == body_text(expected)


def test_kramdown_features_as_jekyll_writes_them(both: tuple[Path, BuiltSite]) -> None:
    jekyll, pelican = both
    page = "2021/03/01/kramdown.html"
    expected = BeautifulSoup((jekyll / page).read_text(encoding="utf-8"), "html.parser")
    built = _out(pelican.soup(page))
    assert body_text(built) == body_text(expected)

    def ids(soup: BeautifulSoup) -> list[str]:
        return [tag["id"] for tag in soup.find_all(id=True) if tag.get("id") != "out"]

    assert ids(built) == ids(expected)
    assert [h["id"] for h in built.find_all(["h1", "h2"])] == [
        "install--setup",
        "install--setup-1",
    ]
    assert built.select_one("ul#markdown-toc") is not None
    assert built.select_one("p#lead.intro") is not None
    assert built.select_one("em.em") is not None
    assert built.select_one("div.footnotes") is not None
    assert built.find("dl") is not None
    assert "“quoted” text – with dashes…" in body_text(built)
    assert link_targets(built, f"{SITE_URL}/{page}") == link_targets(
        expected, f"{SITE_URL}/{page}"
    )


def test_page_path_is_relative_to_pelicans_content(site_root: Path) -> None:
    # Jekyll's page.path names _posts/…; here the file is where Pelican reads it.
    post = "---\ntitle: P\ndate: 2024-01-01\n---\n{{ page.path }} {{ page.dir }}\n"
    site = build_site(
        site_root,
        {"posts/p.md": post},
        _pelican_settings(),
        plugins=PLUGINS,
        templates=TEMPLATES,
    )
    assert body_text(site.soup("2024/01/01/p.html")) == "posts/p.md"


# --- a Pelican site: code is never Liquid, links are Pelican's ------------------------

LIQUID_POST = """\
---
title: Liquid
date: 2024-06-01
---
See [PyCon]({% post_url 2024-05-21-pycon-us %}), [old]({% post_url 2017-2-5-old %}),
![Map]({{ site.baseurl }}/images/map.svg), [feed]({{ site.url }}{{ site.baseurl }}/x)
and [about]({{ '/about/' | relative_url }}).

{% include figure.html %} and {{ page.title }} and {{ page.title }} again.

Inline `{{ not.this }}` code.

```liquid
{% for post in site.posts %}{{ post.title }}{% endfor %}
```

    {% indented code %}

{% raw %}{{ shown.as.is }}{% endraw %}
{% comment %}A private note.{% endcomment %}

{% highlight python %}
print("{{ in highlight }}")
{% endhighlight %}
"""


def _build(root: Path, files: dict, **more: object) -> BuiltSite:
    settings = {"ARTICLE_PATHS": ["posts"], "PAGE_PATHS": ["pages"], **more}
    return build_site(root, files, settings, plugins=PLUGINS, templates=TEMPLATES)


def _file_warnings(site: BuiltSite) -> list[str]:
    return [w for w in site.warnings if w.startswith(("posts/", "pages/", "_data/"))]


def test_liquid_in_a_pelican_site(site_root: Path) -> None:
    files = {
        "posts/2024-06-01-liquid.md": LIQUID_POST,
        "posts/2024-05-21-pycon-us.md": "---\ntitle: PyCon US\n---\nHi\n",
        "posts/2017-02-05-old.md": "---\ntitle: Old\n---\nOld\n",
    }
    site = _build(site_root, files, SITEURL=SITE_URL)
    assert site.errors == []
    content = _out(site.soup("liquid.html"))
    links = {a.get_text(): a["href"] for a in content.find_all("a")}
    assert links["PyCon"] == f"{SITE_URL}/pycon-us.html"
    assert links["old"] == f"{SITE_URL}/old.html"
    assert links["feed"] == f"{SITE_URL}/x"
    # site.baseurl is SITEURL's path, as Jekyll's baseurl is
    assert links["about"] == "/blog/about/"
    assert content.find("img")["src"] == "/blog/images/map.svg"
    text = content.get_text()
    assert "{% include figure.html %} and Liquid and Liquid again." in text
    assert "{{ not.this }}" in text
    assert "{% for post in site.posts %}{{ post.title }}{% endfor %}" in text
    assert "{% indented code %}" in text
    assert "{{ shown.as.is }}" in text
    assert "raw %}" not in text
    assert "A private note" not in text and "comment %}" not in text
    highlighted = [pre.get_text() for pre in content.select("div.highlight pre")]
    assert 'print("{{ in highlight }}")\n' in highlighted
    assert "highlight %}" not in text
    # One warning: the missing include, at its line and column.
    assert _file_warnings(site) == [
        "posts/2024-06-01-liquid.md:9:1: Liquid: include: no file 'figure.html'; "
        "left as written"
    ]


def test_pages_run_liquid_too(site_root: Path) -> None:
    files = {
        "pages/about.md": "---\ntitle: About\npermalink: /about/\n---\n"
        "{{ page.title }} at {{ page.url }}; latest: {{ site.posts[0].title }} "
        "[read]({% post_url 2024-01-02-p %})\n",
        "posts/2024-01-02-p.md": "---\ntitle: P\n---\nP\n",
    }
    site = _build(site_root, files)
    content = _out(site.soup("about/index.html"))
    assert body_text(content) == "About at /about/; latest: P read"
    assert content.find("a")["href"] == "/p.html"
    assert _file_warnings(site) == []


def test_site_posts_skip_what_pelican_skips(site_root: Path) -> None:
    listing = "{% for p in site.posts %}{{ p.title }};{% endfor %}"
    files = {
        "posts/2024-01-05-list.md": f"---\ntitle: List\n---\n{listing}\n",
        "posts/2024-01-04-bad-date.md": "---\ntitle: Bad\ndate: someday\n---\nB\n",
        "posts/2024-01-03-draft.md": "---\ntitle: Draft\npublished: false\n---\nD\n",
        "posts/2024-01-02-broken.md": "---\ntitle: [never closed\n---\nX\n",
        "posts/native.md": "Title: Native\nDate: 2024-01-01\n\nN\n",
        "posts/2024-01-01-old.md": "---\ntitle: Old\n---\nO\n",
    }
    site = _build(site_root, files)
    # a date nothing can read falls back to the file name's (with a warning),
    # so that post is built and listed; the broken header is not
    assert body_text(site.soup("list.html")) == "List;Bad;Old;"
    assert len(site.errors) == 1
    assert [w.split(":")[0] for w in _file_warnings(site)] == [
        "posts/2024-01-04-bad-date.md"
    ]


def test_post_url_with_relative_urls_and_no_siteurl(site_root: Path) -> None:
    post = (
        "---\ntitle: L\ndate: 2024-01-01\n---\n"
        "[a]({% post_url 2024-01-02-target %}) ![i]({{ site.baseurl }}/i.png) "
        "[b]({{ site.baseurl }}{% post_url 2024-01-02-target %})\n"
    )
    files = {
        "posts/l.md": post,
        "posts/sub/2024-01-02-target.md": "---\ntitle: Target\n---\nT\n",
    }
    site = _build(site_root, files, RELATIVE_URLS=True)
    content = _out(site.soup("l.html"))
    assert [a["href"] for a in content.find_all("a")] == ["./target.html"] * 2
    assert content.find("img")["src"] == "/i.png"


def test_jekyll_3_baseurl_before_post_url_is_not_doubled(site_root: Path) -> None:
    post = (
        "---\ntitle: L\ndate: 2024-01-01\n---\n"
        "[a]({{ site.baseurl }}{% post_url 2024-01-02-t %}) "
        "[b]({{ site.url }}{{ site.baseurl }}{% link posts/2024-01-02-t.md %})\n"
    )
    files = {"posts/l.md": post, "posts/2024-01-02-t.md": "---\ntitle: T\n---\nT\n"}
    site = _build(site_root, files, SITEURL=SITE_URL)
    hrefs = [a["href"] for a in _out(site.soup("l.html")).find_all("a")]
    assert hrefs == [f"{SITE_URL}/t.html"] * 2


def test_bad_liquid_is_one_warning_and_no_pelican_warning(site_root: Path) -> None:
    post = (
        "---\ntitle: M\ndate: 2024-01-01\n---\n\n"
        'See [x]({% post_url 2020-01-01-gone %}) and <a href="{% nosuch %}">y</a>\n'
        "and [z]({{ 1 | nofilter }}) and {% if unclosed %}\n"
    )
    site = _build(site_root, {"posts/m.md": post})
    assert site.errors == []
    assert _file_warnings(site) == [
        "posts/m.md:6:9: Liquid: post_url: no post '2020-01-01-gone' in this site; "
        "left as written",
        "posts/m.md:6:54: Liquid: unexpected tag 'nosuch'; left as written",
        "posts/m.md:7:9: Liquid: unknown filter 'nofilter'; left as written",
        "posts/m.md:7:33: Liquid: expected tag endif, found end of expression; "
        "left as written",
    ]
    assert not [w for w in site.warnings if "Replacement Indicator" in w]
    content = _out(site.soup("m.html"))
    assert "{% if unclosed %}" in content.get_text()
    assert [a.get_text() for a in content.find_all("a")] == ["x", "y", "z"]


def test_python_blog_code_stays_as_written(site_root: Path) -> None:
    post = """\
---
title: Templates
date: 2024-01-01
---
In Jinja, `{{ user.name | e }}` prints a name and `{% if x %}` tests.

```jinja
{% extends "base.html" %}
{% block content %}{{ super() }}{% endblock %}
```

~~~django
{% load static %}<img src="{% static 'a.png' %}">
~~~

    {# an indented comment #} {{ value|default:"nothing" }}

{% highlight jinja %}
{% for item in items %}{{ loop.index }}{% endfor %}
{% endhighlight %}
"""
    site = _build(site_root, {"posts/t.md": post})
    assert _file_warnings(site) == []
    codes = [c.get_text() for c in _out(site.soup("templates.html")).find_all("code")]
    assert codes[:2] == ["{{ user.name | e }}", "{% if x %}"]
    assert (
        '{% extends "base.html" %}\n{% block content %}{{ super() }}{% endblock %}\n'
        in codes
    )
    assert "{% load static %}<img src=\"{% static 'a.png' %}\">\n" in codes
    assert '{# an indented comment #} {{ value|default:"nothing" }}\n' in codes
    assert "{% for item in items %}{{ loop.index }}{% endfor %}\n" in codes


def test_unknown_names_in_prose_are_kept_with_a_warning(site_root: Path) -> None:
    # Jekyll prints nothing for them; in a Pelican site they are Jinja in prose.
    post = (
        "---\ntitle: U\ndate: 2024-01-01\n---\n"
        "Print {{ user.name }} and {{ user | upcase }}; [{{ page.missing }}] "
        "{% if user %}never{% endif %}{{ user | default: 'anon' }} {% include i.html %}\n"
    )
    files = {"posts/u.md": post, "_includes/i.html": "[{{ include.caption }}]"}
    site = _build(site_root, files)
    assert body_text(site.soup("u.html")) == (
        "Print {{ user.name }} and {{ user | upcase }}; [] anon []"
    )
    assert _file_warnings(site) == [
        f"posts/u.md:5:{column}: Liquid: 'user' is not defined (Liquid runs before "
        "Markdown here: write template examples as code); left as written"
        for column in (7, 27)
    ]


def test_raw_tags_inside_code_are_removed(site_root: Path) -> None:
    post = (
        "---\ntitle: R\ndate: 2024-01-01\n---\n"
        "`{% raw %}{{ a }}{% endraw %}` and `{% raw %}`\n\n"
        "```\n{% raw %}{{ page.title }}{% endraw %}\n```\n"
    )
    site = _build(site_root, {"posts/r.md": post})
    codes = [c.get_text() for c in _out(site.soup("r.html")).find_all("code")]
    assert codes == ["{{ a }}", "{% raw %}", "{{ page.title }}\n"]
    assert _file_warnings(site) == []


def test_site_from_pelicans_settings(site_root: Path) -> None:
    post = (
        "---\ntitle: S\ndate: 2024-01-01\n---\n"
        "{{ site.title }}|{{ site.description }}|{{ site.author }}|{{ site.lang }}|"
        "{{ site.repository }}|{{ site.url }}|{{ site.baseurl }}|{{ jekyll.environment }}\n"
    )
    site = _build(
        site_root,
        {"posts/s.md": post},
        SITENAME="Blog",
        SITESUBTITLE="Notes",
        AUTHOR="Ann",
        SITEURL="https://x.org",
        JEKYLL_LIQUID_SITE={"repository": "ann/blog"},
    )
    assert (
        body_text(site.soup("s.html"))
        == "Blog|Notes|Ann|en|ann/blog|https://x.org||production"
    )


def test_data_files_of_every_type_and_broken_ones(site_root: Path) -> None:
    post = (
        "---\ntitle: D\ndate: 2024-01-01\n---\n"
        "{{ site.data.people[1].name }} {{ site.data.nav.about }} "
        "{{ site.data.prices[0].price }} {{ site.data.rows[0].b }} "
        "{{ site.data.team.leads | join: '/' }} [{{ site.data.bad }}]\n"
    )
    files = {"posts/d.md": post, "_data/bad.yml": "a: [1,\n", **DATA}
    site = _build(site_root, files)
    assert body_text(site.soup("d.html")) == "Bob /about/ 3 2 Cy/Di []"
    [warning] = _file_warnings(site)
    assert warning.startswith("_data/bad.yml:2:1: unreadable data")


def test_support_folders_are_not_content(site_root: Path) -> None:
    files = {
        "posts/p.md": "---\ntitle: P\ndate: 2024-01-01\n---\n{% include note.md %}\n",
        "_includes/note.md": "---\ntitle: Not a post\n---\nA *note*.\n",
        "_data/x.yml": "a: 1\n",
    }
    site = _build(site_root, files, ARTICLE_PATHS=[""])
    assert site.errors == []
    assert not site.exists("not-a-post.html")
    assert "title: Not a post" in body_text(site.soup("p.html"))


def test_includes_never_read_outside_the_site(site_root: Path) -> None:
    (site_root / "secret.txt").write_text("SECRET", encoding="utf-8")
    post = (
        "---\ntitle: H\ndate: 2024-01-01\n---\n"
        "{% include ../../etc/passwd %}\n\n{% include_relative ../../secret.txt %}\n\n"
        "{% include_relative ../../../secret.txt %}\n"
    )
    site = _build(site_root, {"posts/h.md": post})
    text = body_text(site.soup("h.html"))
    assert "SECRET" not in text and "root:" not in text
    warnings = _file_warnings(site)
    assert len(warnings) == 3
    assert all(w.startswith("posts/h.md:") for w in warnings)


# Liquid that would run for ever, or print without end: each stops with a warning.
HOSTILE = {
    "loop": "{% for i in (1..100000000) %}x{% endfor %}",
    "nested": "{% for i in (1..5000) %}{% for j in (1..5000) %}{% endfor %}{% endfor %}",
    "self": "{% include self.html %}",
    "mutual": "{% include ping.html %}",
    "doubling": "{% assign s = 'ab' %}{% for i in (1..60) %}{% assign s = s | append: s %}{% endfor %}",
    "range": "{{ (1..100000000) | join: ',' }}",
}
HOSTILE_INCLUDES = {
    "_includes/self.html": "again {% include self.html %}",
    "_includes/ping.html": "ping {% include pong.html %}",
    "_includes/pong.html": "pong {% include ping.html %}",
}


def test_hostile_liquid_stops_fast_and_the_post_is_built(
    site_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    times: dict[str, float] = {}
    render = renderer.BodyRenderer.render_reading

    def timed(self: renderer.BodyRenderer, reading: object) -> None:
        started = time.perf_counter()
        render(self, reading)
        times[reading.source] = time.perf_counter() - started  # type: ignore[attr-defined]

    monkeypatch.setattr(renderer.BodyRenderer, "render_reading", timed)
    files = {
        **HOSTILE_INCLUDES,
        **{
            f"posts/{name}.md": f"---\ntitle: {name}\ndate: 2024-01-01\n---\nbefore\n\n{body}\n\nafter\n"
            for name, body in HOSTILE.items()
        },
    }
    site = _build(site_root, files)
    assert site.errors == []
    for name in HOSTILE:
        assert times[f"posts/{name}.md"] < 0.8, name
        text = body_text(site.soup(f"{name}.html"))
        assert text.startswith("before") and text.endswith("after")
        assert len(text) < 100_000
        assert [w for w in _file_warnings(site) if w.startswith(f"posts/{name}.md:")]


def test_the_sites_own_tags_and_filters(site_root: Path) -> None:
    def button(markup: str, page: dict) -> str:
        if not markup:
            raise ValueError("a button needs a label")
        return f"<b class='button'>{markup} ({page['title']})</b>"

    post = (
        "---\ntitle: Own\ndate: 2024-01-01\n---\n"
        "{% button Buy {{ page.title | upcase }} %} {{ 'x' | shout: 3 }} {% button %}\n"
    )
    site = _build(
        site_root,
        {"posts/o.md": post},
        JEKYLL_LIQUID_TAGS={"button": button, "bad name": button},
        JEKYLL_LIQUID_FILTERS={"shout": lambda value, n: value.upper() * n},
    )
    content = _out(site.soup("own.html"))
    assert content.select_one("b.button").get_text() == "Buy OWN (Own)"
    assert "XXX" in content.get_text()
    assert "{% button %}" in content.get_text()
    assert _file_warnings(site) == [
        "posts/o.md:5:65: Liquid: button: ValueError: a button needs a label; "
        "left as written"
    ]
    assert any("JEKYLL_LIQUID_TAGS['bad name']" in w for w in site.warnings)


def test_render_reads_includes(site_root: Path) -> None:
    # Jekyll 4.3 has no file system for {% render %}; here it reads _includes.
    post = "---\ntitle: R\ndate: 2024-01-01\n---\n{% render 'card.html', name: 'Cy', n: 4 %}\n"
    files = {
        "posts/r.md": post,
        "_includes/card.html": "Hello {{ name }}, {{ n | plus: 1 }}!",
    }
    site = _build(site_root, files)
    assert body_text(site.soup("r.html")) == "Hello Cy, 5!"


def test_plugin_tags_are_links_and_images(site_root: Path) -> None:
    post = (
        "---\ntitle: Embeds\ndate: 2024-01-01\n---\n"
        '{% gist user/abc %} {% youtube xyz %} {% vimeo 42 %} {% img right /i.png 5 6 "T" "A" %}\n'
    )
    site = _build(site_root, {"posts/e.md": post})
    content = _out(site.soup("embeds.html"))
    assert [a["href"] for a in content.find_all("a")] == [
        "https://gist.github.com/user/abc",
        "https://www.youtube.com/watch?v=xyz",
        "https://vimeo.com/42",
    ]
    assert content.find("img")["alt"] == "A"
    assert content.find("iframe") is None and content.find("script") is None


def test_the_bundle_renders_liquid(site_root: Path) -> None:
    post = "---\ntitle: B\ndate: 2024-01-01\ndescription: D\n---\n{{ page.title | append: '!' }}\n"
    site = build_site(site_root, {"posts/b.md": post}, {"ARTICLE_PATHS": ["posts"]})
    assert site.errors == []
    assert "B!" in site.soup("b.html").find("article").get_text()


# --- kramdown in a Pelican site --------------------------------------------------


def test_kramdown_problems_and_excerpts(site_root: Path) -> None:
    posts = {
        "posts/k.md": "---\ntitle: K\ndate: 2024-01-01\n---\nIntro.\n\n"
        '{::options auto_ids="false" /}\n\nFirst part.\n\n<!--more-->\n\nRest.\n',
        "posts/s.md": "---\ntitle: S\ndate: 2024-01-02\nexcerpt_separator: <!--cut-->\n---\n"
        "Lead *here*.<!--cut-->\n\nRest.\n",
        "posts/e.md": "---\ntitle: E\ndate: 2024-01-03\nexcerpt: Given.\n---\nBody.\n\n<!--more-->\n\nRest.\n",
    }
    site = _build(site_root, posts, JEKYLL_KRAMDOWN=True)
    assert _file_warnings(site) == [
        "posts/k.md:7:1: kramdown options ({::options}) are not applied here; removed"
    ]
    assert body_text(site.soup("k.html").find(id="summary")) == "Intro. First part."
    summary = site.soup("s.html").find(id="summary")
    assert fold_whitespace(summary.get_text()) == "Lead here."
    assert summary.find("em") is not None
    assert body_text(site.soup("e.html").find(id="summary")) == "Given."


def test_options_written_for_the_profile_win(site_root: Path) -> None:
    markdown = {
        "extension_configs": {
            "pelican.plugins.jekyll.kramdown": {"auto_id_prefix": "sec-"},
            "markdown.extensions.extra": {},
        },
        "output_format": "html5",
    }
    post = (
        "---\ntitle: P\ndate: 2024-01-01\n---\n# A heading\n\nSee[^1].\n\n[^1]: Note.\n"
    )
    site = _build(
        site_root, {"posts/p.md": post}, JEKYLL_KRAMDOWN=True, MARKDOWN=markdown
    )
    content = _out(site.soup("p.html"))
    assert content.find("h1")["id"] == "sec-a-heading"
    assert len(content.select("div.footnotes li")) == 1


def test_kramdown_is_off_by_default(site_root: Path) -> None:
    post = (
        "---\ntitle: P\ndate: 2024-01-01\n---\n# Install & Setup\n\n<!--more-->\n\nx\n"
    )
    site = _build(site_root, {"posts/p.md": post})
    heading = _out(site.soup("p.html")).find("h1")
    assert heading.get("id") is None  # Pelican's own Markdown, untouched


# --- random Liquid never breaks a build ----------------------------------------------

LIQUIDISH = st.lists(
    st.sampled_from(
        [
            *LIQUID_TOKENS,
            *("```\n", "    ", "[a](", ")", "self.html", "endcapture"),
            *("page.title", "site.posts", "post_url", "2024-01-01-p", "link"),
            *("highlight", "endhighlight", "{filename}"),
        ]
    ),
    max_size=40,
).map("".join)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(LIQUIDISH, min_size=4, max_size=4))
def test_random_liquid_never_breaks_a_build(tmp_path: Path, bodies_: list[str]) -> None:
    root = tmp_path / f"site-{time.monotonic_ns()}"
    files: dict[str, str] = {"_includes/self.html": "{% include self.html %}"}
    for index, body in enumerate(bodies_):
        files[f"posts/2024-01-0{index + 1}-p{index}.md"] = (
            f"---\ntitle: P{index}\n---\n{body}\n"
        )
    started = time.monotonic()
    site = _build(root, files)
    assert time.monotonic() - started < 10
    assert site.errors == []
    for index in range(len(bodies_)):
        assert site.exists(f"p{index}.html")
    assert not [w for w in site.warnings if "Replacement Indicator" in w]
    assert not [r for r in site.records if r.exc_info and r.levelno >= logging.WARNING]


# --- the model, without Pelican --------------------------------------------------


def test_a_jekyll_site_given_as_plain_data(tmp_path: Path) -> None:
    # What a whole Jekyll site hands the renderer: there, code is Liquid too.
    post = LiquidDocument(
        path="_posts/2020-01-02-a.md",
        url="/2020/01/02/a.html",
        title="A",
        date=datetime.datetime(2020, 1, 2, tzinfo=datetime.timezone.utc),
        slug="a",
        tags=("x",),
    )
    site = PlainSite(
        root=tmp_path,
        config={"title": "J"},
        url="https://j.org",
        baseurl="/b",
        all_posts=(post,),
        all_pages=(LiquidDocument("about.md", "/about/", "About", is_post=False),),
        files=(StaticFile("img/a.png"),),
    )
    body = (
        "`{{ site.title }}` {% post_url 2020-01-02-a %} {% link about.md %} "
        "{{ site.posts[0].title }} {{ site.tags.x.size }} {{ site.pages[0].dir }} "
        "{{ site.static_files[0].path }} {{ page.id }} {{ 'y' | absolute_url }}"
    )
    rendered = renderer.BodyRenderer(site).render(body, post)
    assert rendered.problems == ()
    assert rendered.text == (
        "`J` /b/2020/01/02/a.html /b/about/ A 1 /about/ /img/a.png /2020/01/02/a "
        "https://j.org/b/y"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[a]({% x %})", "[a](%7B% x %})"),
        ("[a]( <{{ x }}>)", "[a]( <%7B{ x }}>)"),
        ("[r]: {{ x }}", "[r]: %7B{ x }}"),
        ('<img src="{% x %}">', '<img src="%7B% x %}">'),
        ("text {{ x }} and {% y %}", "text {{ x }} and {% y %}"),
        ("`[a]({% x %})`", "`[a]({% x %})`"),
        ("```\n<a href='{{ x }}'>\n```\n", "```\n<a href='{{ x }}'>\n```\n"),
        ("[a]({filename}/p.md)", "[a]({filename}/p.md)"),
        ("[a](/blog{filename}/p.md)", "[a]({filename}/p.md)"),
        ("[a](https://x.org/blog{static}/i.png)", "[a]({static}/i.png)"),
        ("/blog/{filename}", "/blog/{filename}"),
    ],
)
def test_text_pelican_would_misread(text: str, expected: str) -> None:
    prefixes = renderer._site_prefixes("https://x.org", "/blog")
    assert renderer.pelican_safe(text, prefixes) == expected


@pytest.mark.parametrize(
    ("site_url", "parts"),
    [
        ("", ("", "")),
        ("https://x.org", ("https://x.org", "")),
        ("https://x.org/blog/", ("https://x.org", "/blog")),
        ("/blog", ("", "/blog")),
    ],
)
def test_siteurl_as_url_and_baseurl(site_url: str, parts: tuple[str, str]) -> None:
    assert split_site_url(site_url) == parts


def test_a_site_without_liquid_never_loads_the_engine(tmp_path: Path) -> None:
    # python-liquid costs a tenth of a second to import: only bodies with Liquid pay.
    write_files(
        tmp_path / "content",
        {"posts/2024-01-01-p.md": "---\ntitle: P\n---\nNo Liquid, `{x}` and {y}.\n"},
    )
    script = (
        "import sys\n"
        "from pelican import Pelican\n"
        "from pelican.settings import read_settings\n"
        f"override = {{'PATH': {str(tmp_path / 'content')!r}, "
        f"'OUTPUT_PATH': {str(tmp_path / 'output')!r}, "
        "'PLUGINS': ['postcard'], 'JEKYLL_KRAMDOWN': True}\n"
        "Pelican(read_settings(None, override=override)).run()\n"
        "print('liquid' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False"
    assert (tmp_path / "output" / "p.html").exists()

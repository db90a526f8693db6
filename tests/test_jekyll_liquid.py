# ruff: noqa: E501 (the case table keeps each Liquid snippet on its line)
"""The jekyll plugin's Liquid, compared with real Jekyll, and under hostile input."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jekyll_reference import jekyll_build

from pelican.plugins.jekyll.liquid import JekyllLiquid, Limits, load_data
from pelican.plugins.postcard_core.text import fold_whitespace

INCLUDES = {
    "greet.html": "Hello {{ include.name }}, {{ include.n | plus: 1 }}!",
    "loop.html": "{% for t in include.items %}[{{ t }}]{% endfor %}",
    "self.html": "again {% include self.html %}",
}
DATA = {
    "_data/people.yml": "- name: Ann\n  age: 30\n- name: Bob\n  age: 25\n",
    "_data/nav.json": '{"home": "/", "about": "/about/"}',
    "_data/prices.csv": "item,price\napple,3\npear,5\n",
    "_data/rows.tsv": "a\tb\n1\t2\n",
    "_data/team/leads.yml": "- Cy\n- Di\n",
}
POST_DATE = "2021-03-04 05:06:07 +0000"

# name -> body; each becomes an HTML page with layout: null in the Jekyll site
CASES = {
    "variables": "{{ site.title }} | {{ page.title }} | {{ page.date }} | {{ jekyll.environment }}",
    "assign_capture": "{% assign x = 'a' | upcase %}{% capture y %}{{ x }}-{{ x }}{% endcapture %}{{ y }}",
    "if_case": "{% if page.n > 2 %}big{% elsif page.n == 2 %}two{% else %}small{% endif %} "
    "{% unless page.n == 1 %}not one{% endunless %} "
    "{% case page.n %}{% when 1 %}one{% when 3 %}three{% else %}other{% endcase %}",
    "for_loops": "{% for i in (1..10) limit: 3 offset: 2 %}{{ i }}{% endfor %} "
    "{% for i in (1..4) reversed %}{{ i }}{% endfor %} "
    "{% for i in (1..9) %}{% if i == 3 %}{% continue %}{% endif %}{% if i == 5 %}{% break %}{% endif %}{{ forloop.index }}{% endfor %} "
    "{% for i in (1..4) %}{% cycle 'a', 'b' %}{% endfor %}",
    "counters": "{% increment c %}{% increment c %}{% decrement d %}{% decrement d %}",
    "comment_raw": "a{% comment %}hidden {{ x }}{% endcomment %}b {% raw %}{{ kept }}{% endraw %}",
    "liquid_echo": "{% liquid\nassign z = 'q'\necho z | append: '!'\n%}",
    "include": "{% include greet.html name='Ann' n=page.n %} {% include loop.html items=page.tags %}",
    "include_variable": '{% include {{ page.which }} name="Bo" n=1 %}',
    "include_relative": "{% include_relative part.txt %}",
    "post_url": "{% post_url 2021-03-04-first %} {% post_url sub/2021-03-05-second %}",
    "link": "{% link about.md %}",
    "urls": "{{ '/x/y.html' | relative_url }} {{ 'z' | absolute_url }} {{ 'https://e.org/a' | relative_url }}",
    "dates": "{{ page.date | date_to_xmlschema }} | {{ page.date | date_to_rfc822 }} | "
    "{{ page.date | date_to_string }} | {{ page.date | date_to_string: 'ordinal' }} | "
    "{{ page.date | date_to_long_string }} | {{ page.date | date_to_long_string: 'ordinal', 'US' }} | "
    "{{ page.date | date: '%Y/%m/%d %H:%M %a %b %-d %j' }} | {{ '2020-02-01' | date: '%d.%m.%Y' }}",
    "where_find": "{{ site.data.people | where: 'name', 'Bob' | map: 'age' }} "
    "{{ site.data.people | where_exp: 'p', 'p.age > 26' | map: 'name' }} "
    "{% assign f = site.data.people | find: 'age', 25 %}{{ f.name }} "
    "{% assign g = site.data.people | find_exp: 'p', \"p.name == 'Ann'\" %}{{ g.age }}",
    "group_sort": "{% assign gs = site.data.people | group_by: 'age' %}{% for g in gs %}{{ g.name }}:{{ g.size }};{% endfor %} "
    "{% assign ge = site.data.people | group_by_exp: 'p', 'p.age | modulo: 2' %}{% for g in ge %}{{ g.name }}={{ g.items | map: 'name' | join: '+' }};{% endfor %} "
    "{{ site.data.people | sort: 'age' | map: 'name' | join: ',' }} "
    "{{ site.data.prices | sort: 'price', 'last' | map: 'item' | join: ',' }} "
    "{{ page.tags | sort | join: ',' }}",
    "arrays": "{{ page.tags | push: 'z' | join: ',' }} {{ page.tags | pop | join: ',' }} "
    "{{ page.tags | shift | join: ',' }} {{ page.tags | unshift: 'a0' | join: ',' }} "
    "{{ page.tags | array_to_sentence_string }} {{ page.tags | array_to_sentence_string: 'or' }} "
    "{{ page.tags | size }} {{ page.tags | first }} {{ page.tags | last }}",
    "text_filters": "{{ \"<a href='x'>T & 'q'</a>\" | xml_escape }} | {{ 'a b&c/d?' | cgi_escape }} | "
    "{{ 'foo, bar baz?' | uri_escape }} | {{ '  a \n b  ' | normalize_whitespace }} | "
    "{{ 'one two three' | number_of_words }} | {{ '<p>Hi <b>x</b></p>' | strip_html }} | "
    "{{ 'Hello World!' | slugify }} | {{ 'Hello World!' | slugify: 'raw' }}",
    "cjk": "{{ '日本語 text です' | number_of_words: 'cjk' }} {{ '日本語 text' | number_of_words: 'auto' }} {{ 'plain words' | number_of_words: 'auto' }}",
    "jsonify_inspect": "{{ site.data.nav | jsonify }} {{ page.tags | jsonify }} {{ page.tags | inspect }} {{ nothing | inspect }}",
    "data": "{{ site.data.prices[1].item }} {{ site.data.rows[0].b }} {{ site.data.team.leads | join: '/' }} {{ site.data.nav.about }}",
    "standard": "{{ 'abc' | capitalize }} {{ 'a,b' | split: ',' | reverse | join: '-' }} {{ 10 | divided_by: 3 }} "
    "{{ 'hello' | truncate: 4 }} {{ 3.14159 | round: 2 }} {{ 'x' | default: 'y' }} {{ nil | default: 'y' }} "
    "{{ 'a b c d' | truncatewords: 2 }} {{ '<&>' | escape }} {{ 'hi' | replace: 'h', 'H' }}",
    "markdownify": "{{ 'Some *emphasis* here' | markdownify }}",
    "smartify": "{{ \"It's 'quoted' -- and...\" | smartify }}",
}


def _site_config() -> dict:
    return {
        "title": "My Site",
        "url": "https://example.org",
        "baseurl": "/blog",
        "timezone": "UTC",
    }


def _write_site(root: Path) -> None:
    files = {
        "_config.yml": "title: My Site\nurl: https://example.org\nbaseurl: /blog\n"
        "timezone: UTC\nmarkdown: kramdown\n",
        "about.md": "---\nlayout: null\n---\nAbout\n",
        "pages/part.txt": "relative part {{ page.title }}",
        "_posts/2021-03-04-first.md": "---\nlayout: null\n---\nfirst\n",
        "_posts/sub/2021-03-05-second.md": "---\nlayout: null\n---\nsecond\n",
        **{f"_includes/{name}": text for name, text in INCLUDES.items()},
        **DATA,
    }
    for name, body in CASES.items():
        files[f"pages/{name}.html"] = (
            f"---\nlayout: null\ntitle: Case {name}\ndate: {POST_DATE}\nn: 3\n"
            f"tags: [beta, alpha, gamma]\nwhich: greet.html\npermalink: /{name}.html\n"
            f"---\n<div id='out'>{body}</div>\n"
        )
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _engine(
    root: Path, *, code_is_liquid: bool = True, limits: Limits | None = None
) -> JekyllLiquid:
    data, problems = load_data(root / "_data")
    assert problems == []
    return JekyllLiquid(
        {**_site_config(), "data": data},
        site_root=root,
        includes_dir=root / "_includes",
        posts_by_name={
            "_posts/2021-03-04-first.md": "/2021/03/04/first.html",
            "_posts/sub/2021-03-05-second.md": "/2021/03/05/second.html",
        },
        links={"about.md": "/about.html"},
        code_is_liquid=code_is_liquid,
        limits=limits or Limits(),
    )


def _page(name: str) -> dict:
    return {
        "title": f"Case {name}",
        "date": dt.datetime(2021, 3, 4, 5, 6, 7, tzinfo=dt.timezone.utc),
        "n": 3,
        "tags": ["beta", "alpha", "gamma"],
        "which": "greet.html",
        "path": f"pages/{name}.html",
    }


@pytest.fixture(scope="module")
def jekyll_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("jekyll_liquid")
    source = root / "src"
    _write_site(source)
    return source, jekyll_build(source, root / "out")


def _text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    found = soup.find(id="out")
    return fold_whitespace((found or soup).get_text())


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_output_as_jekyll(name: str, jekyll_site: tuple[Path, Path]) -> None:
    source, output = jekyll_site
    expected = _text((output / f"{name}.html").read_text(encoding="utf-8"))
    body = f"<div id='out'>{CASES[name]}</div>"
    rendered = _engine(source).render(body, page=_page(name), path=f"pages/{name}.html")
    assert rendered.problems == ()
    assert _text(rendered.text) == expected


# --- the two modes ------------------------------------------------------------------


def test_code_is_not_liquid_in_a_pelican_site(tmp_path: Path) -> None:
    engine = _engine(tmp_path, code_is_liquid=False)
    body = (
        "Title {{ page.title }} and `{{ page.title }}` and `{% raw %}`\n\n"
        "```\n{{ page.title }}\n```\n\n    {% include x.html %}\n\nend {{ page.n }}\n"
    )
    rendered = engine.render(body, page={"title": "T", "n": 1}, path="p.md")
    assert rendered.problems == ()
    assert rendered.text == (
        "Title T and `{{ page.title }}` and `{% raw %}`\n\n"
        "```\n{{ page.title }}\n```\n\n    {% include x.html %}\n\nend 1\n"
    )


def test_code_is_liquid_in_a_jekyll_site(tmp_path: Path) -> None:
    engine = _engine(tmp_path, code_is_liquid=True)
    body = (
        "`{{ page.title }}` `{% raw %}{{ x }}{% endraw %}`\n\n```\n{{ page.n }}\n```\n"
    )
    rendered = engine.render(body, page={"title": "T", "n": 1}, path="p.md")
    assert rendered.text == "`T` `{{ x }}`\n\n```\n1\n```\n"


@pytest.mark.parametrize(
    ("code_is_liquid", "code"), [(True, "x = '7'"), (False, "x = '{{ page.n }}'")]
)
def test_highlight_has_pelicans_markdown_shape(
    tmp_path: Path, code_is_liquid: bool, code: str
) -> None:
    # A highlight block's body is code: Liquid in Jekyll, as written elsewhere.
    engine = _engine(tmp_path, code_is_liquid=code_is_liquid)
    body = "{% highlight python linenos %}\nx = '{{ page.n }}'\n{% endhighlight %}"
    rendered = engine.render(body, page={"n": 7}, path="p.md")
    assert rendered.problems == ()
    soup = BeautifulSoup(rendered.text, "html.parser")
    block = soup.select_one("div.highlight")
    assert block is not None and block.select_one("td.linenos") is not None
    assert block.select_one("pre > span:first-child + code") is not None
    assert block.select_one("code").get_text() == code + "\n"


def test_plugin_tags_are_plain_html(tmp_path: Path) -> None:
    body = '{% gist user/abc %}{% youtube xyz %}{% vimeo 42 %}{% img big /a.png 5 6 "T<" "A&" %}'
    soup = BeautifulSoup(
        _engine(tmp_path).render(body, page={}, path="p.md").text, "html.parser"
    )
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs == [
        "https://gist.github.com/user/abc",
        "https://www.youtube.com/watch?v=xyz",
        "https://vimeo.com/42",
    ]
    image = soup.find("img")
    assert (image["src"], image["title"], image["alt"], image["class"]) == (
        "/a.png",
        "T<",
        "A&",
        ["big"],
    )


# --- bad Liquid never loses a post ------------------------------------------------------

BAD = [
    (
        "a {% nosuch x %} b {{ page.n }}",
        "a {% nosuch x %} b 1",
        (1, 3),
        "unexpected tag",
    ),
    (
        "a {{ 1 | nosuch }} b {{ page.n }}",
        "a {{ 1 | nosuch }} b 1",
        (1, 3),
        "unknown filter",
    ),
    ("x\n{% if page.n %}y {{ page.n }}", "x\n{% if page.n %}y 1", (2, 1), "endif"),
    (
        "{% include missing.html %} {{ page.n }}",
        "{% include missing.html %} 1",
        (1, 1),
        "no file",
    ),
    (
        "{% for %}z{% endfor %}{{ page.n }}",
        "{% for %}z{% endfor %}1",
        (1, 1),
        "missing expression",
    ),
    ("ok {{ abc", "ok {{ abc", (1, 4), "expected"),
    (
        "{% post_url 2000-01-01-none %}",
        "{% post_url 2000-01-01-none %}",
        (1, 1),
        "no post",
    ),
]


@pytest.mark.parametrize(("body", "text", "place", "words"), BAD)
def test_bad_liquid_is_one_problem_and_kept(
    tmp_path: Path, body: str, text: str, place: tuple[int, int], words: str
) -> None:
    rendered = _engine(tmp_path).render(body, page={"n": 1}, path="p.md", first_line=4)
    assert rendered.text == text
    assert len(rendered.problems) == 1
    problem = rendered.problems[0]
    assert (problem.line - 3, problem.column) == place
    assert words in problem.message


def test_include_outside_the_site_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_includes").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("SECRET")
    (site / "_includes" / "link.html").symlink_to(tmp_path / "secret.txt")
    engine = _engine(site)
    for body in (
        "{% include ../../etc/passwd %}",
        "{% include link.html %}",
        "{% include_relative ../secret.txt %}",
    ):
        rendered = engine.render(body, page={"path": "p.md"}, path="p.md")
        assert "SECRET" not in rendered.text and "root:" not in rendered.text
        assert len(rendered.problems) == 1


@pytest.mark.parametrize(
    "body",
    [
        "{% for i in (1..100000000) %}x{% endfor %}",
        "{% include self.html %}",
        "{% for i in (1..5000) %}{% for j in (1..5000) %}{% endfor %}{% endfor %}",
        "{% assign s = 'ab' %}{% for i in (1..60) %}{% assign s = s | append: s %}{% endfor %}",
        "{{ (1..100000000) | join: ',' }}",
    ],
)
def test_runaway_liquid_stops_fast(tmp_path: Path, body: str) -> None:
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / "self.html").write_text(INCLUDES["self.html"])
    started = time.monotonic()
    rendered = _engine(tmp_path).render(body, page={}, path="p.md")
    assert time.monotonic() - started < 1.0
    assert rendered.problems
    assert len(rendered.text) < 100_000


def test_time_limit_ends_the_render(tmp_path: Path) -> None:
    engine = _engine(tmp_path, limits=Limits(seconds=0.2, loop_iterations=10**9))
    body = "{% for i in (1..3000000) %}{{ i }}{% endfor %}"
    started = time.monotonic()
    rendered = engine.render(body, page={}, path="p.md")
    assert time.monotonic() - started < 1.0
    assert "time limit" in rendered.problems[0].message


def test_values_are_not_escaped(tmp_path: Path) -> None:
    rendered = _engine(tmp_path).render(
        "{{ page.x }}", page={"x": "<b>&</b>"}, path="p.md"
    )
    assert rendered.text == "<b>&</b>"


def test_broken_data_file_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "_data" / "deep").mkdir(parents=True)
    (tmp_path / "_data" / "bad.yml").write_text("a: [1,\n")
    (tmp_path / "_data" / "deep" / "ok.json").write_text('{"k": 1}')
    data, problems = load_data(tmp_path / "_data")
    assert data == {"deep": {"ok": {"k": 1}}}
    assert [name for name, _ in problems] == ["bad.yml"]
    assert problems[0][1].line == 2


# The pieces random Liquid is made of (test_jekyll_bodies adds code and links).
LIQUID_TOKENS = (
    "{%",
    "%}",
    "{{",
    "}}",
    "-",
    " ",
    "if",
    "endif",
    "for",
    "endfor",
    "raw",
    "endraw",
    "x",
    "in",
    "(1..3)",
    "|",
    "upcase",
    "include",
    "'a'",
    "`",
    "\n",
    "comment",
    "endcomment",
    "capture",
    "assign",
    "=",
    "page.n",
    ":",
    ",",
)
LIQUIDISH = st.lists(st.sampled_from(LIQUID_TOKENS), max_size=40).map("".join)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(LIQUIDISH, st.booleans())
def test_random_liquid_never_raises(tmp_path: Path, body: str, code: bool) -> None:
    started = time.monotonic()
    rendered = _engine(tmp_path, code_is_liquid=code).render(
        body, page={"n": 2}, path="p.md"
    )
    assert isinstance(rendered.text, str)
    assert time.monotonic() - started < 2.5

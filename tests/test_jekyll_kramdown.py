"""The kramdown profile against real kramdown, run as Jekyll runs it.

One Ruby process converts every case with Jekyll's own ``KramdownParser`` and
Jekyll's default configuration, cuts the excerpts with Jekyll's ``Excerpt`` and
lists the characters Ruby's ``\\p{Word}`` keeps; the profile must agree. Without
Ruby and Jekyll the tests skip (and fail under ``CI``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import unicodedata
from typing import Any

import markdown
import pytest
from bs4 import BeautifulSoup, Tag

from pelican.plugins.jekyll.kramdown.extension import (
    EXTENSION_NAME,
    LIQUID_BLOCK_TAGS,
    convert,
    excerpt_source,
    extract_excerpt,
    gfm_header_id,
    kramdown_extensions,
    parse_attribute_list,
)
from pelican.plugins.jekyll.kramdown.profile import kramdown_options
from pelican.plugins.postcard_core.text import fold_whitespace

CASES: dict[str, str] = {
    "ids_basic": "# Install & Setup\n\n## Install & Setup\n\n### Install & Setup\n",
    "ids_inline": "## Install `pip` *now* it's_ok\n\n## a -- b --- c\n",
    "ids_unicode": "# Ünïcode — dash ½ Ⅻ x²\n\n# Ⓐ circled\n",
    "ids_counter_clash": "# a\n\n# a\n\n# a 1\n",
    "ids_setext": "Setext one\n==========\n\nSetext two\n----------\n",
    "ids_explicit": (
        "## Install & Setup {#custom}\n\n## Heading\n{: #h2 .cls}\n\n## Heading\n"
    ),
    "ids_empty": "# !!!\n\n# ok\n",
    "ids_entities": "# Fish &amp; chips &copy; 2024\n",
    "ids_link_in_heading": "## See [the docs](https://example.com/docs)\n\n[up](#see-the-docs)\n",
    "toc_basic": "* TOC\n{:toc}\n\n# One\n\n## Two\n\n### Three\n\n# Four\n",
    "toc_ordered_levels": "1. TOC\n{:toc}\n\n## Two\n\n# One\n\n### Three\n",
    "toc_no_toc": "* x\n{:toc}\n\n# Kept\n\n# Skipped\n{: .no_toc}\n",
    "toc_links_footnotes": "* x\n{:toc}\n\n# A [link](/a) here[^1]\n\n[^1]: Note.\n",
    "toc_custom_id": "* x\n{: #contents toc}\n\n# A\n\n## B\n",
    "not_a_toc_extension": "{::toc}\n\n# A\n",
    "ial_paragraph": 'Para with\n{: .x key="v"}\n\nNext\n',
    "ial_before": "{: .lead}\nThe lead paragraph.\n",
    "ial_list": "* one\n* two\n{: .items}\n",
    "ald_refs": "{:ref: .a #b}\n\nUse\n{: ref}\n\n{:two: ref .c}\n\nAgain\n{: two}\n",
    "ial_span": 'Span *emph*{: .y} and [link](/x){: title="t"} here\n',
    "comment": (
        "x {::comment}hidden{:/comment} y\n\n{::comment}\nblock\n{:/comment}\n\nz\n"
    ),
    "options": '{::options auto_ids="false" /}\n\n# Heading\n\nText\n',
    "nomarkdown": "{::nomarkdown}<span>*raw*</span>{:/nomarkdown} text\n",
    "footnotes": (
        "Note[^1] and again[^n].\n\n[^1]: First.\n[^n]: Second\n\n    more para.\n"
    ),
    "footnotes_order": "B[^b] then A[^a].\n\n[^a]: Alpha.\n[^b]: Beta.\n",
    "footnotes_repeat": "One[^x] two[^x].\n\n[^x]: Shared.\n",
    "deflist": "Term\n: Definition\n\nT2\n: D2a\n: D2b\n",
    "typography": "'single' \"double\" it's -- --- ... << x >> <<y>>\n",
    "typography_edges": "The '90s, \"a 'b' c\", rock 'n' roll, 5'10\".\n",
    "fences": "```python\nprint(1)\n```\n\n~~~ruby\nputs 1\n~~~\n\n```\nplain\n```\n",
    "indented_code": "Text\n\n    indented\n    code\n",
    "line_breaks": "line one\nline two  \nline three\\\nline four\n",
    "table": "| a | b |\n|---|:-:|\n| 1 | 2 |\n",
    "paragraph_end": "Para\n* list right after\n* two\n\nPara\n# head\n> quote\n",
    "strike_tasks": "~~strike~~ text\n\n- [ ] task\n- [x] done\n",
    "abbr": "The HTML spec.\n\n*[HTML]: Hyper Text Markup Language\n",
    "links": "[inline](/a) [ref][r] <https://example.com/auto>\n\n[r]: /b\n",
    "emphasis": "*em* **strong** _em_ __strong__ `code & <b>`\n",
    "blockquote_heading": "> # Quoted heading\n>\n> text\n\n# Quoted heading\n",
    "pipes_without_rule": "Results: a | b | c\n",
    "math": "Inline $$x^2$$ math\n\n$$\na+b\n$$\n",
}

# A case whose output cannot be made equal, with the reason. The test checks that
# each is still a real difference, so the list cannot outlive the difference.
DIFFERENCES: dict[str, str] = {
    "options": "{::options} is removed and reported, not applied: kramdown applies "
    "auto_ids=false, the profile still gives the heading an id",
    "typography_edges": "smarty reads the quote in 5'10\" as opening (‘), kramdown "
    "as closing (’) after a digit",
    "pipes_without_rule": "kramdown makes a table of any line with a '|'; Python-"
    "Markdown's tables need a header and a '---|---' line",
    "math": "kramdown's $$…$$ math becomes \\(…\\) and \\[…\\] for MathJax; here it "
    "stays text",
}

RUBY = r"""
require "json"
require "jekyll"
config = Jekyll::Configuration.from({})
parser = Jekyll::Converters::Markdown::KramdownParser.new(config)
options = parser.instance_variable_get(:@config)
input = JSON.parse($stdin.read)
cases = input["cases"].transform_values do |text|
  doc = Kramdown::JekyllDocument.new(text, options)
  {"html" => doc.to_html, "warnings" => doc.warnings}
end
Stub = Struct.new(:excerpt_separator, :relative_path, :content)
excerpts = input["excerpts"].map do |body, separator|
  excerpt = Jekyll::Excerpt.allocate
  excerpt.doc = Stub.new(separator, "post.md", body)
  excerpt.send(:extract_excerpt, body)
end
blocks = Liquid::Template.tags.map { |name, _| name }.select do |name|
  Liquid::Template.tags[name].ancestors.include?(Liquid::Block)
end
word = (0..0xFFFF).reject { |c| (0xD800..0xDFFF).include?(c) }.select do |c|
  [c].pack("U") =~ /[\p{Word}\- \t]/
end
unassigned = (0..0xFFFF).reject { |c| (0xD800..0xDFFF).include?(c) }.select do |c|
  [c].pack("U") =~ /\p{Cn}/
end
puts JSON.generate("cases" => cases, "excerpts" => excerpts, "blocks" => blocks,
                   "word" => word, "unassigned" => unassigned)
"""

EXCERPTS: list[tuple[str, str]] = [
    ("First paragraph.\n\nSecond.\n", "\n\n"),
    ("Only one paragraph\nwith two lines.\n", "\n\n"),
    ("Ends at the separator.\n\n", "\n\n"),
    (
        "Intro [link][1] and [other].\n\nMore.\n\n[1]: https://example.com/\n"
        '[other]: /o "T"\n   [unused]: /u\n',
        "\n\n",
    ),
    ("Before\n<!--more-->\nAfter\n", "<!--more-->"),
    ("No marker here.\n\nStill none.\n", "<!--more-->"),
    ("{% if x %}\nIn the block\n\nstill\n{% endif %}\n", "\n\n"),
    ("{% for a in b %}{% capture c %}x\n\ny{% endcapture %}{% endfor %}\n", "\n\n"),
    ("{% raw %}a{% endraw %} {% include x.html %}\n\nb\n", "\n\n"),
]


def _require_ruby() -> None:
    if shutil.which("ruby") is None or shutil.which("jekyll") is None:
        if os.environ.get("CI"):
            pytest.fail("ruby and jekyll are needed: .ci/run installs Debian's jekyll")
        pytest.skip(
            "ruby and jekyll are not installed (Debian: apt-get install jekyll)"
        )


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    """Everything the Ruby side computes, from one process."""
    _require_ruby()
    payload = json.dumps({"cases": CASES, "excerpts": EXCERPTS})
    result = subprocess.run(
        ["ruby", "-e", RUBY],
        input=payload,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "LANG": "C.UTF-8"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# -- comparisons ----------------------------------------------------------------


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _shape(element: Tag) -> tuple:
    """An element's tag, identifying attributes and child elements, no text."""
    keys = ("id", "class", "role", "href", "rel")
    attributes = tuple(
        (key, " ".join(value) if isinstance(value, list) else value)
        for key, value in sorted(element.attrs.items())
        if key in keys
    )
    return (
        element.name,
        attributes,
        tuple(_shape(c) for c in element.find_all(True, recursive=False)),
    )


def _structures(soup: BeautifulSoup) -> list[tuple]:
    found = soup.select("#markdown-toc, #contents, div.footnotes, dl, sup[id^=fnref]")
    return [_shape(element) for element in found]


def _facts(html: str) -> dict[str, Any]:
    soup = _soup(html)
    return {
        "text": fold_whitespace(soup.get_text()),
        "ids": [
            h.get("id") for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
        ],
        "links": {a["href"] for a in soup.find_all("a", href=True)},
        "structure": _structures(soup),
    }


def _differences(expected_html: str, actual_html: str) -> dict[str, tuple]:
    expected, actual = _facts(expected_html), _facts(actual_html)
    return {k: (expected[k], actual[k]) for k in expected if expected[k] != actual[k]}


@pytest.mark.parametrize("case", sorted(CASES))
def test_profile_matches_kramdown(reference: dict[str, Any], case: str) -> None:
    expected = reference["cases"][case]["html"]
    actual, _ = convert(CASES[case])
    differences = _differences(expected, actual)
    if case in DIFFERENCES:
        assert differences, f"{case} now matches kramdown: drop it from DIFFERENCES"
    else:
        assert not differences, differences


def test_every_documented_difference_is_a_case() -> None:
    assert set(DIFFERENCES) <= set(CASES)


def test_code_blocks_have_kramdown_rouge_shape(reference: dict[str, Any]) -> None:
    for case in ("fences", "indented_code"):
        expected = _soup(reference["cases"][case]["html"])
        actual = _soup(convert(CASES[case])[0])
        shape = [
            (div["class"], [c["class"] for c in div.select("div > pre")])
            for div in expected.select("div.highlighter-rouge")
        ]
        assert shape == [
            (div["class"], [c["class"] for c in div.select("div > pre")])
            for div in actual.select("div.highlighter-rouge")
        ]


def test_inline_code_and_task_list_classes(reference: dict[str, Any]) -> None:
    for case in ("emphasis", "strike_tasks"):
        expected = _soup(reference["cases"][case]["html"])
        actual = _soup(convert(CASES[case])[0])
        for selector in ("code", "li", "ul", "input"):
            assert [e.get("class") for e in expected.select(selector)] == [
                e.get("class") for e in actual.select(selector)
            ], (case, selector)


def test_ial_attributes_match(reference: dict[str, Any]) -> None:
    for case in ("ial_paragraph", "ial_before", "ial_list", "ald_refs", "ial_span"):
        expected = _soup(reference["cases"][case]["html"])
        actual = _soup(convert(CASES[case])[0])

        def attributes(soup: BeautifulSoup) -> list:
            return [
                (e.name, sorted(e.attrs.items()))
                for e in soup.find_all(True)
                if e.attrs
            ]

        assert attributes(expected) == attributes(actual), case


# -- heading id characters --------------------------------------------------------


def test_id_characters_are_rubys_word_characters(reference: dict[str, Any]) -> None:
    word = set(reference["word"])
    unassigned = set(reference["unassigned"])
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF or code in unassigned:
            continue
        char = chr(code)
        if unicodedata.category(char) == "Cn":
            continue
        kept = gfm_header_id(char) != "" or char in " \t"
        assert kept == (code in word), hex(code)


# -- problems ---------------------------------------------------------------------


def test_options_are_removed_with_a_warning() -> None:
    html, problems = convert('Text\n\n{::options auto_ids="false" /}\n\n# H\n')
    assert "options" not in _soup(html).get_text()
    assert [(p.line, p.column) for p in problems] == [(3, 1)]
    assert "options" in problems[0].message


def test_problem_lines_survive_fenced_code_and_comments() -> None:
    text = "```\na\nb\nc\n```\n\n{::comment}\nx\ny\n{:/comment}\n\n{::unknown}\n"
    _, problems = convert(text)
    assert [(p.line, p.column) for p in problems] == [(12, 1)]


def test_invalid_attribute_list_is_reported() -> None:
    _, problems = convert("Para\n{: =}\n")
    assert [(p.line, p.column) for p in problems] == [(2, 1)]


def test_comment_cannot_close_early() -> None:
    html, _ = convert("a {::comment}x --> <script>{:/comment} b\n")
    assert _soup(html).find("script") is None


# -- excerpts -----------------------------------------------------------------------


def test_excerpts_match_jekyll(reference: dict[str, Any]) -> None:
    assert [excerpt_source(body, sep) for body, sep in EXCERPTS] == reference[
        "excerpts"
    ]


def test_liquid_block_tags_are_jekylls(reference: dict[str, Any]) -> None:
    assert set(reference["blocks"]) == LIQUID_BLOCK_TAGS


def test_excerpt_reports_closed_blocks() -> None:
    assert extract_excerpt("{% if a %}x\n\ny{% endif %}", "\n\n").closed_blocks == (
        "if",
    )


# -- settings ------------------------------------------------------------------------


def test_kramdown_extensions_keeps_the_sites_own_and_replaces_the_rest() -> None:
    site = {
        "extension_configs": {
            "markdown.extensions.codehilite": {"css_class": "highlight"},
            "markdown.extensions.extra": {},
            "markdown.extensions.meta": {},
        },
        "extensions": ["markdown.extensions.toc", "markdown.extensions.sane_lists"],
        "output_format": "html5",
    }
    settings = kramdown_extensions(site, {"auto_id_prefix": "p-", "unknown": 1})
    assert set(settings["extension_configs"]) == {
        "markdown.extensions.meta",
        EXTENSION_NAME,
    }
    assert settings["extension_configs"][EXTENSION_NAME] == {"auto_id_prefix": "p-"}
    assert settings["extensions"] == ["markdown.extensions.sane_lists", EXTENSION_NAME]
    md = markdown.Markdown(**settings)
    assert 'id="p-a"' in md.convert("# A")  # the prefix reaches the ids


def test_state_does_not_leak_between_documents() -> None:
    md = markdown.Markdown(**kramdown_extensions({}))
    first = _soup(md.convert("# A\n\n# A\n"))
    md.reset()
    second = _soup(md.convert("# A\n"))
    assert [h["id"] for h in first.find_all("h1")] == ["a", "a-1"]
    assert [h["id"] for h in second.find_all("h1")] == ["a"]


def test_parse_attribute_list() -> None:
    parsed = parse_attribute_list(' #x .a .b key="v \\" q" ref ')
    assert parsed.attributes == (
        ("id", "x"),
        ("class", "a"),
        ("class", "b"),
        ("key", 'v " q'),
    )
    assert parsed.refs == ("ref",)


@pytest.mark.parametrize(
    ("value", "options", "problems"),
    [
        (
            {"footnote_backlink": 5, "hard_wrap": "x"},
            {"footnote_backlink": "5", "hard_wrap": True},
            0,
        ),
        (
            {"footnote_backlink": None, "auto_ids": None},
            {"footnote_backlink": "", "auto_ids": False},
            0,
        ),
        ({"toc_levels": "2..3"}, {"toc_levels": [2, 3]}, 0),
        ({"toc_levels": 5}, {"toc_levels": [5]}, 0),
        ({"toc_levels": "9..1"}, {}, 1),
        ({"toc_levels": [1, "x"], "smart_quotes": "a,b"}, {}, 2),
        (
            {"smart_quotes": ["lsquo", "rsquo", "ldquo", "rdquo"]},
            {"smart_quotes": "lsquo,rsquo,ldquo,rdquo"},
            0,
        ),
        ({"input": "GFM", "entity_output": "as_char"}, {}, 0),
        ("x", {}, 1),
        (None, {}, 0),
    ],
)
def test_config_options_are_read_as_jekyll_reads_them(value, options, problems) -> None:
    found, said = kramdown_options(value)
    assert found == options
    assert len(said) == problems

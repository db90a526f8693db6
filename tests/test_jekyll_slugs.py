"""jekyll.slugs against real Jekyll: ``Jekyll::Utils.slugify`` in every mode.

One ``ruby`` process loads Jekyll and slugifies the whole table; without Ruby
and Jekyll the comparison is skipped, except in CI.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from jekyll_reference import ruby_lines

from pelican.plugins.jekyll.rules.slugs import (
    MODES,
    slugify,
    titleize_slug,
    transliterate_latin,
)

_RUBY_TABLE = r"""
require "jekyll"
require "json"
Jekyll.logger.log_level = :error
STDIN.each_line do |line|
  c = JSON.parse(line)
  slug = Jekyll::Utils.slugify(c["text"], mode: c["mode"], cased: c["cased"])
  puts JSON.generate({"slug" => slug})
end
"""

TEXTS = (
    "We-Are-Hiring",
    "jekyll-sass-converter-3.0-released",
    "The _config.yml file",
    "Hello, World!  (again)",
    "  --leading and trailing--  ",
    "---",
    "",
    "C++ & C# in 2024: a review",
    "100% pure [bracketed] {braced} <angled>",
    "Ünïcödé Çafé Ærøskøbing straße",
    "Œuvre ŉ Ŋ ĳ Ŀ ŀ ÷ × ſ",
    "日本語のタイトル",
    "Русский текст",
    "ΟΔΟΣ ΑΣ",
    "İstanbul",
    "مرحبا بالعالم",
    "emoji 🎉 party",
    "e\u0301 combining",
    "tabs\tand\nnewlines\r\n",
    "file.name.with.dots.",
    "a.b_c~d!e$f&g'h(i)j+k,l;m=n@o",
    "slash/and\\backslash",
    "digits ١٢٣ ² ½",
    "MiXeD CaSe",
)

# Every character of Latin-1 and Latin Extended-A/B, one string per block,
# so "latin" and the letter classes are checked character by character.
BLOCKS = (
    "".join(chr(c) for c in range(0x20, 0x7F)),
    "".join(chr(c) for c in range(0xA0, 0x100)),
    "".join(chr(c) for c in range(0x100, 0x180)),
    "".join(chr(c) for c in range(0x180, 0x250)),
)


def _ruby_slugs(cases: list[dict[str, object]]) -> list[str | None]:
    answers = ruby_lines(_RUBY_TABLE, cases, needs_jekyll=True)
    return [answer["slug"] for answer in answers]  # type: ignore[index]


def test_slugify_matches_jekyll_in_every_mode() -> None:
    cases = [
        {"text": text, "mode": mode, "cased": cased}
        for text in (*TEXTS, *BLOCKS)
        for mode in MODES
        for cased in (False, True)
    ]
    expected = _ruby_slugs(cases)
    assert len(expected) == len(cases)
    differences = [
        (case, slug, mine)
        for case, slug in zip(cases, expected, strict=True)
        if (mine := slugify(str(case["text"]), str(case["mode"]), bool(case["cased"])))
        != slug
    ]
    assert differences == []


def test_latin_characters_one_by_one_match_i18n() -> None:
    # Character by character, so a run of "?" cannot hide one wrong letter.
    chars = [chr(c) for c in range(0xA0, 0x250)]
    cases = [{"text": f"a{char}b", "mode": "latin", "cased": True} for char in chars]
    expected = _ruby_slugs(cases)
    mine = [slugify(f"a{char}b", "latin", cased=True) for char in chars]
    assert mine == expected


def test_known_slugs() -> None:
    assert slugify("We-Are-Hiring") == "we-are-hiring"
    assert slugify("We-Are-Hiring", "pretty", cased=True) == "We-Are-Hiring"
    assert slugify("jekyll-sass-converter-3.0-released") == (
        "jekyll-sass-converter-3-0-released"
    )
    assert slugify("jekyll-sass-converter-3.0-released", "pretty") == (
        "jekyll-sass-converter-3.0-released"
    )
    assert slugify("Ærøskøbing straße", "latin") == "aeroskobing-strasse"
    assert slugify("日本語", "ascii") == ""
    assert slugify("The Title", "none") == "the title"
    assert slugify("The Title", "unknown-mode", cased=True) == "The Title"
    assert slugify("ΟΔΟΣ", "raw") == "οδοσ"  # Ruby has no final sigma
    assert transliterate_latin("Œuvre ÷ 日") == "OEuvre ? ?"


@given(st.text(max_size=40), st.sampled_from(MODES), st.booleans())
def test_slugify_never_raises_and_trims(text: str, mode: str, cased: bool) -> None:
    slug = slugify(text, mode, cased)
    if mode in ("default", "ascii", "latin", "pretty"):
        assert not slug.startswith("-") and not slug.endswith("-")
        assert "--" not in slug


_RUBY_TITLES = r"""
require "jekyll"
require "json"
STDIN.each_line do |line|
  puts JSON.generate({"slug" => Jekyll::Utils.titleize_slug(JSON.parse(line)["text"])})
end
"""


def test_titleize_slug_matches_jekyll() -> None:
    slugs = [*TEXTS, "a--b-", "-x", "iOS-tips", "ǆemal-straße", "x-"]
    answers = ruby_lines(_RUBY_TITLES, [{"text": s} for s in slugs], needs_jekyll=True)
    expected = [answer["slug"] for answer in answers]  # type: ignore[index]
    assert [titleize_slug(s) for s in slugs] == expected
    assert titleize_slug("We-Are-Hiring") == "We Are Hiring"

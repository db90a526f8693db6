"""Ruby's ``File.fnmatch?`` (jekyll.globs) against Ruby itself.

A table of the rules that differ from Python's ``fnmatch`` (leading dots,
``[]``, unclosed brackets and braces, ``**/``) is checked as written, and
again, with a few thousand patterns made from a small alphabet, against
``ruby -e 'File.fnmatch?'`` in one run (skipped without Ruby, failed in CI).
"""

from __future__ import annotations

import random

import pytest
from jekyll_reference import ruby_lines

from pelican.plugins.jekyll.rules.globs import dir_glob_regex, fnmatch

P, D, E = 1, 2, 4  # FNM_PATHNAME, FNM_DOTMATCH, FNM_EXTGLOB, as flags here

# (pattern, text, flags, what Ruby 3.1 answers)
TABLE = [
    ("*", ".profile", 0, False),
    ("*", "a/.b", 0, True),
    (".*", ".a", 0, True),
    ("\\.x", ".x", 0, True),
    ("[.]x", ".x", 0, False),
    ("*", ".profile", D, True),
    ("[]a]", "]", 0, False),
    ("[]a]", "a", 0, False),
    ("[!]", "x", 0, True),
    ("[!]", "/", P, False),
    ("[a", "[a", 0, False),
    ("a[", "a[", 0, False),
    ("a\\", "a", 0, True),
    ("[z-a]", "z", 0, True),
    ("[z-a]", "m", 0, False),
    ("[a-]", "-", 0, True),
    ("[\\]]", "]", 0, True),
    ("[^a]", "/", 0, True),
    ("[/]", "/", P, False),
    ("?", "/", P, False),
    ("*.md", "a/b.md", 0, True),
    ("*.md", "a/b.md", P, False),
    ("**/b", "b", P, True),
    ("**/b", "x/y/b", P, True),
    ("**/b", ".x/b", P, False),
    ("**/b", ".x/b", P | D, True),
    ("a**/b", "ax/b", P, True),
    ("a**/b", "a/x/b", P, False),
    ("a/*", "a/.x", P, False),
    ("x/**/", "x/", P, True),
    ("**", "a/b", P, False),
    ("{a,b}c", "bc", E, True),
    ("{a,b}c", "bc", 0, False),
    ("{a,{b,c}}d", "cd", E, True),
    ("{a/b,c}", "a/b", E | P, True),
    ("{a", "{a", E, False),
    ("{a", "{a", 0, True),
    ("a}", "a}", E, True),
    ("\\{a,b}", "{a,b}", E, True),
    # Found by the random comparison below, kept as examples.
    ("[[-**/{.]", "{", P | D, True),  # a bracket holds a "/"
    ("**/[**/[]", ".a/[a/b/[", P | D | E, True),
    ("[/],*", "/,.b", P | D | E, False),  # ...but never matches one
    ("[**/{/.]", "/", P, False),
    ("**\\/?", ".//{", P | D | E, False),  # an escaped "/" makes no "**/"
]


def _flags(flags: int) -> dict[str, bool]:
    return {
        "pathname": bool(flags & P),
        "dotmatch": bool(flags & D),
        "braces": bool(flags & E),
    }


@pytest.mark.parametrize(("pattern", "text", "flags", "expected"), TABLE)
def test_the_rules_that_differ_from_pythons_fnmatch(
    pattern: str, text: str, flags: int, expected: bool
) -> None:
    assert fnmatch(pattern, text, **_flags(flags)) is expected


def test_dir_glob_is_pathname_with_braces() -> None:
    regex = dir_glob_regex("notes/{a,b}/**/*.md")
    assert regex.fullmatch("notes/a/x/y/z.md")
    assert regex.fullmatch("notes/b/z.md")
    assert not regex.fullmatch("notes/c/z.md")
    assert not regex.fullmatch("notes/a/.hidden/z.md")
    assert not regex.fullmatch("notes/a/.z.md")


_RUBY_SCRIPT = """
require "json"
flags = [File::FNM_PATHNAME, File::FNM_DOTMATCH, File::FNM_EXTGLOB]
STDIN.each_line do |line|
  pattern, text, mine = JSON.parse(line)
  value = flags.each_with_index.sum { |flag, i| mine[i] == 1 ? flag : 0 }
  puts JSON.generate(File.fnmatch?(pattern, text, value))
end
"""


def _ruby_answers(cases: list[tuple[str, str, int]]) -> list[bool]:
    lines = [
        [pattern, text, [flags & P and 1, flags & D and 1, flags & E and 1]]
        for pattern, text, flags in cases
    ]
    return ruby_lines(_RUBY_SCRIPT, lines)  # type: ignore[return-value]


def _random_cases(count: int) -> list[tuple[str, str, int]]:
    """Patterns from the characters that matter, each with a random text or a
    text made to fit it (wildcards filled in), reproducibly."""
    rng = random.Random(20240521)
    pattern_chars = ["a", "b", ".", "/", "*", "**/", "?", "[", "]", "!", "-", "{", "}"]
    pattern_chars += [",", "\\"]
    text_chars = ["a", "b", ".", "/", "-", "]", "{", "}", ","]
    fill = {"*": ["", "a", ".b", "a/b"], "**/": ["", "a/", ".a/", "a/b/"]}
    fill |= {"?": ["a", ".", "/"], "\\": [""], "[": ["", "["], "]": ["", "]"]}
    cases = []
    for _ in range(count):
        parts = rng.choices(pattern_chars, k=rng.randint(0, 7))
        if rng.random() < 0.5:
            text = "".join(rng.choice(fill.get(part, [part])) for part in parts)
        else:
            text = "".join(rng.choices(text_chars, k=rng.randint(0, 6)))
        cases.append(("".join(parts), text, rng.randint(0, 7)))
    return cases


def test_the_table_and_random_patterns_match_ruby() -> None:
    cases = [(p, t, f) for p, t, f, _ in TABLE] + _random_cases(4000)
    answers = _ruby_answers(cases)
    assert [expected for *_, expected in TABLE] == answers[: len(TABLE)]
    differences = [
        (pattern, text, flags, answer)
        for (pattern, text, flags), answer in zip(cases, answers, strict=True)
        if fnmatch(pattern, text, **_flags(flags)) is not answer
    ]
    assert differences == []
    # Both answers come up often, or the comparison proves little.
    assert 200 < sum(answers) < len(answers) - 200

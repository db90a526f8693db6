"""postcard_core.document: YAML headers split and loaded safely, without Pelican."""

from __future__ import annotations

import datetime
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pelican.plugins.postcard_core import document
from pelican.plugins.postcard_core.document import (
    MAX_HEADER_BYTES,
    Document,
    decode_source,
    has_front_matter,
    parse_document,
)
from pelican.plugins.postcard_core.problems import FrontMatterError, Problem

# --- parse_document ---------------------------------------------------------------


def test_splits_header_and_body_with_file_lines() -> None:
    text = "\n\n---\nTitle: A\ntags: [x, 2]\n---\nFirst body line\n---\nlast\n"
    doc = parse_document(text, "a.md")
    assert doc.has_header
    assert doc.metadata == {"title": "A", "tags": ["x", 2]}
    assert doc.body == "First body line\n---\nlast\n"
    assert doc.body_line == 7
    assert dict(doc.key_lines) == {"title": 4, "tags": 5}
    assert dict(doc.as_written) == {"title": "A", "tags": ("x", "2")}


def test_no_header_is_all_body() -> None:
    for text in ("Title: native\n\nBody", "Body\n---\nmore", "----\nx\n----\n", ""):
        doc = parse_document(text)
        assert doc == Document(body=text)
        assert not has_front_matter(text)


@pytest.mark.parametrize(
    "text",
    [
        "---\n---\nbody",
        "---\n...\nbody",
        "---\n\n   \n---\nbody",
        "---\n# only a comment\n---\nbody",
        "\ufeff---\r\n---\r\nbody",
    ],
)
def test_empty_headers(text: str) -> None:
    doc = parse_document(text)
    assert doc.has_header
    assert doc.metadata == {}
    assert doc.body.rstrip("\r\n") == "body" or doc.body == "body"
    assert has_front_matter(text)


def test_crlf_and_bom() -> None:
    doc = parse_document("\ufeff---\r\ntitle: A\r\ndate: 2024-01-02\r\n---\r\nBody\r\n")
    assert doc.metadata == {"title": "A", "date": datetime.date(2024, 1, 2)}
    assert doc.body == "Body\r\n"
    assert doc.body_line == 5


def test_closing_delimiter_must_start_its_line() -> None:
    doc = parse_document("---\ntitle: a --- b\ntext: |\n  ---\n  x\n---\nbody")
    assert doc.metadata == {"title": "a --- b", "text": "---\nx\n"}
    assert doc.body == "body"


def test_timestamps_keep_their_offset() -> None:
    doc = parse_document(
        "---\nd: 2024-05-21T07:00:00-07:00\ne: 2024-05-21 07:00\n---\n"
    )
    assert doc.metadata["d"].utcoffset() == datetime.timedelta(hours=-7)
    assert doc.metadata["e"] == "2024-05-21 07:00"  # not a YAML timestamp: text


def test_duplicate_keys_are_a_problem_and_the_last_wins() -> None:
    doc = parse_document("---\ntitle: one\nTitle: two\n---\n")
    assert doc.metadata == {"title": "two"}
    assert doc.problems == (
        Problem(3, 1, "'Title' is given twice (first on line 2); the last one is used"),
    )


def test_small_aliases_and_merge_keys_are_fine() -> None:
    doc = parse_document("---\nbase: &b {a: 1}\nother:\n  <<: *b\n  c: 2\n---\n")
    assert doc.metadata["other"] == {"a": 1, "c": 2}


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("---\ntitle: a: b\n---\n", (2, 9), "mapping values are not allowed"),
        ("\n---\n- a\n---\n", (3, 1), "must be a mapping"),
        ("---\n'just text'\n---\n", (2, 1), "must be a mapping"),
        ("\n---\ntitle: x\n", (2, 1), "never closed"),
        ("---", (1, 1), "never closed"),
        ("---\nx: !!python/name:os.system\n---\n", (2, 4), "unsafe YAML tag"),
        ("---\nx: !!binary aGk=\ny: !local 1\n---\n", (3, 4), "unsupported YAML tag"),
        ("---\nx: *nowhere\n---\n", (2, 4), "undefined alias"),
        ("---\nx: &a [*a]\n---\n", (2, 4), "refers to itself"),
        ("---\nx: [1, 2\n---\n", (3, 1), "invalid YAML"),
        ("---\nx: 1\ndate: 2024-02-30\n---\n", (3, 7), "day is out of range"),
        ("---\nx: [1, !!int abc]\n---\n", (2, 8), "invalid value 'abc'"),
        ("---\nx: !!timestamp soon\n---\n", (2, 4), "invalid value 'soon'"),
        ("---\nx: !!int\n---\n", (2, 4), "invalid value ''"),
        ("---\nx: 1\n\ty: 2\n---\n", (3, 1), "tab"),
        ("---\nx: 1\ny: 'a\x9bb'\n---\n", (3, 6), "U+009B is a control character"),
    ],
)
def test_errors_name_the_file_line_and_column(
    text: str, where: tuple[int, int], message: str
) -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse_document(text, "posts/x.md")
    error = caught.value
    assert (error.source, error.line, error.column) == ("posts/x.md", *where)
    assert message in error.message
    assert str(error) == f"posts/x.md:{where[0]}:{where[1]}: {error.message}"


def test_unsafe_tags_are_never_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for tag in ("object/apply:os.system", "object/new:os.system"):
        with pytest.raises(FrontMatterError, match="unsafe YAML tag"):
            parse_document(f"---\nx: !!python/{tag} ['touch PWNED']\n---\n")
    assert not (tmp_path / "PWNED").exists()


def test_header_size_limit() -> None:
    at_limit = "---\nx: '" + "a" * (MAX_HEADER_BYTES - 10) + "'\n---\n"
    assert len(parse_document(at_limit).metadata["x"]) == MAX_HEADER_BYTES - 10
    over = "---\nx: '" + "é" * (MAX_HEADER_BYTES // 2) + "'\n---\n"  # 2 bytes each
    with pytest.raises(FrontMatterError, match="over the limit of 64 KiB"):
        parse_document(over)


def _alias_bomb(levels: int, width: int = 10) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "---\n" + "\n".join(lines) + "\n---\n"


def test_alias_bombs_are_refused_quickly_in_bounded_memory() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(FrontMatterError, match="YAML aliases expand"):
        parse_document(_alias_bomb(levels=30))  # 10**30 values once expanded
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2
    assert peak < 20 * 1024 * 1024


def test_deep_nesting_is_refused() -> None:
    deep = "---\nx:\n" + "".join("  " * i + "- \n" for i in range(1, 150)) + "---\n"
    with pytest.raises(FrontMatterError, match="nested"):
        parse_document(deep)


def test_pure_python_loader_gives_the_same_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(document, "_SafeLoader", yaml.SafeLoader)
    assert parse_document("---\ntitle: A\ntags: [x]\n---\nb").metadata == {
        "title": "A",
        "tags": ["x"],
    }
    for text, match in (
        ("---\nx: !!python/object/apply:os.system [ls]\n---\n", "2:4: unsafe"),
        (_alias_bomb(levels=12), "YAML aliases expand"),
        ("---\nx: " + "[" * 3000 + "]" * 3000 + "\n---\n", "nested"),
    ):
        with pytest.raises(FrontMatterError, match=match):
            parse_document(text)


def test_decode_source() -> None:
    assert decode_source("\ufeffcafé".encode()) == "café"
    with pytest.raises(FrontMatterError) as caught:
        decode_source(b"ok\nno \xff here", "p.md")
    assert str(caught.value).startswith("p.md:2:4: not valid UTF-8 (byte 0xFF)")


# --- properties --------------------------------------------------------------------

yamlish = st.lists(
    st.sampled_from(
        [
            *"ab01:- \n\t'\"[]{}&*!|>#%@`,.?\\\r\ufeff",
            *("---\n", "\n...", "2024-02-30", "12:30", "&a ", "*a", "<<: "),
            *("!!int ", "!!float ", "!!timestamp ", "!!bool ", "!!binary ", "!!set "),
            *("!!python/object/apply:os.system ", "!local ", "~", "null"),
        ]
    ),
    max_size=120,
).map("".join)
liquidish = st.lists(
    st.sampled_from(
        [*"{}%- `\n~", "{{", "}}", "{%", "%}", "raw", "endraw", "post_url"]
    ),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(header=yamlish, body=yamlish)
def test_parse_document_only_ever_raises_front_matter_error(
    header: str, body: str
) -> None:
    try:
        doc = parse_document(f"---\n{header}\n---\n{body}", "h.md")
    except FrontMatterError as error:
        assert error.line >= 1
        assert error.column >= 1
        assert str(error).startswith(f"h.md:{error.line}:{error.column}: ")
        return
    assert isinstance(doc.metadata, dict)
    assert all(isinstance(key, str) for key in doc.metadata)


@pytest.mark.parametrize("header", ["!!set {a, b}", "!!omap [a: 1]", "!!set\n? a\n? b"])
def test_a_header_that_is_not_a_mapping_is_an_error(header: str) -> None:
    # found by the property test below: a !!set header once raised AttributeError
    with pytest.raises(FrontMatterError, match="must be a mapping"):
        parse_document(f"---\n{header}\n---\nbody", "s.md")


# --- load_yaml_mapping ------------------------------------------------------------


def test_a_whole_file_keeps_key_case_and_positions() -> None:
    text = "Title: A\n  # a comment\nnested:\n  Key: [1, 2]\n3: three\n"
    data, positions = document.load_yaml_mapping(text, "_config.yml", first_line=10)
    assert data == {"Title": "A", "nested": {"Key": [1, 2]}, 3: "three"}
    assert positions == {"Title": (10, 1), "nested": (12, 1), 3: (14, 1)}
    assert document.load_yaml_mapping("", "x.yml") == ({}, {})
    assert document.load_yaml_mapping("# only a comment\n", "x.yml") == ({}, {})


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("a: 1\nb: [1\n", "x.yml:3:1", "invalid YAML"),
        ("- a\n", "x.yml:1:1", "the file must be a mapping"),
        ("!!set {a, b}\n", "x.yml:1:1", "the file must be a mapping"),
        ("a: !!python/name:os.system\n", "x.yml:1:4", "the file never runs code"),
        ("a: &x [*x]\n", "x.yml:1:", "refers to itself"),
        ("a: " + "[" * 120 + "]" * 120 + "\n", "x.yml:1:", "nested more than 100"),
        ("a: !!int x\n", "x.yml:1:4", "invalid value 'x'"),
    ],
)
def test_a_whole_file_errors_say_file_not_front_matter(
    text: str, where: str, words: str
) -> None:
    with pytest.raises(FrontMatterError) as caught:
        document.load_yaml_mapping(text, "x.yml")
    message = str(caught.value)
    assert message.startswith(where), message
    assert words in message
    assert "front matter" not in message

"""postcard_core.yaml_lines: where each nested value of a YAML header is."""

from __future__ import annotations

import yaml

from pelican.plugins.postcard_core.document import parse_document
from pelican.plugins.postcard_core.yaml_lines import node_positions, position_of

HEADER = """\
title: Trip
planned:
  - One
  - Title: Two
    index: 2
  - [nested, list]
tags: [a, b]
"""


def test_every_nested_value_has_its_line_and_column() -> None:
    positions = node_positions(yaml.compose(HEADER, Loader=yaml.SafeLoader), 10)
    assert positions == {
        ("planned", 0): (12, 5),
        ("planned", 1): (13, 5),
        ("planned", 1, "title"): (13, 5),
        ("planned", 1, "index"): (14, 5),
        ("planned", 2): (15, 5),
        ("planned", 2, 0): (15, 6),
        ("planned", 2, 1): (15, 14),
        ("tags", 0): (16, 8),
        ("tags", 1): (16, 11),
    }


def test_parse_document_counts_from_the_file_line() -> None:
    doc = parse_document("\n\n---\n" + HEADER + "---\nBody\n")
    assert doc.key_lines["planned"] == 5
    assert doc.node_positions[("planned", 1, "index")] == (8, 5)
    assert parse_document("---\ntitle: flat\n---\n").node_positions == {}
    assert parse_document("no header").node_positions == {}


def test_an_aliased_value_is_walked_once() -> None:
    """Aliases can repeat a list many times over; each node is listed at its
    first place only, so the walk stays as long as the header."""
    lines = ["a0: &a0 [x, y, z]"]
    lines += [f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}, *a{n - 1}]" for n in range(1, 9)]
    doc = parse_document("---\n" + "\n".join(lines) + "\n---\n")
    assert len(doc.metadata["a8"]) == 3  # 3**9 values once expanded
    assert len(doc.node_positions) == 3 + 3 * 8
    assert doc.node_positions[("a1", 2)] == (2, 5)  # an alias is at its anchor
    assert ("a2", 0, 0) not in doc.node_positions  # a0's items are listed under a0


def test_position_of_falls_back_to_the_nearest_parent() -> None:
    positions = {("planned", 1): (13, 5)}
    lines = {"planned": 11}
    assert position_of(positions, lines, ("planned", 1, "index")) == (13, 5)
    assert position_of(positions, lines, ("planned", 4)) == (11, 1)
    assert position_of(positions, lines, ("planned",)) == (11, 1)
    assert position_of(positions, lines, ("status",)) == (0, 0)
    assert position_of(positions, lines, ()) == (0, 0)

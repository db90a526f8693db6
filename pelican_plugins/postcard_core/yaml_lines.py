"""Where each nested value of a YAML header is, so a message about one item of
a list (``planned:``'s third part) points at that item, not at the list's key.

Pure functions over PyYAML's composed nodes, no Pelican.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

NodePath = tuple[str | int, ...]
"""A value's place below the header: its top-level key (lower case), then a list
position (from 0) or a mapping key (lower case) for each level."""

Position = tuple[int, int]
"""A file line and column, both from 1."""


def node_positions(root: MappingNode, first_line: int) -> dict[NodePath, Position]:
    """The line and column of every value nested below ``root``'s top-level keys.

    ``first_line`` is the file line of the header's first line. A mapping entry
    is where its key is; a list item where the item starts (an alias where its
    anchor is). Top-level keys are left out (``Document.key_lines`` has them),
    and so are entries whose key is not a scalar. Each node is walked once, so
    the items of a value that aliases repeat are listed at its first place only:
    the walk is linear in the header, however far aliases would expand it.
    """
    positions: dict[NodePath, Position] = {}
    seen: set[int] = set()
    # Only lists and mappings have nested values: scalars are never pushed.
    stack: list[tuple[NodePath, Node]] = [
        ((key.value.lower(),), value)
        for key, value in reversed(root.value)
        if isinstance(key, ScalarNode) and not isinstance(value, ScalarNode)
    ]
    while stack:
        path, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        children = list(_children(path, node))
        for child_path, _, marked in children:
            mark = marked.start_mark
            positions.setdefault(child_path, (first_line + mark.line, mark.column + 1))
        stack.extend(
            (child_path, child)
            for child_path, child, _ in reversed(children)
            if not isinstance(child, ScalarNode)
        )
    return positions


def _children(path: NodePath, node: Node) -> Iterator[tuple[NodePath, Node, Node]]:
    """``(path, child, node whose mark is the child's place)`` for each child."""
    if isinstance(node, SequenceNode):
        for position, item in enumerate(node.value):
            yield (*path, position), item, item
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                yield (*path, key.value.lower()), value, key


def position_of(
    positions: Mapping[NodePath, Position],
    key_lines: Mapping[str, int],
    path: NodePath,
) -> Position:
    """Where ``path`` is: its own position, else its nearest parent's that has
    one (a top-level key's line, column 1), else ``(0, 0)`` (the whole file)."""
    for end in range(len(path), 1, -1):
        found = positions.get(path[:end])
        if found is not None:
            return found
    line = key_lines.get(str(path[0])) if path else None
    return (line, 1) if line else (0, 0)

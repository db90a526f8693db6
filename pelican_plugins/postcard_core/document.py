"""A text document with a YAML header: split it, load the header safely, and
keep the line of every key so messages can point at it.

Pure functions, no Pelican. Posts (front_matter) and definition files (series,
tags) are all read with ``parse_document``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import FrontMatterError, Problem
from .yaml_lines import NodePath, Position, node_positions

try:  # the C loader is much faster; fall back to the pure-Python one
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

MAX_HEADER_BYTES = 64 * 1024
# A header within MAX_HEADER_BYTES has far fewer nodes than this unless aliases
# multiply them ("billion laughs"): the limit only ever stops alias expansion.
MAX_EXPANDED_NODES = 100_000
MAX_DEPTH = 100

_YAML = "tag:yaml.org,2002:"
_NULL = _YAML + "null"
_SAFE_TAGS = frozenset(
    {tag for tag in _SafeLoader.yaml_constructors if tag}
    | {_YAML + "merge", _YAML + "value"}
)

_OPENING = re.compile(r"(?:[ \t]*\r?\n)*---[ \t]*(?:\r?\n|\Z)")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


@dataclass(frozen=True)
class Document:
    """A document split into its header's data and its body.

    ``metadata`` keys are the header's top-level keys, lower-cased.
    ``key_lines`` gives the file line of each key; ``as_written`` the source text
    of each top-level scalar value (a tuple for a list of scalars), so numbers and
    dates can become text exactly as written. ``node_positions`` gives the line
    and column of each nested value (``("planned", 2, "index")``; see
    ``yaml_lines.node_positions``).
    """

    metadata: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    has_header: bool = False
    key_lines: Mapping[str, int] = field(default_factory=dict)
    as_written: Mapping[str, Any] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    # key -> the name the file used, for keys a plugin renamed (last_modified_at
    # read as modified), so messages name what the author wrote
    aliases: Mapping[str, str] = field(default_factory=dict)
    node_positions: Mapping[NodePath, Position] = field(default_factory=dict)

    def written_name(self, key: str) -> str:
        """The name ``key`` has in the file."""
        return self.aliases.get(key, key)

    def line_of(self, key: str) -> int:
        """The file line of ``key`` (of the name the file used), else 1."""
        return self.key_lines.get(self.written_name(key), self.key_lines.get(key, 1))


def decode_source(data: bytes, source: str = "<string>") -> str:
    """Decode a file's bytes as UTF-8 (a BOM is allowed).

    Raises ``FrontMatterError`` at the line and column of the first bad byte.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start
        line_start = data.rfind(b"\n", 0, offset) + 1
        line = data.count(b"\n", 0, offset) + 1
        prefix = data[line_start:offset].decode("utf-8-sig", errors="replace")
        raise FrontMatterError(
            source,
            line,
            len(prefix) + 1,
            f"not valid UTF-8 (byte 0x{data[offset]:02X}); save the file as UTF-8",
        ) from None


def has_front_matter(text: str) -> bool:
    """Whether ``text`` opens with a ``---`` line (after a BOM and blank lines)."""
    return _OPENING.match(text.removeprefix("\ufeff")) is not None


# Long for its docstring (the header rules); the code is one straight pass.
def parse_document(text: str, source: str = "<string>") -> Document:
    """Split ``text`` into YAML front matter and body, and load the header safely.

    The header opens with a ``---`` line (trailing blanks, a BOM and leading blank
    lines are allowed) and closes with a ``---`` or ``...`` line. Only YAML's safe
    types are loaded (never ``!!python/...``); a header over ``MAX_HEADER_BYTES``
    or whose aliases expand past ``MAX_EXPANDED_NODES`` is refused.

    Raises ``FrontMatterError`` with the line and column within the file.
    """
    text = text.removeprefix("\ufeff")
    opening = _OPENING.match(text)
    if opening is None:
        return Document(body=text)
    opening_line = text.count("\n", 0, opening.end()) + (
        0 if text.endswith("\n", 0, opening.end()) else 1
    )
    header_start = opening.end()
    closing = _CLOSING.search(text, header_start) if header_start < len(text) else None
    if closing is None:
        raise FrontMatterError(
            source,
            opening_line,
            1,
            "front matter opened with '---' is never closed "
            "(add a line '---' after the header)",
        )
    header = text[header_start : closing.start()]
    if (
        len(header) * 4 > MAX_HEADER_BYTES
        and (size := len(header.encode("utf-8", "surrogatepass"))) > MAX_HEADER_BYTES
    ):
        raise FrontMatterError(
            source,
            opening_line,
            1,
            f"front matter is {size:,} bytes, over the limit of "
            f"{MAX_HEADER_BYTES // 1024} KiB",
        )
    header_line = opening_line + 1
    metadata, key_lines, as_written, problems, positions = _load_header(
        header, source, header_line
    )
    after = closing.end()
    if text.startswith("\n", after):
        after += 1
    return Document(
        metadata=metadata,
        body=text[after:],
        body_line=text.count("\n", 0, after) + 1,
        has_header=True,
        key_lines=MappingProxyType(key_lines),
        as_written=MappingProxyType(as_written),
        problems=problems,
        node_positions=MappingProxyType(positions),
    )


_Header = tuple[
    dict[str, Any],
    dict[str, int],
    dict[str, Any],
    tuple[Problem, ...],
    dict[NodePath, Position],
]


# One try block on purpose: every way PyYAML fails maps to a line and column.
def _load_header(header: str, source: str, header_line: int) -> _Header:
    if not header.strip():
        return {}, {}, {}, (), {}
    loader = _SafeLoader(header)
    try:
        root = loader.get_single_node()
        if root is None:
            return {}, {}, {}, (), {}
        _check_nodes(root, source, header_line)
        if not isinstance(root, MappingNode):
            raise _error_at(
                source,
                header_line,
                root,
                "front matter must be a mapping of keys to values (key: value)",
            )
        data = loader.construct_document(root)
        if not isinstance(data, dict):  # a mapping node tagged !!set or !!omap
            raise _error_at(
                source,
                header_line,
                root,
                "front matter must be a mapping of keys to values (key: value)",
            )
    except FrontMatterError:
        raise
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, source, header_line) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, header, source, header_line) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(source, header_line, 1, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise FrontMatterError(
            source, header_line, 1, "front matter is nested too deeply"
        ) from None
    except (
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        OverflowError,
    ):
        # PyYAML's constructors fail this way on values such as 2024-02-30 or
        # "!!int abc" (an empty "!!int" raises IndexError): find the scalar that
        # fails, for its line and column.
        raise _bad_scalar(root, source, header_line) from None
    finally:
        loader.dispose()
    return (*_top_level(root, data, header_line), node_positions(root, header_line))


def load_yaml_mapping(
    text: str, source: str = "<string>", first_line: int = 1
) -> tuple[dict[Any, Any], dict[Any, tuple[int, int]]]:
    """Load a whole YAML file (a configuration file) that must be a mapping.

    The same safe loading as a header: only YAML's safe types, no recursive
    aliases, no alias bombs, no deep nesting. Keys keep their case and type.
    Returns the mapping and the ``(line, column)`` of each top-level key whose
    node is a scalar; ``first_line`` is the file line of ``text``'s first line.
    An empty file is an empty mapping.

    Raises ``FrontMatterError`` at ``source:LINE:COL``.
    """
    loader = _SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return {}, {}
        _check_nodes(root, source, first_line, _WHOLE_FILE)
        data = loader.construct_document(root)
        if not isinstance(root, MappingNode) or not isinstance(data, dict):
            raise _error_at(
                source,
                first_line,
                root,
                "the file must be a mapping of keys to values (key: value)",
            )
        positions = {
            loader.construct_object(key): (
                first_line + key.start_mark.line,
                key.start_mark.column + 1,
            )
            for key, _ in root.value
            if isinstance(key, ScalarNode) and key.tag != _YAML + "merge"
        }
    except FrontMatterError:
        raise
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, source, first_line) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(source, first_line, 1, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise FrontMatterError(
            source, first_line, 1, "the file is nested too deeply"
        ) from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
        raise _bad_scalar(root, source, first_line, _WHOLE_FILE) from None
    finally:
        loader.dispose()
    return data, positions


# What messages call the YAML they are about: a header, or a whole file.
_HEADER = "front matter"
_WHOLE_FILE = "the file"


def _bad_scalar(
    root: Node, source: str, header_line: int, what: str = _HEADER
) -> FrontMatterError:
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            try:
                yaml.constructor.SafeConstructor().construct_object(node)
            except Exception as exc:  # what a broken value raises varies by type
                reason = f": {exc}" if isinstance(exc, ValueError) else ""
                message = f"invalid value '{node.value}'{reason}"
                return _error_at(source, header_line, node, message)
        else:
            stack.extend(reversed(list(_children(node))))
    return FrontMatterError(source, header_line, 1, f"invalid value in {what}")


def _top_level(
    root: MappingNode, data: dict[Any, Any], header_line: int
) -> tuple[dict[str, Any], dict[str, int], dict[str, Any], tuple[Problem, ...]]:
    metadata = {_key_name(key): value for key, value in data.items()}
    key_lines: dict[str, int] = {}
    as_written: dict[str, Any] = {}
    problems: list[Problem] = []
    for key_node, value_node in root.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag == _YAML + "merge":
            continue
        name = key_node.value.lower()
        line = header_line + key_node.start_mark.line
        if name in key_lines:
            problems.append(
                Problem(
                    line,
                    key_node.start_mark.column + 1,
                    f"'{key_node.value}' is given twice (first on line "
                    f"{key_lines[name]}); the last one is used",
                )
            )
        key_lines[name] = line
        written = _written(value_node)
        if written is None:
            as_written.pop(name, None)
        else:
            as_written[name] = written
    return metadata, key_lines, as_written, tuple(problems)


def _key_name(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key).lower()


def _written(node: Node) -> Any:
    """The source text of a scalar, or a tuple of them for a list of scalars."""
    if isinstance(node, ScalarNode):
        return None if node.tag == _NULL else node.value
    if isinstance(node, SequenceNode) and all(
        isinstance(item, ScalarNode) for item in node.value
    ):
        return tuple(item.value for item in node.value if item.tag != _NULL)
    return None


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, SequenceNode):
        yield from node.value
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value


def _check_nodes(
    root: Node, source: str, header_line: int, what: str = _HEADER
) -> None:
    """Refuse unsafe tags, recursive aliases, deep nesting and alias bombs.

    Counts the nodes of the tree that aliases would expand to, remembering the
    size of each distinct node, so the walk is linear in the header's size.
    """
    sizes: dict[int, int] = {}
    on_path = {id(root)}
    _check_tag(root, source, header_line, what)
    stack: list[tuple[Node, Iterator[Node]]] = [(root, _children(root))]
    totals = [1]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            on_path.discard(id(node))
            size = totals.pop()
            sizes[id(node)] = size
            if totals:
                totals[-1] += size
            continue
        known = sizes.get(id(child))
        if known is not None:
            totals[-1] += known
        elif id(child) in on_path:
            raise _error_at(source, header_line, child, "a YAML alias refers to itself")
        else:
            _check_tag(child, source, header_line, what)
            if len(stack) >= MAX_DEPTH:
                raise _error_at(
                    source,
                    header_line,
                    child,
                    f"{what} is nested more than {MAX_DEPTH} levels deep",
                )
            on_path.add(id(child))
            stack.append((child, _children(child)))
            totals.append(1)
        if totals[-1] > MAX_EXPANDED_NODES or sum(totals) > MAX_EXPANDED_NODES:
            raise _error_at(
                source,
                header_line,
                child,
                f"YAML aliases expand {_this(what)} beyond "
                f"{MAX_EXPANDED_NODES:,} values; refused",
            )


def _this(what: str) -> str:
    return "this " + what.removeprefix("the ")


def _check_tag(node: Node, source: str, header_line: int, what: str = _HEADER) -> None:
    if node.tag in _SAFE_TAGS:
        return
    shown = (
        "!!" + node.tag.removeprefix(_YAML) if node.tag.startswith(_YAML) else node.tag
    )
    if node.tag.startswith(_YAML + "python/"):
        message = f"unsafe YAML tag '{shown}' refused ({what} never runs code)"
    else:
        message = f"unsupported YAML tag '{shown}'"
    raise _error_at(source, header_line, node, message)


def _error_at(
    source: str, header_line: int, node: Node, message: str
) -> FrontMatterError:
    mark = node.start_mark
    return FrontMatterError(source, header_line + mark.line, mark.column + 1, message)


def _reader_error(
    exc: yaml.reader.ReaderError, header: str, source: str, header_line: int
) -> FrontMatterError:
    """A character YAML refuses to read, at its own line and column."""
    at = exc.position  # characters into the header
    line = header_line + header.count("\n", 0, at)
    column = at - (header.rfind("\n", 0, at) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    message = f"invalid YAML: U+{code:04X} is a control character, which YAML refuses"
    return FrontMatterError(source, line, column, message)


def _yaml_error(
    exc: yaml.MarkedYAMLError, source: str, header_line: int
) -> FrontMatterError:
    mark = exc.problem_mark or exc.context_mark
    line = header_line + (mark.line if mark else 0)
    column = (mark.column + 1) if mark else 1
    problem = exc.problem or "invalid YAML"
    if problem.startswith("could not determine a constructor for the tag"):
        tag = problem.split("'")[1] if "'" in problem else "?"
        return FrontMatterError(source, line, column, f"unsupported YAML tag '{tag}'")
    if exc.context and exc.context_mark and exc.context_mark is not mark:
        context_line = header_line + exc.context_mark.line
        problem = f"{problem} ({exc.context} on line {context_line})"
    elif exc.context:
        problem = f"{problem} ({exc.context})"
    if "mapping values are not allowed" in problem:
        problem += "; put a value that contains ': ' in quotes"
    elif "cannot start any token" in problem and "\t" in (
        exc.problem_mark.buffer or ""
    ):
        problem += "; YAML indents with spaces, not tabs"
    return FrontMatterError(source, line, column, f"invalid YAML: {problem}")

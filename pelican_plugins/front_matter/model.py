"""Jekyll-style YAML front matter: split a document, parse its header safely, and
work out what a Jekyll header, file name and Liquid body mean for Pelican.

Pure functions, no Pelican: other plugins of the bundle read their definition
files (series, tags) with ``parse_document``.
"""

from __future__ import annotations

import bisect
import datetime
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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


class FrontMatterError(ValueError):
    """A header that cannot be read; ``str()`` gives ``source:line:col: message``."""

    def __init__(self, source: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{source}:{line}:{column}: {message}")
        self.source = source
        self.line = line
        self.column = column
        self.message = message


@dataclass(frozen=True)
class Problem:
    """Something worth a warning, at a line and column of the file."""

    line: int
    column: int
    message: str

    def format(self, source: str) -> str:
        """``source:line:col: message``, the form every message about a file takes."""
        return f"{source}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class Document:
    """A document split into its header's data and its body.

    ``metadata`` keys are the header's top-level keys, lower-cased.
    ``key_lines`` gives the file line of each key; ``as_written`` the source text
    of each top-level scalar value (a tuple for a list of scalars), so numbers and
    dates can become text exactly as written.
    """

    metadata: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    has_header: bool = False
    key_lines: Mapping[str, int] = field(default_factory=dict)
    as_written: Mapping[str, Any] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


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
    metadata, key_lines, as_written, problems = _load_header(
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
    )


def _load_header(
    header: str, source: str, header_line: int
) -> tuple[dict[str, Any], dict[str, int], dict[str, Any], tuple[Problem, ...]]:
    if not header.strip():
        return {}, {}, {}, ()
    loader = _SafeLoader(header)
    try:
        root = loader.get_single_node()
        if root is None:
            return {}, {}, {}, ()
        _check_nodes(root, source, header_line)
        if not isinstance(root, MappingNode):
            raise _error_at(
                source,
                header_line,
                root,
                "front matter must be a mapping of keys to values (key: value)",
            )
        data = loader.construct_document(root)
    except FrontMatterError:
        raise
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, source, header_line) from None
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
    return _top_level(root, data, header_line)


def _bad_scalar(root: Node, source: str, header_line: int) -> FrontMatterError:
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
    return FrontMatterError(source, header_line, 1, "invalid value in front matter")


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


def _check_nodes(root: Node, source: str, header_line: int) -> None:
    """Refuse unsafe tags, recursive aliases, deep nesting and alias bombs.

    Counts the nodes of the tree that aliases would expand to, remembering the
    size of each distinct node, so the walk is linear in the header's size.
    """
    sizes: dict[int, int] = {}
    on_path = {id(root)}
    _check_tag(root, source, header_line)
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
            _check_tag(child, source, header_line)
            if len(stack) >= MAX_DEPTH:
                raise _error_at(
                    source,
                    header_line,
                    child,
                    f"front matter is nested more than {MAX_DEPTH} levels deep",
                )
            on_path.add(id(child))
            stack.append((child, _children(child)))
            totals.append(1)
        if totals[-1] > MAX_EXPANDED_NODES or sum(totals) > MAX_EXPANDED_NODES:
            raise _error_at(
                source,
                header_line,
                child,
                "YAML aliases expand this front matter beyond "
                f"{MAX_EXPANDED_NODES:,} values; refused",
            )


def _check_tag(node: Node, source: str, header_line: int) -> None:
    if node.tag in _SAFE_TAGS:
        return
    shown = (
        "!!" + node.tag.removeprefix(_YAML) if node.tag.startswith(_YAML) else node.tag
    )
    if node.tag.startswith(_YAML + "python/"):
        message = f"unsafe YAML tag '{shown}' refused (front matter never runs code)"
    else:
        message = f"unsupported YAML tag '{shown}'"
    raise _error_at(source, header_line, node, message)


def _error_at(
    source: str, header_line: int, node: Node, message: str
) -> FrontMatterError:
    mark = node.start_mark
    return FrontMatterError(source, header_line + mark.line, mark.column + 1, message)


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


# --- What a Jekyll header means for Pelican -------------------------------------

_JEKYLL_NAME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})-(.+)")
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_PERMALINK_STYLES = frozenset({"date", "pretty", "ordinal", "weekdate", "none"})
# Pelican reads these as text; a YAML number or boolean there becomes its text.
PELICAN_TEXT_KEYS = frozenset(
    {
        "slug",
        "status",
        "lang",
        "translation",
        "template",
        "save_as",
        "url",
        "timezone",
        "date_format",
    }
)
# Keys this module turns into something else; they never pass through as is.
_MAPPED_KEYS = frozenset(
    {
        "title",
        "description",
        "excerpt",
        "summary",
        "date",
        "modified",
        "last_modified_at",
        "tags",
        "category",
        "categories",
        "author",
        "authors",
    }
)


@dataclass(frozen=True)
class JekyllName:
    """What a Jekyll post's file name ``YYYY-MM-DD-slug.ext`` says."""

    date: datetime.datetime
    slug: str

    @property
    def title(self) -> str:
        """The title Jekyll gives a post without one: ``a-slug`` gives ``A Slug``."""
        return " ".join(word.capitalize() for word in self.slug.split("-") if word)


def jekyll_name(stem: str) -> JekyllName | None:
    """Read a Jekyll post name without its extension, ``2024-05-21-pycon-us`` (or
    unpadded ``2017-2-5-x``); None when ``stem`` is not one."""
    match = _JEKYLL_NAME.fullmatch(stem)
    if match is None:
        return None
    year, month, day, slug = match.groups()
    try:
        date = datetime.datetime(int(year), int(month), int(day))
    except ValueError:
        return None
    return JekyllName(date=date, slug=slug)


@dataclass(frozen=True)
class Permalink:
    """Where a literal permalink puts a page: Pelican's ``url`` and ``save_as``."""

    url: str
    save_as: str


def parse_permalink(value: str) -> Permalink:
    """Turn a literal Jekyll permalink into Pelican's ``url`` and ``save_as``.

    ``/about/`` and ``/about`` give ``about/`` saved as ``about/index.html``;
    ``/2024/pycon.html`` is kept as it is. Raises ``ValueError`` (with the reason)
    for placeholders (``:title``), permalink styles (``pretty``), URLs of other
    sites and paths that climb out of the site (``..``).
    """
    value = value.strip()
    placeholders = _PLACEHOLDER.findall(value)
    if value in _PERMALINK_STYLES:
        raise ValueError(f"the permalink style '{value}' is not supported")
    if placeholders:
        names = ", ".join(f":{name}" for name in dict.fromkeys(placeholders))
        raise ValueError(f"permalink placeholders ({names}) are not supported")
    if "://" in value or value.startswith("//"):
        raise ValueError("a permalink must be a path on this site, not a full URL")
    if "?" in value or "#" in value or "\\" in value:
        raise ValueError("a permalink must be a plain path (no '?', '#' or '\\')")
    segments = value.strip("/").split("/")
    if any(segment in {".", ".."} for segment in segments) or "//" in value:
        raise ValueError("a permalink cannot contain '.', '..' or empty segments")
    path = "/".join(segments)
    if not path:
        return Permalink(url="", save_as="index.html")
    if not value.endswith("/") and "." in segments[-1]:
        return Permalink(url=path, save_as=path)
    return Permalink(url=path + "/", save_as=path + "/index.html")


def fold_whitespace(value: object) -> str:
    """Collapse every run of whitespace to one space and trim the ends.

    ``None`` gives ``""``; any other value is folded as its text.
    """
    return " ".join(str(value).split()) if value is not None else ""


@dataclass(frozen=True)
class PostFields:
    """A Jekyll header read for Pelican, before Pelican's own types are applied.

    ``metadata`` holds plain values: ``title``/``description``/``summary`` (str),
    ``date``/``modified`` (a ``datetime``, or text for Pelican's date parser),
    ``tags``/``categories``/``authors`` (lists of str), ``category``/``slug``/
    ``status``/``url``/``save_as`` (str), and every other key as YAML gave it.
    """

    metadata: dict[str, Any]
    problems: tuple[Problem, ...] = ()


def post_fields(
    document: Document,
    file_name: str = "",
    *,
    space_separated_tags: bool = False,
    use_file_name: bool = True,
) -> PostFields:
    """Map a Jekyll post's header and file name to Pelican's metadata fields."""
    meta = document.metadata
    written = document.as_written
    problems = list(document.problems)
    out: dict[str, Any] = {}

    def problem(key: str, message: str) -> None:
        problems.append(Problem(document.key_lines.get(key, 1), 1, message))

    def text(key: str) -> str | None:
        value = meta.get(key)
        if value is None:
            return None
        if isinstance(value, list | dict | set | bytes):
            problem(key, f"'{key}' must be text, not a {_kind(value)}; ignored")
            return None
        as_text = written.get(key)
        return as_text if isinstance(as_text, str) else str(value)

    for key, value in meta.items():
        if key in _MAPPED_KEYS:
            continue
        if key in PELICAN_TEXT_KEYS:
            value = text(key)  # None (empty, null or not text) means not given
            if value is None:
                continue
        out[key] = value

    title = text("title")
    if title is not None and title.strip():
        out["title"] = title.strip()
    description = text("description")
    if description is not None:
        out["description"] = fold_whitespace(description)
    summary = text("summary") if meta.get("summary") is not None else text("excerpt")
    if summary is not None:
        out["summary"] = summary

    for target, keys in (
        ("date", ("date",)),
        ("modified", ("modified", "last_modified_at")),
    ):
        key = next((k for k in keys if meta.get(k) is not None), None)
        if key is None:
            continue
        value = meta[key]
        if isinstance(value, datetime.datetime):
            out[target] = value
        elif isinstance(value, datetime.date):
            out[target] = datetime.datetime(value.year, value.month, value.day)
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            out[target] = str(written.get(key, value)).strip()
        else:
            problem(key, f"'{key}' must be a date, not a {_kind(value)}; ignored")

    raw_tags = meta.get("tags")
    if isinstance(raw_tags, str):
        tags = _split_tags(raw_tags, space_separated_tags)
    else:
        tags = _names(raw_tags, written.get("tags"), "tags", problem)
    if tags:
        out["tags"] = tags

    if meta.get("category") is not None:
        categories = _names(
            meta["category"], written.get("category"), "category", problem
        )
    else:
        raw = meta.get("categories")
        categories = (
            raw.split()
            if isinstance(raw, str)
            else _names(raw, written.get("categories"), "categories", problem)
        )
    if categories:
        out["category"] = categories[0]
        out["categories"] = categories

    authors = _authors(meta, written, problem)
    if authors:
        out["authors"] = authors

    published = meta.get("published")
    unpublished = published is False or (
        isinstance(published, str) and published.strip().lower() == "false"
    )
    if unpublished and "status" not in out:
        out["status"] = "draft"

    permalink = meta.get("permalink")
    # A draft keeps Pelican's draft URL: its permalink is where it will go live.
    is_draft = str(out.get("status", "")).strip().lower() == "draft"
    if permalink is not None and not ("url" in out or "save_as" in out or is_draft):
        if not isinstance(permalink, str):
            problem("permalink", f"'permalink' must be text, not a {_kind(permalink)}")
        elif permalink.strip():
            try:
                target = parse_permalink(permalink)
            except ValueError as exc:
                problem("permalink", f"{exc}; permalink '{permalink}' ignored")
            else:
                out["url"] = target.url
                out["save_as"] = target.save_as

    name = jekyll_name(os.path.splitext(file_name)[0]) if use_file_name else None
    if name is not None:
        out.setdefault("date", name.date)
        out.setdefault("slug", name.slug)
        out.setdefault("title", name.title)
    return PostFields(metadata=out, problems=tuple(problems))


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list | tuple | set):
        return "list"
    if isinstance(value, bool):
        return "boolean"
    return type(value).__name__


def _split_tags(value: str, space_separated: bool) -> list[str]:
    parts = value.split() if space_separated and "," not in value else value.split(",")
    return list(dict.fromkeys(part.strip() for part in parts if part.strip()))


def _names(
    value: Any, written: Any, key: str, problem: Callable[[str, str], None]
) -> list[str]:
    """A list of names from a scalar or a list, numbers kept as written."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(written, tuple):
        items: list[Any] = list(written)
    elif isinstance(value, list):
        items = value
    elif isinstance(value, dict | set | bytes):
        problem(key, f"'{key}' must be text or a list, not a {_kind(value)}; ignored")
        return []
    else:
        items = [written if isinstance(written, str) else value]
    names: list[str] = []
    for item in items:
        if item is None:
            continue
        if isinstance(item, list | dict | set | bytes):
            problem(key, f"'{key}' has an item that is a {_kind(item)}; ignored")
            continue
        name = str(item).strip()
        if name:
            names.append(name)
    return list(dict.fromkeys(names))


def _authors(
    meta: Mapping[str, Any],
    written: Mapping[str, Any],
    problem: Callable[[str, str], None],
) -> list[str]:
    names: list[str] = []
    for key in ("author", "authors"):
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(
            value, dict
        ):  # jekyll-seo-tag's author: {name: ..., twitter: ...}
            value = value.get("name")
            if not isinstance(value, str):
                problem(key, f"'{key}' is a mapping without a 'name'; ignored")
                continue
        if isinstance(value, str) and key == "authors":
            # Pelican's rule: "A; B" when names contain commas, else "A, B"
            parts = value.split(";" if ";" in value else ",")
            names.extend(part.strip() for part in parts if part.strip())
            continue
        if isinstance(value, list):
            value = [
                item.get("name") if isinstance(item, dict) else item for item in value
            ]
        names.extend(_names(value, written.get(key), key, problem))
    return list(dict.fromkeys(names))


# --- Liquid left in a Jekyll body --------------------------------------------------

_LIQUID = re.compile(
    r"\{%-?[ \t]*(?P<name>\w+)(?P<args>[^\n]{0,300}?)[ \t]*-?%\}"
    r"|\{\{-?[ \t]*(?P<expr>[^\n]{0,300}?)[ \t]*-?\}\}"
)
_END_TAG = {
    "raw": re.compile(r"\{%-?[ \t]*endraw[ \t]*-?%\}"),
    "comment": re.compile(r"\{%-?[ \t]*endcomment[ \t]*-?%\}"),
}
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HIGHLIGHT_LINE = re.compile(
    r"[ \t]*\{%-?[ \t]*(?:highlight[ \t]+(?P<lang>[\w#+.-]+)[^\n]*?|endhighlight)"
    r"[ \t]*-?%\}[ \t]*\r?"
)
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d+[.)])[ \t]")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)[^\n]*?(?<!`)\1(?!`)")
_URL_FILTER = re.compile(
    r"""(?P<quote>['"])(?P<path>[^'"]*)(?P=quote)"""
    r"[ \t]*\|[ \t]*(?:relative_url|absolute_url)"
)
_SITE_URL = "site.url"
_SITE_BASEURL = "site.baseurl"


@dataclass(frozen=True)
class LiquidResult:
    """A body with the Liquid Pelican can honour replaced, and what was left."""

    text: str
    problems: tuple[Problem, ...] = ()


def render_liquid(
    body: str,
    *,
    site_url: str,
    post_link: Callable[[str], str | None],
    first_line: int = 1,
) -> LiquidResult:
    """Replace the Liquid a Jekyll post relies on; report the rest once.

    ``{% post_url name %}`` becomes ``post_link(name)``; ``{{ site.url }}``,
    ``{{ site.baseurl }}`` (and the two together) and ``{{ '/x' | relative_url }}``
    become ``site_url``-based URLs; ``{% comment %}`` blocks are dropped and
    ``{% highlight lang %}`` blocks become code fences. Anything else outside code
    is left as is and reported in one problem. Code is never touched, except that
    ``{% raw %}`` tags are removed everywhere, as Jekyll does, and what they
    enclose is kept as it is. ``first_line`` is the file line the body starts on.
    """
    if "{%" not in body and "{{" not in body:
        return LiquidResult(body)
    code = _code_ranges(body)
    out: list[str] = []
    kept: dict[str, int] = {}  # Liquid left as is -> offset of its first use
    missing: dict[str, int] = {}  # post_url names that match no post -> offset
    pos = 0
    site_url = site_url.rstrip("/")
    site_url_end = -1  # where the last {{ site.url }} ended
    unclosed: set[str] = set()
    for match in _LIQUID.finditer(body):
        start, end = match.span()
        if start < pos:
            continue  # inside a raw or comment block already consumed
        name = match.group("name")
        if (
            name in _END_TAG
            and name not in unclosed
            and (name == "raw" or not _in_ranges(code, start))
        ):
            ending = _END_TAG[name].search(body, end)
            if ending is None:
                unclosed.add(name)  # reported below, like any other Liquid
            else:
                out.append(body[pos:start])
                if name == "raw":
                    out.append(body[end : ending.start()])
                pos = ending.end()
                continue
        if _in_ranges(code, start):
            continue
        replacement = _liquid_value(body, match, site_url, post_link, site_url_end)
        if replacement is None:
            if name == "post_url":
                missing.setdefault(match.group("args").strip(), start)
            else:
                kept.setdefault(match.group(0), start)
            continue
        if match.group("expr") is not None and match.group("expr").strip() == _SITE_URL:
            site_url_end = end
        out.append(body[pos:start])
        out.append(replacement)
        pos = end
    out.append(body[pos:])

    def at(offset: int, message: str) -> Problem:
        line_start = body.rfind("\n", 0, offset) + 1
        line = first_line + body.count("\n", 0, offset)
        return Problem(line, offset - line_start + 1, message)

    problems = []
    if kept:
        tags = list(kept)
        more = f" and {len(tags) - 5} more" if len(tags) > 5 else ""
        problems.append(
            at(
                kept[tags[0]],
                "Liquid is not run by Pelican; left as is: "
                + ", ".join(tags[:5])
                + more,
            )
        )
    problems.extend(
        at(offset, f"{{% post_url {target} %}} names no post of this site; left as is")
        for target, offset in missing.items()
    )
    return LiquidResult("".join(out), tuple(problems))


def _liquid_value(
    body: str,
    match: re.Match[str],
    site_url: str,
    post_link: Callable[[str], str | None],
    site_url_end: int,
) -> str | None:
    """What one Liquid tag or output becomes; None when Pelican cannot honour it."""
    name = match.group("name")
    if name == "post_url":
        return post_link(match.group("args").strip())
    if name in {"highlight", "endhighlight"}:
        return _highlight_fence(body, match, name)
    expr = match.group("expr")
    if expr is None:
        return None
    expr = expr.strip()
    if expr == _SITE_URL:
        return site_url
    if expr == _SITE_BASEURL:
        # Jekyll's "{{ site.url }}{{ site.baseurl }}" is Pelican's SITEURL once
        return "" if match.start() == site_url_end else site_url
    url = _URL_FILTER.fullmatch(expr)
    if url is not None:
        path = url.group("path")
        return site_url + ("" if path.startswith("/") else "/") + path
    return None


def _highlight_fence(body: str, match: re.Match[str], name: str) -> str | None:
    """A ``{% highlight %}`` tag alone on its line becomes a Markdown code fence."""
    line_start = body.rfind("\n", 0, match.start()) + 1
    line_end = body.find("\n", match.end())
    line = body[line_start : len(body) if line_end < 0 else line_end]
    if _HIGHLIGHT_LINE.fullmatch(line) is None:
        return None
    words = match.group("args").split()
    return "```" + (words[0] if name == "highlight" and words else "")


def _code_ranges(body: str) -> list[tuple[int, int]]:
    """Sorted, disjoint (start, end) offsets of code blocks and code spans.

    Fenced blocks, ``{% highlight %}`` blocks and indented blocks (not those
    that continue a list item), then inline code spans outside them.
    """
    blocks: list[tuple[int, int]] = []
    fence: str | None = None  # what closes the open fenced block
    block_start = -1
    indented_start = -1
    previous_blank = True
    in_list = False
    offset = 0
    for line in body.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if fence == "highlight":
            closing = _HIGHLIGHT_LINE.fullmatch(line)
            if closing is not None and closing.group("lang") is None:
                blocks.append((block_start, line_start))
                fence = None
            continue
        if fence is not None:
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                blocks.append((block_start, min(offset, len(body))))
                fence = None
            continue
        indented = line.startswith(("    ", "\t"))
        if indented_start >= 0:
            if indented or not stripped:
                continue
            blocks.append((indented_start, line_start))
            indented_start = -1
        fenced = _FENCE.match(line)
        highlight = _HIGHLIGHT_LINE.fullmatch(line)
        if fenced is not None:
            fence, block_start = fenced.group(1), line_start
        elif highlight is not None and highlight.group("lang") is not None:
            fence, block_start = "highlight", min(offset, len(body))
        elif not stripped:
            previous_blank = True
            continue
        elif indented and previous_blank and not in_list:
            indented_start = line_start
        elif not indented:
            in_list = _LIST_ITEM.match(line) is not None or (
                in_list and not previous_blank
            )
        previous_blank = False
    if fence is not None:
        blocks.append((block_start, len(body)))
    if indented_start >= 0:
        blocks.append((indented_start, len(body)))
    spans = [
        match.span()
        for match in _CODE_SPAN.finditer(body)
        if not _in_ranges(blocks, match.start())
    ]
    return sorted(blocks + spans)


def _in_ranges(ranges: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` falls in one of the sorted, disjoint ``ranges``."""
    index = bisect.bisect_right(ranges, (offset, float("inf"))) - 1
    return index >= 0 and offset < ranges[index][1]

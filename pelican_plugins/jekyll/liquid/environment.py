"""A python-liquid environment that behaves as Jekyll's and never loses a file.

Recovery works at statement level: the file is parsed and rendered whole; when
Liquid fails, the failing tag or output statement (and, for a block, its end
and middle tags) is hidden behind a placeholder that renders as its own source
text, a problem is noted, and the file is parsed and rendered again. Each retry
removes one failing statement, so at most ``Limits.problems`` retries happen.
"""

from __future__ import annotations

import bisect
import functools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from io import StringIO
from typing import Any, TextIO

from liquid import Environment, Mode, RenderContext
from liquid.ast import Node
from liquid.exceptions import (
    FilterArgumentError,
    LiquidError,
    LiquidInterrupt,
    LoopIterationLimitError,
    OutputStreamLimitError,
    StopRender,
)
from liquid.token import Token
from liquid.undefined import UNDEFINED, Undefined

from .code import Masks
from .limits import Limits

_MARKUP = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{[{%][^\n]*", re.DOTALL)
_TAG_NAME = re.compile(r"\{%-?\s*(\w+)")
_MIDDLE = {
    "if": {"elsif", "else"},
    "unless": {"elsif", "else"},
    "case": {"when", "else"},
    "for": {"else"},
}
BLOCKS = frozenset(
    {"if", "unless", "case", "for", "capture", "comment", "raw", "tablerow"}
    | {"ifchanged", "highlight"}
)


#: Names Jekyll defines somewhere (a layout, an include, a loop): never unknown.
KNOWN_NAMES = frozenset(
    {"site", "page", "jekyll", "include", "layout", "content", "paginator"}
    | {"forloop", "tablerowloop"}
)


class UnknownName(Undefined):
    """A variable nothing defines, where that is reported: printing it is an
    error (so the statement is kept as written); testing it is false."""

    __slots__ = ()

    def __str__(self) -> str:
        raise LiquidError(
            f"{self.name!r} is not defined (Liquid runs before Markdown here: "
            "write template examples as code)",
            token=self.token,
        )


class TimeLimitError(LiquidError):
    """A file took longer than its time limit."""


class LimitError(LiquidError):
    """A file did more work than its limits allow."""


@dataclass
class RenderState:
    """What one render of one file shares with its tags and filters."""

    page_path: str
    masks: Masks
    deadline: float
    limits: Limits
    depth: int = 0
    include_problems: list[str] = field(default_factory=list)
    report_unknown_names: bool = False


class JekyllContext(RenderContext):
    """A render context that carries the render's state into copies."""

    state: RenderState

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.parent_context is not None:
            self.state = self.parent_context.state  # type: ignore[attr-defined]

    def get(
        self, path: list[object], *, token: Token | None, default: object = UNDEFINED
    ) -> object:
        """The value at ``path``; an :class:`UnknownName` for a name nothing
        defines, when the render reports those."""
        root = path[0] if path else None
        if (
            default is UNDEFINED
            and isinstance(root, str)
            and root not in KNOWN_NAMES
            and getattr(self, "state", None) is not None
            and self.state.report_unknown_names
            and root not in self.scope
        ):
            return UnknownName(root, token=token, hint=f"{root!r} is undefined")
        return super().get(path, token=token, default=default)


class LimitedBuffer(StringIO):
    """An output buffer that stops a render past its size or time."""

    def __init__(self, state: RenderState) -> None:
        super().__init__()
        self._state = state
        self._size = 0

    def write(self, text: str) -> int:
        """Write ``text`` unless the file is over its output or time budget."""
        self._size += len(text)
        if self._size > self._state.limits.output_chars:
            raise OutputStreamLimitError("output size limit reached", token=None)
        if time.monotonic() > self._state.deadline:
            raise TimeLimitError("time limit reached", token=None)
        return super().write(text)


class GuardedNode(Node):
    """A node whose failures name the innermost statement that failed."""

    __slots__ = ("inner",)

    def __init__(self, inner: Node) -> None:
        super().__init__(inner.token)
        self.inner = inner
        self.blank = inner.blank

    def __str__(self) -> str:
        return str(self.inner)

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Render the wrapped node, pinning errors without a place to it."""
        state: RenderState = context.state  # type: ignore[attr-defined]
        if time.monotonic() > state.deadline:
            raise TimeLimitError("time limit reached", token=self.token)
        try:
            return self.inner.render(context, buffer)
        except (LiquidInterrupt, StopRender):
            raise
        except LoopIterationLimitError as err:
            # the outermost loop is the one to leave as written
            if err.token is None or self.token.value == "for":
                err.token = self.token
            raise
        except LiquidError as err:
            if err.token is None or err.token.start_index < 0:
                err.token = self.token
            raise
        except (RecursionError, MemoryError) as err:
            raise LimitError(
                "too deeply nested or too large", token=self.token
            ) from err
        except Exception as err:  # a filter's own failure must not end the build
            raise LiquidError(f"{type(err).__name__}: {err}", token=self.token) from err


def _guard(get_node: Callable[[Any], Node]) -> Callable[[Any], Node]:
    """``get_node`` returning guarded nodes; parse errors remember their tag."""

    def guarded(stream: Any) -> Node:
        origin = stream.current
        try:
            node = get_node(stream)
        except LiquidError as err:
            if getattr(err, "origin", None) is None:
                err.origin = origin  # type: ignore[attr-defined]
            raise
        return GuardedNode(node)

    return guarded


def _limited(function: Callable[..., Any], limit: int) -> Callable[..., Any]:
    """``function`` refusing a first argument with more than ``limit`` items."""

    @functools.wraps(function)
    def limited(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, range | list | tuple | dict) and len(value) > limit:
            raise FilterArgumentError(f"more than {limit} items", token=None)
        return function(value, *args, **kwargs)

    return limited


class JekyllEnvironment(Environment):
    """Liquid as Jekyll 4.3 configures it: nothing escaped, lax variables,
    errors raised so the recovery loop can place them."""

    context_class = JekyllContext

    def __init__(self, limits: Limits, owner: Any) -> None:
        super().__init__(tolerance=Mode.STRICT, strict_filters=True)
        self.owner = owner
        self.limits = limits
        self.loop_iteration_limit = limits.loop_iterations
        self.context_depth_limit = limits.include_depth * 3 + 10
        self.local_namespace_limit = limits.output_chars * 4
        self.block_nesting_limit = 60

    def get_template(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """``{% render %}`` reads from ``_includes``, as ``include`` does."""
        return self.owner.include_template(self.owner.includes_dir, name, "render")

    def guard_filters(self) -> None:
        """Wrap every filter so that none takes a sequence past the limit."""
        for name, function in list(self.filters.items()):
            self.filters[name] = _limited(function, self.limits.sequence_items)

    def guard_tags(self) -> None:
        """Wrap every registered tag so its nodes and errors can be placed."""
        for tag in self.tags.values():
            if not getattr(tag, "_jekyll_guarded", False):
                tag.get_node = _guard(tag.get_node)  # type: ignore[method-assign]
                tag._jekyll_guarded = True  # type: ignore[attr-defined]


def error_offset(err: LiquidError, source: str) -> int | None:
    """Where in ``source`` the statement that raised ``err`` is, if known."""
    for token in (err.token, getattr(err, "origin", None)):
        if (
            isinstance(token, Token)
            and token.source is source
            and token.start_index >= 0
        ):
            return token.start_index
    return None


def markup_spans(source: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every ``{% %}`` and ``{{ }}`` statement in ``source``."""
    return [match.span() for match in _MARKUP.finditer(source)]


def statement_at(spans: list[tuple[int, int]], offset: int) -> int | None:
    """Index of the statement in ``spans`` containing ``offset``."""
    index = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    if index >= 0 and offset < spans[index][1]:
        return index
    return None


def statement_group(source: str, spans: list[tuple[int, int]], index: int) -> list[int]:
    """The statement at ``index`` with, for a block, its middle and end tags."""
    name = tag_name(source, spans[index])
    if name not in BLOCKS:
        return [index]
    group, depth = [index], 0
    middles = _MIDDLE.get(name, set())
    for later in range(index + 1, len(spans)):
        other = tag_name(source, spans[later]) or ""
        if other in BLOCKS:
            depth += 1
        elif other.startswith("end") and other[3:] in BLOCKS:
            if depth == 0:
                if other == f"end{name}":
                    group.append(later)
                break
            depth -= 1
        elif other in middles and depth == 0:
            group.append(later)
    return group


def tag_name(source: str, span: tuple[int, int]) -> str | None:
    """The name of the tag at ``span``; None for an output statement."""
    match = _TAG_NAME.match(source, span[0], span[1])
    return match.group(1) if match else None

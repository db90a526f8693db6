"""The Liquid a Jekyll post relies on most, replaced by regular expressions.

Kept until a real Liquid engine replaces it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from pelican.plugins.postcard_core.problems import Problem

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


# One linear scan that keeps code, raw and comment blocks apart; split, it would rescan.
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
    site_pieces: list[tuple[int, int, int]] = []  # site.url/baseurl: start, end, out
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
        expr = (match.group("expr") or "").strip()
        if expr == _SITE_URL:
            site_url_end = end
        out.append(body[pos:start])
        if name == "post_url" and replacement.startswith("{filename}"):
            # "{{ site.baseurl }}{% post_url x %}": the link is a whole URL.
            _drop_site_prefix(out, site_pieces, start)
        out.append(replacement)
        if expr in (_SITE_URL, _SITE_BASEURL):
            site_pieces.append((start, end, len(out) - 1))
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


def _drop_site_prefix(
    out: list[str], pieces: list[tuple[int, int, int]], start: int
) -> None:
    """Blank the ``{{ site.url }}``/``{{ site.baseurl }}`` values written just
    before offset ``start`` (each ending where the next begins)."""
    for piece_start, piece_end, index in reversed(pieces):
        if piece_end != start:
            break
        out[index] = ""
        start = piece_start


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


# A line-by-line state machine for Markdown code; its states share locals.
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

"""What a Jekyll header, file name and Liquid body mean for Pelican (moving to
the jekyll plugin)."""

from __future__ import annotations

import bisect
import datetime
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pelican.plugins.postcard_core.document import (  # noqa: F401
    Document,
    decode_source,
    has_front_matter,
    parse_document,
)
from pelican.plugins.postcard_core.problems import FrontMatterError, Problem  # noqa: F401
from pelican.plugins.postcard_core.text import fold_whitespace

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

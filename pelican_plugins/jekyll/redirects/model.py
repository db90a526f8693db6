"""Redirects as jekyll-redirect-from 0.16 makes them, as plain data and functions.

``redirect_from`` (text or a list) asks for a small page at each old path that
sends visitors to the post or page; ``redirect_to`` makes the post or page
itself such a page, sending visitors to the given URL. An old path becomes a
file by Jekyll's page rules, as for a page named ``redirect.html`` whose
permalink is the path: ``/old/`` is ``old/index.html``, ``/old`` and
``/old.html`` are ``old.html``, ``/feed.xml`` stays ``feed.xml``. The target is
absolute: the site's URL and the path, or an ``http(s)`` URL as written.

Unlike jekyll-redirect-from, a ``redirect_to`` that is neither an ``http(s)``
URL nor a path on this site (``javascript:``, ``//host``) is refused, and a
redirect never overwrites a page or another redirect. Pure: no Pelican.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pelican.plugins.postcard_core.problems import Problem
from pelican.plugins.postcard_core.text import long_path_problem

from ..rules.permalinks import output_ext_for, output_path, page_url

Kind = Literal["redirect_from", "redirect_to"]

# jekyll-redirect-from builds each redirect as a page of this name.
_PAGE_NAME = "redirect.html"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_HTTP = re.compile(r"^https?://[^/?#\s]", re.IGNORECASE)
# What a URL keeps as it is; anything else is percent-encoded as UTF-8, as
# Addressable's normalize does (a backslash too: browsers read it as "/").
_URL_SAFE = frozenset(string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@/?#[]%")


@dataclass(frozen=True)
class RedirectRequest:
    """What one post or page asks for: its redirects and where it lives.

    ``url`` is the content's URL path below the site (``/2024/a.html``);
    ``save_as`` its own output file; ``redirect_from`` the old paths as written
    (already checked, see ``redirect_from_paths``); ``redirect_to`` the checked
    target or None. ``*_line`` are the lines of the keys in the source.
    """

    source: str
    url: str
    save_as: str
    redirect_from: tuple[str, ...] = ()
    redirect_to: str | None = None
    from_line: int = 0
    to_line: int = 0


@dataclass(frozen=True)
class Redirect:
    """One redirect page: the file ``save_as`` sends visitors to ``target``.

    ``from_path`` is the old path as jekyll-redirect-from keys it in
    ``redirects.json`` (with a leading ``/``); ``source`` asked for it.
    """

    save_as: str
    from_path: str
    target: str
    source: str
    kind: Kind
    line: int = 0

    @property
    def written_as(self) -> str:
        """The request, as messages quote it."""
        if self.kind == "redirect_to":
            return "redirect_to"
        return f"redirect_from {self.from_path!r}"

    @property
    def what(self) -> str:
        """The redirect, named for messages."""
        if self.kind == "redirect_to":
            return f"the redirect_to page of {self.source}"
        return f"a redirect_from of {self.source}"


@dataclass(frozen=True)
class RedirectPlan:
    """Every redirect page of a build, and the requests refused on the way.

    ``entries`` are the ``redirects.json`` pairs (old path, target) in the order
    jekyll-redirect-from writes them; ``problems`` are ``(source, Problem)``.
    """

    pages: tuple[Redirect, ...] = ()
    entries: tuple[tuple[str, str], ...] = ()
    problems: tuple[tuple[str, Problem], ...] = ()

    @property
    def count(self) -> int:
        """How many redirect pages the build writes."""
        return len(self.pages)


def ensure_leading_slash(path: str) -> str:
    """``/`` in front of ``path``; an empty path stays empty (Jekyll's rule)."""
    return path if not path or path.startswith("/") else "/" + path


def redirect_file(from_path: str) -> tuple[str, str]:
    """The URL and output file of the redirect page for an old path.

    The path is the permalink of a page named ``redirect.html``: its extension,
    if any, is the page's (``/feed.xml`` stays ``feed.xml``), else ``.html`` is
    added; a path ending in ``/`` is a folder with an ``index.html``; ``..`` and
    escapes like ``%2e%2e`` never climb out of the site.
    """
    permalink = ensure_leading_slash(from_path)
    output_ext = output_ext_for(permalink, ".html")
    url = page_url("", _PAGE_NAME, output_ext, permalink=permalink)
    return url, output_path(url, output_ext, page=True)


def encode_url(url: str) -> str:
    """``url`` with every character a URL cannot hold as is percent-encoded
    (UTF-8); ``%XX`` escapes already there are kept."""
    if all(char in _URL_SAFE for char in url):
        return url
    return "".join(
        char
        if char in _URL_SAFE
        else "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        for char in url
    )


def site_target(path: str, site_url: str) -> str:
    """Jekyll's ``absolute_url`` of a path on this site: ``site_url`` (the site's
    URL with its base path, maybe empty) and the path, percent-encoded."""
    return encode_url(site_url.rstrip("/") + ensure_leading_slash(path))


def _first_text(value: Any) -> Any:
    """A list's first non-null item (jekyll-redirect-from's ``compact.first``)."""
    if isinstance(value, list | tuple):
        return next((item for item in value if item is not None), None)
    return value


def redirect_to_target(value: Any, site_url: str) -> str | None:
    """The URL a ``redirect_to`` value sends visitors to; None when there is none.

    An ``http(s)`` URL is kept as written; a path (``/new/`` or ``new/``) is on
    this site, made absolute with ``site_url``. Raises ValueError, with the
    reason, for anything else: other schemes (``javascript:``, ``mailto:``),
    ``//host`` URLs, empty text, control characters, values that are not text.
    """
    value = _first_text(value)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"redirect_to must be a URL or a path, not {value!r}")
    text = str(value)
    if not text.strip():
        raise ValueError("redirect_to is empty")
    if _CONTROL.search(text):
        raise ValueError(f"redirect_to {text!r} holds control characters")
    if _HTTP.match(text):
        return text
    scheme = _SCHEME.match(text)
    if scheme is not None:
        raise ValueError(
            f"redirect_to {text!r} is not an http(s) URL nor a path on this site"
        )
    if text.startswith("//"):
        raise ValueError(
            f"redirect_to {text!r} names another host without a scheme: "
            "write it with https://"
        )
    return site_target(text, site_url)


def _path_problem(item: Any, line: int) -> Problem | None:
    """Why an old path cannot be used, or None when it can."""
    if isinstance(item, bool) or not isinstance(item, str | int | float):
        return Problem(
            line, 1, f"redirect_from entries are paths, not {item!r}; ignored"
        )
    if _CONTROL.search(str(item)):
        return Problem(
            line, 1, f"redirect_from {str(item)!r} holds control characters; ignored"
        )
    try:
        save_as = redirect_file(str(item))[1]
    except ValueError as error:  # a path Jekyll's URI parser stops on
        return Problem(line, 1, f"redirect_from {str(item)!r}: {error}; ignored")
    if _CONTROL.search(save_as):  # %00 is decoded for the file name
        return Problem(
            line, 1, f"redirect_from {str(item)!r} escapes a control character; ignored"
        )
    too_long = long_path_problem(save_as)
    if too_long:
        return Problem(
            line, 1, f"redirect_from {str(item)[:40]!r}... {too_long}; ignored"
        )
    return None


def redirect_from_paths(
    value: Any, line: int = 0
) -> tuple[tuple[str, ...], tuple[Problem, ...]]:
    """The old paths of a ``redirect_from`` value (text, or a list), and the
    problems with it. Nulls are skipped, numbers read as text; an entry that is
    a full URL is kept where Jekyll would put it, with a warning."""
    items = value if isinstance(value, list | tuple) else [value]
    paths: list[str] = []
    problems: list[Problem] = []
    for item in items:
        if item is None:
            continue
        problem = _path_problem(item, line)
        if problem is not None:
            problems.append(problem)
            continue
        path = str(item)
        if _SCHEME.match(path) or path.startswith("//"):
            _, save_as = redirect_file(path)
            problems.append(
                Problem(
                    line,
                    1,
                    f"redirect_from {path!r} is a full URL, not a path on this "
                    f"site: its page is {save_as}, where no visitor looks "
                    "(write the path only)",
                )
            )
        paths.append(path)
    return tuple(paths), tuple(problems)


def count_redirects(front_matters: Iterable[Mapping[str, Any]]) -> int:
    """How many redirect pages these headers ask for: one per ``redirect_from``
    path and one per usable ``redirect_to``, before any is refused for
    overwriting another file."""
    total = 0
    for header in front_matters:
        paths, _ = redirect_from_paths(header.get("redirect_from"))
        total += len(paths)
        with contextlib.suppress(ValueError):  # refused: no page
            total += redirect_to_target(header.get("redirect_to"), "") is not None
    return total


class _Planner:
    """Places redirect pages one by one; the first claim to a file wins."""

    def __init__(self, occupied: Mapping[str, str]) -> None:
        self.occupied = occupied  # save_as -> source of a real page
        self.taken: dict[str, Redirect] = {}
        self.entries: list[tuple[str, str]] = []
        self.problems: list[tuple[str, Problem]] = []

    def place(self, redirect: Redirect, written_as: str) -> None:
        """Add ``redirect`` (``written_as`` is how its request was written)."""
        earlier = self.taken.get(redirect.save_as)
        same = earlier is not None and earlier.source == redirect.source
        if same and earlier.target == redirect.target:  # /old and /old.html
            self.entries.append((redirect.from_path, redirect.target))
            return
        owner = self.occupied.get(redirect.save_as)
        if owner is not None and redirect.kind == "redirect_from":
            self._refuse(redirect, written_as, f"the page of {owner}")
        elif earlier is not None:
            self._refuse(redirect, written_as, earlier.what)
        else:
            self.taken[redirect.save_as] = redirect
            self.entries.append((redirect.from_path, redirect.target))

    def _refuse(self, redirect: Redirect, written_as: str, other: str) -> None:
        message = (
            f"{written_as} would overwrite {redirect.save_as}, {other}; "
            "this redirect is not written"
        )
        self.problems.append(
            (redirect.source, Problem(redirect.line, 1, message, logging.ERROR))
        )


def _redirect_to_page(request: RedirectRequest) -> Redirect | None:
    if request.redirect_to is None or not request.save_as:
        return None
    return Redirect(
        save_as=request.save_as,
        from_path=request.url,
        target=request.redirect_to,
        source=request.source,
        kind="redirect_to",
        line=request.to_line,
    )


def plan_redirects(
    requests: Sequence[RedirectRequest],
    occupied: Mapping[str, str],
    site_url: str = "",
) -> RedirectPlan:
    """Every redirect page the requests ask for; targets of ``redirect_from``
    are the content's URL made absolute with ``site_url``.

    ``occupied`` maps each file real posts and pages are written to to their
    source. A redirect that would overwrite one of them, or another redirect,
    is refused with an ERROR naming both; a ``redirect_to`` page is its own
    content's file, so it is placed first. ``requests`` come posts first, then
    pages, as jekyll-redirect-from visits them (the order of ``entries``).
    """
    planner = _Planner(occupied)
    own_pages = [_redirect_to_page(request) for request in requests]
    for page in own_pages:
        if page is not None:
            planner.place(page, "redirect_to")
    planner.entries.clear()  # written in jekyll-redirect-from's order below
    for request, own_page in zip(requests, own_pages, strict=True):
        target = site_target(request.url, site_url)
        for path in request.redirect_from:
            _, save_as = redirect_file(path)
            redirect = Redirect(
                save_as=save_as,
                from_path=ensure_leading_slash(path),
                target=target,
                source=request.source,
                kind="redirect_from",
                line=request.from_line,
            )
            planner.place(redirect, f"redirect_from {path!r}")
        if own_page is not None and planner.taken.get(own_page.save_as) is own_page:
            planner.entries.append((own_page.from_path, own_page.target))
    return RedirectPlan(
        pages=tuple(planner.taken.values()),
        entries=tuple(planner.entries),
        problems=tuple(planner.problems),
    )


def redirects_json(plan: RedirectPlan) -> str:
    """``redirects.json`` as jekyll-redirect-from writes it: each old path and
    its target, one object; a path asked for twice keeps the last target."""
    return json.dumps(dict(plan.entries), ensure_ascii=False, separators=(",", ":"))

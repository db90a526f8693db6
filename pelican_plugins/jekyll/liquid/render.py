"""One build's Liquid: the site, its includes, and the recovery loop."""

from __future__ import annotations

import logging
import time
import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import markdown
from liquid import BoundTemplate
from liquid.exceptions import LiquidError
from liquid.tag import Tag

from pelican.plugins.postcard_core.problems import Problem

from . import filters as jf
from .code import Masks, is_safe
from .environment import (
    JekyllContext,
    JekyllEnvironment,
    LimitedBuffer,
    RenderState,
    error_offset,
    markup_spans,
    statement_at,
    statement_group,
)
from .limits import Limits
from .tags import JEKYLL_TAGS, Highlighters, post_matcher


@dataclass(frozen=True)
class Rendered:
    """A rendered body and what went wrong in it (lines of the file)."""

    text: str
    problems: tuple[Problem, ...] = ()


def _default_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=["extra", "codehilite"])


def _smartify(text: str) -> str:
    html = markdown.markdown(text, extensions=["smarty"])
    return html.removeprefix("<p>").removesuffix("</p>")


class JekyllLiquid:
    """Liquid for one build, with Jekyll's tags, filters and variables.

    ``posts_by_name`` maps each post's source path relative to the site
    (``_posts/2020-01-02-hello.md``) to its URL (as ``page.url``); ``links``
    maps every source path to its URL. Both print with ``baseurl``.
    ``code_is_liquid`` says whether Liquid runs inside Markdown code, as in
    Jekyll, or code spans and blocks are left as written; with
    ``report_unknown_names``, printing a variable nothing defines is a problem
    and the statement is kept as written (Jekyll prints nothing). ``tags``
    (python-liquid ``Tag`` classes) and ``filters`` (name to function) are
    added to Jekyll's, under the same limits.
    """

    def __init__(
        self,
        site: Mapping[str, Any],
        *,
        site_root: Path,
        includes_dir: Path,
        posts_by_name: Mapping[str, str],
        links: Mapping[str, str],
        code_is_liquid: bool,
        limits: Limits = Limits(),  # noqa: B008 (frozen)
        markdownify: Callable[[str], str] = _default_markdown,
        environment: str = "production",
        tags: Sequence[type[Tag]] = (),
        filters: Mapping[str, Callable[..., Any]] | None = None,
        report_unknown_names: bool = False,
    ) -> None:
        self.site = jf.ruby_values(dict(site))
        self.site_root = Path(site_root).resolve()
        self.includes_dir = Path(includes_dir).resolve()
        self.posts_by_name = dict(posts_by_name)
        self.links = dict(links)
        self.code_is_liquid = code_is_liquid
        self.report_unknown_names = report_unknown_names
        self.limits = limits
        self.jekyll = {"environment": environment, "version": "4.3.1"}
        self._includes: dict[Path, tuple[BoundTemplate, tuple[Problem, ...]]] = {}
        self._fragments: dict[str, BoundTemplate] = {}
        self._post_urls: dict[str, str | None] = {}
        self._include_paths: dict[tuple[Path, str, str], Path] = {}
        self.highlighters: Highlighters = {}  # one lexer and formatter a language
        self.env = self._environment(markdownify, tags, filters or {})

    def _environment(
        self,
        markdownify: Callable[[str], str],
        tags: Sequence[type[Tag]],
        filters: Mapping[str, Callable[..., Any]],
    ) -> JekyllEnvironment:
        env = JekyllEnvironment(self.limits, self)
        for tag in (*JEKYLL_TAGS, *tags):
            env.add_tag(tag)
        zone_name = self.site.get("timezone")
        try:
            zone = zoneinfo.ZoneInfo(str(zone_name)) if zone_name else None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = None
        extra: dict[str, Callable[..., Any]] = {
            **jf.TEXT_FILTERS,
            **jf.make_date_filters(zone),
            **jf.make_array_filters(self.limits.sequence_items),
            **jf.make_expression_filters(
                self.limits.sequence_items,
                lambda text: self.fragment(f"{{% if {text} %}}1{{% endif %}}"),
                lambda text: self.fragment(f"{{{{ {text} }}}}"),
            ),
            "relative_url": lambda value: jf.relative_url(self.site, value),
            "absolute_url": lambda value: jf.absolute_url(self.site, value),
            "markdownify": lambda value: markdownify(jf.to_s(value)),
            "smartify": lambda value: _smartify(jf.to_s(value)),
            **filters,
        }
        for name, function in extra.items():
            env.add_filter(name, function)
        env.guard_tags()
        env.guard_filters()
        return env

    # --- used by tags ---------------------------------------------------------

    def relative_url(self, url: str) -> str:
        """``url`` with the site's ``baseurl``."""
        return jf.relative_url(self.site, url)

    def fragment(self, source: str) -> BoundTemplate:
        """A small template (tag markup, filter expressions), parsed once."""
        template = self._fragments.get(source)
        if template is None:
            template = self.env.from_string(source)
            self._fragments[source] = template
        return template

    def render_fragment(self, source: str, context: Any) -> str:
        """``source`` rendered in ``context`` (markup of tags that take Liquid)."""
        if "{{" not in source and "{%" not in source:
            return source
        buffer = StringIO()
        self.fragment(source).render_with_context(context, buffer, partial=True)
        return buffer.getvalue()

    def include_template(self, base: Path, name: str, tag: str) -> BoundTemplate:
        """The parsed file ``name`` below ``base``; never outside the site."""
        path = self._include_paths.get((base, name, tag))
        if path is None:
            path = (base / name).resolve()
            inside = path.is_relative_to(self.site_root) and (
                tag != "include" or path.is_relative_to(self.includes_dir)
            )
            if not inside:
                raise LiquidError(f"{tag}: {name!r} is outside the site", token=None)
            if not path.is_file():
                raise LiquidError(f"{tag}: no file {name!r}", token=None)
            self._include_paths[(base, name, tag)] = path
        cached = self._includes.get(path)
        if cached is None:
            source = path.read_text(encoding="utf-8", errors="replace")
            masks = Masks()
            state = self._state("", masks, time.monotonic() + self.limits.seconds)
            template, problems, _ = self._parse(source, masks, state)
            cached = (template, tuple(problems))
            self._includes[path] = cached
        if cached[1]:
            first = cached[1][0]
            raise LiquidError(
                f"in {name}:{first.line}:{first.column}: {first.message}", token=None
            )
        return cached[0]

    def post_url(self, name: str) -> str | None:
        """The URL of the post ``name`` (Jekyll's post_url matching)."""
        if name not in self._post_urls:
            self._post_urls[name] = self._find_post(name)
        return self._post_urls[name]

    def _find_post(self, name: str) -> str | None:
        matcher = post_matcher(name)
        if matcher is None:
            return None
        pattern, date, slug = matcher
        for path, url in self.posts_by_name.items():
            if pattern.match(path):
                return url
        # Jekyll's older rule: the same date and slug in any folder
        ending = f"/{date}-{slug.rsplit('/', 1)[-1]}."
        for path, url in self.posts_by_name.items():
            if ("/" + path).rsplit("/", 1)[-1].startswith(ending[1:]):
                return url
        return None

    # --- rendering ------------------------------------------------------------

    def render(
        self, source: str, *, page: Mapping[str, Any], path: str, first_line: int = 1
    ) -> Rendered:
        """``source`` (a body starting at ``first_line`` of ``path``) rendered."""
        if "{{" not in source and "{%" not in source:
            return Rendered(source)
        if not is_safe(source):
            source = source.translate({0xE000: 0xFFFD, 0xE001: 0xFFFD, 0xE002: 0xFFFD})
        masks = Masks()
        text = source if self.code_is_liquid else masks.hide_code(source)
        head, text, tail = _literal_edges(text)
        if not text:  # all its Liquid-looking text is code
            return Rendered(masks.restore(head))
        state = self._state(path, masks, time.monotonic() + self.limits.seconds)
        variables = {"site": self.site, "page": jf.ruby_values(dict(page))}
        output, problems = self._render(text, masks, state, variables)
        lines = first_line - 1 + head.count("\n")
        columns = len(head) - (head.rfind("\n") + 1)  # head's part of that line
        shifted = tuple(
            Problem(
                p.line + lines,
                p.column + (columns if p.line == 1 else 0),
                p.message,
                p.level,
            )
            if p.line > 0
            else p
            for p in problems
        )
        return Rendered(masks.restore(head + output + tail), shifted)

    def _state(self, path: str, masks: Masks, deadline: float) -> RenderState:
        return RenderState(
            page_path=path,
            masks=masks,
            deadline=deadline,
            limits=self.limits,
            report_unknown_names=self.report_unknown_names,
        )

    def _render(
        self, text: str, masks: Masks, state: RenderState, variables: dict[str, Any]
    ) -> tuple[str, list[Problem]]:
        """Parse and render, hiding each failing statement and trying again."""
        problems: list[Problem] = []
        while True:
            template, found, text = self._parse(text, masks, state)
            problems.extend(found)
            context = JekyllContext(
                template, globals={**variables, "jekyll": self.jekyll}
            )
            context.state = state  # type: ignore[attr-defined]
            buffer = LimitedBuffer(state)
            try:
                template.render_with_context(context, buffer)
            except LiquidError as err:
                hidden, problem = self._hide_failure(text, masks, err, state, problems)
                problems.append(problem)
                if hidden == text:
                    return text, problems  # nothing left to hide: as written
                text = hidden
                continue
            return buffer.getvalue(), problems

    def _parse(
        self, text: str, masks: Masks, state: RenderState
    ) -> tuple[BoundTemplate, list[Problem], str]:
        """The template for ``text``, each statement that does not parse hidden."""
        problems: list[Problem] = []
        while True:
            try:
                return self.env.from_string(text), problems, text
            except LiquidError as err:
                hidden, problem = self._hide_failure(text, masks, err, state, problems)
                problems.append(problem)
                if hidden == text:  # nothing left to hide: print it as written
                    return self._literal(text), problems, text
                text = hidden

    def _literal(self, text: str) -> BoundTemplate:
        """A template that prints ``text`` as it is."""
        return self.env.from_string(
            "{{ __jekyll_literal }}", globals={"__jekyll_literal": text}
        )

    def _hide_failure(
        self,
        text: str,
        masks: Masks,
        err: LiquidError,
        state: RenderState,
        problems: list[Problem],
    ) -> tuple[str, Problem]:
        """``text`` with the statement behind ``err`` hidden, and the problem."""
        spans = markup_spans(text)
        offset = error_offset(err, text)
        index = statement_at(spans, offset) if offset is not None else None
        exhausted = (
            len(problems) + 1 >= self.limits.problems
            or time.monotonic() > state.deadline
        )
        if index is None or exhausted:
            # nothing left to place the error on: leave every statement as written
            for start, end in reversed(spans):
                text = masks.hide(text, start, end)
            message = f"{err.message}; the rest of the Liquid is left as written"
            at = spans[index][0] if index is not None else (offset or 0)
            return text, _problem(text, at, message, logging.ERROR)
        start = spans[index][0]
        for member in reversed(statement_group(text, spans, index)):
            text = masks.hide(text, *spans[member])
        return text, _problem(text, start, f"{err.message}; left as written")


def _literal_edges(text: str) -> tuple[str, str, str]:
    """``text`` as (head, Liquid, tail): the head ends before the whitespace in
    front of the first statement, the tail starts after the whitespace behind
    the last one (whitespace control may take that). Only the middle is parsed:
    the text around it prints as it is. The middle is empty when ``text`` holds
    no statement."""
    starts = [i for i in (text.find("{{"), text.find("{%")) if i >= 0]
    if not starts:
        return text, "", ""
    start = len(text[: min(starts)].rstrip())
    last = max(text.rfind("}}"), text.rfind("%}"))
    end = len(text) if last < min(starts) else last + 2
    end += len(text[end:]) - len(text[end:].lstrip())
    return text[:start], text[start:end], text[end:]


def _problem(
    text: str, offset: int, message: str, level: int = logging.WARNING
) -> Problem:
    """A problem at ``offset`` of ``text``, as line and column."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Problem(line, column, f"Liquid: {message}", level)

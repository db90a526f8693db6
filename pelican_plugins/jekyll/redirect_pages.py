"""The adapter for ``redirects``: Pelican's posts and pages in, redirect pages out.

``mark_redirect_to`` (``content_object_init``) hides a post or page whose
``redirect_to`` is usable, so it is in no feed, listing or sitemap; it reports
unusable ``redirect_from`` and ``redirect_to`` values where they are written.
``RedirectPagesGenerator`` plans every redirect page once all content is read
(``planned_outputs`` lists them for whoever checks output paths) and writes
them, and ``redirects.json``, with the ``jekyll/redirect.html`` template.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pelican import writers
from pelican.contents import Article, Page
from pelican.generators import Generator
from pelican.utils import sanitised_join

from pelican.plugins.postcard_core.attached import key_line
from pelican.plugins.postcard_core.outputs import PlannedOutput, is_refused
from pelican.plugins.postcard_core.plugin_templates import template_fallback
from pelican.plugins.postcard_core.problems import Problem, log_problems, source_name
from pelican.plugins.postcard_core.settings import setting

from .redirects import (
    RedirectPlan,
    RedirectRequest,
    plan_redirects,
    redirect_from_paths,
    redirect_to_target,
    redirects_json,
)

logger = logging.getLogger(__name__)

DEFAULTS: Mapping[str, Any] = {
    "JEKYLL_REDIRECTS": True,
    "JEKYLL_REDIRECTS_JSON": True,
}
PLAN_KEY = "jekyll_redirects"
"""Context key of this build's ``RedirectPlan``."""
JSON_SAVE_AS = "redirects.json"
TEMPLATE = "jekyll/redirect"

# Pelican 4.9 raises a plain RuntimeError where later versions raise this.
_OVERWRITE_FAILED = getattr(writers, "FileOverwriteFailedError", RuntimeError)
_PUBLISHED = (("articles", "hidden_articles"), ("pages", "hidden_pages"))
_DRAFTS = ("drafts", "draft_pages")

add_plugin_templates = template_fallback(__file__)


def _line(content: Any, key: str) -> int:
    return key_line(content, key) or 0


def mark_redirect_to(content: Any) -> None:
    """Hide a published post or page whose ``redirect_to`` is usable (its file
    becomes the redirect page); warn, at their line, about values that are not."""
    if not isinstance(content, Article | Page):
        return
    settings = content.settings
    metadata = content.metadata
    if not setting(settings, "JEKYLL_REDIRECTS", DEFAULTS):
        return
    if "redirect_from" not in metadata and "redirect_to" not in metadata:
        return
    _, problems = redirect_from_paths(
        metadata.get("redirect_from"), _line(content, "redirect_from")
    )
    found = list(problems)
    try:
        target = redirect_to_target(metadata.get("redirect_to"), "")
    except ValueError as exc:
        line = _line(content, "redirect_to")
        found.append(Problem(line, 1, f"{exc}; the page is written as it is"))
    else:
        if target is not None and content.status == "published":
            content.status = "hidden"
    log_problems(logger, source_name(content), found)


def _with_translations(items: Iterable[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        yield from getattr(item, "translations", ()) or ()


def _request(content: Any, site_url: str) -> RedirectRequest | None:
    """What ``content`` asks for, quietly (``mark_redirect_to`` reported it)."""
    metadata = content.metadata
    if "redirect_from" not in metadata and "redirect_to" not in metadata:
        return None
    paths, _ = redirect_from_paths(metadata.get("redirect_from"))
    try:
        target = redirect_to_target(metadata.get("redirect_to"), site_url)
    except ValueError:
        target = None
    if not paths and target is None:
        return None
    return RedirectRequest(
        source=source_name(content),
        url="/" + content.url.lstrip("/"),
        save_as=content.save_as,
        redirect_from=paths,
        redirect_to=target,
        from_line=_line(content, "redirect_from"),
        to_line=_line(content, "redirect_to"),
    )


def collect_requests(
    context: Mapping[str, Any], site_url: str
) -> tuple[list[tuple[RedirectRequest, Any]], dict[str, str]]:
    """Each published or hidden post's, then page's, request (with its content),
    and the file of every other post, page and draft (to its source)."""
    requests: list[tuple[RedirectRequest, Any]] = []
    occupied: dict[str, str] = {}
    for names in _PUBLISHED:
        contents = _with_translations(c for n in names for c in context.get(n, ()))
        kind: list[tuple[RedirectRequest, Any]] = []
        for content in contents:
            request = _request(content, site_url)
            if request is not None:
                kind.append((request, content))
            if content.save_as and (request is None or request.redirect_to is None):
                occupied.setdefault(content.save_as, source_name(content))
        requests.extend(sorted(kind, key=lambda pair: pair[0].source))
    for content in _with_translations(c for n in _DRAFTS for c in context.get(n, ())):
        if content.save_as:
            occupied.setdefault(content.save_as, source_name(content))
    return requests, occupied


class RedirectPagesGenerator(Generator):
    """Writes jekyll-redirect-from's pages: one per ``redirect_from`` path, and
    each ``redirect_to`` post or page in its own file; then ``redirects.json``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = RedirectPlan()
        self.write_json = False

    def generate_context(self) -> None:
        """Plan every redirect page, against the posts and pages already read."""
        if not setting(self.settings, "JEKYLL_REDIRECTS", DEFAULTS):
            return
        site_url = self.settings.get("SITEURL", "")
        pairs, occupied = collect_requests(self.context, site_url)
        self.plan = plan_redirects([r for r, _ in pairs], occupied, site_url)
        by_source: dict[str, list[Problem]] = {}
        for source, problem in self.plan.problems:
            by_source.setdefault(source, []).append(problem)
        for source, problems in by_source.items():
            log_problems(logger, source, problems)
        placed = {
            (page.source, page.save_as)
            for page in self.plan.pages
            if page.kind == "redirect_to"
        }
        for request, content in pairs:
            if (request.source, request.save_as) in placed:
                content.override_save_as = ""  # written here, as a redirect
        self.write_json = bool(
            self.plan.entries
            and setting(self.settings, "JEKYLL_REDIRECTS_JSON", DEFAULTS)
            and JSON_SAVE_AS not in occupied
        )
        self.context[PLAN_KEY] = self.plan

    def planned_outputs(self) -> Iterable[PlannedOutput | tuple[str, str]]:
        """Each file this generator will write; a redirect page gives way to
        any other file at its path (the series index, a tag page)."""
        for page in self.plan.pages:
            yield PlannedOutput(
                page.save_as, page.what, source=page.source, line=page.line, yields=True
            )
        if self.write_json:
            yield JSON_SAVE_AS, "redirects.json of jekyll-redirect-from"

    def generate_output(self, writer: Any) -> None:
        """Write each planned page unless a static file or a page Pelican has
        already written holds its path (one ERROR each)."""
        if not self.plan.pages:
            return
        template = self.get_template(TEMPLATE)
        statics = {
            static.save_as: source_name(static)
            for static in self.context.get("staticfiles", ())
        }
        for page in self.plan.pages:
            if is_refused(self.context, page.save_as):
                continue  # output_guard named both files
            other = statics.get(page.save_as)
            if other is None:
                try:
                    writer.write_file(
                        page.save_as, template, self.context, redirect=page
                    )
                    continue
                except _OVERWRITE_FAILED:
                    other = "a page this site writes"
            else:
                other = f"the static file {other}"
            message = (
                f"{page.written_as} would overwrite {page.save_as}, {other}; "
                "this redirect is not written"
            )
            log_problems(
                logger, page.source, [Problem(page.line, 1, message, logging.ERROR)]
            )
        if self.write_json and JSON_SAVE_AS not in statics:
            path = Path(sanitised_join(self.output_path, JSON_SAVE_AS))
            path.write_text(redirects_json(self.plan), encoding="utf-8")


def redirect_generator(pelican: Any) -> type[Generator]:
    """``get_generators`` receiver."""
    return RedirectPagesGenerator


def planned_redirect_count(context: Mapping[str, Any]) -> int:
    """How many redirect pages this build plans (0 before they are planned)."""
    plan = context.get(PLAN_KEY)
    return plan.count if isinstance(plan, RedirectPlan) else 0

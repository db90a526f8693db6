"""The adapter for ``redirects``: Pelican's posts and pages in, redirect pages out.

``mark_redirect_to`` (``content_object_init``) hides a post or page whose
``redirect_to`` is usable, so it is in no feed, listing or sitemap; it reports
unusable ``redirect_from`` and ``redirect_to`` values where they are written.
``RedirectPagesGenerator`` plans every redirect page once all content is read
and writes them, and ``redirects.json``, with the ``jekyll/redirect.html``
template. ``planned_outputs`` declares them to output_guard as outputs that
give way to any other file: output_guard then reports each clash, once, and
the generator skips what it refused; without output_guard the generator finds
and reports the clashes itself. In a ``JEKYLL_SITE`` build redirects are made
only when the site used jekyll-redirect-from (unless ``JEKYLL_REDIRECTS`` is
set), and ``redirects.json`` is written as that plugin writes it, even empty.
"""

from __future__ import annotations

import datetime
import logging
import posixpath
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pelican import writers
from pelican.contents import Article, Page
from pelican.generators import Generator
from pelican.utils import sanitised_join

from pelican.plugins.postcard_core.attached import key_line
from pelican.plugins.postcard_core.content_lists import with_translations
from pelican.plugins.postcard_core.outputs import PlannedOutput, is_refused
from pelican.plugins.postcard_core.plugin_templates import template_fallback
from pelican.plugins.postcard_core.problems import Problem, log_problems, source_name
from pelican.plugins.postcard_core.settings import setting

from ..plugin_settings import DEFAULTS
from ..site.model import site_of
from .model import (
    Redirect,
    RedirectPlan,
    RedirectRequest,
    plan_redirects,
    redirect_from_paths,
    redirect_to_target,
    redirects_json,
)

logger = logging.getLogger(__name__)

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


def _post_order(request: RedirectRequest, content: Any) -> tuple[Any, ...]:
    """Jekyll sorts posts by date, then path."""
    date = getattr(content, "date", None)
    moment = date.timestamp() if isinstance(date, datetime.datetime) else 0.0
    return (moment, request.source)


def _page_order(request: RedirectRequest, content: Any) -> tuple[str, str]:
    """Jekyll sorts pages by file name."""
    return (posixpath.basename(request.source), request.source)


def collect_requests(
    context: Mapping[str, Any], site_url: str
) -> tuple[list[tuple[RedirectRequest, Any]], dict[str, str]]:
    """Each published or hidden post's, then page's, request (with its content),
    in Jekyll's order, and the file of every other post, page and draft (to its
    source)."""
    requests: list[tuple[RedirectRequest, Any]] = []
    occupied: dict[str, str] = {}
    for names, order in zip(_PUBLISHED, (_post_order, _page_order), strict=True):
        contents = with_translations(c for n in names for c in context.get(n, ()))
        kind: list[tuple[RedirectRequest, Any]] = []
        for content in contents:
            request = _request(content, site_url)
            if request is not None:
                kind.append((request, content))
            if content.save_as and (request is None or request.redirect_to is None):
                occupied.setdefault(content.save_as, source_name(content))
        requests.extend(sorted(kind, key=lambda pair: order(*pair)))
    for content in with_translations(c for n in _DRAFTS for c in context.get(n, ())):
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
            (self.plan.entries or _site_used_the_plugin(self.settings))
            and setting(self.settings, "JEKYLL_REDIRECTS_JSON", DEFAULTS)
            and JSON_SAVE_AS not in occupied
        )
        self.context[PLAN_KEY] = self.plan

    def planned_outputs(self) -> Iterable[PlannedOutput]:
        """Each file this generator will write, giving way to any other file."""
        for page in self.plan.pages:
            yield PlannedOutput(
                page.save_as, page.written_as, page.source, page.line, yields=True
            )
        if self.write_json:
            what = "redirects.json of jekyll-redirect-from"
            yield PlannedOutput(JSON_SAVE_AS, what, yields=True)

    def generate_output(self, writer: Any) -> None:
        """Write each planned page output_guard did not refuse, unless a static
        file or a page Pelican has already written holds its path (one ERROR
        each: output_guard, when enabled, has reported those already)."""
        statics = {
            static.save_as: source_name(static)
            for static in self.context.get("staticfiles", ())
        }
        if self.plan.pages:
            template = self.get_template(TEMPLATE)
        for page in self.plan.pages:
            if is_refused(self.context, page.save_as):
                continue
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
            _not_written(page, other)
        if self.write_json and not (
            JSON_SAVE_AS in statics or is_refused(self.context, JSON_SAVE_AS)
        ):
            path = Path(sanitised_join(self.output_path, JSON_SAVE_AS))
            path.write_text(redirects_json(self.plan), encoding="utf-8")


def _not_written(page: Redirect, other: str) -> None:
    message = (
        f"{page.written_as} would overwrite {page.save_as}, {other}; "
        "this redirect is not written"
    )
    log_problems(logger, page.source, [Problem(page.line, 1, message, logging.ERROR)])


def _site_used_the_plugin(settings: Mapping[str, Any]) -> bool:
    """A Jekyll site built with jekyll-redirect-from had a ``redirects.json``."""
    site = site_of(settings)
    return site is not None and "jekyll-redirect-from" in site.plugins


def redirect_generator(pelican: Any) -> type[Generator]:
    """``get_generators`` receiver."""
    return RedirectPagesGenerator


def planned_redirect_count(context: Mapping[str, Any]) -> int:
    """How many redirect pages this build plans, less those output_guard has
    refused (0 before they are planned, or without redirects)."""
    plan = context.get(PLAN_KEY)
    if not isinstance(plan, RedirectPlan):
        return 0
    return sum(1 for page in plan.pages if not is_refused(context, page.save_as))

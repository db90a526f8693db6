"""sitemap_xml: a ``sitemap.xml`` (and a ``robots.txt`` naming it) for search engines.

Once every generator has read its content, the sitemap lists the home page and
every published article, page, series page, tag and category page, each with
its absolute URL and its ``modified`` (else ``date``). Drafts, hidden content,
pages whose ``robots`` says ``noindex`` (jekyll's redirect pages are hidden) and
URLs matching ``SITEMAP_EXCLUDE`` are left out. The settings keep the
``SITEMAP_`` prefix users know from jekyll-sitemap and Pelican's sitemap plugin;
the package is ``sitemap_xml`` so it never clashes with that plugin's.

Settings: ``SITEMAP_SAVE_AS`` (``"sitemap.xml"``; empty turns the sitemap off),
``SITEMAP_EXCLUDE`` (regular expressions searched in each URL's path below the
site, such as ``"^/tag/"``; ``"glob:/drafts/*"`` for a shell-style glob).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pelican import signals

from pelican.plugins.postcard_core.attached import series_pages
from pelican.plugins.postcard_core.content_lists import with_translations
from pelican.plugins.postcard_core.outputs import (
    PlannedOutput,
    add_planner,
    is_refused,
)
from pelican.plugins.postcard_core.settings import setting
from pelican.plugins.sitemap_xml import model

logger = logging.getLogger(__name__)

DEFAULTS: Mapping[str, Any] = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "SITEMAP_EXCLUDE": (),
}


def _listed(content: Any) -> bool:
    """Whether a published article or page belongs in the sitemap."""
    metadata = getattr(content, "metadata", {}) or {}
    return model.listed(
        getattr(content, "status", "published"),
        getattr(content, "save_as", ""),
        metadata.get("robots"),
    )


def _lastmod(content: Any) -> Any:
    return getattr(content, "modified", None) or getattr(content, "date", None)


def _content_entries(
    context: Mapping[str, Any], site_url: str
) -> Iterator[model.Entry]:
    """Pages, then articles (with their translations)."""
    for key in ("pages", "articles"):
        for content in with_translations(context.get(key, ())):
            if _listed(content):
                yield model.Entry(
                    model.absolute_url(site_url, content.url), _lastmod(content)
                )


def _term_entries(context: Mapping[str, Any], site_url: str) -> Iterator[model.Entry]:
    """Category and tag pages, dated by their newest article."""
    for key in ("categories", "tags"):
        for term, articles in context.get(key, ()):
            if getattr(term, "save_as", "") and articles:
                moment = model.newest(_lastmod(a) for a in articles)
                yield model.Entry(model.absolute_url(site_url, term.url), moment)


def _series_entries(context: Mapping[str, Any], site_url: str) -> Iterator[model.Entry]:
    """Series pages and the series index, if a series plugin wrote them."""
    for page in series_pages(context):
        yield model.Entry(model.absolute_url(site_url, page.url), page.updated)


def _home_entry(
    context: Mapping[str, Any], settings: Mapping[str, Any], site_url: str
) -> Iterator[model.Entry]:
    url = model.home_url(settings)
    if url is not None:
        moment = model.newest(_lastmod(a) for a in context.get("articles", ()))
        yield model.Entry(model.absolute_url(site_url, url), moment)


def collect_entries(
    context: Mapping[str, Any],
    settings: Mapping[str, Any],
    exclusions: model.Exclusions,
) -> list[model.Entry]:
    """Every URL of the build the sitemap lists, home page first."""
    site_url = settings["SITEURL"]
    entries = [
        *_home_entry(context, settings, site_url),
        *_content_entries(context, site_url),
        *_series_entries(context, site_url),
        *_term_entries(context, site_url),
    ]
    return [
        entry
        for entry in model.unique(entries)
        if not exclusions.excludes(model.site_path(site_url, entry.loc))
    ]


def _shipped(
    context: Mapping[str, Any], settings: Mapping[str, Any], name: str
) -> bool:
    """Whether the site writes ``name`` itself (a static file or a template page)."""
    static = {getattr(f, "save_as", None) for f in context.get("staticfiles", ())}
    pages = set((settings.get("TEMPLATE_PAGES") or {}).values())
    return name in static or name in pages


def _output_file(output: str, save_as: str) -> Path | None:
    """``save_as`` inside the output folder, or None (and an error) outside it."""
    target = model.inside(output, save_as)
    if target is None:
        logger.error(
            "SITEMAP_SAVE_AS %r is outside the output folder; no sitemap", save_as
        )
    return target


def _exclusions(settings: Mapping[str, Any]) -> model.Exclusions | None:
    raw = setting(settings, "SITEMAP_EXCLUDE", DEFAULTS)
    patterns = [raw] if isinstance(raw, str) else list(raw or ())
    try:
        return model.Exclusions.parse(patterns)
    except re.error as error:
        logger.error(
            "SITEMAP_EXCLUDE: %r is not a regular expression (%s); no sitemap is "
            "written, so that nothing meant to stay out is listed",
            error.pattern,
            error,
        )
        return None


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _robots(
    context: Mapping[str, Any], settings: Mapping[str, Any], sitemap_url: str
) -> None:
    """Write robots.txt naming the sitemap, unless the site has its own."""
    line = f"Sitemap: {sitemap_url}"
    if _shipped(context, settings, "robots.txt") or is_refused(context, "robots.txt"):
        logger.info("The site has its own robots.txt; add this line to it: %s", line)
        return
    if urlsplit(settings["SITEURL"]).path.strip("/"):
        # Crawlers read robots.txt only at the root of a host.
        logger.info(
            "SITEURL is below the root of its host, so no robots.txt is written; "
            "add this line to the host's robots.txt: %s",
            line,
        )
        return
    target = _output_file(settings["OUTPUT_PATH"], "robots.txt")
    if target is not None:
        _write(target, model.robots_txt(sitemap_url))


def write_sitemap(generators: Iterable[Any]) -> None:
    """``all_generators_finalized`` receiver: write the sitemap and robots.txt."""
    generators = list(generators)
    if not generators:
        return
    settings, context = generators[0].settings, generators[0].context
    save_as = setting(settings, "SITEMAP_SAVE_AS", DEFAULTS)
    if not save_as:
        return
    site_url = settings.get("SITEURL") or ""
    if not urlsplit(site_url).scheme:
        logger.info(
            "No %s: a sitemap needs absolute URLs and SITEURL is %r; set it "
            "(in publishconf.py, say) to publish one",
            save_as,
            site_url,
        )
        return
    exclusions = _exclusions(settings)
    target = _output_file(settings["OUTPUT_PATH"], save_as)
    if exclusions is None or target is None:
        return
    if _shipped(context, settings, save_as):
        logger.warning("The site has its own %s; none is generated", save_as)
        return
    entries = collect_entries(context, settings, exclusions)
    files = model.sitemap_files(entries, save_as, site_url)
    for file in files:
        part = _output_file(settings["OUTPUT_PATH"], file.save_as)
        if part is not None:
            _write(part, file.text)
    logger.info("Sitemap %s: %d URLs in %d file(s)", save_as, len(entries), len(files))
    _robots(context, settings, model.absolute_url(site_url, save_as))


def planned_outputs(
    settings: Mapping[str, Any], context: Mapping[str, Any]
) -> Iterator[PlannedOutput]:
    """What ``write_sitemap`` will write (``postcard_core.outputs``): the sitemap,
    and a robots.txt that gives way to a page of the site at that path."""
    save_as = setting(settings, "SITEMAP_SAVE_AS", DEFAULTS)
    site_url = urlsplit(settings.get("SITEURL") or "")
    if not save_as or not site_url.scheme or _shipped(context, settings, save_as):
        return
    yield PlannedOutput(save_as, "the sitemap (SITEMAP_SAVE_AS)")
    if not site_url.path.strip("/") and not _shipped(context, settings, "robots.txt"):
        yield PlannedOutput("robots.txt", "the robots.txt of sitemap_xml", yields=True)


def plan_outputs(generator: Any) -> None:
    """``generator_init`` receiver: declare the sitemap's files."""
    add_planner(
        generator.context,
        "sitemap_xml",
        partial(planned_outputs, generator.settings, generator.context),
    )


def register() -> None:
    """Connect this plugin to Pelican's signals."""
    signals.generator_init.connect(plan_outputs)
    signals.all_generators_finalized.connect(write_sitemap)

"""output_guard: no two things write one file.

Pelican finds out that two things write one file only while writing: two posts
with one permalink (or one title, so one slug) stop the build with a CRITICAL
that names neither file, and a post whose permalink is a generated page (a feed,
the home page, a tag page, a series page, the sitemap) silently replaces it.
This plugin lists every output path before anything is written and settles each
clash (the rules are in ``model``):

- generated pages keep their paths: a content file that would replace one gets
  an ERROR (``file:LINE:COL`` of the key that gave the path) and is not written;
- of two content files at one path, the first in Pelican's order (articles, then
  pages, then static files; by source path within each) is kept and the other
  gets one ERROR naming both;
- a file that is not written is taken out of every list, listing and feed.

Two articles are settled at ``article_generator_pretaxonomy``, before Pelican
builds tags and archives and other plugins build series from them; everything
else at ``all_generators_finalized``, before any writing. Plugins declare the
files they write through ``postcard_core.outputs``. Enable this plugin before
those that write at ``all_generators_finalized`` (the ``postcard`` bundle does).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, MutableMapping
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator, StaticGenerator

from pelican.plugins.postcard_core.attached import key_line
from pelican.plugins.postcard_core.content_lists import generator_contents
from pelican.plugins.postcard_core.outputs import (
    PlannedOutput,
    normalise_save_as,
    planned_outputs,
    refuse,
)
from pelican.plugins.postcard_core.problems import log_problems, source_name

from .dropping import drop_contents
from .model import Claim, Collision, Kind, find_collisions
from .pelican_outputs import article_outputs, template_pages

logger = logging.getLogger(__name__)

Objects = dict[int, tuple[Any, Any]]  # handle -> (generator, content)


def path_key(content: Any) -> tuple[str, int]:
    """The header key that gave ``content`` its output path, and its line
    (``("", 0)`` when the path comes from settings or the file name)."""
    metadata = getattr(content, "metadata", None) or {}
    if "save_as" in metadata:
        candidates: tuple[str, ...] = ("save_as", "permalink")
    elif "slug" in metadata:
        candidates = ("slug",)
    else:  # Pelican made the slug from the title
        candidates = ("title",)
    for key in candidates:
        line = key_line(content, key)
        if line:
            return key, line
    return "", 0


def _contents(generator: Any) -> list[Any]:
    if isinstance(generator, StaticGenerator):
        return list(getattr(generator, "staticfiles", None) or ())
    return generator_contents(generator)[1]


def content_claims(generators: Iterable[Any]) -> tuple[list[Claim], Objects]:
    """A claim per content file that will be written, in Pelican's order."""
    claims: list[Claim] = []
    objects: Objects = {}
    for generator in generators:
        for content in sorted(_contents(generator), key=source_name):
            path = normalise_save_as(getattr(content, "save_as", "") or "")
            if not path:
                continue
            via, line = path_key(content)
            claims.append(
                Claim(
                    path,
                    Kind.CONTENT,
                    order=len(claims),
                    source=source_name(content),
                    line=line,
                    via=via,
                    handle=id(content),
                )
            )
            objects[id(content)] = (generator, content)
    return claims, objects


def _generated(
    generators: list[Any], context: Any, *, taxonomy: bool = True
) -> Iterator[PlannedOutput]:
    settings = generators[0].settings
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            pages = article_outputs(generator, settings, taxonomy=taxonomy)
            yield from (PlannedOutput(save_as, what) for save_as, what in pages)
    for save_as, what in template_pages(settings):
        yield PlannedOutput(save_as, what)
    yield from planned_outputs(generators, context)


def generated_claims(
    generators: list[Any], context: Any, *, taxonomy: bool = True
) -> list[Claim]:
    """A claim per generated page: Pelican's and what plugins declare; with
    ``taxonomy`` false, only those known before tags and archives are built."""
    items = _generated(generators, context, taxonomy=taxonomy)
    if not taxonomy:  # a yielding output waits for every content file
        items = (item for item in items if not item.yields)
    return [
        Claim(
            normalise_save_as(item.save_as),
            Kind.YIELDING if item.yields else Kind.GENERATED,
            order=order,
            source=item.source,
            what=item.what,
            line=item.line,
        )
        for order, item in enumerate(items)
    ]


def settle(
    collisions: list[Collision], objects: Objects, context: MutableMapping[str, Any]
) -> None:
    """Log each collision and keep the lost claim from being written."""
    lost: dict[int, tuple[Any, list[Any]]] = {}
    for collision in collisions:
        problem = collision.problem()
        if problem is not None:
            log_problems(logger, collision.lost.source, [problem])
        elif collision.settings_clash():
            logger.error("%s", collision.settings_clash())
        if collision.lost.kind is Kind.YIELDING:
            refuse(context, collision.lost.path)
        elif collision.lost.handle in objects:
            generator, content = objects[collision.lost.handle]
            lost.setdefault(id(generator), (generator, []))[1].append(content)
    for generator, contents in lost.values():
        drop_contents(generator, contents, context)


def guard_articles(generator: Any) -> None:
    """``article_generator_pretaxonomy``: no two articles share a path, and none
    takes the path of a page known before the taxonomy (feeds, the home page,
    the sitemap), so tags, archives and series never see a file left out."""
    claims, objects = content_claims([generator])
    claims.extend(generated_claims([generator], generator.context, taxonomy=False))
    settle(find_collisions(claims), objects, generator.context)


def guard_site(generators: Iterable[Any]) -> None:
    """``all_generators_finalized``: settle every output path of the build."""
    generators = list(generators)
    if not generators:
        return
    started = time.perf_counter()
    context = generators[0].context
    claims, objects = content_claims(generators)
    claims.extend(generated_claims(generators, context))
    collisions = find_collisions(claims)
    settle(collisions, objects, context)
    logger.debug(
        "output_guard: %d outputs checked, %d clashes, in %.1f ms",
        len(claims),
        len(collisions),
        (time.perf_counter() - started) * 1000,
    )


def register() -> None:
    """Connect this plugin to Pelican's signals."""
    signals.article_generator_pretaxonomy.connect(guard_articles)
    signals.all_generators_finalized.connect(guard_site)

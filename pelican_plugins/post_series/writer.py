"""The generator that writes each series' page and feed, and the series index."""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial

from pelican.generators import Generator

from .links import SeriesLinker
from .model import Key, Series, SeriesIndexPage

logger = logging.getLogger(__name__)

CATALOG_KEY = "post_series"
"""Context key of this build's ``SeriesCatalog``."""


@dataclass(frozen=True)
class SeriesCatalog:
    """Everything this build knows about series (``context["post_series"]``)."""

    series_list: tuple[Series, ...]
    by_key: Mapping[Key, Series]
    index: SeriesIndexPage | None
    linker: SeriesLinker


class SeriesGenerator(Generator):
    """Writes each series' page and feed, and the series index."""

    def generate_output(self, writer) -> None:
        """Write the pages and feeds of the ``SeriesCatalog`` in the context."""
        catalog: SeriesCatalog | None = self.context.get(CATALOG_KEY)
        if catalog is None:
            return
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        taken: dict[str, str] = {}
        if catalog.index is not None:
            taken[catalog.index.save_as] = "the series index"
        template = self.get_template("series") if catalog.series_list else None
        for series in catalog.series_list:
            if not series.save_as:
                continue
            if series.save_as in taken:
                logger.error(
                    "%s: series %r would overwrite %s at %s; its page is not written",
                    series.source or series.slug,
                    series.title,
                    taken[series.save_as],
                    series.save_as,
                )
                continue
            taken[series.save_as] = f"series {series.title!r}"
            self._write_series(write, writer, template, series)
        if catalog.index is not None:
            write(
                catalog.index.save_as,
                self.get_template("series_index"),
                self.context,
                series_list=catalog.series_list,
                url=catalog.index.url,
                page_name=posixpath.splitext(catalog.index.save_as)[0],
                template_name="series_index",
            )

    def planned_outputs(self) -> Iterator[tuple[str, str]]:
        """What ``generate_output`` will write, as ``postcard_core.outputs`` asks."""
        catalog: SeriesCatalog | None = self.context.get(CATALOG_KEY)
        if catalog is None:
            return
        taken: set[str] = set()
        if catalog.index is not None:
            taken.add(catalog.index.save_as)
            yield catalog.index.save_as, "the series index"
        for series in catalog.series_list:
            if series.save_as and series.save_as not in taken:
                taken.add(series.save_as)  # a clash generate_output reports
                yield series.save_as, f"the page of series '{series.title}'"
                if series.feed_save_as:
                    yield series.feed_save_as, f"the feed of series '{series.title}'"

    def _write_series(self, write, writer, template, series) -> None:
        newest_first = self.settings.get("NEWEST_FIRST_ARCHIVES", True)
        by_date = sorted(series.parts, key=lambda a: a.date, reverse=newest_first)
        write(
            series.save_as,
            template,
            self.context,
            series=series,
            articles=list(series.parts),
            dates=by_date,
            all_articles=self.context.get("articles", []),
            url=series.url,
            page_name=posixpath.splitext(series.save_as)[0],
            template_name="series",
        )
        if series.feed_save_as:
            writer.write_feed(
                sorted(series.parts, key=lambda a: a.date, reverse=True),
                self.context,
                series.feed_save_as,
                series.feed_url,
                feed_title=series.title,
            )

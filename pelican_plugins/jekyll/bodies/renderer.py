"""The Liquid renderer of one build's bodies (python-liquid, Jekyll's tags,
filters and variables), for any :class:`~.liquid_site.LiquidSite`.

Imported by :mod:`.bodies` only when a body holds Liquid: a site without any
never loads the engine.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from liquid import BoundTemplate

from pelican.plugins.postcard_core.definitions import markdown_converter
from pelican.plugins.postcard_core.problems import log_problems
from pelican.plugins.postcard_core.reading import (
    HeaderHook,
    HeaderReading,
    ParsedDocuments,
)

from ..liquid import JekyllLiquid, Limits, Rendered, load_data
from ..liquid.code import code_ranges
from ..liquid.custom import TagFunction, function_tag
from ..liquid.filters import ruby_values
from ..site.content_cache import note_reads_other_files
from .liquid_site import LiquidDocument, LiquidSite
from .pelican_site import PelicanSite

logger = logging.getLogger(__name__)

#: One file's Liquid may take this long; loops and includes stop far sooner.
LIMITS = Limits(seconds=1.0)

# Pelican takes an attribute value that starts with "{" for a link of its own
# ({filename}…): "{{" or "{%" there is Liquid kept as written. What comes before
# such a value: a Markdown link, a reference definition, or an HTML attribute.
_LIQUID_START = re.compile(r"\{(?=[{%])")
_ATTRIBUTE_BEFORE = re.compile(
    r"(?:\]\([ \t]*<?|(?:^|\n)[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?"
    r"|\b(?:href|src|poster|data|cite|formaction|action|content)[ \t]*=[ \t]*[\"'])\Z",
    re.IGNORECASE,
)
_PELICAN_LINK = re.compile(r"\{(?:filename|static|attach)\}")


class _LazySite(dict):
    """``site``: values that cost a walk of the site are read when first used."""

    def __init__(
        self, values: Mapping[str, Any], loaders: Mapping[str, Callable[[], Any]]
    ) -> None:
        super().__init__(values)
        self._loaders = dict(loaders)

    def __missing__(self, key: str) -> Any:
        loader = self._loaders.pop(key, None)
        if loader is None:
            raise KeyError(key)
        value = loader()
        self[key] = value
        return value

    def _load_all(self) -> None:
        for key in list(self._loaders):
            self.__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        """``site[key]``, loading it if needed."""
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return key in self._loaders or super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        self._load_all()
        return super().__iter__()

    def __len__(self) -> int:
        return super().__len__() + len(self._loaders)

    def keys(self) -> Any:
        """Every key (all loaded)."""
        self._load_all()
        return super().keys()

    def items(self) -> Any:
        """Every item (all loaded)."""
        self._load_all()
        return super().items()

    def values(self) -> Any:
        """Every value (all loaded)."""
        self._load_all()
        return super().values()


class _Links:
    """``{% link %}``'s lookup, asking the site once per path."""

    def __init__(self, site: LiquidSite, reads: Callable[..., None]) -> None:
        self._site = site
        self._reads = reads
        self._found: dict[str, str | None] = {}

    def get(self, path: str, default: str | None = None) -> str | None:
        """What ``path`` links to."""
        self._reads()
        key = path.strip().lstrip("/")
        if key not in self._found:
            self._found[key] = self._site.link(key)
        return self._found[key] or default


class _SiteLiquid(JekyllLiquid):
    """The engine, with links and URLs from a :class:`LiquidSite`."""

    def __init__(
        self,
        site: LiquidSite,
        values: Mapping[str, Any],
        reads: Callable[..., None],
        **kw: Any,
    ) -> None:
        super().__init__(
            values,
            site_root=site.root,
            includes_dir=site.includes_dir,
            posts_by_name={},
            links={},
            code_is_liquid=site.code_is_liquid,
            environment=site.environment,
            # Jekyll prints nothing for them; a Pelican site's are Jinja in prose
            report_unknown_names=not site.code_is_liquid,
            **kw,
        )
        self.liquid_site = site
        self.reads_other_files = reads
        self.links = _Links(site, reads)  # type: ignore[assignment]

    def relative_url(self, url: str) -> str:
        """``url`` with ``baseurl``; a Pelican link is left for Pelican."""
        return url if _PELICAN_LINK.match(url) else super().relative_url(url)

    def _find_post(self, name: str) -> str | None:
        self.reads_other_files()
        return self.liquid_site.post_link(name)

    def include_template(self, base: Path, name: str, tag: str) -> BoundTemplate:
        """The included file, noted when it is not an include of the site's
        includes folder (``include_relative``: any file beside the page)."""
        template = super().include_template(base, name, tag)
        if tag == "include_relative":
            path = (base / name).resolve().relative_to(self.liquid_site.root)
            self.reads_other_files(path.as_posix())
        return template


class BodyRenderer:
    """One build's Liquid for the bodies of one site."""

    def __init__(
        self,
        site: LiquidSite,
        *,
        markdown_settings: Mapping[str, Any] | None = None,
        tags: Mapping[str, TagFunction] | None = None,
        filters: Mapping[str, Callable[..., Any]] | None = None,
        limits: Limits = LIMITS,
        reads_other_files: Callable[..., None] = lambda path=None: None,
    ) -> None:
        self.site = site
        self._reads_other_files = reads_other_files
        self._markdown_settings = markdown_settings
        self._markdown: Any = None
        self._posts: list[dict[str, Any]] | None = None
        values = {
            **site.config,
            "url": site.url,
            "baseurl": site.baseurl,
            "time": datetime.datetime.now().astimezone(),
        }
        self.engine = _SiteLiquid(
            site,
            values,
            reads_other_files,
            limits=limits,
            markdownify=self._markdownify,
            tags=[function_tag(name, fn) for name, fn in (tags or {}).items()],
            filters=filters,
        )
        loaders: dict[str, Callable[[], Any]] = {
            "posts": self._post_values,
            "tags": lambda: self._grouped("tags"),
            "categories": lambda: self._grouped("categories"),
            "pages": lambda: ruby_values([p.liquid() for p in site.pages()]),
            "static_files": lambda: ruby_values(
                [f.liquid() for f in site.static_files()]
            ),
        }
        noted = {key: self._noting(loader) for key, loader in loaders.items()}
        self.engine.site = _LazySite(self.engine.site, {**noted, "data": self._data})
        self._prefixes = _site_prefixes(site.url, site.baseurl)

    @classmethod
    def from_settings(
        cls,
        settings: Mapping[str, Any],
        site: LiquidSite | None = None,
        read_header: HeaderHook | None = None,
        documents: ParsedDocuments | None = None,
    ) -> BodyRenderer:
        """The renderer for a build: of ``site``, else of the Pelican site the
        settings describe (other headers read with ``read_header``, each file
        parsed once with the reader through ``documents``)."""
        if site is None:
            site = PelicanSite(settings, read_header, documents)
        return cls(
            site,
            markdown_settings=settings.get("MARKDOWN"),
            tags=_functions(settings, "JEKYLL_LIQUID_TAGS"),
            filters=_functions(settings, "JEKYLL_LIQUID_FILTERS"),
            reads_other_files=lambda path=None: note_reads_other_files(settings, path),
        )

    def render(self, body: str, page: LiquidDocument, first_line: int = 1) -> Rendered:
        """``body`` (starting at ``first_line`` of its file) with its Liquid run."""
        if self.site.code_is_liquid:  # a Jekyll site: its code is Liquid too
            body = jekyll3_links(body)
        rendered = self.engine.render(
            body, page=page.liquid(), path=page.path, first_line=first_line
        )
        text = pelican_safe(rendered.text, self._prefixes)
        problems = tuple(replace(p, level=logging.WARNING) for p in rendered.problems)
        return Rendered(text, problems)

    def render_reading(self, reading: HeaderReading) -> None:
        """Render the body of the file being read; its problems become the file's."""
        rendered = self.render(
            reading.body, self.site.page(reading), reading.document.body_line
        )
        reading.body = rendered.text
        reading.problems.extend(rendered.problems)

    # --- site values, read when first used ------------------------------------

    def _noting(self, loader: Callable[[], Any]) -> Callable[[], Any]:
        """``loader``, noting that this build's Liquid reads other files (the
        content cache then depends on them)."""

        def load() -> Any:
            self._reads_other_files()
            return loader()

        return load

    def _post_values(self) -> list[dict[str, Any]]:
        if self._posts is None:
            self._posts = ruby_values([post.liquid() for post in self.site.posts()])
        return self._posts

    def _grouped(self, key: str) -> dict[str, list[dict[str, Any]]]:
        """``site.tags`` / ``site.categories``: name -> posts, newest first."""
        grouped: dict[str, list[dict[str, Any]]] = {}
        for post in self._post_values():
            for name in post.get(key) or ():
                grouped.setdefault(str(name), []).append(post)
        return grouped

    def _data(self) -> dict[str, Any]:
        folder = self.site.data_dir
        if folder is None:
            return {}
        data, problems = load_data(folder)
        prefix = folder.relative_to(self.site.root).as_posix()
        for name, problem in problems:
            log_problems(logger, f"{prefix}/{name}", [problem])
        return ruby_values(data)

    def _markdownify(self, text: str) -> str:
        if self._markdown is None:
            self._markdown = markdown_converter(
                self._markdown_settings or {"output_format": "html5"}
            )
        return self._markdown.reset().convert(text)


def _functions(settings: Mapping[str, Any], name: str) -> dict[str, Callable[..., Any]]:
    """The site's own tags or filters; anything else in the setting is reported."""
    given = settings.get(name) or {}
    if not isinstance(given, Mapping):
        logger.warning("%s must map names to functions; ignored", name)
        return {}
    found = {}
    for key, function in given.items():
        valid = isinstance(key, str) and re.fullmatch(r"[A-Za-z_][\w-]*", key)
        if not valid or not callable(function):
            logger.warning("%s[%r] is not a function with a name; ignored", name, key)
            continue
        found[key] = function
    return found


def _site_prefixes(url: str, baseurl: str) -> re.Pattern[str] | None:
    """``url``, ``baseurl`` or both before a Pelican link: Jekyll 3's
    ``{{ site.baseurl }}{% post_url x %}``, where the link already has them."""
    prefixes = sorted({p for p in (url + baseurl, baseurl, url) if p}, key=len)
    if not prefixes:
        return None
    alternatives = "|".join(re.escape(p) for p in reversed(prefixes))
    return re.compile(f"(?:{alternatives})(?={_PELICAN_LINK.pattern}/)")


# Jekyll 3's "{{ site.baseurl }}{% post_url x %}": Jekyll 4's tags add baseurl
# themselves, and would give /blog/blog/..., a broken link.
_BASEURL_BEFORE_LINK = re.compile(
    r"(\{\{-?)(\s*site\.baseurl\s*)(-?\}\})(?=\{%-?\s*(?:post_url|link)\s)"
)


def jekyll3_links(source: str) -> str:
    """``source`` with each ``{{ site.baseurl }}`` written right before a
    ``post_url`` or ``link`` tag printing nothing, as Jekyll 3 (and GitHub
    Pages) had the link: the statement keeps its length, so every line and
    column a message names stays where it was."""
    if "site.baseurl" not in source:
        return source
    return _BASEURL_BEFORE_LINK.sub(
        lambda m: m[1] + '""'.ljust(len(m[2])) + m[3], source
    )


def pelican_safe(text: str, prefixes: re.Pattern[str] | None = None) -> str:
    """``text`` as Pelican should see it, outside Markdown code: Liquid kept as
    written at the start of a link or attribute gets its ``{`` percent-encoded
    (Pelican would take it for a link of its own and warn), and a site URL
    before a Pelican link is dropped (the link gets it from Pelican)."""
    edits: list[tuple[int, int, str]] = []
    if "{{" in text or "{%" in text:
        edits += [
            (m.start(), m.end(), "%7B")
            for m in _LIQUID_START.finditer(text)
            if _ATTRIBUTE_BEFORE.search(text, max(0, m.start() - 300), m.start())
        ]
    if prefixes is not None and "}/" in text:
        edits += [(m.start(), m.end(), "") for m in prefixes.finditer(text)]
    if not edits:
        return text
    code = code_ranges(text)
    out: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits):
        if start < position or any(a <= start < b for a, b in code):
            continue
        out += [text[position:start], replacement]
        position = end
    out.append(text[position:])
    return "".join(out)

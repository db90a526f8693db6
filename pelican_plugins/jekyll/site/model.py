"""The Jekyll site a Pelican build stands in for, read once per build.

``load_site`` reads the site's configuration and classifies its files as Jekyll
4.3 does (``site_config``, ``site_files``). The result is a ``SitePlan``: the
``JekyllSite`` that the reader hook consults for each file, the Pelican settings
the site implies, and the files Pelican builds its own way (each with what
stands in for it). ``JekyllSite`` holds plain data only: it travels in Pelican's
settings, which Pelican's content cache may pickle. No Pelican here.
"""

from __future__ import annotations

import copy
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pelican.plugins.postcard_core.document import parse_document
from pelican.plugins.postcard_core.problems import FrontMatterError, Problem

from ..rules.local_zone import SiteZone
from ..rules.permalinks import output_ext_for, output_path, page_url
from .config import FeedConfig, JekyllConfig, pelican_settings, read_config
from .defaults import defaults_for
from .files import (
    DRAFT,
    PELICAN_PATHS,
    POST,
    ListingPage,
    SiteFile,
    SiteFiles,
    classify_site,
    liquid_listing_pages,
)

# What Pelican reads: its Markdown extensions (front_matter's reader), and HTML
# with a YAML header (front_matter's HTML reader, which the site turns on).
PELICAN_MARKDOWN = frozenset({"md", "markdown", "mkd", "mdown", "mkdn"})
PELICAN_HTML = frozenset({"html", "htm"})
_FEED_EXTENSIONS = (".xml", ".atom", ".rss")
_UTC = SiteZone("UTC", "UTC")
_POSTS_LOOP = re.compile(r"\{%-?\s*for\s+\w+\s+in\s+\(?\s*(?:site\.posts|paginator)\b")


@dataclass(frozen=True)
class JekyllSite:
    """What the reader hook needs to give each file Jekyll's meaning.

    ``entries`` are the posts, drafts and pages Pelican reads, by path from the
    site root (Pelican's ``PATH``). ``post_permalink`` is the posts' URL template
    (a style resolved), ``page_permalink`` the site's ``permalink`` as written.
    """

    root: str
    post_permalink: str
    page_permalink: str
    timezone: str = "UTC"
    timezone_origin: str = "UTC"  # what named it (local_zone.SiteZone)
    title: str = ""
    defaults: tuple[dict[str, Any], ...] = ()
    collections_dir: str = ""
    unpublished: bool = False
    markdown_ext: tuple[str, ...] = ("markdown", "mkdown", "mkdn", "mkd", "md")
    entries: dict[str, SiteFile] = field(default_factory=dict)
    feed: FeedConfig | None = None
    counts: dict[str, int] = field(default_factory=dict)
    show_drafts: bool = False
    config_files: tuple[str, ...] = ()
    plugins: tuple[str, ...] = ()
    # What Liquid's ``site`` holds: every _config.yml key, and where it reads.
    liquid_config: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    baseurl: str = ""
    includes_dir: str = "_includes"
    data_dir: str = "_data"
    future: bool = False
    static_paths: tuple[str, ...] = ()  # the static files Jekyll writes
    kramdown: Any = None  # _config.yml's kramdown value, as written
    # pages Pelican's own pages stand in for (a Liquid index, feed): their URLs
    replaced_urls: dict[str, str] = field(default_factory=dict)

    def entry(self, source: str) -> SiteFile | None:
        """The site file at ``source`` (relative to the root), if Pelican reads it."""
        return self.entries.get(source)

    def relative_path(self, entry: SiteFile) -> str:
        """A post's ``relative_path`` as Jekyll gives it: from ``collections_dir``."""
        prefix = self.collections_dir
        return entry.path.removeprefix(prefix + "/") if prefix else entry.path

    def front_matter_defaults(self, entry: SiteFile) -> dict[str, Any]:
        """The ``defaults`` of ``_config.yml`` that apply to ``entry``."""
        if entry.kind in (POST, DRAFT):
            relative = self.relative_path(entry)
            return defaults_for(self.defaults, relative, "posts", self.collections_dir)
        return defaults_for(self.defaults, entry.path, "pages", self.collections_dir)

    def converted_ext(self, path: str) -> str:
        """The extension Jekyll's converters give ``path``: Markdown and HTML
        become ``.html``, Sass ``.css``, anything else stays as it is."""
        ext = posixpath.splitext(path)[1]
        name = ext[1:].lower()
        if name in self.markdown_ext or name in PELICAN_HTML:
            return ".html"
        if name in ("scss", "sass"):
            return ".css"
        return ext


SITE_KEY = "jekyll_site"  # the build's JekyllSite, in Pelican's settings


def site_of(settings: Mapping[str, Any]) -> JekyllSite | None:
    """The build's Jekyll site, if ``JEKYLL_SITE`` names one."""
    site = settings.get(SITE_KEY)
    return site if isinstance(site, JekyllSite) else None


@dataclass(frozen=True)
class NotBuilt:
    """A file Jekyll built that Pelican does not build as it is, and why (or
    what stands in for it)."""

    path: str
    instead: str


@dataclass(frozen=True)
class SitePlan:
    """One build's reading of a Jekyll site."""

    site: JekyllSite
    settings: dict[str, Any]
    not_built: tuple[NotBuilt, ...] = ()
    problems: tuple[tuple[str, Problem], ...] = ()


def load_site(
    root: Path | str,
    config_files: Iterable[str] = (),
    pelican_paths: Iterable[str] = PELICAN_PATHS,
    fallback: SiteZone = _UTC,
) -> SitePlan:
    """Read the Jekyll site at ``root``: its configuration (``config_files``,
    else ``_config.yml``) and every file, as ``jekyll build`` would.

    ``pelican_paths`` are the paths below ``root`` that belong to Pelican (its
    settings, output and cache); ``fallback`` is the zone of a site whose
    ``_config.yml`` names none (``local_zone``). Raises ``FrontMatterError`` for
    a broken configuration file.
    """
    root = Path(root).resolve()
    config = read_config(root, list(config_files) or None)
    # Drafts are counted even when not shown (Jekyll without --drafts).
    every = classify_site(config, pelican_paths=pelican_paths, show_drafts=True)
    files = every if config.show_drafts else replace(every, drafts=())
    readable = _readable(config)
    listings = _listings(config, files, readable)
    feeds = _feed_pages(config, files)
    replaced = {listing.path for listing in listings} | {f.path for f in feeds}
    unread = _unread(files, readable, replaced)
    settings = pelican_settings(config, root, files, listings)
    settings.update(_paths(files, readable, replaced))
    settings.update(_outputs(config, files, listings, feeds))
    settings.update(_bundle_settings(config))
    zone = SiteZone(config.timezone, "_config.yml") if config.timezone else fallback
    settings["TIMEZONE"] = zone.name
    entries = _entries(files, readable, replaced)
    stand_ins = _stand_ins(config, listings, feeds)
    site = replace(
        _jekyll_site(config, every, files, entries, zone, settings),
        replaced_urls={
            s.path: "/" + _url_of(s.save_as) for s in stand_ins if s.save_as
        },
    )
    not_built = (*(s.not_built() for s in stand_ins), *unread)
    return SitePlan(site, settings, tuple(not_built), config.problems)


def _jekyll_site(
    config: JekyllConfig,
    every: SiteFiles,
    files: SiteFiles,
    entries: dict[str, SiteFile],
    zone: SiteZone,
    settings: Mapping[str, Any],
) -> JekyllSite:
    """What the reader hook needs; ``every`` has the drafts even when unshown
    (they are counted), ``files`` only what is built, ``entries`` what Pelican
    reads."""
    return JekyllSite(
        root=str(config.source),
        post_permalink=config.posts_permalink,
        page_permalink=config.permalink,
        timezone=zone.name,
        timezone_origin=zone.origin,
        title=config.title,
        defaults=tuple(dict(entry) for entry in config.defaults),
        collections_dir=config.collections_dir,
        unpublished=config.unpublished,
        markdown_ext=tuple(e.lower() for e in config.markdown_ext),
        entries=entries,
        feed=_jekyll_feed(config, settings),
        counts={
            "posts": len(files.posts),
            "drafts": len(every.drafts),
            "pages": len(files.pages),
            "static files": sum(1 for f in files.static_files if f.output),
        },
        show_drafts=config.show_drafts,
        config_files=config.config_files,
        plugins=config.plugins,
        liquid_config=copy.deepcopy(dict(config.raw)),
        url=config.url,
        baseurl=config.baseurl,
        includes_dir=_folder(config.raw.get("includes_dir"), "_includes"),
        data_dir=_folder(config.raw.get("data_dir"), "_data"),
        future=config.future,
        static_paths=tuple(f.path for f in files.static_files if f.output),
        kramdown=copy.deepcopy(config.raw.get("kramdown")),
    )


def _folder(value: Any, default: str) -> str:
    """A folder of _config.yml (``includes_dir``, ``data_dir``) from the root,
    kept inside it as Jekyll's ``sanitized_path`` keeps it (``../x`` is ``x``)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # Jekyll's folder "5"
    text = value.strip() if isinstance(value, str) else ""
    if "\0" in text:
        return default  # no folder has that name
    inside = posixpath.normpath("/" + text.replace("\\", "/")).lstrip("/")
    return inside if text and inside not in ("", ".") else default


def _readable(config: JekyllConfig) -> frozenset[str]:
    """The extensions Pelican reads as Jekyll does: Markdown that both call
    Markdown, and HTML."""
    return (PELICAN_MARKDOWN & frozenset(config.markdown_ext)) | PELICAN_HTML


def _ext(path: str) -> str:
    return posixpath.splitext(path)[1][1:].lower()


def _entries(
    files: SiteFiles, readable: frozenset[str], replaced: set[str]
) -> dict[str, SiteFile]:
    return {
        f.path: f
        for f in (*files.posts, *files.drafts, *files.pages)
        if _ext(f.path) in readable and f.path not in replaced
    }


def _paths(
    files: SiteFiles, readable: frozenset[str], replaced: set[str]
) -> dict[str, Any]:
    """Exactly the files Pelican reads: Jekyll's posts, drafts and pages it can
    read, and the static files Jekyll copies."""
    return {
        "ARTICLE_PATHS": [
            f.path for f in (*files.posts, *files.drafts) if _ext(f.path) in readable
        ],
        "PAGE_PATHS": [
            f.path
            for f in files.pages
            if _ext(f.path) in readable and f.path not in replaced
        ],
    }


def _listings(
    config: JekyllConfig, files: SiteFiles, readable: frozenset[str]
) -> tuple[ListingPage, ...]:
    """The pages that list posts: by their own Liquid, or by their layout's."""
    found = {page.path: page for page in liquid_listing_pages(config, files)}
    looping = _looping_layouts(config, files)
    for page in files.pages:
        if page.path in found or _ext(page.path) not in readable:
            continue
        layout = _front_matter(config, page.path).get("layout")
        if layout is None:
            layout = defaults_for(config, page.path, "pages").get("layout")
        if isinstance(layout, str) and layout in looping:
            at_root = "/" not in page.path and page.path.startswith("index.")
            replaced_by = "index" if at_root else "archives"
            found[page.path] = ListingPage(page.path, replaced_by, 1)
    return tuple(found[path] for path in sorted(found))


def _looping_layouts(config: JekyllConfig, files: SiteFiles) -> frozenset[str]:
    """Layouts whose Liquid (or whose parent layout's) loops over the posts; a
    theme's ``home`` layout does when the site has none of its own."""
    folder = str(config.raw.get("layouts_dir") or "_layouts")
    texts: dict[str, str] = {}
    for path in files.layouts:
        name = posixpath.splitext(path.removeprefix(folder + "/"))[0]
        texts[name] = _text(config.source / path)
    looping = {name for name, text in texts.items() if _POSTS_LOOP.search(text)}
    for _ in range(len(texts)):  # a parent's loop shows through its children
        for name, text in texts.items():
            parent = _layout_of(text)
            if parent in looping:
                looping.add(name)
    if "home" not in texts and config.raw.get("theme"):
        looping.add("home")
    return frozenset(looping)


def _layout_of(text: str) -> str | None:
    try:
        layout = parse_document(text).metadata.get("layout")
    except FrontMatterError:
        return None
    return layout if isinstance(layout, str) else None


def _text(path: Path) -> str:
    try:
        return path.read_text("utf-8", errors="replace")
    except OSError:
        return ""


def _front_matter(config: JekyllConfig, path: str) -> dict[str, Any]:
    """A page's header, for the few pages Pelican replaces (read once here)."""
    try:
        return dict(parse_document(_text(config.source / path), path).metadata)
    except FrontMatterError:
        return {}


@dataclass(frozen=True)
class _FeedPage:
    path: str
    output: str
    kind: str  # "atom" or "rss"


def _feed_pages(config: JekyllConfig, files: SiteFiles) -> tuple[_FeedPage, ...]:
    """Pages that are feeds written in Liquid (``feed.xml`` looping over the
    posts): Pelican's own feed is written at their path instead."""
    found = []
    for page in files.pages:
        if not page.path.lower().endswith(_FEED_EXTENSIONS):
            continue
        text = _text(config.source / page.path)
        if not _POSTS_LOOP.search(text):
            continue
        kind = "rss" if "<rss" in text else "atom"
        found.append(_FeedPage(page.path, _page_output(config, page.path), kind))
    return tuple(found)


def _page_output(config: JekyllConfig, path: str) -> str:
    """Where Jekyll writes the page at ``path`` (its permalink or the site's)."""
    header = {**defaults_for(config, path, "pages"), **_front_matter(config, path)}
    permalink = header.get("permalink")
    permalink = permalink if isinstance(permalink, str) else None
    folder, name = posixpath.split(path)
    ext = posixpath.splitext(name)[1]
    converted = ".html" if _ext(path) in (*config.markdown_ext, "html", "htm") else ext
    output_ext = output_ext_for(permalink, converted)
    folder_url = f"/{folder}" if folder else ""
    url = page_url(folder_url, name, output_ext, config.permalink, permalink)
    return output_path(url, output_ext, page=True)


def _outputs(
    config: JekyllConfig,
    files: SiteFiles,
    listings: tuple[ListingPage, ...],
    feeds: tuple[_FeedPage, ...],
) -> dict[str, Any]:
    """Where Pelican writes what stands in for Jekyll's listing pages and feeds,
    so each keeps its URL; no Pelican page or feed Jekyll never had."""
    out: dict[str, Any] = {"DIRECT_TEMPLATES": []}
    for listing in listings:
        template = listing.replaced_by
        if template in out["DIRECT_TEMPLATES"]:
            continue
        out["DIRECT_TEMPLATES"].append(template)
        save_as = _page_output(config, listing.path)
        name = template.upper()
        out[f"{name}_SAVE_AS"] = save_as
        if template != "index":
            out[f"{name}_URL"] = _url_of(save_as)
    feed_path = config.feed.path.lstrip("/")
    # jekyll-feed leaves a feed path alone when the site has a file there.
    jekyll_feed = "jekyll-feed" in config.plugins
    free = not (config.source / feed_path).exists()
    out["FEED_ALL_ATOM"] = feed_path if jekyll_feed and free else None
    for feed in feeds:
        key = "FEED_ALL_RSS" if feed.kind == "rss" else "FEED_ALL_ATOM"
        if out.get(key) is None:
            out[key] = feed.output
    out["CATEGORY_FEED_ATOM"] = out["TAG_FEED_ATOM"] = None  # jekyll_feed writes them
    if any(f.path.split("/", 1)[0] == "theme" for f in files.static_files):
        out["THEME_STATIC_DIR"] = "pelican-theme"  # the site's own theme/ stays
    return out


def _url_of(save_as: str) -> str:
    return save_as.removesuffix("index.html")


def _bundle_settings(config: JekyllConfig) -> dict[str, Any]:
    """How Pelican and the bundle read and write a Jekyll site."""
    return {
        # front_matter reads every file Jekyll reads, HTML pages and posts
        # without a header too.
        "FRONT_MATTER_HTML": True,
        "FRONT_MATTER_ONLY": True,
        # Jekyll's dates, slugs and categories come from the hook, not Pelican.
        "FILENAME_METADATA": "",
        "USE_FOLDER_AS_CATEGORY": False,
        "DISPLAY_CATEGORIES_ON_MENU": False,
        # Jekyll has no translations: posts sharing a slug are different posts.
        "ARTICLE_TRANSLATION_ID": None,
        "PAGE_TRANSLATION_ID": None,
        # Pelican's content cache on, as Jekyll keeps its own (build_log keeps
        # it from outliving a changed _config.yml).
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "SITEMAP_SAVE_AS": "sitemap.xml" if "jekyll-sitemap" in config.plugins else "",
        # Without jekyll-redirect-from, redirect_from is plain metadata to Jekyll.
        "JEKYLL_REDIRECTS": "jekyll-redirect-from" in config.plugins,
        "JEKYLL_REDIRECTS_JSON": config.redirects_json,
        # Bodies as Jekyll made them: kramdown, and its excerpts as summaries.
        "JEKYLL_KRAMDOWN": True,
        "JEKYLL_EXCERPT_SEPARATOR": config.excerpt_separator,
        "POST_SERIES_INDEX_SAVE_AS": "",
        # Write what the Jekyll site had: share images are one setting away.
        "DESCRIPTION_CARDS_IMAGES": False,
        # One feed, as jekyll-feed wrote: no feed per series.
        "POST_SERIES_FEED_ATOM": "",
        "POST_SERIES_LANG_FEED_ATOM": "",
    }


def _jekyll_feed(
    config: JekyllConfig, settings: Mapping[str, Any]
) -> FeedConfig | None:
    """jekyll-feed's settings, when it wrote the site's feed."""
    if "jekyll-feed" not in config.plugins or not settings.get("FEED_ALL_ATOM"):
        return None
    return config.feed


def _unread(
    files: SiteFiles, readable: frozenset[str], replaced: set[str]
) -> list[NotBuilt]:
    out = []
    for entry in (*files.posts, *files.drafts, *files.pages):
        if entry.path in replaced or _ext(entry.path) in readable:
            continue
        out.append(NotBuilt(entry.path, _why_unread(entry)))
    for document in files.documents:
        if document.output:
            out.append(
                NotBuilt(
                    document.path,
                    f"a document of the collection '{document.collection}': "
                    "Pelican does not build collections",
                )
            )
    return sorted(out, key=lambda n: n.path)


def _why_unread(entry: SiteFile) -> str:
    ext = _ext(entry.path)
    if ext in ("scss", "sass"):
        return "Sass: Pelican does not compile it (add the compiled CSS as a file)"
    kind = "post" if entry.kind in (POST, DRAFT) else "page"
    shown = f".{ext}" if ext else "extension-less"
    return f"a {shown} {kind} with Liquid: Pelican builds only Markdown and HTML"


_REPLACED_BY = {
    "index": "Pelican's index",
    "archives": "Pelican's archives",
    "categories": "Pelican's categories page",
    "tags": "Pelican's tags page",
}


@dataclass(frozen=True)
class _StandIn:
    """A page Jekyll built in Liquid that one of Pelican's own stands in for:
    ``save_as`` is where that page is written, None when another page of the
    same kind already has it."""

    path: str
    what: str  # "lists posts in Liquid", "a feed in Liquid"
    stand_in: str  # "Pelican's index", "Pelican's Atom feed"
    save_as: str | None

    def not_built(self) -> NotBuilt:
        """This page, in the build's WARNING."""
        instead = (
            f"{self.stand_in}, at {self.save_as}"
            if self.save_as is not None
            else "nothing: another page already stands for it"
        )
        return NotBuilt(self.path, f"{self.what}; {instead}")


def _stand_ins(
    config: JekyllConfig,
    listings: tuple[ListingPage, ...],
    feeds: tuple[_FeedPage, ...],
) -> list[_StandIn]:
    """Each replaced page and what Pelican writes in its place (the first page
    of each kind is where Pelican's own goes)."""
    out = []
    used: set[str] = set()
    for listing in listings:
        first = listing.replaced_by not in used
        used.add(listing.replaced_by)
        out.append(
            _StandIn(
                listing.path,
                "lists posts in Liquid",
                _REPLACED_BY[listing.replaced_by],
                _page_output(config, listing.path) if first else None,
            )
        )
    for feed in feeds:
        first = feed.kind not in used
        used.add(feed.kind)
        kind = "RSS" if feed.kind == "rss" else "Atom"
        out.append(
            _StandIn(
                feed.path,
                "a feed in Liquid",
                f"Pelican's {kind} feed",
                feed.output if first else None,
            )
        )
    return out

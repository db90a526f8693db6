"""A Jekyll site's configuration: ``_config.yml`` read as Jekyll 4.3 reads it.

Jekyll merges its config files in order into an empty mapping, then merges the
result over ``Configuration::DEFAULTS``; a ``null`` never replaces a value that is
already there. It then adds the ``posts`` collection and its default excludes.
``read_config`` does the same and keeps every key in ``raw`` (Liquid's ``site``).
Pure: no Pelican; the only I/O is reading the config files named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pelican.plugins.postcard_core import document
from pelican.plugins.postcard_core.problems import FrontMatterError, Problem
from pelican.plugins.postcard_core.text import kind_of

from ..rules.local_zone import usable_zone

if TYPE_CHECKING:
    from .files import ListingPage, SiteFiles

DEFAULT_EXCLUDES = (
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
)

# Configuration::DEFAULTS of Jekyll 4.3, less source and destination (which
# depend on where the site is).
JEKYLL_DEFAULTS: Mapping[str, Any] = MappingProxyType(
    {
        "collections_dir": "",
        "cache_dir": ".jekyll-cache",
        "plugins_dir": "_plugins",
        "layouts_dir": "_layouts",
        "data_dir": "_data",
        "includes_dir": "_includes",
        "collections": {},
        "safe": False,
        "include": [".htaccess"],
        "exclude": [],
        "keep_files": [".git", ".svn"],
        "encoding": "utf-8",
        "markdown_ext": "markdown,mkdown,mkdn,mkd,md",
        "strict_front_matter": False,
        "show_drafts": None,
        "limit_posts": 0,
        "future": False,
        "unpublished": False,
        "whitelist": [],
        "plugins": [],
        "markdown": "kramdown",
        "highlighter": "rouge",
        "lsi": False,
        "excerpt_separator": "\n\n",
        "incremental": False,
        "detach": False,
        "port": "4000",
        "host": "127.0.0.1",
        "baseurl": None,
        "show_dir_listing": False,
        "permalink": "date",
        "paginate_path": "/page:num",
        "timezone": None,
        "quiet": False,
        "verbose": False,
        "defaults": [],
        "liquid": {
            "error_mode": "warn",
            "strict_filters": False,
            "strict_variables": False,
        },
        "kramdown": {
            "auto_ids": True,
            "toc_levels": [1, 2, 3, 4, 5, 6],
            "entity_output": "as_char",
            "smart_quotes": "lsquo,rsquo,ldquo,rdquo",
            "input": "GFM",
            "hard_wrap": False,
            "guess_lang": True,
            "footnote_nr": 1,
            "show_warnings": False,
        },
    }
)

# Jekyll's permalink styles (Configuration::STYLE_TO_PERMALINK).
PERMALINK_STYLES: Mapping[str, str] = MappingProxyType(
    {
        "none": "/:categories/:title:output_ext",
        "date": "/:categories/:year/:month/:day/:title:output_ext",
        "ordinal": "/:categories/:year/:y_day/:title:output_ext",
        "pretty": "/:categories/:year/:month/:day/:title/",
        "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    }
)

# Plugins whose output Pelican stands in for, when a site lists them (the
# bundle's feed, sitemap, redirects, head tags and pagination).
KNOWN_PLUGINS = frozenset(
    {
        "jekyll-feed",
        "jekyll-sitemap",
        "jekyll-redirect-from",
        "jekyll-seo-tag",
        "jekyll-paginate",
    }
)


@dataclass(frozen=True)
class FeedConfig:
    """jekyll-feed's settings (the ``feed`` key): where its feeds go.

    ``path`` is the posts feed; ``categories`` get ``/feed/<category>.xml``; with
    ``tags`` on, each tag gets ``<tags_path><tag>.xml`` (``only``/``except``).
    """

    path: str = "/feed.xml"
    categories: tuple[str, ...] = ()
    tags: bool = False
    tags_path: str = "/feed/by_tag/"
    tags_only: tuple[str, ...] | None = None
    tags_except: tuple[str, ...] = ()
    posts_limit: int = 10


@dataclass(frozen=True)
class JekyllConfig:
    """A Jekyll site's configuration, with Jekyll's defaults applied.

    ``raw`` holds every key (top level read-only) as Liquid's ``site`` sees them.
    ``problems`` are ``(config file, Problem)`` pairs worth a message.
    """

    source: Path
    destination: Path
    config_files: tuple[str, ...]
    raw: Mapping[str, Any]
    title: str = ""
    description: str = ""
    url: str = ""
    baseurl: str = ""
    timezone: str | None = None
    lang: str | None = None
    author: str | Mapping[str, Any] | None = None
    twitter_username: str | None = None
    paginate: int | None = None
    paginate_path: str = "/page:num"
    future: bool = False
    show_drafts: bool = False
    unpublished: bool = False
    excerpt_separator: str = "\n\n"
    permalink: str = "date"
    defaults: tuple[Mapping[str, Any], ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    include: tuple[str, ...] = (".htaccess",)
    plugins: tuple[str, ...] = ()
    feed: FeedConfig = field(default_factory=FeedConfig)
    redirects_json: bool = True
    collections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    collections_dir: str = ""
    safe: bool = False
    markdown_ext: tuple[str, ...] = ("markdown", "mkdown", "mkdn", "mkd", "md")
    problems: tuple[tuple[str, Problem], ...] = ()

    @property
    def jekyll_plugins(self) -> frozenset[str]:
        """The plugins Pelican stands in for that this site relied on."""
        return KNOWN_PLUGINS.intersection(self.plugins)

    @property
    def site_url(self) -> str:
        """``url`` + ``baseurl``, as Jekyll's ``absolute_url`` joins them."""
        return self.url + self.baseurl

    @property
    def author_name(self) -> str | None:
        """The site author's name: ``author`` as text, or its ``name``."""
        if isinstance(self.author, Mapping):
            name = self.author.get("name")
            return str(name) if name is not None else None
        return self.author

    @property
    def posts_permalink(self) -> str:
        """The permalink template of posts (the style resolved to a template)."""
        return str(self.collections["posts"]["permalink"])


def read_config(
    site_root: Path | str,
    config_files: Sequence[str] | None = None,
    *,
    show_drafts: bool | None = None,
) -> JekyllConfig:
    """Read a Jekyll site's configuration as ``jekyll build`` does.

    ``config_files`` are paths relative to ``site_root`` merged in order (as
    ``--config a.yml,b.yml``); without them, ``_config.yml`` (or ``_config.yaml``)
    if present, else Jekyll's defaults. ``show_drafts`` is ``--drafts``.

    Raises ``FrontMatterError`` (``_config.yml:LINE:COL``) for a config file that
    is not valid YAML, is not a mapping, or sets ``include``/``exclude``/``plugins``
    to something other than a list; ``FileNotFoundError`` for a named file missing.
    """
    root = Path(site_root).resolve()
    problems: list[tuple[str, Problem]] = []
    names = list(config_files or ())
    if not names:
        default = next(
            (n for n in ("_config.yml", "_config.yaml") if (root / n).is_file()), None
        )
        if default is None:
            problems.append(
                (
                    "_config.yml",
                    Problem(0, 0, "no _config.yml: Jekyll's defaults apply"),
                )
            )
        names = [default] if default else []
    merged: dict[str, Any] = {}
    lines: dict[str, tuple[str, int, int]] = {}
    for name in names:
        data, key_lines = load_config_file(root / name, name)
        _merge_into(merged, data)
        lines.update({key: (name, *at) for key, at in key_lines.items()})
    if show_drafts is not None:
        merged["show_drafts"] = show_drafts
    _validate(merged, lines)
    return _build(root, tuple(names), _with_defaults(merged), lines, problems)


def load_config_file(path: Path, source: str) -> tuple[dict[str, Any], dict]:
    """Load one YAML config file: its mapping and each top-level key's (line, col).

    Keys keep their case (Jekyll's keys are case-sensitive); non-text keys become
    text as Ruby's ``to_s`` writes them. An empty file is an empty mapping.
    """
    text = document.decode_source(path.read_bytes(), source)
    data, positions = document.load_yaml_mapping(text, source)
    key_lines = {_ruby_key(key): at for key, at in positions.items()}
    return {_ruby_key(k): v for k, v in data.items()}, key_lines


def _ruby_key(key: Any) -> str:
    """A top-level key as Jekyll's ``stringify_keys`` (Ruby's ``to_s``) names it."""
    if isinstance(key, bool):
        return "true" if key else "false"
    return "" if key is None else str(key)


def deep_merge(master: Mapping[str, Any], other: Mapping[str, Any]) -> dict:
    """Jekyll's ``Utils.deep_merge_hashes``: ``other`` wins, mappings merge
    recursively, and a ``None`` in ``other`` keeps ``master``'s value."""
    merged = dict(master)
    _merge_into(merged, other)
    return merged


def _merge_into(target: dict[str, Any], other: Mapping[str, Any]) -> None:
    for key, new in other.items():
        if key not in target:
            target[key] = new
        elif new is None:
            continue
        elif isinstance(target[key], Mapping) and isinstance(new, Mapping):
            target[key] = deep_merge(target[key], new)
        else:
            target[key] = new


def _validate(merged: Mapping[str, Any], lines: Mapping[str, tuple]) -> None:
    """Jekyll refuses these keys unless they are lists (``Configuration#validate``)."""
    for key in ("plugins", "include", "exclude"):
        if key in merged and not isinstance(merged[key], list):
            source, line, column = lines.get(key, ("_config.yml", 0, 0))
            raise FrontMatterError(
                source,
                line,
                column,
                f"'{key}' must be a list (one '- item' a line), "
                f"not {kind_of(merged[key])}",
            )


def _with_defaults(merged: Mapping[str, Any]) -> dict[str, Any]:
    """DEFAULTS < config, then the posts collection and the default excludes."""
    config = deep_merge(_thaw(JEKYLL_DEFAULTS), merged)
    collections = config.get("collections")
    if collections is not None:
        if isinstance(collections, list):
            collections = {str(label): {} for label in collections}
        if not isinstance(collections, Mapping):
            collections = {}
        collections = deep_merge({"posts": {}}, collections)
        posts = dict(collections["posts"] or {})
        posts["output"] = True
        if config.get("permalink") and not posts.get("permalink"):
            style = str(config["permalink"])
            posts["permalink"] = PERMALINK_STYLES.get(style, style)
        collections["posts"] = posts
        config["collections"] = collections
    if config.get("exclude") is not None:
        config["exclude"] = _unique([*config["exclude"], *DEFAULT_EXCLUDES])
    return config


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    return list(value) if isinstance(value, list) else value


def _unique(items: Iterable[Any]) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _build(
    root: Path,
    names: tuple[str, ...],
    config: dict[str, Any],
    lines: Mapping[str, tuple[str, int, int]],
    problems: list[tuple[str, Problem]],
) -> JekyllConfig:
    read = _Reader(config, lines, problems)
    destination = config.get("destination")
    return JekyllConfig(
        source=root,
        destination=(root / str(destination)).resolve()
        if destination
        else root / "_site",
        config_files=names,
        raw=MappingProxyType(config),
        title=read.text("title"),
        description=read.text("description"),
        url=read.text("url").rstrip("/"),
        baseurl=_baseurl(read.text("baseurl")),
        timezone=read.zone(),
        lang=read.text("lang") or read.text("locale") or None,
        author=read.author(),
        twitter_username=read.twitter(),
        paginate=read.positive_int("paginate"),
        paginate_path=read.text("paginate_path") or "/page:num",
        future=bool(config.get("future")),
        show_drafts=bool(config.get("show_drafts")),
        unpublished=bool(config.get("unpublished")),
        excerpt_separator=read.text("excerpt_separator", strip=False),
        permalink=read.text("permalink") or "date",
        defaults=read.defaults(),
        exclude=read.names("exclude"),
        include=read.names("include"),
        plugins=read.plugins(),
        feed=read.feed(),
        redirects_json=read.redirects_json(),
        collections=MappingProxyType(
            {
                str(k): dict(v or {})
                for k, v in (config.get("collections") or {}).items()
            }
        ),
        collections_dir=read.text("collections_dir").strip("/"),
        safe=bool(config.get("safe")),
        markdown_ext=tuple(
            ext.strip() for ext in read.text("markdown_ext").split(",") if ext.strip()
        ),
        problems=tuple(problems),
    )


def _baseurl(value: str) -> str:
    """``baseurl`` with one leading slash and none trailing (``""`` for the root)."""
    value = value.strip("/")
    return f"/{value}" if value else ""


@dataclass
class _Reader:
    """Typed values out of the merged configuration; a wrong type is a problem."""

    config: Mapping[str, Any]
    lines: Mapping[str, tuple[str, int, int]]
    problems: list[tuple[str, Problem]]

    def warn(self, key: str, message: str) -> None:
        source, line, column = self.lines.get(key, ("_config.yml", 0, 0))
        self.problems.append((source, Problem(line, column, message)))

    def text(self, key: str, *, strip: bool = True) -> str:
        value = self.config.get(key)
        if value is None:
            return ""
        if isinstance(value, Mapping | list | bool):
            self.warn(key, f"'{key}' should be text, not {kind_of(value)}; ignored")
            return ""
        return str(value).strip() if strip else str(value)

    def zone(self) -> str | None:
        """``timezone``; one Jekyll cannot use is UTC (the C library reads an
        unknown ``TZ`` so), with a warning."""
        name = self.text("timezone")
        if name and not usable_zone(name):
            self.warn("timezone", f"'timezone' {name!r} is no time zone; UTC is used")
            return "UTC"
        return name or None

    def positive_int(self, key: str) -> int | None:
        value = self.config.get(key)
        if value is None or value is False:
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            self.warn(key, f"'{key}' should be a whole number, not {kind_of(value)}")
            return None
        try:
            number = int(value)
        except ValueError:
            self.warn(key, f"'{key}' should be a whole number, not '{value}'")
            return None
        return number if number > 0 else None

    def names(self, key: str) -> tuple[str, ...]:
        value = self.config.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        kept = [item for item in items if isinstance(item, str)]
        if len(kept) != len(items):
            self.warn(key, f"'{key}' lists something that is not text; ignored")
        return tuple(kept)

    def plugins(self) -> tuple[str, ...]:
        """``plugins`` and ``gems``; one warning names those nothing here
        stands in for (what they made is not built)."""
        plugins = _unique([*self.names("plugins"), *self.names("gems")])
        unknown = [name for name in plugins if name not in KNOWN_PLUGINS]
        if unknown:
            key = "plugins" if "plugins" in self.config else "gems"
            self.warn(
                key,
                f"no stand-in for the Jekyll plugin{'s' if len(unknown) > 1 else ''}"
                f" {', '.join(unknown)}: what {'they' if len(unknown) > 1 else 'it'}"
                " made is not built",
            )
        return tuple(plugins)

    def author(self) -> str | Mapping[str, Any] | None:
        value = self.config.get("author")
        if value is None or isinstance(value, Mapping):
            return MappingProxyType(dict(value)) if value else None
        return self.text("author") or None

    def twitter(self) -> str | None:
        """``twitter_username`` (minima), else ``twitter.username`` or ``twitter``
        as text (jekyll-seo-tag); without the ``@``."""
        value = self.config.get("twitter_username")
        twitter = self.config.get("twitter")
        if value is None and isinstance(twitter, Mapping):
            value = twitter.get("username")
        elif value is None and isinstance(twitter, str | int):
            value = twitter
        if value is None:
            return None
        return str(value).strip().lstrip("@") or None

    def defaults(self) -> tuple[Mapping[str, Any], ...]:
        value = self.config.get("defaults")
        if not isinstance(value, list):
            if value:
                self.warn("defaults", "'defaults' should be a list of scopes; ignored")
            return ()
        kept = [
            s
            for s in value
            if isinstance(s, Mapping) and isinstance(s.get("values"), Mapping)
        ]
        if len(kept) != len(value):
            self.warn(
                "defaults",
                "a 'defaults' entry without a mapping of 'values' is ignored "
                "(as Jekyll does)",
            )
        return tuple(kept)

    def redirects_json(self) -> bool:
        """jekyll-redirect-from's ``redirect_from: {json: false}``: no
        ``redirects.json``."""
        value = self.config.get("redirect_from")
        if value is None:
            return True
        if not isinstance(value, Mapping):
            self.warn(
                "redirect_from",
                f"'redirect_from' should be a mapping (json: false), not "
                f"{kind_of(value)}; ignored",
            )
            return True
        return value.get("json") is not False

    def feed(self) -> FeedConfig:
        feed = self.config.get("feed")
        if not isinstance(feed, Mapping):
            return FeedConfig()
        tags = feed.get("tags")
        tag_settings = tags if isinstance(tags, Mapping) else {}
        only = tag_settings.get("only")
        limit = feed.get("posts_limit")
        return FeedConfig(
            path=str(feed.get("path") or "/feed.xml"),
            categories=tuple(str(c) for c in feed.get("categories") or ()),
            tags=bool(tags),
            tags_path=str(tag_settings.get("path") or "/feed/by_tag/"),
            tags_only=tuple(str(t) for t in only) if isinstance(only, list) else None,
            tags_except=tuple(str(t) for t in tag_settings.get("except") or ()),
            posts_limit=limit if isinstance(limit, int) and limit > 0 else 10,
        )


def pelican_settings(
    config: JekyllConfig,
    site_root: Path | str,
    files: SiteFiles | None = None,
    listings: Iterable[ListingPage] = (),
) -> dict[str, Any]:
    """The Pelican settings a Jekyll site implies; the user's pelicanconf.py wins
    (the adapter merges: this is only the proposal).

    ``PATH`` is the site's root; ``SITENAME``, ``SITESUBTITLE``, ``TIMEZONE``,
    ``DEFAULT_LANG`` (``lang``, else ``locale``), ``AUTHOR`` (text, or its
    ``name``) and ``TWITTER_USERNAME`` are what ``_config.yml`` says, when it
    says it; ``SITEURL`` is
    ``url`` + ``baseurl``. Pagination, feeds, what is never written, the files
    read and the listing templates are each a helper's (below).
    ``WITH_FUTURE_DATES`` is ``future``.
    """
    proposal: dict[str, Any] = {"PATH": str(Path(site_root))}
    for key, value in (
        ("SITENAME", config.title),
        ("SITESUBTITLE", config.description),
        ("TIMEZONE", config.timezone),
        ("DEFAULT_LANG", config.lang),
        ("AUTHOR", config.author_name),
        ("TWITTER_USERNAME", config.twitter_username),
    ):
        if value:
            proposal[key] = value
    proposal["SITEURL"] = config.site_url
    proposal.update(_pagination(config))
    proposal.update(_feeds(config))
    proposal.update(_unwritten())
    proposal["WITH_FUTURE_DATES"] = config.future
    listings = tuple(listings)
    if files is not None:
        proposal.update(_paths(files, listings))
    proposal["DIRECT_TEMPLATES"] = _direct_templates(files, listings)
    return proposal


def _pagination(config: JekyllConfig) -> dict[str, Any]:
    """jekyll-paginate paginated the index only, page N at ``paginate_path``."""
    if not config.paginate:
        return {"DEFAULT_PAGINATION": False}
    path = config.paginate_path.strip("/").replace(":num", "{number}")
    return {
        "DEFAULT_PAGINATION": config.paginate,
        "PAGINATED_TEMPLATES": {"index": None},
        "PAGINATION_PATTERNS": [
            (1, "{url}", "{save_as}"),
            (2, f"{path}/", f"{path}/index.html"),
        ],
    }


def _feeds(config: JekyllConfig) -> dict[str, Any]:
    """Every feed off, but with jekyll-feed: ``FEED_ALL_ATOM`` at its path and
    ``FEED_MAX_ITEMS`` its ``posts_limit``; ``CATEGORY_FEED_ATOM`` and
    ``TAG_FEED_ATOM`` only where its ``categories``/``tags`` ask."""
    off = dict.fromkeys(
        (
            "FEED_ATOM",
            "FEED_RSS",
            "FEED_ALL_ATOM",
            "FEED_ALL_RSS",
            "CATEGORY_FEED_ATOM",
            "CATEGORY_FEED_RSS",
            "AUTHOR_FEED_ATOM",
            "AUTHOR_FEED_RSS",
            "TAG_FEED_ATOM",
            "TAG_FEED_RSS",
            "TRANSLATION_FEED_ATOM",
            "TRANSLATION_FEED_RSS",
        )
    )
    if "jekyll-feed" not in config.plugins:
        return off
    feed = config.feed
    off["FEED_ALL_ATOM"] = feed.path.lstrip("/")
    off["FEED_MAX_ITEMS"] = feed.posts_limit
    if feed.categories:
        off["CATEGORY_FEED_ATOM"] = "feed/{slug}.xml"
    if feed.tags:
        off["TAG_FEED_ATOM"] = feed.tags_path.lstrip("/") + "{slug}.xml"
    return off


def _unwritten() -> dict[str, str]:
    """No author, category or tag pages (Jekyll had none) and no drafts (Jekyll
    publishes a draft with ``--drafts`` only, as a post)."""
    names = ("AUTHOR", "CATEGORY", "TAG", "DRAFT", "DRAFT_PAGE")
    unwritten = {}
    for name in names:
        for suffix in ("_SAVE_AS", "_URL", "_LANG_SAVE_AS", "_LANG_URL"):
            if name in ("AUTHOR", "CATEGORY", "TAG") and "LANG" in suffix:
                continue
            unwritten[name + suffix] = ""
    return unwritten


def _paths(files: SiteFiles, listings: tuple[ListingPage, ...]) -> dict[str, Any]:
    """Exactly the posts (and drafts, when shown), pages (less the Liquid
    listings Pelican replaces) and static files Jekyll reads."""
    replaced = {listing.path for listing in listings}
    return {
        "ARTICLE_PATHS": [f.path for f in (*files.posts, *files.drafts)],
        "ARTICLE_EXCLUDES": [],
        "PAGE_PATHS": [f.path for f in files.pages if f.path not in replaced],
        "PAGE_EXCLUDES": [],
        "STATIC_PATHS": [f.path for f in files.static_files if f.output],
    }


def _direct_templates(
    files: SiteFiles | None, listings: tuple[ListingPage, ...]
) -> list[str]:
    """``index`` (unless a plain page is the root index) and the templates that
    replace ``listings``."""
    replaced = {listing.path for listing in listings}
    plain_index = files is not None and any(
        "/" not in page.path
        and page.path.split(".", 1)[0] == "index"
        and page.path not in replaced
        for page in files.pages
    )
    templates = [] if plain_index else ["index"]
    for listing in listings:
        if listing.replaced_by not in templates:
            templates.append(listing.replaced_by)
    return templates

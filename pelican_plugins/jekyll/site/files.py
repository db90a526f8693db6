"""Every file of a Jekyll site, classified as Jekyll 4.3's ``Reader`` does.

Jekyll walks the site from its root. In each folder it keeps the entries its
``EntryFilter`` lets through: not ``.``/``_``/``#``/``~``-prefixed, not ending in
``~`` or ``.``, not excluded (``exclude`` patterns match a path, a path prefix,
or a folder given with a trailing ``/``), unless ``include`` names them. A kept
file whose first line is ``---`` is a page, any other a static file. Posts come
from every ``_posts`` folder of a folder it walks (the folders before it are the
post's categories), drafts likewise from ``_drafts``. ``classify_site`` returns
the lot; nothing is published or rendered here (``published``, future dates
and permalinks are decided by the front matter, later).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..rules.file_names import post_name
from ..rules.globs import fnmatch
from .config import JekyllConfig

# Files a Pelican site keeps beside a Jekyll site, which Jekyll never had.
PELICAN_PATHS = ("pelicanconf.py", "publishconf.py", "output", "__pycache__")

# Document::DATELESS_FILENAME_MATCHER: the name has an extension.
_DRAFT_NAME = re.compile(r".*\.[^.]+")
_SPECIAL = (".", "_", "#", "~")
_YAML_HEADER_BLANKS = b" \t\r\f\v"
_DATA_EXTENSIONS = (".yml", ".yaml", ".json", ".csv", ".tsv")
_SPECIAL_FOLDERS = {
    "_posts": "Jekyll's posts folder (read as posts)",
    "_drafts": "Jekyll's drafts folder (read as drafts with --drafts)",
    "_layouts": "Jekyll's layouts",
    "_includes": "Jekyll's includes",
    "_data": "Jekyll's data files (site.data)",
    "_sass": "Jekyll's Sass partials",
    "_plugins": "Jekyll's Ruby plugins (Pelican cannot run them)",
    "_site": "Jekyll's output folder",
    "_config.yml": "Jekyll's configuration",
}

POST, DRAFT, PAGE, STATIC, DOCUMENT = "post", "draft", "page", "static", "document"


@dataclass(frozen=True)
class SiteFile:
    """One file Jekyll reads: its ``/``-separated path from the site root.

    ``categories`` are a post's or draft's folders (before ``_posts``);
    ``collection`` names the collection of a post, draft or document (or of a
    static file inside a collection folder); ``output`` is whether Jekyll
    writes it (a collection's documents only with ``output: true``).
    """

    path: str
    kind: str
    categories: tuple[str, ...] = ()
    collection: str | None = None
    output: bool = True


@dataclass(frozen=True)
class Skipped:
    """A file or folder Jekyll never reads as content, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class SiteFiles:
    """A Jekyll site's files by kind, each tuple sorted by path."""

    posts: tuple[SiteFile, ...] = ()
    drafts: tuple[SiteFile, ...] = ()
    pages: tuple[SiteFile, ...] = ()
    static_files: tuple[SiteFile, ...] = ()
    documents: tuple[SiteFile, ...] = ()
    layouts: tuple[str, ...] = ()
    includes: tuple[str, ...] = ()
    data_files: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    def by_path(self) -> dict[str, SiteFile]:
        """Every read file by its path."""
        every = (
            *self.posts,
            *self.drafts,
            *self.pages,
            *self.static_files,
            *self.documents,
        )
        return {entry.path: entry for entry in every}


def classify_site(
    config: JekyllConfig,
    *,
    pelican_paths: Iterable[str] = PELICAN_PATHS,
    show_drafts: bool | None = None,
) -> SiteFiles:
    """Classify every file below ``config.source`` as Jekyll reads it.

    ``pelican_paths`` are paths (relative to the site root) that belong to Pelican
    and were never part of the Jekyll site: its settings files, its output and
    cache folders. ``show_drafts`` overrides ``config.show_drafts`` (``--drafts``).
    """
    drafts = config.show_drafts if show_drafts is None else show_drafts
    walk = _Walk(config, tuple(p.strip("/") for p in pelican_paths), drafts)
    walk.read_directory("")
    walk.read_included_files()
    walk.read_collections()
    support = _support_files(config)
    return SiteFiles(
        posts=_sorted(walk.found[POST]),
        drafts=_sorted(walk.found[DRAFT]),
        pages=_sorted(walk.found[PAGE]),
        static_files=_sorted(walk.found[STATIC]),
        documents=_sorted(walk.found[DOCUMENT]),
        layouts=support["layouts_dir"],
        includes=support["includes_dir"],
        data_files=support["data_dir"],
        skipped=tuple(sorted(walk.skipped, key=lambda s: s.path)),
    )


def _sorted(entries: dict[str, SiteFile]) -> tuple[SiteFile, ...]:
    return tuple(entries[path] for path in sorted(entries))


def has_yaml_header(path: Path) -> bool:
    """Jekyll's ``Utils.has_yaml_header?``: the first line is ``---`` and blanks.

    No BOM and no blank lines first: such a file is a static file to Jekyll.
    """
    with path.open("rb") as handle:
        if handle.read(3) != b"---":
            return False
        while chunk := handle.read(256):
            for byte in chunk:
                if byte == 0x0A:
                    return True
                if byte not in _YAML_HEADER_BLANKS:
                    return False
    return False


def ruby_join(base: str, item: str) -> str:
    """Ruby's ``File.join`` of two parts: one ``/`` between them."""
    return base.rstrip("/") + "/" + item.lstrip("/")


@dataclass
class _Walk:
    """One run of Jekyll's reader over a site (state of a single call)."""

    config: JekyllConfig
    pelican_paths: tuple[str, ...]
    show_drafts: bool
    found: dict[str, dict[str, SiteFile]] = field(
        default_factory=lambda: {k: {} for k in (POST, DRAFT, PAGE, STATIC, DOCUMENT)}
    )
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.config.source

    def skip(self, path: str, reason: str) -> None:
        self.skipped.append(Skipped(path, reason))

    # -- EntryFilter ------------------------------------------------------------

    def glob_include(self, patterns: Iterable[str], entry: str) -> bool:
        """``EntryFilter#glob_include?``: ``entry`` is joined to the site root."""
        source = str(self.root)
        with_source = ruby_join(source, entry)
        for pattern in patterns:
            with_pattern = ruby_join(source, pattern) if pattern else source + "/"
            # A stat only for the pattern that names this folder ("drafts/").
            if with_source.startswith(with_pattern) or (
                with_pattern == with_source + "/" and os.path.isdir(with_source)
            ):
                return True
            # The site's own path is literal text, not a pattern.
            tail = with_pattern[len(source) :]
            if with_source.startswith(source) and fnmatch(
                tail, with_source[len(source) :]
            ):
                return True
        return False

    def rejection(self, entry: str, base: str, folder: Path) -> str | None:
        """Why ``EntryFilter#filter`` drops ``entry`` (a name or a path inside
        ``folder``, which is ``base`` relative to the root), or ``None``."""
        if entry.endswith("."):
            return "the name ends with '.'"
        name = entry.rsplit("/", 1)[-1]
        included = self.glob_include(self.config.include, entry) or self.glob_include(
            self.config.include, name
        )
        excludes = [p for p in self.config.exclude if p not in self.config.include]
        if not included and self.glob_include(excludes, ruby_join(base, entry)):
            return "excluded by 'exclude'"
        if self.config.safe and self.outside_symlink(folder / entry):
            return "a symlink to outside the site (safe mode)"
        if included:
            return None
        if entry.startswith(_SPECIAL) or name.startswith(_SPECIAL):
            special = entry.split("/", 1)[0] if entry.startswith(_SPECIAL) else name
            if not base and special == entry and special[1:] in self.config.collections:
                return f"the folder of the collection '{special[1:]}'"
            return _special_reason(special)
        if entry.endswith("~"):
            return "a backup file (ends with '~')"
        return None

    def outside_symlink(self, path: Path) -> bool:
        if not path.is_symlink():
            return False
        return not str(path.resolve()).startswith(str(self.root))

    # -- Reader#read_directories ------------------------------------------------

    def read_directory(self, rel: str, ancestors: frozenset[str] = frozenset()) -> None:
        folder = self.root / rel if rel else self.root
        real = os.path.realpath(folder)
        if real in ancestors:
            self.skip(rel, "a symlink loop: a link to a folder that contains it")
            return
        ancestors = ancestors | {real}
        self.read_posts(rel)
        for name in sorted(os.listdir(folder)):
            path = f"{rel}/{name}" if rel else name
            if self.is_pelicans(path):
                self.skip(path, "belongs to Pelican, not to the Jekyll site")
                continue
            reason = self.rejection(name, "/" + rel if rel else "", folder)
            if reason is not None:
                self.skip(path, reason)
            elif (folder / name).is_dir():
                if Path(folder / name).resolve() == self.config.destination.resolve():
                    self.skip(path, "Jekyll's destination folder")
                else:
                    self.read_directory(path, ancestors)
            else:
                self.add_file(path)

    def is_pelicans(self, path: str) -> bool:
        return any(path == p or path.startswith(p + "/") for p in self.pelican_paths)

    def add_file(self, path: str, collection: str | None = None) -> None:
        try:
            page = has_yaml_header(self.root / path)
        except OSError as exc:
            self.skip(path, f"cannot be read: {exc.strerror}")
            return
        if collection is not None:
            entry = self.collection_entry(path, collection, page)
        else:
            entry = SiteFile(path, PAGE if page else STATIC)
        self.found[entry.kind][path] = entry

    def collection_entry(self, path: str, label: str, document: bool) -> SiteFile:
        output = bool(self.config.collections.get(label, {}).get("output"))
        kind = DOCUMENT if document else STATIC
        return SiteFile(path, kind, collection=label, output=output)

    # -- PostReader ---------------------------------------------------------------

    def read_posts(self, rel: str) -> None:
        collections_dir = self.config.collections_dir
        shown = "/" + rel if rel else ""
        if collections_dir and not shown.startswith("/" + collections_dir):
            return
        self.read_publishable(rel, "_posts", POST)
        if self.show_drafts:
            self.read_publishable(rel, "_drafts", DRAFT)

    def read_publishable(self, rel: str, special: str, kind: str) -> None:
        base_rel = f"{rel}/{special}" if rel else special
        folder = self.root / base_rel
        if not folder.is_dir():
            return
        for entry in _glob_all(folder):
            path = f"{base_rel}/{entry}"
            reason = self.rejection(entry, "/" + base_rel, folder)
            if reason is not None:
                self.skip(path, reason)
            elif (folder / entry).is_dir():
                continue
            elif not _is_named(entry, kind):
                self.skip(path, _unmatched_reason(kind))
            elif not _is_utf8(folder / entry):
                self.skip(path, "not valid UTF-8 (Jekyll skips it)")
            else:
                self.found[kind][path] = SiteFile(
                    path, kind, _categories(self.relative(path), special), "posts"
                )

    def relative(self, path: str) -> str:
        """A document's ``relative_path``: from ``collections_dir``."""
        prefix = self.config.collections_dir
        return path.removeprefix(prefix + "/") if prefix else path

    # -- read_included_excludes and collections -----------------------------------

    def read_included_files(self) -> None:
        """Files ``include`` names by path are read wherever they are."""
        for entry in self.config.include:
            path = (self.root / entry.lstrip("/")).resolve()
            if not path.is_file() or not str(path).startswith(str(self.root)):
                continue
            if self.config.safe and self.outside_symlink(self.root / entry):
                continue
            rel = path.relative_to(self.root).as_posix()
            if rel not in self.found[PAGE] and rel not in self.found[STATIC]:
                self.skipped = [s for s in self.skipped if s.path != rel]
                self.add_file(rel)

    def read_collections(self) -> None:
        for label in self.config.collections:
            clean = re.sub(r"[^a-z0-9_\-.]", "", label, flags=re.IGNORECASE)
            if clean in ("posts", "data"):
                continue
            container = self.config.collections_dir
            base_rel = f"{container}/_{clean}" if container else f"_{clean}"
            folder = self.root / base_rel
            if not folder.is_dir() or (
                self.config.safe and self.outside_symlink(folder)
            ):
                continue
            for entry in _glob_all(folder, dotfiles=True):
                path = f"{base_rel}/{entry}"
                reason = self.rejection(entry, f"_{clean}", folder)
                if reason is not None:
                    self.skip(path, reason)
                elif not (folder / entry).is_dir():
                    self.add_file(path, collection=label)


def _glob_all(folder: Path, *, dotfiles: bool = False) -> Iterator[str]:
    """Ruby's ``Dir["**/*"]`` inside ``folder``: files and folders below it, not
    through symlinked folders; hidden names only with ``dotfiles``
    (``FNM_DOTMATCH``)."""
    for dirpath, dirnames, filenames in os.walk(folder):
        rel = Path(dirpath).relative_to(folder).as_posix()
        prefix = "" if rel == "." else rel + "/"
        if not dotfiles:
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        dirnames.sort()
        for name in sorted([*dirnames, *filenames]):
            if dotfiles or not name.startswith("."):
                yield prefix + name


def _is_named(entry: str, kind: str) -> bool:
    """Jekyll's name rule: a post's is dated, a draft's has an extension."""
    if kind == POST:
        return post_name(entry) is not None
    return _DRAFT_NAME.fullmatch(entry) is not None


def _categories(relative_path: str, special: str) -> tuple[str, ...]:
    """``Document#categories_from_path``: what precedes the first ``_posts``
    (or ``_drafts``) in the path, split on ``/``."""
    if relative_path.startswith(special):
        return ()
    before = relative_path.split(special, 1)[0]
    basename = relative_path.rsplit("/", 1)[-1]
    return tuple(c for c in before.split("/") if c and c not in (special, basename))


def _special_reason(name: str) -> str:
    if name in _SPECIAL_FOLDERS:
        return _SPECIAL_FOLDERS[name]
    if name.startswith("_"):
        return "the name starts with '_' (Jekyll's own folders and files)"
    if name.startswith("."):
        return "hidden (the name starts with '.')"
    return f"a backup file (the name starts with '{name[0]}')"


def _unmatched_reason(kind: str) -> str:
    if kind == POST:
        return "not a post: the name is not YYYY-MM-DD-title.ext"
    return "not a draft: the name has no extension"


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _support_files(config: JekyllConfig) -> dict[str, tuple[str, ...]]:
    """Layouts, includes and data files: the non-hidden files in those folders."""
    found: dict[str, tuple[str, ...]] = {}
    for key, default in (
        ("layouts_dir", "_layouts"),
        ("includes_dir", "_includes"),
        ("data_dir", "_data"),
    ):
        name = str(config.raw.get(key) or default)
        folder = config.source / name
        paths = []
        if folder.is_dir():
            for entry in _glob_all(folder):
                if (folder / entry).is_file() and (
                    key != "data_dir" or entry.lower().endswith(_DATA_EXTENSIONS)
                ):
                    paths.append(f"{name}/{entry}")
        found[key] = tuple(paths)
    return found


@dataclass(frozen=True)
class ListingPage:
    """A page whose Liquid lists the site's posts: Pelican builds its own instead.

    ``replaced_by`` is the Pelican template that stands in for it (``index``,
    ``archives``, ``categories``, ``tags``: by what the page loops over,
    ``paginator``, ``site.posts``, ``site.categories`` or ``site.tags``);
    ``line`` is where the first such loop is.
    """

    path: str
    replaced_by: str
    line: int


_LIQUID_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_LISTED = r"(paginator|site\.posts|site\.categories|site\.tags)\b"
_FOR_LOOP = re.compile(r"\{%-?\s*for\s+\w+(?:\s*,\s*\w+)?\s+in\s+\(?\s*" + _LISTED)
_ASSIGN = re.compile(r"\{%-?\s*assign\s+(\w+)\s*=\s*" + _LISTED)
_REPLACEMENT = {"site.categories": "categories", "site.tags": "tags"}
_LISTING_EXTENSIONS = (".html", ".htm")


def liquid_listing_pages(
    config: JekyllConfig, files: SiteFiles
) -> tuple[ListingPage, ...]:
    """The HTML and Markdown pages whose body loops over ``paginator`` or
    ``site.posts`` (or ``site.categories``/``site.tags``), directly or through an
    ``assign``: a paginated index, an archive. Pelican's own ``index``,
    ``archives``, ``categories`` or ``tags`` template replaces each.
    """
    extensions = (*_LISTING_EXTENSIONS, *(f".{e}" for e in config.markdown_ext))
    found = []
    for page in files.pages:
        if not page.path.lower().endswith(extensions):
            continue
        try:
            text = (config.source / page.path).read_text("utf-8", errors="replace")
        except OSError:
            continue
        listing = _listing(page.path, text)
        if listing is not None:
            found.append(listing)
    return tuple(found)


def _listing(path: str, text: str) -> ListingPage | None:
    text = _LIQUID_RAW.sub(lambda m: "\n" * m.group().count("\n"), text)
    uses: dict[str, int] = {}
    for match in _FOR_LOOP.finditer(text):
        uses.setdefault(match.group(1), match.start())
    for assign in _ASSIGN.finditer(text):
        loop = re.search(
            r"\{%-?\s*for\s+\w+\s+in\s+" + re.escape(assign.group(1)) + r"\b",
            text[assign.end() :],
        )
        if loop is not None:
            uses.setdefault(assign.group(2), assign.start())
    if not uses:
        return None
    order = ("paginator", "site.posts", "site.categories", "site.tags")
    first = next(name for name in order if name in uses)
    if first == "paginator" or (
        first == "site.posts" and "/" not in path and (path.startswith("index."))
    ):
        replaced_by = "index"
    else:
        replaced_by = _REPLACEMENT.get(first, "archives")
    line = text.count("\n", 0, min(uses.values())) + 1
    return ListingPage(path, replaced_by, line)

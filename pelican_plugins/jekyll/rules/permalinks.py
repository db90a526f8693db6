"""Jekyll's URL engine for posts, drafts and pages.

A URL is a template (a permalink style, the site's ``permalink`` or the
document's own) whose ``:placeholders`` are filled from what the document is:
its date in the site's zone, its slug and title, categories, file name and
output extension. The result is cleaned (``..``, ``./`` and doubled ``/``) and
the output file follows from it: a URL ending in ``/`` is a folder with an
``index.html``. These are Jekyll 4.3's rules (``URL``, ``Drops::UrlDrop``,
``Document#destination``, ``Page#template``), as plain functions.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import string
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pelican.plugins.postcard_core.text import DAY_NAMES, MONTH_NAMES

from .slugs import downcase, slugify

__all__ = [
    "STYLES",
    "UrlFacts",
    "cleaned_relative_path",
    "document_url",
    "escape_path",
    "output_ext_for",
    "output_path",
    "page_url",
    "permalink_template",
    "placeholders",
    "post_categories",
    "render_url",
    "sanitize_url",
]

# Jekyll's named permalink styles, as templates for posts.
STYLES = {
    "none": "/:categories/:title:output_ext",
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}
HTML_EXTENSIONS = (".html", ".xhtml", ".htm")

Kind = Literal["post", "draft", "page"]

_DAYS, _MONTHS = DAY_NAMES, MONTH_NAMES  # English, as Ruby prints them

_PLAIN = re.compile(r"^[a-zA-Z0-9./-]+$", re.MULTILINE)
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_URI = re.compile(r"^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$", re.S)
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*", re.IGNORECASE)
_AMBIGUOUS_PATH = re.compile(r"^(?!/)[^/:]*:")

# Addressable's character classes: what each URI part keeps unescaped.
_UNRESERVED = string.ascii_letters + string.digits + "-._~"
_SUB_DELIMS = "!$&'()*+,;="
_PCHAR = _UNRESERVED + _SUB_DELIMS + ":@"
_KEEP_SCHEME = frozenset(string.ascii_letters + string.digits + "-+.")
_KEEP_AUTHORITY = frozenset(_PCHAR + "[:]")
_KEEP_PATH = frozenset(_PCHAR + "/")
_KEEP_QUERY = frozenset(_PCHAR + "/?")


@dataclass(frozen=True)
class UrlFacts:
    """What Jekyll builds a document's URL from.

    ``date`` is the document's date in the site's zone. ``slug`` is the front
    matter's ``slug`` or, without one, the file name's (after a post's date,
    trailing dots removed); ``:title`` and ``:slug`` both come from it.
    ``categories`` are the front matter's and the folders' above ``_posts``,
    as Jekyll holds them. ``name`` is the file name without its extension,
    ``path`` the path below the collection folder without extension (a
    document) or the folder (a page, ``""`` or ``"/docs"``), ``basename`` the
    page's file name without extension, ``collection`` the collection label.
    """

    date: datetime.datetime
    slug: str
    name: str
    path: str
    output_ext: str = ".html"
    categories: tuple[object, ...] = ()
    basename: str = ""
    collection: str = "posts"


def permalink_template(style_or_template: str, kind: Kind = "post") -> str:
    """The URL template Jekyll uses for ``kind`` under the site's ``permalink``.

    Posts and drafts take a style's template (or the setting itself when it is
    a template). Pages have their own: ``/:path/:basename`` followed by ``/``
    for ``pretty`` or a template ending in ``/``, by ``:output_ext`` for
    ``date``, ``ordinal`` and ``none`` or a template ending so; ``weekdate``
    adds nothing. (An ``index`` page and non-HTML pages: see :func:`page_url`.)
    """
    if kind in ("post", "draft"):
        return STYLES.get(style_or_template, style_or_template)
    template = "/:path/:basename"
    if style_or_template == "pretty":
        return template + "/"
    if style_or_template in ("date", "ordinal", "none"):
        return template + ":output_ext"
    if style_or_template.endswith("/"):
        template += "/"
    if style_or_template.endswith(":output_ext"):
        template += ":output_ext"
    return template


def _percent(text: str, keep: frozenset[str]) -> str:
    """Addressable's encode_component: UTF-8 bytes outside ``keep`` as %XX."""
    out = []
    for char in text:
        if char in keep:
            out.append(char)
        else:
            data = char.encode("utf-8", "surrogatepass")
            out.extend(f"%{byte:02X}" for byte in data)
    return "".join(out)


def _encode_uri(text: str) -> str:
    """``Addressable::URI.encode``: split like a URI, escape each part."""
    match = _URI.match(text)
    assert match is not None  # every part of the pattern is optional
    scheme, authority, path = match.group(2), match.group(4), match.group(5)
    query, fragment = match.group(7), match.group(9)
    if scheme is not None and not _SCHEME.fullmatch(scheme):
        raise ValueError(f"Jekyll stops here: invalid URI scheme in {text!r}")
    if scheme is None and path and _AMBIGUOUS_PATH.match(path):
        raise ValueError(f"Jekyll stops here: ambiguous URI path {text!r}")
    out = f"{_percent(scheme, _KEEP_SCHEME)}:" if scheme is not None else ""
    if authority is not None:
        out += "//" + _percent(authority, _KEEP_AUTHORITY)
    out += _percent(path, _KEEP_PATH)
    if query is not None:
        out += "?" + _percent(query, _KEEP_QUERY)
    if fragment is not None:
        out += "#" + _percent(fragment, _KEEP_QUERY)
    return out


def escape_path(value: str) -> str:
    """``Jekyll::URL.escape_path``: plain ``[a-zA-Z0-9./-]`` text as it is,
    anything else URI-escaped, with the first ``#`` escaped too."""
    if not value or _PLAIN.search(value):
        return value
    return _encode_uri(value).replace("#", "%23", 1)


def sanitize_url(url: str) -> str:
    """``Jekyll::URL#sanitize_url``: ``..`` becomes ``/``, every ``./`` goes,
    runs of ``/`` become one, and the URL starts with ``/``."""
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub("/+", "/", url)


def _unique(values: Sequence[object], key: Callable[[str], str]) -> str:
    seen: dict[str, None] = {}
    for value in values:
        seen.setdefault(key(_ruby_to_s(value)), None)
    return "/".join(seen)


def _ruby_to_s(value: object) -> str:
    """Ruby's ``to_s`` for the scalars YAML gives categories."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _date_values(date: datetime.datetime) -> dict[str, str]:
    """Every date placeholder, as Ruby's strftime prints it."""
    iso_year, iso_week, iso_day = date.isocalendar()
    return {
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "day": f"{date.day:02d}",
        "hour": f"{date.hour:02d}",
        "minute": f"{date.minute:02d}",
        "second": f"{date.second:02d}",
        "i_day": str(date.day),
        "i_month": str(date.month),
        "short_month": _MONTHS[date.month - 1][:3],
        "long_month": _MONTHS[date.month - 1],
        "short_year": f"{date.year % 100:02d}",
        "w_year": f"{iso_year:04d}",
        "week": f"{iso_week:02d}",
        "w_day": str(iso_day),
        "short_day": _DAYS[iso_day - 1][:3],
        "long_day": _DAYS[iso_day - 1],
        "y_day": f"{date.timetuple().tm_yday:03d}",
    }


def placeholders(facts: UrlFacts, names: Iterable[str] | None = None) -> dict[str, str]:
    """``Drops::UrlDrop``: the value of every placeholder for a document, or
    (the slugs are the costly part) of the date's and of ``names`` only."""
    values: dict[str, Callable[[], str]] = {
        "collection": lambda: facts.collection,
        "name": lambda: slugify(facts.name),
        "title": lambda: slugify(facts.slug, "pretty", cased=True),
        "slug": lambda: slugify(facts.slug),
        "categories": lambda: _unique(facts.categories, downcase),
        "slugified_categories": lambda: _unique(facts.categories, slugify),
        "path": lambda: facts.path,
        "output_ext": lambda: facts.output_ext,
    }
    wanted = values if names is None else [n for n in names if n in values]
    return {**_date_values(facts.date), **{n: values[n]() for n in wanted}}


def render_url(template: str, facts: UrlFacts) -> str:
    """A document's URL: each ``:name`` in ``template`` replaced by its escaped
    value, then sanitised. A name with one trailing ``_`` (``:month_:day``)
    means the name without it. Raises KeyError for an unknown placeholder, as
    Jekyll stops with "The URL template doesn't have ... keys"."""
    used = {name.removesuffix("_") for name in _PLACEHOLDER.findall(template)}
    values = placeholders(facts, used)

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        key = name[:-1] if name.endswith("_") else name
        if key not in values:
            raise KeyError(f"the URL template has no :{key} placeholder")
        return match.group(0).replace(f":{key}", escape_path(values[key]), 1)

    return sanitize_url(_PLACEHOLDER.sub(fill, template))


def document_url(
    facts: UrlFacts, site_permalink: str = "date", permalink: str | None = None
) -> str:
    """A post's or draft's URL: its own ``permalink`` or the site's style."""
    template = (
        permalink
        if permalink is not None
        else permalink_template(site_permalink, "post")
    )
    return render_url(template, facts)


def _fill_page(template: str, values: dict[str, str | None]) -> str:
    """``URL#generate_url_from_hash``: each key in turn replaced everywhere."""
    for key, value in values.items():
        if ":" not in template:
            break
        if value is None:
            template = template.replace(f"/:{key}", "")
        else:
            template = template.replace(f":{key}", escape_path(value))
    return template


def cleaned_relative_path(relative_path: str, collection_dir: str = "_posts") -> str:
    """``Document#cleaned_relative_path``, the ``:path`` of a document: its path
    without extension, the first ``collection_dir`` cut out (so a post in
    ``_posts/x.md`` is ``/x``, a draft keeps ``_drafts/x``), trailing dots off."""
    stem = relative_path[
        : len(relative_path) - len(posixpath.splitext(relative_path)[1])
    ]
    return re.sub(r"\.*\Z", "", stem.replace(collection_dir, "", 1))


def output_ext_for(permalink: str | None, converted: str) -> str:
    """A document's or page's output extension: its own permalink's extension
    wins (``/feed.xml`` → ``.xml``), else what its converter makes (``.md`` →
    ``.html``; an extension no converter knows stays as it is)."""
    if permalink and not permalink.endswith("/"):
        ext = posixpath.splitext(permalink)[1]
        if ext:
            return ext
    return converted


def _as_list(value: object, split: bool) -> list[object]:
    if value is None:
        return []
    if isinstance(value, str):
        return list(value.split()) if split else [value]
    if isinstance(value, list | tuple):
        flat: list[object] = []
        for item in value:
            flat.extend(_as_list(item, False) if isinstance(item, list) else [item])
        return [item for item in flat if item is not None]
    return [value]


def post_categories(
    folders: Sequence[str], front_matter: Mapping[str, object]
) -> tuple[str, ...]:
    """A post's categories as Jekyll holds them: the folders above ``_posts``
    first, then front matter ``categories`` (text is split at spaces) and
    ``category`` (text is one category), each once."""
    merged = [*folders]
    for item in _as_list(front_matter.get("categories"), split=True):
        if item not in merged:
            merged.append(item)
    extra = front_matter.get("category")
    if extra is None:
        extra_items = _as_list(front_matter.get("categories"), split=True)
    else:
        extra_items = _as_list(extra, split=False)
    out: dict[str, None] = {}
    for item in [*merged, *extra_items]:
        out.setdefault(_ruby_to_s(item), None)
    return tuple(out)


def page_url(
    folder: str,
    file_name: str,
    output_ext: str = ".html",
    site_permalink: str = "date",
    permalink: str | None = None,
) -> str:
    """A page's URL, ``about.md`` → ``/about.html`` (``/about/`` when pretty).

    ``folder`` is the page's folder as Jekyll joins it (``""`` at the top,
    ``"/docs"`` below). An ``index`` page is its folder; a page that is not
    HTML keeps its name and extension; a ``permalink`` of the page's own wins,
    with ``:path``, ``:basename`` and ``:output_ext`` filled in it too.
    """
    ext = posixpath.splitext(file_name)[1]
    basename = re.sub(r"\.*\Z", "", file_name[: len(file_name) - len(ext)])
    if permalink is not None:
        template = permalink
    elif output_ext not in HTML_EXTENSIONS:
        template = "/:path/:basename:output_ext"
    elif basename == "index":
        template = "/:path/"
    else:
        template = permalink_template(site_permalink, "page")
    values = {"path": folder, "basename": basename, "output_ext": output_ext}
    return sanitize_url(_fill_page(template, values))


def output_path(url: str, output_ext: str, page: bool = False) -> str:
    """The file Jekyll writes for ``url``, relative to the site's output.

    The URL is unescaped and resolved (``.``, ``..``, doubled ``/``). A URL
    ending in ``/`` is a folder: a document gets ``index.html`` in it, a page
    ``index`` plus its output extension. Otherwise the output extension is
    added unless the URL already ends with it (``/feed`` → ``feed.xml``).
    """
    path = urllib.parse.unquote(url)
    if path.startswith("~"):
        path = "/" + path
    resolved = posixpath.normpath("/" + path).lstrip("/")
    resolved = re.sub("/+", "/", resolved)
    if resolved == ".":
        resolved = ""
    if url.endswith("/"):
        if not page:
            return posixpath.join(resolved, "index.html")
        resolved = posixpath.join(resolved, "index")
    if not resolved.endswith(output_ext):
        resolved += output_ext
    return resolved

"""What a header or body may not carry into the site, found before Pelican
sees it: characters XML cannot hold (they break every feed), links that leave
the site or run script, and names that give no usable file name. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from pelican.plugins.postcard_core.document import Document
from pelican.plugins.postcard_core.problems import Problem
from pelican.plugins.postcard_core.text import (
    MAX_SLUG_BYTES,
    cut_slug,
    describe_character,
    first_xml_unsafe,
    is_language_code,
    long_path_problem,
    slug_too_long,
    without_xml_unsafe,
)

# Keys Pelican turns into a path of the site: they must stay inside it.
PATH_KEYS = ("url", "save_as", "slug")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _clean(value: Any) -> tuple[Any, str]:
    """``value`` without XML-unsafe characters, and the first one removed."""
    if isinstance(value, str):
        at = first_xml_unsafe(value)
        return (value, "") if at < 0 else (without_xml_unsafe(value), value[at])
    if isinstance(value, list | tuple):
        cleaned = [_clean(item) for item in value]
        found = next((char for _, char in cleaned if char), "")
        return type(value)(item for item, _ in cleaned), found
    if isinstance(value, Mapping):
        pairs = {key: _clean(item) for key, item in value.items()}
        found = next((char for _, char in pairs.values() if char), "")
        return {key: item for key, (item, _) in pairs.items()}, found
    return value, ""


def clean_fields(
    fields: Mapping[str, Any], document: Document
) -> tuple[dict[str, Any], list[Problem]]:
    """Fields without characters XML cannot carry, and paths and languages that
    can name files of the site; one problem per field changed or refused."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in fields.items():
        value, found = _clean(value)
        name, line = document.written_name(key), document.line_of(key)
        if found:
            problems.append(
                Problem(
                    line,
                    1,
                    f"'{name}' holds {describe_character(found)}, a control "
                    "character feeds cannot carry; removed",
                )
            )
        reason = refused(key, value)
        if reason:
            if key not in document.key_lines and "permalink" in document.key_lines:
                name, line = "permalink", document.line_of("permalink")
            problem = Problem(line, 1, f"'{name}' {reason}; ignored")
            if problem not in problems:  # a permalink gives url and save_as
                problems.append(problem)
            continue
        out[key] = value
    return out, problems


def refused(key: str, value: Any) -> str:
    """Why a field that names files (``url``, ``save_as``, ``lang``) or gives
    markup (``date_format``) cannot have ``value``, or ``""`` when it can."""
    if not isinstance(value, str):
        return ""
    if key in PATH_KEYS:
        # A slug too long for a file name is cut instead (short_slug).
        reason = unsafe_path(value, check_length=key != "slug")
        if reason or key != "slug":
            return reason
        if not value.strip("/ "):
            return "names no file"
        if value.startswith("/") or value.endswith("/"):
            return "cannot start or end with '/' (it names a file: posts/a, not a/)"
    if key == "lang" and not is_language_code(value):
        return f"{value[:40]!r} is not a language code (such as en or pt-BR)"
    if key == "date_format":
        # Pelican prints the formatted date as HTML, in every theme
        markup = next((char for char in value if char in '<>&"'), "")
        if markup:
            return f"holds {markup!r}, which would be markup in every date shown"
    return ""


def unsafe_path(value: str, *, check_length: bool = True) -> str:
    """Why ``value`` cannot be a path of the site (a scheme, ``..`` or a
    control character even percent-encoded, a backslash, a part too long for a
    file name), or ``""`` when it can."""
    # Pelican writes save_as below OUTPUT_PATH and links url below SITEURL, so
    # a leading "/" is harmless; ".." and schemes are not.
    if _SCHEME.match(value.strip()) or value.strip().startswith("//"):
        return f"must be a path on this site, not {urlsplit(value).scheme or 'a'} URL"
    decoded = unquote(value)
    if "\\" in decoded:
        return "cannot contain a backslash"
    if _CONTROL.search(decoded):
        return "cannot contain a control character, even percent-encoded"
    segments = decoded.split("/")
    if any(segment == ".." for segment in segments):
        return "must stay inside the site (no '..')"
    return long_path_problem(decoded) if check_length else ""


_URL_UNSAFE = re.compile(r"[\x00-\x20\"'<>\\`\x7f]")


def url_for_html(url: str) -> str:
    """``url`` with the ASCII characters a URL cannot hold as they are (quotes,
    ``<``, ``>``, spaces, controls) percent-encoded, so it is safe in any
    attribute, however a theme quotes it; the rest is left as it is."""
    return _URL_UNSAFE.sub(
        lambda match: "".join(f"%{byte:02X}" for byte in match[0].encode()), url
    )


def url_misses_file(url: str, save_as: str) -> bool:
    """Whether a server would not serve ``save_as`` at ``url`` (a path of the
    site): ``x/`` is ``x/index.html``; ``x`` may be ``x``, ``x.html`` or
    ``x/index.html``."""
    path = unquote(urlsplit(url).path).lstrip("/")
    if not path or path.endswith("/"):
        served = {path + "index.html"}
    else:
        served = {path, path + ".html", path + "/index.html"}
    return save_as.lstrip("/") not in served


def clean_body(body: str, first_line: int) -> tuple[str, list[Problem]]:
    """The body without characters XML cannot carry; a problem at the first."""
    at = first_xml_unsafe(body)
    if at < 0:
        return body, []
    line = first_line + body.count("\n", 0, at)
    column = at - (body.rfind("\n", 0, at) + 1) + 1
    message = (
        f"the text holds {describe_character(body[at])}, a control character "
        "feeds cannot carry; every such character is removed"
    )
    return without_xml_unsafe(body), [Problem(line, column, message)]


def name_problem(slug: str) -> str:
    """Why a name's slug cannot name its file (``tag/{slug}.html``), or ``""``:
    an empty slug would share one file, ``.html``, with every other."""
    if not slug:
        return "nothing left to slug"
    if slug_too_long(slug):
        return f"its slug is over {MAX_SLUG_BYTES} bytes, too long for a file name"
    return ""


def short_slug(slug: str, key: str, line: int) -> tuple[str, list[Problem]]:
    """``slug``, cut at a word when it is too long to name a file, with the
    problem that says so (at ``key``'s line)."""
    if not slug_too_long(slug):
        return slug, []
    cut = cut_slug(slug)
    message = (
        f"'{key}' gives a slug over {MAX_SLUG_BYTES} bytes, too long for a file "
        f"name; cut to {cut[:40]!r}..."
    )
    return cut, [Problem(line, 1, message)]


def unusable_names(names: list[Any], slug_of: Callable[[Any], str]) -> dict[int, str]:
    """Why each name that cannot name its file cannot, by its place in ``names``."""
    found = {at: name_problem(slug_of(name)) for at, name in enumerate(names)}
    return {at: reason for at, reason in found.items() if reason}

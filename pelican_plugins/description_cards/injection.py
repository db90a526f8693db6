"""Where description_cards' head partial goes into a page another theme rendered.

Plain string work, no Pelican: find the end of a ``<head>`` that lacks
``og:description`` and insert the partial there, leaving one meta description.
``HeadInjectingTemplate`` does it as each page is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from jinja2 import Template

HEAD_TEMPLATE = "description_cards/head.html"


class HeadInjectingTemplate(Template):
    """A template that adds ``head.html`` to pages whose ``<head>`` lacks it.

    Rendering is hooked instead of rewriting written files: a page that already
    has ``og:description`` (the bundled theme) costs two ``str.find`` calls.
    """

    def render(self, *args: Any, **kwargs: Any) -> str:
        html = super().render(*args, **kwargs)
        at = head_insert_at(html)
        if at == -1:
            return html
        head = self.environment.get_template(HEAD_TEMPLATE).render(*args, **kwargs)
        if not head.strip():
            return html
        return insert_head(html, head, at)


def head_section_end(html: str) -> int:
    """Index of ``</head>`` in ``html``, or -1."""
    end = html.find("</head>")
    if end == -1:
        match = re.search(r"</head\s*>", html, re.IGNORECASE)
        end = match.start() if match else -1
    return end


# The tokens of a page's head, in the order a browser reads them: comments are
# skipped whole and quoted attribute values stay inside their tag.
_HEAD_TOKEN = re.compile(
    r"""<!--.*?(?:-->|\Z)"""
    r"""|(?P<end></head\s*>|<body\b)"""
    r"""|<(?P<name>[A-Za-z][^\s/>]*)"""
    r"""(?P<attrs>(?:(?:\s+|(?<=["']))[^\s=>/"']+"""
    r"""(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*/?>"""
    r"""|<[A-Za-z/!?][^>]*>""",
    re.IGNORECASE | re.DOTALL,
)
# What ends each raw-text element: its content (a <title> that mentions a tag)
# is text, not tags.
_RAW_TEXT_END: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
        for name in ("title", "script", "style", "textarea")
    }
)
_ATTRIBUTE = re.compile(
    r"""([^\s=>/"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?"""
)
_OG_DESCRIPTION = "og:description"


def _is_og_description(attrs: str) -> bool:
    """Whether a ``<meta>`` tag's attributes make it ``og:description`` (by
    ``property``, or ``name`` as some themes write it)."""
    if _OG_DESCRIPTION not in attrs.lower():
        return False
    for match in _ATTRIBUTE.finditer(attrs):
        name, *values = match.groups()
        value = next((v for v in values if v is not None), "")
        if (
            name.lower() in ("property", "name")
            and value.strip().lower() == _OG_DESCRIPTION
        ):
            return True
    return False


def head_insert_at(html: str) -> int:
    """Where to insert the head partial (the index of ``</head>``), or -1 when the
    page has no head or its head already has a ``<meta property="og:description">``.

    Only the head is read, token by token with one compiled regex: the words
    "og:description" in a title or in another tag's attribute do not count.
    """
    if head_section_end(html) == -1:
        return -1
    at = 0
    while (token := _HEAD_TOKEN.search(html, at)) is not None:
        at = token.end()
        end = token.group("end")
        if end is not None:
            return token.start() if end[1] == "/" else -1
        name = (token.group("name") or "").lower()
        raw_end = _RAW_TEXT_END.get(name)
        if raw_end is not None:
            closing = raw_end.search(html, at)
            if closing is None:
                return -1
            at = closing.end()
        elif name == "meta" and _is_og_description(token.group("attrs")):
            return -1
    return -1


# One <meta> tag, with attribute values that may hold ">" inside quotes.
_META = re.compile(
    r"""<meta\b(?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*\s*/?>""",
    re.IGNORECASE,
)
_NAME_DESCRIPTION = re.compile(
    r"""\bname\s*=\s*(?:"description"|'description'|description\b)""", re.IGNORECASE
)


_META_START = re.compile(r"<meta\b", re.IGNORECASE)
_DESCRIPTION_START = re.compile(
    r"""<meta\s+name\s*=\s*["']?description\b""", re.IGNORECASE
)


def _without_meta_descriptions(head: str) -> str:
    """``head`` without its ``<meta name="description">`` tags.

    A theme that prints a summary unescaped into the attribute (notmyidea does
    ``summary|striptags|safe``) can write a tag that does not parse; such a tag
    is removed up to the last ``>`` of its line, so none of it survives.
    """
    pieces: list[str] = []
    kept = 0
    for start in _META_START.finditer(head):
        at = start.start()
        if at < kept:
            continue
        tag = _META.match(head, at)
        if tag and _NAME_DESCRIPTION.search(tag.group(0)):
            end = tag.end()
        elif tag is None and _DESCRIPTION_START.match(head, at):
            line_end = head.find("\n", at)
            line_end = len(head) if line_end == -1 else line_end
            end = head.rfind(">", at, line_end) + 1 or line_end
        else:
            continue
        pieces.append(head[kept:at])
        kept = end
    pieces.append(head[kept:])
    return "".join(pieces)


def insert_head(html: str, head: str, at: int) -> str:
    """Insert ``head`` before ``</head>`` (at index ``at``) and drop the page's own
    ``<meta name="description">`` tags, so the page ends with exactly one."""
    return f"{_without_meta_descriptions(html[:at])}{head}{html[at:]}"

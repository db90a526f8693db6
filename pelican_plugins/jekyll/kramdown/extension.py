"""A kramdown profile for Python-Markdown: a Jekyll post's body as Jekyll makes it.

Jekyll converts Markdown with kramdown (input ``GFM``, its own option defaults);
Pelican uses Python-Markdown. Python-Markdown's own extensions already do much of
kramdown: ``footnotes`` (numbered in reference order), ``def_list``, ``abbr``,
``tables``, ``smarty`` (with kramdown's characters) and ``nl2br`` (``hard_wrap``)
are configured, not rewritten. :class:`KramdownExtension` adds only what differs:

* heading ids by the GFM parser's rules, numbered ``-1``, ``-2`` like kramdown;
* ``{:toc}`` lists in kramdown's shape (``<ul id="markdown-toc">``);
* block and span inline attribute lists with kramdown's semantics (bare words
  are references to attribute list definitions, which ``attr_list`` lacks);
* ``{::comment}``, ``{::nomarkdown}`` and ``{::options}`` (removed, reported);
* GFM fenced code (```` ``` ```` and ``~~~``) and indented code in the HTML that
  kramdown writes with Rouge, GFM ``~~strike~~``, task lists, backslash line
  breaks and lists that start right after a paragraph;
* footnotes and inline code reshaped to kramdown's classes and roles.

:func:`kramdown_extensions` gives the ``MARKDOWN`` setting for Pelican;
:func:`convert` converts one text and returns the problems found;
:func:`excerpt_source` cuts an excerpt as Jekyll's ``Excerpt`` does.
"""

from __future__ import annotations

import contextlib
import copy
import html
import re
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html.entities import name2codepoint
from typing import Any

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, HTML_PLACEHOLDER_RE, STX

from pelican.plugins.postcard_core.definitions import CONVERSION_PROBLEMS
from pelican.plugins.postcard_core.problems import Problem

try:  # Pygments comes with Pelican; without it code is escaped, not coloured
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound
except ImportError:  # pragma: no cover
    highlight = None

__all__ = [
    "JEKYLL_KRAMDOWN_DEFAULTS",
    "Excerpt",
    "KramdownExtension",
    "convert",
    "excerpt_source",
    "extract_excerpt",
    "gfm_header_id",
    "kramdown_extensions",
    "makeExtension",
    "parse_attribute_list",
    "problems_of",
]

#: Jekyll's ``kramdown`` defaults (configuration.rb) that this profile follows.
JEKYLL_KRAMDOWN_DEFAULTS: Mapping[str, Any] = {
    "auto_ids": True,
    "auto_id_prefix": "",
    "toc_levels": (1, 2, 3, 4, 5, 6),
    "smart_quotes": "lsquo,rsquo,ldquo,rdquo",
    "hard_wrap": False,
    "footnote_backlink": "&#8617;",
}

EXTENSION_NAME = "pelican.plugins.jekyll.kramdown"

# Extensions the profile replaces: their behaviour differs from kramdown's.
_REPLACED = {"extra", "attr_list", "toc", "codehilite", "fenced_code", "footnotes"}

# --------------------------------------------------------------------------
# Heading ids (kramdown-parser-gfm's generate_gfm_header_id)
# --------------------------------------------------------------------------

# Ruby's \p{Word} counts these circled and squared letters (So, Other_Alphabetic).
_ALPHABETIC_SYMBOLS = (
    (0x24B6, 0x24E9),
    (0x1F130, 0x1F149),
    (0x1F150, 0x1F169),
    (0x1F170, 0x1F189),
)


def _is_id_char(char: str) -> bool:
    """Whether kramdown's GFM id rule keeps ``char``: a word character, ``-``,
    space or tab (Ruby's ``\\p{Word}``: letters, marks, Nd, Nl, Pc)."""
    if char in "- \t":
        return True
    category = unicodedata.category(char)
    if category[0] in "LM" or category in ("Nd", "Nl", "Pc"):
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _ALPHABETIC_SYMBOLS)


def gfm_header_id(text: str) -> str:
    """The id kramdown's GFM parser gives a heading whose text is ``text``,
    before duplicates are numbered: lower case, punctuation gone, blanks ``-``."""
    kept = "".join(char for char in text.lower() if _is_id_char(char))
    return kept.replace(" ", "-").replace("\t", "-")


@dataclass
class _HeaderIds:
    """Numbers repeated ids ``-1``, ``-2`` as kramdown does: per generated id."""

    prefix: str = ""
    seen: dict[str, int] = field(default_factory=dict)

    def next(self, text: str) -> str:
        base = gfm_header_id(text)
        count = self.seen.get(base, -1) + 1
        self.seen[base] = count
        return self.prefix + (f"{base}-{count}" if count else base)


# --------------------------------------------------------------------------
# Attribute lists (kramdown's parse_attribute_list)
# --------------------------------------------------------------------------

_ALD_NAME = r"\w[\w-]*"
_ATTRIBUTE_ITEM = re.compile(
    r"(?:\A|(?<=\s))(?:"
    rf"(?P<key>{_ALD_NAME})=(?P<q>[\"'])(?P<value>(?:\\\}}|\\(?P=q)|(?!(?P=q))[^}}])*?)(?P=q)"
    rf"|(?P<ref>{_ALD_NAME})"
    r"|(?P<idclass>(?:#[A-Za-z][\w:-]*|\.[^\s.#]+)+)"
    r")(?=\s|\Z)"
)
_ID_OR_CLASS = re.compile(r"#([A-Za-z][\w:-]*)|\.([^\s.#]+)")


@dataclass(frozen=True)
class AttributeList:
    """One parsed ``{: ...}``: attributes in order and references to definitions."""

    attributes: tuple[tuple[str, str], ...] = ()
    refs: tuple[str, ...] = ()
    valid: bool = True


def parse_attribute_list(text: str) -> AttributeList:
    """Parse the inside of ``{: #id .class key="v" ref}`` as kramdown does.

    ``valid`` is false when nothing in a non-empty list was understood (kramdown
    warns then)."""
    if not text.strip() or text.strip() == ":":
        return AttributeList()
    attributes: list[tuple[str, str]] = []
    refs: list[str] = []
    found = False
    for match in _ATTRIBUTE_ITEM.finditer(text):
        found = True
        if match["ref"]:
            refs.append(match["ref"])
        elif match["idclass"]:
            for id_, class_ in _ID_OR_CLASS.findall(match["idclass"]):
                attributes.append(("class", class_) if class_ else ("id", id_))
        else:
            unescaped = re.sub(
                r"\\(\}|" + re.escape(match["q"]) + ")", r"\1", match["value"]
            )
            attributes.append((match["key"], unescaped))
    return AttributeList(tuple(attributes), tuple(refs), found)


def _resolved(
    ial: AttributeList,
    definitions: Mapping[str, AttributeList],
    seen: frozenset = frozenset(),
) -> list[tuple[str, str]]:
    """The attributes of ``ial`` with referenced definitions first (kramdown's order);
    a definition that refers to itself is followed once."""
    result: list[tuple[str, str]] = []
    for ref in ial.refs:
        if ref in definitions and ref not in seen:
            result.extend(_resolved(definitions[ref], definitions, seen | {ref}))
    result.extend(ial.attributes)
    return result


def _apply(element: etree.Element, attributes: list[tuple[str, str]]) -> None:
    """Set attributes on ``element``; classes accumulate, as in kramdown."""
    for key, value in attributes:
        if key == "class":
            element.set("class", f"{element.get('class', '')} {value}".lstrip())
        else:
            element.set(key, value)


# --------------------------------------------------------------------------
# Per-document state
# --------------------------------------------------------------------------


@dataclass
class _State:
    """What one conversion learns before the tree exists; reset per document."""

    problems: list[Problem] = field(default_factory=list)
    definitions: dict[str, AttributeList] = field(default_factory=dict)
    block_ials: list[tuple[AttributeList, bool]] = field(default_factory=list)

    def reset(self) -> None:
        self.problems.clear()
        self.definitions.clear()
        self.block_ials.clear()


def problems_of(md: markdown.Markdown) -> tuple[Problem, ...]:
    """The problems the profile found in the last text ``md`` converted."""
    state = getattr(md, "kramdown_state", None)
    return tuple(state.problems) if state is not None else ()


# --------------------------------------------------------------------------
# Preprocessing: fenced code, extensions, ALDs and block IALs (line based)
# --------------------------------------------------------------------------

_FENCE = re.compile(
    r"^[ ]{0,3}(?P<fence>(?P<char>[~`]){3,})"
    r"[ \t]*(?P<info>(?P<lang>\S+?)(?:\?\S*)?)?[ \t]*\n"
    r"(?P<code>.*?)^[ ]{0,3}(?P=fence)(?P=char)*[ \t]*(?:\n|\Z)",
    re.MULTILINE | re.DOTALL,
)
_EXTENSION = re.compile(
    r"\{::(?P<name>\w+)(?:\s(?P<args>(?:\\\}|[^}])*?)|)(?P<close>/)?\}"
)
_ALD_LINE = re.compile(
    rf"^ {{0,3}}\{{:(?P<name>{_ALD_NAME}):(?P<body>(?:\\\}}|[^}}])+)\}}[ \t]*$"
)
_IAL_LINE = re.compile(r"^ {0,3}\{:(?![:/])(?P<body>(?:\\\}|[^}])+)\}[ \t]*$")
_IAL_MARKER = STX + "kdial:%d" + ETX
_IAL_MARKER_RE = re.compile(re.escape(STX) + r"kdial:(\d+)" + re.escape(ETX))


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _code_html(code: str, lang: str | None) -> str:
    """A code block as kramdown writes it with Rouge (Pygments colours it here)."""
    name = lang or "plaintext"
    body = html.escape(code, quote=False)
    if highlight is not None and lang and lang != "plaintext":
        with contextlib.suppress(ClassNotFound):  # an unknown language stays plain
            body = highlight(code, get_lexer_by_name(lang), HtmlFormatter(nowrap=True))
    return (
        f'<div class="language-{html.escape(name)} highlighter-rouge">'
        f'<div class="highlight"><pre class="highlight"><code>{body}</code></pre>'
        "</div></div>"
    )


class _KramdownPreprocessor(Preprocessor):
    """Handles what must be seen before blocks are split: fences, ``{::…}``
    extensions, attribute list definitions and block IAL lines."""

    def __init__(self, md: markdown.Markdown, state: _State) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        self.state.reset()
        text = "\n".join(lines) + "\n"
        # Offsets are mapped back to the source lines before text is replaced.
        text = self._fences(text)
        text = self._extensions(text)
        return self._block_lines(text.split("\n"))

    def _stash(self, fragment: str) -> str:
        return self.md.htmlStash.store(fragment)

    def _fences(self, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            # Keep the line count, so later problems name the right line.
            padding = "\n" * max(0, match.group(0).count("\n") - 3)
            stashed = self._stash(_code_html(match["code"], match["lang"]))
            return "\n" + stashed + "\n\n" + padding

        return _FENCE.sub(replace, text)

    def _extensions(self, text: str) -> str:
        out: list[str] = []
        position = 0
        for match in _EXTENSION.finditer(text):
            if match.start() < position:
                continue
            out.append(text[position : match.start()])
            position, fragment = self._extension(text, match)
            out.append(fragment)
        out.append(text[position:])
        return "".join(out)

    def _extension(self, text: str, match: re.Match[str]) -> tuple[int, str]:
        """(end offset, replacement) for one ``{::name …}``."""
        name, line_col = match["name"], _line_col(text, match.start())
        if name == "options":
            self._problem(
                line_col, "kramdown options ({::options}) are not applied here; removed"
            )
            return match.end(), ""
        if name not in ("comment", "nomarkdown"):
            self._problem(
                line_col, f"kramdown has no extension {{::{name}}}; kept as text"
            )
            return match.end(), match.group(0)
        if match["close"]:
            return match.end(), ""
        stop = re.compile(r"\{:/(?:" + name + r")?\}").search(text, match.end())
        if stop is None:
            self._problem(line_col, f"{{::{name}}} has no {{:/{name}}}; kept as text")
            return match.end(), match.group(0)
        body = text[match.end() : stop.start()].strip("\n")
        whole_lines = text[stop.end() : stop.end() + 1] in ("\n", "") and (
            match.start() == 0 or text[match.start() - 1] == "\n"
        )
        # A block keeps its line count, so later problems name the right line.
        padding = (
            "\n" * text.count("\n", match.start(), stop.end()) if whole_lines else ""
        )
        if name == "comment":
            # "--" would end the comment early; kramdown writes it as given.
            fragment = "<!-- " + body.replace("--", "- -") + " -->"
        else:
            fragment = body
        return stop.end(), self._stash(fragment) + padding

    def _problem(self, line_col: tuple[int, int], message: str) -> None:
        self.state.problems.append(Problem(line_col[0], line_col[1], message))

    def _block_lines(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        previous = ""  # "", "block", "ial:after" or "ial:before"
        for number, line in enumerate(lines, start=1):
            kind, replacement = self._block_line(number, line, previous)
            out.extend(replacement)
            previous = kind
        return out

    def _block_line(
        self, number: int, line: str, previous: str
    ) -> tuple[str, list[str]]:
        ald = _ALD_LINE.match(line)
        if ald:
            self._definition(number, ald)
            return "", [""]
        ial = _IAL_LINE.match(line)
        if not ial:
            return ("block" if line.strip() else ""), [line]
        parsed = parse_attribute_list(ial["body"])
        if not parsed.valid:
            self._problem(
                (number, 1), f"no attributes understood in {{:{ial['body']}}}"
            )
        # Right after a block it belongs to that block; otherwise to the next one.
        after = previous == "block" or previous == "ial:after"
        self.state.block_ials.append((parsed, after))
        marker = _IAL_MARKER % (len(self.state.block_ials) - 1)
        return ("ial:after" if after else "ial:before"), ["", marker, ""]

    def _definition(self, number: int, match: re.Match[str]) -> None:
        parsed = parse_attribute_list(match["body"])
        if not parsed.valid:
            self._problem(
                (number, 1), f"no attributes understood in {{:{match['name']}:}}"
            )
        known = self.state.definitions.get(match["name"], AttributeList())
        self.state.definitions[match["name"]] = AttributeList(
            known.attributes + parsed.attributes, known.refs + parsed.refs
        )


class _IalMarkerProcessor(BlockProcessor):
    """Turns an IAL marker block into a ``kramdown-ial`` element for the tree step."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(_IAL_MARKER_RE.fullmatch(block.strip()))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        number = _IAL_MARKER_RE.fullmatch(blocks.pop(0).strip())[1]
        etree.SubElement(parent, "kramdown-ial", {"n": number})


_LIST_START = re.compile(r"^[ ]{0,3}(?:[+*-]|\d+\.)[\t ]", re.MULTILINE)


class _ParagraphEndProcessor(BlockProcessor):
    """GFM's ``paragraph_end`` quirk: a list may start right after a paragraph."""

    def test(self, parent: etree.Element, block: str) -> bool:
        match = _LIST_START.search(block)
        return match is not None and match.start() > 0

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        split = _LIST_START.search(block).start()
        blocks[0:0] = [block[: split - 1], block[split:]]


class _StrikeProcessor(InlineProcessor):
    """GFM ``~~strike~~`` as ``<del>``."""

    def handleMatch(
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
        element = etree.Element("del")
        element.text = m.group(1)
        return element, m.start(0), m.end(0)


class _BackslashBreakProcessor(InlineProcessor):
    """GFM's hard line break: a backslash at the end of a line."""

    def handleMatch(
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
        element = etree.Element("br")
        element.tail = "\n"
        return element, m.start(0), m.end(0)


# --------------------------------------------------------------------------
# The tree: IALs, heading ids, the toc, and kramdown's HTML shapes
# --------------------------------------------------------------------------

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_SPAN_IAL = re.compile(r"\{:(?![:/])((?:\\\}|[^}])+)\}")
_HEADER_ID = re.compile(r"[\t ]\{#([A-Za-z][\w:-]*)\}\s*\Z")
_TAGS = re.compile(r"<[^>]*>")
_TASK = re.compile(r"\A\s*\[([ xX])\]\s+")
_FOOTNOTE_REPEAT = re.compile(r"\Afnref(\d+):(.*)\Z")


def _elements(root: etree.Element, tags: tuple[str, ...]) -> list[etree.Element]:
    """Elements of ``tags`` below ``root``, in document order."""
    return [element for element in root.iter() if element.tag in tags]


def _parents(root: etree.Element) -> Iterator[tuple[etree.Element, etree.Element]]:
    """(parent, child) pairs in document order."""
    for parent in root.iter():
        for child in list(parent):
            yield parent, child


class _SpanIalTreeprocessor(Treeprocessor):
    """``*emph*{: .x}``: an IAL right after a span element belongs to it. Runs
    before smarty, which would turn the quotes of ``key="v"`` into characters."""

    def __init__(self, md: markdown.Markdown, state: _State) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tail and element.tag not in _BLOCK_TAGS:
                match = _SPAN_IAL.match(element.tail)
                if match:
                    ial = parse_attribute_list(match.group(1))
                    _apply(element, _resolved(ial, self.state.definitions))
                    element.tail = element.tail[match.end() :]


class _KramdownTreeprocessor(Treeprocessor):
    """Applies attribute lists and ids, builds the toc and writes kramdown's shapes."""

    def __init__(self, md: markdown.Markdown, state: _State, config: Mapping[str, Any]):
        super().__init__(md)
        self.state = state
        self.config = config

    def run(self, root: etree.Element) -> None:
        toc_list = self._block_ials(root)
        self._heading_ids(root)
        if toc_list is not None:
            self._toc(root, toc_list)
        self._footnotes(root)
        self._code(root)
        self._task_lists(root)
        for heading in _elements(root, _HEADINGS):
            heading.attrib.pop("data-kd-id", None)

    # -- attribute lists ---------------------------------------------------

    def _block_ials(self, root: etree.Element) -> etree.Element | None:
        """Apply each marker's IAL to its block; return the first ``{:toc}`` list."""
        toc_list = None
        for parent in list(root.iter()):
            children = list(parent)
            pending: list[AttributeList] = []
            for index, child in enumerate(children):
                if child.tag == "kramdown-ial":
                    ial, after = self.state.block_ials[int(child.get("n"))]
                    target = self._previous_block(children, index) if after else None
                    if target is None:
                        pending.append(ial)
                    else:
                        toc_list = self._give(target, ial, toc_list)
                    parent.remove(child)
                elif pending:
                    for ial in pending:
                        toc_list = self._give(child, ial, toc_list)
                    pending = []
        return toc_list

    @staticmethod
    def _previous_block(
        children: list[etree.Element], index: int
    ) -> etree.Element | None:
        for child in reversed(children[:index]):
            if child.tag != "kramdown-ial":
                return child
        return None

    def _give(self, target: etree.Element, ial: AttributeList, toc_list):
        _apply(target, _resolved(ial, self.state.definitions))
        if toc_list is None and target.tag in ("ul", "ol") and "toc" in ial.refs:
            return target
        return toc_list

    # -- heading ids ---------------------------------------------------------

    def _heading_ids(self, root: etree.Element) -> None:
        ids = _HeaderIds(prefix=str(self.config["auto_id_prefix"]))
        for heading in _elements(root, _HEADINGS):
            explicit = self._strip_header_id(heading)
            if explicit and "id" not in heading.attrib:
                heading.set("id", explicit)
            if self.config["auto_ids"] and "id" not in heading.attrib:
                generated = ids.next(self._raw_text(heading))
                # kramdown leaves an empty id out of the HTML but keeps it in the toc.
                heading.set("id", generated) if generated else heading.set(
                    "data-kd-id", ""
                )

    @staticmethod
    def _strip_header_id(heading: etree.Element) -> str | None:
        last = heading[-1] if len(heading) else None
        text = (last.tail if last is not None else heading.text) or ""
        match = _HEADER_ID.search(text)
        if not match:
            return None
        if last is not None:
            last.tail = text[: match.start()]
        else:
            heading.text = text[: match.start()]
        return match.group(1)

    def _raw_text(self, element: etree.Element) -> str:
        """The heading's text as kramdown's ``raw_text``: characters, not markup,
        footnote markers left out."""
        parts: list[str] = [element.text or ""]
        for child in element:
            if not (child.tag == "sup" and child.get("id", "").startswith("fnref")):
                parts.append(self._raw_text(child))
            parts.append(child.tail or "")
        return self._unstash("".join(parts))

    def _unstash(self, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            stashed = self.md.htmlStash.rawHtmlBlocks[int(match.group(1))]
            return _TAGS.sub("", str(stashed))

        return html.unescape(HTML_PLACEHOLDER_RE.sub(replace, text))

    # -- toc -------------------------------------------------------------------

    def _toc(self, root: etree.Element, toc_list: etree.Element) -> None:
        """Replace ``toc_list`` by kramdown's nested list of links to headings."""
        levels = {int(level) for level in self.config["toc_levels"]}
        entries = [
            h
            for h in _elements(root, _HEADINGS)
            if int(h.tag[1]) in levels
            and not re.search(r"\bno_toc\b", h.get("class", ""))
            and ("id" in h.attrib or "data-kd-id" in h.attrib)
        ]
        attributes = dict(toc_list.attrib)
        attributes.setdefault("id", "markdown-toc")
        toc_list.clear()
        toc_list.attrib.update(attributes)
        toc_list.text = "\n"
        stack: list[tuple[int, etree.Element]] = []
        for heading in entries:
            item = etree.Element("li")
            item.tail = "\n"  # the line breaks kramdown writes between entries
            item.append(self._toc_link(heading, attributes["id"]))
            while stack and stack[-1][0] >= int(heading.tag[1]):
                stack.pop()
            if stack:
                owner = stack[-1][1]
                nested = owner.find(toc_list.tag)
                if nested is None:
                    nested = etree.SubElement(owner, toc_list.tag)
                    nested.text = "\n"
                nested.append(item)
            else:
                toc_list.append(item)
            stack.append((int(heading.tag[1]), item))

    def _toc_link(self, heading: etree.Element, toc_id: str) -> etree.Element:
        target = heading.get("id", "")
        link = etree.Element("a", {"href": f"#{target}", "id": f"{toc_id}-{target}"})
        holder = copy.deepcopy(heading)
        for index in reversed(range(len(holder))):
            child = holder[index]
            if child.tag == "sup" and child.get("id", "").startswith("fnref"):
                holder.remove(child)
                _append_text(holder, index - 1, child.tail)
        _unwrap_links(holder)
        link.text = holder.text
        link[:] = list(holder)
        return link

    # -- kramdown's HTML shapes --------------------------------------------------

    def _footnotes(self, root: etree.Element) -> None:
        """Python-Markdown's footnotes in kramdown's classes, roles and ids."""
        for element in root.iter():
            if element.tag == "sup" and element.get("id", "").startswith("fnref"):
                repeat = _FOOTNOTE_REPEAT.match(element.get("id"))
                if repeat:
                    element.set("id", f"fnref:{repeat[2]}:{int(repeat[1]) - 1}")
                element.set("role", "doc-noteref")
                for link in element.iter("a"):
                    link.set("class", "footnote")
                    link.set("rel", "footnote")
            elif element.tag == "div" and element.get("class") == "footnote":
                element.set("class", "footnotes")
                element.set("role", "doc-endnotes")
                for rule in element.findall("hr"):
                    element.remove(rule)
                self._footnote_items(element)

    @staticmethod
    def _footnote_items(div: etree.Element) -> None:
        for item in div.iter("li"):
            if item.get("id", "").startswith("fn:"):
                item.set("role", "doc-endnote")
        for parent, link in list(_parents(div)):
            if link.tag == "a" and link.get("class") == "footnote-backref":
                repeat = _FOOTNOTE_REPEAT.match(link.get("href", "")[1:])
                if repeat:  # kramdown: "#fnref:x:1", numbered, after a space
                    link.set("href", f"#fnref:{repeat[2]}:{int(repeat[1]) - 1}")
                    etree.SubElement(link, "sup").text = repeat[1]
                    index = list(parent).index(link)
                    _append_text(parent, index - 1, " ")
                link.attrib.pop("title", None)
                link.set("class", "reversefootnote")
                link.set("role", "doc-backlink")

    @staticmethod
    def _code(root: etree.Element) -> None:
        """Indented code as kramdown writes it with Rouge; inline code classed."""
        for parent, child in list(_parents(root)):
            if child.tag == "pre" and len(child) == 1 and child[0].tag == "code":
                outer = etree.Element(
                    "div", {"class": "language-plaintext highlighter-rouge"}
                )
                inner = etree.SubElement(outer, "div", {"class": "highlight"})
                child.set("class", "highlight")
                inner.append(child)
                outer.tail, child.tail = child.tail, None
                parent.insert(list(parent).index(child), outer)
                parent.remove(child)
            elif child.tag == "code" and parent.tag != "pre":
                classes = child.get("class", "")
                child.set(
                    "class", f"language-plaintext highlighter-rouge {classes}".strip()
                )

    @staticmethod
    def _task_lists(root: etree.Element) -> None:
        """GFM task lists, classed from the first task item on, as kramdown does."""
        for listing in _elements(root, ("ul", "ol")):
            is_task_list = False
            for item in listing.findall("li"):
                holder = (
                    item[0]
                    if len(item) and item[0].tag == "p" and not item.text
                    else item
                )
                match = _TASK.match(holder.text or "")
                if match:
                    box = etree.Element("input", {"type": "checkbox"})
                    box.set("class", "task-list-item-checkbox")
                    box.set("disabled", "disabled")
                    if match[1] != " ":
                        box.set("checked", "checked")
                    box.tail, holder.text = holder.text[match.end() :], None
                    holder.insert(0, box)
                    is_task_list = True
                if is_task_list:
                    item.set("class", "task-list-item")
            if is_task_list:
                listing.set("class", "task-list")


_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "kramdown-ial",
        "thead",
        "tbody",
        "tr",
    }
)


def _unwrap_links(element: etree.Element) -> etree.Element:
    """``element`` with every link inside replaced by its content (toc entries
    are links themselves)."""
    for index in reversed(range(len(element))):
        child = _unwrap_links(element[index])
        if child.tag != "a":
            continue
        element.remove(child)
        _append_text(element, index - 1, child.text)
        for offset, node in enumerate(list(child)):
            element.insert(index + offset, node)
        _append_text(element, index + len(child) - 1, child.tail)
    return element


def _append_text(parent: etree.Element, index: int, text: str | None) -> None:
    """Add ``text`` after child ``index`` of ``parent`` (``-1``: before all)."""
    if not text:
        return
    if index < 0:
        parent.text = (parent.text or "") + text
    else:
        parent[index].tail = (parent[index].tail or "") + text


# --------------------------------------------------------------------------
# The extension and the MARKDOWN setting
# --------------------------------------------------------------------------


def _smarty_substitutions(smart_quotes: str) -> dict[str, str]:
    """Smarty's substitutions as kramdown writes them (``entity_output: as_char``)."""
    names = [name.strip() for name in str(smart_quotes).split(",")]
    if len(names) != 4:
        names = str(JEKYLL_KRAMDOWN_DEFAULTS["smart_quotes"]).split(",")
    quotes = [_character(name) for name in names]
    return {
        "left-single-quote": quotes[0],
        "right-single-quote": quotes[1],
        "left-double-quote": quotes[2],
        "right-double-quote": quotes[3],
        "mdash": "\u2014",
        "ndash": "\u2013",
        "ellipsis": "\u2026",
        "left-angle-quote": "\u00ab",
        "right-angle-quote": "\u00bb",
    }


def _character(name: str) -> str:
    """An entity name (``lsquo``) or code (``8216``) as kramdown reads it, escaped."""
    if name.isdigit():
        return html.escape(chr(int(name)))
    return html.escape(chr(name2codepoint.get(name, ord("'"))))


class KramdownExtension(Extension):
    """kramdown's GFM parser with Jekyll's defaults, over Python-Markdown's own
    ``footnotes``, ``def_list``, ``abbr``, ``tables``, ``smarty`` (and ``nl2br``
    for ``hard_wrap``), which it loads and configures."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "auto_ids": [True, "Give headings ids (kramdown auto_ids)"],
            "auto_id_prefix": ["", "Prefix for generated ids"],
            "toc_levels": [list(range(1, 7)), "Heading levels in a {:toc}"],
            "smart_quotes": [JEKYLL_KRAMDOWN_DEFAULTS["smart_quotes"], "Quotes"],
            "hard_wrap": [False, "Every newline is a <br> (GFM's hard_wrap)"],
            "footnote_backlink": ["&#8617;", "Text of the link back to a reference"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """Register the profile's processors and the extensions it configures."""
        config = self.getConfigs()
        extensions: list[Any] = [
            "footnotes",
            "def_list",
            "abbr",
            "tables",
            "md_in_html",
        ]
        configs: dict[str, dict[str, Any]] = {
            "footnotes": {
                "USE_DEFINITION_ORDER": False,
                "BACKLINK_TEXT": config["footnote_backlink"],
                "SUPERSCRIPT_TEXT": "{}",
            },
            "smarty": {
                "smart_angled_quotes": True,
                "substitutions": _smarty_substitutions(config["smart_quotes"]),
            },
        }
        extensions.append("smarty")
        if config["hard_wrap"]:
            extensions.append("nl2br")
        md.registerExtensions(extensions, configs)
        state = _State()
        self._state = state
        md.kramdown_state = state
        setattr(md, CONVERSION_PROBLEMS, lambda: problems_of(md))
        md.preprocessors.register(_KramdownPreprocessor(md, state), "kramdown", 27)
        md.parser.blockprocessors.register(
            _IalMarkerProcessor(md.parser), "kramdown_ial", 99
        )
        md.parser.blockprocessors.register(
            _ParagraphEndProcessor(md.parser), "kramdown_paragraph_end", 11
        )
        md.inlinePatterns.register(
            _StrikeProcessor(r"~~(?!\s|~)(.*?[^\s~])~~", md), "kramdown_strike", 65
        )
        md.inlinePatterns.register(
            _BackslashBreakProcessor(r"\\\n", md), "kramdown_backslash_break", 185
        )
        md.treeprocessors.register(
            _SpanIalTreeprocessor(md, state), "kramdown_span_ial", 8
        )
        md.treeprocessors.register(
            _KramdownTreeprocessor(md, state, config), "kramdown", 4
        )
        md.registerExtension(self)

    def reset(self) -> None:
        """Forget the last document's problems (``Markdown.reset`` calls this;
        an empty text is never preprocessed)."""
        state = getattr(self, "_state", None)
        if state is not None:
            state.reset()


def makeExtension(**kwargs: Any) -> KramdownExtension:
    """The entry point Python-Markdown calls for ``pelican.plugins.jekyll.kramdown``."""
    return KramdownExtension(**kwargs)


def _short_name(name: Any) -> str:
    """``markdown.extensions.toc`` / ``toc`` / ``markdown.extensions.toc:TocExtension``
    all name ``toc``."""
    text = name if isinstance(name, str) else type(name).__module__
    return text.split(":")[0].rsplit(".", 1)[-1]


def kramdown_extensions(
    settings_markdown: Mapping[str, Any],
    jekyll_kramdown: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Pelican's ``MARKDOWN`` setting with the kramdown profile installed.

    The site's own extensions and options stay, except those whose output differs
    from kramdown's and that the profile replaces (``extra``, ``attr_list``,
    ``toc``, ``codehilite``, ``fenced_code``, ``footnotes``). ``jekyll_kramdown``
    is the ``kramdown`` mapping of a Jekyll ``_config.yml``; the options the
    profile knows are taken from it.
    """
    result = {k: v for k, v in settings_markdown.items() if k not in ("extensions",)}
    configs = {
        name: dict(value)
        for name, value in dict(settings_markdown.get("extension_configs", {})).items()
        if _short_name(name) not in _REPLACED
    }
    options = {
        k: v
        for k, v in (jekyll_kramdown or {}).items()
        if k in JEKYLL_KRAMDOWN_DEFAULTS
    }
    configs[EXTENSION_NAME] = {**configs.get(EXTENSION_NAME, {}), **options}
    extensions = [
        name
        for name in settings_markdown.get("extensions", [])
        if _short_name(name) not in _REPLACED and name != EXTENSION_NAME
    ]
    result["extension_configs"] = configs
    result["extensions"] = [*extensions, EXTENSION_NAME]
    result.setdefault("output_format", "html5")
    return result


def convert(
    text: str, md_settings: Mapping[str, Any] | None = None
) -> tuple[str, tuple[Problem, ...]]:
    """``text`` as HTML through the profile, and the problems found in it.

    ``md_settings`` is a Pelican ``MARKDOWN`` setting (the profile is installed
    into it); ``None`` means Jekyll's defaults alone.
    """
    settings = kramdown_extensions(md_settings or {})
    md = markdown.Markdown(**settings)
    output = md.convert(text)
    return output, problems_of(md)


# --------------------------------------------------------------------------
# Excerpts (Jekyll's Excerpt#extract_excerpt)
# --------------------------------------------------------------------------

_LIQUID_TAG = re.compile(r"{%-?\s*(\w+)\s*.*?-?%}", re.DOTALL)
_LINK_DEFINITION = re.compile(r"^ {0,3}(?:(\[[^\]]+\])(:.+))$", re.MULTILINE)

#: Liquid's block tags (with Jekyll's ``highlight``): an excerpt cut inside one
#: gets its closing tag.
LIQUID_BLOCK_TAGS = frozenset(
    {
        "capture",
        "case",
        "comment",
        "for",
        "if",
        "ifchanged",
        "raw",
        "tablerow",
        "unless",
        "highlight",
    }
)


@dataclass(frozen=True)
class Excerpt:
    """An excerpt's Markdown source, and the Liquid blocks Jekyll had to close."""

    source: str
    closed_blocks: tuple[str, ...] = ()


def extract_excerpt(body: str, separator: str) -> Excerpt:
    """The excerpt of ``body`` as Jekyll cuts it at ``separator``.

    Everything before the first separator; when something follows it, Liquid
    blocks left open are closed and the link reference definitions (``[x]: url``)
    the head uses are appended after a blank line.
    """
    head, found, tail = body.partition(separator) if separator else (body, "", "")
    if not found or not tail:
        return Excerpt(head)
    closed: list[str] = []
    if "{%" in head:
        for name in reversed(_LIQUID_TAG.findall(head)):
            if name in LIQUID_BLOCK_TAGS and not re.search(
                r"{%-?\s*end" + re.escape(name) + r".*?\s*-?%}", head, re.DOTALL
            ):
                closed.append(name)
                head += f"\n{{% end{name} %}}"
    definitions = [
        label + rest for label, rest in _LINK_DEFINITION.findall(tail) if label in head
    ]
    if definitions:
        head += "\n\n" + "\n".join(definitions)
    return Excerpt(head, tuple(closed))


def excerpt_source(body: str, separator: str) -> str:
    """The Markdown source of ``body``'s excerpt, as Jekyll's ``Excerpt`` makes it."""
    return extract_excerpt(body, separator).source

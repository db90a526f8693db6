"""Where Markdown code is, and text Liquid must not see.

A Pelican site's posts are Markdown first: their code spans and code blocks are
never Liquid. :func:`code_ranges` finds them; :class:`Masks` swaps such text
(and Liquid that failed) for inert placeholders of the same length and line
count, so offsets and line numbers of everything else are unchanged, and puts
the text back after rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HIGHLIGHT = re.compile(r"[ \t]*\{%-?[ \t]*highlight[ \t][^\n]*?%\}[ \t]*\r?")
_END_HIGHLIGHT = re.compile(r"[ \t]*\{%-?[ \t]*endhighlight[ \t]*-?%\}[ \t]*\r?")
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_BACKTICKS = re.compile(r"`+")
_RAW_PAIR = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)

_OPEN = "\ue000"
_FILL = "\ue001"
_CLOSE = "\ue002"
_FIRST_INDEX = 0xF0000
_LAST_INDEX = 0xFFFFD
_MARKER = re.compile(f"{_OPEN}([\U000f0000-\U000ffffd])[{_FILL}\r\n]*{_CLOSE}")
_STRAY = re.compile(f"[{_OPEN}{_FILL}{_CLOSE}]")


# A line-by-line state machine for Markdown code; its states share locals.
def code_ranges(text: str) -> list[tuple[int, int]]:
    """Sorted, disjoint ``(start, end)`` offsets of Markdown code in ``text``.

    Fenced blocks, indented blocks (not those continuing a list item), code
    spans (which may run over lines, not over a blank line) and the bodies of
    ``{% highlight %}`` blocks (their tags stay Liquid's: they highlight). No
    span is looked for inside a ``{% highlight %}`` block.
    """
    blocks: list[tuple[int, int]] = []
    paragraphs: list[tuple[int, int]] = []  # text where code spans may be
    fence: str | None = None
    start = -1
    indented = -1
    paragraph = -1
    previous_blank = True
    in_list = False
    offset = 0
    for line in text.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if fence is not None:
            closing = (
                _END_HIGHLIGHT.fullmatch(line) is not None
                if fence == "highlight"
                else stripped.startswith(fence) and not stripped.strip(fence[0])
            )
            if closing:
                end = line_start if fence == "highlight" else min(offset, len(text))
                if end > start:
                    blocks.append((start, end))
                fence = None
                previous_blank = False
            continue
        is_indented = line.startswith(("    ", "\t"))
        if indented >= 0:
            if is_indented or not stripped:
                continue
            blocks.append((indented, line_start))
            indented = -1
        opening = _FENCE.match(line)
        if opening is not None or _HIGHLIGHT.fullmatch(line) is not None:
            if paragraph >= 0:
                paragraphs.append((paragraph, line_start))
                paragraph = -1
            if opening is not None:
                fence, start = opening.group(1), line_start
            else:  # the body starts on the next line
                fence, start = "highlight", min(offset, len(text))
        elif not stripped:
            if paragraph >= 0:
                paragraphs.append((paragraph, line_start))
                paragraph = -1
            previous_blank = True
            continue
        elif is_indented and previous_blank and not in_list:
            indented = line_start
        else:
            if not is_indented:
                in_list = _LIST_ITEM.match(line) is not None or (
                    in_list and not previous_blank
                )
            if paragraph < 0:
                paragraph = line_start
        previous_blank = False
    if fence not in (None, "highlight"):
        blocks.append((start, len(text)))
    if indented >= 0:
        blocks.append((indented, len(text)))
    if paragraph >= 0:
        paragraphs.append((paragraph, len(text)))
    spans = [span for begin, end in paragraphs for span in _spans(text, begin, end)]
    return sorted(blocks + spans)


def _spans(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """Code spans between ``begin`` and ``end``: a run of backticks up to the
    next run of the same length (CommonMark)."""
    runs = list(_BACKTICKS.finditer(text, begin, end))
    found: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        opening = runs[index]
        size = len(opening.group())
        for later in range(index + 1, len(runs)):
            if len(runs[later].group()) == size:
                found.append((opening.start(), runs[later].end()))
                index = later
                break
        index += 1
    return found


@dataclass
class Masks:
    """Text hidden from Liquid for one render, to be put back afterwards."""

    hidden: list[str] = field(default_factory=list)

    def hide(self, text: str, start: int, end: int, shown: str | None = None) -> str:
        """``text`` with ``text[start:end]`` replaced by a same-shaped placeholder,
        which gives back ``shown`` if given, else the text it hides.

        Spans shorter than three characters, or past the placeholder supply, are
        left as they are (no Liquid fits in them).
        """
        index = _FIRST_INDEX + len(self.hidden)
        if end - start < 3 or index > _LAST_INDEX:
            return text
        original = text[start:end]
        self.hidden.append(original if shown is None else shown)
        filler = "".join(c if c in "\r\n" else _FILL for c in original[2:-1])
        return f"{text[:start]}{_OPEN}{chr(index)}{filler}{_CLOSE}{text[end:]}"

    def hide_code(self, text: str) -> str:
        """``text`` with every Markdown code range holding Liquid markup hidden.

        Code comes back as written, less the tags of each ``{% raw %}`` …
        ``{% endraw %}`` pair in it: they were there to keep Jekyll from running
        the code, which is never Liquid here.
        """
        for start, end in code_ranges(text):
            chunk = text[start:end]
            if "{{" in chunk or "{%" in chunk:
                shown = _RAW_PAIR.sub(r"\1", chunk) if "raw" in chunk else None
                text = self.hide(text, start, end, shown)
        return text

    def restore(self, text: str) -> str:
        """``text`` with every placeholder put back; broken ones dropped."""
        if _OPEN not in text and _FILL not in text and _CLOSE not in text:
            return text

        def original(match: re.Match[str]) -> str:
            return self.hidden[ord(match.group(1)) - _FIRST_INDEX]

        return _STRAY.sub("", _MARKER.sub(original, text))


def is_safe(text: str) -> bool:
    """Whether ``text`` holds none of the placeholder characters."""
    return _STRAY.search(text) is None

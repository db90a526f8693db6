"""Share images: the 1200×630 card a post shows when its link is shared.

Pure drawing, no Pelican: a :class:`ShareCard` holds everything that is drawn,
:func:`draw_share_image` turns it into PNG bytes in the look of the Postcard
theme (its light palette, the airmail stripes of its header, a stamp), and
:func:`share_image_name` names the file after a hash of everything drawn, so a
changed card gets a new URL and an unchanged one is never drawn again.

A :class:`Drawer` draws many cards in one font: it loads each size of the font
once, keeps the background every card of a site shares (the stripes, the stamp
and the site's name) and each word it measured and drew, so a card costs only
the words it is the first to use, pasting the others, and the rows of its PNG
that differ from the background.

The same card, font and Pillow always give the same bytes: the image is drawn
onto a fixed palette and saved without timestamps.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any

import PIL
from PIL import Image, ImageChops, ImageDraw, ImageFont, features

# Bump when the drawing changes, so every card gets a new file name (and URL).
DRAWING_VERSION = 4

WIDTH, HEIGHT = 1200, 630
ELLIPSIS = "…"

# The light palette of theme/static/css/postcard.css.
BACKGROUND = (0xFA, 0xF8, 0xF3)  # --bg
SURFACE = (0xFF, 0xFF, 0xFF)  # --surface
TEXT = (0x1E, 0x21, 0x26)  # --text
MUTED = (0x59, 0x60, 0x69)  # --muted
LINE = (0xE3, 0xDD, 0xD0)  # --line
CHIP = (0xF0, 0xEC, 0xE2)  # --chip: the stamp's paper
LINK = (0x1A, 0x5C, 0xA3)  # --link
ACCENT = (0xB3, 0x26, 0x1E)  # --accent
# Every colour text is drawn in, with the colour it is drawn on.
TEXT_COLOURS: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "site name": (TEXT, BACKGROUND),
    "title": (TEXT, BACKGROUND),
    "description": (MUTED, BACKGROUND),
    "date": (MUTED, BACKGROUND),
    "series": (ACCENT, BACKGROUND),
    "stamp": (ACCENT, CHIP),
}

BORDER = 18  # the airmail stripes around the card
PAD = 62  # from the stripes to the text
LEFT, RIGHT = BORDER + PAD, WIDTH - BORDER - PAD
TOP, BOTTOM = BORDER + PAD - 8, HEIGHT - BORDER - PAD + 8
STAMP_W, STAMP_H = 92, 108
HEADER_BOTTOM = TOP + STAMP_H + 4  # the title block starts below the stamp
FOOTER_TOP = BOTTOM - 40

TITLE_SIZES = (80, 74, 68, 62, 56, 52, 48, 44)
TITLE_MAX_LINES = 3
DESCRIPTION_SIZE = 31
DESCRIPTION_MAX_LINES = 3
SERIES_SIZE = 27
SITE_SIZE = 32
DATE_SIZE = 27
# Characters dropped from the end of a cut line before the ellipsis.
_CUT_TRAILING = " \t,;:-–—([{/·"
# zlib's fastest level for the rows each card draws on: a third of the time of
# the default level for files a fifth larger (about 30 KB), fetched once per URL;
# with its hash tables half their largest size, a tenth faster for the same bytes.
_PNG_COMPRESSION = (1, 8)  # level, memory level
# The rows a card shares with its site's background are compressed once per
# site, in bands of this many rows (a band of the card's own is compressed anew).
_BAND_ROWS = 8
_ADLER_BASE = 65521  # Adler-32 sums modulo the largest prime below 2**16


@dataclass(frozen=True)
class ShareCard:
    """Everything a share image shows; ``direction`` is ``"ltr"`` or ``"rtl"``."""

    site_name: str
    title: str
    description: str = ""
    date_text: str = ""
    series_label: str = ""  # "Part 2 of 4 · Europe Trip"
    lang: str = "en"
    direction: str = "ltr"
    stamp: str = ""  # the stamp's letter; the site name's initial when empty

    def __post_init__(self) -> None:
        if self.direction not in ("ltr", "rtl"):
            raise ValueError(
                f"direction must be 'ltr' or 'rtl', not {self.direction!r}"
            )

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field, in order (what its file name is a hash of)."""
        return tuple(getattr(self, field.name) for field in dataclass_fields(self))

    @property
    def texts(self) -> tuple[str, ...]:
        """Every piece of text the card draws."""
        return (
            self.site_name,
            self.title,
            self.description,
            self.date_text,
            self.series_label,
        )


@dataclass(frozen=True)
class TextLine:
    """One line of text placed on the card: ``x`` is its start edge, ``y`` its
    baseline (the start edge is the right one for right-to-left text)."""

    text: str
    x: int
    y: int
    size: int
    colour: tuple[int, int, int]
    bold: bool = False
    rtl: bool = False


# --- fonts -----------------------------------------------------------------------


def load_font(font_path: str | None, size: int) -> ImageFont.FreeTypeFont:
    """The font file at ``font_path``, or Pillow's built-in one, at ``size`` px.

    Text is laid out with raqm where Pillow has it (kerning, shaping, direction);
    Pillow loads its built-in font for its basic layout, so it is switched over.
    """
    engine = ImageFont.Layout.RAQM if rtl_supported() else ImageFont.Layout.BASIC
    if font_path:
        return ImageFont.truetype(font_path, size, layout_engine=engine)
    font = ImageFont.load_default(size)
    if font.layout_engine != engine:
        font = font.font_variant(layout_engine=engine)
    return font


def rtl_supported() -> bool:
    """Whether right-to-left text is laid out properly (Pillow built with raqm)."""
    return bool(features.check("raqm"))


def _drawable(char: str) -> bool:
    # Spaces, controls and format characters (ZWJ, marks of direction) draw no ink.
    return unicodedata.category(char)[0] not in "ZC"


def missing_glyphs(text: str, font_path: str | None = None) -> set[str]:
    """The characters of ``text`` the font has no glyph for.

    A missing character is drawn as the font's "no glyph" shape, so a character
    whose bitmap is that shape is missing.
    """
    return Drawer(font_path).missing_glyphs(text)


def font_identity(font_path: str | None) -> str:
    """What names a font for the file name: its bytes' hash, or Pillow's version
    for the built-in font (which ships with Pillow)."""
    if not font_path:
        return f"pillow-default-{PIL.__version__}"
    return hashlib.sha256(Path(font_path).read_bytes()).hexdigest()


def share_image_name(card: ShareCard, font_path: str | None = None) -> str:
    """``share-<hash>.png``: the hash covers the card, the font and
    :data:`DRAWING_VERSION`, so anything that changes the picture changes the name."""
    return share_image_name_for(card, font_identity(font_path))


def share_image_name_for(card: ShareCard, font_id: str) -> str:
    """:func:`share_image_name` with the font's identity already computed (a site
    names every card with one font: its file is hashed once, not per card)."""
    payload = json.dumps([DRAWING_VERSION, card.fields, font_id], ensure_ascii=False)
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]
    return f"share-{digest}.png"


# --- measuring and wrapping --------------------------------------------------------

# What a drawer keeps of the words it met, up to these sizes: a site's cards
# share most of their words, and a title is measured again at each size tried.
_ADVANCES_KEPT = 200_000  # words' widths, a few dozen bytes each
_INKS_KEPT = 32 * 1024 * 1024  # bytes of words' images (about 2,000 title words)
# Bidirectional classes that reorder text across words (right-to-left letters,
# explicit embeddings and isolates): a line holding one is laid out whole.
_REORDERING = frozenset(
    {"R", "AL", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "FSI", "PDF", "PDI"}
)
_UNKNOWN = object()


@dataclass(frozen=True)
class _Ink:
    """Text drawn in one colour: its palette indices, the mask of the pixels its
    ink covers, and its box's top left corner from the text's anchor point."""

    indices: Image.Image
    mask: Image.Image
    left: int
    top: int

    @property
    def nbytes(self) -> int:
        return 2 * self.indices.width * self.indices.height


class _Memo:
    """The widths and the ink of the words a drawer met; the least recently used
    ink goes first when the memo is full, the widths all at once."""

    def __init__(self) -> None:
        self.advances: dict[tuple[Any, ...], float | None] = {}
        self._inks: dict[tuple[Any, ...], _Ink | None] = {}
        self._ink_bytes = 0

    def keep_advance(self, key: tuple[Any, ...], advance: float | None) -> None:
        if len(self.advances) >= _ADVANCES_KEPT:
            self.advances.clear()
        self.advances[key] = advance

    def ink(self, key: tuple[Any, ...], draw: Callable[[], _Ink | None]) -> _Ink | None:
        """The ink kept under ``key``, else ``draw()``'s, kept."""
        found = self._inks.pop(key, _UNKNOWN)  # put back below: the newest
        if found is _UNKNOWN:
            found = draw()
            self._ink_bytes += found.nbytes if found is not None else 0
            while self._ink_bytes > _INKS_KEPT and self._inks:
                oldest = self._inks.pop(next(iter(self._inks)))
                self._ink_bytes -= oldest.nbytes if oldest is not None else 0
        self._inks[key] = found
        return found


@dataclass(frozen=True)
class _Pen:
    """A font at one size, with how text in it is drawn.

    Left-to-right text is measured and drawn word by word, each word once per
    drawer (see :class:`_Memo`); a line whose words the bidirectional algorithm
    may reorder is measured and drawn whole.
    """

    font: ImageFont.FreeTypeFont
    size: int
    bold: bool
    rtl: bool
    lang: str
    memo: _Memo = field(default_factory=_Memo, compare=False, repr=False)

    @property
    def stroke(self) -> int:
        # The built-in font has no bold face: the text's ink is thickened by a
        # pixel or two (see _thicken), as the theme's 800-weight headings are.
        return max(1, round(self.size / 46)) if self.bold else 0

    def options(self) -> dict[str, Any]:
        """Keyword arguments for Pillow's measuring and drawing calls."""
        if self.font.layout_engine != ImageFont.Layout.RAQM:
            # Without raqm, Pillow lays text out left to right in stored order;
            # right-to-left lines are right-aligned but not reversed (reversing
            # would break Arabic joining and mixed numbers), so they read wrong
            # until Pillow is built with raqm.
            return {"stroke_width": self.stroke}
        return {
            "stroke_width": self.stroke,
            "direction": "rtl" if self.rtl else "ltr",
            "language": self.lang or None,
        }

    def _length(self, text: str) -> float:
        options = self.options()
        options.pop("stroke_width")
        return self.font.getlength(text, **options)

    def advance(self, word: str) -> float | None:
        """How far ``word`` advances; None when it may be reordered with others."""
        key = (self.size, self.lang, word)
        if key not in self.memo.advances:
            reorders = any(unicodedata.bidirectional(c) in _REORDERING for c in word)
            self.memo.keep_advance(key, None if reorders else self._length(word))
        return self.memo.advances[key]

    def words(self, text: str) -> list[tuple[str, float]] | None:
        """The words of a line with how far each starts from the line's start;
        None when the line is to be laid out whole."""
        if self.rtl:
            return None
        placed, x = [], 0.0
        space = self.advance(" ") or 0.0
        for word in text.split(" "):
            advance = self.advance(word) if word else 0.0
            if advance is None:
                return None
            if word:
                placed.append((word, x))
            x += advance + space
        return placed

    def width(self, text: str) -> float:
        """How far ``text`` advances, stroke included: what wrapping measures.

        The ink may overhang the advance by a few pixels (the hook of a "j"),
        which the padding inside the stripes takes.
        """
        if not text:
            return 0.0
        words = self.words(text)
        if words is None:
            return self._length(text) + 2 * self.stroke
        last, start = words[-1] if words else ("", 0.0)
        return start + (self.advance(last) or 0.0) + 2 * self.stroke

    def whole_box(self, text: str, anchor: str) -> tuple[int, int, int, int]:
        """The box the ink of ``text`` laid out whole covers."""
        left, top, right, bottom = self.font.getbbox(
            text, anchor=anchor, **self.options()
        )
        return (int(left), int(top), int(right), int(bottom))

    def box(self, text: str, anchor: str) -> tuple[int, int, int, int]:
        """The box the ink of ``text`` covers, relative to its anchor point, as
        :meth:`draw` draws it."""
        words = self.words(text) if anchor == "ls" else None
        if words is None:
            return self.whole_box(text, anchor)
        boxes = []
        for word, start in words:
            left, top, right, bottom = self.whole_box(word, "ls")
            boxes.append((round(start) + left, top, round(start) + right, bottom))
        return _union(boxes) or (0, 0, 0, 0)

    def ink(
        self, text: str, ink: tuple[int, int, int], base: tuple[int, int, int]
    ) -> _Ink | None:
        """A word drawn in ``ink`` over ``base``, its anchor on the baseline at
        its start: drawn once, then kept."""
        key = (self.size, self.bold, self.lang, text, ink, base)
        return self.memo.ink(key, partial(_ink_of, text, self, ink, base, "ls"))

    def draw(
        self,
        image: Image.Image,
        xy: tuple[int, int],
        text: str,
        colours: tuple[tuple[int, int, int], tuple[int, int, int]],
        anchor: str,
    ) -> tuple[int, int, int, int] | None:
        """Draw ``text`` in ``colours`` (its ink, and the colour under it) with
        its anchor at ``xy``; the box drawn over, if any."""
        words = self.words(text) if anchor == "ls" else None
        if words is None:
            return _paste(image, xy, _ink_of(text, self, *colours, anchor))
        boxes = []
        for word, start in words:
            box = _paste(image, (xy[0] + round(start), xy[1]), self.ink(word, *colours))
            if box is not None:
                boxes.append(box)
        return _union(boxes)

    @property
    def ascent(self) -> int:
        return self.font.getmetrics()[0] + self.stroke

    @property
    def descent(self) -> int:
        return self.font.getmetrics()[1] + self.stroke


def _union(
    boxes: Sequence[tuple[int, int, int, int]],
) -> tuple[int, int, int, int] | None:
    """The smallest box holding every one of ``boxes`` (None for none)."""
    if not boxes:
        return None
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


def _break_word(word: str, pen: _Pen, width: float) -> list[str]:
    """A word too wide for a line, in pieces that fit (by character)."""
    pieces, current = [], ""
    for char in word:
        if current and pen.width(current + char) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return [*pieces, current] if current else pieces


def wrap(text: str, pen: _Pen, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``, broken between words."""
    words = text.split()
    by_word = _wrap_words(words, pen, width)
    if by_word is not None:
        return by_word
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if pen.width(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = _break_word(word, pen, width) if pen.width(word) > width else [word]
        lines.extend(pieces[:-1])
        current = pieces[-1]
    if current:
        lines.append(current)
    return lines


def _wrap_words(words: list[str], pen: _Pen, width: float) -> list[str] | None:
    """:func:`wrap` from each word's width, each line's widened word by word
    (None when a line is to be measured whole)."""
    if pen.rtl:
        return None
    advances = [advance for word in words if (advance := pen.advance(word)) is not None]
    if len(advances) < len(words):
        return None
    room, space = width - 2 * pen.stroke, pen.advance(" ") or 0.0
    lines: list[str] = []
    current: list[str] = []
    end = 0.0  # where the current line's last word ends
    for word, advance in zip(words, advances, strict=True):
        reach = end + space + advance if current else advance
        if reach <= room:
            current.append(word)
            end = reach
            continue
        if current:
            lines.append(" ".join(current))
        pieces = [word]
        if advance > room:
            pieces = _break_word(word, pen, width)
            lines.extend(pieces[:-1])
        current, end = [pieces[-1]], pen.advance(pieces[-1]) or 0.0
    if current:
        lines.append(" ".join(current))
    return lines


def _with_ellipsis(line: str, pen: _Pen, width: float) -> str:
    """``line`` cut at a word so that it and an ellipsis fit in ``width``."""
    words = line.split()
    while words:
        candidate = " ".join(words).rstrip(_CUT_TRAILING) + ELLIPSIS
        if pen.width(candidate) <= width:
            return candidate
        words.pop()
    # Not even one word fits beside the ellipsis: cut the first word itself.
    first = line.split()[0] if line.split() else ""
    while first and pen.width(first + ELLIPSIS) > width:
        first = first[:-1]
    return first + ELLIPSIS


def fit_lines(text: str, pen: _Pen, width: float, max_lines: int) -> list[str]:
    """``text`` wrapped into at most ``max_lines`` lines, the last one cut at a
    word and ended with an ellipsis when the text is longer."""
    if max_lines <= 0:
        return []
    lines = wrap(text, pen, width)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    kept[-1] = _with_ellipsis(kept[-1], pen, width)
    return kept


# --- layout ----------------------------------------------------------------------


def _line_height(pen: _Pen, leading: float) -> int:
    return round(pen.size * leading)


def _block_height(pen: _Pen, lines: int, leading: float) -> int:
    """From the top of the first line's ascent to the bottom of the last descent."""
    if lines <= 0:
        return 0
    return pen.ascent + pen.descent + (lines - 1) * _line_height(pen, leading)


@dataclass(frozen=True)
class _Block:
    """Lines of one pen, to be stacked in the middle of the card."""

    pen: _Pen
    lines: tuple[str, ...]
    colour: tuple[int, int, int]
    leading: float
    gap_before: int = 0

    @property
    def height(self) -> int:
        return _block_height(self.pen, len(self.lines), self.leading)


TITLE_LEADING, DESCRIPTION_LEADING = 1.14, 1.42
MIDDLE_TOP, MIDDLE_BOTTOM = HEADER_BOTTOM + 8, FOOTER_TOP - 16


def _place(blocks: Sequence[_Block], top: int, rtl: bool) -> list[TextLine]:
    """Stack ``blocks`` from ``top`` down."""
    placed = []
    y = top
    for block in blocks:
        y += block.gap_before
        baseline = y + block.pen.ascent
        for text in block.lines:
            x = RIGHT if rtl else LEFT
            placed.append(
                TextLine(
                    text, x, baseline, block.pen.size, block.colour, block.pen.bold, rtl
                )
            )
            baseline += _line_height(block.pen, block.leading)
        y += block.height
    return placed


# --- drawing ---------------------------------------------------------------------

# Anti-aliased edges are drawn in this many steps from an ink to what is under it.
_STEPS = 15
# Each ink, with what it is drawn over; the palette holds each pair's steps.
_RAMPS = ((TEXT, BACKGROUND), (MUTED, BACKGROUND), (ACCENT, BACKGROUND), (ACCENT, CHIP))
_FLAT = (BACKGROUND, SURFACE, CHIP, LINE, LINK, ACCENT)


def _blend(ink: tuple[int, int, int], base: tuple[int, int, int], t: float) -> tuple:
    return tuple(round(b + (i - b) * t) for i, b in zip(ink, base, strict=True))


def palette() -> list[tuple[int, int, int]]:
    """Every colour a card can hold: the flat colours and each ink's steps."""
    colours = list(_FLAT)
    for ink, base in _RAMPS:
        colours += [_blend(ink, base, step / _STEPS) for step in range(1, _STEPS + 1)]
    return list(dict.fromkeys(colours))


_COLOURS = tuple(palette())
_INDEX = MappingProxyType({colour: i for i, colour in enumerate(_COLOURS)})
_PALETTE_BYTES = bytes(c for colour in _COLOURS for c in colour)


def _ramp_lut(ink: tuple[int, int, int], base: tuple[int, int, int]) -> tuple[int, ...]:
    """Palette index for each coverage level (0–255) of ``ink`` over ``base``."""
    ramp = [_INDEX[base]] + [
        _INDEX[_blend(ink, base, step / _STEPS)] for step in range(1, _STEPS + 1)
    ]
    return tuple(ramp[round(level * _STEPS / 255)] for level in range(256))


# As tables for bytes.translate: a lookup per pixel, without Pillow's point().
_LUTS = MappingProxyType({pair: bytes(_ramp_lut(*pair)) for pair in _RAMPS})
_COVERED = bytes((0,) + (255,) * 255)  # a coverage mask to a paste mask


def _new_canvas(width: int = WIDTH) -> Image.Image:
    image = Image.new("P", (width, HEIGHT), _INDEX[BACKGROUND])
    image.putpalette(_PALETTE_BYTES)
    return image


# A card is drawn one column to the right on a canvas a column wider, whose first
# column stays 0: each row's PNG filter byte ("none"), so the canvas's bytes are
# the PNG's image data as they are, with no copy to insert them.
_X = 1
_ROW = WIDTH + _X


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def _deflate_band(data: bytes | memoryview, level: int, memory: int = 9) -> bytes:
    """``data`` as raw deflate blocks that end on a byte and refer to nothing
    before them: bands compressed apart are joined into one stream."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -15, memory)
    return packer.compress(data) + packer.flush(zlib.Z_SYNC_FLUSH)


_PNG_HEAD = b"\x89PNG\r\n\x1a\n" + _png_chunk(
    b"IHDR", struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)
)
_PNG_PALETTE = _png_chunk(b"PLTE", _PALETTE_BYTES)
_PNG_END = _png_chunk(b"IEND", b"")
_BANDS = tuple(
    (top * _ROW, min(HEIGHT, top + _BAND_ROWS) * _ROW)
    for top in range(0, HEIGHT, _BAND_ROWS)
)


def _adler32_join(first: int, second: int, length: int) -> int:
    """The Adler-32 checksum of two byte strings joined, from the checksum of
    each and the length of the second.

    Adler-32 keeps A, one plus the sum of the bytes, and B, the sum of each
    byte's A: the second string's bytes add to A as they are, and each of its
    ``length`` A values is larger by the first's A less one.
    """
    a1, b1 = first & 0xFFFF, first >> 16
    a2, b2 = second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % _ADLER_BASE
    b = (b1 + b2 + length * (a1 - 1)) % _ADLER_BASE
    return b << 16 | a


@dataclass(frozen=True)
class _Background:
    """What every card of a site starts from: the canvas and its bands, each
    already compressed and summed (a band a card leaves as it was is neither
    compressed nor summed again)."""

    canvas: Image.Image
    data: bytes
    packed: tuple[bytes, ...]
    checksums: tuple[int, ...]

    @classmethod
    def of(cls, image: Image.Image) -> _Background:
        canvas = _new_canvas(_ROW)
        canvas.paste(0, (0, 0, _X, HEIGHT))
        canvas.paste(image, (_X, 0))
        data = canvas.tobytes()
        packed = tuple(_deflate_band(data[a:b], 9) for a, b in _BANDS)
        checksums = tuple(zlib.adler32(data[a:b]) for a, b in _BANDS)
        return cls(canvas, data, packed, checksums)

    def png(self, canvas: Image.Image, rows: range) -> bytes:
        """``canvas``, drawn over this background on ``rows`` only, as a palette
        PNG file."""
        top = max(0, rows.start // _BAND_ROWS * _BAND_ROWS) if rows else 0
        bottom = min(HEIGHT, -(-rows.stop // _BAND_ROWS) * _BAND_ROWS) if rows else 0
        drawn = canvas.crop((0, top, _ROW, bottom)).tobytes() if rows else b""
        parts = [b"\x78\x01"]  # zlib's header: deflate, 32 KB window
        checksum = 1
        for own, bands in _runs(drawn, top * _ROW, self.data):
            if own is None:
                parts += (self.packed[index] for index in bands)
                for index in bands:
                    start, end = _BANDS[index]
                    checksum = _adler32_join(
                        checksum, self.checksums[index], end - start
                    )
            else:
                parts.append(_deflate_band(own, *_PNG_COMPRESSION))
                checksum = zlib.adler32(own, checksum)
        # The final, empty block, then the checksum of the whole image data.
        parts += [b"\x03\x00", struct.pack(">I", checksum)]
        idat = _png_chunk(b"IDAT", b"".join(parts))
        return _PNG_HEAD + _PNG_PALETTE + idat + _PNG_END


def _runs(
    drawn: bytes, offset: int, background: bytes
) -> Iterator[tuple[memoryview | None, list[int]]]:
    """The image data in runs of consecutive bands: ``(data, bands)`` for bands
    a card drew on (``drawn`` holds its image data from ``offset`` on), and
    ``(None, bands)`` for bands as they are in ``background``."""
    view = memoryview(drawn)
    run: list[int] = []
    run_is_own = False
    for index, (start, end) in enumerate(_BANDS):
        inside = offset <= start and end - offset <= len(drawn)
        own = inside and drawn[start - offset : end - offset] != background[start:end]
        if run and own != run_is_own:
            yield _run(view, offset, run, run_is_own)
            run = []
        run.append(index)
        run_is_own = own
    if run:
        yield _run(view, offset, run, run_is_own)


def _run(
    view: memoryview, offset: int, bands: list[int], own: bool
) -> tuple[memoryview | None, list[int]]:
    """One run of :func:`_runs`: the card's data of ``bands``, or None."""
    if not own:
        return None, bands
    return view[_BANDS[bands[0]][0] - offset : _BANDS[bands[-1]][1] - offset], bands


def _ink_of(
    text: str,
    pen: _Pen,
    ink: tuple[int, int, int],
    base: tuple[int, int, int],
    anchor: str,
) -> _Ink | None:
    """``text`` in ``ink`` over ``base`` (the colour already under it); None
    when it has no ink.

    The text is rendered as an anti-aliased coverage mask the size of its ink,
    and each coverage level mapped to a step of its ink, so no colour is
    approximated by a quantizer.
    """
    left, top, right, bottom = pen.whole_box(text, anchor)
    if right <= left or bottom <= top:
        return None
    mask = Image.new("L", (right - left, bottom - top), 0)
    options = pen.options()
    options.pop("stroke_width")
    ImageDraw.Draw(mask).text(
        (-left, -top), text, font=pen.font, fill=255, anchor=anchor, **options
    )
    mask = _thicken(mask, pen.stroke)
    coverage = mask.tobytes()
    indices = Image.frombytes("P", mask.size, coverage.translate(_LUTS[(ink, base)]))
    covered = Image.frombytes("L", mask.size, coverage.translate(_COVERED))
    return _Ink(indices, covered, left, top)


def _paste(
    image: Image.Image, xy: tuple[int, int], ink: _Ink | None
) -> tuple[int, int, int, int] | None:
    """Paste ``ink`` with its anchor at ``xy``; the box it covers, if any."""
    if ink is None:
        return None
    left, top = xy[0] + ink.left, xy[1] + ink.top
    image.paste(ink.indices, (left, top), ink.mask)
    return (left, top, left + ink.indices.width, top + ink.indices.height)


def _thicken(mask: Image.Image, by: int) -> Image.Image:
    """``mask`` with its ink grown ``by`` pixels each way: bold text.

    The same look as FreeType's stroke of that width (which the box of the
    text leaves room for) at a third of its cost: each pixel takes the most
    ink of its neighbours, across and then down.
    """
    for axis in ((1, 0), (0, 1)):
        grown = mask
        for step in range(1, by + 1):
            dx, dy = axis[0] * step, axis[1] * step
            grown = ImageChops.lighter(grown, ImageChops.offset(mask, dx, dy))
            grown = ImageChops.lighter(grown, ImageChops.offset(mask, -dx, -dy))
        mask = grown
    return mask


def _airmail(image: Image.Image) -> None:
    """The envelope's red and blue stripes, slanted like the theme's header."""
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, HEIGHT), fill=_INDEX[SURFACE])
    period, band = 56, 20
    for x in range(0, WIDTH + HEIGHT + period, period):
        for offset, colour in ((0, ACCENT), (period // 2, LINK)):
            left = x + offset
            corners = [(left, 0), (left + band, 0)]
            corners += [(left + band - HEIGHT, HEIGHT), (left - HEIGHT, HEIGHT)]
            draw.polygon(corners, fill=_INDEX[colour])
    draw.rectangle(
        (BORDER, BORDER, WIDTH - BORDER - 1, HEIGHT - BORDER - 1),
        fill=_INDEX[BACKGROUND],
        outline=_INDEX[LINE],
    )


# --- the drawer ------------------------------------------------------------------


class Drawer:
    """Lays out, draws and names cards in one font (``font_path``, or Pillow's
    built-in font), keeping what the cards of a site share."""

    def __init__(self, font_path: str | None = None) -> None:
        self.font_path = font_path
        self._fonts: dict[int, ImageFont.FreeTypeFont] = {}
        self._backgrounds: dict[tuple[str, ...], _Background] = {}
        self._drawn: set[str] = set()  # characters the font has (or need none)
        self._missing: set[str] = set()  # characters it lacks
        self._notdef: tuple[Any, bytes] | None = None
        self._font_id: str | None = None
        self._pens: dict[tuple[Any, ...], _Pen] = {}
        self._memo = _Memo()  # every pen's words

    # fonts and names

    def font(self, size: int) -> ImageFont.FreeTypeFont:
        """The font at ``size`` px, loaded once."""
        font = self._fonts.get(size)
        if font is None:
            font = self._fonts[size] = load_font(self.font_path, size)
        return font

    def pen(self, card: ShareCard, size: int, bold: bool) -> _Pen:
        """The pen for ``card``'s text at ``size``, bold or not."""
        key = (size, bold, card.direction, card.lang)
        pen = self._pens.get(key)
        if pen is None:
            rtl = card.direction == "rtl"
            pen = _Pen(self.font(size), size, bold, rtl, card.lang, self._memo)
            self._pens[key] = pen
        return pen

    @property
    def font_id(self) -> str:
        """:func:`font_identity` of the font, computed once."""
        if self._font_id is None:
            self._font_id = font_identity(self.font_path)
        return self._font_id

    def name(self, card: ShareCard) -> str:
        """The card's file name (:func:`share_image_name`)."""
        return share_image_name_for(card, self.font_id)

    def missing_glyphs(self, text: str) -> set[str]:
        """The characters of ``text`` the font lacks (each one checked once)."""
        font = self.font(40)
        if self._notdef is None:
            # U+10FFFD is a private-use character no text font draws.
            mask = font.getmask("\U0010fffd")
            self._notdef = (mask.size, bytes(mask))
        missing = set()
        # Most characters of a site are met again and again: only new ones are
        # rendered, the rest is one set difference.
        for char in set(text) - self._drawn:
            if not _drawable(char):
                self._drawn.add(char)
                continue
            if char not in self._missing:
                mask = font.getmask(char)
                if (mask.size, bytes(mask)) != self._notdef:
                    self._drawn.add(char)
                    continue
                self._missing.add(char)
            missing.add(char)
        return missing

    # layout

    def _header(self, card: ShareCard) -> list[TextLine]:
        """The site's name, at the top beside the stamp."""
        site = self.pen(card, SITE_SIZE, True)
        lines = fit_lines(card.site_name, site, RIGHT - LEFT - STAMP_W - 48, 1)
        return _place([_Block(site, tuple(lines), TEXT, 1.0)], TOP + 8, _rtl(card))

    def _description_room(self, card: ShareCard) -> list[int]:
        """The heights to leave below the title: for two description lines, then
        for one (none without a description)."""
        if not card.description:
            return [0]
        pen = self.pen(card, DESCRIPTION_SIZE, False)
        lines = len(wrap(card.description, pen, RIGHT - LEFT))
        wanted = sorted({min(2, lines), 1}, reverse=True)
        return [_block_height(pen, n, DESCRIPTION_LEADING) + 22 for n in wanted]

    def _title_block(self, card: ShareCard, room: int) -> _Block:
        """The title at the largest size that fits ``room`` above two lines of
        description, else above one; at the smallest size, cut with an ellipsis."""
        width = RIGHT - LEFT
        below = self._description_room(card)
        for desc_room in below:
            for size in TITLE_SIZES:
                pen = self.pen(card, size, True)
                lines = wrap(card.title, pen, width)
                height = _block_height(pen, len(lines), TITLE_LEADING)
                if len(lines) <= TITLE_MAX_LINES and height + desc_room <= room:
                    return _Block(pen, tuple(lines), TEXT, TITLE_LEADING)
        pen = self.pen(card, TITLE_SIZES[-1], True)
        most = 1
        while (
            most < TITLE_MAX_LINES
            and _block_height(pen, most + 1, TITLE_LEADING) + below[-1] <= room
        ):
            most += 1
        lines = fit_lines(card.title, pen, width, most)
        return _Block(pen, tuple(lines), TEXT, TITLE_LEADING)

    def _middle(self, card: ShareCard) -> list[_Block]:
        """The series label, the title and the description, fitted to the middle."""
        width = RIGHT - LEFT
        room = MIDDLE_BOTTOM - MIDDLE_TOP
        blocks: list[_Block] = []
        if card.series_label:
            pen = self.pen(card, SERIES_SIZE, True)
            lines = fit_lines(card.series_label, pen, width, 1)
            blocks.append(_Block(pen, tuple(lines), ACCENT, 1.0))
            room -= blocks[-1].height + 18
        title = self._title_block(card, room)
        blocks.append(
            _Block(title.pen, title.lines, TEXT, TITLE_LEADING, 18 * bool(blocks))
        )
        room -= title.height + title.gap_before
        if card.description:
            pen = self.pen(card, DESCRIPTION_SIZE, False)
            step = _line_height(pen, DESCRIPTION_LEADING)
            most = min(
                DESCRIPTION_MAX_LINES,
                1 + (room - 22 - pen.ascent - pen.descent) // step,
            )
            lines = fit_lines(card.description, pen, width, most)
            if lines:
                blocks.append(_Block(pen, tuple(lines), MUTED, DESCRIPTION_LEADING, 22))
        return blocks

    def _body(self, card: ShareCard) -> list[TextLine]:
        """Every line below the header: the middle blocks and the date."""
        rtl = _rtl(card)
        middle = self._middle(card)
        height = sum(block.height + block.gap_before for block in middle)
        # A short card sits in the middle of its room, a full one fills it.
        top = MIDDLE_TOP + max(0, (MIDDLE_BOTTOM - MIDDLE_TOP - height) // 2)
        lines = _place(middle, top, rtl)
        if card.date_text:
            pen = self.pen(card, DATE_SIZE, False)
            footer = _Block(
                pen, tuple(fit_lines(card.date_text, pen, RIGHT - LEFT, 1)), MUTED, 1.0
            )
            lines += _place([footer], BOTTOM - footer.height, rtl)
        return lines

    def layout(self, card: ShareCard) -> list[TextLine]:
        """Where every line of text goes on the card."""
        return self._header(card) + self._body(card)

    # drawing

    def _stamp(self, image: Image.Image, card: ShareCard) -> None:
        """A perforated stamp bearing the site's initial."""
        draw = ImageDraw.Draw(image)
        x0 = LEFT if _rtl(card) else RIGHT - STAMP_W
        y0 = TOP
        draw.rectangle((x0, y0, x0 + STAMP_W, y0 + STAMP_H), fill=_INDEX[CHIP])
        holes = [
            (x, y) for x in range(x0, x0 + STAMP_W + 1, 12) for y in (y0, y0 + STAMP_H)
        ]
        holes += [
            (x, y) for y in range(y0, y0 + STAMP_H + 1, 12) for x in (x0, x0 + STAMP_W)
        ]
        for x, y in holes:
            draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=_INDEX[BACKGROUND])
        frame = (x0 + 12, y0 + 12, x0 + STAMP_W - 12, y0 + STAMP_H - 12)
        draw.rectangle(frame, outline=_INDEX[ACCENT], width=3)
        initial = next((c for c in card.stamp or card.site_name if c.isalnum()), "")
        if initial:
            pen = self.pen(card, 50, True)
            centre = (x0 + STAMP_W // 2, y0 + STAMP_H // 2)
            pen.draw(image, centre, initial.upper(), (ACCENT, CHIP), "mm")

    def _background(self, card: ShareCard) -> _Background:
        """The stripes, the stamp and the site's name: drawn once per site."""
        key = (card.site_name, card.stamp, card.direction, card.lang)
        background = self._backgrounds.get(key)
        if background is None:
            image = _new_canvas()
            _airmail(image)
            self._stamp(image, card)
            self._draw_lines(image, card, self._header(card))
            background = self._backgrounds[key] = _Background.of(image)
        return background

    def _draw_lines(
        self, image: Image.Image, card: ShareCard, lines: Iterable[TextLine], x: int = 0
    ) -> range:
        """Draw ``lines`` shifted ``x`` to the right; the rows drawn on."""
        boxes = []
        for line in lines:
            pen = self.pen(card, line.size, line.bold)
            anchor = "rs" if line.rtl else "ls"
            xy = (line.x + x, line.y)
            box = pen.draw(image, xy, line.text, (line.colour, BACKGROUND), anchor)
            if box is not None:
                boxes.append(box)
        drawn = _union(boxes)
        return range(drawn[1], drawn[3]) if drawn else range(0)

    def _canvas(self, card: ShareCard) -> tuple[_Background, Image.Image, range]:
        """The card drawn on the wide canvas, with the background it began as
        and the rows its own lines were drawn on."""
        background = self._background(card)
        canvas = background.canvas.copy()
        rows = self._draw_lines(canvas, card, self._body(card), _X)
        return background, canvas, rows

    def render(self, card: ShareCard) -> Image.Image:
        """The card as a palette image."""
        return self._canvas(card)[1].crop((_X, 0, _ROW, HEIGHT))

    def draw(self, card: ShareCard) -> bytes:
        """The card as a 1200×630 palette PNG; the same card gives the same bytes."""
        # Only the header, palette and image data: no tIME, text or pHYs chunks,
        # so nothing in the file depends on when it was made.
        background, canvas, rows = self._canvas(card)
        return background.png(canvas, rows)

    def ink_box(self, line: TextLine, card: ShareCard) -> tuple[int, int, int, int]:
        """The box (left, top, right, bottom) the ink of a placed line covers."""
        pen = self.pen(card, line.size, line.bold)
        left, top, right, bottom = pen.box(line.text, "rs" if line.rtl else "ls")
        return (line.x + left, line.y + top, line.x + right, line.y + bottom)


def _rtl(card: ShareCard) -> bool:
    return card.direction == "rtl"


# --- one card --------------------------------------------------------------------


def layout(card: ShareCard, font_path: str | None = None) -> list[TextLine]:
    """Where every line of text goes on the card."""
    return Drawer(font_path).layout(card)


def ink_box(
    line: TextLine, card: ShareCard, font_path: str | None = None
) -> tuple[int, int, int, int]:
    """The box (left, top, right, bottom) the ink of a placed line covers."""
    return Drawer(font_path).ink_box(line, card)


def render(card: ShareCard, font_path: str | None = None) -> Image.Image:
    """The card as a palette image."""
    return Drawer(font_path).render(card)


def draw_share_image(card: ShareCard, font_path: str | None = None) -> bytes:
    """The card as a 1200×630 palette PNG; the same card always gives the same bytes."""
    return Drawer(font_path).draw(card)


# --- to a file -------------------------------------------------------------------


def write_image(
    drawer: Drawer, card: ShareCard, path: str, folders: set[str] | None = None
) -> str:
    """Draw ``card`` to the file at ``path``, its folder made if need be (and
    kept in ``folders``, the folders made or found so far, made once each)."""
    data = drawer.draw(card)
    folder = os.path.dirname(path) or "."
    if folders is None or folder not in folders:
        os.makedirs(folder, exist_ok=True)
        if folders is not None:
            folders.add(folder)
    # Written beside and renamed: a build stopped half-way leaves no broken file
    # that the next build would take as drawn.
    partial = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    with open(partial, "wb") as file:
        file.write(data)
    os.replace(partial, path)
    return path

"""Share images: the 1200×630 card a post shows when its link is shared.

Pure drawing, no Pelican: a :class:`ShareCard` holds everything that is drawn,
:func:`draw_share_image` turns it into PNG bytes in the look of the Postcard
theme (its light palette, the airmail stripes of its header, a stamp), and
:func:`share_image_name` names the file after a hash of everything drawn, so a
changed card gets a new URL and an unchanged one is never drawn again.

The same card, font and Pillow always give the same bytes: the image is drawn
onto a fixed palette and saved without timestamps.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import unicodedata
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import astuple, dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont, features

# Bump when the drawing changes, so every card gets a new file name (and URL).
DRAWING_VERSION = 1

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

    def __post_init__(self) -> None:
        if self.direction not in ("ltr", "rtl"):
            raise ValueError(
                f"direction must be 'ltr' or 'rtl', not {self.direction!r}"
            )

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
    font = load_font(font_path, 40)
    # U+10FFFD is a private-use character no text font draws.
    notdef = font.getmask("\U0010fffd")
    notdef_key = (notdef.size, bytes(notdef))
    missing = set()
    for char in set(text):
        if not _drawable(char):
            continue
        mask = font.getmask(char)
        if (mask.size, bytes(mask)) == notdef_key:
            missing.add(char)
    return missing


def font_identity(font_path: str | None) -> str:
    """What names a font for the file name: its bytes' hash, or Pillow's version
    for the built-in font (which ships with Pillow)."""
    if not font_path:
        return f"pillow-default-{PIL.__version__}"
    return hashlib.sha256(Path(font_path).read_bytes()).hexdigest()


def share_image_name(card: ShareCard, font_path: str | None = None) -> str:
    """``share-<hash>.png``: the hash covers the card, the font and
    :data:`DRAWING_VERSION`, so anything that changes the picture changes the name."""
    payload = json.dumps(
        [DRAWING_VERSION, astuple(card), font_identity(font_path)],
        ensure_ascii=False,
    )
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]
    return f"share-{digest}.png"


# --- measuring and wrapping --------------------------------------------------------


@dataclass(frozen=True)
class _Pen:
    """A font at one size, with how text in it is drawn."""

    font: ImageFont.FreeTypeFont
    size: int
    bold: bool
    rtl: bool
    lang: str

    @property
    def stroke(self) -> int:
        # The built-in font has no bold face: a thin stroke in the text's own
        # colour thickens it, as the theme's 800-weight headings are.
        return max(1, round(self.size / 46)) if self.bold else 0

    def options(self) -> dict:
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

    def width(self, text: str) -> float:
        """How wide ``text`` is drawn, stroke included."""
        if not text:
            return 0.0
        # The ink can reach past the advance (overhangs) or before the origin.
        left, _, right, _ = self.font.getbbox(text, anchor="ls", **self.options())
        advance = self.font.getlength(text, **_length_options(self)) + 2 * self.stroke
        return float(max(right, advance) - min(left, 0))

    @property
    def ascent(self) -> int:
        return self.font.getmetrics()[0] + self.stroke

    @property
    def descent(self) -> int:
        return self.font.getmetrics()[1] + self.stroke


def _length_options(pen: _Pen) -> dict:
    options = pen.options()
    options.pop("stroke_width")
    return options


def _pen(card: ShareCard, font_path: str | None, size: int, bold: bool) -> _Pen:
    font = load_font(font_path, size)
    return _Pen(font, size, bold, card.direction == "rtl", card.lang)


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
    lines: list[str] = []
    current = ""
    for word in text.split():
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


def _description_room(card: ShareCard, font_path: str | None) -> list[int]:
    """The heights to leave below the title: for two description lines, then
    for one (none without a description)."""
    if not card.description:
        return [0]
    pen = _pen(card, font_path, DESCRIPTION_SIZE, False)
    lines = len(wrap(card.description, pen, RIGHT - LEFT))
    wanted = sorted({min(2, lines), 1}, reverse=True)
    return [_block_height(pen, n, DESCRIPTION_LEADING) + 22 for n in wanted]


def _title_block(card: ShareCard, font_path: str | None, room: int) -> _Block:
    """The title at the largest size that fits ``room`` above two lines of
    description, else above one; at the smallest size, cut with an ellipsis."""
    width = RIGHT - LEFT
    below = _description_room(card, font_path)
    for desc_room in below:
        for size in TITLE_SIZES:
            pen = _pen(card, font_path, size, True)
            lines = wrap(card.title, pen, width)
            height = _block_height(pen, len(lines), TITLE_LEADING)
            if len(lines) <= TITLE_MAX_LINES and height + desc_room <= room:
                return _Block(pen, tuple(lines), TEXT, TITLE_LEADING)
    pen = _pen(card, font_path, TITLE_SIZES[-1], True)
    most = 1
    while (
        most < TITLE_MAX_LINES
        and _block_height(pen, most + 1, TITLE_LEADING) + below[-1] <= room
    ):
        most += 1
    lines = fit_lines(card.title, pen, width, most)
    return _Block(pen, tuple(lines), TEXT, TITLE_LEADING)


def _middle_blocks(card: ShareCard, font_path: str | None) -> list[_Block]:
    """The series label, the title and the description, fitted to the middle."""
    width = RIGHT - LEFT
    room = MIDDLE_BOTTOM - MIDDLE_TOP
    blocks: list[_Block] = []
    if card.series_label:
        pen = _pen(card, font_path, SERIES_SIZE, True)
        lines = fit_lines(card.series_label, pen, width, 1)
        blocks.append(_Block(pen, tuple(lines), ACCENT, 1.0))
        room -= blocks[-1].height + 18
    title = _title_block(card, font_path, room)
    blocks.append(
        _Block(title.pen, title.lines, TEXT, TITLE_LEADING, 18 * bool(blocks))
    )
    room -= title.height + title.gap_before
    if card.description:
        pen = _pen(card, font_path, DESCRIPTION_SIZE, False)
        step = _line_height(pen, DESCRIPTION_LEADING)
        most = min(
            DESCRIPTION_MAX_LINES, 1 + (room - 22 - pen.ascent - pen.descent) // step
        )
        lines = fit_lines(card.description, pen, width, most)
        if lines:
            blocks.append(_Block(pen, tuple(lines), MUTED, DESCRIPTION_LEADING, 22))
    return blocks


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


def layout(card: ShareCard, font_path: str | None = None) -> list[TextLine]:
    """Where every line of text goes on the card."""
    rtl = card.direction == "rtl"
    site = _pen(card, font_path, SITE_SIZE, True)
    header = _Block(
        site,
        tuple(fit_lines(card.site_name, site, RIGHT - LEFT - STAMP_W - 48, 1)),
        TEXT,
        1.0,
    )
    lines = _place([header], TOP + 8, rtl)
    middle = _middle_blocks(card, font_path)
    height = sum(block.height + block.gap_before for block in middle)
    # A short card sits in the middle of its room, a full one fills it.
    top = MIDDLE_TOP + max(0, (MIDDLE_BOTTOM - MIDDLE_TOP - height) // 2)
    lines += _place(middle, top, rtl)
    if card.date_text:
        pen = _pen(card, font_path, DATE_SIZE, False)
        footer = _Block(
            pen, tuple(fit_lines(card.date_text, pen, RIGHT - LEFT, 1)), MUTED, 1.0
        )
        lines += _place([footer], BOTTOM - footer.height, rtl)
    return lines


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


class _Canvas:
    """A palette image drawn on with exact colours.

    Shapes are drawn straight onto the palette indices; text is rendered as an
    anti-aliased coverage mask and each coverage level mapped to a step of its
    ink, so no colour is approximated by a quantizer.
    """

    def __init__(self) -> None:
        self.colours = palette()
        self.index = {colour: i for i, colour in enumerate(self.colours)}
        self.image = Image.new("P", (WIDTH, HEIGHT), self.index[BACKGROUND])
        self.image.putpalette([c for colour in self.colours for c in colour])
        self.draw = ImageDraw.Draw(self.image)

    def ink(self, colour: tuple[int, int, int]) -> int:
        return self.index[colour]

    def text(self, xy, text: str, pen: _Pen, ink, base, anchor: str) -> None:
        """Draw ``text`` in ``ink`` over ``base`` (the colour already under it)."""
        mask = Image.new("L", (WIDTH, HEIGHT), 0)
        ImageDraw.Draw(mask).text(
            xy,
            text,
            font=pen.font,
            fill=255,
            anchor=anchor,
            stroke_fill=255,
            **pen.options(),
        )
        ramp = [self.index[base]] + [
            self.index[_blend(ink, base, step / _STEPS)]
            for step in range(1, _STEPS + 1)
        ]
        lut = [ramp[round(level * _STEPS / 255)] for level in range(256)]
        indices = Image.frombytes("P", mask.size, mask.point(lut).tobytes())
        self.image.paste(indices, (0, 0), mask.point(lambda v: 255 if v else 0))


def _airmail(canvas: _Canvas) -> None:
    """The envelope's red and blue stripes, slanted like the theme's header."""
    draw = canvas.draw
    draw.rectangle((0, 0, WIDTH, HEIGHT), fill=canvas.ink(SURFACE))
    period, band = 56, 20
    for x in range(0, WIDTH + HEIGHT + period, period):
        for offset, colour in ((0, ACCENT), (period // 2, LINK)):
            left = x + offset
            corners = [(left, 0), (left + band, 0)]
            corners += [(left + band - HEIGHT, HEIGHT), (left - HEIGHT, HEIGHT)]
            draw.polygon(corners, fill=canvas.ink(colour))
    draw.rectangle(
        (BORDER, BORDER, WIDTH - BORDER - 1, HEIGHT - BORDER - 1),
        fill=canvas.ink(BACKGROUND),
        outline=canvas.ink(LINE),
    )


def _stamp(canvas: _Canvas, card: ShareCard, font_path: str | None) -> None:
    """A perforated stamp bearing the site's initial."""
    draw = canvas.draw
    x0 = LEFT if card.direction == "rtl" else RIGHT - STAMP_W
    y0 = TOP
    draw.rectangle((x0, y0, x0 + STAMP_W, y0 + STAMP_H), fill=canvas.ink(CHIP))
    holes = [
        (x, y) for x in range(x0, x0 + STAMP_W + 1, 12) for y in (y0, y0 + STAMP_H)
    ]
    holes += [
        (x, y) for y in range(y0, y0 + STAMP_H + 1, 12) for x in (x0, x0 + STAMP_W)
    ]
    for x, y in holes:
        draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=canvas.ink(BACKGROUND))
    frame = (x0 + 12, y0 + 12, x0 + STAMP_W - 12, y0 + STAMP_H - 12)
    draw.rectangle(frame, outline=canvas.ink(ACCENT), width=3)
    initial = next((c for c in card.site_name if c.isalnum()), "")
    if initial:
        pen = _pen(card, font_path, 50, True)
        centre = (x0 + STAMP_W // 2, y0 + STAMP_H // 2)
        canvas.text(centre, initial.upper(), pen, ACCENT, CHIP, "mm")


def ink_box(
    line: TextLine, card: ShareCard, font_path: str | None = None
) -> tuple[int, int, int, int]:
    """The box (left, top, right, bottom) the ink of a placed line covers."""
    pen = _pen(card, font_path, line.size, line.bold)
    left, top, right, bottom = pen.font.getbbox(
        line.text, anchor="rs" if line.rtl else "ls", **pen.options()
    )
    return (line.x + left, line.y + top, line.x + right, line.y + bottom)


def render(card: ShareCard, font_path: str | None = None) -> Image.Image:
    """The card as a palette image."""
    canvas = _Canvas()
    _airmail(canvas)
    _stamp(canvas, card, font_path)
    for line in layout(card, font_path):
        pen = _pen(card, font_path, line.size, line.bold)
        anchor = "rs" if line.rtl else "ls"
        canvas.text((line.x, line.y), line.text, pen, line.colour, BACKGROUND, anchor)
    return canvas.image


def draw_share_image(card: ShareCard, font_path: str | None = None) -> bytes:
    """The card as a 1200×630 palette PNG; the same card always gives the same bytes."""
    out = io.BytesIO()
    # No tIME, text or pHYs chunks: nothing in the file depends on when it was made.
    render(card, font_path).save(out, format="PNG", optimize=True)
    return out.getvalue()


# --- many cards at once ----------------------------------------------------------


def _write(job: tuple[ShareCard, str | None, str]) -> str:
    card, font_path, path = job
    data = draw_share_image(card, font_path)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed: a build stopped half-way leaves no broken file
    # that the next build would take as drawn.
    partial_file = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    partial_file.write_bytes(data)
    os.replace(partial_file, target)
    return path


def draw_all(
    cards_and_paths: Iterable[tuple[ShareCard, str | os.PathLike[str]]],
    processes: int | None = None,
    *,
    font_path: str | None = None,
) -> list[Path]:
    """Draw each card to its path, skipping paths that already exist.

    ``processes`` is the size of the process pool (``None``: one per CPU); with
    one card, or ``processes=1``, the cards are drawn in this process.
    Returns the paths drawn, in the order given.
    """
    jobs = []
    seen = set()
    for card, path in cards_and_paths:
        key = os.fspath(path)
        if key in seen or os.path.exists(key):
            continue
        seen.add(key)
        jobs.append((card, font_path, key))
    if len(jobs) <= 1 or processes == 1:
        return [Path(_write(job)) for job in jobs]
    with ProcessPoolExecutor(max_workers=processes) as pool:
        return [Path(done) for done in pool.map(_write, jobs, chunksize=8)]

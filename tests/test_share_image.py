"""Share images: what is drawn, where, in which colours, and how it is stored."""

from __future__ import annotations

import io
import itertools
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from pelican.plugins.description_cards import share_image as si
from pelican.plugins.description_cards import share_pool, share_worker
from pelican.plugins.description_cards.share_image import ShareCard

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_dejavu = pytest.mark.skipif(
    not DEJAVU.is_file(), reason="fonts-dejavu-core is not installed"
)

PYCON = ShareCard(
    site_name="Notes from the Road",
    title="PyCon US",
    description="A Python Developer's Conference in Pittsburgh, PA",
    date_text="May 21, 2024",
)
SERIES = ShareCard(
    site_name="Notes from the Road",
    title="Europe, part 1: Planning the route and the visas",
    description="How we picked six cities for three months of remote work, "
    "and what the paperwork really took.",
    date_text="November 2, 2024",
    series_label="Part 1 of 3 · Europe Trip",
)
LONG = ShareCard(
    site_name="Notes from the Road",
    title="What I learned rewriting our deployment pipeline three times in one "
    "year, and why the third one finally stuck after all the trouble it took "
    "to get the whole team to agree on it",
    description="Containers, a build cache that lies, and the small shell script "
    "that replaced two hundred lines of YAML. Also: how we convinced the team to "
    "try again after the second attempt failed in production on a Friday.",
    date_text="March 3, 2025",
    series_label="Part 3 of 12 · Pipelines",
)


def png_chunks(data: bytes) -> list[bytes]:
    """The chunk types of a PNG file, in order."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    kinds, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kinds.append(data[at + 4 : at + 8])
        at += 12 + length
    return kinds


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_helper_matches_wcag_reference_values():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(
        4.54, abs=0.01
    )


# --- the file --------------------------------------------------------------------


@pytest.mark.parametrize("card", [PYCON, SERIES, LONG], ids=["pycon", "series", "long"])
def test_a_palette_png_of_1200_by_630_under_60_kb(card):
    data = si.draw_share_image(card)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (1200, 630)
    assert image.mode == "P"
    assert len(data) <= 60 * 1024


def test_the_same_card_gives_the_same_bytes_and_no_timestamp():
    first = si.draw_share_image(SERIES)
    assert si.draw_share_image(SERIES) == first
    chunks = png_chunks(first)
    assert b"tIME" not in chunks
    assert not {b"tEXt", b"zTXt", b"iTXt"} & set(chunks)


def test_every_text_colour_passes_wcag_aa_on_what_it_is_drawn_on():
    for role, (ink, base) in si.TEXT_COLOURS.items():
        assert contrast(ink, base) >= 4.5, role


def test_the_inks_survive_the_palette_exactly():
    image = Image.open(io.BytesIO(si.draw_share_image(SERIES))).convert("RGB")
    colours = {rgb for _, rgb in image.getcolors(maxcolors=256)}
    for role, (ink, base) in si.TEXT_COLOURS.items():
        assert ink in colours, role
        assert base in colours, role
    # The text block is drawn on the background colour.
    assert image.getpixel((si.LEFT - 20, si.HEIGHT // 2)) == si.BACKGROUND


def test_the_title_is_drawn_in_the_text_colour_where_the_layout_puts_it():
    image = Image.open(io.BytesIO(si.draw_share_image(PYCON))).convert("RGB")
    title = next(line for line in si.layout(PYCON) if line.text == "PyCon US")
    box = si.ink_box(title, PYCON)
    assert si.TEXT in {rgb for _, rgb in image.crop(box).getcolors(maxcolors=256)}


def idat(data: bytes) -> bytes:
    """The image data of a PNG file: its IDAT chunks joined."""
    parts, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        if data[at + 4 : at + 8] == b"IDAT":
            parts.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    return b"".join(parts)


@pytest.mark.parametrize("card", [PYCON, SERIES, LONG], ids=["pycon", "series", "long"])
def test_the_image_data_is_one_zlib_stream_of_the_rows_as_drawn(card):
    # zlib checks the Adler-32 sum the bands' sums are joined into.
    rows = zlib.decompress(idat(si.draw_share_image(card)))
    pixels = si.render(card).tobytes()
    assert rows == b"".join(
        b"\x00" + pixels[y * si.WIDTH : (y + 1) * si.WIDTH] for y in range(si.HEIGHT)
    )


def test_a_card_drawn_on_no_row_is_its_site_s_background():
    background = si.Drawer()._background(PYCON)
    plain = background.png(background.canvas.copy(), range(0))
    rows = zlib.decompress(idat(plain))
    assert rows == background.data
    assert background.png(background.canvas.copy(), range(-5, 10_000)) == plain


@given(first=st.binary(max_size=3000), second=st.binary(max_size=3000))
@example(first=b"\xff" * 5552, second=b"\xff" * 70000)  # sums past the modulus
@example(first=b"", second=b"")
def test_adler32_sums_are_joined_as_zlib_sums_the_whole(first, second):
    joined = si._adler32_join(zlib.adler32(first), zlib.adler32(second), len(second))
    assert joined == zlib.adler32(first + second)


def test_a_drawer_that_drew_other_cards_draws_the_same_bytes(monkeypatch):
    # Words are kept from card to card: what a worker drew before never shows.
    fresh = si.draw_share_image(SERIES)
    drawer = si.Drawer()
    for card in (LONG, PYCON, ShareCard("Notes from the Road", "Europe, the route")):
        drawer.draw(card)
    assert drawer.draw(SERIES) == fresh
    monkeypatch.setattr(si, "_INKS_KEPT", 1)  # every word dropped once drawn
    monkeypatch.setattr(si, "_ADVANCES_KEPT", 1)
    small = si.Drawer()
    small.draw(LONG)
    assert small.draw(SERIES) == fresh


def test_a_line_drawn_word_by_word_covers_what_it_covers_drawn_whole():
    drawer = si.Drawer()
    for size, bold in [(80, True), (si.DESCRIPTION_SIZE, False)]:
        pen = drawer.pen(SERIES, size, bold)
        text = "Europe, part 1: Planning the route"
        assert pen.words(text) is not None
        by_word, whole = pen.box(text, "ls"), pen.whole_box(text, "ls")
        assert all(abs(a - b) <= 2 for a, b in zip(by_word, whole, strict=True))
        whole_width = pen.font.getlength(text) + 2 * pen.stroke
        assert abs(pen.width(text) - whole_width) <= 1


def test_a_line_the_bidirectional_algorithm_may_reorder_is_laid_out_whole():
    pen = si.Drawer().pen(PYCON, 40, False)
    assert pen.words("A note on שלום עולם") is None
    assert pen.words("A note on \u2067x\u2069") is None  # an isolate
    rtl = si.Drawer().pen(ShareCard("S", "T", direction="rtl"), 40, False)
    assert rtl.words("Plain words") is None


# --- what is drawn where ---------------------------------------------------------


def texts(card, font_path=None):
    return [line.text for line in si.layout(card, font_path)]


def assert_inside_and_apart(card, font_path=None):
    """Every line's ink is inside the card's margins and no two lines overlap."""
    boxes = [si.ink_box(line, card, font_path) for line in si.layout(card, font_path)]
    for box in boxes:
        left, top, right, bottom = box
        # A glyph may overhang its line's start (the hook of a "j") but stays
        # well clear of the stripes.
        assert left >= si.BORDER + 40 and right <= si.WIDTH - si.BORDER - 40, box
        assert top > si.BORDER and bottom < si.HEIGHT - si.BORDER, (top, bottom)
    ordered = sorted(boxes, key=lambda box: box[1])
    for above, below in itertools.pairwise(ordered):
        assert above[3] <= below[1], (above, below)


def test_every_piece_of_the_card_is_drawn():
    assert texts(SERIES) == [
        "Notes from the Road",
        "Part 1 of 3 · Europe Trip",
        "Europe, part 1: Planning the route",
        "and the visas",
        "How we picked six cities for three months of remote work, and what the",
        "paperwork really took.",
        "November 2, 2024",
    ]


def test_a_short_title_is_drawn_large():
    title = next(line for line in si.layout(PYCON) if line.text == "PyCon US")
    assert title.size == si.TITLE_SIZES[0]


def test_a_long_title_shrinks_then_is_cut_at_a_word():
    lines = [line for line in si.layout(LONG) if line.colour == si.TEXT][1:]
    assert len(lines) == si.TITLE_MAX_LINES
    assert {line.size for line in lines} == {si.TITLE_SIZES[-1]}
    assert lines[-1].text.endswith("…")
    shown = " ".join(line.text for line in lines).removesuffix("…").split()
    assert LONG.title.split()[: len(shown)] == shown
    assert_inside_and_apart(LONG)


def test_a_long_description_is_cut_at_a_word_with_an_ellipsis():
    lines = [line.text for line in si.layout(LONG) if line.colour == si.MUTED][:-1]
    assert lines, "the description keeps at least one line"
    assert lines[-1].endswith("…")
    shown = " ".join(lines).removesuffix("…").split()
    words = LONG.description.split()
    # Cut at a word: every word shown is whole (trailing punctuation aside).
    assert words[: len(shown) - 1] == shown[:-1]
    assert words[len(shown) - 1].startswith(shown[-1])
    assert words[len(shown) - 1].rstrip(",;:") == shown[-1].rstrip(",;:")


def test_a_word_wider_than_the_card_is_broken_not_clipped():
    card = ShareCard("Site", "Donaudampfschifffahrtsgesellschaftskapitän" * 2)
    assert_inside_and_apart(card)
    assert len(texts(card)) >= 3


def test_missing_pieces_are_left_out():
    card = ShareCard("Site", "Only a title")
    assert texts(card) == ["Site", "Only a title"]
    assert_inside_and_apart(card)


def test_a_direction_other_than_ltr_or_rtl_is_refused():
    with pytest.raises(ValueError, match="direction"):
        ShareCard("Site", "Title", direction="up")


words = st.text(
    alphabet=st.characters(codec="ascii", categories=("L", "N", "P")),
    min_size=1,
    max_size=30,
)
sentences = st.lists(words, max_size=40).map(" ".join)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(title=sentences.filter(str.strip), description=sentences, series=sentences)
@example(title="W" * 200, description="M" * 300, series="Part 1 of 2 · " + "X" * 90)
@example(title="a " * 150, description="", series="")
def test_any_text_stays_inside_the_card(title, description, series):
    card = ShareCard("Notes from the Road", title, description, "May 1, 2024", series)
    assert_inside_and_apart(card)


# --- scripts and fonts -----------------------------------------------------------


def test_the_default_font_reports_the_glyphs_it_lacks():
    assert si.missing_glyphs("PyCon US, Pittsburgh") == set()
    assert si.missing_glyphs("Ωμέγα и ok") >= {"Ω", "μ", "и"}
    # Spaces and invisible format characters are never "missing".
    assert si.missing_glyphs("a\u00a0b\u200dc\n") == set()


@needs_dejavu
def test_a_font_with_greek_and_cyrillic_lacks_nothing():
    text = "Ένα ταξίδι στην Αθήνα · Заметки с дороги"
    assert si.missing_glyphs(text) != set()
    assert si.missing_glyphs(text, str(DEJAVU)) == set()


@needs_dejavu
@pytest.mark.parametrize(
    "title",
    [
        "Ένα ταξίδι στην Αθήνα: καφές, κώδικας και Ακρόπολη",
        "Питон в Москве: Йошкар-Ола",
    ],
)
def test_greek_and_cyrillic_titles_fit(title):
    card = ShareCard("Σημειώσεις", title, "Περιγραφή", "12 Μαΐου 2024", lang="el")
    assert_inside_and_apart(card, str(DEJAVU))
    assert si.draw_share_image(card, str(DEJAVU))


@needs_dejavu
def test_right_to_left_lines_start_at_the_right_margin():
    card = ShareCard(
        "הערות מהדרך",
        "כנס פייתון בתל אביב",
        "יומיים של הרצאות",
        lang="he",
        direction="rtl",
    )
    lines = si.layout(card, str(DEJAVU))
    assert all(line.rtl and line.x == si.RIGHT for line in lines)
    assert_inside_and_apart(card, str(DEJAVU))
    if si.rtl_supported():
        # Laid out right to left, the title's first letter (כ) is its rightmost.
        first = si.load_font(str(DEJAVU), 80).getbbox("כ", direction="rtl")
        whole = si.load_font(str(DEJAVU), 80).getbbox(card.title, direction="rtl")
        assert whole[2] - whole[0] > first[2] - first[0]


# --- names and drawing many ------------------------------------------------------


def test_the_name_changes_with_anything_drawn_and_only_then():
    name = si.share_image_name(PYCON)
    assert name == si.share_image_name(ShareCard(**vars(PYCON)))
    assert name.startswith("share-")
    assert name.endswith(".png")
    changed = [
        ShareCard(**{**vars(PYCON), field: value})
        for field, value in [
            ("title", "PyCon US 2024"),
            ("description", "Elsewhere"),
            ("site_name", "Other"),
            ("date_text", "May 22, 2024"),
            ("series_label", "Part 1 of 2 · Trips"),
            ("lang", "fr"),
            ("direction", "rtl"),
        ]
    ]
    names = {si.share_image_name(card) for card in changed}
    assert name not in names
    assert len(names) == len(changed)


def test_the_name_changes_with_the_font_and_the_drawing_version(monkeypatch, tmp_path):
    name = si.share_image_name(PYCON)
    font = tmp_path / "font.ttf"
    font.write_bytes(b"one font")
    with_font = si.share_image_name(PYCON, str(font))
    assert with_font != name
    font.write_bytes(b"another font at the same path")
    assert si.share_image_name(PYCON, str(font)) != with_font
    monkeypatch.setattr(si, "DRAWING_VERSION", si.DRAWING_VERSION + 1)
    assert si.share_image_name(PYCON) != name


def test_draw_all_draws_what_is_missing_and_skips_what_exists(tmp_path):
    existing = tmp_path / "images" / "old.png"
    existing.parent.mkdir()
    existing.write_bytes(b"kept")
    jobs = [
        (PYCON, tmp_path / "images" / "a.png"),
        (SERIES, tmp_path / "images" / "nested" / "b.png"),
        (LONG, existing),
        (PYCON, tmp_path / "images" / "a.png"),  # the same file twice: drawn once
    ]
    drawn = share_pool.draw_all(jobs, processes=2)
    assert drawn == [tmp_path / "images" / "a.png", tmp_path / "images/nested/b.png"]
    assert existing.read_bytes() == b"kept"
    assert (tmp_path / "images" / "a.png").read_bytes() == si.draw_share_image(PYCON)
    assert Image.open(tmp_path / "images/nested/b.png").size == (1200, 630)
    assert not list(tmp_path.rglob("*.tmp"))
    assert share_pool.draw_all(jobs) == []


def test_many_cards_are_drawn_by_worker_processes_with_the_same_bytes(tmp_path):
    cards = [
        ShareCard("Notes from the Road", f"Post number {n}", "A description.", "May 1")
        for n in range(10)
    ]
    jobs = [(card, tmp_path / f"{n}.png") for n, card in enumerate(cards)]
    drawing = share_pool.start_drawing(jobs, processes=2)
    assert drawing.in_parallel  # drawn by other processes, not this one
    assert drawing.wait() == [path for _, path in jobs]
    for card, path in jobs:
        assert path.read_bytes() == si.draw_share_image(card)
    assert share_pool.start_drawing(jobs, processes=2).wait() == []


def test_this_process_draws_what_no_worker_has_taken_when_it_waits(
    tmp_path, monkeypatch
):
    here = []
    write = share_pool.write_image

    def counted(drawer, card, path, folders):
        here.append(path)
        return write(drawer, card, path, folders)

    monkeypatch.setattr(share_pool, "write_image", counted)
    cards = [ShareCard("Site", f"Card {n}", "Words.", "May 1") for n in range(60)]
    jobs = [(card, tmp_path / f"{n}.png") for n, card in enumerate(cards)]
    # The worker holds two batches at most while it starts: the rest is here.
    drawing = share_pool.start_drawing(jobs, processes=1)
    assert drawing.in_parallel
    assert drawing.wait() == [path for _, path in jobs]
    assert 0 < len(here) < len(jobs)
    for card, path in jobs:
        assert path.read_bytes() == si.draw_share_image(card)


def test_no_worker_is_started_for_a_few_cards_or_none_asked_for(tmp_path):
    few = [(PYCON, tmp_path / f"{n}.png") for n in range(share_pool._POOL_FROM - 1)]
    assert not share_pool.start_drawing(few, processes=4).in_parallel
    many = [(PYCON, tmp_path / f"m{n}.png") for n in range(20)]
    drawing = share_pool.start_drawing(many, processes=0)
    assert not drawing.in_parallel
    assert len(drawing.wait()) == 20


def test_a_worker_draws_its_batches_and_asks_for_more_after_each(tmp_path):
    paths = [str(tmp_path / f"{n}.png") for n in range(3)]
    lines = [
        share_worker.start_line(None),
        share_worker.job_line(PYCON.fields, paths[0]),
        share_worker.job_line(SERIES.fields, paths[1]),
        share_worker.BATCH_END,
        share_worker.job_line(LONG.fields, paths[2]),
        share_worker.BATCH_END,
    ]
    out = io.BytesIO()
    assert share_worker.draw_batches(si, lines, out) == 3
    assert out.getvalue() == share_worker.NEXT * 2
    assert Path(paths[2]).read_bytes() == si.draw_share_image(LONG)


def test_a_worker_that_fails_says_why(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where a folder is needed")
    jobs = [(PYCON, blocked / f"{n}.png") for n in range(10)]
    drawing = share_pool.start_drawing(jobs, processes=2)
    with pytest.raises(RuntimeError, match=r"NotADirectoryError|FileExistsError"):
        drawing.wait()

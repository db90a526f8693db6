"""A drawing process: ``python share_worker.py`` draws share images to their
files as ``share_pool.Drawing`` hands them to it, one process per core.

What goes through its pipes, a line each, in UTF-8:

- stdin: the font first (``start_line``), then the cards in batches: a card
  and its path a line (``job_line``), a batch ended by an empty line;
- stdout: ``next`` once a batch is drawn, so that the next one is sent while
  it draws the one already waiting (it holds two batches at most).

At the end of stdin it draws what it was given and exits; a failure exits 1
with its traceback on stderr.

Run as a script, it loads ``share_image.py`` from beside it by path: that module
needs only Pillow and the standard library, so a worker starts without importing
Pelican (a quarter of a second less per worker).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import BinaryIO

NEXT = b"next\n"  # a batch is drawn
BATCH_END = b"\n"


def start_line(font_path: str | None) -> bytes:
    """The first line a drawing process reads: the font it draws in."""
    return json.dumps({"font_path": font_path}).encode("utf-8") + b"\n"


def job_line(fields: Sequence[str], path: str) -> bytes:
    """One card's line: its fields (``ShareCard.fields``) and the file to draw."""
    return json.dumps([list(fields), path], ensure_ascii=False).encode("utf-8") + b"\n"


def load_share_image() -> ModuleType:
    """``share_image.py`` of this folder, imported on its own."""
    path = Path(__file__).resolve().with_name("share_image.py")
    spec = importlib.util.spec_from_file_location("postcard_share_image", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def draw_batches(share_image: ModuleType, lines: Iterable[bytes], out: BinaryIO) -> int:
    """Draw the cards of ``lines`` (the protocol above), saying ``next`` on
    ``out`` after each batch; how many were drawn."""
    lines = iter(lines)
    font_path = json.loads(next(lines, b"{}") or b"{}").get("font_path")
    drawer = share_image.Drawer(font_path)
    drawn, folders = 0, set()
    for line in lines:
        if line == BATCH_END:
            out.write(NEXT)
            with contextlib.suppress(BrokenPipeError):
                out.flush()
            continue
        fields, path = json.loads(line)
        share_image.write_image(drawer, share_image.ShareCard(*fields), path, folders)
        drawn += 1
    return drawn


def main() -> int:
    """Draw every card given on stdin."""
    share_image = load_share_image()
    draw_batches(share_image, sys.stdin.buffer, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    # This folder is first on sys.path when run as a script: its modules must
    # not shadow what Pillow imports.
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [entry for entry in sys.path if str(Path(entry).resolve()) != here]
    sys.exit(main())

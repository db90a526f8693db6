"""A drawing process: ``python share_worker.py`` reads share image jobs as JSON
on stdin (``share_image.jobs_to_json``) and draws each card to its path;
``share_image.Drawing`` starts one per core.

Run as a script, it loads ``share_image.py`` from beside it by path: that module
needs only Pillow and the standard library, so a worker starts without importing
Pelican (a quarter of a second less per worker).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def load_share_image() -> ModuleType:
    """``share_image.py`` of this folder, imported on its own."""
    path = Path(__file__).resolve().with_name("share_image.py")
    spec = importlib.util.spec_from_file_location("postcard_share_image", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> int:
    """Draw every job given on stdin; a failure exits 1 with its traceback."""
    share_image = load_share_image()
    share_image.draw_jobs_json(sys.stdin.buffer.read().decode("utf-8"))
    return 0


if __name__ == "__main__":
    # This folder is first on sys.path when run as a script: its modules must
    # not shadow what Pillow imports.
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [entry for entry in sys.path if str(Path(entry).resolve()) != here]
    sys.exit(main())

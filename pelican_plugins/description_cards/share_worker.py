"""A drawing process: ``python -m pelican.plugins.description_cards.share_worker``
reads share image jobs as JSON on stdin (``share_image.jobs_to_json``) and draws
each card to its path. ``share_image.Drawing`` starts one per core."""

from __future__ import annotations

import sys

from pelican.plugins.description_cards.share_image import draw_jobs_json


def main() -> int:
    """Draw every job given on stdin; a failure exits 1 with its traceback."""
    draw_jobs_json(sys.stdin.buffer.read().decode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

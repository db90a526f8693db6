"""pelican-postcard: the bundle plugin.

``PLUGINS = ["postcard"]`` enables every plugin of the bundle; ``THEME`` is the
absolute path of the bundled Postcard theme.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from pelican import signals

from .theme_filters import add_theme_filters

# output_guard first: it settles output paths before the others act at the same
# signals (the sitemap, written at all_generators_finalized, lists what is kept).
# Registration order is signal order: jekyll settles its own URL clashes as
# Jekyll does before output_guard settles whatever is left.
BUNDLED_PLUGINS: tuple[str, ...] = (
    "front_matter",
    "jekyll",
    "output_guard",
    "description_cards",
    "post_series",
    "tag_summaries",
    "sitemap_xml",
)


def _theme_path() -> str:
    # The theme is installed as data beside this package; an editable install maps
    # the same name onto the repository's theme/ folder.
    spec = importlib.util.find_spec(f"{__name__}.theme")
    if spec is not None and spec.submodule_search_locations:
        return str(Path(next(iter(spec.submodule_search_locations))).resolve())
    return str(Path(__file__).resolve().parents[2] / "theme")


THEME: str = _theme_path()


def register() -> None:
    """Register every plugin of the bundle (each registration is idempotent)."""
    for name in BUNDLED_PLUGINS:
        module = importlib.import_module(f"pelican.plugins.{name}")
        module.register()
    signals.generator_init.connect(add_theme_filters)

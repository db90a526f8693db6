"""The jekyll plugin's settings and their defaults, in one place.

``JEKYLL_SITE`` builds a whole Jekyll site (``JEKYLL_CONFIG`` names its config
files); ``JEKYLL_FILE_NAMES``, ``JEKYLL_SPACE_SEPARATED_TAGS`` and
``JEKYLL_LIQUID`` are how single posts are read; ``JEKYLL_REDIRECTS`` and
``JEKYLL_REDIRECTS_JSON`` are jekyll-redirect-from's pages and its
``redirects.json`` (a Jekyll site has them when it used that plugin).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DEFAULTS: Mapping[str, Any] = {
    "JEKYLL_SPACE_SEPARATED_TAGS": False,
    "JEKYLL_FILE_NAMES": True,
    "JEKYLL_LIQUID": True,
    "JEKYLL_SITE": None,
    "JEKYLL_CONFIG": (),
    "JEKYLL_REDIRECTS": True,
    "JEKYLL_REDIRECTS_JSON": True,
    "JEKYLL_KRAMDOWN": False,
    "JEKYLL_EXCERPT_SEPARATOR": "<!--more-->",
}
# Settings of the first release, read for one more release.
RENAMED_SETTINGS: Mapping[str, str] = {
    "FRONT_MATTER_SPACE_SEPARATED_TAGS": "JEKYLL_SPACE_SEPARATED_TAGS",
    "FRONT_MATTER_JEKYLL_FILE_NAMES": "JEKYLL_FILE_NAMES",
    "FRONT_MATTER_LIQUID": "JEKYLL_LIQUID",
}

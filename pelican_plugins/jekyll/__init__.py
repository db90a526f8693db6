"""jekyll: Jekyll's conventions for Pelican.

What Jekyll's front matter fields and file names mean, its permalinks and the
Liquid in post bodies. Being filled in from front_matter.
"""

from __future__ import annotations


def register() -> None:
    """Connect this plugin to Pelican's signals."""

"""The Liquid in Jekyll post and page bodies, rendered as Jekyll 4.3 does.

One :class:`JekyllLiquid` per build holds the site; :meth:`JekyllLiquid.render`
renders one body. Nothing here imports Pelican's content classes: the adapter
passes plain data.

Shapes of the variables (plain mappings and lists):

- ``site``: every ``_config.yml`` key, and ``time`` (datetime), ``posts`` (page
  mappings, newest first), ``pages``, ``tags`` and ``categories`` (name -> list
  of posts), ``static_files``, ``data`` (see :func:`load_data`), ``url`` and
  ``baseurl`` (text), ``timezone`` (optional IANA name).
- ``page``: its front matter plus ``url``, ``date`` (datetime), ``title``,
  ``id``, ``categories`` and ``tags`` (lists), ``path`` (source path relative to
  the site), ``slug``, ``excerpt`` and ``content``.
- ``jekyll.environment`` is ``"production"`` unless given; ``paginator`` is absent.
"""

from __future__ import annotations

from .data import data_key, load_data
from .limits import Limits
from .render import JekyllLiquid, Rendered

__all__ = ["JekyllLiquid", "Limits", "Rendered", "data_key", "load_data"]

"""kramdown for Python-Markdown: the profile's extension (``extension.py``) and how
a build installs it (``profile.py``).

``pelican.plugins.jekyll.kramdown`` is the extension's name in ``MARKDOWN``
(``extension_configs`` options go under it): Python-Markdown calls
:func:`makeExtension` here.
"""

from .extension import makeExtension

__all__ = ["makeExtension"]

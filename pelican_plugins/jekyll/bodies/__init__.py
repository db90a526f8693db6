"""Liquid in bodies: the header hook's step (``hook``), one renderer per build
(``renderer``), and what a site gives Liquid (``liquid_site``: the interface;
``pelican_site``: an ordinary Pelican site; ``jekyll_site``: a ``JEKYLL_SITE``
site; ``post_links``: ``post_url`` in a Pelican site). The engine itself is
``jekyll.liquid``."""

"""A whole Jekyll site built through ``JEKYLL_SITE``.

The model: ``config`` (``_config.yml``), ``files`` (what is a post, page or
static file), ``defaults`` (front matter defaults), ``model`` (``JekyllSite``,
read once per build), ``documents`` (one file as Jekyll reads it), ``outputs``
(where Jekyll writes), ``contract`` (where the site is, and the settings it
implies), ``build_log`` (the build's messages), ``content_cache`` (when
Pelican's cache holds) and ``template_cache``. The adapter: ``handlers`` (the
signal handlers ``register()`` connects)."""

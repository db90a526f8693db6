"""jekyll-redirect-from: its rules for old paths and targets (``model``) and the
generator that writes the redirect pages (``pages``, with ``templates/``)."""

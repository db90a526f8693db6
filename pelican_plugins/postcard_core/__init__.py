"""postcard_core: what more than one plugin of the bundle uses.

Not a plugin: it has no ``register()`` and nothing to enable. Its one job is to
be the floor every plugin stands on:

- ``document``, ``yaml_lines``: a YAML header read into a ``Document``, with the
  line and column of every key and item;
- ``reading``: what a header reader hands to plugins that give a header more
  meaning (``HeaderReading``);
- ``problems``: ``Problem``, and the one way a message names ``file:LINE:COL``;
- ``text``, ``settings``: rules about text, and reading a plugin's settings;
- ``attached``: the values plugins attach to Pelican's objects, read in one place;
- ``outputs``: the files a plugin will write, declared before writing starts;
- ``definitions``, ``content_lists``, ``plugin_templates``: definition files,
  where Pelican keeps content, and each plugin's templates as a fallback.

Dependencies run one way: the core imports no plugin; every plugin imports only
the core.
"""

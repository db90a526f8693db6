"""postcard_core: what more than one plugin of the bundle uses.

Not a plugin: it has no ``register()`` and nothing to enable. Reading a YAML
header into a ``Document`` (``document``), definition files (``definitions``),
where Pelican keeps content (``content_lists``), the template fallback
(``plugin_templates``), problems and how they are logged (``problems``), rules
about text (``text``), settings (``settings``) and the values plugins attach to
Pelican's objects (``attached``). Dependencies run one way: the core imports no
plugin; every plugin imports only the core.
"""

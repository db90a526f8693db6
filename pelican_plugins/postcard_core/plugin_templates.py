"""Make a plugin's own Jinja partials available to every theme."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import FileSystemLoader


def add_template_fallback(generator, folder: str | Path) -> None:
    """Append ``folder`` as the last place ``generator``'s Jinja loader looks.

    Appending (never prepending) lets a theme override a partial by shipping a
    file of the same name.
    """
    env = getattr(generator, "env", None)
    loader = env.loader if env is not None else None
    if loader is None or not hasattr(loader, "loaders"):
        return
    folder = str(folder)
    already = any(
        isinstance(existing, FileSystemLoader) and folder in existing.searchpath
        for existing in loader.loaders
    )
    if not already:
        loader.loaders.append(FileSystemLoader(folder))


def template_fallback(plugin_file: str) -> Callable[[object], None]:
    """Return a ``generator_init`` receiver adding the plugin's ``templates/`` folder.

    ``plugin_file`` is the plugin's ``__file__``. Bind the result to a module-level
    name and connect that, so registering twice connects it once.
    """
    folder = Path(plugin_file).resolve().parent / "templates"

    def add_plugin_templates(generator) -> None:
        add_template_fallback(generator, folder)

    return add_plugin_templates

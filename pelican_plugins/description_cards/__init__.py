"""description_cards: Pelican adapter (feature work in progress)."""

from __future__ import annotations

from pelican import signals
from pelican.plugins.postcard.plugin_templates import template_fallback

add_plugin_templates = template_fallback(__file__)


def register() -> None:
    """Connect this plugin to Pelican's signals."""
    signals.generator_init.connect(add_plugin_templates)

"""Reading a plugin's settings, with defaults and renamed settings."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

logger = logging.getLogger(__name__)


def setting(settings: Mapping[str, Any], name: str, defaults: Mapping[str, Any]) -> Any:
    """``settings[name]``, or the plugin's default for it."""
    return settings.get(name, defaults[name])


def adopt_renamed_settings(
    settings: dict[str, Any], renamed: Mapping[str, str]
) -> None:
    """Carry each old setting name in ``renamed`` (old -> new) over to its new name.

    A site that still sets the old name gets one deprecation warning naming the
    new one; a site that sets both keeps the new one.
    """
    for old, new in renamed.items():
        if old not in settings:
            continue
        logger.warning(
            "%s is deprecated and will be removed in the next release; set %s instead",
            old,
            new,
        )
        settings.setdefault(new, settings[old])


def count_setting(
    settings: Mapping[str, Any], name: str, defaults: Mapping[str, Any]
) -> int:
    """A setting that counts something: a whole number, 0 or more. Anything
    else is one ERROR naming the setting, and the default is used."""
    value = setting(settings, name, defaults)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        logger.error("%s: must be a whole number, 0 or more, not %r", name, value)
        return defaults[name]
    return value

"""Jekyll's slugify (a stand-in with Jekyll's default and raw modes)."""

from __future__ import annotations

import re


def slugify(text: str, mode: str = "default", cased: bool = False) -> str:
    """``text`` as a slug, as Jekyll's Utils.slugify makes one."""
    if mode == "none":
        return text
    pattern = {"raw": r"\s+", "pretty": r"[^\w\-.~!$&'()+,;=@]+"}.get(mode, r"[^\w\-]+")
    slug = re.sub(pattern, "-", text).strip("-")
    return slug if cased else slug.lower()

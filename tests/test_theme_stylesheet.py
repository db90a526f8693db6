"""The Postcard stylesheet has no dead rules: every class it styles is printed by
a template of the theme or of a plugin."""

from __future__ import annotations

import re

from sitebuilder import REPO

CSS = REPO / "theme" / "static" / "css" / "postcard.css"
TEMPLATE_DIRS = (REPO / "theme" / "templates", REPO / "pelican_plugins")


def styled_classes(css: str) -> set[str]:
    """The classes the stylesheet's selectors name, but Pygments' token classes
    (``pre .k``), which Markdown's highlighter prints, not a template."""
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    found: set[str] = set()
    for group in re.findall(r"([^{}]+)\{", body):
        for selector in re.split(r",(?![^()]*\))", group):  # not inside :is()
            if not selector.strip().startswith("pre "):
                found.update(re.findall(r"\.(-?[A-Za-z_][\w-]*)", selector))
    return found


def printed(name: str, templates: str) -> bool:
    """Whether a template prints class ``name``, whole or as ``prefix-{{ n }}``."""
    if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", templates):
        return True
    prefixes = (name[: i + 1] for i, char in enumerate(name) if char == "-")
    return any(prefix + "{{" in templates for prefix in prefixes)


def test_every_styled_class_is_printed_by_a_template() -> None:
    templates = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in TEMPLATE_DIRS
        for path in sorted(folder.rglob("*.html"))
    )
    classes = styled_classes(CSS.read_text(encoding="utf-8"))
    assert {"series-pager", "tag-weight-3", "card__title"} <= classes
    assert sorted(name for name in classes if not printed(name, templates)) == []


def test_the_check_sees_a_dead_rule() -> None:
    css = ".kept, .gone:hover { x: 1 } pre :is(.k, .c) { y: 2 } .w-3 { z: 3 } /* .x */"
    assert styled_classes(css) == {"kept", "gone", "w-3"}
    templates = '<p class="kept"></p><b class="w-{{ n }}"></b>'
    assert [n for n in sorted(styled_classes(css)) if not printed(n, templates)] == [
        "gone"
    ]

"""A site's own Liquid tags, written as plain functions.

``function_tag("name", function)`` makes a tag ``{% name some markup %}`` that
prints ``function(markup, page)``: the markup is the text after the tag's name
with any Liquid in it rendered, ``page`` the page being rendered. What the
function returns is printed as it is (escape what it prints); what it raises is
one problem at the tag, which is then kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from liquid.exceptions import LiquidError

from .tags import _InlineNode, _InlineTag, _owner

if TYPE_CHECKING:
    from liquid import RenderContext

TagFunction = Callable[[str, Mapping[str, Any]], Any]

_NAME = re.compile(r"[A-Za-z_][\w-]*")


def function_tag(name: str, function: TagFunction) -> type[_InlineTag]:
    """A tag class named ``name`` that prints what ``function`` returns."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not a Liquid tag name")

    def output(self: _InlineTag, node: _InlineNode, context: RenderContext) -> str:
        markup = _owner(context).render_fragment(node.markup, context)
        page = context.resolve("page", default={})
        try:
            printed = function(
                markup.strip(), page if isinstance(page, Mapping) else {}
            )
        except LiquidError:
            raise
        except Exception as err:  # the site's code: report it at the tag
            raise LiquidError(
                f"{name}: {type(err).__name__}: {err}", token=node.token
            ) from err
        return "" if printed is None else str(printed)

    return type(
        f"FunctionTag_{name}",
        (_InlineTag,),
        {"name": name, "output": output, "__doc__": f"``{{% {name} %}}``."},
    )

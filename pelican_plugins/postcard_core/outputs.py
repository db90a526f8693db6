"""What a build will write, declared before anything is written.

Pelican finds out that two things write one file only when it writes the second
(and stops the build, or silently keeps one). A plugin that writes files of its
own declares them here, so that ``output_guard`` can see every output path at
``all_generators_finalized`` and settle each clash before writing starts:

- a generator gives a method ``planned_outputs()`` that returns what its
  ``generate_output`` will write: ``(save_as, what)`` pairs or
  :class:`PlannedOutput` values (``what`` names the file in messages, such as
  ``"the page of series 'Trip'"``);
- anything else that writes (a signal handler) registers a planner with
  :func:`add_planner` at ``generator_init``.

Both are asked at ``all_generators_finalized``; planners are asked once before
too, at ``article_generator_pretaxonomy``, and give what they know by then.

A planned output normally wins over a content file's ``save_as`` (the content
file gets the error). One that ``yields`` gives way to any other file at its
path, a redirect page or a ``robots.txt`` say: before writing it, the plugin asks
:func:`is_refused`. When a yielding output names the ``source`` file that asked
for it, output_guard logs the error naming both files; otherwise the plugin says
what it does instead.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

PLANNERS_KEY = "postcard_output_planners"
"""Context key: planner name to planner (see :func:`add_planner`)."""
REFUSED_KEY = "postcard_refused_outputs"
"""Context key: the set of yielding outputs another file took the place of."""


@dataclass(frozen=True)
class PlannedOutput:
    """One file a plugin will write, below the output folder.

    ``source`` and ``line`` name the content file (and its line) that asked for
    the output, when one did.
    """

    save_as: str
    what: str
    source: str = ""
    line: int = 0
    yields: bool = False


Planner = Callable[[], Iterable["PlannedOutput | tuple[str, str]"]]


def normalise_save_as(save_as: str) -> str:
    """``save_as`` as the file system sees it: ``a/./b//c.html`` is ``a/b/c.html``.

    Paths stay case-sensitive, as on POSIX file systems; ``""`` means nothing
    is written.
    """
    if not save_as:
        return ""
    path = posixpath.normpath(str(save_as).replace(os.sep, "/"))
    return "" if path == "." else path


def as_planned(item: PlannedOutput | tuple[str, str]) -> PlannedOutput:
    """A planner's item as a :class:`PlannedOutput` (pairs are accepted)."""
    if isinstance(item, PlannedOutput):
        return item
    save_as, what = item
    return PlannedOutput(str(save_as), str(what))


def add_planner(context: MutableMapping[str, Any], name: str, planner: Planner) -> None:
    """Register ``planner`` under ``name`` (once per name; the last one counts)."""
    context.setdefault(PLANNERS_KEY, {})[name] = planner


def planned_outputs(
    generators: Iterable[Any], context: Mapping[str, Any]
) -> Iterator[PlannedOutput]:
    """Every output declared by a generator's ``planned_outputs()`` or a planner."""
    for generator in generators:
        method = getattr(generator, "planned_outputs", None)
        if callable(method):
            yield from (as_planned(item) for item in method())
    for planner in (context.get(PLANNERS_KEY) or {}).values():
        yield from (as_planned(item) for item in planner())


def refuse(context: MutableMapping[str, Any], save_as: str) -> None:
    """Mark a yielding output as taken by another file (output_guard calls this)."""
    context.setdefault(REFUSED_KEY, set()).add(normalise_save_as(save_as))


def is_refused(context: Mapping[str, Any], save_as: str) -> bool:
    """Whether a yielding output must not be written: another file has its path."""
    return normalise_save_as(save_as) in (context.get(REFUSED_KEY) or ())

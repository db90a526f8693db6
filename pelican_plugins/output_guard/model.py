"""Who writes which file: plain data and pure functions, no Pelican.

A :class:`Claim` is one thing the build will write at one path: a generated page
(a feed, the home page, a tag page, a series page, the sitemap), a content
file's output, or a yielding output (a redirect page) that gives way to any
other. :func:`find_collisions` settles every path in one pass over the claims,
best first, with two dicts: generated pages before content, content in
Pelican's order, yielding outputs last. A path that one claim writes as a file
while another needs it as a folder is a collision too (the file system cannot
hold both).
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum

from pelican.plugins.postcard_core.problems import Problem


class Kind(IntEnum):
    """What a claim is; the lower wins a path."""

    GENERATED = 0
    CONTENT = 1
    YIELDING = 2


# The header key that gave a content file its path, in words for messages.
VIA: dict[str, str] = {
    "save_as": "its save_as",
    "permalink": "its permalink",
    "url": "its url",
    "slug": "its slug",
    "title": "its slug, from its title",
}


@dataclass(frozen=True)
class Claim:
    """One file the build will write at ``path`` (normalised, below the output).

    ``order`` ranks claims of one kind (Pelican's order: the lower is first);
    ``source`` is the content file that asked for the output, when one did;
    ``what`` names a generated or yielding output in words; ``via`` is the
    header key that gave the path and ``line`` its line; ``handle`` lets the
    adapter find the object again.
    """

    path: str
    kind: Kind
    order: int = 0
    source: str = ""
    what: str = ""
    line: int = 0
    via: str = ""
    handle: int = 0

    @property
    def rank(self) -> tuple[int, int]:
        """The sort key: the lower claim keeps the path."""
        return (int(self.kind), self.order)

    def described(self) -> str:
        """The claim in words: what it is, else its file."""
        return self.what or self.source or self.path


@dataclass(frozen=True)
class Collision:
    """``lost`` would write where ``kept`` writes; ``lost`` is not written.

    ``folder`` is set when the clash is between a file and a folder: it is the
    path one writes as a file while the other writes inside it.
    """

    kept: Claim
    lost: Claim
    folder: str = ""

    def problem(self) -> Problem | None:
        """The message about the lost claim's file, or None when no file asked
        for it (a generated page, or a yielding output its plugin reports)."""
        lost = self.lost
        if not lost.source or lost.kind is Kind.GENERATED:
            return None
        subject = "writes" if lost.kind is Kind.CONTENT else f"{lost.what} writes"
        via = f" ({VIA[lost.via]})" if lost.via in VIA else ""
        return Problem(
            lost.line,
            1 if lost.line else 0,
            f"{subject} {lost.path}{via}, {self._other()}; not written",
            logging.ERROR,
        )

    def _other(self) -> str:
        kept = self.kept
        is_file = kept.kind is not Kind.GENERATED and bool(kept.source)
        owner = kept.source if is_file else kept.what or kept.source
        if not self.folder:
            return f"which {owner} writes too" if is_file else f"which is {owner}"
        if self.folder == self.lost.path:  # kept writes inside lost's path
            which = f"which {owner} writes" if is_file else f"which is {owner}"
            return f"the folder of {kept.path}, {which}"
        made = f"a file {owner} writes" if is_file else f"{owner}, a file"
        return f"inside {self.folder}, {made}"

    def settings_clash(self) -> str | None:
        """The message about two generated pages at one path, else None."""
        if self.lost.kind is not Kind.GENERATED:
            return None
        path = self.folder or self.lost.path
        return (
            f"{path}: both {self.lost.described()} and {self.kept.described()} "
            "write this file; change the setting (or the name) that gives one of "
            "them this path"
        )


def parents(path: str) -> Iterator[str]:
    """The folders ``path`` is written in: ``a/b/c.html`` gives ``a/b``, ``a``."""
    folder = posixpath.dirname(path)
    while folder and folder not in ("/", "."):
        yield folder
        folder = posixpath.dirname(folder)


def find_collisions(claims: Iterable[Claim]) -> list[Collision]:
    """Every claim that loses its path, best claims first.

    Linear in the number of claims (and the depth of their paths), after one
    sort: each path and each folder is looked up in a dict.
    """
    files: dict[str, Claim] = {}
    folders: dict[str, Claim] = {}
    collisions: list[Collision] = []
    for claim in sorted(claims, key=lambda c: c.rank):
        if not claim.path:
            continue
        collision = _blocked(claim, files, folders)
        if collision is not None:
            collisions.append(collision)
            continue
        files[claim.path] = claim
        for folder in parents(claim.path):
            if folders.setdefault(folder, claim) is not claim:
                break  # its parents were recorded with it
    return collisions


def _blocked(
    claim: Claim, files: dict[str, Claim], folders: dict[str, Claim]
) -> Collision | None:
    """What a better claim already took from ``claim``: its file or a folder."""
    kept = files.get(claim.path)
    if kept is not None:
        return Collision(kept, claim)
    kept = folders.get(claim.path)
    if kept is not None:
        return Collision(kept, claim, folder=claim.path)
    for folder in parents(claim.path):
        kept = files.get(folder)
        if kept is not None:
            return Collision(kept, claim, folder=folder)
        if folder in folders:
            break  # a folder already in use has no file on its path
    return None

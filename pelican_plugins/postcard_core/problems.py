"""Problems found in a file, and the one way they are logged.

Every message about a file names it relative to Pelican's ``PATH`` and, where
the file has one, gives ``LINE:COL``: ``posts/x.md:3:1: message``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pelican.utils import posixize_path


class FrontMatterError(ValueError):
    """A file that cannot be read; ``str()`` gives ``source:line:col: message``."""

    def __init__(self, source: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{source}:{line}:{column}: {message}")
        self.source = source
        self.line = line
        self.column = column
        self.message = message


@dataclass(frozen=True)
class Problem:
    """Something worth a message, at a line and column of a file.

    ``line`` 0 means the file as a whole (no line is known).
    """

    line: int
    column: int
    message: str
    level: int = logging.WARNING

    def format(self, source: str) -> str:
        """``source:line:col: message``, the form every message about a file takes."""
        if self.line <= 0:
            return f"{source}: {self.message}"
        return f"{source}:{self.line}:{self.column}: {self.message}"


def log_problems(
    logger: logging.Logger, source: str, problems: Iterable[Problem]
) -> None:
    """Log each problem about ``source``, in the order of the file."""
    for problem in sorted(problems, key=lambda p: (p.line, p.column)):
        logger.log(problem.level, "%s", problem.format(source))


SourcedProblem = tuple[str, Problem]
"""A problem and what it is about: a file (or several, comma-separated) or a
setting, for messages about more than one file."""


def log_sourced(logger: logging.Logger, problems: Iterable[SourcedProblem]) -> None:
    """Log each problem, in the order given (the model's order)."""
    for source, problem in problems:
        logger.log(problem.level, "%s", problem.format(source))


def relative_source(path: str, root: str | None) -> str:
    """``path`` as Pelican names files in its log: relative to ``PATH``, with ``/``."""
    if not root:
        return os.path.basename(path)
    return posixize_path(os.path.relpath(path, root))


def source_name(content: Any) -> str:
    """The source file of a Pelican content object, relative to ``PATH``.

    Pelican computes the relative path once per object; recomputing it is slow.
    """
    path = getattr(content, "relative_source_path", None)
    if not path:
        getter = getattr(content, "get_relative_source_path", None)
        path = getter() if getter is not None else str(content)
    return str(path).replace(os.sep, "/")

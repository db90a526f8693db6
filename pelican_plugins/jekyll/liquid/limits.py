"""How much work one file's Liquid may do before it is stopped with a problem."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Caps on one render of one file (its includes count towards them).

    A site's own loops rarely exceed a few thousand iterations; these caps are
    far above that and far below what would stall a build.
    """

    loop_iterations: int = 200_000
    """Iterations of nested loops, multiplied (Liquid's own accounting)."""

    include_depth: int = 16
    """Includes (and renders) inside includes."""

    output_chars: int = 5_000_000
    """Characters written by one file, includes included."""

    seconds: float = 2.0
    """Wall-clock time for one file, every recovery attempt included."""

    sequence_items: int = 100_000
    """Items a filter may take from one sequence or range."""

    problems: int = 20
    """Problems recovered from before the rest of a file is left as written."""

"""Months of a tag's life: counting keys, labels, and the chart's geometry.

Pure functions, no Pelican. Labels are English on purpose: the locale must not
change the output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from pelican.plugins.postcard_core.text import MONTH_NAMES

# The chart's frame: 72 units high, the tallest bar 68 (room for its rounded
# top), an empty month a 2-unit stub; one slot per month, 10 to 32 units wide,
# so that up to 600 units hold every month.
CHART_HEIGHT = 72
TALLEST_BAR = 68
EMPTY_BAR = 2
CHART_WIDTH = 600
SLOT_RANGE = (10, 32)


class MonthCount(NamedTuple):
    """How many posts of a tag fall in one month.

    A tuple ``("2024-05", 2)``, so a template can still unpack it as
    ``month, count``; ``year``, ``month`` and ``label`` are read from the key.
    """

    key: str  # "YYYY-MM"
    count: int

    @property
    def year(self) -> int:
        return int(self.key[:4])

    @property
    def month(self) -> int:
        return int(self.key[5:7])

    @property
    def label(self) -> str:
        """``"Sep 2024"``: the short name, as the chart shows it."""
        return f"{MONTH_NAMES[self.month - 1][:3]} {self.key[:4]}"


@dataclass(frozen=True)
class ChartBar:
    """One month's bar, in the chart's SVG units."""

    x: int
    y: float
    width: int
    height: float
    label: str
    count: int

    @property
    def zero(self) -> bool:
        return self.count == 0


@dataclass(frozen=True)
class MonthChart:
    """A bar chart of posts per month: everything the SVG prints."""

    width: int
    height: int
    bars: tuple[ChartBar, ...]
    max: int  # the count of the tallest bar (at least 1)

    @property
    def first_label(self) -> str:
        return self.bars[0].label

    @property
    def last_label(self) -> str:
        return self.bars[-1].label


def month_key(moment: datetime) -> str:
    """``"YYYY-MM"`` of a date."""
    return f"{moment.year:04d}-{moment.month:02d}"


def month_label(moment: datetime) -> str:
    """``"May 2024"``: the full name of the month of ``moment``."""
    return f"{MONTH_NAMES[moment.month - 1]} {moment.year}"


def month_range(first: datetime, last: datetime) -> list[str]:
    """Every ``"YYYY-MM"`` from the month of ``first`` to that of ``last``."""
    year, month = first.year, first.month
    end = (last.year, last.month)
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_chart(per_month: Sequence[MonthCount]) -> MonthChart | None:
    """The bar chart of ``per_month``; None for a single month (nothing to compare).

    Heights are rounded to one decimal, as they are printed.
    """
    if len(per_month) < 2:
        return None
    top = max(1, max(count for _, count in per_month))
    lowest, widest = SLOT_RANGE
    slot = min(widest, max(lowest, CHART_WIDTH // len(per_month)))
    gap = slot // 5
    bars = []
    for index, entry in enumerate(per_month):
        height = round(entry.count / top * TALLEST_BAR, 1) if entry.count else EMPTY_BAR
        bars.append(
            ChartBar(
                x=index * slot + gap,
                y=CHART_HEIGHT - height,
                width=slot - 2 * gap,
                height=height,
                label=entry.label,
                count=entry.count,
            )
        )
    return MonthChart(
        width=slot * len(per_month), height=CHART_HEIGHT, bars=tuple(bars), max=top
    )

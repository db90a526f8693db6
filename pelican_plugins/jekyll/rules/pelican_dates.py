"""How Pelican reads the text of a date (``pelican.utils.get_date``), with the
forms Jekyll sites write read directly: the same value, far faster."""

from __future__ import annotations

import datetime

from pelican.utils import get_date


def pelican_date(text: str) -> datetime.datetime:
    """Pelican's reading of a date's text (``get_date``); ISO dates and Jekyll's
    own form (``2024-05-21 07:00:00 -0700``) read directly: the same value, far
    faster. Raises ValueError for text Pelican cannot read."""
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        return get_date(text)

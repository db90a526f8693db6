"""One line per broken file, with its reason, and no traceback.

Pelican logs "Could not process <file>" when reading a file fails, with the
reason only under ``--debug``; with ``--fatal`` it exits through a CRITICAL
record whose traceback repeats what was already said.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import re
import sys
from collections.abc import Iterator

from pelican.plugins.postcard_core.problems import FrontMatterError

_DATED_NAME = re.compile(r"\d{4}-\d{1,2}-\d{1,2}-")
_FATAL = "Warning or error encountered"  # Pelican's --fatal exit


class CleanReadErrors(logging.Filter):
    """Rewrite Pelican's "Could not process" records as ``path:LINE:COL: reason``
    (or ``path: reason``) and drop tracebacks that only repeat a message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            return True
        error = _exception(record)
        if str(record.msg).startswith("Could not process") and error is not None:
            record.msg, record.args = _reason(record, error), ()
            record.exc_info, record.exc_text = None, None
        elif isinstance(_front_matter_error(error), FrontMatterError) or (
            isinstance(error, RuntimeError) and str(error).startswith(_FATAL)
        ):
            record.exc_info, record.exc_text = None, None
        return True


def _exception(record: logging.LogRecord) -> BaseException | None:
    if isinstance(record.exc_info, tuple) and record.exc_info[1] is not None:
        return record.exc_info[1]
    for arg in record.args if isinstance(record.args, tuple) else ():
        if isinstance(arg, BaseException):
            return arg
    return sys.exc_info()[1]  # Pelican logs inside its except block


def _front_matter_error(error: BaseException | None) -> FrontMatterError | None:
    for _ in range(8):  # the exception and what it was raised from
        if isinstance(error, FrontMatterError) or error is None:
            return error
        error = error.__cause__ or error.__context__
    return None


def _is_date(name: str) -> bool:
    """Whether the ``YYYY-MM-DD-`` a file name starts with is a real date."""
    year, month, day = (int(part) for part in name.split("-", 3)[:3])
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _reason(record: logging.LogRecord, error: BaseException) -> str:
    front_matter = _front_matter_error(error)
    if front_matter is not None:
        return str(front_matter)
    args = record.args if isinstance(record.args, tuple) else ()
    path = str(args[0]) if args else "a file"
    name = os.path.basename(path)
    if isinstance(error, ValueError) and _DATED_NAME.match(name) and not _is_date(name):
        date = name.split("-", 3)[:3]
        return (
            f"{path}: the date in the file name ({'-'.join(date)}) is not a "
            f"date ({error}); rename the file or fix the date"
        )
    return f"{path}: {error or type(error).__name__}"


class _NoSlugWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Unable to generate valid slug")


@contextlib.contextmanager
def quiet_slug_warnings() -> Iterator[None]:
    """Without Pelican's "Unable to generate valid slug" while front_matter
    checks names itself: it drops such a name with its own warning, at its line."""
    wrappers = logging.getLogger("pelican.urlwrappers")
    quiet = _NoSlugWarning()
    wrappers.addFilter(quiet)
    try:
        yield
    finally:
        wrappers.removeFilter(quiet)

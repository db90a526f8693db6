"""``site.data``: the files in ``_data/`` as Jekyll's DataReader reads them."""

from __future__ import annotations

import csv
import json
import logging
import re
from pathlib import Path
from typing import Any

import yaml

from pelican.plugins.postcard_core.problems import Problem

_SUFFIXES = {".yml", ".yaml", ".json", ".csv", ".tsv"}
_UNSAFE = re.compile(r"[^\w\s-]+|(?:(?<=^)|(?<=\b\s))\s+(?=$|\s?\b)")


def data_key(name: str) -> str:
    """Jekyll's sanitize_filename: the key a data file or folder is read under."""
    return re.sub(r"\s+", "_", _UNSAFE.sub("", name))


def load_data(folder: Path) -> tuple[dict[str, Any], list[tuple[str, Problem]]]:
    """Every data file below ``folder`` as a nested mapping, and the problems.

    YAML and JSON as parsed; CSV and TSV as lists of rows keyed by the header.
    Symbolic links are skipped, as Jekyll does. Problems come with the file's
    path relative to ``folder``.
    """
    problems: list[tuple[str, Problem]] = []
    data: dict[str, Any] = {}
    if folder.is_dir() and not folder.is_symlink():
        _read_folder(folder, folder, data, problems)
    return data, problems


def _read_folder(
    root: Path, folder: Path, data: dict[str, Any], problems: list[tuple[str, Problem]]
) -> None:
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink() or entry.name.startswith((".", "_", "#", "~")):
            continue
        if entry.is_dir():
            _read_folder(
                root, entry, data.setdefault(data_key(entry.name), {}), problems
            )
        elif entry.suffix.lower() in _SUFFIXES:
            name = entry.relative_to(root).as_posix()
            try:
                data[data_key(entry.stem)] = _read_file(entry)
            except (yaml.YAMLError, ValueError, csv.Error, UnicodeDecodeError) as err:
                problems.append((name, _problem(err)))


def _read_file(path: Path) -> Any:
    text = path.read_text(encoding="utf-8-sig")
    suffix = path.suffix.lower()
    if suffix in {".csv", ".tsv"}:
        rows = csv.DictReader(
            text.splitlines(), delimiter="\t" if suffix == ".tsv" else ","
        )
        return [dict(row) for row in rows]
    if suffix == ".json":
        return json.loads(text)
    return yaml.safe_load(text)


def _problem(err: Exception) -> Problem:
    """A problem at the line and column the parser gave, if any."""
    mark = getattr(err, "problem_mark", None)
    if mark is not None:
        return Problem(mark.line + 1, mark.column + 1, f"unreadable data: {err}")
    if isinstance(err, json.JSONDecodeError):
        return Problem(err.lineno, err.colno, f"unreadable data: {err.msg}")
    return Problem(0, 0, f"unreadable data: {err}", logging.WARNING)

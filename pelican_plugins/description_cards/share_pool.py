"""Drawing many share images at once: a drawing process for each core but the
one Pelican writes the pages on, and this process too once they are written.

:func:`start_drawing` starts the processes and hands them the cards from one
queue, a batch at a time, while Pelican writes the pages; when the pages are
written, :meth:`Drawing.wait` draws here what no process has taken yet, then
waits for them. So every core draws or writes, and none is left waiting while
another still has cards to draw.

A drawing process is a fresh interpreter running ``share_worker.py``, not
multiprocessing: forking Pelican would copy locks its other threads (the
console's spinner) may hold, and a forkserver or spawned worker would import
the build's main script again.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .share_image import Drawer, ShareCard, write_image
from .share_worker import BATCH_END, job_line, start_line

WORKER = Path(__file__).resolve().with_name("share_worker.py")
# Below this many cards, starting a process pool costs more than it saves.
_POOL_FROM = 8
# Cards sent to a process at a time: a few milliseconds of drawing each, so the
# feeding thread wakes (and takes Pelican's lock) once per batch, not per card.
_BATCH = 8

Job = tuple[ShareCard, str]


def cpu_count() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def pool_size() -> int:
    """Drawing processes to start: one per core but the one this process
    writes the pages on (it draws too, once they are written)."""
    return cpu_count() - 1


def _take(queue: deque[Job], most: int) -> list[Job]:
    """Up to ``most`` jobs off the front of ``queue`` (which other threads take
    from too: each ``popleft`` is atomic)."""
    taken = []
    for _ in range(most):
        try:
            taken.append(queue.popleft())
        except IndexError:
            break
    return taken


@dataclass
class _Worker:
    """One drawing process, and the thread handing it batches from the queue."""

    process: subprocess.Popen[bytes]
    thread: threading.Thread = field(init=False)

    @classmethod
    def start(cls, font_path: str | None, queue: deque[Job]) -> _Worker:
        process = subprocess.Popen(
            [sys.executable, str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        worker = cls(process)
        worker.thread = threading.Thread(
            target=worker._feed, args=(font_path, queue), daemon=True
        )
        worker.thread.start()
        return worker

    def _send(self, queue: deque[Job]) -> bool:
        """Send the process a batch; False when the queue is empty."""
        assert self.process.stdin is not None
        batch = _take(queue, _BATCH)
        if not batch:
            return False
        lines = [job_line(card.fields, path) for card, path in batch]
        self.process.stdin.write(b"".join(lines) + BATCH_END)
        self.process.stdin.flush()
        return True

    def _feed(self, font_path: str | None, queue: deque[Job]) -> None:
        # Two batches ahead: the process draws one while the next is sent.
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(start_line(font_path))
            if self._send(queue) and self._send(queue):
                while self.process.stdout.readline() and self._send(queue):
                    pass
        except (BrokenPipeError, ValueError):
            pass  # the process died; wait() reports why
        finally:
            with contextlib.suppress(BrokenPipeError):
                self.process.stdin.close()  # the process draws what it has, then ends

    def finish(self) -> str | None:
        """Wait for the process; what it said when it failed, else None."""
        self.thread.join()
        assert self.process.stdout is not None and self.process.stderr is not None
        said = self.process.stderr.read().decode("utf-8", "replace")
        self.process.stdout.close()
        self.process.stderr.close()
        if self.process.wait() == 0:
            return None
        return (said.strip().splitlines() or ["no message"])[-1]


class Drawing:
    """Cards being drawn to their files: by the drawing processes from the
    start, and by this process too when :meth:`wait` is called."""

    def __init__(
        self,
        jobs: list[Job],
        processes: int | None = None,
        font_path: str | None = None,
    ) -> None:
        self.jobs = jobs
        self.font_path = font_path
        self._queue: deque[Job] = deque(jobs)
        self._workers: list[_Worker] = []
        workers = min(pool_size() if processes is None else processes, len(jobs))
        if workers >= 1 and len(jobs) >= _POOL_FROM:
            self._workers = [
                _Worker.start(font_path, self._queue) for _ in range(workers)
            ]

    @property
    def in_parallel(self) -> bool:
        """Whether the cards are drawn by other processes."""
        return bool(self._workers)

    def wait(self) -> list[Path]:
        """Draw what no process has taken, then wait for them; the paths drawn,
        in the order given. A process that failed raises ``RuntimeError`` with
        what it said, once all are done."""
        try:
            self._draw_the_rest()
        finally:  # even when this process failed: the workers finish the queue
            failures = [said for worker in self._workers if (said := worker.finish())]
            self._workers = []
        if failures:
            raise RuntimeError("; ".join(failures))
        return [Path(path) for _, path in self.jobs]

    def _draw_the_rest(self) -> None:
        drawer: Drawer | None = None
        folders: set[str] = set()
        while job := _take(self._queue, 1):
            drawer = drawer or Drawer(self.font_path)
            write_image(drawer, *job[0], folders)


def start_drawing(
    cards_and_paths: Iterable[tuple[ShareCard, str | os.PathLike[str]]],
    processes: int | None = None,
    *,
    font_path: str | None = None,
) -> Drawing:
    """Start drawing each card to its path, skipping paths that already exist
    (an unchanged card is never drawn twice) and paths given twice.

    ``processes`` drawing processes are started besides this one (``None``:
    :func:`pool_size`); with none, or a few cards, ``wait`` draws them all here.
    """
    jobs: list[Job] = []
    seen = set()
    for card, path in cards_and_paths:
        key = os.fspath(path)
        if key in seen or os.path.exists(key):
            continue
        seen.add(key)
        jobs.append((card, key))
    return Drawing(jobs, processes, font_path)


def draw_all(
    cards_and_paths: Iterable[tuple[ShareCard, str | os.PathLike[str]]],
    processes: int | None = None,
    *,
    font_path: str | None = None,
) -> list[Path]:
    """Draw each card to its path, skipping paths that already exist.

    ``processes`` drawing processes are started besides this one (``None``:
    :func:`pool_size`); with none, or a few cards, all are drawn here.
    Returns the paths drawn, in the order given.
    """
    return start_drawing(cards_and_paths, processes, font_path=font_path).wait()

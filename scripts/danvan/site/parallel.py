"""Render the pages on every core.

MkDocs renders page after page in one process; at thousands of articles that is most of a
build. Once the content is loaded and the navigation built (both are shared by every
page), the build forks. The processes take the pages in runs of CHUNK from a shared
counter, each the next run not yet taken, so a process slowed down (a busier core on a
shared machine, heavier pages) simply takes fewer: they finish together. Process 0, the one
that goes on, also writes what concerns the whole site (assets, sitemap, feeds, the search
index, which it merges from the workers' parts).

A worker never returns into the caller's code: it leaves with ``os._exit`` when its pages
are done (``finish``) or failed (``fail``), and the parent fails the build if any worker
did. ``fork`` (POSIX) shares the loaded content with the workers without copying it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import shutil
import signal
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any, NoReturn

from .. import workers

# Below this many pages a build is quick anyway; forking is not worth its set-up.
AUTO_MIN_PAGES = 500


def jobs_wanted(configured: int, pages: int) -> int:
    """Processes to use (workers.count): one per core for large sites, one for small ones."""
    return workers.count(pages, configured, threshold=AUTO_MIN_PAGES)


# Pages per claim: small enough to even out the end (a run is ~40 ms of work), large
# enough that the lock is taken rarely.
CHUNK = 8
LOCK_SECONDS = 60


class Shards:
    """The pages this process renders, claimed run by run as it reaches them."""

    def __init__(self, index: int, count: int, workers: list[int], handoff: Path,
                 counter=None) -> None:
        self.index, self.count = index, count
        self.workers = workers  # process ids, known to the parent only
        self.handoff = handoff  # where workers leave their results for the parent
        self.counter = counter  # shared by all processes: the next run nobody has taken
        self.held = -1  # the run this process took last

    @classmethod
    def start(cls, jobs: int) -> "Shards":
        """Fork ``jobs - 1`` workers; return each process's own shard."""
        handoff = Path(tempfile.mkdtemp(prefix="danvan-workers-"))
        counter = multiprocessing.get_context("fork").Value("q", 0)  # shared memory + lock
        shards = cls(0, jobs, [], handoff, counter)
        # What exists now (content, navigation) lives until the build ends. Frozen, the
        # collector no longer walks it: less collecting, and the collector's own writes no
        # longer un-share those pages after the fork (see gc.freeze; reference counts
        # still do). Process 0 unfreezes it at the end (close, abort).
        gc.freeze()
        for index in range(1, jobs):
            try:
                pid = os.fork()
            except OSError:
                shards.abort()  # no half-started build: stop the workers already forked
                raise
            if pid == 0:
                return cls(index, jobs, [], handoff, counter)
            shards.workers.append(pid)
        return shards

    @property
    def is_worker(self) -> bool:
        return self.index > 0

    def owns(self, number: int) -> bool:
        """Whether this process renders page ``number``. Every process asks for every page,
        in order 0, 1, 2...: a process that reaches a run it has not taken takes the next
        free one, which is this run or a later one; so each run is taken exactly once and
        by a process that has not yet passed it."""
        run = number // CHUNK
        lock = self.counter.get_lock()
        while self.held < run:
            # Held for microseconds; a timeout so that a process killed while holding it
            # (out of memory) fails the build instead of hanging it.
            if not lock.acquire(timeout=LOCK_SECONDS):
                raise RuntimeError("một tiến trình dựng trang không trả lại bộ đếm trang")
            try:
                self.held = self.counter.value
                self.counter.value += 1
            finally:
                lock.release()
        return self.held == run

    def finish(self, result: Any) -> NoReturn:
        """A worker's end: hand ``result`` to the parent and leave."""
        code = 0
        try:
            with open(self.handoff / f"{self.index}.pickle", "wb") as out:
                pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            traceback.print_exc()  # the parent's message points here
            code = 1
        sys.stderr.flush()
        os._exit(code)

    def fail(self) -> NoReturn:
        os._exit(1)

    def abort(self) -> None:
        """The parent's side when its own part failed: stop the workers, clean up. Safe to
        call more than once, and after ``collect``."""
        for pid in self.workers:
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.workers = []
        shutil.rmtree(self.handoff, ignore_errors=True)
        gc.unfreeze()

    def collect(self) -> list[Any]:
        """The parent's side: wait for every worker and return their results.

        Raises RuntimeError if a worker failed (its messages are already on stderr)."""
        failed = []
        while self.workers:  # a reaped worker leaves the list: abort() never signals it
            _, status = os.waitpid(self.workers.pop(0), 0)
            if os.waitstatus_to_exitcode(status) != 0:
                failed.append(status)
        try:
            if failed:
                raise RuntimeError(f"{len(failed)} tiến trình dựng trang bị lỗi (xem thông báo "
                                   "ở trên)")
            results = []
            for index in range(1, self.count):
                with open(self.handoff / f"{index}.pickle", "rb") as data:
                    results.append(pickle.load(data))
            return results
        finally:
            shutil.rmtree(self.handoff, ignore_errors=True)

    def close(self) -> None:
        """The parent's side, once the build is written: its objects are collectable again
        (the process may go on: a test run, a script building twice)."""
        gc.unfreeze()

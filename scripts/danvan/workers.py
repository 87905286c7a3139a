"""One policy for parallel work: how many workers a stage uses, and what kind of pool.

Every stage asks ``count``: reading the content files, rendering pages (site/parallel.py),
laying out bulletin issues, deriving photos. ``DANVAN_JOBS`` in the environment overrides
every stage (``DANVAN_JOBS=1``: one process, for debugging or a busy machine); then the
stage's own setting; then one worker per core the process may use, but only when the
stage has enough items to pay for starting them (``threshold``).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def cores() -> int:
    """The cores this process may run on (a container's limit, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def count(items: int, configured: int = 0, threshold: int = 2, cap: int | None = None) -> int:
    """Workers for ``items`` pieces of work: DANVAN_JOBS, else ``configured``, else one per
    core when there are at least ``threshold`` items (and never more than ``cap``)."""
    raw = os.environ.get("DANVAN_JOBS") or ""
    try:
        wanted = int(raw or configured or 0)
    except ValueError:
        raise ValueError(f"DANVAN_JOBS={raw!r} phải là một số nguyên (số tiến trình, "
                         "ví dụ 1 hoặc 2)") from None
    if wanted <= 0:
        wanted = cores() if items >= threshold else 1
    return max(1, min(wanted, cap or wanted, max(items, 1)))


def can_fork() -> bool:
    """fork is instant and shares what is imported; with other threads alive (the live
    preview's server) a forked child could inherit a held lock."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def thread_pool(workers: int) -> ThreadPoolExecutor:
    """Threads, for work that releases the GIL (Pillow decoding, resizing, encoding)."""
    return ThreadPoolExecutor(max_workers=workers)


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of processes: forked when that is safe, else from a fresh fork server."""
    method = "fork" if can_fork() else "forkserver"
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method))

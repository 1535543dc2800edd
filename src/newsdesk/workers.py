"""Extraction on every CPU core: an ordered, bounded process-pool map that survives crashes.

Extracting saved pages is CPU work in pure functions of the page, so a directory of HTML
files is extracted by a pool of worker processes while the calling process stores the
results in order. :func:`ordered_map` keeps the caller's guarantees:

- results come back in input order, so a rerun stores in the same order (idempotent);
- at most ``window`` tasks are in flight, so memory stays bounded and a killed run has
  lost only uncommitted work, which the rerun redoes;
- a worker that dies (a segfault in a parser, the OOM killer) costs one item: the pool is
  rebuilt, the items that were in flight are rerun one at a time, and the one that kills
  its worker when run alone becomes ``on_crash(item)`` instead of taking the batch down.

Workers are started by a fork server (never ``fork()`` of a process that may hold threads,
locks or database connections) with :mod:`newsdesk.extract` preloaded.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import select
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

log = logging.getLogger(__name__)

__all__ = ["CRASHED", "MAX_AUTO_WORKERS", "MIN_PARALLEL_ITEMS", "ordered_map", "worker_count"]

T = TypeVar("T")
R = TypeVar("R")

MAX_AUTO_WORKERS = 8
"""``workers = 0`` means one per CPU core, at most this many."""

MIN_PARALLEL_ITEMS = 24
"""Fewer items than this run in the calling process: starting workers would cost more."""

CRASHED = "the page crashed the extractor"
"""The failure reason of an item whose worker process died running it."""

START_METHOD = "forkserver"
"""How worker processes start (tests may use ``fork`` to carry patched functions over)."""

_PRELOAD = ["newsdesk.extract"]


def worker_count(setting: int, items: int | None = None) -> int:
    """Processes to use for a ``workers`` setting: ``0`` = one per available core (capped);
    1 when ``items`` is given and under :data:`MIN_PARALLEL_ITEMS`."""
    if items is not None and items < MIN_PARALLEL_ITEMS:
        return 1
    if setting > 0:
        return setting
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_AUTO_WORKERS))


def _pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context(START_METHOD)
    if START_METHOD == "forkserver":
        context.set_forkserver_preload(_PRELOAD)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_exit_with, initargs=(os.getpid(),))


def _exit_with(owner: int) -> None:
    """In a worker: exit as soon as ``owner`` (the process that started the pool) is gone.

    A pool's workers outlive a parent that is killed outright (SIGKILL, the OOM killer):
    they wait for tasks forever. A daemon thread watches the owner and ends the worker.
    """
    def watch() -> None:
        try:
            fd = os.pidfd_open(owner)
        except (AttributeError, OSError):  # not Linux >= 5.3: poll instead
            fd = None
        if fd is not None:
            select.select([fd], [], [])  # readable once the owner has exited
        else:
            while _alive(owner):
                time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="newsdesk-owner-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def ordered_map(
    func: Callable[[T], R],
    items: Iterable[T],
    workers: int,
    *,
    on_crash: Callable[[T], R],
    window: int | None = None,
) -> Iterator[R]:
    """``map(func, items)`` in ``workers`` processes, results in input order.

    Args:
        func: a picklable (module-level) function of one item.
        items: consumed lazily, ``window`` ahead of what the caller has taken.
        workers: processes; 1 runs ``func`` here, in this process.
        on_crash: the result for an item whose worker died while running it alone.
        window: tasks in flight (default: 4 per worker).

    Exceptions raised by ``func`` propagate to the caller, as with ``map``.
    """
    if workers <= 1:
        yield from map(func, items)
        return
    window = window or 4 * workers
    source = iter(items)
    pending: deque[list] = deque()  # [item, its future or None], in input order
    isolate = 0  # after a crash: how many of the next items run alone, to find the one to blame
    pool = _pool(workers)
    try:
        while True:
            while len(pending) < window and not isolate:
                item = next(source, _END)
                if item is _END:
                    break
                pending.append([item, None])
            if not pending:
                return
            item = pending[0][0]
            try:
                for entry in list(pending)[:1] if isolate else pending:
                    if entry[1] is None:
                        entry[1] = pool.submit(func, entry[0])  # raises too once a worker has died
                result = pending[0][1].result()
            except BrokenProcessPool:
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _pool(workers)
                if not _healthy(pool):  # workers cannot run here at all: no item is to blame
                    log.warning("worker processes cannot start; going on in this process")
                    yield from map(func, [entry[0] for entry in pending])
                    yield from map(func, source)
                    return
                if not isolate:  # any item in flight may have done it: rerun them one by one
                    log.warning("a worker process died; retrying the %d items in flight one at a time", len(pending))
                    isolate = len(pending)
                    for entry in pending:
                        entry[1] = None
                    continue
                log.error("an item killed its worker process when run alone; recorded as failed")
                result = on_crash(item)
            pending.popleft()
            isolate = max(0, isolate - 1)
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_END = object()


def _healthy(pool: ProcessPoolExecutor) -> bool:
    """Whether a fresh pool can run a trivial task (else the environment, not an item, is broken)."""
    try:
        return pool.submit(abs, -1).result(timeout=60) == 1
    except Exception:  # BrokenProcessPool, a timeout, a start-up error in the worker
        return False

"""Where the work runs: this process, a local process pool, or a Dask cluster.

Every executor has one job: apply a function to a stream of chunks and give the results
back in order, with a bounded window of chunks in flight (memory stays flat however many
inputs there are). The batch engine (engine.py) does everything else the same way for all.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from typing import Any, Protocol, TypeVar

from newsdigest.errors import ExecutorError

T = TypeVar("T")
R = TypeVar("R")

#: Environment variable for ``--scheduler``: a Dask scheduler address, or "local".
SCHEDULER_ENV = "NEWSDIGEST_SCHEDULER"


class Executor(Protocol):
    def map(self, function: Callable[..., R], chunks: Iterable[T], *args: Any) -> Iterator[R]:
        """``function(chunk, *args)`` for every chunk, results in chunk order."""
        ...

    def cancel(self) -> None:
        """Drop work in flight (the caller stops reading results)."""
        ...

    def close(self, abort: bool = False) -> None:
        """Release the workers; ``abort`` stops them without waiting for work in flight."""
        ...


class InlineExecutor:
    """This process, one chunk at a time: no start-up cost, nothing to stop."""

    def map(self, function: Callable[..., R], chunks: Iterable[T], *args: Any) -> Iterator[R]:
        for chunk in chunks:
            yield function(chunk, *args)

    def cancel(self) -> None:
        pass

    def close(self, abort: bool = False) -> None:
        pass


class LocalExecutor:
    """A pool of ``jobs`` worker processes on this machine, each loading the model once."""

    def __init__(self, jobs: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.jobs = jobs
        # "spawn": workers start clean; forking a parent that may hold threads (progress
        # bars, Dask's client) is not safe.
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
        self._window: deque[Future[Any]] = deque()

    def map(self, function: Callable[..., R], chunks: Iterable[T], *args: Any) -> Iterator[R]:
        window = self._window
        for chunk in chunks:
            window.append(self._pool.submit(function, chunk, *args))
            if len(window) >= 2 * self.jobs:
                yield _result(window.popleft())
        while window:
            yield _result(window.popleft())

    def cancel(self) -> None:
        for future in self._window:
            future.cancel()
        self._window.clear()

    def close(self, abort: bool = False) -> None:
        if abort:
            self.cancel()
            # Work already running would keep the workers busy (and alive, as orphans, if
            # this process is going away): stop them. Python 3.14 has a public
            # terminate_workers(); before it, the pool's process table is the only handle.
            terminate = getattr(self._pool, "terminate_workers", None)
            if terminate is not None:
                terminate()
            else:
                for process in list(getattr(self._pool, "_processes", {}).values()):
                    process.terminate()
            self._pool.shutdown(wait=False, cancel_futures=True)
            return
        self._pool.shutdown(wait=True)


def _result(future: Future[R]) -> R:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        raise ExecutorError(
            "a worker process died (out of memory?); finished records are kept, rerun with --resume"
        ) from None


def local_executor(jobs: int) -> InlineExecutor | LocalExecutor:
    return InlineExecutor() if jobs <= 1 else LocalExecutor(jobs)


def make_executor(jobs: int = 1, scheduler: str | None = None) -> Executor:
    """``scheduler`` (or $NEWSDIGEST_SCHEDULER): a Dask scheduler address, or "local" for
    an in-process Dask cluster of ``jobs`` workers; none: local processes."""
    scheduler = scheduler or os.environ.get(SCHEDULER_ENV) or None
    if scheduler is None:
        return local_executor(jobs)
    from newsdigest.batch.dask_executor import DaskExecutor

    return DaskExecutor(scheduler, jobs=jobs)

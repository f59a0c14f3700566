"""The Dask executor: chunks of texts go to the workers of a ``distributed`` cluster.

The client (this process) reads and decodes every input and sends only texts, so workers
need no shared filesystem; workers send back plain records (``Digest`` dataclasses, no
spaCy objects). Each worker process loads the model once (``nlp.load_model`` caches it
per process). A worker that dies has its tasks re-run elsewhere by the scheduler; the
client writes each record once, in input order, when it arrives.

Imported only when ``--scheduler`` (or $NEWSDIGEST_SCHEDULER) is given: Dask is an
optional extra and never slows down the default path.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from newsdigest.errors import ExecutorError
from newsdigest.version import __version__

T = TypeVar("T")
R = TypeVar("R")

#: Seconds to wait for a scheduler to answer, and for a first worker to join it.
CONNECT_TIMEOUT = 10
WORKER_TIMEOUT = 60
#: Chunks in flight per worker thread: enough to keep every worker busy, bounded memory.
CHUNKS_PER_SLOT = 2


class DaskExecutor:
    def __init__(self, address: str, jobs: int = 2) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ExecutorError("--scheduler needs Dask, an optional extra: pip install 'newsdigest[dask]'") from None
        self.address = address
        # distributed logs its reconnection attempts with tracebacks; a lost scheduler is
        # reported once, as one line, by this executor.
        for name in [*logging.root.manager.loggerDict, "distributed"]:
            if name.split(".")[0] == "distributed":
                logging.getLogger(name).setLevel(logging.CRITICAL)
        self._cluster: Any = None
        self._futures: deque[Any] = deque()
        try:
            if address == "local":
                from distributed import LocalCluster

                # One thread per worker process: spaCy's work holds the GIL, processes scale.
                self._cluster = LocalCluster(
                    n_workers=max(1, jobs),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)
            else:
                self._client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise ExecutorError(
                f"cannot reach the Dask scheduler at {address} ({exc}); check the address and that `dask scheduler` runs there"
            ) from None
        try:
            self._client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
        except (OSError, TimeoutError):
            self.close(abort=True)
            raise ExecutorError(
                f"the Dask scheduler at {address} has no workers after {WORKER_TIMEOUT} s; start `dask worker {address}`"
            ) from None
        self._check_workers()

    def _check_workers(self) -> None:
        """Every worker must run this newsdigest: records must not depend on the machine."""
        from importlib.metadata import version

        # importlib.metadata.version is pickled by reference to the standard library, so
        # this works on a worker that lacks newsdigest, and says so.
        found = self._client.run(version, "newsdigest", on_error="return")
        for worker, answer in sorted(found.items()):
            if isinstance(answer, BaseException):
                self.close(abort=True)
                raise ExecutorError(
                    f"Dask worker {worker} cannot import newsdigest; install newsdigest {__version__} on every worker"
                )
            if answer != __version__:
                self.close(abort=True)
                raise ExecutorError(
                    f"Dask worker {worker} runs newsdigest {answer}, this client {__version__}; install the same version on every worker"
                )

    def _slots(self) -> int:
        workers = self._client.scheduler_info().get("workers", {})
        return max(1, sum(int(info.get("nthreads", 1)) for info in workers.values()))

    def map(self, function: Callable[..., R], chunks: Iterable[T], *args: Any) -> Iterator[R]:
        window = self._futures
        size = CHUNKS_PER_SLOT * self._slots()
        for chunk in chunks:
            window.append(self._client.submit(function, chunk, *args, pure=False))
            if len(window) >= size:
                yield self._result(window.popleft())
        while window:
            yield self._result(window.popleft())

    def _result(self, future: Any) -> Any:
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker as exc:
            raise ExecutorError(
                f"Dask workers kept dying on the same chunk ({exc}); finished records are kept, rerun with --resume"
            ) from None
        except (OSError, TimeoutError) as exc:
            raise ExecutorError(self._lost(exc)) from None
        except Exception as exc:  # distributed raises CancelledError and comm errors of its own
            if type(exc).__name__ in ("CancelledError", "CommClosedError", "FutureCancelledError"):
                raise ExecutorError(self._lost(exc)) from None
            raise

    def _lost(self, exc: BaseException) -> str:
        return (
            f"lost the Dask scheduler at {self.address} ({type(exc).__name__}); "
            "finished records are kept, rerun with --resume when it is back"
        )

    def cancel(self) -> None:
        futures = list(self._futures)
        self._futures.clear()
        if futures:
            try:
                self._client.cancel(futures)
            except Exception:  # the scheduler may be gone already; nothing left to cancel
                logging.getLogger(__name__).debug("cancel failed", exc_info=True)

    def close(self, abort: bool = False) -> None:
        if abort:
            self.cancel()
        for closable in (getattr(self, "_client", None), self._cluster):
            if closable is None:
                continue
            try:
                closable.close()
            except Exception:  # closing a connection to a scheduler that is gone
                logging.getLogger(__name__).debug("close failed", exc_info=True)

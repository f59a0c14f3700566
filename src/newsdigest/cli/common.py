"""What every command shares: the error boundary and its exit codes, the output file that
is replaced only when a run ends, signals as interrupts, and the progress bar on stderr.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from newsdigest.errors import RAISE_ERRORS_ENV, ExitCode, NewsdigestError, OutputError

if TYPE_CHECKING:
    from newsdigest.batch import RunSummary

F = TypeVar("F", bound=Callable[..., Any])


def print_error(message: str) -> None:
    click.echo(click.style("newsdigest: error: ", fg="red", bold=True) + message, err=True)


def stdin_is_interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def error_boundary(command: F) -> F:
    """Turn every failure into one line on stderr and a named exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, traceback: bool = False, **kwargs: Any) -> Any:
        show_traceback = traceback or os.environ.get(RAISE_ERRORS_ENV) == "1"
        previous = os.environ.get(RAISE_ERRORS_ENV)
        if traceback:
            # Worker processes inherit it: their internal error records carry the traceback.
            os.environ[RAISE_ERRORS_ENV] = "1"
        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except NewsdigestError as exc:
            if show_traceback:
                raise
            print_error(str(exc))
            sys.exit(ExitCode.ERROR)
        except KeyboardInterrupt:
            click.echo("newsdigest: interrupted", err=True)
            sys.exit(ExitCode.INTERRUPTED)
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, and keep Python from
            # complaining again when it flushes stdout at exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(ExitCode.OK)
        except Exception as exc:
            if show_traceback:
                raise
            print_error(f"unexpected {type(exc).__name__}: {exc} (rerun with --traceback and report it)")
            sys.exit(ExitCode.ERROR)
        finally:
            if traceback and previous is None:
                os.environ.pop(RAISE_ERRORS_ENV, None)

    return wrapper  # type: ignore[return-value]


class Output:
    """Where rendered output goes; a file is replaced atomically, or left untouched."""

    def __init__(self, stream: IO[str], is_file: bool) -> None:
        self.stream = stream
        self.is_file = is_file
        self.keep = True


#: Write failures that are conditions to name, not bugs to report.
_DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _write_failure(exc: OSError, where: str) -> OutputError:
    reason = os.strerror(exc.errno).lower() if exc.errno else str(exc)
    return OutputError(f"cannot write to {where}: {reason}; free some space or write elsewhere with -o", None)


@contextmanager
def open_output(path: str | None) -> Iterator[Output]:
    if path is None or path == "-":
        try:
            yield Output(sys.stdout, is_file=False)
        except OSError as exc:
            if exc.errno not in _DISK_FULL:
                raise
            # What is still buffered cannot be written either; keep Python's exit-time
            # flush from reporting the same failure again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise _write_failure(exc, "stdout") from None
        return
    target = Path(path)
    if target.is_dir():
        raise OutputError("is a directory; name a file for -o", path)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except FileNotFoundError:
        raise OutputError(f"folder {str(target.parent)!r} does not exist; create it first", path) from None
    except PermissionError:
        raise OutputError("cannot write here (permission denied); choose another -o path", path) from None
    try:
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                output = Output(stream, is_file=True)
                yield output
        except OSError as exc:
            if exc.errno not in _DISK_FULL:
                raise
            raise _write_failure(exc, path) from None  # the earlier file stays as it was
        if output.keep:
            os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def exit_code_of(summary: RunSummary) -> int:
    import signal

    if summary.stopped == "interrupted":
        click.echo("newsdigest: interrupted; rerun with --resume to finish", err=True)
        by_signal = {signal.SIGTERM: ExitCode.TERMINATED, signal.SIGHUP: ExitCode.HANGUP}
        return int(by_signal.get(summary.signal, ExitCode.INTERRUPTED))  # type: ignore[call-overload]
    if summary.stopped == "error":
        print_error(summary.message or "the run stopped")
        return ExitCode.ERROR
    if summary.stopped == "fail-fast":
        return ExitCode.ERROR
    if summary.failed:
        return ExitCode.PARTIAL if summary.digested or summary.resumed else ExitCode.ERROR
    return ExitCode.OK


@contextmanager
def signals_as_interrupts() -> Iterator[None]:
    """SIGTERM and SIGHUP stop a run like Ctrl-C: finished records kept, workers stopped."""
    import signal

    from newsdigest.batch import Terminated

    def raise_terminated(number: int, _frame: Any) -> None:
        raise Terminated(number)

    wanted = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {}
    for number in wanted:
        # Outside the main thread (a library caller's thread) signals cannot be set: leave them.
        with suppress(ValueError):
            previous[number] = signal.signal(number, raise_terminated)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def stderr_is_interactive() -> bool:
    return sys.stderr is not None and sys.stderr.isatty()


class Progress:
    """A rich progress bar on stderr when it is a terminal; otherwise nothing at all."""

    def __init__(self, total: int | None, enabled: bool) -> None:
        self.bar: Any = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TimeRemainingColumn
            from rich.text import Text

            class RateColumn(ProgressColumn):
                def render(self, task: Task) -> Text:
                    return Text(f"{task.speed:.1f}/s" if task.speed else "", style="cyan")

            self.bar = Progress(
                "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), RateColumn(),
                TimeRemainingColumn(), console=Console(stderr=True), transient=True,
            )  # fmt: skip
            self.task = self.bar.add_task("digesting", total=total)

    def __enter__(self) -> Progress:
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)


def progress_wanted(quiet: bool) -> bool:
    return not quiet and stderr_is_interactive()

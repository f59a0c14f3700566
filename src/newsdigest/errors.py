"""User-facing errors and exit codes, in one place.

Every error message names the input it is about and says what to do next; the CLI prints
it as one line on stderr and never shows a traceback (unless ``--traceback`` or
``NEWSDIGEST_RAISE_ERRORS=1`` asks for one).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    #: Every input failed, or something outside the inputs went wrong (e.g. no model).
    ERROR = 1
    #: Bad command line: unknown option, bad value, no input on an interactive terminal.
    USAGE = 2
    #: Some inputs were digested and some failed; failures are reported per input.
    PARTIAL = 3
    #: Stopped by SIGHUP (128 + 1): the terminal went away.
    HANGUP = 129
    #: Stopped by Ctrl-C (128 + SIGINT, as shells report it).
    INTERRUPTED = 130
    #: Stopped by SIGTERM (128 + 15): a job scheduler, `timeout`, a container stop.
    TERMINATED = 143


class NewsdigestError(Exception):
    """Base class: an error whose message is fit to show a user as-is."""

    #: Short machine-readable name used in JSON error records.
    kind = "error"

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        if self.source is None:
            return self.message
        return f"{self.source}: {self.message}"


class InputError(NewsdigestError):
    """An input could not be read: missing, a directory, unreadable, binary, undecodable."""

    kind = "input"


class EmptyInputError(InputError):
    kind = "empty"


class BinaryInputError(InputError):
    kind = "binary"


class LanguageError(InputError):
    """The input is in a language the English model cannot analyse."""

    kind = "language"


class DecodeError(InputError):
    kind = "decode"


class ModelError(NewsdigestError):
    """No usable spaCy model: fatal for the whole run, not per input."""

    kind = "model"


class OutputError(NewsdigestError):
    kind = "output"


class ExecutorError(NewsdigestError):
    """The executor cannot go on: a Dask scheduler that went away, a worker without newsdigest."""

    kind = "executor"


class InternalError(NewsdigestError):
    """A bug met while digesting one input: it becomes that input's error record, and the batch goes on."""

    kind = "internal"


#: Set to "1" (``--traceback`` does) to see full tracebacks: the CLI re-raises, and an
#: internal error record carries the traceback in its message.
RAISE_ERRORS_ENV = "NEWSDIGEST_RAISE_ERRORS"


def internal_error(stage: str, source: str, exc: BaseException) -> InternalError:
    """One input's unexpected exception as a record-ready error, with the traceback only on request."""
    import os

    message = f"internal error while {stage} ({type(exc).__name__}: {exc}); please report it"
    if os.environ.get(RAISE_ERRORS_ENV) == "1":
        import traceback

        message += "\n" + "".join(traceback.format_exception(exc)).rstrip()
    else:
        message += " (rerun with --traceback for details)"
    return InternalError(message, source)

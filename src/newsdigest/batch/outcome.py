"""What a batch run did, and the signal that stops one: shared by the engine and its inputs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RunSummary:
    """What a run did, by outcome; ``stopped`` says why it ended early, if it did."""

    #: Inputs found (files, records), whatever became of them.
    seen: int = 0
    digested: int = 0
    failed: int = 0
    #: Files passed over while walking folders (hidden, binary).
    skipped: int = 0
    #: Inputs an earlier run already digested with the same content and settings.
    resumed: int = 0
    #: None (ran to the end), "fail-fast", "interrupted" (Ctrl-C or a signal) or "error".
    stopped: str | None = None
    #: The signal that interrupted the run (SIGINT for Ctrl-C), if one did.
    signal: int | None = None
    #: For ``stopped == "error"``: what went wrong (e.g. the cluster went away).
    message: str | None = None


class Terminated(KeyboardInterrupt):
    """A termination signal (SIGTERM, SIGHUP) raised like Ctrl-C, with its number."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal_number = signal_number

"""Where a batch's records go, and what an earlier run left there (for ``resume``)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from newsdigest.batch.inputs import Input, display_name
from newsdigest.errors import OutputError
from newsdigest.records import Digest, RecordError, to_json_line


class Sink:
    """Where records go, and what an earlier run already left there (for ``resume``)."""

    def done_fingerprint(self, item: Input) -> str | None:
        """The fingerprint of a good record an earlier run wrote for this input, if any."""
        return None

    def write(self, item: Input, digest: Digest) -> None:
        raise NotImplementedError

    def replay(self, item: Input) -> None:
        """An input skipped by ``resume``: carry its earlier record forward, if needed."""

    def close(self) -> None:
        """The run is over: release what the sink holds open."""


class JsonLinesSink(Sink):
    """One JSON record per line on a stream; ``previous`` is an earlier run's output.

    Resuming keeps only (fingerprint, offset) per earlier record and copies the line
    forward when its input comes up, so memory does not grow with the earlier output.
    """

    def __init__(self, stream: IO[str], previous: Path | None = None) -> None:
        self.stream = stream
        self.previous = previous
        self._index: dict[str, tuple[str, int]] = {}
        self._previous_handle: IO[bytes] | None = None
        if previous is not None and previous.exists():
            self._index = _index_records(previous)

    def done_fingerprint(self, item: Input) -> str | None:
        found = self._index.get(item.source)
        return found[0] if found else None

    def write(self, item: Input, digest: Digest) -> None:

        self.stream.write(to_json_line(digest))
        self.stream.flush()

    def replay(self, item: Input) -> None:
        if self.previous is None:
            return
        if self._previous_handle is None:
            self._previous_handle = self.previous.open("rb")
        self._previous_handle.seek(self._index[item.source][1])
        self.stream.write(self._previous_handle.readline().decode("utf-8").rstrip("\n") + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self._previous_handle is not None:
            self._previous_handle.close()
            self._previous_handle = None


class FolderSink(Sink):
    """One ``.json`` file per input, mirroring the input folders; each written whole or not at all."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def done_fingerprint(self, item: Input) -> str | None:
        target = output_path(self.folder, item)
        if not target.exists():
            return None
        record = read_record(target.read_text(encoding="utf-8", errors="replace"))
        return record.fingerprint if record is not None and record.error is None else None

    def write(self, item: Input, digest: Digest) -> None:

        target = output_path(self.folder, item)
        try:
            write_atomically(target, to_json_line(digest))
        except OSError as exc:
            # The folder, not the input, is at fault: stop the run (files written so far stay).
            reason = (exc.strerror or str(exc)).lower()
            raise OutputError(
                f"cannot write {display_name(str(target))} ({reason}); check the --output-dir folder"
            ) from None


class CallbackSink(Sink):
    """Hands each record to a function (the terminal view, a library caller's own store)."""

    def __init__(self, callback: Callable[[Input, Digest], None]) -> None:
        self.callback = callback

    def write(self, item: Input, digest: Digest) -> None:
        self.callback(item, digest)


def read_record(line: str) -> Digest | None:
    """A line of newsdigest JSON output as a typed record; None if it is not one."""
    try:
        return Digest.from_dict(json.loads(line))
    except (json.JSONDecodeError, RecordError, TypeError, ValueError):
        return None


def _index_records(path: Path) -> dict[str, tuple[str, int]]:
    """Good records in an earlier run's JSON Lines output: source → (fingerprint, offset).

    Error records are left out (those inputs are tried again), and so is a last line cut
    short by an interruption.
    """
    index: dict[str, tuple[str, int]] = {}
    offset = 0
    with path.open("rb") as handle:
        for raw in handle:
            record = read_record(raw.decode("utf-8", errors="replace")) if raw.endswith(b"\n") else None
            if record is not None and record.error is None and record.fingerprint:
                index[record.source] = (record.fingerprint, offset)
            offset += len(raw)
    return index


def output_path(folder: Path, item: Input) -> Path:
    """Where --output-dir puts an input's record: its path inside its folder, plus .json."""
    if item.relative is not None:
        return folder / (item.relative + ".json")
    name = Path(item.source).name if item.path else item.source
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name).strip(".") or "stdin"
    return folder / (safe + ".json")


def write_atomically(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)

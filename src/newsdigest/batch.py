"""The batch engine: many inputs in, one record per input out, in order.

- **Inputs** (``iter_inputs``) are files, folders (walked recursively in sorted order;
  hidden files and obvious binaries skipped), '-' for stdin, paths listed in a file
  (``files_from``), or JSON Lines records with ``id`` and ``text`` (or ``html``). They are
  expanded lazily: a million records on stdin are never all in memory.
- **The engine** (``run_batch``) reads and decodes each input in this process (cheap),
  computes its fingerprint (content hash + settings), skips inputs the sink already holds
  with that fingerprint (``resume``), and sends chunks of texts to an **executor**
  (``executors.py``: in this process, a local process pool, or a Dask cluster). A window
  of chunks in flight bounds memory however many inputs there are; results come back in
  input order and go to a **sink** (a JSON Lines stream, a folder, a callback).
- It returns a ``RunSummary`` (counts by outcome, and why it stopped early if it did);
  the CLI maps that to an exit code. Ctrl-C, SIGTERM and a lost cluster stop the run
  cleanly: every finished record has reached the sink, the workers are stopped.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from . import __version__
from .errors import InputError, NewsdigestError
from .options import Options
from .records import Digest, RecordError
from .sources import STDIN, SourceText, decode_article, read_bytes

if TYPE_CHECKING:
    from .executors import Executor

#: File endings that are never article text; skipped when walking folders.
BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .webp .bmp .tif .tiff .ico .svg .pdf .zip .gz .tgz .bz2 .xz .7z .rar .tar .mp3 .mp4 "
    ".m4a .wav .ogg .avi .mov .mkv .webm .exe .dll .so .dylib .bin .class .jar .pyc .o .a .woff .woff2 .ttf "
    ".otf .eot .doc .docx .xls .xlsx .ppt .pptx .odt .sqlite .db .parquet .pkl .npy".split()
)
CHUNK_SIZE = 16
#: Fields of a JSON Lines input record kept in its digest's ``metadata`` (``corpus`` uses them).
RECORD_METADATA = ("title", "date", "url")


@dataclass(frozen=True)
class Input:
    """One thing to digest, as found; ``relative`` is its path inside the folder it came from."""

    source: str
    path: str | None = None
    relative: str | None = None
    text: str | None = None
    error: NewsdigestError | None = None
    #: A JSON Lines record's own ``title``, ``date`` and ``url``, kept with its digest.
    metadata: dict[str, str] | None = None
    #: A link to fetch (http or https) instead of a path or text.
    url: str | None = None


#: An input with its decoded text and fingerprint, or the error that stopped it.
_Prepared = tuple[Input, SourceText | None, str | None, NewsdigestError | None]


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


def settings_fingerprint(options: Options) -> str:
    """A short hash of everything that changes a digest: options, version, model."""
    from .nlp import resolve_model_name

    settings = {**asdict(options), "model": resolve_model_name(options.model), "version": __version__}
    settings["entity_types"] = sorted(options.entity_types) if options.entity_types else None
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:12]


def fingerprint(content: bytes, settings: str) -> str:
    return f"{hashlib.sha256(content).hexdigest()[:16]}-{settings}"


def display_name(name: str) -> str:
    """A path as records show it: valid Unicode. Bytes a file name holds that are not
    UTF-8 (decoded by Python as lone surrogates) are written as \\xNN, so JSON output
    stays valid UTF-8; the path itself is kept apart for reading the file."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def _walk(folder: Path, pattern: str | None, counts: RunSummary) -> Iterator[Input]:
    for root, directories, files in os.walk(folder):
        directories[:] = sorted(d for d in directories if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            relative = path.relative_to(folder).as_posix()
            if name.startswith(".") or path.suffix.lower() in BINARY_SUFFIXES:
                counts.skipped += 1
                continue
            if pattern and not (fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(relative, pattern)):
                continue
            yield Input(source=display_name(str(path)), path=str(path), relative=relative)


def _records(lines: Iterable[str], origin: str) -> Iterator[Input]:
    """JSON Lines records → inputs; a bad line becomes an error record and the rest go on."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Input(source=where, error=InputError(f"not valid JSON ({exc.msg}); fix or remove the line"))
            continue
        if isinstance(record, dict) and "text" not in record and "html" not in record:
            link = record.get("url")
            if isinstance(link, str) and link.startswith(("http://", "https://")):
                source = str(record["id"]) if record.get("id") is not None else link
                kept = {
                    key: record[key] for key in ("title", "date") if isinstance(record.get(key), str) and record[key]
                }
                yield Input(source=source, url=link, metadata=kept or None)
                continue
        if not isinstance(record, dict) or not isinstance(record.get("text", record.get("html")), str):
            message = "record needs a string 'text' (or 'html') field, or an http(s) 'url'"
            yield Input(source=where, error=InputError(message))
            continue
        source = str(record["id"]) if record.get("id") is not None else where
        text = record["text"] if isinstance(record.get("text"), str) else record["html"]
        if "html" in record and "text" not in record and not text.lstrip().startswith("<"):
            text = f"<html><body>{text}</body></html>"
        metadata = {key: record[key] for key in RECORD_METADATA if isinstance(record.get(key), str) and record[key]}
        yield Input(source=source, text=text, metadata=metadata or None)


def iter_inputs(
    inputs: Iterable[str],
    *,
    pattern: str | None = None,
    files_from: str | None = None,
    jsonl: bool = False,
    counts: RunSummary | None = None,
) -> Iterator[Input]:
    """Expand the command line's inputs lazily, in order."""
    counts = counts if counts is not None else RunSummary()
    named = list(inputs)
    if files_from is not None:
        handle = sys.stdin if files_from == STDIN else open(files_from, encoding="utf-8")  # noqa: SIM115
        try:
            named += [line.strip() for line in handle if line.strip()]
        finally:
            if handle is not sys.stdin:
                handle.close()
    for name in named:
        if jsonl:
            if name == STDIN:
                yield from _records(sys.stdin, "stdin")
                continue
            try:
                with open(name, encoding="utf-8") as handle:
                    yield from _records(handle, name)
            except OSError as exc:
                yield Input(source=name, error=InputError(f"cannot read ({exc.strerror}); check the path", name))
            continue
        if name.startswith(("http://", "https://")):
            yield Input(source=name, url=name)
        elif name != STDIN and Path(name).is_dir():
            yield from _walk(Path(name), pattern, counts)
        else:
            yield Input(source=display_name(name), path=name)


def _read(
    item: Input, encoding: str | None, settings: str, timeout: float | None = None
) -> tuple[SourceText | None, str | None, NewsdigestError | None]:
    """Main-process side: bytes → text and fingerprint, or the error."""
    if item.error is not None:
        return None, None, item.error
    try:
        if item.url is not None:
            return _read_url(item, encoding, settings, timeout)
        if item.text is not None:
            content = item.text.encode("utf-8")
            decoded = decode_article(content, item.source, "utf-8")
            if item.metadata:
                decoded = replace(decoded, metadata=item.metadata)
                content += json.dumps(item.metadata, sort_keys=True).encode("utf-8")
        else:
            content = read_bytes(item.path or item.source)
            decoded = decode_article(content, item.source, encoding)
    except NewsdigestError as error:
        if error.source is None:
            error.source = item.source
        return None, None, error
    return decoded, fingerprint(content, settings), None


def _read_url(
    item: Input, encoding: str | None, settings: str, timeout: float | None
) -> tuple[SourceText | None, str | None, NewsdigestError | None]:
    from .fetch import DEFAULT_TIMEOUT, fetch

    assert item.url is not None
    page = fetch(item.url, timeout=timeout or DEFAULT_TIMEOUT)
    if page.charset and not encoding:
        try:
            decoded = decode_article(page.body, item.source, page.charset)
        except (LookupError, NewsdigestError):
            decoded = decode_article(page.body, item.source, None)
    else:
        decoded = decode_article(page.body, item.source, encoding)
    text = decoded.text
    if page.is_html and not text.lstrip().startswith("<"):
        text = f"<html><body>{text}</body></html>"
    elif not page.is_html and text.lstrip().startswith("<"):
        text = text.replace("<", "&lt;")  # plain text that looks like markup stays text
    metadata = {**(item.metadata or {}), "url": page.url}
    return replace(decoded, text=text, metadata=metadata), fingerprint(page.body, settings), None


def digest_chunk(texts: list[SourceText], options: Options) -> list[Digest]:
    """Worker side: clean, parse and analyse texts (the model is loaded once per process)."""
    from .digest import digest_texts

    return list(digest_texts(texts, options))


# --- sinks ------------------------------------------------------------------------------


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
        from .render import to_json_line

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
        from .errors import OutputError
        from .render import to_json_line

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


# --- the engine -------------------------------------------------------------------------


def iter_results(
    items: Iterable[Input],
    options: Options,
    executor: Executor,
    *,
    encoding: str | None = None,
    done: Callable[[Input], str | None] | None = None,
    timeout: float | None = None,
) -> Iterator[tuple[Input, Digest | None]]:
    """Digest inputs in order: (input, digest), digest None for an input ``done`` reports
    as already digested with the same content and settings (its fingerprint)."""
    from .digest import error_digest

    settings = settings_fingerprint(options)

    def prepared() -> Iterator[_Prepared]:
        for item in items:
            if item.url is not None and done is not None:
                # A link is not fetched again when a good record with these settings exists.
                earlier = done(item)
                if earlier is not None and earlier.endswith("-" + settings):
                    yield item, None, earlier, None
                    continue
            text, print_, error = _read(item, encoding, settings, timeout)
            if text is not None and done is not None and print_ is not None and done(item) == print_:
                yield item, None, print_, None  # resumed: nothing to digest
            else:
                yield item, text, print_, error

    def chunks() -> Iterator[list[_Prepared]]:
        chunk: list[_Prepared] = []
        for entry in prepared():
            chunk.append(entry)
            if len(chunk) >= CHUNK_SIZE:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    # The executor sees only the texts; the inputs wait here, in order, beside their results.
    pending: list[list[_Prepared]] = []

    def texts() -> Iterator[list[SourceText]]:
        for chunk in chunks():
            pending.append(chunk)
            yield [text for _, text, _, _ in chunk if text is not None]

    for digests in executor.map(digest_chunk, texts(), options):
        chunk = pending.pop(0)
        results = iter(digests)
        for item, text, print_, error in chunk:
            if error is not None:
                yield item, error_digest(item.source, error)
            elif text is None:
                yield item, None
            else:
                yield item, replace(next(results), fingerprint=print_)


def run_batch(
    items: Iterable[Input],
    options: Options | None = None,
    sink: Sink | None = None,
    *,
    executor: Executor | None = None,
    jobs: int = 1,
    encoding: str | None = None,
    resume: bool = False,
    fail_fast: bool = False,
    on_result: Callable[[Input, Digest | None], None] | None = None,
    summary: RunSummary | None = None,
    timeout: float | None = None,
) -> RunSummary:
    """Digest every input into ``sink``; returns what happened, by outcome.

    ``executor`` defaults to ``jobs`` local processes (this process when 1). With
    ``resume``, inputs the sink already holds with the same content and settings are not
    digested again (a JSON Lines sink copies their earlier records forward). Ctrl-C or a
    termination signal (``Terminated``) and a failing executor end the run early with
    every finished record written; ``summary.stopped`` says which.
    """
    from .errors import ExecutorError
    from .executors import local_executor

    options = options or Options()
    summary = summary if summary is not None else RunSummary()
    sink = sink if sink is not None else CallbackSink(lambda _item, _digest: None)
    owned = executor is None
    active = executor if executor is not None else local_executor(jobs)
    done = sink.done_fingerprint if resume else None
    aborted = False
    try:
        results = iter_results(_counted(items, summary), options, active, encoding=encoding, done=done, timeout=timeout)
        for item, digest in results:
            if digest is None:
                summary.resumed += 1
                sink.replay(item)
            else:
                if digest.error is None:
                    summary.digested += 1
                else:
                    summary.failed += 1
                sink.write(item, digest)
            if on_result is not None:
                on_result(item, digest)
            if fail_fast and digest is not None and digest.error is not None:
                summary.stopped = "fail-fast"
                aborted = True
                break
    except Terminated as stop:
        summary.stopped, summary.signal, aborted = "interrupted", stop.signal_number, True
    except KeyboardInterrupt:
        import signal

        summary.stopped, summary.signal, aborted = "interrupted", int(signal.SIGINT), True
    except ExecutorError as error:
        summary.stopped, summary.message, aborted = "error", str(error), True
    finally:
        if owned:
            active.close(abort=aborted)
        elif aborted:
            active.cancel()
        sink.close()
    return summary


def _counted(items: Iterable[Input], summary: RunSummary) -> Iterator[Input]:
    for item in items:
        summary.seen += 1
        yield item


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

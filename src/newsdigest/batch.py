"""Many inputs: find them, read them in order, digest them in parallel, keep the order.

- Inputs are files, folders (walked recursively in sorted order; hidden files and obvious
  binaries skipped), '-' for stdin, paths listed in a file (``files_from``), or JSON Lines
  records with ``id`` and ``text`` (or ``html``).
- The main process reads and decodes (cheap), computes each input's fingerprint (content
  hash + settings) and skips inputs a previous run already digested (``done``); worker
  processes, each with its own model, clean, parse and analyse chunks of texts. A window
  of chunks in flight bounds memory however many inputs there are; results come back in
  input order.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from . import __version__
from .errors import InputError, NewsdigestError
from .options import Options
from .records import Digest
from .sources import STDIN, SourceText, decode_article, read_bytes

#: File endings that are never article text; skipped when walking folders.
BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .webp .bmp .tif .tiff .ico .svg .pdf .zip .gz .tgz .bz2 .xz .7z .rar .tar .mp3 .mp4 "
    ".m4a .wav .ogg .avi .mov .mkv .webm .exe .dll .so .dylib .bin .class .jar .pyc .o .a .woff .woff2 .ttf "
    ".otf .eot .doc .docx .xls .xlsx .ppt .pptx .odt .sqlite .db .parquet .pkl .npy".split()
)
CHUNK_SIZE = 16


@dataclass(frozen=True)
class Input:
    """One thing to digest, as found; ``relative`` is its path inside the folder it came from."""

    source: str
    path: str | None = None
    relative: str | None = None
    text: str | None = None
    error: NewsdigestError | None = None


#: An input with its decoded text and fingerprint, or the error that stopped it.
_Prepared = tuple[Input, SourceText | None, str | None, NewsdigestError | None]


@dataclass
class Counts:
    digested: int = 0
    failed: int = 0
    skipped: int = 0
    resumed: int = 0


def settings_fingerprint(options: Options) -> str:
    """A short hash of everything that changes a digest: options, version, model."""
    from .nlp import resolve_model_name

    settings = {**asdict(options), "model": resolve_model_name(options.model), "version": __version__}
    settings["entity_types"] = sorted(options.entity_types) if options.entity_types else None
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:12]


def fingerprint(content: bytes, settings: str) -> str:
    return f"{hashlib.sha256(content).hexdigest()[:16]}-{settings}"


def _walk(folder: Path, pattern: str | None, counts: Counts) -> Iterator[Input]:
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
            yield Input(source=str(path), path=str(path), relative=relative)


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
        if not isinstance(record, dict) or not isinstance(record.get("text", record.get("html")), str):
            message = "record needs a string 'text' (or 'html') field"
            yield Input(source=where, error=InputError(message))
            continue
        source = str(record.get("id", where))
        text = record["text"] if isinstance(record.get("text"), str) else record["html"]
        if "html" in record and "text" not in record and not text.lstrip().startswith("<"):
            text = f"<html><body>{text}</body></html>"
        yield Input(source=source, text=text)


def iter_inputs(
    inputs: Iterable[str],
    *,
    pattern: str | None = None,
    files_from: str | None = None,
    jsonl: bool = False,
    counts: Counts | None = None,
) -> Iterator[Input]:
    """Expand the command line's inputs lazily, in order."""
    counts = counts if counts is not None else Counts()
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
        if name != STDIN and Path(name).is_dir():
            yield from _walk(Path(name), pattern, counts)
        else:
            yield Input(source=name, path=name)


def _read(
    item: Input, encoding: str | None, settings: str
) -> tuple[SourceText | None, str | None, NewsdigestError | None]:
    """Main-process side: bytes → text and fingerprint, or the error."""
    if item.error is not None:
        return None, None, item.error
    try:
        if item.text is not None:
            content = item.text.encode("utf-8")
            decoded = decode_article(content, item.source, "utf-8")
        else:
            content = read_bytes(item.path or item.source)
            decoded = decode_article(content, item.source, encoding)
    except NewsdigestError as error:
        if error.source is None:
            error.source = item.source
        return None, None, error
    return decoded, fingerprint(content, settings), None


def _digest_chunk(texts: list[SourceText], options: Options) -> list[Digest]:
    from .digest import digest_texts

    return list(digest_texts(texts, options))


def run(
    items: Iterable[Input],
    options: Options,
    *,
    encoding: str | None = None,
    jobs: int = 1,
    is_done: Callable[[Input, str], bool] | None = None,
    counts: Counts | None = None,
) -> Iterator[tuple[Input, Digest | None]]:
    """Digest inputs in order; yields (input, digest), digest None for inputs ``is_done``
    says an earlier run digested with the same content and settings (its fingerprint)."""
    from .digest import error_digest

    counts = counts if counts is not None else Counts()
    settings = settings_fingerprint(options)

    def skip(item: Input, print_: str | None) -> bool:
        return print_ is not None and is_done is not None and is_done(item, print_)

    def prepared() -> Iterator[_Prepared]:
        for item in items:
            yield (item, *_read(item, encoding, settings))

    def chunks() -> Iterator[list[_Prepared]]:
        chunk: list[_Prepared] = []
        for entry in prepared():
            chunk.append(entry)
            if len(chunk) >= CHUNK_SIZE:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def finish(chunk: list[_Prepared], digests: Iterator[Digest]) -> Iterator[tuple[Input, Digest | None]]:
        for item, _, print_, error in chunk:
            if error is not None:
                counts.failed += 1
                yield item, error_digest(item.source, error)
            elif skip(item, print_):
                counts.resumed += 1
                yield item, None
            else:
                digest = replace(next(digests), fingerprint=print_)
                if digest.error is None:
                    counts.digested += 1
                else:
                    counts.failed += 1
                yield item, digest

    def to_digest(chunk: list[_Prepared]) -> list[SourceText]:
        return [text for item, text, print_, _ in chunk if text is not None and not skip(item, print_)]

    if jobs <= 1:
        for chunk in chunks():
            yield from finish(chunk, iter(_digest_chunk(to_digest(chunk), options)))
        return

    import multiprocessing

    # "spawn": workers start clean and load the model once each; forking a parent that
    # may hold threads (progress bars) is not safe.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    try:
        window: deque[tuple[list[_Prepared], Future[list[Digest]]]] = deque()
        for chunk in chunks():
            window.append((chunk, pool.submit(_digest_chunk, to_digest(chunk), options)))
            if len(window) >= 2 * jobs:
                ready_chunk, future = window.popleft()
                yield from finish(ready_chunk, iter(future.result()))
        while window:
            ready_chunk, future = window.popleft()
            yield from finish(ready_chunk, iter(future.result()))
    finally:
        # Interrupted or abandoned (a closed pipe): do not wait for queued work.
        pool.shutdown(wait=True, cancel_futures=True)


def completed(path: Path) -> dict[str, tuple[str, str]]:
    """Good records in an earlier run's JSON Lines output: source → (fingerprint, line).

    Error records are left out (those inputs are tried again), and so is a last line cut
    short by an interruption.
    """
    done: dict[str, tuple[str, str]] = {}
    if not path.exists():
        return done
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and record.get("error") is None and record.get("fingerprint"):
                done[str(record.get("source"))] = (str(record["fingerprint"]), line.rstrip("\n") + "\n")
    return done


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

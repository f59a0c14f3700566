"""A batch's inputs, found lazily and in order, then read and decoded one at a time.

Inputs are files, folders (walked recursively in sorted order; hidden files and obvious
binaries skipped), '-' for stdin, paths listed in a file (``files_from``), links, or JSON
Lines records with ``id`` and ``text`` (or ``html``). They are expanded lazily: a million
records on stdin are never all in memory. Reading happens in the engine's process, so
workers only ever receive text.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from newsdigest.batch.outcome import RunSummary
from newsdigest.batch.sources import STDIN, decode_article, read_bytes
from newsdigest.errors import InputError, NewsdigestError
from newsdigest.records import SourceText

#: File endings that are never article text; skipped when walking folders.
BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .webp .bmp .tif .tiff .ico .svg .pdf .zip .gz .tgz .bz2 .xz .7z .rar .tar .mp3 .mp4 "
    ".m4a .wav .ogg .avi .mov .mkv .webm .exe .dll .so .dylib .bin .class .jar .pyc .o .a .woff .woff2 .ttf "
    ".otf .eot .doc .docx .xls .xlsx .ppt .pptx .odt .sqlite .db .parquet .pkl .npy".split()
)
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


def read_input(
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
    from newsdigest.batch.fetch import DEFAULT_TIMEOUT, fetch

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

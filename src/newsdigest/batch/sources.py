"""Find inputs, read their bytes and decode them to text.

Decoding is explicit: UTF-8 (with or without BOM) first because nearly all modern text is
UTF-8 and a strict UTF-8 decode almost never succeeds on anything else; then BOM-marked
UTF-16/32; then charset-normalizer's detection for legacy encodings such as Windows-1252.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from newsdigest.errors import BinaryInputError, DecodeError, EmptyInputError, InputError
from newsdigest.records import SourceText

STDIN = "-"

# C0 control bytes other than tab, newlines, form feed and ESC (ANSI colour) are rare in
# text and common in binary formats.
_BINARY_CONTROL_BYTES = frozenset(range(32)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}
_SNIFF_BYTES = 8192
# charset-normalizer is slow on big inputs and a few hundred KB settle any encoding.
_DETECT_BYTES = 262_144
# charset-normalizer's "mess" of text decoded with the right code page stays near 0;
# Cyrillic, Greek or Polish read as cp1252 scores above 1.
_CLEAN_TEXT_MESS = 0.1

_UTF16_32_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


#: The most one input may hold. A news article is kilobytes; a longest novel is a few
#: megabytes. Above this, an input is refused with a message rather than read whole
#: into memory (and parsed for hours).
MAX_INPUT_BYTES = 64 * 1024 * 1024


def _too_large(size: int, source: str) -> InputError:
    return InputError(
        f"is {size / 2**20:,.0f} MB, over the {MAX_INPUT_BYTES // 2**20} MB newsdigest reads as one article; "
        "split it into articles first",
        source,
    )


def read_bytes(source: str) -> bytes:
    """Read all bytes of a path (a file, a FIFO, /dev/stdin), or of stdin when ``source`` is
    ``-``; never more than MAX_INPUT_BYTES."""
    if source == STDIN:
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise _too_large(len(data), source)
        return data
    path = Path(source)
    try:
        # Read through a bounded read, not stat(): FIFOs and /dev/stdin have no size.
        with path.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
            if len(data) > MAX_INPUT_BYTES:
                size = path.stat().st_size if path.is_file() else len(data)
                raise _too_large(size, source)
            return data
    except FileNotFoundError:
        raise InputError("file not found; check the path", source) from None
    except IsADirectoryError:
        raise InputError(
            f"is a directory; name the article files in it instead (e.g. {source.rstrip('/')}/*.txt)",
            source,
        ) from None
    except PermissionError:
        raise InputError("permission denied; check the file's read permission", source) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc}); check the path", source) from None


def looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES]
    if any(head.startswith(bom) for bom, _ in _UTF16_32_BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte in _BINARY_CONTROL_BYTES)
    return controls > max(1, len(head) // 100)


def decode(data: bytes, source: str, encoding: str | None = None) -> SourceText:
    """Decode ``data`` to text; ``encoding`` overrides detection."""
    if encoding is not None:
        try:
            return SourceText(source, data.decode(encoding), encoding)
        except LookupError:
            raise DecodeError(f"unknown encoding {encoding!r}; pass a name such as utf-8 or cp1252", source) from None
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"not valid {encoding} at byte {exc.start}; try another --encoding or omit it to auto-detect",
                source,
            ) from None
    if looks_binary(data):
        raise BinaryInputError("looks like a binary file, not text; pass a plain-text or HTML article", source)
    for bom, name in _UTF16_32_BOMS:
        if data.startswith(bom):
            try:
                return SourceText(source, data.decode(name), name)
            except UnicodeDecodeError:
                break
    try:
        return SourceText(source, data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    # Windows-1252 is the legacy encoding of English-language text (browsers fall back
    # to it, per the WHATWG encoding standard), and on short texts charset-normalizer
    # often prefers a Central European code page that also decodes; so take cp1252
    # whenever it decodes to text that reads cleanly, and detect otherwise.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and mess_ratio(western[:_DETECT_BYTES], _CLEAN_TEXT_MESS) < _CLEAN_TEXT_MESS:
        return SourceText(source, western, "cp1252")

    best = from_bytes(data[:_DETECT_BYTES]).best()
    if best is None:
        raise DecodeError("cannot detect the text encoding; pass --encoding (e.g. --encoding cp1252)", source)
    try:
        return SourceText(source, data.decode(best.encoding), best.encoding)
    except UnicodeDecodeError:
        raise DecodeError(
            f"detected {best.encoding} but the file does not decode with it; pass --encoding", source
        ) from None


def decode_article(data: bytes, source: str, encoding: str | None = None) -> SourceText:
    """Decode one input's bytes; empty or whitespace-only input is an error."""
    decoded = decode(data, source, encoding)
    if not decoded.text.strip():
        what = "stdin was" if source == STDIN else "file is"
        raise EmptyInputError(f"{what} empty; there is no article text to digest", source)
    return decoded


def read_source(source: str, encoding: str | None = None) -> SourceText:
    """Read and decode one input; empty or whitespace-only input is an error."""
    return decode_article(read_bytes(source), source, encoding)

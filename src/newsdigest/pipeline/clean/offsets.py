"""Where each piece of the cleaned text came from in the input."""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass(frozen=True)
class OffsetMap:
    """Where each piece of the cleaned text came from in the original.

    Pieces are (clean_start, orig_start, orig_end, verbatim). A verbatim piece is a copy,
    so offsets inside it map one to one; a repaired piece (a fixed mojibake run, a joined
    line break) maps as a whole to the original range it replaced.
    """

    clean_starts: tuple[int, ...]
    pieces: tuple[tuple[int, int, int, bool], ...]
    clean_length: int

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls((0,), ((0, 0, length, True),), length)

    def _piece(self, offset: int) -> tuple[int, int, int, bool]:
        index = max(0, bisect.bisect_right(self.clean_starts, offset) - 1)
        return self.pieces[index]

    def start(self, offset: int) -> int:
        """Original offset of the character at cleaned ``offset``."""
        clean_start, orig_start, _, verbatim = self._piece(offset)
        return orig_start + (offset - clean_start) if verbatim else orig_start

    def end(self, offset: int) -> int:
        """Original offset just after the character before cleaned ``offset``."""
        if offset <= 0:
            return self.start(0)
        clean_start, orig_start, orig_end, verbatim = self._piece(offset - 1)
        return orig_start + (offset - clean_start) if verbatim else orig_end

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.start(start), self.end(end)


class Builder:
    def __init__(self, original: str) -> None:
        self.original = original
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.pieces: list[tuple[int, int, int, bool]] = []
        self.length = 0

    def _add(self, text: str, orig_start: int, orig_end: int, verbatim: bool) -> None:
        if not text:
            return
        self.starts.append(self.length)
        self.pieces.append((self.length, orig_start, orig_end, verbatim))
        self.parts.append(text)
        self.length += len(text)

    def copy(self, start: int, end: int) -> None:
        self._add(self.original[start:end], start, end, True)

    def replace(self, text: str, orig_start: int, orig_end: int) -> None:
        self._add(text, orig_start, orig_end, False)

    def build(self) -> tuple[str, OffsetMap]:
        return "".join(self.parts), OffsetMap(tuple(self.starts), tuple(self.pieces), self.length)

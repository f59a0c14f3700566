"""Repairs on the way out: glued text split, mojibake fixed, wrapped lines joined, with offsets kept."""

from __future__ import annotations

import re

from .lines import Line
from .offsets import Builder

INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
GLUED_SENTENCE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
WRAPPED_BREAK = re.compile(r"[ \t]*(-?)\n[ \t]*")


def join(builder: Builder, text: str, previous: Line, line: Line) -> None:
    """Separate two kept lines with the original line break, or one where lines were removed."""
    gap = text[previous.end : line.start]
    if "\n" in gap and gap.strip() == "" and gap.count("\n") <= 2:
        builder.copy(previous.end, line.start)
    else:
        builder.replace("\n", previous.end, line.start)


# "…on Monday.The minister": a sentence end glued to the next sentence.


def copy_repaired(builder: Builder, text: str, start: int, end: int, glued: list[int]) -> None:
    """Copy a line (or a hard-wrapped paragraph), repairing it on the way.

    Invisible characters go, mojibake is fixed, a headline glued to the next text gets a
    line break and a sentence glued to the next one a space, and line breaks inside a
    wrapped paragraph become spaces (a hyphen at a line end joins the word back).
    """
    cuts: dict[int, tuple[int, str]] = {}  # original offset → (characters replaced, replacement)
    for point in glued:
        if start < point < end:
            cuts[point] = (0, "\n")  # "ConcernsUS" → "Concerns" / "US"
    for match in GLUED_SENTENCE.finditer(text, start, end):
        cuts.setdefault(match.start(), (0, " "))
    for match in WRAPPED_BREAK.finditer(text, start, end):
        hyphenated = match.group(1) and text[match.end() : match.end() + 1].islower()
        cuts[match.start()] = (match.end() - match.start(), "" if hyphenated else (match.group(1) + " "))
    for match in INVISIBLE.finditer(text, start, end):
        cuts.setdefault(match.start(), (match.end() - match.start(), ""))
    position = start
    for offset in sorted(cuts):
        if offset < position:
            continue
        length, replacement = cuts[offset]
        copy_fixed(builder, text, position, offset)
        builder.replace(replacement, offset, offset + length)
        position = offset + length
    copy_fixed(builder, text, position, end)


def copy_fixed(builder: Builder, text: str, start: int, end: int) -> None:
    piece = text[start:end]
    if not piece or piece.isascii():
        builder.copy(start, end)
        return
    import ftfy
    from ftfy.badness import is_bad

    if not is_bad(piece):
        builder.copy(start, end)
        return
    fixed = ftfy.fix_text(piece, uncurl_quotes=False)
    from difflib import SequenceMatcher

    opcodes = SequenceMatcher(None, piece, fixed, autojunk=False).get_opcodes()
    if any(tag == "insert" for tag, *_ in opcodes) or "delete" in (opcodes[0][0], opcodes[-1][0]):
        # The diff aligned the repair elsewhere: text with no original characters behind
        # it, or original characters at an edge that nothing maps to. Map the whole
        # repaired piece to its whole source instead.
        builder.replace(fixed, start, end)
        return
    for tag, a0, a1, b0, b1 in opcodes:
        if tag == "equal":
            builder.copy(start + a0, start + a1)
        else:
            builder.replace(fixed[b0:b1], start + a0, start + a1)

"""Lines of a page: their bounds, their kind, and the run of them that holds the article."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

TERMINAL_PUNCTUATION = re.compile(r"""[.!?:;"'”’)\]]\s*$""")
NOT_LETTERS = re.compile(r"[\W_]+")
# Hard-wrapped text: lines of 40 characters or more that stop mid-sentence make up 30% of
# the lines (three at least), and 30% of them go on in lower case on the next line.
WRAPPED_LINE_MIN_CHARS = 40
WRAPPED_MIN_LINES = 3
WRAPPED_MIN_SHARE = 0.3
CONTINUED_MIN_SHARE = 0.3
# A photo credit costs the run one word: a caption inside the story must not cut it in two.
CREDIT_WEIGHT = -1.0
# Any other furniture weighs at least as much as a four-word line against the article.
FURNITURE_MIN_WEIGHT = 4


def is_hard_wrapped(text: str) -> bool:
    """True when most line breaks fall mid-sentence, as in e-mail or fixed-width text.

    Scraped and pasted articles put one paragraph per line, so a line break is a
    sentence boundary; hard-wrapped text breaks lines every ~70 characters wherever a
    word ends, and there only blank lines separate paragraphs.
    """
    lines = [line.strip() for line in text.split("\n")]
    non_empty = sum(1 for line in lines if line)
    wrapped = [
        following
        for line, following in itertools.pairwise(lines)
        if len(line) >= WRAPPED_LINE_MIN_CHARS and following and not TERMINAL_PUNCTUATION.search(line)
    ]
    # Wrapping breaks wherever a word ends, so the next line often starts in lower case;
    # a list of headlines or menu items does not.
    continued = sum(1 for following in wrapped if following[0].islower())
    return (
        len(wrapped) >= WRAPPED_MIN_LINES
        and len(wrapped) >= WRAPPED_MIN_SHARE * non_empty
        and continued >= CONTINUED_MIN_SHARE * len(wrapped)
    )


@dataclass
class Line:
    start: int
    end: int  # stripped bounds in the original
    text: str
    words: int
    kind: str = "prose"  # or one of KINDS

    @property
    def weight(self) -> float:
        if self.kind == "prose":
            return float(self.words)
        if self.kind == "code":
            # A listing or a table inside a technical article: the prose on either side of
            # it is one story, however long the listing.
            return 0.0
        if self.kind == "credit":
            # Photos sit inside stories: their captions and credits must not cut a lede
            # off the paragraphs under the photo.
            return CREDIT_WEIGHT
        # Boilerplate weighs at least as much as a short sentence, so a column of menu
        # items adds up against the article, while a lone caption inside it does not.
        return -float(max(self.words, FURNITURE_MIN_WEIGHT))


def letters_only(text: str) -> str:
    """Letters and digits only, lower case: the same words whatever the quotes and spacing."""
    return NOT_LETTERS.sub("", text.lower())


def split_lines(text: str, wrapped: bool = False) -> list[Line]:
    """Non-blank lines with their offsets; in hard-wrapped text, whole paragraphs.

    In wrapped text a line goes on in the next when it was filled to near the wrap width,
    or when the next one carries on its sentence in lower case. A paragraph's short last
    line ends it even without a blank line after it, and a menu or a list of short items
    pasted without blank lines around a wrapped article stays a column of lines instead
    of becoming the article's first paragraph.
    """
    lines: list[Line] = []
    position = 0
    above = ""  # the physical line above; "" after a blank line
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = position + (len(raw) - len(raw.lstrip()))
            end = start + len(stripped)
            if wrapped and lines and above and continues_paragraph(above, stripped):
                previous = lines[-1]
                joined = text[previous.start : end]
                lines[-1] = Line(previous.start, end, " ".join(joined.split()), len(joined.split()))
            else:
                lines.append(Line(start, end, stripped, len(stripped.split())))
        above = stripped
        position += len(raw) + 1
    return lines


def continues_paragraph(line: str, following: str) -> bool:
    """Does ``following`` carry on the paragraph of ``line``, broken where the text was
    wrapped? Yes when ``line`` was filled to near a wrap width, or when ``following``
    carries on its sentence in lower case or with a figure ("The" / "1990s were …")."""
    if len(line) >= WRAPPED_LINE_MIN_CHARS:
        return True
    opening = following.lstrip("\"'“‘(")
    return not TERMINAL_PUNCTUATION.search(line) and (opening[:1].islower() or opening[:1].isdigit())


def best_run(weights: list[float]) -> tuple[int, int]:
    """Indices [start, end) of the contiguous run with the largest total weight (Kadane)."""
    best, best_start, best_end = float("-inf"), 0, 0
    current, current_start = 0.0, 0
    for index, weight in enumerate(weights):
        if current <= 0:
            current, current_start = weight, index
        else:
            current += weight
        if current > best:
            best, best_start, best_end = current, current_start, index + 1
    return best_start, best_end

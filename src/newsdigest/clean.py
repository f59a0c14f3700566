"""Raw article text → where the title and the body are.

For now this finds a leading headline; boilerplate removal builds on it later. It never
rewrites the text: stages work on the decoded input so that every offset stays true.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_MAX_TITLE_WORDS = 20
# Headlines end without a full stop; a line that ends like a sentence is prose.
_SENTENCE_END = re.compile(r"[.,;:]\s*$")
_TERMINAL_PUNCTUATION = re.compile(r"""[.!?:;"'”’)\]]\s*$""")


@dataclass(frozen=True)
class Layout:
    title: str | None
    #: Offset in the input where the article body starts (after the title, if any).
    body_start: int


def is_hard_wrapped(text: str) -> bool:
    """True when most line breaks fall mid-sentence, as in e-mail or fixed-width text.

    Scraped and pasted articles put one paragraph per line, so a line break is a
    sentence boundary; hard-wrapped text breaks lines every ~70 characters wherever a
    word ends, and there only blank lines separate paragraphs.
    """
    lines = [line.strip() for line in text.split("\n")]
    non_empty = sum(1 for line in lines if line)
    wrapped = sum(
        1
        for line, following in itertools.pairwise(lines)
        if len(line) >= 40 and following and not _TERMINAL_PUNCTUATION.search(line)
    )
    return wrapped >= 3 and wrapped >= 0.3 * non_empty


def find_layout(text: str) -> Layout:
    """Take the first line as the title when it reads like a headline above a longer body."""
    stripped_start = len(text) - len(text.lstrip())
    line_end = text.find("\n", stripped_start)
    if line_end == -1:
        return Layout(None, stripped_start)
    first_line = text[stripped_start:line_end].strip()
    rest = text[line_end:].strip()
    # In hard-wrapped text the first line is usually a sentence cut short; only a
    # blank line after it makes it a heading.
    if is_hard_wrapped(text) and not text[line_end + 1 :].startswith(("\n", "\r\n")):
        return Layout(None, stripped_start)
    words = first_line.split()
    is_title = (
        2 <= len(words) <= _MAX_TITLE_WORDS
        and not _SENTENCE_END.search(first_line)
        and len(rest) >= 2 * len(first_line)
        and any(ch.isalpha() for ch in first_line)
    )
    if not is_title:
        return Layout(None, stripped_start)
    return Layout(first_line, line_end + 1)

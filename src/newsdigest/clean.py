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


# --- headlines and glued words -------------------------------------------------------
#
# Scraped pages glue a headline to the teaser after it ("…Ukraine War ConcernsUS Defense
# Secretary…") and list headlines in title case, where the NER model tags spans like
# "Hegseth Makes". These helpers find both from the text alone so later stages can treat
# such stretches with suspicion.

_FUNCTION_WORDS = frozenset(
    "a an the of in on at to for and or nor but by with as from vs via into onto over under amid after before about"
    " is are was were be been its his her their our up off out than not so per".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’.&-]*")
# A word ending in lower case immediately followed by an upper-case word start: "ConcernsUS".
_GLUE = re.compile(r"(?<=[a-z]{2})(?=[A-Z](?:[A-Z.]|[a-z]{2}))")
# Commas and brackets too: a comma-separated list of names is not a headline.
_SEGMENT_BREAK = re.compile(r"[\n.!?:;,()|»«•·–—]+\s*|\s[-–—]\s")


def _is_title_case_run(words: list[str]) -> bool:
    content = [word for word in words if word.lower() not in _FUNCTION_WORDS]
    if len(content) < 3:
        return False
    # Every content word capitalised: prose about people ("Chancellor Angela Merkel met
    # French President Emmanuel Macron") always has a lower-case verb somewhere.
    return all(word[0].isupper() for word in content)


def _is_all_caps_run(words: list[str]) -> bool:
    letters = [word for word in words if sum(ch.isalpha() for ch in word) >= 2]
    # Three words at least: "NEW YORK 1996-08-30" is a dateline, and the model reads those well.
    return len(letters) >= 3 and sum(1 for word in letters if word.isupper()) / len(letters) >= 0.8


def glue_points(text: str) -> list[int]:
    """Offsets where one piece of text runs straight into the next: "ConcernsUS".

    CamelCase brand names ("BlackRock", "YouTube") also join lower and upper case, so a
    join counts only with more evidence: the words before it, back to the line start,
    read as a title-case headline; or the glued token occurs once while its left part
    stands alone elsewhere in the text ("UkraineNew" beside many "Ukraine").
    """
    points = []
    for match in _GLUE.finditer(text):
        offset = match.start()
        line_start = text.rfind("\n", 0, offset) + 1
        words = _WORD.findall(text[line_start:offset])
        if len(words) >= 4 and _is_title_case_run(words[-8:]):
            points.append(offset)
            continue
        token_start = offset
        while token_start > 0 and text[token_start - 1].isalpha():
            token_start -= 1
        token_end = offset
        while token_end < len(text) and (text[token_end].isalnum() or text[token_end] == "."):
            token_end += 1
        left, token = text[token_start:offset], text[token_start:token_end].rstrip(".")
        standalone = len(re.findall(rf"(?<!\w){re.escape(left)}(?![\w])", text))
        if standalone >= 2 and text.count(token) == 1:
            points.append(offset)
    return points


def headline_ranges(text: str, glued: list[int] | None = None) -> list[tuple[int, int]]:
    """Character ranges that read as headlines: title-case or all-caps runs of words.

    Text is cut into segments at line ends, sentence punctuation, glue points and dashes;
    a segment of at least three content words that are (nearly) all capitalised is a
    headline, not prose. A sentence of names ("Pete Hegseth met John Healey") has
    lower-case verbs and stays prose.
    """
    cuts = sorted({0, len(text), *(glued if glued is not None else glue_points(text))})
    ranges = []
    for piece_start, piece_end in itertools.pairwise(cuts):
        position = piece_start
        for match in [*_SEGMENT_BREAK.finditer(text, piece_start, piece_end), None]:
            end = match.start() if match else piece_end
            words = _WORD.findall(text[position:end])
            if _is_all_caps_run(words) or (len(words) >= 4 and _is_title_case_run(words)):
                ranges.append((position, end))
            if match:
                position = match.end()
    return ranges

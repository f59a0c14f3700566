"""Headlines and glued words, found from the text alone.

Shared with the entity stage, which treats headline stretches with suspicion."""

from __future__ import annotations

import itertools
import re

# --- headlines and glued words -------------------------------------------------------
#
# Scraped pages glue a headline to the teaser after it ("…Ukraine War ConcernsUS Defense
# Secretary…") and list headlines in title case, where the NER model tags spans like
# "Hegseth Makes". These helpers find both from the text alone so later stages can treat
# such stretches with suspicion.

FUNCTION_WORDS = frozenset(
    "a an the of in on at to for and or nor but by with as from vs via into onto over under amid after before about"
    " is are was were be been its his her their our up off out than not so per".split()
)
WORD = re.compile(r"[^\W\d_][\w'’.&-]*")
# A word ending in lower case immediately followed by an upper-case word start: "ConcernsUS".
GLUE = re.compile(r"(?<=[a-z]{2})(?=[A-Z](?:[A-Z.]|[a-z]{2}))")
# All caps: three upper-case words at least ("NEW YORK 1996-08-30" is a dateline, which the
# model reads well), 80% of the words of two letters or more.
ALL_CAPS_MIN_WORDS = 3
ALL_CAPS_MIN_SHARE = 0.8
# Verbs title case would capitalise ("What Is AI"): written in lower case, they are prose.
LOWER_CASE_VERBS = frozenset("is are was were be been".split())
# A title-case headline segment: four words at least (of them three content words).
HEADLINE_MIN_WORDS = 4
# Before a glue point, the last eight words holding five capitalised content words read as
# a headline: "Shares in Tokyo's SoftBank and BlackRock" is prose.
GLUED_HEADLINE_WORDS = 8
GLUED_HEADLINE_MIN_CONTENT = 5
# A glued token's left part standing alone twice elsewhere ("UkraineNew" beside "Ukraine").
GLUED_LEFT_MIN_STANDALONE = 2
# Commas and brackets too: a comma-separated list of names is not a headline.
SEGMENT_BREAK = re.compile(r"[\n.!?:;,()|»«•·–—]+\s*|\s[-–—]\s")


def is_title_case_run(words: list[str], min_content: int = 3) -> bool:
    content = [word for word in words if word.lower() not in FUNCTION_WORDS]
    if len(content) < min_content:
        return False
    # Every content word capitalised: prose about people ("Chancellor Angela Merkel met
    # French President Emmanuel Macron") always has a lower-case verb somewhere.
    return all(word[0].isupper() for word in content)


def is_all_caps_run(words: list[str]) -> bool:
    if sum(1 for word in words if word.isupper()) < ALL_CAPS_MIN_WORDS:
        return False  # most segments are prose: decided without counting letters
    letters = [word for word in words if sum(ch.isalpha() for ch in word) >= 2]
    return (
        len(letters) >= ALL_CAPS_MIN_WORDS
        and sum(1 for word in letters if word.isupper()) / len(letters) >= ALL_CAPS_MIN_SHARE
    )


def glue_points(text: str) -> list[int]:
    """Offsets where one piece of text runs straight into the next: "ConcernsUS".

    CamelCase brand names ("BlackRock", "YouTube") also join lower and upper case, so a
    join counts only with more evidence: the words before it, back to the line start,
    read as a title-case headline; or the glued token occurs once while its left part
    stands alone elsewhere in the text ("UkraineNew" beside many "Ukraine").
    """
    points = []
    for match in GLUE.finditer(text):
        offset = match.start()
        line_start = text.rfind("\n", 0, offset) + 1
        words = WORD.findall(text[line_start:offset])
        if len(words) >= HEADLINE_MIN_WORDS and is_title_case_run(
            words[-GLUED_HEADLINE_WORDS:], min_content=GLUED_HEADLINE_MIN_CONTENT
        ):
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
        if standalone >= GLUED_LEFT_MIN_STANDALONE and text.count(token) == 1:
            points.append(offset)
    return points


def headline_ranges(
    text: str, glued: list[int] | None = None, clauses_continue_prose: bool = True
) -> list[tuple[int, int]]:
    """Character ranges that read as headlines: title-case or all-caps runs of words.

    Text is cut into segments at line ends, sentence punctuation, glue points and dashes;
    a segment of at least three content words that are (nearly) all capitalised is a
    headline, not prose. A sentence of names ("Pete Hegseth met John Healey") has
    lower-case verbs and stays prose. With ``clauses_continue_prose`` (the entity stage), so does a
    clause after a comma that follows prose, and a segment with "is", "was" … in lower case,
    which title case would capitalise; cleaning reads without it, as it was tuned (with it, two
    more of dragnet's 440 raw summary sentences came from outside the story).
    """
    cuts = sorted({0, len(text), *(glued if glued is not None else glue_points(text))})
    ranges = []
    for piece_start, piece_end in itertools.pairwise(cuts):
        position = piece_start
        # A clause after a comma continues whatever came before it: "…, Yeun Joon Kim of Cambridge
        # Judge Business School and Jing Zhou, Professor of …" is a sentence's list of names.
        continues_prose = False
        for match in [*SEGMENT_BREAK.finditer(text, piece_start, piece_end), None]:
            end = match.start() if match else piece_end
            words = WORD.findall(text[position:end])
            headline = not continues_prose and (
                is_all_caps_run(words) or (len(words) >= HEADLINE_MIN_WORDS and is_title_case_run(words))
            )
            if headline and clauses_continue_prose and any(word in LOWER_CASE_VERBS for word in words):
                headline = False  # title case capitalises verbs: "Rahul Tyagi is the CEO and Founder of …"
            if headline:
                ranges.append((position, end))
            if match:
                position = match.end()
                after_comma = "," in match.group() and "\n" not in match.group()
                continues_prose = clauses_continue_prose and after_comma and not headline and bool(words)
    return ranges

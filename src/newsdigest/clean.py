"""Raw article text → the article: title, body, source tags, and what was removed and why.

People paste or scrape whole pages: navigation, "Read more »" links, related-story lists,
share buttons, bylines, captions, tag lines and footers around the article. This stage
finds the article the way a reader would, line by line:

- each line is classified from its own signals (sentence punctuation, length, stopword
  density, boilerplate phrases, title case, links glued to headlines);
- the article body is the run of lines with the most prose in it, net of the
  boilerplate inside it (a maximum-sum run, so a caption inside the story does not cut
  it in two, but a footer of related links after it is left out);
- lines are also read with their neighbours: the paragraph above a photo credit is a
  caption, a "Key Points" heading starts a summary box, a "Most Popular" heading starts
  a list of other stories, a byline or lone dateline near the top ends the header, and a
  line the story says again (a pull quote) is read once;
- the headline just above the body is the title; a trailing line of title-case words is
  the publisher's tags.

Kept lines are repaired (invisible characters, mojibake via ftfy, glued sentences,
hard-wrapped lines and line-end hyphens) and joined into the text spaCy sees. Every piece
of that text remembers where it came from, so offsets map back to the decoded input.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

_MAX_TITLE_WORDS = 20
_HEADLINE_SHARE = 0.6  # of a line's characters in title-case or all-caps runs
# A photo credit names a photographer and an agency; a caption is a sentence or two.
_MAX_CREDIT_WORDS = 10
_MAX_CAPTION_WORDS = 40
# Headlines end without a full stop; a line that ends like a sentence is prose.
_SENTENCE_END = re.compile(r"[.,;:]\s*$")
_TERMINAL_PUNCTUATION = re.compile(r"""[.!?:;"'”’)\]]\s*$""")


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
        if len(line) >= 40 and following and not _TERMINAL_PUNCTUATION.search(line)
    ]
    # Wrapping breaks wherever a word ends, so the next line often starts in lower case;
    # a list of headlines or menu items does not.
    continued = sum(1 for following in wrapped if following[0].islower())
    return len(wrapped) >= 3 and len(wrapped) >= 0.3 * non_empty and continued >= 0.3 * len(wrapped)


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


def _is_title_case_run(words: list[str], min_content: int = 3) -> bool:
    content = [word for word in words if word.lower() not in _FUNCTION_WORDS]
    if len(content) < min_content:
        return False
    # Every content word capitalised: prose about people ("Chancellor Angela Merkel met
    # French President Emmanuel Macron") always has a lower-case verb somewhere.
    return all(word[0].isupper() for word in content)


def _is_all_caps_run(words: list[str]) -> bool:
    if sum(1 for word in words if word.isupper()) < 3:
        return False  # most segments are prose: decided without counting letters
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
        # Five capitalised content words at least: "Shares in Tokyo's SoftBank and BlackRock" is prose.
        if len(words) >= 4 and _is_title_case_run(words[-8:], min_content=5):
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


# --- offsets --------------------------------------------------------------------------


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


class _Builder:
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


# --- line classification ---------------------------------------------------------------

_BOILERPLATE = re.compile(
    r"^\W*(read (more|full (story|article))|continue reading|click here|advertisement|advertising|sponsored"
    r"|share( this| on)?|tweet|e-?mail this|print( this)?|sign (in|up)|log ?in|subscribe|newsletter|cookies?"
    r"|we use cookies|accept (all )?cookies|privacy( policy| notice)?|terms (of|and) (use|service|conditions)"
    r"|all rights reserved|copyright|©|follow us|skip to|back to top|jump to|loading|download (the|our) app"
    r"|listen to (this|the) (article|story)|watch:|video:|image:|photo:|getty images|open in app)\b",
    re.IGNORECASE,
)
_SECTION_HEADER = re.compile(
    r"^\W*(related( news| articles| stories| coverage| content| posts| topics| reading)?|similar (news|stories|articles)"
    r"|more (from|on|stories|news|in|like this|to read)|recommended( for you| stories)?"
    r"|you (may|might) (also )?(like|enjoy|be interested)|read next|see also|most (read|popular|viewed|shared)"
    r"|trending( now| stories)?|popular (now|stories)|top stories|latest (news|stories|headlines)"
    r"|comments?|leave a (comment|reply)|further reading|what to read next|editors'? picks)\b",
    re.IGNORECASE,
)
# "By Jane Smith", not "By early 2005 the net …": a name follows.
_BYLINE = re.compile(r"^(?i:by|written by|words by|reporting by|posted by|story by|author:?)\s+[A-Z]")
# An author's name with their handle: "Nishant Kumar @Nishantopines", "Natasha Turak@NatashaTurak".
_AUTHOR_HANDLE = re.compile(r"^[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3}\s*@\w+$")
# A dateline on a line of its own: "BAAR, SWITZERLAND".
_PLACE_LINE = re.compile(r"^[A-Z][A-Z.'’ -]+, [A-Z][A-Z.'’ -]+$")
# "Meg James is a corporate media reporter for …": the author's bio, not the story.
_AUTHOR_BIO = re.compile(
    r"^[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3} (is|was|has been) an? ([\w-]+ ){0,4}"
    r"(reporter|writer|correspondent|editor|columnist|journalist|contributor|producer|author|critic)\b"
)
# Promotions and site furniture that can sit anywhere in a line.
_PROMOTION = re.compile(
    r"\b(subscribe|unsubscribe|newsletters?|sign up (for|to) (our|the|free)|sign up (now|here|today)|opt-in"
    r"|(to|in) your inbox|affiliate (links?|commission)|privacy policy|terms of (use|service)|all rights reserved"
    r"|advertisement|follow us|click here|our app|free trial)\b",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"^(file photo|above|below|pictured|top|left|right|inset|photo|image)\s*[:\-–]\s|\b(pictured|photographed)\b"
    # A credit at the very end, without a full stop: "(Manu Fernandez/AP)", "… / AP file".
    r"|(/\s*[\w ]+|\bvia\s+[A-Z][\w ]+|\bcredit\s*:\s*[\w ]+)[)\]]?\s*$"
    r"|^\(.*\)$|^\[.*\]$"
    # Agency photo captions date the picture: "… in Indianapolis, Tuesday, Nov. 19, 2019, …"
    r"|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday), (jan|feb|march|april|may|june|july|aug|sept?|oct|nov|dec)[a-z]*\.? \d{1,2}, \d{4}\b"
    r"|^an? (artist'?s?|computer[- ]generated)? ?(illustration|rendering|impression|image|photo|view) (of|shows)\b",
    re.IGNORECASE,
)
_COOKIE_NOTICE = re.compile(r"\bcookies?\b.*\b(website|browser|consent|experience|third[- ]party)\b", re.IGNORECASE)
_DATE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b|\b\d{1,2}\s+"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(updated|published|posted)\b.*\d",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"(\b(photo|image|picture|illustration|graphic)s?\b.{0,20}(credit|by|:|©)|\(?(getty images|reuters|ap photo|afp"
    r"|shutterstock|epa|alamy)\)?\s*$)",
    re.IGNORECASE,
)
# The signature under an embedded post: "— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019".
_EMBED_ATTRIBUTION = re.compile(r"^[—–-]\s*\S.{0,80}\(@\w+\)")
# The heading of a publisher's summary box above the story ("Key Points" and its bullets):
# a second telling of the story, not the story.
_HIGHLIGHTS_HEADER = re.compile(
    r"^\W*(key (points|takeaways|facts)|(story )?highlights|at a glance|in brief|tl;? ?dr|the gist"
    r"|what you need to know|quick read|in short|summary)\W*$",
    re.IGNORECASE,
)
_HIGHLIGHTS_MAX_LINES = 6
_HIGHLIGHTS_MAX_ABOVE = 0.2  # share of the page's prose words above the box
# A headline run into its own teaser at an all-caps dateline, mid-line: "Indian-origin man
# pleads guilty to fraud scheme in US NEW YORK: An Indian-origin man has …" (a news ticker).
_TEASER = re.compile(r"[^\sA-Z]\s+(?:[A-Z][A-Z.'’-]+,?\s){0,3}[A-Z][A-Z.'’-]{3,}\s?(?::|\s[—–])\s+[A-Z“\"]")
_RELATED_HEADING_MAX_WORDS = 4
_RELATED_LIST_MAX_LINES = 10
_RELATED_ITEM_MAX_WORDS = 20
# Another story of the same site, linked inside the article: "Also on rt.com Journalists …".
_ALSO_ON = re.compile(r"^\W*also on [\w-]+(\.[\w-]+)+\b", re.IGNORECASE)
# A short paragraph that ends by asking for a sign-up is an advertisement for the site.
_CALL_TO_ACTION = re.compile(
    r"^\W*(sign up|subscribe|follow us|click here|download (the|our)|register (now|here|for free))\b", re.IGNORECASE
)
_PROMOTED_PARAGRAPH_MAX_WORDS = 60
_SENTENCE_START = re.compile(r"(?<=[.!?])\s+(?=[\"“'‘(]?[A-Z])")

_KNOWN_TITLE_LINES = 3
_HEADER_MAX_LINES = 6  # lines at the top of the run where a byline or date ends the header
_TITLE_LOOKBACK = 8  # lines above the body: past bylines, dates, captions and a "Key Points" box
_REPEATS_MAX_LINES = 2000
_REPEAT_MIN_WORDS = 6
_NOT_LETTERS = re.compile(r"[\W_]+")
# A credit line and nothing else: "Photo: Getty Images", "Sanjeev Verma/Hindustan Times/Getty Images".
_PHOTO_CREDIT = re.compile(
    r"^\W*(photo|image|picture)s?( credit)?\s*:|^\W*(getty images|shutterstock)\W*$"
    r"|[/|]\s*(getty images|ap|afp|reuters|shutterstock|epa|alamy|bloomberg)\W*$",
    re.IGNORECASE,
)
_TAGS_PREFIX = re.compile(r"^\W*(tags?|topics?|keywords?|filed under|categories)\s*[:\-–]\s*", re.IGNORECASE)
_TAG_SEPARATORS = re.compile(r"\s*[,;|·•#]\s*")
_URL = re.compile(r"https?://|www\.\w|\w@\w+\.\w")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
_UNPUNCTUATED_PROSE_WORDS = 20
_BULLET = re.compile(r"^[-–•*·]\s")
_BULLET_MIN_WORDS = 8
_ENDS_SENTENCE = re.compile(r"[a-z\d)][.!?][\"'”’]?$")
_SENTENCE_PUNCTUATION = re.compile(r"[.!?]([\"'”’)]|\s|$)")
# A few very common words of English; their density tells running prose from lists.
_STOPWORDS = frozenset(
    "the a an of to in and or for on at by with from that this is was are were be been has have had it its as "
    "but not he she they we you i his her their our will would said says".split()
)

KINDS = (
    "navigation",
    "boilerplate",
    "related",
    "highlights",
    "repeated",
    "byline",
    "dateline",
    "credit",
    "tags",
    "headline",
    "short",
    "outside",
)


@dataclass
class _Line:
    start: int
    end: int  # stripped bounds in the original
    text: str
    words: int
    kind: str = "prose"  # or one of KINDS

    @property
    def weight(self) -> float:
        if self.kind == "prose":
            return float(self.words)
        if self.kind == "credit":
            # Photos sit inside stories: their captions and credits must not cut a lede
            # off the paragraphs under the photo.
            return -1.0
        # Boilerplate weighs at least as much as a short sentence, so a column of menu
        # items adds up against the article, while a lone caption inside it does not.
        return -float(max(self.words, 4))


def _classify(line: _Line, headline: bool) -> str:
    text = line.text
    words = line.words
    lowered_words = [w.lower().strip(".,:;!?\"'()") for w in text.split()]
    stop_share = sum(1 for w in lowered_words if w in _STOPWORDS) / max(words, 1)
    sentence_marks = len(_SENTENCE_PUNCTUATION.findall(text))
    if _SECTION_HEADER.match(text) and (words <= 8 or text.rstrip().endswith(":") or ":" in text[:30]):
        return "related"
    if _ALSO_ON.match(text):
        return "related"
    if _BOILERPLATE.match(text) and words <= 12:
        return "boilerplate"
    if words <= _PROMOTED_PARAGRAPH_MAX_WORDS and _CALL_TO_ACTION.match(_last_sentence(text)):
        return "boilerplate"
    if _TAGS_PREFIX.match(text):
        return "tags"
    if words <= 12 and (_BYLINE.match(text) or _AUTHOR_HANDLE.match(text)):
        return "byline"
    if _EMBED_ATTRIBUTION.match(text):
        return "credit"
    if words <= 12 and ((_DATE.search(text) and sentence_marks <= 1) or _PLACE_LINE.match(text)):
        return "dateline"
    if words <= 15 and _CREDIT.search(text):
        return "credit"
    if words <= 60 and _AUTHOR_BIO.match(text):
        return "byline"
    if words <= 40 and _CAPTION.search(text) and not text.endswith(("?", '"', "”")):
        return "credit"
    if (words <= 30 and _PROMOTION.search(text)) or _COOKIE_NOTICE.search(text):
        return "boilerplate"
    if _URL.search(text) and words <= 6:
        return "navigation"
    if headline:
        return "headline"
    is_sentence = sentence_marks >= 1 and words >= 6
    # A sentence that ends with a full stop reads as prose even when dense with names
    # ("Charlton manager Alan Curbishley paid tribute to … Jonatan Johansson after beating Norwich.").
    if is_sentence and (stop_share >= 0.12 or words >= 15 or (words >= 10 and _ENDS_SENTENCE.search(text))):
        return "prose"
    if words >= 25 or (words >= _UNPUNCTUATED_PROSE_WORDS and stop_share >= 0.12):
        # A long line with no full stop is still prose (a lede that lost it, or a
        # language our stopword list does not know); headlines are shorter.
        return "prose"
    if words >= _BULLET_MIN_WORDS and _BULLET.match(text) and stop_share >= 0.12:
        return "prose"  # an item of a list in the story ("- Duty cuts on capital goods and …")
    return "short"


def _mark_highlights(lines: list[_Line]) -> None:
    """A "Key Points" heading above the story and the prose lines under it, when something
    that is not prose (a caption, a credit, a byline) closes the box; unclosed, or further
    down the page (a review's "TL;DR" verdict), the lines stay."""
    total_prose = sum(line.words for line in lines if line.kind == "prose")
    prose_above = 0
    for index, line in enumerate(lines):
        if line.kind == "prose":
            prose_above += line.words
        if prose_above > _HIGHLIGHTS_MAX_ABOVE * total_prose:
            return
        if line.words > 5 or not _HIGHLIGHTS_HEADER.match(line.text):
            continue
        box = lines[index + 1 : index + 1 + _HIGHLIGHTS_MAX_LINES]
        closing = next((n for n, item in enumerate(box) if item.kind not in ("prose", "short")), None)
        if closing:
            for item in (line, *box[:closing]):
                item.kind = "highlights"


def _mark_related_lists(lines: list[_Line]) -> None:
    """Under a heading such as "Most Popular", the short lines that follow are its list of
    other stories' headlines, up to the first line that reads as a paragraph."""
    headings = [
        index
        for index, line in enumerate(lines)
        if line.kind == "related" and line.words <= _RELATED_HEADING_MAX_WORDS and ":" not in line.text.rstrip(": ")
    ]
    for index in headings:
        for item in lines[index + 1 : index + 1 + _RELATED_LIST_MAX_LINES]:
            if (
                item.words >= _RELATED_ITEM_MAX_WORDS
                or item.kind not in ("prose", "short", "headline")
                or item.text.endswith(".")  # headlines carry no full stop; a short paragraph does
            ):
                break
            item.kind = "related"


def _letters(text: str) -> str:
    """Letters and digits only, lower case: the same words whatever the quotes and spacing."""
    return _NOT_LETTERS.sub("", text.lower())


def _mark_repeats(run: list[_Line]) -> None:
    """Pull quotes and teasers repeat the story's own words: a prose line found again
    inside a longer line, or a second copy of a line, is not read twice."""
    if len(run) > _REPEATS_MAX_LINES:
        return  # a book-length text, not a web page; the check is quadratic
    letters = [_letters(line.text) if line.kind == "prose" else "" for line in run]
    joined = "\n".join(letters)
    copies = Counter(letters)
    seen: set[str] = set()
    for line, text in zip(run, letters, strict=True):
        if line.words < _REPEAT_MIN_WORDS or not text:
            continue
        if text in seen or joined.count(text) > copies[text]:
            line.kind = "repeated"
        seen.add(text)


def _mark_tickers(lines: list[_Line]) -> None:
    """Headlines run into their teasers come in lists; one such line alone is more likely
    prose quoting an acronym ("… told REUTERS: …"), so only neighbours count."""
    teasers = [line.kind in ("prose", "short") and _is_teaser(line.text) for line in lines]
    for index, line in enumerate(lines):
        if teasers[index] and ((index > 0 and teasers[index - 1]) or (index + 1 < len(lines) and teasers[index + 1])):
            line.kind = "related"


def _find_known_title(lines: list[_Line], title: str | None) -> _Line | None:
    """The line among the first few that says the page's title, or the title's last part
    ("Opinion | Is Football Violence a Crime?" above "Is Football Violence a Crime?")."""
    wanted = _letters(title) if title else ""
    if not wanted:
        return None
    for line in lines[:_KNOWN_TITLE_LINES]:
        letters = _letters(line.text)
        if letters and (letters == wanted or (line.words >= 3 and wanted.endswith(letters))):
            return line
    return None


def _last_sentence(text: str) -> str:
    return _SENTENCE_START.split(text)[-1]


def _is_teaser(text: str) -> bool:
    match = _TEASER.search(text, 0, 200)
    # Lower case before the dateline: a headline, not a dateline opening the line ("BUFFALO, N.Y. —").
    return match is not None and any(ch.islower() for ch in text[: match.start() + 1])


def _split_lines(text: str, wrapped: bool = False) -> list[_Line]:
    """Non-blank lines with their offsets; in hard-wrapped text, whole paragraphs."""
    lines: list[_Line] = []
    position = 0
    joinable = False
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = position + (len(raw) - len(raw.lstrip()))
            end = start + len(stripped)
            if wrapped and joinable and lines:
                previous = lines[-1]
                joined = text[previous.start : end]
                lines[-1] = _Line(previous.start, end, " ".join(joined.split()), len(joined.split()))
            else:
                lines.append(_Line(start, end, stripped, len(stripped.split())))
            joinable = True
        else:
            joinable = False
        position += len(raw) + 1
    return lines


def _best_run(weights: list[float]) -> tuple[int, int]:
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


# --- the cleaning stage -----------------------------------------------------------------


@dataclass(frozen=True)
class RemovedLine:
    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Cleaned:
    """The article found in a raw text, and how its offsets map back."""

    text: str
    title: str | None
    #: Offset in ``text`` where the body starts (after the title line, if any).
    body_start: int
    source_tags: tuple[str, ...]
    removed: tuple[RemovedLine, ...]
    offsets: OffsetMap
    #: Characters in the original input, for the report.
    original_length: int
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def title_end(self) -> int:
        return self.body_start if self.title else 0

    def report(self) -> dict[str, Any]:
        kinds = Counter(line.kind for line in self.removed)
        return {
            "applied": self.offsets.pieces != ((0, 0, self.original_length, True),) or bool(self.removed),
            "kept_characters": len(self.text),
            "removed_lines": len(self.removed),
            "removed_characters": sum(line.end - line.start for line in self.removed),
            "removed_kinds": dict(sorted(kinds.items())),
        }


def uncleaned(text: str) -> Cleaned:
    """The text as it is (``--no-clean``), with a leading headline still recognised."""
    title, body_start = _leading_title(text)
    return Cleaned(text, title, body_start, (), (), OffsetMap.identity(len(text)), len(text))


def _leading_title(text: str) -> tuple[str | None, int]:
    """Take the first line as the title when it reads like a headline above a longer body."""
    stripped_start = len(text) - len(text.lstrip())
    line_end = text.find("\n", stripped_start)
    if line_end == -1:
        return None, stripped_start
    first_line = text[stripped_start:line_end].strip()
    rest = text[line_end:].strip()
    # In hard-wrapped text the first line is usually a sentence cut short; only a
    # blank line after it makes it a heading.
    if is_hard_wrapped(text) and not text[line_end + 1 :].startswith(("\n", "\r\n")):
        return None, stripped_start
    if _looks_like_title(first_line) and len(rest) >= 2 * len(first_line):
        return first_line, line_end + 1
    return None, stripped_start


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return (
        2 <= len(words) <= _MAX_TITLE_WORDS
        and not _SENTENCE_END.search(line)
        and any(ch.isalpha() for ch in line)
        and not _BOILERPLATE.match(line)
        and not _SECTION_HEADER.match(line)
    )


def _source_tags(line: str, original: str) -> tuple[str, ...]:
    """Split a tag line: at separators if it has them; else into words, keeping together
    neighbours the page itself uses as one phrase ("Trump Administration")."""
    line = _TAGS_PREFIX.sub("", line).strip()
    if _TAG_SEPARATORS.search(line):
        return tuple(tag for tag in _TAG_SEPARATORS.split(line) if tag)
    words = line.split()
    tags: list[str] = []
    lowered = original.lower()
    for word in words:
        if tags and lowered.count(f"{tags[-1]} {word}".lower()) > 1:
            tags[-1] = f"{tags[-1]} {word}"
        else:
            tags.append(word)
    return tuple(tags)


def clean(text: str, extracted: bool = False, known_title: str | None = None) -> Cleaned:
    """Find the article in raw text; see the module docstring for how.

    ``extracted`` says a main-text extractor (trafilatura, for HTML) already removed the
    page furniture: short lines inside the article (subheadings, list items) are then
    kept, where in a raw scrape they are mostly menus and link lists. ``known_title`` is
    the page's title from its markup: a line at the top that repeats it is the title.
    """
    wrapped = is_hard_wrapped(text)
    lines = _split_lines(text, wrapped)
    if not lines:
        return uncleaned(text)
    glued = glue_points(text)
    headlines = headline_ranges(text, glued)

    def mostly_headline(start: int, end: int) -> bool:
        covered = sum(min(b, end) - max(a, start) for a, b in headlines if a < end and b > start)
        return covered >= _HEADLINE_SHARE * (end - start)

    for line in lines:
        # A headline glued to its teaser ("… Ukraine War ConcernsUS Defense Secretary …"),
        # or pieces glued over and over (link previews pasted into a sentence); one brand
        # name inside prose ("the PowerPage, Apple Insider") is no such join.
        joins = [point for point in glued if line.start < point < line.end]
        starts_glued = len(joins) >= 2 or any(mostly_headline(line.start, point) for point in joins)
        line.kind = _classify(line, headline=starts_glued or mostly_headline(line.start, line.end))

    known_title_line = _find_known_title(lines, known_title)
    if known_title_line is not None:
        known_title_line.kind = "headline"
    _mark_teasers_and_captions(lines)
    _mark_tickers(lines)
    _mark_highlights(lines)
    _mark_related_lists(lines)
    if not _has_page_furniture(lines):
        # A wire story, a pasted article: nothing to remove, only repairs to make. Its
        # short lines are results tables, subheadings and datelines, not menus.
        return _repaired(text, lines, glued, known_title_line)
    start, end = _best_run([line.weight for line in lines])
    if lines[start].kind != "prose" or not any(line.kind == "prose" for line in lines):
        return uncleaned(text)  # nothing reads as prose: leave the text alone rather than guess

    title_line = known_title_line or _title_above(lines, start)
    tag_line = _tag_line_below(lines, end)
    source_tags: tuple[str, ...] = ()
    if tag_line is not None:
        source_tags = _source_tags(tag_line.text, text)
        tag_line.kind = "tags"
    start = _story_start(lines, start, end)
    _mark_repeats(lines[start:end])

    removed: list[RemovedLine] = []
    kept: list[_Line] = []
    for index, line in enumerate(lines):
        inside = start <= index < end
        if line is title_line:
            continue
        if inside and (line.kind == "prose" or (extracted and line.kind == "short")):
            kept.append(line)
        else:
            # Prose and short lines are named for where they were; the rest for what they are.
            kind = line.kind if line.kind not in ("prose", "short") else ("short" if inside else "outside")
            removed.append(RemovedLine(kind, line.start, line.end, line.text))

    return _assemble(text, title_line, kept, glued, source_tags, tuple(removed))


def _repaired(text: str, lines: list[_Line], glued: list[int], known_title_line: _Line | None) -> Cleaned:
    """Every line kept and repaired; the first line is the title if it reads as one."""
    title_line = known_title_line
    if title_line is None and len(lines) > 1:
        title, _ = _leading_title(text)
        title_line = lines[0] if title is not None else None
    # A pull quote is the story's own words again: reading it once loses nothing.
    _mark_repeats(lines)
    kept = [line for line in lines if line is not title_line and line.kind != "repeated"]
    removed = tuple(RemovedLine(line.kind, line.start, line.end, line.text) for line in lines if line.kind == "repeated")
    return _assemble(text, title_line, kept, glued, (), removed)


def _assemble(
    text: str,
    title_line: _Line | None,
    kept: list[_Line],
    glued: list[int],
    source_tags: tuple[str, ...],
    removed: tuple[RemovedLine, ...],
) -> Cleaned:
    """The title line and the kept lines, repaired, joined into the text spaCy sees."""
    builder = _Builder(text)
    title = None
    if title_line is not None:
        title = title_line.text
        _copy_repaired(builder, text, title_line.start, title_line.end, glued)
        builder.replace("\n", title_line.end, title_line.end)
    body_start = builder.length
    for index, line in enumerate(kept):
        if index:
            _join(builder, text, kept[index - 1], line)
        _copy_repaired(builder, text, line.start, line.end, glued)
    cleaned_text, offsets = builder.build()
    return Cleaned(cleaned_text, title, body_start, source_tags, removed, offsets, len(text))


# Lines a page puts around an article and an article's own text never holds: menus,
# boilerplate phrases, lists of other stories, a summary box, a tag line, a byline. (None
# of these is found in the 3,418 BBC, CNN/DailyMail and CoNLL articles of ../shared/eval.)
_FURNITURE_KINDS = frozenset({"navigation", "boilerplate", "related", "highlights", "tags", "byline"})
# A credit named as one, not any line ending "/ Name" (results tables have "5 1/2").
_CREDIT_NAMED = re.compile(r"\b(photo|image|picture)s?\s*(credit|courtesy)\b", re.IGNORECASE)
# A column of this many short link-like lines in a row is a menu. Results tables and
# line-ups carry digits or punctuation; well-formed news almost never has four such lines
# in a row (BBC 0.1%, CNN/DailyMail 0%, CoNLL 1.4% of articles), while 87-100% of the
# scraped pages of every source in ../shared/eval do; 3 to 6 give the same split.
_MENU_MIN_LINES = 4
_MENU_ITEM_MAX_WORDS = 4
_DIGIT = re.compile(r"\d")


def _is_menu_item(line: _Line) -> bool:
    return (
        line.words <= _MENU_ITEM_MAX_WORDS
        and not _DIGIT.search(line.text)
        and not _TERMINAL_PUNCTUATION.search(line.text)
    )


def _is_photo_credit(line: _Line) -> bool:
    return line.words <= _MAX_CREDIT_WORDS and _PHOTO_CREDIT.search(line.text) is not None


def _is_credit_line(line: _Line) -> bool:
    """A photo credit, a caption that names its credit, or an embedded post's signature."""
    return (
        _is_photo_credit(line)
        or (line.words <= _MAX_CAPTION_WORDS and _CREDIT_NAMED.search(line.text) is not None)
        or _EMBED_ATTRIBUTION.match(line.text) is not None
    )


def _has_page_furniture(lines: list[_Line]) -> bool:
    """Does the text hold anything but the article? Decided once per document, so that a
    wire story or a pasted article loses nothing to the line rules."""
    if any(line.kind in _FURNITURE_KINDS or _is_credit_line(line) for line in lines):
        return True
    run = 0
    for line in lines:
        run = run + 1 if _is_menu_item(line) else 0
        if run >= _MENU_MIN_LINES:
            return True
    return False


def _mark_teasers_and_captions(lines: list[_Line]) -> None:
    for previous, line in itertools.pairwise(lines):
        if previous.kind != "prose":
            continue
        # The line before "Read more »" is a teaser of another story.
        if line.kind == "boilerplate" and line.text.lower().startswith(("read more", "continue reading")):
            previous.kind = "related"
        # A short paragraph directly above a photo credit ("Sanjeev Verma/Getty Images")
        # is that photo's caption: scrapers keep the caption and credit together.
        elif _is_photo_credit(line) and previous.words <= _MAX_CAPTION_WORDS:
            previous.kind = "credit"


def _title_above(lines: list[_Line], start: int) -> _Line | None:
    """The headline-like line closest above the body, past bylines, dates, captions and a
    "Key Points" box."""
    for candidate in reversed(lines[max(0, start - _TITLE_LOOKBACK) : start]):
        if candidate.kind in ("byline", "dateline", "credit", "highlights"):
            continue
        if _looks_like_title(candidate.text) and candidate.kind in ("headline", "short"):
            return candidate
        return None
    return None


def _tag_line_below(lines: list[_Line], end: int) -> _Line | None:
    """The first line after the body that lists title-case words, or says "Tags:"."""
    for candidate in lines[end : end + 3]:
        if candidate.kind == "tags" or (
            candidate.kind == "headline"
            and not _SENTENCE_END.search(candidate.text)
            and candidate.words <= 15
            and _is_title_case_run(candidate.text.split())
        ):
            return candidate
    return None


def _story_start(lines: list[_Line], start: int, end: int) -> int:
    """A byline or date near the top of the run separates the header (standfirst,
    captions) from the story: the body starts after it, if prose follows."""
    header_end = start
    for index in range(start, min(end, start + _HEADER_MAX_LINES)):
        if lines[index].kind in ("byline", "dateline"):
            header_end = index + 1
    return header_end if any(line.kind == "prose" for line in lines[header_end:end]) else start


def _join(builder: _Builder, text: str, previous: _Line, line: _Line) -> None:
    """Separate two kept lines with the original line break, or one where lines were removed."""
    gap = text[previous.end : line.start]
    if "\n" in gap and gap.strip() == "" and gap.count("\n") <= 2:
        builder.copy(previous.end, line.start)
    else:
        builder.replace("\n", previous.end, line.start)


# "…on Monday.The minister": a sentence end glued to the next sentence.
_GLUED_SENTENCE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_WRAPPED_BREAK = re.compile(r"[ \t]*(-?)\n[ \t]*")


def _copy_repaired(builder: _Builder, text: str, start: int, end: int, glued: list[int]) -> None:
    """Copy a line (or a hard-wrapped paragraph), repairing it on the way.

    Invisible characters go, mojibake is fixed, a headline glued to the next text gets a
    line break and a sentence glued to the next one a space, and line breaks inside a
    wrapped paragraph become spaces (a hyphen at a line end joins the word back).
    """
    cuts: dict[int, tuple[int, str]] = {}  # original offset → (characters replaced, replacement)
    for point in glued:
        if start < point < end:
            cuts[point] = (0, "\n")  # "ConcernsUS" → "Concerns" / "US"
    for match in _GLUED_SENTENCE.finditer(text, start, end):
        cuts.setdefault(match.start(), (0, " "))
    for match in _WRAPPED_BREAK.finditer(text, start, end):
        hyphenated = match.group(1) and text[match.end() : match.end() + 1].islower()
        cuts[match.start()] = (match.end() - match.start(), "" if hyphenated else (match.group(1) + " "))
    for match in _INVISIBLE.finditer(text, start, end):
        cuts.setdefault(match.start(), (match.end() - match.start(), ""))
    position = start
    for offset in sorted(cuts):
        if offset < position:
            continue
        length, replacement = cuts[offset]
        _copy_fixed(builder, text, position, offset)
        builder.replace(replacement, offset, offset + length)
        position = offset + length
    _copy_fixed(builder, text, position, end)


def _copy_fixed(builder: _Builder, text: str, start: int, end: int) -> None:
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

    for tag, a0, a1, b0, b1 in SequenceMatcher(None, piece, fixed, autojunk=False).get_opcodes():
        if tag == "equal":
            builder.copy(start + a0, start + a1)
        else:
            builder.replace(fixed[b0:b1], start + a0, start + a1)

"""The line rules: each line's kind from its own signals, then from its neighbours."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import date

from .headlines import is_title_case_run
from .lines import TERMINAL_PUNCTUATION, Line, letters_only
from .patterns import (
    ACCOUNT_PROMPT,
    ACCOUNT_PROMPT_MAX_WORDS,
    ALSO_ON,
    AUTHOR_BIO,
    AUTHOR_BIO_MAX_WORDS,
    AUTHOR_HANDLE,
    BOILERPLATE,
    BREADCRUMB,
    BREADCRUMB_MAX_WORDS,
    BULLET,
    BULLET_MIN_WORDS,
    BYLINE,
    CALENDAR_DATE,
    CALL_TO_ACTION,
    CAPTION,
    CODE,
    CODE_LISTING_GAP,
    COMMENT_COUNT,
    COMMENT_FORM_WITHIN_LINES,
    COMMENT_POLICY,
    COMMENT_POLICY_MAX_WORDS,
    COMMENT_PROMPT,
    COMMENT_PROMPT_BARE_MAX_WORDS,
    COMMENT_PROMPT_MAX_WORDS,
    COMMENT_SIGNATURE,
    COMMENT_SIGNATURES_MIN,
    COMMENT_SIGNATURES_WITHIN_LINES,
    COMMENTS_BELOW_RUN_LINES,
    COMMENTS_CONTROL,
    COMMENTS_HEADER,
    COMMENTS_HEADER_MAX_WORDS,
    COMMENTS_MIN_PROSE_ABOVE,
    COOKIE_NOTICE,
    CREDIT,
    CREDIT_LINE_MAX_WORDS,
    CREDIT_NAMED,
    DATE,
    DIALOG,
    DIALOG_MAX_WORDS,
    DIGIT,
    EMBED_ATTRIBUTION,
    EMBED_POST_MAX_WORDS,
    ENDED_SENTENCE_MIN_WORDS,
    ENDS_SENTENCE,
    FORM_PRIVACY,
    FORM_PRIVACY_MAX_WORDS,
    FURNITURE_KINDS,
    HEADER_MAX_LINES,
    HIGHLIGHTS_HEADER,
    HIGHLIGHTS_HEADER_MAX_WORDS,
    HIGHLIGHTS_MAX_ABOVE,
    HIGHLIGHTS_MAX_LINES,
    INTERVIEW_TURN,
    KNOWN_TITLE_LINES,
    KNOWN_TITLE_PART_MIN_WORDS,
    LEGAL_NOTICE,
    LEGAL_NOTICE_MAX_WORDS,
    LINK_ARROW,
    LINK_LINE_MAX_WORDS,
    LONG_LINE_WORDS,
    LONG_SENTENCE_WORDS,
    MARKUP,
    MARKUP_MIN_MATCHES,
    MARKUP_SCAN_CHARS,
    MAX_CAPTION_WORDS,
    MAX_CREDIT_WORDS,
    MAX_TITLE_WORDS,
    MENU_ITEM_MAX_WORDS,
    MENU_MIN_LINES,
    MONTHS,
    PAGE_MACHINERY,
    PAGE_MACHINERY_MAX_WORDS,
    PHOTO_ACTION,
    PHOTO_CREDIT,
    PHOTO_POSITION,
    PHOTO_POSITION_MAX_WORDS,
    PIPE_MENU,
    PIPE_MENU_ITEM_MAX_WORDS,
    PIPE_MENU_MIN_ITEMS,
    PIPE_MENU_NOT_ITEM,
    PIPE_MENU_SHORT_SHARE,
    PLACE_LINE,
    POST_RECORD,
    POST_RECORD_MAX_WORDS,
    POSTED_RECORD,
    PROFILE_LINK,
    PROMOTED_PARAGRAPH_MAX_WORDS,
    PROMOTION,
    PROMOTION_MAX_WORDS,
    PROSE_MIN_STOP_SHARE,
    READER_ADDRESS,
    READER_CALL,
    READER_CALL_MAX_WORDS,
    RELATED_HEADING_MAX_WORDS,
    RELATED_ITEM_MAX_WORDS,
    RELATED_LIST_MAX_LINES,
    REPEAT_MIN_WORDS,
    REPEATS_MAX_LINES,
    SECTION_HEADER,
    SECTION_HEADING_COLON_WITHIN,
    SECTION_HEADING_MAX_WORDS,
    SENTENCE_END,
    SENTENCE_MIN_WORDS,
    SENTENCE_PUNCTUATION,
    SENTENCE_START,
    SHOP_OFFER,
    SHOP_OFFER_MAX_WORDS,
    SHORT_LINE_MAX_WORDS,
    SITE_TAGLINE,
    SITE_TAGLINE_MAX_WORDS,
    SITE_WELCOME,
    SITE_WELCOME_MAX_WORDS,
    STOPWORDS,
    TAG_LINE_MAX_WORDS,
    TAG_LINE_WITHIN_LINES,
    TAGS_PREFIX,
    TEASER,
    THREAD_DATE,
    THREAD_MIN_POSTS,
    THREAD_POST_MAX_LINES,
    THREAD_SIGNATURE_MAX_WORDS,
    TITLE_LEAD_WORDS,
    TITLE_MIN_SHARED_WORDS,
    TITLE_SEARCH_LINES,
    TITLE_STEM_LETTERS,
    TITLE_WORD,
    UNPUNCTUATED_PROSE_WORDS,
    URL,
    URL_LINE_MAX_WORDS,
    WORD_LIST_MAX_STOP_SHARE,
    WORD_LIST_MIN_WORDS,
    WORD_LIST_PUNCTUATION,
)


def mark_pipe_menus(lines: list[Line]) -> None:
    """A line of many short items between pipes is a site's menu, however long; a line
    with as many pipes as the line above or below it is a table row (its header row has
    no figures either)."""
    pipes = [line.text.count("|") for line in lines]
    for index, line in enumerate(lines):
        if pipes[index] < PIPE_MENU_MIN_ITEMS - 1 or not is_link_menu(line.text):
            continue
        neighbours = pipes[max(index - 1, 0) : index] + pipes[index + 1 : index + 2]
        if pipes[index] not in neighbours:
            line.kind = "navigation"


def is_link_menu(text: str) -> bool:
    items = [item.strip() for item in text.split("|") if item.strip()]
    if len(items) < PIPE_MENU_MIN_ITEMS:
        return False
    short = sum(
        1 for item in items if len(item.split()) <= PIPE_MENU_ITEM_MAX_WORDS and not PIPE_MENU_NOT_ITEM.search(item)
    )
    return short >= PIPE_MENU_SHORT_SHARE * len(items)


def classify(line: Line, headline: bool) -> str:
    text = line.text
    words = line.words
    lowered_words = [w.lower().strip(".,:;!?\"'()") for w in text.split()]
    stop_share = sum(1 for w in lowered_words if w in STOPWORDS) / max(words, 1)
    sentence_marks = len(SENTENCE_PUNCTUATION.findall(text))
    if INTERVIEW_TURN.match(text):
        return "prose"
    if SECTION_HEADER.match(text) and (
        words <= SECTION_HEADING_MAX_WORDS or text.rstrip().endswith(":") or ":" in text[:SECTION_HEADING_COLON_WITHIN]
    ):
        return "related"
    if ALSO_ON.match(text):
        return "related"
    if BOILERPLATE.match(text) and words <= SHORT_LINE_MAX_WORDS:
        return "boilerplate"
    if words <= PAGE_MACHINERY_MAX_WORDS and PAGE_MACHINERY.match(text):
        return "boilerplate"
    if words <= DIALOG_MAX_WORDS and DIALOG.search(text):
        return "boilerplate"
    if len(MARKUP.findall(text, 0, MARKUP_SCAN_CHARS)) >= MARKUP_MIN_MATCHES:
        return "markup"
    if words <= PROMOTED_PARAGRAPH_MAX_WORDS and CALL_TO_ACTION.match(last_sentence(text)):
        return "boilerplate"
    if TAGS_PREFIX.match(text):
        return "tags"
    if words <= SHORT_LINE_MAX_WORDS and (BYLINE.match(text) or AUTHOR_HANDLE.match(text)):
        return "byline"
    if EMBED_ATTRIBUTION.match(text):
        return "credit"
    if words <= SHORT_LINE_MAX_WORDS and ((DATE.search(text) and sentence_marks <= 1) or PLACE_LINE.match(text)):
        return "dateline"
    if words <= CREDIT_LINE_MAX_WORDS and CREDIT.search(text):
        return "credit"
    if words <= AUTHOR_BIO_MAX_WORDS and AUTHOR_BIO.match(text):
        return "byline"
    if words <= POST_RECORD_MAX_WORDS and POST_RECORD.search(text):
        return "byline"
    if words <= MAX_CAPTION_WORDS and CAPTION.search(text) and not text.endswith(("?", '"', "”")):
        return "credit"
    if words <= PHOTO_POSITION_MAX_WORDS and (PHOTO_POSITION.search(text) or PHOTO_ACTION.match(text)):
        return "credit"
    if (words <= PROMOTION_MAX_WORDS and PROMOTION.search(text)) or COOKIE_NOTICE.search(text):
        return "boilerplate"
    if words <= LEGAL_NOTICE_MAX_WORDS and LEGAL_NOTICE.search(text):
        return "boilerplate"
    if words <= READER_CALL_MAX_WORDS and READER_CALL.match(text):
        return "boilerplate"
    if is_comment_prompt(text, words):
        return "boilerplate"
    if words <= COMMENT_POLICY_MAX_WORDS and COMMENT_POLICY.search(text):
        return "boilerplate"
    if is_account_prompt(text, words):
        return "boilerplate"
    if words <= FORM_PRIVACY_MAX_WORDS and FORM_PRIVACY.search(text):
        return "boilerplate"
    if words <= SITE_WELCOME_MAX_WORDS and SITE_WELCOME.match(text):
        return "boilerplate"
    if (words <= SITE_TAGLINE_MAX_WORDS and SITE_TAGLINE.match(text)) or (
        words <= SHOP_OFFER_MAX_WORDS and SHOP_OFFER.match(text)
    ):
        return "boilerplate"
    if URL.search(text) and words <= URL_LINE_MAX_WORDS:
        return "navigation"
    if words <= LINK_LINE_MAX_WORDS and (LINK_ARROW.search(text) or PIPE_MENU.match(text)):
        return "navigation"
    if words <= BREADCRUMB_MAX_WORDS and BREADCRUMB.search(text):
        return "navigation"
    if headline:
        return "headline"
    is_sentence = sentence_marks >= 1 and words >= SENTENCE_MIN_WORDS
    # A sentence that ends with a full stop reads as prose even when dense with names
    # ("Charlton manager Alan Curbishley paid tribute to … Jonatan Johansson after beating Norwich.").
    if is_sentence and (
        stop_share >= PROSE_MIN_STOP_SHARE
        or words >= LONG_SENTENCE_WORDS
        or (words >= ENDED_SENTENCE_MIN_WORDS and ENDS_SENTENCE.search(text))
    ):
        return "prose"
    if (
        words >= WORD_LIST_MIN_WORDS
        and stop_share < WORD_LIST_MAX_STOP_SHARE
        and not WORD_LIST_PUNCTUATION.search(text)
    ):
        return "navigation"
    if words >= LONG_LINE_WORDS or (words >= UNPUNCTUATED_PROSE_WORDS and stop_share >= PROSE_MIN_STOP_SHARE):
        # A long line with no full stop is still prose (a lede that lost it, or a
        # language our stopword list does not know); headlines are shorter.
        return "prose"
    if words >= BULLET_MIN_WORDS and BULLET.match(text) and stop_share >= PROSE_MIN_STOP_SHARE:
        return "prose"  # an item of a list in the story ("- Duty cuts on capital goods and …")
    if CODE.search(text):
        return "code"
    return "short"


def mark_highlights(lines: list[Line]) -> None:
    """A "Key Points" heading above the story and the prose lines under it, when something
    that is not prose (a caption, a credit, a byline) closes the box; unclosed, or further
    down the page (a review's "TL;DR" verdict), the lines stay."""
    total_prose = sum(line.words for line in lines if line.kind == "prose")
    prose_above = 0
    for index, line in enumerate(lines):
        if line.kind == "prose":
            prose_above += line.words
        if prose_above > HIGHLIGHTS_MAX_ABOVE * total_prose:
            return
        if line.words > HIGHLIGHTS_HEADER_MAX_WORDS or not HIGHLIGHTS_HEADER.match(line.text):
            continue
        box = lines[index + 1 : index + 1 + HIGHLIGHTS_MAX_LINES]
        closing = next((n for n, item in enumerate(box) if item.kind not in ("prose", "short")), None)
        if closing:
            for item in (line, *box[:closing]):
                item.kind = "highlights"


def mark_related_lists(lines: list[Line]) -> None:
    """Under a heading such as "Most Popular", the short lines that follow are its list of
    other stories' headlines, up to the first line that reads as a paragraph."""
    headings = [
        index
        for index, line in enumerate(lines)
        if line.kind == "related" and line.words <= RELATED_HEADING_MAX_WORDS and ":" not in line.text.rstrip(": ")
    ]
    for index in headings:
        for item in lines[index + 1 : index + 1 + RELATED_LIST_MAX_LINES]:
            if (
                item.words >= RELATED_ITEM_MAX_WORDS
                or item.kind not in ("prose", "short", "headline")
                or item.text.endswith(".")  # headlines carry no full stop; a short paragraph does
            ):
                break
            item.kind = "related"


def mark_repeats(run: list[Line]) -> None:
    """Pull quotes and teasers repeat the story's own words: a prose line found again
    inside a longer line, or a second copy of a line, is not read twice."""
    if len(run) > REPEATS_MAX_LINES:
        return  # a book-length text, not a web page; the check is quadratic
    letters = [letters_only(line.text) if line.kind == "prose" else "" for line in run]
    joined = "\n".join(letters)
    copies = Counter(letters)
    seen: set[str] = set()
    for line, text in zip(run, letters, strict=True):
        if line.words < REPEAT_MIN_WORDS or not text:
            continue
        if text in seen or joined.count(text) > copies[text]:
            line.kind = "repeated"
        seen.add(text)


def mark_tickers(lines: list[Line]) -> None:
    """Headlines run into their teasers come in lists; one such line alone is more likely
    prose quoting an acronym ("… told REUTERS: …"), so only neighbours count."""
    teasers = [line.kind in ("prose", "short") and is_teaser(line.text) for line in lines]
    for index, line in enumerate(lines):
        if teasers[index] and ((index > 0 and teasers[index - 1]) or (index + 1 < len(lines) and teasers[index + 1])):
            line.kind = "related"


def mark_code_listings(lines: list[Line]) -> None:
    """Program text and text tables, and a listing's bare lines ("SELECT", "FROM", "n,"):
    those between two code lines with no prose between them, and those between a listing
    and the prose paragraph above or below it (its first keywords, a command's output)."""
    for line in lines:
        # A table row may carry a date or a name: its drawn rules say what it is. A line as
        # long as a paragraph is not one (a headline run into its story, ending in ";").
        if line.kind in LISTING_KINDS and line.words < LONG_LINE_WORDS and CODE.search(line.text):
            line.kind = "code"
    code = [index for index, line in enumerate(lines) if line.kind == "code"]
    for previous, following in itertools.pairwise(code):
        between = lines[previous + 1 : following]
        if len(between) <= CODE_LISTING_GAP and not any(line.kind == "prose" for line in between):
            for line in between:
                if line.kind in LISTING_KINDS:
                    line.kind = "code"
    for index, line in enumerate(lines):
        if line.kind != "code":
            continue
        for step in (-1, 1):
            edge = index + step
            while (
                0 <= edge < len(lines) and abs(edge - index) <= CODE_LISTING_GAP and lines[edge].kind in LISTING_KINDS
            ):
                edge += step
            if 0 <= edge < len(lines) and lines[edge].kind == "prose":
                for other in range(index + step, edge, step):
                    lines[other].kind = "code"


def introduces_paragraph(lines: list[Line], index: int) -> bool:
    """A short line ending in a colon between two paragraphs leads into the second ("Some
    tell their stories:", "Among them:"): the story's own words. On the development pages
    92 such lines are in gold and 3 are not; a colon line among short lines is a form's
    label or a link list's heading ("Name:", "More:")."""
    line = lines[index]
    return (
        line.kind == "short"
        and line.text.rstrip().endswith(":")
        and 0 < index < len(lines) - 1
        and lines[index - 1].kind == "prose"
        and lines[index + 1].kind == "prose"
    )


#: Kinds the lines of an embedded post may have been given for their words alone.
POST_KINDS = frozenset({"prose", "short", "credit", "headline", "dateline"})


def embedded_posts(lines: list[Line], start: int, end: int) -> set[int]:
    """A post embedded in the story (a tweet the story quotes) and its signature ("— Ann Lee
    (@annlee) May 3, 2024"): the story's own quotation, so the names in it are mentions.
    The post is the lines above the signature, up to ``EMBED_POST_MAX_WORDS``."""
    indices: set[int] = set()
    for index in range(start, end):
        if not EMBED_ATTRIBUTION.match(lines[index].text):
            continue
        indices.add(index)
        words = 0
        for above in range(index - 1, start - 1, -1):
            words += lines[above].words
            if words > EMBED_POST_MAX_WORDS or lines[above].kind not in POST_KINDS:
                break
            indices.add(above)
    return indices


#: Kinds a line of a listing may have been given for its words alone.
LISTING_KINDS = frozenset({"short", "dateline", "credit", "headline", "byline"})


def find_known_title(lines: list[Line], title: str | None) -> Line | None:
    """The line among the first few that says the page's title, or the title's last part
    ("Opinion | Is Football Violence a Crime?" above "Is Football Violence a Crime?")."""
    wanted = letters_only(title) if title else ""
    if not wanted:
        return None
    for line in lines[:KNOWN_TITLE_LINES]:
        letters = letters_only(line.text)
        if letters and (letters == wanted or (line.words >= KNOWN_TITLE_PART_MIN_WORDS and wanted.endswith(letters))):
            return line
    return None


def last_sentence(text: str) -> str:
    return SENTENCE_START.split(text)[-1]


def is_teaser(text: str) -> bool:
    match = TEASER.search(text, 0, 200)
    # Lower case before the dateline: a headline, not a dateline opening the line ("BUFFALO, N.Y. —").
    return match is not None and any(ch.islower() for ch in text[: match.start() + 1])


def is_menu_item(line: Line) -> bool:
    return (
        line.words <= MENU_ITEM_MAX_WORDS and not DIGIT.search(line.text) and not TERMINAL_PUNCTUATION.search(line.text)
    )


def is_photo_credit(line: Line) -> bool:
    return line.words <= MAX_CREDIT_WORDS and PHOTO_CREDIT.search(line.text) is not None


def is_credit_line(line: Line) -> bool:
    """A photo credit, a caption that names its credit, or an embedded post's signature."""
    return (
        is_photo_credit(line)
        or (line.words <= MAX_CAPTION_WORDS and CREDIT_NAMED.search(line.text) is not None)
        or EMBED_ATTRIBUTION.match(line.text) is not None
    )


def is_placed_caption(line: Line) -> bool:
    """A caption that places the people in its photo or dates it ("…, left, and …", "… in
    this June 3, 2007, file photo"): no line of the well-formed sets reads so, so a text
    that has one is a page, not a pasted article (see ``PHOTO_POSITION``)."""
    return line.kind == "credit" and PHOTO_POSITION.search(line.text) is not None


def has_page_furniture(lines: list[Line]) -> bool:
    """Does the text hold anything but the article? Decided once per document, so that a
    wire story or a pasted article loses nothing to the line rules."""
    if any(line.kind in FURNITURE_KINDS or is_credit_line(line) or is_placed_caption(line) for line in lines):
        return True
    run = 0
    for line in lines:
        run = run + 1 if is_menu_item(line) else 0
        if run >= MENU_MIN_LINES:
            return True
    return False


def mark_teasers_and_captions(lines: list[Line]) -> None:
    for previous, line in itertools.pairwise(lines):
        if previous.kind != "prose":
            continue
        # The line before "Read more »" is a teaser of another story.
        if line.kind == "boilerplate" and line.text.lower().startswith(("read more", "continue reading")):
            previous.kind = "related"
        # The line before "View my complete profile" is the writer's blurb.
        elif PROFILE_LINK.match(line.text):
            previous.kind = line.kind = "byline"
        # A short paragraph directly above a photo credit ("Sanjeev Verma/Getty Images")
        # is that photo's caption: scrapers keep the caption and credit together.
        elif is_photo_credit(line) and previous.words <= MAX_CAPTION_WORDS:
            previous.kind = "credit"


def content_stems(text: str) -> set[str]:
    return {
        word[:TITLE_STEM_LETTERS]
        for word in TITLE_WORD.findall(text.lower())
        if word not in STOPWORDS and len(word) > 1
    }


def title_candidates(
    lines: list[Line], start: int, search_lines: int = TITLE_SEARCH_LINES
) -> list[tuple[int, int, Line]]:
    """The lines above ``start`` that read as a title, nearest first, each with how far
    above the story it stands and how many content stems it shares with the lede."""
    lede: list[str] = []
    for line in lines[start:]:
        if line.kind == "prose":
            lede.extend(line.text.split())
        if len(lede) >= TITLE_LEAD_WORDS:
            break
    lede_stems = content_stems(" ".join(lede))
    return [
        (start - index, len(content_stems(candidate.text) & lede_stems), candidate)
        for index in range(start - 1, max(0, start - search_lines) - 1, -1)
        if (candidate := lines[index]).kind in ("headline", "short", "prose")
        and candidate.words >= KNOWN_TITLE_PART_MIN_WORDS
        and looks_like_title(candidate.text)
    ]


def title_above(lines: list[Line], start: int) -> Line | None:
    """The headline of the story starting at ``start``: the nearest line above it that reads
    as a title and shares words with the story's lede (see ``TITLE_SEARCH_LINES``)."""
    return next((line for _, shared, line in title_candidates(lines, start) if shared >= TITLE_MIN_SHARED_WORDS), None)


def header_lines(lines: list[Line], start: int, title_line: Line | None) -> tuple[Line | None, Line | None]:
    """The story's byline and dateline as the page prints them ("By Ann Lee", "Published
    11:43 AM on 04/28/2013"): the first of each between the title and the body, or just
    above the body when no title was found."""
    title_index = next((index for index in range(start) if lines[index] is title_line), None)
    first = title_index + 1 if title_index is not None else max(0, start - HEADER_MAX_LINES)
    header = [line for line in lines[first:start] if line.words <= SHORT_LINE_MAX_WORDS]
    byline = next((line for line in header if line.kind == "byline"), None)
    dateline = next((line for line in header if line.kind == "dateline"), None)
    return byline, dateline


def calendar_date(text: str) -> str | None:
    """The first calendar date written in ``text``, as an ISO date; None without one, or
    when it names no real day (a month and year alone, "Feb 30, 2008")."""
    found = CALENDAR_DATE.search(text)
    if found is None:
        return None
    try:
        if found["iso"]:
            return date.fromisoformat(found["iso"]).isoformat()
        month = MONTHS.index((found["month"] or found["month2"]).lower()[:3]) + 1
        day, year = int(found["day"] or found["day2"]), int(found["year"] or found["year2"])
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def tag_line_below(lines: list[Line], end: int) -> Line | None:
    """The first line after the body that lists title-case words, or says "Tags:"."""
    for candidate in lines[end : end + TAG_LINE_WITHIN_LINES]:
        if candidate.kind == "tags" or (
            candidate.kind == "headline"
            and not SENTENCE_END.search(candidate.text)
            and candidate.words <= TAG_LINE_MAX_WORDS
            and is_title_case_run(candidate.text.split())
        ):
            return candidate
    return None


def story_start(lines: list[Line], start: int, end: int) -> int:
    """A byline or date near the top of the run separates the header (standfirst,
    captions) from the story: the body starts after it, if prose follows."""
    header_end = start
    for index in range(start, min(end, start + HEADER_MAX_LINES)):
        if lines[index].kind in ("byline", "dateline"):
            header_end = index + 1
    return header_end if any(line.kind == "prose" for line in lines[header_end:end]) else start


def looks_like_title(line: str) -> bool:
    words = line.split()
    return (
        2 <= len(words) <= MAX_TITLE_WORDS
        and not SENTENCE_END.search(line)
        and any(ch.isalpha() for ch in line)
        and not BOILERPLATE.match(line)
        and not SECTION_HEADER.match(line)
    )


#: Kinds of line a comment section is made of, once it is found (its own menus and notices
#: keep their kinds).
COMMENT_KINDS = frozenset({"prose", "short", "code", "headline", "dateline", "byline", "credit"})


def mark_as_comments(lines: list[Line], start: int) -> None:
    """Everything from ``start`` to the end of the page is readers' comments."""
    for line in lines[start:]:
        if line.kind in COMMENT_KINDS:
            line.kind = "comments"


def is_comment_prompt(text: str, words: int) -> bool:
    """The comment form's sign-in prompt, said to the reader (see ``COMMENT_PROMPT``)."""
    return words <= COMMENT_PROMPT_MAX_WORDS and _said_to_reader(COMMENT_PROMPT.search(text), text, words)


def is_account_prompt(text: str, words: int) -> bool:
    """A site's "log in or register", said to the reader (see ``ACCOUNT_PROMPT``)."""
    return words <= ACCOUNT_PROMPT_MAX_WORDS and _said_to_reader(ACCOUNT_PROMPT.search(text), text, words)


def _said_to_reader(prompt: re.Match[str] | None, text: str, words: int) -> bool:
    """A prompt opens its line, says "you" or "please", or is a few words only; "Residents
    would need to register to comment …" is a story's sentence."""
    if prompt is None:
        return False
    opens_line = not text[: prompt.start()].strip(" \t\"'“‘(")
    return opens_line or words <= COMMENT_PROMPT_BARE_MAX_WORDS or READER_ADDRESS.search(text) is not None


def is_comment_heading(line: Line, controls_only: bool = False) -> bool:
    """A comment section's heading ("12 Comments", "Leave a Reply"), one of its controls
    ("Load All Comments") or its sign-in prompt ("Please sign in to comment."). With
    ``controls_only`` (looking above the best run for where comments began), a heading such
    as a bare "Comments" does not count: up there it is as likely a menu link."""
    text = line.text
    if is_comment_prompt(text, line.words):
        return True
    if line.words > COMMENTS_HEADER_MAX_WORDS or POSTED_RECORD.search(text):
        return False
    return bool(COMMENTS_CONTROL.search(text) or (not controls_only and COMMENTS_HEADER.match(text)))


def mark_comments(lines: list[Line], run: tuple[int, int]) -> bool:
    """Under a comment section's heading inside or just below the story (``run``), once
    the story has been told above it, every line is readers' comments: they are prose too,
    so only their place tells them apart. A "Comments" link in a menu above is no heading.
    True when a comment section was found."""
    run_start, run_end = run
    prose_above = 0
    heading = None
    for index in range(run_start, min(len(lines), run_end + COMMENTS_BELOW_RUN_LINES)):
        line = lines[index]
        if (
            prose_above >= COMMENTS_MIN_PROSE_ABOVE
            and is_comment_heading(line)
            and _signed(lines[index + 1 : index + 1 + COMMENT_SIGNATURES_WITHIN_LINES])
        ):
            heading = index
            break
        if line.kind == "prose":
            prose_above += line.words
    # A thread of signed posts may run above the heading (a blog's comments, then the
    # "Post a comment" form): the section starts where the first of the two does.
    thread = _signed_thread(lines, run)
    found = [index for index in (heading, thread) if index is not None]
    if found:
        mark_as_comments(lines, min(found))
        return True
    return False


def comments_before_run(lines: list[Line], run: tuple[int, int]) -> int | None:
    """Where the comments start when the best run is itself a long comment section: a
    comment control ("Load All Comments", "427 comments") or sign-in prompt stands between a story told
    above it (``COMMENTS_MIN_PROSE_ABOVE`` words of prose) and the run. Readers' comments
    outweigh a short story, so the run alone would take them for it. The run must show
    itself a thread: ``THREAD_MIN_POSTS`` signatures ("by Ann on Tuesday, @11:29AM",
    "Reply") at least."""
    run_start, run_end = run
    prose_above = 0
    for index in range(run_start):
        line = lines[index]
        if line.kind == "prose":
            prose_above += line.words
        elif prose_above >= COMMENTS_MIN_PROSE_ABOVE and is_comment_heading(line, controls_only=True):
            break
    else:
        return None
    signed = sum(
        1
        for line in lines[run_start:run_end]
        if line.words <= COMMENTS_HEADER_MAX_WORDS and COMMENT_SIGNATURE.search(line.text)
    )
    return index if signed >= THREAD_MIN_POSTS else None


def is_signature(line: Line) -> bool:
    """A comment's signature: a short line naming its writer with a date or time. An
    embedded tweet's attribution ("— Ann Lee (@annlee) November 18, 2019") reads the same
    but quotes the story's sources, and a line that counts the comments ("Posted on: … With:
    1 Comment") is the post's own record."""
    text = line.text.strip()
    return (
        line.words <= THREAD_SIGNATURE_MAX_WORDS
        and not ENDS_SENTENCE.search(text)
        and not EMBED_ATTRIBUTION.match(text)
        and not COMMENT_COUNT.search(text)
        and THREAD_DATE.search(text) is not None
        and any(word[:1].isupper() for word in text.split())
    )


def _signed_thread(lines: list[Line], run: tuple[int, int]) -> int | None:
    """The first signature of a thread of signed posts below the story's opening prose."""
    run_start, run_end = run
    prose_above = 0
    chain: list[int] = []
    for index in range(run_start, min(len(lines), run_end + COMMENTS_BELOW_RUN_LINES)):
        line = lines[index]
        if prose_above < COMMENTS_MIN_PROSE_ABOVE:
            prose_above += line.words if line.kind == "prose" else 0
            continue
        if not is_signature(line):
            continue
        followed_by_post = index + 1 < len(lines) and lines[index + 1].kind in ("prose", "short")
        if not followed_by_post:
            continue
        if chain and index - chain[-1] > THREAD_POST_MAX_LINES:
            chain = []
        chain.append(index)
        if len(chain) >= THREAD_MIN_POSTS:
            return chain[0]
    return None


def _signed(lines: list[Line]) -> bool:
    """Comments carry their writers' names and times, or the form to add one follows."""
    if any(COMMENTS_HEADER.match(line.text) for line in lines[:COMMENT_FORM_WITHIN_LINES]):
        return True
    signatures = sum(1 for line in lines if COMMENT_SIGNATURE.search(line.text) or DATE.search(line.text))
    return signatures >= COMMENT_SIGNATURES_MIN

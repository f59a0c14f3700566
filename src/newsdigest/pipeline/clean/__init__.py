"""Raw article text → the article: title, body, source tags, and what was removed and why.

People paste or scrape whole pages: navigation, "Read more »" links, related-story lists,
share buttons, bylines, captions, tag lines and footers around the article. This stage
finds the article the way a reader would, line by line:

- each line is classified from its own signals (sentence punctuation, length, stopword
  density, boilerplate phrases, title case, links glued to headlines);
- the article body is the run of lines with the most prose in it, net of the
  boilerplate inside it (a maximum-sum run, so a caption inside the story does not cut
  it in two, nor does a code listing or a text table in a technical article, but a
  footer of related links after it is left out);
- lines are also read with their neighbours: the paragraph above a photo credit is a
  caption, a "Key Points" heading starts a summary box, a "Most Popular" heading starts
  a list of other stories, a byline or lone dateline near the top ends the header, and a
  line the story says again (a pull quote) is read once;
- the title is the nearest headline above the body, past share bars and toolbars, that
  names what the lede tells (shares words with it); a trailing line of title-case words
  is the publisher's tags; a quoted post and a printed interview's short turns are body.

Kept lines are repaired (invisible characters, mojibake via ftfy, glued sentences,
hard-wrapped lines and line-end hyphens) and joined into the text spaCy sees. Every piece
of that text remembers where it came from, so offsets map back to the decoded input.

The package reads in the order of the steps: ``lines`` (a page cut into lines, the best
run), ``patterns`` (every pattern and threshold, with its reason), ``rules`` (each line's
kind, from itself and its neighbours; whether the page has furniture at all),
``headlines`` (headline stretches and glued words, shared with the entity stage),
``repair`` and ``offsets`` (the text spaCy sees, mapped back to the input).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from .headlines import glue_points, headline_ranges
from .lines import Line, best_run, is_hard_wrapped, letters_only, split_lines
from .offsets import Builder, OffsetMap
from .patterns import (
    GLUED_PIECES_MIN,
    HEADLINE_SHARE,
    MIN_LISTING_LINES,
    TAG_SEPARATORS,
    TAGS_PREFIX,
    TITLE_BODY_MIN_RATIO,
)
from .repair import copy_repaired, join
from .rules import (
    classify,
    comments_before_run,
    embedded_posts,
    find_known_title,
    has_page_furniture,
    header_lines,
    introduces_paragraph,
    looks_like_title,
    mark_as_comments,
    mark_code_listings,
    mark_comments,
    mark_highlights,
    mark_pipe_menus,
    mark_related_lists,
    mark_repeats,
    mark_teasers_and_captions,
    mark_tickers,
    story_start,
    tag_line_below,
    title_above,
)

__all__ = [
    "KINDS",
    "Cleaned",
    "Layout",
    "OffsetMap",
    "RemovedLine",
    "clean",
    "glue_points",
    "headline_ranges",
    "is_hard_wrapped",
    "layout_of",
    "uncleaned",
]

#: What cleaning still removes from a page trafilatura already extracted: the kinds whose
#: lines were mostly not the page's content on WCXB's development pages (read half:
#: comments, navigation, boilerplate notices, bylines and datelines, tag lines). Every other
#: line it kept stays in the text (as an aside when outside the story's run): removing
#: them cost as many content words as furniture words (benchmarks/wcxb.py).
REMOVED_AFTER_EXTRACTION = frozenset({"comments", "navigation", "boilerplate", "byline", "dateline", "tags"})

KINDS = (
    "navigation",
    "boilerplate",
    "markup",
    "related",
    "comments",
    "highlights",
    "repeated",
    "byline",
    "dateline",
    "credit",
    "tags",
    "headline",
    "short",
    "code",
    "outside",
)


# --- the cleaning stage -----------------------------------------------------------------


@dataclass(frozen=True)
class RemovedLine:
    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Layout:
    """What the later stages need to know of the cleaned text's shape, found once here.

    Offsets are in the cleaned text (the text spaCy sees)."""

    #: Where one piece of text runs straight into the next ("ConcernsUS"): the entity stage
    #: cuts mentions there.
    glue_points: tuple[int, ...]
    #: Title-case or all-caps stretches: the entity stage trusts a mention there only when
    #: the prose vouches for it.
    headline_ranges: tuple[tuple[int, int], ...]
    #: Lines broken at a fixed width: only blank lines then start a sentence (the parse).
    hard_wrapped: bool
    #: Program text and text tables kept in the body (a listing between two paragraphs of a
    #: technical article is part of it): no summary sentence or entity is taken from there.
    code_ranges: tuple[tuple[int, int], ...] = ()
    #: Text a main-text extractor kept that the story's run does not hold (a block outside
    #: it, a heading, a line said twice): kept, because after trafilatura such lines are the
    #: page's content about as often as not, but no summary sentence is taken from there.
    aside_ranges: tuple[tuple[int, int], ...] = ()


def layout_of(
    text: str, code_ranges: tuple[tuple[int, int], ...] = (), aside_ranges: tuple[tuple[int, int], ...] = ()
) -> Layout:
    glued = glue_points(text)
    return Layout(tuple(glued), tuple(headline_ranges(text, glued)), is_hard_wrapped(text), code_ranges, aside_ranges)


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
    layout: Layout
    metadata: dict[str, Any] = field(default_factory=dict)
    #: The story's byline and dateline as the page prints them above it ("By Ann Lee",
    #: "Published 11:43 AM on 04/28/2013"), when a page's furniture was removed.
    byline: str | None = None
    dateline: str | None = None

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
    return Cleaned(text, title, body_start, (), (), OffsetMap.identity(len(text)), len(text), layout_of(text))


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
    if looks_like_title(first_line) and len(rest) >= TITLE_BODY_MIN_RATIO * len(first_line):
        return first_line, line_end + 1
    return None, stripped_start


def _source_tags(line: str, original: str) -> tuple[str, ...]:
    """Split a tag line: at separators if it has them; else into words, keeping together
    neighbours the page itself uses as one phrase ("Trump Administration")."""
    line = TAGS_PREFIX.sub("", line).strip()
    if TAG_SEPARATORS.search(line):
        return tuple(tag for tag in TAG_SEPARATORS.split(line) if tag)
    words = line.split()
    tags: list[str] = []
    lowered = original.lower()
    for word in words:
        if tags and lowered.count(f"{tags[-1]} {word}".lower()) > 1:
            tags[-1] = f"{tags[-1]} {word}"
        else:
            tags.append(word)
    return tuple(tags)


@dataclass
class PageLines:
    """A text's lines as the rules read them: each line's kind, and for a page with
    furniture the run that holds the story, its title line and its tag line."""

    #: "page" (furniture to remove), "repair" (nothing to remove) or "leave" (no prose)
    mode: str
    lines: list[Line]
    glued: list[int]
    start: int = 0
    end: int = 0
    title_line: Line | None = None
    source_tags: tuple[str, ...] = ()


def read_page(text: str, extracted: bool = False, known_title: str | None = None) -> PageLines:
    """Classify every line and find the story's run (see the module docstring)."""
    wrapped = is_hard_wrapped(text)
    lines = split_lines(text, wrapped)
    if not lines:
        return PageLines("leave", lines, [])
    glued = glue_points(text)
    headlines = headline_ranges(text, glued, clauses_continue_prose=False)

    def mostly_headline(start: int, end: int) -> bool:
        covered = sum(min(b, end) - max(a, start) for a, b in headlines if a < end and b > start)
        return covered >= HEADLINE_SHARE * (end - start)

    for line in lines:
        # A headline glued to its teaser ("… Ukraine War ConcernsUS Defense Secretary …"),
        # or pieces glued over and over (link previews pasted into a sentence); one brand
        # name inside prose ("the PowerPage, Apple Insider") is no such join.
        joins = [point for point in glued if line.start < point < line.end]
        starts_glued = len(joins) >= GLUED_PIECES_MIN or any(mostly_headline(line.start, point) for point in joins)
        line.kind = classify(line, headline=starts_glued or mostly_headline(line.start, line.end))

    known_title_line = find_known_title(lines, known_title)
    if known_title_line is not None:
        known_title_line.kind = "headline"
    mark_pipe_menus(lines)
    mark_teasers_and_captions(lines)
    mark_tickers(lines)
    mark_code_listings(lines)
    mark_highlights(lines)
    mark_related_lists(lines)
    if not has_page_furniture(lines):
        return PageLines("repair", lines, glued, title_line=known_title_line)
    start, end = best_run([line.weight for line in lines])
    if mark_comments(lines, (start, end)):
        start, end = best_run([line.weight for line in lines])
    comments = comments_before_run(lines, (start, end))
    if comments is not None:
        mark_as_comments(lines, comments)
        start, end = best_run([line.weight for line in lines])
    if lines[start].kind != "prose" or not any(line.kind == "prose" for line in lines):
        return PageLines("leave", lines, glued)  # nothing reads as prose: leave it alone rather than guess

    title_line = known_title_line or title_above(lines, start)
    tag_line = tag_line_below(lines, end)
    source_tags: tuple[str, ...] = ()
    if tag_line is not None:
        source_tags = _source_tags(tag_line.text, text)
        tag_line.kind = "tags"
    start = story_start(lines, start, end)
    mark_repeats(lines[start:end])
    return PageLines("page", lines, glued, start, end, title_line, source_tags)


def clean(text: str, extracted: bool = False, known_title: str | None = None, core: str | None = None) -> Cleaned:
    """Find the article in raw text; see the module docstring for how.

    ``extracted`` says a main-text extractor (trafilatura, for HTML) already removed the
    page furniture: short lines inside the article (subheadings, list items) are then
    kept, where in a raw scrape they are mostly menus and link lists. ``known_title`` is
    the page's title from its markup: a line at the top that repeats it is the title.
    ``core`` (``webpage.Page.core``, given only with trafilatura's text) holds the lines a
    precise extraction kept. With it, cleaning does no harm to what trafilatura found: it
    removes only furniture (``REMOVED_AFTER_EXTRACTION``), and every other line outside the
    story's run or outside ``core`` is kept as an aside, which no summary sentence comes from.
    """
    page = read_page(text, extracted, known_title)
    if page.mode == "leave":
        return uncleaned(text)
    if page.mode == "repair":
        # A wire story, a pasted article: nothing to remove, only repairs to make. Its
        # short lines are results tables, subheadings and datelines, not menus.
        return _repaired(text, page.lines, page.glued, page.title_line, core)
    lines, start, end, title_line = page.lines, page.start, page.end, page.title_line

    removed: list[RemovedLine] = []
    kept: list[Line] = []
    asides: set[int] = set()  # indices into kept
    posts = embedded_posts(lines, start, end)
    for index, line in enumerate(lines):
        inside = start <= index < end
        if line is title_line:
            continue
        # A listing inside the story is the story's (the commands of a how-to, a results
        # table), as is a post it quotes; other short lines inside a raw scrape's run are
        # mostly link lists.
        if inside and (
            line.kind in ("prose", "code")
            or (extracted and line.kind == "short")
            or introduces_paragraph(lines, index)
            or index in posts
        ):
            if core is not None and not in_core(line.text, core):
                asides.add(len(kept))
            kept.append(line)
        elif core is not None and line.kind not in REMOVED_AFTER_EXTRACTION:
            asides.add(len(kept))
            kept.append(line)
        else:
            # Prose and short lines are named for where they were; the rest for what they are.
            kind = line.kind if line.kind not in ("prose", "short") else ("short" if inside else "outside")
            removed.append(RemovedLine(kind, line.start, line.end, line.text))

    cleaned = _assemble(text, title_line, kept, page.glued, page.source_tags, tuple(removed), asides)
    byline, dateline = header_lines(lines, start, title_line)
    return replace(
        cleaned,
        byline=byline.text if byline is not None else None,
        dateline=dateline.text if dateline is not None else None,
    )


def in_core(text: str, core: str) -> bool:
    """Is the line part of what a precise extraction kept? A line without letters (a table's
    empty cell) goes with whatever is around it."""
    key = letters_only(text)
    return not key or key in core


def _repaired(
    text: str,
    lines: list[Line],
    glued: list[int],
    known_title_line: Line | None,
    core: str | None = None,
) -> Cleaned:
    """Every line kept and repaired; the first line is the title if it reads as one."""
    title_line = known_title_line
    if title_line is None and len(lines) > 1:
        title, _ = _leading_title(text)
        title_line = lines[0] if title is not None else None
    # A pull quote is the story's own words again: reading it once loses nothing.
    mark_repeats(lines)
    kept = [line for line in lines if line is not title_line and line.kind != "repeated"]
    removed = tuple(
        RemovedLine(line.kind, line.start, line.end, line.text) for line in lines if line.kind == "repeated"
    )
    asides = {i for i, line in enumerate(kept) if core is not None and not in_core(line.text, core)}
    return _assemble(text, title_line, kept, glued, (), removed, asides)


def _assemble(
    text: str,
    title_line: Line | None,
    kept: list[Line],
    glued: list[int],
    source_tags: tuple[str, ...],
    removed: tuple[RemovedLine, ...],
    asides: set[int] | frozenset[int] = frozenset(),
) -> Cleaned:
    """The title line and the kept lines, repaired, joined into the text spaCy sees;
    ``asides`` (indices into ``kept``) become the layout's aside ranges."""
    builder = Builder(text)
    title = None
    if title_line is not None:
        title = title_line.text
        copy_repaired(builder, text, title_line.start, title_line.end, glued)
        builder.replace("\n", title_line.end, title_line.end)
    body_start = builder.length
    listings: list[tuple[int, int, int]] = []  # (start, end, lines) of each run of kept code lines
    aside_ranges: list[tuple[int, int]] = []
    for index, line in enumerate(kept):
        if index:
            join(builder, text, kept[index - 1], line)
        line_start = builder.length
        copy_repaired(builder, text, line.start, line.end, glued)
        if index in asides:
            if aside_ranges and index - 1 in asides:
                aside_ranges[-1] = (aside_ranges[-1][0], builder.length)
            else:
                aside_ranges.append((line_start, builder.length))
        if line.kind == "code" and index and kept[index - 1].kind == "code":
            listing_start, _, count = listings[-1]
            listings[-1] = (listing_start, builder.length, count + 1)
        elif line.kind == "code":
            listings.append((line_start, builder.length, 1))
    cleaned_text, offsets = builder.build()
    # One line that reads like code ("Political parties;") is no listing: later stages read it.
    code_ranges = tuple((start, end) for start, end, count in listings if count >= MIN_LISTING_LINES)
    layout = layout_of(cleaned_text, code_ranges, tuple(aside_ranges))
    return Cleaned(cleaned_text, title, body_start, source_tags, removed, offsets, len(text), layout)

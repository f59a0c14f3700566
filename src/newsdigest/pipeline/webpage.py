"""HTML pages → main text, title, author and date, through trafilatura.

trafilatura is the best-maintained main-text extractor in Python; it never fetches
anything here, it only parses the markup it is given.
"""

from __future__ import annotations

import copy
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from newsdigest.errors import InputError


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    author: str | None
    date: str | None
    #: What trafilatura keeps when it favours precision (``letters_only``): the story itself,
    #: where ``text`` is everything it found. None when ``text`` is the page's visible text
    #: (trafilatura found no prose), which cleaning reads like a scrape.
    core: str | None = None
    #: What kind of page it is (``pagekind.KINDS``): an article, a forum thread, a product, …
    kind: str | None = None


#: Seconds one page may take to extract before it is given up as an error record.
PAGE_SECONDS = 60.0


def extract_article(html: str, source: str, seconds: float | None = None, any_language: bool = False) -> Page:
    import trafilatura

    from newsdigest.pipeline.pagekind import page_kind

    with time_limit(seconds or PAGE_SECONDS, source):
        # trafilatura's balanced setting: on WCXB's development pages (read half)
        # favor_precision cost article pages 5 points of word F1 (0.884 against 0.933). Not
        # tables: on pages laid out in tables (2008-2012) a row glues a headline, byline and
        # teaser into one line that reads as prose, and tables gained modern articles 0.005.
        document = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            favor_precision=False,
        )
    text = getattr(document, "text", None) if document is not None else None
    found = _has_prose(text)
    laid_out = rendered_text(document, str(text)) if found else ""
    core = _precise_lines(html, seconds, source) if found else None
    kind = page_kind(html, laid_out) if found else None
    if core is None and found and kind != "article":
        # The precise setting found nothing, the balanced one did: on a listing, a thread or
        # a product page that is its content (WCXB read half: word F1 0.60 against 0.48 for
        # the page's visible text), though no line of it is sure enough to summarise from
        # first. An article is read from its visible text, as a scrape (0.91 against 0.85).
        core = ""
    if core is None:
        # trafilatura gives up on some pages (markup nested deeper than libxml2 parses,
        # odd layouts): fall back to the page's visible text, which cleaning then reads
        # like any scraped page.
        with time_limit(seconds or PAGE_SECONDS, source):
            text = visible_text(html)
        if not _has_prose(text):
            # The prose test reads English: a page in another language has its language named.
            from newsdigest.pipeline.language import foreign_language, language_error

            code = foreign_language(text)
            if code is None:
                raise InputError("no article text found in this HTML page; pass the page's text instead", source)
            if not any_language:
                raise language_error(code, source)
        title = getattr(document, "title", None) if document is not None else None
        return Page(
            text=text, title=title or markup_title(html), author=None, date=None, kind=page_kind(html, str(text))
        )
    return Page(
        text=laid_out,
        title=getattr(document, "title", None) or None,
        author=getattr(document, "author", None) or None,
        date=getattr(document, "date", None) or None,
        core=core,
        kind=kind,
    )


def _precise_lines(html: str, seconds: float | None, source: str) -> str | None:
    """What trafilatura keeps when it favours precision, letters only; None when that
    holds no prose, and then the page is read from its visible text like any scrape (on
    pages laid out before 2012 the balanced setting then takes a menu or teasers for it).

    Both settings are needed (measured on WCXB's read half and the 2008-2012 pages): the
    balanced one finds a modern page's content (article word F1 0.93 against 0.88), while
    on old table-laid pages it also takes menus and teasers, which the precise one leaves;
    so the text is what the balanced one found, and the summary comes from what the
    precise one kept.
    """
    import trafilatura

    from newsdigest.pipeline.clean.lines import letters_only

    with time_limit(seconds or PAGE_SECONDS, source):
        document = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=False, with_metadata=False, favor_precision=True
        )
    text = getattr(document, "text", None) if document is not None else None
    if not _has_prose(text):
        return None
    # Letters only, as one string: the two settings lay a paragraph out in lines (and table
    # cells) differently, so a line is the story's when its letters occur in it.
    return letters_only(str(text))


# A line break with the indentation around it, in an element's text.
_SOURCE_BREAK = re.compile(r"[ \t\r\f\v]*\n\s*")
# Stands for a source line break in the tree until the text is laid out: printable (XML
# text cannot hold control characters, and trafilatura's serialiser drops unassigned and
# private-use ones) and never written by anyone.
_BREAK_MARK = "¶⁂¶"
_LINE_END_CHARS = 200


def rendered_text(document: Any, text: str) -> str:
    """The main text laid out one line per paragraph, as a browser shows it.

    trafilatura copies a paragraph's text as the page's source has it, and sources
    often break lines inside a paragraph ("The \\n          1990s were …"). A browser
    collapses that whitespace, so a break there goes when the text goes on in the same
    sentence (``continues_paragraph``). Its fallback extractor also turns ``<br>`` into
    such a break ("Gerard Jackson" / "Tim Colebatch and …"): a short line before a capital
    stays a line. Breaks trafilatura marks (``<lb/>``) and preformatted blocks stay.
    """
    from trafilatura.xml import xmltotxt

    from newsdigest.pipeline.clean.lines import continues_paragraph

    if getattr(document, "body", None) is None:
        return text
    body = copy.deepcopy(document.body)
    # trafilatura turns <pre> into <code>, or into <quote> when it does not read as code;
    # a quote's own paragraphs (<p> inside it) are laid out like any other.
    # (The set holds the elements themselves: lxml keeps one proxy per node while it is
    # referenced, where an id() of a proxy may be reused.)
    preformatted = {inner for code in body.iter("code") for inner in code.iter()}
    preformatted.update(body.iter("quote"))
    for element in body.iter():
        if element.text and element not in preformatted:
            element.text = _SOURCE_BREAK.sub(_BREAK_MARK, element.text)
        parent = element.getparent()
        if element.tail and (parent is None or parent not in preformatted):
            element.tail = _SOURCE_BREAK.sub(_BREAK_MARK, element.tail)
    pieces = str(xmltotxt(body, include_formatting=False)).split(_BREAK_MARK)
    parts = [pieces[0].rstrip(" \t")]
    line = pieces[0].rpartition("\n")[2]  # the end of the line being laid out
    for piece in pieces[1:]:
        above = line.strip()
        following = piece.lstrip(" \t")
        if not above or not following.strip() or continues_paragraph(above, following):
            separator = " " if above and following[:1] not in ("", "\n") else ""
        else:
            separator = "\n"
        parts += [separator, following.rstrip(" \t")]
        _, newline, rest = following.rpartition("\n")
        # Only the line's end is looked at: its length (up to the wrap width) and last mark.
        line = rest if newline else (line + separator + following)[-_LINE_END_CHARS:]
    return "".join(parts)


@contextmanager
def time_limit(seconds: float, source: str) -> Iterator[None]:
    """Give up on one page that takes longer than ``seconds`` (an InputError for it alone).

    A timer signal interrupts the parse; signals can only be set from a process's main
    thread, so elsewhere (a Dask worker's task thread) the page runs unguarded.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def give_up(_number: int, _frame: object) -> None:
        raise _PageTimeout

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _PageTimeout:
        raise InputError(f"took over {seconds:g} s to read as HTML; pass the page's text instead", source) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _PageTimeout(Exception):
    pass


def _has_prose(text: str | None) -> bool:
    """Does the text hold a line the cleaning stage reads as running prose? An extraction
    without one took something else for the article: a fixtures table, a menu, a notice
    that the page's stylesheet did not load."""
    from newsdigest.pipeline.clean.lines import split_lines
    from newsdigest.pipeline.clean.rules import classify

    return any(classify(line, headline=False) == "prose" for line in split_lines(text or ""))


#: Tags whose content is never visible text, and tags that end a line of text.
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header "
    "hr li main nav ol p pre section table td th tr ul".split()
)
_PREFORMATTED = frozenset({"pre", "textarea", "listing", "xmp", "plaintext"})
_MARKUP_WHITESPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's whitespace
#: Pages larger than this are cut before the fallback reads them (a time and memory guard).
MAX_FALLBACK_CHARACTERS = 20_000_000


def visible_text(html: str) -> str:
    """The text a browser would show, one block per line.

    Written on the standard library's streaming ``html.parser`` because it keeps no tree:
    nesting depth costs nothing, where tree builders (libxml2, trafilatura) stop at a few
    hundred levels.
    """
    from html.parser import HTMLParser

    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0
            self.preformatted = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag in _INVISIBLE:
                self.hidden += 1
            elif tag in _BLOCKS:
                self.parts.append("\n")
            if tag in _PREFORMATTED:
                self.preformatted += 1

        def handle_endtag(self, tag: str) -> None:
            if tag in _INVISIBLE:
                self.hidden = max(0, self.hidden - 1)
            elif tag in _BLOCKS:
                self.parts.append("\n")
            if tag in _PREFORMATTED:
                self.preformatted = max(0, self.preformatted - 1)

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                # A browser shows a line break in the markup as a space (hand-written
                # pages wrap their paragraphs at 80 columns); only blocks and <br> start a
                # line, and preformatted text keeps its own.
                self.parts.append(data if self.preformatted else _MARKUP_WHITESPACE.sub(" ", data))

    collector = Collector()
    collector.feed(html[:MAX_FALLBACK_CHARACTERS])
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return "\n\n".join(line for line in lines if line)


def markup_title(html: str) -> str | None:
    """The page's <title>, whitespace collapsed."""
    import re
    from html import unescape

    found = re.search(r"<title[^>]*>(.*?)</title>", html[:200_000], re.IGNORECASE | re.DOTALL)
    return " ".join(unescape(found.group(1)).split()) or None if found else None

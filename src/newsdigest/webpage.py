"""HTML pages → main text, title, author and date, through trafilatura.

trafilatura is the best-maintained main-text extractor in Python; it never fetches
anything here, it only parses the markup it is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    author: str | None
    date: str | None


def extract_article(html: str, source: str) -> Page:
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        favor_precision=True,
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text or max((len(line.split()) for line in text.splitlines()), default=0) < 5:
        raise InputError("no article text found in this HTML page; pass the page's text instead", source)
    return Page(
        text=text,
        title=getattr(document, "title", None) or None,
        author=getattr(document, "author", None) or None,
        date=getattr(document, "date", None) or None,
    )

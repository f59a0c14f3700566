"""How the cleaning stage finds a raw page's headline, and the leave-one-source-out choice
of its two settings (``TITLE_SEARCH_LINES``, ``TITLE_MIN_SHARED_WORDS``); then how often
the byline and dateline it reports agree with what trafilatura reads from the same page's
HTML.

    python benchmarks/titles.py [--eval-dir ../shared/eval]

For every scraped page of ../shared/eval (raw text), the title the cleaning stage picks
is compared with the page's own <title> from its HTML: it **agrees** when at least 60% of
its words are in the <title>, **differs** otherwise, or there is **none**. A <title> is an
imperfect reference (often only the site's name, or the headline reworded), so a differing
title is not always wrong: of 40 differing titles read by eye, 17 were not the story's
headline. A differing title therefore costs half an agreeing one, and each setting is
scored as agree - differ / 2.

Every setting on a grid is scored per source; for each source held out, the setting with
the best score on the other five is chosen and its figures on the held-out source are
printed beside the shipped setting's. About a minute; prints Markdown on stdout.

The scores form a plateau (30 or 40 lines, one to three shared words, within a few
points), so the folds do not agree on one setting. The shipped one (30 lines, two shared
words) is 1.5 points under the best total (one shared word): reading the 124 pages where
the two pick differently, the one-word picks were a menu or section line ("Show more
sharing options", "All Blog Posts") about as often as a headline, and a wrong headline
shows at the top of every digest, so the stricter setting ships.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

import newsdigest.clean as cleaning

from newsdigest.pipeline.clean.lines import Line
from newsdigest.pipeline.clean.patterns import STOPWORDS, TITLE_MIN_SHARED_WORDS, TITLE_SEARCH_LINES
from newsdigest.pipeline.clean.rules import calendar_date, title_candidates
from newsdigest.pipeline.webpage import markup_title
from pages import DEFAULT_EVAL, Page, by_source, load_pages

SEARCH_LINES = (10, 20, 30, 40, 60)
MIN_SHARED = (1, 2, 3)
AGREE_SHARE = 0.6
DIFFER_COST = 0.5
_WORD = re.compile(r"[^\W_]+")
Setting = tuple[int, int]


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if word not in STOPWORDS}


def _verdict(title: str | None, reference: str) -> str:
    if not title:
        return "none"
    words = _words(title)
    return "agree" if words and len(words & _words(reference)) / len(words) >= AGREE_SHARE else "differ"


def _score(counts: Counter[str]) -> float:
    return counts["agree"] - DIFFER_COST * counts["differ"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    args = parser.parse_args()
    pages = load_pages(args.eval_dir)
    if not pages:
        print(f"Skipped: no pages under {args.eval_dir} (the evaluation data is not part of the repository).")
        return

    # One pass: every page's title candidates out to the widest search; a setting's pick is
    # then the nearest candidate within its distance that shares enough words.
    candidates: list[tuple[int, int, Line]] = []

    def recording(lines: list[Line], start: int) -> Line | None:
        candidates[:] = title_candidates(lines, start, max(SEARCH_LINES))
        return None

    settings: list[Setting] = [(search, shared) for search in SEARCH_LINES for shared in MIN_SHARED]
    tallies: dict[Setting, dict[str, Counter[str]]] = {setting: {} for setting in settings}
    for page in pages:
        candidates.clear()
        with mock.patch.object(cleaning, "title_above", recording):
            page_lines = cleaning.read_page(page.raw)
        reference = markup_title(page.html) or ""
        # A text with nothing to remove keeps its first line as the title, whatever the setting.
        other_title = None if page_lines.mode == "page" else cleaning.clean(page.raw).title
        for search, shared in settings:
            pick = other_title
            if page_lines.mode == "page":
                pick = next((line.text for far, common, line in candidates if far <= search and common >= shared), None)
            tally = tallies[(search, shared)].setdefault(page.source, Counter())
            tally[_verdict(pick, reference)] += 1

    sources = sorted({page.source for page in pages})
    report = [
        "## Headlines of raw pages (against each page's <title>)",
        "",
        "Score = agree - differ / 2, summed over sources; each row holds one source out.",
        "",
        "| held-out source | pages | chosen on the others | agree / differ / none | shipped setting: agree / differ / none |",
        "|---|---:|---|---|---|",
    ]
    shipped = (TITLE_SEARCH_LINES, TITLE_MIN_SHARED_WORDS)
    for held_out in sources:
        chosen = max(
            settings, key=lambda s: (sum(_score(tallies[s][name]) for name in sources if name != held_out), -s[0])
        )
        got, ours = tallies[chosen][held_out], tallies[shipped][held_out]
        report.append(
            f"| {held_out} | {sum(got.values())} | {chosen[0]} lines, {chosen[1]} shared |"
            f" {got['agree']} / {got['differ']} / {got['none']} | {ours['agree']} / {ours['differ']} / {ours['none']} |"
        )
    report += ["", "| setting | " + " | ".join(sources) + " | score |", "|---|" + "---|" * (len(sources) + 1)]
    for setting in settings:
        cells = [f"{tallies[setting][name]['agree']}/{tallies[setting][name]['differ']}" for name in sources]
        total = sum(_score(tallies[setting][name]) for name in sources)
        report.append(f"| {setting[0]} lines, {setting[1]} shared | " + " | ".join(cells) + f" | {total:.1f} |")
    report += ["", *header_section(pages)]
    print("\n".join(report))


def _holds(found: str | None, reference: str | None, key: str) -> str:
    """ "agree" when ``found`` holds ``key`` (taken from the reference), "none" without a reference."""
    if not reference or not key:
        return "none"
    return "agree" if found and key.lower() in found.lower() else "differ"


def header_section(pages: list[Page]) -> list[str]:
    """Bylines and datelines cleaning reports, against trafilatura's author and date for
    the same page's HTML: a dateline agrees when it holds the date's year, a byline when
    it holds the author's last name; the ISO date read from the dateline (the digest's
    ``metadata.date`` for raw text) is compared with trafilatura's day."""
    from newsdigest.errors import NewsdigestError
    from newsdigest.pipeline.webpage import extract_article

    report = [
        "## Bylines and datelines of raw pages (against trafilatura's author and date from the HTML)",
        "",
        "| source | pages | datelines: agree / differ / no reference"
        " | their ISO date: same day / other / no reference / none read | bylines: agree / differ / no reference |",
        "|---|---:|---|---|---|",
    ]
    for name, group in by_source(pages):
        counts: Counter[str] = Counter()
        for page in group:
            cleaned = cleaning.clean(page.raw)
            try:
                found = extract_article(page.html, page.id)
            except NewsdigestError:
                found = None
            date, author = (found.date, found.author) if found else (None, None)
            if cleaned.dateline:
                counts["date " + _holds(cleaned.dateline, date, (date or "")[:4])] += 1
                ours = calendar_date(cleaned.dateline)
                counts[
                    "iso " + ("not read" if ours is None else _holds(ours, date, date or "")).replace("agree", "same")
                ] += 1
            if cleaned.byline:
                last_name = author.split(";")[0].split()[-1] if author and author.split() else ""
                counts["author " + _holds(cleaned.byline, author, last_name)] += 1
        report.append(
            f"| {name} | {len(group)} | {counts['date agree']} / {counts['date differ']} / {counts['date none']}"
            f" | {counts['iso same']} / {counts['iso differ']} / {counts['iso none']} / {counts['iso not read']}"
            f" | {counts['author agree']} / {counts['author differ']} / {counts['author none']} |"
        )
    return report


if __name__ == "__main__":
    main()

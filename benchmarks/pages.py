"""Scraped pages with gold bodies from ../shared/eval/, for the cleaning benchmark and the
line-model refit. Read at evaluation time only; nothing here is copied into the repo.

Two folders share one layout (``rawtext/<id>.txt``, ``html/<id>.html``, ``gold.jsonl``):
``article_extraction_dev`` (one source, called ``article-extraction`` here) and
``boilerplate_dev`` (five sources, named by each row's ``source_dataset``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
PAGE_FOLDERS = ("article_extraction_dev", "boilerplate_dev")
_ENGLISH = frozenset("the of and to in is that for it was on with as are be by this".split())
_SPACE = re.compile(r"\s+")


# Typographic quotes, dashes and ellipses folded to ASCII (the README: CleanEval's golds
# fold quotes), on both sides of every comparison.
_ASCII_PUNCTUATION = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."})


def squash(text: str) -> str:
    """Whitespace removed, case folded: how the eval README compares text with gold.

    Both sides also go through ftfy and have their quotes and dashes folded to ASCII: the
    cleaning stage repairs mojibake ("Canadaâ€™s" -> "Canada’s") while some golds keep it
    or fold quotes, and a sentence taken from the gold body must not count as lost or as
    furniture for the repair alone.
    """
    import ftfy

    return _SPACE.sub("", ftfy.fix_text(text).translate(_ASCII_PUNCTUATION)).casefold()


def is_english(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    return bool(words) and sum(w in _ENGLISH for w in words) / len(words) > 0.12


@dataclass(frozen=True)
class Page:
    id: str
    source: str  # the benchmark it comes from
    raw_path: Path
    html_path: Path
    gold: str

    @property
    def raw(self) -> str:
        return self.raw_path.read_text(encoding="utf-8")

    @property
    def html(self) -> str:
        return self.html_path.read_text(encoding="utf-8")


def load_pages(eval_dir: Path = DEFAULT_EVAL, english_only: bool = True) -> list[Page]:
    """Every page of both folders, sorted by (source, id); [] when the folder is missing."""
    pages = []
    for folder_name in PAGE_FOLDERS:
        folder = eval_dir / folder_name
        if not (folder / "gold.jsonl").exists():
            continue
        with (folder / "gold.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                if english_only and not is_english(row["gold_body"]):
                    continue
                source = row.get("source_dataset", "article-extraction")
                pages.append(
                    Page(
                        row["id"],
                        source,
                        folder / "rawtext" / f"{row['id']}.txt",
                        folder / "html" / f"{row['id']}.html",
                        row["gold_body"],
                    )
                )
    return sorted(pages, key=lambda page: (page.source, page.id))


def by_source(pages: list[Page]) -> Iterator[tuple[str, list[Page]]]:
    names = sorted({page.source for page in pages})
    for name in names:
        yield name, [page for page in pages if page.source == name]

"""A digest as plain text (summary sentences one per line) or as Markdown, for pipes and notes."""

from __future__ import annotations

from collections.abc import Sequence

from newsdigest.output.view import byline_line
from newsdigest.records import Digest

#: Entities listed in a Markdown digest (all of them with the entities command).
MARKDOWN_ENTITIES = 10


#: What separates documents: a blank line for text, a rule for Markdown.
TEXT_SEPARATOR = "\n"
MARKDOWN_SEPARATOR = "\n---\n\n"


def to_text(digest: Digest, sections: Sequence[str]) -> str:
    """For shell scripts: summary sentences one per line; entities as NAME<TAB>LABEL; tags one per line."""
    lines: list[str] = []
    if "summary" in sections and digest.summary:
        lines += [" ".join(s.text.split()) for s in digest.summary.sentences]
    elif "entities" in sections:
        lines += [f"{e.name}\t{e.label}" for e in digest.entities]
    elif "tags" in sections:
        lines += [t.tag for t in digest.tags]
    return "".join(line + "\n" for line in lines)


def _markdown_escape(text: str) -> str:
    """Characters that would start Markdown markup are escaped; the text reads the same."""
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in " ".join(text.split()))


def to_markdown(digest: Digest, sections: Sequence[str]) -> str:
    """A heading (title or source), who wrote it and when, the summary as a list, the main
    entities and the tags."""
    parts = [f"## {_markdown_escape(digest.title or digest.source)}\n"]
    byline = byline_line(digest)
    if byline:
        parts.append(f"*{_markdown_escape(byline)}*\n")
    if "summary" in sections and digest.summary and digest.summary.sentences:
        parts.append("".join(f"- {_markdown_escape(s.text)}\n" for s in digest.summary.sentences))
    if "entities" in sections and digest.entities:
        shown = digest.entities if sections == ("entities",) else digest.entities[:MARKDOWN_ENTITIES]
        names = ", ".join(f"{_markdown_escape(e.name)} ({e.label})" for e in shown)
        parts.append(f"**Entities:** {names}\n")
    if "tags" in sections and digest.tags:
        parts.append("**Tags:** " + ", ".join(_markdown_escape(t.tag) for t in digest.tags) + "\n")
    return "\n".join(parts)

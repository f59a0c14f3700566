"""A digest as the terminal view: a rich panel of summary, entities and tags.

The view is styled only when its console is a terminal (rich also honours NO_COLOR);
JSON never depends on the terminal (``records.to_json_line``).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newsdigest.records import Digest

MAX_VIEW_ENTITIES = 12


def _summary_block(digest: Digest) -> Table | Text:
    sentences = digest.summary.sentences if digest.summary else ()
    if not sentences:
        return Text("(no sentences)", style="dim")
    # A grid gives wrapped sentences a hanging indent under their number.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold cyan", justify="right")
    grid.add_column()
    for number, sentence in enumerate(sentences, start=1):
        grid.add_row(f"{number}.", " ".join(sentence.text.split()))
        if sentence.why is not None:
            grid.add_row("", Text(f"score {sentence.score:.3f}: {_why(sentence.why)}", style="dim"))
    return grid


#: The view shows this many of the news ranker's feature parts, largest first (JSON has all).
WHY_PARTS = 5


def _why(why: dict[str, object]) -> str:
    if "bias" not in why:  # not the news ranker: its score is the whole story
        return ", ".join(f"{key} {value}" for key, value in why.items())
    from newsdigest.pipeline.ranker import EXPLAIN_GROUPS

    grouped = {member: group for group, members in EXPLAIN_GROUPS.items() for member in members}
    sums: dict[str, float] = {}
    for key, value in why.items():
        if key not in ("bias", "eligible") and isinstance(value, float | int) and not isinstance(value, bool):
            name = grouped.get(key, key)
            sums[name] = sums.get(name, 0.0) + value
    parts = sorted(sums.items(), key=lambda item: -abs(item[1]))
    shown = ", ".join(f"{key} {value:+.2f}" for key, value in parts[:WHY_PARTS])
    eligible = "" if why.get("eligible") else "not eligible; "
    return f"{eligible}log-odds parts: {shown}"


def _entity_table(digest: Digest, limit: int | None) -> Table | Text:
    if not digest.entities:
        return Text("(no named entities)", style="dim")
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("Entity")
    table.add_column("Type", style="magenta")
    table.add_column("Mentions", justify="right")
    table.add_column("Also written", style="dim")
    explained = any(entity.why is not None for entity in digest.entities)
    if explained:
        table.add_column("Why this type", style="dim")
    shown = digest.entities[:limit] if limit else digest.entities
    for entity in shown:
        row = [entity.name, entity.label, str(entity.mentions), ", ".join(entity.aliases)]
        table.add_row(*row, *([_entity_why(entity.why)] if explained else []))
    hidden = len(digest.entities) - len(shown)
    if hidden > 0:
        table.caption = f"… and {hidden} more: newsdigest entities lists all"
        table.caption_justify = "left"
    return table


def _entity_why(why: dict[str, object] | None) -> str:
    """ "model PERSON 2, ORG 1; ORG +10: “analysts at …”": the votes, then what overrode them."""
    if not why:
        return ""
    votes = why.get("votes")
    parts = (
        ["model " + ", ".join(f"{label} {count}" for label, count in votes.items())] if isinstance(votes, dict) else []
    )
    evidence = why.get("evidence")
    if isinstance(evidence, list):
        parts += [str(note) for note in evidence]
    return "; ".join(parts)


def _tag_block(digest: Digest) -> Text:
    if not digest.tags:
        return Text("(no tags)", style="dim")
    return Text(" · ".join(tag.tag for tag in digest.tags), style="green")


def _removed_block(digest: Digest) -> Table | Text:
    if not digest.removed:
        return Text("(nothing)", style="dim")
    # expand + ratio: the Line column takes the rest of the width and ends long lines in "…".
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold", expand=True)
    longest_kind = max(len(kind) for kind, *_ in digest.removed)
    table.add_column("Kind", style="magenta", no_wrap=True, min_width=longest_kind)
    table.add_column("Line", style="dim", overflow="ellipsis", no_wrap=True, ratio=1)
    for kind, _start, _end, text in digest.removed:
        table.add_row(kind, text)
    return table


def byline_line(digest: Digest) -> str | None:
    """Who wrote it and when, as the page printed it (raw text) or its markup says (HTML)."""
    metadata = digest.metadata or {}
    parts = [metadata.get("byline") or metadata.get("author"), metadata.get("dateline") or metadata.get("date")]
    return " · ".join(str(part) for part in parts if part) or None


def digest_view(digest: Digest, sections: Sequence[str] = ("summary", "entities", "tags")) -> Panel:
    """A panel with the chosen sections; the entity table is shortened beside the others."""
    blocks: list[RenderableType] = []
    byline = byline_line(digest)
    if byline:
        blocks.append(Text(byline, style="dim"))
    for section in sections:
        if blocks:
            blocks.append(Text(""))
        if section == "summary":
            blocks += [Text("Summary", style="bold underline"), _summary_block(digest)]
        elif section == "entities":
            limit = MAX_VIEW_ENTITIES if len(sections) > 1 else None
            blocks += [Text("Entities", style="bold underline"), _entity_table(digest, limit)]
        elif section == "tags":
            blocks += [Text("Tags", style="bold underline"), _tag_block(digest)]
            if digest.source_tags:
                blocks.append(Text("Publisher's tags: " + " · ".join(digest.source_tags), style="dim"))
        elif section == "removed":
            blocks += [Text("Removed by cleaning", style="bold underline"), _removed_block(digest)]
    stats = digest.stats
    subtitle = f"{stats.sentences} sentences · {stats.words} words" if stats else None
    title = Text(digest.title or digest.source, style="bold")
    return Panel(
        Group(*blocks), title=title, title_align="left", subtitle=subtitle, subtitle_align="right", expand=True
    )

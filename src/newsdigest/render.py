"""Digests → text: the rich terminal view and JSON lines.

JSON never depends on the terminal; the view is styled only when its console is a
terminal (rich also honours NO_COLOR).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .records import Digest

if TYPE_CHECKING:
    from .corpus import CorpusReport
    from .evaluate import Report

MAX_VIEW_ENTITIES = 12


#: Line separators that JSON leaves raw but that str.splitlines, JavaScript and many line
#: readers treat as line breaks: escaped, so one record is always exactly one line.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"}


def json_text(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in _LINE_BREAKS.items():
        text = text.replace(raw, escaped)
    return text


def to_json_line(digest: Digest) -> str:
    return json_text(digest.to_dict()) + "\n"


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
    from .ranker import EXPLAIN_GROUPS

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


def _byline(digest: Digest) -> str | None:
    """Who wrote it and when, as the page printed it (raw text) or its markup says (HTML)."""
    metadata = digest.metadata or {}
    parts = [metadata.get("byline") or metadata.get("author"), metadata.get("dateline") or metadata.get("date")]
    return " · ".join(str(part) for part in parts if part) or None


def digest_view(digest: Digest, sections: Sequence[str] = ("summary", "entities", "tags")) -> Panel:
    """A panel with the chosen sections; the entity table is shortened beside the others."""
    blocks: list[RenderableType] = []
    byline = _byline(digest)
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


_METRIC_NAMES = {"rouge1": "ROUGE-1", "rouge2": "ROUGE-2", "rougeLsum": "ROUGE-Lsum"}


def report_heading(report: Report) -> str:
    return f"{report.task}: {report.dataset} ({report.documents} documents)"


def report_table(report: Report) -> Table:
    """One row per system, a P / R / F1 cell per metric; the best F1 per metric gets '*'."""
    table = Table(
        header_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )
    table.add_column("system", no_wrap=True)
    metrics = report.metrics
    for metric in metrics:
        table.add_column(f"{_METRIC_NAMES.get(metric, metric)}\nP / R / F1", justify="right", no_wrap=True)
    several = len(report.systems) > 1
    best = {metric: max(system.scores[metric].f1 for system in report.systems) for metric in metrics}
    for system in report.systems:
        cells: list[str | Text] = [system.name + (" (default)" if system.is_default and several else "")]
        for metric in metrics:
            prf = system.scores[metric]
            is_best = several and prf.f1 == best[metric]
            cell = Text(f"{100 * prf.precision:.1f} / {100 * prf.recall:.1f} / ")
            cell.append(f"{100 * prf.f1:.1f}" + ("*" if is_best else " "), style="bold green" if is_best else "")
            cells.append(cell)
        table.add_row(*cells)
    return table


def baseline_table(report: Report) -> Table | None:
    """Each system's F1 minus the baseline's (Lead-N for summaries, spaCy alone for entities)
    with its 95% bootstrap interval; for summaries, the dangling-opener rate."""
    compared = [system for system in report.systems if system.versus_baseline]
    if not compared and not any(system.dangling_openers is not None for system in report.systems):
        return None
    # Collapsed padding keeps three intervals and the rate inside 80 columns.
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
    table.add_column("system", no_wrap=True)
    for metric in report.metrics:
        table.add_column(f"{_METRIC_NAMES.get(metric, metric)} Δ", justify="right", no_wrap=True)
    with_dangling = any(system.dangling_openers is not None for system in report.systems)
    if with_dangling:
        table.add_column("dangling", justify="right")
    for system in report.systems:
        cells: list[str | Text] = [system.name]
        for metric in report.metrics:
            gap = system.versus_baseline.get(metric)
            if gap is None:
                cells.append("-")
                continue
            style = "green" if gap.low > 0 else ("red" if gap.high < 0 else "")
            cells.append(Text(f"{100 * gap.mean:+.1f} [{100 * gap.low:.1f},{100 * gap.high:.1f}]", style=style))
        rate = system.dangling_openers
        if with_dangling:
            cells.append("-" if rate is None else f"{100 * rate:.1f}%")
        table.add_row(*cells)
    return table


def per_label_table(report: Report) -> Table | None:
    labelled = [system for system in report.systems if system.per_label]
    if not labelled:
        return None
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("label")
    for system in labelled:
        table.add_column(f"{system.name} P/R/F1", justify="right")
    labels = sorted({label for system in labelled for label in system.per_label})
    for label in labels:
        cells = [label]
        for system in labelled:
            prf = system.per_label.get(label)
            cells.append(f"{100 * prf.precision:.1f} / {100 * prf.recall:.1f} / {100 * prf.f1:.1f}" if prf else "-")
        table.add_row(*cells)
    return table


# --- corpus ---------------------------------------------------------------------------

_SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int], width: int = 24) -> str:
    """Counts as a row of block characters, squeezed to ``width`` by summing neighbours."""
    if not values:
        return ""
    if len(values) > width:
        step = len(values) / width
        values = [sum(values[int(i * step) : int((i + 1) * step)]) for i in range(width)]
    top = max(values) or 1
    return "".join(" " if v == 0 else _SPARK[min(len(_SPARK) - 1, int(v / top * (len(_SPARK) - 1)))] for v in values)


def corpus_view(report: CorpusReport, top: int = 10) -> Group:
    """Largest stories first, then the entities across stories and the tags."""
    blocks: list[RenderableType] = []
    dated = f", {report.periods[0]} to {report.periods[-1]}" if report.periods else ""
    several = sum(1 for story in report.stories if story.size > 1)
    blocks.append(
        Text(
            f"{report.articles} articles, {len(report.stories)} stories ({several} with more than one article){dated}",
            style="bold",
        )
    )
    for story in report.stories[:top]:
        lines: list[RenderableType] = []
        for sentence in story.summary:
            lines.append(Text(f"• {sentence}"))
        names = " · ".join(f"{name} ({count})" for name, _, count in story.entities[:6])
        if names:
            lines.append(Text(f"Who and where: {names}", style="magenta"))
        if story.tags:
            lines.append(Text("Tags: " + " · ".join(tag for tag, _ in story.tags[:6]), style="cyan"))
        copies = sum(1 for m in story.members if m.copy_of)
        span = (
            f"{story.first_date} → {story.last_date}"
            if story.first_date and story.last_date != story.first_date
            else story.first_date or "undated"
        )
        subtitle = f"{story.size} articles · {len(story.outlets)} outlets · {span}" + (
            f" · {copies} {'copy' if copies == 1 else 'copies'}" if copies else ""
        )
        blocks.append(
            Panel(
                Group(*lines),
                title=Text(f"{story.id}. {story.title or '(untitled)'}", style="bold"),
                title_align="left",
                subtitle=subtitle,
                subtitle_align="right",
            )
        )
    hidden = len(report.stories) - top
    if hidden > 0:
        blocks.append(Text(f"… and {hidden} more stories: --json or --html lists them all", style="dim"))
    if report.entities:
        table = Table(box=None, header_style="bold", pad_edge=False, show_edge=False)
        table.add_column("Entity")
        table.add_column("Type", style="magenta")
        table.add_column("Stories", justify="right")
        table.add_column("Articles", justify="right")
        table.add_column(f"Trend by {report.period}" if report.period else "Trend", style="cyan")
        for entity in report.entities[:15]:
            table.add_row(entity.name, entity.label, str(entity.stories), str(entity.articles), sparkline(entity.trend))
        blocks += [Text(""), Text("Entities across stories", style="bold underline"), table]
    if report.pairs:
        pairs = " · ".join(f"{a} + {b} ({n})" for a, b, n in report.pairs[:8])
        blocks += [Text(""), Text("Together in several stories: ", style="bold").append(pairs, style="")]
    if report.tags:
        tags = " · ".join(f"{tag} ({n})" for tag, n in report.tags[:15])
        blocks += [Text("Tags by stories: ", style="bold").append(tags, style="")]
    if report.failed:
        blocks.append(Text(f"{len(report.failed)} inputs could not be digested (see the errors above)", style="red"))
    return Group(*blocks)


# --- plain text and Markdown ------------------------------------------------------------

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
    byline = _byline(digest)
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

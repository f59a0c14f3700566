"""A corpus report as the terminal view: stories, entities with their trend, tags."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from newsdigest.corpus.report import CorpusReport

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

"""An ``eval`` report as rich tables: scores, gaps to the baseline, per-label figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from newsdigest.evaluate import Report

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

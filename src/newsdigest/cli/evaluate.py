"""``eval``: score a task on a JSONL dataset, beside its baselines."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from newsdigest.cli.common import error_boundary, print_error
from newsdigest.errors import ExitCode
from newsdigest.options import (
    ALGORITHMS,
    DEFAULT_SENTENCES,
)

if TYPE_CHECKING:
    pass


@click.command("eval")
@click.argument("task", type=click.Choice(["summary", "tags", "entities", "stories"]))
@click.argument("dataset", type=click.Path(dir_okay=False))
@click.option(
    "-n",
    "--sentences",
    type=click.IntRange(min=1),
    default=DEFAULT_SENTENCES,
    show_default=True,
    help="Summary length for every algorithm.",
)
@click.option("--match-reference", is_flag=True, help="Summaries as long as each reference (in sentences).")
@click.option(
    "-a",
    "--algorithm",
    "algorithms",
    multiple=True,
    type=click.Choice(ALGORITHMS),
    help="Score only these algorithms (repeatable). Default: all.",
)
@click.option(
    "-k", "--k", "k", type=click.IntRange(min=1), default=10, show_default=True, help="Tags: cut-off for P/R/F1@k."
)
@click.option(
    "--label-map",
    default="auto",
    show_default=True,
    help="Entities: 'conll', 'none', JSON, or OURS=THEIRS pairs. 'auto' uses CoNLL's map for PER/ORG/LOC/MISC data.",
)
@click.option(
    "--texts",
    type=click.Path(dir_okay=False),
    help="Entities: JSONL of id and text (or gold_body) for rows that name their article by id. "
    "Default: a */gold.jsonl beside DATASET.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N documents.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--json", "as_json", is_flag=True, help="Write the report as one JSON object.")
@click.option("--no-clean", is_flag=True, help="Score the texts as they are, without the cleaning stage.")
@click.option("--model", help="spaCy model name or path.")
@click.option("--traceback", is_flag=True, help="Show a full traceback on errors.")
@click.pass_context
@error_boundary
def eval_command(
    ctx: click.Context,
    task: str,
    dataset: str,
    sentences: int,
    match_reference: bool,
    algorithms: tuple[str, ...],
    k: int,
    label_map: str,
    texts: str | None,
    limit: int | None,
    jobs: int,
    as_json: bool,
    no_clean: bool,
    model: str | None,
) -> None:
    """Score summaries, tags, entities or story grouping against gold JSONL data.

    \b
    TASK      DATASET rows need
    summary   text, reference_summary or reference_summary_sentences
    tags      text, keyphrases
    entities  text, entities [{start, end, label}] or [{name, label, aliases}]
    stories   text, cluster (gold story id); optional date, title, url

    Every summary algorithm runs at the same length, lead included; the entity task
    adds spaCy alone, on the text exactly as given, as a baseline row; the stories task
    adds a TF-IDF average-link baseline (at its best threshold) and MinHash near-duplicates.

    \b
    Examples:
      newsdigest eval summary cnndm.jsonl -n 3
      newsdigest eval tags kpcrowd.jsonl --json | jq '.systems[0]["@10"].f'
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from newsdigest.evaluate import LabelMapError, evaluate, iter_problems
    from newsdigest.output.evaluation import baseline_table, per_label_table, report_heading, report_table

    stderr = Console(stderr=True)
    progress = Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=stderr, transient=True, disable=not stderr.is_terminal,
    )  # fmt: skip
    bar = progress.add_task(f"eval {task}", total=None)
    try:
        with progress:
            report = evaluate(
                task, dataset, limit=limit, jobs=jobs, model=model, sentences=sentences,
                match_reference=match_reference, algorithms=algorithms or ALGORITHMS, k=k, label_map=label_map,
                clean=not no_clean, texts=texts,
                progress=lambda n: progress.advance(bar, n),
                on_rows=lambda total: progress.update(bar, total=total),
            )  # fmt: skip
    except LabelMapError as exc:
        raise click.BadParameter(str(exc), param_hint="--label-map") from None
    for message in iter_problems(report):
        print_error(message)
    if as_json:
        import json

        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        console = Console(highlight=False)
        console.print(report_heading(report), style="bold")
        console.print(report_table(report))
        gaps = baseline_table(report)
        if gaps is not None:
            against = "spaCy alone's (text as given)" if report.task == "entities" else "lead's"
            after = "" if report.task == "entities" else "; dangling openers"
            console.print(f"\nF1 minus {against}, same documents, [95% bootstrap interval]{after}", style="bold")
            console.print(gaps)
        labels = per_label_table(report)
        if labels is not None:
            console.print("\nTyped P / R / F1 per label", style="bold")
            console.print(labels)
    if report.problems:
        ctx.exit(ExitCode.PARTIAL if report.documents else ExitCode.ERROR)

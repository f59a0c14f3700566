"""``corpus``: stories across many articles, as a view, JSON or one HTML page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from newsdigest.cli.common import (
    Progress,
    error_boundary,
    exit_code_of,
    open_output,
    print_error,
    progress_wanted,
    signals_as_interrupts,
    stdin_is_interactive,
)
from newsdigest.errors import ExitCode, NewsdigestError
from newsdigest.options import (
    Options,
)

if TYPE_CHECKING:
    from newsdigest.records import Digest


@click.command("corpus")
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True), metavar="[INPUT]...")
@click.option("--json", "as_json", is_flag=True, help="Write the report as one JSON object (docs/corpus.md).")
@click.option(
    "--html", "html_path", type=click.Path(dir_okay=False), help="Also write a self-contained HTML page to FILE."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True),
    help="Write the view or JSON to FILE (replaced only when complete).",
)
@click.option(
    "--top", type=click.IntRange(min=1), default=10, show_default=True, help="Stories shown in the terminal view."
)
@click.option("--glob", metavar="PATTERN", help="In folders, digest only files matching PATTERN (e.g. '*.txt').")
@click.option("--files-from", metavar="FILE", help="Read input paths from FILE, one per line ('-' for stdin).")
@click.option(
    "--jsonl",
    is_flag=True,
    help="Inputs are JSON Lines records with 'id' and 'text' (or 'html'), optional 'title', 'date', 'url'.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    envvar="NEWSDIGEST_JOBS",
    help="Worker processes ($NEWSDIGEST_JOBS). Default: the machine's cores.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    envvar="NEWSDIGEST_SCHEDULER",
    help="Digest on a Dask cluster (see summarize --help).",
)
@click.option("--encoding", help="Decode inputs with this encoding instead of detecting it.")
@click.option("--model", help="spaCy model name or path.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar; errors only.")
@click.option("--traceback", is_flag=True, help="Show a full traceback on errors (for bug reports).")
@click.pass_context
@error_boundary
def corpus(
    ctx: click.Context,
    inputs: tuple[str, ...],
    as_json: bool,
    html_path: str | None,
    output: str | None,
    top: int,
    glob: str | None,
    files_from: str | None,
    jsonl: bool,
    jobs: int | None,
    scheduler: str | None,
    encoding: str | None,
    model: str | None,
    quiet: bool,
) -> None:
    """What is in a folder of news, story by story.

    Groups the articles into stories (copies and follow-ups of the same story together),
    describes each story (title, summary from all its articles, who and where, outlets,
    dates) and the corpus (entities across stories with their trend, tags).

    INPUT is what summarize takes (files, folders, '-', --jsonl records with optional
    title/date/url), or JSON Lines that `summarize --json` wrote: those are read back
    without parsing again.

    \b
    Examples:
      newsdigest corpus crawl/
      newsdigest corpus --html report.html --json -o report.json crawl/
      newsdigest summarize --json -o digests.jsonl crawl/ && newsdigest corpus digests.jsonl
    """
    from newsdigest.batch import CallbackSink, RunSummary, iter_inputs, read_record, run_batch
    from newsdigest.batch.executors import make_executor
    from newsdigest.corpus.report import describe

    if not inputs and files_from is None:
        if stdin_is_interactive():
            click.echo(ctx.get_usage(), err=True)
            click.echo("Name a folder of articles, or the JSON Lines that summarize --json wrote.", err=True)
            ctx.exit(ExitCode.USAGE)
        inputs = ("-",)
    digests: list[Digest] = []
    to_digest: list[str] = []
    bad_lines = 0
    for name in inputs:
        path = Path(name)
        first = _first_line(path) if name != "-" and path.is_file() else None
        if first is not None and read_record(first) is not None:
            with path.open(encoding="utf-8") as handle:
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    record = read_record(line)
                    if record is None:
                        print_error(f"{name}:{number}: not a newsdigest record; line skipped")
                        bad_lines += 1
                        continue
                    digests.append(record)
        else:
            to_digest.append(name)
    summary = RunSummary()
    if to_digest or files_from is not None:
        items = iter_inputs(to_digest, pattern=glob, files_from=files_from, jsonl=jsonl, counts=summary)
        progress = Progress(None, enabled=progress_wanted(quiet))

        def on_result(_item: Any, digest: Digest | None) -> None:
            progress.advance()
            if digest is not None and digest.error:
                print_error(digest.error.message)

        options = Options(model=model)
        with progress, signals_as_interrupts():
            executor = make_executor(jobs or os.cpu_count() or 1, scheduler)
            aborted = True
            try:
                summary = run_batch(
                    items, options, CallbackSink(lambda _item, digest: digests.append(digest)), executor=executor,
                    encoding=encoding, on_result=on_result, summary=summary,
                )  # fmt: skip
                aborted = summary.stopped is not None
            finally:
                executor.close(abort=aborted)
        if summary.stopped is not None:
            ctx.exit(exit_code_of(summary))
    if not digests:
        where = ", ".join(inputs) if inputs else files_from or "-"
        raise NewsdigestError(f"no articles found in {where}; check the path or --glob")
    report = describe(digests)
    if not report.articles:
        raise NewsdigestError("no input could be digested; see the errors above")
    if html_path:
        from newsdigest.batch import write_atomically
        from newsdigest.output.html import corpus_page

        write_atomically(Path(html_path), corpus_page(report))
    with open_output(output) as out:
        if as_json:
            from newsdigest.records import json_text

            out.stream.write(json_text(report.to_dict()) + "\n")
        else:
            from rich.console import Console

            from newsdigest.output.corpus import corpus_view

            console = Console(file=out.stream, width=100, no_color=True) if out.is_file else Console(file=out.stream)
            console.print(corpus_view(report, top))
    if report.failed or bad_lines:
        ctx.exit(ExitCode.PARTIAL)


def _first_line(path: Path) -> str | None:
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    return line
    except (OSError, UnicodeDecodeError):
        return None
    return None

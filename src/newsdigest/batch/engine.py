"""The batch engine: many inputs in, one record per input out, in order.

- **Inputs** (``inputs.py``: ``iter_inputs``) are files, folders, stdin, links or JSON
  Lines records, expanded lazily.
- **The engine** (``run_batch``) reads and decodes each input in this process (cheap),
  computes its fingerprint (content hash + settings), skips inputs the sink already holds
  with that fingerprint (``resume``), and sends chunks of texts to an **executor**
  (``executors.py``: in this process, a local process pool, or a Dask cluster). A window
  of chunks in flight bounds memory however many inputs there are; results come back in
  input order and go to a **sink** (``sinks.py``: a JSON Lines stream, a folder, a callback).
- It returns a ``RunSummary`` (counts by outcome, and why it stopped early if it did);
  the CLI maps that to an exit code. Ctrl-C, SIGTERM and a lost cluster stop the run
  cleanly: every finished record has reached the sink, the workers are stopped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, replace
from typing import TYPE_CHECKING

from newsdigest.batch.inputs import Input, iter_inputs, read_input
from newsdigest.batch.outcome import RunSummary, Terminated
from newsdigest.batch.sinks import CallbackSink, Sink
from newsdigest.errors import NewsdigestError
from newsdigest.options import Options
from newsdigest.records import Digest, SourceText
from newsdigest.version import __version__

if TYPE_CHECKING:
    from newsdigest.batch.executors import Executor

CHUNK_SIZE = 16

#: An input with its decoded text and fingerprint, or the error that stopped it.
_Prepared = tuple[Input, SourceText | None, str | None, NewsdigestError | None]


def settings_fingerprint(options: Options) -> str:
    """A short hash of everything that changes a digest: options, version, model."""
    from newsdigest.pipeline.nlp import resolve_model_name

    settings = {**asdict(options), "model": resolve_model_name(options.model), "version": __version__}
    settings["entity_types"] = sorted(options.entity_types) if options.entity_types else None
    if not options.any_language:
        del settings["any_language"]  # records made before the option existed still resume
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:12]


def digest_chunk(texts: list[SourceText], options: Options) -> list[Digest]:
    """Worker side: clean, parse and analyse texts (the model is loaded once per process)."""
    from newsdigest.pipeline.digest import digest_texts

    return list(digest_texts(texts, options))


def iter_results(
    items: Iterable[Input],
    options: Options,
    executor: Executor,
    *,
    encoding: str | None = None,
    done: Callable[[Input], str | None] | None = None,
    timeout: float | None = None,
) -> Iterator[tuple[Input, Digest | None]]:
    """Digest inputs in order: (input, digest), digest None for an input ``done`` reports
    as already digested with the same content and settings (its fingerprint)."""
    from newsdigest.pipeline.digest import error_digest

    settings = settings_fingerprint(options)

    def prepared() -> Iterator[_Prepared]:
        for item in items:
            if item.url is not None and done is not None:
                # A link is not fetched again when a good record with these settings exists.
                earlier = done(item)
                if earlier is not None and earlier.endswith("-" + settings):
                    yield item, None, earlier, None
                    continue
            text, print_, error = read_input(item, encoding, settings, timeout)
            if text is not None and done is not None and print_ is not None and done(item) == print_:
                yield item, None, print_, None  # resumed: nothing to digest
            else:
                yield item, text, print_, error

    def chunks() -> Iterator[list[_Prepared]]:
        chunk: list[_Prepared] = []
        for entry in prepared():
            chunk.append(entry)
            if len(chunk) >= CHUNK_SIZE:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    # The executor sees only the texts; the inputs wait here, in order, beside their results.
    pending: list[list[_Prepared]] = []

    def texts() -> Iterator[list[SourceText]]:
        for chunk in chunks():
            pending.append(chunk)
            yield [text for _, text, _, _ in chunk if text is not None]

    for digests in executor.map(digest_chunk, texts(), options):
        chunk = pending.pop(0)
        results = iter(digests)
        for item, text, print_, error in chunk:
            if error is not None:
                yield item, error_digest(item.source, error)
            elif text is None:
                yield item, None
            else:
                yield item, replace(next(results), fingerprint=print_)


def run_batch(
    items: Iterable[Input],
    options: Options | None = None,
    sink: Sink | None = None,
    *,
    executor: Executor | None = None,
    jobs: int = 1,
    encoding: str | None = None,
    resume: bool = False,
    fail_fast: bool = False,
    on_result: Callable[[Input, Digest | None], None] | None = None,
    summary: RunSummary | None = None,
    timeout: float | None = None,
) -> RunSummary:
    """Digest every input into ``sink``; returns what happened, by outcome.

    ``executor`` defaults to ``jobs`` local processes (this process when 1). With
    ``resume``, inputs the sink already holds with the same content and settings are not
    digested again (a JSON Lines sink copies their earlier records forward). Ctrl-C or a
    termination signal (``Terminated``) and a failing executor end the run early with
    every finished record written; ``summary.stopped`` says which.
    """
    from newsdigest.batch.executors import local_executor
    from newsdigest.errors import ExecutorError

    options = options or Options()
    summary = summary if summary is not None else RunSummary()
    sink = sink if sink is not None else CallbackSink(lambda _item, _digest: None)
    owned = executor is None
    active = executor if executor is not None else local_executor(jobs)
    done = sink.done_fingerprint if resume else None
    aborted = False
    try:
        results = iter_results(_counted(items, summary), options, active, encoding=encoding, done=done, timeout=timeout)
        for item, digest in results:
            if digest is None:
                summary.resumed += 1
                sink.replay(item)
            else:
                if digest.error is None:
                    summary.digested += 1
                else:
                    summary.failed += 1
                sink.write(item, digest)
            if on_result is not None:
                on_result(item, digest)
            if fail_fast and digest is not None and digest.error is not None:
                summary.stopped = "fail-fast"
                aborted = True
                break
    except Terminated as stop:
        summary.stopped, summary.signal, aborted = "interrupted", stop.signal_number, True
    except KeyboardInterrupt:
        import signal

        summary.stopped, summary.signal, aborted = "interrupted", int(signal.SIGINT), True
    except ExecutorError as error:
        summary.stopped, summary.message, aborted = "error", str(error), True
    finally:
        if owned:
            active.close(abort=aborted)
        elif aborted:
            active.cancel()
        sink.close()
    return summary


def _counted(items: Iterable[Input], summary: RunSummary) -> Iterator[Input]:
    for item in items:
        summary.seen += 1
        yield item


def digest_paths(
    paths: Sequence[str],
    options: Options | None = None,
    encoding: str | None = None,
    *,
    jobs: int = 1,
    pattern: str | None = None,
    jsonl: bool = False,
    files_from: str | None = None,
    scheduler: str | None = None,
) -> Iterator[Digest]:
    """Digest files, folders (walked in sorted order), ``-`` for stdin, or JSON Lines
    records (``jsonl``), in order, lazily.

    Unreadable inputs come back as digests with ``error`` set; ``jobs`` > 1 digests in
    that many worker processes, each with its own model; ``scheduler`` sends the work to a
    Dask cluster ("local" starts one here). To write a file or folder, resume, or get the
    counts, use ``run_batch`` with a sink.
    """
    from newsdigest.batch.executors import make_executor

    options = options or Options()
    executor = make_executor(jobs, scheduler)
    aborted = True
    try:
        inputs = iter_inputs(paths, pattern=pattern, jsonl=jsonl, files_from=files_from)
        for _, digest in iter_results(inputs, options, executor, encoding=encoding):
            if digest is not None:
                yield digest
        aborted = False
    finally:
        executor.close(abort=aborted)

"""The library's batch engine: inputs, sinks, resume, typed records, signals."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import newsdigest
from conftest import wait_for_first_records
from newsdigest.batch import (
    CallbackSink,
    FolderSink,
    JsonLinesSink,
    iter_inputs,
    read_record,
    run_batch,
)
from newsdigest.errors import ExitCode
from newsdigest.records import Digest, RecordError

ROOT = Path(__file__).resolve().parent.parent
STORIES = [
    "Heavy rain flooded three coastal towns on Sunday. Hundreds of residents left their homes.",
    "The central bank raised interest rates on Thursday. Economists had expected the move.",
    "A new bridge opened in Lisbon on Monday. Officials said it would cut traffic by a third.",
]


def write_folder(root: Path, count: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        story = STORIES[number % len(STORIES)]
        (root / f"story{number:04d}.txt").write_text(f"{story} Report number {number} came from the desk.", "utf-8")
    return root


def test_digest_texts_takes_strings_and_pairs() -> None:
    digests = list(newsdigest.digest_texts([STORIES[2], ("bank.txt", STORIES[1]), "   "]))
    assert [d.source for d in digests] == ["<text 1>", "bank.txt", "<text 3>"]
    assert digests[0].entities[0].name == "Lisbon"
    assert digests[2].error is not None and digests[2].error.type == "empty"
    with pytest.raises(TypeError, match="strings, \\(source, text\\) pairs"):
        list(newsdigest.digest_texts([42]))  # type: ignore[list-item]


def test_records_read_back_through_the_same_types(sample_text: str) -> None:
    digest = newsdigest.digest(sample_text, source="sample.txt", options=newsdigest.Options(explain=True))
    line = json.dumps(digest.to_dict())
    again = Digest.from_dict(json.loads(line))
    assert json.dumps(again.to_dict()) == line
    assert again.entities[0].spans == digest.entities[0].spans
    error = newsdigest.digest_texts([("x.txt", "")])
    error_line = json.dumps(next(error).to_dict())
    assert read_record(error_line) is not None and read_record(error_line).error.type == "empty"  # type: ignore[union-attr]
    for not_a_record in ('{"schema": "other/2"}', "[1, 2]", '{"schema": "newsdigest/1", "source": 3}', "{"):
        assert read_record(not_a_record) is None
    with pytest.raises(RecordError, match="source"):
        Digest.from_dict({"schema": "newsdigest/1", "source": 3})


def _documented_keys(section: str) -> list[str]:
    """The keys in the first table after a heading of docs/schema.md."""
    text = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    start = text.index(section)
    keys: list[str] = []
    for line in text[start:].splitlines()[1:]:
        if line.startswith("#"):
            break
        match = re.match(r"\| `([^`]+)`(?:, `([^`]+)`)? \|", line)
        if match:
            keys += [key for key in match.groups() if key]
        elif keys and not line.strip():
            break
    return keys


def test_docs_schema_lists_every_key_the_record_has(sample_text: str) -> None:
    record = newsdigest.digest(sample_text, options=newsdigest.Options(explain=True)).to_dict()
    assert _documented_keys("# The JSON record") == list(record)
    assert _documented_keys("## `summary.sentences[]`") == list(record["summary"]["sentences"][0])
    assert _documented_keys("## `entities[]`") == list(record["entities"][0])


def test_run_batch_writes_to_every_kind_of_sink(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in", 4)
    (folder / "empty.txt").write_text("", "utf-8")
    seen: list[str] = []
    summary = run_batch(iter_inputs([str(folder)]), sink=CallbackSink(lambda item, d: seen.append(d.source)))
    assert (summary.seen, summary.digested, summary.failed, summary.stopped) == (5, 4, 1, None)
    assert [Path(s).name for s in seen] == ["empty.txt", *[f"story{n:04d}.txt" for n in range(4)]]

    out = tmp_path / "out"
    run_batch(iter_inputs([str(folder)]), sink=FolderSink(out))
    assert sorted(p.name for p in out.iterdir()) == ["empty.txt.json", *[f"story{n:04d}.txt.json" for n in range(4)]]
    again = run_batch(iter_inputs([str(folder)]), sink=FolderSink(out), resume=True)
    assert (again.resumed, again.digested, again.failed) == (4, 0, 1)  # errors are tried again

    stream = io.StringIO()
    first = run_batch(iter_inputs([str(folder)]), sink=JsonLinesSink(stream))
    previous = tmp_path / "previous.jsonl"
    previous.write_text(stream.getvalue(), "utf-8")
    (folder / "story9999.txt").write_text(STORIES[0], "utf-8")
    resumed = io.StringIO()
    summary = run_batch(iter_inputs([str(folder)]), sink=JsonLinesSink(resumed, previous=previous), resume=True)
    assert (summary.resumed, summary.digested) == (4, 1) and first.digested == 4
    lines = resumed.getvalue().splitlines()
    assert lines[:5] == stream.getvalue().splitlines()  # earlier records carried forward, byte for byte
    assert json.loads(lines[5])["source"].endswith("story9999.txt")


def test_jsonl_records_on_stdin_are_read_lazily(tmp_path: Path) -> None:
    consumed = 0

    def lines():
        nonlocal consumed
        for number in range(1_000):
            consumed += 1
            yield json.dumps({"id": f"r{number}", "text": STORIES[number % 3]}) + "\n"

    source = tmp_path / "records.jsonl"
    source.write_text("", "utf-8")
    inputs = iter_inputs([str(source)], jsonl=True)
    assert list(inputs) == []
    from newsdigest.batch.inputs import _records

    results = run_batch(_records(lines(), "stdin"), fail_fast=False, sink=CallbackSink(lambda i, d: None))
    assert results.digested == 1_000 and consumed == 1_000
    # Stop early: the engine has read only a window ahead of what it finished.
    consumed = 0
    first: list[str] = []

    def stop_after_three(_item, digest) -> None:
        first.append(digest.source)
        if len(first) == 3:
            raise KeyboardInterrupt

    stopped = run_batch(_records(lines(), "stdin"), sink=CallbackSink(stop_after_three))
    assert stopped.stopped == "interrupted" and stopped.digested == 3
    assert consumed <= 64


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads the process table from /proc")
def test_sigterm_keeps_finished_records_stops_workers_and_resume_finishes(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in", 400)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "newsdigest", "summarize", "--json", "--jobs", "2", "-o", str(out), str(folder)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    wait_for_first_records(out)
    workers = _children(process.pid)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == ExitCode.TERMINATED, stderr
    assert "interrupted; rerun with --resume" in stderr and "Traceback" not in stderr
    kept = out.read_text("utf-8").splitlines()
    assert 0 < len(kept) < 400 and all(json.loads(line)["error"] is None for line in kept)
    time.sleep(1)
    assert workers and not [pid for pid in workers if _alive(pid)]

    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    lines = out.read_text("utf-8").splitlines()
    assert lines[: len(kept)] == kept and len(lines) == 400
    assert [Path(json.loads(line)["source"]).name for line in lines] == [f"story{n:04d}.txt" for n in range(400)]
    os.remove(out)


def test_a_bug_in_one_stage_becomes_that_inputs_error_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from newsdigest import cli
    from newsdigest.pipeline import tags

    folder = write_folder(tmp_path / "in", 3)
    real = tags.extract_tags

    def fails_on_lisbon(doc, entities, *args):
        if "Lisbon" in doc.text:
            raise ZeroDivisionError("division by zero")
        return real(doc, entities, *args)

    monkeypatch.setattr(tags, "extract_tags", fails_on_lisbon)
    result = CliRunner().invoke(cli.main, ["summarize", "--json", "--jobs", "1", str(folder)])
    assert result.exit_code == ExitCode.PARTIAL
    got = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["error"] is None for r in got] == [True, True, False]
    assert got[2]["error"]["type"] == "internal"
    assert "ZeroDivisionError: division by zero" in got[2]["error"]["message"]
    assert "Traceback" not in got[2]["error"]["message"] and "--traceback" in got[2]["error"]["message"]
    traced = CliRunner().invoke(cli.main, ["summarize", "--json", "--jobs", "1", "--traceback", str(folder)])
    assert (
        "Traceback (most recent call last)"
        in [json.loads(x) for x in traced.stdout.splitlines()][2]["error"]["message"]
    )
    assert os.environ.get("NEWSDIGEST_RAISE_ERRORS") is None  # --traceback does not leak into the next run


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("as_json", [True, False])
def test_a_full_disk_on_stdout_is_named_not_reported_as_a_bug(sample_path: Path, as_json: bool) -> None:
    command = [sys.executable, "-m", "newsdigest", "summarize", *(["--json"] if as_json else []), str(sample_path)]
    with open("/dev/full", "w") as full:
        result = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert result.returncode == ExitCode.ERROR
    assert result.stderr.strip().splitlines() == [
        "newsdigest: error: cannot write to stdout: no space left on device; free some space or write elsewhere with -o"
    ]


def test_html_nested_too_deep_for_trafilatura_falls_back_to_its_visible_text(tmp_path: Path) -> None:
    depth = 200_000
    story = (
        "<p>The city council approved a new budget for public transport on Tuesday evening.</p>"
        "<script>var hidden = 'never shown';</script>"
        "<p>Bus fares will fall by a fifth from January, the council said in a statement.</p>"
    )
    page = tmp_path / "deep.html"
    page.write_text(
        f"<html><head><title>Budget</title></head><body>{'<div>' * depth}{story}{'</div>' * depth}</body></html>"
    )
    digest = next(newsdigest.digest_paths([str(page)]))
    assert digest.error is None and digest.title == "Budget"
    assert digest.summary is not None and len(digest.summary.sentences) == 2
    assert "never shown" not in " ".join(s.text for s in digest.summary.sentences)
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body>" + "<div>" * 1000 + "</div>" * 1000 + "</body></html>")
    assert next(newsdigest.digest_paths([str(empty)])).error.message.endswith(
        "no article text found in this HTML page; pass the page's text instead"
    )  # type: ignore[union-attr]


def test_unicode_line_separators_never_split_a_json_record() -> None:
    from newsdigest.records import to_json_line

    text = (
        "The council met on Monday.\u2028It approved the budget.\u2029Fares will fall\u0085in January, officials said."
    )
    digest = newsdigest.digest(text, source="notes\u2028monday\u0085.txt")  # a source is kept verbatim
    line = to_json_line(digest)
    assert len(line.splitlines()) == 1 and line.endswith("\n")
    assert "\\u2028" in line and "\\u0085" in line
    record = json.loads(line)
    assert record["source"] == "notes\u2028monday\u0085.txt" and record["stats"]["characters"] == len(text)


def test_a_missing_word_list_fails_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from newsdigest import lexicon
    from newsdigest.errors import ModelError

    lexicon._zipf_table.cache_clear()
    monkeypatch.setattr(lexicon.importlib.util, "find_spec", lambda name: None)
    try:
        with pytest.raises(ModelError, match="wordfreq is not installed"):
            lexicon.zipf("peace")
    finally:
        monkeypatch.undo()
        lexicon._zipf_table.cache_clear()
    assert lexicon.zipf("the") > 7  # the real list is back


@pytest.mark.skipif(sys.platform != "linux", reason="needs a filesystem that takes any bytes in names")
def test_odd_names_in_a_folder_keep_the_output_valid(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsdigest import cli

    folder = write_folder(tmp_path / "in", 1)
    raw = os.fsencode(folder) + b"/caf\xe9.txt"  # Latin-1 bytes: not UTF-8
    with open(raw, "wb") as handle:
        handle.write(STORIES[1].encode())
    (folder / "loop").symlink_to(folder / "loop")  # a link to itself
    (folder / "here").symlink_to(folder)  # a folder loop: not followed
    result = CliRunner().invoke(cli.main, ["summarize", "--json", "--jobs", "1", str(folder)])
    assert result.exit_code == ExitCode.PARTIAL
    lines = result.stdout_bytes.decode("utf-8").splitlines()  # valid UTF-8 throughout
    by_name = {Path(json.loads(line)["source"]).name: json.loads(line) for line in lines}
    assert by_name["caf\\xe9.txt"]["error"] is None
    assert "symbolic links" in by_name["loop"]["error"]["message"]
    assert set(by_name) == {"caf\\xe9.txt", "loop", "story0000.txt"}
    out = tmp_path / "out"
    assert (
        CliRunner().invoke(cli.main, ["summarize", "--output-dir", str(out), str(folder)]).exit_code == ExitCode.PARTIAL
    )
    assert os.path.exists(os.fsencode(out) + b"/caf\xe9.txt.json")  # the file keeps its own name


def test_an_input_over_the_size_limit_is_refused_and_the_rest_go_on(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsdigest import cli
    from newsdigest.batch.sources import MAX_INPUT_BYTES

    folder = write_folder(tmp_path / "in", 2)
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB without writing them
    assert MAX_INPUT_BYTES < 200 * 1024 * 1024
    result = CliRunner().invoke(cli.main, ["summarize", "--json", "--jobs", "1", str(folder)])
    assert result.exit_code == ExitCode.PARTIAL
    huge = next(json.loads(line) for line in result.stdout.splitlines() if "huge.txt" in line)
    assert huge["error"]["type"] == "input" and "is 200 MB, over the 64 MB" in huge["error"]["message"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_and_dev_stdin_are_inputs_like_files(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "story.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(STORIES[2], "utf-8"))
    writer.start()
    digest = next(newsdigest.digest_paths([str(fifo)]))
    writer.join(timeout=30)
    assert digest.error is None and digest.entities[0].name == "Lisbon"
    if Path("/dev/stdin").exists():
        command = [sys.executable, "-m", "newsdigest", "summarize", "--json", "/dev/stdin"]
        result = subprocess.run(command, input=STORIES[1], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["source"] == "/dev/stdin"


def test_two_runs_writing_one_output_leave_one_runs_output_whole(tmp_path: Path) -> None:
    first, second = write_folder(tmp_path / "a", 30), write_folder(tmp_path / "b", 12)
    out = tmp_path / "out.jsonl"
    commands = [
        [sys.executable, "-m", "newsdigest", "summarize", "--json", "--jobs", "1", "-o", str(out), str(folder)]
        for folder in (first, second)
    ]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE) for command in commands]
    for run in runs:
        run.communicate(timeout=300)
    assert [run.returncode for run in runs] == [0, 0]
    lines = out.read_text("utf-8").splitlines()
    sources = {Path(json.loads(line)["source"]).parent.name for line in lines}
    assert len(sources) == 1 and len(lines) == {"a": 30, "b": 12}[sources.pop()]


def test_jsonl_ids_never_escape_the_output_folder(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsdigest import cli

    records = tmp_path / "records.jsonl"
    ids = ["../escape", "/etc/passwd", "a\u0000b", 42, None, {"nested": 1}, "ok"]
    with records.open("w", encoding="utf-8") as handle:
        for number, record_id in enumerate(ids):
            handle.write(json.dumps({"id": record_id, "text": STORIES[number % 3]}) + "\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, ["summarize", "--jsonl", "--output-dir", str(out), str(records)])
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert len(written) == len(ids) and all("/" not in name and name.endswith(".json") for name in written)
    assert not (tmp_path / "escape.json").exists() and sorted(p.name for p in tmp_path.iterdir()) == [
        "out",
        "records.jsonl",
    ]
    sources = {json.loads(p.read_text("utf-8"))["source"] for p in out.iterdir()}
    assert {"42", f"{records}:5", "ok", "../escape", "/etc/passwd"} <= sources  # a null id: FILE:LINE


@pytest.mark.skipif(sys.platform != "linux", reason="uses RLIMIT_FSIZE to make writes fail as on a full disk")
def test_an_output_file_that_cannot_grow_leaves_the_earlier_one_whole(tmp_path: Path) -> None:
    import resource

    folder = write_folder(tmp_path / "in", 40)
    out = tmp_path / "out.jsonl"
    out.write_text("earlier run\n", "utf-8")

    def small_files() -> None:  # every file this process writes stops at 16 KB (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (16_384, 16_384))

    command = [sys.executable, "-m", "newsdigest", "summarize", "--json", "--jobs", "1", "-o", str(out), str(folder)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, preexec_fn=small_files)
    assert result.returncode == ExitCode.ERROR, result.stderr
    assert (
        result.stderr.strip().splitlines()[-1].startswith(f"newsdigest: error: cannot write to {out}: file too large")
    )
    assert out.read_text("utf-8") == "earlier run\n"
    assert not list(tmp_path.glob(".out.jsonl.*.part"))


def test_an_output_folder_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsdigest import cli

    folder = write_folder(tmp_path / "in", 2)
    blocker = tmp_path / "taken"
    blocker.write_text("a file where the folder should go", "utf-8")
    result = CliRunner().invoke(cli.main, ["summarize", "--output-dir", str(blocker / "out"), str(folder)])
    assert result.exit_code == ExitCode.ERROR
    assert result.stderr.strip().splitlines()[-1].startswith(f"newsdigest: error: cannot write {blocker / 'out'}")
    assert "check the --output-dir folder" in result.stderr and "unexpected" not in result.stderr


def test_a_page_that_takes_too_long_is_given_up_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    from newsdigest.pipeline import webpage

    def stuck(*args, **kwargs):
        time.sleep(30)

    monkeypatch.setattr(trafilatura, "bare_extraction", stuck)
    monkeypatch.setattr(webpage, "PAGE_SECONDS", 0.5)
    (tmp_path / "slow.html").write_text("<html><body><p>Anything at all.</p></body></html>", "utf-8")
    (tmp_path / "story.txt").write_text(STORIES[0], "utf-8")
    started = time.monotonic()
    digests = list(newsdigest.digest_paths([str(tmp_path)]))
    assert time.monotonic() - started < 20
    slow, story = digests
    assert slow.error is not None and "took over 0.5 s to read as HTML" in slow.error.message
    assert story.error is None

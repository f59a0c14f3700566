from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsdigest
from newsdigest import cli
from newsdigest.errors import ExitCode

STORIES = [
    "Heavy rain flooded three coastal towns on Sunday. Hundreds of residents left their homes.",
    "The central bank raised interest rates on Thursday. Economists had expected the move.",
    "A new bridge opened in Lisbon on Monday. Officials said it would cut traffic by a third.",
    "Scientists found water ice near the lunar south pole. NASA plans to land there in 2026.",
    "The football club appointed a new coach on Friday. He signed a three-year contract.",
]


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli.main, list(args), input=input)


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    (root / "world").mkdir(parents=True)
    for number, story in enumerate(STORIES):
        target = root / ("world" if number % 2 else "") / f"story{number}.txt"
        target.write_text(story, encoding="utf-8")
    return root


def test_mixed_folder_keeps_going(tmp_path: Path, folder: Path) -> None:
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")  # unreadable: a dangling link
    (folder / ".hidden.txt").write_text(STORIES[0], encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n")
    result = run("summarize", "--json", "--jobs", "1", str(folder))
    assert result.exit_code == ExitCode.PARTIAL
    got = records(result.stdout)
    by_name = {Path(r["source"]).name: r for r in got}
    assert by_name["empty.txt"]["error"]["type"] == "empty"
    assert by_name["blob.txt"]["error"]["type"] == "binary"
    assert by_name["gone.txt"]["error"]["type"] == "input"
    assert ".hidden.txt" not in by_name and "photo.png" not in by_name
    good = [r for r in got if r["error"] is None]
    assert len(good) == len(STORIES) and all(r["fingerprint"] for r in good)
    assert "5 digested, 0 already done, 3 failed, 2 skipped" in result.stderr
    # Sorted walk: files of a folder before its subfolders, each in name order.
    assert [Path(r["source"]).relative_to(folder).as_posix() for r in got] == [
        "blob.txt", "empty.txt", "gone.txt", "story0.txt", "story2.txt", "story4.txt",
        "world/story1.txt", "world/story3.txt",
    ]  # fmt: skip


def test_all_failed_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("", encoding="utf-8")
    (tmp_path / "b.txt").write_text(" ", encoding="utf-8")
    assert run("summarize", "--json", str(tmp_path)).exit_code == ExitCode.ERROR


def test_order_is_kept_with_two_workers(folder: Path) -> None:
    one = run("summarize", "--json", "--jobs", "1", str(folder))
    two = run("summarize", "--json", "--jobs", "2", str(folder))
    assert one.exit_code == two.exit_code == 0
    assert two.stdout == one.stdout


def test_output_dir_mirrors_the_tree(tmp_path: Path, folder: Path) -> None:
    out = tmp_path / "digests"
    result = run("summarize", "--output-dir", str(out), "--glob", "story[0-3].txt", str(folder))
    assert result.exit_code == 0 and result.stdout == ""
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert written == ["story0.txt.json", "story2.txt.json", "world/story1.txt.json", "world/story3.txt.json"]
    record = json.loads((out / "world" / "story1.txt.json").read_text(encoding="utf-8"))
    assert record["source"].endswith("story1.txt") and record["summary"]["sentences"]
    assert not list(out.rglob("*.part"))


def test_output_dir_inside_the_input_is_refused(folder: Path) -> None:
    result = run("summarize", "--output-dir", str(folder / "out"), str(folder))
    assert result.exit_code == ExitCode.USAGE and "inside the input folder" in result.stderr
    assert not (folder / "out").exists()


def test_resume_after_an_interrupted_run(tmp_path: Path, folder: Path) -> None:
    full = tmp_path / "full.jsonl"
    assert run("summarize", "--json", "-o", str(full), str(folder)).exit_code == 0
    expected = full.read_text(encoding="utf-8")
    # An interrupted run: two records written, the third cut off mid-line.
    partial = tmp_path / "partial.jsonl"
    lines = expected.splitlines(keepends=True)
    partial.write_text(lines[0] + lines[1] + lines[2][:40], encoding="utf-8")
    result = run("summarize", "--json", "--resume", "-o", str(partial), str(folder))
    assert result.exit_code == 0
    assert partial.read_text(encoding="utf-8") == expected
    # Changed settings make the old records stale: nothing is skipped.
    rerun = run("summarize", "--json", "--resume", "-n", "1", "-o", str(partial), str(folder))
    assert rerun.exit_code == 0 and partial.read_text(encoding="utf-8") != expected


def test_resume_with_output_dir_skips_finished_files(tmp_path: Path, folder: Path) -> None:
    out = tmp_path / "digests"
    assert run("summarize", "--output-dir", str(out), str(folder)).exit_code == 0
    first = out / "story0.txt.json"
    stamp = first.stat().st_mtime_ns
    (folder / "story0.txt").write_text(STORIES[0], encoding="utf-8")  # same content, new mtime
    os.utime(first, ns=(stamp - 10**9, stamp - 10**9))
    assert run("summarize", "--resume", "--output-dir", str(out), str(folder)).exit_code == 0
    assert first.stat().st_mtime_ns == stamp - 10**9  # not rewritten


def test_jsonl_in_and_out() -> None:
    lines = [
        json.dumps({"id": "a1", "text": STORIES[0]}),
        "{broken",
        json.dumps(
            {"id": "b2", "html": f"<html><body><article><p>{STORIES[1]}</p><p>{STORIES[2]}</p></article></body></html>"}
        ),
        json.dumps({"id": "c3", "title": "no text"}),
    ]
    result = run("summarize", "--json", "--jsonl", input="\n".join(lines) + "\n")
    assert result.exit_code == ExitCode.PARTIAL
    got = records(result.stdout)
    assert [r["source"] for r in got] == ["a1", "stdin:2", "b2", "stdin:4"]
    assert got[0]["error"] is None and got[2]["metadata"]["format"] == "html"
    assert "not valid JSON" in got[1]["error"]["message"] and "'text'" in got[3]["error"]["message"]


def test_files_from_and_fail_fast(tmp_path: Path, folder: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text(
        f"{folder / 'story0.txt'}\n{tmp_path / 'missing.txt'}\n{folder / 'story2.txt'}\n", encoding="utf-8"
    )
    result = run("summarize", "--json", "--files-from", str(listing))
    assert result.exit_code == ExitCode.PARTIAL and len(records(result.stdout)) == 3
    stopped = run("summarize", "--json", "--fail-fast", "--files-from", str(listing))
    assert stopped.exit_code == ExitCode.ERROR and len(records(stopped.stdout)) == 2


def test_broken_pipe_exits_quietly(folder: Path) -> None:
    command = f"{sys.executable} -m newsdigest summarize --json --jobs 1 {folder} | head -1; echo rc=${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    first, status = result.stdout.splitlines()
    assert json.loads(first)["source"].endswith("story0.txt")
    assert status == "rc=0" and result.stderr == ""


def test_library_digest_paths_walks_folders(folder: Path) -> None:
    digests = list(newsdigest.digest_paths([str(folder)], pattern="*.txt"))
    assert [Path(d.source).name for d in digests] == [
        "story0.txt",
        "story2.txt",
        "story4.txt",
        "story1.txt",
        "story3.txt",
    ]


def test_ctrl_c_keeps_finished_records_and_resume_finishes(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdigest.batch import engine as batch

    full = tmp_path / "full.jsonl"
    assert run("summarize", "--json", "-o", str(full), str(folder)).exit_code == 0
    real_run = batch.iter_results

    def interrupted_run(*args, **kwargs):
        for number, result in enumerate(real_run(*args, **kwargs)):
            if number == 2:
                raise KeyboardInterrupt
            yield result

    monkeypatch.setattr(batch, "iter_results", interrupted_run)
    out = tmp_path / "out.jsonl"
    result = run("summarize", "--json", "-o", str(out), str(folder))
    assert result.exit_code == ExitCode.INTERRUPTED and "--resume" in result.stderr
    assert len(records(out.read_text(encoding="utf-8"))) == 2
    monkeypatch.setattr(batch, "iter_results", real_run)
    assert run("summarize", "--json", "--resume", "-o", str(out), str(folder)).exit_code == 0
    assert out.read_text(encoding="utf-8") == full.read_text(encoding="utf-8")

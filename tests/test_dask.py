"""The Dask executor against a real scheduler and real workers on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import wait_for_first_records
from newsdigest import cli
from newsdigest.errors import ExitCode

distributed = pytest.importorskip(
    "distributed", reason="the Dask extra is not installed: pip install 'newsdigest[dask]'"
)

STORIES = [
    "Heavy rain flooded three coastal towns on Sunday. Hundreds of residents left their homes.",
    "The central bank raised interest rates on Thursday. Economists had expected the move.",
    "A new bridge opened in Lisbon on Monday. Officials said it would cut traffic by a third.",
    "Scientists found water ice near the lunar south pole. NASA plans to land there in 2026.",
]


def _dask_command() -> list[str]:
    executable = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
    return [executable] if executable else [sys.executable, "-m", "distributed.cli.dask_spec"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """A `dask scheduler` and `dask worker` processes, as a user would start them."""

    def __init__(self, workers: int, log_dir: Path) -> None:
        self.address = f"tcp://127.0.0.1:{_free_port()}"
        self.log_dir = log_dir
        self.logs: list[object] = []
        port = self.address.rsplit(":", 1)[1]
        self.scheduler = self._start(
            ["scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"], "scheduler"
        )
        self.workers = [self.add_worker(number) for number in range(workers)]
        self.wait_for(workers)

    def _start(self, arguments: list[str], name: str) -> subprocess.Popen[bytes]:
        log = (self.log_dir / f"{name}.log").open("wb")
        self.logs.append(log)
        return subprocess.Popen([*_dask_command(), *arguments], stdout=log, stderr=subprocess.STDOUT)

    def add_worker(self, number: int) -> subprocess.Popen[bytes]:
        # No nanny: each worker is one process, so killing it is a worker dying.
        arguments = ["worker", self.address, "--nthreads", "1", "--no-nanny", "--no-dashboard", "--name", f"w{number}"]
        return self._start(arguments, f"worker{number}")

    def wait_for(self, workers: int) -> None:
        with distributed.Client(self.address, timeout=30) as client:
            client.wait_for_workers(workers, timeout=60)

    def stop(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=20)
        for log in self.logs:
            log.close()  # type: ignore[attr-defined]


@pytest.fixture()
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    running = Cluster(2, tmp_path)
    try:
        yield running
    finally:
        running.stop()


def write_folder(root: Path, count: int) -> Path:
    for number in range(count):
        sub = root / ("b" if number % 3 else "a")
        sub.mkdir(parents=True, exist_ok=True)
        story = STORIES[number % len(STORIES)]
        (sub / f"story{number:04d}.txt").write_text(f"{story} Report {number} was filed from the desk.", "utf-8")
    return root


def newsdigest(
    *arguments: str, env: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newsdigest", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)


def test_a_folder_on_the_cluster_is_byte_identical_to_one_process(cluster: Cluster, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in", 60)
    (folder / "a" / "empty.txt").write_text("", "utf-8")
    local = newsdigest("summarize", "--json", "--jobs", "1", str(folder))
    remote = newsdigest("summarize", "--json", "--scheduler", cluster.address, str(folder))
    assert local.returncode == remote.returncode == ExitCode.PARTIAL, remote.stderr
    assert remote.stdout == local.stdout and len(local.stdout.splitlines()) == 61
    # The environment variable does the same, and --output-dir mirrors the folders.
    env = {**os.environ, "NEWSDIGEST_SCHEDULER": cluster.address}
    out = tmp_path / "out"
    assert newsdigest("summarize", "--output-dir", str(out), str(folder), env=env).returncode == ExitCode.PARTIAL
    assert len(list(out.rglob("*.json"))) == 61
    first = json.loads(local.stdout.splitlines()[1])
    assert json.loads((out / "a" / "story0000.txt.json").read_text("utf-8")) == first


def start_mid_run(cluster: Cluster, tmp_path: Path) -> tuple[Path, Path, subprocess.Popen[str]]:
    """A 240-article run on the cluster, returned once its first records are written."""
    folder = write_folder(tmp_path / "in", 240)
    out = tmp_path / "out.jsonl"
    command = [
        sys.executable,
        "-m",
        "newsdigest",
        "summarize",
        "--json",
        "-o",
        str(out),
        "--scheduler",
        cluster.address,
    ]
    process = subprocess.Popen([*command, str(folder)], stderr=subprocess.PIPE, text=True)
    wait_for_first_records(out)
    return folder, out, process


def test_a_worker_killed_mid_run_loses_nothing(cluster: Cluster, tmp_path: Path) -> None:
    folder, out, process = start_mid_run(cluster, tmp_path)
    assert process.poll() is None, "the run ended before a worker could be killed mid-run"
    cluster.workers[0].send_signal(signal.SIGKILL)
    _, stderr = process.communicate(timeout=300)
    assert cluster.workers[0].wait(timeout=10) == -signal.SIGKILL
    assert process.returncode == 0, stderr
    sources = [json.loads(line)["source"] for line in out.read_text("utf-8").splitlines()]
    expected = sorted(str(path) for path in folder.rglob("*.txt"))
    assert sources == expected  # every input once, in order


def test_a_lost_scheduler_keeps_finished_records_and_resume_finishes(cluster: Cluster, tmp_path: Path) -> None:
    folder, out, process = start_mid_run(cluster, tmp_path)
    assert process.poll() is None, "the run ended before the scheduler could be stopped mid-run"
    cluster.scheduler.send_signal(signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == ExitCode.ERROR
    assert "lost the Dask scheduler" in stderr and "--resume" in stderr and "Traceback" not in stderr
    kept = out.read_text("utf-8").splitlines()
    assert 0 < len(kept) < 240
    resumed = newsdigest("summarize", "--json", "-o", str(out), "--resume", "--jobs", "2", str(folder))
    assert resumed.returncode == 0, resumed.stderr
    lines = out.read_text("utf-8").splitlines()
    assert lines[: len(kept)] == kept and len(lines) == 240


def test_an_unreachable_scheduler_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdigest.batch import dask_executor

    monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT", 2)
    (tmp_path / "a.txt").write_text(STORIES[0], "utf-8")
    address = f"tcp://127.0.0.1:{_free_port()}"
    result = CliRunner().invoke(cli.main, ["summarize", "--json", "--scheduler", address, str(tmp_path / "a.txt")])
    assert result.exit_code == ExitCode.ERROR
    assert f"cannot reach the Dask scheduler at {address}" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_the_extra_the_error_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(STORIES[0], "utf-8")
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    result = CliRunner().invoke(cli.main, ["summarize", "--scheduler", "local", str(tmp_path / "a.txt")])
    assert result.exit_code == ExitCode.ERROR
    assert "pip install 'newsdigest[dask]'" in result.stderr


def test_a_worker_with_another_version_is_named(cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdigest.batch import dask_executor

    monkeypatch.setattr(dask_executor, "__version__", "0.0.0-other")
    with pytest.raises(dask_executor.ExecutorError, match=r"Dask worker tcp://127\.0\.0\.1:\d+ runs newsdigest"):
        dask_executor.DaskExecutor(cluster.address)


def test_scheduler_local_starts_a_cluster_here(tmp_path: Path) -> None:
    import newsdigest

    folder = write_folder(tmp_path / "in", 6)
    local = [d.to_dict() for d in newsdigest.digest_paths([str(folder)])]
    on_dask = [d.to_dict() for d in newsdigest.digest_paths([str(folder)], scheduler="local", jobs=2)]
    assert on_dask == local and len(local) == 6

from __future__ import annotations

import os
from pathlib import Path

import pytest

import newsdigest

# One process per command unless a test asks for workers (--jobs 2): a spawned worker loads
# the model afresh (about 2 s), which the tests of output, resume and errors do not need.
# Tests of parallel runs, signals and clusters pass --jobs explicitly.
os.environ.setdefault("NEWSDIGEST_JOBS", "1")

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
SAMPLE = SAMPLES / "hegseth-nato-brussels.txt"


def wait_for_first_records(output: Path, timeout: float = 120.0) -> None:
    """Block until a run writing ``output`` has written some records: the temporary file
    it writes beside the output (``.NAME.*.part``) is no longer empty."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        parts = list(output.parent.glob(f".{output.name}.*.part"))
        if parts and parts[0].stat().st_size > 0:
            return
        time.sleep(0.1)
    raise AssertionError(f"no records written to {output} within {timeout:g} s")


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_digest(sample_text: str) -> newsdigest.Digest:
    return newsdigest.digest(sample_text, source=str(SAMPLE))


@pytest.fixture(scope="session")
def raw_sample_digest(sample_text: str) -> newsdigest.Digest:
    """The sample digested without the cleaning stage: everything the scraper kept."""
    return newsdigest.digest(sample_text, source=str(SAMPLE), options=newsdigest.Options(clean=False))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: minutes-long checks, run with `pytest -m slow`")
    config.addinivalue_line("markers", "fuzz: 10,000 cases per property, run with `pytest -m fuzz`")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("-m"):
        return
    skip_slow = pytest.mark.skip(reason="slow; run with `pytest -m slow`")
    skip_fuzz = pytest.mark.skip(reason="10,000 cases per property; run with `pytest -m fuzz`")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_slow)
        if "fuzz" in item.keywords:
            item.add_marker(skip_fuzz)

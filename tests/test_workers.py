"""Extraction in worker processes: order, crash isolation, fallback, equal results, no orphans on kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import multiprocessing
import pytest

from newsdesk import workers
from newsdesk.demo import ARTICLES_PATH
from newsdesk.ingest import load_items
from newsdesk.settings import Settings
from newsdesk.sources import ItemFailure
from newsdesk.store import Store


def square(n: int) -> int:
    return n * n


def square_or_die(n: int) -> int:
    if n == 7:
        os._exit(3)  # the way a segfault in a parser ends a worker: no exception, no cleanup
    return n * n


@pytest.fixture
def forked(monkeypatch):
    """Workers started by fork, so functions defined or patched in the tests reach them."""
    monkeypatch.setattr(workers, "START_METHOD", "fork")


def test_ordered_map_keeps_input_order_and_reads_lazily(forked):
    taken = []

    def numbers():
        for n in range(40):
            taken.append(n)
            yield n

    results = workers.ordered_map(square, numbers(), 2, on_crash=lambda n: -1, window=4)
    assert next(results) == 0
    assert len(taken) <= 5  # only a window ahead of the caller
    assert [0, *results] == [n * n for n in range(40)]


def test_one_worker_runs_in_this_process():
    pids = list(workers.ordered_map(lambda _: os.getpid(), range(3), 1, on_crash=lambda n: -1))
    assert pids == [os.getpid()] * 3


def test_an_item_that_kills_its_worker_costs_only_that_item(forked):
    results = list(workers.ordered_map(square_or_die, range(20), 2, on_crash=lambda n: ("crashed", n)))
    assert results[7] == ("crashed", 7)
    assert results[:7] + results[8:] == [n * n for n in range(20) if n != 7]


def test_workers_that_cannot_start_fall_back_to_this_process(forked, monkeypatch):
    def broken_pool(n):
        return ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"),
                                   initializer=os._exit, initargs=(1,))

    monkeypatch.setattr(workers, "_pool", broken_pool)
    results = list(workers.ordered_map(square, range(10), 2, on_crash=lambda n: ("crashed", n)))
    assert results == [n * n for n in range(10)]  # nothing blamed on the items


def test_worker_count_setting():
    assert workers.worker_count(3) == 3
    assert workers.worker_count(3, workers.MIN_PARALLEL_ITEMS) == 3
    assert workers.worker_count(3, workers.MIN_PARALLEL_ITEMS - 1) == 1
    assert 1 <= workers.worker_count(0) <= workers.MAX_AUTO_WORKERS
    with pytest.raises(ValueError):
        Settings(extract_workers=-1)


def _pages(directory: Path, n: int) -> None:
    """``n`` distinct article pages built from the demo corpus."""
    rows = [json.loads(line) for line in ARTICLES_PATH.read_text().splitlines() if line.strip()]
    directory.mkdir()
    for i in range(n):
        row = rows[i % len(rows)]
        paragraphs = "".join(f"<p>{p}</p>" for p in row["text"].split("\n\n") if p.strip())
        (directory / f"page{i:03d}.html").write_text(
            f'<html><head><title>{row["title"]} ({i})</title>'
            f'<link rel="canonical" href="https://pages{i}.example/story/{i}"></head>'
            f"<body><article><h1>{row['title']} ({i})</h1><p>Edition {i}.</p>{paragraphs}</article></body></html>")


def test_directory_extracted_by_workers_equals_in_process(tmp_path):
    """The real path: a fork server, newsdesk.extract preloaded, the same items in the same order."""
    _pages(tmp_path / "pages", workers.MIN_PARALLEL_ITEMS + 2)
    (tmp_path / "pages" / "broken.html").write_bytes(b"\x00\x01\x02" * 500)
    serial = list(load_items(tmp_path / "pages", Settings(extract_workers=1)))
    parallel = list(load_items(tmp_path / "pages", Settings(extract_workers=2)))
    assert len(serial) == workers.MIN_PARALLEL_ITEMS + 4  # the directory, the pages, the broken file
    assert [type(x) for x in parallel] == [type(x) for x in serial]
    assert parallel == serial
    assert sum(isinstance(x, ItemFailure) for x in parallel) == 1


def _marked(marker: str) -> list[int]:
    pids = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker.encode() in environ.read_bytes():
                pids.append(int(environ.parent.name))
        except OSError:
            continue
    return pids


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find the worker processes")
def test_killed_ingest_leaves_no_workers_and_resumes_without_loss(tmp_path):
    n = 3 * workers.MIN_PARALLEL_ITEMS
    _pages(tmp_path / "pages", n)
    marker = f"NEWSDESK_TEST_MARK_{uuid.uuid4().hex}"
    db = f"sqlite:///{tmp_path / 'kill.db'}"
    env = dict(os.environ, NEWSDESK_DATABASE_URL=db, NEWSDESK_EXTRACT_WORKERS="2", **{marker: "1"})
    cmd = [sys.executable, "-m", "newsdesk", "ingest", str(tmp_path / "pages")]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    store = Store(db)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        try:
            if store.count_articles() >= 5:
                break
        except Exception:  # the schema is not there yet
            pass
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    assert len(_marked(marker)) >= 3  # the ingest, its fork server, its workers
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 20
    while _marked(marker) and time.time() < deadline:
        time.sleep(0.2)
    assert _marked(marker) == []  # no orphaned workers left waiting for tasks forever

    stored = store.count_articles()
    assert 0 < stored < n
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{stored} unchanged" in done.stderr and "0 failed" in done.stderr
    assert store.count_articles() == n
    store.dispose()


def test_extract_command_on_many_files_uses_workers_and_keeps_order(tmp_path):
    from newsdesk.extract import extract_targets

    _pages(tmp_path / "pages", workers.MIN_PARALLEL_ITEMS)
    targets = sorted(str(p) for p in (tmp_path / "pages").iterdir()) + [str(tmp_path / "missing.html")]
    serial = list(extract_targets(targets, Settings(extract_workers=1)))
    parallel = list(extract_targets(targets, Settings(extract_workers=2)))
    assert parallel == serial
    assert [row["url"] for row in parallel[:3]] == [f"https://pages{i}.example/story/{i}" for i in range(3)]
    assert parallel[-1]["error"].startswith("cannot read")

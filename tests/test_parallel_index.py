"""A cold index of a big project is summarized in worker processes (``asset_graph``): the same
summaries, in the same order, as in the process itself, and the serial way whenever workers
cannot be used or fail. pylint's own ``-j`` workers get the same findings either way."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
from concurrent import futures

import pytest
from linting import FIXTURES, PLUGIN_ARGS, ROOT

from pylint_dagster_migration import asset_graph, index_cache

#: threading's own count of threads (the fixture ``forkable`` replaces it).
ACTIVE_COUNT = threading.active_count
#: Worker processes are forked on Linux only (elsewhere the index is built in the process).
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux only")

ASSETS = """\
import dagster as dg

@dg.asset(key_prefix=["warehouse"], deps=["raw_{n}"])
def table_{n}():
    return {n}

raw = dg.AssetSpec("raw_{n}")
schedule_{n} = dg.ScheduleDefinition(job=dg.define_asset_job("job_{n}"), cron_schedule="@daily")
"""


@pytest.fixture(name="project")
def _project(tmp_path, fresh_project_index):  # pylint: disable=unused-argument
    """A project of modules with assets, specs and schedules, and the odd ones: a module that
    does not parse, one without Dagster, one that cannot be read."""
    root = tmp_path / "project"
    package = root / "pipelines"
    package.mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "pipelines"\n', encoding="utf-8")
    (package / "__init__.py").write_text("", encoding="utf-8")
    for number in range(40):
        (package / f"assets_{number:02d}.py").write_text(ASSETS.format(n=number), encoding="utf-8")
    (package / "broken.py").write_text("import dagster as dg\ndef broken(:\n", encoding="utf-8")
    (package / "helpers.py").write_text("def helper():\n    return 1\n", encoding="utf-8")
    # Listed (its link is a file's, its target has a size and time), but cannot be read.
    (package / "directory.py").symlink_to(root, target_is_directory=True)
    (package / "definitions.py").write_text(
        "import dagster as dg\nfrom pipelines import assets_00\n\n"
        "defs = dg.Definitions(assets=dg.load_assets_from_modules([assets_00]))\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(name="forkable")
def _forkable(monkeypatch) -> None:
    """Two idle CPUs and no other thread assumed, so that a test means the same on a single-CPU
    or busy machine and after tests that left a thread running (a server they talk to)."""
    monkeypatch.setattr(asset_graph, "_idle_cpus", lambda: 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1)


@pytest.fixture(name="worker_runs")
def _worker_runs(monkeypatch, forkable) -> list[bool]:  # pylint: disable=unused-argument
    """Whether each summarizing in workers ran (True) or declined (False)."""
    runs: list[bool] = []
    real = asset_graph._summarize_in_workers  # pylint: disable=protected-access

    def recorded(paths):
        summaries = real(paths)
        runs.append(summaries is not None)
        return summaries

    monkeypatch.setattr(asset_graph, "_summarize_in_workers", recorded)
    return runs


def _index(root, threshold: int, monkeypatch) -> tuple[list, bytes]:
    """The project's summaries (in order) and the cache file they were written to."""
    monkeypatch.setattr(asset_graph, "PARALLEL_THRESHOLD", threshold)
    home = root.parent / f"home-{threshold}"
    monkeypatch.setenv("PYLINT_HOME", str(home))
    asset_graph.forget_projects()
    summaries = list(asset_graph.project_files(root).summaries.items())
    return summaries, index_cache.cache_file(root.resolve()).read_bytes()


@linux_only
def test_workers_summarize_what_the_process_would(project, worker_runs, monkeypatch):
    serial = _index(project, 10**9, monkeypatch)
    assert worker_runs == []

    parallel = _index(project, 1, monkeypatch)

    assert worker_runs == [True]
    assert parallel == serial
    summaries = dict(serial[0])
    assert str(project / "pipelines" / "directory.py") not in summaries
    assert len(summaries) == 44
    assert ["warehouse", "table_7"] in summaries[str(project / "pipelines" / "assets_07.py")]["keys"]


def test_a_worker_that_dies_leaves_the_files_to_the_process(project, worker_runs, monkeypatch):
    serial = _index(project, 10**9, monkeypatch)
    parent = os.getpid()
    real = asset_graph.summarize

    def dies_in_a_worker(source):
        if os.getpid() != parent:
            os._exit(1)  # as a worker killed by the system
        return real(source)

    monkeypatch.setattr(asset_graph, "summarize", dies_in_a_worker)

    assert _index(project, 1, monkeypatch) == serial
    assert worker_runs == []  # the broken pool raised: summarized serially


def test_workers_that_cannot_start_leave_the_files_to_the_process(project, worker_runs, monkeypatch):
    serial = _index(project, 10**9, monkeypatch)

    def refused(*arguments, **keywords):
        raise OSError("Resource temporarily unavailable")  # fork() failing: no more processes

    monkeypatch.setattr(futures, "ProcessPoolExecutor", refused)

    assert _index(project, 1, monkeypatch) == serial
    assert worker_runs == []


@linux_only
@pytest.mark.usefixtures("forkable")
def test_no_workers_where_forking_is_not_safe(project, monkeypatch):
    paths = sorted(map(str, project.rglob("*.py")))
    assert asset_graph._summarize_in_workers(paths) is not None  # pylint: disable=protected-access

    with monkeypatch.context() as single:
        single.setattr(asset_graph, "_idle_cpus", lambda: 1)
        assert asset_graph._summarize_in_workers(paths) is None  # pylint: disable=protected-access

    # Only Linux forks safely (no fork on Windows; macOS's system libraries are not fork-safe).
    with monkeypatch.context() as other_system:
        other_system.setattr(sys, "platform", "darwin")
        assert asset_graph._summarize_in_workers(paths) is None  # pylint: disable=protected-access

    # A daemonic process may not have children.
    with monkeypatch.context() as daemonic:
        daemonic.setattr(multiprocessing.current_process(), "daemon", True)
        assert asset_graph._summarize_in_workers(paths) is None  # pylint: disable=protected-access

    # Forking a process with other threads may copy a lock that one of them holds.
    monkeypatch.setattr(threading, "active_count", ACTIVE_COUNT)
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert asset_graph._summarize_in_workers(paths) is None  # pylint: disable=protected-access
    finally:
        release.set()
        thread.join()


@pytest.mark.parametrize(
    ("cpus", "running", "idle"), [({0, 1}, 1, 2), ({0, 1}, 2, 1), ({0, 1}, 5, 1), ({0}, 1, 1)]
)
def test_workers_only_on_cpus_no_other_process_is_using(cpus, running, idle, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: cpus, raising=False)
    monkeypatch.setattr(asset_graph, "_running_tasks", lambda: running)

    assert asset_graph._idle_cpus() == idle  # pylint: disable=protected-access


@linux_only
def test_the_running_tasks_are_read_from_linux():
    assert asset_graph._running_tasks() >= 1  # pylint: disable=protected-access  # this one


# pylint's -j workers are forked from the process that runs this driver, with the threshold it
# sets; a worker that summarizes in workers of its own says so on standard error.
_DRIVER = """
import sys
from pylint_dagster_migration import asset_graph
asset_graph.PARALLEL_THRESHOLD = int(sys.argv[1])
asset_graph._idle_cpus = lambda: 2
real = asset_graph._summarize_in_workers
def reported(paths):
    summaries = real(paths)
    if summaries is not None:
        print(f"summarized {len(paths)} files in workers", file=sys.stderr)
    return summaries
asset_graph._summarize_in_workers = reported
from pylint.lint import Run
Run(sys.argv[2:], exit=False)
"""
PROJECT_FIXTURES = ["unknown-asset-dependency", "asset-input-not-produced", "definition-not-registered"]


def _run(tmp_path, threshold: int, jobs: int) -> subprocess.CompletedProcess:
    home = tmp_path / f"home-{threshold}-{jobs}"
    return subprocess.run(
        [
            sys.executable, "-c", _DRIVER, str(threshold), *PLUGIN_ARGS, f"--jobs={jobs}",
            "--msg-template={path}:{line}:{column}:{end_line}:{end_column}:{symbol}:{msg}",
            *(str(FIXTURES / name) for name in PROJECT_FIXTURES),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYLINT_HOME": str(home), "PYLINT_DAGSTER_MIGRATION_STRICT": "1"},
        timeout=600,
        check=False,
    )


@linux_only
def test_pylint_workers_summarizing_in_workers_find_what_one_process_does(tmp_path):
    serial = _run(tmp_path, 10**9, jobs=1)
    parallel = _run(tmp_path, 1, jobs=2)

    assert "summarized" not in serial.stderr
    assert "files in workers" in parallel.stderr, parallel.stderr[-3000:]
    findings = sorted(line for line in serial.stdout.splitlines() if line.startswith("fixtures/"))
    for symbol in PROJECT_FIXTURES:
        assert any(f":{symbol}:" in line for line in findings), symbol
    assert sorted(
        line for line in parallel.stdout.splitlines() if line.startswith("fixtures/")
    ) == findings

"""unknown-asset-dependency gives the same findings however pylint is run (a full run, -j 2, one
file as pre-commit passes it, an editor's buffer on stdin), and Dagster does what it says."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from commands import PLUGIN, pylint
from test_asset_graph import (
    ANALYTICS_ASSETS,
    INGEST_ASSETS,
    INGEST_DEFINITIONS,
    write_project,
)

from pylint_dagster_migration import asset_graph
from pylint_dagster_migration.project_root import project_root

ONLY_OURS = (PLUGIN, "--disable=all", "--enable=unknown-asset-dependency", "--score=n")
FORMAT = "--msg-template={path}:{line}:{column}:{end_line}:{end_column}:{symbol}"
ANALYTICS = "analytics/analytics/assets.py"
EXPECTED = [
    f"{ANALYTICS}:16:16:16:46:unknown-asset-dependency",
    f"{ANALYTICS}:16:58:16:73:unknown-asset-dependency",
]


@pytest.fixture(name="repository")
def _repository(tmp_path, monkeypatch):
    monkeypatch.setenv("PYLINT_HOME", str(tmp_path / "pylint-home"))
    asset_graph.forget_projects()
    project_root.cache_clear()
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return write_project(
        root,
        {
            "ingest/ingest/__init__.py": "",
            "ingest/ingest/assets.py": INGEST_ASSETS,
            "ingest/ingest/definitions.py": INGEST_DEFINITIONS,
            "analytics/analytics/__init__.py": "",
            "analytics/analytics/assets.py": ANALYTICS_ASSETS,
        },
    )


def _findings(result):
    return sorted(line for line in result.stdout.splitlines() if line.endswith("-dependency"))


def test_a_full_run(repository):
    result = pylint(*ONLY_OURS, FORMAT, "ingest/ingest", "analytics/analytics", cwd=repository)
    assert _findings(result) == EXPECTED


def test_two_jobs(repository):
    result = pylint(*ONLY_OURS, FORMAT, "-j", "2", "ingest/ingest", "analytics/analytics", cwd=repository)
    assert _findings(result) == EXPECTED


def test_one_file_as_pre_commit_passes_it(repository):
    result = pylint(*ONLY_OURS, FORMAT, ANALYTICS, cwd=repository)
    assert _findings(result) == EXPECTED


def test_an_editor_buffer_on_stdin(repository):
    result = pylint(*ONLY_OURS, FORMAT, "--from-stdin", ANALYTICS, cwd=repository, stdin=ANALYTICS_ASSETS)
    assert _findings(result) == EXPECTED


def test_the_buffer_on_stdin_replaces_the_file_on_disk(repository):
    # The unsaved buffer declares the key the saved file lacks.
    edited = ANALYTICS_ASSETS + '\n\nstaging = dg.AssetSpec("stg_customers")\n'

    result = pylint(*ONLY_OURS, FORMAT, "--from-stdin", ANALYTICS, cwd=repository, stdin=edited)

    assert _findings(result) == EXPECTED[:1]


def test_dagster_makes_a_typod_dependency_an_external_asset(repository):
    dg = pytest.importorskip("dagster")
    sys.path[:0] = [str(repository / "ingest"), str(repository / "analytics")]
    try:
        ingest = _load(repository / "ingest/ingest/assets.py", "ingest.assets")
        analytics = _load(repository / ANALYTICS, "analytics.assets")
        defs = dg.Definitions(
            assets=[*dg.load_assets_from_modules([ingest]), analytics.revenue, analytics.order_report]
        )
        dg.Definitions.validate_loadable(defs)  # loads, no error and no warning
        graph = defs.resolve_asset_graph()
        for typed in (["raw", "ordres"], ["stg_customers"]):
            assert graph.get(dg.AssetKey(typed)).is_external
        assert not graph.get(dg.AssetKey(["raw", "orders"])).is_external
        # deps=["orders"] is resolved to raw/orders (same group, unique name): not reported.
        assert graph.get(dg.AssetKey("order_report")).parent_keys == {
            dg.AssetKey(["raw", "ordres"]),
            dg.AssetKey(["raw", "orders"]),
            dg.AssetKey(["stg_customers"]),
        }
    finally:
        del sys.path[:2]


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

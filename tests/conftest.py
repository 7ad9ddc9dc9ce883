import os
import tempfile
from pathlib import Path

import pytest

from pylint_dagster_migration import asset_graph
from pylint_dagster_migration.project_root import project_root

# A bug in a check must fail the test that hits it rather than be swallowed (see checkers/base.py).
os.environ["PYLINT_DAGSTER_MIGRATION_STRICT"] = "1"

# Fixtures of the Airflow side of a migration import Airflow, which writes its home directory
# on import: keep it out of the user's ~/airflow.
os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="airflow-home-"))

# The project index caches what it read in pylint's cache directory: keep the suite's own.
os.environ.setdefault("PYLINT_HOME", tempfile.mkdtemp(prefix="pylint-home-"))


@pytest.fixture
def fresh_project_index(tmp_path, monkeypatch):
    """An empty project index, in memory and on disk, for a test that builds projects."""
    monkeypatch.setenv("PYLINT_HOME", str(tmp_path / "pylint-home"))
    asset_graph.forget_projects()
    project_root.cache_clear()
    yield
    asset_graph.forget_projects()
    project_root.cache_clear()


@pytest.fixture(name="project")
def project_directory(tmp_path, monkeypatch, fresh_project_index) -> Path:
    """An empty project, the working directory: the file a test fixes is its only module."""
    directory = tmp_path / "project"
    directory.mkdir()
    (directory / "pyproject.toml").write_text('[project]\nname = "p"\n', encoding="utf-8")
    monkeypatch.chdir(directory)
    return directory

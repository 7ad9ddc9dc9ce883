"""A keyword missing from the generated table is rejected only when the table describes the
installed Dagster, or when no Dagster version takes it (an Airflow or Prefect keyword)."""

from __future__ import annotations

import importlib.metadata

import pytest

from pylint_dagster_migration import signatures
from pylint_dagster_migration.dagster_signatures import DAGSTER_VERSION


@pytest.fixture
def installed_dagster(monkeypatch):
    """Sets the Dagster version package metadata reports (None: not installed)."""
    real_version = importlib.metadata.version

    def install(version: str | None) -> None:
        def version_of(package: str) -> str:
            if package != "dagster":
                return real_version(package)
            if version is None:
                raise importlib.metadata.PackageNotFoundError(package)
            return version

        monkeypatch.setattr(importlib.metadata, "version", version_of)
        signatures.table_matches_installed_dagster.cache_clear()

    yield install
    signatures.table_matches_installed_dagster.cache_clear()


@pytest.mark.parametrize(
    ("version", "matches"),
    [
        (f"{DAGSTER_VERSION}.0", True),
        (f"{DAGSTER_VERSION}.7rc1", True),
        ("1.9.3", False),
        (None, False),
    ],
)
def test_the_table_matches_only_the_dagster_minor_it_was_generated_from(
    installed_dagster, version, matches
):
    installed_dagster(version)
    assert signatures.table_matches_installed_dagster() is matches
    # A keyword the table lacks may be new in the installed Dagster: rejected only on a match.
    assert signatures.rejects("asset", "freshness_window") is matches


@pytest.mark.parametrize("version", [f"{DAGSTER_VERSION}.0", None])
def test_airflow_and_prefect_keywords_are_rejected_by_every_dagster(installed_dagster, version):
    installed_dagster(version)
    assert signatures.rejects("asset", "retries")
    assert signatures.rejects("schedule", "timezone")
    assert not signatures.rejects("asset", "retry_policy")
    # Not in the table: an unknown callee, or one that takes any keyword.
    assert not signatures.rejects(None, "retries")
    assert not signatures.rejects("observable_source_asset", "retries")

"""Every good example is real Dagster: its Definitions pass Dagster's own load validation
(or, for the Airflow side of a migration, Airflow gets its DAGs from it).

A good fixture that needs another package says so on its first line (``# fixture-needs:
airflow, dagster-airlift``); it is loaded wherever those packages are installed, and skipped,
naming the missing one, where they are not.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from linting import FIXTURES, good_fixtures

dg = pytest.importorskip("dagster")


def _load(path):
    name = "fixture_" + "_".join(path.relative_to(FIXTURES).with_suffix("").parts).replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _needed_packages(fixture):
    first_line = fixture.read_text(encoding="utf-8").partition("\n")[0]
    _, marker, packages = first_line.partition("# fixture-needs:")
    return [package.strip() for package in packages.split(",") if package.strip()] if marker else []


@pytest.mark.parametrize("fixture", good_fixtures(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_good_fixture_definitions_are_loadable(fixture):
    for package in _needed_packages(fixture):
        pytest.importorskip(package.replace("-", "_"), reason=f"fixture-needs: {package}")
    module = _load(fixture)
    definitions = [value for value in vars(module).values() if isinstance(value, dg.Definitions)]
    if not definitions and "airflow" in _needed_packages(fixture):
        # The Airflow side of a migration: it loads when Airflow gets its DAGs from it.
        assert _airflow_dags(module), f"{fixture} defines neither Definitions nor an Airflow DAG"
        return
    assert definitions, f"{fixture} defines no dagster Definitions"
    for defs in definitions:
        dg.Definitions.validate_loadable(defs)


def _airflow_dags(module):
    return [
        value
        for value in vars(module).values()
        if type(value).__name__ == "DAG" and type(value).__module__.startswith("airflow")
    ]

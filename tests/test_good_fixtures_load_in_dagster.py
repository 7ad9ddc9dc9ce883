"""Every good example is real Dagster: its Definitions pass Dagster's own load validation.

A good fixture that needs a package the test environment lacks says so on its first line
(``# fixture-needs: airflow``) and is skipped with that reason.
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


@pytest.mark.parametrize("fixture", good_fixtures(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_good_fixture_definitions_are_loadable(fixture):
    first_line = fixture.read_text(encoding="utf-8").splitlines()[0]
    if first_line.startswith("# fixture-needs:"):
        pytest.skip(first_line[2:])
    module = _load(fixture)
    definitions = [value for value in vars(module).values() if isinstance(value, dg.Definitions)]
    assert definitions, f"{fixture} defines no dagster Definitions"
    for defs in definitions:
        dg.Definitions.validate_loadable(defs)

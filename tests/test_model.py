"""The shared Dagster model: names resolved through imports only, definitions and keys."""

from __future__ import annotations

import astroid
import pytest
from astroid import nodes

from pylint_dagster_migration import names
from pylint_dagster_migration.model import annotation_role, dagster_module

DECORATORS = [
    "asset", "multi_asset", "graph_asset", "graph_multi_asset", "op", "graph", "job",
    "asset_check", "multi_asset_check", "observable_source_asset", "schedule", "sensor",
    "asset_sensor", "multi_asset_sensor", "run_status_sensor", "run_failure_sensor",
]
CLASSES_AND_FUNCTIONS = [
    "Definitions", "AssetSpec", "AssetDep", "AssetIn", "AssetOut", "AssetKey",
    "ScheduleDefinition", "SensorDefinition", "RunRequest", "SkipReason", "SensorResult",
    "RetryPolicy", "ConfigurableResource", "EnvVar", "define_asset_job",
    "build_schedule_from_partitioned_job",
]
IMPORT_STYLES = {
    "import dagster as dg": "dg.{name}",
    "import dagster": "dagster.{name}",
    "from dagster import {name}": "{name}",
    "from dagster import {name} as renamed": "renamed",
    "from dagster import *": "{name}",
}


@pytest.mark.parametrize("name", DECORATORS + CLASSES_AND_FUNCTIONS)
@pytest.mark.parametrize("style", IMPORT_STYLES)
def test_dagster_names_resolve_in_every_import_style(style, name):
    reference = IMPORT_STYLES[style].format(name=name)
    module = astroid.parse(f"{style.format(name=name)}\nvalue = {reference}\n")
    assert names.dagster_name(module.body[-1].value) == name


@pytest.mark.parametrize("name", DECORATORS)
@pytest.mark.parametrize("style", IMPORT_STYLES)
@pytest.mark.parametrize("called", [False, True])
def test_decorated_functions_are_definitions_of_their_kind(style, name, called):
    reference = IMPORT_STYLES[style].format(name=name)
    decorator = f"@{reference}()" if called else f"@{reference}"
    module = astroid.parse(f"{style.format(name=name)}\n{decorator}\ndef thing():\n    pass\n")
    model = dagster_module(module)
    (definition,) = model.definitions.values()
    assert (definition.kind, definition.name) == (name, "thing")


def test_names_bound_otherwise_are_not_dagster():
    module = astroid.parse(
        "import dagster as dg\n"
        "from airflow.decorators import task as asset\n"
        "def op(fn):\n    return fn\n"
        "a = asset\nb = op\nc = dg\n"
    )
    values = [statement.value for statement in module.body[-3:]]
    assert [names.dagster_name(value) for value in values] == [None, None, None]
    assert names.qualified_name(values[0]) == "airflow.decorators.task"


def test_a_later_rebinding_shadows_the_import():
    module = astroid.parse("from dagster import asset\nasset = print\nx = asset\n")
    assert names.dagster_name(module.body[-1].value) is None


def test_relative_imports_are_made_absolute():
    module = astroid.parse("from .assets import extract\nx = extract\n", module_name="pkg.defs")
    assert names.qualified_name(module.body[-1].value) == "pkg.assets.extract"


def test_function_level_imports_resolve_in_their_scope():
    module = astroid.parse("def f():\n    import dagster as dg\n    return dg.asset\n")
    assert names.dagster_name(module.body[0].body[-1].value) == "asset"


def test_dagster_integration_packages_make_a_dagster_module():
    assert dagster_module(astroid.parse("from dagster_dbt import dbt_assets\n")).is_dagster
    assert dagster_module(astroid.parse("import dagster_aws.s3 as s3\n")).is_dagster


def test_modules_without_dagster_imports_are_not_dagster_modules():
    module = astroid.parse(
        "from airflow import DAG\nfrom prefect import flow\nimport dagsterish\n"
        "from .dagster import asset\n"
    )
    assert not dagster_module(module).is_dagster


def test_asset_keys_come_from_name_key_outs_and_specs():
    module = astroid.parse(
        """
import dagster as dg

@dg.asset
def plain(): ...

@dg.asset(name="renamed")
def by_name(): ...

@dg.asset(key=["schema", "keyed"])
def by_key(): ...

@dg.multi_asset(outs={"first": dg.AssetOut(), "x": dg.AssetOut(key=dg.AssetKey(["s", "second"]))})
def by_outs(): ...

@dg.multi_asset(specs=[dg.AssetSpec("third"), dg.AssetSpec(key=["s", "fourth"])])
def by_specs(): ...

external = dg.AssetSpec("external_table")
"""
    )
    model = dagster_module(module)
    assert {d.name: d.asset_keys for d in model.definitions.values()} == {
        "plain": {"plain"},
        "by_name": {"renamed"},
        "by_key": {"keyed"},
        "by_outs": {"first", "second"},
        "by_specs": {"third", "fourth"},
    }
    assert all(model.is_asset_key(key) for key in ("plain", "renamed", "second", "external_table"))
    assert not model.is_asset_key("by_name")
    assert set(model.asset_objects) == {"plain", "by_name", "by_key", "by_outs", "by_specs", "external"}


def test_definitions_inside_factories_and_conditionals_are_found():
    module = astroid.parse(
        """
import dagster as dg

def build(name):
    @dg.asset(name=name)
    def _built(): ...
    return _built

if True:
    @dg.op
    def conditional(): ...
"""
    )
    assert sorted(d.name for d in dagster_module(module).definitions.values()) == [
        "_built",
        "conditional",
    ]


def test_deps_and_ins_are_read_from_the_decorator():
    module = astroid.parse(
        """
import dagster as dg

@dg.asset(deps=["a", dg.AssetKey(["s", "b"])], ins={"c": dg.AssetIn("upstream_c")})
def down(c): ...
"""
    )
    (definition,) = dagster_module(module).definitions.values()
    model = dagster_module(module)
    assert [model.keys_named_by(entry) for entry in definition.deps_entries] == [{"a"}, {"b"}]
    assert definition.ins_keys == {"c"}


@pytest.mark.parametrize(
    ("annotation", "role"),
    [
        ("", "data"),
        (": list[dict]", "data"),
        (": pd.DataFrame", "data"),
        (": int | None", "data"),
        (": Optional[str]", "data"),
        (": dg.AssetExecutionContext", "dagster"),
        (": dg.ResourceParam[Client]", "dagster"),
        (": Warehouse", "dagster"),
        (": Row", "data"),
        (": ProjectResource", "unknown"),
        (': "pd.DataFrame"', "unknown"),
    ],
)
def test_annotation_roles(annotation, role):
    module = astroid.parse(
        f"""
from typing import Optional
import pandas as pd
import dagster as dg
from .resources import ProjectResource
class Client: ...
class Warehouse(dg.ConfigurableResource): ...
class Row: ...
def f(x{annotation}): ...
"""
    )
    function = module.body[-1]
    assert annotation_role(function.args.annotations[0]) == role

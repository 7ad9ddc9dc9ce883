"""The shared Dagster model: names resolved through imports only, definitions and keys."""

from __future__ import annotations

import astroid
import pytest
from astroid import nodes

from pylint_dagster_migration import names
from pylint_dagster_migration.model import (
    annotation_role,
    dagster_module,
    defines_dagster_objects,
    is_resource_class,
)

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


@pytest.fixture
def dagster_not_installed():
    """astroid cannot read Dagster, as where the linter is installed without it."""
    astroid.MANAGER.module_denylist.add("dagster")
    yield
    astroid.MANAGER.module_denylist.discard("dagster")


def test_star_imported_names_resolve_where_dagster_is_not_installed(dagster_not_installed):
    star = astroid.parse("from dagster import *\na = asset\nb = DagsterInstance\n")
    no_star = astroid.parse("import dagster\nfrom airflow.models import Variable\nc = asset\n")
    values = [statement.value for statement in (*star.body[-2:], no_star.body[-1])]
    # Only the names the checks care about are assumed to come from the star import.
    assert [names.dagster_name(value) for value in values] == ["asset", None, None]


def test_private_dagster_paths_are_reduced_to_the_public_name():
    module = astroid.parse(
        "from dagster._core.definitions.decorators.asset_decorator import asset\n"
        "decorator = asset\ncall = asset()\n"
    )
    decorator, call = (statement.value for statement in module.body[-2:])
    assert names.dagster_name(decorator) == "asset"
    assert names.call_dagster_name(call) == "asset"
    assert names.call_dagster_name(decorator) is None


@pytest.mark.parametrize(
    ("source", "is_sleep"),
    [
        ("import time\ntime.sleep(1)", True),
        ("from asyncio import sleep\nsleep(1)", True),
        ("import trio\ntrio.sleep(1)", True),
        ("def sleep(seconds): ...\nsleep(1)", False),
        ("import time\nsleepers = [time.sleep]\nsleepers[0](1)", False),
    ],
)
def test_sleep_calls_are_recognised_however_imported(source, is_sleep):
    call = astroid.parse(source).body[-1].value
    assert names.is_sleep_call(call) is is_sleep


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


def test_deps_entries_name_keys_through_attributes_specs_and_asset_objects():
    module = astroid.parse(
        """
import dagster as dg
import warehouse

raw = dg.AssetSpec(key=["lake", "raw_orders"])
computed = dg.AssetSpec(key_from_settings())
warehouse.table = dg.AssetSpec("not_an_asset_object")

def factory():
    inner = dg.AssetSpec("inner_spec")
    return inner

@dg.asset
def orders(): ...

@dg.asset(
    deps=[orders.key, warehouse.customers, dg.AssetSpec("spec"), raw, computed, make_key("x")],
    ins={**shared_ins, "c": dg.AssetIn("upstream_c")},
)
def down(c): ...
"""
    )
    model = dagster_module(module)
    down = next(d for d in model.definitions.values() if d.name == "down")
    assert [model.keys_named_by(entry) for entry in down.deps_entries] == [
        {"orders"}, {"customers"}, {"spec"}, {"raw_orders", "raw"}, {"computed"}, set(),
    ]
    assert down.ins_keys == {"c"}
    raw, computed = down.deps_entries[3:5]
    assert model.asset_keys_of(raw) == {"raw_orders"}
    assert model.asset_keys_of(computed) == {"computed"}  # no literal key: its own name
    # Keys of specs anywhere count; only module-level names are asset objects.
    assert model.is_asset_key("inner_spec") and model.is_asset_key("not_an_asset_object")
    assert set(model.asset_objects) == {"raw", "computed", "orders", "down"}


def test_sensor_definitions_make_their_functions_and_lambdas_sensors():
    module = astroid.parse(
        """
import dagster as dg
from helpers import imported_evaluation

def evaluate(context):
    return dg.RunRequest()

by_lambda = dg.SensorDefinition("by_lambda", evaluation_fn=lambda context: None, job_name="load")
by_import = dg.SensorDefinition("by_import", evaluation_fn=imported_evaluation, job_name="load")
by_name = dg.SensorDefinition("by_name", evaluation_fn=evaluate, job_name="load")
"""
    )
    model = dagster_module(module)
    evaluate = module.body[2]
    by_lambda = module.body[3].value.keywords[0].value
    sensors = model.sensor_evaluation_functions
    # An imported evaluation function is not the module's to judge.
    assert [(function.name, sensor.kind) for function, sensor in sensors.items()] == [
        ("<lambda>", "sensor"),
        ("evaluate", "sensor"),
    ]
    assert model.enclosing_sensor(evaluate.body[0]).name == "evaluate"
    assert model.enclosing_sensor(by_lambda.body) is sensors[by_lambda]


@pytest.mark.parametrize(
    ("source", "defines"),
    [
        ("import dagster as dg\ndefs = dg.Definitions(assets=[])", True),
        ("import dagster as dg\ndg.define_asset_job('all')", True),
        ("import dagster as dg\nclass Warehouse(dg.ConfigurableResource): ...", True),
        ("import dagster as dg\nclass Plain: ...\nresult = compute()", False),
        ("import dagster as dg\nif __name__ == '__main__':\n    dg.materialize([])", False),
        ("import os\ndefs = Definitions()", False),
    ],
)
def test_modules_that_define_what_a_code_location_loads(source, defines):
    assert defines_dagster_objects(dagster_module(astroid.parse(source))) is defines


def test_resource_classes_are_found_through_bases_and_integration_packages():
    module = astroid.parse(
        """
import dagster as dg
from dagster_snowflake import SnowflakeResource, fetch_last_update

class Warehouse(dg.ConfigurableResource): ...
class Reporting(Warehouse): ...
class Built(make_base()): ...
class Plain: ...

integration_resource = SnowflakeResource
integration_helper = fetch_last_update
"""
    )
    classes = [statement for statement in module.body if isinstance(statement, nodes.ClassDef)]
    references = [statement.value for statement in module.body[-2:]]
    assert [is_resource_class(klass) for klass in classes] == [True, True, False, False]
    assert [is_resource_class(reference) for reference in references] == [True, False]


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
        (": Optional[Warehouse]", "dagster"),
        (": list[Row] | dg.Config", "dagster"),
        (": Alias", "unknown"),
        (": Undefined", "unknown"),
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
Alias = dict[str, int]
def f(x{annotation}): ...
"""
    )
    function = module.body[-1]
    assert annotation_role(function.args.annotations[0]) == role

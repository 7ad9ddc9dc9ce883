"""The project index reads sibling modules by the module model's own tables and key rules."""

from __future__ import annotations

import astroid
import pytest

from pylint_dagster_migration import asset_graph, model, project

SIBLING = '''\
import dagster as dg


@dg.asset_sensor(asset_key=dg.AssetKey("orders"), job_name="report")
def orders_sensor(context, event): ...


@dg.run_failure_sensor
def alert(context): ...


@dg.multi_asset(outs={"first": dg.AssetOut(key=["warehouse", "renamed"])})
def split(): ...


landed = dg.AssetSpec(dg.AssetKey.from_user_string("raw/landed_files"))
prefixed = dg.AssetOut("prefix_only")
'''


@pytest.fixture(name="linted_module")
def _linted_module(tmp_path):
    package = tmp_path / "pipeline"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "sensors.py").write_text(SIBLING, encoding="utf-8")
    linted = package / "assets.py"
    linted.write_text("import dagster as dg\n", encoding="utf-8")
    return astroid.parse(linted.read_text(), module_name="pipeline.assets", path=str(linted))


@pytest.mark.parametrize(
    ("name", "kind"),
    [("orders_sensor", "asset_sensor"), ("alert", "run_failure_sensor"), ("split", "multi_asset")],
)
def test_every_kind_of_definition_the_model_knows_is_indexed(linted_module, name, kind):
    found = project.imported_definition(linted_module, f"pipeline.sensors.{name}")

    assert found == project.ImportedDefinition(kind, name, "pipeline.sensors")
    assert kind in model.DEFINITION_DECORATORS


def test_asset_keys_follow_the_models_key_rules(linted_module):
    keys = project.asset_keys_near(linted_module)

    # AssetOut(key=...) names the key; its first positional argument is a key prefix.
    assert {"renamed", "landed_files", "split", "first", "orders"} <= keys
    assert "prefix_only" not in keys
    assert "orders_sensor" not in keys


def test_an_unchanged_package_is_indexed_from_the_cache(linted_module, monkeypatch):
    keys = set(project.asset_keys_near(linted_module))
    found = project.imported_definition(linted_module, "pipeline.sensors.alert")
    project._INDEXES.clear()  # pylint: disable=protected-access  # a new process, as it were
    asset_graph.forget_projects()
    monkeypatch.setattr(asset_graph, "_read_summaries", lambda _: pytest.fail("summaries read"))

    assert project.asset_keys_near(linted_module) == keys
    assert project.imported_definition(linted_module, "pipeline.sensors.alert") == found

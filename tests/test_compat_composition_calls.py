"""The rules on calls of Dagster definitions (``compat/composition_calls.py``):
no-value-for-parameter on an op invoked in a composition, too-many-function-args on a sensor
or schedule invoked with its context; the edge cases the ``pylint_compat`` fixtures do not
show, and what the installed Dagster does with each idiom."""

from __future__ import annotations

import astroid
import dagster as dg
import pytest
from astroid import nodes

from compat_cases import COMPAT, find_call, import_idiom, parse_case
from pylint_dagster_migration.compat import composition_calls


# no-value-for-parameter ------------------------------------------------------------------


OPS = """
import dagster as dg
from project.things import Thing

class Warehouse(dg.ConfigurableResource):
    pass

@dg.op
def load(context, rows, config, db: Warehouse, *, flag: bool = False):
    return rows

@dg.op
def unknown_first(thing: Thing, rows):
    return rows

@dg.graph
def nested(rows):
    return load(rows)

@dg.job
def wiring():
    rows = nested()
    load(*rows)
    load(**rows)
    load()
    load(rows)
    unknown_first(rows)
    make_op()()
    dg.op(name="x")(rows)
"""


@pytest.mark.parametrize(
    ("spelled", "missing", "dropped"),
    [
        ("load", "'context'", True),
        ("load", "'config'", True),
        ("load", "'db'", True),
        ("load", "'rows'", False),       # load(*rows), then load(): the first load() found
        ("load", "<tuple>", False),
        ("load", "'flag'", False),
        ("unknown_first", "'rows'", False),
        ("unknown_first", "'thing'", False),
        ("nested", "'rows'", False),
        ("make_op()", "'rows'", False),
    ],
)
def test_an_op_call_in_a_composition_body(spelled, missing, dropped):
    module = parse_case(OPS)
    job = next(f for f in module.nodes_of_class(nodes.FunctionDef) if f.name == "wiring")
    call = next(c for c in job.nodes_of_class(nodes.Call) if c.func.as_string() == spelled)
    assert composition_calls.op_argument_dagster_supplies(call, (missing, "function")) is dropped


def test_an_input_bound_by_position_or_by_keyword():
    module = parse_case(OPS)
    job = next(f for f in module.nodes_of_class(nodes.FunctionDef) if f.name == "wiring")
    calls = [c for c in job.nodes_of_class(nodes.Call) if c.func.as_string() == "load"]
    starred, double_starred, bare, positional = calls
    rule = composition_calls.op_argument_dagster_supplies
    assert not rule(starred, ("'rows'", "function"))
    assert not rule(double_starred, ("'rows'", "function"))
    assert not rule(bare, ("'rows'", "function"))
    assert rule(positional, ("'rows'", "function"))


def test_an_input_given_by_keyword_is_bound():
    module = parse_case(OPS.replace("    load(rows)\n", "    load(rows=rows)\n"))
    job = next(f for f in module.nodes_of_class(nodes.FunctionDef) if f.name == "wiring")
    call = [c for c in job.nodes_of_class(nodes.Call) if c.func.as_string() == "load"][-1]
    assert composition_calls.op_argument_dagster_supplies(call, ("'rows'", "function"))


PROJECT = {
    "__init__.py": "",
    "resources.py": """
import dagster as dg

class BaseResource(dg.ConfigurableResource):
    pass
""",
    "clients.py": """
from pkg.resources import BaseResource

class ApiClient(BaseResource):
    pass
""",
    "ops.py": """
import dagster as dg
from pkg.clients import ApiClient

@dg.op
def extract(context, api: ApiClient, rows: list):
    return rows
""",
    "jobs.py": """
import dagster as dg
import pkg.ops as ops
from pkg.ops import extract

@dg.op
def first() -> list:
    return [1]

@dg.job
def by_name():
    extract(first())

@dg.job
def by_module():
    ops.extract(first())
""",
}


def test_an_op_and_a_resource_class_of_another_module_of_the_project(
    tmp_path, monkeypatch, fresh_project_index
):
    package = tmp_path / "pkg"
    package.mkdir()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'pkg'\n")
    for name, source in PROJECT.items():
        (package / name).write_text(source)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        module = astroid.MANAGER.ast_from_file(str(package / "jobs.py"), "pkg.jobs")
        for spelled in ("extract", "ops.extract"):
            call = find_call(module, spelled)
            for missing in ("'context'", "'api'", "'rows'"):
                assert composition_calls.op_argument_dagster_supplies(call, (missing, "function"))
    finally:
        for name in [name for name in astroid.MANAGER.astroid_cache if name.startswith("pkg")]:
            del astroid.MANAGER.astroid_cache[name]


def test_an_op_call_outside_a_composition_keeps_the_message():
    module = parse_case(OPS + "\n\ndef direct():\n    load()\n")
    direct = next(f for f in module.nodes_of_class(nodes.FunctionDef) if f.name == "direct")
    call = next(direct.nodes_of_class(nodes.Call))
    assert not composition_calls.op_argument_dagster_supplies(call, ("'context'", "function"))


def test_an_imported_name_the_project_does_not_know_keeps_the_message():
    module = parse_case("""
        import dagster as dg
        import project.ops as ops
        from project.ops import extract

        @dg.job
        def wiring():
            extract()
            ops.extract()
    """)
    for spelled in ("extract", "ops.extract"):
        call = find_call(module, spelled)
        assert not composition_calls.op_argument_dagster_supplies(call, ("'context'", "function"))


# too-many-function-args ------------------------------------------------------------------


SENSORS = """
import dagster as dg

@dg.sensor(job_name="j")
def quiet():
    return None

@dg.sensor(job_name="j")
def with_context(context):
    return None

@dg.asset_sensor(asset_key=dg.AssetKey("a"), job_name="j")
def on_asset():
    return None

context = dg.build_sensor_context()
literal = 3

def test():
    quiet(context)
    quiet(literal)
    quiet([context])
    quiet(lambda: context)
    quiet(f"{context}")
    quiet(*[context])
    quiet(context, 1)
    quiet(context=context)
    with_context(context, 1)
    on_asset(context)
    with_context(context)
    quiet(None)
    quiet(make_context())
    quiet(dg.build_multi_asset_sensor_context())
"""


@pytest.mark.parametrize(
    ("index", "dropped"),
    [(0, True), (1, False), (2, False), (3, False), (4, False), (5, False), (6, False),
     (7, False), (8, False), (9, False), (10, False), (11, True), (12, True), (13, False)],
)
def test_a_sensor_invoked_with_one_context(index, dropped):
    module = parse_case(SENSORS)
    test = next(f for f in module.nodes_of_class(nodes.FunctionDef) if f.name == "test")
    call = test.body[index].value
    assert composition_calls.sensor_invoked_with_its_context(call, ("function",)) is dropped


# What Dagster does with each idiom -------------------------------------------------------


def test_dagster_supplies_context_config_and_resources_and_binds_positions_to_inputs():
    idiom = import_idiom(COMPAT / "no-value-for-parameter" / "dagster_op_calls.py")
    for job in idiom.defs.resolve_all_job_defs():
        assert job.execute_in_process().success
    assert idiom.rows_job.execute_in_process().output_for_node("trimmed") == [1, 2]


def test_an_unconnected_op_input_loads_but_needs_run_config():
    @dg.op
    def combine(left: int, right: int) -> int:
        return left + right

    @dg.op
    def first() -> int:
        return 1

    @dg.job
    def unwired():
        combine(first())

    with pytest.raises(dg.DagsterInvalidConfigError, match="inputs"):
        unwired.execute_in_process()
    config = {"ops": {"combine": {"inputs": {"right": 2}}}}
    assert unwired.execute_in_process(run_config=config).output_for_node("combine") == 3


def test_a_sensor_or_schedule_takes_one_context_it_does_not_declare():
    idiom = import_idiom(COMPAT / "too-many-function-args" / "dagster_sensor_invocation.py")
    idiom.check_sensor()
    idiom.check_schedule(dg.build_schedule_context())
    control = import_idiom(COMPAT / "too-many-function-args" / "control_invocation.py")
    context = dg.build_sensor_context()
    with pytest.raises(dg.DagsterInvalidInvocationError, match="multiple non-resource"):
        control.quiet_sensor(context, 1)
    for wrong in (1, dg.build_schedule_context()):
        with pytest.raises(Exception, match="is not a SensorEvaluationContext"):
            control.quiet_sensor(wrong)
    with pytest.raises(Exception, match="is not a ScheduleEvaluationContext"):
        control.quiet_schedule(context)
    with pytest.raises(TypeError):
        control.evaluate(context)


def test_a_multi_asset_sensor_takes_its_own_context_it_does_not_declare():
    @dg.asset
    def orders():
        return [1]

    @dg.multi_asset_sensor(monitored_assets=[orders.key], job_name="refresh")
    def watcher():
        return dg.SkipReason("nothing")

    context = dg.build_multi_asset_sensor_context(
        monitored_assets=[orders.key],
        instance=dg.DagsterInstance.ephemeral(),
        definitions=dg.Definitions(assets=[orders]),
    )
    assert watcher(context) == dg.SkipReason("nothing")
    with pytest.raises(Exception, match="is not a MultiAssetSensorEvaluationContext"):
        watcher(dg.build_sensor_context())

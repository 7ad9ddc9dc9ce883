"""Leftovers of the old orchestrator: near misses and edge cases of its runtime APIs, its
dependency operators and its definitions beside Dagster's."""

from __future__ import annotations

import textwrap

import pytest
from linting import lint_source

#: How a module imports Dagster, with the prefix its Dagster names are written with (in the
#: source below and in the fixes the messages suggest).
IMPORT_STYLES = {
    "import dagster as dg": "dg.",
    "import dagster": "dagster.",
    "from dagster import asset, job, op": "",
}


def findings(tmp_path, source):
    return [
        (f.symbol, f.line, f.column, f.end_line, f.end_column)
        for f in lint_source(tmp_path, textwrap.dedent(source))
    ]


def messages(tmp_path, source):
    return [(f.symbol, f.line, f.column, f.msg) for f in lint_source(tmp_path, source)]


# foreign-runtime-api ----------------------------------------------------------------------------


def test_xcom_with_any_receiver_is_reported_on_the_call(tmp_path):
    source = """
        import dagster as dg

        @dg.op
        def load(context, upstream):
            context.xcom_push(key="rows", value=upstream)
    """
    assert findings(tmp_path, source) == [("foreign-runtime-api", 6, 4, 6, 49)]


def test_prefect_runtime_is_reported_on_the_whole_attribute(tmp_path):
    source = """
        import dagster as dg
        from prefect import runtime

        @dg.asset
        def orders():
            return runtime.flow_run.parameters
    """
    assert findings(tmp_path, source) == [("foreign-runtime-api", 7, 11, 7, 38)]


@pytest.mark.parametrize(
    "body",
    [
        'context.log.info("rows")',
        'return settings["ti"]',
        'return row.get("ds")',
        'return {"ti": 1}["ti"]',
        "return flow_run",  # a local name, not Prefect's
        "return flow_run.id",  # the same parameter
        "return [future.result() for future in futures]",  # a concurrent.futures pool
        "return wait(futures)",  # concurrent.futures.wait, not a method of a definition
        "return get_run_logger()",  # not imported from Prefect
        'xcom_push(key="rows", value=row)',  # not a method of a task instance
    ],
)
def test_dagster_counterparts_and_look_alikes_are_not_reported(tmp_path, body):
    source = f"""
import dagster as dg

@dg.asset
def orders(context: dg.AssetExecutionContext, settings, row, flow_run, futures):
    {body}
"""
    assert findings(tmp_path, source) == []


def test_airflow_code_outside_dagster_definitions_is_not_reported(tmp_path):
    source = """
        import dagster as dg
        from airflow.operators.python import get_current_context
        from prefect.runtime import flow_run

        def airflow_callable(**context):
            context["ti"].xcom_push(key="rows", value=get_current_context()["ds"])
            return flow_run.id

        @dg.asset
        def orders():
            return 1
    """
    assert findings(tmp_path, source) == []


def test_future_api_is_reported_once_in_a_body_and_also_at_module_level(tmp_path):
    source = """
import dagster as dg

@dg.asset
def orders():
    return [1]

@dg.asset
def totals():
    return orders.result()

orders.submit()
"""
    assert messages(tmp_path, source) == [
        (
            "asset-object-used-as-data", 10, 11,
            "'orders' inside @asset 'totals' is the asset definition, not its data. Add a "
            "parameter named 'orders' so Dagster loads the value through the I/O manager, or "
            'read it with context.load_asset_value(dg.AssetKey("orders"))',
        ),
        (
            "foreign-runtime-api", 12, 0,
            "orders.submit() inside module 'pipeline' is Prefect's task submission, which does "
            "not exist in Dagster: a Dagster asset definition has no submit() and the call fails "
            "with AttributeError. Dagster runs assets itself: declare the upstream with a "
            "parameter named after it or deps=[...], and fan out with partitions (or DynamicOut "
            "in an op graph)",
        ),
    ]


def test_prefect_submission_on_an_asset_in_a_body_is_foreign_runtime_api_only(tmp_path):
    source = """
        import dagster as dg

        raw_events = dg.AssetSpec("raw_events")

        @dg.asset
        def orders():
            return [1]

        @dg.op
        def score(value):
            return value

        @dg.asset(deps=[orders, raw_events])
        def totals():
            futures = orders.map([1, 2])
            orders.submit(wait_for=[raw_events.submit()])
            score.map(futures)
            submit = orders.submit
            return orders.result()
    """
    assert findings(tmp_path, source) == [
        ("foreign-runtime-api", 16, 14, 16, 32),
        ("foreign-runtime-api", 17, 4, 17, 49),
        ("foreign-runtime-api", 17, 28, 17, 47),
        ("foreign-runtime-api", 18, 4, 18, 22),
        # Not called, .submit is an attribute read like any other; .result() is a future's.
        ("asset-object-used-as-data", 19, 13, 19, 19),
        ("asset-object-used-as-data", 20, 11, 20, 17),
    ]


def test_dagster_map_on_dynamic_outputs_and_values_is_not_reported(tmp_path):
    source = """
        import dagster as dg

        @dg.op(out=dg.DynamicOut())
        def ids():
            yield dg.DynamicOutput(1, mapping_key="1")

        @dg.op
        def score(value):
            return value

        @dg.op
        def total(values):
            return sum(values)

        @dg.job
        def direct():
            total(ids().map(score).collect())

        @dg.job
        def through_a_name():
            pending = ids()
            total(pending.map(score).collect())

        @dg.graph_asset
        def scores():
            return total(ids().map(score).collect())

        @dg.asset
        def orders():
            return [1]

        @dg.asset
        def labels(orders):
            return orders.map(str)
    """
    assert findings(tmp_path, source) == []


def test_prefect_submission_fails_on_dagster_definitions_and_dynamic_map_runs():
    """A Dagster definition has no Prefect .submit()/.map(): AttributeError. .map() on a
    dynamic output inside a job is Dagster's own and runs."""
    dg = pytest.importorskip("dagster")

    @dg.asset
    def orders():
        return [1]

    @dg.op
    def score(value):
        return value * 2

    for definition in (orders, score):
        for method in ("submit", "map"):
            with pytest.raises(AttributeError, match=f"has no attribute '{method}'"):
                getattr(definition, method)([1, 2])

    @dg.op(out=dg.DynamicOut())
    def ids():
        for value in (1, 2):
            yield dg.DynamicOutput(value, mapping_key=str(value))

    @dg.op
    def total(values):
        return sum(values)

    @dg.job
    def through_a_name():
        pending = ids()
        total(pending.map(score).collect())

    assert through_a_name.execute_in_process().output_for_node("total") == 6


@pytest.mark.parametrize("style", IMPORT_STYLES)
def test_runtime_fixes_spell_dagster_names_as_the_module_imports_them(tmp_path, style):
    prefix = IMPORT_STYLES[style]
    source = f"""
{style}
from prefect import get_run_logger, get_run_context

@{prefix}asset
def orders():
    get_run_logger().info(get_run_context())

@{prefix}op
def load(context):
    return context["ti"]
"""
    assert messages(tmp_path, source) == [
        (
            "foreign-runtime-api", 7, 4,
            "get_run_logger() inside @asset 'orders' is Prefect's run logger, which does not "
            "exist in Dagster: outside a Prefect run it raises MissingContextError. Use "
            f"context.log (take 'context: {prefix}AssetExecutionContext') or "
            f"{prefix}get_dagster_logger()",
        ),
        (
            "foreign-runtime-api", 7, 26,
            "get_run_context() inside @asset 'orders' is Prefect's run context, which does not "
            "exist in Dagster: it raises because no Prefect flow or task is running. Take "
            f"'context: {prefix}AssetExecutionContext' and use context.log, context.run_id and "
            "context.partition_key",
        ),
        (
            "foreign-runtime-api", 11, 11,
            "context['ti'] inside @op 'load' is Airflow's task context, which does not exist in "
            "Dagster: Dagster's context is not a dict and holds no Airflow values. Take "
            f"'context: {prefix}OpExecutionContext' and use context.log, context.run_id and "
            "context.partition_key",
        ),
    ]


# bitshift-dependency ----------------------------------------------------------------------------


def test_chain_inside_job_body_on_op_calls_is_reported(tmp_path):
    source = """
        import dagster as dg

        @dg.op
        def extract():
            return 1

        @dg.op
        def load():
            return 2

        @dg.job
        def nightly():
            extract() >> load()
    """
    assert findings(tmp_path, source) == [("bitshift-dependency", 14, 4, 14, 23)]


def test_airflow_set_upstream_and_cross_downstream_are_reported(tmp_path):
    source = """
        import dagster as dg
        from airflow.models.baseoperator import cross_downstream

        @dg.asset
        def a():
            return 1

        @dg.asset
        def b():
            return 2

        b.set_upstream(a)
        cross_downstream([a], [b])
    """
    assert [f[:2] for f in findings(tmp_path, source)] == [
        ("bitshift-dependency", 13),
        ("bitshift-dependency", 14),
    ]


def test_shifts_on_numbers_other_objects_and_itertools_chain_are_not_reported(tmp_path):
    source = """
        from itertools import chain
        import dagster as dg

        @dg.asset
        def a():
            return 1 << 3

        @dg.asset
        def b():
            return 2

        all_assets = list(chain([a], [b]))
        mask = 0xFF >> 2
        defs = dg.Definitions(assets=all_assets)
    """
    assert findings(tmp_path, source) == []


def test_asset_specs_are_assets_and_jobs_are_not_chained_definitions(tmp_path):
    source = """
        import dagster as dg

        orders = dg.AssetSpec("orders")

        @dg.asset
        def report():
            return 1

        @dg.job
        def nightly():
            pass

        nightly >> report_schedule
        report << orders
        orders >> report
    """
    assert messages(tmp_path, textwrap.dedent(source)) == [
        (
            "bitshift-dependency", 15, 0,
            "'report << orders' chains Dagster asset 'report' the Airflow way: an "
            "AssetsDefinition defines no >> or set_downstream, so the module fails to load with "
            "TypeError. Declare it on the downstream: deps=[orders] on 'report', or a parameter "
            "named 'orders' to receive its value",
        ),
        (
            "bitshift-dependency", 16, 0,
            "'orders >> report' chains Dagster asset 'orders' the Airflow way: an "
            "AssetsDefinition defines no >> or set_downstream, so the module fails to load with "
            "TypeError. Declare it on the downstream: deps=[orders] on 'report', or a parameter "
            "named 'orders' to receive its value",
        ),
    ]


@pytest.mark.parametrize("style", IMPORT_STYLES)
def test_chaining_fixes_spell_dagster_names_as_the_module_imports_them(tmp_path, style):
    prefix = IMPORT_STYLES[style]
    source = f"""
{style}

@{prefix}op
def fetch():
    return 1

@{prefix}op
def store(value):
    return value

store.set_upstream(fetch)
"""
    assert messages(tmp_path, source) == [
        (
            "bitshift-dependency", 12, 0,
            "'store.set_upstream(fetch)' chains Dagster op 'store' the Airflow way: ops define no "
            ">> or set_downstream, so the module fails to load with AttributeError. Wire ops by "
            f"passing outputs in a @{prefix}job body, e.g. store(fetch())",
        ),
    ]


# mixed-orchestrator-definitions -----------------------------------------------------------------


def test_airflow_dag_beside_assets_is_reported_on_the_constructor(tmp_path):
    source = """
        import dagster as dg
        from airflow.models import DAG

        @dg.asset
        def orders():
            return 1

        dag = DAG(dag_id="orders")
    """
    assert findings(tmp_path, source) == [("mixed-orchestrator-definitions", 9, 6, 9, 26)]


def test_foreign_imports_alone_and_airlift_modules_are_not_reported(tmp_path):
    imports_only = """
        import dagster as dg
        from airflow import DAG
        from prefect import flow, task

        @dg.asset
        def orders():
            return 1
    """
    assert findings(tmp_path, imports_only) == []
    airlift = """
        from airflow import DAG
        from airflow.operators.python import PythonOperator
        from dagster_airlift.in_airflow import proxying_to_dagster
        import dagster as dg

        @dg.asset
        def checked():
            return 1

        with DAG("orders") as dag:
            PythonOperator(task_id="load", python_callable=print)

        proxying_to_dagster(global_vars=globals(), proxied_state=None)
    """
    assert findings(tmp_path, airlift) == []


def test_airflow_dag_file_without_dagster_definitions_is_not_reported(tmp_path):
    source = """
        import dagster as dg
        from airflow.decorators import dag, task

        @dag(schedule="@daily")
        def orders():
            @task
            def load():
                dg.get_dagster_logger().info("loading")
            load()
    """
    assert findings(tmp_path, source) == []


def test_operators_are_reported_only_as_members_of_a_dag(tmp_path):
    source = """
        import dagster as dg
        from airflow import DAG
        from airflow.operators.empty import EmptyOperator

        @dg.asset
        def orders():
            return 1

        standalone = EmptyOperator(task_id="standalone")
        legacy = DAG("legacy")
        member = EmptyOperator(task_id="member", dag=legacy)
    """
    assert [f[:2] for f in findings(tmp_path, source)] == [
        ("mixed-orchestrator-definitions", 11),
        ("mixed-orchestrator-definitions", 12),
    ]


def test_airflow_objects_are_named_by_their_literal_ids_only(tmp_path):
    source = """
        import dagster as dg
        from airflow import DAG
        from airflow.operators.empty import EmptyOperator

        class ReportOperator:
            pass

        @dg.asset
        def orders():
            return 1

        DAG_ID = "legacy"
        with DAG(dag_id=DAG_ID) as legacy:
            EmptyOperator(task_id=DAG_ID + "_start")
            ReportOperator()
    """
    assert messages(tmp_path, textwrap.dedent(source)) == [
        (
            "mixed-orchestrator-definitions", 14, 5,
            "An Airflow DAG is defined in a module that also defines Dagster assets. Finish the "
            "port (define_asset_job plus a @dg.schedule replaces the DAG) or keep the DAG in its "
            "own module while both orchestrators run",
        ),
        (
            "mixed-orchestrator-definitions", 15, 4,
            "An Airflow EmptyOperator is defined in a module that also defines Dagster assets. "
            "Finish the port (an @dg.asset per task; Dagster Pipes for a script) or keep the task "
            "in its own DAG module while both orchestrators run",
        ),
    ]


@pytest.mark.parametrize("style", IMPORT_STYLES)
def test_mixed_definition_fixes_spell_dagster_names_as_the_module_imports_them(tmp_path, style):
    prefix = IMPORT_STYLES[style]
    source = f"""
{style}
from airflow import DAG
from airflow.decorators import task
from prefect import flow

@{prefix}asset
def orders():
    return 1

legacy = DAG("legacy")

@task
def notify():
    pass

@flow
def scoring():
    pass
"""
    assert messages(tmp_path, source) == [
        (
            "mixed-orchestrator-definitions", 11, 9,
            "Airflow DAG 'legacy' is defined in a module that also defines Dagster assets. Finish "
            f"the port (define_asset_job plus a @{prefix}schedule replaces the DAG) or keep the "
            "DAG in its own module while both orchestrators run",
        ),
        (
            "mixed-orchestrator-definitions", 13, 1,
            "Airflow @task 'notify' is defined in a module that also defines Dagster assets. "
            f"Finish the port (an @{prefix}asset per task, define_asset_job plus a "
            f"@{prefix}schedule per DAG) or keep it in its own module while both run",
        ),
        (
            "mixed-orchestrator-definitions", 17, 1,
            "Prefect @flow 'scoring' is defined in a module that also defines Dagster assets. "
            f"Finish the port (an @{prefix}asset per task, define_asset_job plus a "
            f"@{prefix}schedule per deployment) or keep it in its own module while both run",
        ),
    ]

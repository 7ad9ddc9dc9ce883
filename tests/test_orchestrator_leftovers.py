"""Leftovers of the old orchestrator: near misses and edge cases."""

from __future__ import annotations

import textwrap

import pytest
from linting import lint_source


def findings(tmp_path, source):
    return [
        (f.symbol, f.line, f.column, f.end_line, f.end_column)
        for f in lint_source(tmp_path, textwrap.dedent(source))
    ]


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
        "return [future.result() for future in futures]",  # a concurrent.futures pool
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

        def airflow_callable(**context):
            context["ti"].xcom_push(key="rows", value=get_current_context()["ds"])

        @dg.asset
        def orders():
            return 1
    """
    assert findings(tmp_path, source) == []


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

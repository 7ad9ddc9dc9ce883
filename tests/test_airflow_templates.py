"""Airflow's macros in Dagster strings: each macro's fix, near misses, and Dagster rendering none.

No ``from __future__ import annotations`` here: Dagster reads the annotations of the assets
defined in the last test (dagster-facts 1.1b).
"""

import textwrap

import pytest
from linting import Finding, lint_source

from pylint_dagster_migration.checkers.airflow_templates import airflow_macro


def findings(tmp_path, source, name="pipeline.py"):
    return [
        (f.symbol, f.line, f.column, f.end_line, f.end_column)
        for f in lint_source(tmp_path, textwrap.dedent(source), name)
    ]


NEVER_RENDERED = (
    "which Dagster never renders: the braces reach the SQL, command or path as written."
)


@pytest.mark.parametrize(
    ("text", "macro", "name"),
    [
        ("day = '{{ ds }}'", "{{ ds }}", "ds"),
        ("{{ds_nodash}}", "{{ds_nodash}}", "ds_nodash"),
        ("{{- ts -}}", "{{- ts -}}", "ts"),
        ("{{ ds | replace('-', '/') }}", "{{ ds | replace('-', '/') }}", "ds"),
        ("{{ (execution_date - macros.timedelta(days=1)).strftime('%Y') }}",
         "{{ (execution_date - macros.timedelta(days=1)).strftime('%Y') }}", "execution_date"),
        ("{{ logical_date }}", "{{ logical_date }}", "logical_date"),
        ("{{ data_interval_end }}", "{{ data_interval_end }}", "data_interval_end"),
        ("{{ prev_ds }} {{ next_ds }}", "{{ prev_ds }}", "prev_ds"),
        ("{{ ti.xcom_pull(task_ids='a') }}", "{{ ti.xcom_pull(task_ids='a') }}", "xcom_pull"),
        ("{{ task_instance.xcom_pull('a') }}", "{{ task_instance.xcom_pull('a') }}", "xcom_pull"),
        ("{{ task_instance.try_number }}", "{{ task_instance.try_number }}", "task_instance"),
        ("{{ var.value.bucket }}", "{{ var.value.bucket }}", "var"),
        ("{{ var.json.settings.region }}", "{{ var.json.settings.region }}", "var"),
        ("{{ conn.warehouse.host }}", "{{ conn.warehouse.host }}", "conn"),
        ("{{ params.region }}", "{{ params.region }}", "params"),
        ("{{ params['region'] }}", "{{ params['region'] }}", "params"),
        ('{{ dag_run.conf.get("day") }}', '{{ dag_run.conf.get("day") }}', "dag_run"),
        ("{{ macros.ds_add(ds, 7) }}", "{{ macros.ds_add(ds, 7) }}", "macros"),
        ("{{ run_id }}", "{{ run_id }}", "run_id"),
        ("{{ '-' }} {{ 7 }} {{ ds }}", "{{ ds }}", "ds"),
    ],
)
def test_each_airflow_macro_is_recognised(text, macro, name):
    assert airflow_macro(text) == (macro, name)


@pytest.mark.parametrize(
    "text",
    [
        "{{ ref('orders') }}",  # dbt
        "{{ var('start_date') }}",  # dbt's var(), not Airflow's var.value
        "{{ env_var('HOME') }}",
        "${{ secrets.TOKEN }}",  # GitHub Actions
        "{{ params }}",  # the object alone: too common a name
        "{{ var }}",
        "{{ dsx }} {{ my_ds }}",
        "{ ds }",
        "{% if ds %}",
        "{{ item.name }}",
    ],
)
def test_other_templates_are_not_airflow_macros(text):
    assert airflow_macro(text) is None


def test_macro_in_sql_is_reported_on_the_string_with_its_fix(tmp_path):
    source = """
        import dagster as dg

        @dg.asset
        def orders(warehouse: dg.ResourceParam[object]) -> None:
            warehouse.execute("SELECT * FROM raw.orders WHERE day = '{{ ds }}'")
            warehouse.execute("SELECT '{{ dag_run.conf['day'] }}', '{{ conn.pg.host }}'")
    """
    assert lint_source(tmp_path, textwrap.dedent(source)) == [
        Finding(
            6, 22, 6, 71, "airflow-template-in-string", "orders",
            f"String holds Airflow's macro '{{{{ ds }}}}', {NEVER_RENDERED} Put "
            "context.partition_key in the string at run time (an f-string or .format() in the "
            "asset; a dg.DailyPartitionsDefinition gives 'YYYY-MM-DD')",
        ),
        Finding(
            7, 22, 7, 80, "airflow-template-in-string", "orders",
            f"String holds Airflow's macro '{{{{ dag_run.conf['day'] }}}}', {NEVER_RENDERED} "
            "Take the value from run config (a 'config' parameter annotated with a dg.Config "
            "subclass) and put it in the string at run time",
        ),
    ]


@pytest.mark.parametrize(
    ("imports", "prefix"),
    [("from dagster import asset", ""), ("import dagster", "dagster.")],
)
def test_fixes_write_dagster_names_as_the_module_imports_them(tmp_path, imports, prefix):
    source = f"""
        {imports}

        PATH = "s3://lake/{{{{ var.value.bucket }}}}/orders.csv"

        @{prefix}asset
        def orders():
            return PATH
    """
    (finding,) = lint_source(tmp_path, textwrap.dedent(source))
    assert finding.msg.endswith(
        f"Read the value from a {prefix}ConfigurableResource field set with "
        f"{prefix}EnvVar(...) in Definitions(resources=...) and put it in the string at run time"
    )


@pytest.mark.parametrize(
    "statement",
    [
        '"""Loads the {{ ds }} partition."""',  # a docstring
        'context.log.info("{{ ds }} is context.partition_key now")',
        'print("{{ ds }}")',
        'sql = sql.replace("{{ ds }}", context.partition_key)',
        'found = "{{ ds }}" in sql',
        'values = {"{{ ds }}": context.partition_key}',
        'text = f"{{ ds }}"',  # renders as "{ ds }"
        'text = "{{ ds }}".format()',  # renders as "{ ds }"
        'spec = dg.AssetSpec("x", description="was {{ ds }} in Airflow")',
        'import re\n    sql = re.sub(r"{{ ds }}", context.partition_key, sql)',
    ],
)
def test_strings_about_the_macro_are_not_reported(tmp_path, statement):
    source = f"""
import dagster as dg

@dg.asset
def orders(context: dg.AssetExecutionContext, sql: str):
    {statement}
"""
    assert findings(tmp_path, source) == []


@pytest.mark.parametrize(
    "renderer",
    [
        "import jinja2\nTEMPLATE = jinja2.Template(SQL)",
        "from jinja2 import Environment\nTEMPLATE = Environment().from_string(SQL)",
        "from my_project.sql import render_sql\nQUERY = render_sql(SQL, ds='2024-01-01')",
        "TEMPLATE = SQL.replace('{{ ds }}', '2024-01-01')",
    ],
)
def test_modules_that_render_templates_themselves_are_not_reported(tmp_path, renderer):
    source = f"""
import dagster as dg

SQL = "SELECT * FROM orders WHERE day = '{{{{ ds }}}}'"
{renderer}

@dg.asset
def orders():
    return SQL
"""
    assert findings(tmp_path, source) == []


def test_in_a_half_migrated_module_only_dagster_bodies_are_judged(tmp_path):
    source = """
        from airflow import DAG
        from airflow.operators.bash import BashOperator
        import dagster as dg

        SQL = "SELECT * FROM orders WHERE day = '{{ ds }}'"

        with DAG("orders") as dag:
            BashOperator(task_id="echo", bash_command="echo {{ ds }}")

        @dg.asset
        def orders(warehouse: dg.ResourceParam[object]):
            warehouse.execute("DELETE FROM orders WHERE day = '{{ ds }}'")
    """
    reported = [f for f in findings(tmp_path, source) if f[0] == "airflow-template-in-string"]
    assert reported == [("airflow-template-in-string", 13, 22, 13, 65)]


def test_test_modules_and_modules_without_dagster_are_not_reported(tmp_path):
    dagster_source = 'import dagster as dg\nSQL = "{{ ds }}"\n'
    assert findings(tmp_path, dagster_source, "test_orders.py") == []
    assert findings(tmp_path, 'SQL = "{{ ds }}"\n', "queries.py") == []


# Dagster renders nothing ------------------------------------------------------------------


def test_dagster_passes_the_macro_through_unrendered():
    dg = pytest.importorskip("dagster")
    daily = dg.DailyPartitionsDefinition(start_date="2024-01-01")

    class Settings(dg.Config):
        region: str = "{{ params.region }}"

    @dg.asset(partitions_def=daily)
    def orders(context: dg.AssetExecutionContext, config: Settings) -> dict:
        return {
            "sql": "SELECT * FROM orders WHERE day = '{{ ds }}'",
            "region": config.region,
            "partition_key": context.partition_key,
            "window": context.partition_time_window,
        }

    result = dg.materialize([orders], partition_key="2024-03-09")
    assert result.success
    value = result.output_for_node("orders")
    # The braces arrive as written, in code and in run config alike...
    assert value["sql"] == "SELECT * FROM orders WHERE day = '{{ ds }}'"
    assert value["region"] == "{{ params.region }}"
    # ...while the fixes' replacements hold the day Airflow's ds stood for.
    assert value["partition_key"] == "2024-03-09"
    assert value["window"].start.strftime("%Y-%m-%d") == "2024-03-09"
    assert value["window"].end.strftime("%Y-%m-%d") == "2024-03-10"

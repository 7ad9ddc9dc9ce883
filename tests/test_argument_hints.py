"""unknown-dagster-argument names the Dagster replacement of each rejected keyword, written with
the user's own values and the module's own way of writing Dagster names."""

from __future__ import annotations

import pytest
from linting import lint

LOADS = "Dagster raises TypeError when the module loads."


def lint_code(tmp_path, code, header="import dagster as dg\n\n"):
    path = tmp_path / "pipeline.py"
    path.write_text(header + code, encoding="utf-8")
    return [(f.symbol, f.line, f.column, f.end_column, f.msg) for f in lint([path])]


# Each case: one rejected keyword on line 3, its columns, and the hint after "... loads."
HINTS = {
    "name-from-task-id": (
        "@dg.asset(task_id='extract')\ndef orders() -> None: ...\n",
        10, 27, "task_id='extract'", "@dg.asset 'orders'", "Name it with name='extract'",
    ),
    "sensor-interval": (
        "@dg.sensor(target='*', interval_seconds=60)\ndef watcher(): ...\n",
        23, 42, "interval_seconds=60", "@dg.sensor 'watcher'",
        "A sensor's polling interval is minimum_interval_seconds=60",
    ),
    "schedule-on-an-op": (
        "@dg.op(schedule_interval='@daily')\ndef load() -> None: ...\n",
        7, 33, "schedule_interval='@daily'", "@dg.op 'load'",
        "Schedules are separate definitions: dg.ScheduleDefinition(name=..., cron_schedule='@daily', target=...)",
    ),
    "poke-interval-off-a-sensor": (
        "@dg.asset(poke_interval=30)\ndef orders() -> None: ...\n",
        10, 26, "poke_interval=30", "@dg.asset 'orders'",
        "Write minimum_interval_seconds=30 on a @dg.sensor: the daemon calls the sensor at that "
        "interval, so the sensor checks once and never waits or pokes",
    ),
    "timeout-of-unknown-length": (
        "@dg.op(execution_timeout=LIMIT)\ndef load() -> None: ...\n",
        7, 30, "execution_timeout=LIMIT", "@dg.op 'load'",
        "Dagster has no per-step timeout; it limits a whole run with the run tag dagster/max_runtime, "
        'e.g. tags={"dagster/max_runtime": "<seconds>"} on the job (enforced when run monitoring is enabled)',
    ),
    "owner-of-an-op": (
        "@dg.op(owner=OWNER)\ndef load() -> None: ...\n",
        7, 18, "owner=OWNER", "@dg.op 'load'",
        'Write owners=["team:<team>"] on the asset or job (ops have no owners): each owner is an email '
        "address or 'team:' followed by a name",
    ),
    "context-of-an-op": (
        "@dg.op(provide_context=True)\ndef load() -> None: ...\n",
        7, 27, "provide_context=True", "@dg.op 'load'",
        "Dagster passes the context to a parameter named context: def ...(context: dg.OpExecutionContext)",
    ),
    "success-callback": (
        "@dg.asset(on_success_callback=print)\ndef orders() -> None: ...\n",
        10, 35, "on_success_callback=print", "@dg.asset 'orders'",
        "React to runs from a @dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS)",
    ),
    "result-persistence": (
        "@dg.asset(persist_result=True)\ndef orders() -> None: ...\n",
        10, 29, "persist_result=True", "@dg.asset 'orders'",
        "Return values are stored by the I/O manager: choose one with io_manager_key=",
    ),
    "concurrency": (
        "@dg.asset(max_active_runs=1)\ndef orders() -> None: ...\n",
        10, 27, "max_active_runs=1", "@dg.asset 'orders'",
        'Limit concurrency with pool="<name>" on assets and ops (dagster instance concurrency set '
        "<name> <limit>) or run queue limits in dagster.yaml",
    ),
    "paused-schedule": (
        "@dg.schedule(cron_schedule='@daily', target='*', is_paused_upon_creation=True)\ndef nightly(): ...\n",
        49, 77, "is_paused_upon_creation=True", "@dg.schedule 'nightly'",
        "Schedules and sensors already start STOPPED: delete it",
    ),
    "running-schedule": (
        "@dg.schedule(cron_schedule='@daily', target='*', is_paused_upon_creation=False)\ndef nightly(): ...\n",
        49, 78, "is_paused_upon_creation=False", "@dg.schedule 'nightly'",
        "Schedules and sensors start STOPPED unless declared with default_status=dg.DefaultScheduleStatus.RUNNING",
    ),
    "running-sensor": (
        "@dg.sensor(target='*', is_paused_upon_creation=False)\ndef watcher(): ...\n",
        23, 52, "is_paused_upon_creation=False", "@dg.sensor 'watcher'",
        "Schedules and sensors start STOPPED unless declared with default_status=dg.DefaultSensorStatus.RUNNING",
    ),
    "doc-as-description": (
        "@dg.asset(doc_md='Orders')\ndef orders() -> None: ...\n",
        10, 25, "doc_md='Orders'", "@dg.asset 'orders'", "Write description='Orders'",
    ),
    "priority": (
        "@dg.asset(priority_weight=10)\ndef orders() -> None: ...\n",
        10, 28, "priority_weight=10", "@dg.asset 'orders'",
        'Set run priority with the dagster/priority tag, e.g. tags={"dagster/priority": "1"}',
    ),
    # Keywords whose replacement the callee lacks fall back to what it accepts.
    "timezone-without-execution-timezone": (
        "@dg.op(timezone='UTC')\ndef load() -> None: ...\n",
        7, 21, "timezone='UTC'", "@dg.op 'load'",
        "It accepts: code_version, config_schema, description, ins, name, out, pool, "
        "required_resource_keys, retry_policy, tags, version",
    ),
    "paused-op": (
        "@dg.op(is_paused_upon_creation=False)\ndef load() -> None: ...\n",
        7, 36, "is_paused_upon_creation=False", "@dg.op 'load'",
        "It accepts: code_version, config_schema, description, ins, name, out, pool, "
        "required_resource_keys, retry_policy, tags, version",
    ),
    "doc-without-description": (
        "upstream = dg.AssetIn(key='orders', doc='Orders')\n",
        36, 48, "doc='Orders'", "dg.AssetIn(...)",
        "It accepts: dagster_type, input_manager_key, key, key_prefix, metadata, partition_mapping",
    ),
}


@pytest.mark.parametrize(("code", "column", "end_column", "written", "label", "hint"), HINTS.values(), ids=HINTS)
def test_hint_names_the_replacement(tmp_path, code, column, end_column, written, label, hint):
    assert lint_code(tmp_path, code) == [
        ("unknown-dagster-argument", 3, column, end_column, f"{written} is not accepted by {label}: {LOADS} {hint}")
    ]


def test_tags_list_without_string_labels_gets_a_placeholder(tmp_path):
    assert lint_code(tmp_path, "@dg.asset(tags=[1, 'x'])\ndef orders() -> None: ...\n") == [
        (
            "unknown-dagster-argument", 3, 10, 23,
            "tags=[1, 'x'] is not accepted by @dg.asset 'orders': Dagster raises ParameterCheckError when "
            'the module loads. Dagster tags are a dict of string keys to string values, not a list: '
            'tags={"<tag>": ""} (or group_name=/kinds= to group and label assets)',
        )
    ]


@pytest.mark.parametrize(
    ("header", "decorator", "prefix"),
    [
        ("from dagster import asset\n\n", "asset", ""),
        ("import dagster\n\n", "dagster.asset", "dagster."),
    ],
    ids=["from-import", "plain-import"],
)
def test_hints_write_dagster_names_as_the_module_does(tmp_path, header, decorator, prefix):
    code = f"@{decorator}(on_failure_callback=print, trigger_rule='all_done')\ndef orders(): ...\n"
    findings = lint_code(tmp_path, code, header)

    assert [message.split(f"{LOADS} ")[1] for *_, message in findings] == [
        f"Alert on failures from a @{prefix}run_failure_sensor, which runs for every failed run",
        "A Dagster step runs once all of its upstreams succeed and there are no trigger rules; for other "
        f"conditions use automation_condition={prefix}AutomationCondition... or a sensor",
    ]


@pytest.mark.parametrize(
    "code",
    [
        # Accepted in Dagster, under the same name as in Airflow.
        "@dg.asset(pool='warehouse', description='Orders')\ndef orders() -> None: ...\n",
        "@dg.sensor(target='*', minimum_interval_seconds=30)\ndef watcher(): ...\n",
        # Keywords passed through ** are not judged.
        "OPTIONS = {'task_id': 'extract'}\n\n@dg.asset(**OPTIONS)\ndef orders() -> None: ...\n",
    ],
)
def test_accepted_keywords_get_no_hint(tmp_path, code):
    assert lint_code(tmp_path, code) == []

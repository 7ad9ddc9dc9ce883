"""Sensors replace polling: near misses, edge cases, and the good sensors run by Dagster."""

from __future__ import annotations

import importlib.util
import os
import sys
import textwrap

import pytest
from linting import FIXTURES, lint_source

SENSOR_SYMBOLS = {
    "polling-loop-in-asset",
    "airflow-sensor-operator",
    "sensor-without-run-key",
    "blocking-wait-in-sensor",
}


def findings(tmp_path, source: str, name: str = "pipeline.py"):
    """(symbol, line, column, end line, end column) of this family's findings."""
    return [
        (f.symbol, f.line, f.column, f.end_line, f.end_column)
        for f in lint_source(tmp_path, textwrap.dedent(source), name)
        if f.symbol in SENSOR_SYMBOLS
    ]


# polling-loop-in-asset ----------------------------------------------------------------------


def test_wait_loop_is_reported_at_the_loop(tmp_path):
    source = """
        import os
        import time as t
        import dagster as dg

        @dg.asset
        def orders():
            while True:
                if os.path.exists("/data/orders.csv"):
                    break
                t.sleep(60)
    """
    assert findings(tmp_path, source) == [("polling-loop-in-asset", 8, 4, 11, 19)]


def test_wait_on_a_status_read_before_the_loop_is_followed(tmp_path):
    source = """
        import time
        import dagster as dg

        @dg.op
        def wait_for_export(client):
            status = client.export_status()
            while status != "DONE":
                time.sleep(30)
                status = client.export_status()
    """
    assert findings(tmp_path, source) == [("polling-loop-in-asset", 8, 4, 10, 39)]


def test_wait_loop_in_a_resource_or_plain_function_is_not_reported(tmp_path):
    source = """
        import os
        import time
        import dagster as dg

        class Landing(dg.ConfigurableResource):
            path: str

            def wait(self):
                while not os.path.exists(self.path):
                    time.sleep(5)

        def wait_for(path):
            while not os.path.exists(path):
                time.sleep(5)
    """
    assert findings(tmp_path, source) == []


@pytest.mark.parametrize(
    "loop",
    [
        # A sleep loop that does work each iteration (a rate-limited batch export).
        """
        for batch in batches:
            if not os.path.exists(batch):
                break
            uploaded.append(batch)
            time.sleep(1)
        """,
        # A bounded retry of one request, re-raised after the last attempt.
        """
        for attempt in range(3):
            try:
                return requests.get(url, timeout=5).json()
            except requests.RequestException:
                time.sleep(2 ** attempt)
        raise RuntimeError(url)
        """,
        # A bounded retry that checks the HTTP status: a retry, not a wait.
        """
        attempt = 0
        while attempt < 5:
            response = requests.get(url, timeout=5)
            if response.ok:
                return response.json()
            attempt += 1
            time.sleep(attempt)
        """,
        # A sleep outside any loop.
        """
        time.sleep(5)
        return os.path.exists(url)
        """,
        # An endless worker loop with no condition to wait for.
        """
        while True:
            uploaded.clear()
            time.sleep(60)
        """,
        # The sleep belongs to a nested loop that paginates; the outer loop only iterates.
        """
        for name in ("a", "b"):
            page = url + name
            while page:
                response = requests.get(page, timeout=5)
                page = response.json().get("next")
                time.sleep(0.1)
        """,
    ],
)
def test_loops_that_do_not_wait_are_not_reported(tmp_path, loop):
    body = textwrap.indent(textwrap.dedent(loop).strip(), " " * 4)
    source = (
        "import os\nimport time\nimport dagster as dg\nimport requests\n\n"
        "@dg.asset\ndef fetch(batches: list, uploaded: list, url: str):\n" + body + "\n"
    )
    assert findings(tmp_path, source) == []


def test_waiting_for_a_process_the_asset_started_is_not_reported(tmp_path):
    source = """
        import subprocess
        import time
        import dagster as dg

        @dg.asset
        def model():
            process = subprocess.Popen(["train.sh"])
            while process.poll() is None:
                time.sleep(10)
    """
    assert findings(tmp_path, source) == []


def test_module_without_dagster_is_not_checked(tmp_path):
    source = """
        import os
        import time

        def asset(fn):
            return fn

        @asset
        def orders():
            while not os.path.exists("/data/orders.csv"):
                time.sleep(60)
    """
    assert findings(tmp_path, source) == []


# airflow-sensor-operator --------------------------------------------------------------------


def test_airflow_sensor_is_reported_however_imported(tmp_path):
    source = """
        import airflow.sensors.filesystem
        import dagster as dg
        from airflow.providers.amazon.aws.sensors import s3 as s3_sensors
        from airflow.sensors.time_delta import TimeDeltaSensor as Wait

        first = airflow.sensors.filesystem.FileSensor(task_id="f", filepath="x")
        second = s3_sensors.S3KeySensor(task_id="s", bucket_key="k")
        third = Wait(task_id="w", delta=None)
    """
    assert findings(tmp_path, source) == [
        ("airflow-sensor-operator", 7, 8, 7, 72),
        ("airflow-sensor-operator", 8, 9, 8, 60),
        ("airflow-sensor-operator", 9, 8, 9, 37),
    ]


def test_airflow_sensor_message_names_the_dagster_shape(tmp_path):
    source = """
        import dagster as dg
        from airflow.sensors.external_task import ExternalTaskSensor

        ExternalTaskSensor(task_id="t", external_dag_id="crm")
    """
    (finding,) = lint_source(tmp_path, textwrap.dedent(source))
    assert "ExternalTaskSensor(...)" in finding.msg
    assert "@dg.run_status_sensor" in finding.msg


@pytest.mark.parametrize(
    "source",
    [
        # Operators owned by an Airflow DAG are run by Airflow.
        """
        from airflow import DAG
        from airflow.sensors.filesystem import FileSensor
        import dagster as dg

        with DAG("orders") as dag:
            FileSensor(task_id="f", filepath="x")
        """,
        """
        from airflow.models import DAG
        from airflow.sensors.filesystem import FileSensor
        import dagster as dg

        orders = DAG("orders")
        FileSensor(task_id="f", filepath="x", dag=orders)
        """,
        """
        from airflow.decorators import dag
        from airflow.sensors.filesystem import FileSensor
        import dagster as dg

        @dag()
        def orders():
            FileSensor(task_id="f", filepath="x")
        """,
        # Not Airflow: a class of the user's own, and Airflow's non-sensor helpers.
        """
        import dagster as dg
        from airflow.sensors.base import PokeReturnValue

        class FileSensor:
            def __init__(self, path):
                self.path = path

        FileSensor("x")
        PokeReturnValue(is_done=True)
        """,
        # A Dagster module that is not: only Airflow imports.
        """
        from airflow.sensors.filesystem import FileSensor

        FileSensor(task_id="f", filepath="x")
        """,
    ],
)
def test_airflow_sensors_that_airflow_runs_are_not_reported(tmp_path, source):
    assert findings(tmp_path, source) == []


# sensor-without-run-key ---------------------------------------------------------------------


def test_run_request_in_helper_defined_in_the_sensor_is_reported(tmp_path):
    source = """
        from dagster import RunRequest, sensor

        @sensor(job_name="load", minimum_interval_seconds=600)
        def orders_sensor():
            def request():
                return RunRequest(tags={"a": "b"})
            return request()
    """
    result = lint_source(tmp_path, textwrap.dedent(source))
    assert [(f.symbol, f.line, f.column, f.end_line, f.end_column) for f in result] == [
        ("sensor-without-run-key", 7, 15, 7, 42)
    ]
    assert "every 600 s" in result[0].msg


@pytest.mark.parametrize(
    "body",
    [
        "return dg.RunRequest(run_key=None)",
        'return dg.RunRequest("orders.csv")',
        "return dg.RunRequest(**request_arguments())",
        "context.update_cursor('1')\n    return dg.RunRequest()",
        "return dg.SensorResult(run_requests=[dg.RunRequest()], cursor='1')",
        "return dg.RunRequest() if context.cursor is None else None",
        # The context goes to a helper the linter cannot see: it may keep the cursor.
        "return new_requests(context) or dg.RunRequest()",
        # context.instance lets the sensor look up its earlier runs.
        "return None if context.instance.get_runs() else dg.RunRequest()",
    ],
)
def test_sensors_with_run_key_or_cursor_are_not_reported(tmp_path, body):
    source = (
        "import dagster as dg\n\ndef request_arguments():\n    return {}\n\n"
        "def new_requests(context):\n    return []\n\n"
        "@dg.sensor(job_name='load')\ndef orders_sensor(context):\n    " + body + "\n"
    )
    assert findings(tmp_path, source) == []


def test_run_request_outside_sensors_is_not_reported(tmp_path):
    source = """
        import dagster as dg

        @dg.schedule(cron_schedule="0 6 * * *", job_name="load")
        def morning():
            return dg.RunRequest()

        @dg.run_failure_sensor(request_job=None)
        def on_failure(context):
            return dg.RunRequest()

        def plain_helper():
            return dg.RunRequest()

        morning_again = dg.ScheduleDefinition(name="again", cron_schedule="0 7 * * *", job_name="load", execution_fn=plain_helper)
    """
    assert findings(tmp_path, source) == []


# blocking-wait-in-sensor --------------------------------------------------------------------


def test_sleep_in_sensor_is_reported_at_the_call(tmp_path):
    source = """
        import asyncio
        import dagster as dg

        @dg.sensor(job_name="load", name="orders_landing")
        def orders_sensor(context):
            asyncio.sleep(1)
            return dg.SkipReason("later")
    """
    result = lint_source(tmp_path, textwrap.dedent(source))
    assert [(f.symbol, f.line, f.column, f.end_line, f.end_column) for f in result] == [
        ("blocking-wait-in-sensor", 7, 4, 7, 20)
    ]
    assert "sensor 'orders_landing'" in result[0].msg


def test_sleep_in_asset_beside_a_sensor_is_not_blocking_wait(tmp_path):
    source = """
        import time
        import dagster as dg

        @dg.asset
        def orders():
            time.sleep(1)

        @dg.sensor(job_name="load")
        def orders_sensor(context):
            def not_sleeping():
                return context.cursor
            return dg.RunRequest(run_key=not_sleeping())
    """
    assert findings(tmp_path, source) == []


# The good sensors work in Dagster ------------------------------------------------------------

dg = pytest.importorskip("dagster")


def _load_good(symbol: str, name: str = "good.py"):
    path = FIXTURES / symbol / name
    module_name = f"sensors_fixture_{symbol.replace('-', '_')}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def _touch(path, mtime: float) -> None:
    path.write_text("id,amount\n1,2\n", encoding="utf-8")
    os.utime(path, (mtime, mtime))


def test_good_polling_replacement_sensor_advances_its_cursor(tmp_path, monkeypatch):
    module = _load_good("polling-loop-in-asset")
    monkeypatch.setattr(module, "LANDING", str(tmp_path))
    sensor = module.vendor_export_sensor

    missing = sensor.evaluate_tick(dg.build_sensor_context())
    assert missing.run_requests == [] and missing.skip_message

    _touch(tmp_path / "orders.csv", 1_700_000_000)
    first = sensor.evaluate_tick(dg.build_sensor_context())
    assert [r.run_key for r in first.run_requests] == ["orders.csv:1700000000.0"]
    assert first.cursor == "1700000000.0"

    again = sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor))
    assert again.run_requests == [] and again.skip_message

    _touch(tmp_path / "orders.csv", 1_700_000_600)
    newer = sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor))
    assert [r.run_key for r in newer.run_requests] == ["orders.csv:1700000600.0"]


def test_good_file_sensor_requests_each_file_once(tmp_path, monkeypatch):
    module = _load_good("airflow-sensor-operator")
    monkeypatch.setattr(module, "LANDING", str(tmp_path))
    sensor = module.orders_file_sensor
    _touch(tmp_path / "a.csv", 1_700_000_000)
    _touch(tmp_path / "b.csv", 1_700_000_100)

    first = sensor.evaluate_tick(dg.build_sensor_context())
    assert [r.run_key for r in first.run_requests] == ["a.csv:1700000000.0", "b.csv:1700000100.0"]
    assert first.cursor == "1700000100.0"
    assert sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor)).run_requests == []


def test_good_run_key_sensor_gives_stable_keys_that_dagster_dedupes(tmp_path, monkeypatch):
    module = _load_good("sensor-without-run-key")
    monkeypatch.setattr(module, "LANDING", str(tmp_path))
    sensor = module.partner_files_by_run_key
    _touch(tmp_path / "a.csv", 1_700_000_000)

    first = sensor.evaluate_tick(dg.build_sensor_context())
    second = sensor.evaluate_tick(dg.build_sensor_context())
    # The same file gives the same run key on every tick, so the daemon launches it once.
    assert [r.run_key for r in first.run_requests] == ["a.csv:1700000000.0"]
    assert [r.run_key for r in second.run_requests] == [r.run_key for r in first.run_requests]

    _touch(tmp_path / "b.csv", 1_700_000_100)
    third = sensor.evaluate_tick(dg.build_sensor_context())
    assert [r.run_key for r in third.run_requests] == ["a.csv:1700000000.0", "b.csv:1700000100.0"]


def test_run_keys_dedupe_in_the_instance(tmp_path, monkeypatch):
    """The daemon's own look-up finds the earlier run of a repeated run key (so it skips the
    request) and finds nothing for a request without one (so it launches it again)."""
    from dagster._daemon.sensor import fetch_existing_runs  # pylint: disable=import-outside-toplevel

    module = _load_good("sensor-without-run-key")
    monkeypatch.setattr(module, "LANDING", str(tmp_path))
    sensor = module.partner_files_by_run_key
    _touch(tmp_path / "a.csv", 1_700_000_000)
    with dg.instance_for_test() as instance:
        (request,) = sensor.evaluate_tick(dg.build_sensor_context(instance=instance)).run_requests
        assert fetch_existing_runs(instance, _SensorStub(sensor.name), [request]) == {}
        instance.add_run(
            dg.DagsterRun(
                job_name="partner_orders_job",
                tags={"dagster/run_key": request.run_key, "dagster/sensor_name": sensor.name},
            )
        )
        (repeated,) = sensor.evaluate_tick(dg.build_sensor_context(instance=instance)).run_requests
        assert set(fetch_existing_runs(instance, _SensorStub(sensor.name), [repeated])) == {request.run_key}
        assert fetch_existing_runs(instance, _SensorStub(sensor.name), [dg.RunRequest()]) == {}


class _SensorStub:
    """The one attribute of a remote sensor that the daemon's run-key look-up reads for runs
    launched without a code location origin."""

    def __init__(self, name: str) -> None:
        self.name = name


def test_good_cursor_sensor_requests_only_newer_files(tmp_path, monkeypatch):
    module = _load_good("sensor-without-run-key")
    monkeypatch.setattr(module, "LANDING", str(tmp_path))
    sensor = module.partner_files_by_cursor
    _touch(tmp_path / "a.csv", 1_700_000_000)

    first = sensor.evaluate_tick(dg.build_sensor_context())
    assert len(first.run_requests) == 1 and first.cursor == "1700000000.0"
    assert sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor)).run_requests == []


def test_good_blocking_wait_replacement_checks_once_per_tick(tmp_path, monkeypatch):
    module = _load_good("blocking-wait-in-sensor")
    monkeypatch.setattr(module, "ORDERS_EXPORT", str(tmp_path / "orders.csv"))
    sensor = module.partner_export_sensor

    missing = sensor.evaluate_tick(dg.build_sensor_context())
    assert missing.run_requests == [] and "has not landed" in missing.skip_message

    _touch(tmp_path / "orders.csv", 1_700_000_000)
    landed = sensor.evaluate_tick(dg.build_sensor_context())
    assert [r.run_key for r in landed.run_requests] == ["orders.csv:1700000000.0"]
    again = sensor.evaluate_tick(dg.build_sensor_context(cursor=landed.cursor))
    assert again.run_requests == [] and again.skip_message


def test_airflow_sensor_with_a_connection_gets_one_finding(tmp_path):
    source = """
import dagster as dg
from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor
from airflow.providers.http.hooks.http import HttpHook


@dg.asset
def landed_file() -> None:
    S3KeySensor(task_id="wait", bucket_key="s3://b/k", aws_conn_id="aws_default").poke({})
    HttpHook(http_conn_id="api").run("/x")
"""
    findings = lint_source(tmp_path, source)
    assert [(f.symbol, f.line, f.column) for f in findings] == [
        ("airflow-sensor-operator", 9, 4),
        ("orchestrator-secret-lookup", 10, 4),
    ]

"""Sensors replace polling: near misses, edge cases, and the good sensors run by Dagster."""

from __future__ import annotations

import importlib.util
import inspect
import os
import sys
import textwrap

import pytest
from linting import FIXTURES, Finding, lint_source

SENSOR_SYMBOLS = {
    "polling-loop-in-asset",
    "airflow-sensor-operator",
    "sensor-without-run-key",
    "blocking-wait-in-sensor",
}


def findings(tmp_path, source: str, name: str = "pipeline.py"):
    """(symbol, line, column, end line, end column) of this family's findings, and of
    ``astroid-error``: a check that crashes must fail the test, not lose its findings."""
    return [
        (f.symbol, f.line, f.column, f.end_line, f.end_column)
        for f in lint_source(tmp_path, textwrap.dedent(source), name)
        if f.symbol in SENSOR_SYMBOLS | {"astroid-error"}
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
        # The break of an inner loop does not end the loop that sleeps.
        """
        while True:
            for batch in batches:
                if os.path.exists(batch):
                    break
            time.sleep(60)
        """,
        # A loop that yields each iteration streams its results.
        """
        while not os.path.exists(url):
            yield batches.pop()
            time.sleep(1)
        """,
        # A condition that calls what the linter cannot name.
        """
        while not batches[0]():
            time.sleep(5)
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


def test_waiting_for_a_run_the_asset_started_through_a_subscript_is_not_reported(tmp_path):
    source = """
        import time
        import dagster as dg

        @dg.asset
        def report(context, runs_api):
            run_id = context.resources.jobs.run_now(job_id=42)["run_id"]
            while runs_api.get_run(run_id)["state"]["life_cycle_state"] != "TERMINATED":
                time.sleep(30)
    """
    assert findings(tmp_path, source) == []


def _polling(position, name, waits_for, condition, definition="@asset"):
    """The polling-loop-in-asset finding at ``position`` (line, column, end line, end column)."""
    kind = definition.lstrip("@")
    return Finding(
        *position, "polling-loop-in-asset", name,
        f"This loop in {definition} '{name}' sleeps while it waits for {waits_for} ({condition}), "
        "holding a run worker. Move the wait into a @dg.sensor that checks once per tick and "
        "yields dg.RunRequest(run_key=...) or dg.SkipReason(...), and let the "
        f"{kind} start when the condition is true",
    )


def test_wait_loops_on_each_kind_of_probe_are_reported(tmp_path):
    source = """
        import os
        import time

        import dagster as dg

        TERMINAL_STATES = {"SUCCESS", "FAILED"}

        @dg.asset
        def landed_orders():
            with os.scandir("/landing") as entries:
                while not any(entries):
                    time.sleep(30)

        @dg.op
        def wait_for_export(client, job_id):
            while client.describe(job_id) not in TERMINAL_STATES:
                time.sleep(30)

        @dg.asset
        def listed_orders(s3):
            while not s3.list_objects_v2(Bucket="landing", Prefix="orders/").get("Contents"):
                time.sleep(60)

        @dg.asset
        def ready_orders(api):
            payload = api.fetch_payload()
            while not payload.get("ready"):
                time.sleep(60)
                payload = api.fetch_payload()

        @dg.asset
        def blob_orders(warehouse, bucket, seen):
            warehouse.refresh("dashboards")
            while not blob_exists(bucket, "orders.csv"):
                def remember(name):
                    seen.append(name)
                time.sleep(60)
    """
    landed = "a file or path to exist"
    status = "a status or readiness flag to change"
    assert lint_source(tmp_path, textwrap.dedent(source)) == [
        _polling((12, 8, 13, 26), "landed_orders", landed, "not any(entries)"),
        _polling(
            (17, 4, 18, 22), "wait_for_export", status,
            "client.describe(job_id) not in TERMINAL_STATES", "@op",
        ),
        _polling(
            (22, 4, 23, 22), "listed_orders", "an object to appear in a storage listing",
            "not s3.list_objects_v2(Bucket='landing', Prefix='orders/'...",
        ),
        _polling((28, 4, 30, 37), "ready_orders", status, "not payload.get('ready')"),
        # The helper the loop defines is not work the loop does each iteration.
        _polling((35, 4, 38, 22), "blob_orders", landed, "not blob_exists(bucket, 'orders.csv')"),
    ]


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
        # The Airflow side of a dagster-airlift migration.
        """
        from airflow.sensors.filesystem import FileSensor
        from dagster_airlift.in_airflow import proxying_to_dagster

        def landing_sensor():
            return FileSensor(task_id="f", filepath="x")
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
        'return dg.RunRequest("orders.csv")',
        "return dg.RunRequest(key_of(context), run_config={})",
        "return dg.RunRequest(run_key=key_of(context) or None)",
        "return dg.RunRequest(**request_arguments())",
        "return dg.RunRequest(*request_arguments())",
        "context.update_cursor('1')\n    return dg.RunRequest()",
        "return dg.SensorResult(run_requests=[dg.RunRequest()], cursor='1')",
        "return dg.RunRequest() if context.cursor is None else None",
        # The context goes to a helper the linter cannot see: it may keep the cursor.
        "return new_requests(context) or dg.RunRequest()",
        # context.instance lets the sensor look up its earlier runs.
        "return None if context.instance.get_runs() else dg.RunRequest()",
        # The last tick's time windows the requests by hand.
        "return dg.RunRequest() if context.last_tick_completion_time is None else None",
        "return dg.RunRequest(run_key=None) if context.last_run_key is None else None",
    ],
)
def test_sensors_with_run_key_or_cursor_are_not_reported(tmp_path, body):
    source = (
        "import dagster as dg\n\ndef request_arguments():\n    return {}\n\n"
        "def key_of(context):\n    return None\n\n"
        "def new_requests(context):\n    return []\n\n"
        "@dg.sensor(job_name='load')\ndef orders_sensor(context):\n    " + body + "\n"
    )
    assert findings(tmp_path, source) == []


def test_every_run_request_without_run_key_is_reported_with_the_sensor_name(tmp_path):
    source = """
        import dagster as dg

        @dg.sensor("load_orders", minimum_interval_seconds=120)
        def new_orders(context):
            for path in list_new_files():
                yield dg.RunRequest(tags={"path": path})
            yield dg.RunRequest()
    """
    message = (
        "RunRequest without run_key in sensor 'new_orders', which keeps no cursor: every tick "
        "(every 120 s) that reaches it launches another run for the same event. Pass "
        "run_key=<a stable id of what triggered the run> so Dagster skips duplicates, or record "
        "progress with context.update_cursor(...) / dg.SensorResult(cursor=...)"
    )
    assert lint_source(tmp_path, textwrap.dedent(source)) == [
        Finding(7, 14, 7, 48, "sensor-without-run-key", "new_orders", message),
        Finding(8, 10, 8, 25, "sensor-without-run-key", "new_orders", message),
    ]


def test_a_literal_none_run_key_is_no_run_key(tmp_path):
    source = """
        import dagster as dg

        @dg.sensor(job_name="load")
        def flag_sensor():
            yield dg.RunRequest(run_key=None)
            yield dg.RunRequest(None, run_config={})
            yield dg.RunRequest(run_key=None, **extra_arguments())
    """
    result = lint_source(tmp_path, textwrap.dedent(source))
    assert [(f.symbol, f.line, f.column, f.end_line, f.end_column) for f in result] == [
        ("sensor-without-run-key", 6, 10, 6, 37),
        ("sensor-without-run-key", 7, 10, 7, 44),
        ("sensor-without-run-key", 8, 10, 8, 58),
    ]
    assert all(
        f.msg.startswith("RunRequest with run_key None in sensor 'flag_sensor', which keeps no cursor")
        for f in result
    )


def test_lambda_evaluation_functions_of_sensor_definitions_are_judged(tmp_path):
    source = """
        import dagster as dg

        heartbeat = dg.SensorDefinition(
            "heartbeat", evaluation_fn=lambda context: dg.RunRequest(), job_name="load",
            minimum_interval_seconds=45,
        )
        keyed = dg.SensorDefinition("keyed", evaluation_fn=lambda context: dg.RunRequest("k"), job_name="load")
        by_cursor = dg.SensorDefinition(
            "by_cursor",
            evaluation_fn=lambda context: dg.RunRequest() if context.cursor is None else None,
            job_name="load",
        )
        nightly = dg.ScheduleDefinition(
            name="nightly", cron_schedule="0 0 * * *", job_name="load",
            execution_fn=lambda context: dg.RunRequest(),
        )
    """
    result = lint_source(tmp_path, textwrap.dedent(source))
    assert [(f.symbol, f.line, f.column, f.end_line, f.end_column, f.obj) for f in result] == [
        ("sensor-without-run-key", 5, 47, 5, 62, "<lambda>")
    ]
    assert result[0].msg.startswith(
        "RunRequest without run_key in sensor 'heartbeat', which keeps no cursor: every tick "
        "(every 45 s) that reaches it"
    )


@pytest.mark.parametrize(
    ("interval", "said"),
    [
        ("60 * 5", "every 300 s"),
        ("TEN_MINUTES", "every 600 s"),
        ("settings.interval", "every minimum_interval_seconds=settings.interval"),
    ],
)
def test_the_interval_is_said_as_written(tmp_path, interval, said):
    source = (
        "import dagster as dg\nfrom my_project import settings\n\nTEN_MINUTES = 600\n\n"
        f"@dg.sensor(job_name='load', minimum_interval_seconds={interval})\n"
        "def orders_sensor():\n    return dg.RunRequest()\n"
    )
    (finding,) = lint_source(tmp_path, source)
    assert f"every tick ({said}) that reaches it" in finding.msg


def test_calls_only_named_like_sleep_or_run_request_are_not_reported(tmp_path):
    source = """
        import dagster as dg
        from my_project.throttle import sleep
        from my_project.requests import RunRequest

        @dg.sensor(job_name="load")
        def orders_sensor(context):
            sleep(5)
            handlers[0]()
            return RunRequest()
    """
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


# Dagster names in the fixes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("imports", "dg"),
    [
        pytest.param("from dagster import RunRequest, asset, sensor", "", id="from-dagster-import"),
        pytest.param("import dagster", "dagster.", id="import-dagster"),
    ],
)
def test_fixes_write_dagster_names_as_the_module_imports_them(tmp_path, imports, dg):
    source = f"""
        {imports}
        import os
        import time
        from airflow.sensors.filesystem import FileSensor

        @{dg}asset
        def orders():
            while not os.path.exists("/data/orders.csv"):
                time.sleep(60)

        @{dg}sensor(target=[orders])
        def orders_sensor(context):
            time.sleep(5)
            wait = FileSensor(task_id="wait", filepath="/data/orders.csv")
            return {dg}RunRequest()
    """
    assert lint_source(tmp_path, textwrap.dedent(source)) == [
        Finding(
            9, 4, 10, 22, "polling-loop-in-asset", "orders",
            "This loop in @asset 'orders' sleeps while it waits for a file or path to exist (not "
            "os.path.exists('/data/orders.csv')), holding a run worker. Move the wait into a "
            f"@{dg}sensor that checks once per tick and yields {dg}RunRequest(run_key=...) or "
            f"{dg}SkipReason(...), and let the asset start when the condition is true",
        ),
        Finding(
            14, 4, 14, 17, "blocking-wait-in-sensor", "orders_sensor",
            "time.sleep() in sensor 'orders_sensor' blocks the tick: a sensor evaluation must "
            "return quickly (Dagster cuts it off after 60 s) and the daemon already re-runs it "
            f"every 30 s, the default. Check once and return {dg}SkipReason(...) when not ready; "
            "set minimum_interval_seconds= to check less often",
        ),
        Finding(
            15, 11, 15, 66, "airflow-sensor-operator", "orders_sensor",
            "Airflow sensor FileSensor(...) in a Dagster module: Dagster never pokes Airflow "
            "operators, and running it inside a run blocks a worker until it succeeds. Write a "
            f"@{dg}sensor that lists the files once per tick, keeps the newest modification time "
            f"in context.cursor and yields {dg}RunRequest(run_key=<path and mtime>) for each new "
            "file",
        ),
        Finding(
            16, 11, 16, 23 + len(dg), "sensor-without-run-key", "orders_sensor",
            "RunRequest without run_key in sensor 'orders_sensor', which keeps no cursor: every "
            "tick (every 30 s, the default) that reaches it launches another run for the same "
            "event. Pass run_key=<a stable id of what triggered the run> so Dagster skips "
            "duplicates, or record progress with context.update_cursor(...) / "
            f"{dg}SensorResult(cursor=...)",
        ),
    ]


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


def test_a_none_run_key_is_no_run_key_to_dagster(monkeypatch):
    """run_key is RunRequest's first parameter, so RunRequest(None) and run_key=None build the
    same request as RunRequest(): one the daemon's run-key look-up never finds, launched on
    every tick. A lambda evaluation function is evaluated like any other."""
    from dagster._daemon.sensor import fetch_existing_runs  # pylint: disable=import-outside-toplevel

    assert list(inspect.signature(dg.RunRequest).parameters)[0] == "run_key"
    assert dg.RunRequest(None) == dg.RunRequest(run_key=None) == dg.RunRequest()
    assert dg.RunRequest("orders.csv").run_key == "orders.csv"

    module = _load_good("sensor-without-run-key", "bad.py")
    sensors = {
        sensor.name: sensor
        for sensor in (
            module.partner_manual_trigger,
            module.partner_flag_sensor,
            module.partner_heartbeat_sensor,
        )
    }
    # The trigger files exist, and stay: each tick asks for a run again.
    monkeypatch.setattr(os.path, "exists", lambda path: True)
    with dg.instance_for_test() as instance:
        for name, sensor in sensors.items():
            for _ in range(2):
                tick = sensor.evaluate_tick(dg.build_sensor_context(instance=instance))
                (request,) = tick.run_requests
                assert request.run_key is None
                # Even after a run of this sensor, nothing dedupes a request without a key.
                assert fetch_existing_runs(instance, _SensorStub(name), [request]) == {}
                instance.add_run(
                    dg.DagsterRun(job_name="partner_orders_job", tags={"dagster/sensor_name": name})
                )


def test_good_lambda_sensor_passes_a_run_key(tmp_path, monkeypatch):
    module = _load_good("sensor-without-run-key")
    monkeypatch.setattr(module, "LANDING", str(tmp_path))
    _touch(tmp_path / "a.csv", 1_700_000_000)
    (request,) = module.partner_latest_file.evaluate_tick(dg.build_sensor_context()).run_requests
    assert request.run_key == "a.csv:1700000000.0"
    (positional,) = module.partner_files_by_positional_key.evaluate_tick(
        dg.build_sensor_context()
    ).run_requests
    assert positional.run_key == "a.csv:1700000000.0"


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

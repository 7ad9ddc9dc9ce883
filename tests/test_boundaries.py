"""Scripts need explicit asset boundaries: near misses, edge cases, and Pipes really running."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import textwrap
import threading

import pytest
from linting import FIXTURES, Finding, lint_source


def findings(tmp_path, source, name="pipeline.py"):
    return [
        (f.symbol, f.line, f.column, f.end_line, f.end_column)
        for f in lint_source(tmp_path, textwrap.dedent(source), name)
    ]


# asset-writes-multiple-outputs ------------------------------------------------------------------


def test_two_tables_written_by_one_asset_are_reported_on_the_def(tmp_path):
    source = """
        import dagster as dg

        @dg.asset
        def export(frame):
            frame.to_sql("orders", "sqlite://")
            frame.to_sql("order_items", "sqlite://")
    """
    assert findings(tmp_path, source) == [("asset-writes-multiple-outputs", 5, 0, 5, 10)]


def test_spark_writes_to_two_tables_are_reported(tmp_path):
    source = """
        import dagster as dg

        @dg.asset
        def spark_job(frame):
            frame.write.mode("overwrite").saveAsTable("analytics.orders")
            frame.write.format("delta").save("s3://lake/customers")
    """
    assert [f[0] for f in findings(tmp_path, source)] == ["asset-writes-multiple-outputs"]


@pytest.mark.parametrize(
    "body",
    [
        # one table, in chunks
        'for chunk in frames:\n        chunk.to_sql("orders", "sqlite://", if_exists="append")',
        # the same file in two places (latest + dated archive) and two formats
        'frames.to_parquet("/lake/latest/orders.parquet")\n    frames.to_csv(f"/lake/{day}/orders.csv")',
        # a local file and its upload
        'frames.to_csv(local_path)\n    s3.upload_file(local_path, "bucket", "exports/orders.csv")',
        # a buffer and its upload
        'frames.to_csv(buffer)\n    s3.put_object(Bucket="b", Key="orders.csv", Body=buffer.getvalue())',
        # a staging table dropped after the swap
        'con.execute("CREATE TABLE orders_stage AS SELECT 1")\n    con.execute("INSERT INTO orders SELECT * FROM orders_stage")\n    con.execute("DROP TABLE orders_stage")',
        # a temporary table
        'con.execute("CREATE TEMP TABLE batch AS SELECT 1")\n    con.execute("INSERT INTO orders SELECT * FROM batch")',
        # SQL only mentioned in a log line
        'con.execute("INSERT INTO orders SELECT 1")\n    log.info("INSERT INTO customers skipped")',
        # either branch writes the one export
        'if fmt == "csv":\n        frames.to_csv(csv_path)\n    else:\n        frames.to_parquet(parquet_path)',
        # a marker file beside the output
        'frames.to_parquet("/lake/orders.parquet")\n    open("/lake/_SUCCESS", "w").close()',
        # no target: to_csv() returns a string
        'text = frames.to_csv()\n    frames.to_csv("/lake/orders.csv")',
        # either alternative of a conditional expression writes the one export
        'frames.to_csv(csv_path) if fmt == "csv" else frames.to_parquet(parquet_path)',
        # the fallback writes where the first attempt failed
        'try:\n        frames.to_parquet(parquet_path)\n    except OSError:\n        frames.to_csv(csv_path)',
        # one case of a match writes
        'match fmt:\n        case "csv":\n            frames.to_csv(csv_path)\n        case _:\n            frames.to_parquet(parquet_path)',
        # the same file under two directories, joined with /
        'frames.to_parquet(f"/lake/orders_{fmt}.parquet")\n    frames.to_csv(local_path / f"orders_{fmt}.csv")',
        # the same file through three variables
        'path = "/lake/orders.csv"\n    latest = path\n    current = latest\n    frames.to_csv(current)\n    frames.to_parquet("/lake/orders.parquet")',
        # targets the linter cannot see: unpacked arguments, a key-less upload
        'frames.to_csv(*day)\n    s3.put_object(Bucket="b", Body=buffer)\n    frames.to_parquet(parquet_path)',
        # a function of the module named like a writer
        'to_csv(frames, csv_path)\n    frames.to_parquet(parquet_path)',
        # SQL in a bare string is a comment
        'con.execute("INSERT INTO orders SELECT 1")\n    "INSERT INTO customers happens in the nightly job"',
    ],
)
def test_one_output_written_several_ways_is_not_reported(tmp_path, body):
    source = f"""
import dagster as dg

@dg.asset
def orders(frames, s3, con, log, fmt, csv_path, parquet_path, local_path, buffer, day):
    {body}
"""
    assert findings(tmp_path, source) == []


def test_outputs_written_by_path_methods_pyarrow_delta_and_on_every_path_are_reported(tmp_path):
    source = """
        from pathlib import Path

        import dagster as dg
        import pyarrow.parquet as pq
        from deltalake import write_deltalake

        @dg.asset
        def exports(report, table, frame):
            Path("out/report.txt").write_text(report)
            pq.write_table(table, "customers.parquet")
            write_deltalake("s3://lake/events", frame)

        @dg.asset
        def snapshot(frame, archive):
            try:
                frame.to_parquet("orders.parquet")
            finally:
                frame.to_csv(archive / "orders_audit.csv")

        @dg.asset
        def by_region(frame, region):
            if region == "eu":
                target = "eu_orders.csv"
            else:
                target = "us_orders.csv"
            frame.to_csv(target)
            frame.to_json("customers.json")
    """
    one_materialization = "Dagster records one materialization for all of them. Declare each:"
    assert lint_source(tmp_path, textwrap.dedent(source)) == [
        Finding(
            9, 0, 9, 11, "asset-writes-multiple-outputs", "exports",
            "Asset 'exports' writes 3 outputs (Path('out/report.txt'), 'customers.parquet', "
            f"'s3://lake/events'); {one_materialization} @dg.multi_asset(specs=["
            'dg.AssetSpec("report"), dg.AssetSpec("customers"), ...]) yielding one '
            "dg.MaterializeResult(asset_key=...) per output, or one @dg.asset per output",
        ),
        Finding(
            15, 0, 15, 12, "asset-writes-multiple-outputs", "snapshot",
            "Asset 'snapshot' writes 2 outputs ('orders.parquet', archive / 'orders_audit.csv'); "
            f'{one_materialization} @dg.multi_asset(specs=[dg.AssetSpec("orders"), '
            'dg.AssetSpec("orders_audit")]) yielding one dg.MaterializeResult(asset_key=...) per '
            "output, or one @dg.asset per output",
        ),
        Finding(
            22, 0, 22, 13, "asset-writes-multiple-outputs", "by_region",
            "Asset 'by_region' writes 2 outputs (target, 'customers.json'); "
            f'{one_materialization} @dg.multi_asset(specs=[dg.AssetSpec("target"), '
            'dg.AssetSpec("customers")]) yielding one dg.MaterializeResult(asset_key=...) per '
            "output, or one @dg.asset per output",
        ),
    ]


def test_multi_asset_and_plain_functions_writing_several_tables_are_not_reported(tmp_path):
    source = """
        import dagster as dg

        @dg.multi_asset(specs=[dg.AssetSpec("orders"), dg.AssetSpec("customers")])
        def tables(frame):
            frame.to_sql("orders", "sqlite://")
            frame.to_sql("customers", "sqlite://")
            yield dg.MaterializeResult(asset_key="orders")
            yield dg.MaterializeResult(asset_key="customers")

        def backfill_script(frame):
            frame.to_sql("orders", "sqlite://")
            frame.to_sql("customers", "sqlite://")
    """
    assert findings(tmp_path, source) == []


# script-run-in-asset ----------------------------------------------------------------------------


def test_script_run_is_reported_on_the_call(tmp_path):
    source = """
        import subprocess as sp
        import dagster as dg

        @dg.asset
        def orders():
            sp.run(f"python3 /opt/etl/orders.py --day 1", shell=True, check=True)
    """
    assert findings(tmp_path, source) == [("script-run-in-asset", 7, 4, 7, 73)]


@pytest.mark.parametrize(
    "call",
    [
        'subprocess.run(["dbt", "deps"], check=True)',
        'subprocess.run("dbt docs generate && dbt parse", shell=True)',
        'subprocess.run(["sling", "conns", "test", "PG"])',
        'subprocess.run(["meltano", "install"])',
        'subprocess.run(["dlt", "pipeline", "orders", "info"])',
        'subprocess.run(["echo", "dbt", "run"])',
        'subprocess.run([sys.executable, "-m", "pip", "install", "requests"])',
        'subprocess.run(["python", "--version"])',
        'subprocess.run("bash export.sh", shell=True)',
        'os.system("gzip -k out.csv")',
        'pipes_subprocess_client.run(command=[sys.executable, "etl.py"], context=context).get_materialize_result()',
        'exec("print(1)")',
        # commands the linter cannot read, or that run no script
        "subprocess.run(command)",
        'subprocess.run(context.op_config["command"])',
        'subprocess.run([shutil.which("node"), "build.js"])',
        "subprocess.Popen([sys.executable])",
        'exec(compile(source, "etl.py", "exec"))',
        "exec(source.decode())",
        'exec(zipfile.ZipFile(source).read("etl.py"))',
    ],
)
def test_non_python_commands_and_pipes_are_not_reported(tmp_path, call):
    source = f"""
import os
import shutil
import subprocess
import sys
import zipfile
import dagster as dg

@dg.asset
def orders(
    context: dg.AssetExecutionContext,
    pipes_subprocess_client: dg.PipesSubprocessClient,
    command: list,
    source: bytes,
):
    return {call}
"""
    assert findings(tmp_path, source) == []


PIPES_FIX = (
    "Run it with Dagster Pipes: a dg.PipesSubprocessClient resource, "
    "pipes_subprocess_client.run(command=[...], context=context).get_materialize_result(), and "
    "open_dagster_pipes() in the script to report logs and metadata"
)


def test_scripts_run_by_path_variable_concatenation_and_exec_are_reported(tmp_path):
    source = """
        import os
        import subprocess
        import sys
        from pathlib import Path

        import dagster as dg

        @dg.asset
        def orders(day, script_path):
            subprocess.run(["./etl.py"])
            subprocess.run([sys.executable, script_path])
            os.system("python etl.py --day " + day)
            exec(Path("jobs/orders.py").read_text())
    """
    exit_code = "Dagster sees only its exit code"
    assert lint_source(tmp_path, textwrap.dedent(source)) == [
        Finding(
            11, 4, 11, 32, "script-run-in-asset", "orders",
            "subprocess.run() runs the Python script './etl.py' inside @asset 'orders' as a black "
            f"box: {exit_code}. {PIPES_FIX}",
        ),
        Finding(
            12, 4, 12, 49, "script-run-in-asset", "orders",
            "subprocess.run() runs the Python script 'script_path' inside @asset 'orders' as a "
            f"black box: {exit_code}. {PIPES_FIX}",
        ),
        Finding(
            13, 4, 13, 43, "script-run-in-asset", "orders",
            "os.system() runs the Python script 'etl.py' inside @asset 'orders' as a black box: "
            f"{exit_code}. {PIPES_FIX}",
        ),
        Finding(
            14, 4, 14, 44, "script-run-in-asset", "orders",
            "exec() runs the Python script 'Path('jobs/orders.py')' inside @asset 'orders' as a "
            f"black box: Dagster sees only whether it raised. {PIPES_FIX}",
        ),
    ]


DBT_FIX = (
    "Load the project with dagster-dbt instead: @dbt_assets(manifest=...) yielding from "
    'dbt.cli(["build"], context=context).stream() makes each model an asset and each test an '
    "asset check"
)


def test_data_tools_with_a_dagster_integration_are_reported_in_every_command_shape(tmp_path):
    source = """
        import os
        import subprocess

        import dagster as dg

        DBT = "/opt/venv/bin/dbt"

        @dg.asset
        def marts(model: str):
            subprocess.run(f"cd /dbt && dbt run --select {model} && echo done", shell=True)
            subprocess.check_output(["uv", "run", "dbt", "--no-use-colors", "seed"])
            subprocess.Popen(["bash", "-c", "DBT_TARGET=prod dbt snapshot"])
            os.system("dbt test")
            command = [DBT, "build"]
            subprocess.call(command)

        @dg.op
        def replicate():
            subprocess.run(["sling", "run", "--src-conn", "PG", "--tgt-conn", "SF"])
            subprocess.run("meltano el tap-github target-duckdb", shell=True)
    """
    dbt_seen = "Dagster sees only its exit code, not the models it builds nor the tests it runs"
    assert lint_source(tmp_path, textwrap.dedent(source)) == [
        Finding(
            11, 4, 11, 83, "script-run-in-asset", "marts",
            f"subprocess.run() runs 'dbt run' inside @asset 'marts' as a black box: {dbt_seen}. "
            f"{DBT_FIX}",
        ),
        Finding(
            12, 4, 12, 76, "script-run-in-asset", "marts",
            "subprocess.check_output() runs 'dbt seed' inside @asset 'marts' as a black box: "
            f"{dbt_seen}. {DBT_FIX}",
        ),
        Finding(
            13, 4, 13, 68, "script-run-in-asset", "marts",
            "subprocess.Popen() runs 'dbt snapshot' inside @asset 'marts' as a black box: "
            f"{dbt_seen}. {DBT_FIX}",
        ),
        Finding(
            14, 4, 14, 25, "script-run-in-asset", "marts",
            f"os.system() runs 'dbt test' inside @asset 'marts' as a black box: {dbt_seen}. "
            f"{DBT_FIX}",
        ),
        Finding(
            16, 4, 16, 28, "script-run-in-asset", "marts",
            "subprocess.call() runs 'dbt build' inside @asset 'marts' as a black box: "
            f"{dbt_seen}. {DBT_FIX}",
        ),
        Finding(
            20, 4, 20, 76, "script-run-in-asset", "replicate",
            "subprocess.run() runs 'sling run' inside @op 'replicate' as a black box: Dagster "
            "sees only its exit code, not the streams it replicates. Use dagster-sling instead: "
            "@sling_assets(replication_config=...) yielding from sling.replicate(context=context) "
            "makes each replicated stream an asset",
        ),
        Finding(
            21, 4, 21, 69, "script-run-in-asset", "replicate",
            "subprocess.run() runs 'meltano el' inside @op 'replicate' as a black box: Dagster "
            "sees only its exit code, not the taps and targets it runs. Use dagster-meltano "
            'instead: its meltano_run_op("tap-x target-y") with meltano_resource runs the '
            "pipeline as a Dagster op with its logs",
        ),
    ]


def test_a_tool_binary_read_from_the_environment_is_judged_by_its_default(tmp_path):
    source = """
        import os
        import subprocess

        import dagster as dg

        @dg.op
        def run_dbt_build():
            dbt_bin = os.getenv("DBT_BIN", "dbt")
            cmd = [dbt_bin, "build", "--project-dir", "/dbt"]
            subprocess.run(cmd, capture_output=True, text=True)
            runner = os.environ.get("RUNNER")
            subprocess.run([runner, "build"])
    """
    assert findings(tmp_path, source) == [("script-run-in-asset", 11, 4, 11, 55)]


def test_a_tool_run_records_one_materialization_and_none_of_what_it_built(tmp_path, monkeypatch):
    """What the finding says Dagster sees: a fake `dbt` that builds two models prints them,
    and the asset running it records one materialization, with nothing about either model."""
    dg = pytest.importorskip("dagster")
    fake_dbt = tmp_path / "dbt"
    fake_dbt.write_text(
        "#!/bin/sh\necho '1 of 2 OK created sql table model marts.orders'\n"
        "echo '2 of 2 OK created sql table model marts.customers'\n",
        encoding="utf-8",
    )
    fake_dbt.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")

    @dg.asset
    def marts() -> None:
        subprocess.run(["dbt", "build"], check=True, capture_output=True)

    result = dg.materialize([marts])
    assert result.success
    materializations = result.get_asset_materialization_events()
    assert [m.asset_key for m in materializations] == [dg.AssetKey("marts")]
    assert not materializations[0].materialization.metadata
    assert not any("orders" in str(event) for event in result.all_events)


def test_script_run_outside_assets_is_not_reported(tmp_path):
    source = """
        import subprocess
        import sys
        import dagster as dg

        @dg.asset
        def orders():
            return 1

        def run_locally():
            subprocess.run([sys.executable, "orders.py"])
    """
    assert findings(tmp_path, source) == []


def _load_fixture(name):
    path = FIXTURES / "script-run-in-asset" / name
    spec = importlib.util.spec_from_file_location("pipes_fixture_good", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_pipes_fixture_runs_the_script_and_its_metadata_arrives():
    dg = pytest.importorskip("dagster")
    pytest.importorskip("dagster_pipes")
    module = _load_fixture("good.py")
    result = dg.materialize(
        [module.daily_orders],
        resources={"pipes_subprocess_client": dg.PipesSubprocessClient()},
    )
    assert result.success
    (materialization,) = result.asset_materializations_for_node("daily_orders")
    assert materialization.metadata["rows"].value == 3


# work-at-import-time ----------------------------------------------------------------------------


def test_import_time_read_is_reported_on_the_call(tmp_path):
    source = """
        import pandas as pd
        import dagster as dg

        LOOKUP = pd.read_parquet("s3://lake/lookup.parquet")

        @dg.asset
        def orders():
            return LOOKUP
    """
    assert findings(tmp_path, source) == [("work-at-import-time", 5, 9, 5, 52)]


AT_IMPORT = (
    "whenever the module is imported, and Dagster imports it at every code-server start and in "
    "every run worker."
)


def test_import_time_work_of_each_kind_is_reported(tmp_path):
    source = """
        import pathlib

        import boto3
        import requests
        import sqlalchemy
        import dagster as dg
        from pyspark.sql import SparkSession

        URLS = ["https://api.internal/a", "https://api.internal/b"]
        PAGES = [requests.get(url) for url in URLS]
        pathlib.Path("/data/out").mkdir(parents=True, exist_ok=True)
        spark = SparkSession.builder.getOrCreate()
        ORDERS = spark.read.parquet("s3://lake/orders")
        s3 = boto3.client("s3")
        s3.download_file("bucket", "lookup.csv", "/tmp/lookup.csv")
        engine = sqlalchemy.create_engine("sqlite://")
        connection = engine.connect()
        LOOKUP = open("lookup.csv").read()
        REGIONS = open("regions.csv", "r")
        REPORTING = sqlalchemy.create_engine("sqlite://").connect()

        @dg.asset
        def orders():
            return ORDERS
    """
    read_in_asset = "Read it inside an asset, or make it an upstream asset"
    assert lint_source(tmp_path, textwrap.dedent(source)) == [
        Finding(
            11, 9, 11, 26, "work-at-import-time", "",
            f"requests.get() makes an HTTP request {AT_IMPORT} Make the request inside the asset "
            "(or sensor) that needs the response",
        ),
        Finding(
            12, 0, 12, 60, "work-at-import-time", "",
            f"pathlib.Path('/data/out').mkdir() creates a directory {AT_IMPORT} Create it inside "
            "the asset that writes into it",
        ),
        Finding(
            14, 9, 14, 47, "work-at-import-time", "",
            f"spark.read.parquet() reads data {AT_IMPORT} {read_in_asset}",
        ),
        Finding(
            16, 0, 16, 59, "work-at-import-time", "",
            f"s3.download_file() calls cloud storage {AT_IMPORT} Call the client inside the "
            "asset, through a dg.ConfigurableResource",
        ),
        Finding(
            18, 13, 18, 29, "work-at-import-time", "",
            f"engine.connect() opens a database connection {AT_IMPORT} Connect inside the asset, "
            "through a dg.ConfigurableResource that connects when a run uses it",
        ),
        Finding(
            19, 9, 19, 27, "work-at-import-time", "",
            f"open() reads a data file {AT_IMPORT} {read_in_asset}",
        ),
        Finding(
            20, 10, 20, 34, "work-at-import-time", "",
            f"open() reads a data file {AT_IMPORT} {read_in_asset}",
        ),
        Finding(
            21, 12, 21, 59, "work-at-import-time", "",
            f"sqlalchemy.create_engine('sqlite://').connect() opens a database connection "
            f"{AT_IMPORT} Connect inside the asset, through a dg.ConfigurableResource that "
            "connects when a run uses it",
        ),
    ]


CONNECT_IN_RUN = (
    "Connect inside the asset or sensor that uses it, through a dg.ConfigurableResource that "
    "connects when a run uses it"
)


def test_clients_that_connect_when_built_are_reported(tmp_path):
    source = """
        import ftplib
        import imaplib
        import poplib
        import socket
        from smtplib import SMTP_SSL

        import dagster as dg
        import pika
        from confluent_kafka import Producer
        from confluent_kafka.admin import AdminClient
        from kafka.consumer.group import KafkaConsumer

        consumer = KafkaConsumer(**{"bootstrap_servers": "kafka:9092"})
        producer = Producer({"bootstrap.servers": "kafka:9092"})
        admin = AdminClient({"bootstrap.servers": "kafka:9092"})
        rabbit = pika.BlockingConnection()
        ftp = ftplib.FTP_TLS(host="ftp.example.com")
        mail = SMTP_SSL("smtp.example.com")
        pop = poplib.POP3_SSL("pop.example.com")
        imap = imaplib.IMAP4()
        sock = socket.create_connection(("metrics", 2003))

        @dg.asset
        def orders():
            return 1
    """
    reported = [(f.line, f.msg.split(" whenever")[0]) for f in lint_source(tmp_path, textwrap.dedent(source))]
    assert reported == [
        (14, "KafkaConsumer() connects to the Kafka brokers"),
        (15, "Producer() connects to the Kafka brokers"),
        (16, "AdminClient() connects to the Kafka brokers"),
        (17, "pika.BlockingConnection() connects to the message broker"),
        (18, "ftplib.FTP_TLS() connects to the FTP server"),
        (19, "SMTP_SSL() connects to the mail server"),
        (20, "poplib.POP3_SSL() connects to the mail server"),
        (21, "imaplib.IMAP4() connects to the mail server"),
        (22, "socket.create_connection() opens a network connection"),
    ]
    assert lint_source(tmp_path, textwrap.dedent(source))[0].msg.endswith(CONNECT_IN_RUN)


def test_clients_that_connect_later_are_not_reported(tmp_path):
    source = """
        import ftplib
        import http.client
        import smtplib

        import dagster as dg
        import pika
        from my_project.kafka import KafkaConsumer
        from my_project.settings import FTP_SETTINGS

        parameters = pika.ConnectionParameters("rabbitmq")
        ftp = ftplib.FTP()
        ftp_empty = ftplib.FTP("")
        ftp_unknown = ftplib.FTP(**FTP_SETTINGS)
        mail = smtplib.SMTP()
        status = http.client.HTTPSConnection("status.example.com")
        consumer = KafkaConsumer("orders")

        def consume():
            from kafka import KafkaConsumer as Consumer
            return Consumer("orders")

        @dg.asset
        def orders():
            with smtplib.SMTP("smtp.example.com") as server:
                server.noop()
    """
    assert findings(tmp_path, source) == []


def test_a_connecting_client_connects_when_dagster_loads_the_module(tmp_path):
    """What the finding says: loading the code location's file runs the constructor, and a
    client given a host connects (an SMTP server on a local port counts the connections),
    while the same clients without a host connect to nothing."""
    pytest.importorskip("dagster")
    from dagster._core.code_pointer import load_python_file

    server = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def greet():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            accepted.append(connection)
            connection.sendall(b"220 ready\r\n")

    threading.Thread(target=greet, daemon=True).start()
    module = tmp_path / "mail_location.py"
    module.write_text(
        textwrap.dedent(
            f"""
            import ftplib
            import smtplib

            import dagster as dg

            mailer = smtplib.SMTP("127.0.0.1", {server.getsockname()[1]}, timeout=10)
            idle_mailer = smtplib.SMTP()
            idle_ftp = ftplib.FTP()

            @dg.asset
            def report() -> None: ...

            defs = dg.Definitions(assets=[report])
            """
        ),
        encoding="utf-8",
    )
    try:
        loaded = load_python_file(module, str(tmp_path))
        assert loaded.idle_mailer.sock is None and loaded.idle_ftp.sock is None
        assert loaded.mailer.sock is not None
        assert len(accepted) == 1
    finally:
        server.close()
        for connection in accepted:
            connection.close()


def test_unknown_connections_and_files_opened_in_an_unknown_mode_are_not_reported(tmp_path):
    source = """
        import dagster as dg
        from my_project.db import connect, make_pool
        from my_project.settings import READ_MODE

        pool = make_pool()
        pool.connect()
        connection = connect()
        ROWS = open("orders.csv", READ_MODE)

        @dg.asset
        def orders():
            return ROWS
    """
    assert findings(tmp_path, source) == []


def test_idiomatic_module_level_code_is_not_reported(tmp_path):
    source = """
        import json
        import logging
        import os
        import boto3
        import requests
        import sqlalchemy
        import dagster as dg

        log = logging.getLogger(__name__)
        engine = sqlalchemy.create_engine(os.environ.get("DB_URL", "sqlite://"))
        s3 = boto3.client("s3")
        session = requests.Session()
        daily = dg.DailyPartitionsDefinition(start_date="2024-01-01")
        with open(os.path.join(os.path.dirname(__file__), "settings.json")) as handle:
            SETTINGS = json.load(handle)
        QUERY = open("queries/orders.sql").read()
        handlers = {"a": lambda: requests.get("https://example.com")}

        class Api(dg.ConfigurableResource):
            url: str

            def fetch(self):
                return requests.get(self.url, timeout=5).json()

        @dg.asset
        def orders(api: Api):
            os.makedirs("/tmp/out", exist_ok=True)
            return api.fetch()

        defs = dg.Definitions(assets=[orders], resources={"api": Api(url=dg.EnvVar("API_URL"))})

        if __name__ == "__main__":
            requests.get("https://example.com/warmup")
            dg.materialize([orders])
    """
    assert findings(tmp_path, source) == []


def test_import_time_work_in_test_modules_and_plain_scripts_is_not_reported(tmp_path):
    source = """
        import os
        import dagster as dg

        os.makedirs("/tmp/out", exist_ok=True)
    """
    assert findings(tmp_path, source, "test_orders.py") == []
    assert findings(tmp_path, source, "helpers.py") == []


def test_frame_written_to_an_in_memory_buffer_is_not_an_output(tmp_path):
    source = """
        import io
        import dagster as dg

        @dg.asset
        def report(frame, cache_path):
            payload = io.BytesIO()
            frame.to_parquet(payload)
            frame.to_parquet(cache_path)
            return payload.getvalue()
    """
    assert findings(tmp_path, source) == []


def test_python_dash_m_tool_runs_are_not_reported_but_pipeline_modules_are(tmp_path):
    source = """
        import subprocess
        import sys
        import dagster as dg

        @dg.asset
        def nlp_model():
            subprocess.run([sys.executable, "-m", "spacy", "download", "en_core_web_sm"])

        @dg.asset
        def orders():
            subprocess.run([sys.executable, "-m", "etl.export_orders"])
    """
    assert findings(tmp_path, source) == [("script-run-in-asset", 12, 4, 12, 63)]


def test_local_copy_uploaded_through_variables_and_dataset_splits_are_one_output(tmp_path):
    source = """
import json
import os

import dagster as dg


@dg.asset
def tokenizer(s3) -> None:
    path = os.path.join("data", "tokenizer.json")
    with open(path, "w") as f:
        json.dump({}, f)
    key = "tokenizer.json"
    with open(path, "rb") as f:
        s3.upload_fileobj(f, "bucket", key)


@dg.asset
def training_data(s3, train_rows, val_rows) -> None:
    with open("train.jsonl", "w") as f:
        f.writelines(train_rows)
    with open("val.jsonl", "w") as f:
        f.writelines(val_rows)
    with open("metadata.json", "w") as f:
        f.write("{}")
    s3.upload_file("train.jsonl", "bucket", "datasets/train.jsonl")
    s3.upload_file("val.jsonl", "bucket", "datasets/val.jsonl")
"""
    assert findings(tmp_path, source) == []


# Dagster names in the fixes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("imports", "dg"),
    [
        pytest.param("from dagster import asset", "", id="from-dagster-import"),
        pytest.param("import dagster", "dagster.", id="import-dagster"),
    ],
)
def test_fixes_write_dagster_names_as_the_module_imports_them(tmp_path, imports, dg):
    source = f"""
        {imports}
        import sqlite3
        import subprocess

        connection = sqlite3.connect("warehouse.db")

        @{dg}asset
        def orders(frame, customers):
            frame.to_csv("orders.csv")
            customers.to_parquet("customers.parquet")
            subprocess.run(["python", "etl.py"])
    """
    assert lint_source(tmp_path, textwrap.dedent(source)) == [
        Finding(
            6, 13, 6, 44, "work-at-import-time", "",
            "sqlite3.connect() opens a database connection whenever the module is imported, and "
            "Dagster imports it at every code-server start and in every run worker. Connect "
            f"inside the asset, through a {dg}ConfigurableResource that connects when a run "
            "uses it",
        ),
        Finding(
            9, 0, 9, 10, "asset-writes-multiple-outputs", "orders",
            "Asset 'orders' writes 2 outputs ('orders.csv', 'customers.parquet'); Dagster records "
            f"one materialization for all of them. Declare each: @{dg}multi_asset(specs=["
            f'{dg}AssetSpec("orders"), {dg}AssetSpec("customers")]) yielding one '
            f"{dg}MaterializeResult(asset_key=...) per output, or one @{dg}asset per output",
        ),
        Finding(
            12, 4, 12, 40, "script-run-in-asset", "orders",
            "subprocess.run() runs the Python script 'etl.py' inside @asset 'orders' as a black "
            "box: Dagster sees only its exit code. Run it with Dagster Pipes: a "
            f"{dg}PipesSubprocessClient resource, pipes_subprocess_client.run(command=[...], "
            "context=context).get_materialize_result(), and open_dagster_pipes() in the script to "
            "report logs and metadata",
        ),
    ]

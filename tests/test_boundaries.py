"""Scripts need explicit asset boundaries: near misses, edge cases, and Pipes really running."""

from __future__ import annotations

import importlib.util
import sys
import textwrap

import pytest
from linting import FIXTURES, lint_source


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
        'subprocess.run(["dbt", "build"], check=True)',
        'subprocess.run([sys.executable, "-m", "pip", "install", "requests"])',
        'subprocess.run(["python", "--version"])',
        'subprocess.run("bash export.sh", shell=True)',
        'os.system("gzip -k out.csv")',
        'pipes_subprocess_client.run(command=[sys.executable, "etl.py"], context=context).get_materialize_result()',
        'exec("print(1)")',
    ],
)
def test_non_python_commands_and_pipes_are_not_reported(tmp_path, call):
    source = f"""
import os
import subprocess
import sys
import dagster as dg

@dg.asset
def orders(context: dg.AssetExecutionContext, pipes_subprocess_client: dg.PipesSubprocessClient):
    return {call}
"""
    assert findings(tmp_path, source) == []


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

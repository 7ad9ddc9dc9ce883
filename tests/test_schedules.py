"""Schedules, retries and arguments: assumed-catchup, foreign-retry-arguments,
invalid-retry-policy and unknown-dagster-argument."""

from __future__ import annotations

import textwrap
import warnings
from datetime import datetime, timedelta

import pytest
from linting import lint, lint_source

from pylint_dagster_migration import generate_signatures, signatures

SYMBOLS = {"assumed-catchup", "foreign-retry-arguments", "invalid-retry-policy", "unknown-dagster-argument"}
HEADER = "from datetime import datetime, timedelta\n\nimport dagster as dg\n\n"


def ours(findings):
    return [f for f in findings if f.symbol in SYMBOLS]


def positions(findings):
    return [(f.symbol, f.line, f.column, f.end_line, f.end_column) for f in ours(findings)]


def lint_code(tmp_path, code):
    return lint_source(tmp_path, HEADER + textwrap.dedent(code))


# The generated table ----------------------------------------------------------------------


def test_signature_table_matches_installed_dagster():
    pytest.importorskip("dagster")
    expected = generate_signatures.render()
    assert generate_signatures.OUTPUT.read_text(encoding="utf-8") == expected, (
        "dagster_signatures.py is stale: run python -m pylint_dagster_migration.generate_signatures"
    )


def test_table_treats_hidden_deprecated_keywords_as_accepted():
    assert {"compute_kind", "non_argument_deps"} <= signatures.accepted_keywords("asset")
    assert signatures.accepted_keywords("observable_source_asset") is None  # takes any **kwargs


# The grid of facts section 1.3, checked against Dagster itself ------------------------------

GRID_VALUES = {
    "retries": "3",
    "retry_delay": "timedelta(minutes=5)",
    "retry_delay_seconds": "30",
    "retry_exponential_backoff": "True",
    "task_id": "'extract'",
    "dag_id": "'etl'",
    "default_args": "{'owner': 'airflow', 'start_date': datetime(2024, 1, 1)}",
    "provide_context": "True",
    "trigger_rule": "'all_success'",
    "depends_on_past": "False",
    "owner": "'airflow'",
    "email_on_failure": "True",
    "on_failure_callback": "print",
    "schedule_interval": "'@daily'",
    "schedule": "'@daily'",
    "start_date": "datetime(2024, 1, 1)",
    "end_date": "datetime(2025, 1, 1)",
    "catchup": "False",
    "max_active_runs": "1",
    "is_paused_upon_creation": "True",
    "execution_timeout": "timedelta(hours=1)",
    "timeout": "60",
    "timeout_seconds": "60",
    "log_prints": "True",
    "cache_key_fn": "None",
    "cache_expiration": "timedelta(days=1)",
    "persist_result": "True",
    "result_storage": "'s3://bucket/results'",
    "poke_interval": "60",
    "mode": "'reschedule'",
    "timezone": "'UTC'",
    "cron": "'0 0 * * *'",
    "interval_seconds": "60",
    "pool": "'warehouse'",
    "tags": "{'team': 'data'}",
    "tags_as_list": "['data', 'daily']",
    "group_name": "'sales'",
    "retry_policy": "dg.RetryPolicy(max_retries=2)",
    "op_retry_policy": "dg.RetryPolicy(max_retries=2)",
    "minimum_interval_seconds": "60",
    "execution_timezone": "'UTC'",
    "cron_schedule": "'0 0 * * *'",
    "default_status": "{status}",
    "run_tags": "{'team': 'data'}",
    "partitions_def": "dg.DailyPartitionsDefinition(start_date='2024-01-01')",
}

#: Each callable of facts section 1.3 with the arguments it needs, and how its cell is written.
GRID_CALLABLES = {
    "@asset": ("@dg.asset({arguments})\ndef cell_{n}(): ...\n", {}),
    "@multi_asset": (
        "@dg.multi_asset({arguments})\ndef cell_{n}(): ...\n",
        {"specs": "[dg.AssetSpec('key_{n}')]"},
    ),
    "@op": ("@dg.op({arguments})\ndef cell_{n}(): ...\n", {}),
    "@job": ("@dg.job({arguments})\ndef cell_{n}(): ...\n", {}),
    "@schedule": (
        "@dg.schedule({arguments})\ndef cell_{n}(): ...\n",
        {"cron_schedule": "'0 0 * * *'", "job_name": "'some_job'"},
    ),
    "ScheduleDefinition": (
        "cell_{n} = dg.ScheduleDefinition({arguments})\n",
        {"name": "'schedule_{n}'", "cron_schedule": "'0 0 * * *'", "job_name": "'some_job'"},
    ),
    "@sensor": ("@dg.sensor({arguments})\ndef cell_{n}(): ...\n", {"job_name": "'some_job'"}),
    "define_asset_job": ("cell_{n} = dg.define_asset_job({arguments})\n", {"name": "'job_{n}'"}),
}


def _grid_cells():
    cells = []
    for callable_name, (template, required) in GRID_CALLABLES.items():
        status = "dg.DefaultSensorStatus.RUNNING" if callable_name == "@sensor" else "dg.DefaultScheduleStatus.RUNNING"
        for keyword, value in GRID_VALUES.items():
            n = len(cells)
            arguments = {k: v.format(n=n) for k, v in required.items()}
            arguments[keyword.removesuffix("_as_list")] = value.replace("{status}", status)
            written = ", ".join(f"{k}={v}" for k, v in arguments.items())
            cells.append((callable_name, keyword, template.format(arguments=written, n=n)))
    return cells


def _dagster_raises(source: str) -> bool:
    dg = pytest.importorskip("dagster")
    namespace = {"dg": dg, "datetime": datetime, "timedelta": timedelta}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(compile(source, "<grid cell>", "exec"), namespace)  # pylint: disable=exec-used
        except (NameError, SyntaxError):
            raise
        except Exception:  # pylint: disable=broad-exception-caught
            return True
    return False


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    """Each cell with whether Dagster raises on it and the lines of the module it sits on."""
    cells = _grid_cells()
    module = HEADER
    located = []
    for callable_name, keyword, source in cells:
        line = module.count("\n") + 1
        module += source + "\n"
        located.append((callable_name, keyword, source, line))
    path = tmp_path_factory.mktemp("grid") / "grid.py"
    path.write_text(module, encoding="utf-8")
    return located, path


def _reported_lines(path):
    return {f.line for f in ours(lint([path]))}


def test_grid_findings_agree_with_what_dagster_does(grid):
    located, path = grid
    reported = _reported_lines(path)
    disagreements = [
        (callable_name, keyword, "raises" if raises else "accepts")
        for callable_name, keyword, source, line in located
        if (raises := _dagster_raises(source)) != (line in reported)
    ]
    assert disagreements == []
    assert len(located) == len(GRID_CALLABLES) * len(GRID_VALUES)


def test_grid_reports_only_real_errors_when_the_table_is_for_another_version(grid, monkeypatch):
    monkeypatch.setattr(signatures, "table_matches_installed_dagster", lambda: False)
    located, path = grid
    reported = _reported_lines(path)
    assert reported
    for callable_name, keyword, source, line in located:
        if line in reported:
            assert _dagster_raises(source), (callable_name, keyword)
        if keyword in signatures.FOREIGN_KEYWORDS:
            assert line in reported, (callable_name, keyword)


# assumed-catchup --------------------------------------------------------------------------


def test_catchup_keyword_positions_and_message(tmp_path):
    findings = lint_code(
        tmp_path,
        """\
        @dg.asset(group_name="sales", start_date=datetime(2024, 1, 1), catchup=True)
        def orders() -> None: ...
        """,
    )
    assert positions(findings) == [
        ("assumed-catchup", 5, 30, 5, 61),
        ("assumed-catchup", 5, 63, 5, 75),
    ]
    message = findings[0].msg
    assert "partitions_def=dg.DailyPartitionsDefinition(start_date=datetime(2024, 1, 1))" in message
    assert "build_schedule_from_partitioned_job" in message
    assert "--partition-range" in message


def test_catchup_false_says_to_delete_it(tmp_path):
    findings = lint_code(tmp_path, "job = dg.define_asset_job('daily', selection='*', catchup=False)\n")
    assert positions(findings) == [("assumed-catchup", 5, 50, 5, 63)]
    assert "delete the keyword" in findings[0].msg


def test_schedule_interval_picks_the_partitions_definition(tmp_path):
    findings = lint_code(
        tmp_path,
        """\
        job = dg.define_asset_job(
            "hourly", selection="*", start_date=datetime(2024, 1, 1), schedule_interval="@hourly"
        )
        """,
    )
    assert [f.symbol for f in ours(findings)] == ["assumed-catchup", "unknown-dagster-argument"]
    assert "dg.HourlyPartitionsDefinition(start_date=datetime(2024, 1, 1))" in findings[0].msg


def test_default_args_expansion_is_reported_once_per_problem(tmp_path):
    findings = lint_code(
        tmp_path,
        """\
        DEFAULT_ARGS = {"owner": "data", "start_date": datetime(2024, 1, 1), "retries": 2}

        @dg.asset(**DEFAULT_ARGS)
        def orders() -> None: ...
        """,
    )
    assert positions(findings) == [
        ("assumed-catchup", 7, 10, 7, 24),
        ("foreign-retry-arguments", 7, 10, 7, 24),
    ]


@pytest.mark.parametrize(
    "code",
    [
        # start_date and end_date belong on partitions definitions.
        "daily = dg.DailyPartitionsDefinition(start_date='2024-01-01', end_date='2025-01-01')\n",
        "weekly = dg.WeeklyPartitionsDefinition(start_date=datetime(2024, 1, 1))\n",
        "window = dg.TimeWindowPartitionsDefinition(start='2024-01-01', cron_schedule='0 0 * * *', fmt='%Y-%m-%d')\n",
        # Not Dagster: a DAG object of the Airflow side of a migration.
        "from airflow import DAG\n\ndag = DAG('etl', start_date=datetime(2024, 1, 1), catchup=False)\n",
        # A local function that happens to be called asset.
        "def asset(**kwargs):\n    return kwargs\n\nasset(start_date=datetime(2024, 1, 1))\n",
        # An expansion of options that hold no Airflow arguments.
        "OPTIONS = {'group_name': 'sales'}\n\n@dg.asset(**OPTIONS)\ndef orders() -> None: ...\n",
        # Any other expansion is not judged.
        "def make(**options):\n    @dg.asset(**options)\n    def orders() -> None: ...\n    return orders\n",
    ],
)
def test_catchup_near_misses_are_not_reported(tmp_path, code):
    assert ours(lint_code(tmp_path, code)) == []


LOOP_SETUP = """\
START = datetime(2024, 1, 1)
daily = dg.DailyPartitionsDefinition(start_date="2024-01-01")
regions = dg.StaticPartitionsDefinition(["us", "eu"])

"""


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("for key in daily.get_partition_keys():\n    yield dg.RunRequest(partition_key=key)\n", 11),
        (
            "for i in range((datetime.now() - START).days):\n"
            "    yield dg.RunRequest(partition_key=(START + timedelta(days=i)).strftime('%Y-%m-%d'))\n",
            11,
        ),
        (
            "requests = []\nday = START\nwhile day < datetime.now():\n"
            "    requests.append(dg.RunRequest(partition_key=day.strftime('%Y-%m-%d')))\n"
            "    day += timedelta(days=1)\nreturn requests\n",
            13,
        ),
        (
            "import pandas as pd\nfor day in pd.date_range('2024-01-01', datetime.now()):\n"
            "    yield dg.RunRequest(partition_key=day.strftime('%Y-%m-%d'))\n",
            12,
        ),
    ],
)
def test_hand_rolled_catchup_loops_are_reported(tmp_path, body, line):
    code = LOOP_SETUP + "@dg.schedule(cron_schedule='0 0 * * *', job_name='daily_job')\ndef replay(context):\n"
    code += textwrap.indent(body, "    ")
    findings = lint_code(tmp_path, code)
    assert [(f.symbol, f.line, f.column) for f in ours(findings)] == [("assumed-catchup", line, 4)]
    assert "re-requests all of history" in findings[0].msg


@pytest.mark.parametrize(
    "body",
    [
        # Fan-out over static partitions is not history.
        "for region in regions.get_partition_keys():\n    yield dg.RunRequest(partition_key=region)\n",
        "for region in ['us', 'eu']:\n    yield dg.RunRequest(partition_key=region)\n",
        # A rolling look-back window moves with the tick.
        "for back in range(3):\n    day = context.scheduled_execution_time - timedelta(days=back)\n"
        "    yield dg.RunRequest(partition_key=day.strftime('%Y-%m-%d'))\n",
        "import pandas as pd\nfor day in pd.date_range(context.scheduled_execution_time - timedelta(days=3), periods=3):\n"
        "    yield dg.RunRequest(partition_key=day.strftime('%Y-%m-%d'))\n",
        # History walked without requesting runs.
        "days = [START + timedelta(days=i) for i in range((datetime.now() - START).days)]\n"
        "context.log.info('%d days', len(days))\nreturn dg.RunRequest()\n",
    ],
)
def test_schedule_loops_that_are_not_catchup_are_not_reported(tmp_path, body):
    code = LOOP_SETUP + "@dg.schedule(cron_schedule='0 0 * * *', job_name='daily_job')\ndef replay(context):\n"
    code += textwrap.indent(body, "    ")
    assert ours(lint_code(tmp_path, code)) == []


def test_history_loop_in_a_sensor_is_not_reported(tmp_path):
    code = LOOP_SETUP + (
        "@dg.sensor(job_name='daily_job')\ndef replay(context):\n"
        "    for key in daily.get_partition_keys():\n"
        "        yield dg.RunRequest(run_key=key, partition_key=key)\n"
    )
    assert ours(lint_code(tmp_path, code)) == []


# foreign-retry-arguments ------------------------------------------------------------------


def test_retry_replacement_uses_the_users_values(tmp_path):
    findings = lint_code(
        tmp_path,
        """\
        @dg.asset(retries=3, retry_delay=timedelta(minutes=5), retry_exponential_backoff=True)
        def orders() -> None: ...
        """,
    )
    assert positions(findings) == [
        ("foreign-retry-arguments", 5, 10, 5, 19),
        ("foreign-retry-arguments", 5, 21, 5, 53),
        ("foreign-retry-arguments", 5, 55, 5, 85),
    ]
    assert all(
        "retry_policy=dg.RetryPolicy(max_retries=3, delay=300, backoff=dg.Backoff.EXPONENTIAL)" in f.msg
        for f in findings
    )


def test_retry_replacement_on_a_job_uses_op_retry_policy(tmp_path):
    findings = lint_code(tmp_path, "job = dg.define_asset_job('daily', selection='*', retries=2)\n")
    assert "op_retry_policy=dg.RetryPolicy(max_retries=2)" in findings[0].msg


def test_retry_replacement_follows_the_import_style(tmp_path):
    findings = lint_source(
        tmp_path,
        "from dagster import asset\n\n@asset(retries=2, retry_delay_seconds=30)\ndef orders() -> None: ...\n",
    )
    assert [f.symbol for f in findings] == ["foreign-retry-arguments"] * 2
    assert "retry_policy=RetryPolicy(max_retries=2, delay=30)" in findings[0].msg


@pytest.mark.parametrize(
    "code",
    [
        "@dg.asset(retry_policy=dg.RetryPolicy(max_retries=3, delay=300))\ndef orders() -> None: ...\n",
        "@dg.job(op_retry_policy=dg.RetryPolicy(max_retries=3))\ndef daily():\n    pass\n",
        # Not a Dagster construct.
        "import requests\n\nsession = requests.Session()\nsession.mount('https://', retries=3)\n",
        "from tenacity import retry\n\n@retry(retries=3)\ndef fetch(): ...\n",
    ],
)
def test_retry_near_misses_are_not_reported(tmp_path, code):
    assert ours(lint_code(tmp_path, code)) == []


# invalid-retry-policy ---------------------------------------------------------------------


def test_retry_policy_mistakes_positions(tmp_path):
    findings = lint_code(
        tmp_path,
        """\
        A = dg.RetryPolicy(max_retries=3, delay=timedelta(minutes=5))
        B = dg.RetryPolicy(3, timedelta(seconds=90))
        C = dg.RetryPolicy(retries=3)
        D = dg.RetryPolicy(max_retries=3, jitter=dg.Jitter.FULL)
        """,
    )
    assert positions(findings) == [
        ("invalid-retry-policy", 5, 34, 5, 60),
        ("invalid-retry-policy", 6, 22, 6, 43),
        ("invalid-retry-policy", 7, 19, 7, 28),
        ("invalid-retry-policy", 8, 34, 8, 55),
    ]
    assert findings[0].msg.endswith("Write delay=300")
    assert findings[1].msg.startswith("delay=timedelta(seconds=90) in RetryPolicy")
    assert findings[2].msg.endswith("Write max_retries=3")


@pytest.mark.parametrize(
    "code",
    [
        "P = dg.RetryPolicy(max_retries=3, delay=300, backoff=dg.Backoff.EXPONENTIAL)\n",
        "P = dg.RetryPolicy(3, 30, dg.Backoff.LINEAR, dg.Jitter.FULL)\n",
        "P = dg.RetryPolicy(max_retries=3, delay=timedelta(minutes=5).total_seconds())\n",
        "SECONDS = 300\nP = dg.RetryPolicy(max_retries=3, delay=SECONDS)\n",
        "def policy(**rest):\n    return dg.RetryPolicy(backoff=dg.Backoff.EXPONENTIAL, **rest)\n",
        "P = dg.RetryPolicy(max_retries=2, backoff=None)\n",
        # Not Dagster's RetryPolicy.
        "from urllib3.util import Retry as RetryPolicy\n\nP = RetryPolicy(retries=3, backoff_factor=2)\n",
        "@dg.asset_check(asset='orders', retry_policy=dg.RetryPolicy(max_retries=1))\ndef check():\n"
        "    return dg.AssetCheckResult(passed=True)\n",
    ],
)
def test_retry_policy_near_misses_are_not_reported(tmp_path, code):
    assert ours(lint_code(tmp_path, code)) == []


# unknown-dagster-argument -----------------------------------------------------------------


def test_unknown_keyword_positions_and_hints(tmp_path):
    findings = lint_code(
        tmp_path,
        """\
        @dg.asset(task_id="extract", owner="ana@example.com", tags=["daily"], grop_name="sales")
        def orders() -> None: ...
        """,
    )
    assert positions(findings) == [
        ("unknown-dagster-argument", 5, 10, 5, 27),
        ("unknown-dagster-argument", 5, 29, 5, 52),
        ("unknown-dagster-argument", 5, 54, 5, 68),
        ("unknown-dagster-argument", 5, 70, 5, 87),
    ]
    hints = [f.msg for f in findings]
    assert "name='extract'" in hints[0]
    assert 'owners=["ana@example.com"]' in hints[1]
    assert 'tags={"daily": ""}' in hints[2]
    assert "Did you mean group_name=?" in hints[3]


@pytest.mark.parametrize(
    "code",
    [
        # Every keyword here is valid Dagster 1.13.
        """\
        daily = dg.DailyPartitionsDefinition(start_date="2024-01-01")

        @dg.asset(
            group_name="sales", kinds={"python"}, owners=["team:data"], code_version="1",
            automation_condition=dg.AutomationCondition.eager(), io_manager_key="io",
            partitions_def=daily, backfill_policy=dg.BackfillPolicy.single_run(),
            metadata={"a": 1}, tags={"k": "v"}, pool="db", compute_kind="python",
        )
        def orders() -> None: ...

        s = dg.ScheduleDefinition(
            name="s", cron_schedule="0 0 * * *", target="*", execution_timezone="UTC",
            default_status=dg.DefaultScheduleStatus.RUNNING,
        )

        @dg.sensor(target="*", minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
        def watcher():
            return dg.SkipReason("nothing")
        """,
        # Callables Dagster lets take any keyword are not judged.
        "@dg.observable_source_asset(anything=1)\ndef source():\n    return dg.DataVersion('1')\n",
        "r = dg.RunRequest(run_key='a', whatever=1)\n",
        # Integration packages are not in the table.
        "from dagster_dbt import dbt_assets\n\n@dbt_assets(manifest='m.json', select='tag:daily', backfill_policy=None)\n"
        "def models(context): ...\n",
        # tags given as a name: its value is unknown.
        "TAGS = {'k': 'v'}\n\n@dg.asset(tags=TAGS)\ndef orders() -> None: ...\n",
    ],
)
def test_valid_keywords_are_not_reported(tmp_path, code):
    assert ours(lint_code(tmp_path, textwrap.dedent(code))) == []


def test_only_foreign_keywords_when_dagster_version_differs(tmp_path, monkeypatch):
    monkeypatch.setattr(signatures, "table_matches_installed_dagster", lambda: False)
    findings = lint_code(
        tmp_path,
        "@dg.asset(task_id='extract', brand_new_keyword=1)\ndef orders() -> None: ...\n",
    )
    assert [(f.symbol, f.column) for f in ours(findings)] == [("unknown-dagster-argument", 10)]


def test_aliased_and_plain_imports_are_recognised(tmp_path):
    findings = lint_source(
        tmp_path,
        "import dagster\nfrom dagster import asset as dagster_asset\n\n"
        "@dagster.op(retries=2)\ndef a(): ...\n\n@dagster_asset(owner='ana')\ndef b(): ...\n",
    )
    assert [(f.symbol, f.line) for f in findings] == [
        ("foreign-retry-arguments", 4),
        ("unknown-dagster-argument", 7),
    ]
    assert "dagster.RetryPolicy(max_retries=2)" in findings[0].msg

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


def test_default_args_retries_move_to_a_policy(tmp_path):
    findings = lint_code(
        tmp_path,
        "job = dg.define_asset_job('daily', selection='*', default_args={'retries': 2, 'start_date': START})\n",
    )
    assert [(f.symbol, f.line, f.column, f.end_column, f.msg) for f in findings] == [
        (
            "assumed-catchup", 5, 50, 98,
            "default_args={'retries': 2, 'start_date': START} on dg.define_asset_job(...) (holding retries, "
            "start_date) is Airflow's: Dagster has no such argument and rejects it with TypeError when the "
            "module loads. Dagster schedules launch only the latest tick and never backfill on deploy: give "
            "the assets partitions_def=dg.DailyPartitionsDefinition(start_date=START), schedule their job "
            "with dg.build_schedule_from_partitioned_job(job), and backfill history explicitly (UI, or dg "
            "launch / dagster asset materialize --partition-range START...END for assets with "
            "BackfillPolicy.single_run()); move its retries to op_retry_policy=dg.RetryPolicy(max_retries=2)",
        )
    ]


def test_default_args_without_airflow_arguments_is_still_rejected(tmp_path):
    findings = lint_code(tmp_path, "@dg.asset(default_args={'owner': 'data'})\ndef orders() -> None: ...\n")
    assert positions(findings) == [("assumed-catchup", 5, 10, 5, 40)]
    assert findings[0].msg.startswith(
        "default_args={'owner': 'data'} on @dg.asset 'orders' is Airflow's: Dagster has no such argument"
    )


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
        # An evaluation function defined in another module is not read.
        "from pipelines.replay import every_day\n\n"
        "s = dg.ScheduleDefinition(name='s', cron_schedule='@daily', target='*', execution_fn=every_day)\n",
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
        # The partition keys kept in a variable first.
        ("keys = daily.get_partition_keys()\nfor key in keys:\n    yield dg.RunRequest(partition_key=key)\n", 12),
        # A partitions definition built in place.
        (
            "for key in dg.DailyPartitionsDefinition(start_date='2024-01-01').get_partition_keys():\n"
            "    yield dg.RunRequest(partition_key=key)\n",
            11,
        ),
        # From the partitions' own start, by keyword.
        (
            "import pandas as pd\nfor day in pd.date_range(start=daily.start, end=datetime.now()):\n"
            "    yield dg.RunRequest(partition_key=day.strftime('%Y-%m-%d'))\n",
            12,
        ),
        # From the date of a fixed datetime, with a helper lambda beside the loop.
        (
            "label = lambda day: day.isoformat()\nday = START.date()\nwhile day < datetime.now().date():\n"
            "    yield dg.RunRequest(partition_key=label(day))\n    day += timedelta(days=1)\n",
            13,
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
        # A look-back window, however it is counted, moves with the tick.
        "LOOKBACK = timedelta(days=3)\nfor back in range(LOOKBACK.days):\n"
        "    day = context.scheduled_execution_time - timedelta(days=back)\n"
        "    yield dg.RunRequest(partition_key=day.strftime('%Y-%m-%d'))\n",
        "day = context.scheduled_execution_time - timedelta(days=3)\nwhile day < context.scheduled_execution_time:\n"
        "    yield dg.RunRequest(partition_key=day.strftime('%Y-%m-%d'))\n    day += timedelta(days=1)\n",
        # A loop that counts attempts, not days.
        "attempt = 0\nwhile attempt < 3:\n    attempt += 1\n    yield dg.RunRequest(run_key=str(attempt))\n",
        # Partitions that are not a range of dates.
        "for key in sorted(context.instance.get_dynamic_partitions('regions')):\n"
        "    yield dg.RunRequest(partition_key=key)\n",
        # Hourly runs from now on: a moving start is no history.
        "hour = datetime.now()\nwhile hour < datetime.now() + timedelta(days=1):\n"
        "    yield dg.RunRequest(run_key=hour.isoformat())\n    hour += timedelta(hours=1)\n",
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


@pytest.mark.parametrize(
    ("arguments", "count", "policy"),
    [
        # Prefect's per-attempt delays start from the first; a count it cannot read is quoted.
        ("retries=ATTEMPTS, retry_delay_seconds=[10, 60, 600]", 2, "dg.RetryPolicy(max_retries=ATTEMPTS, delay=10)"),
        # A delay it cannot compute: a timedelta (Airflow's retry_delay always is one) is
        # converted to seconds, anything else is quoted.
        (
            "retries=2, retry_delay=settings.retry_delay", 2,
            "dg.RetryPolicy(max_retries=2, delay=settings.retry_delay.total_seconds())",
        ),
        (
            "retry_delay_seconds=timedelta(minutes=ATTEMPTS)", 1,
            "dg.RetryPolicy(delay=timedelta(minutes=ATTEMPTS).total_seconds())",
        ),
        ("retry_delay_seconds=settings.delay", 1, "dg.RetryPolicy(delay=settings.delay)"),
        # Backoff and jitter scale a delay, which the policy then needs.
        ("retry_exponential_backoff=True", 1, "dg.RetryPolicy(delay=<seconds>, backoff=dg.Backoff.EXPONENTIAL)"),
        ("retry_delay_seconds=30, retry_jitter_factor=0.5", 2, "dg.RetryPolicy(delay=30, jitter=dg.Jitter.PLUS_MINUS)"),
        ("retries=2, retry_exponential_backoff=False", 2, "dg.RetryPolicy(max_retries=2)"),
    ],
)
def test_retry_policy_is_written_from_the_values_given(tmp_path, arguments, count, policy):
    findings = lint_code(tmp_path, f"@dg.asset({arguments})\ndef orders() -> None: ...\n")
    assert [(f.symbol, f.line) for f in findings] == [("foreign-retry-arguments", 5)] * count
    assert {f.msg.split("Dagster retries with a policy: ")[1] for f in findings} == {f"retry_policy={policy}"}


def test_retries_in_a_dict_call_expansion(tmp_path):
    findings = lint_code(
        tmp_path, "@dg.asset(**dict(retries=2, retry_delay_seconds=30, group_name='a'))\ndef orders() -> None: ...\n"
    )
    assert [(f.symbol, f.line, f.column, f.end_column, f.msg) for f in findings] == [
        (
            "foreign-retry-arguments", 5, 10, 67,
            "**dict(retries=2, retry_delay_seconds=30, group_name='a') (holding retries, "
            "retry_delay_seconds) is not a Dagster argument: @dg.asset 'orders' rejects it with TypeError "
            "when the module loads. Dagster retries with a policy: retry_policy=dg.RetryPolicy(max_retries=2, delay=30)",
        )
    ]


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


def test_airflow_fields_in_retry_policy_name_the_dagster_field(tmp_path):
    findings = lint_code(
        tmp_path,
        "P = dg.RetryPolicy(\n    retry_delay=timedelta(minutes=5), retry_exponential_backoff=True, retry_jitter=True,\n"
        "    max_retry_delay=600, delay=30,\n)\n",
    )
    rejected = "is not a RetryPolicy argument and Dagster raises TypeError. Write"
    assert [(f.symbol, f.line, f.column, f.end_column, f.msg) for f in findings] == [
        ("invalid-retry-policy", 6, 4, 36, f"retry_delay=timedelta(minutes=5) in RetryPolicy {rejected} delay=300"),
        (
            "invalid-retry-policy", 6, 38, 68,
            f"retry_exponential_backoff=True in RetryPolicy {rejected} backoff=dg.Backoff.EXPONENTIAL",
        ),
        ("invalid-retry-policy", 6, 70, 87, f"retry_jitter=True in RetryPolicy {rejected} jitter=dg.Jitter.PLUS_MINUS"),
        (
            "invalid-retry-policy", 7, 4, 23,
            "max_retry_delay=600 in RetryPolicy is not a RetryPolicy argument (Dagster has no maximum delay) "
            "and Dagster raises TypeError. Write nothing: delete it",
        ),
    ]


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

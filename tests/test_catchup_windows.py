"""assumed-catchup on schedules that request a long look-back window of dates on every tick."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
import warnings
from datetime import datetime, timezone

import pytest
from linting import FIXTURES, lint_source

SETUP = """\
from datetime import datetime, timedelta

import dagster as dg

"""
SCHEDULE = "@dg.schedule(cron_schedule='0 0 * * *', job_name='daily_job')\ndef replay(context):\n"


def catchup_findings(tmp_path, body, schedule=SCHEDULE):
    code = SETUP + schedule + textwrap.indent(textwrap.dedent(body), "    ")
    return [f for f in lint_source(tmp_path, code) if f.symbol == "assumed-catchup"]


# What Dagster does ---------------------------------------------------------------------------


def _load_bad_loops():
    path = FIXTURES / "assumed-catchup" / "bad_loops.py"
    spec = importlib.util.spec_from_file_location("catchup_fixture_bad_loops", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["catchup_fixture_bad_loops"] = module
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec.loader.exec_module(module)
    return module


def test_each_tick_of_a_look_back_schedule_requests_the_days_earlier_ticks_ran():
    dg = pytest.importorskip("dagster")
    schedule = _load_bad_loops().page_views_last_quarter

    def keys(day):
        context = dg.build_schedule_context(scheduled_execution_time=datetime(2024, 6, day, tzinfo=timezone.utc))
        return [request.partition_key for request in schedule(context)]

    first, second = keys(1), keys(2)
    assert len(first) == len(second) == 90
    assert len(set(first) & set(second)) == 89


def test_a_schedules_run_key_dedupes_only_within_its_tick():
    """The scheduler's look-up of an earlier run for a request matches the run key *and* the
    tick's scheduled time: the same run key on the next tick finds nothing and runs again."""
    dg = pytest.importorskip("dagster")
    # The daemon package first: importing the scheduler module alone is circular.
    import dagster._daemon.daemon  # noqa: F401  pylint: disable=import-outside-toplevel,unused-import
    from dagster._core.storage import tags  # pylint: disable=import-outside-toplevel
    from dagster._scheduler.scheduler import _get_existing_run_for_request  # pylint: disable=import-outside-toplevel

    first_tick = datetime(2024, 6, 1, tzinfo=timezone.utc)
    second_tick = datetime(2024, 6, 2, tzinfo=timezone.utc)
    request = dg.RunRequest(run_key="2024-05-01", partition_key="2024-05-01")
    with dg.instance_for_test() as instance:
        instance.add_run(
            dg.DagsterRun(
                job_name="page_views_job",
                tags={
                    tags.SCHEDULE_NAME_TAG: "page_views_last_quarter",
                    tags.SCHEDULED_EXECUTION_TIME_TAG: first_tick.isoformat(),
                    tags.RUN_KEY_TAG: request.run_key,
                },
            )
        )
        stub = _ScheduleStub("page_views_last_quarter")
        assert _get_existing_run_for_request(instance, stub, first_tick, request) is not None
        assert _get_existing_run_for_request(instance, stub, second_tick, request) is None


class _ScheduleStub:
    """The one attribute of a remote schedule that the scheduler's look-up reads for runs
    launched without a code location origin."""

    def __init__(self, name: str) -> None:
        self.name = name


# What the check reports ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "days"),
    [
        (
            "for offset in range(90, 0, -1):\n"
            "    day = context.scheduled_execution_time - timedelta(days=offset)\n"
            "    yield dg.RunRequest(partition_key=day.strftime('%Y-%m-%d'))\n",
            90,
        ),
        # range(60) reaches 59 days back.
        (
            "for back in range(60):\n"
            "    yield dg.RunRequest(partition_key=(datetime.now() - timedelta(back)).strftime('%Y-%m-%d'))\n",
            59,
        ),
        # Hours, through a constant.
        (
            "for hour in range(HOURS):\n"
            "    at = context.scheduled_execution_time - timedelta(hours=hour)\n"
            "    yield dg.RunRequest(partition_key=at.strftime('%Y-%m-%d-%H:%M'))\n",
            40,
        ),
        # Weeks.
        (
            "for week in range(1, 9):\n"
            "    yield dg.RunRequest(partition_key=str(datetime.now().date() - timedelta(weeks=week)))\n",
            56,
        ),
        # A comprehension.
        (
            "return [dg.RunRequest(partition_key=str(datetime.now().date() - timedelta(days=i))) for i in range(45)]\n",
            44,
        ),
        # A counter that a while loop counts down.
        (
            "offset = 120\nwhile offset > 0:\n"
            "    yield dg.RunRequest(partition_key=str(datetime.now().date() - timedelta(days=offset)))\n"
            "    offset -= 1\n",
            120,
        ),
        # A date stepped forward from far back.
        (
            "day = context.scheduled_execution_time - timedelta(days=365)\n"
            "while day < context.scheduled_execution_time:\n"
            "    yield dg.RunRequest(partition_key=day.strftime('%Y-%m-%d'))\n"
            "    day += timedelta(days=1)\n",
            365,
        ),
        # pandas date ranges that end now.
        (
            "import pandas as pd\nfor day in pd.date_range(end=datetime.now(), periods=90):\n"
            "    yield dg.RunRequest(partition_key=day.strftime('%Y-%m-%d'))\n",
            90,
        ),
        (
            "import pandas as pd\nSTART = datetime.now() - timedelta(days=60)\n"
            "for day in pd.date_range(START, datetime.now()):\n"
            "    yield dg.RunRequest(partition_key=day.strftime('%Y-%m-%d'))\n",
            60,
        ),
    ],
)
def test_long_look_back_windows_are_reported(tmp_path, body, days):
    schedule = "HOURS = 961\n\n" + SCHEDULE if "HOURS" in body else SCHEDULE
    (finding,) = catchup_findings(tmp_path, body, schedule)
    assert f"requests a run for each of the past {days} days on every tick" in finding.msg
    assert "build_schedule_from_partitioned_job(job)" in finding.msg


def test_window_in_an_execution_fn_is_reported_at_the_loop(tmp_path):
    code = SETUP + (
        "def last_quarter(context):\n"
        "    for offset in range(90, 0, -1):\n"
        "        day = context.scheduled_execution_time - timedelta(days=offset)\n"
        "        yield dg.RunRequest(partition_key=day.strftime('%Y-%m-%d'))\n\n"
        "s = dg.ScheduleDefinition(name='s', cron_schedule='@daily', job_name='j', execution_fn=last_quarter)\n"
    )
    findings = [f for f in lint_source(tmp_path, code) if f.symbol == "assumed-catchup"]
    assert [(f.line, f.column, f.end_line) for f in findings] == [(6, 4, 8)]
    assert findings[0].msg.startswith("The for loop in schedule 'last_quarter' requests a run for each of the past 90 days")


@pytest.mark.parametrize(
    "body",
    [
        # A window of up to a month: late data, restatements.
        "for offset in range(31, 0, -1):\n"
        "    day = context.scheduled_execution_time - timedelta(days=offset)\n"
        "    yield dg.RunRequest(partition_key=day.strftime('%Y-%m-%d'))\n",
        "for hour in range(72):\n"
        "    yield dg.RunRequest(partition_key=str(datetime.now() - timedelta(hours=hour)))\n",
        # Forward, not back.
        "for ahead in range(90):\n"
        "    yield dg.RunRequest(partition_key=str(datetime.now().date() + timedelta(days=ahead)))\n",
        "import pandas as pd\nfor day in pd.date_range(start=datetime.now(), periods=90):\n"
        "    yield dg.RunRequest(partition_key=day.strftime('%Y-%m-%d'))\n",
        # A range that counts shards, not days.
        "for shard in range(90):\n    yield dg.RunRequest(run_key=str(shard), tags={'shard': str(shard)})\n",
        # A range whose bounds are not literal.
        "for offset in range(context.instance.get_ref().settings.get('days', 3)):\n"
        "    yield dg.RunRequest(partition_key=str(datetime.now().date() - timedelta(days=offset)))\n",
        # The window's dates are computed, but no run is requested per date.
        "days = [datetime.now() - timedelta(days=i) for i in range(90)]\n"
        "return dg.RunRequest(tags={'oldest': str(days[-1])})\n",
        # A counter of attempts.
        "attempt = 90\nwhile attempt > 0:\n    attempt -= 1\n    yield dg.RunRequest(run_key=str(attempt))\n",
    ],
)
def test_short_or_other_windows_are_not_reported(tmp_path, body):
    assert catchup_findings(tmp_path, body) == []


@pytest.mark.parametrize(
    "body",
    [
        # With run_key a sensor launches each date once, ever (Dagster dedupes run keys across
        # ticks for sensors); without one sensor-without-run-key reports the request.
        "for offset in range(90, 0, -1):\n"
        "    day = (datetime.now() - timedelta(days=offset)).strftime('%Y-%m-%d')\n"
        "    yield dg.RunRequest(run_key=day, partition_key=day)\n",
        "for offset in range(90, 0, -1):\n"
        "    day = (datetime.now() - timedelta(days=offset)).strftime('%Y-%m-%d')\n"
        "    yield dg.RunRequest(partition_key=day)\n",
    ],
)
def test_windows_in_sensors_are_left_to_run_keys(tmp_path, body):
    sensor = "@dg.sensor(job_name='daily_job')\ndef replay(context):\n"
    code = SETUP + sensor + textwrap.indent(body, "    ")
    symbols = [f.symbol for f in lint_source(tmp_path, code)]
    assert "assumed-catchup" not in symbols
    assert symbols == ([] if "run_key" in body else ["sensor-without-run-key"])

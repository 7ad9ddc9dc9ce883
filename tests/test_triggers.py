"""schedule-without-cron: a schedule written without a cron, to run a job after another."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
import warnings

import pytest
from linting import FIXTURES, lint_source

SYMBOL = "schedule-without-cron"
HEADER = """\
import dagster as dg

@dg.op
def step() -> None: ...

@dg.job
def downstream():
    step()

"""


def findings_of(tmp_path, code, header=HEADER):
    return lint_source(tmp_path, header + textwrap.dedent(code))


def ours(findings):
    return [f for f in findings if f.symbol == SYMBOL]


def _dagster_error(code: str, header: str = HEADER) -> BaseException | None:
    """What Dagster raises on loading ``code`` (and registering what it defines)."""
    dg = pytest.importorskip("dagster")
    namespace: dict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(compile(header + textwrap.dedent(code), "<schedule>", "exec"), namespace)  # pylint: disable=exec-used
            schedules = [namespace["s"]] if "s" in namespace else []
            dg.Definitions.validate_loadable(dg.Definitions(jobs=[namespace["downstream"]], schedules=schedules))
        except Exception as error:  # pylint: disable=broad-exception-caught
            return error
    return None


# What Dagster does -------------------------------------------------------------------------------

BAD_FORMS = {
    "definition": ("s = dg.ScheduleDefinition(name='s', job=downstream)\n", "ParameterCheckError"),
    "definition-none": (
        "s = dg.ScheduleDefinition(name='s', cron_schedule=None, job=downstream)\n",
        "ParameterCheckError",
    ),
    "decorator": ("@dg.schedule(job=downstream)\ndef s():\n    return dg.RunRequest()\n", "TypeError"),
    "decorator-none": (
        "@dg.schedule(cron_schedule=None, job=downstream)\ndef s():\n    return dg.RunRequest()\n",
        "ParameterCheckError",
    ),
    "decorator-positional-none": (
        "@dg.schedule(None, job=downstream)\ndef s():\n    return dg.RunRequest()\n",
        "ParameterCheckError",
    ),
    "bare-decorator": ("@dg.schedule\ndef s():\n    return dg.RunRequest()\n", "CheckError"),
}


@pytest.mark.parametrize("form", list(BAD_FORMS))
def test_dagster_rejects_each_reported_form_with_the_error_the_message_names(tmp_path, form):
    code, error = BAD_FORMS[form]
    raised = _dagster_error(code)
    assert type(raised).__name__ == error
    (finding,) = ours(findings_of(tmp_path, code))
    assert error in finding.msg


def test_missing_cron_names_it():
    code, _ = BAD_FORMS["decorator"]
    assert "missing 1 required positional argument: 'cron_schedule'" in str(_dagster_error(code))
    code, _ = BAD_FORMS["definition"]
    assert 'Param "cron_schedule"' in str(_dagster_error(code))


@pytest.mark.parametrize(
    "code",
    [
        "s = dg.ScheduleDefinition(name='s', cron_schedule='0 6 * * *', job=downstream)\n",
        "s = dg.ScheduleDefinition('s', cron_schedule='@daily', job=downstream)\n",
        "@dg.schedule('0 6 * * *', job=downstream)\ndef s():\n    return dg.RunRequest()\n",
        "@dg.schedule(cron_schedule=['0 6 * * *', '0 18 * * *'], job=downstream)\ndef s():\n    return dg.RunRequest()\n",
        "OPTIONS = {'cron_schedule': '0 6 * * *'}\ns = dg.ScheduleDefinition(name='s', job=downstream, **OPTIONS)\n",
    ],
)
def test_near_misses_load_and_are_not_reported(tmp_path, code):
    assert _dagster_error(code) is None
    assert ours(findings_of(tmp_path, code)) == []


def test_run_status_sensor_of_the_fix_requests_the_downstream_job():
    dg = pytest.importorskip("dagster")
    path = FIXTURES / SYMBOL / "good.py"
    spec = importlib.util.spec_from_file_location("triggers_fixture_good", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["triggers_fixture_good"] = module
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec.loader.exec_module(module)
        with dg.instance_for_test() as instance:
            result = module.invoices_ingest.execute_in_process(instance=instance)
            success = next(e for e in result.all_events if e.event_type_value == "PIPELINE_SUCCESS")
            context = dg.build_run_status_sensor_context(
                sensor_name="reconcile_after_ingest",
                dagster_instance=instance,
                dagster_run=result.dagster_run,
                dagster_event=success,
            )
            request = module.reconcile_after_ingest(context)
    assert isinstance(request, dg.RunRequest)
    assert request.run_key == result.run_id
    assert module.reconcile_after_ingest.job_name == "invoices_reconcile"


# What the check reports ----------------------------------------------------------------------


def test_message_and_position(tmp_path):
    (finding,) = ours(findings_of(tmp_path, "after_ingest = dg.ScheduleDefinition(name='after_ingest', job=downstream)\n"))
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (10, 15, 10, 73)
    assert finding.msg == (
        "dg.ScheduleDefinition(...) has no cron_schedule: Dagster raises ParameterCheckError when "
        "the module loads. To run downstream after another job succeeds (Airflow's "
        "TriggerDagRunOperator or ExternalTaskSensor), write @dg.run_status_sensor(run_status="
        "dg.DagsterRunStatus.SUCCESS, monitored_jobs=[<upstream job>], request_job=downstream); "
        "for assets, deps=[...] with automation_condition=dg.AutomationCondition.eager()"
    )


def test_decorator_is_reported_at_the_decorator(tmp_path):
    (finding,) = ours(findings_of(tmp_path, "@dg.schedule(target='*')\ndef after_ingest():\n    return dg.RunRequest()\n"))
    assert (finding.line, finding.column) == (10, 1)
    assert finding.msg.startswith("@dg.schedule 'after_ingest' has no cron_schedule: Dagster raises TypeError")
    assert "request_job=<job>" in finding.msg


@pytest.mark.parametrize(
    ("header", "spelled", "prefix"),
    [
        ("from dagster import ScheduleDefinition\n\n", "ScheduleDefinition", ""),
        ("import dagster\n\n", "dagster.ScheduleDefinition", "dagster."),
    ],
)
def test_fix_follows_the_import_style(tmp_path, header, spelled, prefix):
    (finding,) = ours(findings_of(tmp_path, f"s = {spelled}(name='s', job_name='downstream')\n", header))
    assert f"@{prefix}run_status_sensor(run_status={prefix}DagsterRunStatus.SUCCESS" in finding.msg
    assert f"automation_condition={prefix}AutomationCondition.eager()" in finding.msg


@pytest.mark.parametrize(
    "code",
    [
        # Airflow's schedule keywords: unknown-dagster-argument says to write cron_schedule=.
        "s = dg.ScheduleDefinition(name='s', job=downstream, schedule_interval='@daily')\n",
        "@dg.schedule(job=downstream, schedule='0 6 * * *')\ndef s():\n    return dg.RunRequest()\n",
        # Expansions may hold the cron.
        "def make(*args, **kwargs):\n    return dg.ScheduleDefinition(*args, **kwargs)\n",
        "def make(options):\n    return dg.ScheduleDefinition(name='s', job=downstream, **options)\n",
        # Two positional arguments: another mistake (too many positionals).
        "s = dg.ScheduleDefinition('s', '0 6 * * *', job=downstream)\n",
        # A cron held by a name.
        "CRON = '0 6 * * *'\ns = dg.ScheduleDefinition(name='s', cron_schedule=CRON, job=downstream)\n",
        # Not Dagster's.
        "def schedule(**kwargs):\n    return kwargs\n\nschedule(job=downstream)\n",
        # Built from a partitioned job: the cron comes from the partitions.
        "daily = dg.DailyPartitionsDefinition(start_date='2024-01-01')\n"
        "@dg.asset(partitions_def=daily)\ndef a() -> None: ...\n"
        "s = dg.build_schedule_from_partitioned_job(dg.define_asset_job('j', selection=[a]))\n",
    ],
)
def test_not_reported(tmp_path, code):
    assert ours(findings_of(tmp_path, code)) == []


def test_airflow_schedule_keyword_gets_one_finding(tmp_path):
    findings = findings_of(tmp_path, "s = dg.ScheduleDefinition(name='s', job=downstream, schedule_interval='@daily')\n")
    assert [f.symbol for f in findings] == ["unknown-dagster-argument"]
    assert "cron_schedule=" in findings[0].msg

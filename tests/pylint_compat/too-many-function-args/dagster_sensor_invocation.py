"""Sensors and schedules invoked with a context their function does not declare, as tests
do: Dagster takes one optional positional context whatever the function declares."""

import dagster as dg


@dg.op
def refresh() -> None:
    """Does the work."""


@dg.job
def refresh_job():
    """Runs refresh."""
    refresh()


@dg.sensor(job=refresh_job)
def new_files_sensor():
    """Declares no context."""
    return dg.SkipReason("no new files")


@dg.schedule(cron_schedule="0 * * * *", job=refresh_job)
def hourly_schedule():
    """Declares no context."""
    return dg.RunRequest()


def check_sensor() -> None:
    """Invokes the sensor as a test does."""
    context = dg.build_sensor_context()
    assert new_files_sensor(context) == dg.SkipReason("no new files")  # [too-many-function-args]
    assert new_files_sensor(dg.build_sensor_context())  # [too-many-function-args]


def check_schedule(context: dg.ScheduleEvaluationContext) -> None:
    """Invokes the schedule with a context given by the caller."""
    assert hourly_schedule(context)  # [too-many-function-args]
    assert hourly_schedule(None)  # [too-many-function-args]


defs = dg.Definitions(jobs=[refresh_job], sensors=[new_files_sensor], schedules=[hourly_schedule])

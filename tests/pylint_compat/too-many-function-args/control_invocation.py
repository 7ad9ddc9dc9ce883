"""Invocations Dagster rejects, and plain functions: pylint's finding stands."""

import dagster as dg


@dg.op
def refresh() -> None:
    """Does the work."""


@dg.job
def refresh_job():
    """Runs refresh."""
    refresh()


@dg.sensor(job=refresh_job)
def quiet_sensor():
    """Declares no context."""
    return dg.SkipReason("nothing")


@dg.schedule(cron_schedule="0 * * * *", job=refresh_job)
def quiet_schedule():
    """Declares no context."""
    return {}


def evaluate():
    """A plain evaluation function, given to SensorDefinition."""
    return dg.SkipReason("nothing")


plain_sensor = dg.SensorDefinition(name="plain_sensor", evaluation_fn=evaluate, job=refresh_job)


def helper() -> int:
    """A plain function."""
    return 1


def check() -> None:
    """Each call fails in Dagster (or in Python)."""
    context = dg.build_sensor_context()
    quiet_sensor(context, 1)  # [too-many-function-args]
    quiet_sensor(1)  # [too-many-function-args]
    quiet_sensor(dg.build_schedule_context())  # [too-many-function-args]
    quiet_schedule(context)  # [too-many-function-args]
    evaluate(context)  # [too-many-function-args]
    helper(context)  # [too-many-function-args]

"""A test module invoking another module's sensor and schedule with a context."""

import dagster as dg

import control_invocation as automation
from control_invocation import quiet_schedule


def test_quiet_sensor() -> None:
    """The sensor reached through its module."""
    context = dg.build_sensor_context()
    assert automation.quiet_sensor(context) == dg.SkipReason("nothing")  # [too-many-function-args]


def test_quiet_schedule() -> None:
    """The schedule imported by name."""
    assert quiet_schedule(dg.build_schedule_context()) == {}  # [too-many-function-args]

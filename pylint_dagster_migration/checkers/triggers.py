"""Triggers: a Dagster schedule runs on a cron and on nothing else.

Airflow starts a DAG when another finishes (``TriggerDagRunOperator``, ``ExternalTaskSensor``,
``schedule=None`` with a trigger) and Prefect on events; a port that writes such a trigger as a
schedule without a cron does not load. What runs a job after another job in Dagster is a run
status sensor, and for assets, ``deps`` with declarative automation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt

if TYPE_CHECKING:
    from pylint.lint import PyLinter

#: Airflow and Prefect spellings of a schedule: ``unknown-dagster-argument`` reports them on a
#: schedule, telling to write cron_schedule= instead, so the missing cron is already said.
FOREIGN_SCHEDULE_KEYWORDS = frozenset({"schedule_interval", "schedule", "timetable", "cron", "interval_seconds"})
_TEXT_LIMIT = 40


class TriggerChecker(DagsterChecker):
    """Finds schedules written without a cron, usually to run one job after another."""

    msgs = {
        "E7365": (
            "%s has no cron_schedule: %s. %s",
            "schedule-without-cron",
            "A dg.ScheduleDefinition(...) or @dg.schedule(...) without cron_schedule (or with "
            "cron_schedule=None), or a bare @dg.schedule; typically a port of an Airflow DAG "
            "that another DAG triggers (TriggerDagRunOperator, ExternalTaskSensor, "
            "schedule=None).\n\n"
            "A Dagster schedule runs only on its cron, and cron_schedule is required: "
            "ScheduleDefinition raises ParameterCheckError and @dg.schedule(...) TypeError when "
            "the module loads; a bare @dg.schedule turns the function into a decorator, which "
            "Definitions rejects. To run a job when another job succeeds, write "
            "@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS, "
            "monitored_jobs=[upstream_job], request_job=downstream_job) returning "
            "dg.RunRequest(); for assets, declare deps=[upstream] and set "
            "automation_condition=dg.AutomationCondition.eager(). A job that only runs when "
            "launched by hand needs no schedule. Calls with **kwargs or *args are not judged, "
            "nor are schedules given an Airflow schedule keyword such as schedule_interval= "
            "(unknown-dagster-argument reports those).",
        ),
    }

    @only_required_for_messages("schedule-without-cron")
    def visit_call(self, node: nodes.Call) -> None:
        callee = names.call_dagster_name(node)
        if callee == "ScheduleDefinition":
            # ``name`` is the one positional parameter; a second positional argument is a
            # different mistake (TypeError: too many positional arguments).
            if len(node.args) <= 1:
                self._check(node, None, "ParameterCheckError")
        elif callee == "schedule":
            self._check(node, node.args[0] if node.args else None, "TypeError")

    @only_required_for_messages("schedule-without-cron")
    def visit_decorators(self, node: nodes.Decorators) -> None:
        for decorator in node.nodes:
            if isinstance(decorator, (nodes.Name, nodes.Attribute)) and names.dagster_name(decorator) == "schedule":
                self._report(
                    decorator,
                    f"@{decorator.as_string()} '{node.parent.name}'",
                    "the bare decorator takes the function for the cron and returns a decorator, "
                    "not a schedule, which Definitions rejects with CheckError",
                    _job_text(None),
                )

    def _check(self, call: nodes.Call, positional_cron: nodes.NodeNG | None, missing_error: str) -> None:
        """Report ``call`` when it passes no cron (``missing_error`` is what Dagster raises
        then) or a literal None (a ParameterCheckError from either)."""
        if any(isinstance(argument, nodes.Starred) for argument in call.args):
            return
        keywords = call.keywords or ()
        if any(keyword.arg is None or keyword.arg in FOREIGN_SCHEDULE_KEYWORDS for keyword in keywords):
            return
        cron = names.keyword_argument(call, "cron_schedule") or positional_cron
        if cron is not None and not _is_none(cron):
            return
        if cron is None:
            consequence = f"Dagster raises {missing_error} when the module loads"
        else:
            consequence = "Dagster rejects cron_schedule=None with ParameterCheckError when the module loads"
        self._report(call, names.construct_label(call), consequence, _job_text(names.keyword_argument(call, "job")))

    def _report(self, node: nodes.NodeNG, label: str, consequence: str, job: str) -> None:
        prefix = names.dagster_prefix(node)
        fix = (
            f"To run {job} after another job succeeds (Airflow's TriggerDagRunOperator or "
            f"ExternalTaskSensor), write @{prefix}run_status_sensor(run_status="
            f"{prefix}DagsterRunStatus.SUCCESS, monitored_jobs=[<upstream job>], request_job={job}); "
            f"for assets, deps=[...] with automation_condition={prefix}AutomationCondition.eager()"
        )
        self.add_message("schedule-without-cron", node=node, args=(label, consequence, fix))


def _is_none(node: nodes.NodeNG) -> bool:
    return isinstance(node, nodes.Const) and node.value is None


def _job_text(job: nodes.NodeNG | None) -> str:
    return excerpt(job, _TEXT_LIMIT) if job is not None else "<job>"


def register(linter: PyLinter) -> None:
    linter.register_checker(TriggerChecker(linter))

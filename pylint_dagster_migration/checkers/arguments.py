"""Arguments: keywords a Dagster callable does not take, above all Airflow and Prefect leftovers.

What each callable accepts comes from ``dagster_signatures.py``, generated from the installed
Dagster (see ``generate_signatures.py``). Catchup and retry arguments have their own, more
precise messages (``schedules.py``, ``retries.py``) and are not reported again here.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names, signatures
from pylint_dagster_migration.checkers import retries, schedules
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.model import context_class

if TYPE_CHECKING:
    from pylint.lint import PyLinter

_TEXT_LIMIT = 50
_SCHEDULE_ARGUMENTS = frozenset({"schedule_interval", "schedule", "timetable", "cron"})
_TIMEOUT_ARGUMENTS = frozenset({"execution_timeout", "timeout", "timeout_seconds", "dagrun_timeout"})
_FAILURE_CALLBACKS = frozenset(
    {"email", "email_on_failure", "email_on_retry", "on_failure_callback", "on_retry_callback", "sla_miss_callback"}
)
_SUCCESS_CALLBACKS = frozenset({"on_success_callback", "on_execute_callback"})
_CACHE_ARGUMENTS = frozenset({"cache_key_fn", "cache_expiration", "cache_policy"})
_RESULT_ARGUMENTS = frozenset({"persist_result", "result_storage", "result_serializer"})
_CONCURRENCY_ARGUMENTS = frozenset({"max_active_runs", "max_active_tasks", "concurrency"})
_DECORATED_FUNCTION_PARAMETERS = frozenset({"compute_fn", "compose_fn", "fn"})


def _string(node: nodes.NodeNG) -> str | None:
    return node.value if isinstance(node, nodes.Const) and isinstance(node.value, str) else None


class ArgumentsChecker(DagsterChecker):
    """Finds keyword arguments that the Dagster callable they are passed to rejects."""

    msgs = {
        "E7333": (
            "%s is not accepted by %s: Dagster raises %s when the module loads. %s",
            "unknown-dagster-argument",
            "A keyword argument that the Dagster decorator or class it is passed to does not "
            "accept (task_id, schedule_interval, owner, provide_context, execution_timeout, "
            "trigger_rule, log_prints, a list given as tags, ...).\n\n"
            "Dagster's decorators and classes reject unknown keywords with TypeError, so the "
            "code location fails to load. The accepted keywords come from a table generated "
            "from the installed Dagster; when the installed version differs from the table's "
            "(or Dagster is not installed beside the linter), only Airflow and Prefect "
            "keywords that no Dagster version accepts are reported. Keywords passed through "
            "**kwargs are not judged. The message names the Dagster replacement: name= for "
            "task_id, cron_schedule= for schedule_interval, the dagster/max_runtime run tag "
            "for execution_timeout, owners=[\"team:...\"] for owner, a context parameter for "
            "provide_context, a run failure sensor for failure callbacks, a dict of strings "
            "for tags.",
        ),
    }

    @only_required_for_messages("unknown-dagster-argument")
    def visit_call(self, node: nodes.Call) -> None:
        if not node.keywords:
            return
        callee = names.call_dagster_name(node)
        accepted = signatures.accepted_keywords(callee)
        if accepted is None:
            return
        for keyword in node.keywords:
            name = keyword.arg
            if (
                name is None
                or schedules.reports_keyword(callee, name)
                or retries.reports_keyword(callee, name)
            ):
                continue
            if name in accepted:
                if name == "tags" and isinstance(keyword.value, (nodes.List, nodes.Tuple, nodes.Set)):
                    self._report(keyword, node, "ParameterCheckError", _tags_hint(keyword.value))
            elif signatures.rejects(callee, name):
                self._report(keyword, node, "TypeError", _hint(keyword, callee, accepted, node))

    def _report(self, keyword: nodes.Keyword, call: nodes.Call, error: str, hint: str) -> None:
        self.add_message(
            "unknown-dagster-argument",
            node=keyword,
            args=(excerpt(keyword, _TEXT_LIMIT), names.construct_label(call), error, hint),
        )


def _tags_hint(tags: nodes.List | nodes.Tuple | nodes.Set) -> str:
    labels = [_string(element) for element in tags.elts]
    if labels and all(labels):
        written = ", ".join(f'"{label}": ""' for label in labels)
    else:
        written = '"<tag>": ""'
    return (
        "Dagster tags are a dict of string keys to string values, not a list: "
        f"tags={{{written}}} (or group_name=/kinds= to group and label assets)"
    )


def _hint(keyword: nodes.Keyword, callee: str, accepted: frozenset[str], call: nodes.Call) -> str:
    """The Dagster replacement for a rejected keyword, in the user's own values."""
    # pylint: disable=too-many-return-statements,too-many-branches
    name, value = keyword.arg, keyword.value
    prefix = names.dagster_prefix(call)
    literal = excerpt(value, _TEXT_LIMIT)
    if name in {"task_id", "dag_id", "flow_run_name", "task_run_name"}:
        if "name" in accepted:
            return f"Name it with name={literal}"
        return "Dagster names it after the decorated function"
    if name in _SCHEDULE_ARGUMENTS or name == "interval_seconds":
        if "minimum_interval_seconds" in accepted:
            return f"A sensor's polling interval is minimum_interval_seconds={literal}"
        if "cron_schedule" in accepted:
            return f"Write cron_schedule={literal}"
        on_cron = (
            f" or automation_condition={prefix}AutomationCondition.on_cron({literal})"
            if "automation_condition" in accepted
            else ""
        )
        return (
            f"Schedules are separate definitions: {prefix}ScheduleDefinition(name=..., "
            f"cron_schedule={literal}, target=...){on_cron}"
        )
    if name == "poke_interval":
        where = "" if "minimum_interval_seconds" in accepted else f" on a @{prefix}sensor"
        return (
            f"Write minimum_interval_seconds={literal}{where}: the daemon calls the sensor at "
            "that interval, so the sensor checks once and never waits or pokes"
        )
    if name == "timezone":
        if "execution_timezone" in accepted:
            return f"Write execution_timezone={literal}"
    if name in _TIMEOUT_ARGUMENTS:
        seconds = names.timedelta_seconds(value)
        if seconds is None and isinstance(value, nodes.Const) and type(value.value) in (int, float):
            seconds = value.value
        written = f'"{seconds}"' if seconds is not None else '"<seconds>"'
        return (
            "Dagster has no per-step timeout; it limits a whole run with the run tag "
            f'dagster/max_runtime, e.g. tags={{"dagster/max_runtime": {written}}} on the job '
            "(enforced when run monitoring is enabled)"
        )
    if name == "owner":
        owner = _string(value)
        if owner and "@" in owner:
            written = f'owners=["{owner}"]'
        else:
            written = f'owners=["team:{owner or "<team>"}"]'
        where = "" if "owners" in accepted else " on the asset or job (ops have no owners)"
        return f"Write {written}{where}: each owner is an email address or 'team:' followed by a name"
    if name == "provide_context":
        context = context_class(callee)
        return (
            "Dagster passes the context to a parameter named context: "
            f"def ...(context: {prefix}{context})"
        )
    if name == "log_prints":
        return "Log with context.log.info(...); print output already goes to the run's compute logs"
    if name == "trigger_rule":
        return (
            "A Dagster step runs once all of its upstreams succeed and there are no trigger rules; "
            f"for other conditions use automation_condition={prefix}AutomationCondition... or a sensor"
        )
    if name in _FAILURE_CALLBACKS:
        return f"Alert on failures from a @{prefix}run_failure_sensor, which runs for every failed run"
    if name in _SUCCESS_CALLBACKS:
        return (
            f"React to runs from a @{prefix}run_status_sensor(run_status="
            f"{prefix}DagsterRunStatus.SUCCESS)"
        )
    if name in _CACHE_ARGUMENTS:
        return (
            "Dagster skips unchanged work with code_version= and declarative automation "
            f"(automation_condition={prefix}AutomationCondition.eager()), not a cache key"
        )
    if name in _RESULT_ARGUMENTS:
        return "Return values are stored by the I/O manager: choose one with io_manager_key="
    if name in _CONCURRENCY_ARGUMENTS:
        return (
            'Limit concurrency with pool="<name>" on assets and ops (dagster instance '
            "concurrency set <name> <limit>) or run queue limits in dagster.yaml"
        )
    if name == "is_paused_upon_creation" and "default_status" in accepted:
        status = "DefaultSensorStatus" if "minimum_interval_seconds" in accepted else "DefaultScheduleStatus"
        if isinstance(value, nodes.Const) and value.value is True:
            return "Schedules and sensors already start STOPPED: delete it"
        return f"Schedules and sensors start STOPPED unless declared with default_status={prefix}{status}.RUNNING"
    if name in {"doc_md", "doc"} and "description" in accepted:
        return f"Write description={literal}"
    if name in {"priority_weight", "weight_rule"}:
        return 'Set run priority with the dagster/priority tag, e.g. tags={"dagster/priority": "1"}'
    if name == "pool" and "pool" not in accepted:
        return "pool= goes on the assets or ops whose steps share the concurrency pool"
    if callee == "multi_asset" and name in signatures.accepted_keywords("AssetSpec") - accepted:
        return f"Set {name}= on each {prefix}AssetSpec in specs=[...] (or each {prefix}AssetOut)"
    # The decorated function itself is passed positionally; it is no keyword to suggest.
    suggestible = sorted(accepted - _DECORATED_FUNCTION_PARAMETERS)
    close = difflib.get_close_matches(name, suggestible, n=1, cutoff=0.6)
    if close:
        return f"Did you mean {close[0]}=?"
    return f"It accepts: {', '.join(suggestible)}"


def register(linter: PyLinter) -> None:
    linter.register_checker(ArgumentsChecker(linter))

"""Arguments: keywords a Dagster callable does not take, above all Airflow and Prefect leftovers.

What each callable accepts comes from ``dagster_signatures.py``, generated from the installed
Dagster (see ``generate_signatures.py``). Catchup and retry keywords have their own, more
precise messages; ``keyword_owners.py`` says which, and they are reported here only while that
message is disabled, so that turning one message off never hides a module that fails to load.
The fixes (a rename, a rewritten value, a deletion) are ``argument_fixes.py``'s; one is attached
only where the message gives the keyword's own hint, which names the same replacement.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import keyword_owners, literals, names, retry_policies, signatures
from pylint_dagster_migration.checkers.base import STRICT_ENV, DagsterChecker, excerpt
from pylint_dagster_migration.edits import Fix, FixSafety
from pylint_dagster_migration.model import assets_definition_method, context_class

if TYPE_CHECKING:
    from types import ModuleType

    from pylint.lint import PyLinter

_TEXT_LIMIT = 50
#: The decorated function itself is passed positionally; it is no keyword to suggest.
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
            "for tags. AssetsDefinition.with_attributes(...) is judged too where the receiver is "
            "surely an asset definition (a name the module binds to an @asset, @multi_asset, "
            "@graph_asset or @graph_multi_asset, or to with_attributes of one): it takes "
            "per-key attributes only, so retry_policy= belongs on the decorator and group_name=, "
            "owners=, tags= go through map_asset_specs(...).",
        ),
    }
    fixes = {
        "unknown-dagster-argument": FixSafety(
            "safe",
            "renames the keywords Dagster has under another name and keeps their values "
            '(schedule_interval="0 6 * * *", schedule= or cron= with a cron string Dagster parses '
            "become cron_schedule=; timezone= becomes execution_timezone=; poke_interval= in "
            "whole seconds becomes minimum_interval_seconds=; doc_md= becomes description=; "
            "task_id= and dag_id= become name= where they repeat the function's name), writes a "
            'list of tags as a dict (tags=["sales"] becomes tags={"sales": ""}), '
            'is_paused_upon_creation=False as default_status=...RUNNING and owner="<email>" as '
            'owners=["<email>"], and deletes a keyword whose value asks for what Dagster does '
            'anyway (catchup=False, email_on_failure=False, trigger_rule="all_success", a None '
            "callback). With --unsafe-fixes it also deletes the keywords Dagster has no "
            "equivalent for (callbacks and e-mail alerts, timeouts, provide_context=True, other "
            "trigger rules, caching, concurrency limits, priorities, catchup), whose behaviour is "
            "lost until written the way the message says, gives a task_id= other than the "
            "function's name as name= (which renames the asset or op), and an owner that is no "
            'e-mail address as owners=["team:..."]',
        ),
    }

    @only_required_for_messages("unknown-dagster-argument")
    def visit_call(self, node: nodes.Call) -> None:
        if not node.keywords:
            return
        callee = names.call_dagster_name(node)
        if callee is None and isinstance(node.func, nodes.Attribute):
            callee = assets_definition_method(node, self.dagster_model(node))
        accepted = signatures.accepted_keywords(callee)
        if accepted is None:
            return
        for keyword in node.keywords:
            name = keyword.arg
            if name is None:
                continue  # a ** expansion: its keys are not known here
            if name in accepted:
                if name == "tags" and isinstance(keyword.value, (nodes.List, nodes.Tuple, nodes.Set)):
                    fix = _fix(_argument_fixes().tags_fix, keyword.value)
                    self._report(keyword, node, "ParameterCheckError", _tags_hint(keyword.value), fix)
                continue
            if not signatures.rejects(callee, name):
                continue
            owner = keyword_owners.owner(callee, name)
            if owner is None:
                hint, own = _hint(_Rejected(keyword, callee, accepted, names.dagster_prefix(node)))
                fix = _fix(_keyword_fix, keyword, node, callee, accepted) if own else None
            elif self.linter.is_message_enabled(owner.symbol, keyword.fromlineno):
                continue  # the owner reports it, with its own fix
            else:
                hint = owner.handover_hint(keyword, node, callee)
                fix = None
                if owner.symbol == "assumed-catchup":
                    fix = _fix(_argument_fixes().catchup_fix, node, keyword)
            self._report(keyword, node, "TypeError", hint, fix)

    # pylint: disable-next=too-many-arguments,too-many-positional-arguments
    def _report(
        self, keyword: nodes.Keyword, call: nodes.Call, error: str, hint: str, fix: Fix | None
    ) -> None:
        self.add_message(
            "unknown-dagster-argument",
            node=keyword,
            args=(excerpt(keyword, _TEXT_LIMIT), names.construct_label(call), error, hint),
            fix=fix,
        )


def _argument_fixes() -> ModuleType:
    """``argument_fixes``, loaded with the first finding that may have a fix rather than by
    every pylint run."""
    # pylint: disable-next=import-outside-toplevel
    from pylint_dagster_migration import argument_fixes

    return argument_fixes


def _keyword_fix(
    keyword: nodes.Keyword, call: nodes.Call, callee: str, accepted: frozenset[str]
) -> Fix | None:
    """``argument_fixes.keyword_fix`` of a keyword whose message gives its own hint."""
    argument_fixes = _argument_fixes()
    return argument_fixes.keyword_fix(argument_fixes.Rejected(keyword, call, callee, accepted))


def _fix(build: Callable[..., Fix | None], *arguments: object) -> Fix | None:
    """The fix ``build`` makes, or None where the call's source cannot be read to make it (a
    deletion reads the commas around the keyword): the finding is reported without a fix.
    The test suite sees the error instead."""
    try:
        return build(*arguments)
    except ValueError:
        if os.environ.get(STRICT_ENV):
            raise
        return None


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


# A plain class, not a dataclass: defining a dataclass costs every pylint run a millisecond.
class _Rejected:
    """A keyword Dagster rejects, with what its hint writes the replacement from."""

    __slots__ = ("keyword", "callee", "accepted", "prefix")

    def __init__(
        self, keyword: nodes.Keyword, callee: str, accepted: frozenset[str], prefix: str
    ) -> None:
        self.keyword = keyword
        self.callee = callee
        self.accepted = accepted
        self.prefix = prefix  # how the module writes Dagster names: "dg.", "dagster." or ""

    @property
    def literal(self) -> str:
        return excerpt(self.keyword.value, _TEXT_LIMIT)


# Hints that depend on the keyword's value or on what the callee accepts. None: no specific
# hint applies to this callee, and the generic suggestion is given instead.


def _name_hint(rejected: _Rejected) -> str:
    if "name" in rejected.accepted:
        return f"Name it with name={rejected.literal}"
    return "Dagster names it after the decorated function"


def _schedule_hint(rejected: _Rejected) -> str:
    literal, accepted, prefix = rejected.literal, rejected.accepted, rejected.prefix
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


def _poke_interval_hint(rejected: _Rejected) -> str:
    where = "" if "minimum_interval_seconds" in rejected.accepted else f" on a @{rejected.prefix}sensor"
    return (
        f"Write minimum_interval_seconds={rejected.literal}{where}: the daemon calls the sensor at "
        "that interval, so the sensor checks once and never waits or pokes"
    )


def _timezone_hint(rejected: _Rejected) -> str | None:
    if "execution_timezone" in rejected.accepted:
        return f"Write execution_timezone={rejected.literal}"
    return None


def _timeout_hint(rejected: _Rejected) -> str:
    value = rejected.keyword.value
    seconds = names.timedelta_seconds(value)
    if seconds is None and isinstance(value, nodes.Const):
        seconds = literals.number(value)
    written = f'"{seconds}"' if seconds is not None else '"<seconds>"'
    return (
        "Dagster has no per-step timeout; it limits a whole run with the run tag "
        f'dagster/max_runtime, e.g. tags={{"dagster/max_runtime": {written}}} on the job '
        "(enforced when run monitoring is enabled)"
    )


def _owner_hint(rejected: _Rejected) -> str:
    owner = _string(rejected.keyword.value)
    # Dagster takes an email address as it is; any other owner is a team.
    written = f'owners=["{owner}"]' if owner and "@" in owner else f'owners=["team:{owner or "<team>"}"]'
    where = "" if "owners" in rejected.accepted else " on the asset or job (ops have no owners)"
    return f"Write {written}{where}: each owner is an email address or 'team:' followed by a name"


def _provide_context_hint(rejected: _Rejected) -> str:
    context = context_class(rejected.callee)
    return f"Dagster passes the context to a parameter named context: def ...(context: {rejected.prefix}{context})"


def _paused_hint(rejected: _Rejected) -> str | None:
    if "default_status" not in rejected.accepted:
        return None
    value = rejected.keyword.value
    if isinstance(value, nodes.Const) and value.value is True:
        return "Schedules and sensors already start STOPPED: delete it"
    status = "DefaultSensorStatus" if "minimum_interval_seconds" in rejected.accepted else "DefaultScheduleStatus"
    return f"Schedules and sensors start STOPPED unless declared with default_status={rejected.prefix}{status}.RUNNING"


def _description_hint(rejected: _Rejected) -> str | None:
    if "description" in rejected.accepted:
        return f"Write description={rejected.literal}"
    return None


#: Airflow/Prefect keyword(s) -> the Dagster replacement: a template ({prefix} is how the
#: module writes Dagster names) or one of the functions above.
_HINTS: dict[tuple[str, ...], str | Callable[[_Rejected], str | None]] = {
    ("task_id", "dag_id", "flow_run_name", "task_run_name"): _name_hint,
    ("schedule_interval", "schedule", "timetable", "cron", "interval_seconds"): _schedule_hint,
    ("poke_interval",): _poke_interval_hint,
    ("timezone",): _timezone_hint,
    ("execution_timeout", "timeout", "timeout_seconds", "dagrun_timeout"): _timeout_hint,
    ("owner",): _owner_hint,
    ("provide_context",): _provide_context_hint,
    ("log_prints",): "Log with context.log.info(...); print output already goes to the run's compute logs",
    ("trigger_rule",): (
        "A Dagster step runs once all of its upstreams succeed and there are no trigger rules; "
        "for other conditions use automation_condition={prefix}AutomationCondition... or a sensor"
    ),
    (
        "email", "email_on_failure", "email_on_retry", "on_failure_callback", "on_retry_callback",
        "sla_miss_callback",
    ): "Alert on failures from a @{prefix}run_failure_sensor, which runs for every failed run",
    ("on_success_callback", "on_execute_callback"): (
        "React to runs from a @{prefix}run_status_sensor(run_status={prefix}DagsterRunStatus.SUCCESS)"
    ),
    ("cache_key_fn", "cache_expiration", "cache_policy"): (
        "Dagster skips unchanged work with code_version= and declarative automation "
        "(automation_condition={prefix}AutomationCondition.eager()), not a cache key"
    ),
    ("persist_result", "result_storage", "result_serializer"): (
        "Return values are stored by the I/O manager: choose one with io_manager_key="
    ),
    ("max_active_runs", "max_active_tasks", "concurrency"): (
        'Limit concurrency with pool="<name>" on assets and ops (dagster instance '
        "concurrency set <name> <limit>) or run queue limits in dagster.yaml"
    ),
    ("is_paused_upon_creation",): _paused_hint,
    ("doc_md", "doc"): _description_hint,
    ("priority_weight", "weight_rule"): (
        'Set run priority with the dagster/priority tag, e.g. tags={{"dagster/priority": "1"}}'
    ),
    # Rejected on jobs and graphs: the pool belongs to the steps they run.
    ("pool",): "pool= goes on the assets or ops whose steps share the concurrency pool",
}
_HINT_FOR_KEYWORD = {keyword: hint for keywords, hint in _HINTS.items() for keyword in keywords}


def _with_attributes_hint(rejected: _Rejected) -> str | None:
    """``orders.with_attributes(...)`` changes per-key attributes of a built asset definition:
    its retry policy belongs to the decorator, spec attributes go through map_asset_specs."""
    keyword, prefix = rejected.keyword.arg, rejected.prefix
    call = rejected.keyword.parent
    receiver = excerpt(call.func.expr, _TEXT_LIMIT)
    if keyword in retry_policies.POLICY_KEYWORDS | retry_policies.FOREIGN_RETRY_KEYWORDS:
        if keyword in retry_policies.POLICY_KEYWORDS:
            policy = rejected.literal
        else:
            policy = retry_policies.retry_policy_text(retry_policies.retry_keywords(call), prefix)
        return (
            "with_attributes() sets no retry policy: give it where the asset is defined, "
            f"retry_policy={policy} on its decorator, or op_retry_policy={policy} on the job "
            "that materializes it"
        )
    if keyword in signatures.accepted_keywords("AssetSpec") - _SPEC_KEYS_NOT_REMAPPED:
        return (
            "Set it on the asset's specs: "
            f"{receiver}.map_asset_specs(lambda spec: spec.replace_attributes({keyword}={rejected.literal}))"
        )
    return None


def _partitioned_schedule_hint(rejected: _Rejected) -> str | None:
    """``build_schedule_from_partitioned_job`` takes its cron and timezone from a time-partitioned
    job's partitions: it refuses cron_schedule= and execution_timezone= for one."""
    keyword, literal, prefix = rejected.keyword.arg, rejected.literal, rejected.prefix
    if keyword == "timezone":
        return (
            "The schedule of a time-partitioned job runs in its partitions' timezone: give it to "
            f"the partitions definition, {prefix}DailyPartitionsDefinition(..., timezone={literal}) "
            "(execution_timezone= is for statically partitioned jobs only)"
        )
    if keyword in ("schedule_interval", "schedule", "cron"):
        return (
            "The schedule of a time-partitioned job ticks once per partition: choose the time "
            "with minute_of_hour=/hour_of_day= (cron_schedule= is for statically partitioned "
            "jobs only)"
        )
    return None


#: AssetSpec keywords that ``map_asset_specs`` cannot change (keys) or that replace_attributes
#: lacks.
_SPEC_KEYS_NOT_REMAPPED = frozenset({"key", "auto_materialize_policy"})
#: Hints that depend on the callee rather than on the keyword, checked first.
_HINT_FOR_CALLEE: dict[str, Callable[[_Rejected], str | None]] = {
    "AssetsDefinition.with_attributes": _with_attributes_hint,
    "build_schedule_from_partitioned_job": _partitioned_schedule_hint,
}


def _hint(rejected: _Rejected) -> tuple[str, bool]:
    """The Dagster replacement for a rejected keyword, in the user's own values, and whether it
    is the keyword's own hint (the one its fix writes) rather than the callee's or a guess."""
    for_callee = _HINT_FOR_CALLEE.get(rejected.callee)
    written = for_callee(rejected) if for_callee else None
    if written:
        return written, False
    hint = _HINT_FOR_KEYWORD.get(rejected.keyword.arg)
    if isinstance(hint, str):
        return hint.format(prefix=rejected.prefix), True
    written = hint(rejected) if hint else None
    if written:
        return written, True
    return _suggestion(rejected), False


def _suggestion(rejected: _Rejected) -> str:
    """The hint for a keyword with no replacement of its own: where a @multi_asset keyword
    belongs, the accepted keyword it probably misspells, or everything the callee accepts."""
    name, accepted = rejected.keyword.arg, rejected.accepted
    if rejected.callee == "multi_asset" and name in signatures.accepted_keywords("AssetSpec") - accepted:
        return f"Set {name}= on each {rejected.prefix}AssetSpec in specs=[...] (or each {rejected.prefix}AssetOut)"
    suggestible = sorted(accepted - _DECORATED_FUNCTION_PARAMETERS)
    import difflib  # pylint: disable=import-outside-toplevel  # only when reporting
    close = difflib.get_close_matches(name, suggestible, n=1, cutoff=0.6)
    if close:
        return f"Did you mean {close[0]}=?"
    return f"It accepts: {', '.join(suggestible)}"


def register(linter: PyLinter) -> None:
    linter.register_checker(ArgumentsChecker(linter))

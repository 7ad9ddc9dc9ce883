"""Retries: Airflow and Prefect retry arguments, and RetryPolicy mistakes.

Airflow tasks retry with ``retries=``/``retry_delay=timedelta(...)``, Prefect tasks with
``retries=``/``retry_delay_seconds=``. Dagster retries a step under a policy object,
``retry_policy=dg.RetryPolicy(max_retries=3, delay=300)`` on an asset or op (delay in seconds),
or ``op_retry_policy=`` on a job; anything else fails when the code location loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names, signatures
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt

if TYPE_CHECKING:
    from pylint.lint import PyLinter

#: Airflow and Prefect task arguments that configure retries.
FOREIGN_RETRY_KEYWORDS = frozenset(
    {
        "retries", "retry_delay", "retry_delay_seconds", "retry_exponential_backoff",
        "max_retry_delay", "retry_jitter_factor", "retry_jitter",
    }
)
POLICY_KEYWORDS = frozenset({"retry_policy", "op_retry_policy"})

#: The RetryPolicy field that replaces each foreign keyword written inside RetryPolicy(...).
_POLICY_FIELDS = {
    "retries": "max_retries",
    "retry_delay": "delay",
    "retry_delay_seconds": "delay",
    "retry_exponential_backoff": "backoff",
    "retry_jitter_factor": "jitter",
    "retry_jitter": "jitter",
}
_RETRY_POLICY_POSITIONS = ("max_retries", "delay", "backoff", "jitter")
_TEXT_LIMIT = 60


def reports_keyword(callee: str | None, keyword: str) -> bool:
    """Whether this family reports ``keyword`` on a call to ``callee`` (so no other check
    reports it again)."""
    if callee == "RetryPolicy":
        return keyword in FOREIGN_RETRY_KEYWORDS
    return keyword in FOREIGN_RETRY_KEYWORDS | POLICY_KEYWORDS and signatures.rejects(callee, keyword)


def _literal(node: nodes.NodeNG | None) -> nodes.NodeNG | None:
    """``node``, or the value a name is assigned (``RETRY_DELAY = timedelta(...)``)."""
    if isinstance(node, nodes.Name):
        return names.assigned_value(node) or node
    return node


def _number(node: nodes.NodeNG | None) -> int | float | None:
    node = _literal(node)
    if isinstance(node, nodes.Const) and type(node.value) in (int, float):
        return node.value
    return None


def _retry_count(value: nodes.NodeNG) -> str:
    """The RetryPolicy max_retries written for an Airflow/Prefect retries argument."""
    count = _number(value)
    return str(count) if count is not None else excerpt(value, _TEXT_LIMIT)


def _delay_seconds(keyword: str, value: nodes.NodeNG) -> str:
    """The RetryPolicy delay (seconds) written for an Airflow/Prefect delay argument."""
    literal = _literal(value)
    seconds = names.timedelta_seconds(literal)
    if seconds is None:
        seconds = _number(literal)
    if seconds is None and isinstance(literal, (nodes.List, nodes.Tuple)) and literal.elts:
        seconds = _number(literal.elts[0])  # Prefect's per-attempt list: start from the first
    if seconds is not None:
        return str(seconds)
    if keyword == "retry_delay" or names.is_timedelta_call(literal):
        return f"{excerpt(value, _TEXT_LIMIT)}.total_seconds()"
    return excerpt(value, _TEXT_LIMIT)


def _is_false(node: nodes.NodeNG | None) -> bool:
    node = _literal(node)
    return isinstance(node, nodes.Const) and not node.value


def retry_policy_text(values: dict[str, nodes.NodeNG], prefix: str) -> str:
    """``dg.RetryPolicy(max_retries=3, delay=300)`` written from the Airflow/Prefect retry
    arguments in ``values`` (keyword -> value), with ``prefix`` before Dagster names."""
    fields = []
    if "retries" in values:
        fields.append(f"max_retries={_retry_count(values['retries'])}")
    delay = next((values[k] for k in ("retry_delay", "retry_delay_seconds") if k in values), None)
    if delay is not None:
        keyword = "retry_delay" if "retry_delay" in values else "retry_delay_seconds"
        fields.append(f"delay={_delay_seconds(keyword, delay)}")
    backoff = "retry_exponential_backoff" in values and not _is_false(values["retry_exponential_backoff"])
    jitter = any(k in values and not _is_false(values[k]) for k in ("retry_jitter_factor", "retry_jitter"))
    if (backoff or jitter) and delay is None:
        fields.append("delay=<seconds>")
    if backoff:
        fields.append(f"backoff={prefix}Backoff.EXPONENTIAL")
    if jitter:
        fields.append(f"jitter={prefix}Jitter.PLUS_MINUS")
    return f"{prefix}RetryPolicy({', '.join(fields)})"


def policy_placement(callee: str | None, policy: str) -> str:
    """Where ``policy`` goes for a construct: ``retry_policy=...`` on what accepts it,
    ``op_retry_policy=...`` on jobs, else on the assets or ops the construct runs."""
    accepted = signatures.accepted_keywords(callee) or frozenset()
    if "retry_policy" in accepted:
        return f"retry_policy={policy}"
    if "op_retry_policy" in accepted:
        return f"op_retry_policy={policy}"
    return f"retry_policy={policy} on the assets or ops it runs (or op_retry_policy= on their job)"


def dict_entries(node: nodes.NodeNG | None) -> dict[str, nodes.NodeNG]:
    """String keys and values of a dict literal or ``dict(...)`` call, through one name
    (``default_args = {...}``); empty when it is not one."""
    node = _literal(node)
    entries: dict[str, nodes.NodeNG] = {}
    if isinstance(node, nodes.Dict):
        for key, value in node.items:
            if isinstance(key, nodes.Const) and isinstance(key.value, str):
                entries[key.value] = value
    elif isinstance(node, nodes.Call) and names.is_builtin(node.func, "dict"):
        entries = {keyword.arg: keyword.value for keyword in node.keywords or () if keyword.arg}
    return entries


class RetriesChecker(DagsterChecker):
    """Finds Airflow/Prefect retry arguments and RetryPolicy values Dagster rejects."""

    msgs = {
        "E7331": (
            "%s is not a Dagster argument: %s rejects it with TypeError when the module loads. "
            "Dagster retries with a policy: %s",
            "foreign-retry-arguments",
            "An Airflow or Prefect retry argument (retries, retry_delay, retry_delay_seconds, "
            "retry_exponential_backoff, max_retry_delay, retry_jitter_factor) is passed to a "
            "Dagster construct.\n\n"
            "No Dagster decorator or class takes these keywords, so the code location fails to "
            "load with TypeError. Dagster retries a failed step under a policy: "
            "retry_policy=dg.RetryPolicy(max_retries=3, delay=300) on an asset or op, with the "
            "delay in seconds (not a timedelta) and backoff=dg.Backoff.EXPONENTIAL for "
            "exponential backoff; a job or define_asset_job takes op_retry_policy= for all of "
            "its steps. Dagster has no maximum delay.",
        ),
        "E7332": (
            "%s %s. Write %s",
            "invalid-retry-policy",
            "A RetryPolicy that Dagster rejects, or one given to a construct under the wrong "
            "keyword: delay=timedelta(...), retries=, backoff=/jitter= without delay=, "
            "retry_policy= on a job, op_retry_policy= on an asset or op.\n\n"
            "RetryPolicy takes max_retries, delay (seconds, an int or float), backoff "
            "(dg.Backoff) and jitter (dg.Jitter); backoff and jitter scale the delay and need "
            "one. Assets, ops and checks take retry_policy=; @job and define_asset_job take "
            "op_retry_policy=, which applies to every step. Anything else fails when the code "
            "location loads.",
        ),
    }

    @only_required_for_messages("foreign-retry-arguments", "invalid-retry-policy")
    def visit_call(self, node: nodes.Call) -> None:
        if not node.keywords and not node.args:
            return
        callee = names.call_dagster_name(node)
        if callee == "RetryPolicy":
            self._check_retry_policy(node)
        elif signatures.accepted_keywords(callee) is not None:
            self._check_construct(node, callee)

    # foreign-retry-arguments / misplaced policies ---------------------------------------

    def _check_construct(self, call: nodes.Call, callee: str) -> None:
        prefix = names.dagster_prefix(call)
        label = names.construct_label(call)
        given = {k.arg: k.value for k in call.keywords or () if k.arg in FOREIGN_RETRY_KEYWORDS}
        for keyword in call.keywords or ():
            if keyword.arg is None:
                self._check_expansion(keyword, callee, label, prefix)
            elif keyword.arg in given and signatures.rejects(callee, keyword.arg):
                self._report_foreign(keyword, callee, label, given, prefix)
            elif keyword.arg in POLICY_KEYWORDS and signatures.rejects(callee, keyword.arg):
                self._report_misplaced_policy(keyword, callee, label)

    def _check_expansion(self, keyword: nodes.Keyword, callee: str, label: str, prefix: str) -> None:
        """``**default_args`` where the dict holds Airflow retry arguments."""
        entries = dict_entries(keyword.value)
        given = {k: v for k, v in entries.items() if k in FOREIGN_RETRY_KEYWORDS}
        if given and any(signatures.rejects(callee, k) for k in given):
            self._report_foreign(keyword, callee, label, given, prefix)

    def _report_foreign(
        self,
        keyword: nodes.Keyword,
        callee: str,
        label: str,
        given: dict[str, nodes.NodeNG],
        prefix: str,
    ) -> None:
        fix = policy_placement(callee, retry_policy_text(given, prefix))
        if "max_retry_delay" in given:
            fix += "; Dagster has no maximum delay"
        what = excerpt(keyword, _TEXT_LIMIT)
        if not keyword.arg:
            what += f" (holding {', '.join(sorted(given))})"
        self.add_message("foreign-retry-arguments", node=keyword, args=(what, label, fix))

    def _report_misplaced_policy(self, keyword: nodes.Keyword, callee: str, label: str) -> None:
        policy = excerpt(keyword.value, _TEXT_LIMIT)
        accepted = signatures.accepted_keywords(callee) or frozenset()
        if keyword.arg == "retry_policy" and "op_retry_policy" in accepted:
            problem = "a job's policy applies to each of its steps and is named op_retry_policy"
            fix = f"op_retry_policy={policy}"
        elif keyword.arg == "op_retry_policy" and "retry_policy" in accepted:
            problem = "op_retry_policy is for jobs; an asset or op takes retry_policy"
            fix = f"retry_policy={policy}"
        else:
            problem = f"{label} takes no retry policy"
            fix = f"retry_policy={policy} on the assets or ops it runs, or op_retry_policy= on their job"
        self.add_message(
            "invalid-retry-policy",
            node=keyword,
            args=(
                f"{excerpt(keyword, _TEXT_LIMIT)} on {label}",
                f"is rejected with TypeError: {problem}",
                fix,
            ),
        )

    # RetryPolicy(...) ---------------------------------------------------------------------

    def _check_retry_policy(self, call: nodes.Call) -> None:
        prefix = names.dagster_prefix(call)
        arguments = dict(zip(_RETRY_POLICY_POSITIONS, call.args))
        expands = False
        for keyword in call.keywords or ():
            if keyword.arg is None:
                expands = True
            elif keyword.arg in FOREIGN_RETRY_KEYWORDS:
                self._report_foreign_field(keyword, prefix)
            else:
                arguments[keyword.arg] = keyword
        delay = arguments.get("delay")
        if delay is not None:
            self._check_delay(delay, "delay")
        for field in ("backoff", "jitter"):
            argument = arguments.get(field)
            if argument is None:
                continue
            value = argument.value if isinstance(argument, nodes.Keyword) else argument
            if isinstance(value, nodes.Const) and isinstance(value.value, str):
                kind = "Backoff" if field == "backoff" else "Jitter"
                member = "EXPONENTIAL" if field == "backoff" else "PLUS_MINUS"
                self._report_policy(
                    argument, field, f"is not a {prefix}{kind} and Dagster raises ParameterCheckError",
                    f"{field}={prefix}{kind}.{member}",
                )
            elif not expands and _absent(delay) and not _is_none(value):
                self._report_policy(
                    argument,
                    field,
                    f"without delay= makes Dagster raise DagsterInvalidDefinitionError: {field} "
                    "scales the delay between attempts",
                    "a delay in seconds as well, e.g. delay=30",
                )

    def _check_delay(self, argument: nodes.NodeNG, field: str) -> None:
        value = argument.value if isinstance(argument, nodes.Keyword) else argument
        if not names.is_timedelta_call(_literal(value)):
            return
        self._report_policy(
            argument,
            field,
            "is not a number of seconds and Dagster raises ParameterCheckError",
            f"delay={_delay_seconds(field, value)}",
        )

    def _report_foreign_field(self, keyword: nodes.Keyword, prefix: str) -> None:
        problem = "is not a RetryPolicy argument and Dagster raises TypeError"
        if keyword.arg == "max_retry_delay":
            problem = problem.replace("argument", "argument (Dagster has no maximum delay)")
            fix = "nothing: delete it"
        elif _POLICY_FIELDS[keyword.arg] == "max_retries":
            fix = f"max_retries={_retry_count(keyword.value)}"
        elif _POLICY_FIELDS[keyword.arg] == "delay":
            fix = f"delay={_delay_seconds(keyword.arg, keyword.value)}"
        elif _POLICY_FIELDS[keyword.arg] == "backoff":
            fix = f"backoff={prefix}Backoff.EXPONENTIAL"
        else:
            fix = f"jitter={prefix}Jitter.PLUS_MINUS"
        self._report_policy(keyword, keyword.arg, problem, fix)

    def _report_policy(self, argument: nodes.NodeNG, field: str, problem: str, fix: str) -> None:
        written = excerpt(argument, _TEXT_LIMIT)
        if not isinstance(argument, nodes.Keyword):
            written = f"{field}={written}"
        self.add_message(
            "invalid-retry-policy",
            node=argument,
            args=(f"{written} in RetryPolicy", problem, fix),
        )


def _is_none(node: nodes.NodeNG | None) -> bool:
    return isinstance(node, nodes.Const) and node.value is None


def _absent(argument: nodes.NodeNG | None) -> bool:
    if argument is None:
        return True
    value = argument.value if isinstance(argument, nodes.Keyword) else argument
    return _is_none(value)


def register(linter: PyLinter) -> None:
    linter.register_checker(RetriesChecker(linter))

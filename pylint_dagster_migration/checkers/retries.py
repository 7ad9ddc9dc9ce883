"""Retries: Airflow and Prefect retry arguments, and RetryPolicy mistakes.

Airflow tasks retry with ``retries=``/``retry_delay=timedelta(...)``, Prefect tasks with
``retries=``/``retry_delay_seconds=``. Dagster retries a step under a policy object,
``retry_policy=dg.RetryPolicy(max_retries=3, delay=300)`` on an asset or op (delay in seconds),
or ``op_retry_policy=`` on a job; anything else fails when the code location loads. The
policies the messages suggest, and the edits of their fixes, are written by
``retry_policies.py``; which keywords these messages report, rather than
``unknown-dagster-argument``, is decided by ``keyword_owners.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import literals, names, signatures
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.edits import Fix, FixSafety
from pylint_dagster_migration.keyword_owners import reports
from pylint_dagster_migration.retry_policies import (
    FOREIGN_RETRY_KEYWORDS,
    NO_MAXIMUM_DELAY,
    POLICY_FIELDS,
    RETRIES_WITH_A_POLICY,
    delay_fix,
    delay_seconds,
    enum_member,
    enum_string_fix,
    foreign_field_fix,
    foreign_retry_fix,
    misplaced_policy,
    misplaced_policy_fix,
    policy_field_fix,
    retry_keywords,
    retry_policy_fix,
)

if TYPE_CHECKING:
    from pylint.lint import PyLinter

_TEXT_LIMIT = 60


class RetriesChecker(DagsterChecker):
    """Finds Airflow/Prefect retry arguments and RetryPolicy values Dagster rejects."""

    msgs = {
        "E7331": (
            "%s is not a Dagster argument: %s rejects it with TypeError when the module loads. "
            f"{RETRIES_WITH_A_POLICY}: %s",
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

    fixes = {
        "foreign-retry-arguments": FixSafety(
            "safe",
            "replaces retries= and retry_delay= or retry_delay_seconds=, when written as "
            "literals (a timedelta of number literals for the delay), with "
            "retry_policy=dg.RetryPolicy(max_retries=3, delay=300) on an asset, op or check, "
            "importing RetryPolicy as the module imports Dagster. retries= without a delay "
            "becomes RetryPolicy(max_retries=3) only with --unsafe-fixes: Airflow waited 300 s "
            "between tries by default, and the policy retries at once",
        ),
        "invalid-retry-policy": FixSafety(
            "safe",
            "writes a delay=timedelta(...) of number literals in seconds, renames the Airflow "
            "and Prefect keywords inside RetryPolicy (retries= becomes max_retries=, a literal "
            "retry_delay= becomes delay=), a backoff or jitter string naming a member to that "
            "member, and a policy under the other construct's keyword (retry_policy= on a job "
            "becomes op_retry_policy=, and the reverse). Deleting max_retry_delay=, which "
            "Dagster has no equivalent for, is an unsafe fix (--unsafe-fixes): the delay "
            "between retries is then no longer capped",
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
        given = retry_keywords(call)
        # One fix for all of the call's retry keywords, carried by each of their findings.
        policy_fix = retry_policy_fix(call, callee) if given else None
        for keyword in call.keywords or ():
            if keyword.arg is None:
                self._check_expansion(keyword, callee, label, prefix)
            elif reports("foreign-retry-arguments", callee, keyword.arg):
                self._report_foreign(keyword, callee, label, given, prefix, policy_fix)
            elif reports("invalid-retry-policy", callee, keyword.arg):
                self._report_misplaced_policy(call, keyword, callee, label)

    def _check_expansion(self, keyword: nodes.Keyword, callee: str, label: str, prefix: str) -> None:
        """``**default_args`` where the dict holds Airflow retry arguments."""
        entries = literals.dict_entries(keyword.value)
        given = {k: v for k, v in entries.items() if k in FOREIGN_RETRY_KEYWORDS}
        if any(signatures.rejects(callee, k) for k in given):
            self._report_foreign(keyword, callee, label, given, prefix)

    # pylint: disable-next=too-many-arguments,too-many-positional-arguments
    def _report_foreign(
        self,
        keyword: nodes.Keyword,
        callee: str,
        label: str,
        given: dict[str, nodes.NodeNG],
        prefix: str,
        fix: Fix | None = None,
    ) -> None:
        what = excerpt(keyword, _TEXT_LIMIT)
        if not keyword.arg:
            what += f" (holding {', '.join(sorted(given))})"
        written = foreign_retry_fix(callee, given, prefix)
        self.add_message(
            "foreign-retry-arguments", node=keyword, args=(what, label, written), fix=fix
        )

    def _report_misplaced_policy(
        self, call: nodes.Call, keyword: nodes.Keyword, callee: str, label: str
    ) -> None:
        problem, written = misplaced_policy(keyword, callee, label)
        self.add_message(
            "invalid-retry-policy",
            node=keyword,
            args=(
                f"{excerpt(keyword, _TEXT_LIMIT)} on {label}",
                f"is rejected with TypeError: {problem}",
                written,
            ),
            fix=misplaced_policy_fix(call, keyword, callee),
        )

    # RetryPolicy(...) ---------------------------------------------------------------------

    def _check_retry_policy(self, call: nodes.Call) -> None:
        prefix = names.dagster_prefix(call)
        arguments = dict(zip(POLICY_FIELDS, call.args))
        expands = False
        for keyword in call.keywords or ():
            if keyword.arg is None:
                expands = True
            elif reports("invalid-retry-policy", "RetryPolicy", keyword.arg):
                self._report_foreign_field(call, keyword, prefix)
            else:
                arguments[keyword.arg] = keyword
        delay = arguments.get("delay")
        if delay is not None:
            self._check_delay(delay)
        for field in ("backoff", "jitter"):
            argument = arguments.get(field)
            if argument is None:
                continue
            value = argument.value if isinstance(argument, nodes.Keyword) else argument
            if isinstance(value, nodes.Const) and isinstance(value.value, str):
                kind = "Backoff" if field == "backoff" else "Jitter"
                member = enum_member(field, value.value) or (
                    "EXPONENTIAL" if field == "backoff" else "PLUS_MINUS"
                )
                self._report_policy(
                    argument, field, f"is not a {prefix}{kind} and Dagster raises ParameterCheckError",
                    f"{field}={prefix}{kind}.{member}",
                    enum_string_fix(call, field, value),
                )
            elif not expands and _absent(delay) and not _is_none(value):
                self._report_policy(
                    argument,
                    field,
                    f"without delay= makes Dagster raise DagsterInvalidDefinitionError: {field} "
                    "scales the delay between attempts",
                    "a delay in seconds as well, e.g. delay=30",
                )

    def _check_delay(self, argument: nodes.NodeNG) -> None:
        value = argument.value if isinstance(argument, nodes.Keyword) else argument
        if not names.is_timedelta_call(literals.resolved(value)):
            return
        self._report_policy(
            argument,
            "delay",
            "is not a number of seconds and Dagster raises ParameterCheckError",
            f"delay={delay_seconds('delay', value)}",
            delay_fix(argument),
        )

    def _report_foreign_field(self, call: nodes.Call, keyword: nodes.Keyword, prefix: str) -> None:
        replacement = policy_field_fix(keyword, prefix)
        if replacement is None:
            problem = f"is not a RetryPolicy argument ({NO_MAXIMUM_DELAY}) and Dagster raises TypeError"
            replacement = "nothing: delete it"
        else:
            problem = "is not a RetryPolicy argument and Dagster raises TypeError"
        self._report_policy(
            keyword, keyword.arg, problem, replacement, foreign_field_fix(call, keyword)
        )

    # pylint: disable-next=too-many-arguments,too-many-positional-arguments
    def _report_policy(
        self,
        argument: nodes.NodeNG,
        field: str,
        problem: str,
        replacement: str,
        fix: Fix | None = None,
    ) -> None:
        written = excerpt(argument, _TEXT_LIMIT)
        if not isinstance(argument, nodes.Keyword):
            written = f"{field}={written}"
        self.add_message(
            "invalid-retry-policy",
            node=argument,
            args=(f"{written} in RetryPolicy", problem, replacement),
            fix=fix,
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

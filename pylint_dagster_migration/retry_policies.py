"""Dagster retry policies, written from Airflow and Prefect retry arguments.

Airflow tasks retry with ``retries=``/``retry_delay=timedelta(...)``, Prefect tasks with
``retries=``/``retry_delay_seconds=``. Dagster retries a step under a policy object,
``retry_policy=dg.RetryPolicy(max_retries=3, delay=300)`` on an asset or op (delay in seconds),
or ``op_retry_policy=`` on a job. The fixes are written here once: the retries checker reports
them, and ``unknown-dagster-argument`` teaches the same fix when the retries messages are
disabled.
"""

from __future__ import annotations

from astroid import nodes

from pylint_dagster_migration import literals, names, signatures
from pylint_dagster_migration.checkers.base import excerpt

#: Airflow and Prefect task arguments that configure retries.
FOREIGN_RETRY_KEYWORDS = frozenset(
    {
        "retries", "retry_delay", "retry_delay_seconds", "retry_exponential_backoff",
        "max_retry_delay", "retry_jitter_factor", "retry_jitter",
    }
)
#: The keywords Dagster constructs take a RetryPolicy under.
POLICY_KEYWORDS = frozenset({"retry_policy", "op_retry_policy"})

RETRIES_WITH_A_POLICY = "Dagster retries with a policy"
NO_MAXIMUM_DELAY = "Dagster has no maximum delay"

#: The RetryPolicy field that replaces each foreign keyword; max_retry_delay has none.
_POLICY_FIELDS = {
    "retries": "max_retries",
    "retry_delay": "delay",
    "retry_delay_seconds": "delay",
    "retry_exponential_backoff": "backoff",
    "retry_jitter_factor": "jitter",
    "retry_jitter": "jitter",
}
_TEXT_LIMIT = 60


def retry_keywords(call: nodes.Call) -> dict[str, nodes.NodeNG]:
    """The Airflow/Prefect retry keywords of a call, with their values."""
    return {k.arg: k.value for k in call.keywords or () if k.arg in FOREIGN_RETRY_KEYWORDS}


def retry_count(value: nodes.NodeNG) -> str:
    """The RetryPolicy max_retries written for an Airflow/Prefect retries argument."""
    count = literals.number(value)
    return str(count) if count is not None else excerpt(value, _TEXT_LIMIT)


def delay_seconds(keyword: str, value: nodes.NodeNG) -> str:
    """The RetryPolicy delay (seconds) written for a delay given as ``keyword=value``."""
    literal = literals.resolved(value)
    seconds = names.timedelta_seconds(literal)
    if seconds is None:
        seconds = literals.number(literal)
    if seconds is None and isinstance(literal, (nodes.List, nodes.Tuple)) and literal.elts:
        seconds = literals.number(literal.elts[0])  # Prefect's per-attempt list: start from the first
    if seconds is not None:
        return str(seconds)
    # Airflow's retry_delay is always a timedelta, whatever the expression looks like.
    if keyword == "retry_delay" or names.is_timedelta_call(literal):
        return f"{excerpt(value, _TEXT_LIMIT)}.total_seconds()"
    return excerpt(value, _TEXT_LIMIT)


def retry_policy_text(values: dict[str, nodes.NodeNG], prefix: str) -> str:
    """``dg.RetryPolicy(max_retries=3, delay=300)`` written from the Airflow/Prefect retry
    arguments in ``values`` (keyword -> value), with ``prefix`` before Dagster names."""
    fields = []
    if "retries" in values:
        fields.append(f"max_retries={retry_count(values['retries'])}")
    delay_keyword = next((k for k in ("retry_delay", "retry_delay_seconds") if k in values), None)
    if delay_keyword is not None:
        fields.append(f"delay={delay_seconds(delay_keyword, values[delay_keyword])}")
    backoff = "retry_exponential_backoff" in values and not literals.is_falsy(values["retry_exponential_backoff"])
    jitter = any(k in values and not literals.is_falsy(values[k]) for k in ("retry_jitter_factor", "retry_jitter"))
    # Backoff and jitter scale the delay: without one Dagster rejects the policy.
    if (backoff or jitter) and delay_keyword is None:
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


def foreign_retry_fix(callee: str, given: dict[str, nodes.NodeNG], prefix: str) -> str:
    """The policy that replaces the Airflow/Prefect retry arguments ``given`` to ``callee``."""
    fix = policy_placement(callee, retry_policy_text(given, prefix))
    if "max_retry_delay" in given:
        fix += f"; {NO_MAXIMUM_DELAY}"
    return fix


def misplaced_policy(keyword: nodes.Keyword, callee: str, label: str) -> tuple[str, str]:
    """Why ``retry_policy=``/``op_retry_policy=`` is wrong on ``callee``, and what to write."""
    policy = excerpt(keyword.value, _TEXT_LIMIT)
    accepted = signatures.accepted_keywords(callee) or frozenset()
    if keyword.arg == "retry_policy" and "op_retry_policy" in accepted:
        return (
            "a job's policy applies to each of its steps and is named op_retry_policy",
            f"op_retry_policy={policy}",
        )
    if keyword.arg == "op_retry_policy" and "retry_policy" in accepted:
        return "op_retry_policy is for jobs; an asset or op takes retry_policy", f"retry_policy={policy}"
    return (
        f"{label} takes no retry policy",
        f"retry_policy={policy} on the assets or ops it runs, or op_retry_policy= on their job",
    )


def policy_field_fix(keyword: nodes.Keyword, prefix: str) -> str | None:
    """The RetryPolicy field that replaces a foreign retry keyword written inside
    ``RetryPolicy(...)``; None for max_retry_delay, which nothing replaces."""
    field = _POLICY_FIELDS.get(keyword.arg)
    if field == "max_retries":
        return f"max_retries={retry_count(keyword.value)}"
    if field == "delay":
        return f"delay={delay_seconds(keyword.arg, keyword.value)}"
    if field == "backoff":
        return f"backoff={prefix}Backoff.EXPONENTIAL"
    if field == "jitter":
        return f"jitter={prefix}Jitter.PLUS_MINUS"
    return None

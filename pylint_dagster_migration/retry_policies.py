"""Dagster retry policies, written from Airflow and Prefect retry arguments.

Airflow tasks retry with ``retries=``/``retry_delay=timedelta(...)``, Prefect tasks with
``retries=``/``retry_delay_seconds=``. Dagster retries a step under a policy object,
``retry_policy=dg.RetryPolicy(max_retries=3, delay=300)`` on an asset or op (delay in seconds),
or ``op_retry_policy=`` on a job. The fixes are written here once: the retries checker reports
them, and ``unknown-dagster-argument`` teaches the same fix when the retries messages are
disabled.

The edits of ``--fix`` are made here too, only where the rewrite is mechanical: values written
as literals (a count, seconds, a ``timedelta`` of number literals), never values read through a
name or an expression, and never where Dagster's policy would retry differently (exponential
backoff, jitter and a maximum delay are Airflow's and Prefect's own formulas; a delay without a
count retries once in Dagster and never in Airflow or Prefect; a job's ``retries=`` is Prefect's
retry of the whole flow run, not of each step).
"""

from __future__ import annotations

from astroid import nodes

from pylint_dagster_migration import literals, names, signatures
from pylint_dagster_migration.checkers.base import excerpt
from pylint_dagster_migration.edits import Edit, Fix, dagster_reference, remove_argument, replace

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


# --- fixes ------------------------------------------------------------------------------------

#: The foreign keywords a fix turns into a RetryPolicy: a count, and one delay in seconds.
_POLICY_ARGUMENTS = frozenset({"retries", "retry_delay", "retry_delay_seconds"})
_DELAY_KEYWORDS = ("retry_delay", "retry_delay_seconds")
#: RetryPolicy's fields in the order it takes them positionally.
POLICY_FIELDS = ("max_retries", "delay", "backoff", "jitter")
#: The Dagster enum each field takes, and its members.
_ENUMS = {
    "backoff": ("Backoff", ("LINEAR", "EXPONENTIAL")),
    "jitter": ("Jitter", ("FULL", "PLUS_MINUS")),
}


def literal_count(value: nodes.NodeNG) -> str | None:
    """A retry count written as an integer literal (not a name, not a bool), as text."""
    if isinstance(value, nodes.Const) and type(value.value) is int:
        return value.as_string()
    return None


def literal_seconds(value: nodes.NodeNG) -> str | None:
    """A delay written as a number literal, or a ``timedelta`` of number literals, in seconds
    as text (``timedelta(minutes=5)`` -> ``300``); None for anything else (a name, a list of
    Prefect delays, an expression)."""
    if isinstance(value, nodes.Const) and type(value.value) in (int, float):
        return value.as_string()
    seconds = names.timedelta_seconds(value)
    return None if seconds is None else str(seconds)


def retry_policy_fix(call: nodes.Call, callee: str) -> Fix | None:
    """``retry_policy=RetryPolicy(max_retries=N, delay=S)`` in place of the Airflow/Prefect
    ``retries=`` and ``retry_delay=``/``retry_delay_seconds=`` of ``call``, written where the
    first of them was, the others removed, and ``RetryPolicy`` imported when it is not; None
    unless that is the whole, mechanical fix (see the module's docstring): a construct that
    takes ``retry_policy=`` and none yet, no ``**`` expansion (it could hold either), a literal
    count, a literal delay or none, and no other retry keyword."""
    if "retry_policy" not in (signatures.accepted_keywords(callee) or ()):
        return None
    keywords = call.keywords or []
    if any(keyword.arg is None or keyword.arg in POLICY_KEYWORDS for keyword in keywords):
        return None
    foreign = [keyword for keyword in keywords if keyword.arg in FOREIGN_RETRY_KEYWORDS]
    given = {keyword.arg: keyword.value for keyword in foreign}
    if len(given) != len(foreign) or not set(given) <= _POLICY_ARGUMENTS or "retries" not in given:
        return None
    delays = [keyword for keyword in _DELAY_KEYWORDS if keyword in given]
    if len(delays) > 1:
        return None
    fields = {"max_retries": literal_count(given["retries"])}
    if delays:
        fields["delay"] = literal_seconds(given[delays[0]])
    if None in fields.values():
        return None
    policy, imports = dagster_reference(call, "RetryPolicy")
    first, *others = sorted(foreign, key=lambda keyword: (keyword.lineno, keyword.col_offset))
    written = ", ".join(f"{field}={value}" for field, value in fields.items())
    try:
        removals = [remove_argument(call, keyword) for keyword in others]
    except ValueError:  # the source is not there to read: no fix rather than a wrong one
        return None
    edits = (replace(first, f"retry_policy={policy}({written})"), *removals, *imports)
    if not delays:
        # Airflow waits retry_delay (300 s by default) between tries and Prefect does not
        # wait: the port's intended delay is unknown, and RetryPolicy retries at once.
        return Fix(edits, safe=False, description=(
            "replaces retries=N by retry_policy=RetryPolicy(max_retries=N), which retries at "
            "once: Airflow waited 300 s between tries by default; add delay= if it should wait"
        ))
    return Fix(edits)


def policy_arguments(call: nodes.Call) -> dict[str, list[nodes.NodeNG]]:
    """RetryPolicy's field -> the arguments of ``call`` that give it: positional, keyword, and
    the foreign keyword a fix would rename to it (None -> the ``**`` expansions)."""
    given: dict[str, list[nodes.NodeNG]] = {}
    for field, argument in zip(POLICY_FIELDS, call.args):
        given.setdefault(field, []).append(argument)
    for keyword in call.keywords or ():
        field = _POLICY_FIELDS.get(keyword.arg, keyword.arg)
        given.setdefault(field, []).append(keyword)
    return given


def foreign_field_fix(call: nodes.Call, keyword: nodes.Keyword) -> Fix | None:
    """The rename of an Airflow/Prefect keyword inside ``RetryPolicy(...)`` to RetryPolicy's
    own field: ``retries=`` -> ``max_retries=`` (the value as written), ``retry_delay=`` /
    ``retry_delay_seconds=`` -> ``delay=`` seconds when written as a literal,
    ``retry_exponential_backoff=True`` -> ``backoff=Backoff.EXPONENTIAL`` where the policy
    has a delay; and, unsafe, the removal of ``max_retry_delay=``, which Dagster has no
    equivalent for. None where the field is given twice (or may be, in a ``**`` expansion),
    or the rewrite is not mechanical."""
    if keyword.arg == "max_retry_delay":
        return _deletion_fix(call, keyword)
    field = _POLICY_FIELDS.get(keyword.arg)
    arguments = policy_arguments(call)
    if field is None or len(arguments[field]) != 1 or None in arguments:
        return None
    if field == "max_retries":
        return Fix((rename_keyword(keyword, field),))
    if field == "delay":
        return _delay_keyword_fix(keyword)
    if field == "backoff" and _is_true(keyword.value) and has_delay(arguments):
        backoff, imports = dagster_reference(call, "Backoff")
        return Fix((replace(keyword, f"backoff={backoff}.EXPONENTIAL"), *imports))
    return None  # jitter: Prefect's jitter factor is no Dagster Jitter


def _delay_keyword_fix(keyword: nodes.Keyword) -> Fix | None:
    """``retry_delay=``/``retry_delay_seconds=`` -> ``delay=``, in seconds."""
    seconds = literal_seconds(keyword.value)
    if seconds is None:
        return None
    if isinstance(keyword.value, nodes.Const):
        return Fix((rename_keyword(keyword, "delay"),))
    return Fix((replace(keyword, f"delay={seconds}"),))


def _deletion_fix(call: nodes.Call, keyword: nodes.Keyword) -> Fix | None:
    """Unsafe: ``max_retry_delay=`` deleted, and with it the cap on the delay."""
    try:
        removal = remove_argument(call, keyword)
    except ValueError:
        return None
    return Fix(
        (removal,),
        safe=False,
        description="deletes max_retry_delay=: Dagster has no maximum delay, so the delay "
        "between retries is no longer capped",
    )


def delay_fix(argument: nodes.NodeNG) -> Fix | None:
    """``delay=timedelta(...)`` of number literals inside ``RetryPolicy(...)`` -> seconds."""
    value = argument.value if isinstance(argument, nodes.Keyword) else argument
    seconds = names.timedelta_seconds(value)
    return None if seconds is None else Fix((replace(value, str(seconds)),))


def enum_string_fix(call: nodes.Call, field: str, value: nodes.NodeNG) -> Fix | None:
    """``backoff="exponential"`` / ``jitter="full"`` inside ``RetryPolicy(...)`` -> the Dagster
    enum member of that name (``Backoff.EXPONENTIAL``), where the policy has a delay (without
    one Dagster rejects the member too). None for a string naming no member."""
    member = enum_member(field, value.value)
    if member is None or not has_delay(policy_arguments(call)):
        return None
    written, imports = dagster_reference(call, _ENUMS[field][0])
    return Fix((replace(value, f"{written}.{member}"), *imports))


def enum_member(field: str, text: str) -> str | None:
    """The member of the Dagster enum that ``field`` (backoff, jitter) takes which ``text``
    names (``"exponential"`` -> ``EXPONENTIAL``), if any."""
    member = text.strip().upper().replace("-", "_").replace(" ", "_")
    return member if member in _ENUMS[field][1] else None


def misplaced_policy_fix(call: nodes.Call, keyword: nodes.Keyword, callee: str) -> Fix | None:
    """``retry_policy=`` on a job -> ``op_retry_policy=``, ``op_retry_policy=`` on an asset or
    op -> ``retry_policy=``: the keyword the construct takes for the same policy; None where
    it takes neither, or already has the other (or may have, in a ``**`` expansion)."""
    other = "op_retry_policy" if keyword.arg == "retry_policy" else "retry_policy"
    accepted = signatures.accepted_keywords(callee) or frozenset()
    if other not in accepted or any(k.arg in (other, None) for k in call.keywords or ()):
        return None
    return Fix((rename_keyword(keyword, other),))


def rename_keyword(keyword: nodes.Keyword, name: str) -> Edit:
    """Replace the name of ``keyword`` (written first in it, in ASCII) with ``name``."""
    line, column = keyword.lineno, keyword.col_offset
    return Edit((line, column), (line, column + len(keyword.arg)), name)


def has_delay(arguments: dict[str, list[nodes.NodeNG]]) -> bool:
    """Whether a RetryPolicy's arguments give it a delay that is not a literal None (what
    the check asks before it says that backoff or jitter needs a delay)."""
    return any(
        not _is_none(delay.value if isinstance(delay, nodes.Keyword) else delay)
        for delay in arguments.get("delay", [])
    )


def _is_none(node: nodes.NodeNG) -> bool:
    return isinstance(node, nodes.Const) and node.value is None


def _is_true(node: nodes.NodeNG) -> bool:
    return isinstance(node, nodes.Const) and node.value is True

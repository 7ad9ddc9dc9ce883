"""Which message reports a keyword that Dagster rejects: one owner per keyword and callable.

Some rejected keywords have a message of their own with a more precise fix: Airflow's catchup
arguments, Airflow and Prefect retry arguments, retry policies under the wrong keyword. Every
other rejected keyword is ``unknown-dagster-argument``'s. Each check asks this table, so that a
keyword is reported once. The owner's message can be disabled while the module still fails to
load, so ``unknown-dagster-argument`` then reports the keyword itself, teaching the owner's fix
(``handover_hint``).
"""

from __future__ import annotations

from collections.abc import Callable

from astroid import nodes

from pylint_dagster_migration import catchup, names, retry_policies, signatures
from pylint_dagster_migration.model import ASSETS_DEFINITION_METHODS

_RETRY_POLICY = "RetryPolicy"


def _catchup_hint(keyword: nodes.Keyword, call: nodes.Call, callee: str) -> str:
    return f"{catchup.NEVER_CATCHES_UP}: {catchup.keyword_fix(keyword, call, callee)}"


def _foreign_retry_hint(keyword: nodes.Keyword, call: nodes.Call, callee: str) -> str:
    del keyword  # the policy is written from all of the call's retry arguments
    given = retry_policies.retry_keywords(call)
    fix = retry_policies.foreign_retry_fix(callee, given, names.dagster_prefix(call))
    return f"{retry_policies.RETRIES_WITH_A_POLICY}: {fix}"


def _policy_field_hint(keyword: nodes.Keyword, call: nodes.Call, callee: str) -> str:
    del callee  # always RetryPolicy
    fix = retry_policies.policy_field_fix(keyword, names.dagster_prefix(call))
    return f"Write {fix}" if fix else f"{retry_policies.NO_MAXIMUM_DELAY}: delete it"


def _misplaced_policy_hint(keyword: nodes.Keyword, call: nodes.Call, callee: str) -> str:
    problem, fix = retry_policies.misplaced_policy(keyword, callee, names.construct_label(call))
    return f"Write {fix}: {problem}"


# A plain class, not a dataclass: defining a dataclass costs every pylint run a millisecond.
class KeywordOwner:
    """A message that reports ``keywords`` on the callables where ``applies`` holds."""

    __slots__ = ("symbol", "keywords", "applies", "handover_hint")

    def __init__(
        self,
        symbol: str,
        keywords: frozenset[str],
        applies: Callable[[str | None, str], bool],
        handover_hint: Callable[[nodes.Keyword, nodes.Call, str], str],
    ) -> None:
        self.symbol = symbol
        self.keywords = keywords
        self.applies = applies
        #: What unknown-dagster-argument says about the keyword while ``symbol`` is disabled.
        self.handover_hint = handover_hint


OWNERS = (
    KeywordOwner(
        "assumed-catchup",
        catchup.CATCHUP_KEYWORDS,
        lambda callee, keyword: callee in catchup.SCHEDULED_CONSTRUCTS and signatures.rejects(callee, keyword),
        _catchup_hint,
    ),
    KeywordOwner(
        "foreign-retry-arguments",
        retry_policies.FOREIGN_RETRY_KEYWORDS,
        lambda callee, keyword: callee != _RETRY_POLICY and signatures.rejects(callee, keyword),
        _foreign_retry_hint,
    ),
    KeywordOwner(
        "invalid-retry-policy",
        retry_policies.FOREIGN_RETRY_KEYWORDS,
        lambda callee, keyword: callee == _RETRY_POLICY,
        _policy_field_hint,
    ),
    KeywordOwner(
        "invalid-retry-policy",
        retry_policies.POLICY_KEYWORDS,
        lambda callee, keyword: callee != _RETRY_POLICY and signatures.rejects(callee, keyword),
        _misplaced_policy_hint,
    ),
)


#: Callees found through the module's model, not its imports: methods called on a name bound
#: to an asset definition. Only unknown-dagster-argument resolves them, so it owns their keywords.
MODEL_RESOLVED_CALLEES = frozenset(ASSETS_DEFINITION_METHODS.values())


def owner(callee: str | None, keyword: str) -> KeywordOwner | None:
    """The owner of ``keyword`` on a call to the Dagster callable ``callee``, if any."""
    if callee in MODEL_RESOLVED_CALLEES:
        return None
    return next((o for o in OWNERS if keyword in o.keywords and o.applies(callee, keyword)), None)


def reports(symbol: str, callee: str | None, keyword: str) -> bool:
    """Whether message ``symbol`` is the one that reports ``keyword`` on ``callee``."""
    found = owner(callee, keyword)
    return found is not None and found.symbol == symbol

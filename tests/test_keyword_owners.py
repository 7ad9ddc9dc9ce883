"""One message per rejected keyword, and unknown-dagster-argument in its place while the
owning message is disabled: turning a message off never hides a module that fails to load."""

from __future__ import annotations

import textwrap
import types
import warnings

import pytest
from linting import lint

from pylint_dagster_migration import keyword_owners
from pylint_dagster_migration.dagster_signatures import KEYWORDS

HEADER = "import dagster as dg\n\n"
LOADS = "Dagster raises TypeError when the module loads."
NEVER_CATCHES_UP = "Dagster schedules launch only the latest tick and never backfill on deploy"
BOTH = "@dg.asset(catchup=False, retries=3)\ndef orders() -> None: ...\n"


def lint_code(tmp_path, code, *arguments):
    path = tmp_path / "pipeline.py"
    path.write_text(HEADER + textwrap.dedent(code), encoding="utf-8")
    return [(f.symbol, f.line, f.column, f.end_line, f.end_column, f.msg) for f in lint([path], *arguments)]


def load_in_dagster(code):
    """Run ``code`` as Dagster would load it: a fresh module, nothing shared with the tests."""
    pytest.importorskip("dagster")
    module = types.ModuleType("pipeline")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(HEADER + textwrap.dedent(code), "pipeline.py", "exec"), module.__dict__)  # pylint: disable=exec-used


def test_owners_report_their_keywords_and_unknown_argument_does_not(tmp_path):
    assert lint_code(tmp_path, BOTH) == [
        (
            "assumed-catchup", 3, 10, 3, 23,
            "catchup=False on @dg.asset 'orders' is rejected with TypeError when the module loads; "
            "Dagster never catches up, so catchup=False is already what it does. "
            f"{NEVER_CATCHES_UP}: delete the keyword",
        ),
        (
            "foreign-retry-arguments", 3, 25, 3, 34,
            "retries=3 is not a Dagster argument: @dg.asset 'orders' rejects it with TypeError when the "
            "module loads. Dagster retries with a policy: retry_policy=dg.RetryPolicy(max_retries=3)",
        ),
    ]


def test_disabled_owners_hand_their_keywords_to_unknown_argument(tmp_path):
    findings = lint_code(tmp_path, BOTH, "--disable=assumed-catchup,foreign-retry-arguments")

    assert findings == [
        (
            "unknown-dagster-argument", 3, 10, 3, 23,
            f"catchup=False is not accepted by @dg.asset 'orders': {LOADS} {NEVER_CATCHES_UP}: delete the keyword",
        ),
        (
            "unknown-dagster-argument", 3, 25, 3, 34,
            f"retries=3 is not accepted by @dg.asset 'orders': {LOADS} "
            "Dagster retries with a policy: retry_policy=dg.RetryPolicy(max_retries=3)",
        ),
    ]


@pytest.mark.parametrize("argument", ["catchup=False", "retries=3"])
def test_the_handed_over_keywords_really_fail_to_load(argument):
    keyword = argument.split("=")[0]
    with pytest.raises(TypeError, match=f"unexpected keyword argument '{keyword}'"):
        load_in_dagster(BOTH.replace("catchup=False, retries=3", argument))


def test_a_disable_comment_hands_over_only_on_its_line(tmp_path):
    findings = lint_code(
        tmp_path,
        """\
        @dg.asset(catchup=False, retries=3)  # pylint: disable=assumed-catchup
        def orders() -> None: ...

        @dg.asset(catchup=False)
        def refunds() -> None: ...
        """,
    )

    assert [finding[:5] for finding in findings] == [
        ("unknown-dagster-argument", 3, 10, 3, 23),
        ("foreign-retry-arguments", 3, 25, 3, 34),
        ("assumed-catchup", 6, 10, 6, 23),
    ]
    assert findings[0][5].endswith(f"{LOADS} {NEVER_CATCHES_UP}: delete the keyword")


@pytest.mark.parametrize(
    ("code", "owner", "message"),
    [
        (
            "@dg.asset(start_date='2024-01-01')\ndef orders() -> None: ...\n",
            "assumed-catchup",
            f"start_date='2024-01-01' is not accepted by @dg.asset 'orders': {LOADS} {NEVER_CATCHES_UP}: "
            "give the assets partitions_def=dg.DailyPartitionsDefinition(start_date='2024-01-01'), "
            "schedule their job with dg.build_schedule_from_partitioned_job(job), and backfill history "
            "explicitly (UI, or dg launch / dagster asset materialize --partition-range START...END for "
            "assets with BackfillPolicy.single_run())",
        ),
        (
            "@dg.job(retry_policy=dg.RetryPolicy(max_retries=2))\ndef daily():\n    pass\n",
            "invalid-retry-policy",
            f"retry_policy=dg.RetryPolicy(max_retries=2) is not accepted by @dg.job 'daily': {LOADS} "
            "Write op_retry_policy=dg.RetryPolicy(max_retries=2): a job's policy applies to each of its "
            "steps and is named op_retry_policy",
        ),
        (
            "policy = dg.RetryPolicy(retries=3)\n",
            "invalid-retry-policy",
            f"retries=3 is not accepted by dg.RetryPolicy(...): {LOADS} Write max_retries=3",
        ),
        (
            "policy = dg.RetryPolicy(max_retry_delay=600)\n",
            "invalid-retry-policy",
            f"max_retry_delay=600 is not accepted by dg.RetryPolicy(...): {LOADS} "
            "Dagster has no maximum delay: delete it",
        ),
    ],
    ids=["catchup", "misplaced-policy", "policy-field", "maximum-delay"],
)
def test_each_owner_hands_over_its_fix(tmp_path, code, owner, message):
    assert [finding[0] for finding in lint_code(tmp_path, code)] == [owner]

    findings = lint_code(tmp_path, code, f"--disable={owner}")

    assert [(finding[0], finding[-1]) for finding in findings] == [("unknown-dagster-argument", message)]
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        load_in_dagster(code)


def test_keywords_nobody_else_owns_stay_with_unknown_argument(tmp_path):
    # retry_policy inside RetryPolicy(...) is no misplaced policy: nothing but "unknown" fits.
    findings = lint_code(tmp_path, "policy = dg.RetryPolicy(max_retries=2, retry_policy=None)\n")

    assert findings == [
        (
            "unknown-dagster-argument", 3, 39, 3, 56,
            f"retry_policy=None is not accepted by dg.RetryPolicy(...): {LOADS} "
            "It accepts: backoff, delay, jitter, max_retries",
        )
    ]


def test_no_keyword_has_two_owners():
    owned = set().union(*(owner.keywords for owner in keyword_owners.OWNERS))
    for callee in [*KEYWORDS, None]:
        for keyword in owned:
            owners = [o.symbol for o in keyword_owners.OWNERS if keyword in o.keywords and o.applies(callee, keyword)]
            assert len(owners) <= 1, (callee, keyword, owners)

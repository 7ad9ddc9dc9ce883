"""The fixes of the retries checks: Airflow/Prefect retry arguments become a RetryPolicy
(foreign-retry-arguments), and RetryPolicy mistakes are rewritten (invalid-retry-policy).

Each fix is shown on exact text; Dagster then loads the fixed module and its definitions carry
the policy meant (max_retries, delay in seconds, backoff, jitter). The near misses, where the
rewrite would not be mechanical, are reported and left as they are."""

from __future__ import annotations

import textwrap
from pathlib import Path

import astroid
import pytest
from fix_runs import fixed_text, load_fixed, symbols_left

from pylint_dagster_migration import retry_policies

_fix = fixed_text
_symbols = symbols_left


def _load(project: Path, source: str):
    """Dagster and the fixed module."""
    return pytest.importorskip("dagster"), load_fixed(project, source)


def _policy(definition):
    """The retry policy a loaded definition (asset, check, op, job) carries."""
    for attribute in ("op_retry_policy", "retry_policy"):
        if hasattr(definition, attribute):
            return getattr(definition, attribute)
    return definition.node_def.retry_policy


def _dedent(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


# --- foreign-retry-arguments -----------------------------------------------------------------

AIRFLOW_ASSET = _dedent('''
    from datetime import timedelta

    import dagster as dg


    @dg.asset(
        group_name="billing",  # the finance team's
        # from the DAG's default_args:
        retries=3,  # three tries
        retry_delay=timedelta(minutes=5),
        kinds={"python"},
    )
    def orders() -> None: ...
''')

FOREIGN_CASES = [
    pytest.param(
        AIRFLOW_ASSET,
        AIRFLOW_ASSET.replace(
            "    retries=3,  # three tries\n    retry_delay=timedelta(minutes=5),\n",
            "    retry_policy=dg.RetryPolicy(max_retries=3, delay=300),  # three tries\n",
        ),
        {"orders": (3, 300)},
        id="airflow-multi-line-comments-kept",
    ),
    pytest.param(
        _dedent('''
            import dagster


            @dagster.op(retry_delay_seconds=30, name="send", retries=2)
            def send() -> None: ...
        '''),
        _dedent('''
            import dagster


            @dagster.op(retry_policy=dagster.RetryPolicy(max_retries=2, delay=30), name="send")
            def send() -> None: ...
        '''),
        {"send": (2, 30)},
        id="prefect-import-dagster-placed-at-the-first",
    ),
    pytest.param(
        _dedent('''
            """Orders."""
            from dagster import asset


            @asset(retries=4)
            def orders() -> None: ...


            @asset(retries=1, retry_delay=2.5)
            def payments() -> None: ...
        '''),
        _dedent('''
            """Orders."""
            from dagster import asset
            from dagster import RetryPolicy


            @asset(retry_policy=RetryPolicy(max_retries=4))
            def orders() -> None: ...


            @asset(retry_policy=RetryPolicy(max_retries=1, delay=2.5))
            def payments() -> None: ...
        '''),
        {"orders": (4, None), "payments": (1, 2.5)},
        id="from-imports-get-one-import-line",
    ),
    pytest.param(
        _dedent('''
            import datetime

            from dagster import RetryPolicy as Policy, asset, asset_check, AssetCheckResult


            @asset
            def orders() -> None: ...


            @asset_check(asset=orders, retries=2, retry_delay=datetime.timedelta(0, 3601))
            def orders_balance() -> AssetCheckResult:
                return AssetCheckResult(passed=True)
        '''),
        _dedent('''
            import datetime

            from dagster import RetryPolicy as Policy, asset, asset_check, AssetCheckResult


            @asset
            def orders() -> None: ...


            @asset_check(asset=orders, retry_policy=Policy(max_retries=2, delay=3601))
            def orders_balance() -> AssetCheckResult:
                return AssetCheckResult(passed=True)
        '''),
        {"orders_balance": (2, 3601)},
        id="already-imported-under-an-alias",
    ),
]


@pytest.mark.parametrize(("source", "fixed", "policies"), FOREIGN_CASES)
def test_retry_arguments_become_a_dagster_retry_policy(project, source, fixed, policies):
    (project / "pipeline.py").write_text(source, encoding="utf-8")
    assert "foreign-retry-arguments" in _symbols(project)
    # retries= without a delay: Airflow waited 300 s by default, RetryPolicy retries at once.
    without_delay = any(delay is None for _, delay in policies.values())
    if without_delay:
        assert "max_retries=4))" not in _fix(project, source)  # not without --unsafe-fixes

    assert _fix(project, source, unsafe=without_delay) == fixed

    assert "foreign-retry-arguments" not in _symbols(project)
    dg, module = _load(project, fixed)
    for name, (max_retries, delay) in policies.items():
        policy = _policy(getattr(module, name))
        assert policy == dg.RetryPolicy(max_retries=max_retries, delay=delay)


NOT_MECHANICAL = [
    # Values that are not literals.
    "@dg.asset(retries=RETRIES)\ndef a() -> None: ...\n",
    "@dg.asset(retries=3, retry_delay=FIVE_MINUTES)\ndef a() -> None: ...\n",
    "@dg.asset(retries=3, retry_delay=timedelta(minutes=RETRIES))\ndef a() -> None: ...\n",
    "@dg.asset(retries=3.0)\ndef a() -> None: ...\n",
    "@dg.asset(retries=True)\ndef a() -> None: ...\n",
    # Prefect's per-attempt delays: Dagster's backoff is another formula.
    "@dg.asset(retries=3, retry_delay_seconds=[1, 10, 100])\ndef a() -> None: ...\n",
    # A delay without a count: Airflow and Prefect never retry, a RetryPolicy retries once.
    "@dg.asset(retry_delay=timedelta(minutes=5))\ndef a() -> None: ...\n",
    "@dg.asset(retry_delay_seconds=30)\ndef a() -> None: ...\n",
    # Airflow's exponential backoff, jitter and maximum delay are not Dagster's.
    "@dg.asset(retries=3, retry_delay=60, retry_exponential_backoff=True)\ndef a() -> None: ...\n",
    "@dg.asset(retries=3, max_retry_delay=timedelta(hours=1))\ndef a() -> None: ...\n",
    "@dg.asset(retries=3, retry_jitter_factor=0.5)\ndef a() -> None: ...\n",
    # Two delays, an existing policy, or an expansion that may hold either.
    "@dg.asset(retries=3, retry_delay=60, retry_delay_seconds=60)\ndef a() -> None: ...\n",
    "@dg.asset(retries=3, retry_policy=dg.RetryPolicy(max_retries=1))\ndef a() -> None: ...\n",
    "@dg.asset(retries=3, **OPTIONS)\ndef a() -> None: ...\n",
    # A job's retries= is Prefect's retry of the whole flow run, not of each step.
    "@dg.job(retries=1)\ndef j(): ...\n",
    "j = dg.define_asset_job('j', selection='*', retries=2)\n",
    # Constructs that take no retry policy at all.
    "s = dg.AssetSpec('a', retries=2)\n",
]

HEAD = (
    "from datetime import timedelta\n\nimport dagster as dg\n\n"
    "RETRIES = 3\nFIVE_MINUTES = timedelta(minutes=5)\nOPTIONS = {'group_name': 'g'}\n\n\n"
)


@pytest.mark.parametrize("case", NOT_MECHANICAL)
def test_retry_arguments_that_are_not_mechanical_are_reported_and_left(project, case):
    source = HEAD + case

    assert _fix(project, source, unsafe=True) == source
    assert {"foreign-retry-arguments", "unknown-dagster-argument"} & set(_symbols(project))


def test_a_suppressed_finding_carries_no_fix(project):
    source = HEAD + (
        "@dg.asset(retries=3, retry_delay=60)  # pylint: disable=foreign-retry-arguments\n"
        "def a() -> None: ...\n"
    )

    assert _fix(project, source) == source


# --- invalid-retry-policy --------------------------------------------------------------------

POLICY_HEAD = "from datetime import timedelta\n\nimport dagster as dg\n\n\n"

POLICY_CASES = [
    pytest.param(
        "p = dg.RetryPolicy(max_retries=3, delay=timedelta(minutes=5))\n",
        "p = dg.RetryPolicy(max_retries=3, delay=300)\n",
        dict(max_retries=3, delay=300),
        id="timedelta-delay",
    ),
    pytest.param(
        "p = dg.RetryPolicy(3, (timedelta(seconds=1.5)))\n",
        "p = dg.RetryPolicy(3, (1.5))\n",
        dict(max_retries=3, delay=1.5),
        id="positional-parenthesised-delay",
    ),
    pytest.param(
        "RETRIES = 4\np = dg.RetryPolicy(retries=RETRIES, retry_delay=timedelta(minutes=2))\n",
        "RETRIES = 4\np = dg.RetryPolicy(max_retries=RETRIES, delay=120)\n",
        dict(max_retries=4, delay=120),
        id="airflow-keywords",
    ),
    pytest.param(
        "p = dg.RetryPolicy(\n    retries=2,\n    retry_delay=30,  # seconds\n)\n",
        "p = dg.RetryPolicy(\n    max_retries=2,\n    delay=30,  # seconds\n)\n",
        dict(max_retries=2, delay=30),
        id="airflow-seconds",
    ),
    pytest.param(
        "p = dg.RetryPolicy(\n"
        "    max_retries=3, retry_delay_seconds=15, retry_exponential_backoff=True\n)\n",
        "p = dg.RetryPolicy(\n    max_retries=3, delay=15, backoff=dg.Backoff.EXPONENTIAL\n)\n",
        dict(max_retries=3, delay=15, backoff="EXPONENTIAL"),
        id="prefect-delay-and-exponential-backoff",
    ),
    pytest.param(
        "p = dg.RetryPolicy(2, 10, 'Linear', jitter='plus-minus')\n",
        "p = dg.RetryPolicy(2, 10, dg.Backoff.LINEAR, jitter=dg.Jitter.PLUS_MINUS)\n",
        dict(max_retries=2, delay=10, backoff="LINEAR", jitter="PLUS_MINUS"),
        id="enum-strings",
    ),
]


@pytest.mark.parametrize(("policy", "fixed", "fields"), POLICY_CASES)
def test_a_retry_policy_is_rewritten_in_dagsters_terms(project, policy, fixed, fields):
    assert _fix(project, POLICY_HEAD + policy) == POLICY_HEAD + fixed

    assert "invalid-retry-policy" not in _symbols(project)
    dg, module = _load(project, POLICY_HEAD + fixed)
    for enum, kind in (("backoff", dg.Backoff), ("jitter", dg.Jitter)):
        if enum in fields:
            fields[enum] = kind[fields[enum]]
    assert module.p == dg.RetryPolicy(**fields)


def test_a_backoff_string_in_a_module_of_from_imports_gets_its_import(project):
    source = _dedent('''
        from dagster import (
            RetryPolicy,
            asset,
        )


        @asset(retry_policy=RetryPolicy(max_retries=3, delay=20, backoff="exponential"))
        def orders() -> None: ...
    ''')

    fixed = _fix(project, source)

    assert fixed == source.replace(
        ")\n\n\n@asset", ")\nfrom dagster import Backoff\n\n\n@asset"
    ).replace('backoff="exponential"', "backoff=Backoff.EXPONENTIAL")
    dg, module = _load(project, fixed)
    assert _policy(module.orders) == dg.RetryPolicy(3, 20, dg.Backoff.EXPONENTIAL)


def test_a_policy_under_the_other_constructs_keyword_is_renamed(project):
    source = POLICY_HEAD + _dedent('''
        @dg.op(op_retry_policy=dg.RetryPolicy(max_retries=2))
        def send() -> None: ...


        @dg.job(retry_policy=dg.RetryPolicy(max_retries=1, delay=5))
        def send_job():
            send()


        @dg.asset
        def orders() -> None: ...


        orders_job = dg.define_asset_job(
            "orders_job",
            selection=[orders],
            retry_policy = dg.RetryPolicy(max_retries=4),  # every step
        )
    ''')

    fixed = _fix(project, source)

    assert fixed == (
        source.replace("@dg.op(op_retry_policy=", "@dg.op(retry_policy=")
        .replace("@dg.job(retry_policy=", "@dg.job(op_retry_policy=")
        .replace("    retry_policy = dg.", "    op_retry_policy = dg.")
    )
    dg, module = _load(project, fixed)
    assert _policy(module.send) == dg.RetryPolicy(max_retries=2)
    assert _policy(module.send_job) == dg.RetryPolicy(max_retries=1, delay=5)
    assert _policy(module.orders_job) == dg.RetryPolicy(max_retries=4)


POLICY_NOT_MECHANICAL = [
    # A timedelta read through a name or built from variables: no literal seconds.
    "FIVE = timedelta(minutes=5)\np = dg.RetryPolicy(max_retries=3, delay=FIVE)\n",
    "n = 5\np = dg.RetryPolicy(max_retries=3, delay=timedelta(minutes=n))\n",
    "FIVE = timedelta(minutes=5)\np = dg.RetryPolicy(max_retries=3, retry_delay=FIVE)\n",
    # The field is given twice.
    "p = dg.RetryPolicy(max_retries=3, retries=2)\n",
    "p = dg.RetryPolicy(3, retries=2)\n",
    "p = dg.RetryPolicy(retry_delay=5, retry_delay_seconds=5)\n",
    "OPTIONS = {'max_retries': 2}\np = dg.RetryPolicy(retries=3, **OPTIONS)\n",
    # Prefect's per-attempt delays.
    "p = dg.RetryPolicy(max_retries=3, retry_delay_seconds=[1, 10, 100])\n",
    # Backoff or jitter without a delay: the person picks the delay.
    "p = dg.RetryPolicy(max_retries=3, backoff='exponential')\n",
    "p = dg.RetryPolicy(max_retries=3, retry_exponential_backoff=True)\n",
    "p = dg.RetryPolicy(max_retries=3, delay=None, jitter='full')\n",
    # A string naming no member, a jitter factor.
    "p = dg.RetryPolicy(max_retries=3, delay=5, backoff='fast')\n",
    "p = dg.RetryPolicy(max_retries=3, delay=5, retry_jitter_factor=0.5)\n",
    "p = dg.RetryPolicy(max_retries=3, delay=5, retry_exponential_backoff=False)\n",
    # Where the construct takes no policy, or already has the other keyword.
    "@dg.schedule(cron_schedule='@daily', target='*', retry_policy=dg.RetryPolicy())\n"
    "def s(): ...\n",
    "@dg.job(retry_policy=dg.RetryPolicy(), op_retry_policy=dg.RetryPolicy())\ndef j(): ...\n",
    "OPTIONS = {}\n@dg.job(retry_policy=dg.RetryPolicy(), **OPTIONS)\ndef j(): ...\n",
]


@pytest.mark.parametrize("case", POLICY_NOT_MECHANICAL)
def test_policy_mistakes_that_are_not_mechanical_are_reported_and_left(project, case):
    source = POLICY_HEAD + case

    assert _fix(project, source) == source
    assert "invalid-retry-policy" in _symbols(project)


def test_max_retry_delay_is_deleted_only_with_unsafe_fixes(project):
    source = POLICY_HEAD + (
        "p = dg.RetryPolicy(\n    max_retries=3,\n    delay=60,\n"
        "    max_retry_delay=timedelta(hours=1),  # Airflow's cap\n)\n"
    )

    assert _fix(project, source) == source
    fixed = _fix(project, source, unsafe=True)

    assert fixed == source.replace("    max_retry_delay=timedelta(hours=1),  # Airflow's cap\n", "")
    dg, module = _load(project, fixed)
    assert module.p == dg.RetryPolicy(max_retries=3, delay=60)


def test_no_fix_when_the_source_cannot_be_read_again(tmp_path):
    path = tmp_path / "pipeline.py"
    path.write_text(
        "import dagster as dg\n\n"
        "@dg.asset(retries=3, retry_delay=60)\ndef a() -> None: ...\n\n"
        "p = dg.RetryPolicy(max_retries=3, delay=60, max_retry_delay=600)\n",
        encoding="utf-8",
    )
    module = astroid.MANAGER.ast_from_file(str(path), "retries_source_gone", source=True)
    asset, policy = (call for call in module.nodes_of_class(astroid.nodes.Call)
                     if call.func.as_string() in ("dg.asset", "dg.RetryPolicy"))
    path.unlink()

    assert retry_policies.retry_policy_fix(asset, "asset") is None
    assert retry_policies.foreign_field_fix(policy, policy.keywords[-1]) is None

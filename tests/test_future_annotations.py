"""future-annotations-break-dagster: every annotation the message names makes Dagster fail to
import the module, the near misses import fine, and the message lists what breaks and its fix."""

from __future__ import annotations

import pytest
from loading import import_source
from linting import FIXTURES, lint_source

SYMBOL = "future-annotations-break-dagster"
FIXTURE = FIXTURES / SYMBOL
FUTURE = "from __future__ import annotations\n"
HEADER = """\
from typing import TYPE_CHECKING, Any

import dagster as dg
from dagster import AssetExecutionContext, OpExecutionContext

if TYPE_CHECKING:
    from decimal import Decimal


class RunConfig(dg.Config):
    limit: int = 10


class BaseConfig(dg.Config):
    limit: int = 10


class DerivedConfig(BaseConfig):
    offset: int = 0


class Loose(dg.PermissiveConfig):
    limit: int = 10


class Warehouse(dg.ConfigurableResource):
    url: str = "duckdb://"


@dg.asset
def upstream() -> int:
    return 1
"""


# The errors Dagster 1.13 raises while importing the module.
CONTEXT_ERROR = "Cannot annotate `context` parameter"
CONFIG_ERROR = "Unable to resolve config type"
UNRESOLVED_ERROR = "Failed to resolve type annotation"

#: Definitions the message reports, each with what the message names and the error Dagster
#: raises on it while importing the module.
REPORTED = {
    "asset context": (
        "@dg.asset\ndef a(context: dg.AssetExecutionContext): ...",
        "'context: dg.AssetExecutionContext' of @dg.asset 'a'",
        CONTEXT_ERROR,
    ),
    "asset context imported by name": (
        "@dg.asset\ndef a(context: AssetExecutionContext): ...",
        "'context: AssetExecutionContext'",
        CONTEXT_ERROR,
    ),
    "asset context as an op context": (
        "@dg.asset\ndef a(context: OpExecutionContext) -> None: ...",
        "'context: OpExecutionContext'",
        CONTEXT_ERROR,
    ),
    "asset context named _": (
        "@dg.asset\ndef a(_: dg.AssetExecutionContext): ...",
        "'_: dg.AssetExecutionContext'",
        CONTEXT_ERROR,
    ),
    "asset context named _context": (
        "@dg.asset\ndef a(_context: dg.AssetExecutionContext): ...",
        "'_context: dg.AssetExecutionContext'",
        CONTEXT_ERROR,
    ),
    "multi_asset context": (
        "@dg.multi_asset(specs=[dg.AssetSpec('m')])\ndef a(context: dg.AssetExecutionContext): ...",
        "of @dg.multi_asset 'a'",
        CONTEXT_ERROR,
    ),
    "asset_check context": (
        "@dg.asset_check(asset=upstream)\n"
        "def a(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult: ...",
        "of @dg.asset_check 'a'",
        CONTEXT_ERROR,
    ),
    "multi_asset_check context": (
        "@dg.multi_asset_check(specs=[dg.AssetCheckSpec('c', asset='upstream')])\n"
        "def a(context: dg.AssetCheckExecutionContext): ...",
        "of @dg.multi_asset_check 'a'",
        CONTEXT_ERROR,
    ),
    "op context": (
        "@dg.op\ndef a(context: dg.OpExecutionContext) -> None: ...",
        "'context: dg.OpExecutionContext' of @dg.op 'a'",
        CONTEXT_ERROR,
    ),
    "factory asset context": (
        "def make():\n    @dg.asset\n    def a(context: dg.AssetExecutionContext): ...\n"
        "    return a\n\n\nmade = make()",
        "of @dg.asset 'a'",
        CONTEXT_ERROR,
    ),
    "asset config": (
        "@dg.asset\ndef a(config: RunConfig) -> None: ...",
        "'config: RunConfig' of @dg.asset 'a'",
        CONFIG_ERROR,
    ),
    "asset config of a derived class": (
        "@dg.asset\ndef a(config: DerivedConfig) -> None: ...",
        "'config: DerivedConfig'",
        CONFIG_ERROR,
    ),
    "asset permissive config": (
        "@dg.asset\ndef a(config: Loose) -> None: ...",
        "'config: Loose'",
        CONFIG_ERROR,
    ),
    "asset config of a plain type": (
        "@dg.asset\ndef a(config: dict[str, Any]) -> None: ...",
        "'config: dict[str, Any]'",
        CONFIG_ERROR,
    ),
    "asset keyword-only config": (
        "@dg.asset\ndef a(context, *, config: RunConfig) -> None: ...",
        "'config: RunConfig'",
        CONFIG_ERROR,
    ),
    "op config": (
        "@dg.op\ndef a(config: RunConfig) -> None: ...",
        "'config: RunConfig' of @dg.op 'a'",
        CONFIG_ERROR,
    ),
    "asset_check config": (
        "@dg.asset_check(asset=upstream)\ndef a(config: RunConfig) -> dg.AssetCheckResult: ...",
        "'config: RunConfig' of @dg.asset_check 'a'",
        CONFIG_ERROR,
    ),
    "TYPE_CHECKING name in an asset's return": (
        "@dg.asset\ndef a() -> Decimal: ...",
        "'Decimal' (imported only under 'if TYPE_CHECKING:') in the annotations of @dg.asset 'a'",
        UNRESOLVED_ERROR,
    ),
    "TYPE_CHECKING name in an asset's input": (
        "@dg.asset\ndef a(upstream: list[Decimal]) -> None: ...",
        "'Decimal' (imported only under",
        UNRESOLVED_ERROR,
    ),
    "TYPE_CHECKING name in a keyword-only parameter": (
        "@dg.asset\ndef a(*, limit: Decimal | None = None) -> None: ...",
        "'Decimal' (imported only under",
        UNRESOLVED_ERROR,
    ),
    "TYPE_CHECKING name in an op": (
        "@dg.op\ndef a(rows: Decimal) -> None: ...",
        "of @dg.op 'a'",
        UNRESOLVED_ERROR,
    ),
    "TYPE_CHECKING name in a graph_asset": (
        "@dg.op\ndef o() -> int:\n    return 1\n\n\n@dg.graph_asset\ndef a() -> Decimal:\n    return o()",
        "of @dg.graph_asset 'a'",
        UNRESOLVED_ERROR,
    ),
    "TYPE_CHECKING name in a job": (
        "@dg.op\ndef o() -> None: ...\n\n\n@dg.job\ndef a() -> Decimal:\n    o()",
        "of @dg.job 'a'",
        UNRESOLVED_ERROR,
    ),
    "TYPE_CHECKING name in a sensor": (
        "@dg.sensor(target='*')\ndef a(context: dg.SensorEvaluationContext) -> Decimal: ...",
        "of @dg.sensor 'a'",
        UNRESOLVED_ERROR,
    ),
    "TYPE_CHECKING name in a schedule": (
        "@dg.schedule(cron_schedule='0 6 * * *', target='*')\ndef a(context) -> Decimal: ...",
        "of @dg.schedule 'a'",
        UNRESOLVED_ERROR,
    ),
    "TYPE_CHECKING name in a SensorDefinition function": (
        "def evaluate(context) -> Decimal: ...\n\n\n"
        "a = dg.SensorDefinition('a', evaluation_fn=evaluate, target='*')",
        "of sensor function 'evaluate'",
        UNRESOLVED_ERROR,
    ),
    "class defined further down": (
        "@dg.asset\ndef a() -> Summary: ...\n\n\nclass Summary:\n    pass",
        "'Summary' (defined further down) in the annotations of @dg.asset 'a'",
        UNRESOLVED_ERROR,
    ),
    "class local to a factory": (
        "def make():\n    class Row:\n        pass\n\n    @dg.asset\n"
        "    def a() -> list[Row]: ...\n\n    return a\n\n\nmade = make()",
        "'Row' (local to 'make') in the annotations of @dg.asset 'a'",
        UNRESOLVED_ERROR,
    ),
}

#: Postponed annotations Dagster reads fine (or never reads): no finding, and the module loads.
NEAR_MISSES = {
    "unannotated context": "@dg.asset\ndef a(context) -> None: ...",
    "sensor context": (
        "@dg.sensor(target='*')\ndef a(context: dg.SensorEvaluationContext) -> dg.SensorResult: ..."
    ),
    "schedule context": (
        "@dg.schedule(cron_schedule='0 6 * * *', target='*')\n"
        "def a(context: dg.ScheduleEvaluationContext) -> dg.RunRequest: ..."
    ),
    "run status sensor context": (
        "@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS)\n"
        "def a(context: dg.RunStatusSensorContext) -> None: ..."
    ),
    "observable source asset context": (
        "@dg.observable_source_asset\ndef a(context: dg.OpExecutionContext) -> None: ..."
    ),
    "resource parameter": "@dg.asset\ndef a(warehouse: Warehouse) -> None: ...",
    "sensor resource parameter": (
        "@dg.sensor(target='*')\ndef a(context, warehouse: Warehouse) -> None: ..."
    ),
    "data annotations": "@dg.asset\ndef a(upstream: list[int] | None) -> dict[str, int]: ...",
    "result annotations": "@dg.asset\ndef a() -> dg.Output[int]: ...",
    "materialize result": "@dg.asset\ndef a() -> dg.MaterializeResult: ...",
    "graph and op annotations": (
        "@dg.op\ndef o(x: int) -> int:\n    return x\n\n\n@dg.graph\ndef a(x: int) -> int:\n    return o(x)"
    ),
    "TYPE_CHECKING name in a helper": (
        "def helper(value: Decimal) -> Decimal:\n    return value\n\n\n@dg.asset\n"
        "def a() -> None:\n    helper(1)"
    ),
    "TYPE_CHECKING name in a body": "@dg.asset\ndef a() -> None:\n    total: Decimal = 0",
    "class defined before": "class Summary:\n    pass\n\n\n@dg.asset\ndef a() -> Summary: ...",
    "later class in a factory called after it": (
        "def make():\n    @dg.asset\n    def a() -> Later: ...\n\n    return a\n\n\n"
        "class Later:\n    pass\n\n\nmade = make()"
    ),
    "config on a sensor": "@dg.sensor(target='*')\ndef a(context, config: RunConfig) -> None: ...",
}


def _import(tmp_path, source):
    """Import ``source`` as a fresh module, as a code location does."""
    return import_source(tmp_path, source, "future_annotations_case")


@pytest.mark.parametrize(("body", "named", "error"), REPORTED.values(), ids=REPORTED.keys())
def test_each_reported_annotation_is_one_dagster_fails_to_import(tmp_path, body, named, error):
    dg = pytest.importorskip("dagster")
    source = FUTURE + HEADER + "\n\n" + body + "\n"

    findings = lint_source(tmp_path, source)

    assert [(f.symbol, f.line, f.column, f.end_line, f.end_column) for f in findings] == [
        (SYMBOL, 1, 0, 1, 34)
    ]
    assert named in findings[0].msg
    with pytest.raises(dg.DagsterError, match=error):
        _import(tmp_path, source)



@pytest.mark.parametrize(
    "body",
    [body for name, (body, _, _) in REPORTED.items() if "context" in name or "config" in name],
    ids=[name for name in REPORTED if "context" in name or "config" in name],
)
def test_context_and_config_annotations_load_without_the_import(tmp_path, body):
    # The fix the message gives first: the same module without the import loads.
    pytest.importorskip("dagster")
    _import(tmp_path, HEADER + "\n\n" + body + "\n")


@pytest.mark.parametrize("body", NEAR_MISSES.values(), ids=NEAR_MISSES.keys())
def test_near_misses_load_and_are_not_reported(tmp_path, body):
    pytest.importorskip("dagster")
    source = FUTURE + HEADER + "\n\n" + body + "\n"

    assert [f for f in lint_source(tmp_path, source) if f.symbol == SYMBOL] == []
    _import(tmp_path, source)


def test_the_fixtures_fail_to_import_and_the_good_one_loads(tmp_path):
    dg = pytest.importorskip("dagster")
    for name in ("bad.py", "bad_type_checking.py"):
        with pytest.raises(dg.DagsterError):
            _import(tmp_path, (FIXTURE / name).read_text(encoding="utf-8"))
    _import(tmp_path, (FIXTURE / "good.py").read_text(encoding="utf-8"))


#: bad_type_checking.py with the fixes its message gives: Decimal imported at run time, Summary
#: defined before its use, Report defined at module level.
FIXED_TYPE_CHECKING = """\
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import dagster as dg


@dataclass
class Summary:
    total: float


@dataclass
class Report:
    title: str


@dg.asset
def revenue(invoices: list[dict]) -> Decimal:
    return sum(invoice["amount"] for invoice in invoices)


@dg.asset
def revenue_summary(revenue: Decimal) -> Summary:
    return Summary(total=float(revenue))


def build_report(name: str) -> dg.AssetsDefinition:
    @dg.asset(name=name)
    def report() -> Report:
        return Report(title=name)

    return report


weekly_report = build_report("weekly_report")
"""


def test_the_fixes_the_message_gives_load(tmp_path):
    pytest.importorskip("dagster")

    assert [f for f in lint_source(tmp_path, FIXED_TYPE_CHECKING) if f.symbol == SYMBOL] == []
    _import(tmp_path, FIXED_TYPE_CHECKING)


def test_a_module_without_the_import_or_without_dagster_is_not_reported(tmp_path):
    body = REPORTED["asset context"][0]
    assert lint_source(tmp_path, HEADER + "\n\n" + body + "\n", "plain.py") == []
    no_dagster = FUTURE + "def f(context: int) -> int:\n    return context\n"
    assert lint_source(tmp_path, no_dagster, "helpers.py") == []


def test_more_than_three_breaks_are_counted(tmp_path):
    bodies = "\n\n".join(
        f"@dg.asset\ndef a{i}(context: dg.AssetExecutionContext) -> None: ..." for i in range(5)
    )
    [finding] = lint_source(tmp_path, FUTURE + HEADER + "\n\n" + bodies + "\n")

    assert "of @dg.asset 'a2' and 2 more. Remove the import" in finding.msg
    assert "drop the context annotation" in finding.msg


def test_a_name_is_said_once_however_many_definitions_use_it(tmp_path):
    bodies = "@dg.asset\ndef a() -> Decimal: ...\n\n\n@dg.asset\ndef b(a: Decimal) -> Decimal: ...\n"
    [finding] = lint_source(tmp_path, FUTURE + HEADER + "\n\n" + bodies)

    assert finding.msg.count("'Decimal'") == 1
    assert finding.msg.endswith("Import Decimal at run time, outside 'if TYPE_CHECKING:'")


def test_the_import_styles(tmp_path):
    source = (
        FUTURE
        + "import dagster\nfrom dagster import asset as dagster_asset, AssetExecutionContext as Ctx\n\n\n"
        "@dagster.op\ndef a(context: dagster.OpExecutionContext) -> None: ...\n\n\n"
        "@dagster_asset\ndef b(context: Ctx) -> None: ...\n"
    )
    [finding] = lint_source(tmp_path, source)

    assert "'context: dagster.OpExecutionContext' of @dagster.op 'a'" in finding.msg
    assert "'context: Ctx' of @dagster_asset 'b'" in finding.msg

"""asset-input-not-produced: asset inputs judged against the project's asset keys, the near
misses it leaves alone, one finding per parameter, the same findings however pylint is run,
and Dagster failing to load what it reports."""

from __future__ import annotations

import importlib.util
import io
import sys

import astroid
import pytest
from commands import PLUGIN, pylint
from linting import FIXTURES, lint
from test_asset_graph import write_project

from pylint_dagster_migration import asset_graph, model
from pylint_dagster_migration.checkers import parameters

SYMBOL = "asset-input-not-produced"
FIXTURE = FIXTURES / SYMBOL

PRODUCERS = '''\
import dagster as dg

crm_accounts = dg.AssetSpec("crm_accounts", description="Loaded by Fivetran")


@dg.asset(key_prefix=["raw"])
def orders() -> list[dict]:
    return []


@dg.asset
def start_blocks() -> list[int]:
    return [1]
'''

PRODUCERS_DEFINITIONS = '''\
import dagster as dg

from ingest import assets

defs = dg.Definitions(assets=dg.load_assets_from_modules([assets]))
'''

CONSUMERS = '''\
import dagster as dg


@dg.asset
def block_report(start_block, orders, crm_accounts) -> None: ...


@dg.asset(ins={"rows": dg.AssetIn(key=["raw", "ordres"])})
def order_count(rows) -> None: ...


@dg.asset
def revenue(orders, payments) -> None: ...
'''

CONSUMERS_DEFINITIONS = '''\
import dagster as dg

defs = dg.Definitions(assets=dg.load_assets_from_package_name("analytics"))
'''

CONSUMERS_FILE = "analytics/analytics/assets.py"
# (line, column, end line, end column, key)
EXPECTED = [
    (5, 17, 5, 28, "start_block"),
    (8, 38, 8, 55, "raw/ordres"),
    (13, 20, 13, 28, "payments"),
]


pytestmark = pytest.mark.usefixtures("fresh_project_index")


@pytest.fixture(name="repository")
def _repository(tmp_path):
    """Two code locations of one repository: ingest produces, analytics consumes."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return write_project(
        root,
        {
            "ingest/ingest/__init__.py": "",
            "ingest/ingest/assets.py": PRODUCERS,
            "ingest/ingest/definitions.py": PRODUCERS_DEFINITIONS,
            "analytics/analytics/__init__.py": "",
            "analytics/analytics/assets.py": CONSUMERS,
            "analytics/analytics/definitions.py": CONSUMERS_DEFINITIONS,
        },
    )


def _reported(findings):
    return [
        (f.line, f.column, f.end_line, f.end_column, f.msg.split(" names asset key '")[1].split("'")[0])
        for f in findings
        if f.symbol == SYMBOL
    ]


def _lint_consumer(repository, source, *extra):
    path = repository / CONSUMERS_FILE
    path.write_text(source, encoding="utf-8")
    asset_graph.forget_projects()
    return lint([path], *extra)


def test_keys_of_every_code_location_are_known(repository):
    findings = lint([repository / CONSUMERS_FILE])

    assert _reported(findings) == EXPECTED
    assert [f.symbol for f in findings] == [SYMBOL] * 3
    assert findings[0].msg == (
        "Parameter 'start_block' of @dg.asset 'block_report' names asset key 'start_block', "
        "which no module of this project produces (the closest known key is 'start_blocks'), "
        "so the code location fails to load. Rename it to 'start_blocks' or map it with "
        'ins={"start_block": dg.AssetIn("start_blocks")}; if it is produced elsewhere, declare '
        'dg.AssetSpec("start_block"); if it is a resource, annotate it with its resource class'
    )
    assert findings[1].msg == (
        "The AssetIn of parameter 'rows' of @dg.asset 'order_count' names asset key "
        "'raw/ordres', which no module of this project produces (the closest known key is "
        "'raw/orders'), so the code location fails to load. Correct the key to "
        'dg.AssetKey(["raw", "orders"]); if it is produced elsewhere, declare '
        'dg.AssetSpec(dg.AssetKey(["raw", "ordres"]))'
    )
    assert "Name it after its upstream asset or map it with " in findings[2].msg


def test_the_external_keys_option_counts_as_known(repository):
    findings = lint(
        [repository / CONSUMERS_FILE], "--dagster-external-asset-keys=payments,raw/ordres"
    )

    assert _reported(findings) == EXPECTED[:1]


def test_with_unlisted_producers_only_typos_are_reported(repository):
    write_project(
        repository,
        {
            "ingest/ingest/dbt.py": "from dagster_dbt import dbt_assets\n\n\n"
            "@dbt_assets(manifest='target/manifest.json')\ndef models(context, dbt): ...\n"
        },
    )

    # 'payments' may be a dbt model; 'start_block' and 'raw/ordres' are near misses of keys.
    assert _reported(lint([repository / CONSUMERS_FILE])) == EXPECTED[:2]


def test_a_module_no_code_location_loads_is_not_judged(repository):
    # A library, or a module not yet registered: no code location fails to load.
    (repository / "analytics/analytics/definitions.py").unlink()

    assert _reported(lint([repository / CONSUMERS_FILE])) == []


def test_tests_of_the_project_are_not_judged(repository):
    write_project(repository, {"analytics/analytics_tests/test_assets.py": CONSUMERS})

    assert lint([repository / "analytics/analytics_tests/test_assets.py"]) == []


def test_an_unsaved_new_file_is_not_judged(repository, monkeypatch):
    # An editor's buffer of a file not yet on disk: no project to place it in.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CONSUMERS.encode())))

    findings = lint(["--from-stdin", repository / "analytics/analytics/new.py"])

    assert _reported(findings) == []


NEAR_MISSES = '''\
import dagster as dg
from analytics.resources import ApiClient


class Warehouse(dg.ConfigurableResource):
    url: str


class Settings(dg.Config):
    limit: int = 1


@dg.asset
def not_inputs(
    context: dg.AssetExecutionContext,
    config: Settings,
    warehouse: Warehouse,
    client: ApiClient,
    text_annotated: "Unknown",
    *,
    keyword_only: int = 1,
    **kwargs,
) -> None: ...


@dg.asset
def positional_only(unmapped, /) -> None: ...


@dg.asset
def underscore(_, orders, crm_accounts) -> None: ...


@dg.asset(ins={"rows": dg.AssetIn("start_blocks"), "orders": dg.AssetIn(key_prefix="raw", key=None)})
def mapped(rows, orders) -> None: ...


@dg.asset(ins={"orders": dg.AssetIn(key_prefix=["raw"]), "crm_accounts": dg.AssetIn()})
def prefixed(orders, crm_accounts) -> None: ...


@dg.asset(
    ins={
        "marker": dg.AssetIn("not_a_key", dagster_type=dg.Nothing),
        "orders": dg.AssetIn(None, None, "raw"),
        KEY: dg.AssetIn("not_a_key"),
    }
)
def ordering_only(orders) -> None: ...


INS = {"data": dg.AssetIn("anything")}
NAMED_KEY = ["raw", "orders"]


@dg.asset(ins=INS)
def ins_elsewhere(data) -> None: ...


@dg.asset(ins={"other": dg.AssetIn(NAMED_KEY), "third": dg.AssetIn(key=f"{NAMED_KEY}"), **INS})
def ins_named(data, other, third) -> None: ...


@dg.asset(ins={"other": dg.AssetIn(NAMED_KEY), "third": dg.AssetIn(key=f"{NAMED_KEY}")})
def ins_literal(other, third) -> None: ...


@dg.asset(ins={"data": dg.AssetIn(key="a/b"), "more": dg.In(), "extra": dg.AssetIn(**{})})
def ins_invalid(data, more, extra) -> None: ...


@dg.asset(ins={"data": dg.AssetIn(key_prefix=PREFIX)})
def ins_computed_prefix(data) -> None: ...


def options():
    return {}


@dg.asset(**options())
def expanded(anything) -> None: ...


@dg.asset_check(asset="start_blocks")
def check_blocks(blocks) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=bool(blocks))


@dg.observable_source_asset
def observed(unused) -> dg.DataVersion:
    return dg.DataVersion("1")


@dg.op
def op_input(anything):
    return anything


def plain(anything):
    return anything
'''


def test_near_misses(repository):
    findings = _lint_consumer(repository, NEAR_MISSES)

    assert [f for f in findings if f.symbol == SYMBOL] == []


ONE_FINDING_PER_PARAMETER = '''\
import dagster as dg


@dg.asset(deps=["start_blocks"])
def with_deps(data) -> None: ...


@dg.asset
def with_airflow_names(ds, ti) -> None: ...


@dg.asset(deps=["vendor_feed"])
def named_in_deps(vendor_feed) -> None: ...


@dg.graph_asset
def graph_with_airflow_name(ds):
    return ds


@dg.graph_multi_asset(outs={"first": dg.AssetOut()})
def graph_multi(start_blocks, start_blocs):
    return {"first": start_blocks}
'''


def test_one_finding_per_parameter(repository):
    findings = _lint_consumer(repository, ONE_FINDING_PER_PARAMETER)

    assert [(f.line, f.symbol) for f in findings] == [
        (5, "deps-value-expected"),
        (9, "airflow-context-parameter"),
        (9, "airflow-context-parameter"),
        # deps-value-expected leaves a parameter deps names to the asset graph: the deps entry
        # is an unknown dependency, and the parameter an input nothing produces.
        (12, "unknown-asset-dependency"),
        (13, SYMBOL),
        # airflow-context-parameter judges compute assets only.
        (17, SYMBOL),
        (22, SYMBOL),
    ]


def test_a_sibling_module_and_an_async_asset(repository):
    write_project(
        repository,
        {"analytics/analytics/staging.py": "import dagster as dg\n\n\n@dg.asset\ndef stg_orders(): ...\n"},
    )
    source = (
        "from dagster import asset\n\n\n@asset\nasync def report(stg_orders, stg_order):\n"
        "    return stg_orders\n"
    )

    findings = _lint_consumer(repository, source)

    assert _reported(findings) == [(5, 29, 5, 38, "stg_order")]
    assert "Rename it to 'stg_orders' or map it with ins={\"stg_order\": AssetIn(\"stg_orders\")}" in findings[0].msg


def test_a_multi_segment_suggestion_is_mapped_not_renamed(repository):
    source = "import dagster as dg\n\n\n@dg.asset(key_prefix='raw')\ndef report(raw_orders): ...\n"
    findings = _lint_consumer(repository, source)

    assert _reported(findings) == [(5, 11, 5, 21, "raw_orders")]
    assert "Name it after its upstream asset or map it with ins={\"raw_orders\": dg.AssetIn(" in findings[0].msg


def test_the_shared_rule_knows_airflow_s_template_names():
    assert model.AIRFLOW_TEMPLATE_PARAMETERS == frozenset(parameters.AIRFLOW_CONTEXT_PARAMETERS)


def test_the_parameter_annotation_of_a_non_parameter_is_none():
    assert model.parameter_annotation(astroid.extract_node("x = 1").targets[0]) is None


# However pylint is run -----------------------------------------------------------------------

ONLY_OURS = (PLUGIN, "--disable=all", f"--enable={SYMBOL}", "--score=n")
FORMAT = "--msg-template={path}:{line}:{column}:{end_line}:{end_column}:{symbol}"
RUN_EXPECTED = sorted(f"{CONSUMERS_FILE}:{line}:{column}:{end_line}:{end_column}:{SYMBOL}" for line, column, end_line, end_column, _ in EXPECTED)


def _findings(result):
    return sorted(line for line in result.stdout.splitlines() if line.endswith(SYMBOL))


def test_a_full_run(repository):
    result = pylint(*ONLY_OURS, FORMAT, "ingest/ingest", "analytics/analytics", cwd=repository)
    assert _findings(result) == RUN_EXPECTED


def test_two_jobs(repository):
    result = pylint(*ONLY_OURS, FORMAT, "-j", "2", "ingest/ingest", "analytics/analytics", cwd=repository)
    assert _findings(result) == RUN_EXPECTED


def test_one_file_as_pre_commit_passes_it(repository):
    result = pylint(*ONLY_OURS, FORMAT, CONSUMERS_FILE, cwd=repository)
    assert _findings(result) == RUN_EXPECTED


def test_an_editor_buffer_on_stdin_replaces_the_file(repository):
    edited = CONSUMERS + '\n\npayments = dg.AssetSpec("payments")\n'

    saved = pylint(*ONLY_OURS, FORMAT, "--from-stdin", CONSUMERS_FILE, cwd=repository, stdin=CONSUMERS)
    unsaved = pylint(*ONLY_OURS, FORMAT, "--from-stdin", CONSUMERS_FILE, cwd=repository, stdin=edited)

    assert _findings(saved) == RUN_EXPECTED
    assert _findings(unsaved) == [line for line in RUN_EXPECTED if ":13:20:" not in line]


# What Dagster does ---------------------------------------------------------------------------


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("asset", "key"),
    [
        ("block_report", '["start_block"]'),
        ("fuel_cost", '["warehouse"]'),
        ("trip_counts", '["raw", "trip"]'),
        ("weekly_distance", '["daily_trips"]'),
        ("fleet_stats", '["drivers"]'),
    ],
)
def test_dagster_fails_to_load_each_reported_asset(asset, key):
    dg = pytest.importorskip("dagster")
    sys.path[:0] = [str(FIXTURE), str(FIXTURE / "fleet")]
    try:
        bad = _load(FIXTURE / "bad.py", "fixture_asset_input_not_produced_bad")
        pricing = _load(FIXTURE / "pricing.py", "fixture_asset_input_not_produced_pricing")
        fleet = _load(FIXTURE / "fleet/fleet/assets.py", "fixture_asset_input_not_produced_fleet")
    finally:
        del sys.path[:2]
    # Every producer of the project in one code location, with the reported asset.
    defs = dg.Definitions(
        assets=[bad.trips, bad.start_blocks, pricing.fuel_prices, fleet.vehicles, getattr(bad, asset)],
        resources={"warehouse": bad.WarehouseResource(url="duckdb:///fleet.db")},
    )

    with pytest.raises(dg.DagsterInvalidDefinitionError) as raised:
        dg.Definitions.validate_loadable(defs)

    assert str(raised.value).startswith(
        f'Input asset "{key}" is not produced by any of the provided asset ops and is not one of '
        "the provided sources."
    )
    # The near misses of the same module load with the same producers.
    near_misses = dg.Definitions(
        assets=[bad.trips, bad.start_blocks, pricing.fuel_prices, bad.trip_history],
        resources={"warehouse": bad.WarehouseResource(url="duckdb:///fleet.db")},
    )
    dg.Definitions.validate_loadable(near_misses)
